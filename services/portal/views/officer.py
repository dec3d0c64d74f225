"""The officer console: cycles, quota fill, matching rounds and their progress, review."""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from services.portal.clients import ServiceError, ServiceUnavailable, nothing, services_of
from services.portal.domain.award import not_shared_with_host
from services.portal.domain.catalog_names import names_in_language
from services.portal.domain.forms import fill_level, past_the_end, percent, whole_number
from services.portal.domain.workbench import (
    ACTIONS,
    EXPORT_LIMIT,
    PAGE_SIZE,
    SORTS,
    STATUSES,
    BulkReport,
    TableQuery,
    bulk_report,
    review_rows,
    selected_ids,
)
from services.portal.i18n import country_name, translate
from services.portal.quota_words import Words
from services.portal.views.common import consents_of
from services.portal.web import (
    checked_form,
    cycles_managed,
    hosts_only_officer,
    language_of,
    once_header,
    redirect,
    render,
    require_role,
    schemes_managed,
    session_of,
    spreadsheet,
)
from shared.translations import in_language

router = APIRouter(prefix="/officer")
STAFF = ("officer", "admin")
# the review page's tabs: the match statuses an officer looks through
REVIEW_TABS = ("proposed", "with_host", "approved", "host_rejected", "rejected", "accepted", "declined", "withdrawn")


@router.get("")
async def console(request: Request):
    s = require_role(request, *STAFF)
    m = services_of(request).matching
    archived = request.query_params.get("archived") == "true"
    cycles, schemes = await asyncio.gather(
        # those in use, or (the link below the table) the archived ones
        m.get("/cycles", s.token, params={"limit": 200, "archived": "true" if archived else "false"}),
        m.get("/schemes", s.token, params={"limit": 200}),
    )
    # the catalog lists every cycle, and each link of a cycle the officer does not manage was a 403
    mine = cycles_managed(s, cycles["items"])
    return render(
        request,
        "officer/index.html",
        title="Archived cycles" if archived else "Officer console",
        archived=archived,
        cycles=mine,
        hosts_only=hosts_only_officer(s),
        scheme_names={x["id"]: x["name"] for x in schemes["items"]},
        may_define=bool(schemes_managed(s, schemes["items"])),
    )


async def _words(request: Request, cycle_id: str) -> Words:
    """Words for the cycle's programmes (titles with hosts), countries and values."""
    m = services_of(request).matching
    programmes, institutions = await asyncio.gather(
        m.get("/programmes", params={"cycle_id": cycle_id, "limit": 500}),
        # as stored: by their names as typed too (below), each given in the reader's language
        m.get("/institutions", params={"limit": 500}, as_stored=True),
    )
    lang = language_of(request)
    words = Words(
        lang,
        {p["id"]: p for p in programmes["items"]},
        {i["id"]: in_language(i["name"], i.get("translations"), lang) for i in institutions["items"]},
    )
    words.homes = names_in_language(institutions["items"], lang)
    return words


def _home_name(words: Words, home: str | None) -> str:
    """An applicant's home institution as its name in the reader's language: a profile may
    hold an institution's id ("kemu") where others typed the name itself (in English, most)."""
    text = (home or "").strip()
    return words.homes.get(text) or words.homes.get(text.casefold()) or text


