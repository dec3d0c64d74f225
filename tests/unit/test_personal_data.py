"""Personal data in events (issue 13, item 7): only where a consumer needs it, and marked.

Each field that carries personal data is declared with ``shared.events.catalog.personal``,
naming the services that use it and for what; the AsyncAPI document shows the marks. These
tests keep the declarations honest: a field that looks personal must be declared, and a
service named as a user must really read the field.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from shared.events.asyncapi import build_document
from shared.events.catalog import EVENT_TYPES, ApplicationSubmitted, ApplicationUpdated, Topics, personal_fields

ROOT = Path(__file__).resolve().parents[2]
# Names that always mean personal data when an event carries them.
LOOKS_PERSONAL = re.compile(r"(^|_)(email|name|nationality|grade|passport|birth|phone|address|language_certificates)$")
NOT_PERSONAL = {"host_institution_name", "programme_name", "institution_name", "cycle_name", "scheme_name"}


def _models(*, catalog: bool = True):
    """The event models (the catalog's describe institutions and programmes, not people)."""
    specs = [s for s in EVENT_TYPES.values() if catalog or s.topic != Topics.CATALOG]
    return sorted({spec.model for spec in specs}, key=lambda m: m.__name__)


@pytest.mark.parametrize("model", _models(catalog=False), ids=lambda m: m.__name__)
def test_every_field_that_looks_personal_is_declared(model):
    declared = personal_fields(model)
    for name in model.model_fields:
        if LOOKS_PERSONAL.search(name) and name not in NOT_PERSONAL:
            assert name in declared, f"{model.__name__}.{name} carries personal data: declare it with personal(...)"


def _sources(service: str, model) -> str:
    """The service's handlers and use cases that name the event model (or a model it extends):
    where a field of that event can be read."""
    names = {c.__name__ for c in model.__mro__ if c.__module__ == model.__module__ and c.__name__ != "EventData"}
    files = [ROOT / "services" / service / "handlers.py", *(ROOT / "services" / service / "service").glob("*.py")]
    texts = [f.read_text() for f in files if f.exists()]
    return "\n".join(t for t in texts if any(re.search(rf"\b{n}\b", t) for n in names))


def test_each_declared_user_really_reads_the_field():
    for model in _models():
        for name, users in personal_fields(model).items():
            assert users, f"{model.__name__}.{name} is personal and nobody uses it: take it out of the event"
            for service in users:
                source = _sources(service, model)
                assert source, f"{service} is said to use {model.__name__} but never names it"
                assert re.search(rf"\.{name}\b|[\"']{name}[\"']", source), (
                    f"{service} is said to use {model.__name__}.{name} but never reads it"
                )


def test_application_events_carry_no_name_or_address():
    for model in (ApplicationSubmitted, ApplicationUpdated):
        assert "email" not in model.model_fields and "name" not in model.model_fields


def test_the_contract_marks_personal_fields():
    doc = build_document()
    schemas = doc["components"]["schemas"]
    contact = schemas["ApplicantRegistered"]["properties"]
    assert contact["email"]["x-personal-data"] is True
    assert "notifications" in contact["email"]["x-used-by"]
    assert "x-personal-data" not in contact["applicant_id"]
