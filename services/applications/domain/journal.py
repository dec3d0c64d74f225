"""The applications service's audit journal vocabulary (pure): the decisions and changes of
consequence made here. The columns and the CSV export are every service's (shared/journal.py);
the matching service keeps its own journal of reviews, scores, nominations and admissions."""

from __future__ import annotations

from enum import StrEnum


class Action(StrEnum):
    DOCUMENT_VERIFIED = "document.verified"
    DOCUMENT_REJECTED = "document.rejected"
    ACCOUNT_CREATED = "account.created"  # a staff, partner or nominator account, by an admin
    ACCOUNT_UPDATED = "account.updated"  # its contact or scope
    ACCOUNT_DISABLED = "account.disabled"
    ACCOUNT_ENABLED = "account.enabled"
    ACCOUNT_ERASED = "account.erased"  # an applicant closed their account: personal data erased
    APPLICATION_WITHDRAWN = "application.withdrawn"
    OFFER_ACCEPTED = "offer.accepted"
    OFFER_DECLINED = "offer.declined"
    CONSENT_SET = "consent.set"  # what a host may read (issue 14)
    IDENTITY_READ = "identity.read"  # a host read an applicant's identity or a document
    PAPERS_ISSUED = "papers.issued"  # a host issued an admission paper to the applicant
    MESSAGE_SENT = "message.sent"  # to the applicant, or the applicant's reply (not the text)
