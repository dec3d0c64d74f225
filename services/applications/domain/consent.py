"""What a host institution may read of an applicant, and when (issue 14: identity only with consent).

A host needs the applicant's name, date of birth, nationality and passport to issue an
admission letter; partners otherwise receive ids only. The applicant consents when applying
(and may withdraw it), separately for two things: their identity, and their documents. A host
may read them only while the application is under its consideration or with it: a match at
one of the host's institutions that the officers approved (``with_host``), offered, or
accepted. Nothing else of anyone else. Every read is recorded, and the applicant sees the record.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from shared.events.catalog import ApplicationStatus


class Consent(StrEnum):
    IDENTITY = "host_identity"  # name, date of birth, nationality, e-mail, home institution
    DOCUMENTS = "host_documents"  # the uploaded documents (passport, transcript, ...)


# While a match at the host holds the application (officers approved it, or it is an offer).
WITH_THE_HOST = frozenset({ApplicationStatus.WITH_HOST, ApplicationStatus.OFFERED, ApplicationStatus.ACCEPTED})


@dataclass(frozen=True)
class Given:
    """The applicant's consent as stored on the application."""

    identity: bool = False
    documents: bool = False
    at: datetime | None = None

    @classmethod
    def of(cls, stored: Mapping[str, Any] | None) -> Given:
        stored = stored or {}
        at = stored.get("at")
        return cls(
            identity=bool(stored.get(Consent.IDENTITY)),
            documents=bool(stored.get(Consent.DOCUMENTS)),
            at=datetime.fromisoformat(at) if isinstance(at, str) else None,
        )

    def stored(self) -> dict[str, Any]:
        return {
            Consent.IDENTITY.value: self.identity,
            Consent.DOCUMENTS.value: self.documents,
            "at": self.at.isoformat() if self.at else None,
        }

    def allows(self, what: Consent) -> bool:
        return self.identity if what == Consent.IDENTITY else self.documents


def host_of(status: str, deciding_host: str | None, offered_host: str | None) -> str | None:
    """The host institution the application is with now: while it waits for a host's
    admission, that host (set when the application went to it, so always the current match's);
    once offered or accepted, the host of the offered programme. Never a host it left."""
    if status == ApplicationStatus.WITH_HOST:
        return deciding_host
    if status in (ApplicationStatus.OFFERED, ApplicationStatus.ACCEPTED):
        return offered_host
    return None


def is_with(status: str, host: str | None, institutions: Iterable[str]) -> bool:
    """The application is with one of these institutions now."""
    return status in WITH_THE_HOST and host is not None and host in set(institutions)


def may_read(status: str, host: str | None, institutions: Iterable[str], given: Given, what: Consent) -> bool:
    """A host's partner user may read ``what``: the application is with it, and consented to."""
    return is_with(status, host, institutions) and given.allows(what)
