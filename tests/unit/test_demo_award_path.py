"""The demo `make run` loads has the award path (issue 14): SCO 2026 through the nominating
authorities with allocations below the demo pool, deadlines on the cycle, the PK–KZ exchange
through host admission, and log-ins for the nominators and the hosts' admissions office."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from services.applications.service.passwords import check_policy
from services.matching import demo as catalog
from shared.events.catalog import DIRECT_PATH, Stage
from tools import demo

NOW = datetime(2026, 11, 30, 12, 0)
SCHEMES = {s["id"]: s for s in catalog.SCHEMES}
CYCLES = {c["id"]: c for c in catalog.cycles(NOW)}
ORDER = list(Stage)


@pytest.mark.parametrize("scheme_id", list(SCHEMES))
def test_every_path_is_valid_stages_in_order(scheme_id):
    path = [Stage(s) for s in SCHEMES[scheme_id].get("path", [])]
    assert path == sorted(path, key=ORDER.index) and len(set(path)) == len(path)
    assert not path or set(DIRECT_PATH) <= set(path)


def test_sco_is_nominated_the_exchange_endorsed_and_admitted_and_luban_endorsed_as_a_cohort():
    assert SCHEMES["sco"]["path"] == [s.value for s in Stage if s != Stage.ENDORSEMENT]
    assert SCHEMES["pk-kz-med"]["path"] == ["endorsement", "matching", "review", "admission", "answer"]
    assert SCHEMES["luban-tj"]["path"] == ["endorsement", "matching", "review", "answer"]
    assert all(not SCHEMES[s].get("path") for s in SCHEMES if s not in ("sco", "pk-kz-med", "luban-tj"))
    authorities = SCHEMES["sco"]["authorities"]
    assert authorities["PK"] == "Higher Education Commission (HEC)"
    assert authorities["KZ"] == "Ministry of Science and Higher Education"
    # every sending country of the SCO cycle has its authority
    assert set(CYCLES["sco-2026"]["eligible_countries"]) <= set(authorities)
    assert all(k.isupper() and len(k) == 2 and 0 < len(v) <= 200 for k, v in authorities.items())


def allocation(cycle_id: str, country: str) -> int | None:
    """As the brief defines it: the smallest cap of the rules scoped only to sending countries."""
    caps = [
        r["max_count"]
        for r in catalog.QUOTA_RULES
        if r["cycle_id"] == cycle_id
        and "max_count" in r
        and (
            (set(r["scope"]) == {"sending_country"} and country in r["scope"]["sending_country"])
            or (not r["scope"] and r.get("per") == ["sending_country"])
        )
    ]
    return min(caps) if caps else None


def test_hec_and_the_ministry_have_fewer_places_than_demo_applicants_so_keep_a_reserve():
    per_country = demo.POOL_SIZE // len(demo.POOL_COUNTRIES)
    for country in ("PK", "KZ"):
        assert country in demo.POOL_COUNTRIES
        places = allocation("sco-2026", country)
        assert places is not None and 0 < places < per_country


def test_the_stage_deadlines_follow_the_application_window():
    sco = {k: datetime.fromisoformat(v) for k, v in CYCLES["sco-2026"].items() if k.endswith("_at")}
    assert sco["opens_at"] < sco["closes_at"] < sco["nomination_closes_at"] < sco["admission_closes_at"]
    med = CYCLES["pkkz-med-2026"]
    assert datetime.fromisoformat(med["admission_closes_at"]) > datetime.fromisoformat(med["closes_at"])
    assert "nomination_closes_at" not in med  # no nomination stage
    assert med["closes_at"] < med["endorsement_closes_at"] < med["admission_closes_at"]
    assert CYCLES["luban-tj-2026"]["endorsement_closes_at"] > CYCLES["luban-tj-2026"]["closes_at"]
    assert all("nomination_closes_at" not in c for cid, c in CYCLES.items() if cid != "sco-2026")


def test_the_award_path_log_ins_are_scoped_to_sco_and_pass_the_password_policy():
    assert (demo.HEC_NOMINATOR["countries"], demo.KZ_NOMINATOR["countries"]) == (["PK"], ["KZ"])
    assert demo.HEC_NOMINATOR["schemes"] == demo.KZ_NOMINATOR["schemes"] == ["sco"]
    assert demo.HOST_ADMISSIONS["role"] == "partner"
    sco_hosts = {p["host_institution_id"] for p in catalog.PROGRAMMES if p["cycle_id"] == "sco-2026"}
    assert set(demo.HOST_ADMISSIONS["institutions"]) == sco_hosts == {"lzu", "xju", "xjmu", "dlufl"}
    for body in (demo.OFFICER, *(b for _, b, _ in demo.AWARD_ACCOUNTS)):
        check_policy(body["password"], email=body["email"], name=body["name"])  # refused: raises
    emails = [b["email"] for b in (demo.OFFICER, demo.APPLICANT, *(b for _, b, _ in demo.AWARD_ACCOUNTS))]
    assert len(set(emails)) == len(emails)


def test_each_endorsement_pool_names_a_home_institution_of_its_country_and_its_cycles_programmes():
    institutions = {i["id"]: i for i in catalog.INSTITUTIONS}
    programmes = {p["id"]: p for p in catalog.PROGRAMMES}
    coordinators = {b["institutions"][0]: b for _, b, _ in demo.AWARD_ACCOUNTS if b["role"] == "coordinator"}
    for cycle, home, country, choices, names in demo.ENDORSEMENT_POOLS:
        assert institutions[home]["country"] == country and names
        assert all(programmes[p]["cycle_id"] == cycle for p in choices)
        scheme = CYCLES[cycle]["scheme_id"]
        assert "endorsement" in SCHEMES[scheme]["path"] and country in SCHEMES[scheme]["eligible_countries"]
        assert coordinators[home]["schemes"] == [scheme]  # its coordinator endorses them


def test_the_exchange_has_a_host_log_in_for_the_programmes_its_endorsed_students_choose():
    hosts = {
        b["institutions"][0] for label, b, _ in demo.AWARD_ACCOUNTS if label == "host" and b is not demo.HOST_ADMISSIONS
    }
    programmes = {p["id"]: p for p in catalog.PROGRAMMES}
    for cycle, _home, _country, choices, _names in demo.ENDORSEMENT_POOLS:
        if cycle == "pkkz-med-2026":  # the exchange's hosts admit; the Luban path has no admission stage
            assert {programmes[p]["host_institution_id"] for p in choices} <= hosts


def test_every_university_of_the_exchange_has_a_coordinator_and_every_host_an_admissions_log_in():
    exchange = {p["host_institution_id"] for p in catalog.PROGRAMMES if p["cycle_id"] == "pkkz-med-2026"}
    by_role: dict[str, set[str]] = {"coordinator": set(), "partner": set()}
    for _label, body, _what in demo.AWARD_ACCOUNTS:
        if body["role"] in by_role and body.get("schemes", ["pk-kz-med"]) != ["sco"]:
            by_role[body["role"]] |= set(body["institutions"])
    # each exchange university sends (its coordinator endorses) and hosts (its office admits)
    assert exchange <= by_role["partner"]
    assert exchange <= by_role["coordinator"]  # Dow's applicants too, not only KEMU's


def test_numbers_joined_by_a_sign_in_urdu_names_keep_their_order():
    """Between Urdu letters "3+2" read "2+3" (the digits take the right-to-left direction and
    the plus sign between them follows): each such number is isolated left to right."""
    tables = (catalog.INSTITUTION_NAMES, catalog.SCHEME_NAMES, catalog.AUTHORITY_NAMES, catalog.CYCLE_NAMES)
    urdu = [names["ur"] for table in (*tables, catalog.PROGRAMME_TITLES) for names in table.values() if "ur" in names]
    joined = [(name, m) for name in urdu for m in re.finditer(r"\d+[+\-×]\d+", name)]
    assert joined, "the demo has such a name (XJMU's 3+2 track)"
    for name, m in joined:
        assert name[m.start() - 1] == "\u2066" and name[m.end()] == "\u2069", name


def test_every_host_of_the_demo_has_a_log_in_that_issues_its_papers():
    """A CPEC applicant who accepted was promised an admission letter no account could issue."""
    covered = {
        i for _label, body, _what in demo.AWARD_ACCOUNTS if body["role"] == "partner" for i in body["institutions"]
    }
    assert {p["host_institution_id"] for p in catalog.PROGRAMMES} <= covered
