"""SARIF 2.1.0 rendering of an audit report (validated against the OASIS schema in tests)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from aura_agentic.engine.model import AuditReport, Finding

SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def sarif_document(report: AuditReport) -> dict[str, Any]:
    """Build the SARIF log as a dict: one run, the rules that fired, one result per finding."""
    rule_index: dict[str, int] = {}
    rules: list[dict[str, Any]] = []
    for f in report.findings:
        if f.rule_id not in rule_index:
            rule_index[f.rule_id] = len(rules)
            rules.append(_rule(f))
    notifications = [
        {
            "level": "warning",
            "message": {"text": p.message},
            "descriptor": {"id": f"suppression/{p.kind}"},
            "locations": [_location(p.path, p.line or 1, p.line or 1, 1, None)],
        }
        for p in report.suppression_problems
    ] + [{"level": "error", "message": {"text": e}} for e in report.errors]
    return {
        "$schema": SARIF_SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "aura",
                        "informationUri": "https://github.com/aura-dev/aura",
                        "semanticVersion": "0.1.0",
                        "rules": rules,
                    }
                },
                "invocations": [
                    {"executionSuccessful": True, "toolExecutionNotifications": notifications}
                ],
                "results": [_result(f, rule_index[f.rule_id]) for f in report.findings],
                "columnKind": "unicodeCodePoints",
            }
        ],
    }


def render_sarif(report: AuditReport) -> str:
    """Return the SARIF 2.1.0 log of `report` as indented JSON text."""
    return json.dumps(sarif_document(report), indent=2, ensure_ascii=False) + "\n"


def _rule(f: Finding) -> dict[str, Any]:
    rule: dict[str, Any] = {
        "id": f.rule_id,
        "shortDescription": {"text": f.message},
        "help": {"text": f.fix or f.message},
        "defaultConfiguration": {"level": _LEVEL[f.severity]},
        "properties": {"category": f.category, "tags": [f.category]},
    }
    if f.lesson_id:
        rule["properties"]["lesson_id"] = f.lesson_id
    return rule


def _location(
    path: str, line: int, end_line: int, column: int, snippet: str | None
) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": line, "endLine": end_line, "startColumn": column}
    if snippet:
        region["snippet"] = {"text": snippet}
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": quote(path, safe="/")},
            "region": region,
        }
    }


def _result(f: Finding, index: int) -> dict[str, Any]:
    message = f.message + (f" Fix: {f.fix}" if f.fix else "")
    return {
        "ruleId": f.rule_id,
        "ruleIndex": index,
        "level": _LEVEL[f.severity],
        "message": {"text": message},
        "locations": [_location(f.path, f.line, f.end_line, f.column, f.snippet)],
        "partialFingerprints": {"auraContent/v1": f.fingerprint},
        "properties": {"category": f.category, "lesson_id": f.lesson_id},
    }
