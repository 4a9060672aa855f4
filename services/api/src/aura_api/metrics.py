"""Every Prometheus metric of the API, named aura_<subsystem>_<name>_<unit>.

When several workers run, PROMETHEUS_MULTIPROC_DIR is set (by `aura-api serve`) and the
/metrics endpoint aggregates every worker's files.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

HTTP_REQUESTS = Counter(
    "aura_http_requests_total",
    "HTTP requests by method, route template and status",
    ["method", "route", "status"],
)
HTTP_LATENCY = Histogram(
    "aura_http_request_duration_seconds",
    "HTTP request latency by method and route template",
    ["method", "route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)
CACHE_RESULTS = Counter(
    "aura_cache_lookups_total", "Read-through cache lookups by result", ["result"]
)
RATE_LIMITED = Counter("aura_ratelimit_rejections_total", "Requests answered 429", ["scope"])
OFFLOAD_REJECTIONS = Counter(
    "aura_offload_rejections_total",
    "CPU-heavy jobs refused (pool full) or abandoned (over budget)",
    ["reason"],
)
DEPENDENCY_FAILURES = Counter(
    "aura_dependency_failures_total", "Failed calls to an optional dependency", ["dependency"]
)


def render_metrics() -> tuple[bytes, str]:
    """The exposition text for this process, or for all workers in multiprocess mode."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(), CONTENT_TYPE_LATEST
