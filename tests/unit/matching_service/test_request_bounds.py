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
            {
                "id": "p1",
                "cycle_id": "c1",
                "host_institution_id": "h1",
                "title": "Programme",
                "field": "engineering",
                "level": "master",
                "language": "zh",
                "seats": 1,
                "requirements": {"required_documents": ["passport"] * 1_000_000},
            },
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
