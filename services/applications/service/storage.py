"""Where the files of documents and referee letters live (issue 15, "storage fit for production").

Callers hold a ``Storage`` and name each file by a key the service made (``new_key()``:
random hex), never by a path and never by anything a user sent; a backend refuses any
other key, so no key can reach outside its store. ``FileStore`` (one folder) is the first
backend; an object store is another class with the same four methods.

``Encrypted`` wraps any backend: each file is sealed with AES-256-GCM under the first key
of a ``Keyring`` (APPLICATIONS_STORAGE_KEYS), with a random nonce, and the id of the key
it used in a header, so any key of the ring opens it (keys rotate: a new first key
encrypts, the old ones still decrypt). The header also marks the file as sealed: a file
without it was written before encryption and is read as it is (no PDF, PNG or JPEG starts
with the header's zero byte). The header and the file's key are authenticated with the
content, so a changed byte, or a sealed file moved under another key, is refused.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import re
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from shared.errors import Conflict, NotFound

log = logging.getLogger(__name__)

KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,128}$")
MAGIC = b"\x00CRS1"  # sealed by Encrypted, format 1
NONCE_BYTES = 12
KEY_INFO = b"corridor applications storage v1"


class StorageError(Exception):
    """A stored file could not be read."""


class Missing(StorageError):
    """No file under this key."""


class Unreadable(StorageError):
    """The file is there but cannot be trusted: changed, truncated, or sealed with a key
    that is no longer in the ring."""


class Storage(Protocol):
    async def put(self, key: str, data: bytes) -> None: ...

    async def get(self, key: str) -> bytes:
        """The file's bytes (``Missing``, ``Unreadable``)."""
        ...

    async def delete(self, key: str) -> None:
        """Remove the file; nothing there is fine."""
        ...

    async def exists(self, key: str) -> bool: ...


def new_key() -> str:
    """A key for a new file: random, never derived from user input."""
    return uuid.uuid4().hex


def checked_key(key: str) -> str:
    if not KEY_PATTERN.fullmatch(key):
        raise ValueError(f"not a storage key: {key!r}")  # a bug in the caller, never user input
    return key


