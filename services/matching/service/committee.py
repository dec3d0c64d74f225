"""The selection committee: scoresheets, reviewers (officer and reviewer accounts in the
scheme's scope, known from account.upserted), their even assignment, independent scoring with history, the
composite that becomes the pool entry's committee score, moderation flags, and the journal
of it all (rules in domain/committee.py; the journal in service/journal.py)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Select, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.matching.domain import committee as rules
from services.matching.domain.interviews import with_interview
from services.matching.domain.journal import APPLICANT_ACTOR, Action, applications_named
from services.matching.domain.statuses import PoolStatus
from services.matching.models import (
    ApplicantProfile,
    Cycle,
    Institution,
    InterviewInvitation,
    JournalEntry,
    PoolEntry,
    Programme,
    ReviewAssignment,
    ReviewerConflict,
    ReviewScore,
    Scheme,
    ScoreRead,
    Scoresheet,
    StaffAccount,
    infra,
)
from services.matching.service import journal
from services.matching.service.common import (
    SOURCE,
    get_or_not_found,
    managed_schemes,
    refuse_errors,
    require_scheme,
)
from services.matching.service.endorsements import endorsed_among
from services.matching.service.pool import visible_entry
from services.matching.service.standing import OUT_OF_THE_RUNNING, standing_of
from shared.clock import aware, utcnow
from shared.db import contains
from shared.errors import Conflict, Forbidden, Invalid, NotFound
from shared.events.catalog import AccountUpserted, ReviewerAssigned, ReviewerUnassigned, ReviewModerationFlagged
from shared.outbox import add_event
from shared.paging import Paging
from shared.principal import Principal, Role
from shared.scope import institution_filter, manages_scheme, sees_application, sits_on_committee
from shared.upsert import upsert

# --- who is who (from events) ------------------------------------------------------------


async def remember_account(session: AsyncSession, event: AccountUpserted, as_of: datetime) -> StaffAccount | None:
    """Store a staff or partner account unless a newer version is stored: a partner is never a
    reviewer (reviewers are officers and reviewer accounts), but its name says who decided an admission (a partner's
    decisions had been named by nobody)."""
    row = await session.get(StaffAccount, event.account_id)
    if row is not None and aware(row.as_of) > aware(as_of):
        return None
    if row is None:
        row = StaffAccount(account_id=event.account_id, role=event.role, name=event.name)
        session.add(row)
    row.role, row.name, row.email = event.role, event.name[:300], event.email[:320]
    row.schemes, row.institutions = list(event.schemes), list(event.institutions)
    row.active, row.as_of = event.active, as_of
    return row


# who ended reviews when no person did: an account's scope changed, or it was disabled
SCOPE_CHANGE = Principal(sub="system:account-scope", role=Role.ADMIN, name="Account scope changed")


async def release_out_of_scope(session: AsyncSession, account: StaffAccount) -> int:
    """An account disabled, or no longer on a scheme's committees (scoped elsewhere): its live
    reviews not yet scored there end at once, the applications service stops showing them, and
    the officers' next assignment run fills the gap (its list had kept them, each opening "not
    found"). Scored reviews stay: they count. How many ended."""
    held = (
        await session.scalars(
            select(ReviewAssignment).where(
                ReviewAssignment.reviewer_id == account.account_id,
                ReviewAssignment.active,
                ReviewAssignment.submitted_at.is_(None),
            )
        )
    ).all()
    by_cycle: dict[str, list[ReviewAssignment]] = {}
    for a in held:
        by_cycle.setdefault(a.cycle_id, []).append(a)
    who, ended = principal_of(account), 0
    for cycle_id, assignments in sorted(by_cycle.items()):
        cycle = await session.get(Cycle, cycle_id)
        if cycle is None or (account.active and sits_on_committee(who, cycle.scheme_id)):
            continue
        await _hand_back(session, SCOPE_CHANGE, cycle, assignments, {account.account_id: account.name}, lambda _a: OFF)
        ended += len(assignments)
    return ended


async def remember_applicant(
    session: AsyncSession,
    applicant_id: str,
    *,
    name: str,
    nationality: str,
    home_institution: str | None = None,
    language: str | None = None,
    passport_name: str | None = None,
) -> None:
    """The applicant's name and nationality (and home institution, language and name as in
    the passport, when an applicant event says them: an application event does not carry them
    and leaves them)."""
    values = {"applicant_id": applicant_id, "name": name[:300], "nationality": nationality[:2], "updated_at": utcnow()}
    if language is not None:  # an applicant event: its passport name stands, None when cleared
        values["passport_name"] = (passport_name or "")[:200] or None
    if home_institution is not None:
        values["home_institution"] = home_institution[:300]
    if language is not None:
        values["language"] = language[:8]
    await upsert(session, ApplicantProfile, values, ["applicant_id"])


async def forget_applicant(session: AsyncSession, applicant_id: str) -> None:
    """An applicant who closed their account: their name, name as in the passport and home
    institution go; nationality stays (the sending country's figures)."""
    await session.execute(
        update(ApplicantProfile)
        .where(ApplicantProfile.applicant_id == applicant_id)
        .values(name="", passport_name=None, home_institution="", updated_at=utcnow())
    )


async def names_of(session: AsyncSession, applicant_ids: list[str]) -> dict[str, str]:
    """Each applicant's name as their events said it (officers read names, not ids)."""
    if not applicant_ids:
        return {}
    rows = await session.execute(
        select(ApplicantProfile.applicant_id, ApplicantProfile.name).where(
            ApplicantProfile.applicant_id.in_(set(applicant_ids))
        )
    )
    return {applicant_id: name for applicant_id, name in rows}


def principal_of(account: StaffAccount) -> Principal:
    return Principal(
        sub=account.account_id,
        role=Role(account.role),
        name=account.name,
        schemes=list(account.schemes),
        institutions=list(account.institutions),
    )


async def reviewers_for(session: AsyncSession, scheme_id: str) -> list[StaffAccount]:
    """Active accounts that may score the scheme's applications: its officers and its reviewers
    (``shared.scope.sits_on_committee``)."""
    rows = await session.scalars(
        select(StaffAccount).where(StaffAccount.role.in_([Role.OFFICER, Role.REVIEWER]), StaffAccount.active)
    )
    return [a for a in rows.all() if sits_on_committee(principal_of(a), scheme_id)]


