"""Fuzz every operation of the API with schemathesis, as anonymous, member, lead and admin.

    uv run python scripts/fuzz/run.py                        # own SQLite and PostgreSQL servers
    uv run python scripts/fuzz/run.py --base-url http://lb:8080 --ops-token "$AURA_OPS_TOKEN"
    uv run python scripts/fuzz/run.py --databases sqlite --max-examples 5 --seed 7

Each role runs with a fixed seed and then a random one (printed, so a failure reproduces with
`--seed N`). The checks: no 5xx, responses match their schema, every status and header is
documented, invalid input is rejected, undeclared methods are 405 with a correct `Allow`, and
authenticated operations refuse anonymous calls. Path parameters are pinned to real resources
of the caller's team so the fuzzer reaches the handlers, not just the 404s; the operations that
would destroy those resources run once more at the end with random ids.
Exit status: 0 when every run is clean, 1 when any failed, 2 on a setup error.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from accounts import ROLES, World, build_world
from servers import local_server

FIXED_SEED = 20261206
CHECKS = (
    "not_a_server_error,status_code_conformance,content_type_conformance,"
    "response_headers_conformance,response_schema_conformance,negative_data_rejection,"
    "missing_required_header,unsupported_method,allow_header_conformance,ignored_auth"
)
# Would remove the pinned team (or a role from it) for every later case of the run.
DESTRUCTIVE = (
    ("DELETE", "/api/v1/teams/{team_id}"),
    ("POST", "/api/v1/teams/{team_id}/leave"),
    ("DELETE", "/api/v1/teams/{team_id}/members/{user_id}"),
)


def _schemathesis() -> str:
    return str(Path(sys.executable).with_name("schemathesis"))


def _toml(value: object) -> str:
    return json.dumps(value)  # JSON strings and numbers are valid TOML values


# 413 (a body collection above its maximum) is a rejection too.
REJECTIONS = [400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 428, 429]


def _config(world: World, role: str, pinned: bool) -> str:
    lines = [
        "[cache]",
        "enabled = false",  # nothing written into the working tree
        "",
        "[checks.negative_data_rejection]",
        f"expected-statuses = {_toml(REJECTIONS)}",
        "",
        "[parameters]",
        f'"query.max_seconds" = {_toml(0.1)}',
    ]
    if pinned:
        params = {
            "path.team_id": world.team_id,
            "path.user_id": world.user_ids["member"],
            "path.audit_id": world.audit_id,
            "path.run_id": world.run_id,
            "path.version": 1,
            "path.lesson_id": "python-debug-print",
            "query.team_id": world.team_id,
        }
        if world.webhook_id:
            params["path.webhook_id"] = world.webhook_id
        lines += [f'"{k}" = {_toml(v)}' for k, v in params.items()]
    headers = world.headers(role)
    if headers:
        lines += ["", "[headers]", f"Authorization = {_toml(headers['Authorization'])}"]
    return "\n".join(lines) + "\n"


def _run(
    schema: Path,
    world: World,
    role: str,
    seed: int,
    args: argparse.Namespace,
    pinned: bool,
    phases: str,
) -> tuple[bool, str]:
    with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as cfg:
        cfg.write(_config(world, role, pinned))
    command = [
        _schemathesis(), "--config-file", cfg.name, "run", str(schema), "--url", world.base,
        "--checks", CHECKS, "--max-examples", str(args.max_examples), "--seed", str(seed),
        "--phases", phases, "--workers", str(args.workers),
        "--suppress-health-check", "all", "--request-timeout", "30", "--no-color",
        "--generation-database", "none", "--exclude-deprecated",
    ]  # fmt: skip
    if pinned:
        for method, path in DESTRUCTIVE:
            command += ["--exclude-name", f"{method} {path}"]
    else:
        for method, path in DESTRUCTIVE:
            command += ["--include-name", f"{method} {path}"]
    out = subprocess.run(command, capture_output=True, text=True, check=False)
    Path(cfg.name).unlink(missing_ok=True)
    return out.returncode == 0, out.stdout + out.stderr


def _summary(output: str) -> str:
    cases = next((ln.strip() for ln in output.splitlines() if " generated" in ln), "")
    for line in reversed(output.splitlines()):
        if line.startswith("=") and line.endswith("=") and " in " in line:
            return f"{line.strip('= ').strip()}; {cases}"
    return "no summary (see the output above)"


def fuzz(base: str, label: str, args: argparse.Namespace) -> bool:
    """Every role against `base`; prints one line per run and the failures in full."""
    world = build_world(base)
    headers = {"Authorization": f"Bearer {args.ops_token}"} if args.ops_token else {}
    schema_doc = httpx.get(f"{base}/openapi.json", headers=headers, timeout=30)
    schema_doc.raise_for_status()
    clean = True
    with tempfile.TemporaryDirectory(prefix="aura-fuzz-schema-") as tmp:
        schema = Path(tmp) / "openapi.json"
        schema.write_text(schema_doc.text)
        seeds = [args.seed] if args.seed is not None else [FIXED_SEED, random.randrange(1, 2**31)]
        # The coverage phase (boundary values of every parameter, deterministic) is the slow
        # one: once per server as the most privileged role, unless --full asks for every run.
        deep, top = "examples,coverage,fuzzing", args.roles[-1]
        plan = [(top, seeds[0], True, deep)]
        plan += [
            (role, seed, True, deep if args.full else "fuzzing")
            for seed in seeds
            for role in args.roles
            if (role, seed) != (top, seeds[0])
        ]
        plan.append(("admin", seeds[-1], False, "examples,fuzzing"))
        for role, seed, pinned, phases in plan:
            start = time.monotonic()
            ok, output = _run(schema, world, role, seed, args, pinned, phases)
            where = "pinned ids" if pinned else "destructive, random ids"
            took = time.monotonic() - start
            print(f"[{label}] {role:<9} seed={seed:<10} {phases:<25} ({where}) {took:4.0f}s  "
                  f"{_summary(output)}", flush=True)  # fmt: skip
            if not ok:
                clean = False
                print(output[-20000:])
    return clean


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", help="fuzz this deployment instead of starting servers")
    parser.add_argument("--ops-token", help="AURA_OPS_TOKEN, when /openapi.json is protected")
    parser.add_argument("--databases", default="sqlite,postgres", help="servers to start")
    parser.add_argument("--roles", default=",".join(ROLES), help="comma-separated roles")
    parser.add_argument("--seed", type=int, help="only this seed (default: fixed + random)")
    parser.add_argument("--max-examples", type=int, default=6, help="cases per operation")
    parser.add_argument("--workers", type=int, default=2, help="concurrent requests")
    parser.add_argument("--full", action="store_true", help="the coverage phase in every run")
    args = parser.parse_args()
    args.roles = [r for r in args.roles.split(",") if r]
    if unknown := set(args.roles) - set(ROLES):
        parser.error(f"unknown roles: {', '.join(sorted(unknown))}")
    try:
        if args.base_url:
            return 0 if fuzz(args.base_url.rstrip("/"), "remote", args) else 1
        clean = True
        for kind in args.databases.split(","):
            with local_server(kind) as base:
                clean = fuzz(base, kind, args) and clean
        return 0 if clean else 1
    except (RuntimeError, httpx.HTTPError, subprocess.CalledProcessError) as exc:
        print(f"fuzz: setup failed: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
