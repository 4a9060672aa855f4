"""Unified diff parser that tolerates everything `git diff` (and `diff -u`) emits.

The parser never raises on bad input: problems are collected in `ParsedDiff.errors` and
parsing resynchronises on the next file header. It records, per file, the exact new-file
line number of every added line, plus the context lines around them, because rules need
the surrounding code (strings, `if __name__` blocks, function extents) to be precise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from aura_agentic.engine.paths import unquote_c

_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?(.*)$")
_SUBMODULE_MODE = "160000"
_SYMLINK_MODE = "120000"


@dataclass(slots=True)
class Hunk:
    """One hunk: where it starts in the new file, how many new lines, git's context text."""

    new_start: int
    new_len: int
    header: str


@dataclass(slots=True)
class FileDiff:
    """Everything the diff says about one file."""

    old_path: str | None = None
    new_path: str | None = None
    status: str = "modified"  # added | deleted | modified | renamed | copied
    old_mode: str | None = None
    new_mode: str | None = None
    binary: bool = False
    hunks: list[Hunk] = field(default_factory=list)
    added: dict[int, str] = field(default_factory=dict)
    context: dict[int, str] = field(default_factory=dict)
    has_file_header: bool = False  # a ---/+++ pair was seen for this file

    @property
    def path(self) -> str:
        """The path findings are reported on: the new path, or the old one for deletions."""
        return self.new_path or self.old_path or ""

    @property
    def is_submodule(self) -> bool:
        """True when either side is a gitlink (a submodule bump)."""
        return _SUBMODULE_MODE in (self.old_mode, self.new_mode)

    @property
    def is_symlink(self) -> bool:
        """True when the new side is a symbolic link (its "content" is just a target path)."""
        return self.new_mode == _SYMLINK_MODE or (
            self.new_mode is None and self.old_mode == _SYMLINK_MODE
        )

    @property
    def auditable(self) -> bool:
        """Whether rules should look at this file at all."""
        return bool(
            self.added
            and self.status != "deleted"
            and not self.binary
            and not self.is_submodule
            and not self.is_symlink
        )


@dataclass(slots=True)
class ParsedDiff:
    """The files of a diff plus the problems met while reading it."""

    files: list[FileDiff] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    return data.decode("utf-8", "replace")


def _strip_prefix(path: str) -> str:
    if path.startswith(("a/", "b/", "i/", "w/", "c/", "o/")):
        return path[2:]
    return path


def _header_path(raw: str) -> str | None:
    """Path from a `---`/`+++`/rename line: unquote, drop a `diff -u` timestamp, strip a/ b/."""
    raw = raw.rstrip("\r")
    if raw.startswith('"'):
        end = _closing_quote(raw, 0)
        raw = unquote_c(raw[: end + 1]) if end > 0 else raw
    elif "\t" in raw:
        raw = raw.split("\t", 1)[0]
    if raw == "/dev/null":
        return None
    return raw


def _closing_quote(text: str, start: int) -> int:
    i = start + 1
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == '"':
            return i
        i += 1
    return -1


def _git_line_paths(rest: str) -> tuple[str | None, str | None]:
    """Split the `a/X b/Y` tail of `diff --git`, which is ambiguous when paths hold spaces."""
    if rest.startswith('"'):
        end = _closing_quote(rest, 0)
        if end < 0:
            return None, None
        first = unquote_c(rest[: end + 1])
        second_raw = rest[end + 1 :].strip()
        second = unquote_c(second_raw) if second_raw.startswith('"') else second_raw
        return _strip_prefix(first), _strip_prefix(second)
    if rest.endswith('"'):
        start = rest.rfind(' "')
        if start > 0:
            return _strip_prefix(rest[:start]), _strip_prefix(unquote_c(rest[start + 1 :]))
    # Without a rename both halves are equal, so split exactly in the middle.
    n = len(rest)
    if n % 2 == 1:
        half = n // 2
        a, b = rest[:half], rest[half + 1 :]
        if rest[half] == " " and _strip_prefix(a) == _strip_prefix(b):
            return _strip_prefix(a), _strip_prefix(b)
    idx = rest.find(" b/")
    if idx > 0:
        return _strip_prefix(rest[:idx]), _strip_prefix(rest[idx + 1 :])
    return None, None