# --- scoresheets -----------------------------------------------------------------------------


def criteria_of(sheet: Scoresheet) -> list[rules.Criterion]:
    return [rules.Criterion(**c) for c in sheet.criteria]


async def sheet_values(session: AsyncSession, sheet: Scoresheet) -> dict[str, Any]:
    """A scoresheet as the journal keeps it; its committee by name (the journal's reader had
    read account ids), in the order of the names."""
    committee = None
    if sheet.committee is not None:
        names = await staff_names(session, set(sheet.committee))
        committee = sorted(names.get(i) or i for i in sheet.committee)
    return {
        "criteria": list(sheet.criteria),
        "reviewers_per_application": sheet.reviewers_per_application,
        "spread_threshold": sheet.spread_threshold,
        "committee": committee,
    }


async def scoresheet_for(session: AsyncSession, cycle: Cycle) -> Scoresheet | None:
    """The cycle's own scoresheet, else its scheme's, else none."""
    rows = (
        await session.scalars(
            select(Scoresheet).where(Scoresheet.scheme_id == cycle.scheme_id, Scoresheet.cycle_id.in_([cycle.id, ""]))
        )
    ).all()
    return next((s for s in rows if s.cycle_id), None) or next(iter(rows), None)


async def required_scoresheet(session: AsyncSession, cycle: Cycle) -> Scoresheet:
    sheet = await scoresheet_for(session, cycle)
    if sheet is None:
        raise Conflict(
            "scoresheet.missing", f"cycle {cycle.id} and its scheme have no scoresheet yet; define one", "cycle_id"
        )
    return sheet


async def cycle_in_scope(session: AsyncSession, caller: Principal, cycle_id: str) -> Cycle:
    cycle = await get_or_not_found(session, Cycle, cycle_id, field="cycle_id", what="cycle")
    require_scheme(caller, cycle.scheme_id, "cycle_id")
    return cycle


async def save_scoresheet(
    session: AsyncSession,
    caller: Principal,
    *,
    scheme_id: str,
    cycle_id: str | None,
    criteria: Sequence[rules.Criterion],
    reviewers_per_application: int,
    spread_threshold: float,
    committee: Sequence[str] | None = None,
    reason: str | None = None,
) -> Scoresheet:
    """Create or replace a scheme's or a cycle's scoresheet (the scheme's officers only), and
    its committee: the accounts who review (``None``: every officer and reviewer of the scheme)."""
    if cycle_id:
        cycle = await cycle_in_scope(session, caller, cycle_id)
        scheme_id = cycle.scheme_id
    else:
        await get_or_not_found(session, Scheme, scheme_id, field="scheme_id", what="scheme")
        require_scheme(caller, scheme_id, "scheme_id")
    refuse_errors(rules.scoresheet_problems(criteria, reviewers_per_application, spread_threshold))
    members = await _committee_checked(session, scheme_id, committee, reviewers_per_application)
    sheet = await session.scalar(
        select(Scoresheet).where(Scoresheet.scheme_id == scheme_id, Scoresheet.cycle_id == (cycle_id or ""))
    )
    before = await sheet_values(session, sheet) if sheet is not None else None
    if sheet is None:
        sheet = Scoresheet(id=str(uuid.uuid4()), scheme_id=scheme_id, cycle_id=cycle_id or "", updated_by=caller.sub)
        session.add(sheet)
    sheet.criteria = [c.__dict__ for c in criteria]
    sheet.reviewers_per_application = reviewers_per_application
    sheet.spread_threshold = spread_threshold
    sheet.committee = members
    sheet.updated_by, sheet.updated_at = caller.sub, utcnow()
    journal.record(
        session,
        caller,
        Action.SCORESHEET_SAVED,
        subject=f"scoresheet:{sheet.id}",
        scheme_id=scheme_id,
        cycle_id=cycle_id or None,
        before=before,
        after=await sheet_values(session, sheet),
        reason=reason,
    )
    return sheet


async def _committee_checked(
    session: AsyncSession, scheme_id: str, committee: Sequence[str] | None, per_application: int
) -> list[str] | None:
    """The committee as stored (sorted, once each), when every member reviews the scheme and
    there are enough of them for the number each application gets; ``None`` stays ``None``."""
    if committee is None:
        return None
    members = sorted(set(committee))
    known = {a.account_id for a in await reviewers_for(session, scheme_id)}
    strangers = [m for m in members if m not in known]
    if strangers:
        raise Invalid(
            "scoresheet.committee_unknown",
            f"not an active officer or reviewer of scheme {scheme_id}: {', '.join(strangers)}",
            "committee",
            accounts=", ".join(strangers),
        )
    if len(members) < per_application:
        raise Invalid(
            "scoresheet.committee_too_small",
            f"the committee has {len(members)} member(s) for {per_application} reviewers per application",
            "committee",
            members=len(members),
            asked=per_application,
        )
    return members


async def scheme_scoresheet(session: AsyncSession, caller: Principal, scheme_id: str) -> Scoresheet:
    await get_or_not_found(session, Scheme, scheme_id, field="scheme_id", what="scheme")
    require_scheme(caller, scheme_id, "scheme_id")
    sheet = await session.scalar(select(Scoresheet).where(Scoresheet.scheme_id == scheme_id, Scoresheet.cycle_id == ""))
    if sheet is None:
        raise NotFound("scoresheet.not_found", f"scheme {scheme_id} has no scoresheet", "scheme_id")
    return sheet


# --- assignment --------------------------------------------------------------------------------


async def _affiliations(session: AsyncSession, accounts: Sequence[StaffAccount]) -> dict[str, frozenset[str]]:
    """Each reviewer's institutions, by id and by (normalised) name."""
    ids = {i for a in accounts for i in a.institutions}
    names = {}
    if ids:
        names = {i.id: i.name for i in (await session.scalars(select(Institution).where(Institution.id.in_(ids))))}
    return {
        a.account_id: frozenset(
            rules.normalise_institution(x) for i in a.institutions for x in (i, names.get(i, "")) if x
        )
        for a in accounts
    }


async def _conflicts(session: AsyncSession, reviewer_ids: Sequence[str]) -> dict[str, frozenset[str]]:
    rows = (
        await session.execute(
            select(ReviewerConflict.reviewer_id, ReviewerConflict.application_id).where(
                ReviewerConflict.reviewer_id.in_(reviewer_ids)
            )
        )
    ).all()
    out: dict[str, set[str]] = {}
    for reviewer, app in rows:
        out.setdefault(reviewer, set()).add(app)
    return {k: frozenset(v) for k, v in out.items()}


