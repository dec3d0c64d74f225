"""Issue 18: the Urdu password-reset e-mail writes its time as Urdu readers do (not "2:30 PM"),
isolated so that it keeps its order in right-to-left text; the other languages as before."""

from __future__ import annotations

import pytest

from services.notifications.domain.templates import moment, render

LINK = "https://portal.example/password-reset?token=abc"


def test_urdu_uses_the_24_hour_clock_isolated_in_right_to_left_text():
    written = moment("2027-03-15T14:30:00+00:00", "ur")
    assert written == "15 مارچ، 2027 \u206814:30 UTC\u2069"
    assert "PM" not in written and "AM" not in written


@pytest.mark.parametrize(
    ("lang", "written"),
    [
        ("en", "March 15, 2027, 2:30\u202fPM UTC"),
        ("zh", "2027年3月15日 14:30 UTC"),
        ("ru", "15 марта 2027\u202fг., 14:30 UTC"),
        ("ur", "15 مارچ، 2027 \u206814:30 UTC\u2069"),
    ],
)
def test_the_reset_email_says_until_when_in_the_readers_form(lang, written):
    mail = render("account_password_reset", lang, {"name": "Ali", "link": LINK, "expires_at": "2027-03-15T14:30:00Z"})
    assert written in mail.text
    if lang == "ur":
        assert "PM" not in mail.text and "PM" not in mail.html
