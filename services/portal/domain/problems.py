"""What the portal says for a service's refusal, by the refusal's stable ``code``. No I/O.

Every service answers an error as problem details whose items carry a dotted ``code``
("application.window_closed"). The portal shows its own sentence for a code it knows
(an English message key, translated when the page is rendered, with the item's context as
parameters) and the service's English reason for one it does not. A code is looked up
whole first, then by its last part ("cycle.window_closed" reads as "window_closed"), so a
new code with a known ending is still worded well.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from typing import Any


class Message(str):
    """Text for a page: a message key the page translates, with its parameters."""

    params: dict[str, Any]

    def __new__(cls, text: str, params: Mapping[str, Any] | None = None) -> Message:
        message = super().__new__(cls, text)
        message.params = dict(params or {})
        return message


# The whole code -> the portal's sentence (an English message key, translated in i18n.py).
BY_CODE: dict[str, str] = {
    # the framework and the shared refusals (shared/api.py, shared/auth.py)
    "validation": "Some values are not valid.",
    "not_found": "There is no such page.",
    "method_not_allowed": "This action is not possible here.",
    "unauthenticated": "Please log in first.",
    "forbidden": "This page is not available to your account.",
    "unavailable": "A service is busy right now. Please try again in a minute.",
    "auth.missing_token": "Please log in first.",
    "auth.invalid_token": "Your session has ended. Please log in again.",
    "auth.token_expired": "Your session has ended. Please log in again.",
    "auth.wrong_role": "This page is not available to your account.",
    "auth.bad_credentials": "Incorrect e-mail or password.",
    "scope.outside": "This is outside the schemes and institutions you manage.",
    "value.null": "This field is required.",
    # accounts
    "account.email_taken": "An account with this e-mail address already exists.",
    "applicant.not_found": "There is no such account.",
    "password.trivial": "This password is too simple: use more different characters.",
    "password.common": "This password is too common: choose another.",
    "password.personal": "The password must not contain your e-mail address or name (it contains “{contains}”).",
    "password.incorrect": "This is not your current password.",
    "password.current_missing": "Enter your password to change your e-mail address.",
    "password.unchanged": "The new password must differ from the current one.",
    "password_reset.invalid": "This link is unknown, used or expired. Ask for a new one.",
    # log-in throttling (429); with the wait, see wait_message
    "auth.throttled": "Too many failed log-ins. Please wait a little and try again.",
    "auth.locked": "Too many failed log-ins: log-ins to this account from this browser are paused for now. Please try again later.",
    # applications
    "application.not_found": "There is no such application.",
    "application.not_in_scope": "There is no such application.",
    "application.window_closed": "Applications for this cycle closed on {closes_at}.",
    "application.offer_expired": "This offer had to be answered by {reply_by}.",
    "application.window_not_open": "Applications for this cycle open on {opens_at}.",
    "application.not_editable": "This application can no longer be changed.",
    "application.not_draft": "Only a draft can be submitted.",
    "application.no_choices": "Choose at least one programme.",
    "application.not_withdrawable": "This application can no longer be withdrawn.",
    "application.no_open_offer": "There is no open offer to answer.",
    "offer.place_held": (
        "You have already accepted a place that begins at the same time. Only one can be accepted: "
        "decline this offer, or keep it open while you decide."
    ),
    "application.already_active": "You already have an application in this cycle; change or withdraw it first.",
    "application.not_eligible": "This choice is not eligible: {reasons}",
    "application.invalid_choices": "Some choices cannot be made; see the reasons next to each choice.",
    "application.too_many_choices": "You chose more programmes than this cycle allows.",
    "application.duplicate_choice": "This programme is already one of your choices.",
    "application.unknown_programme": "This programme is not offered in this cycle.",
    "application.programme_in_other_cycle": "This programme belongs to another cycle.",
    "application.programme_for_other_applicants": "This programme is for other applicants (students or faculty).",
    "application.programme_closed": "This programme no longer takes applicants (it was taken off offer): remove it from your choices, or choose another.",
    "application.unknown_cycle": "There is no such cycle.",
    "application.cycle_not_in_catalog": "This cycle is not open for applications.",
    # documents
    "document.too_large": "The file is too large (at most {max_mb} MB).",
    "document.empty": "The file is empty.",
    # checked on the content: a text file named .pdf is refused, and its name would say otherwise
    "document.unsupported_type": "This file is not really a PDF, PNG or JPEG file, whatever its name says. Save or scan it again as one of those.",
    "document.type_mismatch": "The file's content is not of the type it claims (PDF, PNG or JPEG).",
    "document.not_found": "There is no such document.",
    "document.file_missing": "There is no such document.",
    "document.not_deletable": "Documents can only be deleted while the application is a draft.",
    "certificate.level_above_scale": "A {kind} level is at most {top}: check the level or score on the certificate.",
    "round.started_since": "A round was started since you opened this page (by a colleague, or from this page before): its proposals are below. Nothing was started; start another only if you mean to replace them.",
    "certificate.level_step": "A {kind} level goes in steps of {step}: check the level on the certificate.",
    "certificate.unknown_kind": "Programmes ask only for {kinds}: choose one of them, or none.",
    "certificate.kind_twice": "{kind} is given twice: keep the one that counts.",
    "document.duplicate": "This file is already one of the application's documents of this kind: nothing was added.",
    "document.too_many": "An application keeps at most {limit} documents: delete or replace one to add another.",
    "document.too_many_versions": "A document keeps at most {limit} versions: delete the newest to upload another in its place.",
    "document.same_application": "This document is already this application's.",
    # the catalog
    "programme.not_found": "There is no such programme.",
    "cycle.not_found": "There is no such cycle.",
    # the officer console
    "round.running": "A round is already running for this cycle.",
    "round.just_started": "A round is already running for this cycle.",
    # (words in workbench_words.py)
    "round.scores_incomplete": "Some applications this round would rank lack reviews or scores, as said above. Tick the box to start it all the same.",
    "match.not_found": "There is no such match.",
    "match.round_running": "A round is running for this cycle; review after it completes.",
    "match.already_reviewed": "This match was decided meanwhile (in another tab, or by a colleague): your decision was not recorded.",
    "match.not_proposed": "This match was decided meanwhile (in another tab, or by a colleague), or the applicant withdrew: your decision was not recorded.",
    # the award path (issue 14): nomination lists and host admission (words in award_words.py)
    "nomination.over_allocation": "The country's allocation is {allocation}: no more nominees than that.",
    "nomination.not_in_pool": "This application is not in this country's pool.",
    "nomination.duplicate": "An application is on the lists twice.",
    "nomination.closed": "Nominations for this cycle are closed.",
    "profile.applicant_type_in_use": "You have an application made as this type: withdraw it (a draft too) before changing how you apply.",
    # the name as in the passport (words in passport_name_words.py)
    "profile.passport_name_latin": "Write the name in Latin letters as in your passport: A–Z, letters with accents such as é or ş, spaces, hyphens, apostrophes and full stops.",
    "profile.passport_name_length": "A name as in the passport has 2 to 200 characters.",
    "profile.facts_in_use": "An application of yours was submitted with it: the admissions office corrects it against your passport (say so in the messages of that application).",
    "interview.not_endorsed": "Only applications their home institution endorsed can be invited to interview.",
    "nomination.placed": "This nominee already holds a place in this cycle (approved, with the host or accepted): a nominee with a place cannot be taken off the list.",
    "nomination.published": "The list is published: publish the changes so that the applicants are told.",
    "nomination.changed": "A colleague published this list meanwhile: it now shows the list as they published it, and nothing of yours was published. Check it, and publish again if it still needs your changes.",
    "account.email_unverified": "Confirm your e-mail address first: open the link we sent to {email}. The notice at the top of the page sends it again.",
    "admission.not_awaiting": "This match is not awaiting your decision.",
    "admission.note_required": "With the reason “Other”, write the reason in the note: the applicant reads it.",
    "admission.seat_released": "The seat was already given up: a decision not to admit cannot be turned into an admission.",
    "admission.closed": "The admission deadline passed on {closes_at}: matches not decided by then are declined.",
    # endorsement by the home institution (issue 14; words in endorsement_words.py)
    "endorsement.closed": "Endorsements for this cycle closed on {closes_at}.",
    "endorsement.changed": "This applicant was decided meanwhile (by a colleague, or in another tab): the row shows the decision as it stands. Nothing was changed.",
    "endorsement.too_late": "This application is already placed in a round or nominated: its endorsement stands.",
    "endorsement.not_in_pool": "This application is not one of this institution's applicants in the cycle.",
    "endorsement.duplicate": "An application is named twice.",
    "endorsement.no_stage": "This scheme has no endorsement stage.",
    # consent and the host's identity reads (issue 14; words in consent_words.py)
    "host.no_consent_identity": "The applicant has not consented to share their identity with the host institution.",
    "host.no_consent_documents": "The applicant has not consented to share their documents with the host institution.",
    "host.not_with_you": "This application is not with your institution now.",
    # admission papers a host issues (words in paper_words.py)
    "papers.not_accepted": "The applicant has not accepted the place, or no longer holds it: papers are issued only for an accepted place.",
    # messages about an application (issue 16; words in message_words.py)
    "message.body_empty": "Write a message first.",
    "message.body_too_long": "A message is at most {max} characters.",
    "message.body_control_characters": "A message must not contain control characters.",
    "message.application_withdrawn": "This application is withdrawn: no more messages can be written about it.",
    "message.applicant_closed": "The applicant closed their account: nobody would read this message.",
    "message.body_direction_controls": "Remove the text direction override characters (they can come with text pasted from another document).",
    "message.application_draft": "Submit the application first: nobody reads messages about a draft.",
    "message.too_many": "You have written many messages about this application in the last hour. "
    "Your messages have arrived: please wait a while before writing again.",
    # an admin's account form (views/admin.py; words in admin_words.py)
    "account.nominator_countries": "A nominating authority nominates for at least one sending country: choose its countries.",
    "account.nominator_institutions": "A nominating authority is scoped by scheme and country, not by institution.",
    "account.countries_for_nominators": "Only a nominating authority is scoped by country.",
    "account.coordinator_institutions": "A coordinator endorses for at least one home institution: choose its institutions.",
    "account.partner_institutions": "A host institution account acts for at least one institution: choose its institutions.",
    "account.partner_schemes": "A host institution account is scoped by institution, not by scheme: leave the schemes empty.",
    "account.admin_scoped": "An admin is not scoped: leave the schemes and institutions empty.",
    "account.scope_would_widen": "Without its last scheme (or, for an officer, institution) the account would reach every scheme: keep at least one, or disable the account.",
    "account.self_disable": "You cannot disable your own account.",
    "auth.account_disabled": "This account is disabled. If you need it again, ask the admissions office (applicants) or your Corridor administrator (staff and partners).",
    # request validation (pydantic's error types)
    "missing": "This field is required.",
    "string_too_short": "This is too short.",
    "string_too_long": "This is too long: at most {max_length} characters.",
    "too_short": "This is too short.",
    "too_long": "This is too long.",
    "string_pattern_mismatch": "This value has the wrong form.",
    "value_error": "This value is not valid.",
    "control_characters": "Remove the invisible control characters (they can come with text pasted from another document).",
    "invisible": "Enter at least one visible character.",
    "line_breaks": "Write it on one line, without line breaks or tabs.",
    "stacked_marks": "Remove the accents stacked on one letter: at most four.",
    "direction_controls": "Remove the text direction override characters (they can come with text pasted from another document).",
    # what the database cannot store (shared.api.storable_input)
    "string_nul": "This text contains a character that cannot be saved (NUL). Remove it and try again.",
    "finite_number": "Enter a finite number.",
    "unstorable_value": "A value is out of range or contains a character that cannot be saved.",
    "float_parsing": "Enter a number.",
    "int_parsing": "Enter a whole number.",
    "greater_than_equal": "This number is too small.",
    "greater_than": "This number is too small.",
    "less_than_equal": "This number is too large.",
    "less_than": "This number is too large.",
    "date_parsing": "Enter a date (YYYY-MM-DD).",
    "date_from_datetime_parsing": "Enter a date (YYYY-MM-DD).",
    "enum": "Choose one of the offered values.",
    "literal_error": "Choose one of the offered values.",
}

# The last part of a code -> the sentence, for codes not listed whole.
BY_ENDING: dict[str, str] = {
    # a stored file that failed its integrity check is never served (409)
    "file_unreadable": "This file failed its integrity check and cannot be opened. It has to be uploaded again.",
    "not_found": "This was not found.",
    "entry_not_found": "This was not found.",
    "not_in_scope": "This was not found.",
    "window_closed": "Applications for this cycle are closed.",
    "not_editable": "This application can no longer be changed.",
    "wrong_role": "This page is not available to your account.",
    "outside": "This is outside the schemes and institutions you manage.",
    "null": "This field is required.",
    "email_taken": "An account with this e-mail address already exists.",
    "not_eligible": "This choice is not eligible: {reasons}",
    # the applicant's home institution (issue 14), whatever the service's code begins with
    "home_institution_required": "Choose your home institution.",
    "home_institution_missing": "Choose your home institution.",
    "unknown_home_institution": "This home institution is not in the catalog of your country.",
    "home_institution_unknown": "This home institution is not in the catalog of your country.",
    "home_institution_not_in_country": "This home institution is not in the catalog of your country.",
    "home_institution_other_country": "This home institution is not in the catalog of your country.",
    "home_institution_country": "This home institution is not in the catalog of your country.",
}


# Eligibility reasons are the services' English sentences, shown as written, except the one
# every applicant meets on the way: a required document not yet uploaded.
REASONS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"required document missing: (?P<kind>[a-z_]+)"), "Required document missing: {kind}"),
    (
        re.compile(r"required document rejected: (?P<kind>[a-z_]+)(?:; a new version is to be uploaded)?"),
        "Required document rejected: upload a new version of your {kind}",
    ),
]


def reason_message(reason: str) -> Message:
    """An eligibility reason as a message key the page can translate, when it is a known one."""
    for pattern, template in REASONS:
        m = pattern.fullmatch(reason)
        if m:
            return Message(template, m.groupdict())
    return Message(reason)


def _placeholders(template: str) -> set[str]:
    return {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name}


def _shown(key: str, value: Any) -> Any:
    """A context value as a page shows it: an instant as its date (lists are joined when
    the page translates the message, document kinds as words)."""
    if key.endswith("_at") and isinstance(value, str) and len(value) >= 10:
        return value[:10]
    return value


# A refusal for a while (429): the sentence with the wait, in seconds or in whole minutes.
WAITS: dict[str, tuple[str, str]] = {
    "auth.throttled": (
        "Too many failed log-ins. Please wait {n} seconds and try again.",
        "Too many failed log-ins. Please wait {n} minutes and try again.",
    ),
    "auth.locked": (
        "Too many failed log-ins: log-ins to this account from this browser are paused for now. Please try again in {n} seconds.",
        "Too many failed log-ins: log-ins to this account from this browser are paused for now. Please try again in {n} minutes.",
    ),
}


def wait_message(code: str, seconds: int) -> Message | None:
    """How long to wait before trying again (up to two minutes in seconds, then in minutes
    rounded up), for a code that refuses for a while; None for any other code."""
    if code not in WAITS:
        return None
    in_seconds, in_minutes = WAITS[code]
    if seconds < 120:
        return Message(in_seconds, {"n": max(1, seconds)})
    return Message(in_minutes, {"n": -(-seconds // 60)})


# A sentence for when the service's context lacks the parameter of the code's own sentence
# (an older answer, or a refusal raised without it).
WITHOUT_PARAMETERS = {"string_too_long": "This is too long."}


def template_for(code: str) -> str | None:
    if code in BY_CODE:
        return BY_CODE[code]
    return BY_ENDING.get(code.rsplit(".", 1)[-1])


def message_for(code: str, reason: str, context: Mapping[str, Any] | None = None) -> Message:
    """The portal's sentence for ``code`` with ``context`` as its parameters; the service's
    reason when the code is unknown or the context lacks a parameter the sentence needs."""
    wait = (context or {}).get("retry_after")
    if isinstance(wait, int) and not isinstance(wait, bool):
        waiting = wait_message(code, wait)
        if waiting is not None:
            return waiting
    template = template_for(code or "")
    params = {k: _shown(k, v) for k, v in (context or {}).items()}
    details = params.get("details")
    if "reasons" in params and isinstance(details, list) and details and all(isinstance(d, Mapping) for d in details):
        params["reasons"] = details  # each by its code, worded in the page's language (not the English text)
    if isinstance(params.get("max_bytes"), int):
        params["max_mb"] = f"{params['max_bytes'] / 1_048_576:.3g}"
    if template is not None and not _placeholders(template) <= params.keys():
        template = WITHOUT_PARAMETERS.get(code)  # its sentence without the figure the context lacks
    if template is None:
        return Message(reason)
    return Message(template, params)
