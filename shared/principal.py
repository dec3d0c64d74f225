"""Who is calling: a role and its scope. Pure data, so domain rules can take it."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel


class Role(StrEnum):
    APPLICANT = "applicant"
    OFFICER = "officer"
    ADMIN = "admin"
    PARTNER = "partner"
    # A sending country's nominating authority (HEC for Pakistan, a ministry for Kazakhstan):
    # scoped to schemes and sending countries (``countries``).
    NOMINATOR = "nominator"
    # A home institution's coordinator (a university's international office, a vocational
    # college): endorses its own applicants; scoped to schemes and home ``institutions``.
    COORDINATOR = "coordinator"
    # A member of a selection committee (a professor asked to score, not an admissions officer):
    # scoped like an officer (schemes and/or host institutions), reads the applications in scope
    # and checks their documents, scores those assigned; defines, runs and decides nothing.
    REVIEWER = "reviewer"


class Principal(BaseModel):
    """The caller. ``sub`` is the account (an applicant's id for applicants); officers are
    scoped by ``schemes`` and/or host ``institutions`` (reviewers alike), partners by ``institutions``,
    nominators by ``schemes`` and sending ``countries`` (ISO 3166-1 alpha-2), coordinators by
    ``schemes`` and home ``institutions``."""

    sub: str
    role: Role
    name: str = ""
    schemes: list[str] = []
    institutions: list[str] = []
    countries: list[str] = []
    # A partner system's token (client credentials): the client it was issued to; a person's: None.
    client_id: str | None = None
