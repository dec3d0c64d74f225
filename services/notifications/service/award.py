"""The award path (issue 14) as applicants and hosts hear of it.

- catalog.scheme.upserted: the scheme's path and authorities (``schemes``): an application
  submitted under a nomination stage is told it goes to its country's authority first, one
  under an endorsement stage that it goes to its home institution first (named from
  catalog.institution.upserted, ``institutions``).
- endorsement.decided: the applicant, by inbox and e-mail in their language: endorsed by the
  home institution (as a member of a cohort, when it has one; next: the matching round, or
  the country's authority when a nomination stage follows), or not endorsed, with the
  institution's reason as written. Partners are not told (see the README).
- nomination.decided: the applicant, by inbox and e-mail in their language: nominated (with
  the position on the list), moved up from the reserve list, on the reserve list at position
  N, not nominated (with the authority's reason as written), or withdrawn (not when the
  host's rejection withdrew it: ``host_rejected``, told by admission.decided). A nominee the
  authority moves to the reserve list or leaves off when publishing again is told that the
  nomination is withdrawn (the state last told is read from ``award_steps``). Drafts never
  reach this service (the matching service publishes on publish only).
- admission.requested: the applicant ("with the host for admission": not an offer yet, and
  the host's deadline when the cycle sets one); the host institution a feed entry and its
  webhooks (``admission.requested``, status ``with_host``, ``decide_by``).
- admission.decided: a rejection tells the applicant the host's reason in their words and
  the host's note as written, and what it leaves of the application in the cycle (under a
  nomination stage they are out; else their other choices stay in later rounds); an admission tells the applicant nothing by itself: the
  offer (match.approved) follows it and says the host admitted them (``admitted``). The
  host hears every version (``admission.decided``: status admitted | not_admitted, the
  decision, its reason code and version; never the note).

Versions: each step keeps the newest version told (``award_steps``: ``endorsement:<application>``,
``nomination:<application>``, ``admission:<match>``), so a version that
arrives after a newer one tells nothing. What the applicant is told is also checked
against what they were last told about the application (tell once per change).
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any, Literal
from urllib.parse import quote, urlencode

from sqlalchemy import or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from services.notifications.domain.officers import coordinators_of, host_users, nominators_of
from services.notifications.domain.templates import admission_aftermath, endorsement_kind, nomination_kind
from services.notifications.models import ApplicationRef, AwardStep
from services.notifications.service.fanout import (
    after_withdrawal,
    stored_contact,
    tell_applicant,
    tell_partners,
    tell_staff,
)
from services.notifications.service.references import (
    accounts_picked,
    cycle_name,
    cycle_ref,
    host_name,
    institution_name,
    institution_ref,
    newest_award_step,
    programmes,
    scheme_ref,
    title,
)
from shared.events.catalog import (
    NO_DECISION,
    AdmissionDecided,
    AdmissionRequested,
    ApplicationWithdrawn,
    EndorsementDecided,
    EndorsementState,
    MatchConfirmed,
    NominationDecided,
    Stage,
)
from shared.events.envelope import Envelope
from shared.principal import Role

log = logging.getLogger(__name__)

ADMITTED = "admitted"
# an admission step asked of the host and not decided yet (version 0: any decision supersedes it)
REQUESTED = "requested"
# a place the applicant accepted (``place:<match>``, with its host): told if it is given up
ACCEPTED = "accepted"


def place_step(match_id: str) -> str:
    """The ``award_steps`` key of a match's accepted place (its host is told if it is given up)."""
    return f"place:{match_id}"


def endorsement_step(application_id: str) -> str:
    """The ``award_steps`` key of an application's endorsement (its home institution's)."""
    return f"endorsement:{application_id}"


def admission_step(match_id: str) -> str:
    """The ``award_steps`` key of a match's admission decision (an offer reads its state)."""
    return f"admission:{match_id}"


