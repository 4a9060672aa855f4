"""The cheap first pass: one compiled alternation over the whole file finds candidate lines.

Most lines of a diff contain none of the trigger fragments, so they cost one scan of a trie-shaped
regex and nothing else. Literal triggers are compiled into a trie (sharing prefixes keeps the
alternation from re-trying every literal at every position); a few vendors whose tokens have no
distinctive literal use small regex triggers, tried first so a shorter literal cannot shadow them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from aura_agentic.rules.secrets.spec import VendorSpec

# Fragments that make a line interesting to the non-vendor detectors.
STRUCTURAL = (
    "pass",
    "pwd",
    "secret",
    "token",
    "key",
    "auth",
    "cred",
    "bearer",
    "basic",
    "sig",
    "://",
    "-----begin",
    "---- begin",
    "eyj",
    "putty-user-key-file",
    "ls0tls1crudjti",
    "jdbc:oracle",
)


_Trie = dict[str, "_Trie"]


def _trie_pattern(words: Iterable[str]) -> str:
    """Return a regex source matching any of ``words``, factored as a trie (longest first)."""
    trie: _Trie = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: _Trie) -> str:
        alternatives = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


class Prefilter:
    """Maps trigger matches on a lower-cased text back to the vendor specs they enable."""

    def __init__(self, specs: Iterable[VendorSpec]) -> None:
        self.by_literal: dict[str, list[VendorSpec]] = {}
        self.by_regex: list[tuple[str, VendorSpec]] = []
        literals = set(STRUCTURAL)
        regexes: list[str] = []
        for spec in specs:
            for trigger in spec.triggers:
                if trigger.startswith("~"):
                    regexes.append(trigger[1:])
                    self.by_regex.append((trigger[1:], spec))
                else:
                    literals.add(trigger)
                    self.by_literal.setdefault(trigger, []).append(spec)
        self._source = "|".join([*regexes, _trie_pattern(sorted(literals))])
        self._compiled: re.Pattern[str] | None = None

    def pattern(self) -> re.Pattern[str]:
        """Return the combined trigger regex, compiling it on first use (keeps import cheap)."""
        if self._compiled is None:
            self._compiled = re.compile(self._source)
        return self._compiled

    def specs_for(self, fragments: Iterable[str]) -> set[VendorSpec]:
        """Return the vendor specs enabled by the matched trigger ``fragments``."""
        enabled: set[VendorSpec] = set()
        for fragment in fragments:
            specs = self.by_literal.get(fragment)
            if specs is not None:
                enabled.update(specs)
                continue
            for regex, spec in self.by_regex:
                if re.match(regex, fragment):
                    enabled.add(spec)
        return enabled
