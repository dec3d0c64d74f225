"""HTTP conventions every service shares: problem details, the database session, paging.

Every error is answered as RFC 9457 problem details (``application/problem+json``)::

    {"type": "urn:corridor:problem:quota.cap_negative", "title": "Unprocessable Content",
     "status": 422, "code": "quota.cap_negative", "detail": "a cap may not be negative",
     "instance": "/quota-rules", "errors": [{"field": "cap", "reason": "...", "code": "..."}]}

``code`` is stable and machine-readable (the portal translates by it); ``errors`` names
every field at fault. Domain and service code raise ``shared.errors`` refusals; this
module alone turns them into status codes.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import AsyncIterator, Iterator, Mapping
from datetime import date, datetime
from http import HTTPStatus
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, ValidationInfo, field_validator
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.exceptions import HTTPException as StarletteHTTPException

from shared import errors
from shared.errors import DomainError, FieldError
from shared.paging import MAX_LIMIT, MAX_OFFSET, Paging

PROBLEM_JSON = "application/problem+json"

log = logging.getLogger(__name__)

STATUS_OF: dict[type[DomainError], int] = {
    errors.Invalid: 422,
    errors.NotFound: 404,
    errors.Conflict: 409,
    errors.Forbidden: 403,
    errors.Unauthenticated: 401,
    errors.PreconditionFailed: 412,
    errors.TooLarge: 413,
    errors.Unsupported: 415,
    errors.TooManyRequests: 429,
    errors.Unavailable: 503,
}

# Codes for what the framework refuses before a route runs.
HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 401: "unauthenticated", 403: "forbidden"}


def status_of(exc: DomainError) -> int:
    for cls in type(exc).__mro__:
        if cls in STATUS_OF:
            return STATUS_OF[cls]
    return 422  # a bare DomainError is a refusal of the input


# The token endpoint's refusals also carry OAuth 2.0's own members (RFC 6749 section 5.2):
# an off-the-shelf OAuth client reads ``error``, and had shown nothing of a problem document.
TOKEN_PATH = "/auth/token"
OAUTH_ERRORS = {
    "auth.bad_client_credentials": "invalid_client",
    "auth.bad_credentials": "invalid_grant",
    "auth.account_disabled": "invalid_grant",
    "auth.locked": "invalid_grant",
    "auth.throttled": "invalid_grant",
    "auth.client_throttled": "invalid_client",
}


def oauth_error(code: str, items: list[dict[str, Any]]) -> str:
    """The RFC 6749 error of a token endpoint's refusal."""
    if code in OAUTH_ERRORS:
        return OAUTH_ERRORS[code]
    if any(i.get("field") == "grant_type" and "missing" not in str(i.get("code")) for i in items):
        return "unsupported_grant_type"  # one named that is not ours (a missing one: invalid_request)
    return "invalid_request"


def token_status(status: int, error: str) -> int:
    """The status of a token endpoint's refusal as RFC 6749 (5.2) has it: 400, but 401 for a
    client's credentials. A rate limit stays 429 (with Retry-After), a body of another type 415."""
    if status in (401, 403, 422) and error != "invalid_client":
        return 400
    return status


def problem(
    request: Request, status: int, code: str, detail: str, items: list[dict[str, Any]], headers: dict | None = None
) -> JSONResponse:
    oauth = request.url.path == TOKEN_PATH and status < 500
    if oauth:
        error = oauth_error(code, items)
        status = token_status(status, error)
        headers = {k: v for k, v in (headers or {}).items() if k != "WWW-Authenticate"}
        if status == 401:  # the token endpoint's clients authenticate with Basic (RFC 6749 2.3.1)
            headers["WWW-Authenticate"] = 'Basic realm="corridor"'

    body = {
        "type": f"urn:corridor:problem:{code}",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "code": code,
        "detail": detail,
        "instance": request.url.path,
        "errors": items,
    }
    if oauth:
        body |= {"error": error, "error_description": detail}
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_JSON)


