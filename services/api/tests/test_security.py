"""Issue #11 regression tests, through the HTTP API: the shared probes (also runnable against
a deployment with scripts/fuzz/probe.py) plus what needs the app's own settings."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest
from aura_agentic.workflows.audit import nodes
from aura_api.config import Settings
from conftest import AppFactory, settings_for_tests
from httpx import AsyncClient
from probes import ALL, Probe
from pydantic import ValidationError


@pytest.mark.parametrize("probe", ALL.values(), ids=ALL.keys())
async def test_probe(client: AsyncClient, probe: Probe) -> None:
    await probe(client)


async def test_the_event_loop_stays_free_while_an_audit_runs(
    make_client: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The audit blocks until /health/live has answered: it can only finish if the engine
    runs off the event loop."""
    answered = threading.Event()
    real = nodes._audit

    def slow_audit(diff: str, rules_yaml: str | None) -> Any:
        assert answered.wait(timeout=60), "the event loop was blocked by the audit"
        return real(diff, rules_yaml)

    monkeypatch.setattr(nodes, "_audit", slow_audit)
    client = await make_client()
    from probes import _user

    headers, _ = await _user(client)
    audit = asyncio.ensure_future(
        client.post("/api/v1/workflows/audit", json={"diff": "", "explain": False}, headers=headers)
    )
    assert (await client.get("/health/live")).status_code == 200
    answered.set()
    assert (await audit).status_code == 200


async def test_a_full_cpu_pool_answers_503_with_retry_after(
    make_client: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    real = nodes._audit

    def held(diff: str, rules_yaml: str | None) -> Any:
        release.wait(timeout=60)
        return real(diff, rules_yaml)

    monkeypatch.setattr(nodes, "_audit", held)
    client = await make_client(cpu_workers=1, cpu_queue=0)
    from probes import _user

    headers, _ = await _user(client)
    body = {"diff": "", "explain": False}
    first = asyncio.ensure_future(
        client.post("/api/v1/workflows/audit", json=body, headers=headers)
    )
    await asyncio.sleep(0.2)  # let the first audit take the only slot
    busy = await client.post("/api/v1/workflows/audit", json=body, headers=headers)
    release.set()
    assert busy.status_code == 503 and busy.headers["retry-after"]
    assert busy.json()["error"]["code"] == "server_busy"
    assert (await first).status_code == 200


@pytest.mark.parametrize("key", ["", "a", "changeme", "a" * 64, "aura-secret-" + "x1" * 20])
def test_production_refuses_weak_secret_keys(key: str) -> None:
    with pytest.raises(ValidationError, match="AURA_SECRET_KEY"):
        Settings(_env_file=None, env="production", secret_key=key)  # type: ignore[call-arg]


def test_production_accepts_a_generated_key() -> None:
    import secrets

    key = secrets.token_urlsafe(48)
    assert Settings(_env_file=None, env="production", secret_key=key).env == "production"  # type: ignore[call-arg]


async def test_ops_endpoints_in_production(make_client: AppFactory) -> None:
    import secrets

    ops = secrets.token_urlsafe(32)
    client = await make_client(
        env="production", secret_key=secrets.token_urlsafe(48), ops_token=ops
    )
    for path in ("/metrics", "/openapi.json"):
        assert (await client.get(path)).status_code == 401, path
        ok = await client.get(path, headers={"Authorization": f"Bearer {ops}"})
        assert ok.status_code == 200, path
    assert (await client.get("/docs")).status_code == 404
    public = await make_client(
        env="production", secret_key=secrets.token_urlsafe(48), metrics_public=True,
        docs_public=True,
    )  # fmt: skip
    assert (await public.get("/metrics")).status_code == 200
    assert (await public.get("/docs")).status_code == 200


def test_settings_for_tests_are_not_production() -> None:
    assert settings_for_tests().env != "production"


async def test_the_leak_scan_finds_a_kept_secret(app: Any, database_url: str) -> None:
    """The after-test scan is not vacuous: a secret kept anywhere it looks is found."""
    import leak_scan
    from conftest import REDIS_NAMESPACE, REDIS_URL
    from redis.asyncio import Redis

    secret = leak_scan.plant("github")
    redis = Redis.from_url(REDIS_URL)
    await redis.set(f"{REDIS_NAMESPACE}:cache:probe", f"kept {secret}")
    try:
        with pytest.raises(AssertionError, match="redis"):
            await leak_scan.assert_no_leaks(database_url, REDIS_URL, REDIS_NAMESPACE)
    finally:
        await redis.delete(f"{REDIS_NAMESPACE}:cache:probe")
        await redis.aclose()
    leak_scan.capture_log(f"a line with {secret}")
    with pytest.raises(AssertionError, match="logs"):
        await leak_scan.assert_no_leaks(database_url, REDIS_URL, REDIS_NAMESPACE)
    leak_scan.reset_log()


def test_serve_clears_only_metric_files_of_a_shared_folder(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aura_api.cli import _prepare_metrics_dir

    (tmp_path / "counter_123.db").write_bytes(b"stale")
    (tmp_path / "keep.txt").write_text("not ours")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    assert _prepare_metrics_dir(4) is None  # not ours to remove at exit
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt"]
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR")
    made = _prepare_metrics_dir(2)
    assert made is not None and made != str(tmp_path)


def test_serve_refuses_a_weak_production_key_with_a_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    from aura_api.cli import app
    from aura_api.config import get_settings
    from typer.testing import CliRunner

    monkeypatch.setenv("AURA_ENV", "production")
    monkeypatch.setenv("AURA_SECRET_KEY", "changeme")
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["serve"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 2
    assert "AURA_SECRET_KEY is too weak" in result.output and "generate-secret" in result.output
    secret = CliRunner().invoke(app, ["generate-secret"])
    assert secret.exit_code == 0 and len(secret.output.strip()) >= 64


async def test_a_database_outage_is_503_with_retry_after(make_client: AppFactory) -> None:
    client = await make_client(database_url="postgresql+asyncpg://postgres@127.0.0.1:1/nowhere")
    r = await client.post(
        "/api/v1/auth/login", json={"email": "a@example.com", "password": "whatever-it-is"}
    )
    assert r.status_code == 503 and r.headers["retry-after"] == "5", r.text
    assert r.json()["error"]["code"] == "database_unavailable"
