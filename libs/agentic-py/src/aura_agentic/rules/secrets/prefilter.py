"""The cheap first pass over a whole file: which lines could hold a secret at all.

A line is *hot* when it holds a word of :data:`VOCABULARY` or a vendor trigger. Every detector
other than the vendor formats needs one of those words on its own line (its regex or gate
implies it) or borrows a name from a hot line just above (see the scanner); a vendor format
needs one of its triggers. So cold lines cannot produce a hit, and are never looked at again.

One prefix-tree regex over the file's lower-cased text finds both, resuming on the next line
after a hit (a flat alternation of ~230 words is much slower in CPython's engine, which
re-tries every alternative at every position); the specs each trigger enables are then read
off the hot lines alone. A file with neither a vocabulary word nor a long token run skips all
of it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from itertools import accumulate

from aura_agentic.rules.secrets.lazy_re import lazy_compile
from aura_agentic.rules.secrets.spec import VendorSpec

# Every credential name (see names.py) and every generic-credential keyword contains one of these.
CRED_WORDS = ("pass", "pw", "secret", "token", "key", "cred", "auth", "bearer", "sig")
# What the key-block, encoded-key, JWT, URL and auth-header detectors need on their line.
STRUCTURE_WORDS = ("begin", "putty", "ls0tls1crudjti", "eyj", "://", "jdbc:", "basic", "bot")
VOCABULARY = CRED_WORDS + STRUCTURE_WORDS
# Every vendor token holds a run of 16+ token characters (the shortest, a TOTP seed, is 16), so
# a file with neither a vocabulary word nor such a run cannot hold a secret. The separator in
# front lets the engine skip word characters instead of re-trying the run inside each one.
_TOKEN_RUN = lazy_compile(r"[^a-z0-9_\-+=][a-z0-9_\-+=]{16}")


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
    """Finds the vendor specs triggered on each line of lower-cased text.

    The trigger index is compiled lazily: the git hook imports this module on every commit, and
    most commits never get here.
    """

    def __init__(self, specs: Iterable[VendorSpec]) -> None:
        self.specs = tuple(specs)
        self._index: _TriggerIndex | None = None

    def specs_for(self, lower: str) -> set[VendorSpec]:
        """Return the vendor specs whose triggers occur in the lower-cased ``lower`` text."""
        return set().union(*self.specs_by_line([lower]).values())

    def specs_by_line(self, lowers: list[str]) -> dict[int, set[VendorSpec]]:
        """Map the index of each lower-cased line in ``lowers`` to the specs it triggers.

        Lines that trigger nothing are absent. No trigger can span a newline, so one pass over
        the joined text gives exactly what checking every trigger on every line would give.
        """
        text = "\n" + "\n".join(lowers)
        return self.specs_in(text, list(accumulate((len(t) + 1 for t in lowers), initial=0)))

    def specs_in(self, blob: str, starts: list[int]) -> dict[int, set[VendorSpec]]:
        """Like :meth:`specs_by_line`, over lines already joined as in a ``FileIndex``: behind
        one leading newline, line ``i`` starting just after offset ``starts[i]``."""
        index = self._trigger_index()
        found = index.regex_specs(blob, starts)
        index.literal_specs(blob, starts, [(0, len(starts) - 2)], found)
        return found

    def scan(self, blob: str, starts: list[int]) -> tuple[set[int], dict[int, set[VendorSpec]]]:
        """The hot lines of a file joined as for :meth:`specs_in`, and the vendor specs each
        triggers (only a hot line can trigger one: every trigger makes its line hot)."""
        if not any(word in blob for word in VOCABULARY) and _TOKEN_RUN.search(blob) is None:
            return set(), {}  # most small files of a commit: no need to build the index
        index = self._trigger_index()
        found = index.regex_specs(blob, starts)
        hot = index.hot_lines(blob, starts)
        hot.update(found)
        index.literal_specs(blob, starts, _runs(sorted(hot)), found)
        return hot, found

    def _trigger_index(self) -> _TriggerIndex:
        if self._index is None:
            self._index = _TriggerIndex(self.specs)
        return self._index


def _runs(indexes: list[int]) -> list[tuple[int, int]]:
    """Consecutive runs of ascending indexes as (first, last) pairs."""
    runs: list[tuple[int, int]] = []
    for at in indexes:
        if runs and runs[-1][1] == at - 1:
            runs[-1] = (runs[-1][0], at)
        else:
            runs.append((at, at))
    return runs


class _TriggerIndex:
    """The vocabulary and every literal vendor trigger compiled into one prefix-tree regex,
    plus the regex triggers."""

    def __init__(self, specs: tuple[VendorSpec, ...]) -> None:
        literal: dict[str, set[VendorSpec]] = {}
        regex: dict[str, set[VendorSpec]] = {}
        for spec in specs:
            for trigger in spec.triggers:
                if trigger[0] == "~":
                    regex.setdefault(trigger[1:], set()).add(spec)
                else:
                    literal.setdefault(trigger, set()).add(spec)
        # One tree regex holds the triggers and the vocabulary. It reports the longest word
        # starting at a position; every shorter trigger starting there is a prefix of it, so
        # each match enables all of those (a vocabulary word alone enables none).
        words = {*literal, *VOCABULARY}
        self.by_match: dict[str, frozenset[VendorSpec]] = {
            word: frozenset().union(
                *(literal[word[:end]] for end in range(1, len(word) + 1) if word[:end] in literal)
            )
            for word in words
        }
        # Searched again one character after each match start, so overlapping triggers are all
        # found; a plain (not lookahead) pattern lets the engine skip characters that start no
        # word (spaces, most punctuation) in C, ~30% faster.
        self.words = re.compile(_trie_regex(words))
        self.regex: list[tuple[Callable[[str], Iterator[re.Match[str]]], frozenset[VendorSpec]]]
        self.regex = [(re.compile(src).finditer, frozenset(s)) for src, s in regex.items()]

    def hot_lines(self, blob: str, starts: list[int]) -> set[int]:
        """Lines holding a vocabulary word or a literal trigger: after the first hit on a line
        the search resumes on the next one, so a hot line costs one match, however busy."""
        hot: set[int] = set()
        last = len(starts) - 2
        search = self.words.search
        match = search(blob)
        while match is not None:
            at = bisect_right(starts, match.start() - 1) - 1
            hot.add(at)
            if at >= last:
                break
            match = search(blob, starts[at + 1] + 1)
        return hot

    def literal_specs(
        self,
        blob: str,
        starts: list[int],
        runs: list[tuple[int, int]],
        found: dict[int, set[VendorSpec]],
    ) -> None:
        """Add the specs of the literal triggers on the lines of ``runs`` to ``found``."""
        by_match = self.by_match
        search = self.words.search
        for first, last in runs:
            end = starts[last + 1]
            match = search(blob, starts[first] + 1, end)
            while match is not None:
                at = match.start()
                specs = by_match[match.group()]
                if specs:
                    found.setdefault(bisect_right(starts, at - 1) - 1, set()).update(specs)
                match = search(blob, at + 1, end)

    def regex_specs(self, blob: str, starts: list[int]) -> dict[int, set[VendorSpec]]:
        """The specs of the regex triggers, by line."""
        found: dict[int, set[VendorSpec]] = {}
        for finditer, specs in self.regex:
            for match in finditer(blob):
                at = match.start()
                found.setdefault(bisect_right(starts, at - 1) - 1, set()).update(specs)
        return found
