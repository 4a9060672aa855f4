"""Spread a large audit over the machine's cores: files are independent, so big diffs (a whole
repository with `--all`, a long-lived branch in CI) are cut into slices of similar weight that
forked worker processes take from the front while this process audits the first and then takes
over, from the back, the slices no worker has started.

Forking is used only where it is safe and cheap: on Linux, in a process with no other threads
(the CLI, a CI job, a benchmark), so children inherit the parsed diff and compiled rules
instead of receiving them pickled. A threaded host (the API server) audits serially. Anything
that goes wrong in a worker falls back to auditing that share here: fan-out is a speed-up,
never a new way to fail.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any

# Below this many added lines, forking costs more than it saves.
MIN_PARALLEL_LINES = 40_000
# Each extra process should have at least this many added lines to be worth its start-up.
LINES_PER_JOB = 20_000
MAX_JOBS = 8
# Slices per process: small enough that the two slices a worker holds queued (which can no
# longer be taken back) are a short tail, and that others take over from a slowed-down worker.
_SLICES_PER_JOB = 32
JOBS_ENV = "AURA_JOBS"

_TAKEN = object()  # a slice that was never handed to a worker, once this process took it
# The work of the current fan-out, inherited by forked children (set only around a fan-out).
_WORK: list[Callable[[list[int]], list[Any]]] = []


def job_count(added_lines: int, requested: int | None = None) -> int:
    """How many processes should audit `added_lines` added lines (1 means here, serially).

    `requested` (or the `AURA_JOBS` environment variable) overrides the automatic choice;
    either way it is 1 where forking is not safe.
    """
    if requested is None:
        requested = _env_jobs()
    if not _can_fork():
        return 1
    if requested is not None:
        return max(1, min(requested, MAX_JOBS))
    if added_lines < MIN_PARALLEL_LINES:
        return 1
    return max(1, min(_cpus(), added_lines // LINES_PER_JOB, MAX_JOBS))


def run_shares(
    weights: Sequence[int], work: Callable[[list[int]], list[Any]], jobs: int
) -> list[Any]:
    """Apply `work` to the item indexes 0..len(weights)-1 over `jobs` processes and return its
    results in index order. `work(indexes)` returns one result per index it was given.

    The items are cut into a few slices per process: workers take slices from the front while
    this process, after its own, takes the ones no worker has started from the back, so a
    worker slowed down by a busy machine leaves its work to the others instead of making
    everyone wait.
    """
    if not weights:
        return []
    if jobs <= 1:
        return work(list(range(len(weights))))
    shares = _balance(weights, jobs * _SLICES_PER_JOB)
    if len(shares) == 1:
        return work(shares[0])
    results: dict[int, Any] = {}
    workers = _Workers.start(shares[1:], work, jobs - 1)
    if workers is None:
        return work(list(range(len(weights))))
    try:
        share: list[int] | None = shares[0]
        while share is not None:
            results.update(zip(share, work(share), strict=True))
            share = workers.steal()
        leftover = workers.collect(results)
    finally:
        workers.stop()
    for share in leftover:
        results.update(zip(share, work(share), strict=True))
    return [results[i] for i in range(len(weights))]


class _Workers:
    """Forked processes auditing slices while the caller audits its own and steals the rest."""

    def __init__(self, pool: Any, shares: list[list[int]]) -> None:
        self.pool = pool
        self.shares = shares
        self.pending: list[Any] = []
        self.stolen: set[int] = set()
        for index, share in enumerate(shares):
            try:
                self.pending.append(pool.submit(_run_share, share))
            except Exception:  # the pool broke (a worker died) before all were handed out
                self.stolen.update(range(index, len(shares)))
                self.pending += [None] * (len(shares) - index)
                break

    @classmethod
    def start(
        cls, shares: list[list[int]], work: Callable[[list[int]], list[Any]], processes: int
    ) -> _Workers | None:
        import multiprocessing  # only a large audit pays for these imports
        from concurrent.futures import ProcessPoolExecutor

        _WORK[:] = [work]  # set before the fork, so every child inherits it
        # Objects that exist now move to a generation the collector never scans, so children
        # do not copy every inherited page just to walk it (the pool forks at first submit).
        gc.freeze()
        try:
            pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork"))
            return cls(pool, shares)
        except OSError:
            _WORK.clear()
            return None
        finally:
            gc.unfreeze()

    def steal(self) -> list[int] | None:
        """The last slice no worker has started, now this process's to audit, or None."""
        for index in range(len(self.pending) - 1, -1, -1):
            job = self.pending[index]
            if index in self.stolen:
                if job is None:  # never handed out: this process's from the start
                    self.pending[index] = _TAKEN
                    return self.shares[index]
                continue
            if not job.cancel():
                return None  # workers take slices in order: every earlier one has started
            self.stolen.add(index)
            return self.shares[index]
        return None

    def collect(self, results: dict[int, Any]) -> list[list[int]]:
        """Add every worker slice's results; return the slices that must be done here."""
        failed: list[list[int]] = []
        for index, (share, job) in enumerate(zip(self.shares, self.pending, strict=True)):
            if index in self.stolen:
                continue
            try:  # a worker that raised or died (BrokenProcessPool) fails its slice only
                results.update(zip(share, job.result(), strict=True))
            except Exception:
                failed.append(share)
        return failed

    def stop(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        _WORK.clear()


def _run_share(share: list[int]) -> list[Any]:
    return _WORK[0](share)


def _balance(weights: Sequence[int], jobs: int) -> list[list[int]]:
    """Split indexes into at most `jobs` shares of similar total weight (largest first)."""
    jobs = max(1, min(jobs, len(weights)))
    shares: list[list[int]] = [[] for _ in range(jobs)]
    loads = [0] * jobs
    for index in sorted(range(len(weights)), key=lambda i: -weights[i]):
        least = loads.index(min(loads))
        shares[least].append(index)
        loads[least] += weights[index] + 1
    return [sorted(s) for s in shares if s]


def _can_fork() -> bool:
    return sys.platform.startswith("linux") and threading.active_count() == 1


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _env_jobs() -> int | None:
    raw = os.environ.get(JOBS_ENV, "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        return None
