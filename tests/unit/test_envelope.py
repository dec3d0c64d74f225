"""The CloudEvents envelope on Kafka and the catalog's schema checks (pure)."""

import pytest

from shared.events.catalog import ApplicationWithdrawn, parse_event, type_of
from shared.events.envelope import PoisonMessage, decode_message, encode_envelope, new_event


def withdrawn_event():
    data = ApplicationWithdrawn(application_id="app-1", applicant_id="stu-1", cycle_id="sco-2026")
    return new_event(type_of(data), data, source="/corridor/applications", key="app-1")


def test_binary_mode_round_trip_keeps_attributes_key_and_data():
    env = withdrawn_event()
    key, value, headers = encode_envelope(env)
    names = dict(headers)
    assert key == b"app-1"
    assert names["ce_type"] == b"org.corridor.application.withdrawn.v1"
    assert names["ce_specversion"] == b"1.0"
    assert names["content-type"] == b"application/json"
    back = decode_message(key, value, headers)
    assert (back.id, back.type, back.source, back.key) == (env.id, env.type, env.source, "app-1")
    assert parse_event(back) == ApplicationWithdrawn(application_id="app-1", applicant_id="stu-1", cycle_id="sco-2026")


@pytest.mark.parametrize(
    "value, headers, reason",
    [
        (b"\x00\xff garbage", [], "not a CloudEvent"),
        (
            b"{not json",
            [
                ("ce_id", b"1"),
                ("ce_type", b"org.corridor.application.withdrawn.v1"),
                ("ce_source", b"/x"),
                ("ce_specversion", b"1.0"),
                ("content-type", b"application/json"),
            ],
            "undecodable",
        ),
    ],
)
def test_undecodable_messages_are_poison_with_a_reason(value, headers, reason):
    with pytest.raises(PoisonMessage, match=reason):
        decode_message(b"k", value, headers)


def test_unknown_type_and_schema_invalid_data_are_poison():
    env = withdrawn_event()
    env.type = "org.corridor.nonsense.v1"
    with pytest.raises(PoisonMessage, match="unknown event type"):
        parse_event(env)
    env = withdrawn_event()
    env.data = {"application_id": "app-1"}
    with pytest.raises(PoisonMessage, match="schema-invalid .*applicant_id"):
        parse_event(env)