def _field(loc) -> str:
    """The field a validation error is about: its location without where it came from (only
    the first part says that: a body field may itself be called "path" or "query")."""
    parts = [str(p) for p in loc]
    if parts[:1] == ["body"] and (len(parts) == 1 or parts[1].isdigit()):
        return "body"  # the body as a whole, or a place in JSON that could not be read ("body", 23)
    if parts and parts[0] in ("body", "query", "path", "header", "form", "cookie"):
        parts = parts[1:]
    return ".".join(parts) or "request"


def install_error_handlers(app: FastAPI) -> None:
    """Problem details for domain refusals, request validation, framework errors and an
    unreachable database (503 with Retry-After: the request changed nothing)."""

    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError):
        status = status_of(exc)
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        if status == 503:
            headers = {"Retry-After": "2"}
        if isinstance(exc, errors.TooManyRequests):
            headers = {"Retry-After": str(exc.retry_after)}
        return problem(request, status, exc.code, exc.reason, [e.as_dict() for e in exc.errors], headers)

    async def _unavailable(request: Request, _exc: Exception):
        reason = "the database is unavailable; try again shortly"
        item = FieldError("request", reason, "unavailable").as_dict()
        return problem(request, 503, "unavailable", reason, [item], {"Retry-After": "2"})

    async def _unstorable(request: Request, exc: DBAPIError):
        log.warning(
            "a value refused by the database: %s (SQLSTATE %s)",
            type(exc.orig).__name__,
            getattr(exc.orig, "sqlstate", None),
        )
        reason = "a value cannot be stored: out of range, or with a character the database refuses"
        item = FieldError("request", reason, "unstorable_value").as_dict()
        return problem(request, 422, "unstorable_value", reason, [item])

    for exc_type in (OperationalError, ConnectionError, TimeoutError):
        app.add_exception_handler(exc_type, _unavailable)

    @app.exception_handler(InterfaceError)
    async def _interface(request: Request, exc: InterfaceError):
        if not exc.connection_invalidated and refused_as_data(exc):
            return await _unstorable(request, exc)  # the driver refused a value before sending it
        return await _unavailable(request, exc)

    @app.exception_handler(DBAPIError)
    async def _dbapi(request: Request, exc: DBAPIError):
        if exc.connection_invalidated:
            return await _unavailable(request, exc)
        if refused_as_data(exc):
            return await _unstorable(request, exc)
        raise exc

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError):
        json_sent = "json" in request.headers.get("content-type", "")
        items = [
            {
                "field": _field(err.get("loc", ())),
                "reason": _said(err, json_sent=json_sent),
                "code": err.get("type") or "invalid",
                "loc": [str(p) for p in err.get("loc", ())],
                **_context(err),
            }
            for err in exc.errors()
        ]
        detail = "; ".join(f"{i['field']}: {i['reason']}" for i in items) or "invalid request"
        return problem(request, 422, "validation", detail, items)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 400 and exc.detail == BODY_NOT_PARSED:
            # a body FastAPI could not read (JSON that is not UTF-8, a broken form): bad input as
            # every other, a 422 on the body
            reason = "the request body could not be read"
            item = FieldError("body", reason, "request.malformed_body").as_dict()
            return problem(request, 422, "request.malformed_body", reason, [item])
        if exc.status_code == 400 and str(exc.detail).startswith(MULTIPART_NOT_PARSED):
            # the multipart parser's refusal (a part's headers too long: a file name of thousands
            # of characters), said of the body, not as a bare "http_400" naming no field
            reason = (
                "the multipart body could not be read: a part is malformed or its headers are too long "
                "(a file name of thousands of characters)"
            )
            item = FieldError("body", reason, "request.malformed_body").as_dict()
            return problem(request, 422, "request.malformed_body", reason, [item])
        code = HTTP_CODES.get(exc.status_code, f"http_{exc.status_code}")
        detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        item = FieldError("request", detail, code).as_dict()
        return problem(request, exc.status_code, code, detail, [item], getattr(exc, "headers", None))


def _context(err: Mapping[str, Any]) -> dict[str, Any]:
    """A validation error's parameters beside its reason (``le``: 100; a certificate's ``top``),
    so that a client can word the refusal in its own language."""
    reserved = {"field", "reason", "code", "loc"}
    ctx = err.get("ctx") or {}
    return {k: v for k, v in ctx.items() if k not in reserved and isinstance(v, (str, int, float, bool))}


