"""Every template in every language: renders, is translated, escapes, and Urdu is RTL."""

import re
from email import message_from_bytes, policy

import pytest
from jinja2 import Environment, StrictUndefined, UndefinedError

from services.notifications.domain.templates import (
    CONTACT_LINE,
    GREETING,
    KINDS,
    LANGUAGES,
    MESSAGES,
    PORTAL_LINE,
    REQUIRED,
    Extras,
    L,
    P,
    TemplateError,
    _text,
    pick_language,
    render,
    reply_by_date,
)
from services.notifications.service.channels import build_email

EVIL_NAME = '<script>alert("x")</script> O\'Brien & Sons'

ENDORSEE = {
    "cycle": "PK-KZ Medical Exchange 2027",
    "applicant": "Hamza Demo01",
    "programme": "General Medicine exchange semester",
    "institution": "Kazakh National Medical University",
}
SAMPLES = {
    # referee letters (issue 15): to the referee, and to the applicant
    "referee_request": {
        "applicant": "Ayesha Khan",
        "programmes": ["Transportation Engineering (MEng), Chang'an University"],
        "link": "https://portal.corridor.example/referee?token=abc.def.ghi",
        "expires_at": "2027-03-15T14:30:00+00:00",
    },
    "referee_reminder": {
        "applicant": "Ayesha Khan",
        "programmes": ["Transportation Engineering (MEng), Chang'an University"],
        "link": "https://portal.corridor.example/referee?token=abc.def.ghi",
        "expires_at": "2027-03-15T14:30:00+00:00",
    },
    "referee_cancelled": {"applicant": "Ayesha Khan"},
    "letter_submitted": {"referee": "Prof. Zhang Wei"},
    "letter_declined": {"referee": "Prof. Zhang Wei", "reason": "I am on leave until March."},
    "application_submitted": {
        "cycle": "SCO 2026/27",
        "programmes": ["Traditional Chinese Medicine 3+2", "Urban Thermal Energy"],
    },
    "application_withdrawn": {"cycle": "SCO 2026/27"},
    "offer_made": {
        "programme": "Traditional Chinese Medicine 3+2",
        "institution": "Xinjiang Medical University",
        "cycle": "SCO 2026/27",
        "place": {"covers": ["tuition", "stipend"], "stipend_amount": 3000, "stipend_currency": "CNY", "months": 24},
    },
    "waitlisted": {
        "cycle": "SCO 2026/27",
        "positions": [{"programme": "Urban Thermal Energy", "position": 3}],
        "reasons": [
            {
                "programme": "Traditional Chinese Medicine 3+2",
                "reason": "programme full: lowest held score 81.5 > yours 78.0",
            }
        ],
    },
    "unmatched": {
        "cycle": "SCO 2026/27",
        "reasons": [
            {"programme": "Traditional Chinese Medicine 3+2", "reason": "country cap KZ on SCO-2026 full"},
            {"programme": "Urban Thermal Energy", "reason": "ineligible: HSK 3 below required 4"},
        ],
    },
    "place_confirmed": {
        "programme": "Traditional Chinese Medicine 3+2",
        "institution": "Xinjiang Medical University",
        "cycle": "SCO 2026/27",
    },
    "offer_declined": {"programme": "Traditional Chinese Medicine 3+2", "cycle": "SCO 2026/27"},
    "match_rejected": {"cycle": "SCO 2026/27", "message": "Please upload a certified copy of your transcript."},
    "round_completed": {"cycle": "SCO 2026/27", "round_id": "rnd-7", "matched": 12, "waitlisted": 4, "unmatched": 2},
    "account_locked": {"expires_at": "2027-03-15T14:30:00+00:00"},
    "account_password_changed": {"email_change_ended": True},
    "account_password_reset": {
        "link": "https://portal.corridor.example/password/reset?token=Zk9x&lang=ur",
        "expires_at": "2027-03-15T14:30:00+00:00",
    },
    "account_disabled": {},
    "account_enabled": {},
    "account_registration_attempt": {},
    "account_email_changed": {},
    "account_email_change_requested": {},
    "account_email_confirm": {
        "link": "https://portal.corridor.example/email-change?token=Qm4p",
        "expires_at": "2027-03-15T14:30:00+00:00",
    },
    "account_email_verify": {
        "link": "https://portal.corridor.example/email-change?token=Zx8k",
        "expires_at": "2027-03-15T14:30:00+00:00",
    },
    "document_rejected": {
        "cycle": "SCO 2026/27",
        "kind": "transcript",
        "reason": "not_attested",
        "note": "The HEC stamp is missing on page 2.",
        "due_on": "2027-03-15",
    },
    "document_resubmitted": {
        "cycle": "SCO 2026/27",
        "kind": "transcript",
        "version": 2,
        "application": "a88de10f",
        "link": "https://portal.example/officer/applications/a88de10f/documents#doc-d2",
    },
    "review_given_away": {"cycle": "SCO 2026/27", "count": 1, "link": "https://portal.example/officer/committee"},
    "reviewer_conflict": {
        "cycle": "SCO 2026/27",
        "application": "a88de10f",
        "link": "https://portal.example/officer/committee/applications/a88de10f",
    },
    "document_replaced_verified": {
        "cycle": "SCO 2026/27",
        "kind": "passport",
        "version": 2,
        "application": "a88de10f",
        "link": "https://portal.example/officer/applications/a88de10f/documents#doc-d2",
    },
    "place_accepted_host": {
        "cycle": "SCO 2026/27",
        "programme": "Chinese medicine",
        "country": "PK",
        "institution": "Xinjiang Medical University",
    },
    "place_declined_host": {"cycle": "SCO 2026/27", "programme": "Chinese medicine", "country": "PK"},
    "place_declined_officers": {
        "cycle": "SCO 2026/27",
        "programme": "Chinese medicine",
        "country": "PK",
        "link": "https://portal.corridor.example/officer/cycles/sco-2026",
    },
    "papers_issued": {
        "cycle": "SCO 2026/27",
        "institution": "Lanzhou University",
        "paper": "visa_form",
        "note": "Bring the original to the embassy.",
        "replaces": True,
    },
    "document_task_near": {"cycle": "SCO 2026/27", "kind": "transcript", "due_on": "2027-03-15"},
    # a message about an application (issue 16): the officer's text as written
    "application_message": {
        "cycle": "SCO 2026/27",
        "author": "Dr. Li Na",
        "body": "Please bring your original diploma to the interview.\nThank you.",
    },
    "document_task_passed": {"cycle": "SCO 2026/27", "kind": "transcript", "due_on": "2027-03-15"},
    # the award path (issue 14): the authority's reason and the host's note as written
    **{
        kind: {
            "cycle": "SCO 2026/27",
            "authority": "Higher Education Commission (HEC)",
            "position": 3,
            "reason": "Ranked below the allocation of 12 on the national merit list.",
        }
        for kind in (
            "nomination_nominated",
            "nomination_promoted",
            "nomination_reserve",
            "nomination_moved_to_reserve",
            "nomination_not_nominated",
            "nomination_withdrawn",
        )
    },
    "admission_requested": {
        "cycle": "SCO 2026/27",
        "programme": "Traditional Chinese Medicine 3+2",
        "institution": "Xinjiang Medical University",
        "decide_on": "2027-05-31",
    },
    "admission_rejected": {
        "cycle": "SCO 2026/27",
        "programme": "Traditional Chinese Medicine 3+2",
        "institution": "Xinjiang Medical University",
        "reason_code": "language",
        "note": "HSK 4 is required before enrolment.",
    },
    # interviews (issue 16): my_time / host_time are written by domain/interviews.py times()
    "interview_invited": {"cycle": "CPEC 2027"},
    **{
        kind: {
            "cycle": "CPEC 2027",
            "duration": 30,
            "place": "https://meet.example/cpec",
            "starts_at": "2027-03-04T02:00:00+00:00",
            "my_time": "Thursday, March 4, 2027, 07:00 (Asia/Karachi, UTC+05:00)",
            "host_time": "Thursday, March 4, 2027, 10:00 (Asia/Shanghai, UTC+08:00)",
        }
        for kind in ("interview_booked", "interview_moved", "interview_cancelled", "interview_reminder")
    },
    # stage deadlines (issue 14): the stage's owner before, the officers after
    "deadline_near_nomination": {
        "cycle": "SCO 2026/27",
        "closes_at": "2027-04-30T23:59:00+00:00",
        "pending": 12,
        "country": "PK",
        "days_left": 2,
    },
    "deadline_near_admission": {
        "cycle": "SCO 2026/27",
        "closes_at": "2027-06-15T23:59:00+00:00",
        "pending": 3,
        "institution": "Lanzhou University",
        "days_left": 7,
    },
    "deadline_passed_nomination": {
        "cycle": "SCO 2026/27",
        "closes_at": "2027-04-30T23:59:00+00:00",
        "pending": 12,
        "country": "KZ",
    },
    "deadline_passed_admission": {
        "cycle": "SCO 2026/27",
        "closes_at": "2027-06-15T23:59:00+00:00",
        "pending": 3,
        "institution": "Lanzhou University",
        "declined": 3,
    },
    # endorsement by the home institution (issue 14): the applicant; its coordinators; the officers
    "endorsement_endorsed": {
        "cycle": "Luban Workshop 2027",
        "institution": "Tajik Technical University",
        "cohort": "Luban Dushanbe 2027",
        "reason": None,
    },
    "endorsement_not_endorsed": {
        "cycle": "PK-KZ Medical Exchange 2027",
        "institution": "King Edward Medical University",
        "cohort": None,
        "reason": "Your grades are below the exchange's 70% minimum.",
    },
    "deadline_near_endorsement": {
        "cycle": "PK-KZ Medical Exchange 2027",
        "closes_at": "2027-03-01T23:59:00+00:00",
        "pending": 4,
        "institution": "King Edward Medical University",
        "days_left": 3,
    },
    "deadline_passed_endorsement": {
        "cycle": "PK-KZ Medical Exchange 2027",
        "closes_at": "2027-03-01T23:59:00+00:00",
        "pending": 4,
        "institution": "King Edward Medical University",
    },
    "nominee_not_admitted": {
        "cycle": "SCO 2026/27",
        "applicant": "Bilal Ahmed",
        "reason": "HSK 5 is required.",
        "moved_up": "Sana Iqbal",
    },
    "nominee_left": {"cycle": "SCO 2026/27", "applicant": "Bilal Ahmed", "left": "declined", "moved_up": "Sana Iqbal"},
    "endorsee_admitted": ENDORSEE,
    "endorsee_not_admitted": ENDORSEE,
    "endorsee_lapsed": ENDORSEE,
    "admission_revoked": {
        "cycle": "SCO 2026/27",
        "programme": "Traditional Chinese Medicine 3+2",
        "institution": "Xinjiang Medical University",
        "reason_code": "capacity",
        "note": None,
    },
    "admission_lapsed": {
        "cycle": "SCO 2026/27",
        "programme": "Traditional Chinese Medicine 3+2",
        "institution": "Xinjiang Medical University",
    },
    "awaiting_admission": {
        "cycle": "SCO 2026/27",
        "institution": "Lanzhou University",
        "pending": 9,
        "new": 4,
        "closes_at": "2027-05-01T23:59:00+00:00",
    },
    "awaiting_endorsement": {
        "cycle": "PK-KZ Medical Exchange 2027",
        "institution": "King Edward Medical University",
        "pending": 5,
        "new": 2,
        "closes_at": "2027-03-01T23:59:00+00:00",
    },
    # the selection committee (issue 16): reviewers and officers
    "reviewer_assigned": {
        "cycle": "SCO 2026/27",
        "count": 7,
        "reassigned": False,
        "link": "https://portal.corridor.example/officer/committee?cycle_id=sco-2026&scored=false",
    },
    "applicant_replied": {
        "cycle": "SCO 2026/27",
        "application": "01b37093",
        "link": "https://portal.corridor.example/officer/applications/01b37093-aa/messages",
    },
    "admitted_applicant_withdrew": {
        "cycle": "PK–KZ 2026",
        "application": "01b37093",
        "country": "KZ",
        "institution": "King Edward Medical University",
    },
    "endorsee_left": {"cycle": "PK–KZ 2026", "applicant": "Ali Raza", "left": "declined"},
    "place_given_up": {"cycle": "PK–KZ 2026", "institution": "Asfendiyarov KazNMU"},
    "place_given_up_host": {
        "cycle": "PK–KZ 2026",
        "application": "151abb96",
        "country": "PK",
        "institution": "Asfendiyarov KazNMU",
    },
    "place_freed_officers": {
        "cycle": "PK–KZ 2026",
        "country": "PK",
        "institution": "Asfendiyarov Kazakh National Medical University",
        "held": "accepted",
        "link": "https://portal.corridor.example/officer/cycles/pkkz-2026",
    },
    "awaiting_applicant_withdrew": {
        "cycle": "PK–KZ 2026",
        "application": "01b37093",
        "country": "PK",
        "institution": "Xinjiang Medical University",
    },
    "interview_cancelled_by_applicant": {
        "cycle": "SCO 2026/27",
        "application": "01b37093",
        "host_time": "Thursday, March 4, 2027, 10:00 (Asia/Shanghai, UTC+08:00)",
        "link": "https://portal.corridor.example/officer/committee/cycles/sco-2026/interviews",
    },
    "moderation_flagged": {
        "cycle": "SCO 2026/27",
        "application": "01b37093",
        "spread": 42.5,
        "threshold": 20.0,
        "submitted": 3,
        "link": "https://portal.corridor.example/officer/committee/cycles/sco-2026",
    },
}

