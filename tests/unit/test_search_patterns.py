"""A search in the embedded database (SQLite, ``make run``) finds names in every script, as
PostgreSQL does: SQLite's own lower() folded ASCII only, so an officer's search for "Айгуль"
missed Айгуль Сейткали. What is typed is found as typed: ``%`` and ``_`` are not wildcards."""

from __future__ import annotations

import pytest
from sqlalchemy import Column, MetaData, String, Table, func, insert, select

from shared.db import contains, make_engine

PEOPLE = Table("people", MetaData(), Column("name", String))
NAMES = ["Айгуль Сейткали", "ÇAĞLA Öztürk", "Ali Raza", "Ayesha Khan", "50% grant_holder", "Ali_Raza"]


@pytest.mark.parametrize(
    "typed, found",
    [
        ("Айгуль", ["Айгуль Сейткали"]),
        ("сейткали", ["Айгуль Сейткали"]),
        ("ÖZTÜRK", ["ÇAĞLA Öztürk"]),
        ("ali", ["Ali Raza", "Ali_Raza"]),
        ("ali_", ["Ali_Raza"]),  # not "one character after ali"
        ("50%", ["50% grant_holder"]),  # not "50, then anything"
        ("%", ["50% grant_holder"]),
    ],
)
async def test_a_search_finds_names_in_every_script_and_takes_wildcards_as_typed(typed, found):
    engine = make_engine("sqlite+aiosqlite:///:memory:")
    try:
        async with engine.begin() as conn:
            await conn.run_sync(PEOPLE.metadata.create_all)
            await conn.execute(insert(PEOPLE), [{"name": n} for n in NAMES])
            rows = await conn.execute(
                select(PEOPLE.c.name).where(func.lower(PEOPLE.c.name).like(contains(typed), escape="\\"))
            )
            assert sorted(r.name for r in rows) == sorted(found)
    finally:
        await engine.dispose()
