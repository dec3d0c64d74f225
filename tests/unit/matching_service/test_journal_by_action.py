"""The journal read for one action (GET /journal?action=): the portal shows a cycle's
scoresheet changes in each of its applications' journals."""

from __future__ import annotations

from services.matching.service import committee

from .conftest import CYCLE
from .test_committee import CHAIR, CRITERIA, _assign, ready  # noqa: F401 - ready is the fixture used below


async def test_a_cycles_journal_read_for_one_action(ready):  # noqa: F811 - the imported fixture
    async with ready.session() as s, s.begin():
        await committee.save_scoresheet(
            s,
            CHAIR,
            scheme_id="",
            cycle_id=CYCLE,
            criteria=CRITERIA,
            reviewers_per_application=1,
            spread_threshold=10,
            reason="cycle rules",
        )
    await _assign(ready)
    async with ready.session() as s:
        sheets = (await s.scalars(await committee.journal_query(s, CHAIR, CYCLE, None, "scoresheet.saved"))).all()
        assert [(e.action, e.application_id, e.reason) for e in sheets] == [("scoresheet.saved", None, "cycle rules")]
        everything = (await s.scalars(await committee.journal_query(s, CHAIR, CYCLE, None))).all()
        assert {e.action for e in everything} >= {"scoresheet.saved", "assignment.created"}
