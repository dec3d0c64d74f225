"""Message templates per kind of notification and language (pure: no I/O).

Every message is a subject plus a sequence of parts (paragraphs and bulleted lists), each
a small Jinja template. The parts are rendered as plain text first; the plain-text e-mail
joins them, and the HTML e-mail puts the same strings into an autoescaped layout, so a
name such as ``<b>Ali</b>`` is shown literally and can never inject markup. Undefined
variables are errors (StrictUndefined), so a missing value never leaves a hole.

Languages: English (the fallback), Chinese, Russian and Urdu. Urdu is right-to-left: its
HTML carries ``lang="ur" dir="rtl"``, and addresses and links inside it are isolated
left-to-right (``<bdi dir="ltr">``).

E-mails (``Extras``) end with a link to the portal and a contact line; an offer says by
when to reply when it has a reply-by date (formatted for the language with Babel).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from babel import Locale
from babel.dates import format_date, format_skeleton, format_time
from babel.lists import format_list
from babel.numbers import format_decimal
from jinja2 import Environment, StrictUndefined, Template, meta
from markupsafe import Markup, escape

from services.notifications.domain.catalog_names import NAMED_FIELDS, NAMED_IN_ITEMS, NAMED_LISTS
from shared.award_words import COVER_WORDS
from shared.countries import country_name
from shared.reason_words import worded
from shared.text import urdu_oblique

DEFAULT_LANGUAGE = "en"
RTL_LANGUAGES = frozenset({"ur", "ar", "fa", "he"})


@dataclass(frozen=True)
class P:
    """A paragraph."""

    text: str


@dataclass(frozen=True)
class L:
    """A bulleted list of the context's ``key`` items, omitted (with its intro) when empty."""

    key: str
    item: str
    intro: str | None = None


@dataclass(frozen=True)
class A:
    """A link on a line of its own: the context's ``key`` (an http(s) URL); left out when
    ``optional`` and the context has none (a row stored before the notice had its link)."""

    key: str
    optional: bool = False


@dataclass(frozen=True)
class Message:
    subject: str
    parts: tuple[P | L | A, ...]
    greeting: str | None = None  # None: the language's "Dear {{ name }}," greeting


@dataclass(frozen=True)
class Extras:
    """What an e-mail adds: the portal's address and whom to write to."""

    portal_url: str
    contact_email: str


@dataclass(frozen=True)
class RenderedMessage:
    kind: str
    language: str
    direction: str  # "ltr" | "rtl"
    subject: str
    text: str
    html: str


# A submission's choice: its programme and host (two programmes of one title are told apart);
# a plain title in a notice stored before the host was given.
CHOICE_ITEM = "{% if item is mapping %}{{ item.programme }}{% if item.institution %} · {{ item.institution }}{% endif %}{% else %}{{ item }}{% endif %}"

# The context each kind needs (checked before rendering, and by the tests).
REQUIRED: dict[str, frozenset[str]] = {
    "application_submitted": frozenset({"name", "cycle", "programmes"}),
    "application_withdrawn": frozenset({"name", "cycle"}),
    "offer_made": frozenset({"name", "programme", "institution", "cycle"}),
    "waitlisted": frozenset({"name", "cycle", "positions", "reasons"}),
    "unmatched": frozenset({"name", "cycle", "reasons"}),
    "place_confirmed": frozenset({"name", "programme", "institution", "cycle"}),
    "offer_declined": frozenset({"name", "programme", "cycle"}),
    "match_rejected": frozenset({"name", "cycle", "message"}),
    "round_completed": frozenset({"cycle", "round_id", "matched", "waitlisted", "unmatched"}),
    # account.notice: the owner of any account, by e-mail only (``expires_at``: ISO date-time)
    "account_locked": frozenset({"name"}),
    "account_password_changed": frozenset({"name"}),
    "account_password_reset": frozenset({"name", "link", "expires_at"}),
    "account_disabled": frozenset({"name"}),
    "account_enabled": frozenset({"name"}),
    "account_registration_attempt": frozenset({"name"}),
    "account_email_changed": frozenset({"name"}),
    "account_email_change_requested": frozenset({"name"}),
    "account_email_confirm": frozenset({"name", "link", "expires_at"}),
    "account_email_verify": frozenset({"name", "link", "expires_at"}),
}

# Kinds sent to staff accounts (account.upserted), not to applicants.
STAFF_KINDS = frozenset({"round_completed"})
# Kinds about an account itself (account.notice): the addressee travels in the row's context.
ACCOUNT_KINDS = frozenset(k for k in REQUIRED if k.startswith("account_"))


def account_kind(notice_kind: str) -> str:
    """The template of an account.notice ``kind`` (locked, password_reset, ...)."""
    return f"account_{notice_kind}"


PORTAL_LINE = {
    "en": "Corridor portal:",
    "zh": "Corridor 门户网站：",
    "ru": "Портал Corridor:",
    "ur": "Corridor پورٹل:",
}

CONTACT_LINE = {
    "en": "Questions? Write to the admissions office at {{ contact }}.",
    "zh": "如有疑问，请发邮件至招生办公室：{{ contact }}。",
    "ru": "Есть вопросы? Напишите в приёмную комиссию: {{ contact }}.",
    "ur": "سوالات کے لیے داخلہ دفتر کو {{ contact }} پر لکھیں۔",
}

# An account's owner may have no name on record: then a greeting without one.
GREETING = {
    "en": "{% if name %}Dear {{ name }},{% else %}Hello,{% endif %}",
    "zh": "{% if name %}尊敬的{{ name }}：{% else %}您好：{% endif %}",
    "ru": "{% if name %}Здравствуйте, {{ name }}!{% else %}Здравствуйте!{% endif %}",
    "ur": "{% if name %}محترم {{ name }}،{% else %}السلام علیکم،{% endif %}",
}

FOOTER = {
    "en": "Corridor admissions office. This message was sent automatically; please do not reply.",
    "zh": "Corridor 招生办公室。此邮件由系统自动发送，请勿回复。",
    "ru": "Приёмная комиссия Corridor. Это письмо отправлено автоматически, отвечать на него не нужно.",
    "ur": "Corridor داخلہ دفتر۔ یہ پیغام خودکار طور پر بھیجا گیا ہے، براہ کرم اس کا جواب نہ دیں۔",
}


def _home(fallback: str) -> str:
    """The home institution by name, or in the reader's words when the name is unknown."""
    return "{% if institution %}{{ institution }}{% else %}" + fallback + "{% endif %}"


_REASON = "{{ item.programme }}: {{ item.reason }}"
_REASON_ZH = "{{ item.programme }}：{{ item.reason }}"

MESSAGES: dict[str, dict[str, Message]] = {
    "application_submitted": {
        "en": Message(
            "Application received: {{ cycle }}",
            (
                P("We have received your application for {{ cycle }}."),
                L("programmes", CHOICE_ITEM, intro="Your choices, in order of preference:"),
                P(
                    "{% if endorsement %}Your application goes first to "
                    + _home("your home institution")
                    + " for endorsement;"
                    " we will write to you when it has decided.{% endif %}"
                ),
                P(
                    "{% if nomination and not endorsement %}Your application goes first to {{ authority_name }}, which nominates"
                    " candidates from your country; we will write to you when it has decided.{% endif %}"
                ),
                P(
                    "You can follow its status in the Corridor portal. We will write again when the matching round has been decided."
                ),
            ),
        ),
        "zh": Message(
            "已收到您的申请：{{ cycle }}",
            (
                P("我们已收到您对 {{ cycle }} 的申请。"),
                L("programmes", CHOICE_ITEM, intro="您的志愿（按优先顺序）："),
                P(
                    "{% if endorsement %}您的申请将首先提交给"
                    + _home("您所在的院校")
                    + "进行推荐审核；其作出决定后我们会通知您。{% endif %}"
                ),
                P(
                    "{% if nomination and not endorsement %}您的申请将首先提交给{{ authority_name }}，由其从您所在国家的申请人中提名候选人；"
                    "其作出决定后我们会通知您。{% endif %}"
                ),
                P("您可以在 Corridor 门户网站查看申请状态。匹配轮次结果确定后，我们会再次通知您。"),
            ),
        ),
        "ru": Message(
            "Заявка получена: {{ cycle }}",
            (
                P("Мы получили вашу заявку на конкурс «{{ cycle }}»."),
                L("programmes", CHOICE_ITEM, intro="Выбранные вами программы в порядке предпочтения:"),
                P(
                    "{% if endorsement %}Сначала заявку рассмотрит ваше учебное заведение{% if institution %} ({{ institution }}){% endif %}:"
                    " оно решает, дать ли ей рекомендацию; мы напишем вам, когда решение будет принято.{% endif %}"
                ),
                P(
                    "{% if nomination and not endorsement %}Сначала заявку рассмотрит направляющая организация вашей страны"
                    " ({{ authority_name }}), которая выдвигает кандидатов; мы напишем вам, когда она примет"
                    " решение.{% endif %}"
                ),
                P(
                    "Следить за статусом заявки можно на портале Corridor. Мы напишем вам снова, когда станут известны результаты распределения."
                ),
            ),
        ),
        "ur": Message(
            "درخواست موصول ہو گئی: {{ cycle }}",
            (
                P("ہمیں {{ cycle }} کے لیے آپ کی درخواست موصول ہو گئی ہے۔"),
                L("programmes", CHOICE_ITEM, intro="آپ کے منتخب پروگرام، ترجیح کے لحاظ سے:"),
                P(
                    "{% if endorsement %}آپ کی درخواست پہلے توثیق کے لیے " + _home("آپ کے ادارے") + " کے پاس جائے گی؛"
                    " فیصلہ ہونے پر ہم آپ کو مطلع کریں گے۔{% endif %}"
                ),
                P(
                    "{% if nomination and not endorsement %}آپ کی درخواست پہلے {{ authority_name }} کے پاس جائے گی، جہاں آپ کے ملک سے"
                    " امیدوار نامزد کیے جاتے ہیں؛ فیصلہ ہونے پر ہم آپ کو مطلع کریں گے۔{% endif %}"
                ),
                P(
                    "آپ Corridor پورٹل پر اپنی درخواست کی صورتحال دیکھ سکتے ہیں۔ میچنگ راؤنڈ کا فیصلہ ہونے پر ہم آپ کو دوبارہ مطلع کریں گے۔"
                ),
            ),
        ),
    },
    "application_withdrawn": {
        "en": Message(
            "Application withdrawn: {{ cycle }}",
            (
                P("Your application for {{ cycle }} has been withdrawn. It will not take part in matching."),
                P("If you did not mean to withdraw it, please contact the admissions office."),
            ),
        ),
        "zh": Message(
            "申请已撤回：{{ cycle }}",
            (
                P("您对 {{ cycle }} 的申请已撤回，将不参加匹配。"),
                P("如果这不是您的本意，请联系招生办公室。"),
            ),
        ),
        "ru": Message(
            "Заявка отозвана: {{ cycle }}",
            (
                P("Ваша заявка на конкурс «{{ cycle }}» отозвана и не будет участвовать в распределении."),
                P("Если вы не собирались её отзывать, свяжитесь с приёмной комиссией."),
            ),
        ),
        "ur": Message(
            "درخواست واپس لے لی گئی: {{ cycle }}",
            (
                P("{{ cycle }} کے لیے آپ کی درخواست واپس لے لی گئی ہے۔ یہ میچنگ میں شامل نہیں ہوگی۔"),
                P("اگر آپ کا ارادہ درخواست واپس لینے کا نہیں تھا تو براہ کرم داخلہ دفتر سے رابطہ کریں۔"),
            ),
        ),
    },
    "offer_made": {
        "en": Message(
            "Offer of a place: {{ programme }}",
            (
                P("Good news: you have been offered a place on {{ programme }} at {{ institution }} ({{ cycle }})."),
                P("{{ place_terms }}"),
                P("{% if admitted %}{{ institution }} has reviewed your application and admitted you.{% endif %}"),
                P("{% if admitted and note is defined and note %}The host's note: “{{ note }}”{% endif %}"),
                P("Please accept or decline the offer in the Corridor portal."),
                P("{% if reply_by_date %}Please reply by {{ reply_by_date }}.{% endif %}"),
            ),
        ),
        "zh": Message(
            "录取通知：{{ programme }}",
            (
                P("好消息：您已获得 {{ institution }} {{ programme }} 项目的名额（{{ cycle }}）。"),
                P("{{ place_terms }}"),
                P("{% if admitted %}{{ institution }} 已审核您的申请并录取了您。{% endif %}"),
                P("{% if admitted and note is defined and note %}接收院校的留言：“{{ note }}”{% endif %}"),
                P("请在 Corridor 门户网站接受或拒绝该录取。"),
                P("{% if reply_by_date %}请在 {{ reply_by_date }} 之前答复。{% endif %}"),
            ),
        ),
        "ru": Message(
            "Предложение места: {{ programme }}",
            (
                P(
                    "Хорошие новости: вам предложено место на программе «{{ programme }}» (принимающий вуз: {{ institution }}, {{ cycle }})."
                ),
                P("{{ place_terms }}"),
                P(
                    "{% if admitted %}Принимающий вуз ({{ institution }}) рассмотрел вашу заявку"
                    " и зачислил вас.{% endif %}"
                ),
                P(
                    "{% if admitted and note is defined and note %}Комментарий принимающего вуза: «{{ note }}»{% endif %}"
                ),
                P("Примите или отклоните предложение на портале Corridor."),
                P("{% if reply_by_date %}Ответьте, пожалуйста, до {{ reply_by_date }}{% endif %}"),
            ),
        ),
        "ur": Message(
            "داخلے کی پیشکش: {{ programme }}",
            (
                P(
                    "خوشخبری: آپ کو {{ institution }} میں {{ programme }} پروگرام میں داخلے کی پیشکش کی گئی ہے ({{ cycle }})۔"
                ),
                P("{{ place_terms }}"),
                P(
                    "{% if admitted %}{{ institution }} نے آپ کی درخواست کا جائزہ لے کر آپ کو داخلہ دے دیا ہے۔{% endif %}"
                ),
                P("{% if admitted and note is defined and note %}میزبان ادارے کا نوٹ: ”{{ note }}“{% endif %}"),
                P("براہ کرم Corridor پورٹل پر یہ پیشکش قبول یا مسترد کریں۔"),
                P("{% if reply_by_date %}براہ کرم {{ reply_by_date }} تک جواب دیں۔{% endif %}"),
            ),
        ),
    },
    "waitlisted": {
        "en": Message(
            "Waiting list: {{ cycle }}",
            (
                P("The matching round for {{ cycle }} has not placed you yet, but you are on the waiting list:"),
                L("positions", "{{ item.programme }}: position {{ item.position }}"),
                L("reasons", _REASON, intro="Why your other choices were not met:"),
                P("If a place becomes free it will be offered in waiting-list order, and we will write to you."),
            ),
        ),
        "zh": Message(
            "候补名单：{{ cycle }}",
            (
                P("{{ cycle }} 的匹配轮次暂未为您安排名额，您已进入候补名单："),
                L("positions", "{{ item.programme }}：第 {{ item.position }} 位"),
                L("reasons", _REASON_ZH, intro="您其他志愿未能满足的原因："),
                P("如有名额空出，将按候补顺序递补，届时我们会通知您。"),
            ),
        ),
        "ru": Message(
            "Лист ожидания: {{ cycle }}",
            (
                P(
                    "По итогам раунда распределения конкурса «{{ cycle }}» место вам пока не досталось, но вы включены в лист ожидания:"
                ),
                L("positions", "{{ item.programme }}: место в очереди {{ item.position }}"),
                L("reasons", _REASON, intro="Почему не удалось выполнить другие ваши выборы:"),
                P("Если место освободится, оно будет предложено в порядке очереди, и мы сообщим вам об этом."),
            ),
        ),
        "ur": Message(
            "انتظار کی فہرست: {{ cycle }}",
            (
                P("{{ cycle }} کے میچنگ راؤنڈ میں ابھی آپ کو جگہ نہیں مل سکی، لیکن آپ انتظار کی فہرست میں شامل ہیں:"),
                L("positions", "{{ item.programme }}: نمبر {{ item.position }}"),
                L("reasons", _REASON, intro="آپ کے دیگر انتخاب پورے نہ ہونے کی وجوہات:"),
                P("اگر کوئی جگہ خالی ہوئی تو انتظار کی فہرست کی ترتیب سے پیش کی جائے گی اور ہم آپ کو مطلع کریں گے۔"),
            ),
        ),
    },
    "unmatched": {
        "en": Message(
            "Matching result: {{ cycle }}",
            (
                P("We are sorry: the matching round for {{ cycle }} could not place you on any of your choices."),
                L("reasons", _REASON, intro="The reason for each choice:"),
                P("You can see the details in the Corridor portal."),
            ),
        ),
        "zh": Message(
            "匹配结果：{{ cycle }}",
            (
                P("很遗憾，{{ cycle }} 的匹配轮次未能将您安排到任何一个志愿。"),
                L("reasons", _REASON_ZH, intro="各志愿的原因："),
                P("详情请登录 Corridor 门户网站查看。"),
            ),
        ),
        "ru": Message(
            "Результат распределения: {{ cycle }}",
            (
                P(
                    "К сожалению, по итогам раунда распределения конкурса «{{ cycle }}» вас не удалось зачислить ни на одну из выбранных программ."
                ),
                L("reasons", _REASON, intro="Причина по каждой программе:"),
                P("Подробности доступны на портале Corridor."),
            ),
        ),
        "ur": Message(
            "میچنگ کا نتیجہ: {{ cycle }}",
            (
                P("افسوس کہ {{ cycle }} کے میچنگ راؤنڈ میں آپ کو آپ کے کسی بھی انتخاب میں جگہ نہیں مل سکی۔"),
                L("reasons", _REASON, intro="ہر انتخاب کی وجہ:"),
                P("تفصیلات Corridor پورٹل پر دستیاب ہیں۔"),
            ),
        ),
    },
    "place_confirmed": {
        "en": Message(
            "Place confirmed: {{ programme }}",
            (
                P(
                    "You have accepted the offer, and your place on {{ programme }} at {{ institution }} ({{ cycle }}) is confirmed."
                ),
                P("The host institution will contact you about the next steps."),
            ),
        ),
        "zh": Message(
            "名额已确认：{{ programme }}",
            (
                P("您已接受录取，您在 {{ institution }} {{ programme }} 项目（{{ cycle }}）的名额已确认。"),
                P("接收院校将与您联系后续事宜。"),
            ),
        ),
        "ru": Message(
            "Место подтверждено: {{ programme }}",
            (
                P(
                    "Вы приняли предложение, и ваше место на программе «{{ programme }}» (принимающий вуз: {{ institution }}, {{ cycle }}) подтверждено."
                ),
                P("Принимающий вуз свяжется с вами по поводу дальнейших шагов."),
            ),
        ),
        "ur": Message(
            "نشست کی تصدیق: {{ programme }}",
            (
                P(
                    "آپ نے پیشکش قبول کر لی ہے اور {{ institution }} میں {{ programme }} پروگرام ({{ cycle }}) میں آپ کی نشست کی تصدیق ہو گئی ہے۔"
                ),
                P("میزبان ادارہ اگلے مراحل کے بارے میں آپ سے رابطہ کرے گا۔"),
            ),
        ),
    },
    "offer_declined": {
        "en": Message(
            "Offer declined: {{ programme }}",
            (
                P(
                    "You have declined the offer of a place on {{ programme }} ({{ cycle }}). The place will be offered to another applicant."
                ),
            ),
        ),
        "zh": Message(
            "已拒绝录取：{{ programme }}",
            (P("您已拒绝 {{ programme }} 项目（{{ cycle }}）的录取名额，该名额将提供给其他申请人。"),),
        ),
        "ru": Message(
            "Предложение отклонено: {{ programme }}",
            (
                P(
                    "Вы отказались от места на программе «{{ programme }}» ({{ cycle }}). Место будет предложено другому кандидату."
                ),
            ),
        ),
        "ur": Message(
            "پیشکش مسترد: {{ programme }}",
            (
                P(
                    "آپ نے {{ programme }} پروگرام ({{ cycle }}) میں نشست کی پیشکش مسترد کر دی ہے۔ یہ نشست کسی دوسرے امیدوار کو پیش کی جائے گی۔"
                ),
            ),
        ),
    },
    # An officer did not approve a proposed place: the applicant, whose page said "under
    # review" and now says "submitted", hears it with or without a message (a proposal names
    # no programme, so neither does this).
    "match_rejected": {
        "en": Message(
            "The proposed place was not approved: {{ cycle }}",
            (
                P(
                    "An admissions officer reviewed the place the matching round proposed for you in {{ cycle }} and did not approve it."
                ),
                P("{% if message %}The officer's message to you:{% endif %}"),
                P("{{ message }}"),
                P(
                    "Your application stays in the cycle: a later round may place you at another of your choices. You can follow it in the Corridor portal."
                ),
            ),
        ),
        "zh": Message(
            "拟定名额未获批准：{{ cycle }}",
            (
                P("招生官审核了匹配轮次在 {{ cycle }} 中为您拟定的名额，未予批准。"),
                P("{% if message %}招生官给您的留言：{% endif %}"),
                P("{{ message }}"),
                P("您的申请仍在本期中：之后的轮次可能将您匹配到您的其他志愿。您可以在 Corridor 门户网站查看申请进展。"),
            ),
        ),
        "ru": Message(
            "Предложенное место не одобрено: {{ cycle }}",
            (
                P(
                    "Сотрудник приёмной комиссии рассмотрел место, которое раунд распределения предложил вам в конкурсе «{{ cycle }}», и не одобрил его."
                ),
                P("{% if message %}Сообщение сотрудника для вас:{% endif %}"),
                P("{{ message }}"),
                P(
                    "Ваша заявка остаётся в конкурсе: следующий раунд может предложить вам другой из выбранных вами вариантов. Следить за заявкой можно на портале Corridor."
                ),
            ),
        ),
        "ur": Message(
            "تجویز کردہ نشست منظور نہیں ہوئی: {{ cycle }}",
            (
                P(
                    "داخلہ افسر نے {{ cycle }} میں میچنگ راؤنڈ کی طرف سے آپ کے لیے تجویز کردہ نشست کا جائزہ لیا اور اسے منظور نہیں کیا۔"
                ),
                P("{% if message %}افسر کا آپ کے لیے پیغام:{% endif %}"),
                P("{{ message }}"),
                P(
                    "آپ کی درخواست اس دور میں برقرار ہے: اگلا راؤنڈ آپ کو آپ کے کسی اور انتخاب پر جگہ دے سکتا ہے۔ آپ Corridor پورٹل پر اپنی درخواست دیکھ سکتے ہیں۔"
                ),
            ),
        ),
    },
    "round_completed": {
        "en": Message(
            "Matching round completed: {{ cycle }}",
            (
                P(
                    "The matching round for {{ cycle }} has finished: {{ matched }} matched, {{ waitlisted }} waitlisted, {{ unmatched }} unmatched."
                ),
                P("{% if matched %}The proposed matches await your review in the officer console.{% endif %}"),
                A("link", optional=True),
            ),
            greeting="Hello,",
        ),
        "zh": Message(
            "匹配轮次已完成：{{ cycle }}",
            (
                P(
                    "{{ cycle }} 的匹配轮次已完成：匹配 {{ matched }} 人，候补 {{ waitlisted }} 人，未匹配 {{ unmatched }} 人。"
                ),
                P("{% if matched %}拟定的匹配结果等待您在招生官控制台审核。{% endif %}"),
                A("link", optional=True),
            ),
            greeting="您好：",
        ),
        "ru": Message(
            "Раунд распределения завершён: {{ cycle }}",
            (
                P(
                    "Раунд распределения по конкурсу «{{ cycle }}» завершён: распределено — {{ matched }}, в листе ожидания — {{ waitlisted }}, без места — {{ unmatched }}."
                ),
                P("{% if matched %}Предложенные распределения ожидают вашей проверки в консоли сотрудника.{% endif %}"),
                A("link", optional=True),
            ),
            greeting="Здравствуйте!",
        ),
        "ur": Message(
            "میچنگ راؤنڈ مکمل: {{ cycle }}",
            (
                P(
                    "{{ cycle }} کا میچنگ راؤنڈ مکمل ہو گیا ہے: {{ matched }} میچ ہوئے، {{ waitlisted }} انتظار کی فہرست میں، {{ unmatched }} بغیر جگہ کے۔"
                ),
                P("{% if matched %}تجویز کردہ میچ افسر کنسول میں آپ کے جائزے کے منتظر ہیں۔{% endif %}"),
                A("link", optional=True),
            ),
            greeting="السلام علیکم،",
        ),
    },
    # --- account.notice: e-mail to the account's owner ---
    "account_locked": {
        "en": Message(
            "Signing in to your Corridor account from new devices is paused",
            (
                P(
                    "A wrong password was entered several times for your Corridor account, so signing in from browsers and devices that have not signed in to it before is paused{% if expires %} until {{ expires }}{% endif %}. Where you have signed in before, you can still sign in."
                ),
                P(
                    "If it was you, try again later or reset your password. If it was not you, someone may be trying to guess your password: use a strong one, and change it if you think it is known."
                ),
                P(
                    "{% if link is defined and link %}To sign in now, set a new password: this page sends you a link, and the new password unlocks the account.{% endif %}"
                ),
                A("link", optional=True),
            ),
        ),
        "zh": Message(
            "您的 Corridor 账户已暂停在新设备上登录",
            (
                P(
                    "您的 Corridor 账户多次输入了错误的密码，因此从未登录过该账户的浏览器和设备暂停登录{% if expires %}至 {{ expires }}{% endif %}。您曾经登录过的浏览器和设备仍可登录。"
                ),
                P(
                    "如果是您本人，请稍后再试或重置密码。如果不是您本人，可能有人在尝试猜测您的密码：请使用安全性高的密码，如认为密码已泄露，请更改密码。"
                ),
                P(
                    "{% if link is defined and link %}如需立即登录，请设置新密码：此页面会向您发送链接，设置新密码后账户即解锁。{% endif %}"
                ),
                A("link", optional=True),
            ),
        ),
        "ru": Message(
            "Вход в вашу учётную запись Corridor с новых устройств приостановлен",
            (
                P(
                    "Для вашей учётной записи Corridor несколько раз был введён неверный пароль, поэтому вход с браузеров и устройств, с которых в неё раньше не входили, приостановлен{% if expires %} до {{ expires }}{% endif %}. Там, где вы уже входили, войти по-прежнему можно."
                ),
                P(
                    "Если это были вы, попробуйте позже или восстановите пароль. Если не вы, возможно, кто-то пытается подобрать ваш пароль: используйте надёжный пароль и смените его, если считаете, что он стал известен."
                ),
                P(
                    "{% if link is defined and link %}Чтобы войти сейчас, задайте новый пароль: эта страница пришлёт вам ссылку, а новый пароль разблокирует учётную запись.{% endif %}"
                ),
                A("link", optional=True),
            ),
        ),
        "ur": Message(
            "نئے آلات سے آپ کے Corridor اکاؤنٹ میں لاگ اِن عارضی طور پر روک دیا گیا ہے",
            (
                P(
                    "آپ کے Corridor اکاؤنٹ کے لیے کئی بار غلط پاس ورڈ درج کیا گیا، اس لیے جن براؤزرز اور آلات سے اس اکاؤنٹ میں پہلے لاگ اِن نہیں ہوا، ان سے لاگ اِن{% if expires %} {{ expires }} تک{% endif %} روک دیا گیا ہے۔ جہاں سے آپ پہلے لاگ اِن کر چکے ہیں، وہاں سے اب بھی لاگ اِن کر سکتے ہیں۔"
                ),
                P(
                    "اگر یہ آپ تھے تو کچھ دیر بعد دوبارہ کوشش کریں یا اپنا پاس ورڈ ری سیٹ کریں۔ اگر یہ آپ نہیں تھے تو ممکن ہے کوئی آپ کا پاس ورڈ معلوم کرنے کی کوشش کر رہا ہو: مضبوط پاس ورڈ استعمال کریں اور اگر آپ کو لگے کہ یہ معلوم ہو گیا ہے تو اسے بدل دیں۔"
                ),
                P(
                    "{% if link is defined and link %}ابھی لاگ اِن کرنے کے لیے نیا پاس ورڈ بنائیں: یہ صفحہ آپ کو ایک لنک بھیجتا ہے، اور نیا پاس ورڈ اکاؤنٹ کھول دیتا ہے۔{% endif %}"
                ),
                A("link", optional=True),
            ),
        ),
    },
    "account_password_changed": {
        "en": Message(
            "Your Corridor password was changed",
            (
                P("The password of your Corridor account has been changed."),
                P(
                    "{% if email_change_ended is defined and email_change_ended %}The new address you asked for, which was still waiting for its link to be opened, was not taken: its link no longer works, and your account keeps this address.{% endif %}"
                ),
                P("If you did not change it, reset your password at once and write to the admissions office."),
            ),
        ),
        "zh": Message(
            "您的 Corridor 密码已更改",
            (
                P("您的 Corridor 账户密码已更改。"),
                P(
                    "{% if email_change_ended is defined and email_change_ended %}您此前申请更换的新邮箱地址尚未确认，已随之作废：其确认链接不再有效，账户仍使用本地址。{% endif %}"
                ),
                P("如果不是您本人操作，请立即重置密码并联系招生办公室。"),
            ),
        ),
        "ru": Message(
            "Пароль Corridor изменён",
            (
                P("Пароль вашей учётной записи Corridor был изменён."),
                P(
                    "{% if email_change_ended is defined and email_change_ended %}Запрошенная вами смена адреса, ещё не подтверждённая по ссылке, отменена: ссылка больше не действует, учётная запись сохраняет этот адрес.{% endif %}"
                ),
                P("Если вы его не меняли, немедленно восстановите пароль и напишите в приёмную комиссию."),
            ),
        ),
        "ur": Message(
            "آپ کا Corridor پاس ورڈ تبدیل کر دیا گیا",
            (
                P("آپ کے Corridor اکاؤنٹ کا پاس ورڈ تبدیل کر دیا گیا ہے۔"),
                P(
                    "{% if email_change_ended is defined and email_change_ended %}آپ نے جو نیا ای میل پتہ مانگا تھا اور جس کا لنک ابھی کھولا نہیں گیا تھا، وہ منسوخ ہو گیا: اس کا لنک اب کام نہیں کرتا، اور آپ کا اکاؤنٹ یہی پتہ رکھتا ہے۔{% endif %}"
                ),
                P("اگر یہ تبدیلی آپ نے نہیں کی تو فوراً اپنا پاس ورڈ ری سیٹ کریں اور داخلہ دفتر کو لکھیں۔"),
            ),
        ),
    },
    "account_password_reset": {
        "en": Message(
            "Reset your Corridor password",
            (
                P(
                    "We were asked to reset the password of your Corridor account. To choose a new password, open this link:"
                ),
                A("link"),
                P("The link works once, until {{ expires }}."),
                P("If you did not ask for it, ignore this message: your password stays as it is."),
            ),
        ),
        "zh": Message(
            "重置您的 Corridor 密码",
            (
                P("我们收到了重置您 Corridor 账户密码的请求。请打开以下链接设置新密码："),
                A("link"),
                P("该链接只能使用一次，有效期至 {{ expires }}。"),
                P("如果您没有提出此请求，请忽略本邮件，您的密码不会改变。"),
            ),
        ),
        "ru": Message(
            "Восстановление пароля Corridor",
            (
                P(
                    "Мы получили запрос на восстановление пароля вашей учётной записи Corridor. Чтобы задать новый пароль, откройте ссылку:"
                ),
                A("link"),
                P("Ссылка действует один раз, до {{ expires }}."),
                P(
                    "Если вы не запрашивали восстановление, просто не обращайте внимания на это письмо: ваш пароль не изменится."
                ),
            ),
        ),
        "ur": Message(
            "اپنا Corridor پاس ورڈ ری سیٹ کریں",
            (
                P(
                    "ہمیں آپ کے Corridor اکاؤنٹ کا پاس ورڈ ری سیٹ کرنے کی درخواست موصول ہوئی ہے۔ نیا پاس ورڈ منتخب کرنے کے لیے یہ لنک کھولیں:"
                ),
                A("link"),
                P("یہ لنک صرف ایک بار اور {{ expires }} تک کام کرے گا۔"),
                P("اگر آپ نے یہ درخواست نہیں کی تو اس پیغام کو نظر انداز کریں: آپ کا پاس ورڈ نہیں بدلے گا۔"),
            ),
        ),
    },
    "account_disabled": {
        "en": Message(
            "Your Corridor account has been disabled",
            (
                P("An administrator has disabled your Corridor account: you can no longer sign in."),
                P("If you think this is a mistake, write to the admissions office."),
            ),
        ),
        "zh": Message(
            "您的 Corridor 账户已被停用",
            (
                P("管理员已停用您的 Corridor 账户，您将无法再登录。"),
                P("如果您认为这是误操作，请联系招生办公室。"),
            ),
        ),
        "ru": Message(
            "Ваша учётная запись Corridor отключена",
            (
                P("Администратор отключил вашу учётную запись Corridor: войти в неё больше нельзя."),
                P("Если вы считаете, что это ошибка, напишите в приёмную комиссию."),
            ),
        ),
        "ur": Message(
            "آپ کا Corridor اکاؤنٹ غیر فعال کر دیا گیا",
            (
                P("منتظم نے آپ کا Corridor اکاؤنٹ غیر فعال کر دیا ہے: اب آپ لاگ اِن نہیں کر سکتے۔"),
                P("اگر آپ سمجھتے ہیں کہ یہ غلطی ہے تو داخلہ دفتر کو لکھیں۔"),
            ),
        ),
    },
    "account_enabled": {
        "en": Message(
            "Your Corridor account is enabled again",
            (P("An administrator has enabled your Corridor account again: you can sign in."),),
        ),
        "zh": Message(
            "您的 Corridor 账户已重新启用",
            (P("管理员已重新启用您的 Corridor 账户，您现在可以登录。"),),
        ),
        "ru": Message(
            "Ваша учётная запись Corridor снова включена",
            (P("Администратор снова включил вашу учётную запись Corridor: вы можете войти."),),
        ),
        "ur": Message(
            "آپ کا Corridor اکاؤنٹ دوبارہ فعال کر دیا گیا",
            (P("منتظم نے آپ کا Corridor اکاؤنٹ دوبارہ فعال کر دیا ہے: اب آپ لاگ اِن کر سکتے ہیں۔"),),
        ),
    },
    "account_email_confirm": {
        "en": Message(
            "Confirm your new e-mail address for Corridor",
            (
                P(
                    "This address was given as the new e-mail address of a Corridor account. To confirm it, open this link:"
                ),
                A("link"),
                P("The link works once, until {{ expires }}. Until then the account keeps its old address."),
                P("If you did not ask for this, ignore this message: nothing changes."),
            ),
        ),
        "zh": Message(
            "确认您在 Corridor 的新电子邮箱地址",
            (
                P("此地址被填写为某个 Corridor 账户的新电子邮箱地址。请打开以下链接进行确认："),
                A("link"),
                P("该链接只能使用一次，有效期至 {{ expires }}。在此之前，账户仍使用原来的地址。"),
                P("如果这不是您的请求，请忽略本邮件：什么都不会改变。"),
            ),
        ),
        "ru": Message(
            "Подтвердите новый адрес электронной почты для Corridor",
            (
                P(
                    "Этот адрес указан как новый адрес электронной почты учётной записи Corridor. Чтобы подтвердить его, откройте ссылку:"
                ),
                A("link"),
                P("Ссылка действует один раз, до {{ expires }}. До тех пор у учётной записи остаётся прежний адрес."),
                P("Если вы этого не запрашивали, просто не обращайте внимания на письмо: ничего не изменится."),
            ),
        ),
        "ur": Message(
            "Corridor کے لیے اپنا نیا ای میل پتہ تصدیق کریں",
            (
                P("یہ پتہ ایک Corridor اکاؤنٹ کے نئے ای میل پتے کے طور پر دیا گیا ہے۔ تصدیق کے لیے یہ لنک کھولیں:"),
                A("link"),
                P("یہ لنک ایک بار، {{ expires }} تک کام کرے گا۔ تب تک اکاؤنٹ کا پرانا پتہ ہی رہے گا۔"),
                P("اگر آپ نے یہ درخواست نہیں کی تو اس پیغام کو نظر انداز کریں: کچھ تبدیل نہیں ہوگا۔"),
            ),
        ),
    },
    "account_email_verify": {  # a new applicant's own address, proven before submitting
        "en": Message(
            "Confirm your e-mail address for Corridor",
            (
                P("Welcome to Corridor. To confirm that this is your e-mail address, open this link:"),
                A("link"),
                P(
                    "You can prepare your applications meanwhile; you can submit them once the address is confirmed."
                    " The link works once, until {{ expires }}; the notice at the top of the portal's pages sends"
                    " a new one."
                ),
                P("If you did not register, ignore this message: the account cannot apply without it."),
            ),
        ),
        "zh": Message(
            "确认您在 Corridor 的电子邮箱地址",
            (
                P("欢迎使用 Corridor。请打开以下链接，确认这是您的电子邮箱地址："),
                A("link"),
                P(
                    "在此期间您可以准备申请；地址确认后即可提交。该链接只能使用一次，有效期至 {{ expires }}；门户网站页面顶部的提示可以重新发送链接。"
                ),
                P("如果您没有注册，请忽略本邮件：未经确认，该账户无法提交申请。"),
            ),
        ),
        "ru": Message(
            "Подтвердите адрес электронной почты для Corridor",
            (
                P(
                    "Добро пожаловать в Corridor. Чтобы подтвердить, что это ваш адрес электронной почты, откройте ссылку:"
                ),
                A("link"),
                P(
                    "Пока можно готовить заявки; подать их можно после подтверждения адреса. Ссылка действует один"
                    " раз, до {{ expires }}; новую можно запросить в уведомлении вверху страниц портала."
                ),
                P(
                    "Если вы не регистрировались, просто не обращайте внимания на письмо: без подтверждения подать заявку нельзя."
                ),
            ),
        ),
        "ur": Message(
            "Corridor کے لیے اپنا ای میل پتہ تصدیق کریں",
            (
                P("Corridor میں خوش آمدید۔ یہ تصدیق کرنے کے لیے کہ یہ آپ کا ای میل پتہ ہے، یہ لنک کھولیں:"),
                A("link"),
                P(
                    "اس دوران آپ اپنی درخواستیں تیار کر سکتے ہیں؛ پتہ تصدیق ہونے کے بعد انہیں جمع کرا سکیں گے۔ یہ لنک ایک بار،"
                    " {{ expires }} تک کام کرے گا؛ پورٹل کے صفحات کے اوپر موجود اطلاع سے نیا لنک منگوایا جا سکتا ہے۔"
                ),
                P(
                    "اگر آپ نے رجسٹریشن نہیں کی تو اس پیغام کو نظر انداز کریں: تصدیق کے بغیر یہ اکاؤنٹ درخواست جمع نہیں کرا سکتا۔"
                ),
            ),
        ),
    },
    "account_email_changed": {
        "en": Message(
            "The e-mail address of your Corridor account was changed",
            (
                P(
                    "The e-mail address of your Corridor account has been changed. This is the last message sent to this address about the account."
                ),
                P(
                    "If you did not make or ask for this change, write to the admissions office at once: a password reset would now go to the new address."
                ),
            ),
        ),
        "zh": Message(
            "您的 Corridor 账户邮箱地址已更改",
            (
                P("您的 Corridor 账户的电子邮箱地址已更改。这是关于该账户发往此地址的最后一封邮件。"),
                P("如果这不是您本人所做或要求的更改，请立即联系招生办公室：重置密码的邮件现在会发往新的地址。"),
            ),
        ),
        "ru": Message(
            "Адрес электронной почты вашей учётной записи Corridor изменён",
            (
                P(
                    "Адрес электронной почты вашей учётной записи Corridor был изменён. Это последнее письмо об учётной записи, отправленное на этот адрес."
                ),
                P(
                    "Если вы его не меняли и не просили изменить, немедленно напишите в приёмную комиссию: письмо для восстановления пароля теперь придёт на новый адрес."
                ),
            ),
        ),
        "ur": Message(
            "آپ کے Corridor اکاؤنٹ کا ای میل پتہ تبدیل کر دیا گیا",
            (
                P(
                    "آپ کے Corridor اکاؤنٹ کا ای میل پتہ تبدیل کر دیا گیا ہے۔ اس اکاؤنٹ کے بارے میں اس پتے پر بھیجا جانے والا یہ آخری پیغام ہے۔"
                ),
                P(
                    "اگر یہ تبدیلی نہ آپ نے کی اور نہ اس کی درخواست کی تو فوراً داخلہ دفتر کو لکھیں: پاس ورڈ ری سیٹ کا پیغام اب نئے پتے پر جائے گا۔"
                ),
            ),
        ),
    },
    "account_email_change_requested": {
        "en": Message(
            "A new e-mail address was asked for your Corridor account",
            (
                P(
                    "Someone signed in to your Corridor account asked to change its e-mail address to another one. "
                    "The change is made only once the link we sent to the new address is opened; until then this address stays the account's."
                ),
                P(
                    "If it was you, there is nothing to do. If it was not, change your password now (or reset it from the log-in page): "
                    "that ends the change, and whoever knew the old password is logged out. You can also cancel the change on your profile page."
                ),
            ),
        ),
        "zh": Message(
            "有人为您的 Corridor 账户申请了新的电子邮箱地址",
            (
                P(
                    "已登录您 Corridor 账户的人申请将账户的电子邮箱地址改为另一个地址。只有在打开我们发往新地址的链接后才会更改；在此之前，账户仍使用本地址。"
                ),
                P(
                    "如果是您本人操作，无需处理。如果不是，请立即更改密码（或在登录页面重设密码）：这会终止此次更改，知道旧密码的人也会被登出。您也可以在个人资料页面取消此更改。"
                ),
            ),
        ),
        "ru": Message(
            "Для вашей учётной записи Corridor запрошен новый адрес электронной почты",
            (
                P(
                    "Кто-то, войдя в вашу учётную запись Corridor, попросил сменить её адрес электронной почты на другой. "
                    "Адрес сменится только после того, как будет открыта ссылка, отправленная на новый адрес; до тех пор адресом учётной записи остаётся этот."
                ),
                P(
                    "Если это были вы, ничего делать не нужно. Если нет, смените пароль сейчас (или сбросьте его со страницы входа): "
                    "это отменит смену адреса, а тот, кто знал старый пароль, выйдет из системы. Отменить смену можно и на странице профиля."
                ),
            ),
        ),
        "ur": Message(
            "آپ کے Corridor اکاؤنٹ کے لیے نئے ای میل پتے کی درخواست کی گئی",
            (
                P(
                    "آپ کے Corridor اکاؤنٹ میں لاگ اِن کسی شخص نے اس کا ای میل پتہ کسی اور پتے میں بدلنے کی درخواست کی ہے۔ "
                    "پتہ صرف اس وقت بدلے گا جب نئے پتے پر بھیجا گیا لنک کھولا جائے؛ تب تک اکاؤنٹ کا پتہ یہی رہے گا۔"
                ),
                P(
                    "اگر یہ آپ تھے تو کچھ کرنے کی ضرورت نہیں۔ اگر نہیں، تو ابھی اپنا پاس ورڈ بدلیں (یا لاگ اِن صفحے سے ری سیٹ کریں): "
                    "اس سے یہ تبدیلی ختم ہو جائے گی اور پرانا پاس ورڈ جاننے والا لاگ آؤٹ ہو جائے گا۔ آپ پروفائل کے صفحے پر بھی یہ تبدیلی منسوخ کر سکتے ہیں۔"
                ),
            ),
        ),
    },
    "account_registration_attempt": {
        "en": Message(
            "Someone tried to register with your address",
            (
                P("Someone tried to create a Corridor account with your e-mail address, which already has an account."),
                P(
                    "If it was you, sign in, or reset your password if you have forgotten it. If it was not you, there is nothing to do: your account is unchanged."
                ),
            ),
        ),
        "zh": Message(
            "有人尝试使用您的邮箱地址注册",
            (
                P("有人尝试使用您的电子邮箱地址注册 Corridor 账户，而该地址已有账户。"),
                P(
                    "如果是您本人，请直接登录；如忘记密码，请重置密码。如果不是您本人，您无需采取任何措施，您的账户没有任何变化。"
                ),
            ),
        ),
        "ru": Message(
            "Кто-то пытался зарегистрироваться с вашим адресом",
            (
                P(
                    "Кто-то пытался создать учётную запись Corridor с вашим адресом электронной почты, но с этим адресом учётная запись уже есть."
                ),
                P(
                    "Если это были вы, войдите в учётную запись или восстановите пароль, если забыли его. Если не вы, ничего делать не нужно: ваша учётная запись не изменилась."
                ),
            ),
        ),
        "ur": Message(
            "کسی نے آپ کے پتے سے رجسٹر ہونے کی کوشش کی",
            (
                P(
                    "کسی نے آپ کے ای میل پتے سے Corridor اکاؤنٹ بنانے کی کوشش کی، جبکہ اس پتے کا اکاؤنٹ پہلے سے موجود ہے۔"
                ),
                P(
                    "اگر یہ آپ تھے تو لاگ اِن کریں، یا پاس ورڈ بھول گئے ہوں تو اسے ری سیٹ کریں۔ اگر یہ آپ نہیں تھے تو آپ کو کچھ کرنے کی ضرورت نہیں: آپ کا اکاؤنٹ جوں کا توں ہے۔"
                ),
            ),
        ),
    },
}