# One flat loop on purpose: it is the hot path, and helper calls per token cost time.
def parse_diff(data: bytes | str) -> ParsedDiff:  # noqa: PLR0915
    """Parse a unified diff into files with exact new-file line numbers for added lines.

    Accepts bytes (decoded as UTF-8 with replacement, so no input can crash it) or text;
    CRLF line endings, quoted and non-ASCII paths, binary sections, submodules and mode-only
    changes are all understood. Problems are reported in `errors`, never raised.
    """
    text = _decode(data)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    result = ParsedDiff()
    cur: FileDiff | None = None
    in_binary_patch = False
    i, n = 0, len(lines)
    saw_diff = False
    while i < n:
        line = lines[i]
        if line.endswith("\r"):
            line = line[:-1]
        if line.startswith("diff --git "):
            saw_diff = True
            in_binary_patch = False
            cur = FileDiff()
            result.files.append(cur)
            cur.old_path, cur.new_path = _git_line_paths(line[11:])
            i += 1
            continue
        if line.startswith(("diff --cc ", "diff --combined ")):
            saw_diff = True
            result.errors.append(f"line {i + 1}: combined (merge) diff skipped")
            cur = None
            in_binary_patch = True  # skip its body until the next file header
            i += 1
            continue
        if line.startswith("--- ") and i + 1 < n and lines[i + 1].startswith("+++ "):
            saw_diff = True
            in_binary_patch = False
            if cur is None or cur.hunks or cur.binary or cur.has_file_header:
                cur = FileDiff()
                result.files.append(cur)
            old = _header_path(line[4:])
            new = _header_path(lines[i + 1].rstrip("\r")[4:])
            cur.old_path = _strip_prefix(old) if old is not None else cur.old_path
            cur.new_path = _strip_prefix(new) if new is not None else cur.new_path
            if old is None:
                cur.status, cur.old_path = "added", None
            if new is None:
                cur.status, cur.new_path = "deleted", None
            cur.has_file_header = True
            i += 2
            continue
        if in_binary_patch or cur is None:
            i += 1
            continue
        m = _HUNK.match(line) if line.startswith("@@") else None
        if m:
            i = _read_hunk(lines, i, m, cur, result.errors)
            continue
        _header_line(line, cur)
        if line.startswith("GIT binary patch"):
            in_binary_patch = True
        i += 1
    if not saw_diff and text.strip():
        result.errors.append("input does not look like a unified diff (no file headers found)")
    return result


def _header_line(line: str, cur: FileDiff) -> None:
    """Apply one extended header line (`new file mode`, `rename from`, …) to `cur`."""
    if line.startswith("new file mode "):
        cur.status, cur.new_mode = "added", line[14:].strip()
    elif line.startswith("deleted file mode "):
        cur.status, cur.old_mode = "deleted", line[18:].strip()
    elif line.startswith("old mode "):
        cur.old_mode = line[9:].strip()
    elif line.startswith("new mode "):
        cur.new_mode = line[9:].strip()
    elif line.startswith("index "):
        parts = line.split()
        if len(parts) >= 3 and cur.new_mode is None and cur.old_mode is None:
            cur.old_mode = cur.new_mode = parts[2]
    elif line.startswith(("rename from ", "copy from ")):
        cur.status = "renamed" if line.startswith("rename") else "copied"
        cur.old_path = _header_path(line.split(" ", 2)[2])
    elif line.startswith(("rename to ", "copy to ")):
        cur.new_path = _header_path(line.split(" ", 2)[2])
    elif line.startswith("Binary files ") or line.startswith("GIT binary patch"):
        cur.binary = True


def _read_hunk(lines: list[str], i: int, m: re.Match[str], cur: FileDiff, errors: list[str]) -> int:
    """Read one hunk starting at header line `i`; return the index of the next unread line."""
    old_left = int(m.group(2)) if m.group(2) is not None else 1
    new_start = int(m.group(3))
    new_left = int(m.group(4)) if m.group(4) is not None else 1
    cur.hunks.append(Hunk(new_start, new_left, m.group(5) or ""))
    new_no = new_start
    header_at = i
    i += 1
    n = len(lines)
    added, context = cur.added, cur.context
    if old_left == 0 and new_left > 0:
        # A pure insertion (every new file): when all its lines are "+" lines, take them in
        # one slice instead of classifying them one by one.
        chunk = lines[i : i + new_left]
        if len(chunk) == new_left and all(line[:1] == "+" for line in chunk):
            added.update(
                zip(
                    range(new_no, new_no + new_left),
                    [line[1:-1] if line.endswith("\r") else line[1:] for line in chunk],
                    strict=True,
                )
            )
            i += new_left
            new_left = 0
    while i < n and (old_left > 0 or new_left > 0):
        line = lines[i]
        if line.endswith("\r"):
            line = line[:-1]
        tag = line[:1]
        if tag == "+" and new_left > 0:
            added[new_no] = line[1:]
            new_no += 1
            new_left -= 1
        elif tag == "-" and old_left > 0:
            old_left -= 1
        elif (tag == " " or line == "") and old_left > 0 and new_left > 0:
            context[new_no] = line[1:]
            new_no += 1
            old_left -= 1
            new_left -= 1
        elif tag == "\\":
            pass  # "\ No newline at end of file"
        else:
            errors.append(
                f"line {i + 1}: hunk at line {header_at + 1} of {cur.path!r} ends early "
                f"({old_left} old and {new_left} new lines missing)"
            )
            return i
        i += 1
    if old_left > 0 or new_left > 0:
        errors.append(f"hunk at line {header_at + 1} of {cur.path!r} is truncated")
    while i < n and lines[i].startswith("\\"):
        i += 1
    return i
