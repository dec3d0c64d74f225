"""The officer console: cycles, quota fill, matching rounds and their progress, review."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from services.portal.clients import ServiceError, services_of
from services.portal.domain.forms import fill_level, percent
from services.portal.quota_words import Words
from services.portal.web import checked_form, language_of, redirect, render, require_role

router = APIRouter(prefix="/officer")
STAFF = ("officer", "admin")


@router.get("")
async def console(request: Request):
    s = require_role(request, *STAFF)
    m = services_of(request).matching
    cycles, schemes = await asyncio.gather(
        m.get("/cycles", s.token, params={"limit": 200}), m.get("/schemes", s.token, params={"limit": 200})
    )
    return render(
        request,
        "officer/index.html",
        title="Officer console",
        cycles=cycles["items"],
        scheme_names={x["id"]: x["name"] for x in schemes["items"]},
    )


async def _words(request: Request, cycle_id: str) -> Words:
    """Words for the cycle's programmes (titles with hosts), countries and values."""
    m = services_of(request).matching
    programmes, institutions = await asyncio.gather(
        m.get("/programmes", params={"cycle_id": cycle_id, "limit": 500}),
        m.get("/institutions", params={"limit": 500}),
    )
    return Words(
        language_of(request),
        {p["id"]: p for p in programmes["items"]},
        {i["id"]: i["name"] for i in institutions["items"]},
    )


async def _cycle_page(request: Request, cycle_id: str, *, errors: dict | None = None, status_code: int = 200):
    s = require_role(request, *STAFF)
    m = services_of(request).matching
    cycle, quota, rounds, pool, rules, words = await asyncio.gather(
        m.get(f"/cycles/{cycle_id}", s.token),
        m.get(f"/cycles/{cycle_id}/quota", s.token),
        m.get(f"/cycles/{cycle_id}/rounds", s.token, params={"limit": 20}),
        m.get(f"/cycles/{cycle_id}/pool", s.token, params={"limit": 1}),
        m.get("/quota-rules", s.token, params={"cycle_id": cycle_id, "limit": 500}),
        _words(request, cycle_id),
    )
    by_id = {r["id"]: r for r in rules["items"]}
    try:
        scheme = await m.get(f"/schemes/{cycle.get('scheme_id', '')}", s.token)
    except ServiceError as exc:
        if exc.status == 401:
            raise
        scheme = {}
    # each rule worded once, each of its caps by the values it is for
    shown_rules = [
        {
            "heading": words.rule(by_id.get(r["rule_id"]), r["label"]),
            "label": r["label"],
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
        nominees_only="nomination" in (scheme.get("path") or []),
        errors=errors or {},
        percent=percent,
        fill_level=fill_level,
    )


@router.get("/cycles/{cycle_id}")
async def cycle_page(request: Request, cycle_id: str):
    return await _cycle_page(request, cycle_id)


@router.get("/cycles/{cycle_id}/rounds")
async def rounds_form_address(cycle_id: str):
    """The start-a-round form's address opened again (a language switch after a refusal)."""
    return redirect(f"/officer/cycles/{cycle_id}")


@router.post("/cycles/{cycle_id}/rounds")
async def start_round(request: Request, cycle_id: str):
    s = require_role(request, *STAFF)
    form = await checked_form(request)
    seed_text = (form.get("seed") or "").strip()
    body: dict = {}
    if seed_text:
        if not seed_text.isdigit() or len(seed_text) > 18:
            return await _cycle_page(
                request, cycle_id, errors={"seed": "The seed is a whole number (or leave it empty)."}, status_code=422
            )
        body["seed"] = int(seed_text)
    try:
        started = await services_of(request).matching.post(f"/cycles/{cycle_id}/rounds", s.token, json=body)
    except ServiceError as exc:
        if exc.status == 401:
            raise
        return await _cycle_page(
            request,
            cycle_id,
            errors={"seed" if "seed" in exc.by_field() else "round": exc.message},
            status_code=exc.status,
        )
    return redirect(f"/officer/rounds/{started['round_id']}")


@router.get("/rounds/{round_id}")
async def round_page(request: Request, round_id: str):
    s = require_role(request, *STAFF)
    m = services_of(request).matching
    round_ = await m.get(f"/rounds/{round_id}", s.token)
    cycle = await m.get(f"/cycles/{round_['cycle_id']}", s.token)
    return render(request, "officer/round.html", title="Matching round", round=round_, cycle=cycle)


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
    status_code: int = 200,
):
    s = require_role(request, *STAFF)
    m = services_of(request).matching
    status = request.query_params.get("status") or "proposed"
    cycle, matches, pool, programmes, rounds = await asyncio.gather(
        m.get(f"/cycles/{cycle_id}", s.token),
        m.get("/matches", s.token, params={"cycle_id": cycle_id, "status": status, "limit": 200}),
        m.get(f"/cycles/{cycle_id}/pool", s.token, params={"limit": 500}),
        m.get("/programmes", params={"cycle_id": cycle_id, "limit": 500}),
        m.get(f"/cycles/{cycle_id}/rounds", s.token, params={"limit": 1}),
    )
    latest = rounds["items"][0] if rounds["items"] else None
    waitlist: dict[str, list[str]] = {}
    if latest and latest["status"] == "completed":
        waitlist = await m.get(f"/rounds/{latest['id']}/waitlist", s.token)
    words = await _words(request, cycle_id)
    # under each match only its own application's places on the latest round's waitlists
    waiting = {
        mt["application_id"]: [
            {"programme": words.programme(pid), "position": ids.index(mt["application_id"]) + 1}
            for pid, ids in waitlist.items()
            if mt["application_id"] in ids
        ]
        for mt in matches["items"]
    }
    return render(
        request,
        "officer/review.html",
        status_code=status_code,
        title="Review matches",
        cycle=cycle,
        matches=matches,
        pool={e["application_id"]: e for e in pool["items"]},
        programmes={p["id"]: p for p in programmes["items"]},
        programme_name=words.programme,
        latest=latest,
        waiting=waiting,
        status=status,
        errors=errors or {},
        row_errors=row_errors or {},
    )