def _said(err: Mapping[str, Any], *, json_sent: bool = True) -> str:
    """A validation error's reason for a person: a file field sent as text was "Value error,
    Expected UploadFile, received: <class 'str'>" (the framework's internals); broken JSON was
    "JSON decode error" with its place as the field's name."""
    reason = str(err.get("msg", "invalid"))
    if err.get("type") == "value_error":  # our own sentence, without the library's "Value error, "
        reason = reason.removeprefix("Value error, ")
    if err.get("type") in DATE_ERRORS:
        # the parser's words ("day value is outside expected range", "Datetimes provided to dates
        # should have zero time") told a caller neither the form nor what was wrong with 2003-02-30
        reason = DATE_ERRORS[str(err["type"])]
    loc = [str(p) for p in err.get("loc", ())]
    if "Expected UploadFile" in reason:
        return "a file is expected here: send it as a file part of a multipart/form-data body"
    if err.get("type") == "json_invalid":
        where = f" at character {loc[1]}" if len(loc) > 1 else ""
        why = (err.get("ctx") or {}).get("error")
        return f"the body is not valid JSON{where}" + (f": {why}" if why else "")
    if loc == ["body"] and not json_sent:
        return f"{reason}: send the body as JSON, with Content-Type: application/json"
    return reason


# What FastAPI says (a 400) of a request body it could not decode before validating it.
BODY_NOT_PARSED = "There was an error parsing the body"
# A date or a time the parser could not read, said with the form it takes.
DATE_ERRORS = {
    "date_from_datetime_parsing": "not a date: write it as YYYY-MM-DD, a day of the calendar (2003-02-30 is none)",
    "date_from_datetime_inexact": "not a date: write it as YYYY-MM-DD",
    "date_parsing": "not a date: write it as YYYY-MM-DD, a day of the calendar (2003-02-30 is none)",
    "date_type": "not a date: write it as YYYY-MM-DD",
    "datetime_from_date_parsing": "not a date and time: write it as ISO 8601, e.g. 2027-03-15T14:30:00Z",
    "datetime_parsing": "not a date and time: write it as ISO 8601, e.g. 2027-03-15T14:30:00Z",
    "datetime_type": "not a date and time: write it as ISO 8601, e.g. 2027-03-15T14:30:00Z",
}
# ... and Starlette of a multipart body its parser refused
MULTIPART_NOT_PARSED = "Invalid multipart data"


def _plain_kinds(annotation: Any) -> set[Any]:
    """The types a field's annotation admits, through ``X | None`` and ``Annotated[X, ...]``."""
    if get_origin(annotation) is Annotated:
        return _plain_kinds(get_args(annotation)[0])
    if get_origin(annotation) in (Union, UnionType):
        return {k for arg in get_args(annotation) for k in _plain_kinds(arg)}
    return {annotation}


def _items_of(kinds: set[Any]) -> tuple[set[Any], set[Any]]:
    """What a list's items and a dict's values may be, of the containers among ``kinds``."""
    items: set[Any] = set()
    values: set[Any] = set()
    for kind in kinds:
        origin, args = get_origin(kind), get_args(kind)
        if origin in (list, set, frozenset, tuple) and args:
            items |= {k for arg in args if arg is not Ellipsis for k in _plain_kinds(arg)}
        elif origin is dict and len(args) == 2:
            values |= _plain_kinds(args[1])
    return items, values


_MOST_ITEMS_LOOKED_AT = 10_000


def _json_kind_problem(value: Any, kinds: set[Any]) -> str | None:
    """Why ``value`` (as parsed from JSON) is of another kind than ``kinds`` admit, or None;
    into lists' items and dicts' values (a score of ``true`` in ``{"scores": {...}}`` was 1)."""
    if value is None or not kinds or str in kinds or Any in kinds:
        return None
    if bool in kinds and not kinds & {int, float}:
        return None if isinstance(value, bool) else "must be true or false"
    if kinds & {int, float} and bool not in kinds:
        if isinstance(value, bool):
            return "must be a number, not true or false"
        if isinstance(value, str):
            return "must be a number, not text"
    if kinds & {date, datetime} and (
        isinstance(value, (bool, int, float)) or (isinstance(value, str) and value.strip().isdigit())
    ):
        # a number read as seconds since 1970: "0" had become a date of birth of 1970-01-01
        return DATE_ERRORS["datetime_type" if datetime in kinds else "date_type"]
    items, values = _items_of(kinds)
    if isinstance(value, (list, dict)) and len(value) > _MOST_ITEMS_LOOKED_AT:
        return None  # longer than any bound a body takes: its length refuses it, at once
    if isinstance(value, list) and items:
        return next((p for v in value if (p := _json_kind_problem(v, items))), None)
    if isinstance(value, dict) and values:
        return next((p for v in value.values() if (p := _json_kind_problem(v, values))), None)
    return None