async def _reviewers(
    session: AsyncSession, scheme_id: str, committee: Sequence[str] | None = None
) -> list[rules.Reviewer]:
    """The scheme's officers and reviewers who may be given reviews: the committee's, when it
    names one."""
    accounts = await reviewers_for(session, scheme_id)
    if committee is not None:
        accounts = [a for a in accounts if a.account_id in set(committee)]
    ids = [a.account_id for a in accounts]
    affiliations, conflicts = await _affiliations(session, accounts), await _conflicts(session, ids)
    return [
        rules.Reviewer(
            a.account_id,
            affiliations.get(a.account_id, frozenset()),
            conflicts.get(a.account_id, frozenset()),
            frozenset(a.institutions),
        )
        for a in accounts
    ]


async def _candidates(session: AsyncSession, entries: Sequence[PoolEntry]) -> list[rules.Candidate]:
    ids = [e.application_id for e in entries]
    homes = {
        p.applicant_id: p.home_institution
        for p in await session.scalars(
            select(ApplicantProfile).where(ApplicantProfile.applicant_id.in_([e.applicant_id for e in entries]))
        )
    }
    programmes = {pid for e in entries for pid in e.choices}
    host_of: dict[str, str] = {}
    if programmes:
        rows = await session.execute(
            select(Programme.id, Programme.host_institution_id).where(Programme.id.in_(programmes))
        )
        host_of = {pid: host for pid, host in rows.all()}
    live: dict[str, list[str]] = {}
    ended: dict[str, list[str]] = {}
    submitted: dict[str, list[str]] = {}
    for a in await session.scalars(select(ReviewAssignment).where(ReviewAssignment.application_id.in_(ids))):
        (live if a.active else ended).setdefault(a.application_id, []).append(a.reviewer_id)
        if a.active and a.submitted_at is not None:
            submitted.setdefault(a.application_id, []).append(a.reviewer_id)
    readers = await _score_readers(session, ids)
    return [
        rules.Candidate(
            e.application_id,
            rules.normalise_institution(homes.get(e.applicant_id)),
            tuple(live.get(e.application_id, [])),
            tuple(ended.get(e.application_id, [])),
            frozenset(host_of[p] for p in e.choices if host_of.get(p)),
            tuple(submitted.get(e.application_id, [])),
            frozenset(readers.get(e.application_id, set())),
        )
        for e in entries
    ]


async def cycle_reviewers(
    session: AsyncSession, caller: Principal, cycle_id: str
) -> list[tuple[StaffAccount, int, bool]]:
    """The cycle's possible reviewers (officers and reviewers of its scheme) with their live assignments in it
    and whether they are on its committee."""
    cycle = await cycle_in_scope(session, caller, cycle_id)
    load = await _load(session, cycle.id)
    committee = await _committee_of(session, cycle)
    accounts = sorted(await reviewers_for(session, cycle.scheme_id), key=lambda a: (a.name, a.account_id))
    return [(a, load.get(a.account_id, 0), committee is None or a.account_id in committee) for a in accounts]


async def _committee_of(session: AsyncSession, cycle: Cycle) -> list[str] | None:
    sheet = await scoresheet_for(session, cycle)
    return sheet.committee if sheet is not None else None


async def _load(session: AsyncSession, cycle_id: str) -> dict[str, int]:
    rows = await session.execute(
        select(ReviewAssignment.reviewer_id, func.count())
        .where(ReviewAssignment.cycle_id == cycle_id, ReviewAssignment.active)
        .group_by(ReviewAssignment.reviewer_id)
    )
    return {r: int(n) for r, n in rows.all()}


def _new_assignment(cycle: Cycle, application_id: str, reviewer_id: str, by: str) -> ReviewAssignment:
    return ReviewAssignment(
        id=str(uuid.uuid4()),
        cycle_id=cycle.id,
        scheme_id=cycle.scheme_id,
        application_id=application_id,
        reviewer_id=reviewer_id,
        assigned_by=by,
    )


@dataclass
class AssignResult:
    created: list[ReviewAssignment]
    short: dict[str, int]  # application id -> reviewers still missing (not enough eligible ones)
    per_application: int = 0  # the scoresheet's number of reviewers
    names: dict[str, str] = field(default_factory=dict)  # reviewer id -> name, of those assigned
    handed_over: int = 0  # unscored reviews taken from officers off the committee


async def assign_cycle(session: AsyncSession, caller: Principal, cycle_id: str) -> AssignResult:
    """Give every submitted application of the cycle that competes (under an endorsement
    stage: the endorsed) the scoresheet's number of reviewers, evenly and never against a
    conflict (domain/committee.py ``assign``). Running it again
    only fills what is missing, after handing over the reviews not yet scored of officers the
    committee no longer names (``_hand_over``). One journal entry per new assignment."""
    cycle = await cycle_in_scope(session, caller, cycle_id)
    handed_over = await _hand_over(session, caller, cycle)
    entries = (
        await session.scalars(
            select(PoolEntry)
            .where(PoolEntry.cycle_id == cycle.id, PoolEntry.status == PoolStatus.SUBMITTED)
            .order_by(PoolEntry.application_id)
        )
    ).all()
    result = await assign_entries(session, caller, cycle, entries)
    return replace(result, handed_over=handed_over)


async def _hand_over(session: AsyncSession, caller: Principal, cycle: Cycle) -> int:
    """End the live, unscored assignments of officers who no longer review the cycle: not named
    by its committee (taken off it after an assignment run: they kept every review, and running
    it again said "no new assignments"), or no longer officers of the scheme (an account
    disabled or scoped elsewhere kept its reviews, and the applications waited for it); the run
    then gives those applications to those who do. Scored reviews stay: they count. One journal
    entry per assignment ended."""
    committee = await _committee_of(session, cycle)
    of_the_scheme = {a.account_id for a in await reviewers_for(session, cycle.scheme_id)}
    reviewing = of_the_scheme if committee is None else of_the_scheme & set(committee)
    await session.refresh(cycle, with_for_update=True)  # one assignment run per cycle at a time
    held = (
        await session.scalars(
            select(ReviewAssignment).where(
                ReviewAssignment.cycle_id == cycle.id,
                ReviewAssignment.active,
                ReviewAssignment.submitted_at.is_(None),
                ReviewAssignment.reviewer_id.not_in(reviewing),
            )
        )
    ).all()
    names = await staff_names(session, {a.reviewer_id for a in held})
    await _hand_back(
        session,
        caller,
        cycle,
        held,
        names,
        lambda a: "not on the cycle's committee" if a.reviewer_id in of_the_scheme else OFF,
    )
    await session.flush()
    return len(held)


