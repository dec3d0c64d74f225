"""The migration that gives an applicant's account the language of its profile: the admins'
list read the account's, which stayed "en" for every applicant; staff accounts keep theirs."""

from __future__ import annotations

from alembic import command
from sqlalchemy import create_engine, text

from services.applications.app import MIGRATIONS
from shared.migrations import alembic_config

BEFORE = "c6e8a0b2d4f7"
AFTER = "d1f3a5c7e9b2"


def test_an_applicants_account_takes_the_profiles_language_and_staff_keep_theirs(tmp_path):
    url = f"sqlite:///{tmp_path}/applications.db"
    cfg = alembic_config(MIGRATIONS, url=url)
    command.upgrade(cfg, BEFORE)
    engine = create_engine(url)
    with engine.begin() as conn:
        for id_, role, language in [("a1", "applicant", "en"), ("a2", "applicant", "en"), ("o1", "officer", "zh")]:
            conn.execute(
                text(
                    "INSERT INTO accounts (id, email, password_hash, role, name, schemes, institutions, created_at,"
                    " preferred_language, active, countries)"
                    " VALUES (:id, :id || '@example.org', 'x', :role, :id, '[]', '[]', '2026-12-01 10:00:00', :lang,"
                    " 1, '[]')"
                ),
                {"id": id_, "role": role, "lang": language},
            )
        for id_, language in [("a1", "ur"), ("a2", "en")]:
            conn.execute(
                text(
                    "INSERT INTO applicants (id, applicant_type, nationality, home_institution, date_of_birth,"
                    " preferred_language, updated_at)"
                    " VALUES (:id, 'student', 'PK', 'Home', '2001-01-01', :lang, '2026-12-01 10:00:00')"
                ),
                {"id": id_, "lang": language},
            )

    command.upgrade(cfg, AFTER)
    with engine.connect() as conn:
        languages = dict(conn.execute(text("SELECT id, preferred_language FROM accounts ORDER BY id")).all())
    assert languages == {"a1": "ur", "a2": "en", "o1": "zh"}
