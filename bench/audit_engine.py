"""Benchmark of the audit engine: small and ~10 MB diffs, in-process and as a subprocess,
compared with detect-secrets on the same added content, plus the hook's start-up cost.

Run: `uv run python bench/audit_engine.py [--runs N] [--stress]`. Prints numbers; asserts
nothing. Goals: 500-line diff <= 20 ms in-process; a realistic ~10 MB diff (many files of mixed
code and config, one finding per few hundred lines: see `realistic_diff.py`) <= 2 s and
<= 300 MB peak; import + rule set in a few ms. `--stress` also runs the old worst case: 100
files of 2,150 lines where nearly every line holds a credential keyword or token.
Times are wall-clock medians with CPU (process) time alongside: the machine may be shared.
Large diffs fan out over the CPUs (`aura_agentic.engine.fanout`); the serial time is printed too.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from aura_agentic.engine import EngineConfig, audit_diff, fanout, runner

sys.path.insert(0, str(Path(__file__).parent))
from realistic_diff import realistic_files  # a sibling script, not a package

PY_LINES = [
    "    value = compute(item, factor={n})",
    "    result.append(transform(value))",
    "    if value > {n}:",
    "        logger.info('value %s', value)",
    '    """Docstring mentioning print(x) for {n}."""',
    "    total += item.price * {n}",
    "    print(total)",
    "    data = {{'key': 'value-{n}', 'count': {n}}}",
    "    # a comment that mentions breakpoint() and set_trace",
    "    url = f'https://example.com/api/{{item.id}}/{n}'",
    "    api_key = os.environ['API_KEY']",
    "    token = 'ghp_" + "R4nd0mT0k3nV4lu3F0rB3nchm4rk1ng12{n:02d}'",
]
JS_LINES = [
    "  const value = compute(item, {n});",
    "  result.push(transform(value));",
    "  console.log(`value ${{value}}`);",
    "  if (value > {n}) {{ return value; }}",
    "  // debugger; left here as a comment",
    "  const re = /ab+c/g;",
]


def _file_diff(path: str, lines: list[str]) -> str:
    body = "".join(f"+{line}\n" for line in lines)
    return (
        f"diff --git a/{path} b/{path}\nnew file mode 100644\nindex 0000000..1111111\n"
        f"--- /dev/null\n+++ b/{path}\n@@ -0,0 +1,{len(lines)} @@\n{body}"
    )


def _lines(rng: random.Random, count: int, js: bool) -> list[str]:
    templates = JS_LINES if js else PY_LINES
    out: list[str] = []
    while len(out) < count:
        if len(out) % 40 == 0:
            out.append(f"function f{len(out)}(item) {{" if js else f"def f{len(out)}(item):")
            continue
        out.append(rng.choice(templates).format(n=rng.randint(0, 999)))
    return out


def make_diff(files: int, lines_per_file: int, seed: int = 7) -> tuple[str, dict[str, list[str]]]:
    """A diff adding `files` new files of `lines_per_file` lines, and the files' contents."""
    rng = random.Random(seed)
    parts: list[str] = []
    contents: dict[str, list[str]] = {}
    for i in range(files):
        js = i % 3 == 2
        path = f"src/pkg{i % 7}/module_{i}.{'ts' if js else 'py'}"
        lines = _lines(rng, lines_per_file, js)
        contents[path] = lines
        parts.append(_file_diff(path, lines))
    return "".join(parts), contents


def diff_of(files: dict[str, list[str]]) -> str:
    """A diff adding every file of `files` as a new file."""
    return "".join(_file_diff(path, lines) for path, lines in files.items())


CPU_MS: list[float] = []  # process time of the last median_ms call, for a loaded machine


def median_ms(fn: object, runs: int) -> float:
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    CPU_MS[:] = [statistics.median(cpu)]
    return statistics.median(times)


def startup_ms(runs: int = 5) -> tuple[float, float]:
    """Median wall and CPU ms of `import aura_agentic.engine` plus building the rule set, in
    fresh interpreters (what the git hook pays before auditing anything)."""
    code = (
        "import time; s = time.perf_counter(); c = time.process_time()\n"
        "import aura_agentic.engine\n"
        "from aura_agentic.engine.registry import builtin_rules; builtin_rules()\n"
        "print((time.perf_counter() - s) * 1000, (time.process_time() - c) * 1000)"
    )
    runs_out = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        wall, cpu = out.stdout.split()
        runs_out.append((float(wall), float(cpu)))
    return statistics.median(r[0] for r in runs_out), statistics.median(r[1] for r in runs_out)


def _without_secrets(measure: object) -> float:
    """Run `measure` with the secrets scan (used for redaction too) stubbed out, to show
    what the engine itself costs apart from the secrets pack."""
    original = runner.file_secret_hits
    runner.file_secret_hits = lambda ctx: []  # type: ignore[assignment]
    try:
        return float(measure())  # type: ignore[operator]
    finally:
        runner.file_secret_hits = original


