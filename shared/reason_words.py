"""Reasons by code, in words: one table for every place that tells a person why.

Eligibility (``shared.eligibility``) and matching rounds give each reason a stable ``code``
and ``params`` beside an English ``text``. The portal (pages) and the notifications service
(e-mails) word a reason from here, in the reader's language: ``SENTENCES`` names the
English sentence of a code that its params can fill, ``TRANSLATIONS`` has that sentence in
Chinese, Russian and Urdu (the same placeholders). How a parameter is shown (a country's
name, a number in the reader's form, isolated in right-to-left text) is the caller's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

# code -> the English sentence, chosen by the params given (the first whose names the params hold)
SENTENCES: dict[str, list[tuple[frozenset[str], str]]] = {
    "eligibility.other_cycle": [(frozenset(), "This programme belongs to another cycle.")],
    "eligibility.nationality": [
        (
            frozenset({"nationality", "eligible"}),
            "Applicants from {nationality} cannot choose this programme in this cycle (open to: {eligible}).",
        )
    ],
    "eligibility.host_country": [
        (
            frozenset({"nationality"}),
            "This programme is hosted in {nationality} and is for exchange participants from abroad.",
        )
    ],
    "eligibility.applicant_type": [(frozenset({"required"}), "This programme is only for {required}.")],
    "eligibility.no_grade": [(frozenset({"min_grade"}), "Enter your grade: at least {min_grade} is required.")],
    "eligibility.grade_below": [
        (frozenset({"grade", "min_grade"}), "Your grade {grade} is below the required {min_grade}.")
    ],
    "eligibility.certificate_missing": [
        (
            frozenset({"certificate", "min_level"}),
            "Certificate required: {certificate}, level {min_level} or higher; none was given.",
        ),
        (frozenset({"certificate"}), "Certificate required: {certificate}; none was given."),
    ],
    "eligibility.certificate_below": [
        (
            frozenset({"certificate", "level", "min_level"}),
            "Your {certificate} level {level} is below the required {min_level}.",
        )
    ],
    "eligibility.too_old": [
        (frozenset({"age", "on", "max_age"}), "Age on {on}: {age}; the limit is {max_age}."),
    ],
    "eligibility.document_missing": [(frozenset({"kind"}), "Required document missing: {kind}")],
    "eligibility.document_rejected": [
        (frozenset({"kind"}), "Required document rejected: upload a new version of your {kind}")
    ],
    "eligibility.not_in_catalog": [(frozenset(), "This programme is no longer offered.")],
    "eligibility.letters_missing": [
        (frozenset({"received", "required"}), "Recommendation letters received: {received} of {required}.")
    ],
    "eligibility.document_not_attested": [
        (frozenset({"kind", "by"}), "The {kind} must be attested by {by}."),
        (frozenset({"kind"}), "The {kind} must be attested."),
    ],
    "eligibility.document_not_translated": [
        (frozenset({"kind", "language"}), "The {kind} needs a certified translation into {language}."),
    ],
    "eligibility.document_not_nostrified": [(frozenset({"kind"}), "The {kind} must be nostrified.")],
    # a matching round's reasons (services/matching/service/rounds.py)
    "round.unknown_programme": [(frozenset(), "This programme is not offered in this round.")],
    "round.rejected": [
        (frozenset({"message"}), "An officer did not approve this choice: {message}"),
        (frozenset(), "An officer did not approve this choice."),
    ],
    "round.host_rejected": [
        (frozenset({"message"}), "The host institution did not admit you to this choice: {message}"),
        (frozenset(), "The host institution did not admit you to this choice."),
    ],
    "round.programme_full": [
        (frozenset({"lowest", "yours", "tie"}), "All seats are taken; a tie at your score ({yours}) was drawn by lot."),
        (
            frozenset({"lowest", "yours"}),
            "All seats are taken: the lowest score holding a seat is {lowest}, yours is {yours}.",
        ),
        (frozenset({"no_seats"}), "This programme has no seats in this round."),
        (frozenset({"held_earlier"}), "All seats are held by places confirmed in earlier rounds."),
    ],
    "round.cap_full": [
        (
            frozenset({"quota"}),
            "The quota “{quota}” that this programme counts towards is full (the programme itself may have seats left).",
        ),
        (frozenset(), "A quota covering this programme is full (the programme itself may have seats left)."),
    ],
    "round.document_rejected": [
        (
            frozenset({"kind"}),
            "A required document was rejected: {kind}. Upload a new version to compete for this programme.",
        )
    ],
    "round.place_held": [
        (
            frozenset({"programme"}),
            "You have already accepted a place that begins at the same time ({programme}), so this programme is no longer offered to you: only one place can be accepted.",
        )
    ],
    "round.waitlist_position": [(frozenset({"position"}), "Waiting list, position {position}")],
}

TRANSLATIONS: dict[str, dict[str, str]] = {
    "This programme belongs to another cycle.": {
        "zh": "该项目属于另一个招生周期。",
        "ru": "Эта программа относится к другому циклу.",
        "ur": "یہ پروگرام کسی دوسرے داخلہ دور کا ہے۔",
    },
    "Applicants from {nationality} cannot choose this programme in this cycle (open to: {eligible}).": {
        "zh": "本周期中，来自{nationality}的申请人不能选择该项目（开放对象：{eligible}）。",
        "ru": "В этом цикле заявители из страны «{nationality}» не могут выбрать эту программу (она открыта для: {eligible}).",
        "ur": "اس دور میں {nationality} کے درخواست دہندگان یہ پروگرام منتخب نہیں کر سکتے (اہل ممالک: {eligible})۔",
    },
    "This programme is hosted in {nationality} and is for exchange participants from abroad.": {
        "zh": "该项目设在{nationality}，面向来自国外的交换人员。",
        "ru": "Эта программа проводится в стране «{nationality}» и предназначена для участников обмена из-за рубежа.",
        "ur": "یہ پروگرام {nationality} میں ہے اور بیرونِ ملک سے آنے والے تبادلہ شرکاء کے لیے ہے۔",
    },
    "This programme is only for {required}.": {
        "zh": "该项目仅面向{required}。",
        "ru": "Эта программа только для категории: {required}.",
        "ur": "یہ پروگرام صرف {required} کے لیے ہے۔",
    },
    "Enter your grade: at least {min_grade} is required.": {
        "zh": "请填写您的成绩：至少需要 {min_grade}。",
        "ru": "Укажите ваш средний балл: требуется не ниже {min_grade}.",
        "ur": "اپنا گریڈ درج کریں: کم از کم {min_grade} درکار ہے۔",
    },
    "Your grade {grade} is below the required {min_grade}.": {
        "zh": "您的成绩 {grade} 低于要求的 {min_grade}。",
        "ru": "Ваш средний балл {grade} ниже требуемого {min_grade}.",
        "ur": "آپ کا گریڈ {grade} مطلوبہ {min_grade} سے کم ہے۔",
    },
    "Certificate required: {certificate}, level {min_level} or higher; none was given.": {
        "zh": "需要 {min_level} 级 {certificate} 证书；尚未提供。",
        "ru": "Требуется сертификат {certificate} уровня {min_level}; он не указан.",
        "ur": "سطح {min_level} کا {certificate} سرٹیفکیٹ درکار ہے؛ کوئی نہیں دیا گیا۔",
    },
    "Certificate required: {certificate}; none was given.": {
        "zh": "需要 {certificate} 证书；尚未提供。",
        "ru": "Требуется сертификат {certificate}; он не указан.",
        "ur": "{certificate} سرٹیفکیٹ درکار ہے؛ کوئی نہیں دیا گیا۔",
    },
    "Your {certificate} level {level} is below the required {min_level}.": {
        "zh": "您的 {certificate} 等级 {level} 低于要求的 {min_level}。",
        "ru": "Ваш уровень {certificate} {level} ниже требуемого {min_level}.",
        "ur": "آپ کی {certificate} سطح {level} مطلوبہ {min_level} سے کم ہے۔",
    },
    "Age on {on}: {age}; the limit is {max_age}.": {
        "zh": "截至 {on} 的年龄：{age}；上限为 {max_age}。",
        "ru": "Возраст на {on}: {age}; предел: {max_age}.",
        "ur": "{on} کو عمر: {age}؛ حد {max_age} ہے۔",
    },
    "Required document missing: {kind}": {
        "zh": "缺少所需材料：{kind}",
        "ru": "Не хватает обязательного документа: {kind}",
        "ur": "مطلوبہ دستاویز موجود نہیں: {kind}",
    },
    "Required document rejected: upload a new version of your {kind}": {
        "zh": "所需材料被退回：请重新上传{kind}",
        "ru": "Обязательный документ отклонён: загрузите новую версию ({kind})",
        "ur": "مطلوبہ دستاویز مسترد ہو گئی: اپنی {kind} کا نیا ورژن اپ لوڈ کریں",
    },
    "This programme is no longer offered.": {
        "zh": "该项目已不再开放。",
        "ru": "Эта программа больше не предлагается.",
        "ur": "یہ پروگرام اب پیش نہیں کیا جاتا۔",
    },
    "Recommendation letters received: {received} of {required}.": {
        "zh": "已收到推荐信：{received}/{required}。",
        "ru": "Получено рекомендательных писем: {received} из {required}.",
        "ur": "موصول سفارشی خطوط: {required} میں سے {received}۔",
    },
    "The {kind} must be attested by {by}.": {
        "zh": "{kind}须经 {by} 认证。",
        "ru": "Документ «{kind}» должен быть заверен {by}.",
        "ur": "{kind} کی تصدیق {by} سے ہونی چاہیے۔",
    },
    "The {kind} must be attested.": {
        "zh": "{kind}须经认证。",
        "ru": "Документ «{kind}» должен быть заверен.",
        "ur": "{kind} کی تصدیق ضروری ہے۔",
    },
    "The {kind} needs a certified translation into {language}.": {
        "zh": "{kind}需要经认证的{language}译文。",
        "ru": "Для документа «{kind}» нужен заверенный перевод на язык: {language}.",
        "ur": "{kind} کا {language} میں تصدیق شدہ ترجمہ درکار ہے۔",
    },
    "The {kind} must be nostrified.": {
        "zh": "{kind}须经学历认证（同等效力认可）。",
        "ru": "Документ «{kind}» должен пройти нострификацию.",
        "ur": "{kind} کی مساوی حیثیت (نوسٹریفکیشن) ضروری ہے۔",
    },
    "This programme is not offered in this round.": {
        "zh": "该项目不在本轮匹配中。",
        "ru": "Эта программа не участвует в этом раунде.",
        "ur": "یہ پروگرام اس مرحلے میں شامل نہیں۔",
    },
    "An officer did not approve this choice: {message}": {
        "zh": "招生官未批准此志愿：{message}",
        "ru": "Сотрудник не одобрил этот выбор: {message}",
        "ur": "افسر نے اس انتخاب کی منظوری نہیں دی: {message}",
    },
    "An officer did not approve this choice.": {
        "zh": "招生官未批准此志愿。",
        "ru": "Сотрудник не одобрил этот выбор.",
        "ur": "افسر نے اس انتخاب کی منظوری نہیں دی۔",
    },
    "The host institution did not admit you to this choice: {message}": {
        "zh": "接收院校未录取您的此志愿：{message}",
        "ru": "Принимающий вуз не зачислил вас по этому выбору: {message}",
        "ur": "میزبان ادارے نے اس انتخاب پر آپ کو داخلہ نہیں دیا: {message}",
    },
    "The host institution did not admit you to this choice.": {
        "zh": "接收院校未录取您的此志愿。",
        "ru": "Принимающий вуз не зачислил вас по этому выбору.",
        "ur": "میزبان ادارے نے اس انتخاب پر آپ کو داخلہ نہیں دیا۔",
    },
    "All seats are taken; a tie at your score ({yours}) was drawn by lot.": {
        "zh": "名额已满；与您分数（{yours}）相同者以抽签决定。",
        "ru": "Все места заняты; среди заявителей с таким же баллом, как у вас ({yours}), решил жребий.",
        "ur": "تمام نشستیں پُر ہیں؛ آپ کے اسکور ({yours}) پر برابری قرعہ اندازی سے طے ہوئی۔",
    },
    "All seats are taken: the lowest score holding a seat is {lowest}, yours is {yours}.": {
        "zh": "名额已满：获得名额的最低分为 {lowest}，您的分数为 {yours}。",
        "ru": "Все места заняты: наименьший балл среди занявших место — {lowest}, ваш — {yours}.",
        "ur": "تمام نشستیں پُر ہیں: نشست پانے والا کم ترین اسکور {lowest} ہے، آپ کا {yours} ہے۔",
    },
    "This programme has no seats in this round.": {
        "zh": "该项目本轮没有名额。",
        "ru": "В этом раунде у программы нет мест.",
        "ur": "اس مرحلے میں اس پروگرام کی کوئی نشست نہیں۔",
    },
    "All seats are held by places confirmed in earlier rounds.": {
        "zh": "所有名额已由前几轮确认的录取占用。",
        "ru": "Все места заняты по итогам прежних раундов.",
        "ur": "تمام نشستیں پچھلے مراحل میں تصدیق شدہ داخلوں کے پاس ہیں۔",
    },
    "The quota “{quota}” that this programme counts towards is full (the programme itself may have seats left).": {
        "zh": "该项目所属的名额限制“{quota}”已满（项目本身可能仍有空位）。",
        "ru": "Квота «{quota}», в которую входит эта программа, исчерпана (на самой программе места могут оставаться).",
        "ur": "وہ کوٹہ «{quota}» جس میں یہ پروگرام شامل ہے پورا ہو چکا ہے (پروگرام میں خود نشستیں باقی ہو سکتی ہیں)۔",
    },
    "A quota covering this programme is full (the programme itself may have seats left).": {
        "zh": "适用于该项目的配额已满（项目本身可能仍有名额）。",
        "ru": "Квота, действующая для этой программы, исчерпана (в самой программе места могут оставаться).",
        "ur": "اس پروگرام پر لاگو کوٹہ پورا ہو چکا ہے (ہو سکتا ہے پروگرام میں خود نشستیں باقی ہوں)۔",
    },
    "Waiting list, position {position}": {
        "zh": "候补名单第 {position} 位",
        "ru": "Лист ожидания, место {position}",
        "ur": "انتظار فہرست، نمبر {position}",
    },
    "You have already accepted a place that begins at the same time ({programme}), so this programme is no longer offered to you: only one place can be accepted.": {
        "zh": "您已接受一个同期开始的名额（{programme}），因此不再为您分配此项目：只能接受一个名额。",
        "ru": "Вы уже приняли место, которое начинается в то же время ({programme}), поэтому эта программа "
        "вам больше не предлагается: принять можно только одно место.",
        "ur": "آپ پہلے ہی ایک ایسی نشست ({programme}) قبول کر چکے ہیں جو اسی وقت شروع ہوتی ہے، اس لیے یہ پروگرام "
        "اب آپ کو پیش نہیں کیا جاتا: صرف ایک نشست قبول کی جا سکتی ہے۔",
    },
    "A required document was rejected: {kind}. Upload a new version to compete for this programme.": {
        "zh": "一份必需材料被退回：{kind}。请上传新版本，以便参与该项目的录取。",
        "ru": "Обязательный документ отклонён: {kind}. Загрузите новую версию, чтобы участвовать в отборе на эту программу.",
        "ur": "ایک لازمی دستاویز مسترد ہو گئی: {kind}۔ اس پروگرام کے مقابلے میں شامل ہونے کے لیے نیا ورژن اپ لوڈ کریں۔",
    },
}


# The sentences above that speak to the applicant ("your grade"), as staff read them (officers,
# reviewers, coordinators: "the applicant's grade"), each in every language.
ABOUT_THE_APPLICANT: dict[str, str] = {
    "Enter your grade: at least {min_grade} is required.": "No grade given: at least {min_grade} is required.",
    "Your grade {grade} is below the required {min_grade}.": (
        "The applicant's grade {grade} is below the required {min_grade}."
    ),
    "Your {certificate} level {level} is below the required {min_level}.": (
        "The applicant's {certificate} level {level} is below the required {min_level}."
    ),
    "Required document rejected: upload a new version of your {kind}": (
        "Required document rejected: a new version of the {kind} is awaited"
    ),
    "All seats are taken; a tie at your score ({yours}) was drawn by lot.": (
        "All seats are taken; a tie at the applicant's score ({yours}) was drawn by lot."
    ),
    "All seats are taken: the lowest score holding a seat is {lowest}, yours is {yours}.": (
        "All seats are taken: the lowest score holding a seat is {lowest}, the applicant's is {yours}."
    ),
    "A required document was rejected: {kind}. Upload a new version to compete for this programme.": (
        "A required document was rejected: {kind}. A new version is needed to compete for this programme."
    ),
    "You have already accepted a place that begins at the same time ({programme}), so this programme is no longer offered to you: only one place can be accepted.": (
        "The applicant has already accepted a place that begins at the same time ({programme}), so this programme is no longer offered: only one place can be accepted."
    ),
}
TRANSLATIONS.update(
    {
        "No grade given: at least {min_grade} is required.": {
            "zh": "未填写成绩：要求至少 {min_grade}。",
            "ru": "Средний балл не указан: требуется не ниже {min_grade}.",
            "ur": "گریڈ درج نہیں: کم از کم {min_grade} درکار ہے۔",
        },
        "The applicant's grade {grade} is below the required {min_grade}.": {
            "zh": "申请人的成绩 {grade} 低于要求的 {min_grade}。",
            "ru": "Средний балл заявителя {grade} ниже требуемого {min_grade}.",
            "ur": "درخواست دہندہ کا گریڈ {grade} مطلوبہ {min_grade} سے کم ہے۔",
        },
        "The applicant's {certificate} level {level} is below the required {min_level}.": {
            "zh": "申请人的 {certificate} 等级 {level} 低于要求的 {min_level}。",
            "ru": "Уровень {certificate} заявителя ({level}) ниже требуемого {min_level}.",
            "ur": "درخواست دہندہ کی {certificate} سطح {level} مطلوبہ {min_level} سے کم ہے۔",
        },
        "Required document rejected: a new version of the {kind} is awaited": {
            "zh": "所需材料被退回：等待重新上传{kind}",
            "ru": "Обязательный документ отклонён: ожидается новая версия ({kind})",
            "ur": "مطلوبہ دستاویز مسترد ہو گئی: {kind} کے نئے ورژن کا انتظار ہے",
        },
        "All seats are taken; a tie at the applicant's score ({yours}) was drawn by lot.": {
            "zh": "名额已满；与申请人分数（{yours}）相同者以抽签决定。",
            "ru": "Все места заняты; среди заявителей с таким же баллом, как у этого заявителя ({yours}), решил жребий.",
            "ur": "تمام نشستیں پُر ہیں؛ درخواست دہندہ کے اسکور ({yours}) پر برابری قرعہ اندازی سے طے ہوئی۔",
        },
        "All seats are taken: the lowest score holding a seat is {lowest}, the applicant's is {yours}.": {
            "zh": "名额已满：获得名额的最低分为 {lowest}，申请人的分数为 {yours}。",
            "ru": "Все места заняты: наименьший балл среди занявших место — {lowest}, у заявителя — {yours}.",
            "ur": "تمام نشستیں پُر ہیں: نشست پانے والا کم ترین اسکور {lowest} ہے، درخواست دہندہ کا {yours} ہے۔",
        },
        "A required document was rejected: {kind}. A new version is needed to compete for this programme.": {
            "zh": "一份必需材料被退回：{kind}。需上传新版本才能参与该项目的录取。",
            "ru": "Обязательный документ отклонён: {kind}. Чтобы участвовать в отборе на эту программу, нужна новая версия.",
            "ur": "ایک لازمی دستاویز مسترد ہو گئی: {kind}۔ اس پروگرام کے مقابلے کے لیے نیا ورژن درکار ہے۔",
        },
        "The applicant has already accepted a place that begins at the same time ({programme}), so this programme is no longer offered: only one place can be accepted.": {
            "zh": "申请人已接受一个同期开始的名额（{programme}），因此不再为其分配此项目：只能接受一个名额。",
            "ru": "Заявитель уже принял место, которое начинается в то же время ({programme}), поэтому эта "
            "программа ему больше не предлагается: принять можно только одно место.",
            "ur": "درخواست دہندہ پہلے ہی ایک ایسی نشست ({programme}) قبول کر چکا ہے جو اسی وقت شروع ہوتی ہے، اس لیے "
            "یہ پروگرام اب پیش نہیں کیا جاتا: صرف ایک نشست قبول کی جا سکتی ہے۔",
        },
    }
)


# Parameters only staff read: a quota's label is the officers' own name for it, typed in their
# language ("Не более 40 % мест — Казахстану" stood in an English notice to the applicant).
STAFF_ONLY: dict[str, frozenset[str]] = {"round.cap_full": frozenset({"quota"})}


def _for_reader(code: str, params: Mapping[str, Any], about: bool) -> dict[str, Any]:
    hidden = frozenset() if about else STAFF_ONLY.get(code, frozenset())
    return {k: v for k, v in params.items() if k not in hidden}


def sentence_for(code: str, params: Mapping[str, Any], *, about: bool = False) -> str | None:
    """The English sentence for ``code`` that ``params`` can fill (None: an unknown code);
    ``about``: as staff read it, about the applicant rather than to them (an applicant's
    sentence leaves out what only staff read: ``STAFF_ONLY``)."""
    params = _for_reader(code, params, about)
    for needs, sentence in SENTENCES.get(code, []):
        if needs <= params.keys():
            return ABOUT_THE_APPLICANT.get(sentence, sentence) if about else sentence
    return None


def worded(
    lang: str,
    reason: Mapping[str, Any],
    show: Callable[[str, str, Any], Any],
    *,
    about: bool = False,
    sentence: Callable[[str], Any] = str,
) -> Any:
    """``reason`` (``{"code", "params", ...}``) in ``lang``, each parameter shown by
    ``show(lang, name, value)``; None when the code is unknown or a translation names a place
    its params lack (the caller then shows the service's own text). ``about``: as staff read it
    (``sentence_for``); ``sentence``: what the translated sentence becomes before it is filled
    (plain text by default; a page's escaped markup)."""
    code = str(reason.get("code") or "")
    params = _for_reader(code, reason.get("params") or {}, about)
    english = sentence_for(code, params, about=about)
    if english is None:
        return None
    template = sentence(TRANSLATIONS.get(english, {}).get(lang, english))
    try:
        return template.format(**{k: show(lang, k, v) for k, v in params.items()})
    except (KeyError, IndexError, ValueError):
        return None
