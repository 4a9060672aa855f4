"""Tiny JSON-over-HTTP helper on the stdlib `urllib.request`: fast to import, no dependencies.

Every call has a short timeout; network failures become `Unreachable` so callers can treat "server
down" as an expected state (queue and retry) rather than a crash.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from aura_cli import __version__

DEFAULT_TIMEOUT_S = 5.0


class Unreachable(Exception):
    """The server could not be reached (refused, DNS, TLS, timeout)."""


@dataclass
class Response:
    """Status code plus the decoded JSON body (None when the body was not JSON)."""

    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names

    def error_message(self) -> str:
        """The message of the API error envelope, or a generic `HTTP <status>`."""
        if isinstance(self.body, dict) and isinstance(self.body.get("error"), dict):
            err = self.body["error"]
            return f"{err.get('code', 'error')}: {err.get('message', '')}".strip()
        return f"HTTP {self.status}"


def request(
    method: str,
    url: str,
    *,
    token: str | None = None,
    payload: Any = None,
    timeout: float = DEFAULT_TIMEOUT_S,
    headers: dict[str, str] | None = None,
) -> Response:
    """Send one request and return its status and JSON body; HTTP errors are returned, not raised.

    Raises Unreachable when no HTTP answer arrived at all.
    """
    import urllib.error
    import urllib.request

    sent = {"Accept": "application/json", "User-Agent": f"aura/{__version__}", **(headers or {})}
    data = None
    if payload is not None:
        data = json.dumps(payload, separators=(",", ":")).encode()
        sent["Content-Type"] = "application/json"
    if token:
        sent["Authorization"] = f"Bearer {token}"
    if not url.startswith(("http://", "https://")):
        raise Unreachable(f"not an http(s) URL: {url}")
    req = urllib.request.Request(url, data=data, headers=sent, method=method)  # noqa: S310
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310
            return Response(resp.status, _decode(resp.read()), _lower(resp.headers.items()))
    except urllib.error.HTTPError as exc:
        with exc:
            return Response(exc.code, _decode(exc.read()), _lower(exc.headers.items()))
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise Unreachable(f"{url}: {reason}") from None


def _lower(items: Any) -> dict[str, str]:
    return {str(k).lower(): str(v) for k, v in items}


def _decode(raw: bytes) -> Any:
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return None


def join(api_url: str, path: str) -> str:
    """Join the configured base URL and an absolute API path."""
    return api_url.rstrip("/") + path
