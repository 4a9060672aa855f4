"""The secrets pack plugged in through the adapter (skipped until that pack exists)."""

from __future__ import annotations

import pytest
from aura_agentic.engine import audit_diff, render
from aura_agentic.engine.registry import builtin_rules
from aura_agentic.engine.selftest import new_file_diff

secrets = pytest.importorskip("aura_agentic.rules.secrets")
if not hasattr(secrets, "scan_secrets"):
    pytest.skip("secrets pack not complete yet", allow_module_level=True)

AWS_ID = "AKIA" + "Z7QW3XK5M2TB4NVA"  # split so this test file itself is not a finding


def test_secret_rules_are_registered_with_lessons():
    ids = {r.id for r in builtin_rules() if r.pack == "secrets"}
    assert ids and all(i.startswith("secrets/") for i in ids)


def test_secret_finding_is_redacted_everywhere():
    text = f'AWS_ACCESS_KEY_ID = "{AWS_ID}"\n'
    report = audit_diff(new_file_diff("src/app/settings.py", text))
    secret_findings = [f for f in report.findings if f.category == "secret"]
    assert secret_findings
    for fmt in ("json", "sarif", "text"):
        assert AWS_ID not in render(report, fmt)
    assert "…[redacted]" in secret_findings[0].snippet