SCRIPT = {"zh": r"[\u4e00-\u9fff]", "ru": r"[\u0400-\u04ff]", "ur": r"[\u0600-\u06ff]", "en": r"[A-Za-z]"}


def ctx(kind):
    return {**SAMPLES[kind], "name": EVIL_NAME}


def test_every_kind_has_every_language_and_a_sample():
    assert set(SAMPLES) == set(KINDS) == set(REQUIRED)
    for kind in KINDS:
        assert set(MESSAGES[kind]) == set(LANGUAGES) == {"en", "zh", "ru", "ur"}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_renders_translated_without_placeholders(kind, lang):
    m = render(kind, lang, ctx(kind))
    assert m.language == lang
    for part in (m.subject, m.text, m.html):
        assert "{{" not in part and "}}" not in part and "{%" not in part
        assert re.search(SCRIPT[lang], part), f"{kind}/{lang} not in its script"
    assert "\n" not in m.subject
    if lang != "en":
        english = render(kind, "en", ctx(kind))
        assert m.subject != english.subject and m.text != english.text
    # the values reach both parts
    for key, value in SAMPLES[kind].items():
        # dates and codes (a document's kind, a rejection reason, a country) are worded for the language;
        # a round's id means nothing to the officer reading the mail
        if (
            isinstance(value, str)
            and not key.endswith(("_at", "_on"))
            and key not in ("kind", "paper", "left", "held", "reason", "reason_code", "round_id", "country")
        ):
            assert value in m.text
    if kind == "unmatched":
        assert "country cap KZ on SCO-2026 full" in m.text and "ineligible: HSK 3 below required 4" in m.html


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_html_escapes_names_and_declares_language(kind, lang):
    m = render(kind, lang, ctx(kind))
    assert "<script>" not in m.html
    if kind != "round_completed":  # officers are greeted without a name
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; O&#39;Brien &amp; Sons" in m.html
        assert EVIL_NAME in m.text  # the plain-text part is shown as text, unescaped
    assert f'<html lang="{lang}" dir="{m.direction}">' in m.html
    assert m.html.count("<p>") >= 2


