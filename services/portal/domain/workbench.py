"""The officer workbench's table (issue 16): what its address asks for (sort, order, filters,
search, page), the links that change one of them, its saved filters, the rows an officer
selected and what an action did to each, and the exports of its rows (CSV and Excel)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from services.portal.domain.forms import whole_number

PAGE_SIZE = 50
# the columns the table sorts by (as the matching service names them), in the table's order
SORTS = ("name", "country", "home", "choices", "status", "documents", "score", "flags")
# the statuses a row can show (matching's workbench.table_page): its live match's, the pool's,
# the home institution's or authority's decision, a rejection or the last round's outcome
STATUSES = (
    "submitted",
    "not_endorsed",
    "not_nominated",
    "nomination_withdrawn",
    "nominated",
    "reserve",
    "proposed",
    "with_host",
    "approved",
    "accepted",
    "rejected",
    "host_rejected",
    "waitlisted",
    "unmatched",
    "declined",
    "withdrawn",
)
# those still in the running for a place (an interview's candidates): not placed and accepted,
# not out of the pool, not left out by the home institution or the nominating authority
IN_THE_RUNNING = tuple(
    s
    for s in STATUSES
    if s not in {"accepted", "declined", "withdrawn", "not_endorsed", "not_nominated", "nomination_withdrawn"}
)
# beyond this an export is refused: the table filters first
EXPORT_LIMIT = 20_000

_COUNTRY = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class TableQuery:
    sort: str = "name"
    descending: bool = False
    status: str = ""
    country: str = ""
    q: str = ""
    offset: int = 0
    endorsed: bool = False  # under an endorsement stage, the endorsed only (those a round may place)

    @classmethod
    def of(cls, params: Any) -> TableQuery:
        """From the address's parameters; anything not understood is left at its default."""
        sort = params.get("sort") or ""
        status = params.get("status") or ""
        country = (params.get("country") or "").strip().upper()
        offset = params.get("offset") or ""
        return cls(
            sort=sort if sort in SORTS else "name",
            descending=params.get("order") == "desc",
            status=status if status in STATUSES else "",
            country=country if _COUNTRY.match(country) else "",
            q=(params.get("q") or "").strip()[:100],
            offset=whole_number(offset) or 0,
            endorsed=params.get("endorsed") == "true",
        )

    def api_params(self, *, offset: int | None = None, limit: int = PAGE_SIZE) -> dict[str, Any]:
        """The matching service's parameters for this table (GET /cycles/{id}/applications)."""
        out: dict[str, Any] = {
            "sort": self.sort,
            "order": "desc" if self.descending else "asc",
            "offset": self.offset if offset is None else offset,
            "limit": limit,
        }
        if self.status:
            out["status"] = self.status
        if self.country:
            out["sending_country"] = self.country
        if self.q:
            out["q"] = self.q
        if self.endorsed:
            out["endorsed"] = "true"
        return out

    def query_string(self, **changes: Any) -> str:
        """This table's address with some of it changed ("?sort=score&order=desc")."""
        t = replace(self, **changes)
        pairs: dict[str, Any] = {}
        if t.sort != "name":
            pairs["sort"] = t.sort
        if t.descending:
            pairs["order"] = "desc"
        for key in ("status", "country", "q"):
            if getattr(t, key):
                pairs[key] = getattr(t, key)
        if t.endorsed:
            pairs["endorsed"] = "true"
        if t.offset:
            pairs["offset"] = t.offset
        return "?" + urlencode(pairs) if pairs else "?"

    def sort_link(self, column: str) -> str:
        """A column heading's link: by it ascending, or reversed when it already sorts."""
        descending = not self.descending if column == self.sort else False
        return self.query_string(sort=column, descending=descending, offset=0)

    def saved(self) -> dict[str, str]:
        """What a saved filter keeps of this table (the matching service's names): its
        filters, search and order, never its page."""
        params = self.api_params()
        return {k: str(params[k]) for k in ("status", "sending_country", "q", "sort", "order") if k in params}

    @classmethod
    def of_saved(cls, filters: Any) -> TableQuery:
        """A saved filter opened again (what is no longer understood is left at its default)."""
        f = dict(filters or {})
        return cls.of({**f, "country": f.get("sending_country") or ""})

    def same_filter(self, other: TableQuery) -> bool:
        """The same rows in the same order, whatever the page."""
        return replace(self, offset=0) == replace(other, offset=0)

    def sorted_as(self, column: str) -> str:
        """aria-sort of a heading."""
        if column != self.sort:
            return "none"
        return "descending" if self.descending else "ascending"


