"""The portal's words for the partner systems pages (views/webhooks.py, templates/webhooks/,
domain/webhooks.py) in Chinese, Russian and Urdu (English is the key; the "webhook-event:"
and "delivery:" values carry "en" too)."""

from __future__ import annotations

WEBHOOK_WORDS: dict[str, dict[str, str]] = {
    "No connection could be made, or it was cut before an answer: check that the address is right and that the endpoint is running and reachable from the internet.": {
        "zh": "无法建立连接，或连接在应答前中断：请检查地址是否正确，以及接收端点是否正在运行并可从互联网访问。",
        "ru": "Соединение не установлено или оборвалось до ответа: проверьте, что адрес верен, а адрес приёма работает и доступен из интернета.",
        "ur": "رابطہ نہیں ہو سکا، یا جواب سے پہلے ٹوٹ گیا: دیکھیں کہ پتہ درست ہے اور اینڈپوائنٹ چل رہا ہے اور انٹرنیٹ سے قابلِ رسائی ہے۔",
    },
    "The address was refused before sending: it is not on the public internet, or not on port 443.": {
        "zh": "该地址在发送前被拒绝：它不在公共互联网上，或不是 443 端口。",
        "ru": "Адрес отклонён до отправки: он не в публичном интернете или не на порту 443.",
        "ur": "بھیجنے سے پہلے پتہ مسترد کر دیا گیا: یہ عوامی انٹرنیٹ پر نہیں، یا پورٹ 443 پر نہیں۔",
    },
    "This endpoint was added already, when the form was first sent: its secret was shown then, once. If it was not kept, rotate the secret.": {
        "zh": "该接收端点已在首次提交表单时添加：其密钥当时已显示且仅显示一次。如未保存，请轮换密钥。",
        "ru": "Этот адрес приёма уже добавлен при первой отправке формы: его секрет был показан тогда, один раз. Если он не сохранён, смените секрет.",
        "ur": "یہ اینڈپوائنٹ فارم پہلی بار بھیجنے پر ہی شامل ہو چکا ہے: اس کی خفیہ کلید تب ایک بار دکھائی گئی تھی۔ اگر محفوظ نہیں کیا تو خفیہ کلید بدلیں۔",
    },
    # the event types a partner's endpoint may ask for, and the test event
    "webhook-event:application.submitted": {
        "en": "Application submitted",
        "zh": "申请已提交",
        "ru": "Заявка подана",
        "ur": "درخواست جمع ہوئی",
    },
    "webhook-event:application.updated": {
        "en": "Application changed",
        "zh": "申请已更新",
        "ru": "Заявка изменена",
        "ur": "درخواست میں تبدیلی",
    },
    "webhook-event:application.withdrawn": {
        "en": "Application withdrawn",
        "zh": "申请已撤回",
        "ru": "Заявка отозвана",
        "ur": "درخواست واپس لے لی گئی",
    },
    "webhook-event:application.offered": {
        "en": "Place offered",
        "zh": "已提供名额",
        "ru": "Предложено место",
        "ur": "نشست کی پیشکش",
    },
    "webhook-event:application.confirmed": {
        "en": "Place accepted",
        "zh": "名额已接受",
        "ru": "Место принято",
        "ur": "نشست قبول کر لی گئی",
    },
    "webhook-event:application.declined": {
        "en": "Place declined",
        "zh": "名额被拒绝",
        "ru": "От места отказались",
        "ur": "نشست مسترد کر دی گئی",
    },
    "webhook-event:application.waitlisted": {
        "en": "On a waiting list",
        "zh": "列入候补名单",
        "ru": "В листе ожидания",
        "ur": "انتظار کی فہرست میں",
    },
    "webhook-event:application.unmatched": {
        "en": "No place in the round",
        "zh": "本轮未获名额",
        "ru": "Нет места в раунде",
        "ur": "مرحلے میں نشست نہیں ملی",
    },
    "webhook-event:admission.requested": {
        "en": "Admission decision asked for",
        "zh": "请求作出录取决定",
        "ru": "Запрошено решение о зачислении",
        "ur": "داخلے کا فیصلہ مطلوب",
    },
    "webhook-event:admission.decided": {
        "en": "Admission decided",
        "zh": "已作出录取决定",
        "ru": "Решение о зачислении принято",
        "ur": "داخلے کا فیصلہ ہو گیا",
    },
    "webhook-event:webhook.ping": {
        "en": "Test event",
        "zh": "测试事件",
        "ru": "Тестовое событие",
        "ur": "آزمائشی ایونٹ",
    },
    # a delivery's state
    "delivery:dead": {"en": "Failed for good", "zh": "最终失败", "ru": "Не доставлено", "ur": "حتمی طور پر ناکام"},
    "delivery:pending": {
        "en": "Waiting to be sent",
        "zh": "等待发送",
        "ru": "Ожидает отправки",
        "ur": "بھیجے جانے کی منتظر",
    },
    # a pending delivery that failed before: tried again on the schedule
    "delivery:retrying": {
        "en": "Being retried",
        "zh": "正在重试",
        "ru": "Повторяется",
        "ur": "دوبارہ کوشش جاری",
    },
    "Failed attempts": {"zh": "失败次数", "ru": "Неудачных попыток", "ur": "ناکام کوششیں"},
    "Last error": {"zh": "最近一次错误", "ru": "Последняя ошибка", "ur": "آخری خرابی"},
    "delivery:sending": {"en": "Being sent", "zh": "发送中", "ru": "Отправляется", "ur": "بھیجی جا رہی ہے"},
    "delivery:delivered": {"en": "Delivered", "zh": "已送达", "ru": "Доставлено", "ur": "پہنچ گئی"},
    "delivery:cancelled": {"en": "Cancelled", "zh": "已取消", "ru": "Отменено", "ur": "منسوخ"},
    # the list and the form
    "Partner systems": {"zh": "合作方系统", "ru": "Системы партнёров", "ur": "شراکت دار نظام"},
    "Your institution's systems can be told about its applicants as things happen: Corridor sends each event, signed, to the endpoints below.": {
        "zh": "贵校的系统可以实时获知其申请人的动态：Corridor 会将每个事件签名后发送到下列接收端点。",
        "ru": "Системы вашего вуза могут узнавать о его заявителях сразу: Corridor отправляет каждое событие с подписью на адреса приёма ниже.",
        "ur": "آپ کے ادارے کے نظام اس کے درخواست گزاروں کی خبر فوراً پا سکتے ہیں: Corridor ہر ایونٹ دستخط کے ساتھ نیچے دیے گئے اینڈپوائنٹس پر بھیجتا ہے۔",
    },
    # an admin has no institution of its own: the intro speaks of the hosts'
    "Host institutions' systems can be told about their applicants as things happen: Corridor sends each event, signed, to the endpoints below. As an admin you see and manage every institution's.": {
        "zh": "接收院校的系统可以实时获知其申请人的动态：Corridor 会将每个事件签名后发送到下列接收端点。作为管理员，您可以查看和管理所有院校的端点。",
        "ru": "Системы принимающих вузов могут узнавать о своих заявителях сразу: Corridor отправляет каждое событие с подписью на адреса приёма ниже. Как администратор, вы видите адреса всех вузов и управляете ими.",
        "ur": "میزبان اداروں کے نظام اپنے درخواست گزاروں کی خبر فوراً پا سکتے ہیں: Corridor ہر ایونٹ دستخط کے ساتھ نیچے دیے گئے اینڈپوائنٹس پر بھیجتا ہے۔ منتظم کے طور پر آپ تمام اداروں کے اینڈپوائنٹس دیکھ اور سنبھال سکتے ہیں۔",
    },
    "Add an endpoint": {"zh": "添加接收端点", "ru": "Добавить адрес приёма", "ur": "اینڈپوائنٹ شامل کریں"},
    "Add the endpoint": {"zh": "添加", "ru": "Добавить", "ur": "اینڈپوائنٹ شامل کریں"},
    "Deliveries that failed": {"zh": "失败的推送", "ru": "Недоставленные события", "ur": "ناکام ترسیلات"},
    "All deliveries": {"zh": "全部推送", "ru": "Все доставки", "ur": "تمام ترسیلات"},
    "Deliveries": {"zh": "推送记录", "ru": "Доставки", "ur": "ترسیلات"},
    "Endpoints": {"zh": "接收端点", "ru": "Адреса приёма", "ur": "اینڈپوائنٹس"},
    "Endpoint": {"zh": "接收端点", "ru": "Адрес приёма", "ur": "اینڈپوائنٹ"},
    "Events": {"zh": "事件", "ru": "События", "ur": "ایونٹس"},
    "Event": {"zh": "事件", "ru": "Событие", "ur": "ایونٹ"},
    "All events": {"zh": "全部事件", "ru": "Все события", "ur": "تمام ایونٹس"},
    "Added": {"zh": "添加时间", "ru": "Добавлен", "ur": "شامل کیا گیا"},
    "stopped": {"zh": "已停止", "ru": "остановлен", "ur": "بند"},
    "No endpoint yet.": {
        "zh": "尚无接收端点。",
        "ru": "Адресов приёма пока нет.",
        "ur": "ابھی کوئی اینڈپوائنٹ نہیں۔",
    },
    "The previous secret signs too until {moment}.": {
        "zh": "旧密钥在 {moment} 之前仍会签名。",
        "ru": "Прежний секрет тоже подписывает до {moment}.",
        "ur": "پچھلی خفیہ کلید بھی {moment} تک دستخط کرتی رہے گی۔",
    },
    "Address of the endpoint": {"zh": "接收端点地址", "ru": "Адрес приёма", "ur": "اینڈپوائنٹ کا پتہ"},
    "An https:// address on the public internet (port 443), for example https://example.edu/corridor/webhooks.": {
        "zh": "公网上的 https:// 地址（端口 443），例如 https://example.edu/corridor/webhooks。",
        "ru": "Адрес https:// в публичном интернете (порт 443), например https://example.edu/corridor/webhooks.",
        "ur": "عوامی انٹرنیٹ پر https:// پتہ (پورٹ 443)، مثلاً https://example.edu/corridor/webhooks۔",
    },
    "None chosen: every event, including those added later.": {
        "zh": "不选：接收全部事件，包括以后新增的事件。",
        "ru": "Ничего не выбрано: все события, в том числе добавленные позже.",
        "ur": "کوئی منتخب نہیں: تمام ایونٹس، بعد میں شامل ہونے والے بھی۔",
    },
    "Description (optional)": {"zh": "说明（选填）", "ru": "Описание (необязательно)", "ur": "تفصیل (اختیاری)"},
    "Description": {"zh": "说明", "ru": "Описание", "ur": "تفصیل"},
    "For your own records, such as the system that receives the events.": {
        "zh": "供您自己备查，例如接收事件的系统名称。",
        "ru": "Для ваших записей, например система, которая принимает события.",
        "ur": "آپ کے اپنے ریکارڈ کے لیے، مثلاً وہ نظام جو ایونٹس وصول کرتا ہے۔",
    },
    "Your account acts for no institution: ask an admin to add yours.": {
        "zh": "您的账户未关联任何院校：请联系管理员添加贵校。",
        "ru": "Ваша учётная запись не связана ни с одним вузом: попросите администратора добавить ваш.",
        "ur": "آپ کا اکاؤنٹ کسی ادارے کی نمائندگی نہیں کرتا: ایڈمن سے اپنا ادارہ شامل کرنے کو کہیں۔",
    },
    # the form's checks and the service's refusals
    "Enter the endpoint's address.": {
        "zh": "请输入接收端点地址。",
        "ru": "Введите адрес приёма.",
        "ur": "اینڈپوائنٹ کا پتہ درج کریں۔",
    },
    "The address is at most 2000 characters.": {
        "zh": "地址最多 2000 个字符。",
        "ru": "Адрес — не более 2000 символов.",
        "ur": "پتہ زیادہ سے زیادہ 2000 حروف کا ہو سکتا ہے۔",
    },
    "The address must start with https://: events are only sent encrypted.": {
        "zh": "地址必须以 https:// 开头：事件只以加密方式发送。",
        "ru": "Адрес должен начинаться с https://: события отправляются только в зашифрованном виде.",
        "ur": "پتہ https:// سے شروع ہونا چاہیے: ایونٹس صرف خفیہ (encrypted) طریقے سے بھیجے جاتے ہیں۔",
    },
    "This institution is not in the catalog (or not yet known to the notifications service): choose one from the list, or add it under Institutions first.": {
        "zh": "该院校不在目录中（或通知服务尚未获知）：请从列表中选择，或先在“院校”中添加。",
        "ru": "Этого вуза нет в каталоге (или служба уведомлений ещё не знает о нём): выберите вуз из списка или сначала добавьте его в разделе «Вузы».",
        "ur": "یہ ادارہ کیٹلاگ میں نہیں (یا اطلاعات کی سروس کو ابھی معلوم نہیں): فہرست میں سے منتخب کریں، یا پہلے اسے اداروں میں شامل کریں۔",
    },
    "Choose the institution the endpoint is for.": {
        "zh": "请选择该接收端点所属的院校。",
        "ru": "Выберите вуз, для которого этот адрес приёма.",
        "ur": "وہ ادارہ منتخب کریں جس کے لیے یہ اینڈپوائنٹ ہے۔",
    },
    "The description is at most 300 characters.": {
        "zh": "说明最多 300 个字符。",
        "ru": "Описание — не более 300 символов.",
        "ur": "تفصیل زیادہ سے زیادہ 300 حروف کی ہو سکتی ہے۔",
    },
    "The reason is at most 2000 characters.": {
        "zh": "原因最多 2000 个字符。",
        "ru": "Причина — не более 2000 символов.",
        "ur": "وجہ زیادہ سے زیادہ 2000 حروف کی ہو سکتی ہے۔",
    },
    "Enter the endpoint's full address, such as https://example.edu/corridor/webhooks.": {
        "zh": "请输入接收端点的完整地址，例如 https://example.edu/corridor/webhooks。",
        "ru": "Введите полный адрес приёма, например https://example.edu/corridor/webhooks.",
        "ur": "اینڈپوائنٹ کا پورا پتہ درج کریں، مثلاً https://example.edu/corridor/webhooks۔",
    },
    "Leave the user name and password out of the address: the signature tells your system the event is from Corridor.": {
        "zh": "地址中不要包含用户名和密码：签名即可让您的系统确认事件来自 Corridor。",
        "ru": "Уберите из адреса имя пользователя и пароль: подпись подтверждает вашей системе, что событие от Corridor.",
        "ur": "پتے سے صارف نام اور پاس ورڈ نکال دیں: دستخط آپ کے نظام کو بتاتا ہے کہ ایونٹ Corridor سے ہے۔",
    },
    "A numeric host must be a plain IPv4 address such as 203.0.113.10; better, use the endpoint's domain name.": {
        "zh": "数字形式的主机必须是普通的 IPv4 地址，例如 203.0.113.10；最好使用接收端点的域名。",
        "ru": "Числовой адрес хоста должен быть обычным адресом IPv4, например 203.0.113.10; лучше укажите доменное имя.",
        "ur": "عددی ہوسٹ سادہ IPv4 پتہ ہونا چاہیے، مثلاً 203.0.113.10؛ بہتر ہے کہ اینڈپوائنٹ کا ڈومین نام استعمال کریں۔",
    },
    "This address is not on the public internet (a local, private or reserved address): Corridor cannot send events to it.": {
        "zh": "该地址不在公网上（本地、私有或保留地址）：Corridor 无法向其发送事件。",
        "ru": "Этот адрес не в публичном интернете (локальный, частный или зарезервированный): Corridor не может отправлять на него события.",
        "ur": "یہ پتہ عوامی انٹرنیٹ پر نہیں (مقامی، نجی یا مخصوص پتہ): Corridor اس پر ایونٹس نہیں بھیج سکتا۔",
    },
    "Use the standard https port (443): other ports are not allowed.": {
        "zh": "请使用标准 https 端口（443）：不允许使用其他端口。",
        "ru": "Используйте стандартный порт https (443): другие порты не разрешены.",
        "ur": "معیاری https پورٹ (443) استعمال کریں: دوسری پورٹس کی اجازت نہیں۔",
    },
    "This host name could not be found. Check the address.": {
        "zh": "找不到该主机名。请检查地址。",
        "ru": "Такое имя хоста не найдено. Проверьте адрес.",
        "ur": "یہ ہوسٹ نام نہیں ملا۔ پتہ جانچ لیں۔",
    },
    "You do not act for this institution.": {
        "zh": "您不代表该院校。",
        "ru": "Вы не представляете этот вуз.",
        "ur": "آپ اس ادارے کی نمائندگی نہیں کرتے۔",
    },
    "There is no such endpoint.": {
        "zh": "没有该接收端点。",
        "ru": "Такого адреса приёма нет.",
        "ur": "ایسا کوئی اینڈپوائنٹ نہیں۔",
    },
    "This endpoint has been stopped.": {
        "zh": "该接收端点已停止。",
        "ru": "Этот адрес приёма остановлен.",
        "ur": "یہ اینڈپوائنٹ بند کر دیا گیا ہے۔",
    },
    "Five secrets already sign while their overlaps run: wait for the earliest to end, or rotate with no overlap to end every previous secret now.": {
        "zh": "已有五个密钥在各自的过渡期内签名：请等最早的过渡期结束，或选择“无过渡期”轮换，立即停用所有旧密钥。",
        "ru": "Уже пять секретов подписывают, пока идут их периоды перекрытия: дождитесь окончания самого раннего или смените секрет без перекрытия, чтобы сразу прекратить действие всех прежних.",
        "ur": "پانچ خفیہ کلیدیں پہلے ہی اپنی مہلت کے دوران دستخط کر رہی ہیں: سب سے پہلی کی مہلت ختم ہونے کا انتظار کریں، یا بغیر مہلت کے کلید بدلیں تاکہ تمام پچھلی کلیدیں ابھی ختم ہو جائیں۔",
    },
    "The overlap is at most 7 days.": {
        "zh": "过渡期最长 7 天。",
        "ru": "Перекрытие — не более 7 дней.",
        "ur": "مہلت زیادہ سے زیادہ 7 دن ہے۔",
    },
    "Only a delivery that failed for good can be tried again.": {
        "zh": "只有最终失败的推送才能重试。",
        "ru": "Повторить можно только окончательно не доставленное событие.",
        "ur": "صرف حتمی طور پر ناکام ترسیل دوبارہ آزمائی جا سکتی ہے۔",
    },
    "Its endpoint has been stopped: this delivery cannot be tried again.": {
        "zh": "其接收端点已停止：该推送无法重试。",
        "ru": "Его адрес приёма остановлен: эту доставку нельзя повторить.",
        "ur": "اس کا اینڈپوائنٹ بند کر دیا گیا ہے: یہ ترسیل دوبارہ نہیں آزمائی جا سکتی۔",
    },
    # the secret, shown once
    "The endpoint was added": {"zh": "接收端点已添加", "ru": "Адрес приёма добавлен", "ur": "اینڈپوائنٹ شامل ہو گیا"},
    "The secret was rotated": {"zh": "密钥已轮换", "ru": "Секрет заменён", "ur": "خفیہ کلید بدل دی گئی"},
    "The signing secret": {"zh": "签名密钥", "ru": "Секрет подписи", "ur": "دستخطی خفیہ کلید"},
    "Copy it now and keep it in your system's settings: it will not be shown again.": {
        "zh": "请立即复制并保存在贵方系统的设置中：它不会再次显示。",
        "ru": "Скопируйте его сейчас и сохраните в настройках вашей системы: он больше не будет показан.",
        "ur": "اسے ابھی کاپی کر کے اپنے نظام کی ترتیبات میں محفوظ کریں: یہ دوبارہ نہیں دکھائی جائے گی۔",
    },
    "The previous secret signs too until {moment}: change your system's settings before then.": {
        "zh": "旧密钥在 {moment} 之前仍会签名：请在此之前更新贵方系统的设置。",
        "ru": "Прежний секрет тоже подписывает до {moment}: измените настройки вашей системы до этого времени.",
        "ur": "پچھلی خفیہ کلید بھی {moment} تک دستخط کرتی رہے گی: اس سے پہلے اپنے نظام کی ترتیبات بدل لیں۔",
    },
    "The previous secret no longer signs.": {
        "zh": "旧密钥已不再签名。",
        "ru": "Прежний секрет больше не подписывает.",
        "ur": "پچھلی خفیہ کلید اب دستخط نہیں کرتی۔",
    },
    "Verifying the signature": {"zh": "验证签名", "ru": "Проверка подписи", "ur": "دستخط کی تصدیق"},
    "Each event comes as a POST with three headers, as the Standard Webhooks specification describes: webhook-id, webhook-timestamp and webhook-signature. Compute an HMAC-SHA256 of “webhook-id.webhook-timestamp.body” with this secret (the part after whsec_, decoded from base64) and compare its base64 with each v1 signature in webhook-signature; refuse an event whose timestamp is more than five minutes old. During a rotation the header carries a signature for each secret that signs.": {
        "zh": "每个事件以 POST 请求发送，并带有 Standard Webhooks 规范规定的三个请求头：webhook-id、webhook-timestamp 和 webhook-signature。请用此密钥（whsec_ 之后的部分，经 base64 解码）对“webhook-id.webhook-timestamp.body”计算 HMAC-SHA256，并将其 base64 结果与 webhook-signature 中的每个 v1 签名比对；时间戳早于五分钟的事件应予拒绝。密钥轮换期间，该请求头包含每个有效密钥的签名。",
        "ru": "Каждое событие приходит запросом POST с тремя заголовками по спецификации Standard Webhooks: webhook-id, webhook-timestamp и webhook-signature. Вычислите HMAC-SHA256 от «webhook-id.webhook-timestamp.body» с этим секретом (часть после whsec_, декодированная из base64) и сравните её base64 с каждой подписью v1 в webhook-signature; отклоняйте событие, метка времени которого старше пяти минут. Во время смены секрета заголовок содержит подпись каждым действующим секретом.",
        "ur": "ہر ایونٹ Standard Webhooks کی وضاحت کے مطابق تین ہیڈرز کے ساتھ POST کی صورت میں آتا ہے: webhook-id، webhook-timestamp اور webhook-signature۔ اس خفیہ کلید (whsec_ کے بعد کا حصہ، base64 سے ڈی کوڈ شدہ) سے “webhook-id.webhook-timestamp.body” کا HMAC-SHA256 نکالیں اور اس کا base64 webhook-signature میں ہر v1 دستخط سے ملائیں؛ جس ایونٹ کا ٹائم اسٹیمپ پانچ منٹ سے پرانا ہو اسے رد کریں۔ کلید بدلنے کے دوران ہیڈر میں ہر فعال کلید کا دستخط ہوتا ہے۔",
    },
    "The Standard Webhooks specification and its libraries": {
        "zh": "Standard Webhooks 规范及其程序库",
        "ru": "Спецификация Standard Webhooks и её библиотеки",
        "ur": "Standard Webhooks کی وضاحت اور اس کی لائبریریاں",
    },
    "To the endpoint: send a test event": {
        "zh": "前往接收端点：发送测试事件",
        "ru": "К адресу приёма: отправить тестовое событие",
        "ur": "اینڈپوائنٹ پر جائیں: آزمائشی ایونٹ بھیجیں",
    },
    "Back to the endpoints": {"zh": "返回接收端点列表", "ru": "К адресам приёма", "ur": "اینڈپوائنٹس پر واپس"},
    # one endpoint: the test event, rotation, stop
    "Previous secret": {"zh": "旧密钥", "ru": "Прежний секрет", "ur": "پچھلی خفیہ کلید"},
    "The test event was delivered.": {
        "zh": "测试事件已送达。",
        "ru": "Тестовое событие доставлено.",
        "ur": "آزمائشی ایونٹ پہنچ گیا۔",
    },
    "The test event was not delivered.": {
        "zh": "测试事件未能送达。",
        "ru": "Тестовое событие не доставлено.",
        "ur": "آزمائشی ایونٹ نہیں پہنچا۔",
    },
    "Your endpoint answered HTTP {code}.": {
        "zh": "您的接收端点返回了 HTTP {code}。",
        "ru": "Ваш адрес приёма ответил HTTP {code}.",
        "ur": "آپ کے اینڈپوائنٹ نے HTTP {code} جواب دیا۔",
    },
    "Your endpoint gave no HTTP answer.": {
        "zh": "您的接收端点没有返回 HTTP 响应。",
        "ru": "Ваш адрес приёма не дал ответа HTTP.",
        "ur": "آپ کے اینڈپوائنٹ نے کوئی HTTP جواب نہیں دیا۔",
    },
    "What went wrong": {"zh": "问题所在", "ru": "Что пошло не так", "ur": "کیا غلط ہوا"},
    "Its webhook-id": {"zh": "其 webhook-id", "ru": "Его webhook-id", "ur": "اس کی webhook-id"},
    "Send a test event": {"zh": "发送测试事件", "ru": "Отправить тестовое событие", "ur": "آزمائشی ایونٹ بھیجیں"},
    "Rotate the secret": {"zh": "轮换密钥", "ru": "Сменить секрет", "ur": "خفیہ کلید بدلیں"},
    "Stop": {"zh": "停止", "ru": "Остановить", "ur": "بند کریں"},
    "A test event (webhook.ping) is signed as every event is, sent now and not tried again.": {
        "zh": "测试事件（webhook.ping）与其他事件一样签名，立即发送，失败不重试。",
        "ru": "Тестовое событие (webhook.ping) подписывается как любое событие, отправляется сразу и не повторяется.",
        "ur": "آزمائشی ایونٹ (webhook.ping) ہر ایونٹ کی طرح دستخط شدہ ہوتا ہے، ابھی بھیجا جاتا ہے اور دوبارہ نہیں آزمایا جاتا۔",
    },
    "This endpoint is stopped: no events are sent to it. Add a new endpoint to receive them again (it gets a new secret).": {
        "zh": "该接收端点已停止：不再向其发送事件。如需再次接收，请添加新的接收端点（将获得新密钥）。",
        "ru": "Этот адрес приёма остановлен: события на него не отправляются. Чтобы снова получать их, добавьте новый адрес (он получит новый секрет).",
        "ur": "یہ اینڈپوائنٹ بند ہے: اس پر کوئی ایونٹ نہیں بھیجا جاتا۔ دوبارہ وصول کرنے کے لیے نیا اینڈپوائنٹ شامل کریں (اسے نئی خفیہ کلید ملے گی)۔",
    },
    "Rotate the secret?": {"zh": "轮换密钥？", "ru": "Сменить секрет?", "ur": "خفیہ کلید بدلیں؟"},
    "A new secret signs every event from now on; it is shown once, on the next page. The previous secret goes on signing too for the overlap you choose, so that your system can change over without refusing events.": {
        "zh": "从现在起，每个事件都由新密钥签名；新密钥只在下一页显示一次。旧密钥在您选择的过渡期内继续签名，以便贵方系统切换时不会拒收事件。",
        "ru": "С этого момента каждое событие подписывается новым секретом; он показывается один раз, на следующей странице. Прежний секрет продолжает подписывать в течение выбранного перекрытия, чтобы ваша система перешла на новый, не отклоняя события.",
        "ur": "اب سے ہر ایونٹ پر نئی خفیہ کلید دستخط کرے گی؛ یہ اگلے صفحے پر ایک بار دکھائی جائے گی۔ پچھلی کلید آپ کی منتخب کردہ مہلت تک دستخط کرتی رہے گی، تاکہ آپ کا نظام ایونٹس رد کیے بغیر نئی کلید پر منتقل ہو سکے۔",
    },
    "The previous secret signs too for": {
        "zh": "旧密钥继续签名的时长",
        "ru": "Прежний секрет тоже подписывает в течение",
        "ur": "پچھلی خفیہ کلید مزید دستخط کرے گی",
    },
    "No overlap: the previous secret stops signing now": {
        "zh": "无过渡期：旧密钥立即停止签名",
        "ru": "Без перекрытия: прежний секрет перестаёт подписывать сразу",
        "ur": "کوئی مہلت نہیں: پچھلی کلید ابھی دستخط کرنا بند کر دے گی",
    },
    "1 hour": {"zh": "1 小时", "ru": "1 час", "ur": "1 گھنٹہ"},
    "24 hours": {"zh": "24 小时", "ru": "24 часа", "ur": "24 گھنٹے"},
    "3 days": {"zh": "3 天", "ru": "3 дня", "ur": "3 دن"},
    "7 days": {"zh": "7 天", "ru": "7 дней", "ur": "7 دن"},
    "Why (optional, kept in the audit journal)": {
        "zh": "原因（选填，记入审计日志）",
        "ru": "Причина (необязательно, сохраняется в журнале аудита)",
        "ur": "وجہ (اختیاری، آڈٹ جرنل میں محفوظ رہے گی)",
    },
    "Yes, rotate the secret": {"zh": "是，轮换密钥", "ru": "Да, сменить секрет", "ur": "ہاں، خفیہ کلید بدلیں"},
    "Stop the endpoint?": {"zh": "停止该接收端点？", "ru": "Остановить адрес приёма?", "ur": "اینڈپوائنٹ بند کریں؟"},
    "No more events are sent to it, and deliveries still waiting are cancelled. A stop is final: to receive events again, add an endpoint (it gets a new secret).": {
        "zh": "将不再向其发送事件，尚在等待的推送将被取消。停止后无法恢复：如需再次接收事件，请添加接收端点（将获得新密钥）。",
        "ru": "События на него больше не отправляются, ожидающие доставки отменяются. Остановка окончательна: чтобы снова получать события, добавьте адрес приёма (он получит новый секрет).",
        "ur": "اس پر مزید ایونٹس نہیں بھیجے جائیں گے، اور منتظر ترسیلات منسوخ ہو جائیں گی۔ بند کرنا حتمی ہے: دوبارہ ایونٹس وصول کرنے کے لیے نیا اینڈپوائنٹ شامل کریں (اسے نئی خفیہ کلید ملے گی)۔",
    },
    "Yes, stop the endpoint": {"zh": "是，停止该接收端点", "ru": "Да, остановить", "ur": "ہاں، اینڈپوائنٹ بند کریں"},
    "The endpoint was stopped: no more events are sent to it.": {
        "zh": "接收端点已停止：不再向其发送事件。",
        "ru": "Адрес приёма остановлен: события на него больше не отправляются.",
        "ur": "اینڈپوائنٹ بند کر دیا گیا: اس پر مزید ایونٹس نہیں بھیجے جائیں گے۔",
    },
    # deliveries
    "Each event sent to an endpoint, tried again for a while when it fails. One that failed for good can be tried again once your endpoint works.": {
        "zh": "发送到接收端点的每个事件；发送失败时会在一段时间内自动重试。最终失败的推送可在接收端点恢复后重试。",
        "ru": "Каждое событие, отправленное на адрес приёма; при сбое отправка какое-то время повторяется. Окончательно не доставленное можно отправить снова, когда ваш адрес заработает.",
        "ur": "اینڈپوائنٹ پر بھیجا گیا ہر ایونٹ؛ ناکامی پر کچھ دیر تک دوبارہ کوشش ہوتی ہے۔ حتمی طور پر ناکام ترسیل اینڈپوائنٹ ٹھیک ہونے کے بعد دوبارہ آزمائی جا سکتی ہے۔",
    },
    "Status of the delivery": {"zh": "推送状态", "ru": "Состояние доставки", "ur": "ترسیل کی حیثیت"},
    "Attempts": {"zh": "尝试次数", "ru": "Попытки", "ur": "کوششیں"},
    "Last answer": {"zh": "最近一次响应", "ru": "Последний ответ", "ur": "آخری جواب"},
    "Times": {"zh": "时间", "ru": "Время", "ur": "اوقات"},
    "HTTP {code}": {"zh": "HTTP {code}", "ru": "HTTP {code}", "ur": "HTTP {code}"},
    "Created": {"zh": "创建", "ru": "Создано", "ur": "بنائی گئی"},
    "Delivered": {"zh": "送达", "ru": "Доставлено", "ur": "پہنچی"},
    "Next attempt": {"zh": "下次尝试", "ru": "Следующая попытка", "ur": "اگلی کوشش"},
    "Try again": {"zh": "重试", "ru": "Повторить", "ur": "دوبارہ کوشش کریں"},
    "No deliveries here.": {"zh": "此处没有推送记录。", "ru": "Здесь доставок нет.", "ur": "یہاں کوئی ترسیل نہیں۔"},
    "The delivery will be tried again in a moment.": {
        "zh": "该推送将很快重试。",
        "ru": "Доставка будет повторена через несколько секунд.",
        "ur": "یہ ترسیل کچھ ہی دیر میں دوبارہ آزمائی جائے گی۔",
    },
    "The delivery could not be tried again: {reason}": {
        "zh": "该推送无法重试：{reason}",
        "ru": "Доставку не удалось повторить: {reason}",
        "ur": "ترسیل دوبارہ نہیں آزمائی جا سکی: {reason}",
    },
}