@pytest.mark.parametrize("kind", KINDS)
def test_urdu_is_right_to_left_and_the_others_are_not(kind):
    ur = render(kind, "ur", ctx(kind))
    assert ur.direction == "rtl"
    assert 'dir="rtl"' in ur.html and 'lang="ur"' in ur.html and "text-align: right" in ur.html
    for lang in ("en", "zh", "ru"):
        other = render(kind, lang, ctx(kind))
        assert 'dir="ltr"' in other.html and 'dir="rtl"' not in other.html


@pytest.mark.parametrize(
    "preferred, chosen",
    [
        ("ru", "ru"),
        ("ru-RU", "ru"),
        ("zh_CN", "zh"),
        ("UR", "ur"),
        ("kk", "en"),
        ("", "en"),
        (None, "en"),
        ("xx", "en"),
    ],
)
def test_language_choice_falls_back_to_english(preferred, chosen):
    assert pick_language(preferred) == chosen
    assert render("offer_made", preferred, ctx("offer_made")).language == chosen


def test_missing_context_is_refused_not_rendered_with_holes():
    with pytest.raises(TemplateError, match="cycle"):
        render("offer_made", "en", {"name": "A", "programme": "P", "institution": "I"})
    with pytest.raises(TemplateError):
        render("no_such_kind", "en", {})


