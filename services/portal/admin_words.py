"""The portal's words for an admin's accounts pages (views/admin.py, templates/admin/) in
Chinese, Russian and Urdu (English is the key)."""

from __future__ import annotations

ADMIN_WORDS: dict[str, dict[str, str]] = {
    # the accounts list: the staff first, an account found by name or address
    "Staff and partners": {"zh": "工作人员与合作方", "ru": "Сотрудники и партнёры", "ur": "عملہ اور شراکت دار"},
    "Find": {"zh": "查找", "ru": "Найти", "ur": "تلاش کریں"},
    "Find by name or e-mail": {
        "zh": "按姓名或电子邮箱查找",
        "ru": "Найти по имени или адресу e-mail",
        "ur": "نام یا ای میل سے تلاش کریں",
    },
    "Accounts": {"zh": "账户", "ru": "Учётные записи", "ur": "اکاؤنٹس"},
    "Account": {"zh": "账户", "ru": "Учётная запись", "ur": "اکاؤنٹ"},
    "All roles": {"zh": "全部角色", "ru": "Все роли", "ur": "تمام کردار"},
    "Scope": {"zh": "负责范围", "ru": "Область", "ur": "دائرہ کار"},
    "Schemes": {"zh": "项目", "ru": "Программы", "ur": "اسکیمیں"},
    "Institutions": {"zh": "院校", "ru": "Вузы", "ur": "ادارے"},
    "Sending countries": {"zh": "派出国家", "ru": "Направляющие страны", "ur": "بھیجنے والے ممالک"},
    "active": {"zh": "启用", "ru": "активна", "ur": "فعال"},
    "disabled": {"zh": "已停用", "ru": "отключена", "ur": "غیر فعال"},
    "Disable": {"zh": "停用", "ru": "Отключить", "ur": "غیر فعال کریں"},
    "Enable": {"zh": "启用", "ru": "Включить", "ur": "فعال کریں"},
    "Disable the account": {"zh": "停用该账户", "ru": "Отключить учётную запись", "ur": "اکاؤنٹ غیر فعال کریں"},
    "Enable the account": {"zh": "重新启用该账户", "ru": "Включить учётную запись", "ur": "اکاؤنٹ دوبارہ فعال کریں"},
    "Make an account": {"zh": "新建账户", "ru": "Создать учётную запись", "ur": "نیا اکاؤنٹ بنائیں"},
    "Make the account": {"zh": "创建账户", "ru": "Создать", "ur": "اکاؤنٹ بنائیں"},
    "Save the account": {"zh": "保存账户", "ru": "Сохранить", "ur": "اکاؤنٹ محفوظ کریں"},
    "No account of this role yet.": {
        "zh": "暂无该角色的账户。",
        "ru": "Учётных записей с этой ролью пока нет.",
        "ur": "اس کردار کا ابھی کوئی اکاؤنٹ نہیں۔",
    },
    "An applicant keeps their own profile.": {
        "zh": "申请人的个人资料由本人维护。",
        "ru": "Заявитель сам ведёт свой профиль.",
        "ur": "درخواست گزار اپنی پروفائل خود رکھتا ہے۔",
    },
    "Applicants register themselves. The person logs in with the password you set here: give it to them by another channel, and they change it on their account page.": {
        "zh": "申请人自行注册。此处设置的密码供该人员登录：请通过其他渠道告知对方，对方可在“我的账户”页面修改密码。",
        "ru": "Заявители регистрируются сами. Человек входит с паролем, который вы задаёте здесь: передайте его по другому каналу, а сменить его можно на странице учётной записи.",
        "ur": "درخواست گزار خود رجسٹر ہوتے ہیں۔ یہ شخص یہاں مقرر کردہ پاس ورڈ سے لاگ اِن کرے گا: یہ پاس ورڈ اسے کسی اور ذریعے سے دیں، وہ اسے اپنے اکاؤنٹ کے صفحے پر تبدیل کر سکتا ہے۔",
    },
    "At least 10 characters, without the person's name or e-mail address.": {
        "zh": "至少 10 个字符，不得包含该人员的姓名或电子邮箱地址。",
        "ru": "Не менее 10 символов, без имени и адреса электронной почты этого человека.",
        "ur": "کم از کم 10 حروف، اس شخص کے نام یا ای میل پتے کے بغیر۔",
    },
    # per role, as the service checks it ("None: every scheme (an officer), or the role's own rule" was cryptic)
    "Officers, nominating authorities and coordinators: the schemes they act in (none ticked: every scheme). Host institution accounts and admins: leave empty.": {
        "zh": "招生官、提名机构和协调员：其负责的项目（均不勾选：全部项目）。接收院校账户和管理员：请留空。",
        "ru": "Сотрудники, выдвигающие органы и координаторы: программы, в которых они работают (ничего не отмечено: все программы). Принимающие вузы и администраторы: оставьте пустым.",
        "ur": "افسران، نامزد کرنے والے ادارے اور رابطہ کار: وہ اسکیمیں جن میں وہ کام کرتے ہیں (کچھ منتخب نہ ہو: تمام اسکیمیں)۔ میزبان ادارے کے اکاؤنٹ اور منتظمین: خالی چھوڑیں۔",
    },
    "A host institution account's and an officer's host institutions; a coordinator's home institutions.": {
        "zh": "接收院校账户和招生官对应接收院校；本校协调人对应其所在院校。",
        "ru": "Для принимающего вуза и сотрудника — принимающие вузы; для координатора — его собственные вузы.",
        "ur": "میزبان ادارے اور افسر کے لیے میزبان ادارے؛ رابطہ کار کے لیے اس کے اپنے ادارے۔",
    },
    "A nominating authority's countries only.": {
        "zh": "仅适用于提名机构。",
        "ru": "Только для выдвигающего органа.",
        "ur": "صرف نامزد کرنے والے ادارے کے لیے۔",
    },
    "A changed scope ends the account's sessions: the person logs in again to use it.": {
        "zh": "更改负责范围会结束该账户的所有会话：该人员需重新登录才能使用新范围。",
        "ru": "Изменение области завершает все сеансы учётной записи: чтобы работать с новой областью, нужно войти снова.",
        "ur": "دائرہ کار بدلنے سے اکاؤنٹ کے تمام سیشن ختم ہو جاتے ہیں: نیا دائرہ استعمال کرنے کے لیے دوبارہ لاگ اِن کرنا ہوگا۔",
    },
    "Enter the person's full name.": {
        "zh": "请输入该人员的姓名。",
        "ru": "Введите полное имя.",
        "ur": "اس شخص کا پورا نام درج کریں۔",
    },
    "No log-in, and every session of the account ends at once.": {
        "zh": "停用后无法登录，该账户的所有会话立即结束。",
        "ru": "Вход будет невозможен, и все сеансы учётной записи сразу завершатся.",
        "ur": "لاگ اِن نہیں ہو سکے گا، اور اکاؤنٹ کے تمام سیشن فوراً ختم ہو جائیں گے۔",
    },
    "Tick the box to confirm: every session of the account ends at once.": {
        "zh": "请勾选确认：该账户的所有会话将立即结束。",
        "ru": "Отметьте поле для подтверждения: все сеансы учётной записи сразу завершатся.",
        "ur": "تصدیق کے لیے خانے پر نشان لگائیں: اکاؤنٹ کے تمام سیشن فوراً ختم ہو جائیں گے۔",
    },
    "You cannot disable your own account.": {
        "zh": "您不能停用自己的账户。",
        "ru": "Нельзя отключить собственную учётную запись.",
        "ur": "آپ اپنا اکاؤنٹ غیر فعال نہیں کر سکتے۔",
    },
    "The account of {name} was made. Give them the password by another channel.": {
        "zh": "已为 {name} 创建账户。请通过其他渠道告知其密码。",
        "ru": "Учётная запись для {name} создана. Передайте пароль по другому каналу.",
        "ur": "{name} کا اکاؤنٹ بن گیا۔ پاس ورڈ انہیں کسی اور ذریعے سے دیں۔",
    },
    "The account was saved. Its scope changed, which ends its sessions: they log in again to use it.": {
        "zh": "账户已保存。负责范围已更改，其会话随之结束：需重新登录。",
        "ru": "Учётная запись сохранена. Её область изменилась, поэтому её сеансы завершены: нужно войти снова.",
        "ur": "اکاؤنٹ محفوظ ہو گیا۔ اس کا دائرہ کار بدل گیا ہے، اس لیے اس کے سیشن ختم ہو گئے: دوبارہ لاگ اِن کرنا ہوگا۔",
    },
    "The account was saved.": {
        "zh": "账户已保存。",
        "ru": "Учётная запись сохранена.",
        "ur": "اکاؤنٹ محفوظ ہو گیا۔",
    },
    "The account was disabled.": {
        "zh": "账户已停用。",
        "ru": "Учётная запись отключена.",
        "ur": "اکاؤنٹ غیر فعال کر دیا گیا۔",
    },
    "The account was enabled.": {
        "zh": "账户已重新启用。",
        "ru": "Учётная запись включена.",
        "ur": "اکاؤنٹ دوبارہ فعال کر دیا گیا۔",
    },
    "A nominating authority nominates for at least one sending country: choose its countries.": {
        "zh": "提名机构至少要为一个派出国家提名：请选择其国家。",
        "ru": "Выдвигающий орган выдвигает хотя бы от одной направляющей страны: выберите его страны.",
        "ur": "نامزد کرنے والا ادارہ کم از کم ایک بھیجنے والے ملک کے لیے نامزد کرتا ہے: اس کے ممالک منتخب کریں۔",
    },
    "A nominating authority is scoped by scheme and country, not by institution.": {
        "zh": "提名机构按项目和国家划定范围，而不是按院校。",
        "ru": "Область выдвигающего органа — программы и страны, а не вузы.",
        "ur": "نامزد کرنے والے ادارے کا دائرہ اسکیم اور ملک سے طے ہوتا ہے، ادارے سے نہیں۔",
    },
    "Only a nominating authority is scoped by country.": {
        "zh": "只有提名机构按国家划定范围。",
        "ru": "Только у выдвигающего органа область задаётся странами.",
        "ur": "صرف نامزد کرنے والے ادارے کا دائرہ ملک سے طے ہوتا ہے۔",
    },
    "A coordinator endorses for at least one home institution: choose its institutions.": {
        "zh": "本校协调人至少要为一所院校推荐：请选择其院校。",
        "ru": "Координатор даёт рекомендации хотя бы от одного вуза: выберите его вузы.",
        "ur": "رابطہ کار کم از کم ایک ادارے کے لیے توثیق کرتا ہے: اس کے ادارے منتخب کریں۔",
    },
    "A host institution account acts for at least one institution: choose its institutions.": {
        "zh": "接收院校账户至少代表一所接收院校：请选择其院校。",
        "ru": "Принимающий вуз действует хотя бы от одного вуза: выберите его вузы.",
        "ur": "میزبان ادارے کا اکاؤنٹ کم از کم ایک میزبان ادارے کے لیے کام کرتا ہے: اس کے ادارے منتخب کریں۔",
    },
    "A host institution account is scoped by institution, not by scheme: leave the schemes empty.": {
        "zh": "接收院校账户按院校划定范围，而不是按项目：请不要勾选项目。",
        "ru": "Область принимающего вуза — вузы, а не программы: оставьте программы пустыми.",
        "ur": "میزبان ادارے کا دائرہ ادارے سے طے ہوتا ہے، اسکیم سے نہیں: اسکیمیں خالی چھوڑیں۔",
    },
    "Without its last scheme (or, for an officer, institution) the account would reach every scheme: keep at least one, or disable the account.": {
        "zh": "去掉最后一个项目（对官员而言还包括院校）后，该账户将可访问所有项目：请至少保留一项，或停用该账户。",
        "ru": "Без последней программы (для сотрудника — и учреждения) учётная запись получит доступ ко всем программам: оставьте хотя бы одну или отключите учётную запись.",
        "ur": "آخری اسکیم (اور افسر کے لیے ادارہ) ہٹانے سے اکاؤنٹ کی رسائی تمام اسکیموں تک ہو جائے گی: کم از کم ایک رکھیں، یا اکاؤنٹ غیر فعال کریں۔",
    },
    "The owner chooses a new password through a link e-mailed to the account's address; you never see it.": {
        "zh": "账户所有人通过发送到账户邮箱的链接设置新密码；您不会看到该密码。",
        "ru": "Владелец задаёт новый пароль по ссылке, отправленной на адрес учётной записи; вы его не увидите.",
        "ur": "اکاؤنٹ کا مالک اکاؤنٹ کے پتے پر بھیجے گئے لنک کے ذریعے نیا پاس ورڈ منتخب کرتا ہے؛ آپ اسے کبھی نہیں دیکھتے۔",
    },
    "E-mail a password-reset link": {
        "zh": "发送密码重置链接",
        "ru": "Отправить ссылку для сброса пароля",
        "ur": "پاس ورڈ ری سیٹ کا لنک ای میل کریں",
    },
    "A password-reset link was e-mailed to {email} (at most three an hour).": {
        "zh": "密码重置链接已发送至 {email}（每小时最多三次）。",
        "ru": "Ссылка для сброса пароля отправлена на {email} (не больше трёх в час).",
        "ur": "پاس ورڈ ری سیٹ کا لنک {email} پر بھیج دیا گیا (ایک گھنٹے میں زیادہ سے زیادہ تین)۔",
    },
    "An admin is not scoped: leave the schemes and institutions empty.": {
        "zh": "管理员不划定范围：请不要选择项目和院校。",
        "ru": "У администратора нет области: оставьте программы и вузы пустыми.",
        "ur": "منتظم کا کوئی دائرہ نہیں ہوتا: اسکیمیں اور ادارے خالی چھوڑیں۔",
    },
    "This account is disabled. If you need it again, ask the admissions office (applicants) or your Corridor administrator (staff and partners).": {
        "zh": "该账户已停用。如需恢复，请联系招生办公室（申请人）或您的 Corridor 管理员（工作人员和合作院校）。",
        "ru": "Эта учётная запись отключена. Если она снова нужна, обратитесь в приёмную комиссию (заявители) или к администратору Corridor (сотрудники и партнёры).",
        "ur": "یہ اکاؤنٹ غیر فعال ہے۔ اگر دوبارہ ضرورت ہو تو داخلہ دفتر (درخواست دہندگان) یا اپنے Corridor منتظم (عملہ اور شراکت دار) سے رابطہ کریں۔",
    },
    "The password must not contain the person's e-mail address or name (it contains “{contains}”).": {
        "zh": "密码不得包含该人员的电子邮箱地址或姓名（其中含有“{contains}”）。",
        "ru": "Пароль не должен содержать адрес электронной почты или имя этого человека (в нём есть «{contains}»).",
        "ur": "پاس ورڈ میں اس شخص کا ای میل پتہ یا نام نہیں ہونا چاہیے (اس میں “{contains}” شامل ہے)۔",
    },
    "role:applicant": {"en": "Applicant", "zh": "申请人", "ru": "Заявитель", "ur": "درخواست گزار"},
    "role:officer": {"en": "Officer", "zh": "招生官", "ru": "Сотрудник", "ur": "افسر"},
    "role:admin": {"en": "Admin", "zh": "管理员", "ru": "Администратор", "ur": "منتظم"},
    "role:nominator": {
        "en": "Nominating authority",
        "zh": "提名机构",
        "ru": "Выдвигающий орган",
        "ur": "نامزد کرنے والا ادارہ",
    },
    "role:coordinator": {
        "en": "Home institution coordinator",
        "zh": "本校协调人",
        "ru": "Координатор вуза",
        "ur": "ادارے کا رابطہ کار",
    },
    "role:partner": {"en": "Host institution", "zh": "接收院校", "ru": "Принимающий вуз", "ur": "میزبان ادارہ"},
    "Your account manages host institutions, not whole schemes: the applications to their programmes are under “Applications to review” above.": {
        "zh": "您的账户负责的是接收院校，而不是整个项目：这些院校项目的申请在上方的“待审核的申请”中。",
        "ru": "Ваша учётная запись ведёт принимающие вузы, а не программы целиком: заявки на их программы — в разделе «Заявки на проверку» выше.",
        "ur": "آپ کا اکاؤنٹ پوری اسکیموں کا نہیں بلکہ میزبان اداروں کا انتظام کرتا ہے: ان کے پروگراموں کی درخواستیں اوپر «جائزے کے لیے درخواستیں» میں ہیں۔",
    },
    "No new assignments: every application that competes has its reviewers already. Under an endorsement stage only the applications their home institution endorsed compete.": {
        "zh": "没有新的分配：所有参与竞争的申请都已有评审人。在有院校推荐环节的项目中，只有所在院校推荐的申请参与竞争。",
        "ru": "Новых назначений нет: у каждой участвующей заявки уже есть рецензенты. Если в программе есть этап рекомендации, участвуют только заявки, рекомендованные своим вузом.",
        "ur": "کوئی نئی تفویض نہیں: ہر مقابلے میں شامل درخواست کے جائزہ کار پہلے سے موجود ہیں۔ جس اسکیم میں توثیق کا مرحلہ ہو وہاں صرف وہ درخواستیں مقابلے میں ہوتی ہیں جن کی توثیق ان کے ادارے نے کی ہو۔",
    },
    "History of the account": {"zh": "账户记录", "ru": "История учётной записи", "ur": "اکاؤنٹ کی تاریخ"},
    "The latest {n} changes.": {
        "zh": "最近 {n} 项变更。",
        "ru": "Последние изменения: {n}.",
        "ur": "تازہ ترین {n} تبدیلیاں۔",
    },
}
