"""JSON columns' text (shared/jsontext.py): orjson's where it stores the same value, the standard
library's elsewhere; the same values read back, through a real engine's JSON column."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import JSON, Column, Integer, MetaData, Table, insert, select

from shared.db import Database
from shared.jsontext import json_text

VALUES = [
    {"name": "Айгерим Нурланқызы", "reasons": [{"programme_id": "p-1", "reason": "seats_full"}], "grade": 81.5},
    ["张伟", "علی", None, True, 0, -1.25e-7],
    {1: "a key that is not text", None: "nor this", 2.5: "nor this"},
    {"beyond 64 bits": 2**70 + 1, "negative": -(2**65) - 3, "at the edge": 2**64 - 1, "past it": 2**64 + 1},
    {"not a number": float("nan"), "nor this": [float("inf")], "none": None},
    "a lone surrogate \ud800",
    {},
]


def same(a, b) -> bool:
    """Equal, NaN included; an int stays an int."""
    return json.dumps(a) == json.dumps(b)


@pytest.mark.parametrize("value", VALUES)
def test_the_text_reads_back_as_the_standard_librarys_would(value):
    text = json_text(value)
    # compared as the library writes them: NaN is not equal to itself
    assert same(json.loads(text), json.loads(json.dumps(value)))


def test_the_text_is_orjsons_where_orjson_takes_the_value():
    assert json_text({"a": [1, "б"]}) == '{"a":[1,"б"]}'  # compact, non-ASCII kept
    assert json_text({"big": 2**70 + 1}) == json.dumps({"big": 2**70 + 1})  # orjson refuses: the library's
    assert json_text({"n": float("nan"), "x": None}) == json.dumps({"n": float("nan"), "x": None})  # not null
    assert json_text({"x": None}) == '{"x":null}'


async def test_a_json_column_keeps_every_value_through_the_engine(tmp_path):
    metadata = MetaData()
    table = Table("t", metadata, Column("id", Integer, primary_key=True), Column("doc", JSON))
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/j.db", metadata)
    async with db.engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
        await conn.execute(insert(table), [{"id": i, "doc": v} for i, v in enumerate(VALUES)])
        stored = (await conn.execute(select(table.c.doc).order_by(table.c.id))).scalars().all()
    await db.dispose()
    assert same(stored, [json.loads(json.dumps(v)) for v in VALUES])
