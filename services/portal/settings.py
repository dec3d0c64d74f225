"""Portal settings (prefix PORTAL_). The service URLs fall back to CORRIDOR_<NAME>_URL,
which `make run` sets for every process."""

from __future__ import annotations

import os

from pydantic import SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.settings import (
    DEVELOPMENT,
    CommonSettings,
    InsecureSettings,
    require_strong_jwt_secret,
    require_strong_operator_token,
)

DEFAULTS = {
    "applications_url": "http://127.0.0.1:8001",
    "matching_url": "http://127.0.0.1:8002",
    "notifications_url": "http://127.0.0.1:8003",
}
# Signs the session cookie in development mode when PORTAL_SESSION_SECRET is unset; refused
# outside it (it is published here).
DEV_SESSION_SECRET = "corridor-portal-development-session-key-change-me"
SESSION_SETTING = "PORTAL_SESSION_SECRET"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PORTAL_", env_file=".env", extra="ignore")

    service_name: str = "portal"
    # "development" allows the development session key and plain http; unset: CORRIDOR_ENV.
    env: str | None = None
    applications_url: str | None = None
    matching_url: str | None = None
    notifications_url: str | None = None
    # The applications service as partners' systems reach it (its /auth/token is shown on the
    # partner's machine credentials page); unset: applications_url.
    public_applications_url: str | None = None
    # The portal's own key for its session cookie (not derived from any other secret).
    # Outside development mode a default, empty or short one refuses start-up.
    session_secret: SecretStr = SecretStr("")
    session_max_age_seconds: int = 8 * 3600
    # Served over https (directly or behind a TLS proxy): the session cookie is Secure and
    # Strict-Transport-Security is sent. Unset: on outside development mode. A request that
    # arrives over https gets both whatever this says.
    https: bool | None = None
    hsts_max_age_seconds: int = 365 * 24 * 3600
    # How long the portal waits for a service before showing "not reachable".
    service_timeout_seconds: float = 15.0
    log_level: str | None = None
    log_json: bool | None = None  # JSON lines, as the services write them (CORRIDOR_LOG_JSON)
    # The bearer token of /metrics outside development mode, as the services take it; unset:
    # CORRIDOR_OPERATOR_TOKEN, and without either /metrics answers 401.
    operator_token: SecretStr | None = None

    @model_validator(mode="after")
    def _fallbacks(self) -> Settings:
        for name, default in DEFAULTS.items():
            if not getattr(self, name):
                env = f"CORRIDOR_{name.upper()}"
                setattr(self, name, os.environ.get(env) or default)
            setattr(self, name, getattr(self, name).rstrip("/"))
        if self.env is None or self.log_level is None or self.log_json is None or self.operator_token is None:
            common = CommonSettings()
            self.env = self.env or common.env
            self.log_level = self.log_level or common.log_level
            self.log_json = common.log_json if self.log_json is None else self.log_json
            self.operator_token = self.operator_token or common.operator_token
        if self.https is None:
            self.https = not self.is_development
        return self

    @property
    def is_development(self) -> bool:
        return self.env == DEVELOPMENT

    def session_key(self) -> str:
        """The key that signs the session cookie (the development one only in development mode)."""
        return self.session_secret.get_secret_value() or (DEV_SESSION_SECRET if self.is_development else "")

    def check_secrets(self) -> None:
        """Refuse to start (``InsecureSettings``, naming the setting) outside development mode
        with a default, empty or short session key, by the rule of the services' JWT secret,
        or with the JWT secret itself (the cookie's key is the portal's own)."""
        key = self.session_key()
        require_strong_jwt_secret(key, self.env, SESSION_SETTING)
        # the portal's /metrics is opened by the same kind of token as the services'
        require_strong_operator_token(self.operator_token, self.env, "PORTAL_OPERATOR_TOKEN or CORRIDOR_OPERATOR_TOKEN")
        if self.is_development:
            return
        if key == DEV_SESSION_SECRET:
            raise InsecureSettings(f"{SESSION_SETTING} is the portal's published development default: set a random one")
        if key == CommonSettings().jwt_secret.get_secret_value():
            raise InsecureSettings(f"{SESSION_SETTING} is the JWT secret: give the portal a key of its own")
