"""Values whose credential name is on a nearby line: YAML, Kubernetes, Terraform, ECS, plist.

Examples this understands::

    - name: DB_PASSWORD          variable "db_password" {      <key>ApiToken</key>
      value: "s3cr…"               default = "s3cr…"           <string>s3cr…</string>

    password: |                  credentials:                 {"name": "API_TOKEN", "value": "…"}
      s3cr…                        stripe: s3cr…

The nearest declaration above decides, so ``- name: LOG_LEVEL`` / ``value: debug`` following a
password entry is never attributed to the password.
"""

from __future__ import annotations

import re

from aura_agentic.rules.secrets.context import Candidate, ScanContext
from aura_agentic.rules.secrets.generic import GENERIC
from aura_agentic.rules.secrets.lazy_re import lazy_compile
from aura_agentic.rules.secrets.names import credential_kind
from aura_agentic.rules.secrets.values import value_is_credential

_VALUE = r"(?:\"(?P<dq>[^\"\n]{1,512})\"|'(?P<sq>[^'\n]{1,512})'|(?P<bare>[^\s\"',;#}\]]{1,512}))"
_SLOT = lazy_compile(
    r"(?<![\w-])[\"']?(?:value|Value|default|secretValue|secret_value|SecretString|val|data)[\"']?"
    r"[ \t]*(?::|=>|=)[ \t]*" + _VALUE
)
_XML_SLOT = lazy_compile(r"<(?:value|Value|string)>(?P<v>[^<\n]{1,512})</")
_CHILD = lazy_compile(
    r"^(?P<indent>[ \t]+)(?:-[ \t]+)?[\"']?(?P<k>[\w.\-]+)[\"']?[ \t]*:[ \t]*" + _VALUE
)
_BLOCK_VALUE = lazy_compile(r"^(?P<indent>[ \t]+)(?P<v>[^\s#]{6,512})[ \t]*$")
_INLINE_DECL = lazy_compile(
    r"[\"']?(?:name|Name|key|Key|ParameterKey|OptionName)[\"']?"
    r"[ \t]*[:=][ \t]*[\"']?(?P<n>[\w.\-]+)"
)
_DECLS = (
    lazy_compile(
        r"^[ \t]*(?:-[ \t]*)?[\"']?(?:name|Name|key|Key|ParameterKey|OptionName|variable)[\"']?"
        r"[ \t]*[:=][ \t]*[\"']?(?P<n>[\w.\-]+)"
    ),
    lazy_compile(r"^[ \t]*(?:variable|resource|data|output|secret)[ \t]+\"(?P<n>[\w\-]+)\""),
    lazy_compile(r"<key>(?P<n>[^<\n]{1,80})</key>"),
)
_HEADER = lazy_compile(
    r"^(?P<indent>[ \t]*)(?:-[ \t]*)?[\"']?(?P<n>[\w.\-]+)[\"']?[ \t]*:[ \t]*"
    r"(?P<block>[|>][-+]?\d?)?[ \t]*$"
)
_CHILD_DENY = frozenset(
    [
        "user",
        "username",
        "login",
        "host",
        "hostname",
        "port",
        "url",
        "uri",
        "endpoint",
        "name",
        "type",
        "region",
        "database",
        "db",
        "id",
        "email",
        "path",
        "file",
        "kind",
        "namespace",
        "version",
        "key_id",
        "enabled",
        "provider",
        "scheme",
        "mode",
    ]
)


def _indent(text: str) -> int:
    """Return the width of the leading whitespace of ``text``."""
    return len(text) - len(text.lstrip(" \t"))


def _declared_above(ctx: ScanContext, number: int, indent: int) -> tuple[str, bool, bool] | None:
    """Return (name, is_header, is_block) of the nearest declaration above line ``number``."""
    for above in ctx.above(number, 3):
        text = ctx.lines[above]
        for decl in _DECLS:
            match = decl.search(text)
            if match is not None:
                return match.group("n"), False, False
        header = _HEADER.match(text)
        if header is not None:
            if len(header.group("indent")) >= indent:
                return None
            return header.group("n"), True, header.group("block") is not None
    return None


def _value_of(match: re.Match[str]) -> tuple[int, str, bool]:
    """Return (offset, value, quoted) from a match with dq/sq/bare groups."""
    for group in ("dq", "sq"):
        if match.group(group) is not None:
            return match.start(group), match.group(group), True
    return match.start("bare"), match.group("bare"), False


def detect_slots(ctx: ScanContext, number: int, line: str) -> list[Candidate]:
    """Report values on line ``number`` whose credential name is declared on it or just above."""
    found: list[Candidate] = []
    lower = ctx.lower(number)
    slots: list[tuple[int, str, bool]] = []
    # Substrings every slot pattern needs: most lines skip both regexes (and the look above).
    if "val" in lower or "default" in lower or "data" in lower or "secretstring" in lower:
        slots = [_value_of(m) for m in _SLOT.finditer(line)]
    if "<value>" in lower or "<string>" in lower:
        slots += [(m.start("v"), m.group("v"), False) for m in _XML_SLOT.finditer(line)]
    if slots:
        inline = _INLINE_DECL.search(line)
        declared = (
            (inline.group("n"), False, False)
            if inline
            else _declared_above(ctx, number, _indent(line) + 1)
        )
    else:
        if line[:1] not in (" ", "\t"):
            return found  # a child value or block scalar line is always indented
        child = _CHILD.match(line)
        block = _BLOCK_VALUE.match(line)
        if child is None and block is None:
            return found
        declared = _declared_above(ctx, number, _indent(line))
        if declared is None or not declared[1]:
            return found
        if child is not None and not declared[2] and child.group("k").lower() not in _CHILD_DENY:
            slots.append(_value_of(child))
        elif block is not None:
            slots.append((block.start("v"), block.group("v"), False))
    if declared is None:
        return found
    kind = credential_kind(declared[0])
    if kind is None:
        return found
    for offset, value, quoted in slots:
        if value_is_credential(value, kind, quoted, ctx.path):
            found.append((GENERIC, offset, offset + len(value), value))
    return found
