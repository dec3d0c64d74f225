"""The catalog's stamp on PostgreSQL, on a database built by the service's migrations (its
triggers): every write of a catalog table changes it in the writing transaction, whatever
wrote it; other tables leave it; a rolled-back write leaves the stamp as it was; and a
process's kept catalog follows it."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from services.notifications.app import MIGRATIONS
from services.notifications.models import CATALOG_TABLES, Base
from services.notifications.service.references import Catalog, programmes
from shared.db import Database
from shared.migrations import migrate

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
async def db(postgres):
    """Built by the migrations (the package's other tests build theirs from the models)."""
    database = Database(await postgres.create_database("notif_catalog_stamp"), Base.metadata, MIGRATIONS)
    await migrate(database)
    yield database
    await database.dispose()


ROWS = {
    "programmes": "INSERT INTO programmes (programme_id, title, host_institution_id, host_institution_name, "
    "cycle_id, scheme_id) VALUES ('p-st', 'Stamps 101', 'inst-st', '', 'c-st', 's-st')",
    "cycles": "INSERT INTO cycles (cycle_id, scheme_id, name) VALUES ('c-st', 's-st', 'Stamp cycle')",
    "schemes": "INSERT INTO schemes (scheme_id, path, authorities) VALUES ('s-st', '[]', '{}')",
    "institutions": "INSERT INTO institutions (institution_id, name) VALUES ('inst-st', 'Stamp University')",
    "webhook_subscriptions": "INSERT INTO webhook_subscriptions (id, institution_id, url, event_types, secret, "
    "description, active, created_by, created_at) VALUES ('sub-st', 'inst-st', 'https://h.example/x', '[]', "
    "'whsec_x', '', true, 'p', now())",
}
KEY = {
    "programmes": "programme_id",
    "cycles": "cycle_id",
    "schemes": "scheme_id",
    "institutions": "institution_id",
    "webhook_subscriptions": "id",
}


async def stamp(db) -> int:
    async with db.session() as s:
        return (await s.execute(text("SELECT stamp FROM catalog_stamp WHERE id = 1"))).scalar_one()


@pytest.mark.parametrize("table", CATALOG_TABLES)
async def test_every_kind_of_write_of_a_catalog_table_changes_the_stamp(db, table):
    seen = [await stamp(db)]
    for statement in (
        ROWS[table],
        f"UPDATE {table} SET {KEY[table]} = {KEY[table]}",
        f"DELETE FROM {table}",
        ROWS[table],
        f"TRUNCATE {table}",
    ):
        async with db.session() as s, s.begin():
            await s.execute(text(statement))
        seen.append(await stamp(db))
    assert len(set(seen)) == len(seen), f"{table}: a write left the stamp as it was: {seen}"


async def test_other_tables_and_rolled_back_writes_leave_the_stamp_as_it_was(db):
    before = await stamp(db)
    async with db.session() as s, s.begin():
        await s.execute(
            text(
                "INSERT INTO contacts (applicant_id, email, name, language, as_of) "
                "VALUES ('stu-st', 'a@b.example', 'A', 'en', now())"
            )
        )
    async with db.session() as s:
        async with s.begin():
            await s.execute(text(ROWS["institutions"]))
            inside = (await s.execute(text("SELECT stamp FROM catalog_stamp"))).scalar_one()
            await s.rollback()
    assert inside != before  # the writing transaction sees its own stamp
    assert await stamp(db) == before


async def test_a_transaction_after_a_committed_write_reads_the_new_rows_not_the_kept_ones(db):
    async with db.session() as s, s.begin():
        await s.execute(text("DELETE FROM programmes"))
        await s.execute(text(ROWS["programmes"]))
    async with db.session() as s, s.begin():
        assert (await programmes(s, ["p-st"]))["p-st"].title == "Stamps 101"
    kept = Catalog.shared
    async with db.session() as s, s.begin():  # nothing changed: the kept copy serves
        assert (await programmes(s, ["p-st"]))["p-st"].title == "Stamps 101"
        assert Catalog.shared is kept
    async with db.session() as s, s.begin():
        await s.execute(text("UPDATE programmes SET title = 'Stamps 102' WHERE programme_id = 'p-st'"))
    async with db.session() as s, s.begin():
        assert (await programmes(s, ["p-st"]))["p-st"].title == "Stamps 102"
        assert Catalog.shared is not kept
