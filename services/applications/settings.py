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
    # The services the tokens it issues are for (each service accepts only its own name).
    token_audiences: list[str] = ["applications", "matching", "notifications"]
    # How long a token's account (exists, active, not revoked) is trusted without a query.
    account_cache_seconds: float = 2.0
    # Failed log-ins: free ones, then a delay doubling from login_delay_seconds (at most
    # login_max_delay_seconds) before the next try is checked; per account a lock after
    # login_lock_after failures for login_lock_seconds (the owner is e-mailed). Counts are
    # forgotten login_failure_window_seconds after the last failure.
    login_free_failures_per_account: int = 3
    login_free_failures_per_address: int = 20
    login_delay_seconds: float = 1.0
    login_max_delay_seconds: float = 300.0
    login_lock_after: int = 10
    login_lock_seconds: float = 900.0
    login_failure_window_seconds: float = 900.0
    # Client addresses whose X-Forwarded-For is believed (the portal, a reverse proxy).
    trusted_proxies: list[str] = []
    # The password-reset link e-mailed to the owner (the token is appended) and how long it works.
    password_reset_url: str = "http://127.0.0.1:8000/password-reset?token="
    password_reset_ttl_seconds: int = Field(default=3600, gt=0)

    @property
    def documents_path(self) -> Path:
        return Path(self.documents_dir) if self.documents_dir else Path(self.data_dir) / "documents"
