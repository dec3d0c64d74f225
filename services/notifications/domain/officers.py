"""Who hears that a matching round finished, or that a stage's deadline is near (pure): a
nomination's to the country's authority, an admission's to the host's users, an endorsement's
to the home institution's coordinators; who hears that an applicant replied in a thread, and who of the committee's work.

A round, and a stage's deadline that passed: every active officer who manages the scheme
(``shared.scope.manages_scheme``: an officer scoped to that scheme, or an unscoped officer).
Admins manage everything but are told only when no active officer manages the scheme, so
that a round never goes unheard without every admin receiving every round of every scheme.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from shared.principal import Principal, Role
from shared.scope import endorses_for, manages_scheme, nominates_for, sees_application


def nominators_of(accounts: Iterable[Principal], scheme_id: str, country: str) -> list[str]:
    """The nominating authority's users for a country in a scheme (``shared.scope.nominates_for``)."""
    return list(
        dict.fromkeys(p.sub for p in accounts if p.role == Role.NOMINATOR and nominates_for(p, scheme_id, country))
    )


def coordinators_of(accounts: Iterable[Principal], scheme_id: str, institution_id: str) -> list[str]:
    """A home institution's coordinators in a scheme (``shared.scope.endorses_for``: scoped to
    that scheme or to none); admins endorse everywhere but are not the stage's owners."""
    return list(
        dict.fromkeys(
            p.sub for p in accounts if p.role == Role.COORDINATOR and endorses_for(p, scheme_id, institution_id)
        )
    )


def host_users(accounts: Iterable[Principal], institution_id: str) -> list[str]:
    """A host institution's partner users."""
    return list(dict.fromkeys(p.sub for p in accounts if p.role == Role.PARTNER and institution_id in p.institutions))


def _officers_or_admins(staff: Iterable[Principal], wanted: Callable[[Principal], bool]) -> list[str]:
    """The active officers ``wanted`` (account ids, in the order given, once each); the admins
    when no such officer is active, so that someone hears of it."""
    staff = list(staff)
    officers = [p.sub for p in staff if p.role == Role.OFFICER and wanted(p)]
    return list(dict.fromkeys(officers or (p.sub for p in staff if p.role == Role.ADMIN)))


def round_audience(staff: Iterable[Principal], scheme_id: str | None) -> list[str]:
    """Account ids to tell, in the order given; ``staff``: the active officers and admins."""
    return _officers_or_admins(staff, lambda p: manages_scheme(p, scheme_id))


def application_audience(staff: Iterable[Principal], scheme_id: str | None, hosts: Iterable[str | None]) -> list[str]:
    """Who hears of an application's news (an applicant's reply): the active officers who see it
    (``shared.scope.sees_application``: its scheme, and its choices' host institutions when the
    officer is scoped to institutions); the admins when no such officer is active."""
    hosts = list(hosts)
    return _officers_or_admins(staff, lambda p: sees_application(p, scheme_id, hosts))


def committee_audience(staff: Iterable[Principal], scheme_id: str | None, hosts: Iterable[str | None]) -> list[str]:
    """Who is told of the selection committee's work on an application (a spread to moderate,
    an interview the applicant cancelled): the officers who can open its committee pages and
    act there, that is who manage its scheme (``manages_scheme``) and see it
    (``sees_application``); the admins when no such officer is active. An officer scoped to
    host institutions only sees the application but has no committee page: its link was a 404."""
    hosts = list(hosts)
    return _officers_or_admins(staff, lambda p: manages_scheme(p, scheme_id) and sees_application(p, scheme_id, hosts))


def reply_audience(
    authors: Iterable[Principal], staff: Iterable[Principal], scheme_id: str | None, hosts: Iterable[str | None]
) -> list[str]:
    """Who hears an applicant's reply: the staff who wrote in the thread (``authors``, active),
    an officer or reviewer among them only while the application is still in their scope; when none is
    left, ``application_audience`` of the active officers and admins (``staff``)."""
    hosts = list(hosts)
    in_scope = (Role.OFFICER, Role.REVIEWER)  # while the application is still theirs to read
    wrote = [p.sub for p in authors if p.role not in in_scope or sees_application(p, scheme_id, hosts)]
    return list(dict.fromkeys(wrote)) if wrote else application_audience(staff, scheme_id, hosts)
