"""Struggle in the terminal: the same rule blocking three commits within 30 minutes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aura_cli.main import app
from aura_cli.services.event_queue import EventQueue, queue_path
from aura_cli.services.repo_state import RepoState
from typer.testing import CliRunner

runner = CliRunner()


def test_third_block_emits_struggle_once_and_prints_the_lesson(repo: Path, h: Any) -> None:
    h.write(repo, "svc.py", "def handler():\n    print('debug')\n")
    h.git(repo, "add", ".")
    outputs = [runner.invoke(app, ["audit", "--staged", "--fail-on", "warning"]) for _ in range(4)]
    assert [o.exit_code for o in outputs] == [1, 1, 1, 1]
    assert "blocked 3 commits" not in outputs[1].stdout
    assert "blocked 3 commits" in outputs[2].stdout
    assert "lesson" in outputs[2].stdout.lower()
    assert "blocked 3 commits" not in outputs[3].stdout
    with EventQueue(queue_path()) as q:
        found = [e for e in q.due(limit=1000) if e["type"] == "struggle.detected"]
    assert len(found) == 1
    assert found[0]["rule_id"] == "python/debug-print" and found[0]["source"] == "cli"


def test_blocks_outside_the_window_do_not_count(repo: Path) -> None:
    with RepoState(repo) as state:
        assert state.record_block({"r/x"}, now=0.0) == []
        assert state.record_block({"r/x"}, now=100.0) == []
        assert state.record_block({"r/x"}, now=1860.0) == []  # the block at 0 has expired
        assert state.record_block({"r/x"}, now=1910.0) == []  # ...and so has the one at 100
        assert state.record_block({"r/x"}, now=1920.0) == ["r/x"]
        assert state.record_block({"r/x"}, now=1930.0) == []  # once per window
