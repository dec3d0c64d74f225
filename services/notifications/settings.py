import json
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import NoDecode, SettingsConfigDict

from services.notifications.domain.retry import DEFAULT_JITTER, DEFAULT_SCHEDULE
from services.notifications.domain.targets import Policy, parse_allowlist
from shared.settings import DEVELOPMENT, InsecureSettings, ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="NOTIFICATIONS_", env_file=".env", extra="ignore")

    service_name: str = "notifications"
    # Each delivery commits its notification.delivered event on its own (~400 a second in a
    # national round): let the commits of 100 ms share one relay batch (bench/relay_coalesce.py).
    outbox_coalesce_seconds: float = 0.1

    # E-mail. With no SMTP host (the `make run` default) messages are written as .eml files
    # to mail_dir (default: <data_dir>/mail) instead of being sent; outside development mode
    # only when mail_dir is set on purpose (check_storage).
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_sender: str = "Corridor Admissions <no-reply@corridor.example>"
    smtp_starttls: bool = False
    smtp_use_tls: bool = False  # implicit TLS (port 465)
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_timeout_seconds: float = 20.0
    # The name given in EHLO (a receiving server may check it against this host's address);
    # unset: this host's fully qualified name, looked up once per process.
    smtp_local_hostname: str | None = None
    # An SMTP session is kept open this long after its group of e-mails, for the next group
    # (up to dispatch_concurrency kept): opening one (TCP, EHLO, STARTTLS, AUTH) costs more
    # than several messages. 0: each group opens and closes its own.
    smtp_keepalive_seconds: float = Field(default=10.0, ge=0)
    mail_dir: Path | None = None

    # What every e-mail ends with: a link to the portal and whom to write to.
    portal_url: str = "http://127.0.0.1:8000"
    contact_email: str = "admissions@corridor.example"

    # Who hears of a completed round comes from the staff accounts (account.upserted); the
    # former NOTIFICATIONS_ROUND_OFFICERS (a map of account ids kept by hand) is gone and
    # ignored if still set.

    # Delivery (e-mail and webhooks): tries after the first, in seconds, spread by +/- jitter.
    retry_schedule_seconds: list[float] = list(DEFAULT_SCHEDULE)
    retry_jitter: float = DEFAULT_JITTER
    webhook_timeout_seconds: float = 10.0

    # Where partner webhooks may point (domain/targets.py; docs/partner-guide.md). Unset:
    # https only outside development mode (CORRIDOR_ENV=development: the test suite, `make
    # run`); port 443, and 80 too in development.
    webhook_require_https: bool | None = None
    webhook_ports: Annotated[list[int] | None, NoDecode] = None
    # Trusted exceptions to the address and port rules: CIDRs (any port there) or host:port
    # pairs, comma-separated, e.g. "10.20.0.0/16,hooks.internal:8080". Tests allow their own
    # receiver on loopback this way; nothing is allowed by default.
    webhook_allow: Annotated[list[str], NoDecode] = []
    webhook_resolve_timeout_seconds: float = 5.0
    dispatch_poll_seconds: float = 0.5
    dispatch_batch_size: int = 100  # rows per claim, in each lane (e-mails, webhooks)
    dispatch_concurrency: int = 10  # SMTP sessions at once, and as many webhook requests
    # Each SMTP session holds a connection while its e-mails go; with the webhooks, the
    # consumer, the relay and the API the steady demand is about twice dispatch_concurrency
    # (with 10 kept open a national round opened and closed 9 connections a second).
    database_pool_size: int = Field(default=25, ge=1)
    # E-mails per SMTP session before another is opened (up to dispatch_concurrency): a few
    # e-mails go one after another over one session, so at most one of them is in doubt
    # (accepted by the server, not yet stored) when the process dies; a backlog spreads out.
    dispatch_group_size: int = Field(default=10, ge=1)
    # A claimed row whose sender died is taken up again after this lease.
    dispatch_lease_seconds: float = 120.0
    # The partner feed holds back entries this young (see GET /partner/feed).
    feed_settle_seconds: float = 2.0
    # Partner topics (shared.kafka.partners): feed entries are written to the topic of their
    # institution, where an operator has created one; how often the worker looks. Off: the
    # entries are not queued for it (turned on later, it writes those written from then on).
    partner_topics: bool = True
    partner_topics_poll_seconds: float = 1.0
    # entries per step, each a bound parameter of its DELETE (PostgreSQL takes at most 32,767)
    partner_topics_batch_size: int = Field(default=500, ge=1, le=10_000)
    # Interviews: the reminder goes this long before the start; how often the worker looks.
    interview_reminder_hours: float = 24.0
    interview_reminder_poll_seconds: float = 60.0

    @field_validator("retry_schedule_seconds")
    @classmethod
    def _non_negative(cls, v: list[float]) -> list[float]:
        if any(x < 0 for x in v):
            raise ValueError("retry delays must be >= 0")
        return v

    @field_validator("webhook_ports", "webhook_allow", mode="before")
    @classmethod
    def _comma_separated(cls, v: object) -> object:
        if isinstance(v, str):  # from the environment: "a,b" (or a JSON list)
            v = v.strip()
            if v.startswith("["):
                return json.loads(v)
            return [x.strip() for x in v.split(",") if x.strip()]
        return v

    @field_validator("webhook_allow")
    @classmethod
    def _valid_allowlist(cls, v: list[str]) -> list[str]:
        parse_allowlist(v)  # raises ValueError naming the bad entry
        return v

    @property
    def development(self) -> bool:
        return self.env == DEVELOPMENT

    @property
    def webhook_policy(self) -> Policy:
        require_https = (not self.development) if self.webhook_require_https is None else self.webhook_require_https
        ports = self.webhook_ports if self.webhook_ports is not None else [443, 80] if self.development else [443]
        return Policy.of(require_https=require_https, ports=ports, allow=self.webhook_allow)

    def check_storage(self) -> None:
        """Also refuse to start outside development mode with nowhere to send e-mail: without
        an SMTP host every message had gone to files and been counted delivered, and no
        applicant was ever written to. Files on purpose: set mail_dir."""
        super().check_storage()
        if self.smtp_host or self.mail_dir is not None or self.env == DEVELOPMENT:
            return
        raise InsecureSettings(
            "NOTIFICATIONS_SMTP_HOST is not set: outside development mode e-mail goes to an SMTP server "
            "(NOTIFICATIONS_SMTP_HOST, _PORT, _USERNAME, _PASSWORD, _STARTTLS or _USE_TLS). To write every "
            "message to .eml files instead, and send none, set NOTIFICATIONS_MAIL_DIR on purpose"
        )

    @property
    def mail_folder(self) -> Path:
        return self.mail_dir or Path(self.data_dir) / "mail"
