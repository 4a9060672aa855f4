"""Vendor formats of observability, productivity, commerce and social SaaS.

Chat, messaging and email services live in :mod:`.vendors_messaging`; they come first in
``SAAS_VENDORS`` so rule order (and so self-test order) is unchanged.
"""

from __future__ import annotations

from aura_agentic.rules.secrets.spec import (
    ALNUM,
    B64URL,
    DIGITS,
    HEX,
    LOWER_ALNUM,
    TOKEN_END,
    UPPER_ALNUM,
    VendorSpec,
    vendor,
)
from aura_agentic.rules.secrets.vendors_messaging import MESSAGING_VENDORS

_PRODUCT_VENDORS: tuple[VendorSpec, ...] = (
    vendor(
        "secrets/shopify-token",
        "Shopify access token or shared secret",
        r"(?P<s>shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32})" + TOKEN_END,
        ("shpat_", "shpss_", "shpca_", "shppa_"),
        ("shpat_", (HEX, 32)),
    ),
    vendor(
        "secrets/linear-api-key",
        "Linear API key",
        r"(?P<s>lin_(?:api|oauth)_[A-Za-z0-9]{40})" + TOKEN_END,
        ("lin_api_", "lin_oauth_"),
        ("lin_api_", (ALNUM, 40)),
    ),
    vendor(
        "secrets/notion-token",
        "Notion integration token",
        r"(?<![\w\-])(?P<s>secret_[A-Za-z0-9]{43}|ntn_[A-Za-z0-9]{40,50})" + TOKEN_END,
        ("secret_", "ntn_"),
        ("ntn_", (DIGITS, 11), (ALNUM, 35)),
    ),
    vendor(
        "secrets/postman-api-key",
        "Postman API key",
        r"(?P<s>PMAK-[a-f0-9]{24}-[a-f0-9]{34})" + TOKEN_END,
        ("pmak-",),
        ("PMAK-", (HEX, 24), "-", (HEX, 34)),
    ),
    vendor(
        "secrets/sentry-token",
        "Sentry auth token",
        r"(?P<s>sntrys_eyJ[A-Za-z0-9+/=_\-]{50,}|sntryu_[a-f0-9]{64})",
        ("sntrys_", "sntryu_"),
        ("sntryu_", (HEX, 64)),
    ),
    vendor(
        "secrets/sentry-dsn",
        "Sentry DSN with key",
        r"https?://(?P<s>[a-f0-9]{32}(?::[a-f0-9]{32})?)@[\w.\-]*(?:sentry\.io|sentry)[\w.\-]*(?::\d+)?/\d+",
        ("sentry",),
        ("https://", (HEX, 32), "@o4504.ingest.sentry.io/4504321"),
        hex_ok=True,
    ),
    vendor(
        "secrets/datadog-api-key",
        "Datadog API or application key",
        r"(?<![\w\-])(?P<s>[a-f0-9]{32}|[a-f0-9]{40})" + TOKEN_END,
        ("datadog", "dd_api", "dd_app", "dd-api", "dd-app"),
        ((HEX, 32),),
        context=r"datadog.{0,30}(?:key|token)|dd[_\-](?:api|app|application)[_\-]?key",
        template='DD_API_KEY = "{}"',
    ),
    vendor(
        "secrets/newrelic-key",
        "New Relic API or license key",
        r"(?<![\w\-])(?P<s>NR(?:AK|II|IQ|JS)-[A-Za-z0-9]{19,27}|[a-f0-9]{36}NRAL|eu01xx[a-f0-9]{34})"
        + TOKEN_END,
        ("nrak-", "nrii-", "nriq-", "nrjs-", "nral", "eu01xx"),
        ("NRAK-", (UPPER_ALNUM, 27)),
    ),
    vendor(
        "secrets/grafana-token",
        "Grafana service account or cloud token",
        r"(?<![\w\-])(?P<s>glsa_[A-Za-z0-9]{32}_[a-f0-9]{8}|glc_[A-Za-z0-9+/]{32,}={0,2}"
        r"|eyJrIjoi[A-Za-z0-9+/]{40,}={0,2})",
        ("glsa_", "glc_", "eyjrijoi"),
        ("glsa_", (ALNUM, 32), "_", (HEX, 8)),
    ),
    vendor(
        "secrets/dropbox-token",
        "Dropbox access token",
        r"(?<![\w\-.])(?P<s>sl\.(?:u\.)?[A-Za-z0-9_\-]{100,})",
        ("~sl\\.(?:u\\.)?[a-z0-9_\\-]{100}",),
        ("sl.", (B64URL, 135)),
    ),
    vendor(
        "secrets/figma-token",
        "Figma personal access token",
        r"(?P<s>figd_[A-Za-z0-9_\-]{40,})",
        ("figd_",),
        ("figd_", (B64URL, 40)),
    ),
    vendor(
        "secrets/airtable-token",
        "Airtable personal access token",
        r"(?<![\w\-])(?P<s>pat[A-Za-z0-9]{14}\.[a-f0-9]{64})" + TOKEN_END,
        ("~pat[a-z0-9]{14}\\.",),
        ("pat", (ALNUM, 14), ".", (HEX, 64)),
    ),
    vendor(
        "secrets/algolia-admin-key",
        "Algolia admin API key",
        r"(?<![\w\-])(?P<s>[a-f0-9]{32})" + TOKEN_END,
        ("algolia",),
        ((HEX, 32),),
        context=r"algolia.{0,30}(?:admin|write|api).{0,10}key",
        template='ALGOLIA_ADMIN_KEY = "{}"',
    ),
    vendor(
        "secrets/mapbox-secret-token",
        "Mapbox secret token",
        r"(?P<s>sk\.eyJ[A-Za-z0-9_\-]{20,}\.[A-Za-z0-9_\-]{20,})",
        ("sk.eyj",),
        ("sk.eyJ1Ijoi", (B64URL, 50), ".", (B64URL, 22)),
    ),
    vendor(
        "secrets/firebase-fcm-server-key",
        "Firebase Cloud Messaging server key",
        r"(?P<s>AAAA[A-Za-z0-9_\-]{7}:APA91[A-Za-z0-9_\-]{100,})",
        (":apa91",),
        ("AAAA", (B64URL, 7), ":APA91b", (B64URL, 134)),
    ),
    vendor(
        "secrets/asana-token",
        "Asana personal access token",
        r"(?<![\w/])(?P<s>[0-9]/[0-9]{10,}(?:/[0-9]{10,})?:[a-f0-9]{32})" + TOKEN_END,
        ("~/\\d{10}",),
        ("2/", (DIGITS, 16), "/", (DIGITS, 16), ":", (HEX, 32)),
        context=r"\d/\d{10,}",
    ),
    vendor(
        "secrets/okta-token",
        "Okta API token",
        r"(?<![\w\-])(?P<s>00[A-Za-z0-9_\-]{40})" + TOKEN_END,
        ("okta",),
        ("00", (B64URL, 40)),
        context=r"okta.{0,30}(?:token|key|secret)",
        template='OKTA_API_TOKEN = "{}"',
    ),
    vendor(
        "secrets/twitch-token",
        "Twitch OAuth token",
        r"(?<![\w\-])(?P<s>oauth:[a-z0-9]{30}|[a-z0-9]{30})" + TOKEN_END,
        ("twitch",),
        ((LOWER_ALNUM, 30),),
        context=r"twitch.{0,30}(?:token|secret|key|oauth)",
        template='TWITCH_CLIENT_SECRET = "{}"',
        hex_ok=False,
    ),
    vendor(
        "secrets/facebook-access-token",
        "Facebook / Meta access token",
        r"(?<![\w\-])(?P<s>EAA[A-Za-z0-9]{90,})" + TOKEN_END,
        ("eaa",),
        ("EAAG", (ALNUM, 120)),
    ),
    vendor(
        "secrets/twitter-bearer-token",
        "Twitter / X bearer token",
        r"(?P<s>A{18,22}[A-Za-z0-9%]{30,})",
        ("aaaaaaaaaaaaaaaaaa",),
        ("AAAAAAAAAAAAAAAAAAAAA", (ALNUM, 20), "%3D", (ALNUM, 50)),
    ),
    vendor(
        "secrets/hubspot-token",
        "HubSpot private app token",
        r"(?P<s>pat-(?:na|eu)\d-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"
        + TOKEN_END,
        ("pat-na", "pat-eu"),
        ("pat-na1-", (HEX, 8), "-", (HEX, 4), "-", (HEX, 4), "-", (HEX, 4), "-", (HEX, 12)),
    ),
    vendor(
        "secrets/contentful-token",
        "Contentful personal access token",
        r"(?P<s>CFPAT-[A-Za-z0-9_\-]{43})" + TOKEN_END,
        ("cfpat-",),
        ("CFPAT-", (B64URL, 43)),
    ),
    vendor(
        "secrets/typeform-token",
        "Typeform personal access token",
        r"(?P<s>tfp_[A-Za-z0-9_\-.=]{59,})",
        ("tfp_",),
        ("tfp_", (B64URL, 59)),
    ),
    vendor(
        "secrets/pagerduty-key",
        "PagerDuty API key",
        r"(?<![\w\-])(?P<s>[A-Za-z0-9_+\-]{20})" + TOKEN_END,
        ("pagerduty",),
        ((ALNUM, 20),),
        context=r"pagerduty.{0,30}(?:token|key)",
        template='PAGERDUTY_API_KEY = "{}"',
        hex_ok=False,
    ),
    vendor(
        "secrets/zendesk-token",
        "Zendesk API token",
        r"(?<![\w\-])(?P<s>[A-Za-z0-9]{40})" + TOKEN_END,
        ("zendesk",),
        ((ALNUM, 40),),
        context=r"zendesk.{0,30}(?:token|key)",
        template='ZENDESK_API_TOKEN = "{}"',
        hex_ok=False,
    ),
)

SAAS_VENDORS: tuple[VendorSpec, ...] = (*MESSAGING_VENDORS, *_PRODUCT_VENDORS)
