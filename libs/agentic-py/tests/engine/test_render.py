"""Findings JSON v1, SARIF 2.1.0 (schema-validated) and the human text format."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from aura_agentic.engine import audit_diff, render
from aura_agentic.engine.model import AuditReport, Finding, SuppressionProblem
from aura_agentic.engine.runner import make_snippet
from aura_agentic.engine.selftest import new_file_diff

SCHEMA = json.loads((Path(__file__).parent.parent / "data" / "sarif-schema-2.1.0.json").read_text())
FINDING_KEYS = {
    "rule_id",
    "category",
    "severity",
    "path",
    "line",
    "end_line",
    "column",
    "message",
    "fix",
    "lesson_id",
    "fingerprint",
    "snippet",
}


def sample() -> AuditReport:
    text = "import pdb\ndef f():\n    print(1)\n    pdb.set_trace()\n"
    report = audit_diff(new_file_diff("src/app/my file ü.py", text))
    report.suppression_problems.append(
        SuppressionProblem("unused", "src/app/x.py", 3, "python/debugger", "matches no finding")
    )
    return report


def test_json_has_exactly_the_contract_keys():
    doc = json.loads(render(sample(), "json"))
    assert set(doc) == {"version", "status", "findings", "suppressed", "stats"}
    assert doc["version"] == 1 and doc["status"] == "fail"
    assert set(doc["stats"]) == {"files", "added_lines", "rules", "duration_ms", "suppressions"}
    assert all(set(f) == FINDING_KEYS for f in doc["findings"])
    assert doc["stats"]["files"] == 1 and doc["stats"]["added_lines"] == 4


def test_status_follows_fail_on():
    report = sample()
    assert report.status("error") == "fail"
    warnings_only = audit_diff(new_file_diff("src/a.py", "print(1)\n"))
    assert warnings_only.status("error") == "pass"
    assert warnings_only.status("warning") == "fail"
    assert warnings_only.to_dict("never")["status"] == "pass"


def test_sarif_validates_against_the_official_schema():
    doc = json.loads(render(sample(), "sarif"))
    jsonschema.validate(doc, SCHEMA)
    result = doc["runs"][0]["results"][0]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith(
        "src/app/my%20file"
    )
    empty = json.loads(render(AuditReport(errors=["bad"]), "sarif"))
    jsonschema.validate(empty, SCHEMA)


def test_text_groups_by_file_and_hints_lessons():
    out = render(sample(), "text")
    assert out.startswith("src/app/my file ü.py\n")
    assert "python/debugger" in out and "aura learn debugger-statements" in out
    assert "suppression problems" in out
    assert "\x1b[" not in out and "\x1b[" in render(sample(), "text", color=True)
    assert out.strip().splitlines()[-1].startswith("✖ fail: 2 findings")


def secret_finding(snippet_source: str, secret: str) -> Finding:
    return Finding(
        "secrets/x",
        "secret",
        "error",
        "a.py",
        1,
        1,
        1,
        "m",
        "f",
        "secrets-in-code",
        "sha256:0",
        make_snippet(snippet_source, 1, secret),
    )


def test_secret_snippets_are_masked_in_every_format():
    # aura: allow secrets/aws-access-key reason="a made-up key id that the masking must hide"
    secret = "AKIAIOSFODNN7EXAMPLQ"
    report = AuditReport(findings=[secret_finding(f'KEY = "{secret}"', secret)])
    for fmt in ("json", "sarif", "text"):
        out = render(report, fmt)
        assert secret not in out and "AKIA…[redacted]" in out
