"""Human renderings of findings: terminal text (grouped by file) and a PR-comment Markdown summary.

JSON and SARIF come from the engine so every channel emits the identical documents; these two are
the CLI's own because they carry CLI hints (`aura learn …`).
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from typing import Any, TextIO

_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
_COLORS = {"error": "31", "warning": "33", "info": "36", "dim": "2", "bold": "1", "ok": "32"}
MAX_INLINE = 10


def use_color(stream: TextIO) -> bool:
    """Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _paint(text: str, style: str, color: bool) -> str:
    return f"\033[{_COLORS[style]}m{text}\033[0m" if color else text


def _sorted(findings: list[Any]) -> list[Any]:
    return sorted(findings, key=lambda f: (f.path, f.line or 0, _SEVERITY_ORDER.get(f.severity, 9)))


def summary_line(findings: list[Any], status: str, suppressed: int = 0) -> str:
    """`aura: N findings (1 error, 2 warnings) — blocked` style one-line summary."""
    counts = Counter(f.severity for f in findings)
    parts = [
        f"{counts[s]} {s}{'s' if counts[s] != 1 else ''}" for s in _SEVERITY_ORDER if counts[s]
    ]
    verdict = "blocked" if status == "fail" else "passed"
    files = len({f.path for f in findings})
    head = f"{len(findings)} finding{'s' if len(findings) != 1 else ''}"
    detail = f" ({', '.join(parts)}) in {files} file{'s' if files != 1 else ''}" if parts else ""
    extra = f", {suppressed} suppressed" if suppressed else ""
    return f"aura: {head}{detail}{extra} — {verdict}"


TOP = 5  # rules and folders listed in a summary


def prefix_of(path: str, depth: int = 2) -> str:
    """The folder a finding is counted under: the first `depth` directories of its path."""
    parts = path.split("/")[:-1]
    return "/".join(parts[:depth]) + "/" if parts else "(top level)"


def summary(findings: list[Any], *, title: str) -> str:
    """A short account of many findings: the rules and the folders with the most of them."""
    rules = Counter(f.rule_id for f in findings).most_common()
    folders = Counter(prefix_of(str(f.path)) for f in findings).most_common()
    lines = [f"{title}:"]
    for label, counted in (("by rule", rules), ("by folder", folders)):
        shown = ", ".join(f"{name} {n}" for name, n in counted[:TOP])
        more = f" (and {len(counted) - TOP} more)" if len(counted) > TOP else ""
        lines.append(f"  {label:<10} {shown}{more}")
    return "\n".join(lines)


def problem_sentence(problem: Any) -> str:
    """A suppression problem as `path:line: The sentence.` (never a Python repr)."""
    where = str(getattr(problem, "path", "") or "")
    line = getattr(problem, "line", None)
    if where and line:
        where = f"{where}:{line}"
    message = str(getattr(problem, "message", "") or problem).strip()
    message = message[:1].upper() + message[1:]
    if not message.endswith((".", "!", "?")):
        message += "."
    return f"{where}: {message}" if where else message


def text(report: Any, status: str, color: bool) -> str:
    """Findings grouped by file with rule id, message, fix and a lesson hint, then a summary."""
    lines: list[str] = []
    current = None
    for f in _sorted(list(report.findings)):
        if f.path != current:
            if current is not None:
                lines.append("")
            lines.append(_paint(str(f.path), "bold", color))
            current = f.path
        where = f"{f.line}:{f.column}" if getattr(f, "column", None) else f"{f.line}"
        sev = _paint(f"{f.severity:<7}", f.severity if f.severity in _COLORS else "dim", color)
        lines.append(f"  {where:>7}  {sev} {f.rule_id}  {f.message}")
        if f.fix:
            lines.append(f"           {_paint('fix:', 'dim', color)} {f.fix}")
        if f.lesson_id:
            lines.append(f"           {_paint('learn:', 'dim', color)} aura learn {f.lesson_id}")
    for problem in getattr(report, "suppression_problems", None) or []:
        lines.append(_paint(f"note: {problem_sentence(problem)}", "dim", color))
    for err in getattr(report, "errors", None) or []:
        lines.append(_paint(f"warning: {err}", "warning", color))
    if lines:
        lines.append("")
    verdict_style = "error" if status == "fail" else "ok"
    suppressed = int(getattr(report, "suppressed", 0) or 0)
    lines.append(
        _paint(summary_line(list(report.findings), status, suppressed), verdict_style, color)
    )
    return "\n".join(lines) + "\n"


MAX_SNIPPET = 120  # characters of a finding's (redacted) line in a PR comment


def source_link(path: str, line: int, commit: str | None) -> str | None:
    """A link to the line on the code host, when the CI says where the repository lives.

    GitHub Actions (GITHUB_SERVER_URL, GITHUB_REPOSITORY) and GitLab CI (CI_PROJECT_URL) are
    read; `commit` is the audited commit (falls back to the CI's own sha variable).
    """
    from urllib.parse import quote

    env = os.environ
    quoted = quote(path)
    if env.get("GITHUB_REPOSITORY"):
        sha = commit or env.get("GITHUB_SHA")
        server = env.get("GITHUB_SERVER_URL", "https://github.com").rstrip("/")
        if sha:
            return f"{server}/{env['GITHUB_REPOSITORY']}/blob/{sha}/{quoted}#L{line}"
    if env.get("CI_PROJECT_URL"):
        sha = commit or env.get("CI_COMMIT_SHA")
        if sha:
            return f"{env['CI_PROJECT_URL'].rstrip('/')}/-/blob/{sha}/{quoted}#L{line}"
    return None


