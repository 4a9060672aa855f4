"""What a matcher sees about one file: known new-file lines, which are added, and segments."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of consecutive known new-file lines (a hunk, or the whole file).

    `header` is git's hunk context text (the enclosing `def`/`class`/`if` line git shows after
    `@@`), which lets rules guess the state at the segment start when the file is not known.
    """

    start: int
    end: int
    header: str = ""


@dataclass(slots=True)
class FileContext:
    """One file under audit; `cache` lets several rules share one expensive analysis."""

    path: str
    language: str | None
    lines: dict[int, str]
    added: list[int]
    segments: list[Segment]
    whole_file: bool = False
    cache: dict[str, Any] = field(default_factory=dict)
    # The repository the file belongs to, when known: rules may read its manifests
    # (entry points, package.json scripts) to tell a program from a library.
    repo_root: Path | None = None
    _added_set: frozenset[int] | None = None

    @property
    def added_set(self) -> frozenset[int]:
        """The added line numbers as a set (built once)."""
        if self._added_set is None:
            self._added_set = frozenset(self.added)
        return self._added_set

    def text(self, line: int) -> str:
        """The new-file text of `line`, or "" when the diff does not show it."""
        return self.lines.get(line, "")

    def added_with(self, *words: str) -> list[int]:
        """The added line numbers (ascending) whose text contains any of `words`.

        Rules use it as their cheap prefilter: `str.find` over the file's joined added text
        costs a few milliseconds per megabyte, where a Python loop over every line costs ~20x.
        """
        joined = self.cache.get("added_text")
        if joined is None:
            joined = self.cache["added_text"] = _Joined([self.lines.get(n, "") for n in self.added])
        return [self.added[i] for i in joined.lines_with(words)]

    def any_line_has(self, word: str) -> bool:
        """Whether any known line (added or context) contains `word`."""
        blob = self.cache.get("known_text")
        if blob is None:
            blob = self.cache["known_text"] = "\n".join(self.lines.values())
        return word in blob


class _Joined:
    """Lines joined with newlines, with their start offsets, to find words at C speed."""

    __slots__ = ("starts", "text")

    def __init__(self, texts: list[str]) -> None:
        self.text = "\n".join(texts)
        self.starts = list(accumulate((len(t) + 1 for t in texts), initial=0))

    def lines_with(self, words: tuple[str, ...]) -> list[int]:
        """Indexes of the lines containing any of `words` (none of which holds a newline)."""
        text, starts = self.text, self.starts
        found: set[int] = set()
        for word in words:
            at = text.find(word)
            while at >= 0:
                index = bisect_right(starts, at) - 1
                found.add(index)
                at = text.find(word, starts[index + 1])  # one hit per line is enough
        return sorted(found)


def segments_from_lines(lines: dict[int, str], headers: dict[int, str]) -> list[Segment]:
    """Group known line numbers into consecutive runs, attaching hunk headers by start line."""
    segs: list[Segment] = []
    if not lines:
        return segs
    keys = sorted(lines)
    if keys[-1] - keys[0] + 1 == len(keys):  # one run (a new file, a whole working-tree file)
        return [Segment(keys[0], keys[-1], _header_for(keys[0], headers))]
    start = prev = keys[0]
    for k in keys[1:]:
        if k != prev + 1:
            segs.append(Segment(start, prev, _header_for(start, headers)))
            start = k
        prev = k
    segs.append(Segment(start, prev, _header_for(start, headers)))
    return segs


def _header_for(start: int, headers: dict[int, str]) -> str:
    return headers.get(start, "")
