"""What the routes take besides the session: the callers of this service, this instance's
dispatcher and settings (from the app's state)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from services.notifications.service.dispatcher import Dispatcher
from services.notifications.settings import Settings
from shared.auth import require
from shared.principal import Principal, Role

# Applicants read their notifications; officers (and admins) read round reports; committee
# reviewers the applications given them; nominators, a home institution's coordinators and a
# host's admissions staff (partners) their stage's deadline reminders. Each reads only the
# entries addressed to it.
InboxReader = Annotated[
    Principal,
    Depends(
        require(Role.APPLICANT, Role.OFFICER, Role.REVIEWER, Role.ADMIN, Role.NOMINATOR, Role.COORDINATOR, Role.PARTNER)
    ),
]
# Partners manage their own subscriptions; admins any institution's.
PartnerOrAdmin = Annotated[Principal, Depends(require(Role.PARTNER, Role.ADMIN))]


async def _dispatcher(request: Request) -> Dispatcher:
    return request.app.state.dispatcher


async def _settings(request: Request) -> Settings:
    return request.app.state.settings


DispatcherOf = Annotated[Dispatcher, Depends(_dispatcher)]
SettingsOf = Annotated[Settings, Depends(_settings)]
