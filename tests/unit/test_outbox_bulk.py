"""Events encoded in bulk (``encode_events``, ``encode_payloads``) are byte for byte what
``add_event`` stages, and ``stage_rows`` / ``bulk_insert`` write them in order in the caller's
transaction (SQLite: executemany; PostgreSQL's COPY is tested in
tests/integration/matching/test_rounds_bulk_store.py)."""

from __future__ import annotations

import json
import struct
import time
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import JSON, Column, Integer, MetaData, String, Table, select

from shared.db import Database
from shared.events.catalog import (
    ApplicationUnmatched,
    ChoiceReason,
    EventData,
    MatchProposed,
    RoundCompleted,
    spec_for,
    type_of,
)
from shared.events.envelope import Envelope, decode_message, encode_envelope, new_event
from shared.events.ids import uuid7_string, uuid7_strings
from shared.migrations import migrate
from shared.outbox import (
    OUTBOX_COLUMNS,
    bulk_insert,
    ce_time,
    encode_events,
    encode_payloads,
    kafka_headers,
    outbox_copy_rows,
    outbox_row,
    stage_rows,
)
from shared.tables import add_infra_tables

TRACE = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"

EVENTS: list[EventData] = [
    MatchProposed(
        match_id="m1",
        round_id="r1",
        application_id="a1",
        applicant_id="s1",
        cycle_id="c1",
        programme_id="p1",
        host_institution_id="h1",
        rank=2,
        reasons=[
            ChoiceReason(
                programme_id="p0",
                reason="programme full: lowest held score 81.5 > yours 78",
                code="round.programme_full",
                params={"lowest": 81.5, "yours": 78},
            )
        ],
    ),
    ApplicationUnmatched(
        round_id="r1",
        application_id="a2",
        applicant_id="s2",
        cycle_id="c1",
        reasons=[
            ChoiceReason(
                programme_id="p9",
                reason="ineligible: nationality ÜZ — not eligible (汉语)",
                code="eligibility.nationality",
                params={"nationality": "ÜZ", "eligible": ["KZ", "UZ"]},
            ),
            ChoiceReason(programme_id="p8", reason="no code known"),
        ],
    ),
    RoundCompleted(round_id="r1", cycle_id="c1", seed=7, matched=1, waitlisted=0, unmatched=1, inputs_digest="d" * 64),
]


def _as_add_event_stages(row: tuple, source: str, traceparent: str | None) -> dict:
    """What add_event stages for the same event with this row's id and time."""
    values = dict(zip(OUTBOX_COLUMNS, row, strict=True))
    spec = spec_for(values["event_type"])
    data = spec.model.model_validate_json(values["payload"])
    env = Envelope(
        id=values["event_id"],
        source=source,
        type=values["event_type"],
        subject=values["key"],
        time=values["created_at"],
        data=data.model_dump(mode="json"),
        key=values["key"],
        traceparent=traceparent,
    )
    return outbox_row(env, spec.topic.value)


def test_bulk_encoded_events_are_byte_for_byte_what_add_event_stages():
    for traceparent in (None, TRACE):
        datas = [(type_of(e), e.model_dump(mode="json")) for e in EVENTS]
        rows = encode_events(datas, source="/corridor/matching", traceparent=traceparent)
        assert len(rows) == len(EVENTS)
        for row in rows:
            staged = _as_add_event_stages(row, "/corridor/matching", traceparent)
            values = dict(zip(OUTBOX_COLUMNS, row, strict=True))
            assert values["payload"] == staged["outbox_payload"]
            assert values["headers"] == staged["outbox_headers"]
            assert (values["topic"], values["key"], values["event_type"]) == (
                staged["outbox_topic"],
                staged["outbox_key"],
                staged["outbox_event_type"],
            )
            assert values["attempts"] == 0
    # keyed by the type's key field: the application for outcomes, the cycle for the round
    assert [r[2] for r in rows] == ["a1", "a2", "c1"]
    assert rows[0][1] == spec_for(type_of(EVENTS[0])).topic.value
    assert ("ce_traceparent", TRACE) == tuple(rows[0][4][-2:])