async def _cycle_page(
    request: Request,
    cycle_id: str,
    *,
    errors: dict | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
):
    s = require_role(request, *STAFF)
    m = services_of(request).matching
    cycle, quota, rounds, pool, held, rules, words, scores, unreviewed = await asyncio.gather(
        m.get(f"/cycles/{cycle_id}", s.token),
        m.get(f"/cycles/{cycle_id}/quota", s.token),
        m.get(f"/cycles/{cycle_id}/rounds", s.token, params={"limit": 20}),
        # a withdrawn or declined entry stays in the pool but is not waiting for a round
        m.get(f"/cycles/{cycle_id}/pool", s.token, params={"status": "submitted", "limit": 1}),
        # applications a round now could not place where a rejected document is required
        m.get(f"/cycles/{cycle_id}/applications", s.token, params={"flag": "documents_rejected", "limit": 1}),
        m.get("/quota-rules", s.token, params={"cycle_id": cycle_id, "limit": 500}),
        _words(request, cycle_id),
        # what a round now would rank by, and the reviews it would lack: said before it starts
        m.get(f"/cycles/{cycle_id}/rounds/readiness", s.token),
        _unreviewed(request, cycle_id),
    )
    by_id = {r["id"]: r for r in rules["items"]}
    try:
        scheme = await m.get(f"/schemes/{cycle.get('scheme_id', '')}", s.token)
    except ServiceError as exc:
        if exc.status == 401:
            raise
        scheme = {}
    nominees_only = "nomination" in (scheme.get("path") or [])
    # once a round ran: those it did not consider (no match, no outcome of the last round,
    # nothing ended them), e.g. a reserve moved up since; under a nomination stage the nominees
    # among them (a round places no other)
    waiting_status = "nominated" if nominees_only else "submitted"
    unconsidered = 0
    if any(r.get("status") == "completed" for r in rounds["items"]):
        params = {"status": waiting_status, "endorsed": "true", "limit": 1}
        unconsidered = (await m.get(f"/cycles/{cycle_id}/applications", s.token, params=params))["total"]
    # each rule worded once, each of its caps by the values it is for
    shown_rules = [
        {
            "heading": words.rule(by_id.get(r["rule_id"]), r["label"]),
            "label": words.label(by_id.get(r["rule_id"]), r["label"]),
            "caps": [{**c, "label": words.cap(c["cap_id"])} for c in r["caps"]],
        }
        for r in quota["rules"]
    ]
    shown_programmes = [{**p, "title": words.programme(p["programme_id"])} for p in quota["programmes"]]
    return render(
        request,
        "officer/cycle.html",
        status_code=status_code,
        title=cycle["name"],
        cycle=cycle,
        quota_rules=shown_rules,
        quota_programmes=shown_programmes,
        rounds=rounds,
        pool_total=pool["total"],
        held_total=held["total"],
        unconsidered_total=unconsidered,
        unreviewed_total=unreviewed,
        waiting_status=waiting_status,
        nominees_only=nominees_only,
        endorses="endorsement" in (scheme.get("path") or []),
        scores=scores,
        # its applications closed: it may be archived once its work is done
        closed=datetime.fromisoformat(str(cycle["closes_at"]).replace("Z", "+00:00")) <= datetime.now(UTC),
        errors=errors or {},
        values=values or {},
        percent=percent,
        fill_level=fill_level,
    )


@router.get("/cycles/{cycle_id}")
async def cycle_page(request: Request, cycle_id: str):
    return await _cycle_page(request, cycle_id)


# Why the service kept a cycle in use (catalog.archive_cycle), in the reader's words.
ARCHIVE_REFUSED = {
    "cycle.still_open": "Applications to this cycle are still open: archive it once they have closed.",
    "cycle.round_running": "A round of this cycle is under way: archive it once it has ended.",
    "cycle.proposals_waiting": "Proposals of this cycle wait for review: approve or reject them first.",
}
ROUND_REFUSED = {"cycle.archived": "This cycle is archived: bring it back before starting a round."}


@router.post("/cycles/{cycle_id}/archive")
async def archive_cycle(request: Request, cycle_id: str):
    """Out of the console once its work is done (a cycle that ran a round cannot be removed)."""
    s = require_role(request, *STAFF)
    await checked_form(request)
    try:
        await services_of(request).matching.post(f"/cycles/{cycle_id}/archive", s.token)
    except ServiceError as exc:
        if exc.status != 409:
            raise
        said = ARCHIVE_REFUSED.get(exc.code, exc.message)
        return await _cycle_page(request, cycle_id, errors={"archive": said}, status_code=409)
    s.flash("The cycle was archived: it is listed under “Archived cycles”.", "success")
    return redirect("/officer")


@router.post("/cycles/{cycle_id}/restore")
async def restore_cycle(request: Request, cycle_id: str):
    s = require_role(request, *STAFF)
    await checked_form(request)
    await services_of(request).matching.delete(f"/cycles/{cycle_id}/archive", s.token)
    s.flash("The cycle is back in the console.", "success")
    return redirect(f"/officer/cycles/{cycle_id}")


async def _unreviewed(request: Request, cycle_id: str) -> int:
    """The proposals no officer has reviewed yet: a new round replaces them."""
    s = session_of(request)
    page = await services_of(request).matching.get(
        "/matches", s.token, params={"cycle_id": cycle_id, "status": "proposed", "limit": 1}
    )
    return int(page.get("total") or len(page.get("items") or []))


