"""Delivering queued events to `POST /api/v1/events`, in `aura sync` or a detached process.

Batches hold at most 500 events. A 200 removes the accepted and duplicate events and marks the
rejected ones dead; anything else (refused connection, 5xx, 429, 401) leaves the batch queued with
backoff, so nothing is lost while the server is away. Run as `python -m aura_cli.services.delivery`
it is the background worker the hook spawns: it never talks to the terminal and exits when done.
"""

from __future__ import annotations

import contextlib
import math
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import Any

from aura_cli.services import http
from aura_cli.services.event_queue import EventQueue, queue_path

BATCH_SIZE = 500
# Statuses after which retrying the very same batch can succeed.
_RETRYABLE = {401, 403, 408, 425, 429}


@dataclass
class SyncResult:
    """What one delivery run achieved, as `aura sync` reports it."""

    sent: int = 0
    accepted: int = 0
    duplicates: int = 0
    rejected: int = 0
    remaining: int = 0
    dead: int = 0
    error: str | None = None
    rejected_errors: list[str] = field(default_factory=list)
    audits_sent: int = 0
    audits_remaining: int = 0

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly view for `aura sync --format json`."""
        return {
            "sent": self.sent,
            "accepted": self.accepted,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            "remaining": self.remaining,
            "dead": self.dead,
            "error": self.error,
            "audits_sent": self.audits_sent,
            "audits_remaining": self.audits_remaining,
        }


def deliver(
    queue: EventQueue,
    api_url: str,
    token: str,
    *,
    max_batches: int = 1000,
    force: bool = False,
    timeout: float = http.DEFAULT_TIMEOUT_S,
) -> SyncResult:
    """Send every due event in batches, then every due audit, until drained or the server fails.

    `force` ignores the backoff schedule: someone typed `aura sync` and wants an attempt now.
    `timeout` bounds each request (`aura review` in CI uses a short one).

    Errors are recorded in the queue (`last_error` meta and per-row backoff), never raised.
    """
    result = SyncResult()
    url = http.join(api_url, "/api/v1/events")
    for _ in range(max_batches):
        batch = queue.due(BATCH_SIZE, now=math.inf if force else None)
        if not batch:
            break
        ids = [e["id"] for e in batch]
        try:
            resp = http.request(
                "POST", url, token=token, payload={"events": batch}, timeout=timeout
            )
        except http.Unreachable as exc:
            result.error = f"server unreachable: {exc}"
            queue.defer(ids, result.error)
            break
        if resp.status != 200 or not isinstance(resp.body, dict):
            result.error = f"delivery failed: {resp.error_message()}"
            if resp.status >= 500 or resp.status in _RETRYABLE or resp.status == 200:
                queue.defer(ids, result.error)
            else:
                # The server refused the whole batch as malformed: retrying cannot help.
                for event_id in ids:
                    queue.mark_dead(event_id, result.error)
                result.rejected += len(ids)
            break
        _apply_response(queue, batch, resp.body, result)
    if result.error is None:
        _deliver_audits(queue, api_url, token, result, force=force, timeout=timeout)
    counts = queue.counts()
    result.remaining, result.dead = counts["pending"], counts["dead"]
    result.audits_remaining = queue.counts(table="audits")["pending"]
    queue.set_meta("last_attempt_at", str(time.time()))
    queue.set_meta("last_error", result.error or "")
    if result.error is None and result.sent:
        queue.set_meta("last_success_at", str(time.time()))
    return result


def _deliver_audits(
    queue: EventQueue, api_url: str, token: str, result: SyncResult, *, force: bool, timeout: float
) -> None:
    """POST each due audit; the client id makes a resend after a lost answer harmless (200)."""
    url = http.join(api_url, "/api/v1/audits")
    for audit in queue.due(100, now=math.inf if force else None, table="audits"):
        try:
            resp = http.request("POST", url, token=token, payload=audit, timeout=timeout)
        except http.Unreachable as exc:
            result.error = f"server unreachable: {exc}"
            queue.defer([audit["id"]], result.error, table="audits")
            return
        if resp.status in (200, 201):
            queue.delete([audit["id"]], table="audits")
            result.audits_sent += 1
            continue
        message = f"audit delivery failed: {resp.error_message()}"
        if resp.status >= 500 or resp.status in _RETRYABLE:
            result.error = message
            queue.defer([audit["id"]], message, table="audits")
            return
        queue.mark_dead(str(audit["id"]), message, table="audits")
        result.rejected_errors.append(message)


def _apply_response(
    queue: EventQueue, batch: list[dict[str, Any]], body: dict[str, Any], result: SyncResult
) -> None:
    rejected_ids: set[str] = set()
    for item in body.get("rejected") or []:
        index = item.get("index")
        event_id = item.get("id")
        if event_id is None and isinstance(index, int) and 0 <= index < len(batch):
            event_id = batch[index]["id"]
        if event_id is None:
            continue
        err = item.get("error") or {}
        message = f"{err.get('code', 'rejected')}: {err.get('message', '')}"
        queue.mark_dead(str(event_id), message)
        rejected_ids.add(str(event_id))
        result.rejected_errors.append(message)
    queue.delete(e["id"] for e in batch if e["id"] not in rejected_ids)
    result.sent += len(batch)
    result.accepted += int(body.get("accepted") or 0)
    result.duplicates += int(body.get("duplicates") or 0)
    result.rejected += len(rejected_ids)


def spawn_background() -> None:
    """Start a detached delivery worker and return at once (the hook never waits for it).

    The child gets its own session and no terminal streams, so it outlives the hook and cannot
    write into the user's commit output.
    """
    if os.environ.get("AURA_NO_BACKGROUND_SYNC"):
        return
    kwargs: dict[str, Any] = {
        "stdin": subprocess.DEVNULL,
        "stdout": subprocess.DEVNULL,
        "stderr": subprocess.DEVNULL,
        "close_fds": True,
    }
    if os.name == "posix":
        kwargs["start_new_session"] = True
    # Delivery is best effort: if the spawn fails, the next run or `aura sync` catches up.
    with contextlib.suppress(OSError):
        subprocess.Popen([sys.executable, "-m", "aura_cli.services.delivery"], **kwargs)


def _background_main() -> int:
    """Entry of the detached worker: delivers the queue, then refreshes the team knowledge map
    when its last check is a few minutes old. One run at a time per AURA_HOME, silent, exit 0."""
    import fcntl

    from aura_cli.config import credentials, settings

    path = queue_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with open(path.with_suffix(".lock"), "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return 0  # another worker is already delivering
        try:
            config = settings.load_config()
            token, _ = credentials.resolve_token(config)
            if not token:
                return 0
            with EventQueue(path) as queue:
                deliver(queue, str(settings.get_key(config, "api_url")), token)
        except Exception:
            return 0
        try:
            from aura_cli.services import knowledge_sync

            knowledge_sync.refresh_if_stale(config, token)
        except Exception:
            return 0
    return 0


if __name__ == "__main__":
    sys.exit(_background_main())