# --- document review (issue 15): a rejected document is the applicant's task ---

# The officer's reason and the kind of document, in the applicant's language.
DOCUMENT_REASON_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "illegible": "the document is illegible",
        "expired": "the document has expired",
        "not_certified": "the copy is not certified",
        "not_attested": "it is not attested by the authority the programme requires",
        "translation_missing": "a certified translation is missing",
        "wrong_document": "this is not the document asked for",
        "name_mismatch": "the name does not match your passport",
        "other": "another problem (see the reviewer's note)",
    },
    "zh": {
        "illegible": "文件无法辨认",
        "expired": "文件已过期",
        "not_certified": "复印件未经公证",
        "not_attested": "未经该项目要求的机构认证",
        "translation_missing": "缺少经认证的翻译件",
        "wrong_document": "不是所要求的文件",
        "name_mismatch": "姓名与护照不符",
        "other": "其他问题（见审核人员的留言）",
    },
    "ru": {
        "illegible": "документ неразборчив",
        "expired": "срок действия документа истёк",
        "not_certified": "копия не заверена",
        "not_attested": "нет заверения органом, которого требует программа",
        "translation_missing": "нет заверенного перевода",
        "wrong_document": "это не тот документ, который требуется",
        "name_mismatch": "имя не совпадает с паспортом",
        "other": "другая проблема (см. комментарий проверяющего)",
    },
    "ur": {
        "illegible": "دستاویز پڑھی نہیں جا سکتی",
        "expired": "دستاویز کی میعاد ختم ہو چکی ہے",
        "not_certified": "نقل تصدیق شدہ نہیں ہے",
        "not_attested": "پروگرام کے مطلوبہ ادارے سے تصدیق شدہ نہیں ہے",
        "translation_missing": "تصدیق شدہ ترجمہ موجود نہیں",
        "wrong_document": "یہ مطلوبہ دستاویز نہیں ہے",
        "name_mismatch": "نام پاسپورٹ سے مطابقت نہیں رکھتا",
        "other": "کوئی اور مسئلہ (جائزہ کار کا نوٹ دیکھیں)",
    },
}
DOCUMENT_KIND_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "passport": "passport",
        "transcript": "transcript",
        "language_certificate": "language certificate",
        "recommendation": "recommendation letter",
        "cv": "CV",
        "study_plan": "study plan",
        "medical_certificate": "medical certificate",
        "non_criminal_record": "non-criminal record",
        "employment_letter": "employment letter",
        "diploma": "diploma",
        "other": "document",
    },
    "zh": {
        "passport": "护照",
        "transcript": "成绩单",
        "language_certificate": "语言证书",
        "recommendation": "推荐信",
        "cv": "简历",
        "study_plan": "学习计划",
        "medical_certificate": "体检证明",
        "non_criminal_record": "无犯罪记录证明",
        "employment_letter": "在职证明",
        "diploma": "学位证书",
        "other": "文件",
    },
    "ru": {
        "passport": "паспорт",
        "transcript": "выписка оценок",
        "language_certificate": "языковой сертификат",
        "recommendation": "рекомендательное письмо",
        "cv": "резюме",
        "study_plan": "план обучения",
        "medical_certificate": "медицинская справка",
        "non_criminal_record": "справка о несудимости",
        "employment_letter": "справка с места работы",
        "diploma": "диплом",
        "other": "документ",
    },
    "ur": {
        "passport": "پاسپورٹ",
        "transcript": "ٹرانسکرپٹ",
        "language_certificate": "زبان کا سرٹیفکیٹ",
        "recommendation": "سفارشی خط",
        "cv": "سی وی",
        "study_plan": "تعلیمی منصوبہ",
        "medical_certificate": "طبی سرٹیفکیٹ",
        "non_criminal_record": "کریکٹر سرٹیفکیٹ",
        "employment_letter": "ملازمت کا خط",
        "diploma": "ڈگری",
        "other": "دستاویز",
    },
}
REQUIRED["document_rejected"] = frozenset({"name", "cycle", "kind", "reason", "note", "due_on"})
MESSAGES["document_rejected"] = {
    "en": Message(
        "Please upload your {{ kind_words }} again: {{ cycle }}",
        (
            P(
                "Your application's reviewers could not accept the {{ kind_words }} you uploaded for {{ cycle }}: {{ reason_words }}."
            ),
            P("{% if note %}The reviewer's note: “{{ note }}”{% endif %}"),
            P("Please upload a new version in the Corridor portal by {{ due_date }}. It will be reviewed again."),
        ),
    ),
    "zh": Message(
        "请重新上传您的{{ kind_words }}：{{ cycle }}",
        (
            P("您申请的审核人员无法接受您为 {{ cycle }} 上传的{{ kind_words }}：{{ reason_words }}。"),
            P("{% if note %}审核人员的留言：“{{ note }}”{% endif %}"),
            P("请在 {{ due_date }} 之前在 Corridor 门户网站上传新版本，审核人员将再次审核。"),
        ),
    ),
    "ru": Message(
        "Загрузите документ ещё раз ({{ kind_words }}): {{ cycle }}",
        (
            P(
                "Проверяющие вашей заявки не смогли принять загруженный вами документ ({{ kind_words }}) по конкурсу «{{ cycle }}»: {{ reason_words }}."
            ),
            P("{% if note %}Комментарий проверяющего: «{{ note }}»{% endif %}"),
            P("Загрузите новую версию на портале Corridor до {{ due_date }}; её проверят снова."),
        ),
    ),
    "ur": Message(
        "براہ کرم اپنا {{ kind_words }} دوبارہ اپ لوڈ کریں: {{ cycle }}",
        (
            P(
                "آپ کی درخواست کا جائزہ لینے والے {{ cycle }} کے لیے آپ کا اپ لوڈ کیا گیا {{ kind_words }} قبول نہیں کر سکے: {{ reason_words }}۔"
            ),
            P("{% if note %}جائزہ کار کا نوٹ: ”{{ note }}“{% endif %}"),
            P("براہ کرم {{ due_date }} تک Corridor پورٹل پر نیا ورژن اپ لوڈ کریں۔ اس کا دوبارہ جائزہ لیا جائے گا۔"),
        ),
    ),
}


