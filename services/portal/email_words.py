"""The portal's words for an admin's e-mail deliveries page (views/emails.py,
templates/admin/emails.html, domain/emails.py) in Chinese, Russian and Urdu (English is the
key; the "email-kind:" values carry "en" too)."""

from __future__ import annotations

EMAIL_WORDS: dict[str, dict[str, str]] = {
    "E-mails": {"zh": "电子邮件", "ru": "Письма", "ur": "ای میلز"},
    "E-mail deliveries": {"zh": "电子邮件发送", "ru": "Отправка писем", "ur": "ای میل کی ترسیل"},
    "E-mails that failed": {"zh": "发送失败的电子邮件", "ru": "Недоставленные письма", "ur": "ناکام ای میلز"},
    "Every e-mail Corridor sends is tried again for a while when the mail server refuses it or cannot be reached. One that failed for good can be tried again once the cause is mended: the server works again, or the recipient's address is known.": {
        "zh": "邮件服务器拒收或无法连接时，Corridor 发送的每封电子邮件都会在一段时间内重试。彻底失败的邮件可在原因排除后再试一次：服务器恢复正常，或已知收件人的地址。",
        "ru": "Каждое письмо Corridor какое-то время отправляется повторно, если почтовый сервер его отклоняет или недоступен. Письмо, не доставленное окончательно, можно отправить ещё раз, когда причина устранена: сервер снова работает или адрес получателя известен.",
        "ur": "جب میل سرور کوئی ای میل مسترد کرے یا اس تک رسائی نہ ہو، تو Corridor اسے کچھ دیر تک دوبارہ بھیجتا رہتا ہے۔ جو ای میل مستقل ناکام ہو جائے، وجہ دور ہونے پر دوبارہ بھیجی جا سکتی ہے: سرور پھر کام کرنے لگے، یا وصول کنندہ کا پتہ معلوم ہو جائے۔",
    },
    "Waiting or being retried": {
        "zh": "等待发送或正在重试",
        "ru": "Ожидают или повторяются",
        "ur": "منتظر یا دوبارہ کوشش میں",
    },
    "Kind of notice": {"zh": "通知类型", "ru": "Вид уведомления", "ur": "اطلاع کی قسم"},
    "Recipient": {"zh": "收件人", "ru": "Получатель", "ur": "وصول کنندہ"},
    "No e-mails here.": {"zh": "此处没有电子邮件。", "ru": "Здесь писем нет.", "ur": "یہاں کوئی ای میل نہیں۔"},
    "The e-mail will be tried again in a moment.": {
        "zh": "该邮件稍后将重新发送。",
        "ru": "Письмо скоро будет отправлено ещё раз.",
        "ur": "یہ ای میل کچھ دیر میں دوبارہ بھیجی جائے گی۔",
    },
    "The e-mail could not be tried again: {reason}": {
        "zh": "该邮件无法重试：{reason}",
        "ru": "Письмо не удалось отправить ещё раз: {reason}",
        "ur": "یہ ای میل دوبارہ نہیں بھیجی جا سکی: {reason}",
    },
    "Only an e-mail that failed for good can be tried again.": {
        "zh": "只有彻底发送失败的邮件才能重试。",
        "ru": "Повторить можно только письмо, которое не удалось доставить окончательно.",
        "ur": "صرف وہی ای میل دوبارہ بھیجی جا سکتی ہے جو مستقل ناکام ہو چکی ہو۔",
    },
    "There is no such e-mail.": {"zh": "没有这封邮件。", "ru": "Такого письма нет.", "ur": "ایسی کوئی ای میل نہیں۔"},
    # the kinds of notice (domain/emails.py KINDS)
    "email-kind:application_submitted": {
        "en": "Application received",
        "zh": "已收到申请",
        "ru": "Заявка получена",
        "ur": "درخواست موصول ہوئی",
    },
    "email-kind:application_withdrawn": {
        "en": "Application withdrawn",
        "zh": "申请已撤回",
        "ru": "Заявка отозвана",
        "ur": "درخواست واپس لے لی گئی",
    },
    "email-kind:application_message": {
        "en": "Message about an application",
        "zh": "关于申请的消息",
        "ru": "Сообщение о заявке",
        "ur": "درخواست کے بارے میں پیغام",
    },
    "email-kind:offer_made": {
        "en": "Offer of a place",
        "zh": "名额录取通知",
        "ru": "Предложение места",
        "ur": "نشست کی پیشکش",
    },
    "email-kind:waitlisted": {"en": "Waiting list", "zh": "候补名单", "ru": "Лист ожидания", "ur": "انتظار کی فہرست"},
    "email-kind:unmatched": {
        "en": "No place in the round",
        "zh": "本轮未获名额",
        "ru": "Нет места в раунде",
        "ur": "مرحلے میں نشست نہیں ملی",
    },
    "email-kind:place_confirmed": {
        "en": "Place confirmed",
        "zh": "名额已确认",
        "ru": "Место подтверждено",
        "ur": "نشست کی تصدیق",
    },
    "email-kind:offer_declined": {
        "en": "Offer declined",
        "zh": "已谢绝名额",
        "ru": "Отказ от места",
        "ur": "پیشکش مسترد",
    },
    "email-kind:round_completed": {
        "en": "Matching round completed",
        "zh": "匹配轮次已完成",
        "ru": "Раунд распределения завершён",
        "ur": "میچنگ کا مرحلہ مکمل",
    },
    "email-kind:document_rejected": {
        "en": "Document to upload again",
        "zh": "需重新上传的文件",
        "ru": "Документ нужно загрузить заново",
        "ur": "دستاویز دوبارہ اپ لوڈ کرنی ہے",
    },
    "email-kind:document_task_near": {
        "en": "Document due soon",
        "zh": "文件即将到期",
        "ru": "Скоро срок загрузки документа",
        "ur": "دستاویز کی آخری تاریخ قریب",
    },
    "email-kind:document_task_passed": {
        "en": "Document deadline passed",
        "zh": "文件截止日期已过",
        "ru": "Срок загрузки документа истёк",
        "ur": "دستاویز کی آخری تاریخ گزر گئی",
    },
    "email-kind:account_password_reset": {
        "en": "Password reset link",
        "zh": "密码重置链接",
        "ru": "Ссылка для сброса пароля",
        "ur": "پاس ورڈ ری سیٹ کا لنک",
    },
    "email-kind:account_email_verify": {
        "en": "E-mail address to confirm",
        "zh": "待确认的电子邮件地址",
        "ru": "Подтверждение адреса электронной почты",
        "ur": "ای میل پتے کی تصدیق",
    },
    "email-kind:account_email_confirm": {
        "en": "New e-mail address to confirm",
        "zh": "待确认的新电子邮件地址",
        "ru": "Подтверждение нового адреса электронной почты",
        "ur": "نئے ای میل پتے کی تصدیق",
    },
    "email-kind:account_locked": {
        "en": "Signing in paused",
        "zh": "登录已暂停",
        "ru": "Вход приостановлен",
        "ur": "سائن اِن معطل",
    },
    "email-kind:account_password_changed": {
        "en": "Password changed",
        "zh": "密码已更改",
        "ru": "Пароль изменён",
        "ur": "پاس ورڈ تبدیل ہو گیا",
    },
    "email-kind:referee_request": {
        "en": "Request for a recommendation letter",
        "zh": "推荐信请求",
        "ru": "Просьба о рекомендательном письме",
        "ur": "سفارشی خط کی درخواست",
    },
    "email-kind:referee_reminder": {
        "en": "Reminder of a recommendation letter",
        "zh": "推荐信提醒",
        "ru": "Напоминание о рекомендательном письме",
        "ur": "سفارشی خط کی یاد دہانی",
    },
    "email-kind:interview_invited": {
        "en": "Invitation to an interview",
        "zh": "面试邀请",
        "ru": "Приглашение на собеседование",
        "ur": "انٹرویو کی دعوت",
    },
    "email-kind:interview_booked": {
        "en": "Interview booked",
        "zh": "面试已预约",
        "ru": "Собеседование назначено",
        "ur": "انٹرویو طے ہو گیا",
    },
    "email-kind:interview_reminder": {
        "en": "Interview reminder",
        "zh": "面试提醒",
        "ru": "Напоминание о собеседовании",
        "ur": "انٹرویو کی یاد دہانی",
    },
    "email-kind:nomination_nominated": {
        "en": "Nominated",
        "zh": "已获提名",
        "ru": "Кандидатура выдвинута",
        "ur": "نامزدگی ہو گئی",
    },
    "email-kind:admission_rejected": {
        "en": "Not admitted",
        "zh": "未被录取",
        "ru": "Отказ в зачислении",
        "ur": "داخلہ نہیں ملا",
    },
    "email-kind:papers_issued": {
        "en": "Admission papers issued",
        "zh": "录取文件已签发",
        "ru": "Документы о зачислении выданы",
        "ur": "داخلے کے کاغذات جاری",
    },
}
