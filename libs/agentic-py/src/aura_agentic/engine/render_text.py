"""Human-readable report: findings grouped by file, one summary line, colour on request."""

from __future__ import annotations

from itertools import groupby

from aura_agentic.engine.model import AuditReport

_COLOURS = {"error": "31", "warning": "33", "info": "36", "dim": "2", "bold": "1", "ok": "32"}


def _paint(text: str, style: str, color: bool) -> str:
    return f"\x1b[{_COLOURS[style]}m{text}\x1b[0m" if color else text


def render_text(report: AuditReport, *, fail_on: str = "error", color: bool = False) -> str:
    """Render `report` for a terminal: per file, each finding's place, rule, message, fix,
    snippet and `aura learn` hint; then suppression problems, diff errors, and a summary."""
    out: list[str] = []
    for path, group in groupby(report.findings, key=lambda f: f.path):
        out.append(_paint(path, "bold", color))
        for f in group:
            sev = _paint(f"{f.severity:<7}", f.severity, color)
            out.append(f"  {f.line}:{f.column}  {sev}  {f.rule_id}  {f.message}")
            if f.snippet:
                out.append("      " + _paint(f.snippet, "dim", color))
            if f.fix:
                out.append(f"      fix: {f.fix}")
            if f.lesson_id:
                out.append(f"      learn: aura learn {f.lesson_id}")
        out.append("")
    if report.suppression_problems:
        out.append(_paint("suppression problems", "bold", color))
        for p in report.suppression_problems:
            where = f"{p.path}:{p.line}" if p.line is not None else p.path
            out.append(f"  {where}  {p.kind}  {p.message}")
        out.append("")
    if report.errors:
        out.append(_paint("diff problems", "bold", color))
        out.extend(f"  {e}" for e in report.errors)
        out.append("")
    out.append(_summary(report, fail_on, color))
    return "\n".join(out) + "\n"


def _summary(report: AuditReport, fail_on: str, color: bool) -> str:
    counts = {s: sum(1 for f in report.findings if f.severity == s) for s in _COLOURS}
    parts = [
        f"{counts[s]} {s}{'s' if counts[s] != 1 else ''}" for s in ("error", "warning", "info")
    ]
    files = len({f.path for f in report.findings})
    n = len(report.findings)
    status = report.status(fail_on)
    mark = _paint("✖ fail", "error", color) if status == "fail" else _paint("✔ pass", "ok", color)
    return (
        f"{mark}: {n} finding{'s' if n != 1 else ''} ({', '.join(parts)}) in {files} "
        f"file{'s' if files != 1 else ''}, {report.suppressed} suppressed, "
        f"{report.stats.get('added_lines', 0)} added lines audited "
        f"in {report.stats.get('duration_ms', 0)} ms"
    )
