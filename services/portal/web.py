"""What every page handler shares: the session, rendering, CSRF-checked forms, roles."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from babel.lists import format_list
from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context

from services.portal.domain.changes import APPLICANT_ACTOR, DEFAULT_LABELS, changed_fields, criterion_labels
from services.portal.domain.links import linkify
from services.portal.domain.statuses import (
    DECIDED,
    EDITABLE,
    FINAL,
    NO_INTERVIEW,
    UNDER_REVIEW,
    Status,
    shown_status,
)
from services.portal.domain.workbench import to_csv, to_xlsx
from services.portal.i18n import (
    LANGUAGES,
    country_name,
    format_day,
    format_file_size,
    format_moment,
    format_number,
    format_score,
    language_name,
    list_comma,
    locale_of,
    negotiate,
    translate,
    translator,
    words_of,
)
from services.portal.quota_words import field_name
from services.portal.reasons import word_reason
from services.portal.session import Session
from shared.events.catalog import WITHDRAWABLE

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))


def rule_heading(label: str) -> str:
    """A per-value rule's label is a template ("... to {sending_country}"): say "each" instead."""
    return re.sub(r"\{(\w+)\}", lambda m: "each " + m.group(1).replace("_", " "), label or "")


def _in_language(fn):
    """A filter that words a value in the page's language (the template's ``lang``)."""

    @pass_context
    def filter_(ctx, value):
        return fn(ctx.get("lang") or "en", value)

    return filter_


def journal_field(lang: str, field: str) -> str:
    """A journal entry's changed field in the reader's language ("change:<field>"), else as words;
    a field inside another ("requirements.letters") each part so, joined by "›"."""
    if "." in field:
        return " › ".join(journal_field(lang, part) for part in field.split("."))
    key = f"change:{field}"
    worded = translator(lang)(key)
    return words_of(field) if worded == key else worded


@pass_context
def journal_changes(
    ctx, before: Any, after: Any, labels: Mapping[str, str] | None = None, entry: Mapping[str, Any] | None = None
) -> list[tuple[str, Any, Any]]:
    """``changed_fields`` in the page's language: yes and no in its words, moments in its form,
    a score's criterion by its label (``labels``: by key; the usual ones translated), else its key.
    ``entry`` (the journal entry): its action says what a "state" or a "kind" is (a document's),
    its ``applicants`` name the applications it lists; the page's ``institution_names`` and
    ``titles`` (by id, in its language) name institutions and programmes."""
    lang = ctx.get("lang") or "en"
    word = translator(lang)
    action = str((entry or {}).get("action") or "")
    institutions = ctx.get("institution_names") or {}
    titles = ctx.get("titles") or {}

    def criterion(key: str) -> str:
        label = (labels or {}).get(key) or key
        return word(label) if label in DEFAULT_LABELS else label

    def state(field: str, value: str) -> str:
        """A state as the portal words it elsewhere: an application's or a match's status, a
        host's decision, an endorsement's, a nomination's or a document's state; a document's
        kind, an institution's name, a programme's title, a country's name."""
        if field in ("institution_id", "host_institution_id"):
            return institutions.get(value) or value
        if field == "programme_id":
            return titles.get(value) or value
        if field == "sending_country":
            return country_name(lang, value)
        prefixes = {
            "status": ("status",),
            "decision": ("admission",),
            "state": ("document",) if action.startswith("document.") else ("endorsement", "nomination"),
            "reason_code": ("admission_reason",),
            "kind": ("doc",) if action.startswith("document.") else (),
            "direction": ("direction",),
        }
        for prefix in prefixes.get(field, ()):
            key = f"{prefix}:{value}"
            if (worded := word(key)) != key:
                return worded
        return value

    applicants = (entry or {}).get("applicants")
    return changed_fields(
        before,
        after,
        word,
        lambda value: format_moment(lang, value),
        criterion,
        state,
        applicants if isinstance(applicants, Mapping) else None,
    )


@pass_context
def journal_actor(ctx, entry: Mapping[str, Any], application: Mapping[str, Any] | None = None) -> str:
    """Who acted, in the page's language: a system's step (the admission deadline) in its
    words; a name; the application's applicant by name ("the applicant" when the page does
    not know it); else the account's id, as the entry has it."""
    word = translator(ctx.get("lang") or "en")
    actor = str(entry.get("actor") or "")
    key = f"actor:{actor}"
    if (system := word(key)) != key:
        return system
    if entry.get("actor_name"):
        return str(entry["actor_name"])
    if entry.get("subject") == f"account:{actor}":  # an applicant's own step, on their account's page
        return word("the applicant")
    if actor == APPLICANT_ACTOR or (application and actor == application.get("applicant_id")):
        return str((application or {}).get("applicant_name") or word("the applicant"))
    return actor


