"""The cheap first passes over a whole file: which lines could hold a secret at all, and which
vendor specs are triggered on each of those lines.

A flat alternation of every vendor prefix is slow in CPython's regex engine (it re-tries every
alternative at every position), and checking each trigger on each line costs ~300 µs a line.
So the file-wide pass only looks for credential keywords and long token-like runs; the vendor
triggers are then found on the few candidate lines (and the lines above them) in one pass of a
prefix-tree regex over their joined text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator

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


def _trie_regex(words: Iterable[str]) -> str:
    """A regex matching any of ``words``, as a prefix tree so each position costs one branch."""
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:  # type: ignore[type-arg]
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" not in node:
            return body
        return ("(?:" + body + ")" if len(alts) == 1 else body) + "?"

    return emit(root)


class Prefilter:
    """Finds candidate offsets in lower-cased text, and the vendor specs enabled on lines.

    The file-wide pass is deliberately tiny (a dozen ``str.find`` loops and one character-class
    regex) so lines without candidates cost almost nothing. Vendor triggers are compiled lazily
    (the git hook imports this module on every commit, most of which never get here).
    """

    def __init__(self, specs: Iterable[VendorSpec]) -> None:
        self.specs = tuple(specs)
        self._compiled: re.Pattern[str] | None = None
        self._index: _TriggerIndex | None = None

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

    def hot_lines(self, text: str, starts: list[int]) -> set[int]:
        """Indexes of the lines of ``text`` holding a keyword or a long token run.

        ``text`` is the lower-cased lines joined with newlines, behind one leading newline (so a
        run at the very start has a separator before it); ``starts`` holds each line's offset in
        the joined text without that newline, plus the end. Same lines as mapping every offset of
        :meth:`candidates`, but after a hit the search resumes on the next line, so a line full
        of ``key`` costs one find, not one per occurrence.
        """
        hot: set[int] = set()
        last = len(starts) - 2
        for keyword in STRUCTURAL:
            at = text.find(keyword)
            while at >= 0:
                index = bisect_right(starts, at - 1) - 1
                hot.add(index)
                if index >= last:
                    break
                at = text.find(keyword, starts[index + 1] + 1)
        if self._compiled is None:
            self._compiled = re.compile(_TOKEN_RUN)
        search = self._compiled.search
        match = search(text)
        while match is not None:
            index = bisect_right(starts, match.start()) - 1
            hot.add(index)
            if index >= last:
                break
            match = search(text, starts[index + 1])
        return hot

    def specs_for(self, lower: str) -> set[VendorSpec]:
        """Return the vendor specs whose triggers occur in the lower-cased ``lower`` text."""
        return set().union(*self.specs_by_line([lower]).values())

    def specs_by_line(self, lowers: list[str]) -> dict[int, set[VendorSpec]]:
        """Map the index of each lower-cased line in ``lowers`` to the specs it triggers.

        Lines that trigger nothing are absent. No trigger can span a newline, so one pass over
        the joined text gives exactly what checking every trigger on every line would give.
        """
        if self._index is None:
            self._index = _TriggerIndex(self.specs)
        return self._index.scan(lowers)


class _TriggerIndex:
    """Every vendor trigger compiled into one prefix-tree regex plus the regex triggers."""

    def __init__(self, specs: tuple[VendorSpec, ...]) -> None:
        literal: dict[str, set[VendorSpec]] = {}
        regex: dict[str, set[VendorSpec]] = {}
        for spec in specs:
            for trigger in spec.triggers:
                if trigger[0] == "~":
                    regex.setdefault(trigger[1:], set()).add(spec)
                else:
                    literal.setdefault(trigger, set()).add(spec)
        # The tree regex reports the longest trigger starting at a position; every shorter
        # trigger starting there is a prefix of it, so each match enables all of those.
        self.by_match: dict[str, frozenset[VendorSpec]] = {
            word: frozenset().union(*(s for w, s in literal.items() if word.startswith(w)))
            for word in literal
        }
        # Searched again one character after each match start, so overlapping triggers are all
        # found; a plain (not lookahead) pattern lets the engine skip characters that start no
        # trigger (spaces, most punctuation) in C, ~30% faster.
        self.literal = re.compile(_trie_regex(literal))
        self.regex: list[tuple[Callable[[str], Iterator[re.Match[str]]], frozenset[VendorSpec]]]
        self.regex = [(re.compile(src).finditer, frozenset(s)) for src, s in regex.items()]

    def scan(self, lowers: list[str]) -> dict[int, set[VendorSpec]]:
        text = "\n".join(lowers)
        starts: list[int] = []
        offset = 0
        for line in lowers:
            starts.append(offset)
            offset += len(line) + 1
        found: dict[int, set[VendorSpec]] = {}
        by_match = self.by_match
        search = self.literal.search
        match = search(text)
        while match is not None:
            at = match.start()
            found.setdefault(bisect_right(starts, at) - 1, set()).update(by_match[match.group()])
            match = search(text, at + 1)
        for finditer, specs in self.regex:
            for match in finditer(text):
                found.setdefault(bisect_right(starts, match.start()) - 1, set()).update(specs)
        return found
