"""Line-level facts about one file, found by C-speed passes over its lower-cased text.

The scanner asks the same questions of many lines ("does it name a credential?", "which
lines sit just below one that does?"). Answering them with `str.find` over the whole file,
then mapping offsets to line indexes, costs a few milliseconds per megabyte; asking each line
in a Python loop costs ten times that on a large diff.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from itertools import accumulate


class FileIndex:
    """The known lines of one file by position (index), with their lower-cased text.

    ``blob`` is the lower-cased lines joined with newlines behind one leading newline (so a
    token at the very start of the file has a separator before it); ``starts[i]`` is line
    ``i``'s offset in that text without the leading newline, and ``starts[-1]`` the end.
    """

    __slots__ = ("_found", "blob", "lowers", "numbers", "starts")

    def __init__(self, numbers: list[int], texts: list[str]) -> None:
        self.numbers = numbers
        lowers = "\n".join(texts).lower().split("\n")
        if len(lowers) != len(texts):  # a caller's line held a newline of its own
            lowers = [text.lower() for text in texts]
        self.lowers = lowers
        self.blob = "\n" + "\n".join(lowers)
        self.starts = list(accumulate((len(t) + 1 for t in lowers), initial=0))
        self._found: dict[tuple[str, ...], set[int]] = {}

    def with_any(self, words: tuple[str, ...]) -> set[int]:
        """Indexes of the lines containing any of ``words`` (lower-case, no newlines)."""
        found = self._found.get(words)
        if found is None:
            found = self._found[words] = set().union(*(self._with(word) for word in words))
        return found

    def _with(self, word: str) -> set[int]:
        found = self._found.get((word,))
        if found is not None:
            return found
        blob, starts = self.blob, self.starts
        last = len(starts) - 2
        found = self._found[(word,)] = set()
        at = blob.find(word)
        while at >= 0:
            index = bisect_right(starts, at - 1) - 1
            found.add(index)
            if index >= last:
                break
            at = blob.find(word, starts[index + 1] + 1)  # one hit per line is enough
        return found

    def below(self, indexes: Iterable[int], count: int) -> set[int]:
        """Indexes of the lines up to ``count`` below any of ``indexes``, stopping at the first
        gap in line numbers, so context is never borrowed across lines the diff did not show."""
        numbers = self.numbers
        size = len(numbers)
        found: set[int] = set()
        for at in indexes:
            number = numbers[at]
            for step in range(1, count + 1):
                if at + step >= size or numbers[at + step] != number + step:
                    break
                found.add(at + step)
        return found
