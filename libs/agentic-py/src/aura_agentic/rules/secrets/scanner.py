"""scan_secrets: run every secret detector over the added lines of one file."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection, Mapping
from itertools import accumulate

from aura_agentic.rules.secrets.context import Candidate, ScanContext
from aura_agentic.rules.secrets.entropy import is_hex, shannon_entropy
from aura_agentic.rules.secrets.generic import KEYWORDS, detect_generic
from aura_agentic.rules.secrets.guards import is_fake, is_fixture_value, is_lookalike
from aura_agentic.rules.secrets.lazy_re import lazy_compile
from aura_agentic.rules.secrets.model import SecretHit
from aura_agentic.rules.secrets.names import credential_kind
from aura_agentic.rules.secrets.prefilter import Prefilter
from aura_agentic.rules.secrets.private_keys import detect_encoded_keys, detect_private_keys
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
# Every credential name (see names.py) and every generic keyword contains one of these.
_CRED_WORD = lazy_compile(r"pass|pw|secret|token|key|cred|auth|bearer|sig")
# Substrings the key-block, JWT, URL and auth-header detectors look for before their regexes.
_COLD_WORDS = ("begin", "putty", "ls0tls1crudjti", "eyj", "://", "jdbc:oracle", "basic", "bot")
# What the slot detector's value patterns need (slots.py), and how its headers end.
_SLOT_WORDS = ("val", "default", "data", "secretstring", "<value>", "<string>")
_HEADER_END = lazy_compile(r":[ \t]*(?:[|>][-+]?\d?)?[ \t]*$")


def _vendor_hits(
    ctx: ScanContext, spec: VendorSpec, line: str, lower: str, window: str
) -> list[Candidate]:
    """Run one vendor spec over ``line`` and keep matches that pass the fake/look-alike guards."""
    context = spec.context
    if context is not None and context.search(lower) is None:
        if context.search(window) is None:
            return []
        own = _OWN_KEY.match(line)
        # a value on its own named line (COMMIT_SHA=…) is not borrowed by a key above it
        if (
            own
            and own.group("k").lower() not in _SLOT_KEYS
            and credential_kind(own.group("k")) is None
        ):
            return []
    found: list[Candidate] = []
    for match in spec.pattern.finditer(line):
        group = next((g for g in ("s", "r") if match.re.groupindex.get(g) and match.group(g)), None)
        start, end = match.span(group or 0)
        secret = line[start:end]
        body = secret[spec.prefix_len :] or secret
        if is_fake(body, ctx.path) or is_fixture_value(secret, ctx.path):
            continue
        if context is not None and (
            (not spec.hex_ok and is_hex(secret)) or (is_lookalike(secret) and not spec.hex_ok)
        ):
            continue
        if shannon_entropy(body) < min(3.0, 0.75 * max(1, len(body)).bit_length()):
            continue
        found.append((spec.rule.id, start, end, secret))
    return found


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
    window = ""
    if window_specs:
        window = "\n".join(ctx.lower(n) for n in ctx.above(number, _CONTEXT_REACH))
    for spec in specs | window_specs:
        if spec.context_source is None and spec not in specs:
            continue
        out += [(0, c) for c in _vendor_hits(ctx, spec, line, lower, window)]
    return out


def _line_candidates(
    ctx: ScanContext, number: int, specs: set[VendorSpec], window_specs: set[VendorSpec]
) -> list[tuple[int, Candidate]]:
    """Collect (priority, candidate) pairs for one added line from every detector family."""
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
        out += [(5, c) for c in detect_generic(ctx, line, lower)]
    out += [(6, c) for c in detect_slots(ctx, number, line)]
    return out


def _resolve(number: int, ranked: list[tuple[int, Candidate]]) -> list[SecretHit]:
    """Keep the highest-priority candidate for every overlapping span, as 1-based hits."""
    taken: list[tuple[int, int]] = []
    hits: list[SecretHit] = []
    for _priority, (rule_id, start, end, secret) in sorted(ranked, key=lambda r: (r[0], r[1][1])):
        if end <= start or any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        taken.append((start, end))
        hits.append(SecretHit(rule_id, number, start + 1, end + 1, secret))
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
    added_set = {n for n in added if n in lines}
    if not added_set:
        return []
    ctx = ScanContext(path, lines)
    numbers = sorted(lines)
    texts = [lines[n] for n in numbers]
    starts = list(accumulate((len(t) + 1 for t in texts), initial=0))
    # the leading newline lets a token at the very start of the file have a separator before it
    blob = "\n" + "\n".join(texts).lower()
    if len(blob) == starts[-1]:
        hot = _PREFILTER.hot_lines(blob, starts)
        lowers = blob[1:].split("\n")
        if len(lowers) == len(numbers):  # no line held a newline of its own
            ctx.preload(dict(zip(numbers, lowers, strict=True)))
    else:  # lower-casing changed lengths (e.g. "İ"): map every offset as it comes
        hot = {bisect_right(starts, offset - 1) - 1 for offset in _PREFILTER.candidates(blob)}
    candidates: set[int] = set()
    for index in hot:
        candidates.update(numbers[index : index + _CONTEXT_REACH + 1])
    todo = sorted(candidates & added_set)
    if not todo:
        return []
    # Vendor triggers matter on each candidate line and, for name-in-context formats, on the
    # lines above it: find them in one pass over just those lines.
    above = {number: ctx.above(number, _CONTEXT_REACH) for number in todo}
    needed = sorted(set(todo).union(*above.values()))
    found = _PREFILTER.specs_by_line([ctx.lower(n) for n in needed])
    line_specs = {needed[index]: specs for index, specs in found.items()}
    hot_numbers = {numbers[index] for index in hot}
    hits: list[SecretHit] = []
    for number in todo:
        specs = line_specs.get(number, _NO_SPECS)
        window_specs = {
            s for n in above[number] for s in line_specs.get(n, _NO_SPECS) if s.context_source
        }
        if number in hot_numbers or _cold_line_may_hit(ctx, number):
            ranked = _line_candidates(ctx, number, specs, window_specs)
        else:  # only a vendor format can still match here (every other detector is gated out)
            ranked = _vendor_candidates(ctx, number, specs, window_specs)
        if ranked:
            hits += _resolve(number, ranked)
    return hits


def _cold_line_may_hit(ctx: ScanContext, number: int) -> bool:
    """Whether a line below a hot one, with no keyword, long run or vendor trigger of its own,
    can still produce a hit: each test here is implied by some detector's own pattern."""
    lower = ctx.lower(number)
    if _CRED_WORD.search(lower) is not None or any(word in lower for word in _COLD_WORDS):
        return True
    above = ctx.above(number, _CONTEXT_REACH)
    if any(word in lower for word in _SLOT_WORDS):
        # `value: …` / `default = …` / `<string>…`: the credential name is declared above
        return any(_CRED_WORD.search(ctx.lower(n)) is not None for n in above)
    if ctx.lines[number][:1] in (" ", "\t"):
        # an indented child value or block scalar under a `password:` / `credentials:` header
        return any(
            _CRED_WORD.search(ctx.lower(n)) is not None and _HEADER_END.search(ctx.lower(n))
            for n in above
        )
    return False