def _code(text: str) -> str:
    """Inline Markdown code that survives backticks in the text (cut to MAX_SNIPPET)."""
    text = " ".join(text.split())
    if len(text) > MAX_SNIPPET:
        text = text[: MAX_SNIPPET - 1] + "…"
    fence = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _markdown_item(f: Any, commit: str | None, lesson_url: str | None) -> list[str]:
    """One finding of a PR comment: where (linked), rule and message, its line, its lesson."""
    message = str(f.message).replace("|", "\\|").replace("\n", " ")
    where = f"`{f.path}:{f.line}`"
    link = source_link(str(f.path), int(f.line or 1), commit)
    if link:
        where = f"[{where}]({link})"
    sev = f.severity.upper() if f.severity == "error" else f.severity
    out = [f"- **{sev}** {where} `{f.rule_id}`: {message}"]
    snippet = str(getattr(f, "snippet", "") or "").strip()
    if snippet:
        out.append(f"  {_code(snippet)}")
    if f.lesson_id:
        hint = f"`aura learn {f.lesson_id}`"
        if lesson_url:
            url = lesson_url.replace("{lesson_id}", str(f.lesson_id))
            hint = f"[lesson: {f.lesson_id}]({url}) · {hint}"
        out.append(f"  {hint}")
    return out


def markdown(
    report: Any,
    status: str,
    *,
    base: str,
    lesson_url: str | None = None,
    commit: str | None = None,
) -> str:
    """A PR-comment summary: status, counts by severity, then up to MAX_INLINE findings, each
    with a link to its line (in GitHub Actions or GitLab CI), its redacted line and its lesson;
    the rest is counted. `lesson_url` is a template with `{lesson_id}`."""
    findings = sorted(
        report.findings, key=lambda f: (_SEVERITY_ORDER.get(f.severity, 9), f.path, f.line or 0)
    )
    counts = Counter(f.severity for f in findings)
    icon = "❌" if status == "fail" else "✅"
    verdict = "changes need attention" if status == "fail" else "no blocking findings"
    out = [f"## {icon} Aura review: {verdict}", ""]
    out.append(f"Audited the changes since `{base}`: **{len(findings)}** finding(s).")
    out.append("")
    out.append("| severity | count |")
    out.append("|---|---:|")
    for sev in _SEVERITY_ORDER:
        out.append(f"| {sev} | {counts.get(sev, 0)} |")
    suppressed = int(getattr(report, "suppressed", 0) or 0)
    if suppressed:
        out.append(f"| suppressed | {suppressed} |")
    if findings:
        out.append("")
    for f in findings[:MAX_INLINE]:
        out.extend(_markdown_item(f, commit, lesson_url))
    if len(findings) > MAX_INLINE:
        out.append(f"- …and {len(findings) - MAX_INLINE} more")
    out.append("")
    out.append(f"<sub>Run `aura audit --range {base}..HEAD` locally to reproduce.</sub>")
    return "\n".join(out) + "\n"


FOLD_RULES = 4  # rule ids shown before the rest is folded into a count


def lesson_text(lesson: Any, color: bool | None = None, rule_id: str | None = None) -> str:
    """A lesson as terminal text: the title once, the rules it teaches (folded when many),
    then the Markdown body with Mermaid blocks labelled.

    `rule_id` (the rule that was asked about) is listed first so it is never folded away.
    """
    if color is None:
        color = use_color(sys.stdout)
    out = [_paint(f"{lesson.title}", "bold", color), _paint(f"lesson: {lesson.id}", "dim", color)]
    rules = list(getattr(lesson, "rules", None) or [])
    if rule_id in rules:
        rules.remove(rule_id)
        rules.insert(0, rule_id)
    if rules:
        shown = ", ".join(rules[:FOLD_RULES])
        rest = len(rules) - FOLD_RULES
        if rest > 0:
            shown += f" and {rest} more (aura rules list)"
        out.append(_paint(f"rules: {shown}", "dim", color))
    out.append("")
    in_mermaid = False
    title_seen = False
    for line in str(lesson.body).splitlines():
        stripped = line.strip()
        if stripped.startswith("```mermaid"):
            in_mermaid = True
            out.append(_paint("[diagram (Mermaid) — shown as source]", "dim", color))
            continue
        if in_mermaid and stripped.startswith("```"):
            in_mermaid = False
            continue
        if stripped.startswith("#") and not in_mermaid:
            heading = stripped.lstrip("#").strip()
            if not title_seen and heading == str(lesson.title).strip():
                title_seen = True  # the body repeats the title already printed above
                continue
            out.append(_paint(heading, "bold", color))
        else:
            out.append(("    " + line) if in_mermaid else line)
    while len(out) > 1 and out[-1].strip() == "":
        out.pop()
    text = "\n".join(out)
    return text.replace("\n\n\n", "\n\n") + "\n"
