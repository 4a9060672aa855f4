"""Every rule ships positive and negative examples; run them all through scan_secrets."""

from __future__ import annotations

import pytest
from aura_agentic.rules.secrets import SECRET_RULES, rule_by_id
from aura_agentic.rules.secrets.registry import SELF_TEST_PATH
from helpers import rule_ids


def test_every_rule_has_metadata_and_examples() -> None:
    ids = [rule.id for rule in SECRET_RULES]
    assert len(ids) == len(set(ids))
    for rule in SECRET_RULES:
        assert rule.id.startswith("secrets/")
        assert rule.category == "secret" and rule.severity == "error"
        assert rule.lesson_id.startswith("secrets-")
        assert rule.title and rule.message and rule.fix
        assert len(rule.positive) >= 2 and len(rule.negative) >= 2
        assert rule_by_id(rule.id) is rule


def test_at_least_sixty_vendor_rules() -> None:
    assert len(SECRET_RULES) >= 100


@pytest.mark.parametrize("rule", SECRET_RULES, ids=lambda r: r.id)
def test_positive_examples_fire(rule: object) -> None:
    assert hasattr(rule, "positive")
    for example in rule.positive:  # type: ignore[attr-defined]
        assert rule.id in rule_ids(example, SELF_TEST_PATH), example  # type: ignore[attr-defined]


@pytest.mark.parametrize("rule", SECRET_RULES, ids=lambda r: r.id)
def test_negative_examples_are_silent(rule: object) -> None:
    for example in rule.negative:  # type: ignore[attr-defined]
        assert rule_ids(example, SELF_TEST_PATH) == set(), example