# The officer who rejected a version hears of the new one (an inbox entry and an e-mail), with
# the link to the application's documents.
REQUIRED["document_resubmitted"] = frozenset({"cycle", "kind", "version", "application", "link"})
STAFF_KINDS = STAFF_KINDS | {"document_resubmitted"}
MESSAGES["document_resubmitted"] = {
    "en": Message(
        "A new version to review: {{ kind_words }} ({{ cycle }})",
        (
            P(
                "The applicant uploaded version {{ version }} of the {{ kind_words }} you rejected"
                " (application {{ application }}, {{ cycle }}). It awaits your review:"
            ),
            A("link"),
        ),
    ),
    "zh": Message(
        "有新版本待审核：{{ kind_words }}（{{ cycle }}）",
        (
            P(
                "申请人已上传您退回的{{ kind_words }}的第 {{ version }} 版（申请 {{ application }}，{{ cycle }}），等待您审核："
            ),
            A("link"),
        ),
    ),
    "ru": Message(
        "Новая версия на проверку: {{ kind_words }} ({{ cycle }})",
        (
            P(
                "Заявитель загрузил версию {{ version }} документа «{{ kind_words }}», который вы отклонили"
                " (заявка {{ application }}, {{ cycle }}). Она ждёт вашей проверки:"
            ),
            A("link"),
        ),
    ),
    "ur": Message(
        "جائزے کے لیے نیا ورژن: {{ kind_words }} ({{ cycle }})",
        (
            P(
                "درخواست گزار نے آپ کا مسترد کردہ {{ kind_oblique }} کا ورژن {{ version }} اپ لوڈ کیا ہے"
                " (درخواست {{ application }}، {{ cycle }})۔ یہ آپ کے جائزے کا منتظر ہے:"
            ),
            A("link"),
        ),
    ),
}


# A document the officer had verified, replaced by the applicant after submitting: the check no
# longer holds (it had been told as "the passport you rejected", and read as routine).
REQUIRED["document_replaced_verified"] = frozenset({"cycle", "kind", "version", "application", "link"})
STAFF_KINDS = STAFF_KINDS | {"document_replaced_verified"}
MESSAGES["document_replaced_verified"] = {
    "en": Message(
        "A verified document was replaced: {{ kind_words }} ({{ cycle }})",
        (
            P(
                "The applicant replaced the {{ kind_words }} you had verified with version {{ version }}"
                " (application {{ application }}, {{ cycle }}). Your verification was of the earlier version:"
                " the new one awaits your review."
            ),
            A("link"),
        ),
    ),
    "zh": Message(
        "已核验的材料被替换：{{ kind_words }}（{{ cycle }}）",
        (
            P(
                "申请人用第 {{ version }} 版替换了您已核验的{{ kind_words }}（申请 {{ application }}，{{ cycle }}）。"
                "您的核验针对的是之前的版本：新版本等待您审核。"
            ),
            A("link"),
        ),
    ),
    "ru": Message(
        "Проверенный документ заменён: {{ kind_words }} ({{ cycle }})",
        (
            P(
                "Заявитель заменил проверенный вами документ «{{ kind_words }}» версией {{ version }}"
                " (заявка {{ application }}, {{ cycle }}). Ваша проверка относилась к прежней версии:"
                " новая ждёт вашей проверки."
            ),
            A("link"),
        ),
    ),
    "ur": Message(
        "تصدیق شدہ دستاویز بدل دی گئی: {{ kind_words }} ({{ cycle }})",
        (
            P(
                "درخواست گزار نے آپ کی تصدیق شدہ {{ kind_oblique }} کی جگہ ورژن {{ version }} اپ لوڈ کیا ہے"
                " (درخواست {{ application }}، {{ cycle }})۔ آپ کی تصدیق پچھلے ورژن کی تھی: نیا ورژن آپ کے جائزے کا منتظر ہے۔"
            ),
            A("link"),
        ),
    ),
}


# A re-upload task's reminder before its last day, and the notice once it passed (document.task_due).
REQUIRED["document_task_near"] = frozenset({"name", "cycle", "kind", "due_on"})
REQUIRED["document_task_passed"] = frozenset({"name", "cycle", "kind", "due_on"})
MESSAGES["document_task_near"] = {
    "en": Message(
        "Reminder: upload your {{ kind_words }} by {{ due_date }}: {{ cycle }}",
        (
            P("Your {{ kind_words }} for {{ cycle }} was not accepted and still needs a new version."),
            P("The last day to upload it is {{ due_date }}."),
            P("Open your application in the Corridor portal and upload a new version of the document there."),
        ),
    ),
    "zh": Message(
        "提醒：请在 {{ due_date }} 之前上传您的{{ kind_words }}：{{ cycle }}",
        (
            P("您为 {{ cycle }} 上传的{{ kind_words }}未被接受，仍需上传新版本。"),
            P("上传的最后一天是 {{ due_date }}。"),
            P("请在 Corridor 门户网站打开您的申请，并在申请页面上传该文件的新版本。"),
        ),
    ),
    "ru": Message(
        "Напоминание: загрузите документ ({{ kind_words }}) до {{ due_date }}: {{ cycle }}",
        (
            P("Ваш документ ({{ kind_words }}) по конкурсу «{{ cycle }}» не принят, нужна новая версия."),
            P("{{ due_date }} — последний день загрузки."),
            P("Откройте свою заявку на портале Corridor и загрузите там новую версию документа."),
        ),
    ),
    "ur": Message(
        "یاد دہانی: اپنا {{ kind_words }} {{ due_date }} تک اپ لوڈ کریں: {{ cycle }}",
        (
            P("{{ cycle }} کے لیے آپ کا {{ kind_words }} قبول نہیں ہوا اور اس کا نیا ورژن ابھی درکار ہے۔"),
            P("اپ لوڈ کرنے کا آخری دن {{ due_date }} ہے۔"),
            P("Corridor پورٹل پر اپنی درخواست کھولیں اور وہاں دستاویز کا نیا ورژن اپ لوڈ کریں۔"),
        ),
    ),
}
MESSAGES["document_task_passed"] = {
    "en": Message(
        "The deadline for your {{ kind_words }} has passed: {{ cycle }}",
        (
            P("The last day to upload a new version of your {{ kind_words }} for {{ cycle }} was {{ due_date }}."),
            P(
                "Please upload it as soon as you can: open your application in the Corridor portal and upload"
                " a new version of the document there. It will still be reviewed."
            ),
        ),
    ),
    "zh": Message(
        "您的{{ kind_words }}上传期限已过：{{ cycle }}",
        (
            P("为 {{ cycle }} 上传{{ kind_words }}新版本的最后一天是 {{ due_date }}。"),
            P("请尽快上传：在 Corridor 门户网站打开您的申请，并在申请页面上传该文件的新版本。审核人员仍会审核。"),
        ),
    ),
    "ru": Message(
        "Срок загрузки документа ({{ kind_words }}) истёк: {{ cycle }}",
        (
            P(
                "{{ due_date }} был последним днём загрузки новой версии документа ({{ kind_words }}) по конкурсу «{{ cycle }}»."
            ),
            P(
                "Загрузите его как можно скорее: откройте свою заявку на портале Corridor и загрузите там"
                " новую версию документа. Её всё равно проверят."
            ),
        ),
    ),
    "ur": Message(
        "آپ کے {{ kind_oblique }} کی آخری تاریخ گزر گئی ہے: {{ cycle }}",
        (
            P("{{ cycle }} کے لیے اپنے {{ kind_oblique }} کا نیا ورژن اپ لوڈ کرنے کا آخری دن {{ due_date }} تھا۔"),
            P(
                "براہ کرم جلد از جلد اپ لوڈ کریں: Corridor پورٹل پر اپنی درخواست کھولیں اور وہاں دستاویز کا"
                " نیا ورژن اپ لوڈ کریں۔ اس کا پھر بھی جائزہ لیا جائے گا۔"
            ),
        ),
    ),
}


def document_words(context: Mapping[str, Any], language: str) -> dict[str, Any]:
    """A document notice's reason, kind and deadline in ``language`` (the note stays as written)."""
    if "kind" not in context:
        return {}
    reason, kind = str(context.get("reason") or ""), str(context["kind"])
    kind_words = DOCUMENT_KIND_WORDS[language].get(kind, kind)
    return {
        "reason_words": DOCUMENT_REASON_WORDS[language].get(reason, reason),
        "kind_words": kind_words,
        # Urdu: before a postposition the name's own کا is کے ("ملازمت کے خط کا نیا ورژن")
        "kind_oblique": urdu_oblique(kind_words) if language == "ur" else kind_words,
        "due_date": reply_by_date(context.get("due_on"), language),
    }


# --- referee letters (issue 15) ---
# To the referee (no account): the addressee travels in the row, like an account notice; the
# link is dropped from the row once delivered. To the applicant: a referee answered.
_REFEREE_CONTEXT = frozenset({"name", "applicant", "programmes", "link", "expires_at"})
REQUIRED["referee_request"] = _REFEREE_CONTEXT
REQUIRED["referee_reminder"] = _REFEREE_CONTEXT
REQUIRED["letter_submitted"] = frozenset({"name", "referee"})
REQUIRED["letter_declined"] = frozenset({"name", "referee"})
REQUIRED["referee_cancelled"] = frozenset({"name", "applicant"})
REFEREE_KINDS = frozenset({"referee_request", "referee_reminder", "referee_cancelled"})
ACCOUNT_KINDS = ACCOUNT_KINDS | REFEREE_KINDS


def _referee_message(subject: str, opening: str, programmes: str, open_link: str, works: str) -> Message:
    return Message(subject, (P(opening), L("programmes", "{{ item }}", programmes), P(open_link), A("link"), P(works)))


MESSAGES["referee_request"] = {
    "en": _referee_message(
        "Recommendation letter for {{ applicant }}",
        "{{ applicant }} has named you as a referee and asks you for a recommendation letter through Corridor.",
        "The application is for:",
        "To write the letter, upload it as a PDF, or decline, open this link (no account is needed):",
        "The link is for you alone. It works until {{ expires }} and stops working once you have answered.",
    ),
    "zh": _referee_message(
        "为 {{ applicant }} 撰写推荐信",
        "{{ applicant }} 将您列为推荐人，请您通过 Corridor 为其撰写推荐信。",
        "申请的项目：",
        "请打开以下链接撰写推荐信、上传 PDF 格式的推荐信或婉拒（无需注册账户）：",
        "此链接仅供您本人使用，有效期至 {{ expires }}，提交答复后即失效。",
    ),
    "ru": _referee_message(
        "Рекомендательное письмо: {{ applicant }}",
        "{{ applicant }} указал(а) вас как рекомендателя и просит написать рекомендательное письмо через Corridor.",
        "Заявка на программы:",
        "Чтобы написать письмо, загрузить его в формате PDF или отказаться, откройте ссылку (регистрация не нужна):",
        "Ссылка предназначена только для вас. Она действует до {{ expires }} и перестаёт работать после ответа.",
    ),
    "ur": _referee_message(
        "{{ applicant }} کے لیے سفارشی خط",
        "{{ applicant }} نے آپ کو سفارش کنندہ نامزد کیا ہے اور Corridor کے ذریعے آپ سے سفارشی خط کی درخواست کی ہے۔",
        "درخواست ان پروگراموں کے لیے ہے:",
        "خط لکھنے، PDF کے طور پر اپ لوڈ کرنے یا انکار کرنے کے لیے یہ لنک کھولیں (اکاؤنٹ کی ضرورت نہیں):",
        "یہ لنک صرف آپ کے لیے ہے۔ یہ {{ expires }} تک کام کرے گا اور جواب دینے کے بعد بند ہو جائے گا۔",
    ),
}
MESSAGES["referee_reminder"] = {
    "en": _referee_message(
        "Reminder: recommendation letter for {{ applicant }}",
        "This is a reminder: {{ applicant }} is still waiting for your recommendation letter.",
        "The application is for:",
        "To write the letter, upload it as a PDF, or decline, open this link (no account is needed):",
        "The link works until {{ expires }} and stops working once you have answered.",
    ),
    "zh": _referee_message(
        "提醒：为 {{ applicant }} 撰写推荐信",
        "温馨提醒：{{ applicant }} 仍在等待您的推荐信。",
        "申请的项目：",
        "请打开以下链接撰写推荐信、上传 PDF 格式的推荐信或婉拒（无需注册账户）：",
        "此链接有效期至 {{ expires }}，提交答复后即失效。",
    ),
    "ru": _referee_message(
        "Напоминание: рекомендательное письмо для {{ applicant }}",
        "Напоминаем: {{ applicant }} всё ещё ждёт вашего рекомендательного письма.",
        "Заявка на программы:",
        "Чтобы написать письмо, загрузить его в формате PDF или отказаться, откройте ссылку (регистрация не нужна):",
        "Ссылка действует до {{ expires }} и перестаёт работать после ответа.",
    ),
    "ur": _referee_message(
        "یاد دہانی: {{ applicant }} کے لیے سفارشی خط",
        "یاد دہانی: {{ applicant }} ابھی تک آپ کے سفارشی خط کا انتظار کر رہے ہیں۔",
        "درخواست ان پروگراموں کے لیے ہے:",
        "خط لکھنے، PDF کے طور پر اپ لوڈ کرنے یا انکار کرنے کے لیے یہ لنک کھولیں (اکاؤنٹ کی ضرورت نہیں):",
        "یہ لنک {{ expires }} تک کام کرے گا اور جواب دینے کے بعد بند ہو جائے گا۔",
    ),
}
MESSAGES["referee_cancelled"] = {
    "en": Message(
        "No letter needed any more for {{ applicant }}",
        (
            P("{{ applicant }} no longer asks you for a recommendation letter through Corridor."),
            P("The link you were sent no longer works, and there is nothing more to do. Thank you for your time."),
        ),
    ),
    "zh": Message(
        "无需再为 {{ applicant }} 撰写推荐信",
        (
            P("{{ applicant }} 已不再通过 Corridor 请您撰写推荐信。"),
            P("之前发给您的链接已失效，您无需再做任何事。感谢您抽出时间。"),
        ),
    ),
    "ru": Message(
        "Рекомендательное письмо больше не нужно: {{ applicant }}",
        (
            P("{{ applicant }} больше не просит вас написать рекомендательное письмо через Corridor."),
            P("Отправленная вам ссылка больше не действует, делать ничего не нужно. Спасибо за ваше время."),
        ),
    ),
    "ur": Message(
        "{{ applicant }} کے لیے سفارشی خط کی اب ضرورت نہیں",
        (
            P("{{ applicant }} اب Corridor کے ذریعے آپ سے سفارشی خط کی درخواست نہیں کر رہے۔"),
            P("آپ کو بھیجا گیا لنک اب کام نہیں کرتا، اور مزید کچھ کرنے کی ضرورت نہیں۔ آپ کے وقت کا شکریہ۔"),
        ),
    ),
}
MESSAGES["letter_submitted"] = {
    "en": Message(
        "{{ referee }} sent a recommendation letter",
        (
            P(
                "Your referee {{ referee }} has submitted a recommendation letter for your application"
                "{% if programmes is defined and programmes %} to {{ programmes }}{% endif %}."
            ),
            P(
                "{% if ready_to_submit is defined and ready_to_submit %}Every letter your choices ask for is in, and nothing else holds your application back: it is still a draft, so submit it in the Corridor portal.{% elif letters_complete is defined and letters_complete %}Every letter your choices ask for is in.{% endif %}"
            ),
            # officers, reviewers and the staff of the stages read it, and the host with the documents' consent
            P(
                "The letter is read by those who review your application, and by the host institution if you "
                "share your documents with it; you will not see it."
            ),
        ),
    ),
    "zh": Message(
        "{{ referee }} 已提交推荐信",
        (
            P(
                "您的推荐人 {{ referee }} 已为您的申请{% if programmes is defined and programmes %}（{{ programmes }}）{% endif %}提交推荐信。"
            ),
            P(
                "{% if ready_to_submit is defined and ready_to_submit %}您所选项目要求的推荐信已全部收到，申请也不再缺少其他材料：申请仍是草稿，请在 Corridor 门户网站提交。{% elif letters_complete is defined and letters_complete %}您所选项目要求的推荐信已全部收到。{% endif %}"
            ),
            P("审核您申请的人员会阅读推荐信；如果您同意与接收院校共享材料，接收院校也可以阅读。您不会看到其内容。"),
        ),
    ),
    "ru": Message(
        "{{ referee }} отправил(а) рекомендательное письмо",
        (
            P(
                "Ваш рекомендатель {{ referee }} отправил(а) рекомендательное письмо к вашей заявке"
                "{% if programmes is defined and programmes %} на программы: {{ programmes }}{% endif %}."
            ),
            P(
                "{% if ready_to_submit is defined and ready_to_submit %}Все рекомендательные письма, которых требуют выбранные программы, получены, и больше ничего не мешает подать заявку: она пока черновик, подайте её на портале Corridor.{% elif letters_complete is defined and letters_complete %}Все рекомендательные письма, которых требуют выбранные программы, получены.{% endif %}"
            ),
            P(
                "Письмо читают те, кто рассматривает вашу заявку, а также принимающий вуз, если вы передаёте "
                "ему свои документы; вы его не увидите."
            ),
        ),
    ),
    "ur": Message(
        "{{ referee }} نے سفارشی خط بھیج دیا",
        (
            P(
                "آپ کے سفارش کنندہ {{ referee }} نے آپ کی درخواست"
                "{% if programmes is defined and programmes %} ({{ programmes }}){% endif %} کے لیے سفارشی خط جمع کرا دیا ہے۔"
            ),
            P(
                "{% if ready_to_submit is defined and ready_to_submit %}آپ کے منتخب پروگراموں کے مطلوبہ تمام سفارشی خط آ گئے ہیں اور اب درخواست میں کوئی کمی نہیں: یہ ابھی مسودہ ہے، اسے Corridor پورٹل پر جمع کرائیں۔{% elif letters_complete is defined and letters_complete %}آپ کے منتخب پروگراموں کے مطلوبہ تمام سفارشی خط آ گئے ہیں۔{% endif %}"
            ),
            P(
                "یہ خط وہ لوگ پڑھتے ہیں جو آپ کی درخواست کا جائزہ لیتے ہیں، اور میزبان ادارہ بھی اگر آپ اپنی "
                "دستاویزات اس کے ساتھ شیئر کریں؛ آپ اسے نہیں دیکھ سکیں گے۔"
            ),
        ),
    ),
}
MESSAGES["letter_declined"] = {
    "en": Message(
        "{{ referee }} declined to write a letter",
        (
            P(
                "Your referee {{ referee }} declined to write a recommendation letter"
                "{% if programmes is defined and programmes %} for your application to {{ programmes }}{% endif %}."
            ),
            P("{% if reason is defined and reason %}Their reason: “{{ reason }}”{% endif %}"),
            P(
                "{% if letters_complete is defined and letters_complete %}Every letter your choices ask for is in already:"
                " nobody else needs to be asked.{% else %}You can ask someone else: open your application in the"
                " Corridor portal and replace the referee.{% endif %}"
            ),
        ),
    ),
    "zh": Message(
        "{{ referee }} 婉拒撰写推荐信",
        (
            P(
                "您的推荐人 {{ referee }} 婉拒为您{% if programmes is defined and programmes %}（{{ programmes }}）{% endif %}撰写推荐信。"
            ),
            P("{% if reason is defined and reason %}对方给出的理由：“{{ reason }}”{% endif %}"),
            P(
                "{% if letters_complete is defined and letters_complete %}您所选项目要求的推荐信均已收到：无需再请其他人。"
                "{% else %}您可以请其他人撰写：在 Corridor 门户网站打开您的申请并更换推荐人。{% endif %}"
            ),
        ),
    ),
    "ru": Message(
        "{{ referee }} отказался(ась) писать письмо",
        (
            P(
                "Ваш рекомендатель {{ referee }} отказался(ась) писать рекомендательное письмо"
                "{% if programmes is defined and programmes %} к заявке на программы: {{ programmes }}{% endif %}."
            ),
            P("{% if reason is defined and reason %}Причина: «{{ reason }}»{% endif %}"),
            P(
                "{% if letters_complete is defined and letters_complete %}Все письма, которые требуют выбранные вами программы,"
                " уже получены: больше никого просить не нужно.{% else %}Вы можете попросить другого человека: откройте"
                " заявку на портале Corridor и замените рекомендателя.{% endif %}"
            ),
        ),
    ),
    "ur": Message(
        "{{ referee }} نے خط لکھنے سے انکار کر دیا",
        (
            P(
                "آپ کے سفارش کنندہ {{ referee }} نے"
                "{% if programmes is defined and programmes %} آپ کی درخواست ({{ programmes }}) کے لیے{% endif %} سفارشی خط لکھنے سے انکار کر دیا ہے۔"
            ),
            P("{% if reason is defined and reason %}بتائی گئی وجہ: ”{{ reason }}“{% endif %}"),
            P(
                "{% if letters_complete is defined and letters_complete %}آپ کے منتخب پروگراموں کے لیے درکار تمام خطوط پہلے ہی"
                " موصول ہو چکے ہیں: کسی اور سے کہنے کی ضرورت نہیں۔{% else %}آپ کسی اور سے درخواست کر سکتے ہیں: Corridor پورٹل میں"
                " اپنی درخواست کھولیں اور سفارش کنندہ تبدیل کریں۔{% endif %}"
            ),
        ),
    ),
}

# --- interviews (issue 16): to the applicant; the times come from domain/interviews.py times()

# my_time / host_time: ``times()`` of the context, written when the notice is (in the
# applicant's language then); starts_at, time_zone, my_time_zone stay for the calendar.
REQUIRED["interview_invited"] = frozenset({"name", "cycle"})
for _kind in ("interview_booked", "interview_moved", "interview_cancelled", "interview_reminder"):
    REQUIRED[_kind] = frozenset({"name", "cycle", "duration", "place", "starts_at", "my_time", "host_time"})

MESSAGES["interview_invited"] = {
    "en": Message(
        "You are invited to an interview ({{ cycle }})",
        (
            P("The selection committee of {{ cycle }} invites you to an interview."),
            P("Choose a time on the Corridor portal: open your application and book one of the free slots."),
        ),
    ),
    "zh": Message(
        "面试邀请（{{ cycle }}）",
        (
            P("{{ cycle }} 评审委员会邀请您参加面试。"),
            P("请在 Corridor 门户网站打开您的申请，预约一个空闲的面试时间。"),
        ),
    ),
    "ru": Message(
        "Приглашение на собеседование ({{ cycle }})",
        (
            P("Отборочная комиссия конкурса «{{ cycle }}» приглашает вас на собеседование."),
            P("Выберите время на портале Corridor: откройте заявку и запишитесь на свободное время."),
        ),
    ),
    "ur": Message(
        "انٹرویو کی دعوت ({{ cycle }})",
        (
            P("{{ cycle }} کی سلیکشن کمیٹی آپ کو انٹرویو کے لیے مدعو کرتی ہے۔"),
            P("Corridor پورٹل پر اپنی درخواست کھولیں اور کوئی خالی وقت بک کریں۔"),
        ),
    ),
}

MESSAGES["interview_booked"] = {
    "en": Message(
        "Your interview: {{ my_time }}",
        (
            P("Your interview for {{ cycle }} is booked."),
            P("Your time: {{ my_time }}"),
            P("Host's time: {{ host_time }}"),
            P("Length: {{ duration }} minutes. Place: {{ place }}"),
            P("The attached invitation adds it to your calendar. You can move or cancel it on the portal."),
        ),
    ),
    "zh": Message(
        "您的面试：{{ my_time }}",
        (
            P("您已预约 {{ cycle }} 的面试。"),
            P("您当地时间：{{ my_time }}"),
            P("主办方时间：{{ host_time }}"),
            P("时长：{{ duration }} 分钟。地点：{{ place }}"),
            P("附件中的邀请可将面试加入您的日历。您可以在门户网站上改期或取消。"),
        ),
    ),
    "ru": Message(
        "Ваше собеседование: {{ my_time }}",
        (
            P("Вы записаны на собеседование по конкурсу «{{ cycle }}»."),
            P("Ваше время: {{ my_time }}"),
            P("Время принимающей стороны: {{ host_time }}"),
            P("Продолжительность: {{ duration }} мин. Место: {{ place }}"),
            P("Приложенное приглашение добавит его в ваш календарь. Перенести или отменить можно на портале."),
        ),
    ),
    "ur": Message(
        "آپ کا انٹرویو: {{ my_time }}",
        (
            P("{{ cycle }} کے لیے آپ کا انٹرویو بک ہو گیا ہے۔"),
            P("آپ کا وقت: {{ my_time }}"),
            P("میزبان کا وقت: {{ host_time }}"),
            P("دورانیہ: {{ duration }} منٹ۔ جگہ: {{ place }}"),
            P("منسلک دعوت نامہ اسے آپ کے کیلنڈر میں شامل کر دیتا ہے۔ آپ پورٹل پر وقت بدل یا منسوخ کر سکتے ہیں۔"),
        ),
    ),
}

# a booking moved to another slot (InterviewBooked.rescheduled): the calendar entry is updated
MESSAGES["interview_moved"] = {
    "en": Message(
        "Your interview is moved: {{ my_time }}",
        (
            P("Your interview for {{ cycle }} is moved to a new time; the earlier time no longer holds."),
            P("Your new time: {{ my_time }}"),
            P("Host's time: {{ host_time }}"),
            P("Length: {{ duration }} minutes. Place: {{ place }}"),
            P("The attached invitation updates the entry in your calendar. You can move or cancel it on the portal."),
        ),
    ),
    "zh": Message(
        "您的面试已改期：{{ my_time }}",
        (
            P("您 {{ cycle }} 的面试已改到新的时间；原来的时间不再有效。"),
            P("您当地的新时间：{{ my_time }}"),
            P("主办方时间：{{ host_time }}"),
            P("时长：{{ duration }} 分钟。地点：{{ place }}"),
            P("附件中的邀请会更新您日历中的面试。您可以在门户网站上改期或取消。"),
        ),
    ),
    "ru": Message(
        "Собеседование перенесено: {{ my_time }}",
        (
            P("Ваше собеседование по конкурсу «{{ cycle }}» перенесено на новое время; прежнее время отменено."),
            P("Ваше новое время: {{ my_time }}"),
            P("Время принимающей стороны: {{ host_time }}"),
            P("Продолжительность: {{ duration }} мин. Место: {{ place }}"),
            P("Приложенное приглашение обновит запись в вашем календаре. Перенести или отменить можно на портале."),
        ),
    ),
    "ur": Message(
        "آپ کا انٹرویو منتقل ہو گیا: {{ my_time }}",
        (
            P("{{ cycle }} کے لیے آپ کا انٹرویو نئے وقت پر منتقل ہو گیا ہے؛ پہلا وقت اب نہیں رہا۔"),
            P("آپ کا نیا وقت: {{ my_time }}"),
            P("میزبان کا وقت: {{ host_time }}"),
            P("دورانیہ: {{ duration }} منٹ۔ جگہ: {{ place }}"),
            P("منسلک دعوت نامہ آپ کے کیلنڈر کا اندراج تازہ کر دیتا ہے۔ آپ پورٹل پر وقت بدل یا منسوخ کر سکتے ہیں۔"),
        ),
    ),
}

