"""Every list a matching request carries is bounded (issue 13, item 6): 500,000 scope
values or a million eligible countries are refused at once, before any item is checked;
what real use needs still passes."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from pydantic import BaseModel, ValidationError

from services.matching.api import schemas
from services.matching.api.schemas import CycleIn, ProgrammeIn, QuotaRuleIn, ReviewIn, SchemeIn
from shared.countries import ISO_3166_ALPHA2

NOW = datetime(2026, 1, 1, tzinfo=UTC).isoformat()
# a real "all countries" list: ISO 3166-1's 249 codes (Kosovo's XK left out)
ALL_COUNTRIES = sorted(ISO_3166_ALPHA2 - {"XK"})


def rule(**over) -> dict:
    return {"id": "r1", "cycle_id": "c1", "label": "a cap", "max_count": 3, **over}


def cycle(**over) -> dict:
    return {"id": "c1", "scheme_id": "s1", "name": "Cycle", "opens_at": NOW, "closes_at": NOW, **over}


def programme(**over) -> dict:
    return {
        "id": "p1", "cycle_id": "c1", "host_institution_id": "h1", "title": "Programme", "field": "engineering",
        "level": "master", "language": "zh", "seats": 1, **over,
    }  # fmt: skip


def refused(model: type[BaseModel], body: dict) -> tuple[tuple, str, float]:
    began = time.perf_counter()
    with pytest.raises(ValidationError) as exc:
        model.model_validate(body)
    took = time.perf_counter() - began
    error = exc.value.errors(include_input=False)[0]
    return error["loc"], error["type"], took


@pytest.mark.parametrize(
    ("model", "body", "loc"),
    [
        (QuotaRuleIn, rule(scope={"sending_country": ["KZ"] * 500_000}), ("scope", "sending_country")),
        (QuotaRuleIn, rule(scope={f"dim{i}": ["KZ"] for i in range(100_000)}), ("scope",)),
        (QuotaRuleIn, rule(scope={"programme": ["p" * 1_000_000]}), ("scope", "programme", 0)),
        (QuotaRuleIn, rule(per=["sending_country"] * 100_000), ("per",)),
        (SchemeIn, {"id": "s1", "name": "Scheme", "sponsor": "CSC", "eligible_countries": ["KZ"] * 1_000_000}, None),
        (CycleIn, cycle(eligible_countries=["KZ"] * 1_000_000), ("eligible_countries",)),
        (CycleIn, cycle(score_weights={f"w{i}": 1.0 for i in range(100_000)}), ("score_weights",)),
        (
            ProgrammeIn,
            programme(requirements={"required_documents": ["passport"] * 1_000_000}),
            ("requirements", "required_documents"),
        ),
        (ReviewIn, {"decisions": [{"match_id": "m", "decision": "approve"}] * 100_000}, ("decisions",)),
    ],
)
def test_a_huge_list_is_refused_at_once(model, body, loc):
    where, kind, took = refused(model, body)
    assert where == (loc or ("eligible_countries",)) and kind in ("too_long", "string_too_long")
    assert took < 0.5, f"{took:.2f} s"


def test_the_bounds_fit_real_use():
    values = [f"prog-{i}" for i in range(schemas.MAX_SCOPE_VALUES)]
    assert len(QuotaRuleIn.model_validate(rule(scope={"programme": values, "sending_country": ["KZ"]})).scope) == 2
    assert (
        len(
            SchemeIn.model_validate(
                {"id": "s1", "name": "Scheme", "sponsor": "CSC", "eligible_countries": ALL_COUNTRIES}
            ).eligible_countries
        )
        == 249
    )
    assert len(CycleIn.model_validate(cycle(eligible_countries=ALL_COUNTRIES)).eligible_countries) == 249
    where, _, _ = refused(QuotaRuleIn, rule(scope={"programme": [*values, "one-more"]}))
    assert where == ("scope", "programme")


def test_the_bounds_are_in_the_openapi_schemas():
    scope = QuotaRuleIn.model_json_schema()["properties"]["scope"]
    assert scope["maxProperties"] == 7 and scope["additionalProperties"]["maxItems"] == schemas.MAX_SCOPE_VALUES
    assert CycleIn.model_json_schema()["properties"]["eligible_countries"]["maxItems"] == schemas.MAX_COUNTRIES


@pytest.mark.parametrize(
    ("model", "body", "loc"),
    [
        # misspelt: admission_closes_at, offer_reply_days
        (CycleIn, cycle(admission_close_at=NOW), ("admission_close_at",)),
        (CycleIn, cycle(offer_reply_day=30), ("offer_reply_day",)),
        (SchemeIn, {"id": "s1", "name": "Scheme", "sponsor": "CSC", "authority": {"KZ": "MSHE"}}, ("authority",)),
        (schemas.RoundIn, {"seeed": 5}, ("seeed",)),
        (ProgrammeIn, programme(requirements={"min_grades": 70}), ("requirements", "min_grades")),
    ],
)
def test_a_field_the_request_does_not_know_is_refused_not_dropped(model, body, loc):
    """A PUT replaces the whole record: a misspelt field was dropped and the value it meant to
    set went back to its default, with a 200 and no word (the applications service refused
    the same mistake with a 422)."""
    where, kind, _took = refused(model, body)
    assert (where, kind) == (loc, "extra_forbidden")


def test_a_saved_record_is_answered_whatever_else_its_row_holds():
    """The answers derive from the request bodies but are built from whole stored rows: their
    other columns are left out, not refused."""
    from services.matching.api.schemas import ProgrammeOut

    stored = {"min_grade": 70, "older_key": 1, "letters": {"count": 1, "x": 2}}
    out = ProgrammeOut.model_validate(programme(scheme_id="s1", host_country="CN", created_at=NOW, requirements=stored))
    assert out.requirements.min_grade == 70 and out.requirements.letters.count == 1


@pytest.mark.parametrize(
    ("model", "body", "loc"),
    [
        (
            schemas.SlotsIn,
            {"slots": [{"starts_at": "2027-01-01T10:00:00", "time_zone": "Asia/Shanghai", "place": "x"}] * 201},
            ("slots",),
        ),
        (schemas.ScoresheetIn, {"criteria": [{"key": "a", "label": "A", "weight": 1}] * 21}, ("criteria",)),
        (schemas.ScoresIn, {"scores": {f"c{i}": 1.0 for i in range(21)}}, ("scores",)),
        (schemas.InviteIn, {"application_ids": ["a"] * (schemas.MAX_INVITES + 1)}, ("application_ids",)),
    ],
)
def test_every_bounded_list_is_bounded_where_it_was_declared_unstarred(model, body, loc):
    """Four bounds were written Annotated[list[...], _at_most(n)] (the tuple, not its parts):
    pydantic ignored them, and 8,000 interview slots went in one request."""
    where, kind, _took = refused(model, body)
    assert (where, kind) == (loc, "too_long")


def test_a_records_answer_sent_back_as_a_put_is_accepted():
    """Read, change, write: the answer's own keys (the id, the warnings; a programme's scheme
    and host country) change nothing and are not refused; a key of neither still is."""
    from services.matching.api.schemas import CycleFields, ProgrammeFields

    answer = {**cycle(), "warnings": [{"field": "x", "reason": "y", "code": "z", "severity": "warning"}]}
    assert CycleFields.model_validate(answer).name == "Cycle"
    answered = programme(scheme_id="s1", host_country="CN", warnings=[])
    assert ProgrammeFields.model_validate(answered).seats == 1
    assert refused(CycleFields, {**answer, "offer_reply_day": 3})[:2] == (("offer_reply_day",), "extra_forbidden")
    assert CycleIn.model_validate(cycle()).id == "c1"  # a POST's id is its own field, kept


def test_an_invited_application_id_is_bounded_so_a_refusal_does_not_echo_half_a_megabyte():
    """A 500,000-character id was looked up and its 404 named it whole."""
    where, kind, _took = refused(schemas.InviteIn, {"application_ids": ["a" * 500_000]})
    assert (where, kind) == (("application_ids", 0), "string_too_long")


_PROGRAMME = {
    "id": "prog-1",
    "cycle_id": "sco-2026",
    "host_institution_id": "xju",
    "title": "Law",
    "field": "law",
    "level": "master",
    "language": "en",
    "seats": 1,
}


@pytest.mark.parametrize(
    "model,body,field,code",
    [
        # a lone surrogate (valid in JSON, no text) reached the database: a 500, the connection reset
        ("SavedFilterIn", {"name": "x\ud800y"}, "name", "string_unicode"),
        ("SavedFilterIn", {"name": "Ali\u202egnp.exe"}, "name", "direction_controls"),
        ("ConflictIn", {"reason": "Ali\u202egnp.exe"}, "reason", "direction_controls"),
        ("InstitutionIn", {"id": "xju", "name": "Ali\u202egnp", "country": "PK"}, "name", "direction_controls"),
        ("InstitutionIn", {"id": "xju", "name": "\u200b\u200b\u200b", "country": "PK"}, "name", "invisible"),
        ("SchemeIn", {"id": "sco", "name": "SCO", "sponsor": "A\nB"}, "sponsor", "control_characters"),
        # a programme's field and language, a quota rule's label: shown to applicants and officers
        ("ProgrammeIn", {**_PROGRAMME, "field": "law\u202egnp"}, "field", "direction_controls"),
        ("ProgrammeIn", {**_PROGRAMME, "language": "\u202een"}, "language", "direction_controls"),
        ("CriterionIn", {"key": "plan", "label": "Plan\u202egnp", "weight": 1}, "label", "direction_controls"),
        (
            "SlotIn",
            {"starts_at": "2026-12-03T10:00", "time_zone": "Asia/Shanghai", "place": "Room\u202e12"},
            "place",
            "direction_controls",
        ),
        (
            "QuotaRuleIn",
            {"id": "rule-1", "cycle_id": "sco-2026", "label": "KZ\u202e40%", "max_count": 3},
            "label",
            "direction_controls",
        ),
    ],
)
def test_text_others_read_is_refused_by_field_when_it_is_no_text_or_turned(model, body, field, code):
    from services.matching.api import workbench_schemas

    cls = getattr(schemas, model, None) or getattr(workbench_schemas, model)
    with pytest.raises(ValidationError) as refused:
        cls.model_validate(body)
    assert [(e["loc"][0], e["type"]) for e in refused.value.errors()] == [(field, code)]