class RequestBody(BaseModel):
    """A request body's model: a JSON value of another kind where a number, ``true``/``false``
    or a date goes is refused, not converted (in lists and maps too). ``true`` had been read as
    1 (``"grade": true`` stored a grade of 1.0, ``"seats": true`` one seat), and text as a flag
    or a number: ``"publish": "yes"`` published a nomination list and told its applicants,
    ``"host_identity": "yes"`` recorded an applicant's consent; a number as a date was seconds
    since 1970."""

    @field_validator("*", mode="before")
    @classmethod
    def _of_its_json_kind(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None or info.field_name not in cls.model_fields:
            return value
        problem = _json_kind_problem(value, _plain_kinds(cls.model_fields[info.field_name].annotation))
        if problem:
            raise ValueError(problem)
        return value


def refused_as_data(exc: DBAPIError) -> bool:
    """Whether a value was refused as data: by PostgreSQL (SQLSTATE class 22, a data exception:
    a number out of range, a NUL character, an impossible date) or by the driver before it
    was sent (asyncpg's ``DataError``, a ``ValueError``: an integer beyond its column's type).
    The request is at fault, not the database: a 422, not a 500 or a 503 to retry."""
    sqlstate = getattr(exc.orig, "sqlstate", None)
    if isinstance(sqlstate, str) and sqlstate.startswith("22"):
        return True
    return isinstance(getattr(exc.orig, "__cause__", None), ValueError)


PROBLEM_SCHEMA = {
    "title": "Problem",
    "type": "object",
    "description": "RFC 9457 problem details; `code` is stable, `errors` names each field at fault.",
    "required": ["type", "title", "status", "code", "detail", "errors"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "code": {"type": "string"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "reason", "code"],
                "properties": {
                    "field": {"type": "string", "description": "the field at fault (dotted path) or 'request'"},
                    "reason": {"type": "string"},
                    "code": {"type": "string"},
                    "loc": {"type": "array", "items": {"type": "string"}},
                },
                "additionalProperties": True,
            },
        },
    },
}


def _usual_refusals(route: str, method: str, operation: dict) -> list[tuple[str, str]]:
    """The refusals every operation of its kind can answer, documented on each so that a
    client generated from the document expects them: 401 and 403 where a token is asked for,
    404 where the path names something, 409 where a change can meet a state that forbids it."""
    out = []
    if operation.get("security"):
        out.append(("401", "No valid bearer token: missing, expired, revoked, or meant for another service"))
        out.append(
            ("403", "The caller's role or scope does not allow this (codes such as `auth.wrong_role`, `scope.outside`)")
        )
    if "{" in route:
        out.append(("404", "What the path names does not exist, or is not visible to the caller"))
    if method in ("post", "put", "patch", "delete") and operation.get("security"):
        out.append(("409", "The change conflicts with the current state (the code names the conflict)"))
    return out


def _bearer_from_elsewhere(schema: dict) -> None:
    """A service that issues no token documents its bearer token as one to paste: its
    "Authorize" button had offered a password log-in posted to its own /auth/token (a 404).
    The scheme keeps its name, so every operation's reference to it still holds."""
    schemes = schema.get("components", {}).get("securitySchemes", {})
    for name, scheme in schemes.items():
        if scheme.get("type") == "oauth2":
            schemes[name] = {
                "type": "http",
                "scheme": "bearer",
                "bearerFormat": "JWT",
                "description": "An access token from the applications service's POST /auth/token "
                "(a staff log-in, or a partner's client credentials), pasted here.",
            }