def test_events_given_as_json_are_staged_as_their_dicts_are():
    datas = [(type_of(e), e.model_dump(mode="json")) for e in EVENTS]
    given = [(t, str(d[spec_for(t).key]), json.dumps(d).encode()) for t, d in datas]
    for traceparent in (None, TRACE):
        rows = encode_payloads(given, source="/corridor/matching", traceparent=traceparent)
        dicts = encode_events(datas, source="/corridor/matching", traceparent=traceparent)
        assert len(rows) == len(dicts) == len(EVENTS)
        for row, other in zip(rows, dicts, strict=True):
            staged = _as_add_event_stages(row, "/corridor/matching", traceparent)
            assert row[5] == other[5] == staged["outbox_payload"]
            assert row[4] == staged["outbox_headers"]
            mine = dict(zip(row[4][::2], row[4][1::2], strict=True))
            theirs = dict(zip(other[4][::2], other[4][1::2], strict=True))
            assert list(mine) == list(theirs) and row[1:4] == other[1:4]
            assert {k: v for k, v in mine.items() if k not in ("ce_id", "ce_time")} == {
                k: v for k, v in theirs.items() if k not in ("ce_id", "ce_time")
            }
    # an empty key: no subject, as add_event leaves it out
    (row,) = encode_payloads([(type_of(EVENTS[2]), "", b"{}")], source="/s")
    assert "ce_subject" not in row[4] and row[2] == ""


async def test_json_columns_given_as_text_are_stored_as_their_values(tmp_path):
    metadata = MetaData()
    table = Table("things", metadata, Column("id", Integer, primary_key=True), Column("name", String(20)))
    table.append_column(Column("reasons", JSON, nullable=False))
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/things.db", metadata)
    await migrate(db)
    values = [[{"programme_id": "p1", "reason": 'ünïcode "quoted"'}], []]
    try:
        async with db.session() as s, s.begin():
            rows = [(i, f"n{i}", json.dumps(v)) for i, v in enumerate(values)]
            await bulk_insert(s, table, ("id", "name", "reasons"), rows, encoded=("reasons",))
        async with db.session() as s:
            stored = (await s.execute(select(table.c.name, table.c.reasons).order_by(table.c.id))).all()
        assert [tuple(r) for r in stored] == [("n0", values[0]), ("n1", [])]  # values, not JSON strings of them
    finally:
        await db.dispose()


def test_non_ascii_data_is_escaped_as_json_dumps_does():
    (row,) = encode_events([(type_of(EVENTS[1]), EVENTS[1].model_dump(mode="json"))], source="/s")
    assert b"\\u00dcZ" in row[5] and "Ü".encode() not in row[5]


def test_every_event_gets_an_id_of_its_own():
    data = EVENTS[1].model_dump(mode="json")
    rows = encode_events([(type_of(EVENTS[1]), data)] * 500, source="/s")
    assert len({r[0] for r in rows}) == 500
    assert all(r[4][1] == r[0] for r in rows)  # ce_id is the row's event id


def test_ids_in_bulk_are_version_7_uuids_written_as_uuids_are_random_after_their_millisecond():
    ids = uuid7_strings(2000)
    assert len(set(ids)) == 2000 and uuid7_strings(0) == []
    now_ms = time.time_ns() // 1_000_000
    for text in ids:
        parsed = uuid.UUID(text)
        assert str(parsed) == text and parsed.version == 7 and parsed.variant == uuid.RFC_4122
        assert abs((parsed.int >> 80) - now_ms) < 60_000  # the first 48 bits: milliseconds since the epoch
    # every hex digit after the timestamp, the version and the variant bits varies
    assert all(len({t[i] for t in ids}) == 16 for i in range(15, 36) if i not in (18, 19, 23))


def test_ids_made_later_sort_after_earlier_ones():
    earlier = uuid7_strings(50) + [uuid7_string()]
    time.sleep(0.002)
    later = uuid7_strings(50)
    assert max(earlier) < min(later)
    assert max(uuid.UUID(e) for e in earlier) < min(uuid.UUID(t) for t in later)


def test_an_event_made_on_its_own_takes_a_time_ordered_id_too():
    env = new_event("org.corridor.match.proposed.v1", EVENTS[0], source="/s", key="m1")
    assert uuid.UUID(env.id).version == 7