# Going Back to the cycle page and pressing "Start round" again (the page fetched anew, so it knew
# the round just started) replaced that round's proposals without a word: said, and ticked first.
SUPERSEDE_UNTICKED = "Tick the box to replace the proposals not reviewed yet, or review them first."


@router.get("/cycles/{cycle_id}/rounds")
@router.get("/cycles/{cycle_id}/archive")
@router.get("/cycles/{cycle_id}/restore")
async def cycle_form_address(cycle_id: str):
    """A cycle page's form's address opened again (a language switch after a refusal)."""
    return redirect(f"/officer/cycles/{cycle_id}")


@router.post("/cycles/{cycle_id}/rounds")
async def start_round(request: Request, cycle_id: str):
    s = require_role(request, *STAFF)
    form = await checked_form(request)
    seed_text = (form.get("seed") or "").strip()
    body: dict = {}
    if seed_text:
        seed = whole_number(seed_text, digits=18)
        if seed is None:
            return await _cycle_page(
                request,
                cycle_id,
                errors={"seed": "The seed is a whole number (or leave it empty)."},
                values={"seed": seed_text},
                status_code=422,
            )
        body["seed"] = seed
    confirmed = form.get("incomplete_scores_ok") == "yes"
    if confirmed:
        body["incomplete_scores_ok"] = True
    if isinstance(after := form.get("after_round"), str) and len(after) <= 64:
        body["after_round"] = after
    if form.get("supersede_ok") != "yes" and await _unreviewed(request, cycle_id):
        return await _cycle_page(
            request,
            cycle_id,
            errors={"supersede_ok": SUPERSEDE_UNTICKED},
            values={"seed": seed_text, "incomplete_scores_ok": "yes" if confirmed else ""},
            status_code=422,
        )
    try:
        started = await services_of(request).matching.post(
            f"/cycles/{cycle_id}/rounds", s.token, json=body, headers=once_header(form)
        )
    except ServiceError as exc:
        if exc.status == 401:
            raise
        fields = exc.by_field()
        # the refusal beside the box to tick; the seed typed stays
        place = next((f for f in ("seed", "incomplete_scores_ok") if f in fields), "round")
        return await _cycle_page(
            request,
            cycle_id,
            errors={place: fields.get(place) or ROUND_REFUSED.get(exc.code, exc.message)},
            values={"seed": seed_text, "incomplete_scores_ok": "yes" if confirmed else ""},
            status_code=exc.status,
        )
    return redirect(f"/officer/rounds/{started['round_id']}")


@router.get("/rounds/{round_id}")
async def round_page(request: Request, round_id: str):
    s = require_role(request, *STAFF)
    m = services_of(request).matching
    round_ = await m.get(f"/rounds/{round_id}", s.token)
    cycle = await m.get(f"/cycles/{round_['cycle_id']}", s.token)
    waitlists: list[dict] = []
    if round_["status"] == "completed":
        # each programme's waitlist with names and scores, in the caller's scope (matching: 403 outside it)
        entries, words = await asyncio.gather(
            m.get(f"/rounds/{round_id}/waitlist/entries", s.token), _words(request, round_["cycle_id"])
        )
        waitlists = [{**w, "title": words.programme(w["programme_id"])} for w in entries if w["entries"]]
    # "Waitlisted" counts those without any place; a waitlist also holds applicants placed at a
    # lower choice (counted as matched): the page says how many, or its lists contradict the count
    on_lists = len({e["application_id"] for w in waitlists for e in w["entries"]})
    return render(
        request,
        "officer/round.html",
        title="Matching round",
        round=round_,
        cycle=cycle,
        waitlists=waitlists,
        placed_and_waiting=max(0, on_lists - (round_.get("waitlisted") or 0)),
        # the pool the round was of: whom it considered (the counts above) and whom it left
        # out, per reason, so the figures add up to the pool (absent in rounds run before)
        pool=(round_.get("statistics") or {}).get("pool"),
    )


@router.get("/rounds/{round_id}/status")
async def round_status(request: Request, round_id: str):
    """What the progress view polls (JSON)."""
    s = require_role(request, *STAFF)
    r = await services_of(request).matching.get(f"/rounds/{round_id}", s.token)
    return JSONResponse({k: r.get(k) for k in ("status", "progress", "matched", "waitlisted", "unmatched", "error")})