async def nomination_stage(session: AsyncSession, scheme_id: str, country: str) -> dict[str, Any]:
    """What "application received" says of a nomination stage: that the application goes to
    the country's authority first (``nomination``, ``authority``: its name, "" if the scheme
    names none); nothing for a scheme without one (or not yet known)."""
    scheme = await scheme_ref(session, scheme_id)
    if scheme is None or Stage.NOMINATION.value not in scheme.path:
        return {}
    return {"nomination": True, "authority": scheme.authorities.get(country, "")}


async def endorsement_stage(session: AsyncSession, scheme_id: str, home_institution_id: str | None) -> dict[str, Any]:
    """What "application received" says of an endorsement stage: that the application goes to
    the home institution first (``endorsement``, ``institution``: its catalog name, "" if not
    known); nothing for a scheme without one (or not yet known)."""
    scheme = await scheme_ref(session, scheme_id)
    if scheme is None or Stage.ENDORSEMENT.value not in scheme.path:
        return {}
    known = await institution_ref(session, home_institution_id) if home_institution_id else None
    return {"endorsement": True, "institution": known.name if known else ""}


async def tell_endorsement(session: AsyncSession, event: EndorsementDecided, env: Envelope) -> None:
    """The home institution's decision, to the applicant: endorsed (in a cohort, if any; what
    comes next: matching, or the country's nominating authority when the scheme's path says
    so), or not endorsed with the institution's reason as written. Once per change: an older
    version arriving late tells nothing, nor does a version that says what was last told."""
    step = endorsement_step(event.application_id)
    told_before = await session.get(AwardStep, step)
    # a decision reversed (refused, then endorsed ten seconds later): said so, not two plain notices
    changed = told_before is not None and told_before.version < event.version and told_before.state != event.state
    newest = await newest_award_step(
        session, step, event.application_id, event.version, event.state.value, institution_id=event.home_institution_id
    )
    if not newest:
        log.info("endorsement of %s: version %s is older than the one told", event.application_id, event.version)
        return
    applicant_id = event.applicant_id
    app = await session.get(ApplicationRef, event.application_id)
    if not applicant_id and app is not None:
        applicant_id = app.applicant_id
    if not applicant_id:
        log.warning("endorsement of %s: no applicant known, nobody told", event.application_id)
        return
    institution = event.institution.strip()
    if not institution:  # the catalog's name, if the event has none ("" is worded by the template)
        known = await institution_ref(session, event.home_institution_id)
        institution = known.name if known else ""
    endorsed = event.state == EndorsementState.ENDORSED
    reason = None if endorsed else (event.reason or "").strip() or None
    cohort = ((event.cohort or "").strip() or None) if endorsed else None
    context: dict[str, Any] = {
        "cycle": await cycle_name(session, event.cycle_id),
        "institution": institution,
        "cohort": cohort,
        "reason": reason,
        "next": Stage.MATCHING.value,
        "changed": changed,
    }
    scheme = await scheme_ref(session, event.scheme_id)
    if endorsed and scheme is not None and _after(scheme.path, Stage.ENDORSEMENT) == Stage.NOMINATION.value:
        context["next"] = Stage.NOMINATION.value
        context["authority"] = scheme.authorities.get(app.sending_country, "") if app else ""
    await tell_applicant(
        session,
        env,
        applicant_id,
        endorsement_kind(event.state.value),
        context,
        application_id=event.application_id,
        says={"state": event.state.value, "institution": event.home_institution_id, "cohort": cohort, "reason": reason},
    )


def _after(path: list[str], stage: Stage) -> str | None:
    """The stage that follows ``stage`` in a scheme's path (None: the last, or not in it)."""
    if stage.value not in path:
        return None
    i = path.index(stage.value)
    return path[i + 1] if i + 1 < len(path) else None


