"""A small structural check for the Mermaid diagrams in lessons.

There is no Mermaid parser usable offline from Python, so this validates what breaks rendering in
practice: a known diagram type on the first line, balanced brackets and quotes, well-formed arrows
and no empty node labels. It accepts the subset of the grammar the lessons use (flowchart/graph,
sequenceDiagram, stateDiagram-v2, classDiagram) and is deliberately stricter than Mermaid where the
real parser is lenient but the output surprises (unquoted brackets inside a label).
"""

from __future__ import annotations

import re

_FENCE = re.compile(r"^```mermaid[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
_DIRECTIONS = {"TB", "TD", "BT", "RL", "LR"}
_PAIRS = {"(": ")", "[": "]", "{": "}"}

# Flowchart pieces. Shapes are tried longest opener first so `[(` wins over `[`.
_SHAPES = (
    ("[[", "]]"), ("[(", ")]"), ("((", "))"), ("([", "])"), ("{{", "}}"),
    ("[/", "/]"), ("[\\", "\\]"), ("[", "]"), ("(", ")"), ("{", "}"), (">", "]"),
)  # fmt: skip
_NODE_ID = re.compile(r"[A-Za-z0-9_][\w.-]*")
_EDGE = re.compile(
    r"\s*(?:"
    r"(?P<arrow><?(?:-{2,}|={2,}|-\.+-)[>ox]?)(?:\|(?P<label>[^|]*)\|)?"
    r"|(?P<open>--|==|-\.)\s+(?P<text>[^|>]+?)\s+(?:-{2,}|={2,}|\.-)[>ox]?"
    r")\s*"
)
_FLOW_KEYWORDS = ("subgraph", "classDef", "class ", "style ", "click ", "linkStyle", "direction ")

_SEQ_ARROW = re.compile(
    r"^(?P<src>[\w][\w ]*?)\s*(?:-->>|->>|-->|->|--x|-x|--\)|-\))\s*[+-]?(?P<dst>[\w][\w ]*?)"
    r"\s*:(?P<text>.*)$"
)
_SEQ_NOTE = re.compile(r"^[Nn]ote\s+(?:over|left of|right of)\s+[\w ]+(?:,\s*[\w ]+)?\s*:\s*\S")
_SEQ_DECL = re.compile(r"^(?:participant|actor)\s+\w+(?:\s+as\s+\S.*)?$")
_SEQ_OPENERS = ("loop", "alt", "opt", "par", "critical", "break", "rect", "box")
_SEQ_MIDDLES = ("else", "and", "option")
_SEQ_SIMPLE = re.compile(r"^(?:autonumber|activate\s+\w+|deactivate\s+\w+|title\s+.+)$")

_STATE_NAME = r"(?:\[\*\]|[\w.-]+)"
_STATE_EDGE = re.compile(rf"^{_STATE_NAME}\s*-->\s*{_STATE_NAME}\s*(?::\s*\S.*)?$")
_STATE_LINE = re.compile(
    r"^(?:state\s+(?:\"[^\"]+\"\s+as\s+)?[\w.-]+(?:\s*<<\w+>>)?\s*\{?|\}|[\w.-]+\s*:\s*\S.*"
    r"|note\s+(?:left|right)\s+of\s+[\w.-]+(?:\s*:\s*\S.*)?|end note|--|direction\s+\w+)$"
)

_CLASS_REL = re.compile(
    r"^[\w~<>]+(?:\s+\"[^\"]*\")?\s*(?:<\|--|--\|>|\*--|--\*|o--|--o|-->|<--|--|\.\.>|<\.\.|\.\.\|>|<\|\.\.|\.\.)"
    r"\s*(?:\"[^\"]*\"\s+)?[\w~<>]+(?:\s*:\s*\S.*)?$"
)
_CLASS_LINE = re.compile(r"^(?:class\s+[\w~<>]+(?:\s*\{)?|\}|[\w~<>]+\s*:\s*\S.*|<<\w+>>.*)$")


def mermaid_blocks(markdown: str) -> list[str]:
    """The bodies of every ```mermaid fenced block in `markdown`."""
    return [m.group(1) for m in _FENCE.finditer(markdown)]


def validate_mermaid(source: str) -> list[str]:
    """Problems found in one diagram's source (empty when it looks well-formed)."""
    lines = [ln.strip() for ln in source.splitlines()]
    lines = [ln for ln in lines if ln and not ln.startswith("%%")]
    if not lines:
        return ["empty diagram"]
    header = lines[0].split()
    kind = header[0]
    if kind in ("stateDiagram-v2", "classDiagram"):
        # bodies in braces span lines: balance the whole diagram, brackets per line
        whole = _balance(" ".join(lines[1:]))
        problems = [whole] if whole else []
    else:
        # `-)`/`--)` are async arrows in sequence diagrams, not brackets
        problems = [
            f"line {i}: {p}"
            for i, ln in enumerate(lines[1:], 2)
            if (p := _balance(re.sub(r"--?\)", "->", ln) if kind == "sequenceDiagram" else ln))
        ]
    if kind in ("flowchart", "graph"):
        if len(header) != 2 or header[1] not in _DIRECTIONS:
            return [f"{kind} needs a direction (TB, TD, BT, RL or LR)", *problems]
        check = _flow_line
    elif kind == "sequenceDiagram" and len(header) == 1:
        return problems + _sequence(lines[1:])
    elif kind == "stateDiagram-v2" and len(header) == 1:
        check = _state_line
    elif kind == "classDiagram" and len(header) == 1:
        check = _class_line
    else:
        return [f"unknown diagram type {lines[0]!r}"]
    if len(lines) == 1:
        problems.append("diagram has no statements")
    problems += [f"line {i}: {p}" for i, ln in enumerate(lines[1:], 2) if (p := check(ln))]
    return problems


def _balance(line: str) -> str | None:
    stack: list[str] = []
    in_quote = False
    for ch in line:
        if ch == '"':
            in_quote = not in_quote
        elif in_quote:
            continue
        elif ch in _PAIRS:
            stack.append(_PAIRS[ch])
        elif ch in _PAIRS.values() and (not stack or stack.pop() != ch):
            return f"unbalanced {ch!r}"
    if in_quote:
        return "unterminated quote"
    if stack:
        return f"missing {stack[-1]!r}"
    return None


def _flow_line(line: str) -> str | None:
    line = line.rstrip(";").strip()
    if line == "end" or line.startswith(_FLOW_KEYWORDS):
        return None
    pos = _flow_nodes(line, 0)
    if isinstance(pos, str):
        return pos
    while pos < len(line):
        edge = _EDGE.match(line, pos)
        if edge is None or edge.end() == pos:
            return f"malformed arrow at {line[pos:]!r}"
        label = edge.group("label")
        if label is not None and not label.strip():
            return "empty edge label"
        if edge.end() >= len(line):
            return "arrow without a target node"
        nxt = _flow_nodes(line, edge.end())
        if isinstance(nxt, str):
            return nxt
        pos = nxt
    return None


def _flow_nodes(line: str, pos: int) -> int | str:
    """Parse `node (& node)*` from `pos`; the position after it, or a problem."""
    while True:
        while pos < len(line) and line[pos] == " ":
            pos += 1
        ident = _NODE_ID.match(line, pos)
        if ident is None:
            return f"expected a node at {line[pos:]!r}"
        pos = ident.end()
        for opener, closer in _SHAPES:
            if line.startswith(opener, pos):
                end = _shape_end(line, pos + len(opener), closer)
                if end is None:
                    return f"unclosed {opener!r} in node {ident.group()}"
                text = line[pos + len(opener) : end].strip()
                if not text or text == '""':
                    return f"empty node {ident.group()}"
                if not text.startswith('"') and any(c in text for c in "()[]{}"):
                    return f"quote the label of {ident.group()}: it contains brackets"
                pos = end + len(closer)
                break
        rest = line[pos:].lstrip()
        if not rest.startswith("&"):
            return pos
        pos = line.index("&", pos) + 1


def _shape_end(line: str, start: int, closer: str) -> int | None:
    if line.startswith('"', start):
        quote_end = line.find('"', start + 1)
        if quote_end < 0:
            return None
        found = line.find(closer, quote_end + 1)
        return found if found >= 0 and not line[quote_end + 1 : found].strip() else None
    found = line.find(closer, start)
    return found if found >= 0 else None


def _sequence(lines: list[str]) -> list[str]:
    problems: list[str] = []
    depth = 0
    if not lines:
        return ["diagram has no statements"]
    for i, line in enumerate(lines, 2):
        word = line.split()[0]
        if word in _SEQ_OPENERS:
            depth += 1
        elif word in _SEQ_MIDDLES:
            if depth == 0:
                problems.append(f"line {i}: {word!r} outside a block")
        elif line == "end":
            depth -= 1
            if depth < 0:
                problems.append(f"line {i}: 'end' without a block")
                depth = 0
        elif not (
            _SEQ_DECL.match(line)
            or _SEQ_NOTE.match(line)
            or _SEQ_SIMPLE.match(line)
            or _SEQ_ARROW.match(line)
        ):
            problems.append(f"line {i}: not a message, note or declaration: {line!r}")
    if depth:
        problems.append(f"{depth} block(s) without 'end'")
    return problems


def _state_line(line: str) -> str | None:
    if _STATE_EDGE.match(line) or _STATE_LINE.match(line):
        return None
    return f"not a state transition or declaration: {line!r}"


def _class_line(line: str) -> str | None:
    if _CLASS_REL.match(line) or _CLASS_LINE.match(line):
        return None
    # members inside a class body: `+name: type`, `+method(arg) ReturnType`
    if re.match(r"^[+\-#~]?[\w<>~\[\], ]+(?:\([^)]*\))?\s*[\w<>~\[\]]*\$?\*?$", line):
        return None
    return f"not a class relation, declaration or member: {line!r}"
