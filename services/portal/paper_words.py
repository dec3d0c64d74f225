"""The portal's words for the admission papers a host issues to an applicant who accepted the
place (the admission letter, a visa form such as China's JW202) in English, Chinese, Russian
and Urdu, keyed as in i18n.py, which merges them: the kinds (``paper:<kind>``), the host's
section and form on its page of an applicant, the applicant's "Your admission papers" and
the refusal of a paper for a place not accepted (domain/problems.py)."""

from __future__ import annotations

PAPER_WORDS: dict[str, dict[str, str]] = {
    # the kinds (domain/award.py PAPER_KINDS)
    "paper:admission_letter": {
        "en": "Admission letter",
        "zh": "录取通知书",
        "ru": "Письмо о зачислении",
        "ur": "داخلے کا خط",
    },
    # the applicant reads the kind of a paper they have; the example is for the host choosing one
    "paper:visa_form": {"en": "Visa form", "zh": "签证申请表", "ru": "Визовая анкета", "ur": "ویزا فارم"},
    "paper_choice:visa_form": {
        "en": "Visa form (in China, the JW202)",
        "zh": "签证申请表（在中国为 JW202 表）",
        "ru": "Визовая анкета (в Китае — форма JW202)",
        "ur": "ویزا فارم (چین میں JW202)",
    },
    "paper:other": {"en": "Other paper", "zh": "其他文件", "ru": "Другой документ", "ur": "دیگر کاغذ"},
    # the host's section and form
    "Admission papers": {
        "en": "Admission papers",
        "zh": "录取材料",
        "ru": "Документы о зачислении",
        "ur": "داخلے کے کاغذات",
    },
    "Admission papers can be issued here once the applicant accepts the place.": {
        "en": "Admission papers can be issued here once the applicant accepts the place.",
        "zh": "申请人接受名额后，即可在此签发录取材料。",
        "ru": "Документы о зачислении можно будет выдать здесь, когда заявитель примет место.",
        "ur": "درخواست دہندہ کے نشست قبول کرنے کے بعد داخلے کے کاغذات یہاں جاری کیے جا سکتے ہیں۔",
    },
    "No papers issued yet.": {
        "en": "No papers issued yet.",
        "zh": "尚未签发任何文件。",
        "ru": "Документы ещё не выданы.",
        "ur": "ابھی کوئی کاغذ جاری نہیں کیا گیا۔",
    },
    "Issue a paper": {"en": "Issue a paper", "zh": "签发文件", "ru": "Выдать документ", "ur": "کاغذ جاری کریں"},
    "Kind of paper": {"en": "Kind of paper", "zh": "文件类型", "ru": "Вид документа", "ur": "کاغذ کی قسم"},
    "The applicant is told by e-mail and in the portal. A paper of a kind issued before replaces that one: the applicant then sees only the new one.": {
        "en": "The applicant is told by e-mail and in the portal. A paper of a kind issued before replaces that one: "
        "the applicant then sees only the new one.",
        "zh": "申请人会通过电子邮件和门户网站收到通知。如果此前已签发过同一类型的文件，新文件将取代旧文件：申请人此后只能看到新文件。",
        "ru": "Заявитель получит уведомление по электронной почте и на портале. Документ того вида, что уже выдан, "
        "заменяет прежний: заявитель будет видеть только новый.",
        "ur": "درخواست دہندہ کو ای میل اور پورٹل میں اطلاع دی جاتی ہے۔ پہلے سے جاری کی گئی قسم کا نیا کاغذ پرانے کی جگہ "
        "لے لیتا ہے: پھر درخواست دہندہ کو صرف نیا کاغذ نظر آتا ہے۔",
    },
    "Issue the paper": {"en": "Issue the paper", "zh": "签发", "ru": "Выдать", "ur": "جاری کریں"},
    "Issued on": {"en": "Issued on", "zh": "签发时间", "ru": "Дата выдачи", "ur": "تاریخِ اجرا"},
    "Issued by": {"en": "Issued by", "zh": "签发人", "ru": "Кто выдал", "ur": "جاری کنندہ"},
    "replaced by a newer one": {
        "en": "replaced by a newer one",
        "zh": "已被新文件取代",
        "ru": "заменён более новым",
        "ur": "نئے کاغذ سے بدل دیا گیا",
    },
    "Choose what the paper is.": {
        "en": "Choose what the paper is.",
        "zh": "请选择文件类型。",
        "ru": "Выберите вид документа.",
        "ur": "منتخب کریں کہ یہ کون سا کاغذ ہے۔",
    },
    "Issued: the applicant is told by e-mail and in the portal.": {
        "en": "Issued: the applicant is told by e-mail and in the portal.",
        "zh": "已签发：申请人将通过电子邮件和门户网站收到通知。",
        "ru": "Выдано: заявитель получит уведомление по электронной почте и на портале.",
        "ur": "جاری کر دیا گیا: درخواست دہندہ کو ای میل اور پورٹل میں اطلاع دی جاتی ہے۔",
    },
    "The applicant has not accepted the place, or no longer holds it: papers are issued only for an accepted place.": {
        "en": "The applicant has not accepted the place, or no longer holds it: papers are issued only for an accepted "
        "place.",
        "zh": "申请人尚未接受名额，或已不再持有该名额：录取材料仅为已接受的名额签发。",
        "ru": "Заявитель не принял место или больше его не занимает: документы выдаются только на принятое место.",
        "ur": "درخواست دہندہ نے نشست قبول نہیں کی، یا اب یہ نشست ان کے پاس نہیں: کاغذات صرف قبول شدہ نشست کے لیے جاری "
        "ہوتے ہیں۔",
    },
    # the host's admissions card of an accepted place
    "Issue admission papers": {
        "en": "Issue admission papers",
        "zh": "签发录取材料",
        "ru": "Выдать документы о зачислении",
        "ur": "داخلے کے کاغذات جاری کریں",
    },
    # the applicant's application page
    "Your admission papers": {
        "en": "Your admission papers",
        "zh": "您的录取材料",
        "ru": "Ваши документы о зачислении",
        "ur": "آپ کے داخلے کے کاغذات",
    },
    "The host institution will issue your admission papers here; you will be told by e-mail.": {
        "en": "The host institution will issue your admission papers here; you will be told by e-mail.",
        "zh": "接收院校将在此签发您的录取材料，届时会通过电子邮件通知您。",
        "ru": "Принимающий вуз выдаст здесь ваши документы о зачислении; вы получите об этом письмо.",
        "ur": "میزبان ادارہ آپ کے داخلے کے کاغذات یہاں جاری کرے گا؛ آپ کو ای میل سے اطلاع دی جائے گی۔",
    },
    "This paper cannot be opened now: the list below shows the current papers.": {
        "en": "This paper cannot be opened now: the list below shows the current papers.",
        "zh": "此文件目前无法打开：下方列出的是当前有效的文件。",
        "ru": "Этот документ сейчас нельзя открыть: ниже перечислены действующие документы.",
        "ur": "یہ کاغذ ابھی نہیں کھل سکتا: نیچے کی فہرست میں موجودہ کاغذات ہیں۔",
    },
}
