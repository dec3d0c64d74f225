"""The portal's words for the name as in the passport (Latin letters) in English, Chinese,
Russian and Urdu, keyed as in i18n.py, which merges them: the field on the registration and
profile forms, its refusals (domain/problems.py), the host's identity page, and the hint on
an applicant's application page."""

from __future__ import annotations

PASSPORT_NAME_WORDS: dict[str, dict[str, str]] = {
    # the registration and profile forms
    "Name as in your passport (Latin letters)": {
        "en": "Name as in your passport (Latin letters)",
        "zh": "护照上的姓名（拉丁字母）",
        "ru": "Имя как в паспорте (латиницей)",
        "ur": "پاسپورٹ کے مطابق نام (لاطینی حروف میں)",
    },
    "As printed in your passport’s machine-readable zone, e.g. AYESHA KHAN. The staff who review your application read it beside your name; the host institution writes it on your admission letter and visa form.": {
        "en": "As printed in your passport’s machine-readable zone, e.g. AYESHA KHAN. The staff who review your application read it beside your name; the host institution writes it on your admission letter and visa form.",
        "zh": "与护照机读区所印一致，例如 AYESHA KHAN。审核您申请的工作人员会在您的姓名旁看到它；接收院校会将其写在您的录取通知书和签证申请表上。",
        "ru": "Как напечатано в машиночитаемой зоне паспорта, например AYESHA KHAN. Сотрудники, рассматривающие заявку, видят его рядом с вашим именем; принимающий вуз указывает его в письме о зачислении и визовой анкете.",
        "ur": "جیسا آپ کے پاسپورٹ کے مشین سے پڑھے جانے والے حصے میں چھپا ہے، مثلاً AYESHA KHAN۔ آپ کی درخواست دیکھنے والا عملہ اسے آپ کے نام کے ساتھ پڑھتا ہے؛ میزبان ادارہ اسے آپ کے داخلے کے خط اور ویزا فارم پر لکھتا ہے۔",
    },
    # the service's refusals (domain/problems.py)
    "Write the name in Latin letters as in your passport: A–Z, letters with accents such as é or ş, spaces, hyphens, apostrophes and full stops.": {
        "en": "Write the name in Latin letters as in your passport: A–Z, letters with accents such as é or ş, spaces, hyphens, apostrophes and full stops.",
        "zh": "请按护照用拉丁字母填写姓名：A–Z、带重音的字母（如 é 或 ş）、空格、连字符、撇号和句点。",
        "ru": "Напишите имя латиницей, как в паспорте: A–Z, буквы с диакритикой (например, é или ş), пробелы, дефисы, апострофы и точки.",
        "ur": "نام پاسپورٹ کی طرح لاطینی حروف میں لکھیں: A–Z، اعراب والے حروف جیسے é یا ş، خالی جگہ، ہائفن، اپوسٹروفی اور فل اسٹاپ۔",
    },
    "A name as in the passport has 2 to 200 characters.": {
        "en": "A name as in the passport has 2 to 200 characters.",
        "zh": "护照上的姓名应为 2 至 200 个字符。",
        "ru": "Имя как в паспорте — от 2 до 200 символов.",
        "ur": "پاسپورٹ کے مطابق نام 2 سے 200 حروف کا ہوتا ہے۔",
    },
    # the host's page of an applicant
    "Name as in passport": {
        "en": "Name as in passport",
        "zh": "护照上的姓名",
        "ru": "Имя как в паспорте",
        "ur": "پاسپورٹ کے مطابق نام",
    },
    "not given yet": {"en": "not given yet", "zh": "尚未填写", "ru": "пока не указано", "ur": "ابھی نہیں دیا گیا"},
    # the applicant's application page, while the profile lacks it and the name is not in Latin letters
    "Host institutions write your name as in your passport, in Latin letters, on the admission letter and the visa form.": {
        "en": "Host institutions write your name as in your passport, in Latin letters, on the admission letter and the visa form.",
        "zh": "接收院校会按护照用拉丁字母将您的姓名写在录取通知书和签证申请表上。",
        "ru": "Принимающие вузы пишут ваше имя латиницей, как в паспорте, в письме о зачислении и визовой анкете.",
        "ur": "میزبان ادارے داخلے کے خط اور ویزا فارم پر آپ کا نام پاسپورٹ کے مطابق لاطینی حروف میں لکھتے ہیں۔",
    },
    "Add it to your profile": {
        "en": "Add it to your profile",
        "zh": "在个人资料中填写",
        "ru": "Добавьте его в профиль",
        "ur": "اسے اپنی پروفائل میں شامل کریں",
    },
}
