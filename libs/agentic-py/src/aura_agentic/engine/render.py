"""One entry point for every output format."""

from __future__ import annotations

import json

from aura_agentic.engine.model import AuditReport


def render(report: AuditReport, fmt: str, *, fail_on: str = "error", color: bool = False) -> str:
    """Render `report` as "text" (human), "json" (findings JSON v1) or "sarif" (2.1.0).

    Snippets are redacted when findings are built, so every format is safe to share.
    Colour applies to text only and only when asked for.
    """
    if fmt == "json":
        return json.dumps(report.to_dict(fail_on), indent=2, ensure_ascii=False) + "\n"
    if fmt == "sarif":
        from aura_agentic.engine.render_sarif import render_sarif

        return render_sarif(report)
    if fmt == "text":
        from aura_agentic.engine.render_text import render_text

        return render_text(report, fail_on=fail_on, color=color)
    raise ValueError(f"unknown format {fmt!r} (use text, json or sarif)")
