"""Storage fit for production (issue 15): one small interface for documents and letters, the
filesystem as its first backend, files encrypted at rest (AES-256-GCM) with rotating keys,
old unencrypted files still readable, tampered files refused with a clear error."""

from __future__ import annotations

import hashlib
import logging
import os
import stat

import pytest

from services.applications import app as application
from services.applications.service import storage
from services.applications.service.storage import Encrypted, FileStore, Keyring, Missing, Unreadable, fetch, new_key
from services.applications.settings import Settings
from shared.errors import Conflict, NotFound
from shared.settings import InsecureSettings

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
OLD = ("2026-01", "o" * 48)
NEW = ("2026-11", "n" * 48)
STRONG = "s" * 40


def ring(*entries: tuple[str, str]) -> Keyring:
    return Keyring.derive(list(entries))


def on_disk(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


# --- the filesystem backend ---


async def test_the_file_store_keeps_whole_private_files_under_their_keys(tmp_path):
    store = FileStore(tmp_path / "documents")
    key = new_key()
    assert not await store.exists(key)
    await store.put(key, PDF)
    assert await store.exists(key) and await store.get(key) == PDF
    assert on_disk(tmp_path / "documents") == {key: PDF}  # nothing written beside it stays
    assert stat.S_IMODE(os.stat(tmp_path / "documents" / key).st_mode) == 0o600
    await store.delete(key)
    await store.delete(key)  # gone already: fine
    assert not await store.exists(key)
    with pytest.raises(Missing):
        await store.get(key)


@pytest.mark.parametrize("key", ["../escaped", "a/b", "..", "", "x" * 129, "a\\b", "/etc/passwd", "a.pdf"])
async def test_a_key_that_is_not_one_the_service_makes_reaches_nothing(tmp_path, key):
    (tmp_path / "documents").mkdir()
    store = FileStore(tmp_path / "documents")
    with pytest.raises(ValueError):
        await store.put(key, PDF)
    with pytest.raises(ValueError):
        await store.get(key)
    with pytest.raises(ValueError):
        await store.delete(key)
    assert list(tmp_path.rglob("*")) == [tmp_path / "documents"]


# --- encryption at rest ---


async def test_a_file_is_encrypted_on_disk_and_read_back_exactly(tmp_path):
    store = Encrypted(FileStore(tmp_path), ring(NEW))
    key, twin = new_key(), new_key()
    await store.put(key, PDF)
    await store.put(twin, PDF)
    disk = on_disk(tmp_path)
    assert set(disk) == {key, twin}
    for raw in disk.values():
        assert b"%PDF-" not in raw and b"/Catalog" not in raw  # the plaintext is not on disk
        assert raw.startswith(storage.MAGIC + bytes([len(NEW[0])]) + NEW[0].encode())  # the key id travels along
    assert disk[key] != disk[twin]  # a random nonce per file
    assert await store.get(key) == PDF and await store.get(twin) == PDF


async def test_after_rotation_old_files_still_open_and_new_ones_use_the_new_key(tmp_path):
    before = Encrypted(FileStore(tmp_path), ring(OLD))
    old_file = new_key()
    await before.put(old_file, PDF)

    rotated = Encrypted(FileStore(tmp_path), ring(NEW, OLD))  # the first encrypts, all decrypt
    assert await rotated.get(old_file) == PDF
    new_file = new_key()
    await rotated.put(new_file, b"%PDF-1.4 new")
    assert NEW[0].encode() in (tmp_path / new_file).read_bytes()[:16]
    assert await rotated.get(new_file) == b"%PDF-1.4 new"

    retired = Encrypted(FileStore(tmp_path), ring(NEW))  # the old key dropped too early
    with pytest.raises(Unreadable, match="2026-01"):
        await retired.get(old_file)


async def test_files_stored_before_encryption_are_still_read(tmp_path):
    legacy = new_key()
    (tmp_path / legacy).write_bytes(PDF)  # a row from before the upgrade
    store = Encrypted(FileStore(tmp_path), ring(NEW))
    assert await store.get(legacy) == PDF
    assert await fetch(store, legacy, hashlib.sha256(PDF).hexdigest(), code="document", field="document_id") == PDF


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[:-1] + bytes([raw[-1] ^ 1]),  # one bit of the tag
        lambda raw: raw[:30] + bytes([raw[30] ^ 0x80]) + raw[31:],  # one bit of the content
        lambda raw: raw[:-20],  # truncated
        lambda raw: raw[: len(storage.MAGIC) + 2],  # only the header
    ],
)
async def test_a_tampered_file_is_refused_with_a_clear_logged_error(tmp_path, caplog, damage):
    store = Encrypted(FileStore(tmp_path), ring(NEW))
    key = new_key()
    await store.put(key, PDF)
    path = tmp_path / key
    path.write_bytes(damage(path.read_bytes()))
    with pytest.raises(Unreadable):
        await store.get(key)
    with caplog.at_level(logging.ERROR, logger=storage.__name__), pytest.raises(Conflict) as refused:
        await fetch(store, key, hashlib.sha256(PDF).hexdigest(), code="document", field="document_id")
    assert refused.value.code == "document.file_unreadable" and refused.value.field == "document_id"
    assert any(key in r.getMessage() for r in caplog.records if r.levelno == logging.ERROR)