async def tell_nomination(session: AsyncSession, event: NominationDecided, env: Envelope, *, portal: str = "") -> None:
    step = f"nomination:{event.application_id}"
    told_before = await session.scalar(select(AwardStep.state).where(col(AwardStep.step) == step))
    if not await newest_award_step(session, step, event.application_id, event.version, event.state.value):
        log.info("nomination of %s: version %s is older than the one told", event.application_id, event.version)
        return
    applicant_id = event.applicant_id
    if not applicant_id:  # the matching service may not know it: the stored application does
        app = await session.get(ApplicationRef, event.application_id)
        if app is None:
            log.warning("nomination of %s: no applicant known, nobody told", event.application_id)
            return
        applicant_id = app.applicant_id
    if event.host_rejected:
        # the host did not admit them: admission.decided tells them so, with the host's words;
        # a second notice would say the authority withdrew the nomination, for the host's reason.
        # The authority's users hear it: their nominee is off the list and the reserve moved up.
        log.info(
            "nomination of %s: withdrawn as the host did not admit; told by the host's decision", event.application_id
        )
        await _tell_authority(session, event, applicant_id, env, "nominee_not_admitted", portal)
        return
    if event.applicant_left is not None:
        # their own step (a withdrawal, a declined offer): the applicant is not told of it again;
        # the authority is, as its list changed and its reserve moved up
        await _tell_authority(session, event, applicant_id, env, "nominee_left", portal)
        return
    reason = (event.reason or "").strip() or None
    authority = event.authority
    if not authority:  # the scheme's name for the country's authority, if the event has none
        scheme = await scheme_ref(session, event.scheme_id)
        authority = scheme.authorities.get(event.sending_country, "") if scheme else ""
    await tell_applicant(
        session,
        env,
        applicant_id,
        nomination_kind(event.state.value, event.promoted, told_before),
        {
            "cycle": await cycle_name(session, event.cycle_id),
            "authority": authority,
            "position": event.position,
            "reason": reason,
        },
        application_id=event.application_id,
        says={"state": event.state.value, "position": event.position, "reason": reason, "promoted": event.promoted},
    )


async def _tell_authority(
    session: AsyncSession, event: NominationDecided, applicant_id: str, env: Envelope, kind: str, portal: str
) -> None:
    """The country's nominating authority's users: their nominee left the list (the host did
    not admit them, or they withdrew or declined), and who moved up from the reserve list."""
    country = event.sending_country
    told = await accounts_picked(session, Role.NOMINATOR, lambda ps: nominators_of(ps, event.scheme_id, country))
    if not told:
        return
    contact = await stored_contact(session, applicant_id)
    context = {
        "cycle": await cycle_name(session, event.cycle_id),
        "applicant": contact[0] if contact else event.application_id,
        "reason": (event.reason or "").strip() or None,
        "left": event.applicant_left,
        "moved_up": await _applicant_name(session, event.replaced_by) if event.replaced_by else None,
    }
    if portal:  # the country's list, where the authority sees the change
        context["link"] = f"{portal}/nominations/{quote(event.cycle_id, safe='')}/{quote(country, safe='')}"
    await tell_staff(session, env, told, kind, context)


async def _applicant_name(session: AsyncSession, application_id: str) -> str:
    """The applicant's name as their contact keeps it, else the application's id."""
    app = await session.get(ApplicationRef, application_id)
    contact = await stored_contact(session, app.applicant_id) if app is not None else None
    return contact[0] if contact else application_id


async def _place(session: AsyncSession, event: AdmissionRequested | AdmissionDecided) -> dict[str, str]:
    progs = await programmes(session, [event.programme_id])
    return {
        "cycle": await cycle_name(session, event.cycle_id),
        "programme": title(progs, event.programme_id),
        "institution": institution_name(progs, event.programme_id, event.host_institution_id),
    }


async def tell_admission_requested(session: AsyncSession, event: AdmissionRequested, env: Envelope) -> None:
    if after_withdrawal(await session.get(ApplicationRef, event.application_id), event):
        return
    decide_on = event.decide_by.isoformat() if event.decide_by else None
    # the host kept with the step: told if the applicant withdraws before it decides
    await newest_award_step(
        session,
        admission_step(event.match_id),
        event.application_id,
        0,
        REQUESTED,
        institution_id=event.host_institution_id,
    )
    await tell_applicant(
        session,
        env,
        event.applicant_id,
        "admission_requested",
        {**await _place(session, event), "decide_on": decide_on},
        application_id=event.application_id,
        says={"match_id": event.match_id, "status": "with_host"},
    )
    await tell_partners(
        session,
        env,
        "admission.requested",
        application_id=event.application_id,
        cycle_id=event.cycle_id,
        by_institution={event.host_institution_id: [event.programme_id]},
        match_id=event.match_id,
        admission={"decide_by": decide_on},
    )


