"""Keys that are public by design: shipped to every browser or client by the vendor's own docs.

They are still reported (a team should know where they are, and some are abused when their
restrictions are missing) but at `info`, with a message that says why, so the default
`--fail-on error` never blocks them (ADR 0012):

- a Google API key (`AIza…`) in a Firebase web config (`authDomain`, `messagingSenderId`,
  `storageBucket`/`projectId` nearby, or a name or env variable that says Firebase), or
  named as a Maps key (`GOOGLE_MAPS_API_KEY`: the Maps JavaScript API runs in the page);
- an Algolia key named as the search-only key (`searchKey`, `ALGOLIA_SEARCH_API_KEY`,
  `searchOnlyApiKey`);
- a Sentry DSN: its key only lets clients send events.
"""

from __future__ import annotations

from collections.abc import Mapping

from aura_agentic.rules.secrets.lazy_re import lazy_compile

_REACH = 6  # a web config object spans a few lines around its apiKey
_FIREBASE = lazy_compile(
    r"firebase|authdomain|messagingsenderid|measurementid|storagebucket[\"'`]?\s*[:=]"
)
_SEARCH_ONLY = lazy_compile(r"search[\w\-]{0,12}key|search[_\-]?only|searchkey")

FIREBASE_NOTE = "a Firebase web config key is public by design; restrict it in the console"
MAPS_NOTE = "a Google Maps browser key is public by design; restrict it by HTTP referrer"
ALGOLIA_NOTE = "an Algolia search-only key is public by design"
SENTRY_NOTE = "a Sentry DSN is public by design: it only lets clients send events"


def public_reason(rule_id: str, lines: Mapping[int, str], number: int, start: int) -> str:
    """Why the secret of ``rule_id`` at ``lines[number][start:]`` is public, or ""."""
    if rule_id == "secrets/sentry-dsn":
        return SENTRY_NOTE
    if rule_id == "secrets/gcp-api-key":
        near = "\n".join(
            lines.get(n, "") for n in range(number - _REACH, number + _REACH + 1)
        ).lower()
        if _FIREBASE.search(near):
            return FIREBASE_NOTE
        name = lines.get(number, "")[: max(0, start)].lower()
        return MAPS_NOTE if "maps" in name else ""
    if rule_id == "secrets/algolia-admin-key":
        line = lines.get(number, "")[: max(0, start)].lower()
        above = "\n".join(lines.get(n, "") for n in range(number - 3, number)).lower()
        name = line if ("=" in line or ":" in line) else above + "\n" + line
        return ALGOLIA_NOTE if _SEARCH_ONLY.search(name[-200:]) else ""
    return ""
