"""scan_secrets: run every secret detector over the added lines of one file."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from aura_agentic.rules.secrets.context import Candidate, ScanContext
from aura_agentic.rules.secrets.entropy import is_hex, shannon_entropy
from aura_agentic.rules.secrets.file_index import FileIndex
from aura_agentic.rules.secrets.generic import KEYWORDS, detect_generic
from aura_agentic.rules.secrets.guards import is_fake, is_fixture_value, is_lookalike
from aura_agentic.rules.secrets.lazy_re import lazy_compile
from aura_agentic.rules.secrets.model import SecretHit
from aura_agentic.rules.secrets.names import credential_kind
from aura_agentic.rules.secrets.prefilter import CRED_WORDS, Prefilter
from aura_agentic.rules.secrets.private_keys import (
    detect_encoded_keys,
    detect_jwk_private,
    detect_private_keys,
)
from aura_agentic.rules.secrets.public import public_reason
from aura_agentic.rules.secrets.readable import is_identifier_words
from aura_agentic.rules.secrets.samples import in_documentation_url, is_documentation_sample
from aura_agentic.rules.secrets.slots import detect_slots
from aura_agentic.rules.secrets.spec import VendorSpec
from aura_agentic.rules.secrets.structured import (
    detect_auth_headers,
    detect_jwts,
    detect_url_credentials,
)
from aura_agentic.rules.secrets.vendors_cloud import CLOUD_VENDORS
from aura_agentic.rules.secrets.vendors_dev import DEV_VENDORS
from aura_agentic.rules.secrets.vendors_money_ai import MONEY_AI_VENDORS
from aura_agentic.rules.secrets.vendors_saas import SAAS_VENDORS

VENDORS: tuple[VendorSpec, ...] = CLOUD_VENDORS + DEV_VENDORS + SAAS_VENDORS + MONEY_AI_VENDORS
_PREFILTER = Prefilter(VENDORS)  # compiles its pattern on first scan
_CONTEXT_REACH = 3
_OWN_KEY = lazy_compile(r"^\s*(?:-\s*)?[\"']?(?P<k>[A-Za-z_][\w.\-]*)[\"']?\s*[:=]")
_SLOT_KEYS = frozenset(("value", "default", "val", "data", "secret", "token", "key"))
_NO_SPECS: set[VendorSpec] = set()
# What the slot detector's value patterns need (slots.py), and how its headers end.
_SLOT_WORDS = ("val", "default", "data", "secretstring", "<value>", "<string>")
# Lines longer than this are searched near their triggers only; tokens sit within _REACH.
_LONG_LINE = 4096
_REACH = 512
_HEADER_END = lazy_compile(r":[ \t]*(?:[|>][-+]?\d?)?[ \t]*$")


def _vendor_hits(
    ctx: ScanContext, spec: VendorSpec, line: str, lower: str, window: _Window
) -> list[Candidate]:
    """Run one vendor spec over ``line`` and keep matches that pass the fake/look-alike guards.

    The token pattern itself is tried first: most lines fail it, and then neither context
    regex runs nor the window of lines above is joined.
    """
    matches = _token_matches(spec, line, lower)
    if not matches:
        return []
    context = spec.context
    long_line = len(line) > _LONG_LINE
    if not long_line and not _context_ok(spec, line, lower, window, 0, len(lower)):
        return []
    found: list[Candidate] = []
    for match in matches:
        if long_line and not _context_ok(
            spec, line, lower, window, match.start() - _REACH, match.end() + _REACH
        ):
            continue
        group = next((g for g in ("s", "r") if match.re.groupindex.get(g) and match.group(g)), None)
        start, end = match.span(group or 0)
        secret = line[start:end]
        body = secret[spec.prefix_len :] or secret
        if is_fake(body, ctx.path) or is_fixture_value(secret, ctx.path):
            continue
        if is_documentation_sample(secret) or in_documentation_url(lower):
            continue
        if context is not None and len(body) >= 24 and body.isalpha():
            continue  # a long name-in-context match of letters alone is an identifier
        if context is not None and is_identifier_words(secret):
            continue  # `account-exists-with-different-credential`: words, not a token
        if _inside_run(line, start, end) or _commit_in_path(line, start, end, secret):
            continue  # a slice of a longer blob, or a commit id in a URL path

        if context is not None and (
            (not spec.hex_ok and is_hex(secret)) or (is_lookalike(secret) and not spec.hex_ok)
        ):
            continue
        if shannon_entropy(body) < min(3.0, 0.75 * max(1, len(body)).bit_length()):
            continue
        found.append((spec.rule.id, start, end, secret))
    return found


_RUN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+")


def _inside_run(line: str, start: int, end: int) -> bool:
    """Whether the token continues, before its start or past its end, into more base64:
    a vendor format cut out of an embedded binary (wasm, fonts, images) is not that vendor's."""
    before = line[start - 1 : start]
    after = line[end : end + 1]
    return (before != "" and before in _RUN_CHARS) or (after != "" and after in _RUN_CHARS)


