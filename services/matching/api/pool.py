"""The pool: each cycle's submitted applications, and the officers' interview and
committee scores that set their priority."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import StringConstraints

from services.matching.api.schemas import PoolEntryOut, ScoreIn
from services.matching.api.workbench_schemas import PRINTABLE, ApplicationIdIn, WorkbenchRowOut, WorkbenchSort
from services.matching.domain.scoring import COMPONENTS, priority_score
from services.matching.domain.statuses import PoolStatus
from services.matching.models import Cycle, PoolEntry
from services.matching.service import committee, pool, rounds, workbench
from shared.api import DbSession, PageParams, Transaction
from shared.auth import Staff
from shared.paging import Page, fetch_page

router = APIRouter(tags=["pool"])


def entry_out(
    e: PoolEntry,
    weights: dict | None,
    hidden: set[str] | frozenset[str] = frozenset(),
    name: str = "",
    components: tuple[str, ...] = COMPONENTS,
) -> PoolEntryOut:
    """``hidden``: applications the caller reviews without having submitted (their committee
    score is the other reviewers' composite, withheld until then); ``components``: what a round
    now would rank by (``rounds.readiness``), so the priority shown is the one it would use."""
    committee_score = None if e.application_id in hidden else e.committee_score
    return PoolEntryOut(
        **e.model_dump(exclude={"language_certificates", "committee_score"}),
        committee_score=committee_score,
        language_certificates=list(e.language_certificates or []),
        priority_score=priority_score(e.grade, e.interview_score, committee_score, weights, components),
        committee_hidden=e.application_id in hidden,
        applicant_name=name,
    )


@router.get("/cycles/{cycle_id}/pool", response_model=Page[PoolEntryOut])
async def list_pool(
    cycle_id: str,
    session: DbSession,
    paging: PageParams,
    caller: Staff,
    status: PoolStatus | None = None,
    sending_country: str | None = None,
    endorsed: bool = False,
):
    """The cycle's entries the caller sees (an institution-scoped officer: those naming a
    programme hosted at one of their institutions); ``endorsed``: under an endorsement stage,
    only those their home institution endorsed (a round places no other)."""
    cycle = await pool.cycle_for_pool(session, caller, cycle_id)
    query = await pool.pool_query(session, caller, cycle, status, sending_country, endorsed)
    rows, total = await fetch_page(session, query, PoolEntry.received_at, PoolEntry.application_id, paging=paging)
    hidden = await committee.scores_hidden_from(session, caller)
    names = await committee.names_of(session, [r.applicant_id for r in rows])
    components = (await rounds.readiness(session, cycle)).components
    return Page.of(
        [entry_out(r, cycle.score_weights, hidden, names.get(r.applicant_id, ""), components) for r in rows],
        total,
        paging,
    )


@router.put("/cycles/{cycle_id}/pool/{application_id}/score", response_model=PoolEntryOut)
async def score_application(cycle_id: str, application_id: str, body: ScoreIn, session: Transaction, caller: Staff):
    """Set the interview and committee scores by hand (null clears one); the priority
    follows. Kept next to the scoresheets: a review submitted later recomputes the committee
    score from the reviewers' composite (the interview score stays as set here)."""
    entry, cycle = await pool.score(
        session, caller, cycle_id, application_id, body.interview_score, body.committee_score
    )
    await session.flush()  # the new scores count in what a round would rank by
    return entry_out(entry, cycle.score_weights, components=(await rounds.readiness(session, cycle)).components)


@router.get("/pool/applications/{application_id}", response_model=PoolEntryOut)
async def get_pool_entry(application_id: str, session: DbSession, caller: Staff):
    """One application's pool entry: 404 when it is in no pool or not in the caller's scope."""
    entry = await pool.visible_entry(session, caller, application_id)
    cycle = await session.get(Cycle, entry.cycle_id)
    hidden = await committee.scores_hidden_from(session, caller)
    if cycle is None:
        return entry_out(entry, None, hidden)
    return entry_out(entry, cycle.score_weights, hidden, components=(await rounds.readiness(session, cycle)).components)


@router.get("/cycles/{cycle_id}/applications", response_model=Page[WorkbenchRowOut])
async def application_table(
    cycle_id: str,
    session: DbSession,
    paging: PageParams,
    caller: Staff,
    sort: WorkbenchSort = WorkbenchSort.NAME,
    order: Literal["asc", "desc"] = "asc",
    status: Annotated[
        list[Annotated[str, StringConstraints(max_length=32, pattern=r"^[a-z_]+$")]] | None,
        Query(max_length=20, description="only rows of these statuses (the parameter repeated: any of them)"),
    ] = None,
    sending_country: Annotated[str | None, Query(pattern=r"^[A-Z]{2}$")] = None,
    q: Annotated[str | None, Query(max_length=100, pattern=PRINTABLE)] = None,
    application_id: Annotated[list[ApplicationIdIn] | None, Query(max_length=500)] = None,
    flag: Annotated[
        Literal["documents_rejected"] | None,
        Query(description="only the rows with this flag: documents_rejected (a rejected document not yet replaced)"),
    ] = None,
    endorsed: Annotated[
        bool, Query(description="under an endorsement stage, only those their home institution endorsed")
    ] = False,
    invited: Annotated[
        bool | None, Query(description="only those invited to an interview (true) or not yet invited (false)")
    ] = None,
):
    """The officer workbench's table of a cycle: the applications the caller sees (as the
    pool), with name, country, home institution, choices, status (the live match's; else the
    pool's end, ``not_endorsed``, ``not_nominated``, ``nomination_withdrawn`` or ``reserve``, the latest of a ``rejected`` or
    ``host_rejected`` match and the last round's ``waitlisted`` or ``unmatched``; else
    ``submitted``), rejected documents, committee score and flags; sorted by any column (ties by
    application id), filtered by status and country, searched by name or id, narrowed to the
    ``application_id``s given (the rows an officer selected), paged."""
    filters = workbench.TableFilters(
        statuses=tuple(dict.fromkeys(status or ())),
        country=sending_country,
        search=q,
        application_ids=tuple(application_id or ()),
        documents_rejected=flag == "documents_rejected",
        endorsed=endorsed,
        invited=invited,
    )
    cycle, rows, total = await workbench.table_page(
        session, caller, cycle_id, filters, sort.value, order == "desc", paging
    )
    components = (await rounds.readiness(session, cycle)).components  # as a round now would rank
    items = [
        WorkbenchRowOut(
            application_id=r.entry.application_id,
            applicant_id=r.entry.applicant_id,
            applicant_name=r.name,
            passport_name=r.passport_name,
            sending_country=r.entry.sending_country,
            home_institution=r.home_institution,
            choices=list(r.entry.choices),
            status=r.status,
            programme_id=r.programme_id,
            documents_rejected=list(r.documents_rejected),
            grade=r.entry.grade,
            committee_score=None if r.committee_hidden else r.entry.committee_score,
            committee_hidden=r.committee_hidden,
            reviews_submitted=r.reviews_submitted,
            spread=r.spread,
            flags=list(r.flags),
            received_at=r.entry.received_at,
            endorsement=r.endorsement,
            endorsement_cohort=r.cohort,
            priority_score=priority_score(
                r.entry.grade,
                r.entry.interview_score,
                None if r.committee_hidden else r.entry.committee_score,
                cycle.score_weights,
                components,
            ),
        )
        for r in rows
    ]
    return Page.of(items, total, paging)