@router.get("/cycles/{cycle_id}/review")
async def review_page(request: Request, cycle_id: str):
    return await _review_page(request, cycle_id)


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
        raw = form.get("match_id[]") or []
        selected, action = ([raw] if isinstance(raw, str) else list(raw)), form.get("action") or ""
    if action not in ("approve", "reject"):
        return await _review_page(request, cycle_id, errors={"action": "Choose approve or reject."}, status_code=422)
    if not selected:
        return await _review_page(request, cycle_id, errors={"match_id": "Select at least one match."}, status_code=422)
    decisions, row_errors = [], {}
    for mid in selected:
        reason = (form.get(f"reason_{mid}") or form.get("reason") or "").strip()
        decision = {"match_id": mid, "decision": action, **({"reason": reason} if reason else {})}
        if action == "reject":
            if len(reason) < 3:
                row_errors[mid] = "A rejection needs a reason (at least 3 characters)."
            # the reason stays internal; only this text is for the applicant
            message = (form.get(f"message_{mid}") or form.get("message_to_applicant") or "").strip()
            if message:
                decision["message_to_applicant"] = message
        decisions.append(decision)
    if row_errors:
        errors = {} if only else {"reason": "A rejection needs a reason (at least 3 characters)."}
        return await _review_page(request, cycle_id, errors=errors, row_errors=row_errors, status_code=422)
    try:
        done = await services_of(request).matching.post("/matches/review", s.token, json={"decisions": decisions})
    except ServiceError as exc:
        if exc.status == 401:
            raise
        rest: dict[str, str] = {}
        row_errors = {}
        for e in exc.errors:
            parts = e.field.split(".")
            if parts[0] == "decisions" and len(parts) > 1 and parts[1].isdigit() and int(parts[1]) < len(selected):
                row_errors[selected[int(parts[1])]] = e.message
            else:
                rest.setdefault("match_id", e.message)
        return await _review_page(request, cycle_id, errors=rest, row_errors=row_errors, status_code=exc.status)
    to_host = sum(1 for m in done.get("matches", []) if m.get("status") == "with_host")
    if to_host:  # under an admission stage an approval is not an offer yet: say where they went
        s.flash(
            "{approved} approved and sent to the host for admission, {rejected} rejected.",
            "success",
            approved=done["approved"],
            rejected=done["rejected"],
        )
        return redirect(f"/officer/cycles/{cycle_id}/review?status=with_host")
    s.flash(
        "{approved} approved, {rejected} rejected.", "success", approved=done["approved"], rejected=done["rejected"]
    )
    return redirect(f"/officer/cycles/{cycle_id}/review")
