"""The portal's words for consent and the host's identity reads (issue 14: identity only with
consent) in English, Chinese, Russian and Urdu, keyed as in i18n.py, which merges them: the
applicant's "Sharing with the host institution" section (what goes to whom, when, and the
reads hosts made) and the host's page of an applicant's identity and documents."""

from __future__ import annotations

APPLICANT_WORDS: dict[str, dict[str, str]] = {
    "Sharing with the host institution": {
        "en": "Sharing with the host institution",
        "zh": "与接收院校共享信息",
        "ru": "Передача данных принимающему вузу",
        "ur": "میزبان ادارے کے ساتھ معلومات کا اشتراک",
    },
    "Your identity: your name, date of birth, nationality, e-mail address and home institution.": {
        "en": "Your identity: your name, date of birth, nationality, e-mail address and home institution.",
        "zh": "您的身份信息：姓名、出生日期、国籍、电子邮箱和所在院校。",
        "ru": "Ваши личные данные: имя, дата рождения, гражданство, адрес электронной почты и ваш вуз.",
        "ur": "آپ کی شناخت: آپ کا نام، تاریخ پیدائش، قومیت، ای میل پتہ اور آپ کا اپنا ادارہ۔",
    },
    "Your documents: the files you uploaded to this application (passport, transcript and the others).": {
        "en": "Your documents: the files you uploaded to this application (passport, transcript and the others).",
        "zh": "您的材料：您为本申请上传的文件（护照、成绩单等）。",
        "ru": "Ваши документы: файлы, загруженные к этой заявке (паспорт, выписка оценок и другие).",
        "ur": "آپ کی دستاویزات: وہ فائلیں جو آپ نے اس درخواست کے ساتھ اپ لوڈ کیں (پاسپورٹ، ٹرانسکرپٹ اور دیگر)۔",
    },
    # who reads them without consent: the staff whose stage it is (shared.auth Reviewer, shared.scope)
    "Who reads them in any case: the scheme's admissions officers and reviewers; your home institution's "
    "coordinators, when the scheme has the home institution endorse its applicants; and your country's "
    "nominating authority, when the scheme has it nominate applicants. They may check your documents and "
    "ask you for a new version.": {
        "en": "Who reads them in any case: the scheme's admissions officers and reviewers; your home institution's "
        "coordinators, when the scheme has the home institution endorse its applicants; and your country's "
        "nominating authority, when the scheme has it nominate applicants. They may check your documents and "
        "ask you for a new version.",
        "zh": "无论是否同意，以下人员都会阅读：本项目的招生官和评审人员；如本项目要求所在院校推荐其申请人，"
        "您所在院校的协调人；如本项目要求国家提名机构提名申请人，您所在国家的提名机构。"
        "他们可以核验您的材料，并要求您上传新版本。",
        "ru": "Кто их читает в любом случае: сотрудники приёмной комиссии программы и эксперты; координаторы "
        "вашего вуза, если в программе вуз даёт рекомендацию своим заявителям; уполномоченный орган вашей "
        "страны, если в программе он выдвигает кандидатов. Они могут проверять ваши документы и просить "
        "загрузить новую версию.",
        "ur": "کون انہیں ہر حال میں پڑھتا ہے: اس اسکیم کے داخلہ افسران اور جائزہ کار؛ آپ کے آبائی ادارے کے "
        "رابطہ کار، جب اسکیم میں آبائی ادارہ اپنے درخواست دہندگان کی توثیق کرتا ہے؛ اور آپ کے ملک کا نامزد "
        "کرنے والا ادارہ، جب اسکیم میں وہ درخواست دہندگان کو نامزد کرتا ہے۔ وہ آپ کی دستاویزات کی جانچ کر "
        "سکتے ہیں اور آپ سے نیا نسخہ مانگ سکتے ہیں۔",
    },
    "What your consent adds: the host institution that considers your application, and only while it does "
    "(from when officers send your application to it until it decides, and after it offers you the place), "
    "so that it can issue your admission letter.": {
        "en": "What your consent adds: the host institution that considers your application, and only while it "
        "does (from when officers send your application to it until it decides, and after it offers you the "
        "place), so that it can issue your admission letter.",
        "zh": "您的同意另外允许：审核您申请的接收院校阅读，并且仅在其审核期间（从官员将您的申请转给该院校起到其作出决定，"
        "以及其向您提供名额之后），用于为您出具录取通知书。",
        "ru": "Что добавляет ваше согласие: принимающий вуз, который рассматривает вашу заявку, и только пока он "
        "её рассматривает (с момента, когда сотрудники передают ему заявку, до его решения, и после того как он "
        "предложит вам место), чтобы выдать вам письмо о зачислении.",
        "ur": "آپ کی رضامندی سے مزید کون: وہ میزبان ادارہ جو آپ کی درخواست پر غور کر رہا ہے، اور صرف اس دوران "
        "(جب افسران آپ کی درخواست اسے بھیجیں تب سے اس کے فیصلے تک، اور اس کے بعد جب وہ آپ کو نشست پیش کرے)، "
        "تاکہ وہ آپ کا داخلہ خط جاری کر سکے۔",
    },
    "Nothing goes to the host institution without your consent. You can withdraw it at any time here; from "
    "then on the host cannot read them.": {
        "en": "Nothing goes to the host institution without your consent. You can withdraw it at any time here; "
        "from then on the host cannot read them.",
        "zh": "未经您的同意，不会向接收院校提供任何信息。您可以随时在此撤回同意；撤回后接收院校将无法再读取。",
        "ru": "Без вашего согласия принимающему вузу ничего не передаётся. Вы можете отозвать его здесь в любое "
        "время; после этого вуз не сможет их прочитать.",
        "ur": "آپ کی رضامندی کے بغیر میزبان ادارے کو کچھ نہیں جاتا۔ آپ کسی بھی وقت یہاں اپنی رضامندی واپس لے "
        "سکتے ہیں؛ اس کے بعد میزبان انہیں نہیں پڑھ سکتا۔",
    },
    "Share my identity with the host institution": {
        "en": "Share my identity with the host institution",
        "zh": "与接收院校共享我的身份信息",
        "ru": "Передать мои личные данные принимающему вузу",
        "ur": "میری شناخت میزبان ادارے کے ساتھ شیئر کریں",
    },
    "Share my documents with the host institution": {
        "en": "Share my documents with the host institution",
        "zh": "与接收院校共享我的材料",
        "ru": "Передать мои документы принимающему вузу",
        "ur": "میری دستاویزات میزبان ادارے کے ساتھ شیئر کریں",
    },
    "Save my choice": {
        "en": "Save my choice",
        "zh": "保存我的选择",
        "ru": "Сохранить выбор",
        "ur": "میرا انتخاب محفوظ کریں",
    },
    "You have not chosen yet, so nothing is shared.": {
        "en": "You have not chosen yet, so nothing is shared.",
        "zh": "您尚未作出选择，因此不会共享任何信息。",
        "ru": "Вы ещё не выбрали, поэтому ничего не передаётся.",
        "ur": "آپ نے ابھی انتخاب نہیں کیا، اس لیے کچھ بھی شیئر نہیں کیا جاتا۔",
    },
    "Last changed:": {"en": "Last changed:", "zh": "最近更改：", "ru": "Последнее изменение:", "ur": "آخری تبدیلی:"},
    "Your choice about sharing was saved.": {
        "en": "Your choice about sharing was saved.",
        "zh": "您的共享选择已保存。",
        "ru": "Ваш выбор о передаче данных сохранён.",
        "ur": "اشتراک کے بارے میں آپ کا انتخاب محفوظ ہو گیا۔",
    },
    "What host institutions read": {
        "en": "What host institutions read",
        "zh": "接收院校读取的记录",
        "ru": "Что прочитали принимающие вузы",
        "ur": "میزبان اداروں نے کیا پڑھا",
    },
    "No host institution has read your identity or documents.": {
        "en": "No host institution has read your identity or documents.",
        "zh": "尚无接收院校读取您的身份信息或材料。",
        "ru": "Ни один принимающий вуз не читал ваши личные данные или документы.",
        "ur": "کسی میزبان ادارے نے آپ کی شناخت یا دستاویزات نہیں پڑھیں۔",
    },
    "When (UTC)": {"en": "When (UTC)", "zh": "时间（UTC）", "ru": "Когда (UTC)", "ur": "کب (UTC)"},
    "read:identity": {"en": "your identity", "zh": "您的身份信息", "ru": "ваши личные данные", "ur": "آپ کی شناخت"},
    "read:document": {"en": "document", "zh": "材料", "ru": "документ", "ur": "دستاویز"},
    # the host's admissions list names those who share their identity: a read of the name alone
    "read:name": {
        "en": "your name, on its admissions list",
        "zh": "您的姓名（录取名单上）",
        "ru": "ваше имя в списке на зачисление",
        "ur": "آپ کا نام، داخلوں کی فہرست میں",
    },
    # issue 15: the referees' letters go with the documents' consent
    "read:letter": {"en": "recommendation letter", "zh": "推荐信", "ru": "рекомендательное письмо", "ur": "سفارشی خط"},
    "With your documents, the host may also read the recommendation letters your referees sent (you never see them).": {
        "en": "With your documents, the host may also read the recommendation letters your referees sent "
        "(you never see them).",
        "zh": "共享材料时，接收院校也可以阅读您的推荐人提交的推荐信（您本人无法查看推荐信）。",
        "ru": "Вместе с документами принимающий вуз может прочитать и рекомендательные письма ваших рекомендателей "
        "(вы их не видите).",
        "ur": "آپ کی دستاویزات کے ساتھ میزبان ادارہ آپ کے سفارش کنندگان کے بھیجے ہوئے سفارشی خطوط بھی پڑھ سکتا ہے "
        "(آپ انہیں کبھی نہیں دیکھتے)۔",
    },
}

