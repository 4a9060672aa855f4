"""Spread a large audit over the machine's cores: files are independent, so big diffs (a whole
repository with `--all`, a long-lived branch in CI) are cut into slices of similar weight that
forked worker processes receive from the front while this process audits slices from the back.

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
from collections import deque
from collections.abc import Callable, Sequence
from contextlib import suppress
from typing import Any, cast

# Below this many added lines, forking costs more than it saves.
MIN_PARALLEL_LINES = 40_000
# Each extra process should have at least this many added lines to be worth its start-up.
LINES_PER_JOB = 20_000
MAX_JOBS = 8
# Slices per process: small enough that the slices a worker holds (which can no longer be
# taken back) are a short tail, and that others take over from a slowed-down worker.
_SLICES_PER_JOB = 32
# Slices each worker holds: one to audit, one waiting in its pipe for when it is done.
_HELD_PER_WORKER = 2
JOBS_ENV = "AURA_JOBS"

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

    The items are cut into many slices: each worker holds at most two at a time and gets the
    next from the front when it returns one, while this process audits slices from the back
    between checks on the workers. A worker slowed down by a busy machine therefore leaves its
    work to the others, and the tail is at most the two slices it holds.
    """
    if not weights:
        return []
    if jobs <= 1:
        return work(list(range(len(weights))))
    shares = _balance(weights, jobs * _SLICES_PER_JOB)
    if len(shares) == 1:
        return work(shares[0])
    results: dict[int, Any] = {}
    workers = _Workers.start(shares, work, jobs - 1)
    try:
        while (share := workers.take_last()) is not None:
            results.update(zip(share, work(share), strict=True))
            workers.pump(results, block=False)
        while workers.busy():
            workers.pump(results, block=True)
            while (share := workers.take_last()) is not None:  # a worker died: its slices
                results.update(zip(share, work(share), strict=True))
    finally:
        workers.stop()
    return [results[i] for i in range(len(weights))]


class _Workers:
    """Forked processes that audit the slices sent to them over a pipe, two at a time."""

    def __init__(self, shares: list[list[int]]) -> None:
        self.remaining = deque(shares)
        self.conns: list[Any] = []
        self.processes: list[Any] = []
        self.held: dict[Any, deque[list[int]]] = {}  # slices sent to each live worker

    @classmethod
    def start(
        cls, shares: list[list[int]], work: Callable[[list[int]], list[Any]], processes: int
    ) -> _Workers:
        import multiprocessing  # only a large audit pays for this import

        workers = cls(shares)
        context = multiprocessing.get_context("fork")
        _WORK[:] = [work]  # set before the fork, so every child inherits it
        # Objects that exist now move to a generation the collector never scans, so children
        # do not copy every inherited page just to walk it.
        gc.freeze()
        try:
            for _ in range(processes):
                mine, theirs = context.Pipe()
                process = context.Process(target=_serve, args=(theirs,), daemon=True)
                try:
                    process.start()
                except OSError:  # no more processes: the others (or this one) do the work
                    mine.close()
                    break
                finally:
                    theirs.close()
                workers.processes.append(process)
                workers.held[mine] = deque()
                for _ in range(_HELD_PER_WORKER):
                    workers._send(mine)
        finally:
            gc.unfreeze()
            _WORK.clear()
        return workers

    def take_last(self) -> list[int] | None:
        """The last slice no worker holds, now this process's to audit, or None."""
        return self.remaining.pop() if self.remaining else None

    def busy(self) -> bool:
        return any(self.held.values())

    def pump(self, results: dict[int, Any], block: bool) -> None:
        """Collect the slices workers have finished and send them new ones from the front. A
        worker that failed or died gives its slices back to be audited here."""
        from multiprocessing.connection import wait

        ready = wait([c for c, held in self.held.items() if held], None if block else 0)
        for conn in cast("list[Any]", ready):
            held = self.held[conn]
            try:
                ok, payload = conn.recv()
            except (EOFError, OSError):  # the worker died
                self.remaining.extend(held)
                del self.held[conn]
                conn.close()
                continue
            share = held.popleft()
            if ok:
                results.update(zip(share, payload, strict=True))
                self._send(conn)
            else:  # `work` raised in the worker: this process audits the slice, and the worker
                self.remaining.append(share)  # gets no more (it would likely fail again)

    def _send(self, conn: Any) -> None:
        if not self.remaining:
            return
        share = self.remaining.popleft()
        try:
            conn.send(share)
        except OSError:  # the worker is gone: the slice stays for the others
            self.remaining.appendleft(share)
            return
        self.held[conn].append(share)

    def stop(self) -> None:
        for conn in self.held:
            with suppress(OSError):
                conn.send(None)
            conn.close()
        for process in self.processes:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join()


def _serve(conn: Any) -> None:
    """A worker's loop: audit each slice received and send back (ok, results or error)."""
    work = _WORK[0]
    try:
        while (share := conn.recv()) is not None:
            reply: tuple[bool, Any]
            try:
                reply = (True, work(share))
            except Exception as exc:  # reported back; the caller audits the slice itself
                reply = (False, f"{type(exc).__name__}: {exc}")
            conn.send(reply)
    except (EOFError, OSError):  # the caller stopped listening: nothing left to do
        pass


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
