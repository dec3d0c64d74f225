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
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from babel.dates import format_date
from jinja2 import Environment, StrictUndefined

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
class Message:
    subject: str
    parts: tuple[P | L, ...]
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
}

# Kinds sent to staff accounts (account.upserted), not to applicants.
STAFF_KINDS = frozenset({"round_completed"})

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

GREETING = {
    "en": "Dear {{ name }},",
    "zh": "尊敬的{{ name }}：",
    "ru": "Здравствуйте, {{ name }}!",
    "ur": "محترم {{ name }}،",
}

FOOTER = {
    "en": "Corridor admissions office. This message was sent automatically; please do not reply.",
    "zh": "Corridor 招生办公室。此邮件由系统自动发送，请勿回复。",
    "ru": "Приёмная комиссия Corridor. Это письмо отправлено автоматически, отвечать на него не нужно.",
    "ur": "Corridor داخلہ دفتر۔ یہ پیغام خودکار طور پر بھیجا گیا ہے، براہ کرم اس کا جواب نہ دیں۔",
}

_REASON = "{{ item.programme }}: {{ item.reason }}"
_REASON_ZH = "{{ item.programme }}：{{ item.reason }}"

MESSAGES: dict[str, dict[str, Message]] = {
    "application_submitted": {
        "en": Message(
            "Application received: {{ cycle }}",
            (
                P("We have received your application for {{ cycle }}."),
                L("programmes", "{{ item }}", intro="Your choices, in order of preference:"),
                P(
                    "You can follow its status in the Corridor portal. We will write again when the matching round has been decided."
                ),
            ),
        ),
        "zh": Message(
            "已收到您的申请：{{ cycle }}",
            (
                P("我们已收到您对 {{ cycle }} 的申请。"),
                L("programmes", "{{ item }}", intro="您的志愿（按优先顺序）："),
                P("您可以在 Corridor 门户网站查看申请状态。匹配轮次结果确定后，我们会再次通知您。"),
            ),
        ),
        "ru": Message(
            "Заявка получена: {{ cycle }}",
            (
                P("Мы получили вашу заявку на {{ cycle }}."),
                L("programmes", "{{ item }}", intro="Выбранные вами программы в порядке предпочтения:"),
                P(
                    "Следить за статусом заявки можно на портале Corridor. Мы напишем вам снова, когда станут известны результаты распределения."
                ),
            ),
        ),
        "ur": Message(
            "درخواست موصول ہو گئی: {{ cycle }}",
            (
                P("ہمیں {{ cycle }} کے لیے آپ کی درخواست موصول ہو گئی ہے۔"),
                L("programmes", "{{ item }}", intro="آپ کے منتخب پروگرام، ترجیح کے لحاظ سے:"),
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
                P("Ваша заявка на {{ cycle }} отозвана и не будет участвовать в распределении."),
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
                P("Please accept or decline the offer in the Corridor portal."),
                P("{% if reply_by_date %}Please reply by {{ reply_by_date }}.{% endif %}"),
            ),
        ),
        "zh": Message(
            "录取通知：{{ programme }}",
            (
                P("好消息：您已获得 {{ institution }} {{ programme }} 项目的名额（{{ cycle }}）。"),
                P("请在 Corridor 门户网站接受或拒绝该录取。"),
                P("{% if reply_by_date %}请在 {{ reply_by_date }} 之前答复。{% endif %}"),
            ),
        ),
        "ru": Message(
            "Предложение места: {{ programme }}",
            (
                P(
                    "Хорошие новости: вам предложено место на программе «{{ programme }}» (принимающая организация: {{ institution }}, {{ cycle }})."
                ),
                P("Примите или отклоните предложение на портале Corridor."),
                P("{% if reply_by_date %}Ответьте, пожалуйста, до {{ reply_by_date }}.{% endif %}"),
            ),
        ),
        "ur": Message(
            "داخلے کی پیشکش: {{ programme }}",
            (
                P(
                    "خوشخبری: آپ کو {{ institution }} میں {{ programme }} پروگرام میں داخلے کی پیشکش کی گئی ہے ({{ cycle }})۔"
                ),
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
                    "По итогам раунда распределения {{ cycle }} место вам пока не досталось, но вы включены в лист ожидания:"
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
                    "К сожалению, по итогам раунда распределения {{ cycle }} вас не удалось зачислить ни на одну из выбранных программ."
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
                    "Вы приняли предложение, и ваше место на программе «{{ programme }}» (принимающая организация: {{ institution }}, {{ cycle }}) подтверждено."
                ),
                P("Принимающая организация свяжется с вами по поводу дальнейших шагов."),
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
    "match_rejected": {
        "en": Message(
            "A message about your application: {{ cycle }}",
            (
                P("An admissions officer has reviewed your application for {{ cycle }} and has a message for you:"),
                P("{{ message }}"),
                P("You can follow your application in the Corridor portal."),
            ),
        ),
        "zh": Message(
            "关于您申请的留言：{{ cycle }}",
            (
                P("招生官已审核您对 {{ cycle }} 的申请，并给您留言："),
                P("{{ message }}"),
                P("您可以在 Corridor 门户网站查看申请进展。"),
            ),
        ),
        "ru": Message(
            "Сообщение по вашей заявке: {{ cycle }}",
            (
                P("Сотрудник приёмной комиссии рассмотрел вашу заявку на {{ cycle }} и оставил вам сообщение:"),
                P("{{ message }}"),
                P("Следить за заявкой можно на портале Corridor."),
            ),
        ),
        "ur": Message(
            "آپ کی درخواست کے بارے میں پیغام: {{ cycle }}",
            (
                P("داخلہ افسر نے {{ cycle }} کے لیے آپ کی درخواست کا جائزہ لیا ہے اور آپ کے لیے یہ پیغام لکھا ہے:"),
                P("{{ message }}"),
                P("آپ Corridor پورٹل پر اپنی درخواست دیکھ سکتے ہیں۔"),
            ),
        ),
    },
    "round_completed": {
        "en": Message(
            "Matching round completed: {{ cycle }}",
            (
                P(
                    "Matching round {{ round_id }} for {{ cycle }} has finished: {{ matched }} matched, {{ waitlisted }} waitlisted, {{ unmatched }} unmatched."
                ),
                P("The proposed matches await your review in the officer console."),
            ),
            greeting="Hello,",
        ),
        "zh": Message(
            "匹配轮次已完成：{{ cycle }}",
            (
                P(
                    "{{ cycle }} 的匹配轮次 {{ round_id }} 已完成：匹配 {{ matched }} 人，候补 {{ waitlisted }} 人，未匹配 {{ unmatched }} 人。"
                ),
                P("拟定的匹配结果等待您在招生官控制台审核。"),
            ),
            greeting="您好：",
        ),
        "ru": Message(
            "Раунд распределения завершён: {{ cycle }}",
            (
                P(
                    "Раунд распределения {{ round_id }} для {{ cycle }} завершён: распределено — {{ matched }}, в листе ожидания — {{ waitlisted }}, без места — {{ unmatched }}."
                ),
                P("Предложенные распределения ожидают вашей проверки в консоли сотрудника."),
            ),
            greeting="Здравствуйте!",
        ),
        "ur": Message(
            "میچنگ راؤنڈ مکمل: {{ cycle }}",
            (
                P(
                    "{{ cycle }} کا میچنگ راؤنڈ {{ round_id }} مکمل ہو گیا ہے: {{ matched }} میچ ہوئے، {{ waitlisted }} انتظار کی فہرست میں، {{ unmatched }} بغیر جگہ کے۔"
                ),
                P("تجویز کردہ میچ افسر کنسول میں آپ کے جائزے کے منتظر ہیں۔"),
            ),
            greeting="السلام علیکم،",
        ),
    },
}

LANGUAGES = ("en", "zh", "ru", "ur")
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
{% else %}{% if intro %}<p>{{ intro }}</p>
{% endif %}<ul>{% for item in value %}<li>{{ item }}</li>{% endfor %}</ul>
{% endif %}{% endfor %}{% if portal_url %}<p>{{ portal_line }} <bdi dir="ltr"><a href="{{ portal_url }}">{{ portal_url }}</a></bdi></p>
{% endif %}{% if contact %}<p>{{ contact_before }}<bdi dir="ltr"><a href="mailto:{{ contact }}">{{ contact }}</a></bdi>{{ contact_after }}</p>
{% endif %}<p style="color: #666666; font-size: small;">{{ footer }}</p>
</body>
</html>
"""
)


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


@lru_cache(maxsize=1024)
def _compiled(source: str):
    # Compiling a template costs far more than rendering it; the sources are the fixed
    # strings above, so each is compiled once per process.
    return _text_env.from_string(source)


def _text(source: str, context: Mapping[str, Any]) -> str:
    return _compiled(source).render(context)


def reply_by_date(value: Any, language: str) -> str | None:
    """An ISO date (or date-time) as a person of ``language`` writes it, e.g. "March 15, 2027"."""
    if not value:
        return None
    try:
        day = datetime.fromisoformat(str(value)).date() if len(str(value)) > 10 else date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return format_date(day, format="long", locale=language)


def render(
    kind: str, preferred_language: str | None, context: Mapping[str, Any], extras: Extras | None = None
) -> RenderedMessage:
    """Render ``kind`` in the recipient's language (English when we lack it); ``extras``
    (e-mails) add the portal link and the contact line."""
    if kind not in MESSAGES:
        raise TemplateError(f"no templates for {kind!r}")
    missing = REQUIRED[kind] - set(context)
    if missing:
        raise TemplateError(f"{kind}: context lacks {sorted(missing)}")
    lang = pick_language(preferred_language)
    context = {**context, "reply_by_date": reply_by_date(context.get("reply_by"), lang)}
    message = MESSAGES[kind].get(lang) or MESSAGES[kind][DEFAULT_LANGUAGE]
    # A subject is one header line whatever the data holds.
    subject = " ".join(_text(message.subject, context).split())
    greeting = _text(message.greeting or GREETING[lang], context)
    blocks: list[tuple[str, Any, str | None]] = []
    for part in message.parts:
        if isinstance(part, P):
            paragraph = _text(part.text, context)
            if paragraph.strip():  # a conditional paragraph may be empty
                blocks.append(("p", paragraph, None))
        else:
            items = [_text(part.item, {**context, "item": item}) for item in context.get(part.key) or ()]
            if items:
                blocks.append(("l", items, _text(part.intro, context) if part.intro else None))
    footer = FOOTER[lang]
    portal_line = PORTAL_LINE[lang]
    contact_line = _text(CONTACT_LINE[lang], {"contact": extras.contact_email}) if extras else ""

    lines = [greeting, ""]
    for kind_, value, intro in blocks:
        if kind_ == "p":
            lines += [value, ""]
        else:
            if intro:
                lines.append(intro)
            lines += [f"- {item}" for item in value]
            lines.append("")
    if extras:
        lines += [f"{portal_line} {extras.portal_url}", contact_line, ""]
    lines += ["--", footer, ""]
    text = "\n".join(lines)

    dir_ = direction(lang)
    html = _HTML_LAYOUT.render(
        lang=lang,
        dir=dir_,
        align="right" if dir_ == "rtl" else "left",
        subject=subject,
        greeting=greeting,
        blocks=blocks,
        footer=footer,
        portal_line=portal_line,
        portal_url=extras.portal_url if extras else None,
        contact=extras.contact_email if extras else None,
        contact_before=_text(CONTACT_LINE[lang].split("{{ contact }}")[0], {}),
        contact_after=_text(CONTACT_LINE[lang].split("{{ contact }}")[1], {}),
    )
    return RenderedMessage(kind=kind, language=lang, direction=dir_, subject=subject, text=text, html=html)
