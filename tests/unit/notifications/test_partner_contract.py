"""What partners receive, as a machine-readable contract: every projection the service builds
fits the models (no field it sends is undescribed), the document's examples are those
projections and validate against its own schemas, the committed file is up to date, and the
service serves it to anyone."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import httpx
import jsonschema
import pytest

from services.notifications.domain import partner, partner_contract
from services.notifications.domain.partner_contract import PartnerData, PartnerEvent, PingEvent
from tools.asyncapi import PARTNER_OUT
from tools.asyncapi import main as asyncapi_main

DOC = partner_contract.document()
ROOT = {"components": DOC["components"]}


def described(model, payload: dict) -> None:
    """``payload`` validates and names no field the model leaves undescribed (recursively)."""
    model.model_validate(payload)
    for key, value in payload.items():
        field = model.model_fields.get(key)
        assert field is not None, f"{model.__name__} does not describe {key!r}"
        nested = {"data": PartnerData}.get(key) if model is PartnerEvent else None
        if nested is not None:
            described(nested, value)
    if model is PartnerData:
        for place in payload.get("waitlist") or []:
            assert set(place) == set(partner_contract.WaitlistPlace.model_fields)
        if payload.get("admission") is not None:
            kinds = (partner_contract.AdmissionRequest, partner_contract.AdmissionDecision)
            assert any(set(payload["admission"]) == set(k.model_fields) for k in kinds)


@pytest.mark.parametrize("partner_type", sorted(partner.PARTNER_EVENT_TYPES))
def test_every_projection_fits_the_contract(partner_type):
    payload = partner_contract.example(partner_type)
    described(PartnerEvent, payload)
    jsonschema.validate(payload, {**ROOT, "$ref": "#/components/schemas/PartnerEvent"})
    # and without the optional facts an application may lack
    bare = partner.project(
        partner_type,
        timestamp=datetime(2027, 1, 1, tzinfo=UTC),
        institution_id="xjmu",
        application_id="a-1",
        cycle_id="c-1",
        scheme_id=None,
        sending_country=None,
        applicant_type=None,
        programme_ids=[],
        admission={"decision": "rejected", "reason_code": "no_decision", "version": 2}
        if partner_type == "admission.decided"
        else {"decide_by": None}
        if partner_type == "admission.requested"
        else None,
    )
    described(PartnerEvent, bare)
    jsonschema.validate(bare, {**ROOT, "$ref": "#/components/schemas/PartnerEvent"})


def test_a_field_the_projection_adds_without_the_contract_is_caught():
    payload = partner_contract.example("application.offered")
    payload["data"]["grade"] = 91
    with pytest.raises(AssertionError, match="does not describe 'grade'"):
        described(PartnerEvent, payload)


def test_the_contract_refuses_what_partners_never_receive():
    payload = partner_contract.example("application.waitlisted")
    wrong = {**payload, "type": "application.graded"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(wrong, {**ROOT, "$ref": "#/components/schemas/PartnerEvent"})
    no_status = {**payload, "data": {k: v for k, v in payload["data"].items() if k != "status"}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(no_status, {**ROOT, "$ref": "#/components/schemas/PartnerEvent"})


def test_every_type_is_a_message_on_both_channels_with_its_own_example_and_the_ping_only_by_webhook():
    webhook = DOC["channels"]["webhook"]["messages"]
    topic = DOC["channels"]["partnerTopic"]["messages"]
    messages = DOC["components"]["messages"]
    names = {messages[ref["$ref"].split("/")[-1]]["name"] for ref in webhook.values()}
    assert names == set(partner.PARTNER_EVENT_TYPES) | {partner.PING_TYPE}
    assert {messages[ref["$ref"].split("/")[-1]]["name"] for ref in topic.values()} == set(partner.PARTNER_EVENT_TYPES)
    for name, message in messages.items():
        (example,) = message["examples"]
        assert example["payload"]["type"] == message["name"]
        jsonschema.validate(example["payload"], {**ROOT, **message["payload"]})
        headers = message["headers"]["$ref"].split("/")[-1]
        assert headers == ("TopicHeaders" if name.endswith("_record") else "WebhookHeaders")
    ping = messages["webhook_ping"]["examples"][0]["payload"]
    PingEvent.model_validate(ping)
    for operation in DOC["operations"].values():
        channel = operation["channel"]["$ref"].split("/")[-1]
        for ref in operation["messages"]:
            assert ref["$ref"].split("/")[-1] in DOC["channels"][channel]["messages"]


def test_the_committed_document_is_up_to_date(capsys):
    assert Path(PARTNER_OUT).read_text() == partner_contract.render(DOC), (
        "docs/partner-asyncapi.json is out of date: run `make docs`"
    )
    assert asyncapi_main(["--partner", "--check", str(PARTNER_OUT)]) == 0


async def test_the_service_serves_it_without_a_token(tmp_path):
    from services.notifications.app import create_app
    from services.notifications.settings import Settings
    from shared.settings import DEV_JWT_SECRET

    app = create_app(Settings(env="development", jwt_secret=DEV_JWT_SECRET, data_dir=tmp_path))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://notifications") as c:
        r = await c.get("/partner/asyncapi.json")
    assert r.status_code == 200 and r.json() == DOC