MESSAGES["interview_cancelled"] = {
    "en": Message(
        "Interview cancelled: {{ my_time }}",
        (
            P("Your interview for {{ cycle }} on {{ my_time }} is cancelled."),
            P(
                "{% if by_committee is defined and by_committee %}The selection committee cancelled this time"
                "{% if reason %}: “{{ reason }}”{% else %}.{% endif %}{% endif %}"
            ),
            P("Host's time: {{ host_time }}. Length: {{ duration }} minutes. Place: {{ place }}"),
            P("You can book another time on the Corridor portal."),
        ),
    ),
    "zh": Message(
        "面试已取消：{{ my_time }}",
        (
            P("您在 {{ my_time }} 的 {{ cycle }} 面试已取消。"),
            P(
                "{% if by_committee is defined and by_committee %}该时间由评审委员会取消"
                "{% if reason %}：“{{ reason }}”{% else %}。{% endif %}{% endif %}"
            ),
            P("主办方时间：{{ host_time }}。时长：{{ duration }} 分钟。地点：{{ place }}"),
            P("您可以在 Corridor 门户网站预约其他时间。"),
        ),
    ),
    "ru": Message(
        "Собеседование отменено: {{ my_time }}",
        (
            P("Ваше собеседование по конкурсу «{{ cycle }}» ({{ my_time }}) отменено."),
            P(
                "{% if by_committee is defined and by_committee %}Это время отменила отборочная комиссия"
                "{% if reason %}: «{{ reason }}»{% else %}.{% endif %}{% endif %}"
            ),
            P("Время принимающей стороны: {{ host_time }}. Продолжительность: {{ duration }} мин. Место: {{ place }}"),
            P("Вы можете выбрать другое время на портале Corridor."),
        ),
    ),
    "ur": Message(
        "انٹرویو منسوخ: {{ my_time }}",
        (
            P("{{ my_time }} کو {{ cycle }} کے لیے آپ کا انٹرویو منسوخ ہو گیا ہے۔"),
            P(
                "{% if by_committee is defined and by_committee %}یہ وقت سلیکشن کمیٹی نے منسوخ کیا"
                "{% if reason %}: ”{{ reason }}“{% else %}۔{% endif %}{% endif %}"
            ),
            P("میزبان کا وقت: {{ host_time }}۔ دورانیہ: {{ duration }} منٹ۔ جگہ: {{ place }}"),
            P("آپ Corridor پورٹل پر کوئی اور وقت بک کر سکتے ہیں۔"),
        ),
    ),
}

MESSAGES["interview_reminder"] = {
    "en": Message(
        "Reminder: your interview, {{ my_time }}",
        (
            P("A reminder of your interview for {{ cycle }}."),
            P("Your time: {{ my_time }}"),
            P("Host's time: {{ host_time }}"),
            P("Length: {{ duration }} minutes. Place: {{ place }}"),
        ),
    ),
    "zh": Message(
        "提醒：您的面试，{{ my_time }}",
        (
            P("提醒您参加 {{ cycle }} 的面试。"),
            P("您当地时间：{{ my_time }}"),
            P("主办方时间：{{ host_time }}"),
            P("时长：{{ duration }} 分钟。地点：{{ place }}"),
        ),
    ),
    "ru": Message(
        "Напоминание: собеседование {{ my_time }}",
        (
            P("Напоминаем о собеседовании по конкурсу «{{ cycle }}»."),
            P("Ваше время: {{ my_time }}"),
            P("Время принимающей стороны: {{ host_time }}"),
            P("Продолжительность: {{ duration }} мин. Место: {{ place }}"),
        ),
    ),
    "ur": Message(
        "یاد دہانی: آپ کا انٹرویو، {{ my_time }}",
        (
            P("{{ cycle }} کے لیے آپ کے انٹرویو کی یاد دہانی۔"),
            P("آپ کا وقت: {{ my_time }}"),
            P("میزبان کا وقت: {{ host_time }}"),
            P("دورانیہ: {{ duration }} منٹ۔ جگہ: {{ place }}"),
        ),
    ),
}

# --- the award path (issue 14): the nominating authority's decision, the host's admission ---
# ``authority``: the authority's name as the event carries it ("" when unknown: worded
# below); ``reason`` / ``note``: the authority's or host's words, as written; ``reason_code``:
# the host's reason from its set list, worded here; ``decide_on``: the host's deadline (ISO).

NOMINATION_KINDS: dict[tuple[str, bool], str] = {
    ("nominated", False): "nomination_nominated",
    ("nominated", True): "nomination_promoted",
    ("reserve", False): "nomination_reserve",
    ("not_nominated", False): "nomination_not_nominated",
    ("withdrawn", False): "nomination_withdrawn",
}


def nomination_kind(state: str, promoted: bool, told_before: str | None = None) -> str:
    """The template of a nomination decision; ``promoted`` only counts for a nominee. A nominee
    the authority moves to its reserve list, or leaves off, is told that the nomination they
    were told of is withdrawn (``told_before``: the state last told), not only where they stand."""
    if told_before == "nominated" and state == "reserve":
        return "nomination_moved_to_reserve"
    if told_before == "nominated" and state == "not_nominated":
        return "nomination_withdrawn"
    return NOMINATION_KINDS[(state, promoted and state == "nominated")]


_NOMINATION_CONTEXT = frozenset({"name", "cycle", "authority", "position", "reason"})
for _kind in {*NOMINATION_KINDS.values(), "nomination_moved_to_reserve"}:
    REQUIRED[_kind] = _NOMINATION_CONTEXT
REQUIRED["admission_requested"] = frozenset({"name", "cycle", "programme", "institution", "decide_on"})
REQUIRED["admission_rejected"] = frozenset({"name", "cycle", "programme", "institution", "reason_code", "note"})


# What a host's rejection leaves of the application in its cycle (``aftermath``), as the
# matching service does it: under a nomination stage the nominee is withdrawn and no later round
# considers them ("out"); otherwise later rounds consider the other choices, never that
# programme again. "" (unknown: the scheme or the application not stored): the general line.
def admission_aftermath(path: list[str] | None, choices: list[str] | None) -> str:
    if path is None or choices is None:
        return ""
    if "nomination" in path:
        return "out"
    return "other_choices" if len(choices) > 1 else "no_other_choice"


_AFTERMATH = {
    "en": (
        "{% if aftermath == 'out' %}This ends your application in this cycle: with the host's decision your"
        " nomination was withdrawn, and later matching rounds do not consider your other choices."
        "{% elif aftermath == 'other_choices' %}Your application stays in this cycle for your other choices: a later"
        " matching round may place you in one of them (not in this programme again). We will write when it does."
        "{% elif aftermath == 'no_other_choice' %}You chose no other programme in this cycle, so no later matching"
        " round can place you."
        "{% else %}You can follow your application in the Corridor portal; we will write again if anything changes."
        "{% endif %}"
    ),
    "zh": (
        "{% if aftermath == 'out' %}您在本周期的申请至此结束：随着接收院校的决定，您的提名已被撤回，"
        "之后的匹配轮次不会再考虑您的其他志愿。"
        "{% elif aftermath == 'other_choices' %}您的申请仍保留在本周期，用于您的其他志愿：之后的匹配轮次可能为您安排其中之一"
        "（不会再是该项目）。届时我们会通知您。"
        "{% elif aftermath == 'no_other_choice' %}您在本周期没有选择其他项目，因此之后的匹配轮次无法为您安排名额。"
        "{% else %}您可以在 Corridor 门户网站查看申请状态；如有变化，我们会再次通知您。"
        "{% endif %}"
    ),
    "ru": (
        "{% if aftermath == 'out' %}На этом ваше участие в этом наборе завершено: вместе с решением принимающей"
        " организации ваше выдвижение отозвано, и следующие раунды распределения не рассматривают другие выбранные"
        " вами программы."
        "{% elif aftermath == 'other_choices' %}Ваша заявка остаётся в этом наборе для других выбранных вами программ:"
        " в следующем раунде распределения вам может достаться место на одной из них (но не на этой программе)."
        " Мы сообщим вам об этом."
        "{% elif aftermath == 'no_other_choice' %}Других программ в этом наборе вы не выбирали, поэтому следующие"
        " раунды распределения не могут предложить вам место."
        "{% else %}Следить за заявкой можно на портале Corridor; если что-то изменится, мы вам напишем."
        "{% endif %}"
    ),
    "ur": (
        "{% if aftermath == 'out' %}اس دور میں آپ کی درخواست یہیں ختم ہوتی ہے: میزبان ادارے کے فیصلے کے ساتھ آپ کی"
        " نامزدگی واپس لے لی گئی، اور آئندہ میچنگ راؤنڈ آپ کے دوسرے انتخاب پر غور نہیں کریں گے۔"
        "{% elif aftermath == 'other_choices' %}آپ کی درخواست اس دور میں آپ کے دوسرے انتخاب کے لیے برقرار ہے: آئندہ"
        " کوئی میچنگ راؤنڈ آپ کو ان میں سے کسی میں جگہ دے سکتا ہے (اس پروگرام میں دوبارہ نہیں)۔ ایسا ہونے پر ہم آپ کو"
        " مطلع کریں گے۔"
        "{% elif aftermath == 'no_other_choice' %}آپ نے اس دور میں کوئی اور پروگرام منتخب نہیں کیا، اس لیے آئندہ کوئی"
        " میچنگ راؤنڈ آپ کو جگہ نہیں دے سکتا۔"
        "{% else %}آپ Corridor پورٹل پر اپنی درخواست دیکھ سکتے ہیں؛ کوئی تبدیلی ہونے پر ہم آپ کو دوبارہ مطلع کریں گے۔"
        "{% endif %}"
    ),
}

AUTHORITY_FALLBACK = {
    "en": "the nominating authority",
    "zh": "提名机构",
    "ru": "направляющая организация",
    "ur": "نامزد کرنے والا ادارہ",
}

ADMISSION_REASON_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "academic_record": "your academic record does not meet the programme's requirements",
        "language": "your language level does not meet the programme's requirements",
        "capacity": "the programme has no places left",
        "documents_incomplete": "your documents are incomplete",
        "programme_requirements": "the programme's specific requirements are not met",
        "health": "the health requirements are not met",
        "other": "another reason",
        "no_decision": "the host made no decision by the admission deadline",
    },
    "zh": {
        "academic_record": "您的学业成绩未达到该项目的要求",
        "language": "您的语言水平未达到该项目的要求",
        "capacity": "该项目已无剩余名额",
        "documents_incomplete": "您的材料不完整",
        "programme_requirements": "未满足该项目的特定要求",
        "health": "未满足健康要求",
        "other": "其他原因",
        "no_decision": "接收院校在录取截止日期前未作出决定",
    },
    "ru": {
        "academic_record": "ваша академическая успеваемость не соответствует требованиям программы",
        "language": "ваш уровень владения языком не соответствует требованиям программы",
        "capacity": "на программе не осталось мест",
        "documents_incomplete": "ваши документы неполные",
        "programme_requirements": "не выполнены особые требования программы",
        "health": "не выполнены требования к состоянию здоровья",
        "other": "другая причина",
        "no_decision": "принимающий вуз не принял решения до срока зачисления",
    },
    "ur": {
        "academic_record": "آپ کا تعلیمی ریکارڈ پروگرام کے تقاضوں پر پورا نہیں اترتا",
        "language": "آپ کی زبان کی مہارت پروگرام کے تقاضوں پر پوری نہیں اترتی",
        "capacity": "پروگرام میں مزید گنجائش نہیں ہے",
        "documents_incomplete": "آپ کی دستاویزات نامکمل ہیں",
        "programme_requirements": "پروگرام کی مخصوص شرائط پوری نہیں ہوتیں",
        "health": "صحت کی شرائط پوری نہیں ہوتیں",
        "other": "کوئی اور وجہ",
        "no_decision": "میزبان ادارے نے داخلے کی آخری تاریخ تک کوئی فیصلہ نہیں کیا",
    },
}


def award_words(context: Mapping[str, Any], language: str) -> dict[str, Any]:
    """The authority's name (worded when unknown), the host's reason in ``language``, the
    host's deadline as the language writes dates, and whether a host admitted (an offer)."""
    words: dict[str, Any] = {
        "admitted": bool(context.get("admitted")),
        "nomination": bool(context.get("nomination")),
        "endorsement": bool(context.get("endorsement")),
        "after_nomination": context.get("next") == "nomination",  # an endorsement's next stage
        # a host's rejection: what it leaves of the application in its cycle (a notice stored
        # before it was said has none: the general line)
        "aftermath": str(context.get("aftermath") or ""),
    }
    if "authority" in context:
        words["authority_name"] = context["authority"] or AUTHORITY_FALLBACK[language]
    if "reason_code" in context:
        code = str(context["reason_code"] or "other")
        words["reason_words"] = ADMISSION_REASON_WORDS[language].get(code, code)
    if "decide_on" in context:
        words["decide_date"] = reply_by_date(context["decide_on"], language)
    return words


_MATCHING_NEXT = {
    "en": "Your application now goes to matching; we will write again when a place has been decided.",
    "zh": "您的申请将进入匹配环节，名额确定后我们会再次通知您。",
    "ru": "Теперь ваша заявка участвует в распределении мест; мы напишем вам снова, когда место будет определено.",
    "ur": "اب آپ کی درخواست میچنگ میں جائے گی؛ نشست کا فیصلہ ہونے پر ہم آپ کو دوبارہ مطلع کریں گے۔",
}

MESSAGES["nomination_nominated"] = {
    "en": Message(
        "Nominated: {{ cycle }}",
        (
            P(
                "You have been nominated for {{ cycle }} by {{ authority_name }}"
                "{% if position %} (number {{ position }} on its nomination list){% endif %}."
            ),
            P(_MATCHING_NEXT["en"]),
        ),
    ),
    "zh": Message(
        "您已获提名：{{ cycle }}",
        (
            P(
                "{{ authority_name }}已提名您参加 {{ cycle }}"
                "{% if position %}（提名名单第 {{ position }} 位）{% endif %}。"
            ),
            P(_MATCHING_NEXT["zh"]),
        ),
    ),
    "ru": Message(
        "Ваша кандидатура выдвинута: {{ cycle }}",
        (
            P(
                "Ваша кандидатура выдвинута на конкурс «{{ cycle }}» ({{ authority_name }}"
                "{% if position %}, номер {{ position }} в списке выдвинутых{% endif %})."
            ),
            P(_MATCHING_NEXT["ru"]),
        ),
    ),
    "ur": Message(
        "نامزدگی: {{ cycle }}",
        (
            P(
                "{{ authority_name }} نے آپ کو {{ cycle }} کے لیے نامزد کیا ہے"
                "{% if position %} (نامزدگی فہرست میں نمبر {{ position }}){% endif %}۔"
            ),
            P(_MATCHING_NEXT["ur"]),
        ),
    ),
}

MESSAGES["nomination_promoted"] = {
    "en": Message(
        "Moved up from the reserve list: {{ cycle }}",
        (
            P(
                "A place on the nomination list of {{ authority_name }} has become free and you were first on"
                " the reserve list: you are now nominated for {{ cycle }}"
                "{% if position %} (number {{ position }} on the list){% endif %}."
            ),
            P(_MATCHING_NEXT["en"]),
        ),
    ),
    "zh": Message(
        "您已从后备名单递补：{{ cycle }}",
        (
            P(
                "{{ authority_name }}的提名名单空出一个名额，您在后备名单中排名第一，现已获提名参加 {{ cycle }}"
                "{% if position %}（提名名单第 {{ position }} 位）{% endif %}。"
            ),
            P(_MATCHING_NEXT["zh"]),
        ),
    ),
    "ru": Message(
        "Вы переведены из резервного списка: {{ cycle }}",
        (
            P(
                "В списке выдвинутых кандидатов ({{ authority_name }}) освободилось место, и ваша заявка была"
                " первой в резервном списке: теперь ваша кандидатура выдвинута на конкурс «{{ cycle }}»"
                "{% if position %} (номер {{ position }} в списке){% endif %}."
            ),
            P(_MATCHING_NEXT["ru"]),
        ),
    ),
    "ur": Message(
        "ریزرو فہرست سے نامزدگی: {{ cycle }}",
        (
            P(
                "{{ authority_name }} کی نامزدگی فہرست میں ایک جگہ خالی ہوئی ہے اور آپ ریزرو فہرست میں پہلے نمبر پر"
                " تھے: اب آپ {{ cycle }} کے لیے نامزد ہیں"
                "{% if position %} (فہرست میں نمبر {{ position }}){% endif %}۔"
            ),
            P(_MATCHING_NEXT["ur"]),
        ),
    ),
}

MESSAGES["nomination_reserve"] = {
    "en": Message(
        "Reserve list{% if position %}, position {{ position }}{% endif %}: {{ cycle }}",
        (
            P(
                "You are on the reserve list of {{ authority_name }} for {{ cycle }}"
                "{% if position %}, at position {{ position }}{% endif %}."
            ),
            P(
                "If a nominee withdraws or is not admitted, the first on the reserve list takes the place."
                " We will write to you if you move up."
            ),
        ),
    ),
    "zh": Message(
        "后备名单{% if position %}第 {{ position }} 位{% endif %}：{{ cycle }}",
        (
            P(
                "{{ authority_name }}已将您列入 {{ cycle }} 的后备名单"
                "{% if position %}，排名第 {{ position }} 位{% endif %}。"
            ),
            P("如有被提名人退出或未被录取，后备名单上排名第一的人将递补。如您获得递补，我们会通知您。"),
        ),
    ),
    "ru": Message(
        "Резервный список{% if position %}, место {{ position }}{% endif %}: {{ cycle }}",
        (
            P(
                "Вы включены в резервный список на конкурс «{{ cycle }}» ({{ authority_name }})"
                "{% if position %}, ваше место в списке: {{ position }}{% endif %}."
            ),
            P(
                "Если кто-то из выдвинутых кандидатов откажется или не будет зачислен, его место займёт первый"
                " из резервного списка. Если это будете вы, мы вам напишем."
            ),
        ),
    ),
    "ur": Message(
        "ریزرو فہرست{% if position %}، نمبر {{ position }}{% endif %}: {{ cycle }}",
        (
            P(
                "{{ authority_name }} نے آپ کو {{ cycle }} کی ریزرو فہرست میں"
                "{% if position %} نمبر {{ position }} پر{% endif %} رکھا ہے۔"
            ),
            P(
                "اگر کوئی نامزد امیدوار دستبردار ہو جائے یا اسے داخلہ نہ ملے تو ریزرو فہرست کا پہلا امیدوار اس کی"
                " جگہ لے گا۔ اگر آپ کو یہ جگہ ملی تو ہم آپ کو مطلع کریں گے۔"
            ),
        ),
    ),
}

MESSAGES["nomination_moved_to_reserve"] = {  # a nominee the authority moved to its reserve list
    "en": Message(
        "No longer nominated, now on the reserve list{% if position %} (position {{ position }}){% endif %}: {{ cycle }}",
        (
            P(
                "{{ authority_name }} has changed its nomination list for {{ cycle }}: your nomination is withdrawn"
                " and you are now on its reserve list{% if position %}, at position {{ position }}{% endif %}."
            ),
            P(
                "If a nominee withdraws or is not admitted, the first on the reserve list takes the place."
                " We will write to you if you move up."
            ),
        ),
    ),
    "zh": Message(
        "提名已撤回，现列入后备名单{% if position %}第 {{ position }} 位{% endif %}：{{ cycle }}",
        (
            P(
                "{{ authority_name }}修改了 {{ cycle }} 的提名名单：您的提名已撤回，现列入其后备名单"
                "{% if position %}，排名第 {{ position }} 位{% endif %}。"
            ),
            P("如有被提名人退出或未被录取，后备名单上排名第一的人将递补。如您获得递补，我们会通知您。"),
        ),
    ),
    "ru": Message(
        "Выдвижение отозвано, вы в резервном списке{% if position %} (место {{ position }}){% endif %}: {{ cycle }}",
        (
            P(
                "{{ authority_name }} изменил(а) список выдвинутых кандидатов на конкурс «{{ cycle }}»: выдвижение"
                " вашей кандидатуры отозвано, теперь вы в резервном списке"
                "{% if position %}, ваше место в списке: {{ position }}{% endif %}."
            ),
            P(
                "Если кто-то из выдвинутых кандидатов откажется или не будет зачислен, его место займёт первый"
                " из резервного списка. Если это будете вы, мы вам напишем."
            ),
        ),
    ),
    "ur": Message(
        "نامزدگی واپس، اب ریزرو فہرست میں{% if position %} (نمبر {{ position }}){% endif %}: {{ cycle }}",
        (
            P(
                "{{ authority_name }} نے {{ cycle }} کی نامزدگی فہرست بدل دی ہے: آپ کی نامزدگی واپس لے لی گئی ہے اور اب آپ"
                " اس کی ریزرو فہرست میں{% if position %} نمبر {{ position }} پر{% endif %} ہیں۔"
            ),
            P(
                "اگر کوئی نامزد امیدوار دستبردار ہو جائے یا اسے داخلہ نہ ملے تو ریزرو فہرست کا پہلا امیدوار اس کی"
                " جگہ لے گا۔ اگر آپ کو یہ جگہ ملی تو ہم آپ کو مطلع کریں گے۔"
            ),
        ),
    ),
}

MESSAGES["nomination_not_nominated"] = {
    "en": Message(
        "Not nominated: {{ cycle }}",
        (
            P("You have not been nominated for {{ cycle }} by {{ authority_name }}."),
            P("{% if reason %}The reason it gave: “{{ reason }}”{% endif %}"),
            P("Your application will not take part in matching for this cycle."),
        ),
    ),
    "zh": Message(
        "未获提名：{{ cycle }}",
        (
            P("{{ authority_name }}未提名您参加 {{ cycle }}。"),
            P("{% if reason %}给出的理由：“{{ reason }}”{% endif %}"),
            P("您的申请将不参加本期的匹配。"),
        ),
    ),
    "ru": Message(
        "Кандидатура не выдвинута: {{ cycle }}",
        (
            P("Ваша кандидатура не выдвинута на конкурс «{{ cycle }}» ({{ authority_name }})."),
            P("{% if reason %}Указанная причина: «{{ reason }}»{% endif %}"),
            P("В распределении мест этого набора ваша заявка участвовать не будет."),
        ),
    ),
    "ur": Message(
        "نامزد نہیں کیا گیا: {{ cycle }}",
        (
            P("{{ authority_name }} نے آپ کو {{ cycle }} کے لیے نامزد نہیں کیا۔"),
            P("{% if reason %}بتائی گئی وجہ: ”{{ reason }}“{% endif %}"),
            P("آپ کی درخواست اس مرحلے کی میچنگ میں شامل نہیں ہو گی۔"),
        ),
    ),
}

MESSAGES["nomination_withdrawn"] = {
    "en": Message(
        "Nomination withdrawn: {{ cycle }}",
        (
            P("Your nomination for {{ cycle }} by {{ authority_name }} has been withdrawn."),
            P("{% if reason %}The reason: “{{ reason }}”{% endif %}"),
            P("Your application takes no further part in matching for this cycle."),
        ),
    ),
    "zh": Message(
        "提名已撤回：{{ cycle }}",
        (
            P("{{ authority_name }}对您参加 {{ cycle }} 的提名已被撤回。"),
            P("{% if reason %}理由：“{{ reason }}”{% endif %}"),
            P("您的申请将不再参加本期的匹配。"),
        ),
    ),
    "ru": Message(
        "Выдвижение отозвано: {{ cycle }}",
        (
            P("Выдвижение вашей кандидатуры на конкурс «{{ cycle }}» ({{ authority_name }}) отозвано."),
            P("{% if reason %}Причина: «{{ reason }}»{% endif %}"),
            P("В распределении мест этого набора ваша заявка больше участвовать не будет."),
        ),
    ),
    "ur": Message(
        "نامزدگی واپس لے لی گئی: {{ cycle }}",
        (
            P("{{ authority_name }} کی جانب سے {{ cycle }} کے لیے آپ کی نامزدگی واپس لے لی گئی ہے۔"),
            P("{% if reason %}وجہ: ”{{ reason }}“{% endif %}"),
            P("آپ کی درخواست اب اس مرحلے کی میچنگ میں شامل نہیں ہو گی۔"),
        ),
    ),
}