async def _review_page(
    request: Request,
    cycle_id: str,
    *,
    errors: dict | None = None,
    row_errors: dict | None = None,
    on_message: set[str] | None = None,
    held: dict[str, str] | None = None,
    typed: dict | None = None,
    status_code: int = 200,
):
    """``typed``: the refused form, shown again as it was (the ticked rows, the reasons and
    the messages): a refusal that emptied them made the officer type it all again."""
    s = require_role(request, *STAFF)
    m = services_of(request).matching
    status = request.query_params.get("status") or "proposed"
    if status not in REVIEW_TABS:
        status = "proposed"
    offset = TableQuery.of(request.query_params).offset
    cycle, matches, rounds, words = await asyncio.gather(
        m.get(f"/cycles/{cycle_id}", s.token),
        m.get(
            "/matches",
            s.token,
            params={"cycle_id": cycle_id, "status": status, "offset": offset, "limit": PAGE_SIZE},
        ),
        m.get(f"/cycles/{cycle_id}/rounds", s.token, params={"limit": 1}),
        _words(request, cycle_id),
    )
    last = past_the_end(offset, matches["total"], PAGE_SIZE) if typed is None and not errors else None
    if last is not None:
        return redirect(f"/officer/cycles/{cycle_id}/review?status={status}" + (f"&offset={last}" if last else ""))
    # names, home institutions, scores and rejected documents of this page's applications:
    # the workbench's application table narrowed to them
    table: dict[str, Any] = {"items": []}
    rejected: list[dict[str, Any]] = []
    page_apps = list(dict.fromkeys(x["application_id"] for x in matches["items"]))
    latest = rounds["items"][0] if rounds["items"] else None
    places: list[dict[str, Any]] | None = None
    reviewed: list[dict[str, Any]] | None = None
    consents: dict[str, dict] = {}
    if page_apps:
        # and their places on the latest round's waitlists (only theirs: a national round's
        # whole waitlist holds over a million)
        waiting = latest is not None and latest["status"] == "completed"
        table, places, rejected, reviewed, consents = await asyncio.gather(
            m.get(
                f"/cycles/{cycle_id}/applications",
                s.token,
                params={"application_id": page_apps, "limit": len(page_apps), "sort": "score", "order": "desc"},
            ),
            m.get(f"/rounds/{latest['id']}/waitlist/places", s.token, params={"application_id": page_apps})
            if waiting
            else nothing(),
            # what officers rejected of theirs before: a rejected applicant comes back in the next round
            m.get_all(
                "/matches", s.token, params={"cycle_id": cycle_id, "status": "rejected", "application_id": page_apps}
            ),
            # how far their documents' review has come: an approval is an offer on them
            _documents_review(request, page_apps),
            # what each lets the host read: a host that cannot see the documents took them for missing
            consents_of(request, page_apps),
        )
    return render(
        request,
        "officer/review.html",
        status_code=status_code,
        title="Review matches",
        cycle=cycle,
        matches=matches,
        rows=review_rows(matches["items"], table["items"], [], places or [], rejected),
        review_of={r["application_id"]: r for r in reviewed or []}.get,
        not_shared=not_shared_with_host(consents),
        reads_in={a: c.get("messages_language") for a, c in consents.items()},
        tabs=REVIEW_TABS,
        page_size=PAGE_SIZE,
        programme_name=words.programme,
        home_name=lambda home: _home_name(words, home),
        latest=latest,
        status=status,
        errors=errors or {},
        row_errors=row_errors or {},
        on_message=on_message or set(),
        # approvals held (documents awaiting review, reviewers disagreeing): match id -> why
        # (HELD_FOR), the confirmation beside each such row
        held=held or {},
        typed={k: v for k, v in (typed or {}).items() if isinstance(v, str)},
        ticked=set((typed or {}).get("match_id[]") or []),
    )


async def _documents_review(request: Request, application_ids: list[str]) -> list[dict[str, Any]] | None:
    """Verified, pending and rejected documents of each application (None: unknown, when the
    applications service cannot say: the page says only what matching knows, the rejections)."""
    try:
        return await services_of(request).applications.get(
            "/officer/documents/review", session_of(request).token, params={"application_id": application_ids}
        )
    except (ServiceError, ServiceUnavailable):
        return None


@router.get("/cycles/{cycle_id}/review")
async def review_page(request: Request, cycle_id: str):
    return await _review_page(request, cycle_id)


