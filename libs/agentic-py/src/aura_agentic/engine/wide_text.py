"""UTF-16 text files: git calls them binary (they hold NUL bytes), but they are text.

Windows tools write `.reg`, `.ps1`, `.rc`, `.vcxproj.user`, Visual Studio and SQL Server files
in UTF-16, with or without a byte-order mark, and credentials leak through them like any
other file. With the working tree at hand, a binary file that git reports as added is read
and, when it decodes as UTF-16, audited like a text file whose every line is new. A modified
binary file is not (the diff does not say which of its lines changed).
"""

from __future__ import annotations

from pathlib import Path

from aura_agentic.engine.diff import FileDiff

_MAX_BYTES = 2_000_000
_SAMPLE = 4096


def utf16_encoding(raw: bytes) -> str | None:
    """The UTF-16 codec of `raw` (by its byte-order mark, or by where its NUL bytes sit),
    or None when it is not UTF-16 text."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = raw[:_SAMPLE]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    half = len(sample) // 2
    # ASCII-range text in UTF-16 has a NUL in one byte of most characters, never in both
    if odd.count(0) >= 0.6 * half and even.count(0) <= 0.02 * half:
        return "utf-16-le"
    if even.count(0) >= 0.6 * half and odd.count(0) <= 0.02 * half:
        return "utf-16-be"
    return None


def decode_utf16(raw: bytes) -> str | None:
    """The text of a UTF-16 file, or None when it is not one."""
    codec = utf16_encoding(raw)
    if codec is None:
        return None
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError:
        return None
    text = text.removeprefix("\ufeff")
    return None if "\x00" in text else text


def read_wide_text(f: FileDiff, root: Path) -> bool:
    """Turn an added binary `f` into an added text file when the working tree holds it as
    UTF-16 text; returns whether it did."""
    if not f.binary or f.status not in ("added", "copied") or not f.new_path:
        return False
    path = root / f.new_path
    try:
        if not path.is_file() or path.stat().st_size > _MAX_BYTES:
            return False
        raw = path.read_bytes()
    except OSError:
        return False
    text = decode_utf16(raw)
    if text is None:
        return False
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    f.added = {i + 1: line.removesuffix("\r") for i, line in enumerate(lines)}
    f.binary = False
    return bool(f.added)
