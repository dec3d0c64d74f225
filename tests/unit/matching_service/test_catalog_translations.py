"""The catalog's names in other languages: what a request may give, what is stored and what the
catalog events carry, and a host's new name reaching its programmes' events."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from services.matching.api.schemas import InstitutionFields, InstitutionOut, ProgrammeIn, SchemeIn, saved
from services.matching.service import catalog

from .conftest import ADMIN, CYCLE, seed_cycle, staged_events

LZU = {"zh": "兰州大学", "ru": "Ланьчжоуский университет", "ur": "لانژو یونیورسٹی"}


def _programme(**extra) -> dict:
    return ProgrammeIn.model_validate(_body(**extra)).model_dump()


def _body(**extra) -> dict:
    return {
        "id": "econ",
        "cycle_id": CYCLE,
        "host_institution_id": "lzu",
        "title": "Economics (MA)",
        "field": "economics",
        "level": "master",
        "language": "zh",
        "seats": 3,
        **extra,
    }


def _refusal(model, body: dict) -> list[tuple[tuple, str]]:
    with pytest.raises(ValidationError) as refused:
        model.model_validate(body)
    return [(e["loc"], e["type"]) for e in refused.value.errors()]


async def test_a_programme_event_carries_its_title_and_its_hosts_name_in_other_languages(db):
    await seed_cycle(db)
    async with db.session() as s, s.begin():
        host = InstitutionFields(name="Lanzhou University", country="CN", translations=LZU).model_dump()
        await catalog.update_institution(s, "/test", ADMIN, "lzu", host)
        title = {"zh": "经济学（硕士）", "ru": "Экономика (магистратура)"}
        row, _ = await catalog.create_programme(s, "/test", ADMIN, _programme(translations=title))
        assert (
            saved(InstitutionOut, *await catalog.update_institution(s, "/test", ADMIN, "lzu", host)).translations == LZU
        )
    assert row.translations == title
    published = [data for kind, data in await staged_events(db) if kind == "upserted" and data.get("title")]
    assert published[-1]["translations"] == title
    assert published[-1]["host_institution_translations"] == LZU


async def test_a_hosts_new_name_is_published_with_each_of_its_programmes(db):
    """A programme's event carries its host's name: renaming the host, or giving its name in
    another language, publishes the host's programmes again (a country change always did)."""
    await seed_cycle(db)
    async with db.session() as s, s.begin():
        host = InstitutionFields(name="Lanzhou University", country="CN", translations={"zh": "兰州大学"}).model_dump()
        await catalog.update_institution(s, "/test", ADMIN, "lzu", host)
    programmes = [
        data for kind, data in await staged_events(db) if kind == "upserted" and data.get("host_institution_id")
    ]
    assert {p["programme_id"] for p in programmes} == {"ir", "med"}  # lzu's, not xju's pe
    assert all(p["host_institution_translations"] == {"zh": "兰州大学"} for p in programmes)
    before = len(await staged_events(db))
    async with db.session() as s, s.begin():  # the same values again: nothing the programmes carry changed
        await catalog.update_institution(s, "/test", ADMIN, "lzu", host)
    assert len(await staged_events(db)) == before + 1  # the institution's event only


def test_a_translation_is_keyed_by_a_language_the_catalog_knows():
    assert _refusal(ProgrammeIn, _body(translations={"cn": "经济学"})) == [
        (("translations", "cn", "[key]"), "literal_error")
    ]


def test_a_translation_shows_something_and_hides_no_direction_override():
    refused = _refusal(ProgrammeIn, _body(translations={"zh": "\u200b ", "ur": "\u202eمعاشیات", "ru": "Эко\x00номика"}))
    assert sorted(refused) == [
        (("translations", "ru"), "control_characters"),
        (("translations", "ur"), "direction_controls"),
        (("translations", "zh"), "invisible"),
    ]
    kept = ProgrammeIn.model_validate(_body(translations={"ru": "  Экономика  "}))
    assert kept.translations == {"ru": "Экономика"}


def test_an_authoritys_translated_name_belongs_to_a_country_with_an_authority():
    body = {"id": "sco", "name": "SCO Scholarship", "sponsor": "CSC", "authorities": {"PK": "HEC"}}
    named = SchemeIn.model_validate({**body, "authority_translations": {"PK": {"ur": "ہائر ایجوکیشن کمیشن"}}})
    assert named.authority_translations == {"PK": {"ur": "ہائر ایجوکیشن کمیشن"}}
    refused = _refusal(SchemeIn, {**body, "authority_translations": {"KZ": {"ru": "Министерство"}}})
    assert refused == [(("authority_translations",), "authority_unknown")]
    # authorities refused themselves: their error alone, not a second one for every country
    bad = {**body, "authorities": {"XX": "HEC"}, "authority_translations": {"XX": {"ur": "ایچ ای سی"}}}
    assert [loc for loc, _type in _refusal(SchemeIn, bad)] == [("authorities",)]