UNVERIFIED = (
    "Documents await review: an approval is an offer, or goes to the host, on documents nobody has checked. "
    "Verify them first, or tick the box below and approve again."
)
UNVERIFIED_ROW = "Documents await review."
UNMODERATED = (
    "The reviewers' scores disagree beyond the scoresheet's threshold, and nobody has moderated them: an approval "
    "settles it. Compare the reviews first, or tick the box below and approve again."
)
# why a row's approval is held, and what the row says
HELD_FOR = {(True, False): "documents", (False, True): "spread", (True, True): "both"}
HELD_ROW = {
    "documents": UNVERIFIED_ROW,
    "spread": "The reviewers disagree: not moderated yet.",
    "both": "Documents await review, and the reviewers disagree.",
}


async def _awaiting_review(request: Request, form: dict[str, Any], selected: list[str]) -> list[str]:
    """The selected matches whose applicant's documents await review (none when the
    applications service cannot say: the approval is not held up by its absence)."""
    apps = {mid: str(form.get(f"application.{mid}") or "") for mid in selected}
    counts = await _documents_review(request, [a for a in dict.fromkeys(apps.values()) if a])
    pending = {c["application_id"] for c in counts or [] if c.get("pending")}
    return [mid for mid in selected if apps[mid] in pending]


MESSAGE_ON_APPROVAL = (
    "Only a rejection carries a message to the applicant: the offer tells them. Clear the message to approve."
)


@router.post("/cycles/{cycle_id}/review")
async def review(request: Request, cycle_id: str):
    """One match (a row's own button: ``only=<id>:<approve|reject>``) or the selected ones in bulk."""
    s = require_role(request, *STAFF)
    form = await checked_form(request)
    only = form.get("only") or ""
    if only:
        match_id, _sep, decision = only.partition(":")
        selected, action = [match_id], decision
    else:
        selected, action = form.get("match_id[]") or [], form.get("action") or ""  # a list: checked_form
    if action not in ("approve", "reject"):
        errors = {"action": "Choose approve or reject."}
        return await _review_page(request, cycle_id, errors=errors, typed=form, status_code=422)
    if not selected:
        errors = {"match_id": "Select at least one match."}
        return await _review_page(request, cycle_id, errors=errors, typed=form, status_code=422)
    decisions, row_errors = [], {}
    on_message: set[str] = set()  # rows whose refusal is about the message, not the reason
    for mid in selected:
        reason = (form.get(f"reason_{mid}") or form.get("reason") or "").strip()
        decision = {"match_id": mid, "decision": action, **({"reason": reason} if reason else {})}
        # the reason stays internal; only this text is for the applicant
        message = (form.get(f"message_{mid}") or form.get("message_to_applicant") or "").strip()
        if action == "reject":
            if len(reason) < 3:
                row_errors[mid] = "A rejection needs a reason (at least 3 characters)."
            if message:
                decision["message_to_applicant"] = message
        elif (form.get(f"message_{mid}") or "").strip():
            # an approval carries no message (matching refuses it: review.message_on_approval);
            # say so rather than approve and drop the text the officer meant the applicant to read
            row_errors[mid] = MESSAGE_ON_APPROVAL
            on_message.add(mid)
        decisions.append(decision)
    # the bulk message is the bulk form's: said beside it, not on every row it would have gone to
    bulk_message = action == "approve" and bool((form.get("message_to_applicant") or "").strip())
    if action == "approve" and not row_errors and not bulk_message and form.get("unverified_ok") != "yes":
        # the box at the top confirms every held row; a row's own box that row only
        unconfirmed = [mid for mid in selected if form.get(f"unverified_ok.{mid}") != "yes"]
        waiting = set(await _awaiting_review(request, form, unconfirmed) if unconfirmed else [])
        # a committee's flag for moderation (the row's spread.<id>, set where the page showed it):
        # an approval settles a disagreement nobody looked at
        disputed = {mid for mid in unconfirmed if form.get(f"spread.{mid}") == "yes"}
        if waiting or disputed:
            errors = {}
            if waiting:
                errors["unverified"] = UNVERIFIED
            if disputed:
                errors["unmoderated"] = UNMODERATED
            held = {mid: HELD_FOR[(mid in waiting, mid in disputed)] for mid in selected if mid in waiting | disputed}
            row_errors = {mid: HELD_ROW[why] for mid, why in held.items()}
            return await _review_page(
                request, cycle_id, errors=errors, row_errors=row_errors, held=held, typed=form, status_code=422
            )
    if row_errors or bulk_message:
        if only:
            # the row may be far below: the summary at the top names it and links to it
            errors = {"row": match_id}
        elif action == "approve":
            errors = {"message_to_applicant": MESSAGE_ON_APPROVAL}
        else:
            errors = {"reason": "A rejection needs a reason (at least 3 characters)."}
        return await _review_page(
            request, cycle_id, errors=errors, row_errors=row_errors, on_message=on_message, typed=form, status_code=422
        )
    try:
        done = await services_of(request).matching.post(
            "/matches/review", s.token, json={"decisions": decisions}, headers=once_header(form, of=decisions)
        )
    except ServiceError as exc:
        if exc.status == 401:
            raise
        rest: dict[str, str] = {}
        row_errors, on_message = {}, set()
        for e in exc.errors:
            parts = e.field.split(".")
            if parts[0] == "decisions" and len(parts) > 1 and parts[1].isdigit() and int(parts[1]) < len(selected):
                row_errors[selected[int(parts[1])]] = e.message
                if parts[2:] == ["message_to_applicant"]:
                    on_message.add(selected[int(parts[1])])
            else:
                rest.setdefault("match_id", e.message)
        if row_errors and not rest:
            # a row decided meanwhile has left the proposed tab: its refusal is said at the top,
            # where it cannot be missed (the page had come back 409 with no word)
            rest = {"row": match_id} if only else {"rows": ""}
        return await _review_page(
            request,
            cycle_id,
            errors=rest,
            row_errors=row_errors,
            on_message=on_message,
            typed=form,
            status_code=exc.status,
        )
    to_host = sum(1 for m in done.get("matches", []) if m.get("status") == "with_host")
    if to_host:  # under an admission stage an approval is not an offer yet: say where they went
        s.flash(
            "{approved} approved and sent to the host for admission, {rejected} rejected.",
            "success",
            approved=done["approved"],
            rejected=done["rejected"],
        )
    else:
        s.flash(
            "{approved} approved, {rejected} rejected.", "success", approved=done["approved"], rejected=done["rejected"]
        )
    # back to the proposals still to review, the keyboard's next Tab in their table (the flash says
    # where the approved went; opening their tab made a keyboard user find the way back each time)
    return redirect(f"/officer/cycles/{cycle_id}/review#review-table")