def test_empty_lists_leave_out_their_block():
    m = render("waitlisted", "en", {**ctx("waitlisted"), "reasons": []})
    assert "Why your other choices" not in m.text and "<ul>" in m.html
    assert "Urban Thermal Energy: position 3" in m.text


def test_subject_is_one_line_even_with_newlines_in_data():
    m = render("offer_made", "en", {**ctx("offer_made"), "programme": "Line one\nLine two\r\n"})
    assert m.subject == "Offer of a place: Line one Line two"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_email_has_both_parts_in_utf8_and_the_subject_survives(lang):
    m = render("offer_made", lang, ctx("offer_made"))
    mail = build_email(
        m,
        sender="Corridor <no-reply@corridor.example>",
        to="a@example.kz",
        notification_id="ntf_1",
        source_event_id="evt-1",
    )
    parsed = message_from_bytes(bytes(mail), policy=policy.default)
    assert parsed["Subject"] == m.subject
    assert parsed.get_content_type() == "multipart/alternative"
    plain = parsed.get_body(("plain",))
    html = parsed.get_body(("html",))
    assert plain.get_content_charset() == "utf-8" and html.get_content_charset() == "utf-8"
    assert plain.get_content() == m.text.replace("\r\n", "\n") or plain.get_content().rstrip("\n") == m.text.rstrip(
        "\n"
    )
    assert html.get_content().rstrip("\n") == m.html.rstrip("\n")
    assert parsed["Content-Language"] == lang


# --- issue 18 item 8: a link to the portal, the reply-by date, a contact line ---

EXTRAS = Extras(portal_url="https://portal.corridor.example", contact_email="admissions@corridor.example")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_email_links_the_portal_and_says_whom_to_write_to_in_every_language(lang):
    mail = render("application_withdrawn", lang, ctx("application_withdrawn"), EXTRAS)
    assert f"{PORTAL_LINE[lang]}{'' if lang == 'zh' else ' '}https://portal.corridor.example" in mail.text
    assert "admissions@corridor.example" in mail.text
    assert re.search(SCRIPT[lang], mail.text.split("admissions@corridor.example")[0].splitlines()[-1])
    assert '<bdi dir="ltr"><a href="https://portal.corridor.example">' in mail.html
    assert '<a href="mailto:admissions@corridor.example">' in mail.html
    # the inbox (no extras) is read inside the portal: no link there
    assert (
        "https://portal.corridor.example"
        not in render("application_withdrawn", lang, ctx("application_withdrawn")).text
    )


@pytest.mark.parametrize(
    ("lang", "written"),
    [("en", "March 15, 2027"), ("zh", "2027年3月15日"), ("ru", "15 марта 2027\u202fг."), ("ur", "15 مارچ، 2027")],
)
def test_an_offer_says_by_when_to_reply_as_the_language_writes_dates(lang, written):
    with_date = render("offer_made", lang, {**ctx("offer_made"), "reply_by": "2027-03-15"}, EXTRAS)
    assert written in with_date.text and written in with_date.html
    without = render("offer_made", lang, {**ctx("offer_made"), "reply_by": None}, EXTRAS)
    assert "2027" not in without.text
    assert len(without.text.splitlines()) < len(with_date.text.splitlines())
    assert reply_by_date("2027-03-15T23:59:00+00:00", lang) == written


# --- issue 13: account notices (account.notice), e-mailed to the owner in their language ---

RESET = SAMPLES["account_password_reset"]


@pytest.mark.parametrize(
    ("lang", "written"),
    [
        ("en", "March 15, 2027, 2:30\u202fPM UTC"),
        ("zh", "2027年3月15日 14:30 UTC"),
        ("ru", "15 марта 2027\u202fг., 14:30 UTC"),
        ("ur", "15 مارچ، 2027"),
    ],
)
def test_a_reset_email_carries_its_link_as_a_link_and_says_until_when(lang, written):
    m = render("account_password_reset", lang, {**RESET, "name": "Ali"}, EXTRAS)
    assert RESET["link"] in m.text
    escaped = RESET["link"].replace("&", "&amp;")
    assert f'<bdi dir="ltr"><a href="{escaped}">{escaped}</a></bdi>' in m.html
    assert written.replace("\u202f", " ") in m.text.replace("\u202f", " ")
    with pytest.raises(TemplateError, match="expires_at"):
        render("account_password_reset", lang, {"name": "Ali", "link": RESET["link"]})


def test_a_link_that_is_not_http_is_never_rendered():
    with pytest.raises(TemplateError, match="link"):
        render("account_password_reset", "en", {**RESET, "name": "A", "link": "javascript:alert(1)"})


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_owner_without_a_name_is_greeted_without_one(lang):
    m = render("account_disabled", lang, {"name": ""})
    first = m.text.splitlines()[0]
    assert first and "  " not in first and not first.startswith((" ", ",", "،", "："))
    assert first != render("account_disabled", lang, {"name": "Ali"}).text.splitlines()[0]