def test_ce_time_is_written_as_the_kafka_binding_writes_it():
    whole = datetime(2026, 12, 1, 3, 0, 0, tzinfo=UTC)  # no fraction: isoformat leaves it out
    fraction = datetime(2026, 12, 1, 3, 0, 0, 120, tzinfo=UTC)
    for at in (whole, fraction):
        env = Envelope(source="/s", type="t", time=at, data={})
        _key, _value, headers = encode_envelope(env)
        assert dict(headers)["ce_time"].decode() == ce_time(at)
    assert ce_time(whole) == "2026-12-01T03:00:00Z"


async def test_staged_rows_go_in_order_in_the_callers_transaction(tmp_path):
    metadata = MetaData()
    tables = add_infra_tables(metadata)
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/outbox.db", metadata)
    await migrate(db)
    try:
        rows = encode_events([(type_of(e), e.model_dump(mode="json")) for e in EVENTS], source="/s")
        async with db.session() as s:
            await stage_rows(s, tables, rows)
            assert s.info["outbox_dirty"] is True  # the relay is woken after the commit
            await s.rollback()
        async with db.session() as s:
            assert (await s.execute(select(tables.outbox))).all() == []
        async with db.session() as s, s.begin():
            await stage_rows(s, tables, rows)
        async with db.session() as s:
            stored = (
                await s.execute(
                    select(
                        tables.outbox.c.event_id, tables.outbox.c.key, tables.outbox.c.payload, tables.outbox.c.headers
                    ).order_by(tables.outbox.c.id)
                )
            ).all()
        assert [r.event_id for r in stored] == [r[0] for r in rows]
        decoded = [decode_message(r.key.encode(), r.payload, kafka_headers(r.headers)) for r in stored]
        assert [d.data for d in decoded] == [e.model_dump(mode="json") for e in EVENTS]
        assert [d.subject for d in decoded] == ["a1", "a2", "c1"]
    finally:
        await db.dispose()


def _read_copy_rows(data: bytes) -> list[list]:
    """Rows of a binary COPY (without header and trailer) read back as PostgreSQL reads them,
    for the outbox's types: text, text[], bytea, timestamptz, integer."""
    at, rows = 0, []

    def take(n: int) -> bytes:
        nonlocal at
        at += n
        return data[at - n : at]

    while at < len(data):
        fields = []
        assert int.from_bytes(take(2), "big", signed=True) == len(OUTBOX_COLUMNS)
        for column in OUTBOX_COLUMNS:
            size = int.from_bytes(take(4), "big", signed=True)
            if size == -1:
                fields.append(None)
                continue
            raw = take(size)
            if column == "headers":
                ndim, has_null, oid, length, lower = struct.unpack(">iiiii", raw[:20])
                assert (ndim, oid, lower) == (1, 25, 1)
                elements, pos = [], 20
                for _ in range(length):
                    n = int.from_bytes(raw[pos : pos + 4], "big", signed=True)
                    elements.append(None if n == -1 else raw[pos + 4 : pos + 4 + n].decode())
                    pos += 4 + max(n, 0)
                assert pos == size and bool(has_null) == (None in elements)
                fields.append(elements)
            elif column == "created_at":
                fields.append(datetime(2000, 1, 1, tzinfo=UTC) + timedelta(microseconds=struct.unpack(">q", raw)[0]))
            elif column == "attempts":
                fields.append(struct.unpack(">i", raw)[0])
            elif column == "payload":
                fields.append(raw)
            else:
                fields.append(raw.decode())
        rows.append(fields)
    return rows


def test_outbox_rows_are_written_in_copys_binary_format_as_they_are():
    rows = encode_events([(type_of(e), e.model_dump(mode="json")) for e in EVENTS], source="/s", traceparent=TRACE)
    # a tombstone (no payload, no key), an earlier time and a retried row, an unusual header
    odd = (
        "e-ø",
        "t",
        None,
        "x",
        ["ce_id", "e-ø", "note", None, "emoji", "✓"],
        None,
        datetime(1999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
        3,
    )
    rows.append(odd)
    assert _read_copy_rows(outbox_copy_rows(rows)) == [list(r) for r in rows]
    assert outbox_copy_rows([]) == b""
