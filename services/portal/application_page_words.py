"""The portal's words for the officer's application page (issue 16): the profile, documents
previewed in the page, letters, scores, interview, matching reasons and journal, in Chinese,
Russian and Urdu (English is the key; the "choice:", "outcome:" and "journal:" values carry
"en" too)."""

from __future__ import annotations

APPLICATION_PAGE_WORDS: dict[str, dict[str, str]] = {
    "Full application page": {"zh": "完整申请页面", "ru": "Вся заявка на одной странице", "ur": "مکمل درخواست کا صفحہ"},
    "About this application": {"zh": "关于此申请", "ru": "Об этой заявке", "ur": "اس درخواست کے بارے میں"},
    "Profile": {"zh": "个人资料", "ru": "Профиль", "ur": "پروفائل"},
    "Endorsement": {"zh": "推荐", "ru": "Рекомендация вуза", "ur": "توثیق"},
    "Nomination": {"zh": "提名", "ru": "Выдвижение", "ur": "نامزدگی"},
    "Statement": {"zh": "个人陈述", "ru": "Мотивационное письмо", "ur": "بیان"},
    "offered": {"zh": "已录取", "ru": "предложено", "ur": "پیشکش کی گئی"},
    "Messages to the applicant": {
        "zh": "给申请人的消息",
        "ru": "Сообщения заявителю",
        "ur": "درخواست دہندہ کے لیے پیغامات",
    },
    # documents
    "Verify or reject documents": {
        "zh": "核验或退回材料",
        "ru": "Проверить или отклонить документы",
        "ur": "دستاویزات کی تصدیق کریں یا مسترد کریں",
    },
    "The documents are not available to your account.": {
        "zh": "您的账户无法查看这些材料。",
        "ru": "Документы недоступны для вашей учётной записи.",
        "ur": "دستاویزات آپ کے اکاؤنٹ کے لیے دستیاب نہیں ہیں۔",
    },
    "Preview of {document}": {"zh": "{document} 预览", "ru": "Просмотр: {document}", "ur": "{document} کا پیش منظر"},
    "No preview for this file; download it to read it.": {
        "zh": "此文件无法预览；请下载后阅读。",
        "ru": "Этот файл нельзя просмотреть здесь; скачайте его, чтобы прочитать.",
        "ur": "اس فائل کا پیش منظر نہیں؛ پڑھنے کے لیے اسے ڈاؤن لوڈ کریں۔",
    },
    "Earlier versions": {"zh": "早期版本", "ru": "Предыдущие версии", "ur": "پچھلے ورژن"},
    "Open": {"zh": "打开", "ru": "Открыть", "ur": "کھولیں"},
    # letters
    "The letters are not available to your account.": {
        "zh": "您的账户无法查看推荐信。",
        "ru": "Рекомендательные письма недоступны для вашей учётной записи.",
        "ur": "سفارشی خطوط آپ کے اکاؤنٹ کے لیے دستیاب نہیں ہیں۔",
    },
    # scores and reviewers
    "Reviewer": {"zh": "评审人", "ru": "Рецензент", "ur": "جائزہ کار"},
    "Moderation": {"zh": "复核", "ru": "Модерация", "ur": "نظرِ ثانی"},
    "not flagged": {"zh": "未标记", "ru": "не отмечено", "ur": "نشان زد نہیں"},
    "submitted": {"zh": "已提交", "ru": "отправлено", "ur": "جمع شدہ"},
    "No reviewer is assigned yet.": {
        "zh": "尚未分配评审人。",
        "ru": "Рецензент ещё не назначен.",
        "ur": "ابھی کوئی جائزہ کار مقرر نہیں ہوا۔",
    },
    "Score on the committee page": {
        "zh": "在评审委员会页面评分",
        "ru": "Оценить на странице комиссии",
        "ur": "کمیٹی کے صفحے پر اسکور دیں",
    },
    # interview
    "not recorded yet": {"zh": "尚未记录", "ru": "ещё не отмечено", "ur": "ابھی درج نہیں"},
    # matching reasons
    "Matching reasons": {"zh": "匹配原因", "ru": "Причины распределения", "ur": "انتخاب کی وجوہات"},
    "Choice": {"zh": "志愿", "ru": "Выбор", "ur": "انتخاب"},
    "No matching round has decided this application yet.": {
        "zh": "尚无匹配轮次对此申请作出决定。",
        "ru": "Ни один раунд распределения ещё не решил эту заявку.",
        "ur": "ابھی کسی انتخابی مرحلے نے اس درخواست کا فیصلہ نہیں کیا۔",
    },
    "choice:placed": {"en": "placed here", "zh": "录取于此", "ru": "распределён(а) сюда", "ur": "یہاں منتخب"},
    "choice:waitlisted": {"en": "on the waitlist", "zh": "候补", "ru": "в листе ожидания", "ur": "انتظار کی فہرست میں"},
    "choice:not_placed": {"en": "not placed", "zh": "未录取", "ru": "не распределён(а)", "ur": "منتخب نہیں"},
    "choice:below_placement": {
        "en": "not needed: a higher choice was placed",
        "zh": "无需考虑：已录取更靠前的志愿",
        "ru": "не понадобился: распределён(а) на более высокий выбор",
        "ur": "ضرورت نہیں: اوپر والے انتخاب پر منتخب",
    },
    "choice:undecided": {"en": "not decided", "zh": "未决定", "ru": "не решено", "ur": "فیصلہ نہیں ہوا"},
    "outcome:matched": {"en": "matched", "zh": "已匹配", "ru": "распределён(а)", "ur": "منتخب"},
    "outcome:waitlisted": {"en": "waitlisted", "zh": "候补", "ru": "в листе ожидания", "ur": "انتظار کی فہرست میں"},
    "outcome:unmatched": {"en": "not placed", "zh": "未匹配", "ru": "не распределён(а)", "ur": "منتخب نہیں"},
    "outcome:fixed": {
        "en": "kept from an earlier round",
        "zh": "保留前一轮结果",
        "ru": "сохранено с прошлого раунда",
        "ur": "پچھلے مرحلے سے برقرار",
    },
    "outcome:withdrawn": {"en": "withdrawn", "zh": "已撤回", "ru": "отозвана", "ur": "واپس لی گئی"},
    # the applications service's journal (services/applications/domain/journal.py)
    "journal:document.verified": {
        "en": "document verified",
        "zh": "材料已核验",
        "ru": "документ проверен",
        "ur": "دستاویز کی تصدیق ہوئی",
    },
    "journal:document.rejected": {
        "en": "document rejected",
        "zh": "材料被退回",
        "ru": "документ отклонён",
        "ur": "دستاویز مسترد",
    },
    "journal:account.created": {
        "en": "account created",
        "zh": "账户已创建",
        "ru": "учётная запись создана",
        "ur": "اکاؤنٹ بنایا گیا",
    },
    "journal:account.updated": {
        "en": "account changed",
        "zh": "账户已修改",
        "ru": "учётная запись изменена",
        "ur": "اکاؤنٹ میں تبدیلی",
    },
    "journal:account.disabled": {
        "en": "account disabled",
        "zh": "账户已停用",
        "ru": "учётная запись отключена",
        "ur": "اکاؤنٹ غیر فعال",
    },
    "journal:account.enabled": {
        "en": "account enabled",
        "zh": "账户已启用",
        "ru": "учётная запись включена",
        "ur": "اکاؤنٹ فعال",
    },
    "journal:account.erased": {
        "en": "account closed, personal data erased",
        "zh": "账户已注销，个人数据已删除",
        "ru": "учётная запись закрыта, персональные данные удалены",
        "ur": "اکاؤنٹ بند، ذاتی ڈیٹا مٹا دیا گیا",
    },
    "journal:application.withdrawn": {
        "en": "application withdrawn",
        "zh": "申请已撤回",
        "ru": "заявка отозвана",
        "ur": "درخواست واپس لی گئی",
    },
    "journal:offer.accepted": {
        "en": "offer accepted",
        "zh": "已接受录取",
        "ru": "предложение принято",
        "ur": "پیشکش قبول",
    },
    "journal:offer.declined": {
        "en": "offer declined",
        "zh": "已拒绝录取",
        "ru": "предложение отклонено",
        "ur": "پیشکش مسترد",
    },
    "journal:consent.set": {
        "en": "consent given or withdrawn",
        "zh": "同意已更改",
        "ru": "согласие изменено",
        "ur": "رضامندی تبدیل",
    },
    "journal:message.sent": {
        "en": "message sent",
        "zh": "消息已发送",
        "ru": "сообщение отправлено",
        "ur": "پیغام بھیجا گیا",
    },
    "journal:identity.read": {
        "en": "identity data read by a host",
        "zh": "接收院校查看了身份信息",
        "ru": "принимающий вуз прочитал личные данные",
        "ur": "میزبان ادارے نے شناختی معلومات پڑھیں",
    },
    "journal:papers.issued": {
        "en": "admission paper issued by the host",
        "zh": "接收院校已签发录取文件",
        "ru": "принимающий вуз выдал документ о зачислении",
        "ur": "میزبان ادارے نے داخلے کا کاغذ جاری کیا",
    },
    "Choose your home institution first: it endorses your application before it goes on.": {
        "zh": "请先选择您所在的院校：它将在申请继续之前为您推荐。",
        "ru": "Сначала выберите своё учебное заведение: оно рекомендует заявку, прежде чем она пойдёт дальше.",
        "ur": "پہلے اپنا ادارہ منتخب کریں: درخواست آگے بڑھنے سے پہلے وہی اس کی توثیق کرتا ہے۔",
    },
    "Go to the field": {"zh": "前往该字段", "ru": "Перейти к полю", "ur": "خانے پر جائیں"},
    "You accepted a place. Your other applications go on until you withdraw them, but an offer of a programme starting within a few months of your place cannot be accepted: withdraw those you no longer need, so that their places go to others.": {
        "zh": "您已接受一个名额。您的其他申请在您撤回之前仍会继续，但开课时间与该名额相近（几个月内）的项目录取将无法接受：请撤回不再需要的申请，让名额留给他人。",
        "ru": "Вы приняли место. Остальные заявки продолжают рассматриваться, пока вы их не отзовёте, но предложение программы, начинающейся в пределах нескольких месяцев от вашего места, принять нельзя: отзовите ненужные заявки, чтобы места достались другим.",
        "ur": "آپ نے ایک جگہ قبول کر لی ہے۔ آپ کی دوسری درخواستیں واپس لینے تک جاری رہیں گی، لیکن آپ کی جگہ کے چند مہینوں کے اندر شروع ہونے والے پروگرام کی پیشکش قبول نہیں کی جا سکتی: جن درخواستوں کی اب ضرورت نہیں انہیں واپس لے لیں تاکہ ان کی جگہیں دوسروں کو مل سکیں۔",
    },
}
