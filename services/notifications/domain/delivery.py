"""The states of an outbound delivery (pure).

A ``notifications`` row is one e-mail or one webhook POST: pending -> sending (claimed
with a lease) -> delivered | pending again (a retry) | dead (no tries left; an operator
may replay it) | cancelled (nothing left to deliver to).
"""

from __future__ import annotations

from enum import StrEnum


class Channel(StrEnum):
    """How a notifications row goes out (the inbox is written at once: it has no row)."""

    EMAIL = "email"
    WEBHOOK = "webhook"


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    DELIVERED = "delivered"
    DEAD = "dead"
    CANCELLED = "cancelled"


# The label a tried row's new status gets in corridor_notification_deliveries_total.
def outcome_label(status: str) -> str:
    return "retrying" if status == DeliveryStatus.PENDING else str(status)
