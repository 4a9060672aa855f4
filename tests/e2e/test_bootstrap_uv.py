"""`scripts/ensure-uv.sh` on a machine like stock Debian/Ubuntu: no uv, a system Python whose
pip refuses to install outside a virtual environment (PEP 668), perhaps no ensurepip either."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REAL_PYTHON = getattr(sys, "_base_executable", sys.executable)

# A stand-in for the system python3: it refuses `pip install` into itself the way an
# externally managed Python does, and with `no_ensurepip` also a venv with pip in it.
WRAPPER = """#!/bin/sh
if [ "$1 $2 $3" = "-m pip install" ]; then
  echo "error: externally-managed-environment" >&2
  exit 1
fi
if [ -n "{no_ensurepip}" ] && [ "$1 $2" = "-m venv" ]; then
  case " $* " in *" --without-pip "*) ;; *)
    echo "The virtual environment was not created successfully because ensurepip is not" >&2
    exit 1;;
  esac
fi
exec {python} "$@"
"""


def _machine(tmp_path: Path, *, no_ensurepip: bool) -> dict[str, str]:
    bin_dir = tmp_path / "system-bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "python3"
    wrapper.write_text(
        WRAPPER.format(python=REAL_PYTHON, no_ensurepip="yes" if no_ensurepip else "")
    )
    wrapper.chmod(0o755)
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "UV_", "XDG_"))}
    # Reuse the real pip cache so the uv wheel is downloaded once per machine, not per test.
    env.setdefault("PIP_CACHE_DIR", str(Path.home() / ".cache" / "pip"))
    env |= {"HOME": str(home), "PATH": f"{bin_dir}:/usr/bin:/bin"}
    return env


@pytest.mark.parametrize("no_ensurepip", [False, True], ids=["venv", "venv-without-ensurepip"])
def test_uv_is_bootstrapped_into_a_private_venv(tmp_path: Path, no_ensurepip: bool) -> None:
    env = _machine(tmp_path, no_ensurepip=no_ensurepip)
    assert subprocess.run(["sh", "-c", "command -v uv"], env=env, check=False).returncode != 0
    refused = subprocess.run(
        ["python3", "-m", "pip", "install", "--user", "uv"],
        env=env,
        capture_output=True,
        check=False,
    )
    assert refused.returncode != 0  # the old bootstrap's way is closed here

    done = subprocess.run(
        ["bash", str(ROOT / "scripts" / "ensure-uv.sh")],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    uv = Path(env["HOME"]) / ".local" / "bin" / "uv"
    assert done.stdout.strip().splitlines()[-1] == str(uv)
    assert uv.resolve().is_relative_to(Path(env["HOME"]) / ".local" / "share" / "aura")
    version = subprocess.run(
        [str(uv), "--version"], capture_output=True, text=True, env=env, check=False
    )
    assert version.returncode == 0 and version.stdout.startswith("uv ")
    # A second run finds it and installs nothing.
    again = subprocess.run(
        ["bash", str(ROOT / "scripts" / "ensure-uv.sh")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert again.returncode == 0 and again.stderr == ""
