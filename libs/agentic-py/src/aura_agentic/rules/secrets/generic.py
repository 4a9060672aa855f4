"""Generic credentials: random-looking literals assigned to credential-like names.

Handles the assignment shapes of most languages and config formats on one line (``KEY=value``,
``key: value``, ``"key": "value"``, ``key := "v"``, ``'key' => 'v'``, ``define('KEY', 'v')``,
``<key>v</key>``, ``key="K" value="v"``, ``--key=v`` / ``--key v``) and, in :mod:`.slots`, values
whose name sits on a nearby line (YAML, Kubernetes env lists, Terraform variables, plists).
"""

from __future__ import annotations

import re
from functools import lru_cache

from aura_agentic.rules.secrets.context import Candidate, ScanContext
from aura_agentic.rules.secrets.lazy_re import lazy_compile
from aura_agentic.rules.secrets.names import credential_kind
from aura_agentic.rules.secrets.readable import cut_at_escape
from aura_agentic.rules.secrets.samples import in_documentation_url
from aura_agentic.rules.secrets.values import value_is_credential

GENERIC = "secrets/generic-credential"

# Lower-case keyword fragments; a hit anchors the identifier scan around it.
KEYWORDS = lazy_compile(r"pass|pwd|pw\b|secret|token|key|auth|cred|bearer|sig")
_IDENT_BACK = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
_IDENT_TAIL = lazy_compile(r"[\w.\-]{0,120}")
_ANNOTATION = lazy_compile(r"[ \t]*:[ \t]*[A-Za-z_&][\w.\[\]<>|, &']{0,60}?[ \t]*=(?!=)")
_ATTR_VALUE = lazy_compile(
    r"[\"'][ \t]+(?:value|content|Value)[ \t]*=[ \t]*[\"'](?P<v>[^\"'\n]{1,512})[\"']"
)
_ASSIGN = lazy_compile(
    r"(?P<close>[\"'`]?)\]?[ \t]*\??(?P<op>:=|\?=|=>|=(?!=)|:(?!:)|,|>|[ \t]+)[ \t]*"
    r"(?:(?:[rbuRBU]{1,2}|@|new[ \t]+String\(|!!str[ \t]+)(?=[\"'`]))?"
    r"(?:\"(?P<dq>[^\"\n]{0,512})\"|'(?P<sq>[^'\n]{0,512})'|`(?P<bq>[^`\n]{0,512})`"
    r"|(?P<bare>[^\s\"'`,;&<>(){}\[\]|]{1,512}))"
)
# In code, `name: value` is a type annotation or an object entry unless it is config text in
# a comment or string: a value that is an attribute chain, is followed by what ends a parameter
# or entry, or reads as a CamelCase type name is code.
_ATTRIBUTE_CHAIN = lazy_compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+")
_ENDS_ENTRY = lazy_compile(r"[ \t]*[|,)=\]}]")
_TYPE_WORD = lazy_compile(r"[A-Z][a-z]{3,}")


def _annotation_like(value: str, rest: str) -> bool:
    """Whether an unquoted `name: value` in source code is code rather than a literal."""
    if _ATTRIBUTE_CHAIN.fullmatch(value) or _ENDS_ENTRY.match(rest):
        return True
    return value[:1].isupper() and len(_TYPE_WORD.findall(value)) >= 2


_SCHEME = lazy_compile(r"(?:Bearer|bearer|Basic|basic|Token|token|Bot|ApiKey|SSWS)[ \t]+(?=\S{8})")
_CODE_EXT = (
    ".py",
    ".js",
    ".ts",
    ".tsx",
    ".jsx",
    ".mjs",
    ".cjs",
    ".go",
    ".java",
    ".kt",
    ".kts",
    ".rb",
    ".php",
    ".cs",
    ".swift",
    ".rs",
    ".scala",
    ".c",
    ".cc",
    ".cpp",
    ".h",
    ".hpp",
    ".m",
    ".dart",
    ".lua",
    ".groovy",
    ".r",
    ".jl",
    ".ex",
    ".exs",
    ".clj",
    ".vue",
    ".svelte",
)


@lru_cache(maxsize=64)
def _is_code(path: str) -> bool:
    """Whether ``path`` is source code (asked once per candidate line, so cached per path)."""
    return path.lower().endswith(_CODE_EXT)


def _identifier_at(line: str, pos: int) -> tuple[int, int]:
    """Return the [start, end) span of the identifier containing position ``pos``."""
    start = pos
    limit = max(0, pos - 120)
    while start > limit and line[start - 1] in _IDENT_BACK:
        start -= 1
    tail = _IDENT_TAIL.match(line, pos)
    end = tail.end() if tail else pos
    while end > start and line[end - 1] in ".-":
        end -= 1
    return start, end


