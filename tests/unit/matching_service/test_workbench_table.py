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
