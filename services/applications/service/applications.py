"""An applicant's applications: draft, edit, preview eligibility, withdraw, answer an offer.

The submit has its own module (``submit.py``): it is the hot path. Every change records
the status history and stages its event in the same transaction (the outbox).
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.applications.domain import lifecycle
from services.applications.domain.journal import Action
from services.applications.domain.verification import DocumentState, Properties
from services.applications.models import Applicant, Application, ApplicationChoice, CatalogCycle, Document
from services.applications.service import catalog, journal
from services.applications.service.accounts import profile
from services.applications.service.referee_letters import letter_positions
from shared.clock import aware, utcnow
from shared.eligibility import (
    ApplicantFacts,
    Certificate,
    ChoiceEligibility,
    CycleFacts,
    ProgrammeFacts,
    check_choices,
)
from shared.errors import Conflict, FieldError, Invalid, NotFound, PreconditionFailed
from shared.events.catalog import (
    ApplicationStatus,
    ApplicationSubmitted,
    ApplicationUpdated,
    ApplicationWithdrawn,
    LanguageCertificate,
    OfferAccepted,
    OfferDeclined,
    Requirements,
)
from shared.intake import intake_of
from shared.outbox import add_event
from shared.tables import InfraTables

# --- shared by the use cases (and by submit.py and outcomes.py) ----------------------------


async def own_application(
    session: AsyncSession, application_id: str, applicant_id: str, *, lock: bool = False
) -> Application:
    """The caller's application; someone else's is 'not found' (its existence is not revealed)."""
    query = select(Application).where(Application.id == application_id, Application.applicant_id == applicant_id)
    if lock:
        query = query.with_for_update()
    application = await session.scalar(query)
    if application is None:
        raise not_found(application_id)
    return application


def _journal(
    session: AsyncSession,
    applicant_id: str,
    action: Action,
    application: Application,
    before: str,
    reason: str | None = None,
) -> None:
    """An applicant's own decision of consequence (a withdrawal, an answer to an offer)."""
    journal.record(
        session,
        applicant_id,
        action,
        subject=f"application:{application.id}",
        scheme_id=application.scheme_id,
        cycle_id=application.cycle_id,
        application_id=application.id,
        before={"status": before},
        after={"status": application.status, "programme_id": application.offered_programme_id},
        reason=reason,
    )


def not_found(application_id: str) -> NotFound:
    return NotFound("application.not_found", f"no application {application_id}", "application_id")


def record_status(
    application: Any,
    status: ApplicationStatus,
    reason: str | None = None,
    *,
    internal_reason: str | None = None,
    details: list[dict[str, Any]] | None = None,
) -> None:
    """Move ``application`` (a row, or a plain record of one) to ``status``, in its history.
    ``reason`` is for the applicant (``details``: the same reasons by code, per programme);
    ``internal_reason`` only for officers. The same status
    with the same reason again (a repeated round outcome) adds no line."""
    if application.status == status.value and lifecycle.repeats_last(application.history, status.value, reason):
        return
    application.status = status.value
    application.updated_at = utcnow()
    entry = {"status": status.value, "at": application.updated_at.isoformat(), "reason": reason}
    if internal_reason is not None:
        entry["internal_reason"] = internal_reason
    if details:
        entry["details"] = details
    # a new list, so the JSON column is seen as changed
    application.history = [*application.history, entry]


def needs_documents(programmes: Mapping[str, Any]) -> bool:
    return any((p.requirements or {}).get("required_documents") for p in programmes.values())


async def document_kinds(
    session: AsyncSession, application_id: str, programmes: Mapping[str, Any] | None = None
) -> tuple[frozenset[str], frozenset[str]]:
    """(kinds uploaded and usable, kinds whose newest version was rejected) in one read: the
    newest version of each kind counts unless an officer rejected it, and a rejected one is said
    as rejected rather than missing. Not queried when none of ``programmes`` asks for any."""
    if programmes is not None and not needs_documents(programmes):
        return frozenset(), frozenset()
    rows = await session.execute(
        select(Document.kind, Document.state == DocumentState.REJECTED.value)
        .where(Document.application_id == application_id, Document.superseded.is_(False))
        .distinct()
    )
    usable: set[str] = set()
    rejected: set[str] = set()
    for kind, was_rejected in rows:
        (rejected if was_rejected else usable).add(kind)
    return frozenset(usable), frozenset(rejected)


