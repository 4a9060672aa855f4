"""Signed, Slack-compatible webhook payloads and one delivery attempt, recorded."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from aura_api.models import Webhook, WebhookDelivery
from aura_api.notifications import targets
from aura_api.notifications.errors import WebhookTargetNotAllowed
from aura_api.notifications.repository import DeliveryRepository

TIMEOUT = httpx.Timeout(5.0, connect=3.0)
SIGNATURE_HEADER = "X-Aura-Signature"
TIMESTAMP_HEADER = "X-Aura-Timestamp"
BLOCKED = "blocked: "  # error prefix of an attempt refused before connecting (never retried)


def sign(secret: str, body: bytes) -> str:
    """`sha256=<hex HMAC-SHA256 of the raw body>`; the body also carries its timestamp."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def week_of(moment: datetime) -> tuple[str, datetime]:
    """The ISO week label (2026-W47) and its Monday 00:00 UTC."""
    year, week, weekday = moment.astimezone(UTC).isocalendar()
    start = (moment.astimezone(UTC) - timedelta(days=weekday - 1)).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    return f"{year}-W{week:02d}", start


def _message(text: str, blocks: list[dict[str, Any]], aura: dict[str, Any]) -> dict[str, Any]:
    return {"text": text, "blocks": blocks, "aura": {**aura, "timestamp": int(time.time())}}


def _section(markdown: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": markdown}}


def threshold_payload(
    team: str, team_id: uuid.UUID, rule_id: str, count: int, threshold: int, week: str
) -> dict[str, Any]:
    text = (
        f"Aura: rule {rule_id} blocked {count} commits in {team} this week (threshold {threshold})"
    )
    return _message(
        text,
        [_section(f":rotating_light: *{rule_id}* blocked *{count}* commits in *{team}* ({week})")],
        {"kind": "threshold_alert", "team_id": str(team_id), "rule_id": rule_id, "count": count,
         "threshold": threshold, "week": week},
    )  # fmt: skip


def digest_payload(
    team: str, team_id: uuid.UUID, week: str, summary: dict[str, list[tuple[str, int]]]
) -> dict[str, Any]:
    def lines(rows: list[tuple[str, int]]) -> str:
        return "\n".join(f"• {name}: {n}" for name, n in rows) or "• none"

    total = sum(n for _, n in summary["types"])
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": f"Aura weekly digest: {team}"}},
        _section(f"*{total} events in {week}*\n{lines(summary['types'])}"),
        _section(f"*Top rules*\n{lines(summary['rules'])}"),
        _section(f"*Top paths*\n{lines(summary['paths'])}"),
    ]
    aura = {"kind": "weekly_digest", "team_id": str(team_id), "week": week,
            **{k: [{"name": n, "count": c} for n, c in v] for k, v in summary.items()}}  # fmt: skip
    return _message(f"Aura weekly digest for {team} ({week}): {total} events", blocks, aura)


def test_payload(team: str, team_id: uuid.UUID) -> dict[str, Any]:
    text = f"Aura test message for {team}: this webhook works."
    return _message(text, [_section(text)], {"kind": "test", "team_id": str(team_id)})


async def attempt(
    session: AsyncSession,
    webhook: Webhook,
    *,
    kind: str,
    payload: dict[str, Any],
    delivery_id: uuid.UUID,
    allow_private: bool,
    client: httpx.AsyncClient | None = None,
) -> WebhookDelivery:
    """POST the payload once and record the attempt (numbered within the delivery).

    The URL is checked again first (targets.check): an address that is no longer public is
    recorded as a blocked attempt, without connecting."""
    repo = DeliveryRepository(session)
    number = await repo.attempts(delivery_id) + 1
    body = json.dumps(payload, separators=(",", ":")).encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "aura-webhooks/1",
        SIGNATURE_HEADER: sign(webhook.secret, body),
        TIMESTAMP_HEADER: str(payload.get("aura", {}).get("timestamp", int(time.time()))),
        "X-Aura-Delivery": str(delivery_id),
    }
    started = time.perf_counter()
    status: int | None = None
    error: str | None = None
    try:
        target = await targets.check(webhook.url, allow_private=allow_private)
        options = target.request_options()
        headers |= options.pop("headers", {})
        async with _client(client) as http:
            response = await http.post(target.url, content=body, headers=headers, **options)
        status = response.status_code
        if not 200 <= status < 300:
            error = f"HTTP {status}"
    except WebhookTargetNotAllowed as exc:
        error = f"{BLOCKED}{exc.message}"[:500]
    except httpx.HTTPError as exc:
        error = f"{type(exc).__name__}: {exc}"[:500]
    row = WebhookDelivery(
        webhook_id=webhook.id,
        delivery_id=delivery_id,
        kind=kind,
        attempt=number,
        succeeded=error is None,
        status_code=status,
        error=error,
        duration_ms=round((time.perf_counter() - started) * 1000, 2),
    )
    return await repo.add(row)


class _client:
    """Use the caller's client, or a short-lived one with short timeouts."""

    def __init__(self, given: httpx.AsyncClient | None) -> None:
        self._given = given
        self._own: httpx.AsyncClient | None = None

    async def __aenter__(self) -> httpx.AsyncClient:
        if self._given is not None:
            return self._given
        self._own = httpx.AsyncClient(timeout=TIMEOUT, follow_redirects=False)
        return self._own

    async def __aexit__(self, *_: object) -> None:
        if self._own is not None:
            await self._own.aclose()
