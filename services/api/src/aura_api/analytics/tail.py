"""The stored tail of a mastery row: its last outcomes with their times, as one string.

Each entry is WIDTH characters: the time as 13 hex digits of microseconds since the Unix
epoch (fixed width, so text order is time order), then the outcome code (c, i or l). A row
is read and written in every batch that touches it, and a string costs one object to decode
where a JSON list of [time, code] pairs cost 130; appending in time order is a slice.
"""

from __future__ import annotations

import bisect
from datetime import UTC, datetime, timedelta

STAMP = 13
WIDTH = STAMP + 1
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICRO = timedelta(microseconds=1)
_LIMIT = 16**STAMP - 1  # the year 2112


def stamp(at: datetime) -> str:
    """The sortable, fixed-width time of an entry (exact to the microsecond)."""
    micros = min(max((at - _EPOCH) // _MICRO, 0), _LIMIT)
    return f"{micros:013x}"


def size(tail: str) -> int:
    return len(tail) // WIDTH


def codes(tail: str) -> str:
    """The outcome codes, oldest first."""
    return tail[STAMP::WIDTH]


def entry_at(tail: str, index: int) -> str:
    return tail[index * WIDTH : (index + 1) * WIDTH]


def position(tail: str, entry: str) -> int:
    """Where `entry` goes to keep the tail sorted (after equal entries)."""
    n = size(tail)
    if n == 0 or entry >= tail[-WIDTH:]:
        return n
    return bisect.bisect_right(range(n), entry, key=lambda i: entry_at(tail, i))


def lessons_from(tail: str, at: str) -> int:
    """Completed lessons in the tail at or after the time `at` (a `stamp`)."""
    start = bisect.bisect_left(
        range(size(tail)), at, key=lambda i: tail[i * WIDTH : i * WIDTH + STAMP]
    )
    return codes(tail)[start:].count("l")
