"""Per-file scanning context: the known lines, their lower-cased forms, and neighbour access."""

from __future__ import annotations

from collections.abc import Mapping

from aura_agentic.rules.secrets.guards import is_fixture_path

# A raw candidate: rule id, 0-based start, 0-based end (exclusive), secret text.
Candidate = tuple[str, int, int, str]


class ScanContext:
    """Read-only view of one file's known lines with cached lower-casing.

    Detectors use it to look at neighbouring lines (a YAML key above, the body under a PEM
    header) without caring whether those lines were added or came from diff context.
    """

    __slots__ = ("_lower", "fixture", "lines", "path")

    def __init__(self, path: str, lines: Mapping[int, str]) -> None:
        self.path = path
        self.lines = lines
        self.fixture = is_fixture_path(path)
        self._lower: dict[int, str] = {}

    def get(self, number: int) -> str | None:
        """Return line ``number`` if it is known, else None."""
        return self.lines.get(number)

    def lower(self, number: int) -> str:
        """Return line ``number`` lower-cased ('' when unknown), computing it at most once."""
        cached = self._lower.get(number)
        if cached is None:
            cached = self.lines.get(number, "").lower()
            self._lower[number] = cached
        return cached

    def preload(self, lowers: dict[int, str]) -> None:
        """Seed the lower-case cache (the scanner lower-cases the whole file in one call)."""
        self._lower.update(lowers)

    def above(self, number: int, count: int) -> list[int]:
        """Return up to ``count`` known line numbers directly above ``number``, nearest first.

        Stops at the first gap, so context is never borrowed across lines the diff did not show.
        """
        found: list[int] = []
        for candidate in range(number - 1, number - 1 - count, -1):
            if candidate not in self.lines:
                break
            found.append(candidate)
        return found