# --- the quota matrix and the application table (issue 16: the officer workbench) --------------


@router.get("/cycles/{cycle_id}/quota")
async def quota_page(request: Request, cycle_id: str):
    """Programmes by sending country: used / allocation and what remains per cell, with the
    fill of each programme and of each country as bars."""
    s = require_role(request, *STAFF)
    m = services_of(request).matching
    cycle, matrix, words = await asyncio.gather(
        m.get(f"/cycles/{cycle_id}", s.token),
        m.get(f"/cycles/{cycle_id}/quota/matrix", s.token),
        _words(request, cycle_id),
    )
    return render(
        request,
        "officer/quota.html",
        title="Quota by programme and country",
        cycle=cycle,
        matrix=matrix,
        programme_name=words.programme,
        percent=percent,
        fill_level=fill_level,
    )


async def _applications_page(
    request: Request,
    cycle_id: str,
    table: TableQuery,
    *,
    errors: dict | None = None,
    report: BulkReport | None = None,
    status_code: int = 200,
):
    s = require_role(request, *STAFF)
    m = services_of(request).matching
    cycle, page, saved, words = await asyncio.gather(
        m.get(f"/cycles/{cycle_id}", s.token),
        m.get(f"/cycles/{cycle_id}/applications", s.token, params=table.api_params()),
        m.get(f"/cycles/{cycle_id}/saved-filters", s.token),
        _words(request, cycle_id),
    )
    last = past_the_end(table.offset, page["total"], PAGE_SIZE) if report is None and not errors else None
    if last is not None:
        return redirect(_table_address(cycle_id, replace(table, offset=last)))
    eligible = cycle.get("eligible_countries") or []
    countries = sorted(set(eligible) | {r["sending_country"] for r in page["items"]} | ({table.country} - {""}))
    return render(
        request,
        "officer/applications.html",
        status_code=status_code,
        title="Applications",
        cycle=cycle,
        page=page,
        home_name=lambda home: _home_name(words, home),
        table=table,
        sorts=SORTS,
        statuses=STATUSES,
        countries=countries,
        programme_name=words.programme,
        page_size=PAGE_SIZE,
        saved=[{**f, "table": TableQuery.of_saved(f["filters"])} for f in saved],
        errors=errors or {},
        report=report,
    )


