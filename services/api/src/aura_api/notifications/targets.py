"""Where webhooks may post: public http(s) addresses only, unless the instance allows private
targets (`AURA_WEBHOOKS_ALLOW_PRIVATE_TARGETS`, for self-hosted receivers on the same network).

A lead chooses the URL and the server makes the request, so an unchecked URL would let a lead
reach the server's own network (databases, cloud metadata at 169.254.169.254). The host is
checked when the webhook is saved and resolved again at every delivery, and the delivery
connects to the address it checked, so a DNS answer that changes in between (rebinding)
cannot redirect it.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from typing import Any

import httpx

from aura_api.notifications.errors import WebhookTargetNotAllowed

RESOLVE_TIMEOUT_SECONDS = 3.0
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class Target:
    """A URL to post to, with the checked address in place of the host name; then `host` is
    the name for TLS (SNI and certificate check) and `host_header` the original Host."""

    url: str
    host: str | None = None
    host_header: str | None = None

    def request_options(self) -> dict[str, Any]:
        """Keyword arguments of httpx's request for this target."""
        if self.host is None:
            return {}
        return {"headers": {"Host": self.host_header}, "extensions": {"sni_hostname": self.host}}


def is_public(address: IPAddress) -> bool:
    """Globally routable unicast: not loopback, private, link-local, shared (CGNAT),
    reserved, multicast or unspecified; IPv4-mapped IPv6 is judged by its IPv4 address."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def _parse(url: str) -> httpx.URL:
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise WebhookTargetNotAllowed("not a valid URL") from exc
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise WebhookTargetNotAllowed("only http and https URLs with a host are allowed")
    return parsed


async def _addresses(parsed: httpx.URL) -> list[IPAddress]:
    try:
        return [ipaddress.ip_address(parsed.host)]
    except ValueError:
        pass
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    try:
        async with asyncio.timeout(RESOLVE_TIMEOUT_SECONDS):
            infos = await asyncio.get_running_loop().getaddrinfo(
                parsed.host, port, type=socket.SOCK_STREAM
            )
    except (OSError, TimeoutError) as exc:
        raise WebhookTargetNotAllowed(f"host {parsed.host} does not resolve") from exc
    # Scope ids (fe80::1%eth0) are dropped: such addresses are link-local, never public.
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


async def check(url: str, *, allow_private: bool) -> Target:
    """The target for `url`, or WebhookTargetNotAllowed when any address it resolves to is
    not public (all must be: a client may pick any of them)."""
    parsed = _parse(url)
    if allow_private:
        return Target(url)
    addresses = await _addresses(parsed)
    blocked = sorted({str(a) for a in addresses if not is_public(a)})
    if blocked or not addresses:
        found = ", ".join(blocked) or "no address"
        raise WebhookTargetNotAllowed(f"{parsed.host} is not a public address ({found})")
    if str(addresses[0]) == parsed.host:
        return Target(url)
    pinned = parsed.copy_with(host=str(addresses[0]))
    return Target(str(pinned), host=parsed.host, host_header=parsed.netloc.decode("ascii"))