async def test_a_sealed_file_moved_under_another_key_is_refused(tmp_path):
    store = Encrypted(FileStore(tmp_path), ring(NEW))
    mine, theirs = new_key(), new_key()
    await store.put(mine, PDF)
    (tmp_path / theirs).write_bytes((tmp_path / mine).read_bytes())  # the key is authenticated too
    with pytest.raises(Unreadable):
        await store.get(theirs)


async def test_an_unencrypted_file_that_was_changed_fails_its_digest(tmp_path, caplog):
    store = Encrypted(FileStore(tmp_path), ring(NEW))
    key = new_key()
    (tmp_path / key).write_bytes(PDF + b"appended")
    with caplog.at_level(logging.ERROR, logger=storage.__name__), pytest.raises(Conflict) as refused:
        await fetch(store, key, hashlib.sha256(PDF).hexdigest(), code="referee", field="request_id")
    assert refused.value.code == "referee.file_unreadable"
    assert any("SHA-256" in r.getMessage() for r in caplog.records)
    with pytest.raises(NotFound) as missing:
        await fetch(store, new_key(), None, code="referee", field="request_id")
    assert missing.value.code == "referee.file_missing"


# --- the key from the settings ---


def test_the_keys_are_read_in_order_and_malformed_ones_are_refused_by_name():
    settings = Settings(env="development", storage_keys=f"{NEW[0]}:{NEW[1]}, {OLD[0]}:{OLD[1]}")
    assert settings.storage_key_entries() == [NEW, OLD]
    for bad in ["no-secret", "k1:short", f"bad id:{'x' * 40}", f"k1:{'x' * 40},k1:{'y' * 40}"]:
        with pytest.raises(InsecureSettings, match="APPLICATIONS_STORAGE_KEYS"):
            Settings(env="development", storage_keys=bad).storage_key_entries()


def test_outside_development_mode_the_service_refuses_to_start_without_a_key(tmp_path):
    kafka = {"kafka_username": "applications", "kafka_password": "k" * 20}
    database = {"database_url": f"sqlite+aiosqlite:///{tmp_path}/applications.db"}
    settings = {"env": "production", "jwt_secret": STRONG, "data_dir": tmp_path, **kafka, **database}
    with pytest.raises(InsecureSettings, match="APPLICATIONS_STORAGE_KEYS is not set"):
        application.create_app(Settings(**settings))
    with pytest.raises(InsecureSettings, match="APPLICATIONS_STORAGE_KEYS"):
        application.create_app(Settings(**settings, storage_keys="k1:short"))
    app = application.create_app(Settings(**settings, storage_keys=f"k1:{STRONG}"))
    assert isinstance(app.state.storage, Encrypted) and app.state.storage.keyring.current[0] == "k1"
    assert not (tmp_path / "storage-key").exists()  # no key is made up outside development mode


def test_in_development_mode_a_key_of_the_data_folder_is_made_once(tmp_path):
    settings = Settings(env="development", data_dir=tmp_path)
    first = application.storage_keyring(settings)
    path = tmp_path / "storage-key"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600 and len(path.read_text().strip()) >= 32
    assert application.storage_keyring(settings) == first  # kept across starts
    assert application.storage_keyring(Settings(env="development", data_dir=tmp_path / "other")) != first
