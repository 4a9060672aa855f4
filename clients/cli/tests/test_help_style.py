"""Every `aura` help page follows one style: choices listed, plain metavars, whole sentences."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import typer
from aura_cli.main import build_app
from typer.testing import CliRunner

runner = CliRunner()


def _commands() -> Iterator[list[str]]:
    root = typer.main.get_command(build_app())

    def walk(cmd: Any, path: list[str]) -> Iterator[list[str]]:
        yield path
        if hasattr(cmd, "commands"):  # a group (Typer may bring its own copy of Click)
            for name, sub in cmd.commands.items():
                if not sub.hidden:
                    yield from walk(sub, [*path, name])

    yield from walk(root, [])


def test_every_help_page_has_the_house_style() -> None:
    pages = 0
    for path in _commands():
        result = runner.invoke(build_app(), [*path, "--help"], env={"COLUMNS": "100"})
        assert result.exit_code == 0, path
        text = result.stdout
        pages += 1
        assert not re.search(r"<(bool|str|path|int)[^>]*>", text), (path, text)
        assert "{" not in text.split("\n", 1)[0], (path, text)  # usage line: no {name}
        listing = text.split("Commands:", 1)[1] if "Commands:" in text else ""
        assert "..." not in listing, (path, listing)  # no sentence cut short
        for option in ("--format", "--fail-on"):
            for line in text.splitlines():
                if line.strip().startswith(option + " "):
                    assert re.match(rf"\s*{option} \[[a-z]+(\|[a-z]+)+\]", line), (path, line)
    assert pages >= 20