HOST_WORDS: dict[str, dict[str, str]] = {
    "The applicant has shared nothing with your institution yet: what they share appears here.": {
        "en": "The applicant has shared nothing with your institution yet: what they share appears here.",
        "zh": "申请人尚未与贵校共享任何信息：共享后将显示在此处。",
        "ru": "Заявитель пока ничего не передал вашему вузу: переданное появится здесь.",
        "ur": "درخواست گزار نے ابھی آپ کے ادارے کے ساتھ کچھ شیئر نہیں کیا: جو شیئر کریں گے وہ یہاں نظر آئے گا۔",
    },
    "Shared with": {"en": "Shared with", "zh": "共享给", "ru": "Кому передано", "ur": "جس کے ساتھ شیئر کیا گیا"},
    "Identity and documents": {
        "en": "Identity and documents",
        "zh": "身份信息与材料",
        "ru": "Личные данные и документы",
        "ur": "شناخت اور دستاویزات",
    },
    "The applicant's identity and documents": {
        "en": "The applicant's identity and documents",
        "zh": "申请人的身份信息与材料",
        "ru": "Личные данные и документы кандидата",
        "ur": "درخواست دہندہ کی شناخت اور دستاویزات",
    },
    "Shared by the applicant for your admission decision and letter. Each read is recorded and shown to the "
    "applicant.": {
        "en": "Shared by the applicant for your admission decision and letter. Each read is recorded and shown to the "
        "applicant.",
        "zh": "由申请人共享，用于您的录取决定和录取通知书。每次读取都会被记录并告知申请人。",
        "ru": "Переданы кандидатом для вашего решения о зачислении и письма. Каждое прочтение записывается и "
        "показывается кандидату.",
        "ur": "درخواست دہندہ نے آپ کے داخلے کے فیصلے اور خط کے لیے شیئر کیا۔ ہر مطالعہ درج ہوتا ہے اور "
        "درخواست دہندہ کو دکھایا جاتا ہے۔",
    },
    "Identity": {"en": "Identity", "zh": "身份信息", "ru": "Личные данные", "ur": "شناخت"},
    "Name": {"en": "Name", "zh": "姓名", "ru": "Имя", "ur": "نام"},
    "Download": {"en": "Download", "zh": "下载", "ru": "Скачать", "ur": "ڈاؤن لوڈ"},
    "No documents.": {"en": "No documents.", "zh": "没有材料。", "ru": "Документов нет.", "ur": "کوئی دستاویز نہیں۔"},
    "No letters.": {"en": "No letters.", "zh": "没有推荐信。", "ru": "Писем нет.", "ur": "کوئی خط نہیں۔"},
    "Read the letter": {"en": "Read the letter", "zh": "阅读推荐信", "ru": "Прочитать письмо", "ur": "خط پڑھیں"},
    "The applicant has not consented to share their identity with the host institution.": {
        "en": "The applicant has not consented to share their identity with the host institution.",
        "zh": "申请人未同意与接收院校共享其身份信息。",
        "ru": "Кандидат не дал согласия на передачу своих личных данных принимающему вузу.",
        "ur": "درخواست دہندہ نے اپنی شناخت میزبان ادارے کے ساتھ شیئر کرنے کی رضامندی نہیں دی۔",
    },
    "The applicant has not consented to share their documents with the host institution.": {
        "en": "The applicant has not consented to share their documents with the host institution.",
        "zh": "申请人未同意与接收院校共享其材料。",
        "ru": "Кандидат не дал согласия на передачу своих документов принимающему вузу.",
        "ur": "درخواست دہندہ نے اپنی دستاویزات میزبان ادارے کے ساتھ شیئر کرنے کی رضامندی نہیں دی۔",
    },
    "This application is not with your institution now.": {
        "en": "This application is not with your institution now.",
        "zh": "此申请目前不在贵院校审核中。",
        "ru": "Эта заявка сейчас не находится в вашем вузе.",
        "ur": "یہ درخواست اس وقت آپ کے ادارے کے پاس نہیں ہے۔",
    },
    "Back to admissions": {
        "en": "Back to admissions",
        "zh": "返回录取页面",
        "ru": "Назад к зачислению",
        "ur": "داخلوں پر واپس",
    },
}