async def document_properties(
    session: AsyncSession, application_id: str, programmes: Mapping[str, Any]
) -> dict[str, frozenset[str]] | None:
    """Per kind, what the newest, not rejected versions carry (attested, translated,
    nostrified); None (not checked) when none of ``programmes`` asks for any."""
    if not any((p.requirements or {}).get("document_properties") for p in programmes.values()):
        return None
    rows = await session.scalars(
        select(Document).where(
            Document.application_id == application_id,
            Document.superseded.is_(False),
            Document.state != DocumentState.REJECTED.value,
        )
    )
    held: dict[str, frozenset[str]] = {}
    for d in rows.all():
        carried = Properties(d.attested_by, translation_language=d.translation_language, nostrified=d.nostrified)
        held[d.kind] = held.get(d.kind, frozenset()) | carried.held()
    return held


def eligibility(
    application: Any,
    applicant: Any,
    cycle: Any,
    programmes: Mapping[str, Any],
    kinds: frozenset[str],
    *,
    scheme_countries: Sequence[str],
    properties: Mapping[str, frozenset[str]] | None = None,
    letters: tuple[str, ...] | None = None,
    rejected: frozenset[str] = frozenset(),
) -> list[ChoiceEligibility]:
    """Each choice's verdict under the shared eligibility rules (rows or plain records). A
    cycle without its own list of sending countries takes its scheme's (``scheme_countries``)."""
    facts = ApplicantFacts(
        applicant_type=applicant.applicant_type,
        nationality=applicant.nationality,
        date_of_birth=applicant.date_of_birth,
        grade=application.grade,
        certificates=Certificate.many(application.language_certificates),
        document_kinds=kinds,
        document_properties=properties,
        letter_positions=letters,  # referees' letters (issue 15)
        rejected_kinds=rejected - kinds,
    )
    cycle_facts = CycleFacts(cycle.id, cycle.starts_on, tuple(cycle.eligible_countries or scheme_countries))
    programme_facts = {
        pid: ProgrammeFacts(
            p.id, p.cycle_id, p.applicant_type, Requirements.model_validate(p.requirements or {}), p.host_country
        )
        for pid, p in programmes.items()
    }
    return check_choices(facts, cycle_facts, list(application.choices), programme_facts, utcnow().date())


def refuse_ineligible(verdicts: list[ChoiceEligibility]) -> None:
    """Refuse a submit (or an edit of a submitted application) naming every ineligible choice."""
    bad = [v for v in verdicts if not v.eligible]
    if bad:
        raise Invalid.of(
            [
                FieldError(
                    f"choices.{v.rank - 1}",
                    "not eligible: " + "; ".join(v.reasons),
                    "application.not_eligible",
                    {
                        "programme_id": v.programme_id,
                        "reasons": list(v.reasons),
                        "details": [r.as_dict() for r in v.details],
                    },
                )
                for v in bad
            ],
            "application.not_eligible",
        )


def submitted_event(cls: type[ApplicationSubmitted], application: Any, applicant: Any):
    """application.submitted / updated: what matching and notifications need, nothing more
    (no name or address: those travel only in the applicant events)."""
    return cls(
        application_id=application.id,
        applicant_id=application.applicant_id,
        cycle_id=application.cycle_id,
        scheme_id=application.scheme_id,
        applicant_type=application.applicant_type,
        sending_country=application.sending_country,
        choices=list(application.choices),
        grade=application.grade,
        language_certificates=[LanguageCertificate(**c) for c in application.language_certificates],
        submitted_at=application.submitted_at or utcnow(),
        preferred_language=applicant.preferred_language,
        home_institution_id=application.home_institution_id,
    )


def _check_choices(
    application: Application, cycle: CatalogCycle, programmes: Mapping[str, Any], kept: Collection[str] = ()
) -> None:
    lifecycle.check_choices(
        list(application.choices),
        cycle_id=cycle.id,
        max_choices=cycle.max_choices,
        applicant_type=application.applicant_type,
        programmes=catalog.choice_views(dict(programmes)),
        # a draft's choices are checked again at its submit; a submitted one keeps its own
        kept=kept,
    )


async def _replace_choice_rows(session: AsyncSession, application: Application, programmes: Mapping[str, Any]) -> None:
    """The choices again, one row each with its host, so officers can be scoped by institution."""
    await session.execute(delete(ApplicationChoice).where(ApplicationChoice.application_id == application.id))
    rows = [
        {
            "application_id": application.id,
            "rank": rank,
            "programme_id": pid,
            "host_institution_id": programmes[pid].host_institution_id,
        }
        for rank, pid in enumerate(application.choices, start=1)
        if pid in programmes
    ]
    if rows:
        await session.execute(insert(ApplicationChoice), rows)


# --- the use cases --------------------------------------------------------------------------


