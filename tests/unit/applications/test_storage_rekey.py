"""Re-encryption of stored files (issue 15, "storage fit for production"): an operator moves
old files onto the current key, to retire an old key or to encrypt files written before
encryption was on, without losing or changing any file's content."""

from __future__ import annotations

import hashlib
import json
import logging

import pytest

from services.applications import rekey as command
from services.applications.service import storage
from services.applications.service.storage import (
    Encrypted,
    FileStore,
    Keyring,
    RekeyCounts,
    Resealed,
    SealState,
    Unreadable,
    census,
    fetch,
    new_key,
    rekey,
)
from services.applications.settings import Settings

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
OLD = ("2026-01", "o" * 48)
NEW = ("2026-11", "n" * 48)


def ring(*entries: tuple[str, str]) -> Keyring:
    return Keyring.derive(list(entries))


def on_disk(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "documents"


async def stored(folder, keyring: Keyring, data: bytes) -> str:
    key = new_key()
    await Encrypted(FileStore(folder), keyring).put(key, data)
    return key


async def test_the_state_of_a_file_is_current_older_or_plain(folder):
    old_key = await stored(folder, ring(OLD), PDF)
    plain_key = new_key()
    await FileStore(folder).put(plain_key, PNG)
    rotated = Encrypted(FileStore(folder), ring(NEW, OLD))
    new_key_ = await stored(folder, ring(NEW, OLD), PDF)
    assert await rotated.state(old_key) is SealState.OLDER
    assert await rotated.state(plain_key) is SealState.PLAIN
    assert await rotated.state(new_key_) is SealState.CURRENT
    assert storage.sealed_with(on_disk(folder)[old_key]) == OLD[0]
    assert storage.sealed_with(PNG) is None


async def test_an_old_key_file_is_resealed_and_still_reads_once_the_old_key_is_gone(folder):
    key = await stored(folder, ring(OLD), PDF)
    before = on_disk(folder)[key]
    assert await Encrypted(FileStore(folder), ring(NEW, OLD)).reseal(key) is Resealed.RESEALED
    after = on_disk(folder)[key]
    assert after != before and storage.sealed_with(after) == NEW[0] and PDF not in after
    assert set(on_disk(folder)) == {key}  # no temporary file left beside it
    # the old key retired: the file still opens, and its digest is the one recorded at upload
    only_new = Encrypted(FileStore(folder), ring(NEW))
    sha = hashlib.sha256(PDF).hexdigest()
    assert await fetch(only_new, key, sha, code="document", field="document_id") == PDF
    with pytest.raises(Unreadable):  # and the old key alone no longer opens it
        await Encrypted(FileStore(folder), ring(OLD)).get(key)


async def test_a_plain_file_is_sealed_with_the_same_content(folder):
    key = new_key()
    await FileStore(folder).put(key, PDF)
    store = Encrypted(FileStore(folder), ring(NEW))
    assert await store.reseal(key) is Resealed.PLAIN_SEALED
    raw = on_disk(folder)[key]
    assert storage.sealed_with(raw) == NEW[0] and PDF not in raw
    assert await store.get(key) == PDF


async def test_a_current_file_is_not_touched_byte_for_byte(folder):
    key = await stored(folder, ring(NEW, OLD), PDF)
    before = on_disk(folder)[key]
    mtime = (folder / key).stat().st_mtime_ns
    assert await Encrypted(FileStore(folder), ring(NEW, OLD)).reseal(key) is Resealed.ALREADY_CURRENT
    assert on_disk(folder)[key] == before and (folder / key).stat().st_mtime_ns == mtime


async def test_a_new_seal_that_reads_back_differently_puts_the_old_file_back(folder, monkeypatch):
    key = await stored(folder, ring(OLD), PDF)
    before = on_disk(folder)[key]
    store = Encrypted(FileStore(folder), ring(NEW, OLD))
    real_put = FileStore.put

    async def put_damaged(self, k, data):  # a backend that stores something else than it was given
        await real_put(self, k, data[:-1] + bytes([data[-1] ^ 1]) if data != before else data)

    monkeypatch.setattr(FileStore, "put", put_damaged)
    with pytest.raises(Unreadable, match="old file was put back"):
        await store.reseal(key)
    assert on_disk(folder)[key] == before


async def test_rekey_reseals_everything_counts_failures_and_changes_nothing_the_second_time(folder, caplog):
    old = [await stored(folder, ring(OLD), PDF + bytes([i])) for i in range(3)]
    plain = new_key()
    await FileStore(folder).put(plain, PNG)
    current = await stored(folder, ring(NEW, OLD), PDF)
    corrupted = await stored(folder, ring(OLD), PDF)
    damaged = bytearray(on_disk(folder)[corrupted])
    damaged[-1] ^= 1
    (folder / corrupted).write_bytes(bytes(damaged))
    lost_key = await stored(folder, ring(("2025-01", "x" * 48)), PDF)  # its key is no longer in the ring
    (folder / f".{new_key()}.abcd.partial").write_bytes(b"half")  # an upload being written: no key
    untouched = {k: on_disk(folder)[k] for k in (current, corrupted, lost_key)}
    store = Encrypted(FileStore(folder), ring(NEW, OLD))

    with caplog.at_level(logging.INFO, logger=storage.log.name):
        first = await rekey(store, batch_size=2)
    assert first == RekeyCounts(resealed=3, already_current=1, plain_sealed=1, failed=2)
    assert sum("rekey: " in r.getMessage() and " files: " in r.getMessage() for r in caplog.records) == 4  # 7 / 2
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 2 and any(corrupted in m for m in errors) and any("'2025-01'" in m for m in errors)
    for k, data in untouched.items():  # the failed ones and the current one: byte for byte
        assert on_disk(folder)[k] == data
    only_new = Encrypted(FileStore(folder), ring(NEW))
    assert [await only_new.get(k) for k in old] == [PDF + bytes([i]) for i in range(3)]
    assert await only_new.get(plain) == PNG

    snapshot = on_disk(folder)
    second = await rekey(store, batch_size=100)
    assert second == RekeyCounts(already_current=5, failed=2)
    assert on_disk(folder) == snapshot


async def test_a_file_deleted_during_the_run_is_counted_gone_not_failed_nor_brought_back(folder, monkeypatch):
    keys = [await stored(folder, ring(OLD), PDF) for _ in range(2)]
    store = Encrypted(FileStore(folder), ring(NEW, OLD))
    listed = await store.keys()
    (folder / keys[0]).unlink()  # the service deleted it after the listing
    monkeypatch.setattr(store, "keys", lambda: _return(listed))
    assert await rekey(store) == RekeyCounts(resealed=1, gone=1)
    assert set(on_disk(folder)) == {keys[1]}


async def test_a_file_deleted_while_it_is_being_resealed_is_not_brought_back(folder, monkeypatch):
    await stored(folder, ring(OLD), PDF)
    store = Encrypted(FileStore(folder), ring(NEW, OLD))
    real_get = FileStore.get

    async def get_then_deleted(self, k):  # the service deletes the document right after the first read
        data = await real_get(self, k)
        (folder / k).unlink(missing_ok=True)
        return data

    monkeypatch.setattr(FileStore, "get", get_then_deleted)
    assert await rekey(store) == RekeyCounts(gone=1)
    assert on_disk(folder) == {}


async def _return(value):
    return value


async def test_the_census_counts_files_per_key_id_and_plain_ones(folder):
    for _ in range(2):
        await stored(folder, ring(OLD), PDF)
    await stored(folder, ring(NEW), PDF)
    await stored(folder, ring(("gone", "g" * 48)), PDF)
    await FileStore(folder).put(new_key(), PNG)
    found = await census(Encrypted(FileStore(folder), ring(NEW, OLD)))
    assert found.current == NEW[0]
    assert found.by_key == {OLD[0]: 2, NEW[0]: 1, "gone": 1}
    assert found.plain == 1 and found.unknown == ["gone"] and found.to_reseal == 4


# --- the command ---


def settings_for(tmp_path, *entries: tuple[str, str]) -> Settings:
    keys = ",".join(f"{kid}:{secret}" for kid, secret in entries)
    return Settings(env="production", data_dir=tmp_path, storage_keys=keys, log_json=False)


async def test_the_command_reports_then_rekeys_with_the_service_settings(tmp_path, capsys):
    old = await stored(tmp_path / "documents", ring(OLD), PDF)
    plain = new_key()
    await FileStore(tmp_path / "documents").put(plain, PNG)
    rotated = settings_for(tmp_path, NEW, OLD)

    assert await _in_thread(command.main, ["status"], rotated) == 0
    before = json.loads(capsys.readouterr().out)
    assert before == {"current": NEW[0], "by_key": {OLD[0]: 1}, "plain": 1, "unknown": [], "to_reseal": 2}

    assert await _in_thread(command.main, ["run", "--batch-size", "1"], rotated) == 0
    counts = json.loads(capsys.readouterr().out)
    assert counts == {"resealed": 1, "already_current": 0, "plain_sealed": 1, "failed": 0, "gone": 0}

    assert await _in_thread(command.main, ["status"], settings_for(tmp_path, NEW)) == 0
    assert json.loads(capsys.readouterr().out)["by_key"] == {NEW[0]: 2}
    only_new = Encrypted(FileStore(tmp_path / "documents"), ring(NEW))
    assert (await only_new.get(old), await only_new.get(plain)) == (PDF, PNG)


async def test_the_command_exits_1_when_a_file_failed_and_refuses_to_run_without_keys(tmp_path, capsys):
    await stored(tmp_path / "documents", ring(("gone", "g" * 48)), PDF)
    assert await _in_thread(command.main, ["run"], settings_for(tmp_path, NEW)) == 1
    assert json.loads(capsys.readouterr().out)["failed"] == 1
    with pytest.raises(SystemExit, match="APPLICATIONS_STORAGE_KEYS is not set"):
        command.open_store(Settings(env="production", data_dir=tmp_path))


async def _in_thread(fn, *args):
    """The command runs its own event loop (asyncio.run), so not inside the test's."""
    import asyncio

    return await asyncio.to_thread(fn, *args)