MESSAGES["admission_requested"] = {
    "en": Message(
        "With the host for admission: {{ programme }}",
        (
            P(
                "The officers have approved your placement on {{ programme }} at {{ institution }} ({{ cycle }})."
                " {{ institution }} now decides on your admission."
            ),
            P("{% if decide_date %}It will decide by {{ decide_date }}.{% endif %}"),
            P("This is not an offer yet: you will receive the offer once the host has admitted you."),
            P(
                "The host reads your identity and documents only if you agreed to share them with it: check"
                " “Sharing with the host institution” on your application's page."
            ),
        ),
    ),
    "zh": Message(
        "等待接收院校录取：{{ programme }}",
        (
            P(
                "招生官已批准将您安排到 {{ institution }} 的 {{ programme }} 项目（{{ cycle }}）。"
                "现在由 {{ institution }} 决定是否录取您。"
            ),
            P("{% if decide_date %}接收院校将在 {{ decide_date }} 之前作出决定。{% endif %}"),
            P("这还不是录取通知：接收院校录取您之后，您将收到正式的录取通知。"),
            P("只有在您同意共享后，接收院校才能查看您的身份信息和材料：请在申请页面的“与接收院校共享信息”中查看。"),
        ),
    ),
    "ru": Message(
        "Заявка у принимающего вуза: {{ programme }}",
        (
            P(
                "Сотрудники приёмной комиссии одобрили ваше распределение на программу «{{ programme }}»"
                " (принимающий вуз: {{ institution }}, {{ cycle }}). Теперь решение о зачислении"
                " принимает принимающий вуз."
            ),
            P("{% if decide_date %}Решение должно быть принято до {{ decide_date }}.{% endif %}"),
            P("Это ещё не предложение места: вы получите его, когда принимающий вуз вас зачислит."),
            P(
                "Принимающий вуз видит ваши личные данные и документы, только если вы согласились их передать:"
                " проверьте раздел «Передача данных принимающему вузу» на странице заявки."
            ),
        ),
    ),
    "ur": Message(
        "داخلے کے لیے میزبان ادارے کے پاس: {{ programme }}",
        (
            P(
                "افسران نے {{ institution }} میں {{ programme }} پروگرام ({{ cycle }}) کے لیے آپ کی تقرری منظور کر"
                " لی ہے۔ اب آپ کے داخلے کا فیصلہ {{ institution }} کی جانب سے کیا جائے گا۔"
            ),
            P("{% if decide_date %}یہ فیصلہ {{ decide_date }} تک ہونا ہے۔{% endif %}"),
            P("یہ ابھی داخلے کی پیشکش نہیں ہے: میزبان ادارہ آپ کو داخلہ دے دے تو آپ کو پیشکش موصول ہو گی۔"),
            P(
                "میزبان ادارہ آپ کی شناخت اور دستاویزات صرف اسی صورت میں دیکھتا ہے جب آپ نے انہیں شیئر کرنے کی اجازت دی ہو:"
                " اپنی درخواست کے صفحے پر “میزبان ادارے کے ساتھ معلومات کا اشتراک” دیکھیں۔"
            ),
        ),
    ),
}

MESSAGES["admission_rejected"] = {
    "en": Message(
        "Not admitted: {{ programme }}",
        (
            P("{{ institution }} has decided not to admit you to {{ programme }} ({{ cycle }}): {{ reason_words }}."),
            P("{% if note %}The host's note: “{{ note }}”{% endif %}"),
            P(_AFTERMATH["en"]),
        ),
    ),
    "zh": Message(
        "未被录取：{{ programme }}",
        (
            P("{{ institution }} 决定不录取您参加 {{ programme }} 项目（{{ cycle }}）：{{ reason_words }}。"),
            P("{% if note %}接收院校的留言：“{{ note }}”{% endif %}"),
            P(_AFTERMATH["zh"]),
        ),
    ),
    "ru": Message(
        "Зачисление не состоялось: {{ programme }}",
        (
            P(
                "Принимающий вуз ({{ institution }}) решил не зачислять вас на программу"
                " «{{ programme }}» ({{ cycle }}): {{ reason_words }}."
            ),
            P("{% if note %}Комментарий принимающего вуза: «{{ note }}»{% endif %}"),
            P(_AFTERMATH["ru"]),
        ),
    ),
    "ur": Message(
        "داخلہ نہیں ملا: {{ programme }}",
        (
            P(
                "{{ institution }} نے {{ programme }} پروگرام ({{ cycle }}) میں آپ کو داخلہ نہ دینے کا فیصلہ کیا ہے:"
                " {{ reason_words }}۔"
            ),
            P("{% if note %}میزبان ادارے کا نوٹ: ”{{ note }}“{% endif %}"),
            P(_AFTERMATH["ur"]),
        ),
    ),
}

# The host changed its mind after admitting (its offer was sent): the offer is withdrawn.
REQUIRED["admission_revoked"] = REQUIRED["admission_rejected"]
MESSAGES["admission_revoked"] = {
    "en": Message(
        "Admission withdrawn: {{ programme }}",
        (
            P(
                "{{ institution }} has withdrawn its admission to {{ programme }} ({{ cycle }}): {{ reason_words }}."
                " The offer you received for it is withdrawn and can no longer be accepted."
            ),
            P("{% if note %}The host's note: “{{ note }}”{% endif %}"),
            P(_AFTERMATH["en"]),
        ),
    ),
    "zh": Message(
        "录取已撤回：{{ programme }}",
        (
            P(
                "{{ institution }} 已撤回您在 {{ programme }} 项目（{{ cycle }}）的录取：{{ reason_words }}。"
                "您收到的录取通知随之作废，不能再接受。"
            ),
            P("{% if note %}接收院校的留言：“{{ note }}”{% endif %}"),
            P(_AFTERMATH["zh"]),
        ),
    ),
    "ru": Message(
        "Зачисление отменено: {{ programme }}",
        (
            P(
                "Принимающий вуз ({{ institution }}) отменил ваше зачисление на программу «{{ programme }}»"
                " ({{ cycle }}): {{ reason_words }}. Полученное вами предложение отозвано, принять его больше нельзя."
            ),
            P("{% if note %}Комментарий принимающего вуза: «{{ note }}»{% endif %}"),
            P(_AFTERMATH["ru"]),
        ),
    ),
    "ur": Message(
        "داخلہ واپس لے لیا گیا: {{ programme }}",
        (
            P(
                "{{ institution }} نے {{ programme }} پروگرام ({{ cycle }}) میں آپ کا داخلہ واپس لے لیا ہے: {{ reason_words }}۔"
                " آپ کو ملنے والی پیشکش منسوخ ہو گئی ہے اور اب قبول نہیں کی جا سکتی۔"
            ),
            P("{% if note %}میزبان ادارے کا نوٹ: ”{{ note }}“{% endif %}"),
            P(_AFTERMATH["ur"]),
        ),
    ),
}

# The scheme declined at the admission deadline what the host had not decided (reason
# no_decision): the host decided nothing, and the place was released.
REQUIRED["admission_lapsed"] = frozenset({"name", "cycle", "programme", "institution"})
MESSAGES["admission_lapsed"] = {
    "en": Message(
        "No admission decision by the deadline: {{ programme }}",
        (
            P(
                "{{ institution }} made no admission decision on your place in {{ programme }} ({{ cycle }}) by the"
                " deadline, so the place was released."
            ),
            P(_AFTERMATH["en"]),
        ),
    ),
    "zh": Message(
        "截止前未作出录取决定：{{ programme }}",
        (
            P(
                "{{ institution }} 在截止日期前未就您在 {{ programme }} 项目（{{ cycle }}）的名额作出录取决定，该名额已释放。"
            ),
            P(_AFTERMATH["zh"]),
        ),
    ),
    "ru": Message(
        "Решение о зачислении не принято до срока: {{ programme }}",
        (
            P(
                "Принимающий вуз ({{ institution }}) не принял решения о вашем зачислении на программу"
                " «{{ programme }}» ({{ cycle }}) до срока, и место освобождено."
            ),
            P(_AFTERMATH["ru"]),
        ),
    ),
    "ur": Message(
        "آخری تاریخ تک داخلے کا فیصلہ نہیں ہوا: {{ programme }}",
        (
            P(
                "{{ institution }} نے آخری تاریخ تک {{ programme }} پروگرام ({{ cycle }}) میں آپ کے داخلے کا فیصلہ"
                " نہیں کیا، اس لیے یہ نشست خالی کر دی گئی۔"
            ),
            P(_AFTERMATH["ur"]),
        ),
    ),
}

# --- endorsement by the home institution (issue 14) ---------------------------------------------
# ``institution``: the home institution's name ("" when unknown: "your home institution" in the
# reader's words); ``cohort``: the group it was endorsed with, or None; ``reason``: the
# institution's words to the applicant, as written; ``next`` (optional): "nomination" when the
# country's authority follows (then ``authority``: its name, "" when unknown), else matching.

ENDORSEMENT_KINDS = {"endorsed": "endorsement_endorsed", "not_endorsed": "endorsement_not_endorsed"}
_ENDORSEMENT_CONTEXT = frozenset({"name", "cycle", "institution", "cohort", "reason"})
for _kind in ENDORSEMENT_KINDS.values():
    REQUIRED[_kind] = _ENDORSEMENT_CONTEXT


def endorsement_kind(state: str) -> str:
    """The template of an endorsement decision (``EndorsementState``)."""
    return ENDORSEMENT_KINDS[state]


_NOMINATION_NEXT = {
    "en": "Your application now goes to {{ authority_name }}, which nominates candidates from your country;"
    " we will write to you when it has decided.",
    "zh": "您的申请现将提交给{{ authority_name }}，由其从您所在国家的申请人中提名候选人；其作出决定后我们会通知您。",
    "ru": "Теперь заявку рассмотрит направляющая организация вашей страны{% if authority %} ({{ authority }}){% endif %},"
    " которая"
    " выдвигает кандидатов; мы напишем вам, когда она примет решение.",
    # the fallback in the oblique case ("... کے پاس"), not AUTHORITY_FALLBACK's nominative
    "ur": "اب آپ کی درخواست {% if authority %}{{ authority }}{% else %}نامزد کرنے والے ادارے{% endif %} کے پاس"
    " جائے گی، جہاں آپ کے ملک سے امیدوار نامزد کیے جاتے ہیں؛"
    " فیصلہ ہونے پر ہم آپ کو مطلع کریں گے۔",
}


def _after_endorsement(language: str) -> P:
    return P(
        "{% if after_nomination %}"
        + _NOMINATION_NEXT[language]
        + "{% else %}"
        + _MATCHING_NEXT[language]
        + "{% endif %}"
    )


MESSAGES["endorsement_endorsed"] = {
    "en": Message(
        "Endorsed by " + _home("your home institution") + ": {{ cycle }}",
        (
            P("{% if changed|default(false) %}Your home institution has changed its earlier decision.{% endif %}"),
            P(
                _home("Your home institution") + " has endorsed your application for {{ cycle }}"
                "{% if cohort %} as a member of the cohort “{{ cohort }}”{% endif %}."
            ),
            _after_endorsement("en"),
        ),
    ),
    "zh": Message(
        "已获" + _home("您所在的院校") + "推荐：{{ cycle }}",
        (
            P("{% if changed|default(false) %}您所在的院校已更改此前的决定。{% endif %}"),
            P(
                _home("您所在的院校") + "已推荐您的 {{ cycle }} 申请"
                "{% if cohort %}，您是批次“{{ cohort }}”的成员{% endif %}。"
            ),
            _after_endorsement("zh"),
        ),
    ),
    "ru": Message(
        "Учебное заведение рекомендовало вашу заявку: {{ cycle }}",
        (
            P("{% if changed|default(false) %}Ваше учебное заведение изменило своё прежнее решение.{% endif %}"),
            P(
                "Ваше учебное заведение{% if institution %} ({{ institution }}){% endif %} рекомендовало вашу заявку"
                " на конкурс «{{ cycle }}»{% if cohort %} в составе группы «{{ cohort }}»{% endif %}."
            ),
            _after_endorsement("ru"),
        ),
    ),
    "ur": Message(
        _home("آپ کے ادارے") + " نے توثیق کر دی: {{ cycle }}",
        (
            P("{% if changed|default(false) %}آپ کے ادارے نے اپنا پہلا فیصلہ بدل دیا ہے۔{% endif %}"),
            P(
                _home("آپ کے ادارے") + " نے {{ cycle }} کے لیے آپ کی درخواست کی"
                "{% if cohort %} گروپ «{{ cohort }}» کے رکن کے طور پر{% endif %} توثیق کر دی ہے۔"
            ),
            _after_endorsement("ur"),
        ),
    ),
}

MESSAGES["endorsement_not_endorsed"] = {
    "en": Message(
        "Not endorsed by " + _home("your home institution") + ": {{ cycle }}",
        (
            P("{% if changed|default(false) %}Your home institution has changed its earlier decision.{% endif %}"),
            P(_home("Your home institution") + " has decided not to endorse your application for {{ cycle }}."),
            P("{% if reason %}The reason it gave: “{{ reason }}”{% endif %}"),
            P(
                "Without its endorsement your application will not take part in matching for this cycle."
                " If the institution changes its decision, we will write to you again."
            ),
        ),
    ),
    "zh": Message(
        "未获" + _home("您所在的院校") + "推荐：{{ cycle }}",
        (
            P("{% if changed|default(false) %}您所在的院校已更改此前的决定。{% endif %}"),
            P(_home("您所在的院校") + "决定不推荐您的 {{ cycle }} 申请。"),
            P("{% if reason %}给出的理由：“{{ reason }}”{% endif %}"),
            P("没有所在院校的推荐，您的申请将不参加本期的匹配。如该院校改变决定，我们会再次通知您。"),
        ),
    ),
    "ru": Message(
        "Учебное заведение не дало рекомендацию: {{ cycle }}",
        (
            P("{% if changed|default(false) %}Ваше учебное заведение изменило своё прежнее решение.{% endif %}"),
            P(
                "Ваше учебное заведение{% if institution %} ({{ institution }}){% endif %} решило не давать рекомендацию вашей заявке"
                " на конкурс «{{ cycle }}»."
            ),
            P("{% if reason %}Указанная причина: «{{ reason }}»{% endif %}"),
            P(
                "Без рекомендации учебного заведения заявка не будет участвовать в распределении мест этого набора."
                " Если решение изменится, мы вам напишем."
            ),
        ),
    ),
    "ur": Message(
        _home("آپ کے ادارے") + " نے توثیق نہیں کی: {{ cycle }}",
        (
            P("{% if changed|default(false) %}آپ کے ادارے نے اپنا پہلا فیصلہ بدل دیا ہے۔{% endif %}"),
            P(_home("آپ کے ادارے") + " نے {{ cycle }} کے لیے آپ کی درخواست کی توثیق نہ کرنے کا فیصلہ کیا ہے۔"),
            P("{% if reason %}بتائی گئی وجہ: ”{{ reason }}“{% endif %}"),
            P(
                "ادارے کی توثیق کے بغیر آپ کی درخواست اس مرحلے کی میچنگ میں شامل نہیں ہو گی۔"
                " اگر ادارے نے اپنا فیصلہ بدلا تو ہم آپ کو دوبارہ مطلع کریں گے۔"
            ),
        ),
    ),
}

LANGUAGES = ("en", "zh", "ru", "ur")
# --- stage deadlines (issue 14): reminders to the stage's owner, the officers told after ---------

_DEADLINE_CONTEXT = frozenset({"cycle", "closes_at", "pending"})
REQUIRED["deadline_near_nomination"] = _DEADLINE_CONTEXT | {"country", "days_left"}
REQUIRED["deadline_near_admission"] = _DEADLINE_CONTEXT | {"institution", "days_left"}
REQUIRED["deadline_passed_nomination"] = _DEADLINE_CONTEXT | {"country"}
REQUIRED["deadline_passed_admission"] = _DEADLINE_CONTEXT | {"institution", "declined"}
STAFF_KINDS = STAFF_KINDS | {
    "deadline_near_nomination",
    "deadline_near_admission",
    "deadline_passed_nomination",
    "deadline_passed_admission",
}

MESSAGES["deadline_near_nomination"] = {
    "en": Message(
        "Nomination list due in {{ days_left }} day(s): {{ cycle }}",
        (
            P(
                "The nomination list for {{ country_name }} in {{ cycle }} is not published yet; "
                "{{ pending }} application(s) from {{ country_name }} wait in the pool."
            ),
            P("The deadline is {{ closes_date }} (UTC). Publish the list in the portal, under Nominations."),
            A("link", optional=True),
        ),
    ),
    "zh": Message(
        "提名名单将在 {{ days_left }} 天内截止：{{ cycle }}",
        (
            P(
                "{{ cycle }} 中{{ country_name }}的提名名单尚未发布；候选池中有来自{{ country_name }}的 {{ pending }} 份申请。"
            ),
            P("截止时间为 {{ closes_date }}（UTC）。请在门户网站的“提名”页面发布名单。"),
            A("link", optional=True),
        ),
    ),
    "ru": Message(
        "Срок списка выдвинутых через {{ days_left }} дн.: {{ cycle }}",
        (
            P(
                "Список выдвинутых кандидатов ({{ country_name }}) по конкурсу «{{ cycle }}» ещё не опубликован; "
                "заявок из этой страны в пуле: {{ pending }}."
            ),
            P("Срок — {{ closes_date }} (UTC). Опубликуйте список на портале в разделе «Выдвижение»."),
            A("link", optional=True),
        ),
    ),
    "ur": Message(
        "نامزدگی فہرست کی آخری تاریخ {{ days_left }} دن میں: {{ cycle }}",
        (
            P(
                "{{ cycle }} کے لیے {{ country_name }} کی نامزدگی فہرست ابھی شائع نہیں ہوئی؛ "
                "پول میں {{ country_name }} کی {{ pending }} درخواستیں منتظر ہیں۔"
            ),
            P("آخری تاریخ {{ closes_date }} (UTC) ہے۔ پورٹل میں نامزدگیاں کے صفحے پر فہرست شائع کریں۔"),
            A("link", optional=True),
        ),
    ),
}

MESSAGES["deadline_near_admission"] = {
    "en": Message(
        "Admission decisions due in {{ days_left }} day(s): {{ cycle }}",
        (
            P("{{ pending }} applicant(s) in {{ cycle }} await the admission decision of {{ institution }}."),
            P("The deadline is {{ closes_date }} (UTC). Decide in the portal, under Admissions, or through the API."),
            A("link", optional=True),
        ),
    ),
    "zh": Message(
        "录取决定将在 {{ days_left }} 天内截止：{{ cycle }}",
        (
            P("{{ cycle }} 中有 {{ pending }} 名申请人等待{{ institution }}作出录取决定。"),
            P("截止时间为 {{ closes_date }}（UTC）。请在门户网站的“录取”页面或通过 API 作出决定。"),
            A("link", optional=True),
        ),
    ),
    "ru": Message(
        "Решения о зачислении через {{ days_left }} дн.: {{ cycle }}",
        (
            P("Решения о зачислении ({{ institution }}) ждут заявители конкурса «{{ cycle }}»: {{ pending }}."),
            P("Срок — {{ closes_date }} (UTC). Примите решения на портале в разделе «Зачисление» или через API."),
            A("link", optional=True),
        ),
    ),
    "ur": Message(
        "داخلے کے فیصلوں کی آخری تاریخ {{ days_left }} دن میں: {{ cycle }}",
        (
            P("{{ cycle }} کے {{ pending }} درخواست دہندگان {{ institution }} کے داخلے کے فیصلے کے منتظر ہیں۔"),
            P("آخری تاریخ {{ closes_date }} (UTC) ہے۔ پورٹل میں داخلے کے صفحے پر یا API کے ذریعے فیصلہ کریں۔"),
            A("link", optional=True),
        ),
    ),
}

MESSAGES["deadline_passed_nomination"] = {
    "en": Message(
        "Nomination deadline passed: {{ cycle }}",
        (
            P(
                "{{ country_name }} has not published its nomination list for {{ cycle }}; the deadline was "
                "{{ closes_date }} (UTC). {{ pending }} application(s) from {{ country_name }} wait in the pool."
            ),
            P("Rounds place nominees only: please follow up with the nominating authority."),
        ),
    ),
    "zh": Message(
        "提名截止时间已过：{{ cycle }}",
        (
            P(
                "{{ country_name }}尚未发布 {{ cycle }} 的提名名单；截止时间为 {{ closes_date }}（UTC）。"
                "候选池中有来自{{ country_name }}的 {{ pending }} 份申请。"
            ),
            P("匹配轮次只安排被提名人：请与提名机构联系。"),
        ),
    ),
    "ru": Message(
        "Срок выдвижения истёк: {{ cycle }}",
        (
            P(
                "Список выдвинутых ({{ country_name }}) по конкурсу «{{ cycle }}» не опубликован; срок был "
                "{{ closes_date }} (UTC). Заявок из этой страны в пуле: {{ pending }}."
            ),
            P("Раунды распределяют только выдвинутых: свяжитесь с выдвигающим органом."),
        ),
    ),
    "ur": Message(
        "نامزدگی کی آخری تاریخ گزر گئی: {{ cycle }}",
        (
            P(
                "{{ country_name }} نے {{ cycle }} کے لیے اپنی نامزدگی فہرست شائع نہیں کی؛ آخری تاریخ "
                "{{ closes_date }} (UTC) تھی۔ پول میں {{ country_name }} کی {{ pending }} درخواستیں منتظر ہیں۔"
            ),
            P("راؤنڈ صرف نامزد امیدواروں کو جگہ دیتے ہیں: براہِ کرم نامزد کرنے والے ادارے سے رابطہ کریں۔"),
        ),
    ),
}

MESSAGES["deadline_passed_admission"] = {
    "en": Message(
        "Admission deadline passed: {{ cycle }}",
        (
            P(
                "{{ institution }} had not decided {{ pending }} admission(s) in {{ cycle }} by the deadline, "
                "{{ closes_date }} (UTC)."
            ),
            P(
                "{% if declined %}As the scheme says, {{ declined }} were declined: their seats are free for the next "
                "round.{% else %}They still wait for the host: you may follow up with {{ institution }}.{% endif %}"
            ),
        ),
    ),
    "zh": Message(
        "录取截止时间已过：{{ cycle }}",
        (
            P("截至 {{ closes_date }}（UTC），{{ institution }}尚未对 {{ cycle }} 中的 {{ pending }} 项录取作出决定。"),
            P(
                "{% if declined %}按照项目规定，其中 {{ declined }} 项已视为不录取，名额将在下一轮重新分配。"
                "{% else %}这些申请仍在等待接收院校的决定：您可以联系{{ institution }}。{% endif %}"
            ),
        ),
    ),
    "ru": Message(
        "Срок зачисления истёк: {{ cycle }}",
        (
            P(
                "{{ institution }} не принял(о) к сроку {{ closes_date }} (UTC) решений по конкурсу «{{ cycle }}»: {{ pending }}."
            ),
            P(
                "{% if declined %}По правилам программы отклонено: {{ declined }}; места свободны для следующего "
                "раунда.{% else %}Они по-прежнему ждут решения принимающей стороны: свяжитесь с {{ institution }}."
                "{% endif %}"
            ),
        ),
    ),
    "ur": Message(
        "داخلے کی آخری تاریخ گزر گئی: {{ cycle }}",
        (
            P(
                "{{ institution }} نے آخری تاریخ {{ closes_date }} (UTC) تک {{ cycle }} کے {{ pending }} داخلوں کا "
                "فیصلہ نہیں کیا۔"
            ),
            P(
                "{% if declined %}اسکیم کے مطابق {{ declined }} مسترد کر دیے گئے: ان کی نشستیں اگلے راؤنڈ کے لیے خالی ہیں۔"
                "{% else %}یہ اب بھی میزبان کے فیصلے کی منتظر ہیں: آپ {{ institution }} سے رابطہ کر سکتے ہیں۔{% endif %}"
            ),
        ),
    ),
}


# The endorsement stage: ``institution`` is the HOME institution (its coordinators are reminded;
# the scheme's officers hear when the deadline passed with applications undecided).
REQUIRED["deadline_near_endorsement"] = _DEADLINE_CONTEXT | {"institution", "days_left"}
REQUIRED["deadline_passed_endorsement"] = _DEADLINE_CONTEXT | {"institution"}
STAFF_KINDS = STAFF_KINDS | {"deadline_near_endorsement", "deadline_passed_endorsement"}

MESSAGES["deadline_near_endorsement"] = {
    "en": Message(
        "Endorsements due in {{ days_left }} day(s): {{ cycle }}",
        (
            P(
                "{{ pending }} application(s) from {{ institution }} in {{ cycle }} still await your endorsement decision."
            ),
            P("The deadline is {{ closes_date }} (UTC). Decide in the portal, under Endorsements."),
            A("link", optional=True),
        ),
    ),
    "zh": Message(
        "院校推荐将在 {{ days_left }} 天内截止：{{ cycle }}",
        (
            P("{{ cycle }} 中来自{{ institution }}的 {{ pending }} 份申请仍在等待您作出推荐决定。"),
            P("截止时间为 {{ closes_date }}（UTC）。请在门户网站的“院校推荐”页面作出决定。"),
            A("link", optional=True),
        ),
    ),
    "ru": Message(
        "Рекомендации вуза — осталось {{ days_left }} дн.: {{ cycle }}",
        (
            P(
                "Заявки на конкурс «{{ cycle }}» ({{ institution }}), ожидающие вашего решения о рекомендации: {{ pending }}."
            ),
            P("Срок — {{ closes_date }} (UTC). Примите решения на портале в разделе «Рекомендации вузов»."),
            A("link", optional=True),
        ),
    ),
    "ur": Message(
        "توثیق کی آخری تاریخ {{ days_left }} دن میں: {{ cycle }}",
        (
            P("{{ cycle }} میں {{ institution }} کی {{ pending }} درخواستیں ابھی آپ کے توثیق کے فیصلے کی منتظر ہیں۔"),
            P("آخری تاریخ {{ closes_date }} (UTC) ہے۔ پورٹل میں توثیقوں کے صفحے پر فیصلہ کریں۔"),
            A("link", optional=True),
        ),
    ),
}

MESSAGES["deadline_passed_endorsement"] = {
    "en": Message(
        "Endorsement deadline passed: {{ cycle }}",
        (
            P(
                "{{ institution }} had not decided on {{ pending }} application(s) in {{ cycle }} by the endorsement "
                "deadline, {{ closes_date }} (UTC)."
            ),
            P("Rounds place endorsed applications only: please follow up with {{ institution }}."),
        ),
    ),
    "zh": Message(
        "院校推荐截止时间已过：{{ cycle }}",
        (
            P(
                "截至 {{ closes_date }}（UTC），{{ institution }}尚未对 {{ cycle }} 中的 {{ pending }} 份申请作出推荐决定。"
            ),
            P("匹配轮次只安排已获推荐的申请：请与{{ institution }}联系。"),
        ),
    ),
    "ru": Message(
        "Рекомендации вуза — срок истёк: {{ cycle }}",
        (
            P(
                "Учебное заведение ({{ institution }}) не приняло к сроку {{ closes_date }} (UTC) решения о рекомендации "
                "заявок на конкурс «{{ cycle }}»: {{ pending }}."
            ),
            P(
                "Раунды распределяют только рекомендованные вузом заявки: свяжитесь с учебным заведением ({{ institution }})."
            ),
        ),
    ),
    "ur": Message(
        "توثیق کی آخری تاریخ گزر گئی: {{ cycle }}",
        (
            P(
                "{{ institution }} نے آخری تاریخ {{ closes_date }} (UTC) تک {{ cycle }} کی {{ pending }} درخواستوں "
                "کی توثیق کا فیصلہ نہیں کیا۔"
            ),
            P("راؤنڈ صرف توثیق شدہ درخواستوں کو جگہ دیتے ہیں: براہِ کرم {{ institution }} سے رابطہ کریں۔"),
        ),
    ),
}


