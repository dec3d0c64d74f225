"""The journal names whoever an entry names by id: the staff behind an entry written with an
account id alone (a round's start), the applicant behind their own step (written "applicant"
before), a host by the name its other entry of the application has, and the applicants of the
applications an entry lists (a nomination list's nominees): the officers' journal showed ids."""

from __future__ import annotations

from sqlalchemy import select

from services.matching.api.journal import _out
from services.matching.domain.journal import Action, applications_named
from services.matching.models import ApplicantProfile, JournalEntry, StaffAccount
from services.matching.service import committee, journal
from shared.principal import Principal, Role

from .conftest import ADMIN, officer, seed_cycle


async def _shown(db, caller=ADMIN) -> list:
    async with db.session() as s:
        rows = list((await s.scalars(select(JournalEntry).order_by(JournalEntry.id))).all())
        names = await committee.journal_names(s, caller, rows)
    return [_out(r, False, names) for r in rows]


async def test_an_entry_without_a_name_reads_its_accounts_name(db):
    async with db.session() as s, s.begin():
        s.add(StaffAccount(account_id="acc-dana", role="officer", name="Dana Officer"))
        journal.record(s, "acc-dana", Action.ROUND_STARTED, subject="round:r1", scheme_id="sco", cycle_id="c1")
        journal.record(s, "acc-gone", Action.ROUND_STARTED, subject="round:r2", scheme_id="sco", cycle_id="c1")
    shown = [(e.actor, e.actor_name) for e in await _shown(db)]
    assert shown == [("acc-dana", "Dana Officer"), ("acc-gone", "")]  # an unknown account keeps its id


async def _pool(db) -> None:
    await seed_cycle(db)
    async with db.session() as s, s.begin():
        s.add(ApplicantProfile(applicant_id="stu-a1", name="Aigerim Bekova", nationality="KZ"))
        s.add(ApplicantProfile(applicant_id="stu-a2", name="Daniyar Serikov", nationality="KZ"))


async def test_an_applicants_own_step_and_a_hosts_are_named(db):
    """ "撤销推荐" showed "applicant" and a host's account id; the CSV had no actor name."""
    await _pool(db)
    host = Principal(sub="c94643ed-host", role=Role.PARTNER, name="LZU admissions")
    async with db.session() as s, s.begin():
        common = {"scheme_id": "sco", "cycle_id": "sco-2026"}
        journal.record(s, "applicant", Action.NOMINATION_WITHDRAWN, subject="nomination:a1", application_id="a1", **common)  # fmt: skip
        journal.record(s, host, Action.ADMISSION_DECIDED, subject="match:m2", application_id="a2", **common)
        journal.record(s, host.sub, Action.NOMINATION_WITHDRAWN, subject="nomination:a2", application_id="a2", **common)  # fmt: skip
        # another application's entry by a host without a name: still its id (nothing to go by)
        journal.record(s, "c94643ed-host", Action.NOMINATION_WITHDRAWN, subject="nomination:a3", application_id="a3", **common)  # fmt: skip
    shown = [(e.action, e.actor_name) for e in await _shown(db)]
    assert shown == [
        ("nomination.withdrawn", "Aigerim Bekova"),
        ("admission.decided", "LZU admissions"),
        ("nomination.withdrawn", "LZU admissions"),
        ("nomination.withdrawn", ""),
    ]


async def test_a_nomination_list_names_its_nominees_for_whoever_sees_them(db):
    await _pool(db)
    listed = {"nominees": ["a1"], "reserve": ["a2", "a9"], "nominated": 1}
    async with db.session() as s, s.begin():
        journal.record(s, "kz", Action.NOMINATIONS_PUBLISHED, subject="nomination_list:sco-2026:KZ", scheme_id="sco", cycle_id="sco-2026", after=listed)  # fmt: skip
    (entry,) = await _shown(db)
    # a9 is in no pool: no name, its id stays in "after"
    assert entry.applicants == {"a1": "Aigerim Bekova", "a2": "Daniyar Serikov"}
    assert entry.after == listed
    # an officer scoped to a host institution none of them chose (a1, a2 choose ir and pe, at
    # lzu and xju): no names
    (entry,) = await _shown(db, officer("o", schemes=["sco"], institutions=["elsewhere"]))
    assert entry.applicants == {}
    (entry,) = await _shown(db, officer("o", schemes=["sco"], institutions=["lzu"]))
    assert set(entry.applicants) == {"a1", "a2"}


def test_the_applications_an_entry_names():
    assert applications_named("a1", None, {"state": "withdrawn", "promoted": "a2"}) == {"a1", "a2"}
    assert applications_named(None, {"nominees": ["a3"]}, {"nominees": ["a3", "a4"], "reserve": []}) == {"a3", "a4"}
    assert applications_named(None, {"nominees": "not a list of ids", "told": 3}) == {"not a list of ids"}
    assert applications_named(None, None, None) == set()
