"""What an officer may see and do: one rule per thing, used by every service.

- An unscoped officer (no schemes, no institutions) acts on the whole catalog.
- A scheme-scoped officer manages those schemes' cycles, quota rules, rounds and pool.
- An institution-scoped officer manages the programmes hosted at those institutions and
  the matches and applications that involve them, but nothing scheme-wide (cycles, quota
  rules, rounds) unless also scoped to the scheme.
- Scoped to both, each scope narrows: an application is visible when it is in one of the
  officer's schemes *and* names a programme hosted at one of the officer's institutions.
- A reviewer (a selection committee's member) is scoped as an officer is and sees what an
  officer of that scope sees, but manages nothing: the committees of its schemes give it
  applications to score (``sits_on_committee``).
- Admins do everything. Applicants and partners manage nothing here.
"""

from __future__ import annotations

from collections.abc import Iterable

from shared.principal import Principal, Role


def manages_scheme(p: Principal, scheme_id: str | None) -> bool:
    """Scheme-wide things: cycles, quota rules, rounds, the pool of a cycle."""
    if p.role == Role.ADMIN:
        return True
    if p.role != Role.OFFICER:
        return False
    if p.schemes:
        return scheme_id in p.schemes
    return not p.institutions


def manages_hosted(p: Principal, scheme_id: str | None, host_institution_id: str | None) -> bool:
    """One programme or match: within the officer's schemes and institutions (each if set)."""
    if p.role == Role.ADMIN:
        return True
    return p.role == Role.OFFICER and _within(p, scheme_id, [host_institution_id])


def sees_application(p: Principal, scheme_id: str | None, host_institution_ids: Iterable[str | None]) -> bool:
    """An application (or its pool entry) whose choices are hosted at ``host_institution_ids``."""
    if p.role == Role.ADMIN:
        return True
    return p.role in (Role.OFFICER, Role.REVIEWER) and _within(p, scheme_id, host_institution_ids)


def sits_on_committee(p: Principal, scheme_id: str | None) -> bool:
    """May be given a scheme's applications to score: its officers (``manages_scheme``) and the
    reviewers of the scheme (or of every scheme; one scoped to host institutions scores only the
    applications with a choice there)."""
    if p.role == Role.REVIEWER:
        return not p.schemes or scheme_id in p.schemes
    return p.role == Role.OFFICER and manages_scheme(p, scheme_id)


def _within(p: Principal, scheme_id: str | None, host_institution_ids: Iterable[str | None]) -> bool:
    """Within an officer's or reviewer's schemes and institutions (each narrows, if set)."""
    if p.schemes and scheme_id not in p.schemes:
        return False
    if p.institutions and not set(p.institutions).intersection(h for h in host_institution_ids if h):
        return False
    return True


def scheme_filter(p: Principal) -> list[str] | None:
    """For queries: the schemes to restrict to, or None for no restriction."""
    return None if p.role == Role.ADMIN or not p.schemes else list(p.schemes)


def country_filter(p: Principal) -> list[str] | None:
    """For queries: the sending countries an application must come from (a nominating
    authority's own countries), or None."""
    return list(p.countries) if p.role == Role.NOMINATOR else None


def institution_filter(p: Principal) -> list[str] | None:
    """For queries: the host institutions an application must involve, or None."""
    # A coordinator's institutions are home institutions, not hosts (home_filter).
    scoped_by_hosts = (Role.OFFICER, Role.REVIEWER, Role.PARTNER)
    return None if p.role not in scoped_by_hosts or not p.institutions else list(p.institutions)


# --- the award path (issue 14) ---------------------------------------------------------------


def nominates_for(p: Principal, scheme_id: str | None, country: str | None) -> bool:
    """Sets a sending country's nominations in a scheme: that country's nominating authority
    (scoped to the scheme, or to no scheme), and admins."""
    if p.role == Role.ADMIN:
        return True
    if p.role != Role.NOMINATOR or not country or country not in p.countries:
        return False
    return not p.schemes or scheme_id in p.schemes


def reads_nominations(p: Principal, scheme_id: str | None, country: str | None) -> bool:
    """Reads them: whoever sets them, and the officers who manage the scheme."""
    return nominates_for(p, scheme_id, country) or manages_scheme(p, scheme_id)


def admits_at(p: Principal, scheme_id: str | None, host_institution_id: str | None) -> bool:
    """Decides admission at a host institution: the host's partner users, officers of that
    programme (``manages_hosted``) and admins."""
    if p.role == Role.PARTNER:
        return bool(host_institution_id) and host_institution_id in p.institutions
    return manages_hosted(p, scheme_id, host_institution_id)


def endorses_for(p: Principal, scheme_id: str | None, home_institution_id: str | None) -> bool:
    """Endorses a home institution's applicants in a scheme: that institution's coordinator
    (scoped to the scheme, or to no scheme), and admins."""
    if p.role == Role.ADMIN:
        return True
    if p.role != Role.COORDINATOR or not home_institution_id or home_institution_id not in p.institutions:
        return False
    return not p.schemes or scheme_id in p.schemes


def reads_endorsements(p: Principal, scheme_id: str | None, home_institution_id: str | None) -> bool:
    """Reads them: whoever sets them, and the officers who manage the scheme."""
    return endorses_for(p, scheme_id, home_institution_id) or manages_scheme(p, scheme_id)


def home_filter(p: Principal) -> list[str] | None:
    """For queries: the home institutions an application must come from (a coordinator's own),
    or None."""
    return list(p.institutions) if p.role == Role.COORDINATOR else None