# New applicants wait for the home institution's endorsement (stage.awaiting): ``new`` arrived
# since the last notice, ``pending`` wait in all; ``closes_at`` only when the cycle has a deadline.
REQUIRED["awaiting_endorsement"] = frozenset({"cycle", "institution", "pending", "new"})
STAFF_KINDS = STAFF_KINDS | {"awaiting_endorsement"}

MESSAGES["awaiting_endorsement"] = {
    "en": Message(
        "New applications await your endorsement: {{ cycle }}",
        (
            P(
                "New applications from {{ institution }} in {{ cycle }} awaiting your endorsement decision: {{ new }}. "
                "Undecided in all: {{ pending }}."
            ),
            P(
                "{% if closes_date is defined %}The deadline is {{ closes_date }} (UTC). {% endif %}"
                "Decide in the portal, under Endorsements."
            ),
            A("link", optional=True),
        ),
    ),
    "zh": Message(
        "有新的申请等待您推荐：{{ cycle }}",
        (
            P(
                "{{ cycle }} 中来自{{ institution }}的 {{ new }} 份新申请等待您作出推荐决定；共有 {{ pending }} 份尚未决定。"
            ),
            P(
                "{% if closes_date is defined %}截止时间为 {{ closes_date }}（UTC）。{% endif %}"
                "请在门户网站的“院校推荐”页面作出决定。"
            ),
            A("link", optional=True),
        ),
    ),
    "ru": Message(
        "Новые заявки ждут вашей рекомендации: {{ cycle }}",
        (
            P(
                "Новые заявки на конкурс «{{ cycle }}» ({{ institution }}), ожидающие вашего решения о рекомендации: {{ new }}; "
                "всего без решения: {{ pending }}."
            ),
            P(
                "{% if closes_date is defined %}Срок — {{ closes_date }} (UTC). {% endif %}"
                "Примите решения на портале в разделе «Рекомендации вузов»."
            ),
            A("link", optional=True),
        ),
    ),
    "ur": Message(
        "نئی درخواستیں آپ کی توثیق کی منتظر ہیں: {{ cycle }}",
        (
            P(
                "{{ cycle }} میں {{ institution }} کی {{ new }} نئی درخواستیں آپ کے توثیق کے فیصلے کی منتظر ہیں؛ "
                "کل {{ pending }} درخواستوں کا فیصلہ ابھی باقی ہے۔"
            ),
            P(
                "{% if closes_date is defined %}آخری تاریخ {{ closes_date }} (UTC) ہے۔ {% endif %}"
                "پورٹل میں توثیقوں کے صفحے پر فیصلہ کریں۔"
            ),
            A("link", optional=True),
        ),
    ),
}


# Applicants an officer sent to a host wait for its admission decision (stage.awaiting, stage
# admission): ``new`` arrived since the last notice, ``pending`` wait in all.
REQUIRED["awaiting_admission"] = frozenset({"cycle", "institution", "pending", "new"})
STAFF_KINDS = STAFF_KINDS | {"awaiting_admission"}

MESSAGES["awaiting_admission"] = {
    "en": Message(
        "New applicants await your admission decision: {{ cycle }}",
        (
            P(
                "Applicants of {{ cycle }} sent to {{ institution }} for an admission decision since the last notice: "
                "{{ new }}. Undecided in all: {{ pending }}."
            ),
            P(
                "{% if closes_date is defined %}The deadline is {{ closes_date }} (UTC). {% endif %}"
                "Decide in the portal, under Admissions, or through the API."
            ),
            A("link", optional=True),
        ),
    ),
    "zh": Message(
        "有新的申请人等待您作出录取决定：{{ cycle }}",
        (
            P(
                "{{ cycle }} 中有 {{ new }} 名新申请人被送交{{ institution }}作出录取决定；共有 {{ pending }} 名尚未决定。"
            ),
            P(
                "{% if closes_date is defined %}截止时间为 {{ closes_date }}（UTC）。{% endif %}"
                "请在门户网站的“录取”页面或通过 API 作出决定。"
            ),
            A("link", optional=True),
        ),
    ),
    "ru": Message(
        "Новые заявители ждут решения о зачислении: {{ cycle }}",
        (
            P(
                "Новые заявители конкурса «{{ cycle }}», направленные в {{ institution }} для решения о зачислении: "
                "{{ new }}; всего без решения: {{ pending }}."
            ),
            P(
                "{% if closes_date is defined %}Срок — {{ closes_date }} (UTC). {% endif %}"
                "Примите решения на портале в разделе «Зачисление» или через API."
            ),
            A("link", optional=True),
        ),
    ),
    "ur": Message(
        "نئے درخواست دہندگان آپ کے داخلے کے فیصلے کے منتظر ہیں: {{ cycle }}",
        (
            P(
                "{{ cycle }} کے {{ new }} نئے درخواست دہندگان داخلے کے فیصلے کے لیے {{ institution }} کو بھیجے گئے ہیں؛ "
                "کل {{ pending }} کا فیصلہ ابھی باقی ہے۔"
            ),
            P(
                "{% if closes_date is defined %}آخری تاریخ {{ closes_date }} (UTC) ہے۔ {% endif %}"
                "پورٹل میں داخلے کے صفحے پر یا API کے ذریعے فیصلہ کریں۔"
            ),
            A("link", optional=True),
        ),
    ),
}


# Between the programmes of an application named in a sentence, each "title, host": the
# language's semicolon (its comma is inside each name).
PROGRAMME_SEPARATOR = {"zh": "；", "ur": "؛ "}


def deadline_words(context: Mapping[str, Any], language: str) -> dict[str, Any]:
    """A deadline's country in the reader's words and its date as the reader writes dates;
    ``programme_names`` as one phrase (``programmes``) in the reader's punctuation."""
    words: dict[str, Any] = {}
    if isinstance(context.get("programme_names"), list):
        words["programmes"] = PROGRAMME_SEPARATOR.get(language, "; ").join(map(str, context["programme_names"]))
    if "country" in context:
        words["country_name"] = country_name(language, str(context["country"]))
    if "closes_at" in context:
        words["closes_date"] = reply_by_date(context["closes_at"], language)
    return words


# A message about an application (issue 16): an officer's text to the applicant as written, in
# a frame in the applicant's language; the thread and the reply form are on the application page.
REQUIRED["application_message"] = frozenset({"name", "cycle", "author", "body"})
MESSAGES["application_message"] = {
    "en": Message(
        "A message about your application: {{ cycle }}",
        (
            P(
                "{% if author %}{{ author }}, one of your application's reviewers, wrote to you about {{ cycle }}:"
                "{% else %}Your application's reviewers wrote to you about {{ cycle }}:{% endif %}"
            ),
            P("{{ body }}"),
            P('To reply, open your application in the Corridor portal and write under "Messages".'),
        ),
    ),
    "zh": Message(
        "关于您申请的留言：{{ cycle }}",
        (
            P(
                "{% if author %}您申请的审核人员 {{ author }} 就 {{ cycle }} 给您留言："
                "{% else %}您申请的审核人员就 {{ cycle }} 给您留言：{% endif %}"
            ),
            P("{{ body }}"),
            P("如需回复，请在 Corridor 门户网站打开您的申请，在“留言”下填写。"),
        ),
    ),
    "ru": Message(
        "Сообщение о вашей заявке: {{ cycle }}",
        (
            P(
                "{% if author %}{{ author }}, один из проверяющих вашей заявки, написал(а) вам по конкурсу «{{ cycle }}»:"
                "{% else %}Проверяющие вашей заявки написали вам по конкурсу «{{ cycle }}»:{% endif %}"
            ),
            P("{{ body }}"),
            P("Чтобы ответить, откройте свою заявку на портале Corridor и напишите в разделе «Переписка»."),
        ),
    ),
    "ur": Message(
        "آپ کی درخواست کے بارے میں پیغام: {{ cycle }}",
        (
            P(
                "{% if author %}آپ کی درخواست کا جائزہ لینے والوں میں سے {{ author }} نے {{ cycle }} کے بارے میں آپ کو لکھا:"
                "{% else %}آپ کی درخواست کا جائزہ لینے والوں نے {{ cycle }} کے بارے میں آپ کو لکھا:{% endif %}"
            ),
            P("{{ body }}"),
            P("جواب دینے کے لیے Corridor پورٹل پر اپنی درخواست کھولیں اور “خط و کتابت” کے تحت لکھیں۔"),
        ),
    ),
}


# The selection committee (issue 16): a reviewer hears once per assignment run (or reassignment)
# how many applications they were given, with the link to their list; the officers who read an
# application's messages hear that the applicant replied (never the reply: it is read in the
# portal); the scheme's officers hear that reviewers' scores diverge beyond the threshold.
REQUIRED["reviewer_assigned"] = frozenset({"cycle", "count", "reassigned", "link"})
REQUIRED["applicant_replied"] = frozenset({"cycle", "application", "link"})
REQUIRED["moderation_flagged"] = frozenset({"cycle", "application", "spread", "threshold", "submitted", "link"})
STAFF_KINDS = STAFF_KINDS | {"reviewer_assigned", "applicant_replied", "moderation_flagged"}
MESSAGES["reviewer_assigned"] = {
    "en": Message(
        "Applications to review: {{ count }} new ({{ cycle }})",
        (
            P(
                "{% if reassigned %}An application of {{ cycle }} was reassigned to you for review."
                "{% else %}You were assigned {{ count }} new application(s) of {{ cycle }} to review.{% endif %}"
            ),
            P("Score each one on the scoresheet; you see the other reviewers' scores once you have submitted yours."),
            P("Your applications to review:"),
            A("link"),
        ),
    ),
    "zh": Message(
        "待评审的申请：新增 {{ count }} 份（{{ cycle }}）",
        (
            P(
                "{% if reassigned %}{{ cycle }} 的一份申请已改派给您评审。"
                "{% else %}您被分配评审 {{ cycle }} 的 {{ count }} 份新申请。{% endif %}"
            ),
            P("请按评分表逐份评分；提交您的评分后，才能看到其他评审人的评分。"),
            P("您待评审的申请："),
            A("link"),
        ),
    ),
    "ru": Message(
        "Заявки на оценку: новых — {{ count }} ({{ cycle }})",
        (
            P(
                "{% if reassigned %}Вам передана на оценку заявка конкурса «{{ cycle }}»."
                "{% else %}Вам назначены новые заявки конкурса «{{ cycle }}» на оценку: {{ count }}.{% endif %}"
            ),
            P("Оцените каждую по оценочному листу; оценки других экспертов видны после отправки ваших."),
            P("Ваши заявки на оценку:"),
            A("link"),
        ),
    ),
    "ur": Message(
        "جائزے کے لیے درخواستیں: {{ count }} نئی ({{ cycle }})",
        (
            P(
                "{% if reassigned %}{{ cycle }} کی ایک درخواست جائزے کے لیے آپ کو منتقل کی گئی ہے۔"
                "{% else %}آپ کو {{ cycle }} کی {{ count }} نئی درخواستیں جائزے کے لیے دی گئی ہیں۔{% endif %}"
            ),
            P(
                "ہر درخواست کو اسکور شیٹ پر اسکور دیں؛ اپنے اسکور جمع کرانے کے بعد آپ دوسرے جائزہ کاروں کے اسکور دیکھ سکیں گے۔"
            ),
            P("جائزے کے لیے آپ کی درخواستیں:"),
            A("link"),
        ),
    ),
}
MESSAGES["applicant_replied"] = {
    "en": Message(
        "The applicant replied: application {{ application }} ({{ cycle }})",
        (
            P("The applicant of application {{ application }} ({{ cycle }}) wrote a new message in its thread."),
            P("Read it and answer in the portal:"),
            A("link"),
        ),
    ),
    "zh": Message(
        "申请人已回复：申请 {{ application }}（{{ cycle }}）",
        (
            P("申请 {{ application }}（{{ cycle }}）的申请人在留言中写了一条新消息。"),
            P("请在门户网站阅读并回复："),
            A("link"),
        ),
    ),
    "ru": Message(
        "Заявитель ответил: заявка {{ application }} ({{ cycle }})",
        (
            P("Заявитель по заявке {{ application }} ({{ cycle }}) написал новое сообщение в переписке."),
            P("Прочитайте его и ответьте на портале:"),
            A("link"),
        ),
    ),
    "ur": Message(
        "درخواست گزار نے جواب دیا: درخواست {{ application }} ({{ cycle }})",
        (
            P("درخواست {{ application }} ({{ cycle }}) کے درخواست گزار نے خط و کتابت میں نیا پیغام لکھا ہے۔"),
            P("پورٹل میں اسے پڑھیں اور جواب دیں:"),
            A("link"),
        ),
    ),
}
MESSAGES["moderation_flagged"] = {
    "en": Message(
        "Scores to moderate: application {{ application }} ({{ cycle }})",
        (
            P(
                "The reviewers of application {{ application }} ({{ cycle }}) disagree: their scores are"
                " {{ spread }} points apart ({{ submitted }} reviews submitted), more than the scoresheet's"
                " threshold of {{ threshold }}."
            ),
            P(
                "Read the reviews on the application's committee page: a reviewer who reconsiders submits their"
                " scores again, or a review can be given to another reviewer there:"
            ),
            A("link"),
        ),
    ),
    "zh": Message(
        "评分待复核：申请 {{ application }}（{{ cycle }}）",
        (
            P(
                "申请 {{ application }}（{{ cycle }}）的评审人意见分歧：评分相差 {{ spread }} 分"
                "（已提交 {{ submitted }} 份评审），超过评分表的阈值 {{ threshold }}。"
            ),
            P(
                "请在该申请的评审委员会页面阅读各评审意见：评审人重新考虑后可再次提交评分，也可在该页面将评审改派给其他评审人："
            ),
            A("link"),
        ),
    ),
    "ru": Message(
        "Оценки на согласование: заявка {{ application }} ({{ cycle }})",
        (
            P(
                "Эксперты по заявке {{ application }} ({{ cycle }}) расходятся: разница оценок — {{ spread }}"
                " (отправлено оценок: {{ submitted }}), больше порога оценочного листа ({{ threshold }})."
            ),
            P(
                "Прочитайте оценки на странице заявки в отборочной комиссии: эксперт, пересмотревший оценку, отправляет её"
                " заново, или там же оценку можно передать другому эксперту:"
            ),
            A("link"),
        ),
    ),
    "ur": Message(
        "نظرِ ثانی کے لیے اسکور: درخواست {{ application }} ({{ cycle }})",
        (
            P(
                "درخواست {{ application }} ({{ cycle }}) کے جائزہ کاروں میں اختلاف ہے: ان کے اسکور میں {{ spread }}"
                " پوائنٹس کا فرق ہے ({{ submitted }} جائزے جمع ہوئے)، جو اسکور شیٹ کی حد {{ threshold }} سے زیادہ ہے۔"
            ),
            P(
                "درخواست کے سلیکشن کمیٹی صفحے پر جائزے پڑھیں: نظرِ ثانی کرنے والا جائزہ کار اپنے اسکور دوبارہ جمع کرتا ہے،"
                " یا وہیں جائزہ کسی دوسرے جائزہ کار کو دیا جا سکتا ہے:"
            ),
            A("link"),
        ),
    ),
}


# The committee hears that an applicant cancelled their interview (interview.cancelled, not
# by_staff): the slot is free again, and the applicant may book another or not.
REQUIRED["interview_cancelled_by_applicant"] = frozenset({"cycle", "application", "host_time", "link"})
STAFF_KINDS = STAFF_KINDS | {"interview_cancelled_by_applicant"}
MESSAGES["interview_cancelled_by_applicant"] = {
    "en": Message(
        "Interview cancelled by the applicant: application {{ application }} ({{ cycle }})",
        (
            P(
                "The applicant of application {{ application }} ({{ cycle }}) cancelled their interview of"
                " {{ host_time }}. The time is free again for others to book; the applicant may book another."
            ),
            P("The cycle's interviews, where you can invite again or record the outcome:"),
            A("link"),
        ),
    ),
    "zh": Message(
        "申请人取消了面试：申请 {{ application }}（{{ cycle }}）",
        (
            P(
                "申请 {{ application }}（{{ cycle }}）的申请人取消了 {{ host_time }} 的面试。"
                "该时间已重新开放，其他申请人可以预约；该申请人也可以另约时间。"
            ),
            P("本轮面试安排如下，您可以在该页面再次邀请或记录面试结果："),
            A("link"),
        ),
    ),
    "ru": Message(
        "Заявитель отменил собеседование: заявка {{ application }} ({{ cycle }})",
        (
            P(
                "Заявитель по заявке {{ application }} ({{ cycle }}) отменил собеседование, назначенное на"
                " {{ host_time }}. Это время снова свободно для записи; заявитель может выбрать другое."
            ),
            P("Собеседования конкурса — здесь можно пригласить снова или записать итог:"),
            A("link"),
        ),
    ),
    "ur": Message(
        "درخواست گزار نے انٹرویو منسوخ کر دیا: درخواست {{ application }} ({{ cycle }})",
        (
            P(
                "درخواست {{ application }} ({{ cycle }}) کے درخواست گزار نے {{ host_time }} کا اپنا انٹرویو منسوخ"
                " کر دیا ہے۔ یہ وقت دوسروں کی بکنگ کے لیے پھر سے خالی ہے؛ درخواست گزار کوئی اور وقت بک کر سکتا ہے۔"
            ),
            P("اس دور کے انٹرویو، جہاں آپ دوبارہ مدعو کر سکتے ہیں یا نتیجہ درج کر سکتے ہیں:"),
            A("link"),
        ),
    ),
}

# A nominating authority's users: a host did not admit one of their nominees (admission.decided
# withdrew the nomination, nomination.decided says so with host_rejected); the reserve moves up.
# The host decided about an applicant the home institution endorsed (admission.decided): the
# coordinators hear it, each version: admitted (the offer follows), not admitted, or not
# decided by the deadline (lapsed).
_ENDORSEE = frozenset({"cycle", "applicant", "programme", "institution"})
REQUIRED["endorsee_admitted"] = REQUIRED["endorsee_not_admitted"] = REQUIRED["endorsee_lapsed"] = _ENDORSEE
STAFF_KINDS = STAFF_KINDS | {"endorsee_admitted", "endorsee_not_admitted", "endorsee_lapsed"}
_ENDORSEE_WHERE = {
    "en": "Your institution's applicants are in the portal, under Endorsements.",
    "zh": "贵校的申请人列表在门户网站的“院校推荐”页面。",
    "ru": "Заявители вашего вуза — на портале в разделе «Рекомендации вузов».",
    "ur": "آپ کے ادارے کے درخواست دہندگان پورٹل میں توثیقوں کے صفحے پر ہیں۔",
}
_ENDORSEE_WORDS = {
    "endorsee_admitted": {
        "en": (
            "Admitted: {{ applicant }} ({{ cycle }})",
            "{{ institution }} admitted {{ applicant }}, whom your institution endorsed for {{ cycle }}, to"
            " {{ programme }}; the offer goes to the applicant.",
        ),
        "zh": (
            "已录取：{{ applicant }}（{{ cycle }}）",
            "{{ institution }}已录取贵校为{{ cycle }}推荐的{{ applicant }}，专业为{{ programme }}；录取通知将发给申请人。",
        ),
        "ru": (
            "Зачисление: {{ applicant }} ({{ cycle }})",
            "{{ institution }}: {{ applicant }} (рекомендация вашего вуза, конкурс «{{ cycle }}») — принят(а) на"
            " «{{ programme }}»; предложение отправлено заявителю.",
        ),
        "ur": (
            "داخلہ مل گیا: {{ applicant }} ({{ cycle }})",
            "{{ institution }} نے {{ applicant }} کو، جن کی آپ کے ادارے نے {{ cycle }} کے لیے توثیق کی، {{ programme }}"
            " میں داخلہ دے دیا ہے؛ پیشکش درخواست دہندہ کو بھیجی جا رہی ہے۔",
        ),
    },
    "endorsee_not_admitted": {
        "en": (
            "Not admitted: {{ applicant }} ({{ cycle }})",
            "{{ institution }} did not admit {{ applicant }}, whom your institution endorsed for {{ cycle }}, to"
            " {{ programme }}.",
        ),
        "zh": (
            "未被录取：{{ applicant }}（{{ cycle }}）",
            "{{ institution }}未录取贵校为{{ cycle }}推荐的{{ applicant }}（{{ programme }}）。",
        ),
        "ru": (
            "Отказ в зачислении: {{ applicant }} ({{ cycle }})",
            "{{ institution }}: {{ applicant }} (рекомендация вашего вуза, конкурс «{{ cycle }}») — не принят(а) на"
            " «{{ programme }}».",
        ),
        "ur": (
            "داخلہ نہیں ملا: {{ applicant }} ({{ cycle }})",
            "{{ institution }} نے {{ applicant }} کو، جن کی آپ کے ادارے نے {{ cycle }} کے لیے توثیق کی، {{ programme }}"
            " میں داخلہ نہیں دیا۔",
        ),
    },
    "endorsee_lapsed": {
        "en": (
            "Not decided by the deadline: {{ applicant }} ({{ cycle }})",
            "{{ institution }} made no admission decision on {{ applicant }}, whom your institution endorsed for"
            " {{ cycle }}, by the deadline: the place at {{ programme }} was released.",
        ),
        "zh": (
            "截止前未作决定：{{ applicant }}（{{ cycle }}）",
            "{{ institution }}在截止日期前未就贵校为{{ cycle }}推荐的{{ applicant }}作出录取决定，{{ programme }}的名额已释放。",
        ),
        "ru": (
            "Решение не принято до срока: {{ applicant }} ({{ cycle }})",
            "{{ institution }}: по заявителю {{ applicant }} (рекомендация вашего вуза, конкурс «{{ cycle }}») решение"
            " о зачислении не принято до срока; место на «{{ programme }}» освобождено.",
        ),
        "ur": (
            "آخری تاریخ تک فیصلہ نہیں ہوا: {{ applicant }} ({{ cycle }})",
            "{{ institution }} نے {{ applicant }} کے بارے میں، جن کی آپ کے ادارے نے {{ cycle }} کے لیے توثیق کی، آخری تاریخ"
            " تک داخلے کا فیصلہ نہیں کیا: {{ programme }} کی نشست خالی کر دی گئی۔",
        ),
    },
}
for _kind, _words in _ENDORSEE_WORDS.items():
    MESSAGES[_kind] = {
        lang: Message(subject, (P(body), P(_ENDORSEE_WHERE[lang]), A("link", optional=True)))
        for lang, (subject, body) in _words.items()
    }

REQUIRED["nominee_not_admitted"] = frozenset({"cycle", "applicant"})
STAFF_KINDS = STAFF_KINDS | {"nominee_not_admitted"}
MESSAGES["nominee_not_admitted"] = {
    "en": Message(
        "Not admitted by the host: {{ applicant }} ({{ cycle }})",
        (
            P(
                "The host institution did not admit {{ applicant }}, whom you nominated for {{ cycle }}. The nomination"
                " was withdrawn; {% if moved_up is not defined %}the first on your reserve list, if there is one, moves"
                " up and is told.{% elif moved_up %}{{ moved_up }}, first on your reserve list, moved up to the"
                " nomination list and is told.{% else %}your reserve list was empty, so nobody moved up.{% endif %}"
            ),
            P("{% if reason %}The host's note: “{{ reason }}”{% endif %}"),
            P("Your list is in the portal, under Nominations."),
            A("link", optional=True),
        ),
    ),
    "zh": Message(
        "接收院校未录取：{{ applicant }}（{{ cycle }}）",
        (
            P(
                "接收院校未录取您为{{ cycle }}提名的{{ applicant }}。该提名已撤回；"
                "{% if moved_up is not defined %}如后备名单上有人，排名第一者将递补并收到通知。"
                "{% elif moved_up %}后备名单第一位的{{ moved_up }}已递补进入提名名单，并将收到通知。"
                "{% else %}您的后备名单为空，无人递补。{% endif %}"
            ),
            P("{% if reason %}接收院校的说明：“{{ reason }}”{% endif %}"),
            P("您的名单在门户网站的“提名”页面。"),
            A("link", optional=True),
        ),
    ),
    "ru": Message(
        "Не принят(а) принимающим вузом: {{ applicant }} ({{ cycle }})",
        (
            P(
                "Принимающее учебное заведение не приняло заявителя {{ applicant }}, выдвинутого вами на конкурс"
                " «{{ cycle }}». Выдвижение отозвано; {% if moved_up is not defined %}первый в резервном списке, если"
                " он есть, занимает место и получает уведомление.{% elif moved_up %}заявка {{ moved_up }}, первая в"
                " резервном списке, переведена в список выдвинутых; заявитель получит уведомление.{% else %}резервный"
                " список пуст, и место никому не перешло.{% endif %}"
            ),
            P("{% if reason %}Комментарий учебного заведения: «{{ reason }}»{% endif %}"),
            P("Ваш список — на портале в разделе «Выдвижение»."),
            A("link", optional=True),
        ),
    ),
    "ur": Message(
        "میزبان ادارے نے داخلہ نہیں دیا: {{ applicant }} ({{ cycle }})",
        (
            P(
                "میزبان ادارے نے {{ applicant }} کو داخلہ نہیں دیا، جنہیں آپ نے {{ cycle }} کے لیے نامزد کیا تھا۔"
                " نامزدگی واپس لے لی گئی ہے؛ {% if moved_up is not defined %}ریزرو فہرست میں پہلا شخص، اگر کوئی ہو، آگے آ"
                " جائے گا اور اسے اطلاع دی جائے گی۔{% elif moved_up %}ریزرو فہرست میں پہلے {{ moved_up }} نامزدگی کی"
                " فہرست میں آ گئے ہیں اور انہیں اطلاع دی جائے گی۔{% else %}آپ کی ریزرو فہرست خالی تھی، اس لیے کوئی"
                " آگے نہیں آیا۔{% endif %}"
            ),
            P("{% if reason %}میزبان ادارے کا نوٹ: ”{{ reason }}“{% endif %}"),
            P("آپ کی فہرست پورٹل میں «نامزدگیاں» کے تحت ہے۔"),
            A("link", optional=True),
        ),
    ),
}


