"""Whom an e-mail goes to, looked up when it is sent (an address changed since the event is
the new one) and when an admin lists the e-mails."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, union
from sqlalchemy.ext.asyncio import AsyncConnection

from services.notifications.domain.templates import ACCOUNT_KINDS, STAFF_KINDS
from services.notifications.models import Account, Contact, Notification


@dataclass(frozen=True)
class Addressee:
    """Whom an e-mail goes to: a stored contact or account, or the row's own (account.notice)."""

    email: str
    name: str
    language: str


async def addressees(conn: AsyncConnection, rows: Iterable[Notification]) -> dict[str, Addressee]:
    """The addressee of each e-mail row, by row id: applicants' contacts, staff accounts, and
    the owner an account notice (or a referee's e-mail) names itself."""
    rows = list(rows)
    applicants = {r.recipient for r in rows if r.template not in STAFF_KINDS | ACCOUNT_KINDS}
    accounts = {r.recipient for r in rows if r.template in STAFF_KINDS}
    contacts = await _addressees(conn, Contact.__table__.c.applicant_id, applicants)
    staff = await _addressees(conn, Account.__table__.c.account_id, accounts)
    found: dict[str, Addressee] = {}
    for r in rows:
        if r.template in ACCOUNT_KINDS:
            owner = r.context
            if owner.get("email"):
                found[r.id] = Addressee(owner["email"], owner.get("name") or "", owner.get("language") or "en")
        elif (who := (staff if r.template in STAFF_KINDS else contacts).get(r.recipient)) is not None:
            found[r.id] = who
    return found


async def _addressees(conn: AsyncConnection, key: Any, ids: set[str]) -> dict[str, Addressee]:
    """Addressees by ``key`` (a contacts or accounts table's id column): its table's three
    columns on a Core connection (an ORM entity per addressee cost more than its read)."""
    if not ids:
        return {}
    c = key.table.c
    rows = await conn.execute(select(key, c.email, c.name, c.language).where(key.in_(sorted(ids))))
    return {id_: Addressee(email, name, language) for id_, email, name, language in rows}


def recipients_at(address: str):
    """The ids (an applicant's, an account's) whose e-mails go to ``address``, as a subquery:
    an admin looks an applicant's e-mails up by the address they were told of."""
    address = address.strip().lower()
    return union(
        select(Contact.__table__.c.applicant_id).where(func.lower(Contact.__table__.c.email) == address),
        select(Account.__table__.c.account_id).where(func.lower(Account.__table__.c.email) == address),
    ).subquery()
