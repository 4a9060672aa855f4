"""Path globs (`src/**`, `**/*.min.js`) compiled to regexes that cannot backtrack badly.

Globs come from users (`include`/`exclude` in rules files, and on the server from any team
lead) and paths from diffs anyone can submit, so a naive translation (`**/a/**/b/*x*y*z`) is a
backtracking trap like any user regex. Here every wildcard whose extent another wildcard could
also claim is committed at its earliest possible end inside an atomic group; earliest is always
the best choice because the wildcard that follows can absorb whatever comes between. Matching
is therefore linear in the path for a fixed glob.

Semantics, as in .gitignore: `**` as a whole segment spans any number of directories
(zero included); `*` and `?` stay within one segment (`**` inside a segment is a `*`).
"""

from __future__ import annotations

import re
from functools import lru_cache

_ANY = "**"


def _part(text: str) -> str:
    return "".join("[^/]" if ch == "?" else re.escape(ch) for ch in text)


def _segment(glob: str) -> str:
    """One path segment: the chunks between stars, each but the last committed atomically."""
    parts = glob.split("*")
    if len(parts) == 1:
        return _part(glob)
    out = [_part(parts[0])]
    for middle in parts[1:-1]:
        if middle:
            out.append(f"(?>[^/]*?{_part(middle)})")
    out.append(f"[^/]*{_part(parts[-1])}")
    return "".join(out)


def _chunk(segments: list[str]) -> str:
    return "/".join(_segment(s) for s in segments)


def translate(pattern: str) -> str:
    """The regex source for a slash-separated glob, anchored at both ends."""
    segments: list[str] = []
    for seg in pattern.split("/"):
        if not (seg == _ANY and segments and segments[-1] == _ANY):
            segments.append(seg)
    # Split into chunks of plain segments around the `**` segments.
    chunks: list[list[str]] = [[]]
    for seg in segments:
        if seg == _ANY:
            chunks.append([])
        else:
            chunks[-1].append(seg)
    if len(chunks) == 1:
        return _chunk(chunks[0]) + r"\Z"
    out = [_chunk(chunks[0]) + "/" if chunks[0] else ""]
    for middle in chunks[1:-1]:
        # Between two `**`: the earliest whole-segment position where the chunk fits.
        out.append(f"(?>(?:[^/]*/)*?{_chunk(middle)}/)")
    last = chunks[-1]
    out.append(r"(?s:.*/)?" + _chunk(last) + r"\Z" if last else r"(?s:.*)\Z")
    return "".join(out)


@lru_cache(maxsize=1024)
def glob_regex(pattern: str) -> re.Pattern[str]:
    """The compiled, cached regex of `pattern` (see `translate`)."""
    return re.compile(translate(pattern))