def in_process_peak_mb(diff: str) -> float:
    tracemalloc.start()
    audit_diff(diff)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def subprocess_run(diff_path: Path) -> tuple[float, float]:
    """Wall time (ms) and peak RSS (MB) of a fresh interpreter auditing the diff file: its own
    peak plus the largest forked worker's (workers share the parent's pages until they write,
    so the sum overstates what the machine needs)."""
    # The child reports its own VmHWM: ru_maxrss of a forked child also counts the pages
    # it shared with this (large) parent before exec, which would overstate the peak.
    code = (
        "import resource, sys; from aura_agentic.engine import audit_diff; "
        "r = audit_diff(open(sys.argv[1], 'rb').read()); "
        "own = [l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')][0]; "
        "print(int(own) + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", code, str(diff_path)], capture_output=True, text=True, check=True
    )
    elapsed = (time.perf_counter() - start) * 1000
    return elapsed, int(out.stdout.strip()) / 1024  # KiB


def cpu_ms_with_children(fn: object) -> float:
    """CPU time of `fn` in this process and in the workers it forked and reaped."""
    before = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    fn()  # type: ignore[operator]
    after = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return (
        sum(
            (a.ru_utime + a.ru_stime) - (b.ru_utime + b.ru_stime)
            for a, b in zip(after, before, strict=True)
        )
        * 1000
    )


def detect_secrets_ms(contents: dict[str, list[str]], runs: int) -> float:
    from detect_secrets import SecretsCollection
    from detect_secrets.settings import default_settings

    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for rel, lines in contents.items():
            p = Path(tmp) / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text("\n".join(lines) + "\n")
            paths.append(str(p))

        def scan() -> None:
            with default_settings():
                collection = SecretsCollection()
                for path in paths:
                    collection.scan_file(path)

        return median_ms(scan, runs)


def big_case(name: str, diff: str, files: dict[str, list[str]], args: argparse.Namespace) -> None:
    """In-process (fanned out and serial), engine-only and subprocess timings, peak memory and
    the detect-secrets ratio."""
    lines = sum(map(len, files.values()))
    jobs = fanout.job_count(lines)
    print(f"{name} diff: {len(files)} files, {lines} added lines, {len(diff) / 1e6:.1f} MB")
    big_ms = median_ms(lambda: audit_diff(diff), args.big_runs)
    cpu = cpu_ms_with_children(lambda: audit_diff(diff))
    findings = len(audit_diff(diff).findings)
    print(
        f"in-process  {name}: median {big_ms:.0f} ms with {jobs} process(es) (goal <= 2000 ms), "
        f"cpu {cpu:.0f} ms in all processes, {findings} findings, "
        f"tracemalloc peak {in_process_peak_mb(diff):.0f} MB"
    )
    serial_ms = median_ms(lambda: audit_diff(diff, jobs=1), args.big_runs)
    print(f"  serial (jobs=1): median {serial_ms:.0f} ms, cpu {CPU_MS[0]:.0f} ms")
    no_secrets = EngineConfig(packs={"secrets": False})
    engine = _without_secrets(lambda: median_ms(lambda: audit_diff(diff, no_secrets, jobs=1), 1))
    print(f"  engine rules only, serial (no secrets scan, no redaction): {engine:.0f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{name}.diff"
        path.write_text(diff)
        results = [subprocess_run(path) for _ in range(args.big_runs)]
    wall = statistics.median(r[0] for r in results)
    rss = max(r[1] for r in results)
    print(
        f"subprocess  {name}: median {wall:.0f} ms, peak RSS {rss:.0f} MB "
        "(process + largest worker; goal <= 300 MB)"
    )
    ds = detect_secrets_ms(files, 1)
    print(f"detect-secrets {name}: {ds:.0f} ms -> aura is {ds / big_ms:.1f}x faster")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--big-runs", type=int, default=2)
    parser.add_argument("--stress", action="store_true", help="also run the worst-case diff")
    args = parser.parse_args()

    wall, cpu = startup_ms()
    print(f"start-up (import engine + build rules): median {wall:.0f} ms, cpu {cpu:.0f} ms")
    small, small_files = make_diff(10, 50)
    print(f"small diff: 10 files, 500 added lines, {len(small) / 1e3:.0f} kB")
    audit_diff(small)  # warm up imports and caches, as a long-lived process would be
    small_ms = median_ms(lambda: audit_diff(small), args.runs)
    print(f"in-process  small: median {small_ms:.1f} ms, cpu {CPU_MS[0]:.1f} ms (goal <= 20 ms)")
    no_secrets = EngineConfig(packs={"secrets": False})
    small_engine = _without_secrets(lambda: median_ms(lambda: audit_diff(small, no_secrets), 9))
    print(f"  engine rules only (no secrets scan, no redaction): {small_engine:.1f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "small.diff"
        path.write_text(small)
        results = [subprocess_run(path) for _ in range(3)]
    print(
        f"subprocess  small: median {statistics.median(r[0] for r in results):.0f} ms, "
        f"peak RSS {max(r[1] for r in results):.0f} MB"
    )
    ds_small = detect_secrets_ms(small_files, max(3, args.runs // 3))
    print(f"detect-secrets small: {ds_small:.1f} ms -> aura is {ds_small / small_ms:.1f}x faster")

    files = realistic_files(10_000_000)
    big_case("realistic", diff_of(files), files, args)
    if args.stress:
        stress, stress_files = make_diff(100, 2_150)
        big_case("stress", stress, stress_files, args)


if __name__ == "__main__":
    main()
