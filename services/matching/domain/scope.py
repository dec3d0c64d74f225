"""Who may do what: officers are scoped by schemes and/or host institutions.

- an unscoped officer (no schemes, no institutions) acts on the whole catalog;
- a scheme-scoped officer manages the cycles, quota rules, pool and rounds of those schemes
  and the programmes and matches in them (at any host, unless also institution-scoped);
- an institution-scoped officer manages the programmes and reviews the matches hosted at
  those institutions, but no scheme-wide things (cycles, quota rules, rounds, scores)
  unless also scoped to the scheme;
- admins do everything, and alone create institutions and schemes.
"""

from __future__ import annotations

from shared.principal import Principal, Role


def manages_scheme(p: Principal, scheme_id: str) -> bool:
    if p.role == Role.ADMIN:
        return True
    if p.role != Role.OFFICER:
        return False
    if p.schemes:
        return scheme_id in p.schemes
    return not p.institutions


def manages_hosted(p: Principal, scheme_id: str, host_institution_id: str) -> bool:
    """Programmes and matches: within the officer's schemes and institutions (each if set)."""
    if p.role == Role.ADMIN:
        return True
    if p.role != Role.OFFICER:
        return False
    if p.schemes and scheme_id not in p.schemes:
        return False
    if p.institutions and host_institution_id not in p.institutions:
        return False
    return True
