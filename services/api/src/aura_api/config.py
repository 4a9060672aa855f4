"""Settings: one object, read from the environment with the AURA_ prefix."""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

_DEV_SECRET = "aura-development-secret-change-me-0123456789"


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

    secret_key: SecretStr = SecretStr(_DEV_SECRET)
    jwt_algorithm: str = "HS256"
    access_token_ttl_seconds: int = 15 * 60
    refresh_token_ttl_seconds: int = 30 * 24 * 3600
    api_token_touch_interval_seconds: int = 60
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
        if self.env is Environment.production and self.secret_key.get_secret_value() == _DEV_SECRET:
            raise ValueError("AURA_SECRET_KEY must be set in production")
        return self

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