OFF = "no longer reviews the scheme (account disabled or scoped elsewhere)"


async def _hand_back(
    session: AsyncSession,
    actor: Principal,
    cycle: Cycle,
    held: Sequence[ReviewAssignment],
    names: Mapping[str, str],
    why: Callable[[ReviewAssignment], str],
) -> None:
    """End reviews not yet scored of the cycle (each with its journal entry and ``why``), and
    tell the applications service their reviewers no longer read those applications."""
    now = utcnow()
    for a in held:
        a.active, a.ended_at = False, now
        journal.record(
            session,
            actor,
            Action.REVIEWER_REASSIGNED,
            subject=f"assignment:{a.id}",
            scheme_id=cycle.scheme_id,
            cycle_id=cycle.id,
            application_id=a.application_id,
            before={"reviewer_id": a.reviewer_id, "reviewer_name": names.get(a.reviewer_id, ""), "assignment_id": a.id},
            after=None,
            reason=why(a),
        )
    for event in unassignment_events(
        cycle, actor.sub, [(a.application_id, a.reviewer_id) for a in held], "handed_over"
    ):
        await add_event(session, infra, event, source=SOURCE)


def unassignment_events(
    cycle: Cycle, by: str, pairs: Sequence[tuple[str, str]], reason: Literal["conflict", "handed_over"]
) -> list[ReviewerUnassigned]:
    """One reviewer.unassigned per reviewer whose applications (``pairs``: application id,
    reviewer id) an action took: the applications service stops showing them to a reviewer."""
    return [
        ReviewerUnassigned(
            cycle_id=cycle.id,
            scheme_id=cycle.scheme_id,
            reviewer_id=reviewer_id,
            application_ids=apps,
            reason=reason,
            by=by,
        )
        for reviewer_id, apps in _per_reviewer(pairs)
    ]


def _per_reviewer(pairs: Sequence[tuple[str, str]]) -> list[tuple[str, list[str]]]:
    """(reviewer id, its application ids, sorted) of (application id, reviewer id) pairs, by reviewer id."""
    by_reviewer: dict[str, list[str]] = {}
    for application_id, reviewer_id in pairs:
        by_reviewer.setdefault(reviewer_id, []).append(application_id)
    return [(reviewer_id, sorted(apps)) for reviewer_id, apps in sorted(by_reviewer.items())]


async def assign_entries(
    session: AsyncSession, caller: Principal, cycle: Cycle, entries: Sequence[PoolEntry]
) -> AssignResult:
    """The scoresheet's number of reviewers for each of ``entries`` (submitted applications of
    ``cycle``, in scope, still in the running), by the even rule; the whole cycle's or a
    selection of it."""
    # one assignment run per cycle at a time (two at once would both fill the same gaps)
    await session.refresh(cycle, with_for_update=True)
    endorsed = await endorsed_among(session, cycle, [e.application_id for e in entries])
    if endorsed is not None:  # the home institution decides who competes: the endorsed only
        entries = [e for e in entries if e.application_id in endorsed]
    # nor one out of the running (placed and accepted, not nominated, a nominee withdrawn):
    # nothing left to score it for
    standing = await standing_of(session, cycle.id, [e.application_id for e in entries])
    entries = [e for e in entries if standing.get(e.application_id) not in OUT_OF_THE_RUNNING]
    sheet = await required_scoresheet(session, cycle)
    reviewers = await _reviewers(session, cycle.scheme_id, sheet.committee)
    if not reviewers:
        raise Conflict(
            "assignment.no_reviewers", f"no officer or reviewer account reviews scheme {cycle.scheme_id}", "cycle_id"
        )
    plan = rules.assign(
        await _candidates(session, entries), reviewers, sheet.reviewers_per_application, await _load(session, cycle.id)
    )
    names = await staff_names(session, {r for _, r in plan.pairs})
    created = []
    for application_id, reviewer_id in plan.pairs:
        row = _new_assignment(cycle, application_id, reviewer_id, caller.sub)
        session.add(row)
        created.append(row)
        journal.record(
            session,
            caller,
            Action.REVIEWERS_ASSIGNED,
            subject=f"assignment:{row.id}",
            scheme_id=cycle.scheme_id,
            cycle_id=cycle.id,
            application_id=application_id,
            after={"reviewer_id": reviewer_id, "reviewer_name": names.get(reviewer_id, "")},
        )
    for event in assignment_events(cycle, caller.sub, plan.pairs):
        await add_event(session, infra, event, source=SOURCE)
    return AssignResult(created, plan.short, sheet.reviewers_per_application, names)


def assignment_events(
    cycle: Cycle, by: str, pairs: Sequence[tuple[str, str]], replaced_reviewer_id: str | None = None
) -> list[ReviewerAssigned]:
    """One reviewer.assigned per reviewer of an action, with all the applications it gave
    them (``pairs``: application id, reviewer id), by reviewer id: a reviewer hears once of an
    assignment run, not once per application."""
    return [
        ReviewerAssigned(
            cycle_id=cycle.id,
            scheme_id=cycle.scheme_id,
            reviewer_id=reviewer_id,
            application_ids=apps,
            count=len(apps),
            assigned_by=by,
            replaced_reviewer_id=replaced_reviewer_id,
        )
        for reviewer_id, apps in _per_reviewer(pairs)
    ]


async def staff_names(session: AsyncSession, account_ids: set[str]) -> dict[str, str]:
    if not account_ids:
        return {}
    rows = await session.scalars(select(StaffAccount).where(StaffAccount.account_id.in_(account_ids)))
    return {a.account_id: a.name for a in rows.all()}


