"""Request and response bodies of the notifications API."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from services.notifications.domain.delivery import Channel, DeliveryStatus
from services.notifications.domain.partner import DEFAULT_OVERLAP, MAX_OVERLAP, PARTNER_EVENT_TYPES
from services.notifications.models import InboxEntry, JournalEntry, Notification, WebhookSubscription
from services.notifications.service.addressees import Addressee
from shared.api import RequestBody
from shared.clock import aware
from shared.paging import Page
from shared.text import no_overrides

if TYPE_CHECKING:
    PartnerEventType = str
else:  # the partner event types, as the values a request may name
    PartnerEventType = Literal[tuple(PARTNER_EVENT_TYPES)]


# --- the inbox ---


class InboxPage(Page[InboxEntry]):
    unread: int


class ReadAll(RequestBody):
    marked: int
    unread: int


# --- subscriptions ---


class SubscriptionIn(RequestBody):
    # a misspelt field (evnt_types) was dropped and the default, every event type, taken
    model_config = ConfigDict(extra="forbid")

    url: str = Field(
        max_length=2000,
        description="https:// endpoint receiving POSTs, on a public address and an allowed port (443); "
        "refused with 422 and a webhook.url_* code otherwise",
    )
    event_types: list[PartnerEventType] = Field(
        default=[], max_length=20, description="empty: every partner event type"
    )
    institution_id: str | None = Field(
        default=None, min_length=1, max_length=64, description="needed when you act for several"
    )
    description: Annotated[str, AfterValidator(no_overrides)] = Field(default="", max_length=300)

    @field_validator("url")
    @classmethod
    def _http_url(cls, v: str) -> str:
        # checked by the service's own rules (domain/targets.py), whose refusal names the
        # problem with a webhook.url_* code: "validation" here had answered some malformed ones
        return v.strip()


class SubscriptionChange(RequestBody):
    """What changes (a field left out stays as it is); the secret never changes here."""

    model_config = ConfigDict(extra="forbid")

    url: str | None = Field(default=None, max_length=2000, description="a new endpoint, checked as a new one is")
    event_types: list[PartnerEventType] | None = Field(
        default=None, max_length=20, description="empty: every partner event type"
    )
    description: Annotated[str, AfterValidator(no_overrides)] | None = Field(default=None, max_length=300)

    @field_validator("url")
    @classmethod
    def _http_url(cls, v: str | None) -> str | None:
        return None if v is None else SubscriptionIn._http_url(v)


class SubscriptionOut(BaseModel):
    id: str
    institution_id: str
    url: str
    event_types: list[str]
    description: str
    active: bool
    created_at: datetime
    previous_secret_until: datetime | None = Field(
        default=None, description="after a rotation: until when the previous secret signs too"
    )

    @classmethod
    def of(cls, sub: WebhookSubscription) -> SubscriptionOut:
        return cls(**sub.model_dump(exclude={"secret", "previous_secret", "earlier_secrets", "created_by"}))


class SubscriptionCreated(SubscriptionOut):
    secret: str | None = Field(
        description="whsec_...: verify webhook-signature with it; shown only now. Null in the answer to the "
        "same request sent again with its Idempotency-Key (Idempotent-Replayed: true): the secret is shown once, "
        "so rotate it if the first answer was lost"
    )


class RotateSecret(RequestBody):
    overlap_seconds: int = Field(
        default=int(DEFAULT_OVERLAP.total_seconds()),
        ge=0,
        le=int(MAX_OVERLAP.total_seconds()),
        description="how long the previous secret goes on signing too (default 24 h, at most 7 days)",
    )
    reason: str = Field(default="", max_length=2000, description="why (kept in the audit journal)")


class Replay(RequestBody):
    reason: str = Field(default="", max_length=2000, description="why (kept in the audit journal)")


class Resend(RequestBody):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(
        min_length=1, max_length=2000, description="why it is sent again (kept in the audit journal): required"
    )


class RetryIn(RequestBody):
    dead_too: bool = Field(
        default=False,
        description="also the subscription's dead deliveries, each with a fresh retry schedule (after an outage "
        "longer than the schedule: replaying them one by one was the only way)",
    )
    reason: str = Field(default="", max_length=2000, description="why (kept in the audit journal)")


class RetryOut(BaseModel):
    due_now: int = Field(description="deliveries that were waiting for their next try and go now")
    replayed_dead: int = Field(default=0, description="dead deliveries sent again (with dead_too)")


class PingOut(BaseModel):
    message_id: str = Field(description="the webhook-id of the test event")
    delivered: bool = Field(description="your endpoint answered 2xx")
    status_code: int | None
    error: str | None


class SubscriptionPage(Page[SubscriptionOut]):
    pass


# --- deliveries ---


class DeliveryOut(BaseModel):
    """A webhook delivery (a notifications row of the webhook channel)."""

    id: str
    subscription_id: str
    institution_id: str | None
    message_id: str
    type: str
    status: DeliveryStatus
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    last_status_code: int | None
    created_at: datetime
    delivered_at: datetime | None

    @classmethod
    def of(cls, n: Notification) -> DeliveryOut:
        return cls(
            id=n.id,
            subscription_id=n.recipient,
            institution_id=n.institution_id,
            message_id=n.context.get("message_id", ""),
            type=n.context.get("payload", {}).get("type", ""),
            status=DeliveryStatus(n.status),
            attempts=n.attempts,
            next_attempt_at=n.next_attempt_at,
            last_error=n.last_error,
            last_status_code=n.last_status_code,
            created_at=n.created_at,
            delivered_at=n.delivered_at,
        )


class DeliveryPage(Page[DeliveryOut]):
    pass


class NotificationOut(BaseModel):
    """An outbound e-mail or webhook."""

    id: str
    channel: Channel
    recipient: str
    source_event_id: str
    event_type: str
    template: str | None = Field(
        default=None, description="an e-mail's kind of notice (offer_made, document_rejected, ...); none for a webhook"
    )
    status: DeliveryStatus
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    created_at: datetime
    delivered_at: datetime | None
    resend: int = Field(
        default=0, description="0: the notice its event made; 1, 2, ...: a copy of a delivered e-mail sent again"
    )
    address: str | None = Field(
        default=None,
        description="an e-mail's address as it stands now (where a try or a copy goes); none for a webhook",
    )
    recipient_name: str | None = Field(default=None, description="an e-mail recipient's name as it stands now")
    resendable: bool = Field(
        default=False,
        description="a delivered e-mail that can be sent again (POST .../resend): not one whose one-time link is spent",
    )

    @classmethod
    def of(cls, n: Notification, *, addressee: Addressee | None = None, resendable: bool = False) -> NotificationOut:
        named = {"address": addressee.email, "recipient_name": addressee.name} if addressee else {}
        return cls(**n.model_dump(include=set(cls.model_fields)), **named, resendable=resendable)


class NotificationPage(Page[NotificationOut]):
    pass


class DispatcherStats(BaseModel):
    claimed: int
    delivered: int
    failed_tries: int
    dead: int


# --- the partner feed ---


class FeedItem(BaseModel):
    cursor: str
    message_id: str = Field(description="as a webhook's webhook-id: deduplicate by it")
    institution_id: str
    type: str = Field(description="the event type, e.g. application.offered")
    timestamp: str
    data: dict = Field(
        description="PartnerData in the partner contract (GET /partner/asyncapi.json, docs/partner-asyncapi.json),"
        " the same as a webhook body's data"
    )


class FeedPage(BaseModel):
    items: list[FeedItem]
    next_cursor: str = Field(description="pass as ?cursor= to read on; unchanged when nothing is new")
    has_more: bool
    limit: int


# --- the audit journal ---


class JournalEntryOut(BaseModel):
    id: int
    at: datetime
    actor: str
    actor_name: str
    action: str
    scheme_id: str | None
    cycle_id: str | None
    application_id: str | None
    subject: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reason: str

    @classmethod
    def of(cls, e: JournalEntry) -> JournalEntryOut:
        return cls.model_validate({**e.model_dump(), "at": aware(e.at)})


class JournalPage(Page[JournalEntryOut]):
    pass
