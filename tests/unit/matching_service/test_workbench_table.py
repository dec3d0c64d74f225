"""The officer's application table through the service layer: each row carries the home
institution's endorsement and the cohort it endorsed with (matching's Endorsement table)."""

from __future__ import annotations

from services.matching.models import Endorsement
from services.matching.service import workbench
from shared.paging import Paging

from .conftest import ADMIN, CYCLE, officer, seed_cycle


async def _rows(db, caller) -> dict[str, workbench.TableRow]:
    async with db.session() as s:
        _cycle, rows, total = await workbench.table_page(
            s, caller, CYCLE, workbench.TableFilters(), "name", False, Paging(offset=0, limit=50)
        )
    assert total == len(rows)
    return {r.entry.application_id: r for r in rows}


async def test_each_row_carries_the_endorsement_and_its_cohort(db):
    await seed_cycle(db)
    async with db.session() as s, s.begin():
        s.add(Endorsement(application_id="a1", cycle_id=CYCLE, home_institution_id="kemu", state="endorsed",
                          cohort="Luban Rail 2026", decided_by="c-kemu"))  # fmt: skip
        s.add(Endorsement(application_id="a2", cycle_id=CYCLE, home_institution_id="kemu", state="not_endorsed",
                          reason="transcript missing", decided_by="c-kemu"))  # fmt: skip
    rows = await _rows(db, ADMIN)
    assert (rows["a1"].endorsement, rows["a1"].cohort) == ("endorsed", "Luban Rail 2026")
    assert (rows["a2"].endorsement, rows["a2"].cohort) == ("not_endorsed", None)
    assert (rows["a3"].endorsement, rows["a3"].cohort) == (None, None)
    # one row per application still (the endorsement is joined, not multiplied), in scope
    assert sorted(rows) == ["a1", "a2", "a3", "a4", "a5"]
    scoped = await _rows(db, officer(schemes=["sco"], institutions=["xju"]))
    assert sorted(scoped) == ["a1", "a2", "a3", "a4"] and scoped["a1"].cohort == "Luban Rail 2026"


async def test_a_nominee_reads_nominated_where_the_application_page_said_so(db):
    """The table said "submitted" for a nominee on a published list while the application's
    page said "nominated"; a draft's nomination (version 0) is nobody's yet."""
    from services.matching.models import Nomination

    await seed_cycle(db)
    async with db.session() as s, s.begin():
        for app, state, version in (("a1", "nominated", 1), ("a2", "reserve", 1), ("a3", "not_nominated", 1),
                                    ("a4", "nominated", 0)):  # fmt: skip
            s.add(Nomination(application_id=app, cycle_id=CYCLE, sending_country="KZ", state=state,
                             version=version, decided_by="hec"))  # fmt: skip
    rows = await _rows(db, ADMIN)
    shown = {a: r.status for a, r in rows.items()}
    assert shown == {"a1": "nominated", "a2": "reserve", "a3": "not_nominated", "a4": "submitted", "a5": "submitted"}
    async with db.session() as s:
        _cycle, only, total = await workbench.table_page(
            s, ADMIN, CYCLE, workbench.TableFilters(statuses=("nominated",)), "name", False, Paging(offset=0, limit=50)
        )
    assert [r.entry.application_id for r in only] == ["a1"] and total == 1


async def test_a_withdrawn_nomination_reads_withdrawn_and_a_hosts_rejection_stays_said(db):
    """An officer read a nominee the authority withdrew as "not nominated" (never on the list),
    and one the host's rejection took off the list the same once a later round had run."""
    from datetime import timedelta

    from services.matching.models import Match, Nomination, Round
    from shared.clock import utcnow

    await seed_cycle(db)
    now = utcnow()
    async with db.session() as s, s.begin():
        for app in ("a1", "a2", "a3"):
            state = "not_nominated" if app == "a3" else "withdrawn"
            s.add(Nomination(application_id=app, cycle_id=CYCLE, sending_country="KZ", state=state,
                             version=2, decided_by="hec"))  # fmt: skip
        s.add(Match(id="m2", round_id="r1", cycle_id=CYCLE, scheme_id="sco", application_id="a2",
                    applicant_id="stu-a2", programme_id="pe", host_institution_id="xju", rank=1,
                    status="host_rejected", updated_at=now - timedelta(days=2)))  # fmt: skip
        # a later round began after the host's rejection
        s.add(Round(id="r2", cycle_id=CYCLE, number=2, status="completed", seed=1, started_by="o",
                    started_at=now - timedelta(days=1), finished_at=now - timedelta(days=1)))  # fmt: skip
    shown = {a: r.status for a, r in (await _rows(db, ADMIN)).items()}
    assert (shown["a1"], shown["a2"], shown["a3"]) == ("nomination_withdrawn", "host_rejected", "not_nominated")
    async with db.session() as s:
        _cycle, only, _total = await workbench.table_page(
            s, ADMIN, CYCLE, workbench.TableFilters(statuses=("nomination_withdrawn",)), "name", False,
            Paging(offset=0, limit=50),
        )  # fmt: skip
    assert [r.entry.application_id for r in only] == ["a1"]
