"""What a matcher sees about one file: known new-file lines, which are added, and segments."""

from __future__ import annotations

from dataclasses import dataclass, field
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


def segments_from_lines(lines: dict[int, str], headers: dict[int, str]) -> list[Segment]:
    """Group known line numbers into consecutive runs, attaching hunk headers by start line."""
    segs: list[Segment] = []
    if not lines:
        return segs
    keys = sorted(lines)
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