TEMPLATES.env.filters.update(
    journal_field=_in_language(journal_field),
    rule_heading=rule_heading,
    day=_in_language(format_day),
    moment=_in_language(format_moment),
    file_size=_in_language(format_file_size),
    # a grade or a level as the language writes numbers ("85,5" in Russian; "4", not "4.0")
    decimal=_in_language(format_number),
    # a score to fixed places, as the language writes numbers: 98,00 in Russian
    score=pass_context(lambda ctx, value, digits=2: format_score(ctx.get("lang") or "en", value, digits)),
    country=_in_language(country_name),
    language_name=_in_language(language_name),
    words=words_of,
    # a notice's or a message's plain text, its web addresses as links (still escaped)
    linkify=linkify,
    reason=_in_language(word_reason),
    # the same, as staff read it: about the applicant, not addressed to them
    reason_about=_in_language(lambda lang, reason: word_reason(lang, reason, about=True)),
    field=_in_language(field_name),
    # a list of words joined as the language joins them ("a, b and c"; "a، b اور c")
    listed=_in_language(lambda lang, items: format_list([str(x) for x in items], locale=locale_of(lang))),
    # alternatives: "a, b or c" (a letter from a professor or an associate professor)
    listed_or=_in_language(
        lambda lang, items: format_list([str(x) for x in items], style="or", locale=locale_of(lang))
    ),
)
TEMPLATES.env.globals.update(
    changed_fields=changed_fields,
    journal_changes=journal_changes,
    journal_actor=journal_actor,
    criterion_labels=criterion_labels,
    Status=Status,
    EDITABLE=EDITABLE,
    WITHDRAWABLE=WITHDRAWABLE,
    UNDER_REVIEW=UNDER_REVIEW,
    DECIDED=DECIDED,
    FINAL=FINAL,
    NO_INTERVIEW=NO_INTERVIEW,
    shown_status=shown_status,
    # the direction a text in a known language is written in (a message in Urdu is right to
    # left as a whole: "auto" set each line by its first word, often an English name)
    direction_of=lambda language: "rtl" if LANGUAGES.get(language or "", {}).get("rtl") else "ltr",
)


ONCE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def new_once() -> str:
    """A form's one-time value (hidden ``once``, ``once_input()``): sent as the request's
    Idempotency-Key, the form posted twice (a double click, two requests in flight at once, the
    browser sending it again) is one request at the service, which answers the second as the
    first."""
    return secrets.token_urlsafe(12)


TEMPLATES.env.globals["new_once"] = new_once  # once_input() in _macros.html


def once_header(form: Mapping[str, Any], *, of: Any = None) -> dict[str, str]:
    """The form's one-time value as the Idempotency-Key header (a page without one, or a
    malformed one: a new key, the request as if sent once). ``of``: what this press of a form
    of several buttons asks (a review row's approve, another's reject), each its own key: two
    presses of one form are two requests, the same press twice one."""
    once = str(form.get("once") or "")
    if not ONCE.fullmatch(once):
        return {"Idempotency-Key": new_once()}
    if of is not None:
        pressed = hashlib.sha256(json.dumps(of, sort_keys=True, default=str).encode()).hexdigest()[:16]
        once = f"{once}.{pressed}"
    return {"Idempotency-Key": once}


class NotLoggedIn(Exception):
    pass


class WrongRole(Exception):
    pass


class CsrfFailed(Exception):
    pass


def session_of(request: Request) -> Session:
    return request.state.session