def test_a_registration_attempt_says_to_sign_in_or_reset_and_a_lock_says_until_when():
    attempt = render("account_registration_attempt", "en", {"name": "Ali"}, EXTRAS).text
    assert "create a Corridor account with your e-mail address" in attempt
    assert "sign in" in attempt and "reset your password" in attempt
    locked = render("account_locked", "en", {"name": "Ali", "expires_at": "2027-03-15T14:30:00Z"}).text
    assert "until March 15, 2027" in locked
    assert "until" not in render("account_locked", "en", {"name": "Ali"}).text.split("\n")[2]
    assert "To sign in now" not in locked  # no page to link: nothing said of it
    # the owner's way in now: a new password, by the portal's page (the e-mail had said "reset
    # your password" with no way to it)
    for lang in ("en", "zh", "ru", "ur"):
        said = render("account_locked", lang, {"name": "Ali", "link": "https://portal.example/forgot-password"})
        assert "https://portal.example/forgot-password" in said.text and "forgot-password" in said.html
    assert (
        "To sign in now, set a new password"
        in render("account_locked", "en", {"name": "Ali", "link": "https://portal.example/forgot-password"}).text
    )


@pytest.mark.parametrize(
    "language,reason_words,due",
    [
        ("en", "not attested by the authority the programme requires", "March 15, 2027"),
        ("zh", "未经该项目要求的机构认证", "2027年3月15日"),
        ("ru", "нет заверения органом, которого требует программа", "15 марта 2027"),
        ("ur", "پروگرام کے مطلوبہ ادارے سے تصدیق شدہ نہیں ہے", "15 مارچ، 2027"),
    ],
)
def test_a_rejected_document_is_told_in_the_applicants_words_with_the_note_as_written(language, reason_words, due):
    note = "Stamp <missing> on page 2 — 第二页"
    message = render("document_rejected", language, {**ctx("document_rejected"), "note": note}, None)
    assert reason_words in message.text and due in message.text and "not_attested" not in message.text
    assert note in message.text  # quoted as written, in every language
    assert "Stamp &lt;missing&gt;" in message.html  # and escaped in HTML
    assert re.search(SCRIPT[language], message.subject)
    empty = render("document_rejected", language, {**ctx("document_rejected"), "note": ""}, None)
    assert not re.search(r"[«“]\s*[»”]", empty.text)  # no empty quotation
    assert ".." not in message.text


@pytest.mark.parametrize(
    "language,kind_words,due,upload",
    [
        ("en", "transcript", "March 15, 2027", "upload a new version"),
        ("zh", "成绩单", "2027年3月15日", "上传该文件的新版本"),
        ("ru", "выписка оценок", "15 марта 2027", "загрузите там новую версию"),
        ("ur", "ٹرانسکرپٹ", "15 مارچ، 2027", "نیا ورژن اپ لوڈ کریں"),
    ],
)
def test_a_re_upload_task_reminder_and_its_passed_deadline_say_the_document_the_day_and_what_to_do(
    language, kind_words, due, upload
):
    near = render("document_task_near", language, ctx("document_task_near"), None)
    passed = render("document_task_passed", language, ctx("document_task_passed"), None)
    for message in (near, passed):
        assert kind_words in message.subject and kind_words in message.text
        assert due in message.text and "2027-03-15" not in message.text
        assert language == "en" or "transcript" not in message.text  # the kind in words, not its code
        assert ".." not in message.text
        assert upload in message.text.lower() and "Corridor" in message.text
        assert re.search(SCRIPT[language], message.subject)
    assert near.subject != passed.subject and near.text != passed.text


@pytest.mark.parametrize(
    "language,officer,neutral",
    [
        ("en", "officer", "reviewer"),
        ("zh", "招生官", "审核人员"),
        ("ru", "сотрудник", "проверяющ"),
        ("ur", "افسر", "جائزہ"),
    ],
)
def test_a_rejected_document_names_no_admissions_officer(language, officer, neutral):
    """A home institution's coordinator or a nominator may have rejected it, not an officer."""
    for reason in ("not_attested", "other"):
        message = render("document_rejected", language, {**ctx("document_rejected"), "reason": reason}, None)
        body = message.text.split("\n--\n")[0]  # the sender's signature is the same for every notice
        text = (message.subject + " " + body).lower()
        assert officer not in text and "приёмн" not in text and "داخلہ" not in text
        assert neutral in text


@pytest.mark.parametrize("lang", ["en", "zh", "ru", "ur"])
def test_a_round_with_nothing_proposed_asks_for_no_review(lang):
    empty = render("round_completed", lang, {**SAMPLES["round_completed"], "matched": 0})
    some = render("round_completed", lang, SAMPLES["round_completed"])
    assert len(empty.text.split("\n\n")) == len(some.text.split("\n\n")) - 1
    assert "rnd-7" not in some.text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_deadline_names_the_country_in_words_and_the_date_as_the_reader_writes_it(lang):
    m = render("deadline_near_nomination", lang, ctx("deadline_near_nomination"))
    country = {"en": "Pakistan", "zh": "巴基斯坦", "ru": "Пакистан", "ur": "پاکستان"}[lang]
    day = {"en": "April 30, 2027", "zh": "2027年4月30日", "ru": "30 апреля 2027", "ur": "30 اپریل، 2027"}[lang]
    assert country in m.text and day in m.text and "PK" not in m.text


def test_an_admission_deadline_says_whether_the_matches_were_declined():
    declined = render("deadline_passed_admission", "en", ctx("deadline_passed_admission")).text
    waiting = render("deadline_passed_admission", "en", {**ctx("deadline_passed_admission"), "declined": 0}).text
    assert "3 were declined" in declined and "still wait" not in declined
    assert "still wait for the host" in waiting and "declined" not in waiting


