"""The AsyncAPI document: complete, consistent with the models, and committed up to date."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from shared.events.asyncapi import build_document, render
from shared.events.catalog import EVENT_TYPES, Topics, parse_event
from shared.events.envelope import decode_message
from tools.asyncapi import DEFAULT_OUT

DOC = build_document()


def test_committed_document_matches_the_models():
    committed = Path(DEFAULT_OUT)
    assert committed.exists(), "docs/asyncapi.json is missing: run `make docs`"
    assert committed.read_text() == render(DOC), (
        "docs/asyncapi.json is out of date with shared/events/catalog.py: run `make docs`"
    )


def test_a_changed_model_changes_the_document():
    """The comparison above would catch it: a new field shows up in the payload schema."""
    from pydantic import create_model

    from shared.events import asyncapi, catalog

    spec = EVENT_TYPES["org.corridor.application.withdrawn.v1"]
    changed = create_model("ApplicationWithdrawn", __base__=spec.model, withdrawn_by=(str, ...))
    original = catalog.EVENT_TYPES[spec.type]
    try:
        catalog.EVENT_TYPES[spec.type] = type(spec)(spec.type, spec.topic, changed, spec.key, spec.summary)
        asyncapi._build.cache_clear()
        assert render(build_document()) != render(DOC)
        assert "withdrawn_by" in build_document()["components"]["schemas"]["ApplicationWithdrawn"]["properties"]
    finally:
        catalog.EVENT_TYPES[spec.type] = original
        asyncapi._build.cache_clear()


def test_every_topic_and_type_is_described():
    assert DOC["asyncapi"] == "3.0.0"
    addresses = {c["address"] for c in DOC["channels"].values()}
    assert addresses == {t.value for t in Topics} | {t.dlq for t in Topics}
    names = {m["name"] for m in DOC["components"]["messages"].values()}
    assert set(EVENT_TYPES) <= names
    for op in DOC["operations"].values():
        channel_id = op["channel"]["$ref"].split("/")[-1]
        for ref in op["messages"]:
            assert ref["$ref"].startswith(f"#/channels/{channel_id}/messages/")
            assert ref["$ref"].split("/")[-1] in DOC["channels"][channel_id]["messages"]


@pytest.mark.parametrize("type_", sorted(EVENT_TYPES))
def test_each_example_is_valid_and_decodes_as_the_consumer_does(type_):
    spec = EVENT_TYPES[type_]
    msg = DOC["components"]["messages"][spec.model.__name__]
    (example,) = msg["examples"]
    root = {"components": DOC["components"]}
    jsonschema.validate(example["headers"], {**root, **msg["headers"]})
    assert example["headers"]["ce_type"] == type_
    assert msg["bindings"]["kafka"]["key"]["type"] == "string"
    if spec.tombstone:
        assert example["payload"] is None
        return
    jsonschema.validate(example["payload"], {**root, "$ref": msg["payload"]["$ref"]})
    # The example, put on the wire as documented, is read back by Corridor's own consumer.
    headers = [(k, v.encode()) for k, v in example["headers"].items()]
    env = decode_message(example["headers"]["ce_subject"].encode(), json.dumps(example["payload"]).encode(), headers)
    assert env.type == type_ and env.traceparent == example["headers"]["ce_traceparent"]
    assert parse_event(env).model_dump(mode="json") == example["payload"]


def test_schema_rejects_a_payload_missing_a_required_field():
    msg = DOC["components"]["messages"]["ApplicationSubmitted"]
    payload = dict(msg["examples"][0]["payload"])
    del payload["application_id"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(payload, {"components": DOC["components"], "$ref": msg["payload"]["$ref"]})