def _commit_in_path(line: str, start: int, end: int, secret: str) -> bool:
    """Whether a hex value is a path segment of a URL (`…/commit/550d885…`), not a login."""
    return (
        line[start - 1 : start] == "/" and line[end : end + 1] not in ("@", ":") and is_hex(secret)
    )


def _context_ok(spec: VendorSpec, line: str, lower: str, window: _Window, lo: int, hi: int) -> bool:
    """Whether a name-in-context format has its name in ``lower[lo:hi]`` or on the lines above
    (a value on its own named line, `COMMIT_SHA=…`, does not borrow a name from above)."""
    context = spec.context
    if context is None or context.search(lower, max(0, lo), hi) is not None:
        return True
    if context.search(window.text()) is None:
        return False
    own = _OWN_KEY.match(line)
    return not (
        own and own.group("k").lower() not in _SLOT_KEYS and credential_kind(own.group("k")) is None
    )


def _token_matches(spec: VendorSpec, line: str, lower: str) -> list[re.Match[str]]:
    """The spec's token matches on the line. On a very long line (minified code, one-line JSON,
    a pasted blob) the pattern runs only near the spec's triggers, where its tokens and names
    sit, instead of over megabytes once per triggered spec; each hit is then re-matched on the
    whole line so a token cut by the window's edge is measured in full."""
    pattern = spec.pattern
    if len(line) <= _LONG_LINE:
        return list(pattern.finditer(line))
    by_start: dict[int, re.Match[str]] = {}
    for at in _trigger_positions(spec, lower):
        for near in pattern.finditer(line, max(0, at - _REACH), at + 2 * _REACH):
            full = pattern.match(line, near.start())
            if full is not None:
                by_start.setdefault(full.start(), full)
    return [by_start[start] for start in sorted(by_start)]


def _trigger_positions(spec: VendorSpec, lower: str) -> list[int]:
    positions: list[int] = []
    for trigger in spec.triggers:
        if trigger[0] == "~":
            positions += [m.start() for m in re.finditer(trigger[1:], lower)]
            continue
        at = lower.find(trigger)
        while at >= 0:
            positions.append(at)
            at = lower.find(trigger, at + _REACH)  # one window covers the next few
    return positions


def _vendor_candidates(
    ctx: ScanContext, number: int, specs: set[VendorSpec], window_specs: set[VendorSpec]
) -> list[tuple[int, Candidate]]:
    """Vendor-format candidates on one line: its own triggered specs, plus name-in-context specs
    triggered on the lines above."""
    if not specs and not window_specs:
        return []
    line = ctx.lines[number]
    lower = ctx.lower(number)
    out: list[tuple[int, Candidate]] = []
    window = _Window(ctx, number)
    for spec in specs | window_specs:
        if spec.context_source is None and spec not in specs:
            continue
        out += [(0, c) for c in _vendor_hits(ctx, spec, line, lower, window)]
    return out


