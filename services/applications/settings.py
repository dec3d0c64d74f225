import re
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from shared.settings import DEVELOPMENT, InsecureSettings, ServiceSettings

STORAGE_KEYS = "APPLICATIONS_STORAGE_KEYS"
STORAGE_KEY_ID = re.compile(r"^[A-Za-z0-9_.-]{1,32}$")
MIN_STORAGE_SECRET = 32


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="APPLICATIONS_", env_file=".env", extra="ignore")
    issues_tokens = True  # log-in and client credentials
    signs_with_secret = True  # referee links (service/referee_tokens.py)
    # The Ed25519 private key tokens are signed with (PEM): this service's alone, so only the
    # APPLICATIONS_ variable sets it (every service checks tokens with CORRIDOR_JWT_PUBLIC_KEY_FILE).
    jwt_private_key_file: Path | None = None

    service_name: str = "applications"
    # Submits come in bursts: let the commits of 100 ms share one outbox batch (a relay batch
    # costs several round trips; at ~100 submits/s this makes ~10 events per batch, not ~2).
    outbox_coalesce_seconds: float = 0.1
    # Uploaded documents live here, outside any served folder (default: <data_dir>/documents).
    documents_dir: Path | None = None
    max_document_bytes: int = Field(default=10 * 1024 * 1024, gt=0)
    # Documents and letters are encrypted at rest (AES-256-GCM): "id:secret,id:secret,...",
    # each secret random and at least 32 characters; the first key encrypts, all decrypt
    # (rotation: put a new key first, keep the old ones). Required outside development mode;
    # in development mode, unset: a key of the data folder's own (<data_dir>/storage-key).
    storage_keys: SecretStr | None = None
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
    # A person's token is renewed (POST /auth/token/renew) until this long after the log-in:
    # the portal's session lasts 8 hours (PORTAL_SESSION_MAX_AGE_SECONDS)
    session_max_seconds: int = 8 * 3600
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
    # A successful log-in gives the client a token proving it (device_token, kept by the portal
    # in a cookie) for this many days: sent back, its log-ins are not refused by the account's
    # lock, which strangers' wrong passwords can set (service/device_tokens.py).
    login_device_days: int = Field(default=180, gt=0, le=3650)
    # Client addresses whose X-Forwarded-For is believed (the portal, a reverse proxy), or
    # networks of them ("10.0.0.0/8": a cluster's pod network).
    trusted_proxies: list[str] = []
    # The password-reset link e-mailed to the owner (the token is appended) and how long it works.
    password_reset_url: str = "http://127.0.0.1:8000/password-reset?token="
    password_reset_ttl_seconds: int = Field(default=3600, gt=0)
    # The link that confirms an applicant's new e-mail address, sent to that address (None: the
    # portal of password_reset_url, at /email-change?token=), and how long it works.
    email_change_url: str | None = None
    email_change_ttl_seconds: int = Field(default=86400, gt=0)
    # An applicant proves the address from its mailbox (the link sent at registration, valid as
    # long as a new address's) before submitting: typed wrong or someone else's, the notices and
    # the referees' requests went to a stranger. Off: every address counts as confirmed.
    email_verification: bool = True
    # The link in that e-mail (the token is appended; None: the portal of password_reset_url, at
    # /email-verify?token=); it works as long as a new address's.
    email_verify_url: str | None = None

    # Referee letters (issue 15): the link e-mailed to a referee (the token is appended; None:
    # the portal of password_reset_url, at /referee?token=), when reminders go out before the
    # deadline (seconds before it), how often the worker looks, and how often an applicant
    # may remind one referee. A request's deadline is its cycle's close, at most
    # referee_max_days ahead.
    referee_link_url: str | None = None
    referee_reminders_before_seconds: list[float] = [7 * 86400.0, 2 * 86400.0]
    referee_reminder_poll_seconds: float = Field(default=300.0, gt=0)
    referee_remind_min_seconds: float = Field(default=86400.0, ge=0)
    referee_max_days: int = Field(default=60, gt=0)
    max_referees_per_application: int = Field(default=6, gt=0)

    # Re-upload tasks (issue 15): the applicant is reminded this many days before a rejected
    # document's last day (each once) and told when it passed; how often the worker looks.
    document_task_reminder_days: list[int] = [3, 1]
    document_task_poll_seconds: float = Field(default=300.0, gt=0)

    @property
    def referee_link_prefix(self) -> str:
        if self.referee_link_url:
            return self.referee_link_url
        parts = urlsplit(self.password_reset_url)
        return f"{parts.scheme}://{parts.netloc}/referee?token="

    @property
    def email_change_prefix(self) -> str:
        if self.email_change_url:
            return self.email_change_url
        parts = urlsplit(self.password_reset_url)
        return f"{parts.scheme}://{parts.netloc}/email-change?token="

    @property
    def email_verify_prefix(self) -> str:
        if self.email_verify_url:
            return self.email_verify_url
        parts = urlsplit(self.password_reset_url)
        return f"{parts.scheme}://{parts.netloc}/email-verify?token="

    @property
    def documents_path(self) -> Path:
        return Path(self.documents_dir) if self.documents_dir else Path(self.data_dir) / "documents"

    def storage_key_entries(self) -> list[tuple[str, str]]:
        """The (id, secret) pairs of ``storage_keys``, first the one that encrypts; [] when
        unset. A malformed value is ``InsecureSettings``, naming the setting."""
        text = self.storage_keys.get_secret_value().strip() if self.storage_keys else ""
        entries: list[tuple[str, str]] = []
        for item in filter(None, (part.strip() for part in text.split(","))):
            kid, _, secret = item.partition(":")
            if not STORAGE_KEY_ID.fullmatch(kid) or len(secret) < MIN_STORAGE_SECRET:
                raise InsecureSettings(
                    f"{STORAGE_KEYS}: each key is id:secret (id of letters, digits, '.', '_', '-', at most 32; "
                    f"a random secret of at least {MIN_STORAGE_SECRET} characters)"
                )
            if any(kid == k for k, _ in entries):
                raise InsecureSettings(f"{STORAGE_KEYS}: the key id {kid!r} appears twice")
            entries.append((kid, secret))
        return entries

    def check_secrets(self) -> None:
        """Also refuse to start outside development mode without a key for files at rest."""
        super().check_secrets()
        if not self.storage_key_entries() and self.env != DEVELOPMENT:
            raise InsecureSettings(
                f"{STORAGE_KEYS} is not set: documents and letters are encrypted at rest with it; set it to "
                f"id:secret (e.g. python -c 'import secrets; print(\"k1:\" + secrets.token_urlsafe(48))'), "
                f"or set CORRIDOR_ENV={DEVELOPMENT} on a developer's machine"
            )
