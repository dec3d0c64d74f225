"""More of the portal's words in Chinese, Russian and Urdu (keyed by the English text, as in
i18n.py, which merges them): a used reset link, the officer's cycle and review pages. The
sentences of reasons by code are in shared/reason_words.py, shared with the e-mails."""

from __future__ import annotations

MORE: dict[str, dict[str, str]] = {
    # an error page's request id (the portal's and the services' logs carry it)
    "If you write to us about this, give this reference:": {
        "zh": "如就此联系我们，请提供以下编号：",
        "ru": "Если будете писать нам об этом, укажите этот номер:",
        "ur": "اگر آپ اس بارے میں ہمیں لکھیں تو یہ حوالہ نمبر دیں:",
    },
    # the password fields (registration, change, reset): the personal-words rule said up front
    "At least 10 characters, without your name or e-mail address.": {
        "zh": "至少10个字符，且不得包含您的姓名或电子邮箱地址。",
        "ru": "Не менее 10 символов; пароль не должен содержать ваше имя или адрес электронной почты.",
        "ur": "کم از کم 10 حروف؛ اس میں آپ کا نام یا ای میل پتہ شامل نہیں ہونا چاہیے۔",
    },
    # the officer's quota caps, worded from the rule's structure (quota_words.py)
    "At most {n}": {"zh": "最多 {n}", "ru": "Не более {n}", "ur": "زیادہ سے زیادہ {n}"},
    "At most {share} of the seats": {
        "zh": "最多占名额的 {share}",
        "ru": "Не более {share} мест",
        "ur": "نشستوں کا زیادہ سے زیادہ {share}",
    },
    "from {values}": {"zh": "来自{values}", "ru": "из стран: {values}", "ur": "{values} سے"},
    "in {values}": {"zh": "在{values}", "ru": "в стране: {values}", "ur": "{values} میں"},
    "at {values}": {"zh": "在{values}", "ru": "в вузе: {values}", "ur": "{values} میں"},
    "field: {values}": {"zh": "领域：{values}", "ru": "область: {values}", "ur": "شعبہ: {values}"},
    "level: {values}": {"zh": "层次：{values}", "ru": "уровень: {values}", "ur": "سطح: {values}"},
    " and ": {"zh": "且", "ru": " и ", "ur": " اور "},
    "each sending country": {"zh": "每个派出国", "ru": "для каждой направляющей страны", "ur": "ہر بھیجنے والا ملک"},
    "each applicant type": {
        "zh": "每类申请人",
        "ru": "для каждой категории заявителей",
        "ur": "درخواست دہندگان کی ہر قسم",
    },
    "each host institution": {"zh": "每所接收院校", "ru": "для каждого принимающего вуза", "ur": "ہر میزبان ادارہ"},
    "each host country": {"zh": "每个接收国", "ru": "для каждой принимающей страны", "ur": "ہر میزبان ملک"},
    "each programme": {"zh": "每个项目", "ru": "для каждой программы", "ur": "ہر پروگرام"},
    "each field": {"zh": "每个学科领域", "ru": "для каждой области", "ur": "ہر شعبہ"},
    "each level": {"zh": "每个层次", "ru": "для каждого уровня", "ur": "ہر سطح"},
    "each scheme": {"zh": "每个计划", "ru": "для каждой программы обмена", "ur": "ہر اسکیم"},
    "each cycle": {"zh": "每个周期", "ru": "для каждого набора", "ur": "ہر دور"},
    "Total": {"zh": "合计", "ru": "Всего", "ur": "کل"},
    # the officer's review page: a match's own places on the waitlists, its reference
    "Reference": {"zh": "编号", "ru": "Номер", "ur": "حوالہ"},
    "Also on the waitlist of the latest round for:": {
        "zh": "在最近一轮中还在以下项目的候补名单上：",
        "ru": "Также в листе ожидания последнего раунда:",
        "ur": "تازہ ترین مرحلے میں ان کی انتظار فہرست میں بھی:",
    },
    "position {n}": {"zh": "第 {n} 位", "ru": "место {n}", "ur": "نمبر {n}"},
    "An officer rejected this applicant before:": {
        "zh": "此前已有审核官驳回过该申请人：",
        "ru": "Этого заявителя уже отклонял сотрудник:",
        "ur": "اس درخواست دہندہ کو پہلے ایک افسر مسترد کر چکا ہے:",
    },
    "rejected on {date}": {"zh": "于 {date} 驳回", "ru": "отклонено {date}", "ur": "{date} کو مسترد"},
    # fields of study of the catalog (others are shown as their words)
    "field:agriculture": {"en": "agriculture", "zh": "农学", "ru": "сельское хозяйство", "ur": "زراعت"},
    "field:chinese-medicine": {"en": "Chinese medicine", "zh": "中医学", "ru": "китайская медицина", "ur": "چینی طب"},
    "field:dentistry": {"en": "dentistry", "zh": "口腔医学", "ru": "стоматология", "ur": "دندان سازی"},
    "field:engineering": {"en": "engineering", "zh": "工程", "ru": "инженерия", "ur": "انجینئرنگ"},
    "field:healthcare": {"en": "healthcare", "zh": "医疗卫生", "ru": "здравоохранение", "ur": "صحت کی دیکھ بھال"},
    "field:international-relations": {
        "en": "international relations",
        "zh": "国际关系",
        "ru": "международные отношения",
        "ur": "بین الاقوامی تعلقات",
    },
    "field:languages": {"en": "languages", "zh": "语言", "ru": "языки", "ur": "زبانیں"},
    "field:medicine": {"en": "medicine", "zh": "医学", "ru": "медицина", "ur": "طب"},
    "field:medical-education": {
        "en": "medical education",
        "zh": "医学教育",
        "ru": "медицинское образование",
        "ur": "طبی تعلیم",
    },
    "field:rail-transport": {
        "en": "rail transport",
        "zh": "铁路运输",
        "ru": "железнодорожный транспорт",
        "ur": "ریلوے نقل و حمل",
    },
    "field:surveying": {"en": "surveying", "zh": "测绘", "ru": "геодезия", "ur": "پیمائش اراضی"},
    "field:thermal-energy": {"en": "thermal energy", "zh": "热能工程", "ru": "теплоэнергетика", "ur": "حرارتی توانائی"},
    # a reset link opened after it was used or expired
    "This link was already used or has expired. Ask for a new one below.": {
        "zh": "此链接已被使用或已过期。请在下方重新获取。",
        "ru": "Эта ссылка уже использована или устарела. Запросите новую ниже.",
        "ur": "یہ لنک پہلے ہی استعمال ہو چکا ہے یا اس کی میعاد ختم ہو گئی ہے۔ نیچے سے نیا لنک منگوائیں۔",
    },
    # the officers' list of applications to review
    "First choice": {"zh": "第一志愿", "ru": "Первый выбор", "ur": "پہلی ترجیح"},
    "Unknown applicant": {"zh": "未知申请人", "ru": "Неизвестный заявитель", "ur": "نامعلوم درخواست دہندہ"},
    "This file failed its integrity check and cannot be opened. It has to be uploaded again.": {
        "zh": "该文件未通过完整性检查，无法打开，需要重新上传。",
        "ru": "Файл не прошёл проверку целостности и не может быть открыт. Его нужно загрузить заново.",
        "ur": "یہ فائل سالمیت کی جانچ میں ناکام رہی اور کھولی نہیں جا سکتی۔ اسے دوبارہ اپ لوڈ کرنا ہوگا۔",
    },
    "No applications in the pool yet.": {
        "zh": "资格池中还没有申请。",
        "ru": "В пуле пока нет заявок.",
        "ur": "پول میں ابھی کوئی درخواست نہیں۔",
    },
    # the officers' list of applications: its tabs (ended: withdrawn, not endorsed, not nominated,
    # not admitted, declined)
    "Current": {"zh": "当前", "ru": "Текущие", "ur": "جاری"},
    "Ended": {"zh": "已结束", "ru": "Завершённые", "ur": "ختم شدہ"},
    "No ended applications.": {
        "zh": "没有已结束的申请。",
        "ru": "Завершённых заявок нет.",
        "ur": "کوئی ختم شدہ درخواست نہیں۔",
    },
    "No applications here: try another cycle or tab.": {
        "zh": "这里没有申请：请换一个招生周期或标签页。",
        "ru": "Здесь заявок нет: выберите другой набор или вкладку.",
        "ur": "یہاں کوئی درخواست نہیں: کوئی اور دور یا ٹیب منتخب کریں۔",
    },
    # a name made of invisible characters only, or with direction overrides (shared/text.py)
    # the date of birth's placeholder (as the date errors write it in each language)
    # as the hint above it words the form (年-月-日, سال-مہینہ-دن); "YYYY-MM-DD" was English on those pages
    # (Urdu's is the example in digits: whatever marks surround them, Chromium draws the three
    # words right to left in the ltr field, the day where the typed year goes; the hint above
    # the field says the order in words)
    # a programme's card in a cycle whose application takes no more choices (under review, offered)
    "Your application in this cycle is {status}: its choices no longer change.": {
        "zh": "您在本期的申请状态为{status}：志愿已不能再更改。",
        "ru": "Статус вашей заявки в этом наборе: {status}. Её выбор больше не меняется.",
        "ur": "اس دور میں آپ کی درخواست {status} ہے: اس کے انتخاب اب تبدیل نہیں ہوتے۔",
    },
    "See your application": {"zh": "查看您的申请", "ru": "Открыть заявку", "ur": "اپنی درخواست دیکھیں"},
    # a lock anyone's wrong passwords can set: the owner's way in now (a reset forgets the failures)
    "To log in now, set a new password: the link we e-mail you unlocks the account.": {
        "zh": "如需立即登录，请设置新密码：我们通过电子邮件发送的链接会解锁账户。",
        "ru": "Чтобы войти сейчас, задайте новый пароль: ссылка, которую мы пришлём по электронной почте, разблокирует учётную запись.",
        "ur": "ابھی لاگ اِن کرنے کے لیے نیا پاس ورڈ بنائیں: ہمارا ای میل کردہ لنک اکاؤنٹ کو کھول دیتا ہے۔",
    },
    # what a place comes with (a programme's award), on its card and with the offer
    "The scholarship covers: {covers}": {
        "zh": "奖学金涵盖：{covers}",
        "ru": "Оплачивается: {covers}",
        "ur": "اسکالرشپ میں شامل: {covers}",
    },
    "Stipend: {amount} {currency} a month": {
        "zh": "生活费：每月 {amount} {currency}",
        "ru": "Стипендия: {amount} {currency} в месяц",
        "ur": "وظیفہ: {amount} {currency} ماہانہ",
    },
    "Stipend: {amount} {currency} a year": {
        "zh": "生活费：每年 {amount} {currency}",
        "ru": "Стипендия: {amount} {currency} в год",
        "ur": "وظیفہ: {amount} {currency} سالانہ",
    },
    "{n} months": {"zh": "{n} 个月", "ru": "{n} мес.", "ur": "{n} ماہ"},
    # the programme form's award: what a place comes with
    "What a place comes with": {"zh": "名额待遇", "ru": "Что даёт место", "ur": "نشست کے ساتھ کیا ملتا ہے"},
    "Applicants read this on the programme's card and with an offer, in their language. Leave it empty to say nothing.": {
        "zh": "申请人会在专业卡片和录取通知中以其语言看到这些内容。留空则不显示。",
        "ru": "Заявители видят это в карточке программы и в предложении места, на своём языке. Оставьте пустым, чтобы ничего не указывать.",
        "ur": "درخواست دہندگان یہ پروگرام کے کارڈ اور پیشکش کے ساتھ اپنی زبان میں پڑھتے ہیں۔ کچھ نہ بتانا ہو تو خالی چھوڑ دیں۔",
    },
    "The scholarship covers": {"zh": "奖学金涵盖", "ru": "Что оплачивается", "ur": "اسکالرشپ میں شامل"},
    "Stipend (optional)": {"zh": "生活费（可选）", "ru": "Стипендия (необязательно)", "ur": "وظیفہ (اختیاری)"},
    "The amount, for example 3000.": {
        "zh": "金额，例如 3000。",
        "ru": "Сумма, например 3000.",
        "ur": "رقم، مثلاً 3000۔",
    },
    "Currency of the stipend": {"zh": "生活费币种", "ru": "Валюта стипендии", "ur": "وظیفے کی کرنسی"},
    "Its three-letter code, for example CNY, KZT or PKR.": {
        "zh": "三个字母的代码，例如 CNY、KZT 或 PKR。",
        "ru": "Трёхбуквенный код, например CNY, KZT или PKR.",
        "ur": "اس کا تین حرفی کوڈ، مثلاً CNY، KZT یا PKR۔",
    },
    "The stipend is paid": {"zh": "生活费发放周期", "ru": "Стипендия выплачивается", "ur": "وظیفہ ادا ہوتا ہے"},
    "a month": {"zh": "每月", "ru": "ежемесячно", "ur": "ماہانہ"},
    "a year": {"zh": "每年", "ru": "ежегодно", "ur": "سالانہ"},
    "How long the place lasts, in months (optional)": {
        "zh": "名额期限（月，可选）",
        "ru": "Срок (в месяцах, необязательно)",
        "ur": "نشست کی مدت، مہینوں میں (اختیاری)",
    },
    "Enter the stipend as a number, for example 3000.": {
        "zh": "请以数字填写生活费，例如 3000。",
        "ru": "Укажите стипендию числом, например 3000.",
        "ur": "وظیفہ عدد میں لکھیں، مثلاً 3000۔",
    },
    "Enter the currency as its three-letter code, for example CNY.": {
        "zh": "请填写三个字母的币种代码，例如 CNY。",
        "ru": "Укажите валюту трёхбуквенным кодом, например CNY.",
        "ur": "کرنسی کا تین حرفی کوڈ لکھیں، مثلاً CNY۔",
    },
    "Enter the currency of the stipend, for example CNY.": {
        "zh": "请填写生活费的币种，例如 CNY。",
        "ru": "Укажите валюту стипендии, например CNY.",
        "ur": "وظیفے کی کرنسی لکھیں، مثلاً CNY۔",
    },
    "Enter a number of months from 1 to 120.": {
        "zh": "请填写 1 到 120 之间的月数。",
        "ru": "Укажите число месяцев от 1 до 120.",
        "ur": "1 سے 120 کے درمیان مہینوں کی تعداد لکھیں۔",
    },
    # a referee who declines may say why; the applicant reads it beside the referee
    "Your reason (optional)": {
        "zh": "您的理由（可选）",
        "ru": "Ваша причина (необязательно)",
        "ur": "آپ کی وجہ (اختیاری)",
    },
    "The applicant reads it as you write it, and asks someone else.": {
        "zh": "申请人会按您所写的原文看到它，并另请他人。",
        "ru": "Заявитель прочтёт её так, как вы напишете, и попросит другого человека.",
        "ur": "درخواست دہندہ اسے ویسے ہی پڑھے گا جیسے آپ لکھیں گے، اور کسی اور سے درخواست کرے گا۔",
    },
    "Their reason:": {"zh": "对方给出的理由：", "ru": "Причина:", "ur": "بتائی گئی وجہ:"},
    # a partner's endpoint back after an outage: what waits for its next try goes now
    "Send the waiting deliveries now": {
        "zh": "立即发送等待中的投递",
        "ru": "Отправить ожидающие доставки сейчас",
        "ur": "انتظار میں موجود ترسیلات ابھی بھیجیں",
    },
    "Deliveries that failed are tried again on a schedule, up to hours apart: once your endpoint works again, send the waiting ones now.": {
        "zh": "失败的投递会按计划重试，间隔可达数小时：您的接收端恢复后，可立即发送等待中的投递。",
        "ru": "Неудавшиеся доставки повторяются по расписанию, с перерывами до нескольких часов: когда ваш адрес снова работает, отправьте ожидающие сейчас.",
        "ur": "ناکام ترسیلات ایک شیڈول پر دوبارہ بھیجی جاتی ہیں، جن کے درمیان کئی گھنٹے ہو سکتے ہیں: جب آپ کا اینڈ پوائنٹ دوبارہ کام کرے تو انتظار والی ابھی بھیج دیں۔",
    },
    "{n} waiting deliveries are being sent now.": {
        "zh": "{n} 个等待中的投递正在发送。",
        "ru": "Ожидающие доставки отправляются сейчас: {n}.",
        "ur": "انتظار میں موجود {n} ترسیلات ابھی بھیجی جا رہی ہیں۔",
    },
    "No delivery was waiting for its next try.": {
        "zh": "没有等待重试的投递。",
        "ru": "Ни одна доставка не ждала следующей попытки.",
        "ur": "کوئی ترسیل اگلی کوشش کے انتظار میں نہیں تھی۔",
    },
    # beside a reason a nominating authority or a home institution writes to an applicant
    "Reads messages in {language}.": {
        "zh": "阅读消息所用语言：{language}。",
        "ru": "Читает сообщения на языке: {language}.",
        "ur": "پیغامات {language} میں پڑھتے ہیں۔",
    },
    # the lock refuses browsers that have not logged in to the account before (device cookie)
    "A browser or device you have logged in with before can still log in.": {
        "zh": "您以前登录过的浏览器或设备仍可登录。",
        "ru": "С браузера или устройства, с которого вы уже входили, войти по-прежнему можно.",
        "ur": "جس براؤزر یا آلے سے آپ پہلے لاگ اِن کر چکے ہیں، اس سے اب بھی لاگ اِن ہو سکتا ہے۔",
    },
    # 2003-02-30, written as asked, had been told to be written as year-month-day
    "There is no such day: check the month and the day.": {
        "zh": "没有这一天：请检查月份和日期。",
        "ru": "Такой даты нет: проверьте месяц и день.",
        "ur": "ایسی کوئی تاریخ نہیں: مہینہ اور دن دوبارہ دیکھیں۔",
    },
    "YYYY-MM-DD": {"zh": "年-月-日", "ru": "ГГГГ-ММ-ДД", "ur": "\u20662003-04-25\u2069"},
    # the officer's round page: its count of the waitlisted, beside waitlists that also hold the placed
    "Waitlisted, without a place": {
        "zh": "候补（未获名额）",
        "ru": "В листе ожидания, без места",
        "ur": "انتظار کی فہرست میں، بغیر نشست",
    },
    "{n} of those on these waitlists hold a place at a lower choice: they are counted as matched, and move up if a seat frees here.": {
        "zh": "以上候补名单中有 {n} 人已在较低志愿获得名额：他们计入已匹配，若此处有名额空出将递补。",
        "ru": "{n} из стоящих в этих листах ожидания уже получили место по менее приоритетному выбору: они учтены как распределённые и поднимутся сюда, если здесь освободится место.",
        "ur": "ان انتظار فہرستوں میں سے {n} کو کسی کم ترجیحی انتخاب پر نشست مل چکی ہے: وہ میچ شدہ شمار ہوتے ہیں، اور یہاں نشست خالی ہونے پر آگے آئیں گے۔",
    },
    # a form sent after the session ended (services/portal/app/errors.py): what was typed, to copy
    "Your session has ended": {"zh": "您的会话已结束", "ru": "Сеанс завершён", "ur": "آپ کا سیشن ختم ہو گیا"},
    "You were logged out (perhaps in another tab), so nothing was saved. Copy what you typed, log in, and save it again.": {
        "zh": "您已退出登录（可能是在另一个标签页中），因此未保存任何内容。请复制您输入的内容，登录后再次保存。",
        "ru": "Вы вышли из системы (возможно, в другой вкладке), поэтому ничего не сохранено. Скопируйте введённый текст, войдите и сохраните его снова.",
        "ur": "آپ لاگ آؤٹ ہو گئے تھے (شاید کسی اور ٹیب میں)، اس لیے کچھ محفوظ نہیں ہوا۔ جو لکھا تھا اسے کاپی کریں، لاگ ان کریں اور دوبارہ محفوظ کریں۔",
    },
    "Log in (opens a new tab, this page stays)": {
        "zh": "登录（在新标签页中打开，本页保留）",
        "ru": "Войти (откроется новая вкладка, эта страница останется)",
        "ur": "لاگ ان کریں (نیا ٹیب کھلے گا، یہ صفحہ رہے گا)",
    },
    "Enter at least 2 characters.": {
        "zh": "请至少输入 2 个字符。",
        "ru": "Введите не менее 2 символов.",
        "ur": "کم از کم 2 حروف درج کریں۔",
    },
    "Enter at least one visible character.": {
        "zh": "请至少输入一个可见字符。",
        "ru": "Введите хотя бы один видимый символ.",
        "ur": "کم از کم ایک نظر آنے والا حرف درج کریں۔",
    },
    "Remove the accents stacked on one letter: at most four.": {
        "zh": "请删除叠加在同一字母上的变音符号：最多四个。",
        "ru": "Уберите знаки, наложенные на одну букву: не больше четырёх.",
        "ur": "ایک حرف پر لگے زائد اعراب ہٹا دیں: زیادہ سے زیادہ چار۔",
    },
    "Remove the text direction override characters (they can come with text pasted from another document).": {
        "zh": "请删除文字方向控制字符（它们可能随从其他文档粘贴的文本一起带入）。",
        "ru": "Удалите символы управления направлением текста (они могут попасть в текст, скопированный из другого документа).",
        "ur": "متن کی سمت بدلنے والے حروف ہٹا دیں (یہ کسی اور دستاویز سے چسپاں کیے گئے متن کے ساتھ آ سکتے ہیں)۔",
    },
}