class _Window:
    """The lower-cased lines above a line, joined on first use."""

    __slots__ = ("_ctx", "_number", "_text")

    def __init__(self, ctx: ScanContext, number: int) -> None:
        self._ctx = ctx
        self._number = number
        self._text: str | None = None

    def text(self) -> str:
        if self._text is None:
            above = self._ctx.above(self._number, _CONTEXT_REACH)
            self._text = "\n".join(self._ctx.lower(n) for n in above)
        return self._text


def _line_candidates(
    ctx: ScanContext,
    number: int,
    specs: set[VendorSpec],
    window_specs: set[VendorSpec],
    named: bool = True,
) -> list[tuple[int, Candidate]]:
    """Collect (priority, candidate) pairs for one added line from every detector family.

    ``named`` is False when neither this line nor the three above it hold a credential word:
    then no slot (YAML value, Terraform default, plist string) can be a credential's.
    """
    line = ctx.lines[number]
    lower = ctx.lower(number)
    out = _vendor_candidates(ctx, number, specs, window_specs)
    if "begin" in lower or "putty" in lower:
        out += [(1, c) for c in detect_private_keys(ctx, number, line)]
    if "ls0tls1crudjti" in lower:
        out += [(1, c) for c in detect_encoded_keys(line)]
    if "eyj" in lower:
        out += [(2, c) for c in detect_jwts(ctx, line)]
    if "://" in lower or "jdbc:oracle" in lower:
        out += [(3, c) for c in detect_url_credentials(ctx, line)]
    # Cheap substring gates that each detector's own regex implies, so typical code lines
    # skip the regex work (and the call) entirely.
    if "bearer" in lower or "basic" in lower or "token" in lower or "bot" in lower:
        out += [(4, c) for c in detect_auth_headers(ctx, line)]
    if KEYWORDS.search(lower) is not None:
        out += [(5, c) for c in detect_generic(ctx, line, lower) if not _vendor_fake(c[3])]
    if named:
        out += [(6, c) for c in detect_slots(ctx, number, line)]
    return out


def _vendor_prefixes() -> tuple[str, ...]:
    """The distinctive prefixes vendor tokens start with (`sk_live_`, `ghp_`, `xoxb-`)."""
    return tuple(
        sorted(
            {
                t
                for spec in VENDORS
                for t in spec.triggers
                if t[-1:] in "_-" and len(t) >= 4 and not t.startswith("~")
            }
        )
    )


_PREFIXES: list[tuple[str, ...]] = []


def _vendor_fake(value: str) -> bool:
    """Whether a generic value wears a vendor's prefix without the vendor's format: had it
    fit, the vendor rule would have claimed it (`"sk_live_abc123"` in a test is a stand-in)."""
    if not _PREFIXES:
        _PREFIXES.append(_vendor_prefixes())
    return value.lower().startswith(_PREFIXES[0])


def _resolve(
    number: int, ranked: list[tuple[int, Candidate]], lines: Mapping[int, str]
) -> list[SecretHit]:
    """Keep the highest-priority candidate for every overlapping span, as 1-based hits
    (marked when the key is public by design)."""
    taken: list[tuple[int, int]] = []
    hits: list[SecretHit] = []
    for _priority, (rule_id, start, end, secret) in sorted(ranked, key=lambda r: (r[0], r[1][1])):
        if end <= start or any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        taken.append((start, end))
        public = public_reason(rule_id, lines, number, start)
        hits.append(SecretHit(rule_id, number, start + 1, end + 1, secret, public))
    return sorted(hits, key=lambda h: h.column)


def scan_secrets(path: str, lines: Mapping[int, str], added: Collection[int]) -> list[SecretHit]:
    """Return the secrets found on the ``added`` lines of the file at ``path``.

    ``lines`` holds the known new-file text by 1-based line number (added plus context lines, or
    the whole file; gaps allowed). Only added lines are reported, but neighbouring known lines are
    used as context: a YAML key or Kubernetes ``name:`` above a value, the body under a PEM header.
    A single pass over the lower-cased file text finds candidate lines; all other lines cost
    nothing more. Hits are ordered by line then column; overlapping detections are merged, the
    most specific rule (vendor format, then key blocks, JWTs, URLs, headers, generic) winning.
    """
    return _scan(path, lines, added)


