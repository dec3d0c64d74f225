"""What the catalog's forms share: a change sent as the officer, and a refusal filed under the
form's fields."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from fastapi import Request

from services.portal.clients import FieldError, ServiceError, services_of
from services.portal.domain.problems import Message
from services.portal.i18n import translate
from services.portal.web import WrongRole, cycles_managed, language_of, session_of

STAFF = ("officer", "admin")
FORM = "form"  # a refusal no field of the form is for: said above the form


async def read_as_stored(request: Request, path: str) -> Any:
    """A catalog record to change, its names as typed (not in the reader's language, as every
    other read gives them): the form shows them and sends them back."""
    return await services_of(request).matching.call("GET", path, session_of(request).token, as_stored=True)


async def managed_cycle(request: Request, cycle_id: str) -> dict[str, Any]:
    """The cycle, for an officer of its scheme (or an admin): anyone else is refused the page,
    as the service would refuse their change (the form is not offered to be refused later)."""
    cycle = await services_of(request).matching.get(f"/cycles/{cycle_id}", session_of(request).token)
    if not cycles_managed(session_of(request), [cycle]):
        raise WrongRole()
    return cycle


def unworded(_error: FieldError) -> Message | None:
    return None


def words_from(
    refusals: Mapping[str, str], otherwise: Callable[[FieldError], Message | None] = unworded
) -> Callable[[FieldError], Message | None]:
    """A form's words for the service's refusals: its sentence for the code (filled from the
    refusal's context), else ``otherwise``'s."""

    def words(error: FieldError) -> Message | None:
        sentence = refusals.get(error.code)
        return Message(sentence, error.context) if sentence else otherwise(error)

    return words


def flash_warnings(request: Request, saved: Mapping[str, Any], words: Callable[[str, str], Message | None]) -> None:
    """The service's warnings about a saved record, each said after the saved message: in the
    reader's language where ``words`` (code, the service's reason) has a sentence, else as the
    service said it."""
    lang = language_of(request)
    for warning in saved.get("warnings") or []:
        code, said = str(warning.get("code") or ""), str(warning.get("reason") or "")
        worded = words(code, said)
        if worded is not None and warning.get("params"):  # what the sentence names (counts, countries)
            worded = Message(worded, {**getattr(worded, "params", {}), **warning["params"]})
        reason = translate(lang, worded) if worded is not None else said
        session_of(request).flash("Saved, with a warning: {reason}", "info", reason=reason)


def refusal_by_field(
    exc: ServiceError, fields: Iterable[str], words: Callable[[FieldError], Message | None] = unworded
) -> dict[str, Message]:
    """The service's refusal filed under the form's fields: an error on ``requirements.min_grade``
    or ``requirements.min_grade.0`` goes to the form field ``requirements.min_grade`` if the form
    has it, else to the longest of the form's fields its path starts with, else above the form
    (``FORM``). The first error per field is kept, in the form's own ``words`` for its code
    where it has them (a code such as ``catalog.in_use`` means another thing on another form),
    else as the portal words it everywhere."""
    known = sorted(fields, key=len, reverse=True)
    out: dict[str, Message] = {}
    for e in exc.errors or []:
        path = e.field or ""
        name = next((f for f in known if path == f or path.startswith(f + ".")), FORM)
        out.setdefault(name, words(e) or e.message)
    if not out:
        out[FORM] = exc.message
    return out
