"""Settings shared by every service, read from the environment (pydantic-settings).

Values common to the whole system use the ``CORRIDOR_`` prefix; each service has its own
prefix (``APPLICATIONS_``, ``MATCHING_``, ``NOTIFICATIONS_``, ``PORTAL_``) and may override
any common value under it.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import ClassVar

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pydantic import Field, PrivateAttr, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from shared.auth import TokenKeys
from shared.kafka.security import PLAINTEXT, KafkaSecurity

DEV_JWT_SECRET = "corridor-development-secret-change-me-in-production"
MIN_JWT_SECRET_BYTES = 32
MIN_OPERATOR_TOKEN_BYTES = 24
DATABASE_SCHEMES = ("postgresql+asyncpg://", "sqlite+aiosqlite://")
DEVELOPMENT = "development"


class InsecureSettings(RuntimeError):
    """A service refuses to start with settings that would let anyone in, or lose what it
    keeps without a word (a database nobody named, e-mail that is never sent)."""


def weak_secret_reason(secret: str) -> str | None:
    """Why a JWT secret may not be used outside development mode (None: it may)."""
    if not secret:
        return "is empty"
    if secret == DEV_JWT_SECRET:
        return "is the published development default"
    if len(secret.encode()) < MIN_JWT_SECRET_BYTES:
        return f"is shorter than {MIN_JWT_SECRET_BYTES} bytes"
    return None


def require_strong_operator_token(token: SecretStr | None, env: str | None, named: str) -> None:
    """Outside development mode an operator token, when set, is long enough not to be guessed:
    unset, /metrics answers 401 to everyone; set, it opens the metrics and readiness detail."""
    operator = token.get_secret_value() if token else ""
    if operator and env != DEVELOPMENT and len(operator.encode()) < MIN_OPERATOR_TOKEN_BYTES:
        raise InsecureSettings(
            f"{named} is shorter than {MIN_OPERATOR_TOKEN_BYTES} bytes: set it to a random "
            "value (e.g. python -c 'import secrets; print(secrets.token_urlsafe(32))') or leave it unset"
        )


def require_strong_jwt_secret(secret: str, env: str | None, setting: str = "CORRIDOR_JWT_SECRET") -> None:
    """Outside development mode (CORRIDOR_ENV=development) a default, empty or short secret
    refuses start-up, naming the setting; ``make run`` and the test suite set development mode,
    and ``make run`` also generates a random secret per checkout."""
    reason = weak_secret_reason(secret)
    if reason is not None and env != DEVELOPMENT:
        raise InsecureSettings(
            f"{setting} {reason}: set it to a random value of at least {MIN_JWT_SECRET_BYTES} bytes "
            f"(e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))'), "
            f"or set CORRIDOR_ENV={DEVELOPMENT} on a developer's machine"
        )


def require_kafka_credentials(
    security: KafkaSecurity, explicit_protocol: str | None, env: str | None, prefix: str = "CORRIDOR_"
) -> None:
    """Outside development mode a service talks to Kafka as its own principal: without
    credentials it refuses to start, unless the operator chose PLAINTEXT explicitly
    (CORRIDOR_KAFKA_SECURITY_PROTOCOL=PLAINTEXT, e.g. a broker on a private network)."""
    if security.authenticated or env == DEVELOPMENT or (explicit_protocol or "").upper() == PLAINTEXT:
        return
    raise InsecureSettings(
        f"no Kafka credentials: set {prefix}KAFKA_USERNAME and {prefix}KAFKA_PASSWORD (SASL/SCRAM-SHA-512; "
        f"CORRIDOR_KAFKA_CA_FILE for SASL_SSL), or CORRIDOR_KAFKA_SECURITY_PROTOCOL={PLAINTEXT} to connect "
        f"without authentication on purpose"
    )


class CommonSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CORRIDOR_", env_file=".env", extra="ignore")

    # "development" allows the development JWT secret (make run, the test suite); unset: production.
    env: str = "production"
    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    # Kafka principal (SASL/SCRAM-SHA-512). Protocol unset: SASL_SSL with a CA file,
    # SASL_PLAINTEXT with a username, else PLAINTEXT (refused outside development mode).
    kafka_security_protocol: str | None = None
    kafka_username: str | None = None
    kafka_password: SecretStr | None = None
    kafka_ca_file: str | None = None
    jwt_secret: SecretStr = SecretStr(DEV_JWT_SECRET)
    # An Ed25519 key pair (PEM files) signs tokens instead of the secret (shared.auth): every
    # service gets the public key; the private one is the applications service's own setting
    # (APPLICATIONS_JWT_PRIVATE_KEY_FILE), which no other service reads.
    jwt_public_key_file: Path | None = None
    # A person's token lives an hour (the portal asks to log in again when it expires).
    jwt_ttl_seconds: int = 3600
    # How long a service trusts what it read about an account's revoked tokens.
    revocation_cache_seconds: float = 2.0
    # Bearer token for /metrics and /readyz details outside development mode (Prometheus, operators).
    operator_token: SecretStr | None = None
    data_dir: Path = Path(".run/data")
    topic_partitions: int = 3
    topic_replication_factor: int = 1
    # Topic config min.insync.replicas for topics this system creates (unset: the broker's).
    min_insync_replicas: int | None = None
    log_level: str = "INFO"
    log_json: bool = True
    # The garbage collector once a service has started (shared.heap): start-up objects frozen
    # out of its walks, and its young-generation threshold (0: the interpreter's, 700).
    gc_freeze: bool = True
    gc_young_threshold: int = Field(default=50_000, ge=0)


class ServiceSettings(BaseSettings):
    """Base of each service's settings; subclasses set ``env_prefix``.

    Unset values fall back to the ``CORRIDOR_`` ones, so one variable configures the
    whole system and a service-prefixed one overrides it for that service alone.
    """

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    service_name: str = "service"
    env: str | None = None
    database_url: str | None = None
    kafka_bootstrap_servers: str | None = None
    kafka_security_protocol: str | None = None
    kafka_username: str | None = None
    kafka_password: SecretStr | None = None
    kafka_ca_file: str | None = None
    jwt_secret: SecretStr | None = None
    jwt_public_key_file: Path | None = None
    jwt_ttl_seconds: int | None = None
    revocation_cache_seconds: float | None = None
    operator_token: SecretStr | None = None
    data_dir: Path | None = None
    topic_partitions: int | None = None
    topic_replication_factor: int | None = None
    min_insync_replicas: int | None = None
    log_level: str | None = None
    log_json: bool | None = None
    consumer_group: str | None = None
    outbox_poll_seconds: float = 0.5
    # rows per relay read: publishing 100,000 events took 1.2x less CPU (1.3x less time) at 5,000 than at 500, and
    # no faster at 20,000 (bench/results/relay_publish.md)
    outbox_batch_size: int = Field(default=5000, ge=1, le=30_000)  # SQLite binds at most 32,766
    outbox_coalesce_seconds: float = 0.0  # > 0: commits within this window share one relay batch
    # An Idempotency-Key is remembered this long; a retry after that runs as a new request.
    idempotency_retention_hours: float = 24.0
    housekeeping_interval_seconds: float = 600.0  # how often expired keys are deleted
    run_migrations: bool = True
    # Connections to PostgreSQL kept open; up to 10 more (shared.db) are opened for a burst
    # and closed when handed back (each a new server process: a service whose steady demand
    # is above this pays that again and again).
    database_pool_size: int = Field(default=10, ge=1)
    gc_freeze: bool | None = None
    gc_young_threshold: int | None = Field(default=None, ge=0)

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
            self._database_defaulted = True
        return self

    @field_validator("database_url")
    @classmethod
    def _a_database_the_services_speak(cls, v: str | None) -> str | None:
        """A URL of a driver the services have: another (postgres://, postgresql:// with no
        driver, a typo) had failed at start in SQLAlchemy's words, naming no setting."""
        if v is not None and v.startswith(DATABASE_SCHEMES):
            try:  # the parts SQLAlchemy reads at start (a port that is no number had ended it in a traceback)
                make_url(v).port  # noqa: B018 - read to be checked
            except (ValueError, ArgumentError):
                raise ValueError(
                    "not a database URL: write it as postgresql+asyncpg://user:password@host:5432/name (a password "
                    "with @, /, : or # percent-encoded)"
                ) from None
            return v
        if v is None:
            return v
        raise ValueError(
            "write it as postgresql+asyncpg://user:password@host:5432/name (or sqlite+aiosqlite:///path): "
            "the services reach PostgreSQL with asyncpg and SQLite with aiosqlite"
        )

    # No database named: the SQLite file under data_dir (``make run``'s embedded default).
    _database_defaulted: bool = PrivateAttr(default=False)

    def check_storage(self) -> None:
        """Outside development mode, refuse to start on the embedded SQLite file nobody chose:
        a misspelt or missing DATABASE_URL had started the service on it without a word (one
        instance alone may write it, and a container loses it when replaced). SQLite named on
        purpose (``sqlite+aiosqlite:///…``) starts."""
        if not self._database_defaulted or self.env == DEVELOPMENT:
            return
        prefix = self.model_config.get("env_prefix") or "CORRIDOR_"
        raise InsecureSettings(
            f"{prefix}DATABASE_URL is not set: outside development mode a service names its database "
            f"(postgresql+asyncpg://user:password@host:5432/{self.service_name}); without it the service would "
            f"write to the file {self.database_url.removeprefix('sqlite+aiosqlite:///')}. Name SQLite "
            f"(sqlite+aiosqlite:///path) to use it on purpose, or set CORRIDOR_ENV={DEVELOPMENT} on a developer's machine"
        )

    # Whether the service signs something else with the JWT secret (the applications
    # service's referee links), so it needs a strong one even where tokens use a key pair.
    signs_with_secret: ClassVar[bool] = False
    # Whether the service issues tokens (the applications service): with a key pair it needs the private key.
    issues_tokens: ClassVar[bool] = False

    def check_secrets(self) -> None:
        """Refuse to start with a weak JWT secret, a key pair that does not match, or without
        Kafka credentials, outside development mode (``InsecureSettings``)."""
        prefix = self.model_config.get("env_prefix") or ""
        setting = f"{prefix}JWT_SECRET or CORRIDOR_JWT_SECRET" if prefix else "CORRIDOR_JWT_SECRET"
        secret = self.jwt_secret.get_secret_value() if self.jwt_secret else ""
        if self.jwt_public_key_file is None or self.signs_with_secret:
            require_strong_jwt_secret(secret, self.env, setting)
        try:
            keys = self.token_keys
        except (OSError, ValueError) as exc:
            raise InsecureSettings(f"JWT keys: {exc}") from exc
        if self.issues_tokens and keys.public_key is not None and keys.private_key is None:
            raise InsecureSettings(
                f"{prefix}JWT_PRIVATE_KEY_FILE is needed: this service issues tokens and the system checks them "
                "with CORRIDOR_JWT_PUBLIC_KEY_FILE"
            )
        try:
            security = self.kafka_security
        except ValueError as exc:
            raise InsecureSettings(str(exc)) from exc
        require_kafka_credentials(security, self.kafka_security_protocol, self.env, prefix or "CORRIDOR_")
        named = f"{prefix}OPERATOR_TOKEN or CORRIDOR_OPERATOR_TOKEN" if prefix else "CORRIDOR_OPERATOR_TOKEN"
        require_strong_operator_token(self.operator_token, self.env, named)

    @cached_property
    def token_keys(self) -> TokenKeys:
        """How this service signs and checks tokens (shared.auth.TokenKeys)."""
        secret = self.jwt_secret.get_secret_value() if self.jwt_secret else ""
        private_file = getattr(self, "jwt_private_key_file", None)  # the issuer's own setting only
        if self.jwt_public_key_file is None:
            if private_file is not None:
                raise ValueError("a private key is set without CORRIDOR_JWT_PUBLIC_KEY_FILE")
            return TokenKeys(secret=secret)
        public = Path(self.jwt_public_key_file).read_text()
        private = Path(private_file).read_text() if private_file else None
        check_key_pair(public, private)
        return TokenKeys(secret=secret, public_key=public, private_key=private)

    @property
    def kafka_security(self) -> KafkaSecurity:
        """This service's Kafka principal (every Kafka client of the service uses it)."""
        password = self.kafka_password.get_secret_value() if self.kafka_password else None
        return KafkaSecurity.resolve(self.kafka_security_protocol, self.kafka_username, password, self.kafka_ca_file)

    @property
    def is_development(self) -> bool:
        return self.env == DEVELOPMENT

    @property
    def is_sqlite(self) -> bool:
        return str(self.database_url).startswith("sqlite")


def check_key_pair(public_pem: str, private_pem: str | None) -> None:
    """Both keys are Ed25519 and belong together (a mismatch would issue tokens nobody accepts)."""

    public = serialization.load_pem_public_key(public_pem.encode())
    if not isinstance(public, Ed25519PublicKey):
        raise ValueError("the public key is not an Ed25519 key")
    if private_pem is None:
        return
    private = serialization.load_pem_private_key(private_pem.encode(), password=None)
    if not isinstance(private, Ed25519PrivateKey):
        raise ValueError("the private key is not an Ed25519 key")
    raw = serialization.Encoding.Raw, serialization.PublicFormat.Raw
    if private.public_key().public_bytes(*raw) != public.public_bytes(*raw):
        raise ValueError("the private key does not match the public key")


def new_key_pair() -> tuple[str, str]:
    """A new Ed25519 key pair as (private PEM, public PEM)."""

    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    return private, public.decode()