# Admission papers: a host issued a paper to an applicant who accepted its place
# (application.papers_issued); the file is on the application page.
REQUIRED["papers_issued"] = frozenset({"name", "cycle", "institution", "paper", "note", "replaces"})
PAPER_WORDS = {
    "en": {"admission_letter": "admission letter", "visa_form": "visa form", "other": "paper"},
    "zh": {"admission_letter": "录取通知书", "visa_form": "签证申请表", "other": "文件"},
    "ru": {"admission_letter": "письмо о зачислении", "visa_form": "визовая анкета", "other": "документ"},
    "ur": {"admission_letter": "داخلے کا خط", "visa_form": "ویزا فارم", "other": "کاغذ"},
}
MESSAGES["papers_issued"] = {
    "en": Message(
        "Your {{ paper_words }} from {{ institution }}",
        (
            P("{{ institution }} has issued your {{ paper_words }} for {{ cycle }}."),
            P("{% if replaces %}It replaces the one issued before.{% endif %}"),
            P("{% if note %}The host's note: “{{ note }}”{% endif %}"),
            P(
                "Download it from your application in the Corridor portal, and keep it for your visa application"
                " and your arrival."
            ),
        ),
    ),
    "zh": Message(
        "{{ institution }}签发的{{ paper_words }}",
        (
            P("{{ institution }}已为您签发{{ cycle }}的{{ paper_words }}。"),
            P("{% if replaces %}它取代此前签发的同类文件。{% endif %}"),
            P("{% if note %}接收院校的说明：“{{ note }}”{% endif %}"),
            P("请在 Corridor 门户网站的申请页面下载，并妥善保存，以办理签证和报到。"),
        ),
    ),
    "ru": Message(
        # no "от «Синьцзянский университет»" (a name after от wants its case): the name stands alone
        "{{ paper_words|capitalize }}: {{ institution }}",
        (
            P("По конкурсу «{{ cycle }}» вам выдан документ: {{ paper_words }} (выдавший вуз: {{ institution }})."),
            P("{% if replaces %}Этот документ заменяет выданный ранее.{% endif %}"),
            P("{% if note %}Комментарий учебного заведения: «{{ note }}»{% endif %}"),
            P("Скачайте его на странице заявки на портале Corridor и сохраните для оформления визы и приезда."),
        ),
    ),
    "ur": Message(
        "{{ institution }} کی طرف سے آپ کا {{ paper_words }}",
        (
            P("{{ institution }} نے {{ cycle }} کے لیے آپ کا {{ paper_words }} جاری کر دیا ہے۔"),
            P("{% if replaces %}یہ پہلے جاری کیے گئے کاغذ کی جگہ لیتا ہے۔{% endif %}"),
            P("{% if note %}میزبان ادارے کا نوٹ: “{{ note }}”{% endif %}"),
            P("اسے Corridor پورٹل پر اپنی درخواست کے صفحے سے ڈاؤن لوڈ کریں اور ویزا اور آمد کے لیے محفوظ رکھیں۔"),
        ),
    ),
}


# An applicant answered an offer (match.confirmed after an acceptance; application.offer_declined):
# the host's admissions staff hear it (no name: identity needs the applicant's consent), with
# what they do next; a declined place is free again, so the scheme's officers hear it too
# (a later round offers it from the waiting list).
REQUIRED["place_accepted_host"] = frozenset({"cycle", "programme", "country"})
REQUIRED["place_declined_host"] = frozenset({"cycle", "programme", "country"})
REQUIRED["place_declined_officers"] = frozenset({"cycle", "programme", "country"})
STAFF_KINDS = STAFF_KINDS | {"place_accepted_host", "place_declined_host", "place_declined_officers"}
MESSAGES["place_accepted_host"] = {
    "en": Message(
        "Place accepted: {{ programme }} ({{ cycle }})",
        (
            P(
                "An applicant from {{ country_name }} accepted the place at {{ programme }}{% if institution is defined and institution %} at {{ institution }}{% endif %} ({{ cycle }})."
            ),
            P(
                "Issue the admission papers (the admission letter, a visa form) on the applicant's page in the"
                " portal; the applicant is told when you do."
            ),
            A("link", optional=True),
        ),
    ),
    "zh": Message(
        "名额已被接受：{{ programme }}（{{ cycle }}）",
        (
            P(
                "一名来自{{ country_name }}的申请人已接受{{ programme }}{% if institution is defined and institution %}（{{ institution }}）{% endif %}（{{ cycle }}）的名额。"
            ),
            P("请在门户网站该申请人的页面签发录取文件（录取通知书、签证申请表）；签发后申请人会收到通知。"),
            A("link", optional=True),
        ),
    ),
    "ru": Message(
        "Место принято: {{ programme }} ({{ cycle }})",
        (
            P(
                "Предложение места на программе «{{ programme }}»{% if institution is defined and institution %} ({{ institution }}){% endif %} (конкурс «{{ cycle }}») принято заявителем"
                " (страна: {{ country_name }})."
            ),
            P(
                "Выдайте документы о зачислении (письмо о зачислении, визовую анкету) на странице заявителя на"
                " портале; заявитель получит уведомление."
            ),
            A("link", optional=True),
        ),
    ),
    "ur": Message(
        "نشست قبول: {{ programme }} ({{ cycle }})",
        (
            P(
                "{{ country_name }} کے ایک درخواست دہندہ نے {{ programme }}{% if institution is defined and institution %} ({{ institution }}){% endif %} ({{ cycle }}) میں نشست قبول کر لی ہے۔"
            ),
            P(
                "پورٹل میں درخواست دہندہ کے صفحے پر داخلے کے کاغذات (داخلے کا خط، ویزا فارم) جاری کریں؛"
                " جاری ہونے پر درخواست دہندہ کو اطلاع دی جائے گی۔"
            ),
            A("link", optional=True),
        ),
    ),
}
# A host's admissions staff: an applicant they admitted withdrew the application (the offer
# unanswered or accepted): the place is free, no papers are needed.
REQUIRED["admitted_applicant_withdrew"] = frozenset({"cycle", "application", "country", "institution"})
STAFF_KINDS = STAFF_KINDS | {"admitted_applicant_withdrew"}
MESSAGES["admitted_applicant_withdrew"] = {
    "en": Message(
        "An applicant you admitted withdrew ({{ cycle }})",
        (
            P(
                "The applicant from {{ country_name }} whom {{ institution }} admitted (application {{ application }},"
                " {{ cycle }}) withdrew their application. The place is free again; no admission papers are needed,"
                " and any issued no longer apply."
            ),
            A("link", optional=True),
        ),
    ),
    "zh": Message(
        "您录取的申请人已撤回申请（{{ cycle }}）",
        (
            P(
                "{{ institution }}录取的来自{{ country_name }}的申请人（申请 {{ application }}，{{ cycle }}）已撤回申请。"
                "该名额重新空出；无需签发录取文件，已签发的文件不再有效。"
            ),
            A("link", optional=True),
        ),
    ),
    "ru": Message(
        "Зачисленный заявитель отозвал заявку ({{ cycle }})",
        (
            P(
                "Заявитель (страна: {{ country_name }}), которого зачислил принимающий вуз {{ institution }} (заявка"
                " {{ application }}, конкурс «{{ cycle }}»), отозвал заявку. Место снова свободно; документы о"
                " зачислении не нужны, а выданные больше не действуют."
            ),
            A("link", optional=True),
        ),
    ),
    "ur": Message(
        "آپ کے داخلہ دیے گئے درخواست گزار نے درخواست واپس لے لی ({{ cycle }})",
        (
            P(
                "{{ country_name }} کے جس درخواست گزار کو {{ institution }} نے داخلہ دیا تھا (درخواست {{ application }}،"
                " {{ cycle }}) اس نے اپنی درخواست واپس لے لی ہے۔ نشست پھر سے خالی ہے؛ داخلے کے کاغذات کی ضرورت نہیں،"
                " اور جاری شدہ کاغذات اب مؤثر نہیں۔"
            ),
            A("link", optional=True),
        ),
    ),
}
# A host's admissions staff: an applicant whose admission awaited their decision withdrew the
# application: no decision is needed any more.
REQUIRED["awaiting_applicant_withdrew"] = frozenset({"cycle", "application", "country", "institution"})
STAFF_KINDS = STAFF_KINDS | {"awaiting_applicant_withdrew"}
MESSAGES["awaiting_applicant_withdrew"] = {
    "en": Message(
        "An applicant awaiting your decision withdrew ({{ cycle }})",
        (
            P(
                "The applicant from {{ country_name }} whose admission to {{ institution }} awaited your decision"
                " (application {{ application }}, {{ cycle }}) withdrew their application. No decision is needed any"
                " more: it has left your admissions list."
            ),
            A("link", optional=True),
        ),
    ),
    "zh": Message(
        "等待您决定的申请人已撤回申请（{{ cycle }}）",
        (
            P(
                "来自{{ country_name }}、等待{{ institution }}作出录取决定的申请人（申请 {{ application }}，{{ cycle }}）"
                "已撤回申请。无需再作决定：该申请已从您的录取列表中移除。"
            ),
            A("link", optional=True),
        ),
    ),
    "ru": Message(
        "Заявитель, ожидавший вашего решения, отозвал заявку ({{ cycle }})",
        (
            P(
                "Заявитель (страна: {{ country_name }}), ожидавший решения принимающего вуза {{ institution }} о"
                " зачислении (заявка {{ application }}, конкурс «{{ cycle }}»), отозвал заявку. Решение больше не"
                " требуется: заявка убрана из вашего списка на зачисление."
            ),
            A("link", optional=True),
        ),
    ),
    "ur": Message(
        "آپ کے فیصلے کے منتظر درخواست گزار نے درخواست واپس لے لی ({{ cycle }})",
        (
            P(
                "{{ country_name }} کے جس درخواست گزار کے داخلے پر {{ institution }} کا فیصلہ باقی تھا (درخواست"
                " {{ application }}، {{ cycle }}) اس نے اپنی درخواست واپس لے لی ہے۔ اب کسی فیصلے کی ضرورت نہیں:"
                " یہ درخواست آپ کی داخلہ فہرست سے ہٹا دی گئی ہے۔"
            ),
            A("link", optional=True),
        ),
    ),
}
MESSAGES["place_declined_host"] = {
    "en": Message(
        "Place declined: {{ programme }} ({{ cycle }})",
        (
            P(
                "An applicant from {{ country_name }} declined the place at {{ programme }}{% if institution is defined and institution %} at {{ institution }}{% endif %} ({{ cycle }}). The seat"
                " is free again: the admissions officers offer it to the next applicant in a later round."
            ),
            A("link", optional=True),
        ),
    ),
    "zh": Message(
        "名额被放弃：{{ programme }}（{{ cycle }}）",
        (
            P(
                "一名来自{{ country_name }}的申请人放弃了{{ programme }}{% if institution is defined and institution %}（{{ institution }}）{% endif %}（{{ cycle }}）的名额。该名额已重新空出，"
                "招生官将在后续轮次中把它提供给下一位申请人。"
            ),
            A("link", optional=True),
        ),
    ),
    "ru": Message(
        "Отказ от места: {{ programme }} ({{ cycle }})",
        (
            P(
                "Предложение места на программе «{{ programme }}»{% if institution is defined and institution %} ({{ institution }}){% endif %} (конкурс «{{ cycle }}») отклонено заявителем"
                " (страна: {{ country_name }}). Место снова свободно: сотрудники приёмной комиссии предложат его"
                " следующему заявителю в одном из следующих раундов."
            ),
            A("link", optional=True),
        ),
    ),
    "ur": Message(
        "نشست مسترد: {{ programme }} ({{ cycle }})",
        (
            P(
                "{{ country_name }} کے ایک درخواست دہندہ نے {{ programme }}{% if institution is defined and institution %} ({{ institution }}){% endif %} ({{ cycle }}) میں نشست کی پیشکش مسترد کر دی"
                " ہے۔ نشست دوبارہ خالی ہے: داخلہ افسران اگلے راؤنڈ میں اسے اگلے درخواست دہندہ کو پیش کریں گے۔"
            ),
            A("link", optional=True),
        ),
    ),
}
MESSAGES["place_declined_officers"] = {
    "en": Message(
        "A place is free again: {{ programme }} ({{ cycle }})",
        (
            P(
                "An applicant from {{ country_name }} declined the offer of a place at {{ programme }} ({{ cycle }})."
                " The seat is free: a new matching round offers it to the next on the waiting list."
            ),
            P("Start the round from the cycle's page in the portal."),
            A("link", optional=True),
        ),
    ),
    "zh": Message(
        "名额重新空出：{{ programme }}（{{ cycle }}）",
        (
            P(
                "一名来自{{ country_name }}的申请人放弃了{{ programme }}（{{ cycle }}）的录取名额。该名额已空出："
                "新一轮匹配会把它提供给候补名单上的下一位申请人。"
            ),
            P("请在门户网站该招生周期的页面启动新一轮匹配。"),
            A("link", optional=True),
        ),
    ),
    "ru": Message(
        "Место снова свободно: {{ programme }} ({{ cycle }})",
        (
            P(
                "Предложение места на программе «{{ programme }}» (конкурс «{{ cycle }}») отклонено заявителем"
                " (страна: {{ country_name }}). Место свободно: новый раунд распределения предложит его следующему"
                " в листе ожидания."
            ),
            P("Запустите раунд на странице конкурса на портале."),
            A("link", optional=True),
        ),
    ),
    "ur": Message(
        "ایک نشست دوبارہ خالی: {{ programme }} ({{ cycle }})",
        (
            P(
                "{{ country_name }} کے ایک درخواست دہندہ نے {{ programme }} ({{ cycle }}) میں نشست کی پیشکش مسترد کر دی"
                " ہے۔ نشست خالی ہے: نیا میچنگ راؤنڈ اسے انتظار کی فہرست میں اگلے درخواست دہندہ کو پیش کرے گا۔"
            ),
            P("پورٹل میں اس دور کے صفحے سے راؤنڈ شروع کریں۔"),
            A("link", optional=True),
        ),
    ),
}


# A nominee (or a reserve) left the authority's list by their own step: the applicant withdrew
# the application or declined its offer (nomination.decided with applicant_left); who moved up.
REQUIRED["nominee_left"] = frozenset({"cycle", "applicant", "left", "moved_up"})
STAFF_KINDS = STAFF_KINDS | {"nominee_left"}
MESSAGES["nominee_left"] = {
    "en": Message(
        "Off your list: {{ applicant }} ({{ cycle }})",
        (
            P(
                "{{ applicant }}, on your list for {{ cycle }}, {% if left == 'declined' %}declined the offer of a"
                " place{% else %}withdrew the application{% endif %} and is off your list."
            ),
            P(
                "{% if moved_up %}{{ moved_up }}, first on your reserve list, moved up to the nomination list and is told.{% endif %}"
            ),
            P("Your list is in the portal, under Nominations."),
            A("link", optional=True),
        ),
    ),
    "zh": Message(
        "名单变动：{{ applicant }}（{{ cycle }}）",
        (
            P(
                "您{{ cycle }}名单上的{{ applicant }}{% if left == 'declined' %}已放弃所获名额{% else %}已撤回申请"
                "{% endif %}，已从名单中移除。"
            ),
            P("{% if moved_up %}后备名单第一位的{{ moved_up }}已递补进入提名名单，并将收到通知。{% endif %}"),
            P("您的名单在门户网站的“提名”页面。"),
            A("link", optional=True),
        ),
    ),
    "ru": Message(
        "Изменение в списке: {{ applicant }} ({{ cycle }})",
        (
            P(
                "{{ applicant }} (ваш список по конкурсу «{{ cycle }}»): {% if left == 'declined' %}отказ от"
                " предложенного места{% else %}заявка отозвана{% endif %}; заявка исключена из списка."
            ),
            P(
                "{% if moved_up %}Заявка {{ moved_up }}, первая в резервном списке, переведена в список выдвинутых;"
                " заявитель получит уведомление.{% endif %}"
            ),
            P("Ваш список — на портале в разделе «Выдвижение»."),
            A("link", optional=True),
        ),
    ),
    "ur": Message(
        "فہرست میں تبدیلی: {{ applicant }} ({{ cycle }})",
        (
            P(
                "{{ cycle }} کے لیے آپ کی فہرست میں شامل {{ applicant }} نے {% if left == 'declined' %}نشست کی پیشکش"
                " مسترد کر دی ہے{% else %}درخواست واپس لے لی ہے{% endif %}، اس لیے وہ فہرست سے نکل گئے ہیں۔"
            ),
            P(
                "{% if moved_up %}ریزرو فہرست میں پہلے {{ moved_up }} نامزدگی کی فہرست میں آ گئے ہیں اور انہیں اطلاع دی جائے گی۔{% endif %}"
            ),
            P("آپ کی فہرست پورٹل میں «نامزدگیاں» کے تحت ہے۔"),
            A("link", optional=True),
        ),
    ),
}


# The applicant gave up a place they had accepted (the application withdrawn): said as such, to
# them and to the host, where "withdrawn ... will not take part in matching" and "an applicant you
# admitted withdrew" had said nothing of the place.
REQUIRED["place_given_up"] = frozenset({"name", "cycle", "institution"})
MESSAGES["place_given_up"] = {
    "en": Message(
        "Place given up: {{ cycle }}",
        (
            P(
                "You gave up the place you had accepted at {{ institution }} ({{ cycle }}), and your application is"
                " withdrawn. The host institution is told; admission papers it issued no longer apply."
            ),
            P("If you did not mean to give it up, please contact the admissions office at once."),
        ),
    ),
    "zh": Message(
        "已放弃名额：{{ cycle }}",
        (
            P(
                "您已放弃在 {{ institution }} 接受的名额（{{ cycle }}），您的申请已撤回。东道院校会收到通知；其已签发的录取文件不再有效。"
            ),
            P("如果这不是您的本意，请立即联系招生办公室。"),
        ),
    ),
    "ru": Message(
        "Отказ от места: {{ cycle }}",
        (
            P(
                "Вы отказались от принятого места в вузе {{ institution }} (конкурс «{{ cycle }}»), и ваша заявка"
                " отозвана. Принимающий вуз уведомлён; выданные им документы о зачислении больше не действуют."
            ),
            P("Если вы не собирались отказываться, сразу свяжитесь с приёмной комиссией."),
        ),
    ),
    "ur": Message(
        "نشست چھوڑ دی گئی: {{ cycle }}",
        (
            P(
                "آپ نے {{ institution }} میں قبول کی گئی نشست ({{ cycle }}) چھوڑ دی ہے، اور آپ کی درخواست واپس لے لی گئی"
                " ہے۔ میزبان ادارے کو اطلاع دی گئی ہے؛ اس کے جاری کردہ داخلے کے کاغذات اب مؤثر نہیں۔"
            ),
            P("اگر آپ کا ارادہ نشست چھوڑنے کا نہیں تھا تو فوراً داخلہ دفتر سے رابطہ کریں۔"),
        ),
    ),
}
REQUIRED["place_given_up_host"] = frozenset({"cycle", "application", "country", "institution"})
STAFF_KINDS = STAFF_KINDS | {"place_given_up_host"}
MESSAGES["place_given_up_host"] = {
    "en": Message(
        "An applicant gave up the place they accepted ({{ cycle }})",
        (
            P(
                "The applicant from {{ country_name }} who accepted the place at {{ institution }} (application"
                " {{ application }}, {{ cycle }}) gave it up and withdrew their application. The place is free again;"
                " admission papers issued for it no longer apply."
            ),
            A("link", optional=True),
        ),
    ),
    "zh": Message(
        "申请人放弃了已接受的名额（{{ cycle }}）",
        (
            P(
                "已接受{{ institution }}名额的来自{{ country_name }}的申请人（申请 {{ application }}，{{ cycle }}）放弃了该名额并"
                "撤回申请。该名额重新空出；为其签发的录取文件不再有效。"
            ),
            A("link", optional=True),
        ),
    ),
    "ru": Message(
        "Заявитель отказался от принятого места ({{ cycle }})",
        (
            P(
                "Заявитель (страна: {{ country_name }}), принявший место в вузе {{ institution }} (заявка"
                " {{ application }}, конкурс «{{ cycle }}»), отказался от него и отозвал заявку. Место снова свободно;"
                " выданные для него документы о зачислении больше не действуют."
            ),
            A("link", optional=True),
        ),
    ),
    "ur": Message(
        "درخواست گزار نے قبول کی گئی نشست چھوڑ دی ({{ cycle }})",
        (
            P(
                "{{ country_name }} کے جس درخواست گزار نے {{ institution }} میں نشست قبول کی تھی (درخواست {{ application }}،"
                " {{ cycle }}) اس نے وہ نشست چھوڑ کر اپنی درخواست واپس لے لی ہے۔ نشست پھر سے خالی ہے؛ اس کے لیے جاری"
                " شدہ داخلے کے کاغذات اب مؤثر نہیں۔"
            ),
            A("link", optional=True),
        ),
    ),
}


# An applicant the home institution endorsed left by their own step: withdrew the application
# (a place given up too) or declined the offer. The coordinators had heard "admitted" and
# nothing after it.
REQUIRED["endorsee_left"] = frozenset({"cycle", "applicant", "left"})
STAFF_KINDS = STAFF_KINDS | {"endorsee_left"}
MESSAGES["endorsee_left"] = {
    "en": Message(
        "{% if left == 'declined' %}Declined{% elif left == 'gave_up' %}Place given up{% else %}Withdrawn{% endif %}:"
        " {{ applicant }} ({{ cycle }})",
        (
            P(
                "{{ applicant }}, whom your institution endorsed for {{ cycle }}, {% if left == 'declined' %}declined"
                " the offer of a place{% elif left == 'gave_up' %}gave up the place they had accepted and withdrew the"
                " application{% else %}withdrew the application{% endif %}. No further decision is needed on it."
            ),
            P(_ENDORSEE_WHERE["en"]),
            A("link", optional=True),
        ),
    ),
    "zh": Message(
        "{% if left == 'declined' %}已拒绝录取{% elif left == 'gave_up' %}已放弃名额{% else %}已撤回申请{% endif %}："
        "{{ applicant }}（{{ cycle }}）",
        (
            P(
                "贵校为{{ cycle }}推荐的{{ applicant }}{% if left == 'declined' %}已拒绝所获名额{% elif left == 'gave_up' %}"
                "已放弃此前接受的名额并撤回申请{% else %}已撤回申请{% endif %}。该申请无需再作任何决定。"
            ),
            P(_ENDORSEE_WHERE["zh"]),
            A("link", optional=True),
        ),
    ),
    "ru": Message(
        "{% if left == 'declined' %}Отказ от предложения{% elif left == 'gave_up' %}Отказ от места{% else %}Заявка"
        " отозвана{% endif %}: {{ applicant }} ({{ cycle }})",
        (
            P(
                "{{ applicant }} (рекомендация вашего вуза, конкурс «{{ cycle }}»): {% if left == 'declined' %}отказ"
                " от предложенного места{% elif left == 'gave_up' %}отказ от принятого места, заявка отозвана{% else %}"
                "заявка отозвана{% endif %}. Решений по этой заявке больше не требуется."
            ),
            P(_ENDORSEE_WHERE["ru"]),
            A("link", optional=True),
        ),
    ),
    "ur": Message(
        "{% if left == 'declined' %}نشست مسترد{% elif left == 'gave_up' %}نشست چھوڑ دی{% else %}درخواست واپس{% endif %}:"
        " {{ applicant }} ({{ cycle }})",
        (
            P(
                "{{ cycle }} کے لیے آپ کے ادارے کی توثیق یافتہ {{ applicant }} نے {% if left == 'declined' %}نشست کی"
                " پیشکش مسترد کر دی ہے{% elif left == 'gave_up' %}قبول کی گئی نشست چھوڑ کر درخواست واپس لے لی"
                " ہے{% else %}درخواست واپس لے لی ہے{% endif %}۔ اس درخواست پر اب کسی فیصلے کی ضرورت نہیں۔"
            ),
            P(_ENDORSEE_WHERE["ur"]),
            A("link", optional=True),
        ),
    ),
}
# The officers of an application that held a place (with the host, admitted or accepted): the
# applicant withdrew it, and the seat is free for the next round (a decline was said; this not).
REQUIRED["place_freed_officers"] = frozenset({"cycle", "country", "institution", "held"})
STAFF_KINDS = STAFF_KINDS | {"place_freed_officers"}
MESSAGES["place_freed_officers"] = {
    "en": Message(
        "A place is free again: {{ institution }} ({{ cycle }})",
        (
            P(
                "An applicant from {{ country_name }} withdrew their application, which {% if held == 'accepted' %}had"
                " accepted a place{% elif held == 'admitted' %}had been admitted{% else %}was with the host for"
                " admission{% endif %} at {{ institution }} ({{ cycle }}). The seat is free: a new matching round can"
                " offer it to another applicant."
            ),
            P("Start the round from the cycle's page in the portal."),
            A("link", optional=True),
        ),
    ),
    "zh": Message(
        "名额重新空出：{{ institution }}（{{ cycle }}）",
        (
            P(
                "一名来自{{ country_name }}的申请人撤回了申请：该申请{% if held == 'accepted' %}已接受{{ institution }}的名额"
                "{% elif held == 'admitted' %}已被{{ institution }}录取{% else %}正由{{ institution }}审核录取{% endif %}"
                "（{{ cycle }}）。该名额已空出：新一轮匹配可将其提供给其他申请人。"
            ),
            P("请在门户网站该招生周期的页面启动新一轮匹配。"),
            A("link", optional=True),
        ),
    ),
    "ru": Message(
        "Место снова свободно: {{ institution }} ({{ cycle }})",
        (
            P(
                "Заявитель (страна: {{ country_name }}) отозвал заявку, по которой {% if held == 'accepted' %}было"
                " принято место{% elif held == 'admitted' %}было зачисление{% else %}ещё решался вопрос о"
                " зачислении{% endif %} в вузе {{ institution }} (конкурс «{{ cycle }}»). Место свободно: новый раунд"
                " распределения может предложить его другому заявителю."
            ),
            P("Запустите раунд на странице конкурса на портале."),
            A("link", optional=True),
        ),
    ),
    "ur": Message(
        "ایک نشست دوبارہ خالی: {{ institution }} ({{ cycle }})",
        (
            P(
                "{{ country_name }} کے ایک درخواست دہندہ نے اپنی درخواست واپس لے لی، جو {% if held == 'accepted' %}"
                "{{ institution }} میں نشست قبول کر چکی تھی{% elif held == 'admitted' %}{{ institution }} میں داخلہ پا"
                " چکی تھی{% else %}{{ institution }} کے داخلے کے فیصلے کی منتظر تھی{% endif %} ({{ cycle }})۔ نشست خالی"
                " ہے: نیا میچنگ راؤنڈ اسے کسی دوسرے درخواست دہندہ کو پیش کر سکتا ہے۔"
            ),
            P("پورٹل میں اس دور کے صفحے سے راؤنڈ شروع کریں۔"),
            A("link", optional=True),
        ),
    ),
}


