"""The migration to a queue of feed entries not yet streamed: the entries the partner-topic
worker had not yet taken wait in the queue in the feed's order, those taken are not in it,
and a downgrade marks them back."""

from __future__ import annotations

from alembic import command
from sqlalchemy import create_engine, text

from services.notifications.app import MIGRATIONS
from shared.migrations import alembic_config

BEFORE = "e5c7a9b1d3f6"
QUEUE = "b8d2f4a6c0e1"


def test_entries_not_yet_taken_move_to_the_queue_in_order_and_back(tmp_path):
    url = f"sqlite:///{tmp_path}/notifications.db"
    cfg = alembic_config(MIGRATIONS, url=url)
    command.upgrade(cfg, BEFORE)
    engine = create_engine(url)
    with engine.begin() as conn:
        for seq, institution, streamed in [
            (1, "xjmu", True),
            (2, "kaznu", False),
            (3, "xjmu", False),
            (4, "kaznu", True),
        ]:
            conn.execute(
                text(
                    "INSERT INTO partner_feed (seq, message_id, institution_id, source_event_id, event_type, payload,"
                    " created_at, streamed_at) VALUES (:seq, :m, :i, :e, 'application.offered', '{}',"
                    " :at, :streamed)"
                ),
                {
                    "seq": seq,
                    "m": f"msg-{seq}",
                    "i": institution,
                    "e": f"evt-{seq}",
                    "at": f"2026-12-01 10:00:0{seq}",
                    "streamed": "2026-12-01 11:00:00" if streamed else None,
                },
            )

    command.upgrade(cfg, QUEUE)
    with engine.connect() as conn:
        queue = conn.execute(
            text("SELECT message_id, institution_id, created_at FROM partner_feed_unstreamed ORDER BY seq")
        )
        assert [tuple(r) for r in queue] == [
            ("msg-2", "kaznu", "2026-12-01 10:00:02"),
            ("msg-3", "xjmu", "2026-12-01 10:00:03"),
        ]
        assert conn.execute(text("SELECT count(*) FROM partner_feed")).scalar() == 4  # the feed keeps every entry

    command.downgrade(cfg, BEFORE)
    with engine.connect() as conn:
        waiting = conn.execute(text("SELECT message_id FROM partner_feed WHERE streamed_at IS NULL ORDER BY seq"))
        assert [r.message_id for r in waiting] == ["msg-2", "msg-3"]
