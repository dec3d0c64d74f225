"""Issue 18: the portal asks whether a reset link still works before it shows the form; the
question does not use the link."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from tests.support.flows import register


async def test_a_reset_link_is_checked_without_being_used(service, events):
    who = await register(service.client)
    await service.client.post("/auth/password-reset", json={"email": who.email})
    (notice,) = await events.wait(who.id, "account.notice")
    token = parse_qs(urlparse(notice.data["link"]).query)["token"][0]

    for _ in range(2):  # asking twice leaves the link usable
        r = await service.client.post("/auth/password-reset/check", json={"token": token})
        assert r.status_code == 204, r.text
    done = await service.client.post(
        "/auth/password-reset/confirm", json={"token": token, "new_password": "copper-meadow-falcon-19"}
    )
    assert done.status_code == 204, done.text

    used = await service.client.post("/auth/password-reset/check", json={"token": token})
    assert used.status_code == 422
    assert used.json()["code"] == "password_reset.invalid" and used.json()["errors"][0]["field"] == "token"
    unknown = await service.client.post("/auth/password-reset/check", json={"token": "A" * 43})
    assert unknown.status_code == 422 and unknown.json()["code"] == "password_reset.invalid"
    malformed = await service.client.post("/auth/password-reset/check", json={"token": "not a token!"})
    assert malformed.status_code == 422