def safe_text(value: Any) -> Any:
    """A text cell a spreadsheet will not run: one that starts like a formula gets a quote."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 with a byte-order mark, so that a spreadsheet reads Chinese, Cyrillic and Urdu."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if v is None else safe_text(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(headers: Sequence[str], rows: Iterable[Sequence[Any]], title: str, *, rtl: bool = False) -> bytes:
    """One sheet: the headings bold and frozen, text kept as text (never a formula)."""
    book = Workbook()
    sheet = book.active
    sheet.title = re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "Sheet"
    sheet.sheet_view.rightToLeft = rtl
    sheet.append(list(headers))
    widths = [len(h) for h in headers]
    for row in rows:
        sheet.append([safe_text(v) for v in row])
        for i, v in enumerate(row):
            widths[i] = max(widths[i], min(len(str(v or "")), 60))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width + 2
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- the selected rows and what an action did to each -------------------------------------------

# the actions on the selected rows: two the matching service does, two exports the portal writes
ACTIONS = ("invite", "assign", "export_csv", "export_xlsx")
_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


def selected_ids(ticked: Any, on_page: Any, all_on_page: bool) -> list[str]:
    """The applications an officer acts on: the rows ticked; with "select all on this page"
    and no row ticked (a browser without scripts), every row of the page. Anything that is not
    an application id is dropped; each once, in order."""

    def listed(v: Any) -> list[str]:
        return [v] if isinstance(v, str) else list(v or [])

    chosen = listed(ticked) or (listed(on_page) if all_on_page else [])
    return list(dict.fromkeys(a for a in chosen if _ID.match(a)))[:500]


# what a row's answer says, by its code (services/matching/service/workbench.py ``act_on_selected``)
OUTCOME_WORDS = {
    "interview.invited": "Invited to interview.",
    "interview.already_invited": "Already invited to interview: nothing changed.",
    "interview.withdrawn": "Not invited: the application was withdrawn.",
    "interview.out_of_the_running": "Not invited: no longer in the running (a place accepted, an offer declined, not endorsed or not nominated).",
    "assignment.assigned": "Reviewers assigned: {names}.",
    "assignment.complete": "It already has its reviewers: nothing changed.",
    "assignment.not_submitted": "No reviewers assigned: only a submitted application is reviewed.",
    "assignment.out_of_the_running": "No reviewers assigned: no longer in the running (a place accepted, an offer declined, not endorsed or not nominated).",
    "assignment.no_reviewers": "Not enough eligible reviewers (own institution or a declared conflict). Assigned: {names}.",
    "pool.not_found": "Not done: this application is not among the cycle's applications you see.",
}


@dataclass(frozen=True)
class ReportRow:
    application_id: str
    name: str
    outcome: str  # done | unchanged | refused
    words: str  # an OUTCOME_WORDS sentence (English: the key of its translations)
    names: str  # the reviewers the action assigned, for {names}


@dataclass(frozen=True)
class BulkReport:
    action: str
    done: int
    unchanged: int
    refused: int
    rows: tuple[ReportRow, ...]


def bulk_report(answer: dict[str, Any], names: dict[str, str]) -> BulkReport:
    """The matching service's answer to an action on the selected rows, each row with its
    applicant's name and what was done or why not (a code it does not know reads as its detail)."""
    rows = tuple(
        ReportRow(
            application_id=r["application_id"],
            name=names.get(r["application_id"], ""),
            outcome=r["outcome"],
            words=OUTCOME_WORDS.get(r["code"], r.get("detail") or r["code"]),
            names=", ".join(r.get("reviewers") or []) or "—",
        )
        for r in answer["rows"]
    )
    return BulkReport(answer["action"], answer["done"], answer["unchanged"], answer["refused"], rows)


