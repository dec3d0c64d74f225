"""The portal's words for the checklist of an application (issue 15) in English, Chinese,
Russian and Urdu, keyed as in i18n.py, which merges them: ``checklist:<code>`` words the
service's requirement, state and next-step codes (services/applications/domain/checklist.py);
``property:<value>`` what a document must carry; and the matching round's reason for a
choice held by a rejected document (reasons.py)."""

from __future__ import annotations

CHECKLIST_WORDS: dict[str, dict[str, str]] = {
    "checklist:title": {"en": "Checklist", "zh": "材料清单", "ru": "Контрольный список", "ur": "چیک لسٹ"},
    "checklist:intro": {
        "en": "What each of your choices needs, where it stands and what to do next.",
        "zh": "您的每个志愿需要什么、目前进展如何以及下一步该做什么。",
        "ru": "Что нужно для каждой из выбранных программ, что уже сделано и что делать дальше.",
        "ur": "آپ کے ہر انتخاب کے لیے کیا درکار ہے، اس کی موجودہ صورتحال اور آگے کیا کرنا ہے۔",
    },
    "checklist:intro.staff": {
        "en": "What each choice needs and where it stands; verify a document here, or reject it with a reason below.",
        "zh": "每个志愿的要求及其进展；可在此核验材料，或在下方说明理由退回。",
        "ru": "Что нужно для каждой выбранной программы и что уже сделано; подтвердите документ здесь "
        "или отклоните его с причиной ниже.",
        "ur": "ہر انتخاب کے تقاضے اور ان کی صورتحال؛ یہاں دستاویز کی تصدیق کریں، یا نیچے وجہ بتا کر اسے مسترد کریں۔",
    },
    "checklist:choice": {
        "en": "Choice {rank}:",
        "zh": "第 {rank} 志愿：",
        "ru": "Выбор {rank}:",
        "ur": "انتخاب {rank}:",
    },
    "checklist:choice.done": {
        "en": "Every requirement is met and every document verified.",
        "zh": "所有要求均已满足，所有材料均已核验。",
        "ru": "Все требования выполнены, все документы подтверждены.",
        "ur": "تمام تقاضے پورے ہیں اور تمام دستاویزات کی تصدیق ہو چکی ہے۔",
    },
    "checklist:choice.eligible": {
        "en": "Eligible; some items still await review.",
        "zh": "符合条件；部分材料仍待审核。",
        # read by the applicant and by staff alike: said of the application, not to "you"
        "ru": "Соответствует требованиям; часть документов ещё ждёт проверки.",
        "ur": "اہل؛ کچھ چیزیں ابھی جائزے کی منتظر ہیں۔",
    },
    "checklist:choice.not_eligible": {
        "en": "Not yet eligible: see what to do below.",
        "zh": "尚不符合条件：请查看下方需要完成的事项。",
        "ru": "Пока не соответствует требованиям: что сделать — ниже.",
        "ur": "ابھی اہل نہیں: نیچے دیکھیں کہ کیا کرنا ہے۔",
    },
    # requirements (domain/checklist.py Requirement)
    # the same verdicts once the application is out of the running (statuses.FINAL): nothing
    # awaits a review, nothing is to be done
    "checklist:choice.eligible.final": {
        "en": "Eligible.",
        "zh": "符合条件。",
        "ru": "Соответствует требованиям.",
        "ur": "اہل۔",
    },
    "checklist:choice.not_eligible.final": {
        "en": "Not every requirement was met.",
        "zh": "并非所有要求都已满足。",
        "ru": "Выполнены не все требования.",
        "ur": "تمام تقاضے پورے نہیں ہوئے۔",
    },
    "checklist:requirement.nationality": {
        "en": "Nationality: {nationality}",
        "zh": "国籍：{nationality}",
        "ru": "Гражданство: {nationality}",
        "ur": "قومیت: {nationality}",
    },
    "checklist:requirement.applicant_type": {
        "en": "Open to: {required}",
        "zh": "面向：{required}",
        "ru": "Для категории: {required}",
        "ur": "کن کے لیے: {required}",
    },
    "checklist:requirement.age": {
        "en": "Age limit: {max_age}",
        "zh": "年龄上限：{max_age}",
        "ru": "Предельный возраст: {max_age}",
        "ur": "عمر کی حد: {max_age}",
    },
    "checklist:requirement.grade": {
        "en": "Minimum grade: {min_grade}",
        "zh": "最低成绩：{min_grade}",
        "ru": "Минимальный средний балл: {min_grade}",
        "ur": "کم از کم گریڈ: {min_grade}",
    },
    "checklist:requirement.language_certificate": {
        "en": "Language certificate: {certificate}",
        "zh": "语言证书：{certificate}",
        "ru": "Языковой сертификат: {certificate}",
        "ur": "زبان کا سرٹیفکیٹ: {certificate}",
    },
    "checklist:requirement.language_certificate_level": {
        "en": "Language certificate: {certificate}, level {min_level} or higher",
        "zh": "语言证书：{certificate}，{min_level} 级或以上",
        "ru": "Языковой сертификат: {certificate}, уровень не ниже {min_level}",
        "ur": "زبان کا سرٹیفکیٹ: {certificate}، سطح {min_level} یا اس سے زیادہ",
    },
    "checklist:requirement.document": {
        "en": "Document: {kind}",
        "zh": "材料：{kind}",
        "ru": "Документ: {kind}",
        "ur": "دستاویز: {kind}",
    },
    "checklist:requirement.document_property": {
        "en": "{kind}: {property}",
        "zh": "{kind}：{property}",
        "ru": "{kind}: {property}",
        "ur": "{kind}: {property}",
    },
    "checklist:requirement.letters": {
        "en": "Recommendation letters: {received} of {required}",
        "zh": "推荐信：已收到 {received} 封，共需 {required} 封",
        "ru": "Рекомендательные письма: {received} из {required}",
        "ur": "سفارشی خطوط: {required} میں سے {received}",
    },
    "checklist:requirement.programme": {
        "en": "The programme itself",
        "zh": "项目本身",
        "ru": "Сама программа",
        "ur": "خود پروگرام",
    },
    # states (domain/checklist.py ItemState)
    "checklist:state.met": {"en": "met", "zh": "已满足", "ru": "выполнено", "ur": "پورا"},
    "checklist:state.unmet": {"en": "not met", "zh": "未满足", "ru": "не выполнено", "ur": "پورا نہیں"},
    "checklist:state.unknown": {
        "en": "not known yet",
        "zh": "尚不清楚",
        "ru": "пока неизвестно",
        "ur": "ابھی معلوم نہیں",
    },
    "checklist:state.missing": {"en": "missing", "zh": "缺少", "ru": "файл не загружен", "ur": "موجود نہیں"},
    "checklist:state.awaiting_review": {
        "en": "awaiting review",
        "zh": "待审核",
        "ru": "на проверке",
        "ur": "جائزے کا منتظر",
    },
    "checklist:state.awaiting_review.final": {
        "en": "not reviewed",
        "zh": "未审核",
        "ru": "проверки не было",
        "ur": "جائزہ نہیں لیا گیا",
    },
    "checklist:state.verified": {"en": "verified", "zh": "已核验", "ru": "подтверждено", "ur": "تصدیق شدہ"},
    "checklist:state.rejected": {"en": "rejected", "zh": "已退回", "ru": "отклонено", "ur": "مسترد"},
    # what to do next (domain/checklist.py Next)
    "checklist:next.none": {
        "en": "Nothing to do.",
        "zh": "无需操作。",
        "ru": "Ничего делать не нужно.",
        "ur": "کچھ کرنے کی ضرورت نہیں۔",
    },
    "checklist:next.upload": {
        "en": "Upload your {kind}.",
        "zh": "请上传您的{kind}。",
        "ru": "Загрузите документ: {kind}.",
        "ur": "اپنا {kind} اپ لوڈ کریں۔",
    },
    "checklist:next.reupload": {
        "en": "Upload a new version of your {kind}.",
        "zh": "请上传新版本的{kind}。",
        "ru": "Загрузите новую версию документа: {kind}.",
        "ur": "اپنے {kind} کا نیا ورژن اپ لوڈ کریں۔",
    },
    "checklist:next.reupload_by": {
        "en": "Upload a new version of your {kind} by {due_on}.",
        "zh": "请在 {due_on} 前上传新版本的{kind}。",
        "ru": "Загрузите новую версию документа ({kind}) до {due_on}.",
        "ur": "{due_on} تک اپنے {kind} کا نیا ورژن اپ لوڈ کریں۔",
    },
    # an open re-upload task past its last day (next.reupload {overdue: true})
    "checklist:overdue": {"en": "overdue", "zh": "已逾期", "ru": "просрочено", "ur": "تاخیر شدہ"},
    "checklist:next.reupload_overdue": {
        "en": "The last day to upload a new version of your {kind} was {due_on}. Please upload it now.",
        "zh": "上传新版本{kind}的最后期限是 {due_on}，现已逾期。请立即上传。",
        "ru": "Последний день для загрузки новой версии документа ({kind}) был {due_on}. Загрузите её сейчас.",
        "ur": "آپ کے {kind} کا نیا ورژن اپ لوڈ کرنے کی آخری تاریخ {due_on} تھی۔ براہ کرم ابھی اپ لوڈ کریں۔",
    },
    "checklist:next.reupload_overdue.staff": {
        "en": "The applicant's new version of the {kind} was due by {due_on} and has not arrived.",
        "zh": "申请人应在 {due_on} 前上传新版本的{kind}，至今尚未上传。",
        "ru": "Новая версия документа ({kind}) ожидалась от заявителя до {due_on} и не поступила.",
        "ur": "درخواست دہندہ کو {kind} کا نیا ورژن {due_on} تک اپ لوڈ کرنا تھا، جو ابھی تک نہیں آیا۔",
    },
    # the next step as staff read it (the documents page of a reviewer: officer, nominator,
    # coordinator): about the applicant, not addressed to them; next.reupload_overdue.staff above
    "checklist:next.upload.staff": {
        "en": "The applicant has not uploaded the {kind} yet.",
        "zh": "申请人尚未上传{kind}。",
        "ru": "Заявитель ещё не загрузил документ: {kind}.",
        "ur": "درخواست دہندہ نے ابھی تک {kind} اپ لوڈ نہیں کیا۔",
    },
    "checklist:next.reupload.staff": {
        "en": "The applicant is to upload a new version of the {kind}.",
        "zh": "申请人需上传新版本的{kind}。",
        "ru": "Заявитель должен загрузить новую версию документа: {kind}.",
        "ur": "درخواست دہندہ کو {kind} کا نیا ورژن اپ لوڈ کرنا ہے۔",
    },
    "checklist:next.reupload_by.staff": {
        "en": "The applicant is to upload a new version of the {kind} by {due_on}.",
        "zh": "申请人需在 {due_on} 前上传新版本的{kind}。",
        "ru": "Заявитель должен загрузить новую версию документа ({kind}) до {due_on}.",
        "ur": "درخواست دہندہ کو {due_on} تک {kind} کا نیا ورژن اپ لوڈ کرنا ہے۔",
    },
    "checklist:next.await_review.staff": {
        "en": "The {kind} awaits review: verify it, or reject it with a reason.",
        "zh": "{kind}待审核：请核验，或说明理由退回。",
        "ru": "Документ ({kind}) ждёт проверки: подтвердите его или отклоните с причиной.",
        "ur": "{kind} جائزے کا منتظر ہے: اس کی تصدیق کریں، یا وجہ بتا کر مسترد کریں۔",
    },
    "checklist:next.upload_with_property.staff": {
        "en": "The applicant is to upload a version of the {kind} that is {property}.",
        "zh": "申请人需上传符合以下要求的{kind}：{property}。",
        "ru": "Заявитель должен загрузить версию документа ({kind}), которая соответствует требованию: {property}.",
        "ur": "درخواست دہندہ کو {kind} کا ایسا ورژن اپ لوڈ کرنا ہے جو {property} ہو۔",
    },
    "checklist:next.name_referees.staff": {
        "en": "Referees the applicant has still to name: {missing}.",
        "zh": "申请人还需填写的推荐人：{missing} 位。",
        "ru": "Заявителю осталось назвать рекомендателей: {missing}.",
        "ur": "درخواست دہندہ کو مزید سفارش کنندگان نامزد کرنے ہیں: {missing}۔",
    },
    "checklist:next.await_letters.staff": {
        "en": "Letters still awaited from the applicant's referees: {outstanding}.",
        "zh": "仍在等待申请人的推荐人提交推荐信：{outstanding} 封。",
        "ru": "Ещё ожидаются письма от рекомендателей заявителя: {outstanding}.",
        "ur": "درخواست دہندہ کے سفارش کنندگان سے ابھی منتظر خطوط: {outstanding}۔",
    },
    "checklist:next.enter_grade.staff": {
        "en": "The applicant has not entered a grade (at least {min_grade} is needed).",
        "zh": "申请人尚未填写成绩（至少需要 {min_grade}）。",
        "ru": "Заявитель не указал средний балл (нужно не ниже {min_grade}).",
        "ur": "درخواست دہندہ نے گریڈ درج نہیں کیا (کم از کم {min_grade} درکار ہے)۔",
    },
    "checklist:next.add_certificate.staff": {
        "en": "The applicant has not added a {certificate} certificate.",
        "zh": "申请人尚未添加 {certificate} 证书。",
        "ru": "Заявитель не добавил сертификат {certificate}.",
        "ur": "درخواست دہندہ نے {certificate} سرٹیفکیٹ شامل نہیں کیا۔",
    },
    "checklist:next.add_certificate_level.staff": {
        "en": "The applicant has not added a {certificate} certificate of level {min_level} or higher.",
        "zh": "申请人尚未添加 {min_level} 级或以上的 {certificate} 证书。",
        "ru": "Заявитель не добавил сертификат {certificate} уровня не ниже {min_level}.",
        "ur": "درخواست دہندہ نے سطح {min_level} یا اس سے زیادہ کا {certificate} سرٹیفکیٹ شامل نہیں کیا۔",
    },
    "checklist:next.complete_profile.staff": {
        "en": "The applicant's profile lacks a date of birth.",
        "zh": "申请人的个人资料中缺少出生日期。",
        "ru": "В профиле заявителя не указана дата рождения.",
        "ur": "درخواست دہندہ کی پروفائل میں تاریخ پیدائش موجود نہیں۔",
    },
    "checklist:next.cannot_meet.staff": {
        "en": "The applicant cannot meet this requirement of the programme.",
        "zh": "申请人无法满足该项目的这一要求。",
        "ru": "Заявитель не может выполнить это требование программы.",
        "ur": "درخواست دہندہ اس پروگرام کی یہ شرط پوری نہیں کر سکتا۔",
    },
    "checklist:next.await_review": {
        "en": "Your {kind} will be reviewed; nothing to do for now.",
        "zh": "您的{kind}将接受审核；目前无需操作。",
        "ru": "Ваш документ ({kind}) проверят; пока ничего делать не нужно.",
        "ur": "آپ کے {kind} کا جائزہ لیا جائے گا؛ فی الحال کچھ کرنے کی ضرورت نہیں۔",
    },
    "checklist:next.upload_with_property": {
        "en": "Upload a version of your {kind} that is {property}.",
        "zh": "请上传符合以下要求的{kind}：{property}。",
        "ru": "Загрузите версию документа ({kind}), которая соответствует требованию: {property}.",
        "ur": "اپنے {kind} کا ایسا ورژن اپ لوڈ کریں جو {property} ہو۔",
    },
    "checklist:next.name_referees": {
        "en": "Referees still to name: {missing}.",
        "zh": "还需填写的推荐人：{missing} 位。",
        "ru": "Осталось назвать рекомендателей: {missing}.",
        "ur": "مزید سفارش کنندگان نامزد کریں: {missing}۔",
    },
    "checklist:next.await_letters": {
        "en": "Letters still awaited from your referees: {outstanding}.",
        "zh": "仍在等待推荐人提交的推荐信：{outstanding} 封。",
        "ru": "Ещё ожидаются письма от рекомендателей: {outstanding}.",
        "ur": "سفارش کنندگان سے ابھی منتظر خطوط: {outstanding}۔",
    },
    "checklist:next.enter_grade": {
        "en": "Enter your grade (at least {min_grade}).",
        "zh": "请填写您的成绩（至少 {min_grade}）。",
        "ru": "Укажите ваш средний балл (не ниже {min_grade}).",
        "ur": "اپنا گریڈ درج کریں (کم از کم {min_grade})۔",
    },
    "checklist:next.add_certificate": {
        "en": "Add your {certificate} certificate.",
        "zh": "请添加您的 {certificate} 证书。",
        "ru": "Добавьте сертификат {certificate}.",
        "ur": "اپنا {certificate} سرٹیفکیٹ شامل کریں۔",
    },
    "checklist:next.add_certificate_level": {
        "en": "Add your {certificate} certificate, level {min_level} or higher.",
        "zh": "请添加 {min_level} 级或以上的 {certificate} 证书。",
        "ru": "Добавьте сертификат {certificate} уровня не ниже {min_level}.",
        "ur": "سطح {min_level} یا اس سے زیادہ کا اپنا {certificate} سرٹیفکیٹ شامل کریں۔",
    },
    "checklist:next.complete_profile": {
        "en": "Add your date of birth to your profile.",
        "zh": "请在个人资料中填写出生日期。",
        "ru": "Укажите дату рождения в профиле.",
        "ur": "اپنی پروفائل میں تاریخ پیدائش شامل کریں۔",
    },
    "checklist:next.cannot_meet": {
        "en": "This cannot be changed: consider another programme.",
        "zh": "此项无法更改：请考虑其他项目。",
        "ru": "Это изменить нельзя: рассмотрите другую программу.",
        "ur": "اسے بدلا نہیں جا سکتا: کسی دوسرے پروگرام پر غور کریں۔",
    },
    # a grade below the minimum: the applicant's own entry, correctable (next.cannot_meet is for age, nationality...)
    "checklist:next.correct_grade": {
        "en": "Your grade is below {min_grade}. If you entered it wrongly, correct it under “Grades, certificates and statement” on this page; otherwise consider another programme.",
        "zh": "您的成绩低于 {min_grade}。如果填写有误，请在本页“成绩、证书与个人陈述”部分更正；否则请考虑其他项目。",
        "ru": "Ваш средний балл ниже {min_grade}. Если вы указали его с ошибкой, исправьте его в разделе «Средний балл, сертификаты и мотивационное письмо» на этой странице; иначе рассмотрите другую программу.",
        "ur": "آپ کا گریڈ {min_grade} سے کم ہے۔ اگر آپ نے غلط درج کیا ہے تو اسی صفحے پر “نمبر، سرٹیفکیٹ اور ذاتی بیان” کے حصے میں درست کریں؛ ورنہ کسی دوسرے پروگرام پر غور کریں۔",
    },
    "checklist:next.grade_below": {
        "en": "Your grade is below {min_grade}, the programme's minimum.",
        "zh": "您的成绩低于该项目的最低要求 {min_grade}。",
        "ru": "Ваш средний балл ниже минимального для программы: {min_grade}.",
        "ur": "آپ کا گریڈ پروگرام کے کم از کم {min_grade} سے کم ہے۔",
    },
    "checklist:reject_below": {
        "en": "Reject with a reason…",
        "zh": "说明理由并退回…",
        "ru": "Отклонить с причиной…",
        "ur": "وجہ بتا کر مسترد کریں…",
    },
    # what a programme may require of a document (shared.events.catalog.DocumentProperty)
    "property:attested": {"en": "attested", "zh": "经认证", "ru": "заверен", "ur": "تصدیق شدہ"},
    "property:attested:hec": {
        "en": "attested by HEC",
        "zh": "经 HEC 认证",
        "ru": "заверен HEC",
        "ur": "HEC سے تصدیق شدہ",
    },
    "property:attested:ibcc": {
        "en": "attested by IBCC",
        "zh": "经 IBCC 认证",
        "ru": "заверен IBCC",
        "ur": "IBCC سے تصدیق شدہ",
    },
    "property:attested:apostille": {
        "en": "apostilled",
        "zh": "经海牙认证（apostille）",
        "ru": "с апостилем",
        "ur": "اپوسٹل شدہ",
    },
    "property:attested:embassy": {
        "en": "attested by an embassy",
        "zh": "经使馆认证",
        "ru": "заверен посольством",
        "ur": "سفارت خانے سے تصدیق شدہ",
    },
    "property:translated:zh": {
        "en": "translated into Chinese (certified)",
        "zh": "附经认证的中文译文",
        "ru": "с заверенным переводом на китайский",
        "ur": "چینی میں مصدقہ ترجمہ شدہ",
    },
    "property:translated:en": {
        "en": "translated into English (certified)",
        "zh": "附经认证的英文译文",
        "ru": "с заверенным переводом на английский",
        "ur": "انگریزی میں مصدقہ ترجمہ شدہ",
    },
    "property:nostrified": {
        "en": "nostrified",
        "zh": "经学历互认（nostrification）",
        "ru": "нострифицирован",
        "ur": "نوسٹریفائیڈ",
    },
    # a matching round's reason (services/matching/domain/inputs.py, code round.document_rejected)
}