def already_applied(existing: str | None) -> Conflict:
    return Conflict(
        "application.already_active",
        f"you already have an active application in this cycle ({existing}); edit it or withdraw it first",
        "cycle_id",
        application_id=existing,
    )


async def create_draft(
    session: AsyncSession,
    applicant_id: str,
    *,
    cycle_id: str,
    choices: list[str],
    grade: float | None,
    language_certificates: list[dict],
    statement: str,
    home_institution_id: str | None = None,
) -> Application:
    """A new draft in an open (or upcoming) cycle; one active application per cycle. A home
    institution named is a catalog institution of the applicant's sending country."""
    cycle = await catalog.cycle_to_apply_in(session, cycle_id, missing=Invalid)
    lifecycle.check_can_create(catalog.window_of(cycle), utcnow())
    _account, applicant = await profile(session, applicant_id, to_change=True)
    # the applicant row held to the commit: a change of type (accounts.update_profile) waits
    await session.refresh(applicant, with_for_update=True)
    if home_institution_id is not None:
        await catalog.check_home_institution_of(session, home_institution_id, applicant.nationality)
    application = Application(
        id=str(uuid.uuid4()),
        applicant_id=applicant_id,
        cycle_id=cycle.id,
        scheme_id=cycle.scheme_id,
        applicant_type=applicant.applicant_type,
        sending_country=applicant.nationality,
        choices=list(choices),
        grade=grade,
        language_certificates=language_certificates,
        statement=statement,
        home_institution_id=home_institution_id,
    )
    programmes = await catalog.programmes_by_id(session, application.choices)
    _check_choices(application, cycle, programmes)
    existing = await session.scalar(
        select(Application.id).where(
            Application.applicant_id == applicant_id, Application.cycle_id == cycle.id, Application.active.is_(True)
        )
    )
    if existing:
        raise already_applied(existing)
    record_status(application, ApplicationStatus.DRAFT)
    session.add(application)
    try:
        await session.flush()
    except IntegrityError:  # a concurrent create for the same cycle won the race
        raise already_applied(None) from None
    await _replace_choice_rows(session, application, programmes)
    return application


def mine_query(applicant_id: str, cycle_id: str | None, status: ApplicationStatus | None) -> Select:
    """The applicant's applications, newest first."""
    query = select(Application).where(Application.applicant_id == applicant_id)
    if cycle_id:
        query = query.where(Application.cycle_id == cycle_id)
    if status:
        query = query.where(Application.status == status.value)
    return query.order_by(Application.created_at.desc(), Application.id)


EDITABLE_FIELDS = ("choices", "grade", "language_certificates", "statement", "home_institution_id")


async def edit(
    session: AsyncSession,
    tables: InfraTables,
    applicant_id: str,
    application_id: str,
    changes: Mapping[str, Any],
    *,
    source: str,
    as_read: Sequence[datetime] | None = None,
) -> Application:
    """Change what the applicant sent (``changes``). A draft changes freely; a submitted
    application stays eligible, or the edit is refused, and is announced as updated.
    ``as_read``: the application's last change as the caller read it (the API's If-Match, any
    of them): refused (412 ``application.changed``) when it changed since."""
    for name in ("choices", "language_certificates", "statement"):
        if name in changes and changes[name] is None:
            raise Invalid("value.null", "must not be null", name)
    application = await own_application(session, application_id, applicant_id, lock=True)
    if as_read is not None and aware(application.updated_at) not in as_read:
        raise PreconditionFailed(
            "application.changed",
            "the application was changed after you read it (in another tab or window?): read it again and "
            "make your change again",
            "If-Match",
        )
    cycle = await catalog.cycle_to_apply_in(session, application.cycle_id)
    lifecycle.check_can_edit(application.status, catalog.window_of(cycle), utcnow())
    if "home_institution_id" in changes:
        home = changes["home_institution_id"]
        if home is not None:
            await catalog.check_home_institution_of(session, home, application.sending_country)
        elif application.status == ApplicationStatus.SUBMITTED:  # an endorsement stage keeps it named
            lifecycle.check_home_institution_named(await catalog.scheme_path(session, cycle.scheme_id), None)
    had = list(application.choices)
    for name in EDITABLE_FIELDS:
        if name in changes:
            value = changes[name]
            setattr(application, name, list(value) if isinstance(value, list) else value)
    programmes = await catalog.programmes_by_id(session, application.choices)
    if "choices" in changes:
        _check_choices(application, cycle, programmes, kept=had)
        await _replace_choice_rows(session, application, programmes)
    application.updated_at = utcnow()
    if application.status == ApplicationStatus.SUBMITTED:
        _account, applicant = await profile(session, applicant_id)
        kinds, rejected = await document_kinds(session, application.id, programmes)
        if not application.choices:
            raise Invalid("application.no_choices", "a submitted application keeps at least one choice", "choices")
        countries = await catalog.scheme_countries(session, cycle.scheme_id)
        held = await document_properties(session, application.id, programmes)
        refuse_ineligible(
            eligibility(
                application,
                applicant,
                cycle,
                programmes,
                kinds,
                scheme_countries=countries,
                properties=held,
                letters=await letter_positions(session, application.id, programmes),
                rejected=rejected,
            )
        )
        await add_event(session, tables, submitted_event(ApplicationUpdated, application, applicant), source=source)
    return application