async def _score_readers(session: AsyncSession, application_ids: Sequence[str]) -> dict[str, set[str]]:
    """Per application, the officers who were shown another reviewer's submitted scores of it."""
    readers: dict[str, set[str]] = {}
    if application_ids:
        rows = await session.execute(
            select(ScoreRead.application_id, ScoreRead.reader_id).where(ScoreRead.application_id.in_(application_ids))
        )
        for app, reader in rows.all():
            readers.setdefault(app, set()).add(reader)
    return readers


async def reassign(
    session: AsyncSession, caller: Principal, assignment_id: str, reviewer_id: str | None, reason: str | None
) -> ReviewAssignment:
    """End an assignment and give the application another reviewer: the one named (who must
    be eligible) or the least loaded eligible one. The ended reviewer's scores stop counting."""
    old = await get_or_not_found(session, ReviewAssignment, assignment_id, field="assignment_id", what="assignment")
    cycle = await cycle_in_scope(session, caller, old.cycle_id)
    if not old.active:
        raise Conflict("assignment.ended", "this assignment was already ended", "assignment_id")
    entry = await get_or_not_found(session, PoolEntry, old.application_id, field="assignment_id", what="application")
    (candidate,) = await _candidates(session, [entry])
    unblind = rules.not_blind(candidate, caller.sub, besides=old.reviewer_id)
    if reviewer_id is not None and reviewer_id in unblind:
        raise Conflict(
            "assignment.scores_seen",
            f"{reviewer_id} can read or has read this application's other scores: not a blind reviewer of it; give it "
            "to another reviewer, or let the least loaded be chosen",
            "reviewer_id",
        )
    candidate = replace(candidate, excluded=(*candidate.excluded, old.reviewer_id), readers=unblind)
    reviewers = await _reviewers(session, cycle.scheme_id, await _committee_of(session, cycle))
    if reviewer_id is not None:
        chosen = next((r for r in reviewers if r.id == reviewer_id), None)
        if chosen is None:
            raise Invalid(
                "assignment.unknown_reviewer",
                f"{reviewer_id} does not review this scheme (or is not on the cycle's committee)",
                "reviewer_id",
            )
        if reviewer_id in candidate.assigned or not rules.may_review(chosen, candidate):
            raise Conflict(
                "assignment.conflict",
                f"{reviewer_id} may not review this application (already on it, own institution or a declared conflict)",
                "reviewer_id",
            )
        reviewers = [chosen]
    # the old reviewer is still among ``assigned`` (and excluded): asking for one more is one pick
    plan = rules.assign([candidate], reviewers, len(candidate.assigned) + 1, await _load(session, cycle.id))
    if not plan.pairs:
        raise Conflict("assignment.no_reviewers", "no other eligible reviewer for this application", "assignment_id")
    old.active, old.ended_at = False, utcnow()
    new = _new_assignment(cycle, old.application_id, plan.pairs[0][1], caller.sub)
    session.add(new)
    await session.flush()
    await recompute(session, cycle, old.application_id)
    names = await staff_names(session, {old.reviewer_id, new.reviewer_id})
    journal.record(
        session,
        caller,
        Action.REVIEWER_REASSIGNED,
        subject=f"assignment:{old.id}",
        scheme_id=cycle.scheme_id,
        cycle_id=cycle.id,
        application_id=old.application_id,
        before={
            "reviewer_id": old.reviewer_id,
            "reviewer_name": names.get(old.reviewer_id, ""),
            "assignment_id": old.id,
        },
        after={
            "reviewer_id": new.reviewer_id,
            "reviewer_name": names.get(new.reviewer_id, ""),
            "assignment_id": new.id,
        },
        reason=reason,
    )
    for event in assignment_events(cycle, caller.sub, [(new.application_id, new.reviewer_id)], old.reviewer_id):
        await add_event(session, infra, event, source=SOURCE)
    return new


async def declare_conflict(session: AsyncSession, caller: Principal, application_id: str, reason: str) -> None:
    """The caller declares a conflict with an application: never assigned it again; a live
    assignment of theirs on it ends (an officer then assigns again to fill the gap)."""
    entry = await visible_entry(session, caller, application_id)
    exists = await session.scalar(
        select(ReviewerConflict).where(
            ReviewerConflict.reviewer_id == caller.sub, ReviewerConflict.application_id == application_id
        )
    )
    if exists is not None:
        raise Conflict("conflict.already_declared", "you already declared a conflict with it", "application_id")
    session.add(ReviewerConflict(reviewer_id=caller.sub, application_id=application_id, reason=reason))
    ended = []
    for a in await session.scalars(
        select(ReviewAssignment).where(
            ReviewAssignment.application_id == application_id,
            ReviewAssignment.reviewer_id == caller.sub,
            ReviewAssignment.active,
        )
    ):
        a.active, a.ended_at = False, utcnow()
        ended.append(a.id)
    await session.flush()
    cycle = await session.get(Cycle, entry.cycle_id)
    if ended and cycle is not None:
        await recompute(session, cycle, application_id)
    if ended and cycle is not None:
        # the application is short of a reviewer (officers are told) and no longer the reviewer's
        # to read; one declared before it was given to them changes neither
        for event in unassignment_events(cycle, caller.sub, [(application_id, caller.sub)], "conflict"):
            await add_event(session, infra, event, source=SOURCE)
    journal.record(
        session,
        caller,
        Action.CONFLICT_DECLARED,
        subject=f"application:{application_id}",
        scheme_id=entry.scheme_id,
        cycle_id=entry.cycle_id,
        application_id=application_id,
        after={"reviewer_id": caller.sub, "ended_assignments": ended},
        reason=reason,
    )


# --- scoring --------------------------------------------------------------------------------------


