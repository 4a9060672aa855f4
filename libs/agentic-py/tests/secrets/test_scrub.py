"""`scrub`: redaction plus a high-entropy sweep, for text a server stores or logs."""

from __future__ import annotations

import random
import string

import pytest
from aura_agentic.redaction import scrub

KEEP = [
    "src/app/handlers/users_api.py",
    "libs/agentic-py/src/aura_agentic/__init__.py",
    "docs/adr/0009-engine-speed-on-large-diffs.md",
    "feature/TEAM-1234-add-login-page",
    "refs/heads/release-2026.11",
    "test_explicit_slug_conflict_is_409_and_derived_slug_is_made_unique",
    "HTTP_304_NOT_MODIFIED KnowledgeVersionNotFound getXMLHttpRequestForUser",
    "550e8400-e29b-41d4-a716-446655440000",
    "sha256:" + "ab12" * 16,
    "commit 0123456789abcdef0123456789abcdef01234567",
    "https://github.com/example-org/example-repo/pull/1234#discussion_r987",
    "NameError: name 'undefined_variable_name' is not defined",
    "secrets/aws-access-key python/debug-print",
    "2026-11-23T10:00:00+00:00",
]


@pytest.mark.parametrize("text", KEEP)
def test_ordinary_text_is_unchanged(text: str) -> None:
    assert scrub(text) == text


def _samples() -> list[str]:
    rnd = random.Random(7)
    alnum = string.ascii_letters + string.digits
    out = ["".join(rnd.choice(alnum) for _ in range(n)) for n in (20, 32, 40) for _ in range(30)]
    urlsafe = alnum + "-_"
    out += ["".join(rnd.choice(urlsafe) for _ in range(n)) for n in (32, 43, 64) for _ in range(30)]
    out += ["".join(rnd.choice("0123456789abcdef") for _ in range(24)) for _ in range(30)]
    return out


def test_generated_tokens_are_masked_wherever_they_sit() -> None:
    for token in _samples():
        for text in (token, f"path/{token}/x.py", f"ref feature/{token}", f"k={token};"):
            assert token not in scrub(text), (token, text)


def test_known_formats_are_redacted_by_the_detectors_first() -> None:
    key = "AKIA" + "Q3EGRWXV7PLM4TZB"
    out = scrub(f'aws_access_key_id = "{key}"')
    assert key not in out and "AKIA…[redacted]" in out


def test_masking_keeps_four_characters() -> None:
    token = "Zq8" + "x9Lm2Pw7Rt4Ks1Nv6Bc3Hd5"
    assert scrub(f"token {token}") == f"token {token[:4]}…[redacted]"