async def preview_eligibility(session: AsyncSession, applicant_id: str, application_id: str) -> list[ChoiceEligibility]:
    """Each choice's eligibility as a submit now would judge it."""
    application = await own_application(session, application_id, applicant_id)
    cycle = await catalog.cycle_to_apply_in(session, application.cycle_id)
    _account, applicant = await profile(session, applicant_id)
    programmes = await catalog.programmes_by_id(session, application.choices)
    kinds, rejected = await document_kinds(session, application.id, programmes)
    countries = await catalog.scheme_countries(session, cycle.scheme_id)
    held = await document_properties(session, application.id, programmes)
    return eligibility(
        application,
        applicant,
        cycle,
        programmes,
        kinds,
        scheme_countries=countries,
        properties=held,
        rejected=rejected,
        letters=await letter_positions(session, application.id, programmes),
    )


async def withdraw(
    session: AsyncSession,
    tables: InfraTables,
    applicant_id: str,
    application_id: str,
    reason: str | None,
    *,
    source: str,
) -> Application:
    """Withdraw (frees the cycle for a new application); announced unless it was a draft."""
    application = await own_application(session, application_id, applicant_id, lock=True)
    lifecycle.check_can_withdraw(application.status)
    was_submitted = application.status != ApplicationStatus.DRAFT
    before = application.status
    application.active = None  # NULL never collides in the one-active-per-cycle constraint
    record_status(application, ApplicationStatus.WITHDRAWN, reason)
    # the applicant's own words stay in the history, which a closed account's erasure empties;
    # the journal, which nothing changes, records the step without them
    _journal(session, applicant_id, Action.APPLICATION_WITHDRAWN, application, before, None)
    if was_submitted:  # a draft was never announced, so its withdrawal is not either
        await add_event(
            session,
            tables,
            ApplicationWithdrawn(
                application_id=application.id,
                applicant_id=application.applicant_id,
                cycle_id=application.cycle_id,
                reason=reason,
            ),
            source=source,
        )
    return application


async def answer_offer(
    session: AsyncSession,
    tables: InfraTables,
    applicant_id: str,
    application_id: str,
    accept: bool,
    *,
    source: str,
) -> Application:
    """Accept or decline the open offer, once; announced to matching and notifications."""
    # The applicant's row first: two accepts at once (two tabs) are answered one after the other.
    await session.get(Applicant, applicant_id, with_for_update=True)
    application = await own_application(session, application_id, applicant_id, lock=True)
    lifecycle.check_can_answer_offer(application.status, application.offer_reply_by, utcnow().date())
    event_cls: type[OfferAccepted] | type[OfferDeclined]
    if accept:
        held = (
            await session.execute(
                select(Application.id, CatalogCycle.starts_on, CatalogCycle.closes_at)
                .join(CatalogCycle, CatalogCycle.id == Application.cycle_id)
                .where(
                    Application.applicant_id == applicant_id,
                    Application.id != application.id,
                    Application.status == ApplicationStatus.ACCEPTED,
                )
            )
        ).all()
        cycle = await session.get(CatalogCycle, application.cycle_id)
        if cycle is not None:  # a cycle gone from the catalog: nothing to compare with
            lifecycle.check_no_place_held(
                intake_of(cycle.starts_on, cycle.closes_at),
                [(a, intake_of(starts, closes)) for a, starts, closes in held],
            )
        event_cls, new_status = OfferAccepted, ApplicationStatus.ACCEPTED
    else:
        event_cls, new_status = OfferDeclined, ApplicationStatus.DECLINED
    before = application.status
    record_status(application, new_status)
    _journal(session, applicant_id, Action.OFFER_ACCEPTED if accept else Action.OFFER_DECLINED, application, before)
    await add_event(
        session,
        tables,
        event_cls(
            application_id=application.id,
            applicant_id=application.applicant_id,
            cycle_id=application.cycle_id,
            match_id=application.match_id or "",
            programme_id=application.offered_programme_id or "",
        ),
        source=source,
    )
    return application
