"""`aura --help` is served from a cache of Typer's own rendering, identical to it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

AURA = str(Path(sys.executable).parent / "aura")


def _help(home: Path, columns: str = "80", arg: str = "--help") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "AURA_HOME": str(home), "COLUMNS": columns}
    return subprocess.run([AURA, arg], env=env, capture_output=True, text=True, check=False)


def test_cached_help_is_identical_to_typers(tmp_path: Path) -> None:
    first = _help(tmp_path)
    assert first.returncode == 0
    cached = list((tmp_path / "cache").glob("help-*.txt"))
    assert len(cached) == 1
    assert cached[0].read_text() == first.stdout
    second = _help(tmp_path)
    assert (second.returncode, second.stdout) == (0, first.stdout)
    assert "Commands:" in second.stdout and "audit" in second.stdout


def test_short_flag_shares_the_cache(tmp_path: Path) -> None:
    long = _help(tmp_path)
    short = _help(tmp_path, arg="-h")
    assert short.stdout == long.stdout


def test_another_width_renders_again(tmp_path: Path) -> None:
    wide = _help(tmp_path, columns="80")
    narrow = _help(tmp_path, columns="60")
    assert narrow.returncode == 0
    assert narrow.stdout != wide.stdout
    # Only the newest rendering is kept.
    assert len(list((tmp_path / "cache").glob("help-*.txt"))) == 1


def test_a_stale_cache_is_not_served_after_the_code_changes(tmp_path: Path) -> None:
    _help(tmp_path)
    (cached,) = (tmp_path / "cache").glob("help-*.txt")
    # A different code stamp means a different file name: a leftover never matches.
    renamed = cached.with_name(cached.name.replace("help-", "help-old-"))
    cached.rename(renamed)
    renamed.write_text("stale\n")
    fresh = _help(tmp_path)
    assert "stale" not in fresh.stdout and "Commands:" in fresh.stdout
