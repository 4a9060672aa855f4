"""Path helpers: git's C-style quoted paths, `**` globs, and language detection."""

from __future__ import annotations

from aura_agentic.engine.globs import glob_regex

_ESCAPES = {
    "a": 7,
    "b": 8,
    "t": 9,
    "n": 10,
    "v": 11,
    "f": 12,
    "r": 13,
    '"': 34,
    "\\": 92,
}

LANGUAGE_BY_EXT = {
    ".py": "python",
    ".pyw": "python",
    ".pyi": "python",
    ".js": "javascript",
    ".jsx": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
    ".ts": "typescript",
    ".tsx": "typescript",
    ".mts": "typescript",
    ".cts": "typescript",
    ".vue": "vue",
    ".svelte": "svelte",
}
# Languages whose code is JavaScript or TypeScript (components keep theirs in `<script>`).
JS_FAMILY = ("javascript", "typescript", "vue", "svelte")


def unquote_c(quoted: str) -> str:
    """Decode a git C-style quoted path (`"a/t\\303\\251st.py"`) into text.

    Git quotes paths with control characters, backslashes, quotes and (by default) non-ASCII
    bytes as octal escapes of their UTF-8 bytes, so we rebuild the bytes and decode them;
    undecodable bytes become U+FFFD instead of raising.
    """
    body = quoted[1:-1] if len(quoted) >= 2 and quoted[0] == quoted[-1] == '"' else quoted
    out = bytearray()
    i, n = 0, len(body)
    while i < n:
        ch = body[i]
        if ch != "\\" or i + 1 >= n:
            out += ch.encode("utf-8", "surrogateescape")
            i += 1
            continue
        nxt = body[i + 1]
        if nxt in "01234567":
            j = i + 1
            while j < n and j < i + 4 and body[j] in "01234567":
                j += 1
            out.append(int(body[i + 1 : j], 8) & 0xFF)
            i = j
        elif nxt in _ESCAPES:
            out.append(_ESCAPES[nxt])
            i += 2
        else:
            out += nxt.encode("utf-8", "surrogateescape")
            i += 2
    return out.decode("utf-8", "replace")


def glob_match(path: str, pattern: str) -> bool:
    """Match a repository-relative path against a glob with `**` (any depth) support.

    A pattern without a slash matches the file name at any depth (like .gitignore), so
    `*.min.js` excludes minified files everywhere; a trailing `/` means "this directory".
    """
    pattern = pattern.strip()
    if pattern.startswith("./"):
        pattern = pattern[2:]
    if pattern.endswith("/"):
        pattern += "**"
    if "/" not in pattern:
        return bool(glob_regex(pattern).match(path.rsplit("/", 1)[-1]))
    return bool(glob_regex(pattern.lstrip("/")).match(path))


def matches_any(path: str, patterns: tuple[str, ...] | list[str]) -> bool:
    """Return True when `path` matches at least one glob in `patterns`."""
    return any(glob_match(path, p) for p in patterns)


def language_of(path: str, first_line: str | None = None) -> str | None:
    """Guess a file's language from its extension, or a shebang when it has none."""
    name = path.rsplit("/", 1)[-1]
    dot = name.rfind(".")
    if dot > 0:
        lang = LANGUAGE_BY_EXT.get(name[dot:].lower())
        if lang:
            return lang
    if first_line and first_line.startswith("#!"):
        if "python" in first_line:
            return "python"
        if "node" in first_line or "deno" in first_line or "bun" in first_line:
            return "javascript"
    return None


def language_matches(language: str | None, wanted: tuple[str, ...]) -> bool:
    """Return True when a rule restricted to `wanted` languages applies (`js` = js or ts)."""
    if not wanted:
        return True
    if language is None:
        return False
    for w in wanted:
        if w == language:
            return True
        if w in ("js", "ts", "jsts") and language in JS_FAMILY:
            return True
        if w == "py" and language == "python":
            return True
    return False
