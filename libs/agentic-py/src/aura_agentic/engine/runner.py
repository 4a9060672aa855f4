"""The audit runner: diff in, findings out, with suppressions, baseline and redaction."""

from __future__ import annotations

import datetime as dt
import gc
import importlib
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from aura_agentic.engine.allow_markers import apply_markers
from aura_agentic.engine.baseline import load_baseline, stale_entries
from aura_agentic.engine.config import EngineConfig
from aura_agentic.engine.config_load import load_config
from aura_agentic.engine.context import FileContext, Segment, segments_from_lines
from aura_agentic.engine.diff import FileDiff, parse_diff
from aura_agentic.engine.fanout import job_count, run_shares
from aura_agentic.engine.fingerprint import fingerprint
from aura_agentic.engine.model import (
    SEVERITY_RANK,
    AuditReport,
    Finding,
    Hit,
    Suppression,
    SuppressionProblem,
)
from aura_agentic.engine.paths import language_matches, language_of, matches_any
from aura_agentic.engine.registry import ActiveRule, load_problems, resolve_rules
from aura_agentic.engine.suppressions import apply_inline, parse_inline, problems_for
from aura_agentic.engine.wide_text import read_wide_text
from aura_agentic.rules.secrets_adapter import file_secret_hits

_MAX_CONTEXT_FILE_BYTES = 2_000_000
_SNIPPET_WIDTH = 200


def audit_diff(
    diff: bytes | str,
    config: EngineConfig | None = None,
    *,
    repo_root: Path | None = None,
    today: dt.date | None = None,
    jobs: int | None = None,
) -> AuditReport:
    """Audit the added lines of a unified diff and return an `AuditReport`.

    `config` defaults to `load_config(repo_root)`. With `repo_root`, files are read from the
    working tree (when they agree with the diff) so rules see whole functions and blocks,
    and the baseline at `.aura/baseline.json` is applied. Never raises on bad diff input:
    problems land in `report.errors`. `today` exists so tests can pin suppression expiry.
    `jobs` sets how many processes audit a large diff (default: by its size, the CPUs and
    `AURA_JOBS`; see `fanout`); the report is the same whatever it is.
    """
    started = time.perf_counter()
    if config is None:
        config = load_config(repo_root)
    root = Path(repo_root) if repo_root is not None else config.repo_root
    parsed = parse_diff(diff)
    rules = [r for r in resolve_rules(config) if r.enabled]
    report = AuditReport(errors=[*load_problems(), *parsed.errors])
    touched = {f.path: f.status == "deleted" for f in parsed.files}
    if root is not None:
        for f in parsed.files:
            if f.binary:
                read_wide_text(f, root)
    auditable = [f for f in parsed.files if f.auditable]
    files = [f for f in auditable if _in_scope(f.path, config)]
    audit = _FileAudit(files, rules, root, today or dt.date.today())
    weights = [len(f.added) for f in files]
    with _collector_paused():
        results = run_shares(weights, audit.run, job_count(sum(weights), jobs))
    for result in results:
        report.findings.extend(result.findings)
        report.suppressed += result.suppressed
        report.suppressions.extend(result.suppressions)
        report.suppression_problems.extend(result.problems)
        report.errors.extend(result.errors)
    _apply_baseline(report, config, root, touched)
    report.findings.sort(key=lambda x: (x.path, x.line, x.column, x.rule_id))
    report.stats = {
        "files": len(parsed.files),
        "added_lines": sum(len(f.added) for f in auditable),
        "rules": len(rules),
        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
    }
    return report


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while rules run. An audit allocates millions of
    short-lived, acyclic objects (freed by reference counting); each collection it triggers
    would walk the caller's whole heap for nothing (~10-25% of a large audit's time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _in_scope(path: str, config: EngineConfig) -> bool:
    if config.include and not matches_any(path, config.include):
        return False
    return not (config.exclude and matches_any(path, config.exclude))


