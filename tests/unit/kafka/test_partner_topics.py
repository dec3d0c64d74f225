"""A partner's own topic and principal (shared.kafka.partners): names, ACLs, the SCRAM request."""

from __future__ import annotations

import hashlib

import pytest

from shared.kafka.acls import DESCRIBE, GROUP, LITERAL, PREFIXED, READ, TOPIC, WRITE
from shared.kafka.partners import (
    ITERATIONS,
    SCRAM_SHA_512,
    AlterScramCredentials,
    _AlterScramRequest_v0,
    partner_acls,
    partner_topic,
    partner_user,
)


def test_each_institution_has_its_own_topic_and_principal():
    assert partner_topic("xjmu") == "corridor.partner.xjmu.v1"
    assert partner_user("xjmu") == "partner-xjmu"


@pytest.mark.parametrize("bad", ["", "../x", "x y", "*", "a" * 65, "é", ".hidden", "Upper"])
def test_an_id_that_could_reach_another_topic_is_refused(bad):
    with pytest.raises(ValueError, match="cannot name a Kafka topic"):
        partner_topic(bad)


def test_a_partner_may_read_only_its_own_topic_and_groups():
    acls = partner_acls("xjmu")
    assert {a.principal for a in acls} == {"User:partner-xjmu"}
    assert {(a.resource_type, a.name, a.pattern) for a in acls} == {
        (TOPIC, "corridor.partner.xjmu.v1", LITERAL),
        (GROUP, "partner-xjmu", LITERAL),
        (GROUP, "partner-xjmu/", PREFIXED),
    }
    # a partner whose id starts like another's cannot reach its groups: "/" is in no institution id
    other = partner_acls("xjmu2")
    assert not any(a.name.startswith("partner-xjmu/") or a.name == "partner-xjmu" for a in other)
    assert {a.operation for a in acls} == {READ, DESCRIBE}
    assert WRITE not in {a.operation for a in acls}


def test_the_scram_request_carries_a_salted_password_never_the_password():
    struct = AlterScramCredentials(upsert={"partner-xjmu": "s3cret-password"}).build(_AlterScramRequest_v0)
    deletions, upsertions, _tags = struct.deletions, struct.upsertions, struct.tags
    assert deletions == []
    [(name, mechanism, iterations, salt, salted, _)] = upsertions
    assert (name, mechanism, iterations) == ("partner-xjmu", SCRAM_SHA_512, ITERATIONS)
    assert salted == hashlib.pbkdf2_hmac("sha512", b"s3cret-password", salt, ITERATIONS)
    assert b"s3cret-password" not in struct.encode()
    again = AlterScramCredentials(upsert={"partner-xjmu": "s3cret-password"}).build(_AlterScramRequest_v0)
    assert again.upsertions[0][3] != salt  # a fresh salt each time


def test_revoking_deletes_the_principal_credentials():
    struct = AlterScramCredentials(delete=["partner-xjmu"]).build(_AlterScramRequest_v0)
    assert struct.upsertions == [] and struct.deletions == [("partner-xjmu", SCRAM_SHA_512, {})]