# A reviewer declared a conflict with an application: it is short of a reviewer until an officer
# assigns again (the application sat at "1 of 2" and nobody heard of it).
REQUIRED["reviewer_conflict"] = frozenset({"cycle", "application", "link"})
STAFF_KINDS = STAFF_KINDS | {"reviewer_conflict"}
MESSAGES["reviewer_conflict"] = {
    "en": Message(
        "A reviewer declared a conflict: application {{ application }} ({{ cycle }})",
        (
            P(
                "A reviewer of application {{ application }} ({{ cycle }}) declared a conflict of interest with it"
                " and no longer reviews it. It is short of a reviewer until you assign reviewers again on the"
                " cycle's scoresheet page (it fills what is missing)."
            ),
            A("link"),
        ),
    ),
    "zh": Message(
        "评审人声明了利益冲突：申请 {{ application }}（{{ cycle }}）",
        (
            P(
                "申请 {{ application }}（{{ cycle }}）的一位评审人声明了利益冲突，不再评审该申请。"
                "在您于本期评分表页面重新分配评审人（会补足缺额）之前，该申请缺少一位评审人。"
            ),
            A("link"),
        ),
    ),
    "ru": Message(
        "Эксперт заявил о конфликте интересов: заявка {{ application }} ({{ cycle }})",
        (
            P(
                "Эксперт заявки {{ application }} ({{ cycle }}) заявил о конфликте интересов и больше её не"
                " оценивает. Заявке не хватает эксперта, пока вы снова не назначите экспертов на странице"
                " оценочного листа набора (назначение восполняет недостающих)."
            ),
            A("link"),
        ),
    ),
    "ur": Message(
        "ایک جائزہ کار نے مفادات کے ٹکراؤ کا اعلان کیا: درخواست {{ application }} ({{ cycle }})",
        (
            P(
                "درخواست {{ application }} ({{ cycle }}) کے ایک جائزہ کار نے اس سے مفادات کے ٹکراؤ کا اعلان کیا ہے"
                " اور اب اس کا جائزہ نہیں لیتا۔ جب تک آپ دور کے اسکور شیٹ صفحے پر دوبارہ جائزہ کار مقرر نہ کریں"
                " (جو کمی پوری کرتا ہے)، اس درخواست کا ایک جائزہ کار کم ہے۔"
            ),
            A("link"),
        ),
    ),
}

# A reviewer's review given to another by an officer: told once, with its list (its old link had
# opened "not found", and nobody had said anything).
REQUIRED["review_given_away"] = frozenset({"cycle", "count", "link"})
STAFF_KINDS = STAFF_KINDS | {"review_given_away"}
MESSAGES["review_given_away"] = {
    "en": Message(
        "Reviews given to another reviewer: {{ count }} ({{ cycle }})",
        (
            P(
                "An officer gave {{ count }} of your reviews in {{ cycle }} to another reviewer. You no longer"
                " review those applications; scores you submitted stay in the journal. Your list:"
            ),
            A("link"),
        ),
    ),
    "zh": Message(
        "评审已交给其他评审人：{{ count }} 份（{{ cycle }}）",
        (
            P(
                "招生官已将您在{{ cycle }}中的 {{ count }} 份评审交给另一位评审人。您不再评审这些申请；您已提交的评分保留在日志中。您的列表："
            ),
            A("link"),
        ),
    ),
    "ru": Message(
        "Рецензии переданы другому эксперту: {{ count }} ({{ cycle }})",
        (
            P(
                "Сотрудник передал другому эксперту ваши рецензии в наборе {{ cycle }}: {{ count }}. Вы больше не"
                " оцениваете эти заявки; отправленные вами оценки остаются в журнале. Ваш список:"
            ),
            A("link"),
        ),
    ),
    "ur": Message(
        "جائزے دوسرے جائزہ کار کو دے دیے گئے: {{ count }} ({{ cycle }})",
        (
            P(
                "ایک افسر نے {{ cycle }} میں آپ کے {{ count }} جائزے دوسرے جائزہ کار کو دے دیے۔ اب آپ ان درخواستوں"
                " کا جائزہ نہیں لیتے؛ آپ کے جمع کرائے گئے اسکور جرنل میں محفوظ رہتے ہیں۔ آپ کی فہرست:"
            ),
            A("link"),
        ),
    ),
}


KINDS = tuple(MESSAGES)

_text_env = Environment(autoescape=False, undefined=StrictUndefined, keep_trailing_newline=False)
_html_env = Environment(autoescape=True, undefined=StrictUndefined)

_HTML_LAYOUT = _html_env.from_string(
    """<!DOCTYPE html>
<html lang="{{ lang }}" dir="{{ dir }}">
<head><meta charset="utf-8"><title>{{ subject }}</title></head>
<body lang="{{ lang }}" dir="{{ dir }}" style="font-family: sans-serif; line-height: 1.5; text-align: {{ align }};">
<p>{{ greeting }}</p>
{% for kind, value, intro in blocks %}{% if kind == "p" %}<p>{{ value }}</p>
{% elif kind == "a" %}<p><bdi dir="ltr"><a href="{{ value }}">{{ value }}</a></bdi></p>
{% else %}{% if intro %}<p>{{ intro }}</p>
{% endif %}<ul>{% for item in value %}<li>{{ item }}</li>{% endfor %}</ul>
{% endif %}{% endfor %}{% if portal_url %}<p>{{ portal_line }}{% if lang != "zh" %} {% endif %}<bdi dir="ltr"><a href="{{ portal_url }}">{{ portal_url }}</a></bdi></p>
{% endif %}{% if contact %}<p>{{ contact_before }}<bdi dir="ltr"><a href="mailto:{{ contact }}">{{ contact }}</a></bdi>{{ contact_after }}</p>
{% endif %}<p style="color: #666666; font-size: small;">{{ footer }}</p>
</body>
</html>
"""
)
_HTML_LAYOUT.globals = dict(_HTML_LAYOUT.globals)  # a plain dict: see _compiled


class TemplateError(ValueError):
    """A kind without templates, or a context missing what the kind needs."""


def pick_language(preferred: str | None) -> str:
    """The applicant's language if we have templates in it ("ru-RU" counts as "ru"), else English."""
    if not preferred:
        return DEFAULT_LANGUAGE
    base = re.split(r"[-_]", preferred.strip().lower(), maxsplit=1)[0]
    return base if base in LANGUAGES else DEFAULT_LANGUAGE


def direction(language: str) -> str:
    return "rtl" if language in RTL_LANGUAGES else "ltr"


Piece = str | tuple[str, ...]  # text as written, or a name and its attributes (``item.programme``)


@dataclass(frozen=True)
class _Compiled:
    template: Template
    names: frozenset[str]  # the context names the source reads
    fixed: str | None  # the text, for a source without template syntax
    # A source of plain substitutions (``{{ name }}``, ``{{ item.programme }}``, nothing else):
    # its text and names in order; None: rendered by Jinja.
    pieces: tuple[Piece, ...] | None = None


# ``{{ name }}`` or ``{{ name.attribute... }}``: no filter, test, call or whitespace control.
_PLAIN = re.compile(r"\{\{ *([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*) *\}\}")
_CONSTANTS = frozenset({"true", "false", "none", "True", "False", "None"})  # literals to Jinja, not names


def _plain_pieces(source: str) -> tuple[Piece, ...] | None:
    """``source`` as text and names when each of its expressions is a plain substitution
    (most of the templates above); None when anything else is in it, or a newline Jinja would
    treat otherwise (a final one is dropped, a CR normalised)."""
    if source.endswith("\n") or "\r" in source:
        return None
    pieces: list[Piece] = []
    at = 0
    for found in _PLAIN.finditer(source):
        path = tuple(found.group(1).split("."))
        if path[0] in _CONSTANTS:
            return None
        pieces += [source[at : found.start()], path]
        at = found.end()
    pieces.append(source[at:])
    if any("{{" in p or "{%" in p or "{#" in p for p in pieces if isinstance(p, str)):
        return None  # syntax left over: a filter, a tag, a comment
    return tuple(p for p in pieces if p != "")


class _NotPlain(Exception):
    """A name or attribute not found: Jinja renders it (and raises as it does)."""


def _plain(pieces: tuple[Piece, ...], context: Mapping[str, Any]) -> str:
    """What Jinja writes for plain substitutions: each value as ``str()``, an attribute looked
    up as Jinja does (the object's attribute, else its item)."""
    out = []
    for piece in pieces:
        if isinstance(piece, str):
            out.append(piece)
            continue
        try:
            value = context[piece[0]]
        except KeyError:
            raise _NotPlain from None
        for attribute in piece[1:]:
            try:
                value = getattr(value, attribute)
            except AttributeError:
                try:
                    value = value[attribute]
                except (TypeError, LookupError, AttributeError):
                    raise _NotPlain from None
        out.append(str(value))
    return "".join(out)


@lru_cache(maxsize=1024)
def _compiled(source: str) -> _Compiled:
    # Compiling a template costs far more than rendering it; the sources are the fixed
    # strings above, so each is compiled once per process.
    template = _text_env.from_string(source)
    # Its globals (the environment's, never changed) as a plain dict: each render copies them,
    # and copying Jinja's ChainMap of them was a third of a render's time.
    template.globals = dict(template.globals)
    names = frozenset(meta.find_undeclared_variables(_text_env.parse(source)))
    # No "{": no variable, tag or comment; its text is the same in any context
    fixed = template.render() if "{" not in source else None
    return _Compiled(template, names, fixed, _plain_pieces(source) if fixed is None else None)


def _text(source: str, context: Mapping[str, Any]) -> str:
    """``source`` rendered in ``context``. A source of plain substitutions is written without
    Jinja (a Jinja render's context and frames cost more than the text: a dozen renders per
    message, two messages per notice); otherwise the template is handed only the names it
    reads: Jinja copies the whole context into each render."""
    compiled = _compiled(source)
    if compiled.fixed is not None:
        return compiled.fixed
    if compiled.pieces is not None:
        try:
            return _plain(compiled.pieces, context)
        except _NotPlain:
            pass  # Jinja's own answer, or its error
    return compiled.template.render({k: context[k] for k in compiled.names if k in context})


def reply_by_date(value: Any, language: str) -> str | None:
    """An ISO date (or date-time) as a person of ``language`` writes it, e.g. "March 15, 2027"."""
    if not value:
        return None
    try:
        day = datetime.fromisoformat(str(value)).date() if len(str(value)) > 10 else date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return format_date(day, format="long", locale=language)


def moment(value: Any, language: str) -> str | None:
    """An ISO date-time as a person of ``language`` writes it, in UTC, e.g. "March 15, 2027, 2:30 PM UTC"."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    when = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    day = format_date(when.date(), format="long", locale=language)
    if Locale.parse(language).character_order == "right-to-left":
        # CLDR's short Urdu time is "2:30 PM" (English letters): the 24-hour clock instead, and
        # the time isolated (FSI ... PDI) so it keeps its order inside right-to-left text
        time = format_skeleton("Hm", when, tzinfo=UTC, locale=language)
        return f"{day} \u2068{time} UTC\u2069"
    # the day and the time joined as the language joins them (CLDR): "2027年2月2日 23:19", no ASCII comma
    joined = str(Locale.parse(language).datetime_formats["medium"])
    return joined.format(f"{format_time(when, format='short', tzinfo=UTC, locale=language)} UTC", day)


# Who a programme is for, as a reason names it ("This programme is only for {required}.").
APPLICANT_TYPE_WORDS: dict[str, dict[str, str]] = {
    "en": {"student": "students", "faculty": "faculty"},
    "zh": {"student": "学生", "faculty": "教师"},
    "ru": {"student": "студенты", "faculty": "преподаватели"},
    "ur": {"student": "طلبہ", "faculty": "اساتذہ"},
}


def _isolated(text: str, language: str) -> str:
    # FSI ... PDI: a number, date or Latin word keeps its order inside right-to-left text
    return f"\u2068{text}\u2069" if language in RTL_LANGUAGES else text


# Values whose words are kept (exact types); a list or a mapping is worded afresh each time.
_KEPT = (str, int, float, bool, type(None))


def _normal(value: Any) -> Any:
    """-0.0 as 0.0: equal as keys, so kept as one (and "0" is what a reader expects)."""
    return value + 0.0 if type(value) is float else value


def reason_param(language: str, key: str, value: Any) -> str:
    """One parameter of a reason by code, as a reader of ``language`` writes it."""
    if type(value) in _KEPT:
        return _reason_param(language, key, _normal(value))
    return _word_param(language, key, value)


def _word_param(language: str, key: str, value: Any) -> str:
    locale = Locale.parse(language)
    if key == "nationality":
        return country_name(language, str(value))
    if key == "eligible":
        values = value if isinstance(value, (list, tuple)) else [value]
        return format_list([country_name(language, str(v)) for v in values], locale=language)
    if key == "required":
        return APPLICANT_TYPE_WORDS[language].get(str(value), str(value))
    if key == "kind":
        return DOCUMENT_KIND_WORDS[language].get(str(value), str(value))
    if key == "language":
        return locale.languages.get(str(value), str(value))
    if key == "on" or key.endswith("_on"):
        return _isolated(reply_by_date(value, language) or "", language)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _isolated(format_decimal(value, locale=language, decimal_quantization=False), language)
    return _isolated(str(value).upper() if key == "by" else str(value), language)


# A round's reasons repeat the same scores, dates and countries across applicants, and babel's
# formatting of one (~50 µs) was most of a waitlist notice's wording. typed: True and 1 are
# different words.
_reason_param = lru_cache(maxsize=16384, typed=True)(_word_param)


def reasons_in(language: str, reasons: Any) -> list[Any]:
    """Each reason of a notice (``{"programme", "reason", "code"?, "params"?}``) with its
    ``reason`` worded by code in ``language``; one without a known code keeps the service's text."""
    out = []
    for item in reasons or ():
        if isinstance(item, Mapping) and item.get("code"):
            text = _worded_reason(language, str(item["code"]), item.get("params") or {})
            item = {**item, "reason": text} if text is not None else item
        out.append(item)
    return out


def _worded_reason(language: str, code: str, params: Mapping[str, Any]) -> str | None:
    if all(type(v) in _KEPT for v in params.values()):
        # the params as a key: (name, type, value), so True and 1 stay apart
        return _worded(language, code, tuple(sorted((k, type(v).__name__, _normal(v)) for k, v in params.items())))
    return worded(language, {"code": code, "params": dict(params)}, reason_param)  # a list: afresh


@lru_cache(maxsize=8192)
def _worded(language: str, code: str, params: tuple[tuple[str, str, Any], ...]) -> str | None:
    """A reason's words by (language, code, params): a round's notices repeat the same few (a
    programme's lowest held score, the same caps), and wording one with babel's numbers and
    names costs more than the rest of the message."""
    return worded(language, {"code": code, "params": {k: v for k, _type, v in params}}, reason_param)


def _link(value: Any) -> str:
    link = str(value or "")
    if urlsplit(link).scheme not in ("https", "http"):
        raise TemplateError("a link must be an http(s) URL")
    return link


# A Chinese sentence puts no space between two of its own characters: the templates space a
# catalog name off for a name in Latin letters ("安排到 Xinjiang Medical University 的"), and a
# name given in Chinese would keep those spaces ("安排到 新疆医科大学 的"). Only those spaces go:
# a name's edge in Chinese is marked before rendering (private-use characters), and a template's
# space between it and a Chinese character is dropped; text a person wrote (a message, a note,
# a reason) keeps its spaces as written. CJK ideographs and punctuation, the full-width forms.
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_STARTS_CJK, _ENDS_CJK = re.compile(f"^[{_CJK}]"), re.compile(f"[{_CJK}]$")
_NAME_STARTS, _NAME_ENDS = "\ue000", "\ue001"
_SPACE_BEFORE_NAME = re.compile(f"(?<=[{_CJK}]) +(?={_NAME_STARTS})")
_SPACE_AFTER_NAME = re.compile(f"(?<={_NAME_ENDS}) +(?=[{_CJK}]|{_NAME_STARTS})")
# the context's catalog names (domain/catalog_names.py), and the authority's as award_words gives it
_MARKED_NAMES = (*NAMED_FIELDS, "authority_name")


def _marked(value: Any) -> Any:
    if not isinstance(value, str) or not value:
        return value
    head = _NAME_STARTS if _STARTS_CJK.search(value) else ""
    return head + value + (_NAME_ENDS if _ENDS_CJK.search(value) else "")


def _names_marked(context: dict[str, Any]) -> dict[str, Any]:
    out = {k: _marked(v) if k in _MARKED_NAMES else v for k, v in context.items()}
    for key in NAMED_LISTS:
        if isinstance(out.get(key), list):
            out[key] = [
                {k: _marked(v) if k in NAMED_IN_ITEMS else v for k, v in item.items()}
                if isinstance(item, dict)
                else _marked(item)
                for item in out[key]
            ]
    return out


# Text a person wrote (a host's note, an authority's reason, an officer's message) is in their
# language and script, whatever the notice's: in a right-to-left notice an English note lost its
# full stop and quotes to the wrong side. Its edges are marked before rendering; the HTML part
# isolates it (<bdi dir="auto">), the text part of a right-to-left notice with FSI ... PDI, the
# others drop the marks.
_WRITTEN = ("note", "reason", "message", "body")
_WRITTEN_STARTS, _WRITTEN_ENDS = "\ue002", "\ue003"


def _written_marked(context: dict[str, Any]) -> dict[str, Any]:
    return {
        k: f"{_WRITTEN_STARTS}{v}{_WRITTEN_ENDS}" if k in _WRITTEN and isinstance(v, str) and v.strip() else v
        for k, v in context.items()
    }


def _written_plain(text: str, language: str) -> str:
    if language in RTL_LANGUAGES:
        return text.replace(_WRITTEN_STARTS, "\u2068").replace(_WRITTEN_ENDS, "\u2069")
    return text.replace(_WRITTEN_STARTS, "").replace(_WRITTEN_ENDS, "")


def _written_html(text: str) -> Markup:
    escaped = str(escape(text))
    return Markup(escaped.replace(_WRITTEN_STARTS, '<bdi dir="auto">').replace(_WRITTEN_ENDS, "</bdi>"))


def _cjk_fitted(text: str) -> str:
    text = _SPACE_AFTER_NAME.sub("", _SPACE_BEFORE_NAME.sub("", text))
    return text.replace(_NAME_STARTS, "").replace(_NAME_ENDS, "")


def _as_is(text: str) -> str:
    return text


# What a place comes with (a programme's award: shared.events.catalog.Award), as an offer says it.
_PLACE_WORDS: dict[str, dict[str, Any]] = {
    "en": {
        "covers": "The scholarship covers {covers}.",
        "month": "Stipend: {amount} {currency} a month.",
        "year": "Stipend: {amount} {currency} a year.",
        "months": ("Length: {n} month.", "Length: {n} months."),
    },
    "zh": {
        "covers": "奖学金涵盖：{covers}。",
        "month": "生活费：每月 {amount} {currency}。",
        "year": "生活费：每年 {amount} {currency}。",
        "months": ("期限：{n} 个月。", "期限：{n} 个月。"),
    },
    "ru": {
        "covers": "Оплачивается: {covers}.",
        "month": "Стипендия: {amount} {currency} в месяц.",
        "year": "Стипендия: {amount} {currency} в год.",
        "months": ("Срок: {n} мес.", "Срок: {n} мес."),
    },
    "ur": {
        "covers": "اسکالرشپ میں شامل: {covers}۔",
        "month": "وظیفہ: {amount} {currency} ماہانہ۔",
        "year": "وظیفہ: {amount} {currency} سالانہ۔",
        "months": ("مدت: {n} ماہ۔", "مدت: {n} ماہ۔"),
    },
}  # fmt: skip


def place_terms(context: Mapping[str, Any], language: str) -> str:
    """What the offered place comes with (``context["place"]``, the programme's award) in
    ``language``: what the scholarship covers, the stipend, how long; "" when nothing is said."""
    place = context.get("place")
    if not isinstance(place, Mapping):
        return ""
    words = _PLACE_WORDS.get(language, _PLACE_WORDS["en"])
    said = []
    covers = [COVER_WORDS[c].get(language, COVER_WORDS[c]["en"]) for c in place.get("covers") or [] if c in COVER_WORDS]
    if covers:
        said.append(words["covers"].format(covers=format_list(covers, locale=language)))
    amount, currency = place.get("stipend_amount"), place.get("stipend_currency")
    if isinstance(amount, (int, float)) and currency:
        per = "year" if place.get("stipend_per") == "year" else "month"
        written = format_decimal(amount, locale=language, decimal_quantization=False)
        said.append(words[per].format(amount=_isolated(written, language), currency=_isolated(str(currency), language)))
    months = place.get("months")
    if isinstance(months, int) and months > 0:
        said.append(words["months"][0 if months == 1 else 1].format(n=_isolated(str(months), language)))
    # Chinese ends each with a full-width stop, its own space ("住宿。 期限" read as a slip)
    return ("" if language == "zh" else " ").join(said)


def render(
    kind: str,
    preferred_language: str | None,
    context: Mapping[str, Any],
    extras: Extras | None = None,
    *,
    html: bool = True,
) -> RenderedMessage:
    """Render ``kind`` in the recipient's language (English when we lack it); ``extras``
    (e-mails) add the portal link and the contact line. ``html=False``: no HTML part (empty;
    an inbox entry keeps the subject and the text only)."""
    if kind not in MESSAGES:
        raise TemplateError(f"no templates for {kind!r}")
    missing = REQUIRED[kind] - set(context)
    if missing:
        raise TemplateError(f"{kind}: context lacks {sorted(missing)}")
    lang = pick_language(preferred_language)
    context = {
        **context,
        "reply_by_date": reply_by_date(context.get("reply_by"), lang),
        "expires": moment(context.get("expires_at"), lang),
        **document_words(context, lang),
        "paper_words": PAPER_WORDS[lang].get(str(context.get("paper") or ""), ""),
        **award_words(context, lang),
        **deadline_words(context, lang),
        "place_terms": place_terms(context, lang),
    }
    if "reasons" in context:
        context["reasons"] = reasons_in(lang, context["reasons"])
    message = MESSAGES[kind].get(lang) or MESSAGES[kind][DEFAULT_LANGUAGE]
    fit = _cjk_fitted if lang == "zh" else _as_is
    if lang == "zh":
        context = _names_marked(context)
    context = _written_marked(context)  # after the words worked out of a reason's code
    # A subject is one header line whatever the data holds.
    subject = _written_plain(fit(" ".join(_text(message.subject, context).split())), "")
    greeting = _written_plain(fit(_text(message.greeting or GREETING[lang], context)), "")
    blocks: list[tuple[str, Any, str | None]] = []
    for part in message.parts:
        if isinstance(part, A):
            if not (part.optional and not context.get(part.key)):
                blocks.append(("a", _link(context.get(part.key)), None))
        elif isinstance(part, P):
            paragraph = fit(_text(part.text, context))
            if lang == "ru":  # a long date ends in "г.": a sentence ending on it takes no second full stop
                paragraph = paragraph.replace("г..", "г.")
            if paragraph.strip():  # a conditional paragraph may be empty
                blocks.append(("p", paragraph, None))
        else:
            items = [fit(_text(part.item, {**context, "item": item})) for item in context.get(part.key) or ()]
            if items:
                blocks.append(("l", items, fit(_text(part.intro, context)) if part.intro else None))
    footer = FOOTER[lang]
    portal_line = PORTAL_LINE[lang]
    contact_line = _text(CONTACT_LINE[lang], {"contact": extras.contact_email}) if extras else ""

    lines = [greeting, ""]
    for kind_, value, intro in blocks:
        if kind_ in ("p", "a"):
            lines += [_written_plain(value, lang), ""]
        else:
            if intro:
                lines.append(_written_plain(intro, lang))
            lines += [f"- {_written_plain(item, lang)}" for item in value]
            lines.append("")
    if extras:
        # no space after Chinese's full-width colon
        lines += [f"{portal_line}{'' if lang == 'zh' else ' '}{extras.portal_url}", contact_line, ""]
    lines += ["--", footer, ""]
    text = "\n".join(lines)

    dir_ = direction(lang)
    if not html:
        return RenderedMessage(kind=kind, language=lang, direction=dir_, subject=subject, text=text, html="")
    html_blocks = [
        (
            kind_,
            _written_html(value) if kind_ == "p" else [_written_html(i) for i in value] if kind_ == "l" else value,
            _written_html(intro) if intro else intro,
        )
        for kind_, value, intro in blocks
    ]
    page = _HTML_LAYOUT.render(
        lang=lang,
        dir=dir_,
        align="right" if dir_ == "rtl" else "left",
        subject=subject,
        greeting=greeting,
        blocks=html_blocks,
        footer=footer,
        portal_line=portal_line,
        portal_url=extras.portal_url if extras else None,
        contact=extras.contact_email if extras else None,
        contact_before=_text(CONTACT_LINE[lang].split("{{ contact }}")[0], {}),
        contact_after=_text(CONTACT_LINE[lang].split("{{ contact }}")[1], {}),
    )
    return RenderedMessage(kind=kind, language=lang, direction=dir_, subject=subject, text=text, html=page)
