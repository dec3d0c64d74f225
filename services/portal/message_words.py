"""The portal's words for messages about an application (issue 16): the officer's thread page
and the "Messages" section of the applicant's application page, in Chinese, Russian and Urdu
(English is the key). The section's name is the one the applicant's e-mail points to
(services/notifications/domain/templates.py: "application_message")."""

from __future__ import annotations

MESSAGE_WORDS: dict[str, dict[str, str]] = {
    "Messages": {"zh": "留言", "ru": "Переписка", "ur": "خط و کتابت"},
    "Messages with the applicant": {
        "zh": "与申请人的留言",
        "ru": "Переписка с заявителем",
        "ur": "درخواست دہندہ سے خط و کتابت",
    },
    "The applicant reads your message in the portal and by e-mail, as you wrote it, in a frame in their language. Their replies appear here.": {
        "zh": "申请人将在门户网站和电子邮件中看到您的留言，内容与您所写一致，外加其所用语言的说明。申请人的回复会显示在这里。",
        "ru": "Заявитель прочтёт ваше сообщение на портале и в письме в том виде, в каком вы его написали, с пояснениями на своём языке. Ответы заявителя появятся здесь.",
        "ur": "درخواست دہندہ آپ کا پیغام پورٹل اور ای میل میں بالکل ویسا ہی پڑھے گا جیسا آپ نے لکھا، اپنی زبان کی وضاحت کے ساتھ۔ ان کے جوابات یہاں ظاہر ہوں گے۔",
    },
    "Your application's reviewers may write to you here; you can reply below. You are also told of each message by e-mail.": {
        "zh": "您申请的审核人员可能会在这里给您留言，您可以在下方回复。每条留言也会通过电子邮件通知您。",
        "ru": "Здесь вам могут написать проверяющие вашей заявки; ответить можно ниже. О каждом сообщении вам также придёт письмо.",
        "ur": "آپ کی درخواست کا جائزہ لینے والے یہاں آپ کو لکھ سکتے ہیں؛ آپ نیچے جواب دے سکتے ہیں۔ ہر پیغام کی اطلاع آپ کو ای میل سے بھی ملتی ہے۔",
    },
    "No messages yet.": {"zh": "暂无消息。", "ru": "Сообщений пока нет.", "ur": "ابھی کوئی پیغام نہیں۔"},
    "The latest {shown} of {total} messages.": {
        "zh": "共 {total} 条留言，显示最近的 {shown} 条。",
        "ru": "Последние {shown} из {total} сообщений.",
        "ur": "{total} میں سے تازہ ترین {shown} پیغامات۔",
    },
    "Write to the applicant": {"zh": "给申请人留言", "ru": "Написать заявителю", "ur": "درخواست دہندہ کو لکھیں"},
    "Write to your application's reviewers": {
        "zh": "给您申请的审核人员留言",
        "ru": "Написать проверяющим вашей заявки",
        "ur": "اپنی درخواست کا جائزہ لینے والوں کو لکھیں",
    },
    "Your message": {"zh": "您的留言", "ru": "Ваше сообщение", "ur": "آپ کا پیغام"},
    "At most {max} characters.": {
        "zh": "最多 {max} 个字符。",
        "ru": "Не более {max} символов.",
        "ur": "زیادہ سے زیادہ {max} حروف۔",
    },
    "Send the message": {"zh": "发送留言", "ru": "Отправить сообщение", "ur": "پیغام بھیجیں"},
    "Send the reply": {"zh": "发送回复", "ru": "Отправить ответ", "ur": "جواب بھیجیں"},
    "You wrote": {"zh": "您写道", "ru": "Вы написали", "ur": "آپ نے لکھا"},
    "The applicant wrote": {"zh": "申请人写道", "ru": "Заявитель написал(а)", "ur": "درخواست دہندہ نے لکھا"},
    "{name} wrote": {"zh": "{name} 写道", "ru": "{name} написал(а)", "ur": "{name} نے لکھا"},
    "Your application's reviewers wrote": {
        "zh": "您申请的审核人员写道",
        "ru": "Проверяющие вашей заявки написали",
        "ur": "آپ کی درخواست کا جائزہ لینے والوں نے لکھا",
    },
    # a reviewer writes no message now; one written before reads by its role
    "author:reviewer": {
        "en": "committee reviewer",
        "zh": "评审委员",
        "ru": "эксперт комиссии",
        "ur": "کمیٹی کا جائزہ کار",
    },
    "author:officer": {
        "en": "admissions officer",
        "zh": "招生官",
        "ru": "сотрудник приёмной комиссии",
        "ur": "داخلہ افسر",
    },
    "author:admin": {"en": "administrator", "zh": "管理员", "ru": "администратор", "ur": "منتظم"},
    "author:coordinator": {
        "en": "home institution coordinator",
        "zh": "派出院校协调人",
        "ru": "координатор направляющего вуза",
        "ur": "آبائی ادارے کے رابطہ کار",
    },
    "author:nominator": {
        "en": "nominating authority",
        "zh": "提名机构",
        "ru": "направляющая организация",
        "ur": "نامزد کرنے والا ادارہ",
    },
    "author:applicant": {"en": "applicant", "zh": "申请人", "ru": "заявитель", "ur": "درخواست دہندہ"},
    "Your message was sent: the applicant is told by e-mail and in their inbox.": {
        "zh": "您的留言已发送：申请人将收到电子邮件和站内消息通知。",
        "ru": "Ваше сообщение отправлено: заявитель получит письмо и уведомление в разделе сообщений.",
        "ur": "آپ کا پیغام بھیج دیا گیا: درخواست دہندہ کو ای میل اور ان باکس میں اطلاع دی گئی ہے۔",
    },
    "Your message was sent to your application's reviewers.": {
        "zh": "您的留言已发送给您申请的审核人员。",
        "ru": "Ваше сообщение отправлено проверяющим вашей заявки.",
        "ur": "آپ کا پیغام آپ کی درخواست کا جائزہ لینے والوں کو بھیج دیا گیا۔",
    },
    "Write a message first.": {"zh": "请先填写留言。", "ru": "Сначала напишите сообщение.", "ur": "پہلے پیغام لکھیں۔"},
    "A message is at most {max} characters.": {
        "zh": "留言最多 {max} 个字符。",
        "ru": "Сообщение — не более {max} символов.",
        "ur": "پیغام زیادہ سے زیادہ {max} حروف کا ہو سکتا ہے۔",
    },
    "A message must not contain control characters.": {
        "zh": "留言不能包含控制字符。",
        "ru": "Сообщение не должно содержать управляющих символов.",
        "ur": "پیغام میں کنٹرول حروف نہیں ہونے چاہئیں۔",
    },
    "You can write to the reviewers once the application is submitted.": {
        "zh": "申请提交后，您即可给评审人员留言。",
        "ru": "Написать рецензентам можно после подачи заявки.",
        "ur": "درخواست جمع ہونے کے بعد آپ جائزہ کاروں کو لکھ سکتے ہیں۔",
    },
    "Submit the application first: nobody reads messages about a draft.": {
        "zh": "请先提交申请：草稿的留言无人阅读。",
        "ru": "Сначала подайте заявку: сообщения о черновике никто не читает.",
        "ur": "پہلے درخواست جمع کریں: مسودے کے بارے میں پیغامات کوئی نہیں پڑھتا۔",
    },
    "Open all messages": {"zh": "查看全部留言", "ru": "Вся переписка", "ur": "تمام پیغامات کھولیں"},
    # beside a note or message to the applicant, which reaches them as written (a Russian
    # paragraph landed in a Chinese e-mail)
    "The applicants on this page read messages in: {languages}.": {
        "zh": "本页申请人阅读消息所用的语言：{languages}。",
        "ru": "Заявители на этой странице читают сообщения на языках: {languages}.",
        "ur": "اس صفحے کے درخواست دہندگان یہ زبانیں پڑھتے ہیں: {languages}۔",
    },
    "The applicant reads messages in {language}.": {
        "zh": "申请人阅读消息所用的语言：{language}。",
        "ru": "Заявитель читает сообщения на языке: {language}.",
        "ur": "درخواست دہندہ اپنے پیغامات {language} میں پڑھتے ہیں۔",
    },
}