def document_error_bodies(app: FastAPI) -> None:
    """Make the OpenAPI document describe the problem body the handlers above send: every
    422 (and every documented 4xx) is a ``Problem``."""
    build = app.openapi

    def openapi() -> dict:
        cached = app.openapi_schema is not None
        schema = build()
        if not cached:
            schemas = schema.setdefault("components", {}).setdefault("schemas", {})
            schemas["Problem"] = PROBLEM_SCHEMA
            schemas.pop("HTTPValidationError", None)
            schemas.pop("ValidationError", None)
            ref = {"$ref": "#/components/schemas/Problem"}
            for route, path in schema.get("paths", {}).items():
                for method, operation in path.items():
                    responses = operation.setdefault("responses", {})
                    for status, description in _usual_refusals(route, method, operation):
                        responses.setdefault(status, {"description": description})
                    if route == TOKEN_PATH:
                        responses.pop("422", None)  # its refusals of the form are 400 (token_status)
                    for status, response in responses.items():
                        if status.startswith("4") or status.startswith("5"):
                            response["content"] = {PROBLEM_JSON: {"schema": ref}}
            if "/auth/token" not in schema.get("paths", {}):
                _bearer_from_elsewhere(schema)
        return schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to extend OpenAPI


# --- the database session ------------------------------------------------------------------


async def _session(request: Request) -> AsyncIterator[AsyncSession]:
    async with request.app.state.runtime.db.session() as session:
        yield session


async def _transaction(request: Request) -> AsyncIterator[AsyncSession]:
    async with request.app.state.runtime.db.session() as session, session.begin():
        yield session


# A session for reads; a route that writes takes ``Transaction`` (committed when the route
# returns, before the answer is sent: scope="function"; rolled back if it raises).
DbSession = Annotated[AsyncSession, Depends(_session, scope="function")]
Transaction = Annotated[AsyncSession, Depends(_transaction, scope="function")]


# --- ids in paths ---------------------------------------------------------------------------

PATH_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:~-]{0,127}")


async def ids_in_path(request: Request) -> None:
    """Every path parameter of a router given this dependency is an id (letters, digits and
    ``._:~-``, at most 128): a NUL byte or a page of text is a 422 naming the parameter, not
    a database error."""
    errors_ = [
        {
            "type": "string_pattern_mismatch",
            "loc": ("path", name),
            "msg": f"must match {PATH_ID.pattern} (an id: letters, digits and ._:~-, at most 128)",
            "input": value,
        }
        for name, value in request.path_params.items()
        if not PATH_ID.fullmatch(value)
    ]
    if errors_:
        raise RequestValidationError(errors_)


# --- what the database cannot store ----------------------------------------------------------

_NUL = "\x00"
_MOST_NAMED = 20  # refusals named per request