async def submit_scores(
    session: AsyncSession, caller: Principal, assignment_id: str, scores: Mapping[str, float], comment: str
) -> ReviewAssignment:
    """The assigned reviewer's scores (every criterion, in range); a resubmission is a new
    version. The application's composite becomes its pool entry's committee score."""
    a = await get_or_not_found(session, ReviewAssignment, assignment_id, field="assignment_id", what="assignment")
    await session.refresh(a, with_for_update=True)  # versions are numbered one submission at a time
    if a.reviewer_id != caller.sub:
        raise Forbidden("review.not_yours", "only the assigned reviewer scores this application", "assignment_id")
    if not a.active:
        raise Conflict("assignment.ended", "this assignment was ended; you no longer review it", "assignment_id")
    cycle = await get_or_not_found(session, Cycle, a.cycle_id, field="assignment_id", what="cycle")
    entry = await session.get(PoolEntry, a.application_id)
    if entry is None or entry.status == PoolStatus.WITHDRAWN:
        raise Conflict("pool.withdrawn", "the application was withdrawn", "assignment_id")
    # one submission per application at a time: the flag before it is the flag the last one left
    await session.refresh(entry, with_for_update=True)
    sheet = await required_scoresheet(session, cycle)
    criteria = criteria_of(sheet)
    refuse_errors(rules.score_problems(criteria, scores))
    # a recorded interview score stands for every reviewer's interview criterion (domain/interviews.py)
    invitation = await session.get(InterviewInvitation, a.application_id)
    interview = invitation.score if invitation is not None else None
    composite = rules.reviewer_composite(criteria, with_interview(criteria, scores, interview))
    previous = await session.scalar(
        select(ReviewScore).where(ReviewScore.assignment_id == a.id).order_by(ReviewScore.version.desc()).limit(1)
    )
    version = previous.version + 1 if previous else 1
    flagged_before = rules.summarise(await _live_composites(session, a.application_id), sheet.spread_threshold).flagged
    now = utcnow()
    session.add(
        ReviewScore(
            assignment_id=a.id,
            application_id=a.application_id,
            reviewer_id=caller.sub,
            version=version,
            scores=dict(scores),
            composite=composite,
            comment=comment,
            submitted_at=now,
        )
    )
    a.composite, a.submitted_at = composite, now
    await session.flush()
    summary = await recompute(session, cycle, a.application_id)
    if summary.flagged and not flagged_before and summary.spread is not None:
        # the scheme's officers hear of it once per flagging (notifications)
        flagged = ReviewModerationFlagged(
            cycle_id=cycle.id,
            scheme_id=cycle.scheme_id,
            application_id=a.application_id,
            spread=summary.spread,
            threshold=sheet.spread_threshold,
            submitted=summary.submitted,
            unsubmitted_reviewer_ids=sorted(
                await session.scalars(
                    select(ReviewAssignment.reviewer_id).where(
                        ReviewAssignment.application_id == a.application_id,
                        ReviewAssignment.active,
                        ReviewAssignment.submitted_at.is_(None),
                    )
                )
            ),
        )
        await add_event(session, infra, flagged, source=SOURCE)
    journal.record(
        session,
        caller,
        Action.REVIEW_SCORED,
        subject=f"assignment:{a.id}",
        scheme_id=cycle.scheme_id,
        cycle_id=cycle.id,
        application_id=a.application_id,
        before={"scores": previous.scores, "composite": previous.composite} if previous else None,
        after={
            "scores": dict(scores),
            "composite": composite,
            "version": version,
            "application_composite": summary.composite,
            "flagged": summary.flagged,
        },
        reason=comment or None,
    )
    return a


async def recompute(session: AsyncSession, cycle: Cycle, application_id: str) -> rules.Summary:
    """The application's composite over its live submitted reviews -> the committee score."""
    sheet = await scoresheet_for(session, cycle)
    summary = rules.summarise(
        await _live_composites(session, application_id),
        sheet.spread_threshold if sheet else rules.DEFAULT_SPREAD_THRESHOLD,
    )
    entry = await session.get(PoolEntry, application_id)
    if entry is not None and summary.composite is not None:
        entry.committee_score, entry.updated_at = summary.composite, utcnow()
    return summary


async def _live_composites(session: AsyncSession, application_id: str) -> list[float]:
    """The composites of the application's live submitted reviews."""
    composites = await session.scalars(
        select(ReviewAssignment.composite).where(
            ReviewAssignment.application_id == application_id,
            ReviewAssignment.active,
            ReviewAssignment.composite.is_not(None),
        )
    )
    return [c for c in composites.all() if c is not None]


@dataclass
class ReviewView:
    assignment: ReviewAssignment
    reviewer_name: str
    hidden: bool
    history: list[ReviewScore]


@dataclass
class ApplicationReviews:
    entry: PoolEntry
    profile: ApplicantProfile | None
    scoresheet: Scoresheet | None
    reviews: list[ReviewView]
    summary: rules.Summary | None  # None while hidden from the caller
    my_assignment: ReviewAssignment | None
    # the scheme's reviewers who may be given it now (not on it, not of its home institution,
    # no declared conflict): for an officer managing the scheme, [] for a reviewer
    eligible: list[str] = field(default_factory=list)


async def application_reviews(session: AsyncSession, caller: Principal, application_id: str) -> ApplicationReviews:
    """An application's reviewers and scores as the caller may see them: an officer of the
    scheme or one of its reviewers; a reviewer who has not submitted sees only their own."""
    entry = await visible_entry(session, caller, application_id)
    assignments = (
        await session.scalars(
            select(ReviewAssignment)
            .where(ReviewAssignment.application_id == application_id)
            .order_by(ReviewAssignment.assigned_at, ReviewAssignment.id)
        )
    ).all()
    mine = next((a for a in assignments if a.active and a.reviewer_id == caller.sub), None)
    if mine is None and not manages_scheme(caller, entry.scheme_id):
        raise NotFound("review.not_assigned", "you do not review this application", "application_id")
    sees_all = rules.sees_scores_of_others(mine is not None, mine is not None and mine.submitted_at is not None)
    history: dict[str, list[ReviewScore]] = {}
    for s in await session.scalars(
        select(ReviewScore).where(ReviewScore.application_id == application_id).order_by(ReviewScore.version)
    ):
        history.setdefault(s.assignment_id, []).append(s)
    names = {
        a.account_id: a.name
        for a in await session.scalars(
            select(StaffAccount).where(StaffAccount.account_id.in_({a.reviewer_id for a in assignments}))
        )
    }
    cycle = await session.get(Cycle, entry.cycle_id)
    sheet = await scoresheet_for(session, cycle) if cycle else None
    views = []
    for a in assignments:
        hidden = not sees_all and a is not mine
        views.append(
            ReviewView(a, names.get(a.reviewer_id, a.reviewer_id), hidden, [] if hidden else history.get(a.id, []))
        )
    if manages_scheme(caller, entry.scheme_id) and any(
        not v.hidden and v.assignment.submitted_at is not None and v.assignment.reviewer_id != caller.sub for v in views
    ):
        # shown another reviewer's scores: a blind review of it is no longer the caller's to take
        await upsert(
            session,
            ScoreRead,
            {"application_id": application_id, "reader_id": caller.sub, "read_at": utcnow()},
            keys=["application_id", "reader_id"],  # read again: the latest read's time
        )
    summary = None
    if sees_all:
        summary = rules.summarise(
            [a.composite for a in assignments if a.active and a.composite is not None],
            sheet.spread_threshold if sheet else rules.DEFAULT_SPREAD_THRESHOLD,
        )
    eligible: list[str] = []
    if manages_scheme(caller, entry.scheme_id):
        (candidate,) = await _candidates(session, [entry])
        unblind = rules.not_blind(candidate, caller.sub)  # ``reassign`` refuses them
        eligible = [
            r.id
            for r in await _reviewers(session, entry.scheme_id, sheet.committee if sheet else None)
            if r.id not in candidate.assigned and rules.may_review(r, candidate) and r.id not in unblind
        ]
    return ApplicationReviews(
        entry, await session.get(ApplicantProfile, entry.applicant_id), sheet, views, summary, mine, eligible
    )


