"""Adapter that turns the secrets pack (`aura_agentic.rules.secrets`) into engine rules.

The secrets pack is developed separately and exposes `scan_secrets(path, lines, added)`
and `SECRET_RULES`. One scan per file is cached on the context and shared by every secret
rule; each rule's matcher keeps only its own hits. Without the pack, no secret rules exist.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, overload

from aura_agentic.engine.context import FileContext
from aura_agentic.engine.model import SEVERITIES, Example, Hit, Matcher, RuleSpec, Severity

_DEFAULT_EXAMPLE_PATH = "src/app/settings.py"
# Why the secrets pack could not be loaded, surfaced in every report's errors.
LOAD_PROBLEMS: list[str] = []
_SCANNER: list[Callable[..., list[Any]]] = []  # the loaded scan_secrets, once found


def _examples(items: Iterable[Any]) -> tuple[Example, ...]:
    out: list[Example] = []
    for item in items or ():
        if isinstance(item, Example):
            out.append(item)
        elif isinstance(item, str):
            out.append(Example(_DEFAULT_EXAMPLE_PATH, item))
        elif isinstance(item, tuple) and len(item) == 2:
            out.append(Example(str(item[0]), str(item[1])))
        elif hasattr(item, "path") and hasattr(item, "text"):
            out.append(Example(str(item.path), str(item.text)))
    return tuple(out)


class _LazyExamples(Sequence[Example]):
    """A rule's examples, converted from the pack's only when first read (self-tests, docs):
    the pack synthesises them on demand, and the hook imports every rule but reads none."""

    def __init__(self, spec: Any, kind: str) -> None:
        self._spec = spec
        self._kind = kind
        self._items: tuple[Example, ...] | None = None

    def _load(self) -> tuple[Example, ...]:
        if self._items is None:
            self._items = _examples(getattr(self._spec, self._kind, ()))
        return self._items

    @overload
    def __getitem__(self, index: int) -> Example: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Example]: ...
    def __getitem__(self, index: int | slice) -> Example | Sequence[Example]:
        return self._load()[index]

    def __len__(self) -> int:
        return len(self._load())


# The severity of a realistic credential in a test or fixture path (ADR 0012); a pack-wide
# or per-rule option in `.aura/rules.yaml` (`packs.secrets.fixture_severity`).
FIXTURE_SEVERITY = "warning"
PACK_OPTIONS: dict[str, Any] = {"fixture_severity": FIXTURE_SEVERITY}
_FIXTURE_NOTE = "in a test or fixture path"


def _scan_once(ctx: FileContext, scan: Callable[..., list[Any]]) -> dict[str, list[Any]]:
    by_rule: dict[str, list[Any]] | None = ctx.cache.get("secret_hits_by_rule")
    if by_rule is None:
        hits = scan(ctx.path, ctx.lines, ctx.added_set)
        ctx.cache["secret_hits"] = hits
        by_rule = {}
        for h in hits:
            by_rule.setdefault(str(h.rule_id), []).append(h)
        ctx.cache["secret_hits_by_rule"] = by_rule
    return by_rule


def _in_fixture(ctx: FileContext) -> bool:
    fixture: bool | None = ctx.cache.get("secret_fixture_path")
    if fixture is None:
        from aura_agentic.rules.secrets.guards import is_fixture_path

        fixture = ctx.cache["secret_fixture_path"] = is_fixture_path(ctx.path)
    return fixture


def _matcher(scan: Callable[..., list[Any]], rule_id: str) -> Matcher:
    def match(ctx: FileContext, options: Mapping[str, Any]) -> list[Hit]:
        found = _scan_once(ctx, scan).get(rule_id)
        if not found:
            return []
        place: Severity | None = None
        if _in_fixture(ctx):
            wanted = str(options.get("fixture_severity", FIXTURE_SEVERITY))
            place = next((s for s in SEVERITIES if s == wanted and s != "error"), None)
        hits: list[Hit] = []
        for h in found:
            public = str(getattr(h, "public", "") or "")
            if public:
                hits.append(Hit(int(h.line), int(h.column), None, str(h.secret), "info", public))
            elif place is not None:
                line, column, secret = int(h.line), int(h.column), str(h.secret)
                hits.append(Hit(line, column, None, secret, place, _FIXTURE_NOTE))
            else:
                hits.append(Hit(int(h.line), int(h.column), None, str(h.secret)))
        return hits

    return match


def file_secret_hits(ctx: FileContext) -> list[Any] | None:
    """The secrets pack's hits on this file's added lines (scanned at most once per file),
    or None when the pack is unavailable. Used to redact snippets of every finding, even
    when the secret rules themselves are switched off."""
    if "secret_hits" not in ctx.cache:
        scan = _SCANNER[0] if _SCANNER else None
        if scan is None:
            return None
        _scan_once(ctx, scan)
    hits: list[Any] = ctx.cache["secret_hits"]
    return hits


def secret_rules() -> list[RuleSpec]:
    """Engine rules for every rule of the secrets pack, or [] while it is not installed."""
    try:
        module = importlib.import_module("aura_agentic.rules.secrets")
    except ImportError:
        return []
    except Exception as exc:  # a broken pack must not stop the other packs from running
        LOAD_PROBLEMS.append(f"secrets pack failed to load: {type(exc).__name__}: {exc}")
        return []
    scan = getattr(module, "scan_secrets", None)
    specs = getattr(module, "SECRET_RULES", None)
    if scan is None or specs is None:
        return []  # the pack is still being written (a bare namespace package)
    _SCANNER[:] = [scan]
    rules: list[RuleSpec] = []
    for spec in specs:
        rules.append(
            RuleSpec(
                id=spec.id,
                category=getattr(spec, "category", "secret"),
                severity=spec.severity,
                message=spec.message,
                fix=spec.fix,
                lesson_id=spec.lesson_id,
                matcher=_matcher(scan, spec.id),
                pack="secrets",
                languages=tuple(getattr(spec, "languages", ()) or ()),
                include=tuple(getattr(spec, "include", ()) or ()),
                exclude=tuple(getattr(spec, "exclude", ()) or ()),
                positive=_LazyExamples(spec, "positive"),
                negative=_LazyExamples(spec, "negative"),
                enabled_by_default=bool(getattr(spec, "enabled_by_default", True)),
                options={**PACK_OPTIONS, **dict(getattr(spec, "options", {}) or {})},
            )
        )
    return rules