@dataclass(slots=True)
class _FileResult:
    findings: list[Finding]
    suppressed: int
    problems: list[SuppressionProblem]
    errors: list[str]
    suppressions: list[Suppression]


@dataclass(slots=True)
class _FileAudit:
    """Audits files of one diff by index: what each (possibly forked) worker runs."""

    files: list[FileDiff]
    rules: list[ActiveRule]
    root: Path | None
    today: dt.date

    def run(self, indexes: list[int]) -> list[_FileResult]:
        redact = _redactor()
        return [self.one(self.files[i], redact) for i in indexes]

    def one(self, f: FileDiff, redact: Callable[[str], str]) -> _FileResult:
        ctx = _context(f, self.root)
        errors: list[str] = []
        findings = _run_rules(ctx, self.rules, errors, redact)
        sups = parse_inline(ctx)
        kept, count = apply_inline(ctx, findings, sups, self.today)
        done = [_suppression(f, "aura:allow") for f in _missing(findings, kept)] if count else []
        kept, allowed = apply_markers(ctx, kept)
        done += [_suppression(f, marker) for f, marker in allowed]
        problems = problems_for(sups, self.today)
        return _FileResult(kept, count + len(allowed), problems, errors, done)


def _missing(before: list[Finding], after: list[Finding]) -> list[Finding]:
    left = {id(f) for f in after}
    return [f for f in before if id(f) not in left]


def _suppression(finding: Finding, kind: str) -> Suppression:
    return Suppression(finding.rule_id, finding.path, finding.line, kind)


def _apply_baseline(
    report: AuditReport, config: EngineConfig, root: Path | None, touched: dict[str, bool]
) -> None:
    if config.baseline_path is None:
        return
    entries, errors = load_baseline(config.baseline_path)
    report.errors.extend(errors)
    if not entries:
        return
    used: set[str] = set()
    kept: list[Finding] = []
    for f in report.findings:
        if f.fingerprint in entries:
            used.add(f.fingerprint)
            report.baselined.append(f)
            report.suppressed += 1
            report.suppressions.append(_suppression(f, "baseline"))
        else:
            kept.append(f)
    report.findings = kept
    report.suppression_problems.extend(stale_entries(entries, used, touched, root))


def _context(f: FileDiff, root: Path | None) -> FileContext:
    """Build what rules see: the hunks' lines, or the whole working-tree file when it agrees."""
    path = f.path
    if root is not None:
        whole = _read_matching(root / path, f)
        if whole is not None:
            first = whole.get(1)
            segs = [Segment(1, len(whole))] if whole else []
            return FileContext(
                path, language_of(path, first), whole, sorted(f.added), segs, True, repo_root=root
            )
    lines = dict(f.context)
    lines.update(f.added)
    headers = {h.new_start: h.header for h in f.hunks}
    segs = segments_from_lines(lines, headers)
    language = language_of(path, lines.get(1))
    return FileContext(path, language, lines, sorted(f.added), segs, repo_root=root)


def _read_matching(file: Path, f: FileDiff) -> dict[int, str] | None:
    try:
        if not file.is_file() or file.stat().st_size > _MAX_CONTEXT_FILE_BYTES:
            return None
        raw = file.read_bytes()
    except OSError:
        return None
    text = raw.decode("utf-8", "replace")
    parts = text.split("\n")
    if parts and parts[-1] == "":
        parts.pop()
    whole = {i + 1: (p[:-1] if p.endswith("\r") else p) for i, p in enumerate(parts)}
    # The working tree may hold unstaged edits; only trust it when it shows the same lines.
    for number, content in f.added.items():
        if whole.get(number) != content:
            return None
    return whole


def _applies(rule: ActiveRule, ctx: FileContext) -> bool:
    if not language_matches(ctx.language, rule.spec.languages):
        return False
    if rule.include and not matches_any(ctx.path, rule.include):
        return False
    return not (rule.exclude and matches_any(ctx.path, rule.exclude))