@pytest.mark.parametrize(
    "lang,lapsed,not_said",
    [
        ("en", "made no admission decision on your place in", "has decided not to admit"),
        ("zh", "在截止日期前未就您在", "决定不录取"),
        ("ru", "не принял решения о вашем зачислении", "решил не зачислять"),
        ("ur", "آخری تاریخ تک", "داخلہ نہ دینے کا فیصلہ"),
    ],
)
def test_a_match_the_deadline_declined_says_the_host_decided_nothing_in_the_applicants_words(lang, lapsed, not_said):
    """It said the host had decided not to admit them, for another reason, with an English note."""
    told = render("admission_lapsed", lang, {**ctx("admission_lapsed")}).text
    assert lapsed in told and not_said not in told and "No decision was made" not in told
    decided = render("admission_rejected", lang, {**ctx("admission_rejected"), "reason_code": "capacity"}).text
    assert not_said in decided and lapsed not in decided


def _whole_context_text(source: str, context) -> str:
    """What Jinja renders of ``source`` handed the whole context (as render did before it
    handed each template only the names it reads)."""
    env = Environment(autoescape=False, undefined=StrictUndefined, keep_trailing_newline=False)
    try:
        return env.from_string(source).render(context)
    except UndefinedError as exc:
        return f"undefined: {exc}"


def _our_text(source: str, context) -> str:
    try:
        return _text(source, context)
    except UndefinedError as exc:
        return f"undefined: {exc}"


@pytest.mark.parametrize("kind", KINDS)
def test_each_part_renders_as_jinja_renders_it_with_the_whole_context(kind):
    sample = ctx(kind)
    contexts = [
        sample,
        {k: ([] if isinstance(v, list) else v) for k, v in sample.items()},  # lists empty
        {**{k: v for k, v in sample.items() if k != "cycle"}, "name": "Алия\n{{ x }}"},  # one missing
    ]
    for lang, message in MESSAGES[kind].items():
        for context in contexts:
            sources = [message.subject, message.greeting or GREETING[lang], CONTACT_LINE[lang]]
            sources += [p.text for p in message.parts if isinstance(p, P)]
            sources += [p.intro for p in message.parts if isinstance(p, L) and p.intro]
            for source in sources:
                assert _our_text(source, context) == _whole_context_text(source, context), (lang, source)
            for part in (p for p in message.parts if isinstance(p, L)):
                for item in context.get(part.key) or ():
                    with_item = {**context, "item": item}
                    assert _our_text(part.item, with_item) == _whole_context_text(part.item, with_item)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_a_notice_for_the_inbox_is_the_same_text_without_the_html(kind, lang):
    full = render(kind, lang, ctx(kind))
    text_only = render(kind, lang, ctx(kind), html=False)
    assert (text_only.subject, text_only.text, text_only.language, text_only.direction) == (
        full.subject,
        full.text,
        full.language,
        full.direction,
    )
    assert text_only.html == "" and full.html.startswith("<!DOCTYPE html>")


def test_a_russian_notice_puts_a_cycles_name_in_quotes_after_a_noun_not_in_a_case_it_cannot_take():
    """A cycle's name is a name as the catalog gives it ("Стипендия ШОС 2026/27"): after "на" it
    would need the accusative, which a name given in the nominative cannot take."""
    from services.notifications.domain.templates import MESSAGES

    said = "\n".join(
        str(part.text)
        for kind in MESSAGES.values()
        if "ru" in kind
        for part in kind["ru"].parts
        if hasattr(part, "text")
    )
    assert "на {{ cycle }}" not in said and "на конкурс «{{ cycle }}»" in said
    # a cycle is a scheme's round of applications ("конкурс"), not a study programme: a programme
    # is what an applicant is placed on ("на программе «{{ programme }}»")
    assert "программу «{{ cycle }}»" not in said and "программе «{{ programme }}»" in said


def test_a_submissions_choices_name_their_hosts_and_an_older_notice_its_titles_alone():
    """Two programmes of one title (a medicine exchange semester at two universities) read
    apart; a notice stored before the host was given still renders its plain titles."""
    from services.notifications.domain.templates import render

    now = {"name": "A", "cycle": "PK–KZ 2026/27", "programmes": [
        {"programme": "General Medicine exchange semester", "institution": "KazNMU"},
        {"programme": "General Medicine exchange semester", "institution": "KEMU"},
    ]}  # fmt: skip
    text = render("application_submitted", "en", now).text
    assert "- General Medicine exchange semester · KazNMU" in text and "· KEMU" in text
    before = {"name": "A", "cycle": "PK–KZ 2026/27", "programmes": ["General Medicine exchange semester"]}
    assert "- General Medicine exchange semester\n" in render("application_submitted", "ur", before).text


def test_a_chinese_notice_puts_no_space_between_chinese_characters_around_a_name_given_in_chinese():
    from services.notifications.domain.templates import render

    named = {"name": "王", "programme": "临床医学（医学硕士）", "institution": "新疆医科大学", "cycle": "SCO 2026/27"}
    text = render("offer_made", "zh", named).text
    assert "新疆医科大学临床医学（医学硕士）项目" in text and "获得 新疆" not in text
    latin = render("offer_made", "zh", {**named, "programme": "Clinical Medicine", "institution": "XJMU"}).text
    assert "获得 XJMU Clinical Medicine 项目" in latin  # a Latin name keeps its spaces