@router.get("/cycles/{cycle_id}/applications")
async def applications_table(request: Request, cycle_id: str):
    """The cycle's applications in the officer's scope: sorted, filtered, searched, paged;
    the officer's saved filters; the rows to select for an action."""
    return await _applications_page(request, cycle_id, TableQuery.of(request.query_params))


# the matching service's refusals of a saved filter, worded for the form
FILTER_WORDS = {
    "saved_filter.name_length": "Name the filter: 1 to 80 characters.",
    "saved_filter.name_taken": "You already have a filter with this name in this cycle.",
    "saved_filter.too_many": "You have 50 saved filters in this cycle: delete one first.",
    "saved_filter.control_characters": "A filter's name and search cannot hold control characters.",
}


def _table_address(cycle_id: str, table: TableQuery) -> str:
    return f"/officer/cycles/{cycle_id}/applications{table.query_string()}".rstrip("?")


@router.get("/cycles/{cycle_id}/saved-filters")
@router.get("/cycles/{cycle_id}/applications/selected")
async def table_form_address(request: Request, cycle_id: str):
    """A form's address opened again (the page answered a save or an action, then a sort or
    page link relative to it, or a language switch): the table as the address asks."""
    return redirect(_table_address(cycle_id, TableQuery.of(request.query_params)))


@router.post("/cycles/{cycle_id}/saved-filters")
async def save_filter(request: Request, cycle_id: str):
    """Keep the table's current filter (status, country, search, sort, order) under a name."""
    s = require_role(request, *STAFF)
    form = await checked_form(request)
    table = replace(TableQuery.of(form), offset=0)
    name = " ".join(str(form.get("name") or "").split())
    if not 1 <= len(name) <= 80:
        errors = {"filter_name": FILTER_WORDS["saved_filter.name_length"]}
        return await _applications_page(request, cycle_id, table, errors=errors, status_code=422)
    try:
        await services_of(request).matching.post(
            f"/cycles/{cycle_id}/saved-filters", s.token, json={"name": name, "filters": table.saved()}
        )
    except ServiceError as exc:
        if exc.status in (401, 403):
            raise
        errors = {"filter_name": FILTER_WORDS.get(exc.code) or exc.message}
        return await _applications_page(request, cycle_id, table, errors=errors, status_code=exc.status)
    s.flash("Filter saved: {name}.", "success", name=name)
    return redirect(_table_address(cycle_id, table))


@router.post("/cycles/{cycle_id}/saved-filters/{filter_id}/delete")
async def delete_filter(request: Request, cycle_id: str, filter_id: str):
    s = require_role(request, *STAFF)
    form = await checked_form(request)
    back = _table_address(cycle_id, TableQuery.of(form))
    try:
        await services_of(request).matching.delete(
            f"/cycles/{cycle_id}/saved-filters/{quote(filter_id, safe='')}", s.token
        )
    except ServiceError as exc:
        if exc.status != 404:
            raise
        return redirect(back)  # already gone (deleted twice, say): the table shows what is left
    s.flash("Filter deleted.", "success")
    return redirect(back)


# the matching service's refusals of a whole action (nothing was done), worded for the page
ACTION_WORDS = {
    "scoresheet.missing": "Save a scoresheet for this cycle first: it says how many reviewers each application gets.",
    "assignment.no_reviewers": "No officer or reviewer account reviews this scheme yet.",
    "scope.outside": "This is outside your scope: nothing was done.",
}


@router.post("/cycles/{cycle_id}/applications/selected")
async def act_on_selected(request: Request, cycle_id: str):
    """Invite the selected to interview, give them reviewers, or export only them; the page
    then says for each row what was done and what was refused and why."""
    s = require_role(request, *STAFF)
    form = await checked_form(request)
    table = TableQuery.of(form)
    action = form.get("action") or ""
    ids = selected_ids(form.get("application_id[]"), form.get("page_id[]"), form.get("all_on_page") == "1")
    if action not in ACTIONS:
        errors = {"action": "Choose what to do with the selected applications."}
        return await _applications_page(request, cycle_id, table, errors=errors, status_code=422)
    if not ids:
        errors = {"selected": "Select at least one application."}
        return await _applications_page(request, cycle_id, table, errors=errors, status_code=422)
    m = services_of(request).matching
    if action in ("export_csv", "export_xlsx"):
        return await _export_response(request, cycle_id, table, action == "export_xlsx", only=ids)
    try:
        answer = await m.post(
            f"/cycles/{cycle_id}/applications/actions",
            s.token,
            json={"action": action, "application_ids": ids},
        )
    except ServiceError as exc:
        if exc.status == 401:
            raise
        errors = {"action": ACTION_WORDS.get(exc.code) or exc.message}
        return await _applications_page(request, cycle_id, table, errors=errors, status_code=exc.status)
    selected = await m.get(
        f"/cycles/{cycle_id}/applications", s.token, params={"application_id": ids, "limit": len(ids)}
    )
    names = {r["application_id"]: r["applicant_name"] for r in selected["items"]}
    return await _applications_page(request, cycle_id, table, report=bulk_report(answer, names))


