"""A Typer-free route for the two hot commands: `aura audit …` and `aura hook run …`.

Typer (with click and pydantic behind it) costs more to import than the whole audit of a typical
commit, and the pre-commit hook runs on every commit. So `main.run()` first offers argv to this
parser, which accepts only the plain, valid spellings of those commands and otherwise returns None
so Typer handles everything else (help, completion, errors) with its usual messages. The options
mirror `commands/audit.py`; tests check that both routes agree.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aura_cli.services.audit_runner import AuditRequest

_VALUE_OPTS = {"--range", "--diff", "--format", "--fail-on", "--repo", "--config"}
_MODE_FLAGS = {"--staged": "staged", "--all": "all"}


def parse_audit(args: list[str]) -> AuditRequest | None:
    """An AuditRequest for `aura audit ARGS`, or None when Typer should parse them instead."""
    from aura_cli.services.audit_runner import FAIL_ON, FORMATS, AuditRequest

    values: dict[str, str] = {}
    modes: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in _MODE_FLAGS:
            modes.append(_MODE_FLAGS[arg])
        elif "=" in arg and arg.split("=", 1)[0] in _VALUE_OPTS:
            key, value = arg.split("=", 1)
            if key in values:
                return None
            values[key] = value
        elif arg in _VALUE_OPTS and i + 1 < len(args) and args[i] not in values:
            values[arg] = args[i + 1]
            i += 1
        else:
            return None
        i += 1
    if "--range" in values:
        modes.append("range")
    if "--diff" in values:
        modes.append("diff")
    if len(modes) > 1:
        return None
    fmt = values.get("--format", "text")
    fail_on = values.get("--fail-on", "error")
    if fmt not in FORMATS or fail_on not in FAIL_ON:
        return None
    mode = modes[0] if modes else "staged"
    return AuditRequest(
        mode=mode,
        spec=values.get("--range") or values.get("--diff"),
        repo=Path(values["--repo"]) if "--repo" in values else None,
        config=Path(values["--config"]) if "--config" in values else None,
        fmt=fmt,
        fail_on=fail_on,
    )


def try_run(argv: list[str]) -> int | None:
    """Run `argv` here when it is a plain hot-path command; None hands it to Typer."""
    if not argv:
        return None
    if argv[0] == "audit":
        req = parse_audit(argv[1:])
    elif argv[:2] == ["hook", "run"] and len(argv) >= 3 and argv[2] in ("pre-commit", "pre-push"):
        from aura_cli.services.audit_runner import hook_request

        req = hook_request(argv[2])
    else:
        return None
    if req is None:
        return None
    from aura_cli.errors import CliError
    from aura_cli.services.audit_runner import run_audit

    try:
        return run_audit(req)
    except CliError as exc:
        print(f"aura: {exc.message}", file=sys.stderr)
        return exc.exit_code
