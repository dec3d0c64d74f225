"""Outbound e-mails for an admin (pure): the page's tabs, the kinds of notice said in words,
and the notifications service's refusals of a replay in the portal's words."""

from __future__ import annotations

from services.portal.domain.forms import is_email

# The tabs, as the service's statuses (services/notifications/domain/delivery.py): the dead
# first, the ones to look at and to try again. "pending" holds the e-mails waiting for their
# first try and those being retried (tried before: attempts > 0), each row says which.
TABS: tuple[str, ...] = ("dead", "pending", "delivered", "all")
TAB_WORDS = {
    "dead": "delivery:dead",
    "pending": "Waiting or being retried",
    "delivered": "delivery:delivered",
    "all": "Every e-mail",  # a person's e-mails looked up by address: whatever became of each
}

REASON_LENGTH = 2000  # the service's Replay.reason

# Every kind of notice (services/notifications/domain/templates.py MESSAGES; a unit test keeps
# the two alike) in words: the page had shown 27 of them by their codes.
KINDS: tuple[str, ...] = (
    "application_submitted",
    "application_withdrawn",
    "application_message",
    "offer_made",
    "waitlisted",
    "unmatched",
    "place_confirmed",
    "offer_declined",
    "round_completed",
    "document_rejected",
    "document_task_near",
    "document_task_passed",
    "account_password_reset",
    "account_email_verify",
    "account_email_confirm",
    "account_email_change_requested",
    "account_locked",
    "account_password_changed",
    "referee_request",
    "referee_reminder",
    "interview_invited",
    "interview_booked",
    "interview_reminder",
    "nomination_nominated",
    "admission_rejected",
    "papers_issued",
    "nomination_promoted",
    "nomination_reserve",
    "nomination_not_nominated",
    "nominee_left",
    "nominee_not_admitted",
    "place_accepted_host",
    "place_declined_host",
    "place_declined_officers",
    "awaiting_endorsement",
    "awaiting_admission",
    "admission_requested",
    "letter_submitted",
    "letter_declined",
    "match_rejected",
    "account_disabled",
    "account_enabled",
    "account_email_changed",
    "account_registration_attempt",
    "document_resubmitted",
    "document_replaced_verified",
    "reviewer_conflict",
    "review_given_away",
    "referee_cancelled",
    "interview_moved",
    "interview_cancelled",
    "nomination_moved_to_reserve",
    "nomination_withdrawn",
    "admission_revoked",
    "admission_lapsed",
    "endorsement_endorsed",
    "endorsement_not_endorsed",
    "deadline_near_nomination",
    "deadline_near_admission",
    "deadline_passed_nomination",
    "deadline_passed_admission",
    "deadline_near_endorsement",
    "deadline_passed_endorsement",
    "reviewer_assigned",
    "applicant_replied",
    "moderation_flagged",
    "interview_cancelled_by_applicant",
    "admitted_applicant_withdrew",
    "awaiting_applicant_withdrew",
    "endorsee_left",
    "place_given_up",
    "place_given_up_host",
    "place_freed_officers",
    "endorsee_admitted",
    "endorsee_not_admitted",
    "endorsee_lapsed",
)

# The service's refusals (services/notifications/service/deliveries.py replay, resend).
REFUSALS: dict[str, str] = {
    "delivery.not_dead": "Only an e-mail that failed for good can be tried again.",
    "delivery.not_found": "There is no such e-mail.",
    "delivery.not_delivered": "Only a delivered e-mail can be sent again.",
    "delivery.link_spent": "This e-mail carried a one-time link, which is not kept once sent. The person asks for a new one (a password reset, or the applicant sends the referee's request again).",
    "delivery.resent_just_now": "A copy of this e-mail was sent a moment ago.",
}


def address_of(typed: str | None) -> tuple[str | None, str | None]:
    """The address an admin looks e-mails up by, or why it is not one (a message key)."""
    address = (typed or "").strip()
    if not address:
        return None, None
    if len(address) > 320 or not is_email(address):
        return None, "Enter an e-mail address, like name@example.org."
    return address, None


def kind_key(template: str | None) -> str | None:
    """A kind of notice's message key, or None when the portal has no words for it."""
    return f"email-kind:{template}" if template in KINDS else None


def tab_of(status: str | None) -> str:
    """The tab asked for; an unknown one (an edited address) is the dead e-mails'."""
    return status if status in TABS else TABS[0]