def parse_value(
    line: str, start: int, end: int, is_code: bool, backticks: bool = True
) -> tuple[int, str, bool] | None:
    """Parse the literal assigned to the name at [start, end); return (offset, value, quoted).

    Returns None when what follows the name is not an assignment of a literal: a comparison, a
    call, an attribute chain, a type annotation without default, or a bare word in source code.
    `backticks` says whether the language has backtick literals (Python has none: a backtick
    there is reStructuredText or Markdown in a comment or docstring).
    """
    attr = _ATTR_VALUE.match(line, end)
    if attr is not None:
        return attr.start("v"), attr.group("v"), True
    annotation = _ANNOTATION.match(line, end)
    match = _ASSIGN.match(line, annotation.end() - 1 if annotation else end)
    if match is None:
        return None
    op, closed = match.group("op"), bool(match.group("close"))
    before = line[start - 1] if start else ""
    flag = line[start] == "-"
    if op == "," and not (closed and _opens_pair(line, start)):
        return None  # only `("name", "value")` / `define('NAME', 'v')` pair a name and value
    if op == ">" and not (closed or before == "<"):
        return None
    if op == ">" and match.group("bare") is not None and not line.startswith("</", match.end()):
        return None  # XML element text must be closed right after: <password>v</password>
    if op.isspace() and not flag:
        return None
    for group in ("dq", "sq", "bq"):
        value = match.group(group)
        if value is not None:
            if group == "bq" and not backticks:
                return None
            if _JOINED.match(line, match.end()) is not None:
                return None  # `"AWS3-HTTPS " + sig`, `["a", "b", "c"]`: part of a whole
            if op == "," and _MORE_ITEMS.match(line, match.end()) is not None:
                return None
            scheme = _SCHEME.match(value)
            skip = scheme.end() if scheme else 0
            return match.start(group) + skip, value[skip:], True
    bare = match.group("bare")
    if op == ",":
        return None  # `"--password", prompt=True`: an option declaration, not a value
    # a query or connection-string parameter (`?password=…`, `;Password=…`) is data even when
    # the string holding it sits in source code
    parameter = before in ("?", "&", ";") and not in_documentation_url(line.lower())
    if bare is None or (is_code and not flag and not parameter and op not in (":", ">")):
        # unquoted words in source code are expressions, not literals
        return None
    if is_code and op == ":" and _annotation_like(bare, line[match.end() :]):
        return None  # `key: ed25519.PrivateKey`, `(key: KeyTypes | None,`, `{auth: header}`
    if op.isspace() and bare.startswith("-"):
        return None  # `--no-ask-password --scope`: the next flag, not the flag's value
    follows = line[match.end() : match.end() + 1]
    if follows in ("(", "[") or (follows in ("<", ">") and op != ">"):
        return None  # a call, an index, or prose (`a->b`, `x<y`): not a standalone literal
    if bare.lower() in ("bearer", "basic", "token", "bot"):
        follow = re.match(r"[ \t]+([^\s\"'`,;<>]{8,512})", line[match.end() :])
        if follow is None:
            return None
        return match.end() + follow.start(1), follow.group(1), False
    return match.start("bare"), bare, False


# What follows a quoted value that makes it a piece: concatenation, or a third list item.
_JOINED = lazy_compile(r"[ \t]*(?:\+|\.\.|\|\|)(?!\+)")
_MORE_ITEMS = lazy_compile(r"[ \t]*,[ \t]*[\"'`]")


def _opens_pair(line: str, start: int) -> bool:
    """Whether the quoted name at ``start`` opens a call, tuple or list: `("password", "v")`,
    not a value in the middle of one (`('Alice', 'pw', '1990-12-25')`, `code: 'PW', …`)."""
    at = start - 2  # before the opening quote
    while at >= 0 and line[at] in " \t":
        at -= 1
    return at < 0 or line[at] in "([{"


# A token in the query of an image URL is a badge's read-only graph token, public by design.
_IMAGE_EXTS = (".svg", ".png", ".gif", ".jpg", ".jpeg", ".webp")
_BADGE_QUERY = lazy_compile(r"\.(?:svg|png|gif|jpe?g|webp)\?[^\s\"'()<>]*$", re.IGNORECASE)


def detect_generic(ctx: ScanContext, line: str, lower: str) -> list[Candidate]:
    """Report random-looking literals assigned to credential-like names on this line."""
    found: list[Candidate] = []
    is_code = _is_code(ctx.path)
    backticks = not ctx.path.lower().endswith((".py", ".pyi"))
    seen_end = -1
    badge = "?" in line and any(ext in lower for ext in _IMAGE_EXTS)
    for hit in KEYWORDS.finditer(lower):
        if hit.start() < seen_end:
            continue
        start, end = _identifier_at(line, hit.start())
        seen_end = end
        name = line[start:end].lstrip("-.$@:")
        kind = credential_kind(name)
        if kind is None:
            continue
        parsed = parse_value(line, start, end, is_code, backticks)
        if parsed is None:
            continue
        offset, raw, quoted = parsed
        if badge and _BADGE_QUERY.search(line, max(0, start - 300), start) is not None:
            continue
        value = cut_at_escape(raw.strip() if quoted else raw.rstrip(".,;"))
        offset += len(raw) - len(raw.lstrip()) if quoted else 0
        if value_is_credential(value, kind, quoted, ctx.path):
            found.append((GENERIC, offset, offset + len(value), value))
    return found