async def _tell_endorsers(session: AsyncSession, event: AdmissionDecided, env: Envelope, portal: str = "") -> None:
    """The coordinators of the home institution that endorsed the applicant (scoped to the
    scheme or to none) hear what the host decided, each version: they heard nothing after
    their endorsement (the nominating authority hears of its nominees)."""
    home, told = await _endorsers(session, event.application_id, event.cycle_id)
    if not told:
        return
    contact = await stored_contact(session, event.applicant_id)
    context = {**await _place(session, event), "applicant": contact[0] if contact else event.application_id}
    if portal:  # its list of the cycle's applicants, to open from the inbox
        context["link"] = endorsements_page(portal, event.cycle_id, home)
    if event.decision == ADMITTED:
        kind = "endorsee_admitted"
    else:
        kind = "endorsee_lapsed" if event.reason_code == NO_DECISION else "endorsee_not_admitted"
    await tell_staff(session, env, told, kind, context)


def endorsements_page(portal: str, cycle_id: str, institution_id: str) -> str:
    """The portal's list of a home institution's applicants in a cycle."""
    return f"{portal}/endorsements/{quote(cycle_id, safe='')}/{quote(institution_id, safe='')}"


async def _endorsers(session: AsyncSession, application_id: str, cycle_id: str) -> tuple[str, list]:
    """The home institution that endorsed the application and its coordinators (scoped to its
    scheme or to none); ("", []) when it was not endorsed."""
    endorsed = await session.get(AwardStep, endorsement_step(application_id))
    if endorsed is None or endorsed.state != EndorsementState.ENDORSED or not endorsed.institution_id:
        return "", []
    home = endorsed.institution_id
    cycle = await cycle_ref(session, cycle_id)  # a match's events name no scheme
    scheme_id = cycle.scheme_id if cycle else ""
    return home, await accounts_picked(session, Role.COORDINATOR, lambda ps: coordinators_of(ps, scheme_id, home))


async def tell_endorsers_left(
    session: AsyncSession,
    env: Envelope,
    application_id: str,
    applicant_id: str,
    cycle_id: str,
    left: Literal["withdrew", "declined", "gave_up"],
    portal: str = "",
) -> None:
    """The coordinators who endorsed the applicant hear that they left by their own step (a
    withdrawal, a place given up, an offer declined): they had heard "admitted" and nothing
    after, and their page no longer listed the applicant."""
    home, told = await _endorsers(session, application_id, cycle_id)
    if not told:
        return
    contact = await stored_contact(session, applicant_id)
    context = {
        "cycle": await cycle_name(session, cycle_id),
        "applicant": contact[0] if contact else application_id,
        "left": left,
    }
    if portal:  # its list of the cycle's applicants, to open from the inbox
        context["link"] = endorsements_page(portal, cycle_id, home)
    await tell_staff(session, env, told, "endorsee_left", context)


async def _aftermath(session: AsyncSession, event: AdmissionDecided) -> str:
    """What the host's rejection leaves of the application in its cycle (``admission_aftermath``):
    the applicant was told "we will write again if anything changes" and not whether their other
    choices were still in. "" when the application or its scheme is not known here."""
    app = await session.get(ApplicationRef, event.application_id)
    scheme = await scheme_ref(session, app.scheme_id) if app is not None else None
    if app is None or scheme is None:
        return ""
    return admission_aftermath(list(scheme.path), list(app.choices))