def test_a_chinese_notice_keeps_the_spaces_a_person_wrote():
    """Only the template's spaces around a catalog name go: an officer's message keeps its own."""
    from services.notifications.domain.templates import render

    context = {"name": "王", "cycle": "上合 2026", "body": "请补交： 护照 成绩单 体检表", "author": "李 老师"}
    text = render("application_message", "zh", {**context, "message": context["body"]}).text
    assert "请补交： 护照 成绩单 体检表" in text and "李 老师" in text


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", ["Your visa form from Lanzhou University", "It replaces the one issued before."]),
        ("zh", ["签证申请表", "它取代此前签发的同类文件。"]),
        ("ru", ["визовая анкета", "Этот документ заменяет выданный ранее."]),
        ("ur", ["ویزا فارم", "یہ پہلے جاری کیے گئے کاغذ کی جگہ لیتا ہے۔"]),
    ],
)
def test_an_issued_paper_is_named_in_the_applicants_language_and_a_first_one_replaces_nothing(lang, said):
    replaced = render("papers_issued", lang, {**SAMPLES["papers_issued"], "name": "Ayesha"})
    for words in said:
        assert words in replaced.subject + replaced.text
    first = render("papers_issued", lang, {**SAMPLES["papers_issued"], "name": "Ayesha", "replaces": False, "note": ""})
    # no "replaces" sentence and no empty note line: two paragraphs fewer
    assert said[1] not in first.text and len(first.text.split("\n\n")) == len(replaced.text.split("\n\n")) - 2


@pytest.mark.parametrize(
    ("moved_up", "said"),
    [
        ("Sana Iqbal", "Sana Iqbal, first on your reserve list, moved up to the nomination list and is told."),
        (None, "your reserve list was empty, so nobody moved up."),
    ],
)
def test_an_authority_hears_who_moved_up_in_a_rejected_nominees_place(moved_up, said):
    context = {**SAMPLES["nominee_not_admitted"], "name": "HEC", "moved_up": moved_up}
    assert said in render("nominee_not_admitted", "en", context).text
    # a notice stored before the reserve's name was known still reads
    older = {k: v for k, v in context.items() if k != "moved_up"}
    assert "if there is one, moves up" in render("nominee_not_admitted", "en", older).text


def test_an_authority_hears_that_its_nominee_withdrew_or_declined():
    declined = render("nominee_left", "en", {**SAMPLES["nominee_left"], "name": "HEC"}).text
    assert "Bilal Ahmed, on your list for SCO 2026/27, declined the offer of a place and is off your list." in declined
    assert "Sana Iqbal, first on your reserve list, moved up" in declined
    withdrew = render(
        "nominee_left", "ru", {**SAMPLES["nominee_left"], "name": "HEC", "left": "withdrew", "moved_up": None}
    )
    assert "заявка отозвана; заявка исключена из списка." in withdrew.text and "резервном" not in withdrew.text


@pytest.mark.parametrize(
    ("lang", "host"),
    [("en", "host institution"), ("zh", "接收院校"), ("ru", "принимающий вуз"), ("ur", "میزبان ادارہ")],
)
def test_a_letter_received_says_the_host_reads_it_too_when_the_documents_are_shared(lang, host):
    """The host reads the letters with the documents' consent: the e-mail no longer says only the
    admissions officers receive them."""
    text = render("letter_submitted", lang, ctx("letter_submitted")).text
    assert host in text
    assert "goes to the admissions officers" not in text and "仅供招生官" not in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_note_written_by_someone_else_is_isolated_in_the_html_and_plain_in_the_text(lang):
    """An English note in an Urdu e-mail lost its full stop and quotes to the wrong side: the HTML
    isolates it (<bdi dir="auto">), the text keeps it as written (isolated by FSI/PDI in Urdu)."""
    note = "Welcome to KazNMU! Please bring your original passport."
    offer = {"name": "A", "programme": "TCM", "institution": "KazNMU", "cycle": "2026/27", "admitted": True}
    m = render("offer_made", lang, {**offer, "note": note})
    assert f'<bdi dir="auto">{note}</bdi>' in m.html
    assert "<bdi" not in m.text and "\ue002" not in m.text + m.html and "\ue003" not in m.text + m.html
    isolated = f"\u2068{note}\u2069" if lang == "ur" else note
    assert isolated in m.text and (lang == "ur" or "\u2068" not in m.text)
    # an officer's message and a reason as written alike; escaped inside the isolate
    said = render("match_rejected", lang, {"name": "A", "cycle": "C", "message": "Grades <70> too low."})
    assert '<bdi dir="auto">Grades &lt;70&gt; too low.</bdi>' in said.html
    assert "Grades <70> too low." in said.text


def test_an_urdu_quote_around_written_text_opens_and_closes_as_urdu_writes_them():
    # CLDR's Urdu quotes (” opens, “ closes), as the portal's <q> shows them in an Urdu page
    offer = {"name": "A", "programme": "TCM", "institution": "KazNMU", "cycle": "2026/27", "admitted": True}
    html = render("offer_made", "ur", {**offer, "note": "Welcome!"}).html
    assert '”<bdi dir="auto">Welcome!</bdi>“' in html


def test_urdu_and_russian_sentences_do_not_guess_the_readers_or_the_universitys_gender():
    # "…یونیورسٹی … فیصلہ کرے گا" made a university masculine; "вы были первым" a man of anyone
    host = {"name": "A", "cycle": "C", "programme": "P", "institution": "کنگ ایڈورڈ میڈیکل یونیورسٹی"}
    ur = render("admission_requested", "ur", {**host, "decide_on": None}).text
    assert "فیصلہ کرے گا" not in ur and "کی جانب سے کیا جائے گا" in ur
    ru = render("nomination_promoted", "ru", ctx("nomination_promoted")).text
    assert "были первым" not in ru and "ваша заявка была первой в резервном списке" in ru


