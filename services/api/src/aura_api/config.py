"""Settings: one object, read from the environment with the AURA_ prefix."""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

_DEV_SECRET = "aura-development-secret-change-me-0123456789"
# Words a generated key never contains: a key that does was typed by a person.
_HUMAN_WORDS = ("change", "secret", "password", "example", "default", "aura", "test")
MIN_SECRET_CHARS = 32
MIN_SECRET_BITS = 128
SECRET_HINT = (
    "generate one with `aura-api generate-secret` "
    "(or `python -c 'import secrets; print(secrets.token_urlsafe(48))'`)"
)


def secret_weakness(key: str) -> str | None:
    """Why `key` is too weak to sign production tokens, or None when it is strong enough:
    at least 32 characters, about 128 bits by its character statistics, and not typed words."""
    import math
    from collections import Counter

    if len(key) < MIN_SECRET_CHARS:
        return f"it has {len(key)} characters; at least {MIN_SECRET_CHARS} are needed"
    counts = Counter(key).values()
    bits = max(0.0, -sum(c * math.log2(c / len(key)) for c in counts))
    if bits < MIN_SECRET_BITS:
        return f"it carries about {bits:.0f} bits of entropy; at least {MIN_SECRET_BITS} needed"
    lower = key.lower()
    word = next((w for w in _HUMAN_WORDS if w in lower), None)
    if word is not None:
        return f"it contains the word {word!r}, so it was not generated"
    return None


class Environment(StrEnum):
    development = "development"
    test = "test"
    production = "production"


class Settings(BaseSettings):
    """Every tunable of the API. Embedded default: SQLite in `data_dir`, no Redis."""

    model_config = SettingsConfigDict(env_prefix="AURA_", env_file=".env", extra="ignore")

    env: Environment = Environment.development
    data_dir: Path = Path(".aura-data")
    database_url: str | None = None
    redis_url: str | None = None
    # Prefix of every Redis key and channel: several deployments or test runs can share a Redis.
    redis_namespace: str = "aura"
    db_pool_size: int = 10
    db_echo: bool = False

    # Signs access tokens; production refuses to start with a weak one (see secret_weakness).
    secret_key: SecretStr = SecretStr(_DEV_SECRET)
    jwt_algorithm: str = "HS256"
    access_token_ttl_seconds: int = 15 * 60
    refresh_token_ttl_seconds: int = 30 * 24 * 3600
    api_token_touch_interval_seconds: int = 60
    # Parallel refreshes of one token (tabs, retries) within this window get the same result
    # instead of tripping reuse detection.
    refresh_reuse_grace_seconds: int = Field(default=20, ge=0, le=300)
    max_sessions_per_user: int = Field(default=50, ge=1, le=10_000)
    argon2_memory_kib: int = 65536
    argon2_time_cost: int = 3

    cors_origins: list[str] = Field(default_factory=list)
    cookie_secure: bool = False
    max_body_bytes: int = 2 * 1024 * 1024

    rate_limit_enabled: bool = True
    rate_limit_ip_per_minute: int = 1200
    rate_limit_user_per_minute: int = 600
    rate_limit_auth_per_minute: int = 30
    trust_forwarded_for: bool = False

    # CPU-heavy work (audits of submitted diffs, rules files) runs on this bounded pool.
    cpu_workers: int = Field(default=2, ge=1, le=64)
    cpu_queue: int = Field(default=8, ge=0, le=10_000)
    cpu_budget_seconds: float = Field(default=30.0, gt=0, le=3600)

    # Operations endpoints. Unset (None): public outside production, closed in production
    # unless `ops_token` is sent as `Authorization: Bearer <ops_token>`.
    ops_token: SecretStr | None = None
    docs_public: bool | None = None
    metrics_public: bool | None = None

    cache_ttl_seconds: int = 300
    redis_timeout_seconds: float = 0.25
    redis_retry_after_seconds: float = 5.0

    # Analytics (docs/analytics/mastery.md): team numbers need this many developers.
    analytics_min_group_size: int = Field(default=3, ge=1)
    analytics_bkt_p_init: float = Field(default=0.2, gt=0, lt=1)
    analytics_bkt_p_transit: float = Field(default=0.1, gt=0, lt=1)
    analytics_bkt_p_slip: float = Field(default=0.1, gt=0, lt=1)
    analytics_bkt_p_guess: float = Field(default=0.2, gt=0, lt=1)
    analytics_mastered_threshold: float = Field(default=0.95, gt=0, lt=1)
    analytics_efficacy_window_days: int = Field(default=14, ge=1)

    # Webhooks post to public addresses only; allow private ones (loopback, LAN, link-local)
    # for a self-hosted receiver on the same network.
    webhooks_allow_private_targets: bool = False

    # Optional OpenAI-compatible LLM (OpenAI, Ollama, vLLM…) for explanations and lessons.
    llm_base_url: str | None = None
    llm_api_key: SecretStr | None = None
    llm_model: str | None = None
    llm_timeout_seconds: float = Field(default=20.0, gt=0)
    llm_connect_timeout_seconds: float = Field(default=1.0, gt=0)
    llm_breaker_seconds: float = Field(default=30.0, ge=0)
    workflow_max_diff_bytes: int = Field(default=512 * 1024, ge=1)

    log_json: bool | None = None
    log_level: str = "INFO"

    @model_validator(mode="after")
    def _production_needs_a_real_secret(self) -> Settings:
        key = self.secret_key.get_secret_value()
        if not key:
            raise ValueError(f"AURA_SECRET_KEY may not be empty; {SECRET_HINT}")
        if self.env is Environment.production:
            problem = "it is the development default" if key == _DEV_SECRET else None
            problem = problem or secret_weakness(key)
            if problem:
                raise ValueError(f"AURA_SECRET_KEY is too weak for production: {problem}; "
                                 f"{SECRET_HINT}")  # fmt: skip
            ops = self.ops_token.get_secret_value() if self.ops_token else None
            if ops is not None and secret_weakness(ops):
                raise ValueError(f"AURA_OPS_TOKEN is too weak: {secret_weakness(ops)}; "
                                 f"{SECRET_HINT}")  # fmt: skip
        return self

    def ops_public(self, setting: bool | None) -> bool:
        """Whether an operations endpoint is open to anyone (see `docs_public`)."""
        return setting if setting is not None else self.env is not Environment.production

    @property
    def resolved_database_url(self) -> str:
        """The database URL; the embedded default is SQLite inside the data folder."""
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{self.data_dir.resolve() / 'aura.db'}"

    @property
    def is_sqlite(self) -> bool:
        return self.resolved_database_url.startswith("sqlite")

    @property
    def json_logs(self) -> bool:
        if self.log_json is not None:
            return self.log_json
        return self.env is Environment.production


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
