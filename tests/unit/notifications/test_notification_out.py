"""An outbound e-mail as the operations API lists it says its kind of notice: the portal's
e-mail page words it ("offer of a place"), where the event type alone could not tell an
account's password reset from its lock."""

from __future__ import annotations

from services.notifications.api.schemas import NotificationOut
from services.notifications.domain.delivery import Channel
from services.notifications.models import Notification


def test_an_email_row_carries_its_template_and_a_webhook_none():
    mail = Notification(
        source_event_id="evt_1",
        event_type="org.corridor.account.notice.v1",
        channel=Channel.EMAIL,
        recipient="acc_1",
        template="account_password_reset",
    )
    assert NotificationOut.of(mail).template == "account_password_reset"
    hook = Notification(source_event_id="evt_2", event_type="x", channel=Channel.WEBHOOK, recipient="sub_1")
    assert NotificationOut.of(hook).template is None
