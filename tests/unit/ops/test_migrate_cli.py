"""python -m tools.migrate: upgrade (the default), current, history and a confirmed downgrade,
against a service's temporary SQLite database (the suite runs with CORRIDOR_ENV=development)."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

from shared.migrations import alembic_config
from tools import migrate

SERVICES = ["applications", "matching", "notifications"]


def scripts(service: str) -> ScriptDirectory:
    models = importlib.import_module(f"services.{service}.models")
    return ScriptDirectory.from_config(alembic_config(Path(models.__file__).parent / "migrations"))


def revision_in(db: Path) -> tuple[str, ...]:
    """The database's revision, read apart from the tool."""
    engine = create_engine(f"sqlite:///{db}")
    try:
        with engine.connect() as conn:
            return tuple(MigrationContext.configure(conn).get_current_heads())
    finally:
        engine.dispose()


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = migrate.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def database(tmp_path, monkeypatch):
    def for_service(service: str) -> Path:
        db = tmp_path / f"{service}.db"
        monkeypatch.setenv(f"{service.upper()}_DATABASE_URL", f"sqlite+aiosqlite:///{db}")
        return db

    return for_service


@pytest.mark.parametrize("service", SERVICES)
def test_upgrade_current_downgrade_and_upgrade_again(service, database, capsys):
    db = database(service)
    script = scripts(service)
    (head,) = script.get_heads()
    previous = script.get_revision(head).down_revision
    assert isinstance(previous, str)

    # no command: upgrade to head, as the Kubernetes Job and existing callers run it
    code, out, _ = run(capsys, service)
    assert code == 0 and f"{service}: migrated to head" in out
    assert revision_in(db) == (head,)

    code, out, _ = run(capsys, service, "current")
    assert code == 0 and head in out and "at head" in out and "not at head" not in out

    # without --yes nothing is done: it says what would be undone and asks for a backup
    code, _, err = run(capsys, service, "downgrade", previous)
    assert code == 1 and head in err and "--yes" in err and "backup" in err
    assert revision_in(db) == (head,)

    code, out, _ = run(capsys, service, "downgrade", previous, "--yes")
    assert code == 0 and f"downgraded to {previous}" in out
    assert revision_in(db) == (previous,)

    code, out, _ = run(capsys, service, "current")
    assert code == 0 and previous in out and "not at head" in out and "1 revision(s) to apply" in out

    code, out, _ = run(capsys, service, "upgrade")
    assert code == 0 and "migrated to head" in out
    assert revision_in(db) == (head,)
    code, out, _ = run(capsys, service, "current")
    assert "at head" in out and "not at head" not in out


def test_history_lists_newest_first_marking_head_and_current(database, capsys):
    db = database("matching")
    script = scripts("matching")
    newest_first = [r.revision for r in script.walk_revisions()]
    assert run(capsys, "matching", "upgrade", newest_first[1])[0] == 0
    assert revision_in(db) == (newest_first[1],)

    code, out, _ = run(capsys, "matching", "history")
    lines = out.splitlines()
    assert code == 0 and [line.split()[0] for line in lines] == newest_first
    assert "(head)" in lines[0] and "(current)" in lines[1] and "initial schema" in lines[-1]


def test_downgrade_refuses_a_revision_above_the_current_one_or_unknown(database, capsys):
    db = database("matching")
    (head,) = scripts("matching").get_heads()
    run(capsys, "matching")
    code, out, _ = run(capsys, "matching", "downgrade", head, "--yes")
    assert code == 0 and "nothing to downgrade" in out
    code, _, err = run(capsys, "matching", "downgrade", "nosuchrevision", "--yes")
    assert code == 1 and "nosuchrevision" in err
    assert revision_in(db) == (head,)


def test_help_and_unknown_service(capsys):
    with pytest.raises(SystemExit) as exit_:
        migrate.main(["--help"])
    out = capsys.readouterr().out
    assert exit_.value.code == 0
    assert all(word in out for word in ("SERVICE", "current", "history", "downgrade", "upgrade", "backup"))
    with pytest.raises(SystemExit) as exit_:
        migrate.main(["nosuch"])
    assert exit_.value.code == 2 and "unknown service 'nosuch'" in capsys.readouterr().err


def test_outside_development_mode_a_database_must_be_named(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("CORRIDOR_ENV", "production")
    monkeypatch.setenv("CORRIDOR_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("MATCHING_DATABASE_URL", raising=False)
    code, _, err = run(capsys, "matching", "current")
    assert code == 2 and "MATCHING_DATABASE_URL is not set" in err
    assert not (tmp_path / "matching.db").exists()


def test_a_url_it_cannot_use_is_named_without_its_password(monkeypatch, capsys):
    """The tool had printed pydantic's four lines, the URL with its password among them."""
    monkeypatch.setenv("MATCHING_DATABASE_URL", "postgres://corridor:S3cretPw@db/matching")
    code, _, err = run(capsys, "matching", "current")
    assert code == 2 and "MATCHING_DATABASE_URL" in err and "S3cretPw" not in err
    assert len(err.strip().splitlines()) == 1