async def tell_admission_decided(
    session: AsyncSession, event: AdmissionDecided, env: Envelope, *, portal: str = ""
) -> None:
    if after_withdrawal(await session.get(ApplicationRef, event.application_id), event):
        return
    step = admission_step(event.match_id)
    note = (event.note or "").strip() or None
    told_before = await session.get(AwardStep, step)
    was_admitted = told_before is not None and told_before.state == ADMITTED and told_before.version < event.version
    # the host kept with the step: told if an applicant it admitted withdraws (tell_withdrawal_to_hosts)
    if not await newest_award_step(
        session,
        step,
        event.application_id,
        event.version,
        event.decision,
        note,
        institution_id=event.host_institution_id,
    ):
        log.info("admission of match %s: version %s is older than the one told", event.match_id, event.version)
        return
    if event.decision != ADMITTED:  # an admission is told by the offer that follows it (with the note)
        await tell_applicant(
            session,
            env,
            event.applicant_id,
            # declined by the deadline: the host decided nothing (no reason of its own to give);
            # after an admission (its offer sent): the offer is withdrawn, and said so
            "admission_lapsed"
            if event.reason_code == NO_DECISION
            else ("admission_revoked" if was_admitted else "admission_rejected"),
            {
                **await _place(session, event),
                "reason_code": event.reason_code,
                "note": note,
                "aftermath": await _aftermath(session, event),
            },
            application_id=event.application_id,
            says={
                "match_id": event.match_id,
                "decision": event.decision,
                "reason_code": event.reason_code,
                "note": note,
            },
        )
    await _tell_endorsers(session, event, env, portal)
    await tell_partners(
        session,
        env,
        "admission.decided",
        application_id=event.application_id,
        cycle_id=event.cycle_id,
        by_institution={event.host_institution_id: [event.programme_id]},
        match_id=event.match_id,
        admission={"decision": event.decision, "reason_code": event.reason_code, "version": event.version},
    )


async def remember_accepted_place(session: AsyncSession, event: MatchConfirmed) -> None:
    """The host kept with the place the applicant accepted: told if it is given up (its own
    key, which no outcome's read-ahead reads)."""
    await newest_award_step(
        session, place_step(event.match_id), event.application_id, 0, ACCEPTED, institution_id=event.host_institution_id
    )


# what an application held at a host, strongest first: the place accepted, the admission, the request
HELD_ORDER = (ACCEPTED, ADMITTED, REQUESTED)


async def places_held(session: AsyncSession, application_id: str) -> dict[str, str]:
    """The hosts whose place the application held (accepted, admitted) or whose decision it
    awaited (requested, their admission the newest step told), each with the strongest of those."""
    steps = (
        await session.execute(
            select(AwardStep.institution_id, AwardStep.state).where(
                AwardStep.application_id == application_id,
                or_(AwardStep.step.startswith("admission:"), AwardStep.step.startswith("place:")),
                AwardStep.state.in_(HELD_ORDER),
                AwardStep.institution_id.is_not(None),
            )
        )
    ).all()
    held: dict[str, str] = {}
    for institution, state in steps:
        if institution and (institution not in held or HELD_ORDER.index(state) < HELD_ORDER.index(held[institution])):
            held[institution] = state
    return held


async def tell_withdrawal_to_hosts(
    session: AsyncSession,
    env: Envelope,
    app: ApplicationRef | None,
    event: ApplicationWithdrawn,
    cycle: str,
    held: dict[str, str],
    portal: str = "",
) -> None:
    """The hosts of ``places_held`` hear that the application was withdrawn (a place given up
    said as such), by inbox and e-mail: it had left their tabs without a word, while they may
    have been preparing its papers or weighing it. Partners' systems hear it by the
    application.withdrawn webhook, as before. ``app`` and ``cycle``: as the handler read them."""
    if not held:
        return
    context = {
        "cycle": cycle,
        "application": event.application_id[:8],
        "country": app.sending_country if app else "",
    }
    for institution, state in sorted(held.items()):
        told = await accounts_picked(session, Role.PARTNER, partial(host_users, institution_id=institution))
        named = {**context, "institution": await host_name(session, institution)}
        kind = {ACCEPTED: "place_given_up_host", ADMITTED: "admitted_applicant_withdrew"}.get(
            state, "awaiting_applicant_withdrew"
        )
        if portal:  # its admissions list, where a decided one now shows under "Withdrew"
            where = {"cycle_id": event.cycle_id} | ({} if state == REQUESTED else {"status": "withdrawn"})
            named["link"] = f"{portal}/host/admissions?{urlencode(where)}"
        await tell_staff(session, env, told, kind, named)
