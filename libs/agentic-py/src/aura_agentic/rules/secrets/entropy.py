"""Cheap randomness measures used to tell generated credentials from words and identifiers."""

from __future__ import annotations

import math
from collections import Counter

_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")
_UPPER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_DIGIT = frozenset("0123456789")
_HEX = frozenset("0123456789abcdefABCDEF")


def shannon_entropy(value: str) -> float:
    """Return the Shannon entropy of ``value`` in bits per character.

    Random base64 of 40 characters scores about 5, random hex about 3.7, English words and
    identifiers typically below 3.3. The empty string scores 0.
    """
    if not value:
        return 0.0
    size = len(value)
    return -sum(c / size * math.log2(c / size) for c in Counter(value).values())


def char_classes(value: str) -> int:
    """Return how many of lower, upper, digit and symbol character classes ``value`` uses."""
    chars = set(value)
    return (
        bool(chars & _LOWER)
        + bool(chars & _UPPER)
        + bool(chars & _DIGIT)
        + bool(chars - _LOWER - _UPPER - _DIGIT)
    )


def is_hex(value: str) -> bool:
    """Return True when ``value`` is made only of hexadecimal digits."""
    return bool(value) and set(value) <= _HEX


def has_digit(value: str) -> bool:
    """Return True when ``value`` contains at least one ASCII digit."""
    return not _DIGIT.isdisjoint(value)


def looks_random(value: str, min_len: int, min_entropy: float) -> bool:
    """Decide whether ``value`` looks like a generated credential rather than a word.

    The value must reach ``min_len`` characters and ``min_entropy`` bits per character; the
    entropy bar is lowered for short values because a string of n distinct characters cannot
    exceed log2(n). Letters-only values must be long and mixed-case, since words and identifiers
    are letters-only far more often than real secrets are.
    """
    size = len(value)
    if size < min_len:
        return False
    bar = min(min_entropy, math.log2(size) * 0.83)
    if shannon_entropy(value) < bar:
        return False
    classes = char_classes(value)
    if classes == 1:
        # one class: only long random hex or long lowercase/uppercase/digit runs qualify
        return size >= 20 and shannon_entropy(value) >= 3.4 and not value.isdigit()
    if not has_digit(value) and classes == 2 and value.isalpha():
        return size >= 16 and shannon_entropy(value) >= 3.6
    return True
