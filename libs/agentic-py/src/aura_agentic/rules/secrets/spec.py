"""Declarative vendor detector specs and the deterministic token synthesiser for self-tests.

Self-test examples are synthesised on first use from a format description instead of being
committed as literals, so the repository never contains a string that a push-protection scanner
(or a curious reader) would mistake for a live credential.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

from aura_agentic.rules.secrets.model import SecretRule

ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789"
UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
HEX = "0123456789abcdef"
UPPER_HEX = "0123456789ABCDEF"
B64 = ALNUM + "+/"
B64URL = ALNUM + "-_"
DIGITS = "0123456789"
BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

# A sample part is a literal string or (alphabet, length) of pseudo-random characters.
Part = str | tuple[str, int]

FIX_ENV = (
    "Remove the literal, rotate the credential, and read it from the environment or a secret "
    "manager."
)


def synth(parts: tuple[Part, ...], seed: str) -> str:
    """Build a deterministic pseudo-random token from ``parts``, seeded by ``seed``.

    Uses a tiny linear congruential generator (no ``random`` import on the hook path) and re-rolls
    characters that would form runs or repeats, so samples pass the fake-sequence guard.
    """
    state = zlib.crc32(seed.encode()) or 1
    out: list[str] = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
            continue
        alphabet, count = part
        chunk: list[str] = []
        while len(chunk) < count:
            state = (state * 1103515245 + 12345) & 0x7FFFFFFF
            ch = alphabet[(state >> 11) % len(alphabet)]
            if chunk and abs(ord(ch) - ord(chunk[-1])) <= 1:
                continue
            chunk.append(ch)
        out.append("".join(chunk))
    return "".join(out)


def blank(parts: tuple[Part, ...]) -> str:
    """Return the placeholder form of a sample: literal parts kept, random parts as ``x``."""
    return "".join(p if isinstance(p, str) else "x" * p[1] for p in parts)


@dataclass(frozen=True, slots=True, eq=False)
class VendorSpec:
    """One vendor-format detector.

    ``pattern`` finds the token (named group ``s`` when the secret is a sub-match); ``triggers``
    are lower-case substrings of which one must occur in the line (or, for rules with ``context``,
    in the line or the three lines above) before the regex runs; ``context`` is a regex over the
    lower-cased window that must match too, for formats that are only distinctive next to a name.
    ``prefix_len`` characters of the match are fixed format and are skipped by the fake guards.
    Specs compare and hash by identity: the scanner keeps them in sets on every candidate line.
    """

    rule: SecretRule
    source: str
    triggers: tuple[str, ...]
    context_source: str | None
    prefix_len: int
    hex_ok: bool

    @property
    def pattern(self) -> re.Pattern[str]:
        """The compiled token regex (compiled on first use, then kept)."""
        return _compiled(self.source)

    @property
    def context(self) -> re.Pattern[str] | None:
        """The compiled context regex, or None for self-evident formats."""
        return _compiled(self.context_source) if self.context_source else None


_COMPILED: dict[str, re.Pattern[str]] = {}


def _compiled(source: str) -> re.Pattern[str]:
    """Compile ``source`` once; vendor regexes are compiled only when a trigger first occurs."""
    pattern = _COMPILED.get(source)
    if pattern is None:
        pattern = _COMPILED[source] = re.compile(source)
    return pattern


# Where a token must stop: not followed by another token character, so longer runs never match.
TOKEN_END = r"(?![\w\-])"


def vendor(
    rule_id: str,
    title: str,
    pattern: str,
    triggers: tuple[str, ...],
    sample: tuple[Part, ...],
    *,
    context: str | None = None,
    template: str = 'client = Client("{}")',
    lesson: str = "secrets-in-code",
    extra_negative: tuple[str, ...] = (),
    hex_ok: bool = True,
) -> VendorSpec:
    """Declare a vendor detector and derive its self-test examples from ``sample``.

    Two positives are synthesised (the token in ``template`` and as a YAML value next to the
    template's context), and two negatives (the format with a placeholder body, and an env
    lookup of the same name). ``extra_negative`` adds rule-specific look-alikes.
    """
    prefix_len = 0
    for part in sample:
        if not isinstance(part, str):
            break
        prefix_len += len(part)

    def examples() -> tuple[tuple[str, ...], tuple[str, ...]]:
        token = synth(sample, rule_id)
        second = synth(sample, rule_id + "#2")
        name = rule_id.split("/", 1)[1].upper().replace("-", "_")
        second_line = template.format(second) if context else f"{name.lower()}: {second}"
        positive = (template.format(token), second_line)
        negative = (
            template.format(blank(sample)),
            f'{name} = os.environ["{name}"]',
            *extra_negative,
        )
        return positive, negative

    rule = SecretRule(
        id=rule_id,
        title=title,
        message=f"{title} committed in source",
        fix=FIX_ENV,
        lesson_id=lesson,
        examples=examples,
    )
    return VendorSpec(
        rule=rule,
        source=pattern,
        triggers=triggers,
        context_source=context,
        prefix_len=prefix_len,
        hex_ok=hex_ok,
    )