@pytest.mark.parametrize(
    ("flags", "said", "unsaid"),
    [
        ({"letters_complete": True, "ready_to_submit": True}, "so submit it in the Corridor portal.", None),
        ({"letters_complete": True, "ready_to_submit": False}, "Every letter your choices ask for is in.", "submit it"),
        ({"letters_complete": False, "ready_to_submit": False}, None, "Every letter"),
        ({}, None, "Every letter"),  # a notice stored before the flags were known
    ],
)
def test_the_last_letter_in_tells_the_applicant_to_submit_the_draft(flags, said, unsaid):
    text = render("letter_submitted", "en", {**ctx("letter_submitted"), **flags}).text
    assert said is None or said in text
    assert unsaid is None or unsaid not in text


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", ["The scholarship covers tuition and a stipend.", "Stipend: 3,000 CNY a month.", "Length: 24 months."]),
        ("zh", ["奖学金涵盖：学费和生活费。", "生活费：每月 3,000 CNY。", "期限：24 个月。"]),
        ("ru", ["Оплачивается: обучение и стипендия.", "в месяц.", "Срок: 24 мес."]),
        ("ur", ["اسکالرشپ میں شامل:", "ماہانہ۔", "مدت:"]),
    ],
)
def test_an_offer_says_what_the_place_comes_with(lang, said):
    """The offer's e-mail had named the programme and nothing of what accepting gives."""
    message = render("offer_made", lang, {"name": "Ann", **SAMPLES["offer_made"]})
    for words in said:
        assert words in message.text, (lang, words)
    bare = render(
        "offer_made", lang, {"name": "Ann", **{k: v for k, v in SAMPLES["offer_made"].items() if k != "place"}}
    )
    assert said[0] not in bare.text  # nothing said of the place: no line


def test_an_email_names_each_kind_of_document_as_the_portal_lists_it():
    """An Urdu e-mail asked for a «غیر مجرمانہ ریکارڈ سرٹیفکیٹ» the portal's list calls «کریکٹر
    سرٹیفکیٹ»: the applicant looked for a document that was not there. In a sentence an e-mail
    says "recommendation letter" and "document" where the portal's list says "recommendation"
    and "other"."""
    from services.notifications.domain.templates import DOCUMENT_KIND_WORDS
    from services.portal.i18n import translate

    for lang, words in DOCUMENT_KIND_WORDS.items():
        for kind, said in words.items():
            if kind not in ("recommendation", "other"):
                assert said.lower() == translate(lang, f"doc:{kind}").lower(), (lang, kind)


@pytest.mark.parametrize("lang", ["en", "zh", "ru", "ur"])
def test_a_declined_letter_asks_for_another_referee_only_while_letters_are_missing(lang):
    """Both letters were in, and the decline of a third referee still said to replace them."""
    missing = render("letter_declined", lang, {"name": "A", "referee": "Prof. Khan", "letters_complete": False})
    complete = render("letter_declined", lang, {"name": "A", "referee": "Prof. Khan", "letters_complete": True})
    assert missing.text != complete.text and "Prof. Khan" in complete.text
    before = render("letter_declined", lang, {"name": "A", "referee": "Prof. Khan"})  # a row stored before
    assert before.text == missing.text


@pytest.mark.parametrize("lang", ["en", "zh", "ru", "ur"])
def test_a_password_change_that_ended_a_new_address_says_so(lang):
    """A password change ends a new address still waiting for its link (whoever asked for it
    with the old password loses it): the owner reads that in the same e-mail, and only then."""
    ended = render("account_password_changed", lang, {"name": "Aigerim", "email_change_ended": True}).text
    plain = render("account_password_changed", lang, {"name": "Aigerim", "email_change_ended": False}).text
    unsaid = render("account_password_changed", lang, {"name": "Aigerim"}).text
    assert plain == unsaid and len(ended) > len(plain)
    assert {"en": "no longer works", "zh": "不再有效", "ru": "больше не действует", "ur": "اب کام نہیں کرتا"}[
        lang
    ] in ended


def test_an_urdu_document_name_before_a_postposition_takes_the_oblique():
    """ "اپنے ملازمت کا خط کا نیا ورژن" read as a slip: before کا/کی the name's own کا is کے."""
    context = {**ctx("document_task_passed"), "kind": "employment_letter"}
    m = render("document_task_passed", "ur", context)
    assert "ملازمت کے خط کا نیا ورژن" in m.text and "ملازمت کا خط کا" not in m.text + m.subject
    english = render("document_task_passed", "en", context)
    assert "employment letter" in english.text.lower()


def test_chinese_writes_no_space_after_a_full_width_colon_or_stop():
    """ "Corridor 门户网站： http://…" and "奖学金涵盖：学费和住宿。 期限：6 个月。" read as slips."""
    from services.notifications.domain.templates import place_terms

    place = {"place": {"covers": ["tuition", "accommodation"], "months": 6}}
    assert "。 " not in place_terms(place, "zh") and "。期限" in place_terms(place, "zh")
    assert ". Length" in place_terms(place, "en")
    m = render("offer_made", "zh", ctx("offer_made"), EXTRAS)
    assert f"门户网站：{EXTRAS.portal_url}" in m.text and "门户网站： " not in m.text
    assert '门户网站：<bdi dir="ltr">' in m.html
    assert f"Corridor portal: {EXTRAS.portal_url}" in render("offer_made", "en", ctx("offer_made"), EXTRAS).text


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "The selection committee cancelled this time"),
        ("zh", "该时间由评审委员会取消"),
        ("ru", "Это время отменила отборочная комиссия"),
        ("ur", "یہ وقت سلیکشن کمیٹی نے منسوخ کیا"),
    ],
)
def test_an_interview_the_committee_cancelled_says_so_and_why(lang, said):
    reason = "The panel cannot sit that day <sorry>."
    m = render("interview_cancelled", lang, {**ctx("interview_cancelled"), "by_committee": True, "reason": reason})
    assert said in m.text and reason in m.text and "&lt;sorry&gt;" in m.html
    theirs = render("interview_cancelled", lang, ctx("interview_cancelled"))  # the applicant's own cancelling
    assert said not in theirs.text
