"""An applicant who closed their account (applicant.erased): their contact stays as a tombstone
without address, name or language, so that a notice about them told later tells nobody
(service/erasure.py erases; service/fanout.py reads). Pure."""

from __future__ import annotations

# An erased contact's language: a real one always has a language.
ERASED = ""


def is_erased(contact: tuple[str, str] | None) -> bool:
    """Whether a stored (name, language) is an erased applicant's."""
    return contact is not None and contact[1] == ERASED
