""".env.example lists every setting an operator can give (README: "`.env.example` lists them all").

Each Settings class is walked through its ``model_fields`` under its own ``env_prefix``: the
``CORRIDOR_`` classes (CommonSettings, TracingSettings) and each service's Settings. A field a
service inherits from CommonSettings counts as documented under the service's prefix or as
``CORRIDOR_<NAME>`` (one variable configures the whole system); a field of ServiceSettings
alone (DATABASE_URL, DATABASE_POOL_SIZE, ...) has no ``CORRIDOR_`` variable, so each service
lists its own. A name counts whether its line is commented out or not.
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic_settings import BaseSettings

from services.applications.settings import Settings as ApplicationsSettings
from services.matching.settings import Settings as MatchingSettings
from services.notifications.settings import Settings as NotificationsSettings
from services.portal.settings import Settings as PortalSettings
from shared.settings import CommonSettings, ServiceSettings
from shared.tracing import TracingSettings

ROOT = Path(__file__).resolve().parents[3]

COMMON_CLASSES: tuple[type[BaseSettings], ...] = (CommonSettings, TracingSettings)
SERVICE_CLASSES: tuple[type[BaseSettings], ...] = (
    ApplicationsSettings,
    MatchingSettings,
    NotificationsSettings,
    PortalSettings,
)

# Fields that are pydantic fields but not meant to be set by an operator.
NOT_SETTINGS = {
    # Each class's own identity (names its SQLite file, consumer group, tracer, messages);
    # changing it would point a service at another service's data.
    "service_name",
}

# Read straight from the environment (os.environ), not through a Settings class.
READ_FROM_ENVIRONMENT = {
    "CORRIDOR_HEADER_TIMEOUT_SECONDS",  # shared/serve.py: deadline for a request's headers
    "CORRIDOR_APPLICATIONS_URL",  # services/portal/settings.py: fallbacks of PORTAL_*_URL
    "CORRIDOR_MATCHING_URL",
    "CORRIDOR_NOTIFICATIONS_URL",
}


def documented() -> set[str]:
    text = (ROOT / ".env.example").read_text()
    return set(re.findall(r"^[ \t]*(?:#[ \t]*)?([A-Z][A-Z0-9_]*)=", text, re.M))


def prefix_of(cls: type[BaseSettings]) -> str:
    prefix = cls.model_config.get("env_prefix")
    assert prefix, f"{cls.__module__}.{cls.__name__} has no env_prefix"
    return prefix


def expected() -> list[tuple[str, ...]]:
    """Each setting as the names that document it (any one of them will do)."""
    common = {name for cls in COMMON_CLASSES for name in cls.model_fields}
    wanted: list[tuple[str, ...]] = []
    for cls in COMMON_CLASSES:
        wanted += [(f"{prefix_of(cls)}{name.upper()}",) for name in cls.model_fields if name not in NOT_SETTINGS]
    for cls in SERVICE_CLASSES:
        prefix = prefix_of(cls)
        for name in cls.model_fields:
            if name in NOT_SETTINGS:
                continue
            own = f"{prefix}{name.upper()}"
            wanted.append((own, f"CORRIDOR_{name.upper()}") if name in common else (own,))
    wanted += [(name,) for name in sorted(READ_FROM_ENVIRONMENT)]
    return wanted


def test_the_walk_sees_every_kind_of_setting():
    names = {names[0] for names in expected()}
    # a CommonSettings field, a ServiceSettings-only field per service, a service's own field
    assert "CORRIDOR_JWT_TTL_SECONDS" in names
    assert {
        "APPLICATIONS_DATABASE_POOL_SIZE",
        "MATCHING_DATABASE_POOL_SIZE",
        "NOTIFICATIONS_DATABASE_POOL_SIZE",
    } <= names
    assert {"APPLICATIONS_EMAIL_VERIFICATION", "NOTIFICATIONS_PARTNER_TOPICS", "PORTAL_SESSION_SECRET"} <= names
    assert set(ServiceSettings.model_fields) - set(CommonSettings.model_fields) - NOT_SETTINGS
    assert not any(name.endswith("SERVICE_NAME") for name in names)


def test_env_example_lists_every_setting():
    listed = documented()
    missing = [" or ".join(names) for names in expected() if not listed.intersection(names)]
    assert not missing, f".env.example does not list {len(missing)} setting(s): " + ", ".join(missing)
