"""For which institutions a partner (or an admin) acts (pure)."""

from __future__ import annotations

from shared.errors import Forbidden, Invalid
from shared.principal import Principal, Role


def subscription_institution(caller: Principal, requested: str | None) -> str:
    """The institution a new subscription is for: the one named, or the partner's only one."""
    if caller.role != Role.PARTNER:
        if requested is None:
            raise Invalid("subscription.institution_required", "required for an admin", "institution_id")
        return requested
    if not caller.institutions:
        raise Forbidden("subscription.no_institution", "your token names no institution", "institution_id")
    if requested is None:
        if len(caller.institutions) > 1:
            raise Invalid(
                "subscription.institution_ambiguous", "you act for several institutions: name one", "institution_id"
            )
        return caller.institutions[0]
    if requested not in caller.institutions:
        raise Forbidden("partner.foreign_institution", f"you do not act for institution {requested}", "institution_id")
    return requested


def feed_institutions(caller: Principal, requested: str | None) -> list[str]:
    """The institutions whose feed a partner reads: all of its own, or the one of them named."""
    if requested is None:
        return list(caller.institutions)
    if requested not in caller.institutions:
        raise Forbidden("partner.foreign_institution", f"you do not act for institution {requested}", "institution_id")
    return [requested]


def sees_everything(caller: Principal) -> bool:
    """Admins see every subscription and delivery; a partner only its institutions'."""
    return caller.role == Role.ADMIN
