"""The journal names the staff behind an entry written with an account id alone (a round's
start, a host's rejection taking a nominee off its list): the officers' journal showed ids."""

from __future__ import annotations

from sqlalchemy import select

from services.matching.api.journal import _actor_names, _out
from services.matching.domain.journal import Action
from services.matching.models import JournalEntry, StaffAccount
from services.matching.service import journal


async def test_an_entry_without_a_name_reads_its_accounts_name(db):
    async with db.session() as s, s.begin():
        s.add(StaffAccount(account_id="acc-dana", role="officer", name="Dana Officer"))
        journal.record(s, "acc-dana", Action.ROUND_STARTED, subject="round:r1", scheme_id="sco", cycle_id="c1")
        journal.record(s, "acc-gone", Action.ROUND_STARTED, subject="round:r2", scheme_id="sco", cycle_id="c1")
    async with db.session() as s:
        rows = list((await s.scalars(select(JournalEntry).order_by(JournalEntry.id))).all())
        names = await _actor_names(s, rows)
    shown = [(e.actor, e.actor_name) for e in (_out(r, False, names) for r in rows)]
    assert shown == [("acc-dana", "Dana Officer"), ("acc-gone", "")]  # an unknown account keeps its id
