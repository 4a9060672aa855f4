"""Marks of documentation and templates inside a value: `<your-token>`, `xxxx`, `example`,
`myFakeKey`. Symbol marks count wherever they are; word marks count only as words, since a
random token holds `ToDo` or `fAKE` by chance."""

from __future__ import annotations

_SYMBOL_MARKERS = (
    "change_me",
    "change-me",
    "your_",
    "your-",
    "not_real",
    "not-real",
    "not-a-",
    "not_a_",
    "xxxx",
    "****",
    "...",
    "\u2026",
    "<",
    ">",
)
_LONG_MARK = 6  # a random token holds a six-letter mark in one case once in ~10^10 positions
_WORD_MARKERS = (
    "example",
    "sample",
    "dummy",
    "placeholder",
    "redacted",
    "changeme",
    "changeit",
    "yourtoken",
    "yourkey",
    "yourpass",
    "todo",
    "fixme",
    "replace",
    "insert",
    "notreal",
    "fake",
    "deadbeef",
    "bogus",
    "invalid",
)


def has_mark(value: str, lower: str) -> bool:
    """Whether ``value`` (and its lower-cased ``lower``) carries a placeholder mark (`xxx` at
    the start counts too: `xxx86722…` is a real value with its head masked)."""
    if lower.startswith("xxx") or any(marker in lower for marker in _SYMBOL_MARKERS):
        return True
    return _has_word_mark(value, lower)


def _has_word_mark(value: str, lower: str) -> bool:
    """Whether a word mark occurs as a word: in one case (`example`, `EXAMPLEKEY`, `Example`)
    and, for the short ones a random token could hold, not glued to letters of the same case
    (`myFakeKey` and `TODO_KEY` count, a random `…LoaeTOdoe5c…` does not)."""
    for marker in _WORD_MARKERS:
        at = lower.find(marker)
        while at >= 0:
            end = at + len(marker)
            word = value[at:end]
            one_case = word.islower() or word.isupper() or word.istitle()
            if one_case and (len(marker) >= _LONG_MARK or _bounded(value, at, end)):
                return True
            at = lower.find(marker, at + 1)
    return False


def _bounded(value: str, start: int, end: int) -> bool:
    word = value[start:end]
    before = value[start - 1] if start else ""
    after = value[end] if end < len(value) else ""
    if word.isupper():  # EXAMPLE: no upper-case letter may continue it
        return not before.isupper() and not after.isupper()
    # example / Example: no lower-case letter before a lower-case start, none after the end
    left = not (before.islower() and word[0].islower())
    return left and not after.islower()