def _scan(
    path: str, lines: Mapping[int, str], added: Collection[int], *, unfiltered: bool = False
) -> list[SecretHit]:
    """`scan_secrets`; `unfiltered` runs every detector on every added line (for the tests that
    prove the prefilter drops nothing)."""
    added_set = {n for n in added if n in lines}
    if not added_set:
        return []
    numbers = sorted(lines)
    index = FileIndex(numbers, [lines[n] for n in numbers])
    if unfiltered:
        hot, line_specs = set(range(len(numbers))), _PREFILTER.specs_in(index.blob, index.starts)
    else:
        hot, line_specs = _PREFILTER.scan(index.blob, index.starts)
    # A line below a hot one can borrow its name (YAML values, `value:` slots, key blocks).
    todo = sorted(at for at in index.below(hot, _CONTEXT_REACH) | hot if numbers[at] in added_set)
    jwk = '"kty"' in index.blob or "'kty'" in index.blob
    if not todo and not jwk:
        return []
    ctx = ScanContext(path, lines)
    ctx.preload(dict(zip(numbers, index.lowers, strict=True)))

    window = _window_specs(index, line_specs)
    names = index.with_any(CRED_WORDS)
    below_names = index.below(names, _CONTEXT_REACH)
    borrowing = _borrowing_lines(index, hot, todo, names, below_names)
    named = hot if unfiltered else names | below_names
    hits: list[SecretHit] = []
    for at in todo:
        number = numbers[at]
        specs = line_specs.get(at, _NO_SPECS)
        window_specs = window.get(at, _NO_SPECS)
        if at in hot or at in borrowing:
            ranked = _line_candidates(ctx, number, specs, window_specs, at in named)
        elif specs or window_specs:  # only a vendor format can still match here
            ranked = _vendor_candidates(ctx, number, specs, window_specs)
        else:
            continue
        if ranked:
            hits += _resolve(number, ranked, lines)
    if jwk:
        hits = _with_jwk_keys(ctx, sorted(added_set), hits)
    return hits


def _with_jwk_keys(ctx: ScanContext, added: list[int], hits: list[SecretHit]) -> list[SecretHit]:
    """Add the private members of JSON Web Keys: they hold no vocabulary word, so the hot-line
    pass never sees them; only files that name a `kty` pay for this."""
    taken = {h.line for h in hits}
    for number in added:
        if number in taken:
            continue
        line = ctx.lines[number]
        if '":' in line or "':" in line or '" :' in line:
            found = detect_jwk_private(ctx, number, line)
            if found:
                hits += _resolve(number, [(1, c) for c in found], ctx.lines)
    return sorted(hits, key=lambda h: (h.line, h.column))


def _window_specs(
    index: FileIndex, line_specs: dict[int, set[VendorSpec]]
) -> dict[int, set[VendorSpec]]:
    """Name-in-context formats each line may match because a line just above triggers them."""
    window: dict[int, set[VendorSpec]] = {}
    for at, specs in line_specs.items():
        named = [s for s in specs if s.context_source]
        if named:
            for below in index.below((at,), _CONTEXT_REACH):
                window.setdefault(below, set()).update(named)
    return window


def _borrowing_lines(
    index: FileIndex, hot: set[int], todo: list[int], names: set[int], below_names: set[int]
) -> set[int]:
    """The lines with no word of the vocabulary or vendor trigger of their own that can still
    produce a hit: values whose credential name (a line of ``names``) is declared just above
    (each test here is implied by the slot detector's own patterns)."""
    cold = set(todo) - hot
    if not cold:
        return set()
    # `value: …` / `default = …` / `<string>…` below a credential name
    slots = cold & index.with_any(_SLOT_WORDS) & below_names
    # an indented child value or block scalar under a `password:` / `credentials:` header
    headers = {up for up in names if _HEADER_END.search(index.lowers[up]) is not None}
    children = {
        at
        for at in cold & index.below(headers, _CONTEXT_REACH)
        if index.lowers[at][:1] in (" ", "\t")
    }
    return slots | children