async def scores_hidden_from(session: AsyncSession, caller: Principal) -> set[str]:
    """The applications whose other scores the caller may not see yet: those they review and
    have not submitted (``domain/committee.py sees_scores_of_others``). Every read that shows
    a committee score, a composite or another reviewer's scores withholds them there: the pool
    entry, the moderation list, the journal."""
    rows = await session.scalars(
        select(ReviewAssignment.application_id).where(
            ReviewAssignment.reviewer_id == caller.sub,
            ReviewAssignment.active,
            ReviewAssignment.submitted_at.is_(None),
        )
    )
    return set(rows.all())


def withheld(entry: JournalEntry, caller: Principal, hidden: set[str]) -> bool:
    """A journal entry whose scores the caller may not read yet: another reviewer's scores
    (or a composite) on an application the caller still has to score."""
    if entry.application_id not in hidden or entry.actor == caller.sub:
        return False
    return entry.action in (Action.REVIEW_SCORED, Action.POOL_SCORED)


# --- lists ------------------------------------------------------------------------------------------

SORTS = {
    "name": ApplicantProfile.name,
    "nationality": PoolEntry.sending_country,
    "received": PoolEntry.received_at,
    "submitted": ReviewAssignment.submitted_at,
    "composite": ReviewAssignment.composite,
}


@dataclass(frozen=True)
class AssignedFilters:
    cycle_id: str | None = None
    nationality: str | None = None
    search: str | None = None  # name or application id contains
    scored: bool | None = None


def my_assignments_query(caller: Principal, f: AssignedFilters) -> Select:
    """The caller's live assignments with their pool entry and applicant (to be paged)."""
    query = (
        select(ReviewAssignment, PoolEntry, ApplicantProfile)
        .join(PoolEntry, PoolEntry.application_id == ReviewAssignment.application_id)
        .outerjoin(ApplicantProfile, ApplicantProfile.applicant_id == PoolEntry.applicant_id)
        .where(
            ReviewAssignment.reviewer_id == caller.sub,
            ReviewAssignment.active,
            PoolEntry.status != PoolStatus.WITHDRAWN,
        )
    )
    if f.cycle_id:
        query = query.where(ReviewAssignment.cycle_id == f.cycle_id)
    if f.nationality:
        query = query.where(PoolEntry.sending_country == f.nationality.upper())
    if f.search:
        pattern = contains(f.search.strip())
        query = query.where(
            or_(
                func.lower(ApplicantProfile.name).like(pattern, escape="\\"),
                func.lower(PoolEntry.application_id).like(pattern, escape="\\"),
            )
        )
    if f.scored is not None:
        query = query.where(
            ReviewAssignment.submitted_at.is_not(None) if f.scored else ReviewAssignment.submitted_at.is_(None)
        )
    return query


async def assigned_page(
    session: AsyncSession, caller: Principal, f: AssignedFilters, sort: str, order: str, paging: Paging
) -> tuple[list[Any], int, dict[str, rules.Summary]]:
    """One page of the caller's table: (assignment, entry, profile) rows, the total, and
    each row's summary (shown only to a reviewer who submitted)."""
    query = my_assignments_query(caller, f)
    column = SORTS[sort]
    first = column.desc().nulls_last() if order == "desc" else column.asc().nulls_last()
    total = int(await session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0)
    rows = (
        await session.execute(query.order_by(first, ReviewAssignment.id).offset(paging.offset).limit(paging.limit))
    ).all()
    summaries = await flags_of(session, [a.application_id for a, _, _ in rows])
    return [tuple(r) for r in rows], total, summaries


async def flags_of(session: AsyncSession, application_ids: Sequence[str]) -> dict[str, rules.Summary]:
    """Each application's summary (composite, spread, flag) over its live submitted reviews."""
    if not application_ids:
        return {}
    rows = (
        await session.execute(
            select(ReviewAssignment.application_id, ReviewAssignment.cycle_id, ReviewAssignment.composite).where(
                ReviewAssignment.application_id.in_(application_ids),
                ReviewAssignment.active,
                ReviewAssignment.composite.is_not(None),
            )
        )
    ).all()
    thresholds: dict[str, float] = {}
    for cycle_id in {c for _, c, _ in rows}:
        cycle = await session.get(Cycle, cycle_id)
        sheet = await scoresheet_for(session, cycle) if cycle else None
        thresholds[cycle_id] = sheet.spread_threshold if sheet else rules.DEFAULT_SPREAD_THRESHOLD
    values: dict[str, list[float]] = {}
    cycles: dict[str, str] = {}
    for app_id, cycle_id, composite in rows:
        values.setdefault(app_id, []).append(composite)
        cycles[app_id] = cycle_id
    return {app_id: rules.summarise(v, thresholds[cycles[app_id]]) for app_id, v in values.items()}


@dataclass
class ModerationRow:
    application_id: str
    name: str
    reviewers: int
    summary: rules.Summary


