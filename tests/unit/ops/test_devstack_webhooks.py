"""`make run` delivers webhooks to a receiver on this machine (loopback, any port); the
service's own default still refuses loopback."""

from __future__ import annotations

import pytest

from services.notifications.domain.targets import Refusal
from services.notifications.settings import Settings
from tests.unit.notifications.fakes import guard
from tools.devstack import webhook_env


@pytest.mark.parametrize("url", ["http://127.0.0.1:9000/hook", "http://127.0.0.2:5000/h", "http://[::1]:8088/h"])
async def test_make_run_allows_a_receiver_on_loopback_on_any_port(url, monkeypatch):
    for name, value in webhook_env({}).items():
        monkeypatch.setenv(name, value)  # read as the service reads it
    settings = Settings(env="development", smtp_host="smtp.invalid")
    checked = await guard(settings.webhook_policy).check(url)
    assert checked.address.is_loopback


async def test_an_operators_own_allowlist_is_kept():
    assert webhook_env({"NOTIFICATIONS_WEBHOOK_ALLOW": "10.20.0.0/16"}) == {
        "NOTIFICATIONS_WEBHOOK_ALLOW": "10.20.0.0/16"
    }


@pytest.mark.parametrize("env", ["development", None])
async def test_without_it_loopback_is_refused(env):
    settings = Settings(env=env, smtp_host="smtp.invalid")
    with pytest.raises(Refusal) as refused:
        await guard(settings.webhook_policy).check("https://127.0.0.1/hook")
    assert refused.value.code == "webhook.url_not_public"
