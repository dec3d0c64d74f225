"""Settings shared by every service, read from the environment (pydantic-settings).

Values common to the whole system use the ``CORRIDOR_`` prefix; each service has its own
prefix (``APPLICATIONS_``, ``MATCHING_``, ``NOTIFICATIONS_``, ``PORTAL_``) and may override
any common value under it.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_JWT_SECRET = "corridor-development-secret-change-me-in-production"


class CommonSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CORRIDOR_", env_file=".env", extra="ignore")

    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    jwt_secret: SecretStr = SecretStr(DEV_JWT_SECRET)
    jwt_ttl_seconds: int = 8 * 3600
    data_dir: Path = Path(".run/data")
    topic_partitions: int = 3
    topic_replication_factor: int = 1
    # Topic config min.insync.replicas for topics this system creates (unset: the broker's).
    min_insync_replicas: int | None = None
    log_level: str = "INFO"
    log_json: bool = True


class ServiceSettings(BaseSettings):
    """Base of each service's settings; subclasses set ``env_prefix``.

    Unset values fall back to the ``CORRIDOR_`` ones, so one variable configures the
    whole system and a service-prefixed one overrides it for that service alone.
    """

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    service_name: str = "service"
    database_url: str | None = None
    kafka_bootstrap_servers: str | None = None
    jwt_secret: SecretStr | None = None
    jwt_ttl_seconds: int | None = None
    data_dir: Path | None = None
    topic_partitions: int | None = None
    topic_replication_factor: int | None = None
    min_insync_replicas: int | None = None
    log_level: str | None = None
    log_json: bool | None = None
    consumer_group: str | None = None
    outbox_poll_seconds: float = 0.5
    outbox_batch_size: int = 500
    outbox_coalesce_seconds: float = 0.0  # > 0: commits within this window share one relay batch
    # An Idempotency-Key is remembered this long; a retry after that runs as a new request.
    idempotency_retention_hours: float = 24.0
    housekeeping_interval_seconds: float = 600.0  # how often expired keys are deleted
    run_migrations: bool = True

    @model_validator(mode="after")
    def _inherit_common(self) -> ServiceSettings:
        common = CommonSettings()
        for name in CommonSettings.model_fields:
            if getattr(self, name, None) is None:
                setattr(self, name, getattr(common, name))
        if self.consumer_group is None:
            self.consumer_group = self.service_name
        if self.database_url is None:
            path = Path(self.data_dir) / f"{self.service_name}.db"
            self.database_url = f"sqlite+aiosqlite:///{path}"
        return self

    @property
    def is_sqlite(self) -> bool:
        return str(self.database_url).startswith("sqlite")
