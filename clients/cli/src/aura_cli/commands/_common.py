"""Helpers shared by the command modules: error mapping and JSON output."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import typer

from aura_cli.errors import CliError

P = ParamSpec("P")
R = TypeVar("R")

FORMAT_HELP = "Output format; with json, stdout carries only JSON."


def cli_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn CliError into `aura: message` on stderr and the error's exit code."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except CliError as exc:
            typer.echo(f"aura: {exc.message}", err=True)
            raise typer.Exit(exc.exit_code) from None

    return wrapper


def print_json(data: Any) -> None:
    """Write `data` as indented JSON to stdout (and nothing else)."""
    sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")


def check_format(fmt: str, allowed: tuple[str, ...]) -> None:
    """Reject an unknown `--format` with exit 2."""
    if fmt not in allowed:
        raise CliError(f"unknown format {fmt!r}; choose from {', '.join(allowed)}")


def repo_root(repo: Path | None) -> Path:
    """Top of the git working tree at `repo` (default: the current directory)."""
    from aura_cli.services import git

    return git.toplevel(repo.resolve() if repo else Path.cwd())
