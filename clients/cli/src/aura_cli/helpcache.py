"""Serve `aura --help` from a cache of Typer's own rendering, so it does not import Typer.

The cache key covers everything the text depends on: the aura version, the command modules
(their modification times) and the wrap width. A miss runs Typer as usual and records its output.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

_HELP_ARGS = (["--help"], ["-h"])
_PACKAGE = Path(__file__).parent


def is_root_help(argv: list[str]) -> bool:
    return argv in _HELP_ARGS


def _width() -> int:
    # Click wraps at the terminal width, capped at 80 columns.
    try:
        columns = int(
            os.environ.get("COLUMNS") or os.get_terminal_size(sys.stdout.fileno()).columns
        )
    except (OSError, ValueError):
        columns = 80
    return min(columns, 80)


def cache_path() -> Path:
    """Where the rendering for this version, code and width is kept."""
    from aura_cli import __version__

    stamp = 0
    for folder in (_PACKAGE, _PACKAGE / "commands"):
        with os.scandir(folder) as entries:
            stamp ^= sum(e.stat().st_mtime_ns for e in entries if e.name.endswith(".py"))
    home = Path(os.environ.get("AURA_HOME") or Path.home() / ".aura")
    return home / "cache" / f"help-{__version__}-{_width()}-{stamp:x}.txt"


def serve_cached() -> bool:
    """Print the cached help and return True, or return False on a miss."""
    try:
        text = cache_path().read_text(encoding="utf-8")
    except OSError:
        return False
    sys.stdout.write(text)
    sys.stdout.flush()
    return True


def render_and_store(run_typer: Callable[[], None]) -> None:
    """Run Typer's help while recording what it prints; store it when it succeeded."""
    real = sys.stdout
    tee = _Tee(real)
    sys.stdout = tee
    code: object = 0
    try:
        run_typer()
    except SystemExit as exc:
        code = exc.code
        raise
    finally:
        sys.stdout = real
        if code in (0, None) and tee.buffer.getvalue():
            _store(tee.buffer.getvalue())


def _store(text: str) -> None:
    path = cache_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for stale in path.parent.glob("help-*.txt"):
            stale.unlink(missing_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass  # a read-only home only costs speed


class _Tee:
    """A stdout stand-in that also keeps a copy of the text written."""

    def __init__(self, real: object) -> None:
        import io

        self.real = real
        self.buffer = io.StringIO()

    def write(self, text: str) -> int:
        self.buffer.write(text)
        return self.real.write(text)  # type: ignore[attr-defined, no-any-return]

    def flush(self) -> None:
        self.real.flush()  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> object:
        return getattr(self.real, name)
