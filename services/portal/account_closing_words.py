"""The portal's words for closing an applicant's account (views/account_closing.py) in
English, Chinese, Russian and Urdu, keyed as in i18n.py, which merges them."""

from __future__ import annotations

ACCOUNT_CLOSING_WORDS: dict[str, dict[str, str]] = {
    "Close my account": {
        "en": "Close my account",
        "zh": "注销我的账户",
        "ru": "Закрыть мою учётную запись",
        "ur": "میرا اکاؤنٹ بند کریں",
    },
    "Your personal data is erased and you can no longer log in. Applications in progress must be withdrawn first.": {
        "en": "Your personal data is erased and you can no longer log in. Applications in progress must be withdrawn first.",
        "zh": "您的个人数据将被删除，您将无法再登录。进行中的申请须先撤回。",
        "ru": "Ваши персональные данные будут удалены, и войти больше будет нельзя. Заявки, которые ещё рассматриваются, сначала нужно отозвать.",
        "ur": "آپ کا ذاتی ڈیٹا مٹا دیا جاتا ہے اور آپ دوبارہ لاگ اِن نہیں کر سکتے۔ زیرِ عمل درخواستیں پہلے واپس لینی ہوں گی۔",
    },
    "Closing your account erases your personal data: your name, e-mail address, date of birth and home institution; your statements, documents and language certificates; your referees' details and letters; your messages, notifications and interview bookings. You can no longer log in, and nothing more is sent to you.": {
        "en": "Closing your account erases your personal data: your name, e-mail address, date of birth and home institution; your statements, documents and language certificates; your referees' details and letters; your messages, notifications and interview bookings. You can no longer log in, and nothing more is sent to you.",
        "zh": "注销账户将删除您的个人数据：姓名、电子邮件地址、出生日期和所在院校；您的个人陈述、文件和语言证书；推荐人的信息和推荐信；您的消息、通知和面试预约。您将无法再登录，也不会再收到任何消息。",
        "ru": "При закрытии учётной записи удаляются ваши персональные данные: имя, адрес электронной почты, дата рождения и ваш вуз; мотивационные письма, документы и языковые сертификаты; данные рекомендателей и их письма; ваши сообщения, уведомления и записи на собеседования. Войти будет нельзя, и вам больше ничего не будет отправлено.",
        "ur": "اکاؤنٹ بند کرنے سے آپ کا ذاتی ڈیٹا مٹ جاتا ہے: آپ کا نام، ای میل پتا، تاریخِ پیدائش اور آبائی ادارہ؛ آپ کے بیانات، دستاویزات اور زبان کے سرٹیفکیٹ؛ آپ کے سفارش کنندگان کی تفصیلات اور خطوط؛ آپ کے پیغامات، اطلاعات اور انٹرویو کی بکنگ۔ آپ دوبارہ لاگ اِن نہیں کر سکتے، اور آپ کو مزید کچھ نہیں بھیجا جاتا۔",
    },
    "Kept without your name: each application's cycle, choices, grade, country and statuses, so that the cycle's figures stay true, and the audit record of who did what and when.": {
        "en": "Kept without your name: each application's cycle, choices, grade, country and statuses, so that the cycle's figures stay true, and the audit record of who did what and when.",
        "zh": "不含您姓名而保留的内容：每份申请的招生周期、志愿、成绩、国家和状态（使招生周期的统计数字保持准确），以及记录谁在何时做了什么的审计记录。",
        "ru": "Сохраняется без вашего имени: набор, выбранные программы, оценка, страна и статусы каждой заявки, чтобы цифры набора оставались верными, а также журнал аудита — кто, что и когда сделал.",
        "ur": "آپ کے نام کے بغیر محفوظ رہتا ہے: ہر درخواست کا دور، انتخابات، گریڈ، ملک اور حیثیتیں، تاکہ دور کے اعداد و شمار درست رہیں، اور آڈٹ ریکارڈ کہ کس نے کب کیا کیا۔",
    },
    "First withdraw these applications": {
        "en": "First withdraw these applications",
        "zh": "请先撤回以下申请",
        "ru": "Сначала отзовите эти заявки",
        "ur": "پہلے یہ درخواستیں واپس لیں",
    },
    "While an application is in progress, someone is still working on it or a place is held for you. Withdraw it on its page (or decline the offer); then you can close your account.": {
        "en": "While an application is in progress, someone is still working on it or a place is held for you. Withdraw it on its page (or decline the offer); then you can close your account.",
        "zh": "申请在进行中时，仍有人在处理它，或有名额为您保留。请在申请页面上撤回（或拒绝录取）；之后即可注销账户。",
        "ru": "Пока заявка рассматривается, с ней ещё работают или за вами держат место. Отзовите её на её странице (или откажитесь от предложения); после этого учётную запись можно закрыть.",
        "ur": "جب تک درخواست زیرِ عمل ہے، کوئی اس پر کام کر رہا ہے یا آپ کے لیے نشست رکھی گئی ہے۔ اسے اس کے صفحے پر واپس لیں (یا پیشکش مسترد کریں)؛ پھر آپ اپنا اکاؤنٹ بند کر سکتے ہیں۔",
    },
    "Your password": {"en": "Your password", "zh": "您的密码", "ru": "Ваш пароль", "ur": "آپ کا پاس ورڈ"},
    "Closing cannot be undone": {
        "en": "Closing cannot be undone",
        "zh": "注销无法撤销",
        "ru": "Закрытие нельзя отменить",
        "ur": "بندش واپس نہیں ہو سکتی",
    },
    "Tick the box to say you understand that this cannot be undone.": {
        "en": "Tick the box to say you understand that this cannot be undone.",
        "zh": "请勾选此框，表示您了解此操作无法撤销。",
        "ru": "Отметьте поле, чтобы подтвердить, что понимаете: это нельзя отменить.",
        "ur": "خانے پر نشان لگا کر بتائیں کہ آپ سمجھتے ہیں کہ یہ واپس نہیں ہو سکتا۔",
    },
    "I understand that my account and personal data are erased for good: this cannot be undone.": {
        "en": "I understand that my account and personal data are erased for good: this cannot be undone.",
        "zh": "我了解我的账户和个人数据将被永久删除，且无法撤销。",
        "ru": "Я понимаю, что моя учётная запись и персональные данные удаляются навсегда и это нельзя отменить.",
        "ur": "میں سمجھتا/سمجھتی ہوں کہ میرا اکاؤنٹ اور ذاتی ڈیٹا ہمیشہ کے لیے مٹ جاتا ہے: یہ واپس نہیں ہو سکتا۔",
    },
    "Close my account and erase my data": {
        "en": "Close my account and erase my data",
        "zh": "注销账户并删除我的数据",
        "ru": "Закрыть учётную запись и удалить мои данные",
        "ur": "میرا اکاؤنٹ بند کریں اور ڈیٹا مٹا دیں",
    },
    "Back to my profile": {
        "en": "Back to my profile",
        "zh": "返回我的个人资料",
        "ru": "Вернуться в профиль",
        "ur": "اپنی پروفائل پر واپس جائیں",
    },
    "Your account is closed and your personal data erased. Thank you for using Corridor.": {
        "en": "Your account is closed and your personal data erased. Thank you for using Corridor.",
        "zh": "您的账户已注销，个人数据已删除。感谢您使用 Corridor。",
        "ru": "Ваша учётная запись закрыта, персональные данные удалены. Спасибо, что пользовались Corridor.",
        "ur": "آپ کا اکاؤنٹ بند ہو گیا اور آپ کا ذاتی ڈیٹا مٹا دیا گیا۔ Corridor استعمال کرنے کا شکریہ۔",
    },
    "My data": {"en": "My data", "zh": "我的数据", "ru": "Мои данные", "ur": "میرا ڈیٹا"},
    "A copy of what Corridor holds about you: your profile, your applications with their documents' details, referees and messages, and your notifications, in one file (JSON).": {
        "en": "A copy of what Corridor holds about you: your profile, your applications with their documents' details, referees and messages, and your notifications, in one file (JSON).",
        "zh": "Corridor 所保存的您的信息副本：个人资料、申请及其文件信息、推荐人和消息，以及您的通知，合为一个文件（JSON）。",
        "ru": "Копия того, что Corridor хранит о вас: профиль, заявки со сведениями о документах, рекомендатели и сообщения, а также уведомления — в одном файле (JSON).",
        "ur": "Corridor آپ کے بارے میں جو رکھتا ہے اس کی نقل: آپ کی پروفائل، آپ کی درخواستیں ان کی دستاویزات کی تفصیل، سفارش کنندگان اور پیغامات کے ساتھ، اور آپ کی اطلاعات، ایک فائل (JSON) میں۔",
    },
    "Download my data": {
        "en": "Download my data",
        "zh": "下载我的数据",
        "ru": "Скачать мои данные",
        "ur": "میرا ڈیٹا ڈاؤن لوڈ کریں",
    },
    "You may want to keep a copy first.": {
        "en": "You may want to keep a copy first.",
        "zh": "您可以先保存一份副本。",
        "ru": "Возможно, сначала стоит сохранить копию.",
        "ur": "ہو سکتا ہے آپ پہلے ایک نقل رکھنا چاہیں۔",
    },
    # the admins' accounts pages
    "Closed account": {
        "en": "Closed account",
        "zh": "已注销的账户",
        "ru": "Закрытая учётная запись",
        "ur": "بند اکاؤنٹ",
    },
    "closed": {"en": "closed", "zh": "已注销", "ru": "закрыта", "ur": "بند"},
    "The applicant closed this account on {day}: their personal data was erased. It cannot be enabled again; the address may register anew.": {
        "en": "The applicant closed this account on {day}: their personal data was erased. It cannot be enabled again; the address may register anew.",
        "zh": "申请人已于 {day} 注销此账户，其个人数据已删除。此账户无法重新启用；该邮箱地址可以重新注册。",
        "ru": "Заявитель закрыл эту учётную запись {day}: его персональные данные удалены. Включить её снова нельзя; с этим адресом можно зарегистрироваться заново.",
        "ur": "درخواست دہندہ نے یہ اکاؤنٹ {day} کو بند کیا: ان کا ذاتی ڈیٹا مٹا دیا گیا۔ اسے دوبارہ فعال نہیں کیا جا سکتا؛ یہ پتا دوبارہ رجسٹر ہو سکتا ہے۔",
    },
    # officers' pages of a closed account's application (_closed_account.html)
    "The applicant closed their account on {day}: their name, documents, recommendation letters and messages were erased, and nothing more reaches them. What is kept is the application's facts.": {
        "en": "The applicant closed their account on {day}: their name, documents, recommendation letters and messages were erased, and nothing more reaches them. What is kept is the application's facts.",
        "zh": "申请人已于 {day} 注销账户：其姓名、文件、推荐信和消息已被删除，之后的任何消息都不会送达。保留的只有申请本身的事实信息。",
        "ru": "Заявитель закрыл учётную запись {day}: его имя, документы, рекомендательные письма и сообщения удалены, и больше ничего до него не дойдёт. Сохранены только сведения о самой заявке.",
        "ur": "درخواست دہندہ نے {day} کو اپنا اکاؤنٹ بند کیا: ان کا نام، دستاویزات، سفارشی خطوط اور پیغامات مٹا دیے گئے، اور اب ان تک کچھ نہیں پہنچتا۔ صرف درخواست کے حقائق محفوظ ہیں۔",
    },
    "Your account was not closed: an application is still in progress.": {
        "en": "Your account was not closed: an application is still in progress.",
        "zh": "您的账户未被注销：仍有申请在进行中。",
        "ru": "Учётная запись не закрыта: одна из заявок ещё рассматривается.",
        "ur": "آپ کا اکاؤنٹ بند نہیں ہوا: ایک درخواست ابھی زیرِ عمل ہے۔",
    },
    # an admin closes an applicant's account on their written request (admin/account.html)
    "Close the account and erase the applicant's data": {
        "en": "Close the account and erase the applicant's data",
        "zh": "注销账户并删除申请人的数据",
        "ru": "Закрыть учётную запись и удалить данные заявителя",
        "ur": "اکاؤنٹ بند کریں اور درخواست دہندہ کا ڈیٹا مٹا دیں",
    },
    "Only on the applicant's written request, when they cannot log in to do it themselves (their own profile has “Close my account”). Refused while an application of theirs is in progress.": {
        "en": "Only on the applicant's written request, when they cannot log in to do it themselves (their own profile has “Close my account”). Refused while an application of theirs is in progress.",
        "zh": "仅在申请人书面请求、且其本人无法登录自行操作时使用（申请人的个人资料页上有“注销我的账户”）。申请人仍有进行中的申请时将被拒绝。",
        "ru": "Только по письменной просьбе заявителя, если он не может войти и сделать это сам (в его профиле есть «Закрыть мою учётную запись»). Невозможно, пока какая-либо его заявка ещё рассматривается.",
        "ur": "صرف درخواست دہندہ کی تحریری درخواست پر، جب وہ خود لاگ اِن کر کے یہ نہ کر سکیں (ان کی اپنی پروفائل میں “میرا اکاؤنٹ بند کریں” موجود ہے)۔ جب تک ان کی کوئی درخواست زیرِ عمل ہو، یہ رد ہو جاتا ہے۔",
    },
    "The applicant asked for it in writing. Their personal data is erased for good.": {
        "en": "The applicant asked for it in writing. Their personal data is erased for good.",
        "zh": "申请人已书面提出请求。其个人数据将被永久删除。",
        "ru": "Заявитель попросил об этом письменно. Его персональные данные удаляются навсегда.",
        "ur": "درخواست دہندہ نے تحریری طور پر یہ مانگا ہے۔ ان کا ذاتی ڈیٹا ہمیشہ کے لیے مٹ جاتا ہے۔",
    },
    "Close and erase": {
        "en": "Close and erase",
        "zh": "注销并删除",
        "ru": "Закрыть и удалить",
        "ur": "بند کریں اور مٹا دیں",
    },
    "Tick the box to confirm that the applicant asked for it in writing: this cannot be undone.": {
        "en": "Tick the box to confirm that the applicant asked for it in writing: this cannot be undone.",
        "zh": "请勾选此框，确认申请人已书面提出请求：此操作无法撤销。",
        "ru": "Отметьте поле, чтобы подтвердить письменную просьбу заявителя: это нельзя отменить.",
        "ur": "خانے پر نشان لگا کر تصدیق کریں کہ درخواست دہندہ نے تحریری طور پر مانگا ہے: یہ واپس نہیں ہو سکتا۔",
    },
    "The account was closed and the applicant's personal data erased.": {
        "en": "The account was closed and the applicant's personal data erased.",
        "zh": "账户已注销，申请人的个人数据已删除。",
        "ru": "Учётная запись закрыта, персональные данные заявителя удалены.",
        "ur": "اکاؤنٹ بند کر دیا گیا اور درخواست دہندہ کا ذاتی ڈیٹا مٹا دیا گیا۔",
    },
    "An application of theirs is still in progress: it is withdrawn, or its offer declined, first.": {
        "en": "An application of theirs is still in progress: it is withdrawn, or its offer declined, first.",
        "zh": "该申请人仍有申请在进行中：须先撤回该申请或拒绝录取。",
        "ru": "Одна из его заявок ещё рассматривается: сначала её нужно отозвать или отказаться от предложения.",
        "ur": "ان کی ایک درخواست ابھی زیرِ عمل ہے: پہلے اسے واپس لیا جائے، یا اس کی پیشکش مسترد کی جائے۔",
    },
    "This account is closed already.": {
        "en": "This account is closed already.",
        "zh": "此账户已注销。",
        "ru": "Эта учётная запись уже закрыта.",
        "ur": "یہ اکاؤنٹ پہلے ہی بند ہے۔",
    },
    "Erased with the applicant's account.": {
        "en": "Erased with the applicant's account.",
        "zh": "已随申请人的账户一并删除。",
        "ru": "Удалено вместе с учётной записью заявителя.",
        "ur": "درخواست دہندہ کے اکاؤنٹ کے ساتھ مٹا دیا گیا۔",
    },
    "The applicant closed their account: nobody would read this message.": {
        "en": "The applicant closed their account: nobody would read this message.",
        "zh": "申请人已注销账户：这条消息不会有人阅读。",
        "ru": "Заявитель закрыл учётную запись: это сообщение никто не прочтёт.",
        "ur": "درخواست دہندہ نے اپنا اکاؤنٹ بند کر دیا ہے: یہ پیغام کوئی نہیں پڑھے گا۔",
    },
}
