"""Quota rules are read only within the caller's schemes (issue 13, item 6): one rule and a
cycle's list need manages_scheme on the rule's cycle's scheme; a list without a cycle shows
only the rules of the schemes the caller manages."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.matching.models import Cycle, QuotaRule, Scheme
from services.matching.service import catalog
from shared.clock import utcnow
from shared.errors import Forbidden
from shared.paging import Paging, fetch_page

from .conftest import ADMIN, CYCLE, officer, seed_cycle

SCO = officer("o-sco", schemes=["sco"])
CPEC = officer("o-cpec", schemes=["cpec"])
HOST_ONLY = officer("o-lzu", institutions=["lzu"])  # programmes at LZU, nothing scheme-wide
UNSCOPED = officer("o-all")


@pytest.fixture
async def two_schemes(db):
    """sco (rule kz, from the seed) and cpec (rule pk)."""
    await seed_cycle(db)
    now = utcnow()
    async with db.session() as s, s.begin():
        s.add(Scheme(id="cpec", name="CPEC", sponsor="CSC", eligible_countries=["PK"]))
        s.add(
            Cycle(
                id="cpec-2026",
                scheme_id="cpec",
                name="CPEC 2026",
                opens_at=now - timedelta(days=1),
                closes_at=now + timedelta(days=1),
            )
        )
        s.add(QuotaRule(id="pk", cycle_id="cpec-2026", label="PK", scope={"sending_country": ["PK"]}, max_count=3))
    return db


async def _ids(db, caller, cycle_id=None) -> set[str]:
    async with db.session() as s:
        rows, total = await fetch_page(
            s, await catalog.quota_rules_query(s, caller, cycle_id), QuotaRule.id, paging=Paging(limit=500)
        )
    assert total == len(rows)
    return {r.id for r in rows}


@pytest.mark.parametrize(
    ("caller", "visible"),
    [(ADMIN, {"kz", "pk"}), (UNSCOPED, {"kz", "pk"}), (SCO, {"kz"}), (CPEC, {"pk"}), (HOST_ONLY, set())],
)
async def test_a_list_without_a_cycle_shows_the_rules_of_the_schemes_the_caller_manages(two_schemes, caller, visible):
    assert await _ids(two_schemes, caller) == visible


async def test_a_cycle_of_another_scheme_is_refused(two_schemes):
    assert await _ids(two_schemes, SCO, CYCLE) == {"kz"}
    assert await _ids(two_schemes, ADMIN, "cpec-2026") == {"pk"}
    for caller in (CPEC, HOST_ONLY):
        with pytest.raises(Forbidden) as refused:
            await _ids(two_schemes, caller, CYCLE)
        assert refused.value.code == "scope.outside" and refused.value.field == "cycle_id"
    assert await _ids(two_schemes, CPEC, "no-such-cycle") == set()


async def test_one_rule_only_for_an_officer_of_its_scheme(two_schemes):
    async with two_schemes.session() as s:
        for caller in (ADMIN, UNSCOPED, SCO):
            assert (await catalog.visible_quota_rule(s, caller, "kz")).id == "kz"
        for caller in (CPEC, HOST_ONLY):
            with pytest.raises(Forbidden) as refused:
                await catalog.visible_quota_rule(s, caller, "kz")
            assert refused.value.code == "scope.outside" and refused.value.field == "rule_id"


async def test_a_change_from_outside_the_rules_scheme_is_refused_by_scope_before_anything_else(two_schemes):
    # a move to another cycle was refused "cannot move" first, which told a stranger the rule existed
    values = {"cycle_id": "sco-2026", "label": "PK", "scope": {}, "per": [], "max_count": 1, "max_share_of_seats": None}
    async with two_schemes.session() as s, s.begin():
        with pytest.raises(Forbidden):
            await catalog.update_quota_rule(s, "/test", SCO, "pk", values)