def _unstorable_values(value: Any, loc: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    """(location, reason, code) of each string with a NUL character (PostgreSQL's text cannot
    hold one) and each number that is not finite (JSON columns refuse it) in a parsed JSON
    value, in document order."""
    stack: list[tuple[tuple[str | int, ...], Any]] = [(loc, value)]
    while stack:
        where, v = stack.pop()
        if isinstance(v, str):
            if _NUL in v:
                yield where, "must not contain a NUL character", "string_nul"
        elif isinstance(v, float):
            if not math.isfinite(v):
                yield where, "must be a finite number", "finite_number"
        elif isinstance(v, dict):
            for key in v:
                if _NUL in key:
                    yield (*where, key), "a name must not contain a NUL character", "string_nul"
            stack.extend(((*where, k), item) for k, item in reversed(v.items()))
        elif isinstance(v, list):
            stack.extend(((*where, i), item) for i, item in reversed(list(enumerate(v))))


async def storable_input(request: Request) -> None:
    """Every route's first check (an app-wide dependency): no NUL character in a query or path
    parameter or anywhere in a JSON body, and no infinite or NaN number in a JSON body (Python
    reads ``1e999`` and ``NaN`` as such). Each is a 422 naming where it is, before the route
    runs; else the database refused it mid-transaction, as a 500.

    The body is the one FastAPI parsed for the route (cached on the request): a route without
    a body, or with a form, is not read again."""
    found: list[tuple[tuple[str | int, ...], str, str]] = []
    known = _query_names(request.scope.get("route"))
    if known is not None and TOKEN_IN_QUERY & (request.query_params.keys() - known):
        # RFC 6750's ?access_token= is taken by no route here (a URL's token is kept in logs and
        # histories): said as the authentication it is meant to be, not an unknown filter
        raise errors.Unauthenticated(
            "auth.token_in_query",
            "a token is not taken in the URL: send it as the header Authorization: Bearer <token>",
            "authorization",
        )
    for name, value in request.query_params.multi_items():
        if _NUL in name or _NUL in value:
            found.append((("query", name), "must not contain a NUL character", "string_nul"))
        elif known is not None and name not in known:
            # a misspelt filter (?stauts=) or one the route lacks (?since=) had been ignored: the
            # caller read every item as if filtered
            reason = f"unknown query parameter; this route takes {', '.join(sorted(known)) or 'none'}"
            found.append((("query", name), reason, "query_unknown"))
    for name, value in request.path_params.items():
        if isinstance(value, str) and _NUL in value:
            found.append((("path", name), "must not contain a NUL character", "string_nul"))
    if getattr(request.scope.get("route"), "body_field", None) is not None:
        kind = request.headers.get("content-type", "")
        if not kind.startswith(("multipart/", "application/x-www-form-urlencoded")):
            try:
                body = await request.json()
            # empty, not JSON, or nested deeper than the decoder goes (a form route sent JSON of
            # 1,000 levels answered 500): the route's own reading answers it
            except (ValueError, RecursionError):
                body = None
            for where in _unstorable_values(body, ("body",)):
                found.append(where)
                if len(found) >= _MOST_NAMED:
                    break
    if found:
        raise RequestValidationError(
            [{"type": code, "loc": loc, "msg": reason} for loc, reason, code in found[:_MOST_NAMED]]
        )


# Query parameters a client may think carry its credentials.
TOKEN_IN_QUERY = frozenset({"access_token", "token", "api_key", "apikey"})


def _declared_query(route: APIRoute) -> frozenset[str]:
    known = getattr(route, "_declared_query", None)  # kept on the route: routes are not hashable
    if known is not None:
        return known
    names: set[str] = set()
    dependants = [route.dependant]
    while dependants:
        dependant = dependants.pop()
        for field in dependant.query_params:
            model = field.field_info.annotation
            if isinstance(model, type) and issubclass(model, BaseModel):  # a query model: its fields
                names.update(f.alias or name for name, f in model.model_fields.items())
            else:
                names.add(field.alias)
        dependants.extend(dependant.dependencies)
    route._declared_query = known = frozenset(names)
    return known


def _query_names(route: object) -> frozenset[str] | None:
    """The query parameters a route declares (its dependencies' too); None for what is not a
    FastAPI route (the docs, metrics), which takes whatever it takes."""
    return _declared_query(route) if isinstance(route, APIRoute) else None


class TrailingSlashIgnored:
    """``/admin/accounts/`` is ``/admin/accounts``. Starlette answered a trailing slash with a 307
    whose Location it builds from the request as it reached the process: ``http://`` behind a
    proxy that ended TLS, so a client following it left HTTPS (or was refused), and a POST took a
    second round trip. A path is the same resource with or without the slash; no route here is
    told apart by it."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and len(path) > 1 and path.endswith("/"):
            scope = dict(scope, path=path.rstrip("/") or "/")
            if "raw_path" in scope and scope["raw_path"]:
                scope["raw_path"] = scope["raw_path"].rstrip(b"/") or b"/"
        await self.app(scope, receive, send)


# --- paging (the type and the query are in shared.paging; this is the query parameters) ---


async def _paging(
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="items to skip")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="page size")] = 50,
) -> Paging:
    return Paging(offset=offset, limit=limit)


PageParams = Annotated[Paging, Depends(_paging)]


async def _keyset_paging(
    paging: PageParams,
    after: Annotated[
        str | None,
        Query(
            max_length=512,
            description="a page's next: the page after it (faster than offset deep in a long list; not with offset)",
        ),
    ] = None,
) -> Paging:
    return paging.model_copy(update={"after": after})


KeysetPageParams = Annotated[Paging, Depends(_keyset_paging)]
