"""Run the issue #11 attack probes (services/api/tests/probes.py) against a deployment.

    uv run python scripts/fuzz/probe.py --base-url http://lb:8080
    uv run python scripts/fuzz/probe.py                 # own SQLite and PostgreSQL servers
    uv run python scripts/fuzz/probe.py --only sessions,contract

Prints PASS or FAIL per probe; exit status 1 when any failed, 2 on a setup error.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
import traceback
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "services" / "api" / "tests"))

from probes import ALL
from servers import local_server


async def run_probes(base: str, names: list[str], label: str) -> bool:
    clean = True
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        for name in names:
            start = time.monotonic()
            try:
                await ALL[name](client)
                outcome = "PASS"
            except AssertionError as exc:
                clean, outcome = False, f"FAIL {exc}"
            except httpx.HTTPError:
                clean, outcome = False, "FAIL " + traceback.format_exc(limit=1)
            print(f"[{label}] {name:<18} {time.monotonic() - start:5.1f}s  {outcome}", flush=True)
    return clean


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", help="probe this deployment instead of starting servers")
    parser.add_argument("--databases", default="sqlite,postgres", help="servers to start")
    parser.add_argument("--only", help=f"comma-separated probes of: {', '.join(ALL)}")
    args = parser.parse_args()
    names = [n for n in (args.only or ",".join(ALL)).split(",") if n]
    if unknown := set(names) - set(ALL):
        parser.error(f"unknown probes: {', '.join(sorted(unknown))}")
    try:
        if args.base_url:
            return 0 if asyncio.run(run_probes(args.base_url.rstrip("/"), names, "remote")) else 1
        clean = True
        for kind in args.databases.split(","):
            with local_server(kind) as base:
                clean = asyncio.run(run_probes(base, names, kind)) and clean
        return 0 if clean else 1
    except (RuntimeError, httpx.HTTPError) as exc:
        print(f"probe: setup failed: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
