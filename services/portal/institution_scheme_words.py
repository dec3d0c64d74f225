"""The admin's catalog pages, institutions and schemes (a new one, one changed, one removed), in
Chinese, Russian and Urdu (English is the key; the "institution-kind:", "stage:" and
"deadline-action:" values carry "en" too).

"Schemes" is worded here again, as the navigation and these pages name them: a scheme is a
«программа финансирования» and a 项目计划 (the portal's "Programmes" are «Программы» and 项目)."""

from __future__ import annotations

INSTITUTION_SCHEME_WORDS: dict[str, dict[str, str]] = {
    "Schemes": {"zh": "项目计划", "ru": "Программы финансирования", "ur": "اسکیمیں"},
    # --- institutions -----------------------------------------------------------------------------
    "The catalog's partners: hosts of programmes, applicants' home institutions, ministries and agencies. Officers choose a programme's host among them.": {
        "zh": "目录中的合作单位：项目的接收院校、申请人的所在院校、部委和机构。招生官从中选择项目的接收院校。",
        "ru": "Партнёры каталога: принимающие вузы программ, родные вузы заявителей, министерства и агентства. Сотрудники выбирают из них принимающий вуз программы.",
        "ur": "کیٹلاگ کے شراکت دار: پروگراموں کے میزبان ادارے، درخواست گزاروں کے اپنے ادارے، وزارتیں اور ایجنسیاں۔ افسر انہی میں سے کسی پروگرام کا میزبان ادارہ چنتے ہیں۔",
    },
    "Add an institution": {"zh": "添加单位", "ru": "Добавить организацию", "ur": "ادارہ شامل کریں"},
    "Kind": {"zh": "类型", "ru": "Тип", "ur": "قسم"},
    "No institutions yet.": {"zh": "暂无单位。", "ru": "Организаций пока нет.", "ur": "ابھی کوئی ادارہ نہیں۔"},
    "New institution": {"zh": "新建单位", "ru": "Новая организация", "ur": "نیا ادارہ"},
    "Change the institution": {"zh": "修改单位", "ru": "Изменить организацию", "ur": "ادارے میں تبدیلی"},
    "Institution id": {"zh": "单位标识", "ru": "Идентификатор организации", "ur": "ادارے کی شناخت"},
    "2 to 64 lowercase Latin letters, digits, dots, hyphens or underscores, starting with a letter or digit, for example xjmu. It is part of the institution's addresses and cannot change later.": {
        "zh": "2 至 64 个小写拉丁字母、数字、点、连字符或下划线，以字母或数字开头，例如 xjmu。它是单位网址的一部分，之后不能更改。",
        "ru": "От 2 до 64 строчных латинских букв, цифр, точек, дефисов или подчёркиваний, первым — буква или цифра, например xjmu. Он входит в адреса организации и потом не меняется.",
        "ur": "2 سے 64 چھوٹے لاطینی حروف، ہندسے، نقطے، ہائفن یا انڈر اسکور، شروع میں حرف یا ہندسہ، مثلاً xjmu۔ یہ ادارے کے پتوں کا حصہ ہے اور بعد میں بدلی نہیں جا سکتی۔",
    },
    "Name of the institution": {"zh": "单位名称", "ru": "Название организации", "ur": "ادارے کا نام"},
    "Choose a country.": {"zh": "请选择国家。", "ru": "Выберите страну.", "ur": "ملک منتخب کریں۔"},
    "Add the institution": {"zh": "添加该单位", "ru": "Добавить организацию", "ur": "ادارہ شامل کریں"},
    "Save the institution": {"zh": "保存单位", "ru": "Сохранить организацию", "ur": "ادارہ محفوظ کریں"},
    "Remove this institution": {"zh": "删除此单位", "ru": "Удалить эту организацию", "ur": "یہ ادارہ ہٹائیں"},
    "Remove the institution?": {"zh": "删除该单位？", "ru": "Удалить организацию?", "ur": "ادارہ ہٹا دیں؟"},
    "Only an institution that hosts no programme can be removed.": {
        "zh": "只有不接收任何项目的单位才能删除。",
        "ru": "Удалить можно только организацию, при которой нет ни одной программы.",
        "ur": "صرف وہی ادارہ ہٹایا جا سکتا ہے جو کسی پروگرام کا میزبان نہ ہو۔",
    },
    "Yes, remove the institution": {
        "zh": "是，删除该单位",
        "ru": "Да, удалить организацию",
        "ur": "ہاں، ادارہ ہٹا دیں",
    },
    "The institution “{name}” was added.": {
        "zh": "单位“{name}”已添加。",
        "ru": "Организация «{name}» добавлена.",
        "ur": "ادارہ “{name}” شامل کر دیا گیا۔",
    },
    "The institution “{name}” was saved.": {
        "zh": "单位“{name}”已保存。",
        "ru": "Организация «{name}» сохранена.",
        "ur": "ادارہ “{name}” محفوظ ہو گیا۔",
    },
    "The institution “{name}” was removed.": {
        "zh": "单位“{name}”已删除。",
        "ru": "Организация «{name}» удалена.",
        "ur": "ادارہ “{name}” ہٹا دیا گیا۔",
    },
    "An institution with this id exists already: choose another id.": {
        "zh": "已有使用此标识的单位：请另选一个标识。",
        "ru": "Организация с таким идентификатором уже есть: выберите другой.",
        "ur": "اس شناخت کا ادارہ پہلے سے موجود ہے: کوئی اور شناخت چنیں۔",
    },
    "Another record of the catalog (a scheme, a cycle, a programme or a quota rule) has this id: choose another.": {
        "zh": "目录中另一条记录（项目计划、招生周期、项目或配额规则）已使用此标识：请另选一个。",
        "ru": "Этот идентификатор уже у другой записи каталога (программы финансирования, набора, программы или правила квоты): выберите другой.",
        "ur": "کیٹلاگ کے کسی اور اندراج (اسکیم، دور، پروگرام یا کوٹہ اصول) کی یہی شناخت ہے: کوئی اور چنیں۔",
    },
    "This institution hosts programmes: it cannot be removed while it does. Remove them or give them another host first.": {
        "zh": "该单位接收着项目，因此不能删除。请先删除这些项目或为其更换接收院校。",
        "ru": "При этой организации есть программы: пока они есть, её нельзя удалить. Сначала удалите их или передайте другому принимающему вузу.",
        "ur": "یہ ادارہ پروگراموں کا میزبان ہے: جب تک ایسا ہے اسے ہٹایا نہیں جا سکتا۔ پہلے انہیں ہٹائیں یا انہیں کوئی اور میزبان دیں۔",
    },
    # the catalog's kinds of institution (services/matching/domain/catalog.py INSTITUTION_KINDS)
    "institution-kind:university": {"en": "University", "zh": "大学", "ru": "Университет", "ur": "یونیورسٹی"},
    "institution-kind:vocational college": {
        "en": "Vocational college",
        "zh": "职业院校",
        "ru": "Колледж профессионального образования",
        "ur": "ووکیشنل کالج",
    },
    "institution-kind:research centre": {
        "en": "Research centre",
        "zh": "研究中心",
        "ru": "Исследовательский центр",
        "ur": "تحقیقی مرکز",
    },
    "institution-kind:workshop": {"en": "Workshop", "zh": "工坊", "ru": "Мастерская", "ur": "ورکشاپ"},
    "institution-kind:ministry": {"en": "Ministry", "zh": "部委", "ru": "Министерство", "ur": "وزارت"},
    "institution-kind:agency": {"en": "Agency", "zh": "政府机构", "ru": "Агентство", "ur": "ایجنسی"},
    # --- schemes ----------------------------------------------------------------------------------
    "Each scheme's officers define its cycles, programmes and quota rules; an admin gives officers their schemes on the accounts page.": {
        "zh": "各项目计划的招生官负责定义其招生周期、项目和配额规则；管理员在账户页面为招生官分配项目计划。",
        "ru": "Сотрудники каждой программы финансирования задают её наборы, программы и правила квот; администратор назначает сотрудникам программы финансирования на странице учётных записей.",
        "ur": "ہر اسکیم کے افسر اس کے دور، پروگرام اور کوٹہ کے قواعد طے کرتے ہیں؛ منتظم اکاؤنٹس کے صفحے پر افسروں کو ان کی اسکیمیں دیتا ہے۔",
    },
    "Add a scheme": {"zh": "添加项目计划", "ru": "Добавить программу финансирования", "ur": "اسکیم شامل کریں"},
    "Sponsor": {"zh": "资助方", "ru": "Спонсор", "ur": "اسپانسر"},
    "Stages of an application": {"zh": "申请的各个阶段", "ru": "Этапы заявки", "ur": "درخواست کے مراحل"},
    "Direct": {"zh": "直接", "ru": "Напрямую", "ur": "براہِ راست"},
    "No schemes yet.": {
        "zh": "暂无项目计划。",
        "ru": "Программ финансирования пока нет.",
        "ur": "ابھی کوئی اسکیم نہیں۔",
    },
    "New scheme": {"zh": "新建项目计划", "ru": "Новая программа финансирования", "ur": "نئی اسکیم"},
    "Change the scheme": {
        "zh": "修改项目计划",
        "ru": "Изменить программу финансирования",
        "ur": "اسکیم میں تبدیلی",
    },
    "Scheme id": {
        "zh": "项目计划标识",
        "ru": "Идентификатор программы финансирования",
        "ur": "اسکیم کی شناخت",
    },
    "2 to 64 lowercase Latin letters, digits, dots, hyphens or underscores, starting with a letter or digit, for example sco. It is part of the scheme's addresses and cannot change later.": {
        "zh": "2 至 64 个小写拉丁字母、数字、点、连字符或下划线，以字母或数字开头，例如 sco。它是项目计划网址的一部分，之后不能更改。",
        "ru": "От 2 до 64 строчных латинских букв, цифр, точек, дефисов или подчёркиваний, первым — буква или цифра, например sco. Он входит в адреса программы финансирования и потом не меняется.",
        "ur": "2 سے 64 چھوٹے لاطینی حروف، ہندسے، نقطے، ہائفن یا انڈر اسکور، شروع میں حرف یا ہندسہ، مثلاً sco۔ یہ اسکیم کے پتوں کا حصہ ہے اور بعد میں بدلی نہیں جا سکتی۔",
    },
    "Name of the scheme": {
        "zh": "项目计划名称",
        "ru": "Название программы финансирования",
        "ur": "اسکیم کا نام",
    },
    "Who funds the scheme, for example the China Scholarship Council.": {
        "zh": "资助该项目计划的一方，例如国家留学基金管理委员会。",
        "ru": "Кто финансирует программу, например Китайский стипендиальный совет.",
        "ur": "اسکیم کے لیے مالی وسائل کون دیتا ہے، مثلاً چائنا اسکالرشپ کونسل۔",
    },
    "Enter the sponsor.": {"zh": "请填写资助方。", "ru": "Укажите спонсора.", "ur": "اسپانسر درج کریں۔"},
    "From 1 to 20. A cycle of the scheme may allow fewer.": {
        "zh": "1 至 20。该项目计划的招生周期可以允许更少。",
        "ru": "От 1 до 20. Набор этой программы финансирования может разрешить меньше.",
        "ur": "1 سے 20 تک۔ اسکیم کا کوئی دور اس سے کم کی اجازت دے سکتا ہے۔",
    },
    "The countries whose nationals may apply. Tick none to take applicants from every country.": {
        "zh": "其公民可以申请的国家。全部不勾选即接受所有国家的申请人。",
        "ru": "Страны, граждане которых могут подавать заявки. Не отмечайте ни одной, чтобы принимать заявителей из любой страны.",
        "ur": "وہ ممالک جن کے شہری درخواست دے سکتے ہیں۔ ہر ملک کے درخواست گزار لینے کے لیے کوئی نشان نہ لگائیں۔",
    },
    "In this order. Matching, the officers' review and the applicant's answer are in every scheme; with no other stage ticked the scheme is direct. Once a cycle of the scheme has applicants its stages cannot change.": {
        "zh": "按此顺序进行。匹配、招生官审核和申请人答复是每个项目计划都有的阶段；其他阶段都不勾选即为直接申请。一旦该项目计划的某个招生周期有了申请人，各阶段就不能再更改。",
        "ru": "В этом порядке. Распределение, проверка сотрудниками и ответ заявителя есть в каждой программе финансирования; если не отмечен ни один другой этап, заявки идут напрямую. Как только в наборе этой программы появляются заявители, этапы больше не меняются.",
        "ur": "اسی ترتیب سے۔ میچنگ، افسروں کا جائزہ اور درخواست گزار کا جواب ہر اسکیم میں ہوتے ہیں؛ کوئی اور مرحلہ نشان زد نہ ہو تو اسکیم براہِ راست ہے۔ اسکیم کے کسی دور میں درخواست گزار آ جائیں تو اس کے مراحل بدلے نہیں جا سکتے۔",
    },
    "(always)": {"zh": "（始终包含）", "ru": "(всегда)", "ur": "(ہمیشہ)"},
    # the stages of a path (shared.events.catalog.Stage), in their order
    "stage:endorsement": {
        "en": "Endorsement by the home institution",
        "zh": "所在院校推荐",
        "ru": "Одобрение родным вузом",
        "ur": "اپنے ادارے کی توثیق",
    },
    "stage:nomination": {
        "en": "Nomination by the sending country's authority",
        "zh": "派出国机构提名",
        "ru": "Выдвижение органом направляющей страны",
        "ur": "بھیجنے والے ملک کے ادارے کی نامزدگی",
    },
    "stage:matching": {"en": "Matching", "zh": "匹配", "ru": "Распределение", "ur": "میچنگ"},
    "stage:review": {
        "en": "Officers' review",
        "zh": "招生官审核",
        "ru": "Проверка сотрудниками",
        "ur": "افسروں کا جائزہ",
    },
    "stage:admission": {
        "en": "Admission by the host institution",
        "zh": "接收院校录取",
        "ru": "Зачисление принимающим вузом",
        "ur": "میزبان ادارے کا داخلہ",
    },
    "stage:answer": {
        "en": "The applicant's answer",
        "zh": "申请人答复",
        "ru": "Ответ заявителя",
        "ur": "درخواست گزار کا جواب",
    },
    "At the hosts' admission deadline": {
        "zh": "接收院校录取截止时",
        "ru": "Когда истекает срок зачисления",
        "ur": "میزبان اداروں کی داخلے کی آخری تاریخ پر",
    },
    "With the admission stage: what becomes of the matches a host institution has not decided on by the cycle's deadline.": {
        "zh": "适用于有接收院校录取阶段的项目计划：接收院校在招生周期截止时间前尚未决定的匹配如何处理。",
        "ru": "Для этапа зачисления: что происходит с распределениями, по которым принимающий вуз не принял решения к сроку набора.",
        "ur": "داخلے کے مرحلے کے ساتھ: جن میچوں پر میزبان ادارے نے دور کی آخری تاریخ تک فیصلہ نہ کیا ہو ان کا کیا ہو۔",
    },
    "deadline-action:wait": {
        "en": "Keep waiting for the host's decision; the scheme's officers are told",
        "zh": "继续等待接收院校的决定；通知该项目计划的招生官",
        "ru": "Ждать решения принимающего вуза; сотрудникам программы финансирования приходит уведомление",
        "ur": "میزبان ادارے کے فیصلے کا انتظار جاری رہے؛ اسکیم کے افسروں کو اطلاع دی جائے",
    },
    "deadline-action:decline": {
        "en": "Decline the undecided matches: their seats go to the next applicants (under a nomination stage the reserve list moves up)",
        "zh": "拒绝尚未决定的匹配：名额让给后续申请人（有提名阶段时由候补名单依次递补）",
        "ru": "Отклонить нерешённые распределения: их места переходят следующим заявителям (при этапе выдвижения продвигается резервный список)",
        "ur": "جن میچوں کا فیصلہ نہ ہوا انہیں مسترد کریں: ان کی نشستیں اگلے درخواست گزاروں کو ملیں (نامزدگی کے مرحلے میں ریزرو فہرست آگے بڑھے)",
    },
    "Nominating authorities": {"zh": "提名机构", "ru": "Выдвигающие органы", "ur": "نامزد کرنے والے ادارے"},
    "With the nomination stage: the authority that nominates each sending country's applicants, as applicants and officers read it (for example the Higher Education Commission for Pakistan). Without that stage the scheme keeps no authorities.": {
        "zh": "适用于有提名阶段的项目计划：为每个派出国家提名申请人的机构，申请人和招生官将看到此名称（例如巴基斯坦的高等教育委员会）。没有提名阶段时，项目计划不保存任何提名机构。",
        "ru": "Для этапа выдвижения: орган, который выдвигает заявителей каждой направляющей страны, — так его название увидят заявители и сотрудники (например, Комиссия по высшему образованию для Пакистана). Без этого этапа выдвигающие органы не сохраняются.",
        "ur": "نامزدگی کے مرحلے کے ساتھ: وہ ادارہ جو ہر بھیجنے والے ملک کے درخواست گزاروں کو نامزد کرتا ہے، جیسا کہ درخواست گزار اور افسر اسے پڑھیں گے (مثلاً پاکستان کے لیے ہائر ایجوکیشن کمیشن)۔ اس مرحلے کے بغیر اسکیم کوئی نامزد ادارہ نہیں رکھتی۔",
    },
    "Name of the nominating authority": {
        "zh": "提名机构名称",
        "ru": "Название выдвигающего органа",
        "ur": "نامزد کرنے والے ادارے کا نام",
    },
    "Its name in other languages (optional)": {
        "zh": "其他语言的名称（可选）",
        "ru": "Название на других языках (необязательно)",
        "ur": "دوسری زبانوں میں نام (اختیاری)",
    },
    "This country is not a sending country of the scheme: tick it above, or leave its authority empty.": {
        "zh": "该国家不是此项目计划的派出国家：请在上方勾选，或将其提名机构留空。",
        "ru": "Эта страна не входит в направляющие страны программы финансирования: отметьте её выше или оставьте её орган пустым.",
        "ur": "یہ ملک اس اسکیم کا بھیجنے والا ملک نہیں: اوپر اس پر نشان لگائیں، یا اس کا ادارہ خالی چھوڑیں۔",
    },
    "An authority's names in other languages go with its name: enter the name, or empty them.": {
        "zh": "提名机构的其他语言名称须与其名称一起填写：请填写名称，或清空这些译名。",
        "ru": "Названия органа на других языках указываются вместе с его названием: введите название или очистите их.",
        "ur": "ادارے کے دوسری زبانوں والے نام اس کے نام کے ساتھ ہی ہوتے ہیں: نام درج کریں، یا انہیں خالی کریں۔",
    },
    "Add the scheme": {
        "zh": "添加该项目计划",
        "ru": "Добавить программу финансирования",
        "ur": "اسکیم شامل کریں",
    },
    "Save the scheme": {
        "zh": "保存项目计划",
        "ru": "Сохранить программу финансирования",
        "ur": "اسکیم محفوظ کریں",
    },
    "Remove this scheme": {
        "zh": "删除此项目计划",
        "ru": "Удалить эту программу финансирования",
        "ur": "یہ اسکیم ہٹائیں",
    },
    "Remove the scheme?": {
        "zh": "删除该项目计划？",
        "ru": "Удалить программу финансирования?",
        "ur": "اسکیم ہٹا دیں؟",
    },
    "Only a scheme without cycles can be removed. Accounts scoped to it keep its id until you change them.": {
        "zh": "只有没有招生周期的项目计划才能删除。以它为范围的账户仍保留其标识，直到您修改这些账户。",
        "ru": "Удалить можно только программу финансирования без наборов. Учётные записи, привязанные к ней, сохраняют её идентификатор, пока вы их не измените.",
        "ur": "صرف وہی اسکیم ہٹائی جا سکتی ہے جس کا کوئی دور نہ ہو۔ جن اکاؤنٹس کا دائرہ یہ اسکیم ہے وہ اس کی شناخت تب تک رکھتے ہیں جب تک آپ انہیں نہ بدلیں۔",
    },
    "Yes, remove the scheme": {
        "zh": "是，删除该项目计划",
        "ru": "Да, удалить программу финансирования",
        "ur": "ہاں، اسکیم ہٹا دیں",
    },
    "The scheme “{name}” was added.": {
        "zh": "项目计划“{name}”已添加。",
        "ru": "Программа финансирования «{name}» добавлена.",
        "ur": "اسکیم “{name}” شامل کر دی گئی۔",
    },
    "The scheme “{name}” was saved.": {
        "zh": "项目计划“{name}”已保存。",
        "ru": "Программа финансирования «{name}» сохранена.",
        "ur": "اسکیم “{name}” محفوظ ہو گئی۔",
    },
    "The scheme “{name}” was removed.": {
        "zh": "项目计划“{name}”已删除。",
        "ru": "Программа финансирования «{name}» удалена.",
        "ur": "اسکیم “{name}” ہٹا دی گئی۔",
    },
    "A scheme with this id exists already: choose another id.": {
        "zh": "已有使用此标识的项目计划：请另选一个标识。",
        "ru": "Программа финансирования с таким идентификатором уже есть: выберите другой.",
        "ur": "اس شناخت کی اسکیم پہلے سے موجود ہے: کوئی اور شناخت چنیں۔",
    },
    "Another record of the catalog (an institution, a cycle, a programme or a quota rule) has this id: choose another.": {
        "zh": "目录中另一条记录（单位、招生周期、项目或配额规则）已使用此标识：请另选一个。",
        "ru": "Этот идентификатор уже у другой записи каталога (организации, набора, программы или правила квоты): выберите другой.",
        "ur": "کیٹلاگ کے کسی اور اندراج (ادارہ، دور، پروگرام یا کوٹہ اصول) کی یہی شناخت ہے: کوئی اور چنیں۔",
    },
    "Only a scheme without cycles can be removed: its officers remove its cycles first.": {
        "zh": "只有没有招生周期的项目计划才能删除：请其招生官先删除这些招生周期。",
        "ru": "Удалить можно только программу финансирования без наборов: сначала её сотрудники удаляют её наборы.",
        "ur": "صرف وہی اسکیم ہٹائی جا سکتی ہے جس کا کوئی دور نہ ہو: پہلے اس کے افسر اس کے دور ہٹائیں۔",
    },
    "Applicants are already on their way through this scheme's stages (cycles {cycles}): the stages cannot change now. Make a new scheme with the new stages for the next cycle.": {
        "zh": "已有申请人正在经历此项目计划的各个阶段（招生周期 {cycles}）：现在不能更改阶段。请为下一个招生周期新建一个采用新阶段的项目计划。",
        "ru": "Заявители уже проходят этапы этой программы финансирования (наборы {cycles}): менять этапы теперь нельзя. Для следующего набора создайте новую программу финансирования с новыми этапами.",
        "ur": "درخواست گزار اس اسکیم کے مراحل سے گزر رہے ہیں (دور {cycles}): اب مراحل نہیں بدلے جا سکتے۔ اگلے دور کے لیے نئے مراحل والی نئی اسکیم بنائیں۔",
    },
    "The stages go in their fixed order, each once; matching, the officers' review and the applicant's answer are always among them.": {
        "zh": "各阶段按固定顺序排列，每个阶段只出现一次；匹配、招生官审核和申请人答复始终包含在内。",
        "ru": "Этапы идут в установленном порядке, каждый по одному разу; распределение, проверка сотрудниками и ответ заявителя есть всегда.",
        "ur": "مراحل اپنی مقررہ ترتیب میں ہوتے ہیں، ہر ایک ایک بار؛ میچنگ، افسروں کا جائزہ اور درخواست گزار کا جواب ہمیشہ ان میں شامل ہیں۔",
    },
    "A cycle of the scheme still admits a country the scheme no longer lists: change the cycle's sending countries if they should no longer apply.": {
        "zh": "该项目计划的某个招生周期仍接受项目计划已不再列出的国家：如果这些国家不应再申请，请修改该招生周期的派出国家。",
        "ru": "Набор этой программы финансирования всё ещё принимает страну, которой больше нет в её списке: если из неё больше не должны подавать заявки, измените направляющие страны набора.",
        "ur": "اسکیم کا کوئی دور اب بھی ایسا ملک قبول کرتا ہے جو اسکیم کی فہرست میں نہیں رہا: اگر وہاں سے درخواستیں نہیں آنی چاہییں تو دور کے بھیجنے والے ممالک بدلیں۔",
    },
    "The cycle {cycle} still admits {countries}, which the scheme no longer lists: change the cycle's sending countries if they should no longer apply.": {
        "zh": "招生周期 {cycle} 仍接受{countries}，而项目计划已不再列出：如果这些国家不应再申请，请修改该招生周期的派出国家。",
        "ru": "Набор {cycle} всё ещё принимает: {countries}, — этих стран больше нет в списке программы финансирования. Если из них больше не должны подавать заявки, измените направляющие страны набора.",
        "ur": "دور {cycle} اب بھی {countries} کو قبول کرتا ہے، جو اسکیم کی فہرست میں نہیں رہے: اگر وہاں سے درخواستیں نہیں آنی چاہییں تو دور کے بھیجنے والے ممالک بدلیں۔",
    },
}