# --- the review queue as a table -----------------------------------------------------------------

# match statuses the application table also filters by (a row's status is its live match's)
LIVE_STATUSES = ("proposed", "with_host", "approved", "accepted")


@dataclass(frozen=True)
class ReviewRow:
    """One match of the review table with what the officer decides on."""

    match: dict[str, Any]
    name: str
    sending_country: str
    home_institution: str | None
    priority_score: float | None
    committee_score: float | None
    committee_hidden: bool
    grade: float | None
    documents_rejected: tuple[str, ...]
    choices: tuple[str, ...]
    waiting: tuple[tuple[str, int], ...]  # (programme id, position) on the latest round's waitlists
    score_spread: bool = False  # the reviewers' composites disagree beyond the scoresheet's threshold
    # the home institution's decision (endorsed | not_endorsed) and the cohort it endorsed with
    endorsement: str | None = None
    cohort: str | None = None
    # the application's matches an officer rejected before this one (an earlier round placed it
    # there; this round placed it again, elsewhere or at the same programme), newest first
    rejected_before: tuple[dict[str, Any], ...] = ()


def review_rows(
    matches: Sequence[dict[str, Any]],
    table_rows: Sequence[dict[str, Any]],
    pool_entries: Sequence[dict[str, Any]],
    places: Sequence[dict[str, Any]],
    rejected: Sequence[dict[str, Any]] = (),
) -> list[ReviewRow]:
    """Each match with its applicant: the name, home institution, committee score, priority
    score and rejected documents from the application table (GET /cycles/{id}/applications,
    narrowed to the page's applications), else from the pool entries given; the places on the
    latest round's waitlists (GET /rounds/{id}/waitlist/places); the highest priority first,
    then by name."""
    waiting = {p["application_id"]: tuple((w["programme_id"], w["position"]) for w in p["places"]) for p in places}
    table = {r["application_id"]: r for r in table_rows}
    pool = {e["application_id"]: e for e in pool_entries}
    earlier: dict[str, list[dict[str, Any]]] = {}
    for r in sorted(rejected, key=lambda r: r.get("reviewed_at") or "", reverse=True):
        earlier.setdefault(r["application_id"], []).append(r)
    out = []
    for m in matches:
        app = m["application_id"]
        t, e = table.get(app, {}), pool.get(app, {})
        hidden = bool(t.get("committee_hidden", e.get("committee_hidden", False)))
        out.append(
            ReviewRow(
                match=m,
                name=t.get("applicant_name") or e.get("applicant_name") or "",
                sending_country=t.get("sending_country") or e.get("sending_country") or "",
                home_institution=t.get("home_institution"),
                priority_score=t.get("priority_score", e.get("priority_score")),
                committee_score=None if hidden else t.get("committee_score", e.get("committee_score")),
                committee_hidden=hidden,
                grade=t.get("grade", e.get("grade")),
                documents_rejected=tuple(t.get("documents_rejected") or ()),
                choices=tuple(t.get("choices") or e.get("choices") or ()),
                waiting=waiting.get(app, ()),
                score_spread="score_spread" in (t.get("flags") or ()),
                endorsement=t.get("endorsement"),
                cohort=t.get("endorsement_cohort"),
                rejected_before=tuple(r for r in earlier.get(app, ()) if r["id"] != m["id"]),
            )
        )
    out.sort(key=lambda r: (r.priority_score is None, -(r.priority_score or 0.0), r.name.casefold(), r.match["id"]))
    return out
