"""The applications service: applicants register, apply and follow their application.

Every change is an event on Kafka (corridor.applications.v1) through the outbox. The
catalog (corridor.catalog.v1) and match outcomes (corridor.matching.v1) are read into
local tables.
"""

import asyncio
from datetime import timedelta
from pathlib import Path

from fastapi import FastAPI

from services.applications.api import accounts, applications, catalog, checklist, clients, documents, my_data, officer
from services.applications.api import host as host_routes
from services.applications.api import journal as journal_routes
from services.applications.api import messages as message_routes
from services.applications.api import papers as paper_routes
from services.applications.api import referees as referee_routes
from services.applications.handlers import CATALOG_HANDLERS, MATCHING_HANDLERS
from services.applications.models import Base, infra
from services.applications.service.accounts import AccountGate, announce_unannounced, ensure_bootstrap_admin
from services.applications.service.passwords import Passwords
from services.applications.service.referees import RefereeReminders
from services.applications.service.storage import Encrypted, FileStore, Keyring, development_secret
from services.applications.service.task_alerts import TaskAlerts
from services.applications.settings import Settings
from shared.events.catalog import Topics
from shared.limits import Limit
from shared.runtime import ConsumerSpec, ServiceRuntime, create_service_app
from shared.workers import Loop

MIGRATIONS = Path(__file__).parent / "migrations"


def storage_keyring(settings: Settings) -> Keyring:
    """The keys of APPLICATIONS_STORAGE_KEYS; unset (development mode only: check_secrets
    refuses it elsewhere), a key of the data folder's own."""
    entries = settings.storage_key_entries()
    if not entries:
        entries = [("local", development_secret(Path(settings.data_dir) / "storage-key"))]
    return Keyring.derive(entries)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    passwords = Passwords(settings.argon2_time_cost, settings.argon2_memory_kib, settings.argon2_parallelism)

    async def create_documents_folder() -> None:
        await asyncio.to_thread(settings.documents_path.mkdir, parents=True, exist_ok=True)

    async def create_bootstrap_admin() -> None:
        email, password = settings.bootstrap_admin_email, settings.bootstrap_admin_password
        if email and password:
            async with runtime.db.session() as session:
                await ensure_bootstrap_admin(
                    session, infra, passwords, email, password.get_secret_value(), source=runtime.source
                )

    async def announce_staff_accounts() -> None:
        async with runtime.db.session() as session, session.begin():
            await announce_unannounced(session, infra, source=runtime.source)

    runtime = ServiceRuntime(
        settings=settings,
        metadata=Base.metadata,
        tables=infra,
        migrations_dir=MIGRATIONS,
        topics=[Topics.APPLICATIONS, Topics.CATALOG, Topics.MATCHING],
        consumers=[
            ConsumerSpec("catalog", [Topics.CATALOG.value], CATALOG_HANDLERS),
            ConsumerSpec("matching", [Topics.MATCHING.value], MATCHING_HANDLERS),
        ],
        on_start=[create_documents_folder, create_bootstrap_admin, announce_staff_accounts],
        # An upload may be as large as a document plus the multipart framing, and slow: an
        # applicant's document, a host's admission papers (a scanned letter with its seals is
        # often over the 1 MiB every other body gets), and a referee's letter, whose link's
        # token the route checks (no caller to authenticate on the headers).
        body_limits=[
            Limit(
                path, settings.max_document_bytes + 64 * 1024, methods=("POST",), read_timeout=120, authenticate=signed
            )
            for path, signed in (
                ("/applications/{application_id}/documents", True),
                ("/host/applications/{application_id}/papers", True),
                ("/referee/letter/file", False),
            )
        ],
    )
    # A token's account must exist, be active and not have revoked it (cached briefly).
    gate = AccountGate(runtime.db, settings.account_cache_seconds)
    runtime.subject_check = gate.check
    # Referee letters: scheduled reminders before the deadline, and expiry after it.
    reminders = RefereeReminders(
        runtime.db,
        infra,
        referee_routes.links_of(settings),
        [timedelta(seconds=s) for s in settings.referee_reminders_before_seconds],
        runtime.source,
    )
    runtime.workers.append(Loop("referee-reminders", reminders.step, interval=settings.referee_reminder_poll_seconds))
    # Re-upload tasks: reminders before a rejected document's last day, and a notice after it.
    task_alerts = TaskAlerts(runtime.db, infra, settings.document_task_reminder_days, runtime.source)
    runtime.workers.append(Loop(task_alerts.name, task_alerts.step, interval=settings.document_task_poll_seconds))
    app = create_service_app(runtime, title="Corridor applications", description=__doc__ or "")
    # Documents and letters, encrypted at rest (after create_service_app: the keys are checked).
    app.state.storage = Encrypted(FileStore(settings.documents_path), storage_keyring(settings))
    app.state.passwords = passwords
    app.state.account_gate = gate
    app.include_router(referee_routes.router)
    app.include_router(host_routes.router)
    app.include_router(journal_routes.router)
    app.include_router(message_routes.router)
    app.include_router(paper_routes.router)

    for module in (accounts, my_data, clients, catalog, applications, documents, officer, checklist):
        app.include_router(module.router)
    return app