async def _all_rows(request: Request, cycle_id: str, table: TableQuery) -> list[dict]:
    """Every row of the table as filtered and sorted (the pages of 500 the service answers)."""
    s = require_role(request, *STAFF)
    m = services_of(request).matching
    rows: list[dict] = []
    while True:
        page = await m.get(
            f"/cycles/{cycle_id}/applications", s.token, params=table.api_params(offset=len(rows), limit=500)
        )
        rows.extend(page["items"])
        if not page["items"] or len(rows) >= min(page["total"], EXPORT_LIMIT):
            return rows[:EXPORT_LIMIT]


EXPORT_HEADINGS = (
    "Application",
    "Applicant",
    "Sending country",
    "Home institution",
    "Choices",
    "Status",
    "Programme of the match",
    "Rejected documents",
    "Grade",
    "Committee score",
    "Reviews submitted",
    "Score spread",
    "Flags",
    "Received",
)


def _export_rows(lang: str, rows: list[dict], programme_name: Any) -> list[list[Any]]:
    """The table's rows as cells, worded in the reader's language (numbers stay numbers)."""
    return [
        [
            r["application_id"],
            r["applicant_name"],
            country_name(lang, r["sending_country"]),
            r["home_institution"] or "",
            "; ".join(f"{n}. {programme_name(p)}" for n, p in enumerate(r["choices"], start=1)),
            translate(lang, f"status:{r['status']}"),
            # the programme its live match is at (proposed, with the host, offered or accepted)
            programme_name(r["programme_id"]) if r.get("programme_id") else "",
            ", ".join(translate(lang, f"doc:{k}") for k in r["documents_rejected"]),
            r["grade"],
            None if r["committee_hidden"] else r["committee_score"],
            r["reviews_submitted"],
            r["spread"],
            ", ".join(translate(lang, f"flag:{f}") for f in r["flags"]),
            str(r["received_at"])[:10],
        ]
        for r in rows
    ]


async def _export_response(
    request: Request, cycle_id: str, table: TableQuery, excel: bool, *, only: list[str] | None = None
) -> Response:
    """The table's rows (all pages, as filtered and sorted), or only the selected ones, as CSV
    or as an Excel workbook, worded in the reader's language."""
    lang = language_of(request)
    words = await _words(request, cycle_id)
    if only:
        s = require_role(request, *STAFF)
        # the selected rows in the table's order, whatever filter the page shows now
        params = {**table.api_params(offset=0, limit=len(only)), "application_id": only}
        for key in ("status", "sending_country", "q"):
            params.pop(key, None)
        rows = (await services_of(request).matching.get(f"/cycles/{cycle_id}/applications", s.token, params=params))[
            "items"
        ]
    else:
        rows = await _all_rows(request, cycle_id, table)
    cells = _export_rows(lang, rows, words.programme)
    safe_name = re.sub(r"[^A-Za-z0-9._-]", "_", cycle_id)[:64]
    name = f"applications-{safe_name}{'-selected' if only else ''}"
    return spreadsheet(lang, EXPORT_HEADINGS, cells, title="Applications", name=name, excel=excel)


@router.get("/cycles/{cycle_id}/applications.csv")
async def applications_csv(request: Request, cycle_id: str):
    """The table's rows (all pages, as filtered and sorted) as CSV."""
    return await _export_response(request, cycle_id, TableQuery.of(request.query_params), excel=False)


@router.get("/cycles/{cycle_id}/applications.xlsx")
async def applications_xlsx(request: Request, cycle_id: str):
    """The same rows as an Excel workbook."""
    return await _export_response(request, cycle_id, TableQuery.of(request.query_params), excel=True)