# what an applicant shares, on the host's admission cards and the officers' review page
# (domain/award.py ``sharing``): a host rejected an applicant for "incomplete documents" it
# could not see, and an officer approved the match without a word of it
SHARING_WORDS: dict[str, dict[str, str]] = {
    "Shared with the host": {
        "en": "Shared with the host",
        "zh": "与接收院校共享",
        "ru": "Доступно принимающему вузу",
        "ur": "میزبان ادارے کے ساتھ شیئر",
    },
    "sharing:all": {
        "en": "identity and documents",
        "zh": "身份信息和材料",
        "ru": "личные данные и документы",
        "ur": "شناخت اور دستاویزات",
    },
    "sharing:identity": {
        "en": "identity only, not the documents",
        "zh": "仅身份信息，不含材料",
        "ru": "только личные данные, без документов",
        "ur": "صرف شناخت، دستاویزات نہیں",
    },
    "sharing:documents": {
        "en": "documents only, not the identity",
        "zh": "仅材料，不含身份信息",
        "ru": "только документы, без личных данных",
        "ur": "صرف دستاویزات، شناخت نہیں",
    },
    "sharing:nothing": {
        "en": "nothing yet",
        "zh": "尚未共享任何信息",
        "ru": "пока ничего",
        "ur": "ابھی کچھ نہیں",
    },
    "The applicant has not (yet) agreed to share their identity or documents with the host institution. They are "
    "hidden for that reason, not missing: do not reject for incomplete documents on that account.": {
        "en": "The applicant has not (yet) agreed to share their identity or documents with the host institution. "
        "They are hidden for that reason, not missing: do not reject for incomplete documents on that account.",
        "zh": "申请人（尚）未同意与接收院校共享其身份信息和材料。这些内容因此被隐藏，并非缺失："
        "请勿因此以“材料不完整”为由不予录取。",
        "ru": "Заявитель (пока) не согласился передать принимающему вузу свои личные данные и документы. Поэтому они "
        "скрыты, а не отсутствуют: не отказывайте в зачислении из-за неполного комплекта документов по этой причине.",
        "ur": "درخواست گزار نے (ابھی تک) اپنی شناخت اور دستاویزات میزبان ادارے کے ساتھ شیئر کرنے پر رضامندی نہیں دی۔"
        " اسی وجہ سے یہ چھپی ہوئی ہیں، غائب نہیں: اس بنا پر نامکمل دستاویزات کہہ کر داخلہ مسترد نہ کریں۔",
    },
    "The applicant has not (yet) agreed to share their documents with the host institution. They are hidden for "
    "that reason, not missing: do not reject for incomplete documents on that account.": {
        "en": "The applicant has not (yet) agreed to share their documents with the host institution. They are hidden "
        "for that reason, not missing: do not reject for incomplete documents on that account.",
        "zh": "申请人（尚）未同意与接收院校共享其材料。材料因此被隐藏，并非缺失：请勿因此以“材料不完整”为由不予录取。",
        "ru": "Заявитель (пока) не согласился передать принимающему вузу свои документы. Поэтому они скрыты, а не "
        "отсутствуют: не отказывайте в зачислении из-за неполного комплекта документов по этой причине.",
        "ur": "درخواست گزار نے (ابھی تک) اپنی دستاویزات میزبان ادارے کے ساتھ شیئر کرنے پر رضامندی نہیں دی۔ اسی وجہ سے"
        " یہ چھپی ہوئی ہیں، غائب نہیں: اس بنا پر نامکمل دستاویزات کہہ کر داخلہ مسترد نہ کریں۔",
    },
    "The applicant has not (yet) agreed to share their identity with the host institution: their name and contact "
    "details are hidden for that reason.": {
        "en": "The applicant has not (yet) agreed to share their identity with the host institution: their name and "
        "contact details are hidden for that reason.",
        "zh": "申请人（尚）未同意与接收院校共享其身份信息：因此其姓名和联系方式被隐藏。",
        "ru": "Заявитель (пока) не согласился передать принимающему вузу свои личные данные: поэтому его имя и "
        "контакты скрыты.",
        "ur": "درخواست گزار نے (ابھی تک) اپنی شناخت میزبان ادارے کے ساتھ شیئر کرنے پر رضامندی نہیں دی: اسی وجہ سے"
        " ان کا نام اور رابطے کی تفصیلات چھپی ہوئی ہیں۔",
    },
    # the officers' review page, beside a proposed match (views/officer.py)
    "Not shared with the host yet: identity and documents": {
        "en": "Not shared with the host yet: identity and documents",
        "zh": "尚未与接收院校共享：身份信息和材料",
        "ru": "Пока не доступно принимающему вузу: личные данные и документы",
        "ur": "ابھی میزبان کے ساتھ شیئر نہیں: شناخت اور دستاویزات",
    },
    "Not shared with the host yet: documents": {
        "en": "Not shared with the host yet: documents",
        "zh": "尚未与接收院校共享：材料",
        "ru": "Пока не доступно принимающему вузу: документы",
        "ur": "ابھی میزبان کے ساتھ شیئر نہیں: دستاویزات",
    },
    "Not shared with the host yet: identity": {
        "en": "Not shared with the host yet: identity",
        "zh": "尚未与接收院校共享：身份信息",
        "ru": "Пока не доступно принимающему вузу: личные данные",
        "ur": "ابھی میزبان کے ساتھ شیئر نہیں: شناخت",
    },
    "The host institution cannot read what the applicant has not shared, and may take the documents for missing.": {
        "en": "The host institution cannot read what the applicant has not shared, and may take the documents for "
        "missing.",
        "zh": "申请人未共享的内容接收院校无法查看，可能会误以为材料缺失。",
        "ru": "Принимающий вуз не видит того, что заявитель не передал, и может счесть документы отсутствующими.",
        "ur": "جو درخواست گزار نے شیئر نہیں کیا وہ میزبان ادارہ نہیں پڑھ سکتا، اور دستاویزات کو غائب سمجھ سکتا ہے۔",
    },
}

CONSENT_WORDS: dict[str, dict[str, str]] = APPLICANT_WORDS | HOST_WORDS | SHARING_WORDS
