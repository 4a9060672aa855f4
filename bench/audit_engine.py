"""Benchmark of the audit engine: small and ~10 MB diffs, in-process and as a subprocess,
compared with detect-secrets on the same added content.

Run: `uv run python bench/audit_engine.py [--runs N]`. Prints numbers; asserts nothing.
Goals: 500-line diff <= 20 ms in-process; 10 MB <= 2 s and <= 300 MB peak.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from aura_agentic.engine import EngineConfig, audit_diff, runner

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


def median_ms(fn: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


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
    """Wall time (ms) and peak RSS (MB) of a fresh interpreter auditing the diff file."""
    # The child reports its own VmHWM: ru_maxrss of a forked child also counts the pages
    # it shared with this (large) parent before exec, which would overstate the peak.
    code = (
        "import sys; from aura_agentic.engine import EngineConfig, audit_diff, runner; "
        "r = audit_diff(open(sys.argv[1], 'rb').read()); "
        "print([l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')][0])"
    )
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", code, str(diff_path)], capture_output=True, text=True, check=True
    )
    elapsed = (time.perf_counter() - start) * 1000
    return elapsed, int(out.stdout.strip()) / 1024  # VmHWM is in KiB


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--big-runs", type=int, default=2)
    args = parser.parse_args()

    small, small_files = make_diff(10, 50)
    big, big_files = make_diff(100, 2_150)
    print(f"small diff: 10 files, 500 added lines, {len(small) / 1e3:.0f} kB")
    print(
        f"big diff:   100 files, {sum(map(len, big_files.values()))} added lines, "
        f"{len(big) / 1e6:.1f} MB"
    )

    audit_diff(small)  # warm up imports and caches, as a long-lived process would be
    small_ms = median_ms(lambda: audit_diff(small), args.runs)
    big_ms = median_ms(lambda: audit_diff(big), args.big_runs)
    print(f"in-process  small: median {small_ms:.1f} ms (goal <= 20 ms)")
    no_secrets = EngineConfig(packs={"secrets": False})
    small_engine = _without_secrets(lambda: median_ms(lambda: audit_diff(small, no_secrets), 9))
    print(f"  engine rules only (no secrets scan, no redaction): {small_engine:.1f} ms")
    print(
        f"in-process  big:   median {big_ms:.0f} ms (goal <= 2000 ms), "
        f"tracemalloc peak {in_process_peak_mb(big):.0f} MB"
    )
    big_engine = _without_secrets(lambda: median_ms(lambda: audit_diff(big, no_secrets), 2))
    print(f"  engine rules only (no secrets scan, no redaction): {big_engine:.0f} ms")

    with tempfile.TemporaryDirectory() as tmp:
        for name, diff in (("small", small), ("big", big)):
            path = Path(tmp) / f"{name}.diff"
            path.write_text(diff)
            results = [subprocess_run(path) for _ in range(3 if name == "small" else args.big_runs)]
            wall = statistics.median(r[0] for r in results)
            rss = max(r[1] for r in results)
            print(
                f"subprocess  {name + ':':6} median {wall:.0f} ms, peak RSS {rss:.0f} MB "
                f"(goal <= 300 MB)"
            )

    ds_small = detect_secrets_ms(small_files, max(3, args.runs // 3))
    ds_big = detect_secrets_ms(big_files, 1)
    print(f"detect-secrets small: {ds_small:.1f} ms -> aura is {ds_small / small_ms:.1f}x faster")
    print(f"detect-secrets big:   {ds_big:.0f} ms -> aura is {ds_big / big_ms:.1f}x faster")


if __name__ == "__main__":
    main()
