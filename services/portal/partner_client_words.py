"""The portal's words for a partner's machine credentials pages (views/partner_clients.py,
templates/partner_clients/) in Chinese, Russian and Urdu (English is the key)."""

from __future__ import annotations

PARTNER_CLIENT_WORDS: dict[str, dict[str, str]] = {
    "Copy": {"zh": "复制", "ru": "Копировать", "ur": "کاپی کریں"},
    "Copied": {"zh": "已复制", "ru": "Скопировано", "ur": "کاپی ہو گیا"},
    "Machine credentials": {"zh": "系统凭据", "ru": "Учётные данные систем", "ur": "نظام کی اسناد"},
    "Your institution's systems call Corridor with a client id and a secret of your account: each system gets a token with them, then reads and decides admissions as your staff do.": {
        "zh": "贵校的系统使用贵账户的客户端 ID 和密钥调用 Corridor：每个系统用它们获取令牌，然后像贵校工作人员一样查看并决定录取。",
        "ru": "Системы вашего учреждения обращаются к Corridor с идентификатором клиента и секретом вашей учётной записи: каждая система получает с ними токен, а затем просматривает и решает вопросы о зачислении, как ваши сотрудники.",
        "ur": "آپ کے ادارے کے نظام آپ کے اکاؤنٹ کی کلائنٹ آئی ڈی اور خفیہ کلید سے Corridor کو کال کرتے ہیں: ہر نظام ان سے ٹوکن لیتا ہے، پھر آپ کے عملے کی طرح داخلے دیکھتا اور ان کا فیصلہ کرتا ہے۔",
    },
    "Clients": {"zh": "客户端", "ru": "Клиенты", "ur": "کلائنٹس"},
    "Client": {"zh": "客户端", "ru": "Клиент", "ur": "کلائنٹ"},
    "Client id": {"zh": "客户端 ID", "ru": "Идентификатор клиента", "ur": "کلائنٹ آئی ڈی"},
    "Made": {"zh": "创建于", "ru": "Создан", "ur": "بنایا گیا"},
    "Last used": {"zh": "最近使用", "ru": "Последнее использование", "ur": "آخری استعمال"},
    "never": {"zh": "从未", "ru": "никогда", "ur": "کبھی نہیں"},
    "revoked": {"zh": "已吊销", "ru": "отозван", "ur": "منسوخ"},
    "Revoke": {"zh": "吊销", "ru": "Отозвать", "ur": "منسوخ کریں"},
    "No client yet.": {"zh": "尚无客户端。", "ru": "Клиентов пока нет.", "ur": "ابھی کوئی کلائنٹ نہیں۔"},
    "Make a client": {"zh": "创建客户端", "ru": "Создать клиента", "ur": "کلائنٹ بنائیں"},
    "Name of the client": {"zh": "客户端名称", "ru": "Название клиента", "ur": "کلائنٹ کا نام"},
    "For your own records, such as the system that uses it.": {
        "zh": "供您自己记录，例如使用它的系统。",
        "ru": "Для ваших записей: например, система, которая его использует.",
        "ur": "آپ کے اپنے ریکارڈ کے لیے، جیسے وہ نظام جو اسے استعمال کرتا ہے۔",
    },
    "Make the client": {"zh": "创建该客户端", "ru": "Создать клиента", "ur": "کلائنٹ بنائیں"},
    "Getting a token": {"zh": "获取令牌", "ru": "Получение токена", "ur": "ٹوکن حاصل کرنا"},
    "Your account id": {
        "zh": "您的账户 ID",
        "ru": "Идентификатор вашей учётной записи",
        "ur": "آپ کے اکاؤنٹ کی آئی ڈی",
    },
    "The token endpoint": {"zh": "令牌端点", "ru": "Адрес получения токена", "ur": "ٹوکن کا اینڈپوائنٹ"},
    "Your system asks for a token with OAuth2 client credentials: a form-encoded POST (application/x-www-form-urlencoded, not JSON) with grant_type=client_credentials, its client id and its secret. The token is valid for expires_in seconds; then it asks for a new one. Send it as “Authorization: Bearer …” to the Corridor services.": {
        "zh": "您的系统通过 OAuth2 客户端凭据获取令牌：以表单编码（application/x-www-form-urlencoded，而非 JSON）发送 POST，包含 grant_type=client_credentials、其客户端 ID 和密钥。令牌在 expires_in 秒内有效，之后需重新获取。以“Authorization: Bearer …”发送给 Corridor 各服务。",
        "ru": "Ваша система получает токен по схеме OAuth2 client credentials: POST в виде формы (application/x-www-form-urlencoded, не JSON) с grant_type=client_credentials, идентификатором клиента и его секретом. Токен действует expires_in секунд, затем система запрашивает новый. Передавайте его службам Corridor как «Authorization: Bearer …».",
        "ur": "آپ کا نظام OAuth2 کلائنٹ اسناد سے ٹوکن مانگتا ہے: فارم کی صورت میں POST (\u2066application/x-www-form-urlencoded\u2069، JSON نہیں)، جس میں \u2066grant_type=client_credentials\u2069، اس کی کلائنٹ آئی ڈی اور خفیہ کلید ہو۔ ٹوکن \u2066expires_in\u2069 سیکنڈ تک درست رہتا ہے؛ پھر نظام نیا مانگتا ہے۔ اسے Corridor کی خدمات کو “\u2066Authorization: Bearer …\u2069” کے طور پر بھیجیں۔",
    },
    "The client was made": {"zh": "客户端已创建", "ru": "Клиент создан", "ur": "کلائنٹ بن گیا"},
    "The client secret": {"zh": "客户端密钥", "ru": "Секрет клиента", "ur": "کلائنٹ کی خفیہ کلید"},
    "Copy it now and keep it in your system's secret store: it will not be shown again. Corridor keeps only a hash of it.": {
        "zh": "请立即复制并保存在您系统的密钥存储中：它不会再次显示。Corridor 只保存其哈希值。",
        "ru": "Скопируйте его сейчас и сохраните в хранилище секретов вашей системы: он больше не будет показан. Corridor хранит только его хеш.",
        "ur": "اسے ابھی نقل کریں اور اپنے نظام کے خفیہ ذخیرے میں رکھیں: یہ دوبارہ نہیں دکھائی جائے گی۔ Corridor صرف اس کا ہیش رکھتا ہے۔",
    },
    "The old secret no longer works, nor do the tokens this client got with it. Your sign-in and your other systems' tokens stand.": {
        "zh": "旧密钥已失效，该客户端用它获取的令牌也已失效。您的登录和其他系统的令牌不受影响。",
        "ru": "Старый секрет больше не действует, как и токены, полученные с ним этим клиентом. Ваш вход и токены других ваших систем продолжают действовать.",
        "ur": "پرانی خفیہ کلید اب کام نہیں کرتی، نہ ہی اس سے اس کلائنٹ کے لیے گئے ٹوکن۔ آپ کا لاگ اِن اور آپ کے دوسرے نظاموں کے ٹوکن برقرار ہیں۔",
    },
    "Log in again": {"zh": "重新登录", "ru": "Войти снова", "ur": "دوبارہ لاگ اِن کریں"},
    "Back to the clients": {"zh": "返回客户端列表", "ru": "Назад к клиентам", "ur": "کلائنٹس پر واپس"},
    "Revoke the client?": {"zh": "吊销该客户端？", "ru": "Отозвать клиента?", "ur": "کلائنٹ منسوخ کریں؟"},
    "The client gets a new secret, shown once; the old one stops working at once, and so do the tokens this client got. Your sign-in and your other systems' tokens stand.": {
        "zh": "该客户端将获得新密钥，仅显示一次；旧密钥立即失效，该客户端已获取的令牌也随之失效。您的登录和其他系统的令牌不受影响。",
        "ru": "Клиент получит новый секрет, показанный один раз; старый сразу перестанет действовать, как и токены, полученные этим клиентом. Ваш вход и токены других ваших систем продолжают действовать.",
        "ur": "کلائنٹ کو نئی خفیہ کلید ملے گی، جو ایک بار دکھائی جائے گی؛ پرانی فوراً کام کرنا بند کر دے گی، اور اس کلائنٹ کے لیے گئے ٹوکن بھی۔ آپ کا لاگ اِن اور آپ کے دوسرے نظاموں کے ٹوکن برقرار رہیں گے۔",
    },
    "The client gets no more tokens, for good, and the tokens it got stop working. Your sign-in and your other systems' tokens stand.": {
        "zh": "该客户端将永久无法再获取令牌，已获取的令牌也将失效。您的登录和其他系统的令牌不受影响。",
        "ru": "Клиент больше никогда не получит токенов, а уже полученные перестанут действовать. Ваш вход и токены других ваших систем продолжают действовать.",
        "ur": "کلائنٹ کو اب کبھی ٹوکن نہیں ملے گا، اور جو ٹوکن اس نے لیے وہ کام کرنا بند کر دیں گے۔ آپ کا لاگ اِن اور آپ کے دوسرے نظاموں کے ٹوکن برقرار رہیں گے۔",
    },
    "Yes, revoke the client": {
        "zh": "是的，吊销该客户端",
        "ru": "Да, отозвать клиента",
        "ur": "جی ہاں، کلائنٹ منسوخ کریں",
    },
    "The client was revoked: it gets no more tokens, and those it got no longer work.": {
        "zh": "客户端已吊销：它无法再获取令牌，已获取的令牌也已失效。",
        "ru": "Клиент отозван: он больше не получит токенов, а полученные не действуют.",
        "ur": "کلائنٹ منسوخ ہو گیا: اسے مزید ٹوکن نہیں ملیں گے، اور اس کے لیے گئے ٹوکن اب کام نہیں کرتے۔",
    },
    "Give the client a name.": {"zh": "请为客户端命名。", "ru": "Дайте клиенту название.", "ur": "کلائنٹ کو نام دیں۔"},
    "The name is at most 100 characters.": {
        "zh": "名称最多 100 个字符。",
        "ru": "Название — не более 100 символов.",
        "ur": "نام زیادہ سے زیادہ 100 حروف کا ہو۔",
    },
    "This client was made already, when the form was first sent: its secret was shown then, once. If it was not kept, rotate the secret.": {
        "zh": "该客户端已在首次提交表单时创建：其密钥当时已显示且仅显示一次。如未保存，请轮换密钥。",
        "ru": "Этот клиент уже создан при первой отправке формы: его секрет был показан тогда, один раз. Если он не сохранён, смените секрет.",
        "ur": "یہ کلائنٹ فارم پہلی بار بھیجنے پر ہی بن چکا ہے: اس کی خفیہ کلید تب ایک بار دکھائی گئی تھی۔ اگر محفوظ نہیں کی تو خفیہ کلید بدلیں۔",
    },
    "The secret was rotated already, when the form was first sent: the new secret was shown then, once. If it was not kept, rotate it again.": {
        "zh": "密钥已在首次提交表单时轮换：新密钥当时已显示且仅显示一次。如未保存，请再次轮换。",
        "ru": "Секрет уже сменён при первой отправке формы: новый секрет был показан тогда, один раз. Если он не сохранён, смените его ещё раз.",
        "ur": "خفیہ کلید فارم پہلی بار بھیجنے پر ہی بدل دی گئی تھی: نئی کلید تب ایک بار دکھائی گئی تھی۔ اگر محفوظ نہیں کی تو اسے دوبارہ بدلیں۔",
    },
    "This client is revoked: make a new one.": {
        "zh": "该客户端已吊销：请创建新的客户端。",
        "ru": "Этот клиент отозван: создайте нового.",
        "ur": "یہ کلائنٹ منسوخ ہو چکا ہے: نیا بنائیں۔",
    },
    "Your account has {limit} active clients, the most it may: revoke one first.": {
        "zh": "贵账户已有 {limit} 个有效客户端，已达上限：请先吊销一个。",
        "ru": "У вашей учётной записи {limit} действующих клиентов — это максимум: сначала отзовите одного.",
        "ur": "آپ کے اکاؤنٹ کے {limit} فعال کلائنٹ ہیں، جو زیادہ سے زیادہ حد ہے: پہلے ایک منسوخ کریں۔",
    },
    "Your systems' client ids and secrets (machine credentials)": {
        "zh": "贵校系统的客户端 ID 和密钥（系统凭据）",
        "ru": "Идентификаторы и секреты клиентов ваших систем (учётные данные систем)",
        "ur": "آپ کے نظاموں کی کلائنٹ آئی ڈیز اور خفیہ کلیدیں (نظام کی اسناد)",
    },
}
