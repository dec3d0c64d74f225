"""The portal's words for what a new applicant's journey asked for: the outcome on the
application page, the messages' empty state, an upload's limits and kept values, the
statement's limit, programmes not open to the applicant's country and an application
already submitted; in Chinese, Russian and Urdu (English is the key)."""

from __future__ import annotations

JOURNEY_WORDS: dict[str, dict[str, str]] = {
    # a staff account reading the portal in another language than its messages' (templates/inbox.html)
    "Your messages are written in {language}. You can choose their language on your account page.": {
        "zh": "您的消息以{language}撰写。您可以在账户页面选择消息语言。",
        "ru": "Ваши сообщения пишутся на языке: {language}. Язык сообщений можно выбрать на странице учётной записи.",
        "ur": "آپ کے پیغامات {language} میں لکھے جاتے ہیں۔ آپ اپنے اکاؤنٹ کے صفحے پر ان کی زبان منتخب کر سکتے ہیں۔",
    },
    # an applicant's inbox read in another language than the messages' (the profile's "Language for messages")
    "Your messages are written in {language}, the language for messages on your profile. You can change it there.": {
        "zh": "您的消息以{language}撰写，这是您在个人资料中设置的消息语言。您可以在那里更改。",
        "ru": "Ваши сообщения пишутся на языке: {language} — это язык сообщений, выбранный в вашем профиле. Его можно изменить там.",
        "ur": "آپ کے پیغامات {language} میں لکھے جاتے ہیں، جو آپ کی پروفائل میں پیغامات کی زبان ہے۔ آپ اسے وہاں بدل سکتے ہیں۔",
    },
    # the grade's scale, on the application form and the programme cards (a 4- or 5-point GPA had no guidance)
    "Your overall result as a percentage of the top mark: a GPA of 3.2 out of 4 is 80, 4.5 out of 5 is 90. The admissions office checks it against your transcript.": {
        "zh": "您的总成绩占满分的百分比：例如 GPA 3.2（满分 4）为 80，4.5（满分 5）为 90。招生办公室会根据您的成绩单核对。",
        "ru": "Ваш общий результат в процентах от высшего балла: например, средний балл 3,2 из 4 — это 80, 4,5 из 5 — это 90. Приёмная комиссия сверит его с выпиской оценок.",
        "ur": "آپ کا مجموعی نتیجہ زیادہ سے زیادہ نمبروں کے فیصد کے طور پر: مثلاً 4 میں سے 3.2 جی پی اے 80 ہے، 5 میں سے 4.5 کا مطلب 90 ہے۔ داخلہ دفتر اسے آپ کے ٹرانسکرپٹ سے ملاتا ہے۔",
    },
    "Minimum grade {g} of 100": {
        "zh": "最低成绩 {g}（满分 100）",
        "ru": "Минимальный средний балл {g} из 100",
        "ur": "کم از کم نمبر 100 میں سے {g}",
    },
    # document.unsupported_type: the content was checked, not the name ("upload a PDF" puzzled whoever had named it .pdf)
    "This file is not really a PDF, PNG or JPEG file, whatever its name says. Save or scan it again as one of those.": {
        "zh": "无论文件名如何，此文件实际上并不是 PDF、PNG 或 JPEG 文件。请重新保存或扫描为其中一种格式。",
        "ru": "Несмотря на имя, этот файл на самом деле не PDF, PNG или JPEG. Сохраните или отсканируйте его заново в одном из этих форматов.",
        "ur": "نام کچھ بھی کہے، یہ فائل دراصل PDF، PNG یا JPEG نہیں ہے۔ اسے دوبارہ انہی میں سے کسی فارمیٹ میں محفوظ یا اسکین کریں۔",
    },
    # declining an offer ends the application (the matching pool drops it): said before and after
    "You declined the offer": {
        "zh": "您已拒绝录取",
        "ru": "Вы отказались от предложения",
        "ur": "آپ نے پیشکش مسترد کر دی",
    },
    "Your application then ends: your other choices in this cycle are not considered again.": {
        "zh": "随后您的申请即告结束：您在本期的其他志愿将不再被考虑。",
        "ru": "После этого заявка завершается: другие ваши варианты в этом наборе больше не рассматриваются.",
        "ur": "اس کے بعد آپ کی درخواست ختم ہو جاتی ہے: اس مرحلے میں آپ کے دوسرے انتخاب پر دوبارہ غور نہیں کیا جاتا۔",
    },
    "This application has ended: your other choices in this cycle are not considered again. You can apply in another cycle while its applications are open.": {
        "zh": "此申请已结束：您在本期的其他志愿将不再被考虑。您可以在其他招生周期开放申请期间提出申请。",
        "ru": "Эта заявка завершена: другие ваши варианты в этом наборе больше не рассматриваются. Вы можете подать заявку в другом наборе, пока в нём идёт приём.",
        "ur": "یہ درخواست ختم ہو چکی ہے: اس مرحلے میں آپ کے دوسرے انتخاب پر دوبارہ غور نہیں کیا جاتا۔ آپ کسی دوسرے مرحلے میں درخواست دے سکتے ہیں جب تک اس میں درخواستیں کھلی ہوں۔",
    },
    # a document of another application copied in (POST /applications/{id}/documents/copy)
    "Use a document from another of your applications": {
        "zh": "使用您其他申请中的材料",
        "ru": "Использовать документ из другой вашей заявки",
        "ur": "اپنی کسی دوسری درخواست کی دستاویز استعمال کریں",
    },
    "A copy is added to this application and reviewed for it; the other application keeps its own.": {
        "zh": "副本将添加到此申请并为此申请审核；另一份申请保留其原件。",
        "ru": "Копия добавляется к этой заявке и проверяется для неё; в другой заявке остаётся свой экземпляр.",
        "ur": "اس درخواست میں ایک نقل شامل کی جاتی ہے اور اسی کے لیے جانچی جاتی ہے؛ دوسری درخواست میں اپنی دستاویز رہتی ہے۔",
    },
    "Document": {"zh": "材料", "ru": "Документ", "ur": "دستاویز"},
    "This document is already this application's.": {
        "zh": "此材料已属于本申请。",
        "ru": "Этот документ уже есть в этой заявке.",
        "ur": "یہ دستاویز پہلے ہی اس درخواست میں ہے۔",
    },
    "Add this document": {"zh": "添加此材料", "ru": "Добавить этот документ", "ur": "یہ دستاویز شامل کریں"},
    "Choose a document.": {"zh": "请选择一份材料。", "ru": "Выберите документ.", "ur": "کوئی دستاویز منتخب کریں۔"},
    "The document was added. It will be reviewed for this application.": {
        "zh": "材料已添加，将针对此申请进行审核。",
        "ru": "Документ добавлен. Его проверят для этой заявки.",
        "ur": "دستاویز شامل کر دی گئی۔ اس درخواست کے لیے اس کی جانچ ہوگی۔",
    },
    # the submit box, while no choice of sharing was made (consent/_section.html)
    "You have not chosen yet whether the host institution may read your identity and documents. Without them it decides on your admission without seeing them.": {
        "zh": "您尚未选择是否允许接收院校查看您的身份信息和材料。如不允许，接收院校将在看不到这些信息的情况下决定是否录取您。",
        "ru": "Вы ещё не выбрали, может ли принимающий вуз видеть ваши личные данные и документы. Без них он решает о зачислении, не видя их.",
        "ur": "آپ نے ابھی یہ منتخب نہیں کیا کہ میزبان ادارہ آپ کی شناخت اور دستاویزات دیکھ سکتا ہے یا نہیں۔ ان کے بغیر وہ انہیں دیکھے بغیر آپ کے داخلے کا فیصلہ کرتا ہے۔",
    },
    # the officers' list of applications searched (GET /officer/applications?q=)
    "Name, e-mail or application number": {
        "zh": "姓名、电子邮箱或申请编号",
        "ru": "Имя, e-mail или номер заявки",
        "ur": "نام، ای میل یا درخواست نمبر",
    },
    "Drafts are not listed: an application is here once submitted.": {
        "zh": "草稿不会列出：申请提交后才会出现在此处。",
        "ru": "Черновики здесь не показываются: заявка появляется после подачи.",
        "ur": "مسودے یہاں درج نہیں ہوتے: درخواست جمع ہونے کے بعد یہاں آتی ہے۔",
    },
    "Nobody here matches “{q}”.": {
        "zh": "此处没有与“{q}”匹配的申请人。",
        "ru": "Здесь никто не соответствует запросу «{q}».",
        "ur": "یہاں کوئی “{q}” سے مطابقت نہیں رکھتا۔",
    },
    # a document asked for by several choices: its review buttons once, at its first mention (_checklist.html)
    "The same document as under choice {n}: review it there": {
        "zh": "与第 {n} 志愿下的材料相同：请在那里审核",
        "ru": "Тот же документ, что и в выборе {n}: проверьте его там",
        "ur": "وہی دستاویز جو انتخاب {n} کے تحت ہے: اس کی جانچ وہیں کریں",
    },
    # an invited applicant whose application left the running since (committee/interviews.html)
    "no longer in the running: the interview is not needed": {
        "zh": "已不在竞争中：无需面试",
        "ru": "больше не участвует в отборе: собеседование не нужно",
        "ur": "اب مقابلے میں شامل نہیں: انٹرویو کی ضرورت نہیں",
    },
    # string_too_long with the limit the service gives ("This is too long." left it to guess)
    "This is too long: at most {max_length} characters.": {
        "zh": "内容过长：最多 {max_length} 个字符。",
        "ru": "Слишком длинно: не более {max_length} символов.",
        "ur": "یہ بہت طویل ہے: زیادہ سے زیادہ {max_length} حروف۔",
    },
    # a withdrawn application's page: nothing shared, nothing more to write (templates/consent, messages)
    "This application is withdrawn: no host institution considers it, and nothing is shared.": {
        "zh": "此申请已撤回：没有接收院校审核它，也不会共享任何信息。",
        "ru": "Эта заявка отозвана: её не рассматривает ни один принимающий вуз, и ничего не передаётся.",
        "ur": "یہ درخواست واپس لے لی گئی ہے: کوئی میزبان ادارہ اس پر غور نہیں کرتا، اور کچھ بھی شیئر نہیں ہوتا۔",
    },
    "This application is withdrawn: no more messages can be written about it.": {
        "zh": "此申请已撤回：不能再就此申请发送留言。",
        "ru": "Эта заявка отозвана: писать по ней больше нельзя.",
        "ur": "یہ درخواست واپس لے لی گئی ہے: اس کے بارے میں مزید پیغامات نہیں لکھے جا سکتے۔",
    },
    # consent saved with nothing shared: what that means (templates/consent/_section.html)
    "You chose not to share: a host institution that considers your application cannot read your identity or documents, and may be unable to issue your admission letter.": {
        "zh": "您已选择不共享：审核您申请的接收院校无法查看您的身份信息和材料，可能无法为您出具录取通知书。",
        "ru": "Вы решили ничего не передавать: принимающий вуз, рассматривающий вашу заявку, не сможет увидеть ваши данные и документы и, возможно, не сможет оформить письмо о зачислении.",
        "ur": "آپ نے شیئر نہ کرنے کا انتخاب کیا ہے: آپ کی درخواست پر غور کرنے والا میزبان ادارہ آپ کی شناخت یا دستاویزات نہیں دیکھ سکتا، اور ہو سکتا ہے آپ کا داخلہ خط جاری نہ کر سکے۔",
    },
    # text typed into one form while another was sent: put back, and said to be unsaved (portal.js)
    "What you typed here is not saved yet: save it before you leave the page.": {
        "zh": "您在此处填写的内容尚未保存：离开页面前请先保存。",
        "ru": "Введённое здесь ещё не сохранено: сохраните, прежде чем покинуть страницу.",
        "ur": "آپ نے یہاں جو لکھا ہے وہ ابھی محفوظ نہیں ہوا: صفحہ چھوڑنے سے پہلے اسے محفوظ کریں۔",
    },
    # a staff or partner account's own page (templates/account.html)
    "My account": {"zh": "我的账户", "ru": "Моя учётная запись", "ur": "میرا اکاؤنٹ"},
    "Role": {"zh": "角色", "ru": "Роль", "ur": "کردار"},
    "Your schemes, institutions and countries are set by an administrator: write to them to change what you manage.": {
        "zh": "您负责的项目、院校和国家由管理员设置：如需更改，请联系管理员。",
        "ru": "Ваши программы, вузы и страны задаёт администратор: напишите ему, чтобы изменить то, чем вы управляете.",
        "ur": "آپ کی اسکیمیں، ادارے اور ممالک منتظم طے کرتا ہے: ان میں تبدیلی کے لیے منتظم کو لکھیں۔",
    },
    # withdrawing an application is final (templates/application.html)
    # a new application in the same cycle can be started (views/applicant.py choose_programme)
    "I understand that a withdrawn application cannot be restored or submitted again. While this cycle takes applications, I can start a new one.": {
        "zh": "我明白：申请撤回后无法恢复，也不能再次提交。在本招生周期接受申请期间，我可以重新开始一份新申请。",
        "ru": "Я понимаю, что отозванную заявку нельзя восстановить или подать снова. Пока в этот набор принимают заявки, я могу начать новую.",
        "ur": "میں سمجھتا/سمجھتی ہوں کہ واپس لی گئی درخواست بحال یا دوبارہ جمع نہیں کی جا سکتی۔ جب تک یہ دور درخواستیں قبول کر رہا ہے، میں نئی درخواست شروع کر سکتا/سکتی ہوں۔",
    },
    # a new e-mail address on the profile needs the account's password (templates/profile.html)
    "Your password, to change the e-mail address": {
        "zh": "您的密码（更改电子邮箱地址时需要）",
        "ru": "Ваш пароль (для смены адреса электронной почты)",
        "ur": "آپ کا پاس ورڈ (ای میل پتہ تبدیل کرنے کے لیے)",
    },
    "Needed only when you change the e-mail address. A link is sent to the new address; the address you had is told once it is opened.": {
        "zh": "仅在更改电子邮箱地址时需要。系统会向新地址发送一个链接；链接被打开后，原来的地址会收到更改通知。",
        "ru": "Нужен только при смене адреса электронной почты. На новый адрес придёт ссылка; когда её откроют, на прежний адрес придёт уведомление о смене.",
        "ur": "صرف ای میل پتہ تبدیل کرتے وقت درکار ہے۔ نئے پتے پر ایک لنک بھیجا جاتا ہے؛ لنک کھولنے پر پرانے پتے کو تبدیلی کی اطلاع دی جاتی ہے۔",
    },
    "Nationality and date of birth": {
        "zh": "国籍和出生日期",
        "ru": "Гражданство и дата рождения",
        "ur": "قومیت اور تاریخِ پیدائش",
    },
    "They decide which programmes are open to you. Correct them here if one was typed wrong: you can until you submit an application. After that, the admissions office corrects them against your passport.": {
        "zh": "它们决定您可以申请哪些项目。如有输入错误，请在此更正：提交申请之前都可以更正。提交之后，由招生办公室根据您的护照更正。",
        "ru": "От них зависит, какие программы вам доступны. Если что-то введено с ошибкой, исправьте здесь: это можно сделать, пока вы не подали заявку. После подачи их исправляет приёмная комиссия по вашему паспорту.",
        "ur": "ان سے طے ہوتا ہے کہ کون سے پروگرام آپ کے لیے کھلے ہیں۔ اگر کوئی غلط لکھا گیا ہو تو یہاں درست کریں: درخواست جمع کرانے تک آپ یہ کر سکتے ہیں۔ اس کے بعد داخلہ دفتر آپ کے پاسپورٹ کے مطابق انہیں درست کرتا ہے۔",
    },
    "Your nationality and date of birth decide which programmes are open to you, so they cannot be changed here. If one is wrong, tell the admissions office in the messages of a submitted application: your passport there shows the right one.": {
        "zh": "您的国籍和出生日期决定您可以申请哪些项目，因此无法在此更改。如有错误，请在已提交申请的消息中告知招生办公室：申请中的护照可证明正确信息。",
        "ru": "Гражданство и дата рождения определяют, какие программы вам доступны, поэтому изменить их здесь нельзя. Если что-то указано неверно, сообщите приёмной комиссии в сообщениях поданной заявки: паспорт в заявке подтвердит верные данные.",
        "ur": "آپ کی قومیت اور تاریخ پیدائش طے کرتی ہیں کہ کون سے پروگرام آپ کے لیے کھلے ہیں، اس لیے انہیں یہاں تبدیل نہیں کیا جا سکتا۔ اگر ان میں غلطی ہے تو جمع شدہ درخواست کے پیغامات میں داخلہ دفتر کو بتائیں: درخواست میں موجود پاسپورٹ درست معلومات دکھاتا ہے۔",
    },
    "Confirm your new e-mail address": {
        "zh": "确认您的新电子邮箱地址",
        "ru": "Подтвердите новый адрес электронной почты",
        "ur": "اپنا نیا ای میل پتہ تصدیق کریں",
    },
    "This link is unknown, used or expired.": {
        "zh": "此链接无效、已使用或已过期。",
        "ru": "Эта ссылка неизвестна, уже использована или просрочена.",
        "ur": "یہ لنک نامعلوم، استعمال شدہ یا میعاد ختم ہے۔",
    },
    "Another account now has this address.": {
        "zh": "另一个账户现在使用此地址。",
        "ru": "Этот адрес теперь у другой учётной записи.",
        "ur": "یہ پتہ اب کسی دوسرے اکاؤنٹ کا ہے۔",
    },
    "To change the address, enter it again on your profile page: a new link is sent to it.": {
        "zh": "如需更改地址，请在个人资料页面重新填写：系统会向其发送新的链接。",
        "ru": "Чтобы сменить адрес, введите его снова на странице профиля: на него придёт новая ссылка.",
        "ur": "پتہ تبدیل کرنے کے لیے اسے اپنے پروفائل کے صفحے پر دوبارہ درج کریں: اس پر نیا لنک بھیجا جائے گا۔",
    },
    "Your account's e-mail address becomes the one this link was sent to. The address it had until now is told of the change.": {
        "zh": "您账户的电子邮箱地址将改为接收此链接的地址。原来的地址会收到更改通知。",
        "ru": "Адресом вашей учётной записи станет тот, на который пришла эта ссылка. Прежний адрес получит уведомление о смене.",
        "ur": "آپ کے اکاؤنٹ کا ای میل پتہ وہی ہو جائے گا جس پر یہ لنک بھیجا گیا۔ اب تک کے پتے کو تبدیلی کی اطلاع دی جائے گی۔",
    },
    "Confirm my new address": {
        "zh": "确认我的新地址",
        "ru": "Подтвердить новый адрес",
        "ur": "میرا نیا پتہ تصدیق کریں",
    },
    "Your new e-mail address is confirmed: it is now your account's address.": {
        "zh": "您的新电子邮箱地址已确认，现在是您账户的地址。",
        "ru": "Новый адрес электронной почты подтверждён: теперь это адрес вашей учётной записи.",
        "ur": "آپ کے نئے ای میل پتے کی تصدیق ہو گئی: اب یہی آپ کے اکاؤنٹ کا پتہ ہے۔",
    },
    "We sent a link to {email}. Your address changes when you open it (within 24 hours).": {
        "zh": "我们已向 {email} 发送了一个链接。打开该链接后（24 小时内有效），您的地址才会更改。",
        "ru": "Мы отправили ссылку на {email}. Адрес сменится, когда вы её откроете (в течение 24 часов).",
        "ur": "ہم نے {email} پر ایک لنک بھیجا ہے۔ اسے کھولنے پر (24 گھنٹوں کے اندر) آپ کا پتہ تبدیل ہوگا۔",
    },
    "Waiting for confirmation: {email}. Open the link we sent to that address; until then your address stays as it is.": {
        "zh": "等待确认：{email}。请打开我们发送到该地址的链接；在此之前，您的地址保持不变。",
        "ru": "Ожидает подтверждения: {email}. Откройте ссылку, которую мы отправили на этот адрес; до тех пор ваш адрес не меняется.",
        "ur": "تصدیق کا انتظار: {email}۔ اس پتے پر بھیجا گیا لنک کھولیں؛ تب تک آپ کا پتہ وہی رہے گا۔",
    },
    "Enter your password to change your e-mail address.": {
        "zh": "请输入您的密码以更改电子邮箱地址。",
        "ru": "Введите пароль, чтобы сменить адрес электронной почты.",
        "ur": "ای میل پتہ تبدیل کرنے کے لیے اپنا پاس ورڈ درج کریں۔",
    },
    # an error in the application page's summary, after the field's label
    "{field}: {reason}": {"zh": "{field}：{reason}", "ru": "{field}: {reason}", "ur": "{field}: {reason}"},
    "Age limit {max}: you will be {age} on {day}.": {
        "zh": "年龄上限 {max} 岁：到 {day} 时您将满 {age} 岁。",
        "ru": "Предельный возраст {max}: на {day} вам будет {age}.",
        "ur": "عمر کی حد {max}: {day} کو آپ کی عمر {age} ہوگی۔",
    },
    "At most 200 characters.": {
        "zh": "最多 200 个字符。",
        "ru": "Не более 200 символов.",
        "ur": "زیادہ سے زیادہ 200 حروف۔",
    },
    # registering with an address that has an account, and its password (views/auth.py)
    "This e-mail address already had an account, and your password opened it: you are logged in to it. What you typed in the form was not saved.": {
        "zh": "该电子邮箱地址已有账户，您的密码可以登录该账户：您现已登录。表单中填写的内容未被保存。",
        "ru": "С этим адресом электронной почты уже есть учётная запись, и ваш пароль к ней подошёл: вы вошли в неё. "
        "Введённое в форме не сохранено.",
        "ur": "اس ای میل پتے کا پہلے سے ایک اکاؤنٹ تھا، اور آپ کے پاس ورڈ سے وہ کھل گیا: آپ اس میں لاگ اِن ہیں۔ "
        "فارم میں جو لکھا تھا وہ محفوظ نہیں ہوا۔",
    },
    # a second accepted place of the same intake (offer.place_held, services/applications/domain/lifecycle.py)
    "You have already accepted a place that begins at the same time. Only one can be accepted: decline this offer, or keep it open while you decide.": {
        "zh": "您已接受一个同期开始的名额，只能接受一个：您可以拒绝此录取，或在决定前保留此录取。",
        "ru": "Вы уже приняли место, которое начинается в то же время. Принять можно только одно: "
        "откажитесь от этого предложения или оставьте его открытым, пока решаете.",
        "ur": "آپ پہلے ہی ایک ایسی نشست قبول کر چکے ہیں جو اسی وقت شروع ہوتی ہے۔ صرف ایک قبول کی جا سکتی ہے: "
        "یہ پیشکش مسترد کریں، یا فیصلہ کرنے تک اسے کھلا رکھیں۔",
    },
    # the programmes' filter (templates/programmes.html): those open to the applicant's country now
    "Only programmes I can apply to now": {
        "zh": "只显示我现在可以申请的项目",
        "ru": "Только программы, на которые я могу подать заявку сейчас",
        "ur": "صرف وہ پروگرام جن کے لیے میں ابھی درخواست دے سکتا ہوں",
    },
    # ... said on "Accept the offer?" before the confirm button (templates/accept.html)
    "Studies begin: {date}.": {
        "zh": "开学日期：{date}。",
        "ru": "Начало обучения: {date}.",
        "ur": "تعلیم کا آغاز: {date}۔",
    },
    "The visit begins: {date}.": {
        "zh": "访问开始日期：{date}。",
        "ru": "Начало визита: {date}.",
        "ur": "دورے کا آغاز: {date}۔",
    },
    "You have already accepted a place that begins at the same time: {place}, from {date}.": {
        "zh": "您已接受一个同期开始的名额：{place}，{date} 开始。",
        "ru": "Вы уже приняли место, которое начинается в то же время: «{place}», с {date}.",
        "ur": "آپ پہلے ہی ایک ایسی نشست قبول کر چکے ہیں جو اسی وقت شروع ہوتی ہے: {place}، {date} سے۔",
    },
    "You have already accepted a place that begins at the same time: {place}.": {
        "zh": "您已接受一个同期开始的名额：{place}。",
        "ru": "Вы уже приняли место, которое начинается в то же время: «{place}».",
        "ur": "آپ پہلے ہی ایک ایسی نشست قبول کر چکے ہیں جو اسی وقت شروع ہوتی ہے: {place}۔",
    },
    "Only one place of an intake can be accepted, so this offer cannot be accepted while you hold that one.": {
        "zh": "同一批次只能接受一个名额，因此在您保留该名额期间无法接受此录取。",
        "ru": "Из мест, начинающихся в одно время, можно принять только одно, поэтому, пока за вами то место, это предложение принять нельзя.",
        "ur": "ایک ہی داخلے کی صرف ایک نشست قبول کی جا سکتی ہے، اس لیے جب تک وہ نشست آپ کے پاس ہے یہ پیشکش قبول نہیں کی جا سکتی۔",
    },
    "Decline this offer, or keep it open while you decide.": {
        "zh": "您可以拒绝此录取，或在决定前保留此录取。",
        "ru": "Откажитесь от этого предложения или оставьте его открытым, пока решаете.",
        "ur": "یہ پیشکش مسترد کریں، یا فیصلہ کرنے تک اسے کھلا رکھیں۔",
    },
    "The place you accepted": {"zh": "您已接受的名额", "ru": "Принятое место", "ur": "آپ کی قبول کردہ نشست"},
    # the outcome on the application page (templates/application.html)
    "Outcome of the matching": {"zh": "匹配结果", "ru": "Итог распределения", "ur": "میچنگ کا نتیجہ"},
    "An officer did not approve the place proposed to you. Your application waits for the next matching round.": {
        "zh": "招生官未批准为您提议的名额。您的申请将等待下一轮匹配。",
        "ru": "Сотрудник не утвердил предложенное вам место. Ваша заявка ждёт следующего раунда распределения.",
        "ur": "افسر نے آپ کے لیے تجویز کردہ نشست کی منظوری نہیں دی۔ آپ کی درخواست اگلے میچنگ مرحلے کی منتظر ہے۔",
    },
    "The officer's message to you:": {
        "zh": "招生官给您的留言：",
        "ru": "Сообщение сотрудника для вас:",
        "ur": "آپ کے لیے افسر کا پیغام:",
    },
    "You are on the waiting list. Your place on each list is beside your choices below; you will be told if a seat becomes free.": {
        "zh": "您已进入候补名单。您在各候补名单上的位置列在下方各志愿旁；如有名额空出，我们会通知您。",
        "ru": "Вы в листе ожидания. Ваше место в каждом списке указано ниже рядом с выбранными программами; если место освободится, вам сообщат.",
        "ur": "آپ انتظار کی فہرست میں ہیں۔ ہر فہرست میں آپ کا نمبر نیچے آپ کی ترجیحات کے ساتھ درج ہے؛ نشست خالی ہونے پر آپ کو بتایا جائے گا۔",
    },
    "You were not placed in this round. The reason for each choice is beside it below.": {
        "zh": "您在本轮未获得名额。各志愿的原因列在下方对应志愿旁。",
        "ru": "В этом раунде вы не получили места. Причина по каждой выбранной программе указана ниже рядом с ней.",
        "ur": "اس مرحلے میں آپ کو نشست نہیں ملی۔ ہر ترجیح کی وجہ نیچے اس کے ساتھ درج ہے۔",
    },
    "Offered a place": {"zh": "已获录取名额", "ru": "Вам предложено место", "ur": "نشست کی پیشکش ملی"},
    "You accepted this place": {
        "zh": "您已接受此录取名额",
        "ru": "Вы приняли это место",
        "ur": "آپ نے یہ نشست قبول کر لی",
    },
    "You declined this place": {
        "zh": "您已拒绝此录取名额",
        "ru": "Вы отказались от этого места",
        "ur": "آپ نے یہ نشست مسترد کر دی",
    },
    "Result of the round:": {"zh": "本轮结果：", "ru": "Итог раунда:", "ur": "مرحلے کا نتیجہ:"},
    # the applicant's messages, when there are none (templates/messages/_thread.html)
    "No messages from your reviewers yet. Notices about your application, such as a round's result, are in your inbox and on your application's page.": {
        "zh": "审核人员尚未给您留言。关于您申请的通知（例如某轮匹配的结果）在“消息”页面和申请页面中。",
        "ru": "Проверяющие вам пока не писали. Уведомления о заявке, например итог раунда, — в разделе «Сообщения» и на странице заявки.",
        "ur": "جائزہ لینے والوں نے ابھی آپ کو کوئی پیغام نہیں بھیجا۔ آپ کی درخواست کے بارے میں اطلاعات، جیسے کسی مرحلے کا نتیجہ، آپ کے پیغامات اور درخواست کے صفحے پر ہیں۔",
    },
    "Open the inbox": {"zh": "打开“消息”", "ru": "Открыть «Сообщения»", "ur": "پیغامات کھولیں"},
    # an upload refused (templates/application.html): what was typed is kept, the file is not
    "What you entered is kept, but the browser cannot keep a chosen file: please choose it again.": {
        "zh": "您填写的内容已保留，但浏览器无法保留已选择的文件：请重新选择文件。",
        "ru": "Введённые данные сохранены, но браузер не может сохранить выбранный файл: выберите его ещё раз.",
        "ur": "آپ کا درج کردہ مواد محفوظ ہے، لیکن براؤزر منتخب فائل محفوظ نہیں رکھ سکتا: براہِ کرم فائل دوبارہ منتخب کریں۔",
    },
    "At most {n} MB per file.": {
        "zh": "每个文件不超过 {n} MB。",
        "ru": "Не более {n} МБ на файл.",
        "ur": "ہر فائل زیادہ سے زیادہ {n} MB۔",
    },
    "What you sent is too large (at most {max_mb} MB).": {
        "zh": "您提交的内容过大（最大 {max_mb} MB）。",
        "ru": "Отправленные данные слишком велики (не более {max_mb} МБ).",
        "ur": "آپ کا بھیجا گیا مواد بہت بڑا ہے (زیادہ سے زیادہ {max_mb} MB)۔",
    },
    # a programme whose cycle is not open to the applicant's country (templates/programmes.html)
    "Not open to applicants from {country}.": {
        "zh": "不接受来自{country}的申请人。",
        "ru": "Не открыта для заявителей из страны: {country}.",
        "ur": "{country} کے درخواست دہندگان کے لیے دستیاب نہیں۔",
    },
    # the personal statement's limit (domain/forms.py, templates/application.html)
    "At most {max} characters.": {
        "zh": "最多 {max} 个字符。",
        "ru": "Не более {max} символов.",
        "ur": "زیادہ سے زیادہ {max} حروف۔",
    },
    "The personal statement is too long: {n} characters, at most {max}. Nothing was saved; shorten it and save again.": {
        "zh": "个人陈述过长：共 {n} 个字符，最多 {max} 个。未保存任何内容；请删减后再保存。",
        "ru": "Мотивационное письмо слишком длинное: {n} символов, допускается не более {max}. Ничего не сохранено; сократите текст и сохраните снова.",
        "ur": "ذاتی بیان بہت طویل ہے: {n} حروف، زیادہ سے زیادہ {max}۔ کچھ محفوظ نہیں ہوا؛ اسے مختصر کر کے دوبارہ محفوظ کریں۔",
    },
    # a second submit, e.g. from another tab (views/applicant.py)
    "This application was withdrawn (in another tab): it cannot be submitted again. To apply in this cycle, start a new application.": {
        "zh": "此申请已（在另一个标签页中）撤回，不能再次提交。如要申请本届，请新建一份申请。",
        "ru": "Эта заявка отозвана (в другой вкладке): подать её снова нельзя. Чтобы участвовать в этом наборе, начните новую заявку.",
        "ur": "یہ درخواست (کسی اور ٹیب میں) واپس لے لی گئی ہے: اسے دوبارہ جمع نہیں کیا جا سکتا۔ اس دور میں درخواست دینے کے لیے نئی درخواست شروع کریں۔",
    },
    "Your session had ended, so the file was not uploaded. Log in, then upload it again.": {
        "zh": "您的会话已结束，文件未上传。请登录后重新上传。",
        "ru": "Сеанс завершился, поэтому файл не загружен. Войдите и загрузите его снова.",
        "ur": "آپ کا سیشن ختم ہو چکا تھا، اس لیے فائل اپ لوڈ نہیں ہوئی۔ لاگ اِن کر کے اسے دوبارہ اپ لوڈ کریں۔",
    },
    "Your application is already submitted.": {
        "zh": "您的申请已经提交。",
        "ru": "Ваша заявка уже подана.",
        "ur": "آپ کی درخواست پہلے ہی جمع ہو چکی ہے۔",
    },
    # the journal's "Who" of the applicant's own steps (templates/committee/_journal_table.html)
    "the applicant": {"zh": "申请人", "ru": "заявитель", "ur": "درخواست دہندہ"},
    # the host's admissions where the scheme has no nomination stage (views/award.py), and the
    # applicant's answer to the host's offers (its tabs)
    "Officers approved these matches; each applicant is offered the place only once you admit them.": {
        "zh": "工作人员已批准这些匹配；只有在您录取后，申请人才会获得录取通知。",
        "ru": "Сотрудники одобрили эти распределения; заявитель получит предложение места только после "
        "вашего решения о зачислении.",
        "ur": "افسران نے یہ انتخاب منظور کر دیے ہیں؛ ہر درخواست دہندہ کو نشست کی پیشکش صرف آپ کے داخلہ دینے کے بعد ملتی ہے۔",
    },
    "The applicant was admitted; the offer goes to them.": {
        "zh": "已录取该申请人；录取通知将发给申请人。",
        "ru": "Заявитель принят; предложение места отправлено ему.",
        "ur": "درخواست دہندہ کو داخلہ دے دیا گیا؛ پیشکش انہیں بھیجی جا رہی ہے۔",
    },
    "Accepted the offer": {"zh": "已接受录取", "ru": "Приняли предложение", "ur": "پیشکش قبول کی"},
    "Declined the offer": {"zh": "已拒绝录取", "ru": "Отказались от предложения", "ur": "پیشکش مسترد کی"},
    "Withdrew": {"zh": "已撤回申请", "ru": "Отозвали заявку", "ur": "درخواست واپس لی"},
    # a date of birth before 1900 (domain/forms.py)
    "Delete this file? To keep it, close this.": {
        "zh": "删除此文件吗？如要保留，请关闭此处。",
        "ru": "Удалить этот файл? Чтобы оставить его, закройте этот блок.",
        "ur": "یہ فائل حذف کریں؟ رکھنی ہو تو اسے بند کر دیں۔",
    },
    "Yes, delete it": {"zh": "是，删除", "ru": "Да, удалить", "ur": "ہاں، حذف کریں"},
    "Check the year of birth: it gives an age over 100.": {
        "zh": "请检查出生年份：按此计算年龄超过 100 岁。",
        "ru": "Проверьте год рождения: по нему возраст больше 100 лет.",
        "ur": "سالِ پیدائش دیکھ لیں: اس کے مطابق عمر 100 سال سے زیادہ بنتی ہے۔",
    },
    "Check the year of birth: it gives an age under 10.": {
        "zh": "请检查出生年份：按此计算年龄不满 10 岁。",
        "ru": "Проверьте год рождения: по нему возраст меньше 10 лет.",
        "ur": "سالِ پیدائش دیکھ لیں: اس کے مطابق عمر 10 سال سے کم بنتی ہے۔",
    },
    # an offer answered meanwhile in another tab (views/applicant.py confirm_decline / answer_offer)
    "You have already answered this offer: see where your application stands below.": {
        "zh": "您已答复此录取：请在下方查看您申请的当前状态。",
        "ru": "Вы уже ответили на это предложение: текущее состояние заявки — ниже.",
        "ur": "آپ اس پیشکش کا جواب پہلے ہی دے چکے ہیں: آپ کی درخواست کی موجودہ صورتحال نیچے دیکھیں۔",
    },
    # a nominee with a place cannot be taken off (nomination.placed, services/matching/service/nominations.py)
    "This nominee already holds a place in this cycle (approved, with the host or accepted): a nominee with a place cannot be taken off the list.": {
        "zh": "该被提名人已在本期获得名额（已批准、在东道院校审核中或已接受）：已获得名额的被提名人不能从名单中移除。",
        "ru": "У этого кандидата уже есть место в этом наборе (одобрено, на рассмотрении принимающего вуза или принято): "
        "кандидата с местом нельзя исключить из списка.",
        "ur": "اس نامزد امیدوار کے پاس اس دور میں پہلے ہی نشست ہے (منظور شدہ، میزبان ادارے کے پاس یا قبول شدہ): "
        "نشست رکھنے والے امیدوار کو فہرست سے نہیں ہٹایا جا سکتا۔",
    },
    # an accepted place given up (application.html's withdrawal, status accepted)
    "You gave up your place: the host institution is told, and its admission papers no longer apply.": {
        "zh": "您已放弃名额：东道院校会收到通知，其录取文件不再有效。",
        "ru": "Вы отказались от места: принимающий вуз уведомлён, его документы о зачислении больше не действуют.",
        "ur": "آپ نے اپنی نشست چھوڑ دی: میزبان ادارے کو اطلاع دی گئی ہے، اور اس کے داخلے کے کاغذات اب مؤثر نہیں۔",
    },
    "Give up your place": {"zh": "放弃名额", "ru": "Отказаться от места", "ur": "اپنی نشست چھوڑ دیں"},
    "Give up the place": {"zh": "放弃该名额", "ru": "Отказаться от места", "ur": "نشست چھوڑ دیں"},
    "You accepted this place. Giving it up withdraws the application: the host institution is told, admission papers it issued no longer apply, and the place may be offered to another applicant.": {
        "zh": "您已接受此名额。放弃名额即撤回申请：东道院校会收到通知，其已签发的录取文件不再有效，该名额可能提供给其他申请人。",
        "ru": "Вы приняли это место. Отказ от него отзывает заявку: принимающий вуз будет уведомлён, выданные им документы о "
        "зачислении перестанут действовать, а место может быть предложено другому заявителю.",
        "ur": "آپ یہ نشست قبول کر چکے ہیں۔ اسے چھوڑنے سے درخواست واپس ہو جاتی ہے: میزبان ادارے کو اطلاع دی جاتی ہے، اس کے جاری کردہ "
        "داخلے کے کاغذات مؤثر نہیں رہتے، اور نشست کسی دوسرے درخواست گزار کو پیش کی جا سکتی ہے۔",
    },
    # a list published again since the confirmation was read (nomination.changed, services/matching/service/nominations.py)
    "A colleague published this list meanwhile: it now shows the list as they published it, and nothing of yours was published. Check it, and publish again if it still needs your changes.": {
        "zh": "在此期间，一位同事已发布此名单：现在显示的是其发布的名单，您的修改均未发布。请核对，如仍需您的修改，请再次发布。",
        "ru": "Тем временем коллега опубликовал этот список: теперь показан список в том виде, в каком он его опубликовал, "
        "а ваши изменения не опубликованы. Проверьте его и опубликуйте снова, если ваши изменения всё ещё нужны.",
        "ur": "اس دوران ایک ساتھی نے یہ فہرست شائع کر دی: اب فہرست ویسی دکھائی گئی ہے جیسی انہوں نے شائع کی، اور آپ کی کوئی "
        "تبدیلی شائع نہیں ہوئی۔ اسے دیکھیں، اور اگر آپ کی تبدیلیاں اب بھی درکار ہوں تو دوبارہ شائع کریں۔",
    },
    # a save over a change made meanwhile in another tab (application.changed, views/applicant.py)
    "This application was changed in another tab or window after you opened this page. What you typed is kept below: saving again replaces what was saved there.": {
        "zh": "打开此页面后，此申请已在另一个标签页或窗口中被修改。您输入的内容保留在下方：再次保存将替换那里保存的内容。",
        "ru": "После того как вы открыли эту страницу, заявка была изменена в другой вкладке или окне. "
        "Введённое вами сохранено ниже: повторное сохранение заменит сохранённое там.",
        "ur": "یہ صفحہ کھولنے کے بعد اس درخواست میں کسی دوسرے ٹیب یا ونڈو میں تبدیلی کی گئی۔ آپ نے جو لکھا وہ نیچے "
        "محفوظ ہے: دوبارہ محفوظ کرنے سے وہاں محفوظ کیا گیا مواد بدل جائے گا۔",
    },
    # the applicant type on the profile (profile.applicant_type_in_use, services/applications/service/accounts.py)
    "It decides which programmes are open to you. It can be changed while you have no application (withdraw a draft first).": {
        "zh": "它决定您可以申请哪些项目。在您没有任何申请时可以更改（如有草稿，请先撤回）。",
        "ru": "От этого зависит, какие программы вам доступны. Это можно изменить, пока у вас нет заявок (черновик сначала отзовите).",
        "ur": "اس سے طے ہوتا ہے کہ کون سے پروگرام آپ کے لیے کھلے ہیں۔ جب تک آپ کی کوئی درخواست نہ ہو اسے بدلا جا سکتا ہے (پہلے مسودہ واپس لیں)۔",
    },
    # shown instead of the choice while an application is in progress (none to offer that the service would refuse)
    "Your applications in progress were made as this. To apply otherwise, withdraw them first (a draft too); then it can be changed here.": {
        "zh": "您正在进行中的申请是以此身份提交或起草的。如要以其他身份申请，请先撤回这些申请（包括草稿），之后即可在此更改。",
        "ru": "Ваши текущие заявки поданы в этом качестве. Чтобы подавать заявки иначе, сначала отзовите их (и черновик тоже); после этого здесь можно будет всё изменить.",
        "ur": "آپ کی زیرِ عمل درخواستیں اسی حیثیت سے بنائی گئی ہیں۔ کسی اور حیثیت سے درخواست دینے کے لیے پہلے انہیں واپس لیں (مسودہ بھی)؛ پھر اسے یہاں بدلا جا سکے گا۔",
    },
    "You have an application made as this type: withdraw it (a draft too) before changing how you apply.": {
        "zh": "您已有以此身份提交或起草的申请：请先撤回该申请（包括草稿），再更改申请身份。",
        "ru": "У вас есть заявка, поданная в этом качестве: отзовите её (и черновик тоже), прежде чем менять, как вы подаёте заявку.",
        "ur": "آپ کی اس حیثیت سے بنائی گئی ایک درخواست موجود ہے: درخواست دینے کی حیثیت بدلنے سے پہلے اسے واپس لیں (مسودہ بھی)۔",
    },
    "An application of yours was submitted with it: the admissions office corrects it against your passport (say so in the messages of that application).": {
        "zh": "您已有申请按此信息提交：由招生办公室根据您的护照更正（请在该申请的消息中说明）。",
        "ru": "С этими данными уже подана ваша заявка: их исправляет приёмная комиссия по вашему паспорту (напишите об этом в сообщениях к этой заявке).",
        "ur": "آپ کی ایک درخواست اسی کے ساتھ جمع ہو چکی ہے: داخلہ دفتر آپ کے پاسپورٹ کے مطابق اسے درست کرتا ہے (اس درخواست کے پیغامات میں بتائیں)۔",
    },
    "taken off offer": {"zh": "已停止招收", "ru": "снята с предложения", "ur": "پیشکش سے ہٹایا گیا"},
    "{n} proposals of the last round are not reviewed yet: a new round replaces them.": {
        "zh": "上一轮有 {n} 项提议尚未审核：新一轮匹配会替换这些提议。",
        "ru": "Предложения последнего раунда ещё не рассмотрены ({n}): новый раунд заменит их.",
        "ur": "پچھلے راؤنڈ کی {n} تجاویز کا ابھی جائزہ نہیں لیا گیا: نیا راؤنڈ ان کی جگہ لے لے گا۔",
    },
    "Start a new round all the same: it replaces the proposals not reviewed yet": {
        "zh": "仍然启动新一轮：它会替换尚未审核的提议",
        "ru": "Всё равно запустить новый раунд: он заменит ещё не рассмотренные предложения",
        "ur": "پھر بھی نیا راؤنڈ شروع کریں: یہ ان تجاویز کی جگہ لے گا جن کا جائزہ ابھی نہیں لیا گیا",
    },
    "Tick the box to replace the proposals not reviewed yet, or review them first.": {
        "zh": "请勾选以替换尚未审核的提议，或先审核这些提议。",
        "ru": "Отметьте поле, чтобы заменить ещё не рассмотренные предложения, или сначала рассмотрите их.",
        "ur": "ابھی جائزہ نہ لی گئی تجاویز کی جگہ لینے کے لیے خانہ منتخب کریں، یا پہلے ان کا جائزہ لیں۔",
    },
    "A round was started since you opened this page (by a colleague, or from this page before): its proposals are below. Nothing was started; start another only if you mean to replace them.": {
        "zh": "自您打开此页面后，已有一轮匹配启动（由同事或您之前在此页面启动）：其提议见下方。本次未启动任何轮次；只有在确实要替换这些提议时才再启动一轮。",
        "ru": "С тех пор как вы открыли эту страницу, уже запущен раунд (коллегой или вами с этой же страницы): его предложения ниже. "
        "Ничего не запущено; запускайте новый раунд, только если хотите заменить их.",
        "ur": "یہ صفحہ کھولنے کے بعد ایک راؤنڈ شروع کیا جا چکا ہے (کسی ساتھی نے، یا آپ نے اسی صفحے سے پہلے): اس کی تجاویز نیچے ہیں۔ "
        "کچھ شروع نہیں کیا گیا؛ نیا راؤنڈ صرف تب شروع کریں جب آپ واقعی ان تجاویز کی جگہ لینا چاہیں۔",
    },
    "Programmes ask only for {kinds}: choose one of them, or none.": {
        "zh": "各项目只要求以下证书：{kinds}。请从中选择一项，或不选。",
        "ru": "Программы требуют только эти сертификаты: {kinds}. Выберите один из них или ни одного.",
        "ur": "پروگرام صرف یہ سرٹیفکیٹ مانگتے ہیں: {kinds}۔ ان میں سے ایک منتخب کریں، یا کوئی نہیں۔",
    },
    "A {kind} level goes in steps of {step}: check the level on the certificate.": {
        "zh": "{kind} 等级以 {step} 为单位：请核对证书上的等级。",
        "ru": "Уровень {kind} указывается с шагом {step}: проверьте уровень в сертификате.",
        "ur": "{kind} کی سطح {step} کے وقفوں میں ہوتی ہے: سرٹیفکیٹ پر درج سطح دیکھیں۔",
    },
    "A {kind} level is at most {top}: check the level or score on the certificate.": {
        "zh": "{kind} 的级别最高为 {top}：请核对证书上的级别或分数。",
        "ru": "Уровень {kind} — не выше {top}: проверьте уровень или балл в сертификате.",
        "ur": "{kind} کی سطح زیادہ سے زیادہ {top} ہے: سرٹیفکیٹ پر درج سطح یا اسکور دیکھیں۔",
    },
    "{kind} is given twice: keep the one that counts.": {
        "zh": "{kind} 填写了两次：请只保留有效的那一份。",
        "ru": "{kind} указан дважды: оставьте тот, что действует.",
        "ur": "{kind} دو بار درج ہے: صرف وہ رکھیں جو معتبر ہے۔",
    },
    "This file is already one of the application's documents of this kind: nothing was added.": {
        "zh": "该文件已作为本申请的同类文件上传过：未添加任何内容。",
        "ru": "Этот файл уже загружен в заявку как документ этого вида: ничего не добавлено.",
        "ur": "یہ فائل پہلے ہی اس درخواست میں اسی قسم کی دستاویز کے طور پر موجود ہے: کچھ شامل نہیں کیا گیا۔",
    },
    "An application keeps at most {limit} documents: delete or replace one to add another.": {
        "zh": "每份申请最多保留 {limit} 份文件：请删除或替换一份后再添加。",
        "ru": "В заявке может быть не более {limit} документов: удалите или замените один, чтобы добавить другой.",
        "ur": "ایک درخواست میں زیادہ سے زیادہ {limit} دستاویزات رہ سکتی ہیں: نئی شامل کرنے کے لیے کوئی ایک حذف کریں یا بدلیں۔",
    },
    "A document keeps at most {limit} versions: delete the newest to upload another in its place.": {
        "zh": "每份文件最多保留 {limit} 个版本：请删除最新版本，再上传新的版本代替它。",
        "ru": "У документа может быть не более {limit} версий: удалите последнюю, чтобы загрузить вместо неё другую.",
        "ur": "ایک دستاویز کے زیادہ سے زیادہ {limit} ورژن رہ سکتے ہیں: اس کی جگہ دوسرا اپ لوڈ کرنے کے لیے تازہ ترین حذف کریں۔",
    },
    # a nominee whose match holds a seat (the candidates' placed, services/matching/service/nominations.py)
    "Holds a place": {"zh": "已获得名额", "ru": "Место получено", "ur": "نشست حاصل ہے"},
    "A nominee who holds a place cannot be withdrawn and is not listed.": {
        "zh": "已获得名额的被提名人不能撤回提名，因此未列出。",
        "ru": "Кандидата, получившего место, отозвать нельзя: он не указан в списке.",
        "ur": "جس نامزد امیدوار کو نشست مل چکی ہو اسے واپس نہیں لیا جا سکتا اور وہ فہرست میں شامل نہیں۔",
    },
    # "Add" refused on the programmes page: said at the top, linked to the card (templates/programmes.html)
    "The programme was not added to your application:": {
        "zh": "该项目未加入您的申请：",
        "ru": "Программа не добавлена в вашу заявку:",
        "ur": "پروگرام آپ کی درخواست میں شامل نہیں ہوا:",
    },
    "Your application is already submitted, so it can take only programmes whose requirements it meets now. A draft keeps any choice and shows what is missing until it is submitted. Add what is missing to your application, then add this programme again.": {
        "zh": "您的申请已提交，因此只能加入目前已满足要求的项目。草稿可以保留任何志愿，并在提交前显示所缺内容。请先在申请中补充所缺内容，然后再加入此项目。",
        "ru": "Ваша заявка уже подана, поэтому в неё можно добавить только программы, требованиям которых она отвечает сейчас. Черновик сохраняет любую программу и показывает, чего не хватает, пока его не подали. Добавьте в заявку недостающее, затем добавьте эту программу снова.",
        "ur": "آپ کی درخواست جمع ہو چکی ہے، اس لیے اس میں صرف وہی پروگرام شامل ہو سکتے ہیں جن کی شرائط وہ ابھی پوری کرتی ہو۔ مسودہ جمع ہونے تک ہر ترجیح رکھتا ہے اور بتاتا ہے کہ کیا کمی ہے۔ پہلے اپنی درخواست میں کمی پوری کریں، پھر یہ پروگرام دوبارہ شامل کریں۔",
    },
    "Go to my application": {"zh": "前往我的申请", "ru": "Перейти к заявке", "ur": "میری درخواست پر جائیں"},
    # a used confirmation link opened while logged in (templates/email_verify.html)
    "Your e-mail address is confirmed already: you can submit your applications.": {
        "zh": "您的电子邮箱地址已经确认：您可以提交申请。",
        "ru": "Ваш адрес электронной почты уже подтверждён: вы можете подавать заявки.",
        "ur": "آپ کا ای میل پتہ پہلے ہی تصدیق شدہ ہے: آپ اپنی درخواستیں جمع کر سکتے ہیں۔",
    },
    "Your address {email} is not confirmed yet: send yourself a new link and open the latest one.": {
        "zh": "您的地址 {email} 尚未确认：请重新发送链接，并打开最新的一封。",
        "ru": "Ваш адрес {email} ещё не подтверждён: отправьте себе новую ссылку и откройте последнюю.",
        "ur": "آپ کا پتہ {email} ابھی تصدیق شدہ نہیں: اپنے لیے نیا لنک بھیجیں اور تازہ ترین لنک کھولیں۔",
    },
    # a programme card on /programmes whose programme the applicant chose already
    "Already one of your choices.": {
        "zh": "已在您的志愿中。",
        "ru": "Уже среди ваших программ.",
        "ur": "پہلے ہی آپ کی ترجیحات میں شامل ہے۔",
    },
    "See it in your application": {
        "zh": "在我的申请中查看",
        "ru": "Посмотреть в заявке",
        "ur": "اپنی درخواست میں دیکھیں",
    },
    "Filled in from your earlier application: check each answer for this one, then save. Nothing is kept until you do.": {
        "zh": "已根据您之前的申请预先填写：请逐项核对是否适用于本次申请，然后保存。保存前不会保留任何内容。",
        "ru": "Заполнено по вашей прежней заявке: проверьте каждый ответ для этой заявки и сохраните. До сохранения ничего не записывается.",
        "ur": "آپ کی پچھلی درخواست سے بھرا گیا ہے: ہر جواب اس درخواست کے لیے جانچیں، پھر محفوظ کریں۔ محفوظ کرنے سے پہلے کچھ بھی نہیں رکھا جاتا۔",
    },
    "Chosen from what you typed when you registered: check it, then save.": {
        "zh": "根据您注册时填写的内容选出：请核对后保存。",
        "ru": "Выбрано по тому, что вы указали при регистрации: проверьте и сохраните.",
        "ur": "رجسٹریشن کے وقت آپ کے لکھے ہوئے سے منتخب کیا گیا: جانچ کر محفوظ کریں۔",
    },
}
