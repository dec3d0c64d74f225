"""Message templates per kind of notification and language (pure: no I/O).

Every message is a subject plus a sequence of parts (paragraphs and bulleted lists), each
a small Jinja template. The parts are rendered as plain text first; the plain-text e-mail
joins them, and the HTML e-mail puts the same strings into an autoescaped layout, so a
name such as ``<b>Ali</b>`` is shown literally and can never inject markup. Undefined
variables are errors (StrictUndefined), so a missing value never leaves a hole.

Languages: English (the fallback), Chinese, Russian and Urdu. Urdu is right-to-left: its
HTML carries ``lang="ur" dir="rtl"``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

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
    "round_completed": frozenset({"cycle", "round_id", "matched", "waitlisted", "unmatched"}),
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
            ),
        ),
        "zh": Message(
            "录取通知：{{ programme }}",
            (
                P("好消息：您已获得 {{ institution }} {{ programme }} 项目的名额（{{ cycle }}）。"),
                P("请在 Corridor 门户网站接受或拒绝该录取。"),
            ),
        ),
        "ru": Message(
            "Предложение места: {{ programme }}",
            (
                P(
                    "Хорошие новости: вам предложено место на программе «{{ programme }}» (принимающая организация: {{ institution }}, {{ cycle }})."
                ),
                P("Примите или отклоните предложение на портале Corridor."),
            ),
        ),
        "ur": Message(
            "داخلے کی پیشکش: {{ programme }}",
            (
                P(
                    "خوشخبری: آپ کو {{ institution }} میں {{ programme }} پروگرام میں داخلے کی پیشکش کی گئی ہے ({{ cycle }})۔"
                ),
                P("براہ کرم Corridor پورٹل پر یہ پیشکش قبول یا مسترد کریں۔"),
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
{% endif %}{% endfor %}<p style="color: #666666; font-size: small;">{{ footer }}</p>
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


def render(kind: str, preferred_language: str | None, context: Mapping[str, Any]) -> RenderedMessage:
    """Render ``kind`` in the applicant's language (English when we lack it)."""
    if kind not in MESSAGES:
        raise TemplateError(f"no templates for {kind!r}")
    missing = REQUIRED[kind] - set(context)
    if missing:
        raise TemplateError(f"{kind}: context lacks {sorted(missing)}")
    lang = pick_language(preferred_language)
    message = MESSAGES[kind].get(lang) or MESSAGES[kind][DEFAULT_LANGUAGE]
    # A subject is one header line whatever the data holds.
    subject = " ".join(_text(message.subject, context).split())
    greeting = _text(message.greeting or GREETING[lang], context)
    blocks: list[tuple[str, Any, str | None]] = []
    for part in message.parts:
        if isinstance(part, P):
            blocks.append(("p", _text(part.text, context), None))
        else:
            items = [_text(part.item, {**context, "item": item}) for item in context.get(part.key) or ()]
            if items:
                blocks.append(("l", items, _text(part.intro, context) if part.intro else None))
    footer = FOOTER[lang]

    lines = [greeting, ""]
    for kind_, value, intro in blocks:
        if kind_ == "p":
            lines += [value, ""]
        else:
            if intro:
                lines.append(intro)
            lines += [f"- {item}" for item in value]
            lines.append("")
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
    )
    return RenderedMessage(kind=kind, language=lang, direction=dir_, subject=subject, text=text, html=html)
