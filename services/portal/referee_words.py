"""The portal's words for referee letters (issue 15) in Chinese, Russian and Urdu, keyed by
the English text as in i18n.py, which merges them; value keys (``letter:<state>``,
``position:<position>``) carry their English words too."""

from __future__ import annotations

REFEREE_WORDS: dict[str, dict[str, str]] = {
    # a declined or expired request taken off the list (templates/referees/_block.html)
    "Remove from the list": {
        "en": "Remove from the list",
        "zh": "从列表中移除",
        "ru": "Убрать из списка",
        "ur": "فہرست سے ہٹائیں",
    },
    "Remove {name} from your referees": {
        "en": "Remove {name} from your referees",
        "zh": "将 {name} 从您的推荐人中移除",
        "ru": "Убрать рекомендателя ({name}) из списка",
        "ur": "{name} کو اپنے سفارش کنندگان سے ہٹائیں",
    },
    # a draft whose chosen programmes ask for no letters still shows the form (a letter may help)
    "None of your chosen programmes asks for recommendation letters: you need not name a referee.": {
        "en": "None of your chosen programmes asks for recommendation letters: you need not name a referee.",
        "zh": "您选择的项目均不要求推荐信：无需填写推荐人。",
        "ru": "Ни одна из выбранных вами программ не требует рекомендательных писем: указывать рекомендателя не обязательно.",
        "ur": "آپ کے منتخب کردہ کسی پروگرام کو سفارشی خطوط درکار نہیں: آپ کو کسی سفارش کنندہ کا نام دینے کی ضرورت نہیں۔",
    },
    "Name a referee all the same": {
        "en": "Name a referee all the same",
        "zh": "仍然填写推荐人",
        "ru": "Всё равно указать рекомендателя",
        "ur": "پھر بھی سفارش کنندہ کا نام دیں",
    },
    "Tell {name} no letter is needed": {
        "en": "Tell {name} no letter is needed",
        "zh": "告知 {name} 无需再写推荐信",
        "ru": "Сообщить рекомендателю ({name}), что письмо не нужно",
        "ur": "{name} کو بتائیں کہ خط کی ضرورت نہیں",
    },
    "Tick the box to cancel: the referee is told by e-mail.": {
        "en": "Tick the box to cancel: the referee is told by e-mail.",
        "zh": "请先勾选方框再取消：系统会通过电子邮件通知推荐人。",
        "ru": "Отметьте флажок, чтобы отменить: рекомендателю придёт письмо.",
        "ur": "منسوخ کرنے کے لیے خانہ نشان زد کریں: سفارش کنندہ کو ای میل سے بتایا جائے گا۔",
    },
    # what a letter request is in (services/applications/domain/referees.py)
    "letter:requested": {"en": "requested", "zh": "已发出请求", "ru": "запрошено", "ur": "درخواست بھیجی گئی"},
    "letter:opened": {"en": "opened", "zh": "已打开", "ru": "открыто", "ur": "کھولا گیا"},
    "letter:submitted": {
        "en": "letter received",
        "zh": "已收到推荐信",
        "ru": "письмо получено",
        "ur": "خط موصول ہو گیا",
    },
    "letter:declined": {"en": "declined", "zh": "已婉拒", "ru": "отказ", "ur": "انکار کر دیا"},
    "letter:expired": {"en": "expired", "zh": "已过期", "ru": "срок истёк", "ur": "میعاد ختم"},
    # who a referee is (shared.events.catalog.RefereePosition)
    "position:professor": {"en": "professor", "zh": "教授", "ru": "профессор", "ur": "پروفیسر"},
    "position:associate_professor": {
        "en": "associate professor",
        "zh": "副教授",
        "ru": "доцент",
        "ur": "ایسوسی ایٹ پروفیسر",
    },
    "position:assistant_professor": {
        "en": "assistant professor",
        "zh": "助理教授",
        "ru": "старший преподаватель",
        "ur": "اسسٹنٹ پروفیسر",
    },
    "position:lecturer": {"en": "lecturer", "zh": "讲师", "ru": "преподаватель", "ur": "لیکچرر"},
    "position:researcher": {"en": "researcher", "zh": "研究员", "ru": "научный сотрудник", "ur": "محقق"},
    "position:employer": {"en": "employer", "zh": "雇主", "ru": "работодатель", "ur": "آجر"},
    "position:other": {"en": "other", "zh": "其他", "ru": "другое", "ur": "دیگر"},
    # the applicant's block on the application page
    "Recommendation letters": {"zh": "推荐信", "ru": "Рекомендательные письма", "ur": "سفارشی خطوط"},
    "Letters needed: {n}": {"zh": "所需推荐信数量：{n}", "ru": "Нужно писем: {n}", "ur": "درکار خطوط: {n}"},
    "from:": {"zh": "推荐人职位：", "ru": "от:", "ur": "از:"},
    "Your referees are e-mailed a link to write or upload their letter. You see whether each letter arrived, never what it says.": {
        "zh": "系统会通过电子邮件向您的推荐人发送链接，供其撰写或上传推荐信。您可以看到每封推荐信是否已送达，但看不到其内容。",
        "ru": "Вашим рекомендателям придёт ссылка, по которой они напишут или загрузят письмо. "
        "Вы видите, пришло ли письмо, но не его содержание.",
        "ur": "آپ کے سفارش کنندگان کو خط لکھنے یا اپ لوڈ کرنے کے لیے ای میل پر لنک بھیجا جاتا ہے۔ "
        "آپ دیکھ سکتے ہیں کہ خط پہنچا یا نہیں، لیکن اس کا مواد نہیں۔",
    },
    "Due by": {"zh": "截止日期", "ru": "Срок", "ur": "آخری تاریخ"},
    "Remind": {"zh": "提醒", "ru": "Напомнить", "ur": "یاد دہانی کرائیں"},
    "You can remind them from {when}: they were written to within the day.": {
        "zh": "您可以从 {when} 起提醒对方：对方在一天之内已收到过邮件。",
        "ru": "Напомнить можно с {when}: письмо им уже отправлено в течение суток.",
        "ur": "آپ {when} سے یاد دہانی کرا سکتے ہیں: انہیں ایک دن کے اندر لکھا جا چکا ہے۔",
    },
    "Remind {name}": {"zh": "提醒 {name}", "ru": "Напомнить: {name}", "ur": "{name} کو یاد دہانی کرائیں"},
    "Cancel": {"zh": "取消", "ru": "Отменить", "ur": "منسوخ کریں"},
    "Cancel the request to {name}": {
        "zh": "取消向 {name} 发出的请求",
        "ru": "Отменить запрос: {name}",
        "ur": "{name} سے درخواست منسوخ کریں",
    },
    "Ask someone else instead": {
        "zh": "改请其他人",
        "ru": "Попросить другого человека",
        "ur": "اس کی جگہ کسی اور سے کہیں",
    },
    "Referee's name": {"zh": "推荐人姓名", "ru": "Имя рекомендателя", "ur": "سفارش کنندہ کا نام"},
    "Referee's e-mail address": {
        "zh": "推荐人电子邮箱",
        "ru": "Электронная почта рекомендателя",
        "ur": "سفارش کنندہ کا ای میل پتہ",
    },
    "Position": {"zh": "职位", "ru": "Должность", "ur": "عہدہ"},
    "Institution": {"zh": "单位", "ru": "Организация", "ur": "ادارہ"},
    "How the referee knows you": {
        "zh": "推荐人与您的关系",
        "ru": "Откуда рекомендатель вас знает",
        "ur": "سفارش کنندہ آپ کو کیسے جانتے ہیں",
    },
    "Language of the referee's e-mails": {
        "zh": "推荐人邮件的语言",
        "ru": "Язык писем рекомендателю",
        "ur": "سفارش کنندہ کو ای میلز کی زبان",
    },
    "Replace the referee": {"zh": "更换推荐人", "ru": "Заменить рекомендателя", "ur": "سفارش کنندہ تبدیل کریں"},
    "No referees named yet.": {
        "zh": "尚未填写推荐人。",
        "ru": "Рекомендатели ещё не указаны.",
        "ur": "ابھی تک کوئی سفارش کنندہ نامزد نہیں کیا گیا۔",
    },
    "Name a referee": {"zh": "填写推荐人", "ru": "Указать рекомендателя", "ur": "سفارش کنندہ نامزد کریں"},
    "Ask for a letter": {"zh": "请求推荐信", "ru": "Запросить письмо", "ur": "خط کی درخواست کریں"},
    "The referee was asked for a letter.": {
        "zh": "已向推荐人发出推荐信请求。",
        "ru": "Рекомендателю отправлен запрос на письмо.",
        "ur": "سفارش کنندہ سے خط کی درخواست کر دی گئی۔",
    },
    "The referee was reminded.": {
        "zh": "已提醒推荐人。",
        "ru": "Рекомендателю отправлено напоминание.",
        "ur": "سفارش کنندہ کو یاد دہانی کرا دی گئی۔",
    },
    "The request was cancelled.": {"zh": "请求已取消。", "ru": "Запрос отменён.", "ur": "درخواست منسوخ کر دی گئی۔"},
    "The referee was replaced.": {
        "zh": "推荐人已更换。",
        "ru": "Рекомендатель заменён.",
        "ur": "سفارش کنندہ تبدیل کر دیا گیا۔",
    },
    "Enter the referee's e-mail address.": {
        "zh": "请填写推荐人的电子邮箱。",
        "ru": "Укажите электронную почту рекомендателя.",
        "ur": "سفارش کنندہ کا ای میل پتہ درج کریں۔",
    },
    "Choose the referee's position.": {
        "zh": "请选择推荐人的职位。",
        "ru": "Выберите должность рекомендателя.",
        "ur": "سفارش کنندہ کا عہدہ منتخب کریں۔",
    },
    # the referee's page
    "Recommendation letter": {"zh": "推荐信", "ru": "Рекомендательное письмо", "ur": "سفارشی خط"},
    "{applicant} asks you for a recommendation letter": {
        "zh": "{applicant} 请您撰写推荐信",
        "ru": "{applicant} просит вас написать рекомендательное письмо",
        "ur": "{applicant} آپ سے سفارشی خط کی درخواست کرتے ہیں",
    },
    "Dear {name},": {"zh": "尊敬的{name}：", "ru": "Здравствуйте, {name}!", "ur": "محترم {name}،"},
    "The application is for:": {
        "zh": "申请的项目：",
        "ru": "Заявка на программы:",
        "ur": "درخواست ان پروگراموں کے لیے ہے:",
    },
    "Please answer by": {
        "zh": "请在以下时间前答复：",
        "ru": "Пожалуйста, ответьте до",
        "ur": "براہ کرم اس تاریخ تک جواب دیں:",
    },
    "This page is for you alone: the applicant will not see your letter.": {
        "zh": "此页面仅供您本人使用：申请人看不到您的推荐信。",
        "ru": "Эта страница только для вас: заявитель не увидит ваше письмо.",
        "ur": "یہ صفحہ صرف آپ کے لیے ہے: درخواست دہندہ آپ کا خط نہیں دیکھ سکے گا۔",
    },
    "Upload your letter (PDF)": {
        "zh": "上传推荐信（PDF）",
        "ru": "Загрузите письмо (PDF)",
        "ur": "اپنا خط اپ لوڈ کریں (PDF)",
    },
    "Letter (PDF)": {"zh": "推荐信（PDF）", "ru": "Письмо (PDF)", "ur": "خط (PDF)"},
    "Upload the letter": {"zh": "上传推荐信", "ru": "Загрузить письмо", "ur": "خط اپ لوڈ کریں"},
    "Or write your letter here": {
        "zh": "或在此撰写推荐信",
        "ru": "Или напишите письмо здесь",
        "ur": "یا اپنا خط یہاں لکھیں",
    },
    "Your letter": {"zh": "推荐信内容", "ru": "Ваше письмо", "ur": "آپ کا خط"},
    "At least {n} characters.": {
        "zh": "至少 {n} 个字符。",
        "ru": "Не менее {n} символов.",
        "ur": "کم از کم {n} حروف۔",
    },
    "Submit the letter": {"zh": "提交推荐信", "ru": "Отправить письмо", "ur": "خط جمع کرائیں"},
    "Cannot write a letter?": {"zh": "无法撰写推荐信？", "ru": "Не можете написать письмо?", "ur": "خط نہیں لکھ سکتے؟"},
    "Decline to write a letter": {
        "zh": "婉拒撰写推荐信",
        "ru": "Отказаться от написания письма",
        "ur": "خط لکھنے سے انکار کریں",
    },
    "You declined to write a letter. The applicant will be told. Thank you for letting us know.": {
        "zh": "您已婉拒撰写推荐信，我们会通知申请人。感谢您的告知。",
        "ru": "Вы отказались писать письмо. Заявитель будет уведомлён. Спасибо, что сообщили.",
        "ur": "آپ نے خط لکھنے سے انکار کر دیا ہے۔ درخواست دہندہ کو اطلاع دی جائے گی۔ بتانے کا شکریہ۔",
    },
    "Thank you: your letter was received. The applicant will be told that it arrived, but not what it says.": {
        "zh": "谢谢！您的推荐信已收到。我们会告知申请人推荐信已送达，但不会透露其内容。",
        "ru": "Спасибо, ваше письмо получено. Заявитель узнает, что оно пришло, но не узнает его содержание.",
        "ur": "شکریہ: آپ کا خط موصول ہو گیا۔ درخواست دہندہ کو بتایا جائے گا کہ خط پہنچ گیا، لیکن اس کا مواد نہیں۔",
    },
    "You can close this page. The link no longer works.": {
        "zh": "您可以关闭此页面。该链接已失效。",
        "ru": "Эту страницу можно закрыть. Ссылка больше не действует.",
        "ur": "آپ یہ صفحہ بند کر سکتے ہیں۔ یہ لنک اب کام نہیں کرے گا۔",
    },
    "Choose a PDF file.": {"zh": "请选择 PDF 文件。", "ru": "Выберите файл PDF.", "ur": "PDF فائل منتخب کریں۔"},
    # refusals (views/referees.py, by the service's code)
    "This link is not valid. Please ask the applicant to send you a new one.": {
        "zh": "此链接无效。请联系申请人重新发送。",
        "ru": "Эта ссылка недействительна. Попросите заявителя прислать новую.",
        "ur": "یہ لنک درست نہیں ہے۔ براہ کرم درخواست دہندہ سے نیا لنک بھیجنے کو کہیں۔",
    },
    "This link has expired. Please ask the applicant to send you a new one.": {
        "zh": "此链接已过期。请联系申请人重新发送。",
        "ru": "Срок действия ссылки истёк. Попросите заявителя прислать новую.",
        "ur": "اس لنک کی میعاد ختم ہو چکی ہے۔ براہ کرم درخواست دہندہ سے نیا لنک بھیجنے کو کہیں۔",
    },
    "This link was already used: your answer was recorded. Thank you.": {
        "zh": "此链接已被使用：您的答复已记录。谢谢。",
        "ru": "Эта ссылка уже использована: ваш ответ получен. Спасибо.",
        "ur": "یہ لنک پہلے ہی استعمال ہو چکا ہے: آپ کا جواب درج ہو گیا ہے۔ شکریہ۔",
    },
    "Please write at least 50 characters.": {
        "zh": "请至少写 50 个字符。",
        "ru": "Напишите не менее 50 символов.",
        "ur": "براہ کرم کم از کم 50 حروف لکھیں۔",
    },
    "The letter is too long.": {"zh": "推荐信过长。", "ru": "Письмо слишком длинное.", "ur": "خط بہت لمبا ہے۔"},
    "Upload the letter as a PDF file.": {
        "zh": "请以 PDF 文件上传推荐信。",
        "ru": "Загрузите письмо в формате PDF.",
        "ur": "خط PDF فائل کے طور پر اپ لوڈ کریں۔",
    },
    "The file is too large.": {"zh": "文件过大。", "ru": "Файл слишком большой.", "ur": "فائل بہت بڑی ہے۔"},
    "The file is empty.": {"zh": "文件为空。", "ru": "Файл пустой.", "ur": "فائل خالی ہے۔"},
    "You cannot name more referees for this application.": {
        "zh": "此申请不能再添加推荐人。",
        "ru": "Для этой заявки больше нельзя указать рекомендателей.",
        "ur": "اس درخواست کے لیے مزید سفارش کنندگان نامزد نہیں کیے جا سکتے۔",
    },
    "This application has asked as many referees as it may (cancelled and replaced ones count). Write to the admissions office in the application's messages.": {
        "zh": "此申请邀请推荐人的次数已达上限（已取消和已替换的也计算在内）。请在申请的消息中联系招生办公室。",
        "ru": "Эта заявка уже запросила столько рекомендателей, сколько можно (отменённые и заменённые тоже считаются). Напишите в приёмную комиссию в сообщениях заявки.",
        "ur": "اس درخواست نے جتنے سفارش کنندگان سے درخواست کی جا سکتی ہے، اتنے کر لیے ہیں (منسوخ اور تبدیل شدہ بھی شمار ہوتے ہیں)۔ درخواست کے پیغامات میں داخلہ دفتر کو لکھیں۔",
    },
    "You cannot be your own referee. Name someone who knows your work.": {
        "zh": "您不能担任自己的推荐人。请填写了解您工作的人。",
        "ru": "Нельзя быть собственным рекомендателем. Укажите человека, который знает вашу работу.",
        "ur": "آپ اپنے سفارش کنندہ خود نہیں ہو سکتے۔ کسی ایسے شخص کو نامزد کریں جو آپ کے کام سے واقف ہو۔",
    },
    "A letter from someone in this position counts for none of your choices. Name a referee in a position they accept.": {
        "zh": "该职位人员的推荐信不符合您任何志愿的要求。请填写其接受职位的推荐人。",
        "ru": "Письмо от человека в этой должности не засчитывается ни для одного из ваших выборов. "
        "Укажите рекомендателя в должности, которую они принимают.",
        "ur": "اس عہدے کے کسی شخص کا خط آپ کے کسی بھی انتخاب کے لیے شمار نہیں ہوتا۔ "
        "ایسا سفارش کنندہ نامزد کریں جس کا عہدہ وہ قبول کرتے ہوں۔",
    },
    "A letter from someone in this position counts for none of your choices. Name a referee who is one of: {positions}.": {
        "zh": "该职位人员的推荐信不符合您任何志愿的要求。请填写以下职位之一的推荐人：{positions}。",
        "ru": "Письмо от человека в этой должности не засчитывается ни для одного из ваших выборов. "
        "Укажите рекомендателя с одной из должностей: {positions}.",
        "ur": "اس عہدے کے کسی شخص کا خط آپ کے کسی بھی انتخاب کے لیے شمار نہیں ہوتا۔ "
        "ان میں سے کسی عہدے کا سفارش کنندہ نامزد کریں: {positions}۔",
    },
    "The applicant withdrew this request: no letter is needed. Thank you for your time.": {
        "zh": "申请人已撤回此请求：无需再写推荐信。感谢您拨冗。",
        "ru": "Заявитель отозвал эту просьбу: письмо не нужно. Спасибо за ваше время.",
        "ur": "درخواست دہندہ نے یہ درخواست واپس لے لی ہے: خط کی ضرورت نہیں۔ آپ کے وقت کا شکریہ۔",
    },
    "This e-mail address is not valid.": {
        "zh": "此电子邮件地址无效。",
        "ru": "Этот адрес электронной почты недействителен.",
        "ur": "یہ ای میل پتہ درست نہیں ہے۔",
    },
    "This referee is already asked for a letter.": {
        "zh": "已向该推荐人发出过请求。",
        "ru": "Этого рекомендателя уже попросили написать письмо.",
        "ur": "اس سفارش کنندہ سے پہلے ہی خط کی درخواست کی جا چکی ہے۔",
    },
    "This referee was written to recently (the request or a reminder). Please try again tomorrow.": {
        "zh": "最近已给该推荐人发过邮件（邀请或提醒），请明天再试。",
        "ru": "Этому рекомендателю недавно уже писали (запрос или напоминание). Попробуйте завтра.",
        "ur": "اس سفارش کنندہ کو حال ہی میں لکھا گیا تھا (درخواست یا یاد دہانی)۔ براہ کرم کل دوبارہ کوشش کریں۔",
    },
    "This referee has already answered.": {
        "zh": "该推荐人已答复。",
        "ru": "Этот рекомендатель уже ответил.",
        "ur": "یہ سفارش کنندہ پہلے ہی جواب دے چکے ہیں۔",
    },
    "A submitted letter cannot be cancelled.": {
        "zh": "已提交的推荐信无法取消。",
        "ru": "Отправленное письмо нельзя отменить.",
        "ur": "جمع شدہ خط منسوخ نہیں کیا جا سکتا۔",
    },
    "Only a referee who declined or has not answered can be replaced.": {
        "zh": "只能更换已婉拒或尚未答复的推荐人。",
        "ru": "Заменить можно только рекомендателя, который отказался или не ответил.",
        "ur": "صرف وہی سفارش کنندہ تبدیل کیا جا سکتا ہے جس نے انکار کیا یا جواب نہیں دیا۔",
    },
    # the officer's page
    "Relationship to the applicant": {
        "zh": "与申请人的关系",
        "ru": "Отношение к заявителю",
        "ur": "درخواست دہندہ سے تعلق",
    },
    "Letter": {"zh": "推荐信", "ru": "Письмо", "ur": "خط"},
    "Read the letters": {"zh": "查看推荐信", "ru": "Читать письма", "ur": "خطوط پڑھیں"},
    "Download the PDF": {"zh": "下载 PDF", "ru": "Скачать PDF", "ur": "PDF ڈاؤن لوڈ کریں"},
    "Download the text": {"zh": "下载文本", "ru": "Скачать текст", "ur": "متن ڈاؤن لوڈ کریں"},
    "There is no such referee.": {
        "zh": "没有该推荐人。",
        "ru": "Такого рекомендателя нет.",
        "ur": "ایسا کوئی سفارش کنندہ نہیں ہے۔",
    },
    # the submit section while letters are still to come
    "A programme that asks for recommendation letters can be submitted once they have arrived: your referees were e-mailed a link, and you can remind them under “Recommendation letters”. Submit before the application window closes.": {
        "zh": "要求推荐信的项目须在推荐信送达后才能提交：您的推荐人已收到含链接的电子邮件，您可以在“推荐信”部分提醒他们。请在申请窗口关闭前提交。",
        "ru": "Программу, для которой нужны рекомендательные письма, можно подать, когда письма поступят: рекомендатели получили ссылку по электронной почте, напомнить им можно в разделе «Рекомендательные письма». Подайте заявку до закрытия приёма.",
        "ur": "جس پروگرام کے لیے سفارشی خطوط درکار ہیں وہ خطوط موصول ہونے کے بعد جمع کرایا جا سکتا ہے: آپ کے سفارش کنندگان کو ای میل میں لنک بھیجا گیا ہے، اور آپ “سفارشی خطوط” کے حصے میں انہیں یاد دہانی کرا سکتے ہیں۔ درخواست کی مدت ختم ہونے سے پہلے جمع کرائیں۔",
    },
    # ... and before any referee was asked (the line above said they were e-mailed)
    "A programme that asks for recommendation letters can be submitted once they have arrived: name your referees under “Recommendation letters”, and each is e-mailed a link to write the letter. Submit before the application window closes.": {
        "zh": "要求推荐信的项目须在推荐信送达后才能提交：请在“推荐信”部分填写您的推荐人，每位推荐人都会收到含撰写链接的电子邮件。请在申请窗口关闭前提交。",
        "ru": "Программу, для которой нужны рекомендательные письма, можно подать, когда письма поступят: укажите рекомендателей в разделе «Рекомендательные письма», и каждый получит по электронной почте ссылку, чтобы написать письмо. Подайте заявку до закрытия приёма.",
        "ur": "جس پروگرام کے لیے سفارشی خطوط درکار ہیں وہ خطوط موصول ہونے کے بعد جمع کرایا جا سکتا ہے: “سفارشی خطوط” کے حصے میں اپنے سفارش کنندگان کے نام درج کریں، ہر ایک کو خط لکھنے کا لنک ای میل کیا جائے گا۔ درخواست کی مدت ختم ہونے سے پہلے جمع کرائیں۔",
    },
}
