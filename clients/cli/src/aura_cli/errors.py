"""Errors the CLI maps to exit codes; kept import-free so every module can raise them."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


class CliError(Exception):
    """A failure to report on stderr as `aura: <message>` with a documented exit code.

    Exit code 2 means usage or configuration error (the default); commands that talk to the
    server use 1 for "the server said no" so scripts can tell the two apart.
    """

    def __init__(self, message: str, exit_code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
