"""Writing user files safely: a temporary file, fsync, then an atomic rename."""

from __future__ import annotations

import os
from pathlib import Path


def atomic_write(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Write `data` to `path` via a temporary file and rename, creating parents as needed.

    The temporary file is created with `mode` from the start (never chmod-after-write), so a secret
    is never readable by others even for an instant, and readers see either the old or new file.
    """
    import tempfile  # not on the hook's read-only path

    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def aura_home() -> Path:
    """Return the folder holding the user's Aura config, credentials, queue and caches.

    `AURA_HOME` wins so tests and sandboxes never touch the real home; otherwise `~/.aura`.
    """
    env = os.environ.get("AURA_HOME")
    return Path(env).expanduser() if env else Path.home() / ".aura"
