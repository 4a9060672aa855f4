"""Regexes compiled on first use, for the engine's own rule packs: the git hook imports every
pack on each commit, and most commits never reach most patterns.

(The secrets pack keeps its own copy in `secrets/lazy_re.py`: it is self-contained.)
"""

from __future__ import annotations

import re
from typing import Any, cast


class _LazyPattern:
    """Stands in for a compiled pattern until an attribute is first asked for.

    On first use it compiles and copies the pattern's methods onto itself, so every later call
    is a plain attribute lookup plus the C method, with no ``__getattr__`` detour.
    """

    def __init__(self, source: str, flags: int) -> None:
        self._source = source
        self._flags = flags

    def __getattr__(self, name: str) -> Any:
        compiled = re.compile(self._source, self._flags)
        for method in ("search", "match", "fullmatch", "finditer", "findall", "sub", "split"):
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)


def lazy_compile(source: str, flags: int = 0) -> re.Pattern[str]:
    """A pattern that behaves like ``re.compile(source, flags)`` but compiles on first use."""
    return cast("re.Pattern[str]", _LazyPattern(source, flags))
