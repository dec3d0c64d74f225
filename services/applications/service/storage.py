"""Where the files of documents and referee letters live (issue 15, "storage fit for production").

Callers hold a ``Storage`` and name each file by a key the service made (``new_key()``:
random hex), never by a path and never by anything a user sent; a backend refuses any
other key, so no key can reach outside its store. ``FileStore`` (one folder) is the first
backend; an object store is another class with the same five methods.

``Encrypted`` wraps any backend: each file is sealed with AES-256-GCM under the first key
of a ``Keyring`` (APPLICATIONS_STORAGE_KEYS), with a random nonce, and the id of the key
it used in a header, so any key of the ring opens it (keys rotate: a new first key
encrypts, the old ones still decrypt). The header also marks the file as sealed: a file
without it was written before encryption and is read as it is (no PDF, PNG or JPEG starts
with the header's zero byte). The header and the file's key are authenticated with the
content, so a changed byte, or a sealed file moved under another key, is refused.

``Encrypted.reseal`` / ``rekey`` move files onto the current key (to retire an old key, or
to encrypt files written before encryption): ``python -m services.applications.rekey``.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import re
import secrets
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
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


class Changed(StorageError):
    """The file changed while it was being resealed (and was left as it is)."""


class SealState(StrEnum):
    CURRENT = "current"  # sealed under the ring's first key
    OLDER = "older"  # sealed under another key id (in the ring or not)
    PLAIN = "plain"  # written before encryption at rest


class Resealed(StrEnum):
    RESEALED = "resealed"
    ALREADY_CURRENT = "already_current"
    PLAIN_SEALED = "plain_sealed"


class Storage(Protocol):
    async def put(self, key: str, data: bytes) -> None: ...

    async def get(self, key: str) -> bytes:
        """The file's bytes (``Missing``, ``Unreadable``)."""
        ...

    async def delete(self, key: str) -> None:
        """Remove the file; nothing there is fine."""
        ...

    async def exists(self, key: str) -> bool: ...

    async def keys(self) -> list[str]:
        """Every key stored now (a snapshot; files written meanwhile may be missing)."""
        ...


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

    def _keys(self) -> list[str]:
        if not self.folder.is_dir():
            return []
        # a file being written (".<key>.<random>.partial") is no key
        return sorted(p.name for p in self.folder.iterdir() if KEY_PATTERN.fullmatch(p.name) and p.is_file())

    async def keys(self) -> list[str]:
        return await asyncio.to_thread(self._keys)


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


def sealed_with(data: bytes) -> str | None:
    """The key id a sealed file names in its header; None for a plain file."""
    if not is_sealed(data):
        return None
    at = len(MAGIC)
    if len(data) < at + 1:
        return ""
    return data[at + 1 : at + 1 + data[at]].decode("ascii", "replace")


def seal_state(keyring: Keyring, data: bytes) -> SealState:
    kid = sealed_with(data)
    if kid is None:
        return SealState.PLAIN
    return SealState.CURRENT if kid == keyring.current[0] else SealState.OLDER


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

    async def keys(self) -> list[str]:
        return await self.backend.keys()

    async def state(self, key: str) -> SealState:
        """Whether the file is sealed under the current key, an older one, or plain."""
        return seal_state(self.keyring, await self.backend.get(key))

    async def reseal(self, key: str) -> Resealed:
        """Write the file back sealed under the current key (``Missing``, ``Unreadable``).

        Its plaintext, and so the SHA-256 its row records, stays the same: the new seal is
        opened and compared before it replaces the file, the file is compared again after
        (else the old bytes are put back), and the backend replaces it whole or not at all.
        A file that changed or went away since it was read is left alone (``Changed``)."""
        raw = await self.backend.get(key)
        state = seal_state(self.keyring, raw)
        if state is SealState.CURRENT:
            return Resealed.ALREADY_CURRENT
        plaintext = raw if state is SealState.PLAIN else await asyncio.to_thread(open_sealed, self.keyring, key, raw)
        sealed = await asyncio.to_thread(seal, self.keyring, checked_key(key), plaintext)
        if await asyncio.to_thread(open_sealed, self.keyring, key, sealed) != plaintext:
            raise Unreadable(f"{key}: the new seal does not open to the same content; the file is unchanged")
        if await self.backend.get(key) != raw:  # deleted (Missing) or changed meanwhile
            raise Changed(f"{key}: changed while it was being resealed; left as it is")
        await self.backend.put(key, sealed)
        try:
            same = await self.get(key) == plaintext
        except StorageError:
            same = False
        if not same:
            await self.backend.put(key, raw)
            raise Unreadable(f"{key}: read back differently after resealing; the old file was put back")
        return Resealed.PLAIN_SEALED if state is SealState.PLAIN else Resealed.RESEALED


@dataclass
class RekeyCounts:
    resealed: int = 0  # moved from an older key to the current one
    already_current: int = 0
    plain_sealed: int = 0  # written before encryption, now sealed
    failed: int = 0  # left exactly as they were (logged, one error per file)
    gone: int = 0  # deleted or replaced by the service while the run went on

    @property
    def seen(self) -> int:
        return self.resealed + self.already_current + self.plain_sealed + self.failed + self.gone


async def rekey(store: Encrypted, *, batch_size: int = 100) -> RekeyCounts:
    """Reseal every stored file under the current key, ``batch_size`` files at a time, with
    the progress in the log. Safe to run again and while the service runs: a file already
    under the current key (one uploaded meanwhile too) is not touched, and a file that fails
    is counted and stays as it was."""
    keys = await store.keys()
    counts = RekeyCounts()
    kid = store.keyring.current[0]
    log.info("rekey: %d files to check, current key id %r", len(keys), kid)
    for start in range(0, len(keys), batch_size):
        for key in keys[start : start + batch_size]:
            try:
                outcome = await store.reseal(key)
            except (Missing, Changed):
                counts.gone += 1
                continue
            except (StorageError, OSError) as e:
                log.error("rekey: %s not resealed, left as it was: %s", key, e)
                counts.failed += 1
                continue
            setattr(counts, outcome.value, getattr(counts, outcome.value) + 1)
        log.info(
            "rekey: %d/%d files: %d resealed, %d already current, %d plain sealed, %d failed, %d gone",
            counts.seen,
            len(keys),
            counts.resealed,
            counts.already_current,
            counts.plain_sealed,
            counts.failed,
            counts.gone,
        )
    return counts


@dataclass
class KeyCensus:
    current: str  # the key id that seals now
    by_key: dict[str, int] = field(default_factory=dict)  # sealed files per key id
    plain: int = 0
    unknown: list[str] = field(default_factory=list)  # key ids of files that are not in the ring

    @property
    def to_reseal(self) -> int:
        return self.plain + sum(n for kid, n in self.by_key.items() if kid != self.current)


async def census(store: Encrypted) -> KeyCensus:
    """How many files are sealed under each key id, and how many are plain (each file is read
    whole: the backends have no partial read)."""
    by_key: Counter[str] = Counter()
    plain = 0
    for key in await store.keys():
        try:
            kid = sealed_with(await store.backend.get(key))
        except Missing:
            continue  # deleted meanwhile
        if kid is None:
            plain += 1
        else:
            by_key[kid] += 1
    unknown = sorted(kid for kid in by_key if store.keyring.find(kid) is None)
    return KeyCensus(store.keyring.current[0], dict(sorted(by_key.items())), plain, unknown)


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