class FileStore:
    """Files in one folder, each under its key. A file appears whole or not at all (written
    beside it, then renamed)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def _path(self, key: str) -> Path:
        return self.folder / checked_key(key)

    def _write(self, key: str, data: bytes) -> None:
        target = self._path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{key}.{secrets.token_hex(4)}.partial")
        try:
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)

    def _read(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise Missing(key) from None

    async def put(self, key: str, data: bytes) -> None:
        await asyncio.to_thread(self._write, key, data)

    async def get(self, key: str) -> bytes:
        return await asyncio.to_thread(self._read, key)

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self._path(key).unlink, missing_ok=True)

    async def exists(self, key: str) -> bool:
        return await asyncio.to_thread(self._path(key).is_file)


@dataclass(frozen=True)
class Keyring:
    """AES-256 keys by id; the first seals, every one opens."""

    keys: tuple[tuple[str, bytes], ...]

    @classmethod
    def derive(cls, entries: Sequence[tuple[str, str]]) -> Keyring:
        """The ring of ``(id, secret)`` entries (``Settings.storage_key_entries``): each
        secret (high entropy, at least 32 characters) becomes a 256-bit key through HKDF."""
        if not entries:
            raise ValueError("a keyring needs at least one key")
        keys = tuple(
            (kid, HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=KEY_INFO).derive(secret.encode()))
            for kid, secret in entries
        )
        return cls(keys)

    @property
    def current(self) -> tuple[str, bytes]:
        return self.keys[0]

    def find(self, kid: str) -> bytes | None:
        return next((key for k, key in self.keys if k == kid), None)


def seal(keyring: Keyring, key: str, plaintext: bytes) -> bytes:
    kid, secret = keyring.current
    nonce = os.urandom(NONCE_BYTES)
    header = MAGIC + bytes([len(kid)]) + kid.encode() + nonce
    return header + AESGCM(secret).encrypt(nonce, plaintext, header + key.encode())


def is_sealed(data: bytes) -> bool:
    return data.startswith(MAGIC)


def open_sealed(keyring: Keyring, key: str, data: bytes) -> bytes:
    """The plaintext of a sealed file (``Unreadable`` when it was changed or its key is gone)."""
    at = len(MAGIC)
    if len(data) < at + 1:
        raise Unreadable(f"{key}: truncated header")
    kid_end = at + 1 + data[at]
    kid = data[at + 1 : kid_end].decode("ascii", "replace")
    header = data[: kid_end + NONCE_BYTES]
    if len(data) < len(header) + 16:
        raise Unreadable(f"{key}: truncated")
    secret = keyring.find(kid)
    if secret is None:
        raise Unreadable(f"{key}: sealed with key id {kid!r}, which is not in APPLICATIONS_STORAGE_KEYS")
    try:
        return AESGCM(secret).decrypt(data[kid_end : kid_end + NONCE_BYTES], data[len(header) :], header + key.encode())
    except InvalidTag:
        raise Unreadable(f"{key}: the content does not match its seal (key id {kid!r})") from None


class Encrypted:
    """Any ``Storage`` with its files sealed at rest (AES-256-GCM); files stored before
    encryption (no header) are still read."""

    def __init__(self, backend: Storage, keyring: Keyring):
        self.backend = backend
        self.keyring = keyring

    async def put(self, key: str, data: bytes) -> None:
        sealed = await asyncio.to_thread(seal, self.keyring, checked_key(key), data)
        await self.backend.put(key, sealed)

    async def get(self, key: str) -> bytes:
        data = await self.backend.get(key)
        if not is_sealed(data):
            return data  # written before encryption at rest: kept readable
        return await asyncio.to_thread(open_sealed, self.keyring, key, data)

    async def delete(self, key: str) -> None:
        await self.backend.delete(key)

    async def exists(self, key: str) -> bool:
        return await self.backend.exists(key)


async def fetch(store: Storage, key: str, sha256: str | None, *, code: str, field: str) -> bytes:
    """The bytes of a stored document or letter, checked against the digest kept at upload.

    A missing file is ``NotFound`` (``<code>.file_missing``); one that fails its seal or its
    digest is logged and refused (``Conflict``, ``<code>.file_unreadable``): never served,
    never a 500."""
    try:
        data = await store.get(key)
    except Missing:
        raise NotFound(f"{code}.file_missing", "the stored file is missing", field) from None
    except Unreadable as e:
        log.error("stored file refused: %s", e)
        raise _unreadable(code, field) from None
    if sha256 is not None and hashlib.sha256(data).hexdigest() != sha256:
        log.error("stored file refused: %s: its SHA-256 differs from the one recorded at upload", key)
        raise _unreadable(code, field)
    return data


def _unreadable(code: str, field: str) -> Conflict:
    return Conflict(
        f"{code}.file_unreadable",
        "the stored file failed its integrity check and is not served; it must be uploaded again",
        field,
    )


def development_secret(path: Path) -> str:
    """Development mode without APPLICATIONS_STORAGE_KEYS: a secret of this data folder's
    own, random, made on the first start and kept in ``path`` (mode 0600)."""
    try:
        secret = path.read_text().strip()
        if len(secret) >= 32:
            return secret
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    candidate = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(secrets.token_urlsafe(48) + "\n")
    try:
        os.link(candidate, path)  # the first of two starts at once wins; the other reads it
    except FileExistsError:
        pass
    finally:
        candidate.unlink(missing_ok=True)
    secret = path.read_text().strip()
    if len(secret) < 32:
        raise RuntimeError(f"{path} holds no usable key: delete it (development only) or set APPLICATIONS_STORAGE_KEYS")
    return secret
