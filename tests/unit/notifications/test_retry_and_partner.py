"""The retry schedule and what a partner sees (pure)."""

from datetime import UTC, datetime, timedelta

import pytest
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from services.notifications.domain import partner
from services.notifications.domain.officers import round_audience
from services.notifications.domain.retry import DEFAULT_SCHEDULE, next_delay, total_tries
from services.notifications.domain.told import fingerprint, partner_content
from services.notifications.service.channels import new_webhook_secret, sign_webhook
from shared.principal import Principal, Role


def test_schedule_then_dead():
    schedule = [5, 30, 120]
    assert total_tries(schedule) == 4
    assert [next_delay(n, schedule, 0.5, jitter=0.2) for n in (1, 2, 3)] == [5, 30, 120]
    assert next_delay(4, schedule, 0.5) is None
    with pytest.raises(ValueError):
        next_delay(0, schedule, 0.5)


def test_jitter_spreads_within_bounds():
    lo = next_delay(2, DEFAULT_SCHEDULE, 0.0, jitter=0.2)
    hi = next_delay(2, DEFAULT_SCHEDULE, 0.999999, jitter=0.2)
    assert lo == pytest.approx(24) and hi == pytest.approx(36, rel=1e-4)
    assert list(DEFAULT_SCHEDULE) == sorted(DEFAULT_SCHEDULE)  # grows


def test_routing_groups_programmes_by_institution_and_drops_unknown():
    where = {"p1": "xjmu", "p2": "tju", "p3": "xjmu"}
    assert partner.institutions_for(["p1", "p2", "p3", "unknown", "p1"], where) == {"xjmu": ["p1", "p3"], "tju": ["p2"]}
    assert partner.institutions_for([], where) == {}


def test_projection_carries_no_personal_data():
    payload = partner.project(
        "application.waitlisted",
        timestamp=datetime(2026, 5, 1, tzinfo=UTC),
        institution_id="xjmu",
        application_id="app-1",
        cycle_id="sco-2026",
        scheme_id="sco",
        sending_country="KZ",
        applicant_type="student",
        programme_ids=["p1"],
        waitlist=[{"programme_id": "p1", "position": 2}],
    )
    assert payload["type"] == "application.waitlisted"
    assert set(payload["data"]) == {
        "institution_id",  # one endpoint may serve several institutions: it is named
        "application_id",
        "cycle_id",
        "scheme_id",
        "status",
        "sending_country",
        "applicant_type",
        "programme_ids",
        "waitlist",
    }
    assert payload["data"]["status"] == "waitlisted" and payload["data"]["institution_id"] == "xjmu"
    with pytest.raises(ValueError):
        partner.project(
            "match.proposed",
            timestamp=datetime.now(UTC),
            institution_id="i",
            application_id="a",
            cycle_id="c",
            scheme_id=None,
            sending_country=None,
            applicant_type=None,
            programme_ids=[],
        )


def test_the_institution_named_in_data_is_no_news_to_tell_once_by():
    """Projections told before data named the institution are fingerprinted without it: the
    same news after the change is still not told twice."""
    common = {
        "timestamp": datetime(2026, 5, 1, tzinfo=UTC),
        "application_id": "app-1",
        "cycle_id": "sco-2026",
        "scheme_id": "sco",
        "sending_country": "KZ",
        "applicant_type": "student",
        "programme_ids": ["p1"],
    }
    now = partner.project("application.submitted", institution_id="xjmu", **common)
    before = {**now, "data": {k: v for k, v in now["data"].items() if k != "institution_id"}}
    assert fingerprint(partner_content(now)) == fingerprint(partner_content(before))
    offered = partner.project("application.offered", institution_id="xjmu", **common, match_id="m")
    assert fingerprint(partner_content(offered)) != fingerprint(partner_content(now))


def test_filters():
    assert partner.wants([], "application.offered")
    assert partner.wants(["application.offered"], "application.offered")
    assert not partner.wants(["application.offered"], "application.submitted")


def test_signature_verifies_with_standard_webhooks():
    secret = new_webhook_secret()
    assert secret.startswith("whsec_")
    req = sign_webhook(secret, "msg_1", {"type": "application.offered", "data": {"x": "ü"}})
    assert Webhook(secret).verify(req.body, req.headers) == {"type": "application.offered", "data": {"x": "ü"}}
    with pytest.raises(WebhookVerificationError):
        Webhook(new_webhook_secret()).verify(req.body, req.headers)


def test_round_audience_is_the_schemes_officers_and_the_admins_only_when_none():
    staff = [
        Principal(sub="o-sco", role=Role.OFFICER, schemes=["sco"]),
        Principal(sub="o-cpec", role=Role.OFFICER, schemes=["cpec"]),
        Principal(sub="o-all", role=Role.OFFICER),
        Principal(sub="o-inst", role=Role.OFFICER, institutions=["xjmu"]),
        Principal(sub="admin", role=Role.ADMIN),
        Principal(sub="p", role=Role.PARTNER, institutions=["xjmu"]),
    ]
    assert round_audience(staff, "sco") == ["o-sco", "o-all"]
    assert round_audience(staff, None) == ["o-all"]  # an unknown cycle: only the unscoped
    assert round_audience([p for p in staff if p.sub != "o-all"], "gulf") == ["admin"]
    assert round_audience([], "sco") == []


def test_during_a_rotation_both_secrets_sign_and_either_verifies_then_only_the_new():
    old, new = new_webhook_secret(), new_webhook_secret()
    now = datetime.now(UTC)
    until = now + timedelta(hours=1)
    secrets = partner.signing_secrets(new, old, until, now)
    assert secrets == [new, old]
    req = sign_webhook(secrets, "msg_2", {"type": "webhook.ping", "data": {}}, now)
    assert len(req.headers["webhook-signature"].split(" ")) == 2
    for secret in (old, new):  # a receiver not yet switched, and one already switched
        assert Webhook(secret).verify(req.body, req.headers)["type"] == "webhook.ping"
    after = partner.signing_secrets(new, old, until, until + timedelta(seconds=1))
    assert after == [new]
    late = sign_webhook(after, "msg_3", {"type": "webhook.ping", "data": {}})
    with pytest.raises(WebhookVerificationError):
        Webhook(old).verify(late.body, late.headers)
    assert partner.signing_secrets(new, None, None, now) == [new]
