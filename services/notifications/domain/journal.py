"""The notifications service's audit journal vocabulary (pure): the changes of consequence
made through its API. The columns and the CSV export are every service's (shared/journal.py).

Not journaled: deliveries themselves (each is a ``notifications`` row with its outcome), a
test event (``/ping`` changes nothing), and a reader marking their own inbox entries read.
"""

from __future__ import annotations

from enum import StrEnum


class Action(StrEnum):
    SUBSCRIPTION_CREATED = "subscription.created"
    # PATCH /webhooks/subscriptions/{id}: its address, event types or description (not its secret)
    SUBSCRIPTION_CHANGED = "subscription.changed"
    # DELETE /webhooks/subscriptions/{id}: the subscription is deactivated (its deliveries keep naming it)
    SUBSCRIPTION_DELETED = "subscription.deleted"
    SECRET_ROTATED = "subscription.secret_rotated"  # the secrets themselves are never journaled
    DELIVERY_REPLAYED = "delivery.replayed"  # a dead e-mail or webhook tried again, by an admin or its partner
    DELIVERY_RESENT = "delivery.resent"  # a copy of a delivered e-mail sent as a new message, by an admin