async def moderation_page(
    session: AsyncSession, caller: Principal, cycle_id: str, paging: Paging, flagged_only: bool = False
) -> tuple[list[ModerationRow], int]:
    """The cycle's reviewed applications (officers of its scheme) with their composite,
    spread and moderation flag; flagged ones first. Flags are computed over the cycle's
    live assignments (a few per application), so the whole cycle is summarised, then paged."""
    cycle = await cycle_in_scope(session, caller, cycle_id)
    rows = (
        await session.execute(
            select(ReviewAssignment.application_id, func.count())
            .where(ReviewAssignment.cycle_id == cycle.id, ReviewAssignment.active)
            .group_by(ReviewAssignment.application_id)
        )
    ).all()
    counts = {app: int(n) for app, n in rows}
    summaries = await flags_of(session, list(counts))
    empty = rules.summarise([], 0)
    names = {
        e.application_id: p.name
        for e, p in (
            await session.execute(
                select(PoolEntry, ApplicantProfile)
                .join(ApplicantProfile, ApplicantProfile.applicant_id == PoolEntry.applicant_id)
                .where(PoolEntry.application_id.in_(list(counts)))
            )
        ).all()
    }
    hidden = await scores_hidden_from(session, caller)
    out = [
        ModerationRow(app, names.get(app, ""), n, empty if app in hidden else summaries.get(app, empty))
        for app, n in counts.items()
    ]
    if flagged_only:
        out = [r for r in out if r.summary.flagged]
    out.sort(key=lambda r: (not r.summary.flagged, -(r.summary.spread or 0), r.application_id))
    return out[paging.offset : paging.offset + paging.limit], len(out)


ASSIGNMENT_ORDER = (ReviewAssignment.application_id, ReviewAssignment.assigned_at)


async def cycle_assignments_query(session: AsyncSession, caller: Principal, cycle_id: str) -> Select:
    """The cycle's live assignments (officers of its scheme), to be paged."""
    await cycle_in_scope(session, caller, cycle_id)
    return select(ReviewAssignment).where(ReviewAssignment.cycle_id == cycle_id, ReviewAssignment.active)


def _chunks(values: set[str], size: int = 5000) -> list[list[str]]:
    """A large set in pieces a query's IN list takes (a CSV export names thousands of
    applications; PostgreSQL's driver takes at most 32,767 parameters a query)."""
    ordered = sorted(values)
    return [ordered[i : i + size] for i in range(0, len(ordered), size)]


@dataclass(frozen=True)
class JournalNames:
    """Who a page of journal entries names by id, for its reader: the actor's name of each
    entry written with an id alone (by entry id), and the applicant's name of each application
    the entries name (by application id)."""

    actors: dict[int, str]
    applicants: dict[str, str]

    def of(self, entry: JournalEntry) -> dict[str, str]:
        """The applicants' names of the applications ``entry`` names (its own, a list's)."""
        named = applications_named(entry.application_id, entry.before, entry.after)
        return {a: self.applicants[a] for a in sorted(named) if self.applicants.get(a)}


async def journal_names(session: AsyncSession, caller: Principal, rows: Sequence[JournalEntry]) -> JournalNames:
    """The names behind a page of entries. An actor without a name: the applicant (an entry
    written "applicant", or by the application's applicant), else a staff account, else the
    name the same actor's entry of the same application was written with (a host's rejection
    and the withdrawal from the list it caused). Applicants only of the applications the
    caller sees (an officer scoped to host institutions: those choosing one of theirs)."""
    named = set().union(*(applications_named(r.application_id, r.before, r.after) for r in rows))
    pool: list[Any] = []
    for some in _chunks(named):
        columns = (PoolEntry.application_id, PoolEntry.applicant_id, PoolEntry.scheme_id, PoolEntry.choices)
        pool += (await session.execute(select(*columns).where(PoolEntry.application_id.in_(some)))).all()
    if institution_filter(caller) is not None:
        hosts: dict[str, str] = {}
        for some in _chunks({p for *_, choices in pool for p in choices or []}):
            query = select(Programme.id, Programme.host_institution_id).where(Programme.id.in_(some))
            hosts |= {programme: host for programme, host in await session.execute(query)}
        pool = [row for row in pool if sees_application(caller, row[2], [hosts.get(p) for p in row[3] or []])]
    applicant_of = {app: applicant for app, applicant, *_ in pool}
    people: dict[str, str] = {}
    for some in _chunks(set(applicant_of.values())):
        people |= await names_of(session, some)
    applicants = {app: people[applicant] for app, applicant in applicant_of.items() if people.get(applicant)}
    unnamed = [r for r in rows if not r.actor_name]
    staff = await staff_names(session, {r.actor for r in unnamed})
    actors: dict[int, str] = {}
    for r in unnamed:
        own = r.application_id and r.actor in (APPLICANT_ACTOR, applicant_of.get(r.application_id))
        if name := (applicants.get(r.application_id or "") if own else None) or staff.get(r.actor):
            actors[r.id or 0] = name
    # the rest: the same actor named on another entry of the same application
    others = {(r.application_id, r.actor) for r in unnamed if r.application_id and (r.id or 0) not in actors}
    for some in _chunks({app for app, _ in others if app}):
        within = set(some)
        found = await session.execute(
            select(JournalEntry.application_id, JournalEntry.actor, JournalEntry.actor_name).where(
                JournalEntry.application_id.in_(some),
                JournalEntry.actor.in_({actor for app, actor in others if app in within}),
                JournalEntry.actor_name != "",
            )
        )
        siblings = {(app, actor): name for app, actor, name in found if (app, actor) in others}
        for r in unnamed:
            if (r.id or 0) not in actors and (name := siblings.get((r.application_id, r.actor))):
                actors[r.id or 0] = name
    return JournalNames(actors, applicants)


async def journal_query(
    session: AsyncSession,
    caller: Principal,
    cycle_id: str | None,
    application_id: str | None,
    action: str | None = None,
) -> Select:
    """The journal entries the caller may read: one cycle's (403 outside the caller's
    schemes), one application's (404 unless the caller sees it and manages its scheme), or
    every entry of the schemes the caller manages."""
    query = select(JournalEntry)
    if cycle_id:
        await cycle_in_scope(session, caller, cycle_id)
        query = query.where(JournalEntry.cycle_id == cycle_id)
    if application_id:
        entry = await visible_entry(session, caller, application_id)
        if not manages_scheme(caller, entry.scheme_id):
            raise NotFound("pool.not_in_scope", "not in your scope", "application_id")
        query = query.where(JournalEntry.application_id == application_id)
    if action:
        query = query.where(JournalEntry.action == action)
    schemes = managed_schemes(caller)
    if schemes is not None:
        query = query.where(JournalEntry.scheme_id.in_(schemes))
    return query
