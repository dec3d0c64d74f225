"""Priority (score, then a seeded lottery, then the id) and how a cap's scope key reads a
pair (applicant, programme)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Protocol

import numpy as np

#: Applicant-side attribute names for bare scope keys; every other bare key but
#: ``programme`` is a programme attribute.
APPLICANT_SCOPE_KEYS = frozenset({"sending_country", "applicant_type"})


class _Ranked(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def score(self) -> float: ...


class _Described(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def attrs(self) -> Mapping[str, str]: ...


def _seed_prefix(seed: int) -> bytes:
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise ValueError(f"seed must be an integer, got {seed!r}")
    return f"{seed}\0".encode()


def lottery_number(seed: int, applicant_id: str) -> int:
    """The applicant's lottery number for this seed (lower wins a score tie)."""
    digest = hashlib.blake2b(_seed_prefix(seed) + applicant_id.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def priority_key(applicant: _Ranked, seed: int) -> tuple[float, int, str]:
    """Sort key: smaller is higher priority (score desc, lottery asc, id)."""
    return (-float(applicant.score), lottery_number(seed, applicant.id), applicant.id)


def _lotteries(seed: int, ids: Sequence[str]) -> np.ndarray:
    base = hashlib.blake2b(_seed_prefix(seed), digest_size=8)
    copy = base.copy

    def one(aid: str) -> bytes:
        h = copy()
        h.update(aid.encode("utf-8"))
        return h.digest()

    return np.frombuffer(b"".join(map(one, ids)), dtype=">u8").astype(np.uint64)


_SIDE_APPLICANT = 0
_SIDE_PROGRAMME = 1
_SIDE_PROGRAMME_ID = 2


def _resolve(key: str) -> tuple[int, str, bool]:
    """(side, attribute, falls back to the programme attribute) for a scope key."""
    if key == "programme":
        return _SIDE_PROGRAMME_ID, "id", False
    if key.startswith("applicant."):
        return _SIDE_APPLICANT, key[len("applicant.") :], False
    if key.startswith("programme."):
        attr = key[len("programme.") :]
        return (_SIDE_PROGRAMME_ID, "id", False) if attr == "id" else (_SIDE_PROGRAMME, attr, False)
    if key in APPLICANT_SCOPE_KEYS:
        return _SIDE_APPLICANT, key, key == "applicant_type"
    return _SIDE_PROGRAMME, key, False


def scope_value(key: str, applicant: _Described, programme: _Described) -> str | None:
    """The value a cap's scope key reads for the pair (applicant, programme)."""
    side, attr, fallback = _resolve(key)
    if side == _SIDE_PROGRAMME_ID:
        return programme.id
    if side == _SIDE_APPLICANT:
        value = applicant.attrs.get(attr)
        if value is None and fallback:
            value = programme.attrs.get(attr)
        return value
    return programme.attrs.get(attr)
