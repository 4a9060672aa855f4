"""Audit real checkouts as a new team would (`aura audit --all`) and print what it reports.

Point it at any directories: git checkouts, or unpacked source distributions
(`pip download --no-deps --no-binary :all: NAME`, `npm pack NAME`; a directory that is not a
git work tree is indexed into a throw-away git directory, never touched). For each it prints
the number of findings per rule and per path prefix (the top offenders), the wall time and the
peak resident memory of the whole `aura` process tree (sampled from /proc, so forked workers
count), and totals at the end. Never commit the third-party code you run it on.

    uv run python bench/realworld.py /tmp/real/* [--depth 2] [--top 10] [--findings out.jsonl]
    uv run python bench/realworld.py /tmp/real/* --labels labels.jsonl

`--findings` writes one JSON line per finding with the source line (for labelling by hand: add
`"label": "tp"` or `"fp"`, or `"public"` for public-by-design keys). `--labels` reads such a
file and prints precision per category and rule over the labelled findings it meets again
(matched by checkout name, path, line and rule). Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

AURA = Path(sys.executable).parent / "aura"
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass
class Run:
    name: str
    root: Path
    findings: list[dict[str, object]] = field(default_factory=list)
    suppressed: int = 0
    files: int = 0
    added_lines: int = 0
    wall_s: float = 0.0
    peak_rss_mb: float = 0.0
    error: str = ""


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return [int(p) for p in fh.read().split()]
    except OSError:
        return []


def _tree_rss(pid: int) -> int:
    """Resident bytes of `pid` and all its descendants (0 once they are gone)."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/statm") as fh:
                total += int(fh.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
        stack.extend(_children(p))
    return total


def _run_sampled(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[bytes, bytes, int, float]:
    """Run `cmd`, sampling the process tree's RSS every 10 ms; returns out, err, rc, peak MB."""
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            done.wait(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    done.set()
    sampler.join()
    return out, err, proc.returncode, peak / 1e6


def _git_env(root: Path, scratch: Path) -> dict[str, str]:
    """An environment in which `root` is a git work tree with every file staged."""
    env = dict(os.environ)
    inside = subprocess.run(
        ["git", "rev-parse", "--is-inside-work-tree"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    if inside.stdout.strip() == "true":
        return env
    gitdir = scratch / "git"
    env.update(GIT_DIR=str(gitdir), GIT_WORK_TREE=str(root))
    for step in (["git", "init", "-q"], ["git", "add", "-A", "-f", "."]):
        subprocess.run(step, capture_output=True, env=env, cwd=root, check=True)
    return env


def audit(root: Path, extra: list[str]) -> Run:
    run = Run(root.name, root)
    with tempfile.TemporaryDirectory(prefix="aura-realworld-") as tmp:
        env = _git_env(root, Path(tmp))
        cmd = [str(AURA), "audit", "--all", "--format", "json", "--fail-on", "never", *extra]
        started = time.perf_counter()
        out, err, rc, peak = _run_sampled(cmd, root, env)
        run.wall_s = time.perf_counter() - started
        run.peak_rss_mb = peak
    if rc not in (0, 1):
        run.error = err.decode(errors="replace").strip().splitlines()[-1:][0] if err else f"rc={rc}"
        return run
    doc = json.loads(out or b"{}")
    run.findings = list(doc.get("findings", []))
    run.suppressed = int(doc.get("suppressed", 0))
    run.files = int(doc.get("stats", {}).get("files", 0))
    run.added_lines = int(doc.get("stats", {}).get("added_lines", 0))
    return run


def prefix(path: str, depth: int) -> str:
    parts = path.split("/")
    return "/".join(parts[:depth]) + ("/" if len(parts) > depth else "")


def source_line(root: Path, path: str, line: int) -> str:
    try:
        with open(root / path, encoding="utf-8", errors="replace") as fh:
            for n, text in enumerate(fh, 1):
                if n == line:
                    return text.rstrip("\n")[:400]
    except OSError:
        pass
    return ""


def print_run(run: Run, depth: int, top: int) -> None:
    print(f"\n== {run.name}  ({run.root})")
    if run.error:
        print(f"   error: {run.error}")
        return
    print(
        f"   {run.files} files, {run.added_lines} lines, {len(run.findings)} findings, "
        f"{run.suppressed} suppressed; wall {run.wall_s:.2f} s; peak RSS {run.peak_rss_mb:.0f} MB"
    )
    by_rule = Counter(str(f["rule_id"]) for f in run.findings)
    by_prefix = Counter(prefix(str(f["path"]), depth) for f in run.findings)
    by_sev = Counter(str(f["severity"]) for f in run.findings)
    if by_sev:
        print("   by severity: " + ", ".join(f"{k} {v}" for k, v in by_sev.most_common()))
    for title, counter in (("rule", by_rule), ("path prefix", by_prefix)):
        if counter:
            print(f"   top {title}s:")
            for key, n in counter.most_common(top):
                print(f"     {n:6d}  {key}")


def key_of(name: str, f: dict[str, object]) -> tuple[str, str, int, str]:
    return (name, str(f["path"]), int(str(f["line"])), str(f["rule_id"]))


def precision(runs: list[Run], labels_file: Path) -> None:
    labels: dict[tuple[str, str, int, str], str] = {}
    for raw in labels_file.read_text().splitlines():
        if raw.strip():
            row = json.loads(raw)
            if row.get("label"):
                labels[(row["checkout"], row["path"], int(row["line"]), row["rule_id"])] = row[
                    "label"
                ]
    tally: dict[str, Counter[str]] = {}
    for run in runs:
        for f in run.findings:
            label = labels.get(key_of(run.name, f), "unlabelled")
            tally.setdefault(str(f["category"]), Counter())[label] += 1
    print("\n== precision on labelled findings (public-by-design keys excluded)")
    for category, c in sorted(tally.items()):
        judged = c["tp"] + c["fp"]
        p = c["tp"] / judged if judged else float("nan")
        print(
            f"   {category:14s} precision {p:.3f}  (tp {c['tp']}, fp {c['fp']}, "
            f"public {c['public']}, unlabelled {c['unlabelled']})"
        )
    seen = {key_of(r.name, f) for r in runs for f in r.findings}
    missed = Counter(k[3] for k, v in labels.items() if v in ("tp", "fn") and k not in seen)
    if missed:
        print("   labelled true findings no longer reported (recall losses):")
        for rule, n in missed.most_common():
            print(f"     {n:6d}  {rule}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", type=Path, help="checkouts or unpacked sources")
    parser.add_argument("--depth", type=int, default=2, help="path prefix depth (default 2)")
    parser.add_argument("--top", type=int, default=8, help="rows per table (default 8)")
    parser.add_argument("--findings", type=Path, help="write findings with source lines here")
    parser.add_argument("--labels", type=Path, help="labelled findings: print precision")
    parser.add_argument("--quiet", action="store_true", help="totals only")
    args = parser.parse_args()
    if not AURA.exists() and shutil.which("aura") is None:
        sys.exit("aura is not installed in this environment (run `make install`)")
    runs: list[Run] = []
    out = args.findings.open("w") if args.findings else None
    for path in args.paths:
        if not path.is_dir():
            print(f"skip {path}: not a directory", file=sys.stderr)
            continue
        run = audit(path.resolve(), [])
        runs.append(run)
        if not args.quiet:
            print_run(run, args.depth, args.top)
        if out is not None:
            for f in run.findings:
                row = {"checkout": run.name, **f}
                row["source"] = source_line(run.root, str(f["path"]), int(str(f["line"])))
                out.write(json.dumps(row) + "\n")
    if out is not None:
        out.close()
    total = [f for r in runs for f in r.findings]
    print(
        f"\n== total: {len(runs)} checkouts, {sum(r.files for r in runs)} files, "
        f"{sum(r.added_lines for r in runs)} lines, {len(total)} findings, "
        f"{sum(r.suppressed for r in runs)} suppressed; wall {sum(r.wall_s for r in runs):.1f} s; "
        f"max peak RSS {max((r.peak_rss_mb for r in runs), default=0):.0f} MB"
    )
    for key, n in Counter(str(f["rule_id"]) for f in total).most_common(args.top * 2):
        print(f"   {n:6d}  {key}")
    if args.labels:
        precision(runs, args.labels)


if __name__ == "__main__":
    main()
