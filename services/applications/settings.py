from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="APPLICATIONS_", env_file=".env", extra="ignore")

    service_name: str = "applications"
    # Submits come in bursts: let the commits of 100 ms share one outbox batch (a relay batch
    # costs several round trips; at ~100 submits/s this makes ~10 events per batch, not ~2).
    outbox_coalesce_seconds: float = 0.1
    # Uploaded documents live here, outside any served folder (default: <data_dir>/documents).
    documents_dir: Path | None = None
    max_document_bytes: int = Field(default=10 * 1024 * 1024, gt=0)
    # An admin account created (once) at start-up when both are set.
    bootstrap_admin_email: str | None = None
    bootstrap_admin_password: SecretStr | None = None
    # argon2id cost (OWASP minimum: m=19 MiB, t=2, p=1).
    argon2_time_cost: int = 2
    argon2_memory_kib: int = 19 * 1024
    argon2_parallelism: int = 1

    @property
    def documents_path(self) -> Path:
        return Path(self.documents_dir) if self.documents_dir else Path(self.data_dir) / "documents"
