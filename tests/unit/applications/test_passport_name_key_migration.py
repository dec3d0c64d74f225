"""The migration that keys passport names for the officers' search: names given before it are
found without their accents at once, not only once their applicant saves the profile again."""

from __future__ import annotations

from alembic import command
from sqlalchemy import create_engine, text

from services.applications.app import MIGRATIONS
from shared.migrations import alembic_config

BEFORE = "c3e5a7b9d1f4"


def test_names_given_before_are_keyed_and_none_stays_none(tmp_path):
    cfg = alembic_config(MIGRATIONS, url=f"sqlite:///{tmp_path}/applications.db")
    command.upgrade(cfg, BEFORE)
    engine = create_engine(f"sqlite:///{tmp_path}/applications.db")
    with engine.begin() as conn:
        for id_, name in (("a-1", "Şükrü Oʻgʻli"), ("a-2", None)):
            conn.execute(
                text(
                    "INSERT INTO applicants (id, applicant_type, nationality, home_institution, date_of_birth,"
                    " preferred_language, passport_name, updated_at)"
                    " VALUES (:id, 'student', 'UZ', '', '2004-01-01', 'en', :name, '2026-12-01 10:00:00')"
                ),
                {"id": id_, "name": name},
            )
    command.upgrade(cfg, "head")
    with engine.connect() as conn:
        keys = dict(conn.execute(text("SELECT id, passport_name_key FROM applicants")).all())
    assert keys == {"a-1": "sukru ogli", "a-2": None}
    command.downgrade(cfg, BEFORE)
    engine.dispose()
