"""The cheap first pass over a whole file: which lines could hold a secret at all.

A big alternation of every vendor prefix proved slow in CPython's regex engine (it re-tries the
alternatives at every position), so the file-wide pass only looks for credential keywords and
long token-like runs; vendor triggers are checked per candidate line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from aura_agentic.rules.secrets.spec import VendorSpec

# Fragments that make a line interesting even without a long token run (names, URLs, PEM headers).
# JWTs, base64 keys, PuTTY headers and bearer tokens all contain a long run, so need no entry.
STRUCTURAL = (
    "pass",
    "pwd",
    "secret",
    "token",
    "key",
    "auth",
    "cred",
    "://",
    "-----begin",
    "---- begin",
    "jdbc:",
)


# Nearly every vendor token contains a run of 20+ token characters; together with the keyword
# finds this is a necessary condition for every detector, and cheap for the regex engine.
# Anchoring on the separator before the run lets the engine skip word characters with a bitmap
# test instead of re-trying the run at every position inside long identifiers.
_TOKEN_RUN = r"[^a-z0-9_\-+=][a-z0-9_\-+=]{20}"


class Prefilter:
    """Finds candidate offsets in lower-cased text, and the vendor specs enabled on a line.

    The file-wide pass is deliberately tiny (a dozen ``str.find`` loops and one character-class
    regex) so lines without candidates cost almost nothing; the per-line spec gating then checks
    each vendor's literal and regex triggers only on the few candidate lines.
    """

    def __init__(self, specs: Iterable[VendorSpec]) -> None:
        self.specs = tuple(specs)
        self._compiled: re.Pattern[str] | None = None

    def candidates(self, text: str) -> Iterator[int]:
        """Yield offsets in ``text`` (lower-cased) where a secret could start or be named."""
        for keyword in STRUCTURAL:
            at = text.find(keyword)
            while at >= 0:
                yield at
                at = text.find(keyword, at + 1)
        if self._compiled is None:
            self._compiled = re.compile(_TOKEN_RUN)
        for match in self._compiled.finditer(text):
            yield match.start() + 1

    def specs_for(self, lower: str) -> set[VendorSpec]:
        """Return the vendor specs whose triggers occur in the lower-cased ``lower`` text."""
        enabled: set[VendorSpec] = set()
        for spec in self.specs:
            for trigger in spec.triggers:
                if trigger[0] == "~":
                    if re.search(trigger[1:], lower):
                        enabled.add(spec)
                        break
                elif trigger in lower:
                    enabled.add(spec)
                    break
        return enabled
