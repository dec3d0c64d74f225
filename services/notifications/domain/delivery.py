"""The states of an outbound delivery (pure).

A ``notifications`` row is one e-mail or one webhook POST: pending -> sending (claimed
with a lease) -> delivered | pending again (a retry) | dead (no tries left; an operator
may replay it) | cancelled (nothing left to deliver to).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol

from services.notifications.domain.retry import next_delay

DELIVERED_TYPE = "org.corridor.notification.delivered.v1"
FAILED_TYPE = "org.corridor.notification.failed.v1"


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


# A webhook delivery's last error when its subscription was stopped (cancelled, not tried).
SUBSCRIPTION_STOPPED = "subscription removed"


# The label a tried row's new status gets in corridor_notification_deliveries_total.
def outcome_label(status: str) -> str:
    return "retrying" if status == DeliveryStatus.PENDING else str(status)


class DeliveryRow(Protocol):
    """What storing a try reads of a notifications row."""

    id: str
    source_event_id: str
    recipient: str
    channel: str
    attempts: int
    context: dict[str, Any]


@dataclass(frozen=True)
class TryStored:
    """What one try writes: the row's new column values, the notification.delivered /
    .failed event announcing it (``(type, data)``, data as the event's model dumps it:
    its fields in order), and the retry delay when it is due again."""

    values: dict[str, Any]
    event: tuple[str, dict[str, Any]] | None
    delay: float | None = None

    @property
    def status(self) -> str:
        return str(self.values["status"])


def try_stored(
    row: DeliveryRow,
    *,
    error: str | None,
    status_code: int | None,
    cancelled: bool,
    permanent: bool = False,
    now: datetime,
    schedule: Sequence[float],
    jitter: float,
    rand: float,
) -> TryStored:
    """The outcome of one try of ``row`` as it stands before it is stored (``rand``: uniform in
    [0, 1), for the retry delay's jitter): delivered (a reset link in the context dropped: it is
    kept no longer than needed to send it), cancelled, pending again after the schedule's next
    delay, or dead after its last try (or after this one, when ``permanent``: no try can succeed)."""
    attempts = row.attempts + 1
    values: dict[str, Any] = {"claimed_until": None, "attempts": attempts, "last_status_code": status_code}
    said = {
        "notification_id": row.id,
        "source_event_id": row.source_event_id,
        "recipient": row.recipient,
        "channel": str(row.channel),
        "attempts": attempts,
    }
    if error is None:
        values.update(status=DeliveryStatus.DELIVERED, delivered_at=now, last_error=None)
        if row.context.get("link"):
            values["context"] = {**row.context, "link": None}
        return TryStored(values, (DELIVERED_TYPE, {**said, "error": None}))
    if cancelled:
        values.update(status=DeliveryStatus.CANCELLED, last_error=error)
        return TryStored(values, None)
    values["last_error"] = error[:2000]
    delay = None if permanent else next_delay(attempts, schedule, rand, jitter)
    if delay is None:
        values["status"] = DeliveryStatus.DEAD
        return TryStored(values, (FAILED_TYPE, {**said, "error": error[:2000]}))
    values.update(status=DeliveryStatus.PENDING, next_attempt_at=now + timedelta(seconds=delay))
    return TryStored(values, None, delay)


def untried(now: datetime, *, due_now: bool) -> dict[str, Any]:
    """A claimed row given back without a try counted: pending again, its schedule as it was,
    or due at once (``due_now``: its addressee's contact arrived while it was out)."""
    values: dict[str, Any] = {"claimed_until": None, "status": DeliveryStatus.PENDING}
    if due_now:
        values["next_attempt_at"] = now
    return values
