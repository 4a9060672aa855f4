"""Large audits fan out over forked workers: same report as a serial audit, and a worker
that fails or dies never costs a finding."""

from __future__ import annotations

import os
import threading
import time

import pytest
from aura_agentic.engine import audit_diff, fanout
from aura_agentic.engine.selftest import new_file_diff


def _diff(files: int) -> str:
    parts = []
    for i in range(files):
        body = [f"value_{n} = compute({n})" for n in range(30)]
        body[3] = "print(value_3)"
        body[5] = 'breakpoint()  # aura: allow python/debugger reason="demo"'
        body[7] = 'API_TOKEN = "ghp_' + "aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3bC5" + '"'
        body[9] = "import pdb; pdb.set_trace()"
        parts.append(new_file_diff(f"src/pkg/mod_{i}.py", "\n".join(body) + "\n"))
    return "".join(parts) + "diff --git a/broken b/broken\n@@ -1,2 +1,2 @@\n+x\n"


def test_forked_audit_reports_exactly_what_a_serial_one_does() -> None:
    assert threading.active_count() == 1, "the test process must be able to fork"
    assert fanout.job_count(1, requested=2) == 2
    diff = _diff(12)
    serial = audit_diff(diff, jobs=1)
    forked = audit_diff(diff, jobs=2)
    assert serial.findings and serial.suppressed == 12 and serial.errors
    assert [f.to_dict() for f in forked.findings] == [f.to_dict() for f in serial.findings]
    assert forked.suppressed == serial.suppressed
    assert forked.suppression_problems == serial.suppression_problems
    assert forked.errors == serial.errors
    assert forked.stats["added_lines"] == serial.stats["added_lines"]


def test_a_failing_worker_share_is_done_here() -> None:
    parent = os.getpid()

    def work(indexes: list[int]) -> list[int]:
        if os.getpid() != parent:
            raise RuntimeError("worker broke")
        return [i * 10 for i in indexes]

    assert fanout.run_shares([5] * 9, work, 3) == [i * 10 for i in range(9)]


def test_a_dead_worker_share_is_done_here() -> None:
    parent = os.getpid()

    def work(indexes: list[int]) -> list[int]:
        if os.getpid() != parent:
            os._exit(3)  # killed mid-share, as by the OOM killer
        return [-i for i in indexes]

    assert fanout.run_shares([1, 2, 3, 4], work, 2) == [0, -1, -2, -3]


def test_shares_cover_every_item_once_and_balance_weight() -> None:
    weights = [100, 1, 1, 1, 50, 50, 3, 0]
    shares = fanout._balance(weights, 3)
    assert sorted(i for share in shares for i in share) == list(range(len(weights)))
    loads = sorted(sum(weights[i] for i in share) for share in shares)
    assert loads[-1] == 100  # the heaviest file alone; the rest split between the others


@pytest.mark.parametrize(
    ("lines", "env", "requested", "expected"),
    [
        (500, None, None, 1),  # small diffs stay in this process
        (10**6, "1", None, 1),  # AURA_JOBS=1 turns fan-out off
        (500, "2", None, 2),  # and can force it on
        (500, "junk", None, 1),
        (500, "2", 1, 1),  # an explicit request wins over the environment
    ],
)
def test_job_count(
    monkeypatch: pytest.MonkeyPatch,
    lines: int,
    env: str | None,
    requested: int | None,
    expected: int,
) -> None:
    if env is None:
        monkeypatch.delenv(fanout.JOBS_ENV, raising=False)
    else:
        monkeypatch.setenv(fanout.JOBS_ENV, env)
    assert fanout.job_count(lines, requested) == expected


def test_threaded_processes_never_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert fanout.job_count(10**6, requested=4) == 1


def test_this_process_takes_over_slices_a_slow_worker_has_not_started() -> None:
    parent = os.getpid()
    done_here: list[int] = []

    def work(indexes: list[int]) -> list[int]:
        if os.getpid() != parent:
            time.sleep(0.5)  # a worker on a busy core
        else:
            done_here.extend(indexes)
        return [i + 100 for i in indexes]

    assert fanout.run_shares([1] * 16, work, 2) == [i + 100 for i in range(16)]
    # 8 slices: the worker starts one (and has one queued); this process does the rest
    assert len(done_here) >= 10