def _run_rules(
    ctx: FileContext,
    rules: list[ActiveRule],
    errors: list[str],
    redact: Callable[[str], str],
) -> list[Finding]:
    findings: list[Finding] = []
    # One finding per rule and line (the leftmost): a second print or token on the same line
    # adds nothing the first does not say (the fingerprint is the line's, the snippet redacts
    # every secret on it), and a minified line with thousands of matches stays one finding.
    seen: set[tuple[str, int]] = set()
    for rule in rules:
        if rule.spec.matcher is None or not _applies(rule, ctx):
            continue
        try:
            hits = rule.spec.matcher(ctx, rule.options)
        except Exception as exc:  # a broken rule must not take the whole audit down
            errors.append(f"{ctx.path}: rule {rule.spec.id} failed: {type(exc).__name__}: {exc}")
            continue
        for hit in sorted(hits, key=lambda h: (h.line, h.column)):
            key = (rule.spec.id, hit.line)
            if hit.line not in ctx.lines or key in seen:
                continue
            seen.add(key)
            findings.append(_finding(rule, ctx, hit, redact))
    return findings


def _finding(rule: ActiveRule, ctx: FileContext, hit: Hit, redact: Callable[[str], str]) -> Finding:
    spec = rule.spec
    raw = ctx.text(hit.line)
    secrets = [hit.secret] if hit.secret else []
    scanned = file_secret_hits(ctx) if hit.line in ctx.added_set else None
    if scanned is not None:
        # One secrets scan per file (shared with the secret rules) masks every secret on
        # an added line: far cheaper than re-scanning each snippet through `redact`.
        secrets += [str(s.secret) for s in scanned if s.line == hit.line and s.secret]
        redact = _identity
    severity = rule.severity
    if hit.severity is not None and SEVERITY_RANK[hit.severity] < SEVERITY_RANK[severity]:
        severity = hit.severity
    return Finding(
        rule_id=spec.id,
        category=spec.category,
        severity=severity,
        path=ctx.path,
        line=hit.line,
        end_line=hit.end_line if hit.end_line is not None else hit.line,
        column=max(1, hit.column),
        message=f"{spec.message} ({hit.note})" if hit.note else spec.message,
        fix=spec.fix,
        lesson_id=spec.lesson_id,
        fingerprint=fingerprint(spec.id, ctx.path, raw),
        snippet=make_snippet(raw, hit.column, secrets, redact),
    )


def mask_secret(secret: str) -> str:
    """The redacted form of a secret: its first 4 characters, then `…[redacted]`."""
    return secret[:4] + "…[redacted]"


def make_snippet(
    raw: str,
    column: int,
    secrets: str | list[str] | None,
    redact: Callable[[str], str] | None = None,
) -> str:
    """A short, single-line, redacted excerpt of `raw` around `column`."""
    text = raw
    for secret in [secrets] if isinstance(secrets, str) else secrets or []:
        if secret:
            text = text.replace(secret, mask_secret(secret))
    if redact is not None:
        text = redact(text)
    text = text.strip()
    if len(text) <= _SNIPPET_WIDTH:
        return text
    start = max(0, min(column - 1 - 60, len(text) - _SNIPPET_WIDTH))
    cut = text[start : start + _SNIPPET_WIDTH]
    return ("…" if start > 0 else "") + cut + ("…" if start + _SNIPPET_WIDTH < len(text) else "")


def _redactor() -> Callable[[str], str]:
    """The secrets pack's `redact`, or identity while that pack is not installed."""
    try:
        module = importlib.import_module("aura_agentic.redaction")
    except Exception:  # not installed, or broken (already reported by load_problems)
        return _identity
    redact: Callable[[str], str] = module.redact
    return redact


def _identity(text: str) -> str:
    return text