def language_of(request: Request) -> str:
    s = session_of(request)
    return s.lang or negotiate(request.headers.get("accept-language", ""))


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    s = session_of(request)
    lang = language_of(request)
    ctx = {
        "request": request,
        "lang": lang,
        "rtl": LANGUAGES[lang]["rtl"],
        "languages": LANGUAGES,
        "language_options": [(code, info["name"]) for code, info in LANGUAGES.items()],
        "_": translator(lang),
        "comma": list_comma(lang),
        # after a label: the full-width colon in Chinese ("状态：草稿"), else ": "
        "colon": "：" if lang == "zh" else ": ",
        # between a sentence and what follows it (a link, the next sentence): Chinese ends a
        # sentence with a full-width stop that is its own space ("。 前往" read as a slip)
        "sp": "" if lang == "zh" else " ",
        "session": s,
        "csrf": s.csrf,
        "flashes": s.pop_flashes(),
        "errors": {},
        "values": {},
        "path": request.url.path,
        "current_url": str(request.url.path) + (f"?{request.url.query}" if request.url.query else ""),
    }
    ctx.update(context)
    return TEMPLATES.TemplateResponse(request, template, ctx, status_code=status_code)


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def cycles_managed(s: Session, cycles: list[dict]) -> list[dict]:
    """The cycles whose scheme-wide pages (quota, rounds, review, scoresheet) the account may
    open, as shared.scope.manages_scheme reads its token: an officer of some schemes, theirs;
    an officer scoped to host institutions only, none (their applications are listed under
    "Applications to review"); an unscoped officer or an admin, all; a committee's reviewer, none."""
    if s.role == "reviewer":
        return []
    if s.role != "officer":
        return cycles
    schemes = claims_of(s.token or "").get("schemes") or []
    if schemes:
        return [c for c in cycles if c.get("scheme_id") in schemes]
    return [] if hosts_only_officer(s) else cycles


def schemes_managed(s: Session, schemes: list[dict]) -> list[dict]:
    """The schemes whose cycles, programmes and quota rules the account may define: the same
    reading of its token as ``cycles_managed``."""
    return cycles_managed(s, [{**x, "scheme_id": x["id"]} for x in schemes])


def hosts_only_officer(s: Session) -> bool:
    """An officer scoped to host institutions and no scheme: no scheme-wide page is theirs."""
    if s.role != "officer":
        return False
    claims = claims_of(s.token or "")
    return bool(claims.get("institutions")) and not claims.get("schemes")


def require_role(request: Request, *roles: str) -> Session:
    s = session_of(request)
    if not s.logged_in:
        raise NotLoggedIn()
    if s.role not in roles:
        raise WrongRole()
    return s


FILE_FIELD = "file"  # the one field of the portal's forms that carries a file (an upload)


async def checked_form(request: Request) -> dict[str, Any]:
    """The posted form after its CSRF token was checked: a list for each field named as one
    (``name[]``), one value for every other. A single field sent twice (never by the portal's
    own pages) keeps its last value: as a list it failed the view reading it as text (500)."""
    form = await request.form()
    if not session_of(request).csrf_ok(form.get("csrf")):
        raise CsrfFailed()
    out: dict[str, Any] = {}
    for key in form.keys():
        values = form.getlist(key)
        if key != FILE_FIELD and not all(isinstance(v, str) for v in values):
            # a file sent as a text field (never by the portal's pages) failed the view reading it (500)
            raise HTTPException(400, f"The field “{key[:40]}” takes text, not a file.")
        out[key] = values if key.endswith("[]") else values[-1]
    return out


def unconfirmed_from(session: Session, me: Mapping[str, Any]) -> None:
    """An applicant's address still to confirm, as ``/me`` answers it (the new one asked for, if
    any: its link confirms the account): the notice on every page names it, or is gone."""
    if session.role != "applicant":
        return
    waiting = None if me.get("email_verified", True) else (me.get("pending_email") or me.get("email"))
    if waiting != session.unconfirmed_email:
        session.unconfirmed_email, session.changed = waiting, True


def claims_of(token: str) -> dict[str, Any]:
    """The JWT's claims, unverified: the services verify it on every call; the portal only
    reads who it is for."""
    try:
        payload = token.split(".")[1]
        return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        return {}


def login_url(request: Request) -> str:
    """Log in, then back to this page with its query (an e-mail's link to a host's admissions
    of one cycle lost its filter on the way through the log-in)."""
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return f"/login?next={quote(here, safe='/')}"


def safe_next(target: str | None, default: str) -> str:
    """Only a local path (no open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


def spreadsheet(
    lang: str, headings: Sequence[str], cells: list[list[Any]], *, title: str, name: str, excel: bool
) -> Response:
    """Rows as a download: an Excel workbook (right to left for a right-to-left language) or
    CSV, its headings and sheet title in the reader's language."""
    words = [translate(lang, h) for h in headings]
    if excel:
        return Response(
            to_xlsx(words, cells, translate(lang, title), rtl=LANGUAGES[lang]["rtl"]),
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'},
        )
    return Response(
        to_csv(words, cells),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )
