"""Portal settings (prefix PORTAL_). The service URLs fall back to CORRIDOR_<NAME>_URL,
which `make run` sets for every process."""

from __future__ import annotations

import hashlib
import os

from pydantic import SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.settings import CommonSettings

DEFAULTS = {
    "applications_url": "http://127.0.0.1:8001",
    "matching_url": "http://127.0.0.1:8002",
    "notifications_url": "http://127.0.0.1:8003",
}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PORTAL_", env_file=".env", extra="ignore")

    service_name: str = "portal"
    applications_url: str | None = None
    matching_url: str | None = None
    notifications_url: str | None = None
    # Signs the session cookie; unset: derived from the system's JWT secret.
    session_secret: SecretStr | None = None
    session_max_age_seconds: int = 8 * 3600
    # Set in production (HTTPS): the session cookie is then sent over TLS only.
    cookie_secure: bool = False
    # How long the portal waits for a service before showing "not reachable".
    service_timeout_seconds: float = 15.0
    log_level: str | None = None

    @model_validator(mode="after")
    def _fallbacks(self) -> Settings:
        for name, default in DEFAULTS.items():
            if not getattr(self, name):
                env = f"CORRIDOR_{name.upper()}"
                setattr(self, name, os.environ.get(env) or default)
            setattr(self, name, getattr(self, name).rstrip("/"))
        if self.session_secret is None:
            common = CommonSettings()
            derived = hashlib.sha256(
                b"corridor-portal-session:" + common.jwt_secret.get_secret_value().encode()
            ).hexdigest()
            self.session_secret = SecretStr(derived)
        if self.log_level is None:
            self.log_level = CommonSettings().log_level
        return self
