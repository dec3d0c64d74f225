"""The officer's catalog pages, a cycle's programmes (list, new, changed, removed), in Chinese, Russian and Urdu (English is the key)."""

from __future__ import annotations

PROGRAMME_FORM_WORDS: dict[str, dict[str, str]] = {
    # the list
    "Add a programme": {"zh": "添加项目", "ru": "Добавить программу", "ur": "پروگرام شامل کریں"},
    "Change": {"zh": "修改", "ru": "Изменить", "ur": "تبدیل کریں"},
    "Change {title}": {"zh": "修改：{title}", "ru": "Изменить: {title}", "ur": "تبدیل کریں: {title}"},
    "Applicants from abroad only": {
        "zh": "仅限国外申请人",
        "ru": "Только заявители из-за рубежа",
        "ur": "صرف بیرونِ ملک کے درخواست دہندگان",
    },
    # the form
    "New programme": {"zh": "新建项目", "ru": "Новая программа", "ur": "نیا پروگرام"},
    "Change the programme": {"zh": "修改项目", "ru": "Изменить программу", "ur": "پروگرام میں تبدیلی"},
    "Programme id": {"zh": "项目标识", "ru": "Идентификатор программы", "ur": "پروگرام کی شناخت"},
    "Title": {"zh": "名称", "ru": "Название", "ur": "عنوان"},
    "As typed here it is shown to readers whose language has no title below.": {
        "zh": "如下方没有读者所用语言的名称，则按此处填写的显示。",
        "ru": "В таком виде его видят читатели, для языка которых ниже нет названия.",
        "ur": "جن پڑھنے والوں کی زبان میں نیچے عنوان نہیں، انہیں یہ اسی طرح دکھایا جاتا ہے۔",
    },
    "Title in Chinese (optional)": {
        "zh": "中文名称（可选）",
        "ru": "Название на китайском (необязательно)",
        "ur": "چینی میں عنوان (اختیاری)",
    },
    "Title in Russian (optional)": {
        "zh": "俄文名称（可选）",
        "ru": "Название на русском (необязательно)",
        "ur": "روسی میں عنوان (اختیاری)",
    },
    "Title in Urdu (optional)": {
        "zh": "乌尔都文名称（可选）",
        "ru": "Название на урду (необязательно)",
        "ur": "اردو میں عنوان (اختیاری)",
    },
    "2 to 64 lowercase Latin letters, digits, dots, hyphens or underscores, starting with a letter or digit. It is part of the programme's addresses and cannot change later. Left empty, one is made from the title.": {
        "zh": "2 至 64 个小写拉丁字母、数字、点、连字符或下划线，以字母或数字开头。它是项目网址的一部分，之后不能更改。留空则根据名称生成。",
        "ru": "От 2 до 64 строчных латинских букв, цифр, точек, дефисов или подчёркиваний, первым — буква или цифра. Он входит в адреса программы и потом не меняется. Если оставить поле пустым, идентификатор будет составлен из названия.",
        "ur": "2 سے 64 چھوٹے لاطینی حروف، ہندسے، نقطے، ہائفن یا انڈر اسکور، شروع میں حرف یا ہندسہ۔ یہ پروگرام کے پتوں کا حصہ ہے اور بعد میں بدلی نہیں جا سکتی۔ خالی چھوڑنے پر یہ عنوان سے بنا دی جاتی ہے۔",
    },
    "Field of study": {"zh": "专业领域", "ru": "Направление подготовки", "ur": "تعلیمی شعبہ"},
    "A short key in English, such as medicine or rail-transport: the portal words the keys it knows in each reader's language.": {
        "zh": "用英文填写的简短关键词，例如 medicine 或 rail-transport：门户会把已知的关键词译成各读者的语言显示。",
        "ru": "Короткий ключ на английском, например medicine или rail-transport: известные ему ключи портал показывает на языке читателя.",
        "ur": "انگریزی میں ایک مختصر کلید، جیسے \u2066medicine\u2069 یا \u2066rail-transport\u2069: پورٹل اپنی جانی پہچانی کلیدیں ہر پڑھنے والے کی زبان میں دکھاتا ہے۔",
    },
    "Minimum normalised grade (0–100, optional)": {
        "zh": "最低标准化成绩（0–100，可选）",
        "ru": "Минимальный нормированный средний балл (0–100, необязательно)",
        "ur": "کم از کم معیاری نمبر (0–100، اختیاری)",
    },
    "Language certificate": {"zh": "语言证书", "ru": "Языковой сертификат", "ur": "زبان کا سرٹیفکیٹ"},
    "Minimum level or score of the certificate": {
        "zh": "证书最低等级或分数",
        "ru": "Минимальный уровень или балл сертификата",
        "ur": "سرٹیفکیٹ کی کم از کم سطح یا اسکور",
    },
    "For example 4 for HSK 4, or 6.5 for IELTS 6.5.": {
        "zh": "例如 HSK 4 填 4，IELTS 6.5 填 6.5。",
        "ru": "Например, 4 для HSK 4 или 6,5 для IELTS 6.5.",
        "ur": "مثلاً \u2066HSK 4\u2069 کے لیے 4، یا \u2066IELTS 6.5\u2069 کے لیے 6.5۔",
    },
    "Maximum age (optional)": {
        "zh": "最高年龄（可选）",
        "ru": "Максимальный возраст (необязательно)",
        "ur": "زیادہ سے زیادہ عمر (اختیاری)",
    },
    "Required documents": {"zh": "所需材料", "ru": "Обязательные документы", "ur": "مطلوبہ دستاویزات"},
    "Number of letters (0 to 5; empty or 0: none)": {
        "zh": "推荐信数量（0 至 5；留空或 0 表示不需要）",
        "ru": "Количество писем (от 0 до 5; пусто или 0 — не нужны)",
        "ur": "خطوط کی تعداد (0 سے 5؛ خالی یا 0: کوئی نہیں)",
    },
    "Referee's position": {"zh": "推荐人职位", "ru": "Должность рекомендателя", "ur": "سفارش کنندہ کا عہدہ"},
    "None ticked: any position.": {
        "zh": "不勾选则不限职位。",
        "ru": "Если ничего не отмечено — любая.",
        "ur": "کوئی نشان نہ ہو تو کوئی بھی عہدہ۔",
    },
    "For an exchange: nationals of the host institution's country cannot apply.": {
        "zh": "用于交换项目：接收院校所在国的公民不能申请。",
        "ru": "Для обмена: граждане страны принимающего вуза подать заявку не могут.",
        "ur": "تبادلے کے لیے: میزبان ادارے کے ملک کے شہری درخواست نہیں دے سکتے۔",
    },
    "Add the programme": {"zh": "添加该项目", "ru": "Добавить программу", "ur": "پروگرام شامل کریں"},
    "Save the programme": {"zh": "保存项目", "ru": "Сохранить программу", "ur": "پروگرام محفوظ کریں"},
    "Remove this programme": {"zh": "删除此项目", "ru": "Удалить эту программу", "ur": "یہ پروگرام ہٹائیں"},
    # the form's own refusals (domain/programme_form.py)
    "Enter a title.": {"zh": "请输入名称。", "ru": "Введите название.", "ur": "عنوان درج کریں۔"},
    "Choose a host institution.": {
        "zh": "请选择接收院校。",
        "ru": "Выберите принимающий вуз.",
        "ur": "میزبان ادارہ منتخب کریں۔",
    },
    "Enter a field of study.": {
        "zh": "请输入专业领域。",
        "ru": "Укажите направление подготовки.",
        "ur": "تعلیمی شعبہ درج کریں۔",
    },
    "Choose a level.": {"zh": "请选择层次。", "ru": "Выберите уровень.", "ur": "سطح منتخب کریں۔"},
    "Choose a language of instruction.": {
        "zh": "请选择授课语言。",
        "ru": "Выберите язык обучения.",
        "ur": "ذریعہ تعلیم منتخب کریں۔",
    },
    "Enter the number of seats as a whole number, for example 12.": {
        "zh": "请以整数填写名额，例如 12。",
        "ru": "Укажите число мест целым числом, например 12.",
        "ur": "نشستوں کی تعداد مکمل عدد میں درج کریں، مثلاً 12۔",
    },
    "Enter an age from 14 to 80.": {
        "zh": "请输入 14 至 80 之间的年龄。",
        "ru": "Введите возраст от 14 до 80.",
        "ur": "14 سے 80 تک عمر درج کریں۔",
    },
    "Enter a number of letters from 0 to 5.": {
        "zh": "请输入 0 至 5 之间的推荐信数量。",
        "ru": "Введите число писем от 0 до 5.",
        "ur": "0 سے 5 تک خطوط کی تعداد درج کریں۔",
    },
    "Give the number of letters, or tick no referee's position.": {
        "zh": "请填写推荐信数量，或不要勾选推荐人职位。",
        "ru": "Укажите количество писем или снимите отметки с должностей рекомендателя.",
        "ur": "خطوط کی تعداد درج کریں، یا سفارش کنندہ کے عہدے پر نشان نہ لگائیں۔",
    },
    "Enter an id: the title has no Latin letters to make one from.": {
        "zh": "请输入标识：标题中没有可用于生成标识的拉丁字母。",
        "ru": "Введите идентификатор: в названии нет латинских букв, из которых его можно составить.",
        "ur": "شناخت درج کریں: عنوان میں لاطینی حروف نہیں جن سے شناخت بنائی جا سکے۔",
    },
    "Use lowercase Latin letters, digits and hyphens, such as rail-transport.": {
        "zh": "请使用小写拉丁字母、数字和连字符，例如 rail-transport。",
        "ru": "Используйте строчные латинские буквы, цифры и дефисы, например rail-transport.",
        "ur": "چھوٹے لاطینی حروف، ہندسے اور ہائفن استعمال کریں، مثلاً rail-transport۔",
    },
    "This id does not fit the pattern: see the hint.": {
        "zh": "该标识不符合格式：请参阅提示。",
        "ru": "Идентификатор не соответствует шаблону: см. подсказку.",
        "ur": "یہ شناخت مقررہ طرز پر نہیں: اشارہ دیکھیں۔",
    },
    # the catalog's refusals, by their code (domain/programme_form.py REFUSALS)
    "A programme with this id exists already: choose another id.": {
        "zh": "已有使用此标识的项目：请另选一个标识。",
        "ru": "Программа с таким идентификатором уже есть: выберите другой.",
        "ur": "اس شناخت کا پروگرام پہلے سے موجود ہے: کوئی اور شناخت چنیں۔",
    },
    "Another record of the catalog (an institution, a scheme, a cycle or a quota rule) has this id: choose another.": {
        "zh": "目录中另一条记录（院校、项目计划、招生周期或配额规则）已使用此标识：请另选一个。",
        "ru": "Этот идентификатор уже у другой записи каталога (вуза, программы финансирования, набора или правила квоты): выберите другой.",
        "ur": "کیٹلاگ کے کسی اور اندراج (ادارہ، اسکیم، دور یا کوٹہ اصول) کی یہی شناخت ہے: کوئی اور چنیں۔",
    },
    "A faculty visit is for faculty: choose faculty as the applicant type, or another level.": {
        "zh": "教师访学面向教师：请将申请人类型选为教师，或选择其他层次。",
        "ru": "Визит преподавателя — для преподавателей: выберите тип заявителя «преподаватели» или другой уровень.",
        "ur": "اساتذہ کا دورہ اساتذہ کے لیے ہے: درخواست دہندہ کی قسم میں اساتذہ چنیں، یا کوئی اور سطح۔",
    },
    "Give the minimum level of the certificate.": {
        "zh": "请填写证书的最低等级。",
        "ru": "Укажите минимальный уровень сертификата.",
        "ur": "سرٹیفکیٹ کی کم از کم سطح درج کریں۔",
    },
    "Choose the certificate the minimum level is of.": {
        "zh": "请选择该最低等级所对应的证书。",
        "ru": "Выберите сертификат, к которому относится минимальный уровень.",
        "ur": "وہ سرٹیفکیٹ منتخب کریں جس کی یہ کم از کم سطح ہے۔",
    },
    "Matches with this host stand (proposed, with the host, offered or accepted): the host cannot change while they do.": {
        "zh": "该接收院校仍有有效的匹配（待审核、待接收院校决定、已发录取或已接受）：在此期间不能更换接收院校。",
        "ru": "С этим принимающим вузом есть действующие распределения (предложенные, на решении вуза, с предложением места или принятые): пока они есть, вуз сменить нельзя.",
        "ur": "اس میزبان کے ساتھ انتخاب برقرار ہیں (تجویز شدہ، میزبان کے پاس، پیشکش شدہ یا قبول شدہ): جب تک یہ ہیں، میزبان نہیں بدل سکتا۔",
    },
    "Choose a host institution from the list.": {
        "zh": "请从列表中选择接收院校。",
        "ru": "Выберите принимающий вуз из списка.",
        "ur": "فہرست میں سے میزبان ادارہ منتخب کریں۔",
    },
    "Submitted applications chose this programme ({applications}): it cannot be removed while they do.": {
        "zh": "已提交的申请选择了该项目（{applications} 份）：在此期间不能删除。",
        "ru": "Эту программу выбрали поданные заявки ({applications}): пока это так, удалить её нельзя.",
        "ur": "جمع شدہ درخواستوں نے یہ پروگرام چنا ہے ({applications}): جب تک ایسا ہے، اسے ہٹایا نہیں جا سکتا۔",
    },
    "A match holds a seat in this programme: it cannot be removed while it does.": {
        "zh": "该项目有名额被匹配占用：在此期间不能删除。",
        "ru": "В этой программе место занято распределением: пока это так, удалить её нельзя.",
        "ur": "اس پروگرام کی ایک نشست کسی انتخاب کے پاس ہے: جب تک ایسا ہے، اسے ہٹایا نہیں جا سکتا۔",
    },
    # the service's warnings about a saved programme, by their code (WARNINGS)
    "The programme has no seats: nobody can be matched to it.": {
        "zh": "该项目没有名额：无人能被匹配到该项目。",
        "ru": "В программе нет мест: распределить в неё никого нельзя.",
        "ur": "اس پروگرام میں کوئی نشست نہیں: اس میں کسی کا انتخاب نہیں ہو سکتا۔",
    },
    "Faculty programmes are usually a faculty visit or non-degree.": {
        "zh": "面向教师的项目通常为教师访学或非学位项目。",
        "ru": "Программы для преподавателей обычно — визит преподавателя или обучение без степени.",
        "ur": "اساتذہ کے پروگرام عموماً اساتذہ کا دورہ یا بغیر ڈگری ہوتے ہیں۔",
    },
    # removing a programme
    "Remove the programme?": {"zh": "删除该项目？", "ru": "Удалить программу?", "ur": "پروگرام ہٹا دیں؟"},
    "A programme that submitted applications chose, or in which a match holds a seat, cannot be removed. Quota rules that name it are checked again when it goes.": {
        "zh": "已被已提交的申请选择、或有名额被匹配占用的项目不能删除。删除后，提及它的配额规则会重新检查。",
        "ru": "Нельзя удалить программу, которую выбрали поданные заявки или в которой место занято распределением. Правила квот, где она названа, после удаления проверяются заново.",
        "ur": "جس پروگرام کو جمع شدہ درخواستوں نے چنا ہو، یا جس کی کوئی نشست کسی انتخاب کے پاس ہو، وہ ہٹایا نہیں جا سکتا۔ اس کے ہٹنے پر جن کوٹہ قواعد میں اس کا نام ہے، انہیں دوبارہ جانچا جاتا ہے۔",
    },
    "Yes, remove the programme": {"zh": "是，删除该项目", "ru": "Да, удалить программу", "ur": "ہاں، پروگرام ہٹا دیں"},
    "No, keep the programme": {"zh": "不，保留该项目", "ru": "Нет, оставить программу", "ur": "نہیں، پروگرام رہنے دیں"},
    # flashes
    "The programme “{title}” was added.": {
        "zh": "项目“{title}”已添加。",
        "ru": "Программа «{title}» добавлена.",
        "ur": "پروگرام “{title}” شامل کر دیا گیا۔",
    },
    "The programme “{title}” was saved.": {
        "zh": "项目“{title}”已保存。",
        "ru": "Программа «{title}» сохранена.",
        "ur": "پروگرام “{title}” محفوظ ہو گیا۔",
    },
    "The programme “{title}” was removed.": {
        "zh": "项目“{title}”已删除。",
        "ru": "Программа «{title}» удалена.",
        "ur": "پروگرام “{title}” ہٹا دیا گیا۔",
    },
    "Fewer seats than places already proposed, offered or taken: none of those is withdrawn, and no round proposes anyone here until a place frees.": {
        "zh": "名额少于已提议、已录取或已接受的名额：这些名额不会被撤回，在有名额空出之前，任何匹配轮次都不会再向此项目提议人选。",
        "ru": "Мест меньше, чем уже предложено, одобрено или занято: ни одно из них не отзывается, и пока место не освободится, раунды никого сюда не предлагают.",
        "ur": "نشستیں پہلے سے تجویز، پیشکش یا قبول شدہ جگہوں سے کم ہیں: ان میں سے کوئی واپس نہیں لی جاتی، اور جب تک کوئی جگہ خالی نہ ہو کوئی مرحلہ یہاں کسی کو تجویز نہیں کرتا۔",
    },
    "A quota rule of the cycle names this programme, or its field, level or host: change or remove that rule first.": {
        "zh": "本招生周期的一条配额规则指定了此项目或其学科、层次或接收院校：请先修改或删除该规则。",
        "ru": "Правило квот набора называет эту программу или её направление, уровень или принимающий вуз: сначала измените или удалите это правило.",
        "ur": "دور کا ایک کوٹہ قاعدہ اس پروگرام یا اس کے شعبے، سطح یا میزبان ادارے کا نام لیتا ہے: پہلے وہ قاعدہ بدلیں یا ہٹائیں۔",
    },
}
