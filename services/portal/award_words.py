"""The portal's words for the award path (issue 14) in English, Chinese, Russian and Urdu,
keyed as in i18n.py, which merges them: the new application and match statuses, the
nominating authority's pool and list (``nomination:<state>``, ``list:<status>``), the host's
admission decisions and their reasons (``admission:<decision>``, ``admission_reason:<code>``,
the contract's ``AdmissionReason``), where an applicant's application stands, and the
refusals of the nomination and admission APIs (domain/problems.py)."""

from __future__ import annotations

from shared.award_words import COVER_WORDS

STATUS_WORDS: dict[str, dict[str, str]] = {
    # application statuses (shared.events.catalog.ApplicationStatus) and the match's host_rejected
    "status:nominated": {"en": "nominated", "zh": "已获提名", "ru": "выдвинут(а)", "ur": "نامزد"},
    "status:reserve": {"en": "reserve list", "zh": "后备名单", "ru": "резервный список", "ur": "ریزرو فہرست"},
    "status:not_nominated": {"en": "not nominated", "zh": "未获提名", "ru": "не выдвинут(а)", "ur": "نامزد نہیں"},
    "status:nomination_withdrawn": {
        "en": "nomination withdrawn",
        "zh": "提名已撤回",
        "ru": "выдвижение отозвано",
        "ur": "نامزدگی واپس لے لی گئی",
    },
    "status:with_host": {
        "en": "with the host for admission",
        "zh": "接收院校录取审核中",
        "ru": "на рассмотрении принимающего вуза",
        "ur": "داخلے کے لیے میزبان ادارے کے پاس",
    },
    "status:not_admitted": {"en": "not admitted", "zh": "未被录取", "ru": "не принят(а)", "ur": "داخلہ نہیں ملا"},
    "status:host_rejected": {
        "en": "not admitted by the host",
        "zh": "接收院校未录取",
        "ru": "не принят(а) вузом",
        "ur": "میزبان نے داخلہ نہیں دیا",
    },
    # a candidate's state on a nomination list (NominationState; none: not decided yet)
    "nomination:undecided": {"en": "undecided", "zh": "未决定", "ru": "не решено", "ur": "فیصلہ نہیں ہوا"},
    "nomination:nominated": {"en": "nominee", "zh": "提名人选", "ru": "выдвинут(а)", "ur": "نامزد"},
    "nomination:reserve": {"en": "reserve", "zh": "后备", "ru": "резерв", "ur": "ریزرو"},
    "nomination:not_nominated": {"en": "not nominated", "zh": "不提名", "ru": "не выдвинут(а)", "ur": "نامزد نہیں"},
    "nomination:withdrawn": {"en": "withdrawn", "zh": "已撤回提名", "ru": "отозван(а)", "ur": "نامزدگی واپس"},
    "list:draft": {"en": "draft", "zh": "草稿", "ru": "черновик", "ur": "مسودہ"},
    "list:published": {"en": "published", "zh": "已公布", "ru": "опубликован", "ur": "شائع شدہ"},
    # the host's decision and its reasons (AdmissionReason)
    # the matching journal's actions of the award path (services/matching/domain/journal.py Action)
    "journal:nomination.published": {
        "en": "nomination list published",
        "zh": "公布提名名单",
        "ru": "опубликован список выдвижения",
        "ur": "نامزدگی کی فہرست شائع",
    },
    "journal:nomination.withdrawn": {
        "en": "nomination withdrawn",
        "zh": "撤回提名",
        "ru": "выдвижение отозвано",
        "ur": "نامزدگی واپس",
    },
    "journal:admission.decided": {
        "en": "admission decided by the host",
        "zh": "接收院校作出录取决定",
        "ru": "решение вуза о зачислении",
        "ur": "میزبان کا داخلے کا فیصلہ",
    },
    "admission:admitted": {"en": "admitted", "zh": "录取", "ru": "принят(а)", "ur": "داخلہ دیا گیا"},
    "admission:rejected": {"en": "not admitted", "zh": "不录取", "ru": "не принят(а)", "ur": "داخلہ نہیں دیا گیا"},
    "admission_reason:academic_record": {
        "en": "academic record",
        "zh": "学业成绩",
        "ru": "академическая успеваемость",
        "ur": "تعلیمی ریکارڈ",
    },
    "admission_reason:language": {
        "en": "language proficiency",
        "zh": "语言水平",
        "ru": "знание языка",
        "ur": "زبان کی مہارت",
    },
    "admission_reason:capacity": {
        "en": "no capacity left",
        "zh": "名额已满",
        "ru": "нет свободных мест",
        "ur": "گنجائش باقی نہیں",
    },
    "admission_reason:documents_incomplete": {
        "en": "documents incomplete",
        "zh": "材料不完整",
        "ru": "неполный комплект документов",
        "ur": "دستاویزات نامکمل",
    },
    "admission_reason:programme_requirements": {
        "en": "programme requirements not met",
        "zh": "不符合专业要求",
        "ru": "не выполнены требования программы",
        "ur": "پروگرام کے تقاضے پورے نہیں",
    },
    "admission_reason:health": {"en": "health", "zh": "健康原因", "ru": "состояние здоровья", "ur": "صحت"},
    "admission_reason:other": {"en": "other", "zh": "其他", "ru": "другое", "ur": "دیگر"},
    # the scheme declined, at the admission deadline, what the host left undecided
    "admission_reason:no_decision": {
        "en": "no decision by the admission deadline",
        "zh": "截止日期前未作出录取决定",
        "ru": "решение не принято до срока зачисления",
        "ur": "داخلے کی آخری تاریخ تک کوئی فیصلہ نہیں ہوا",
    },
}

APPLICANT_WORDS: dict[str, dict[str, str]] = {
    # where the application stands (templates/award/_where.html)
    "Where your application is": {
        "en": "Where your application is",
        "zh": "您的申请进展",
        "ru": "Где сейчас ваша заявка",
        "ur": "آپ کی درخواست کہاں ہے",
    },
    "your country's nominating authority": {
        "en": "your country's nominating authority",
        "zh": "您所在国家的提名机构",
        "ru": "уполномоченный орган вашей страны",
        "ur": "آپ کے ملک کا نامزد کرنے والا ادارہ",
    },
    "With {authority} for nomination": {
        "en": "With {authority} for nomination",
        "zh": "正在由{authority}审核提名",
        "ru": "Выдвижение рассматривает: {authority}",
        "ur": "نامزدگی کے لیے {authority} کے پاس",
    },
    "The authority ranks the candidates of your country and nominates some of them for this scholarship. "
    "You will be told its decision here and in your inbox.": {
        "en": "The authority ranks the candidates of your country and nominates some of them for this scholarship. "
        "You will be told its decision here and in your inbox.",
        "zh": "该机构对本国申请人进行排序，并提名其中一部分人申请本奖学金。其决定将在此处和您的消息中通知您。",
        "ru": "Этот орган ранжирует кандидатов вашей страны и выдвигает часть из них на эту стипендию. "
        "О решении вы узнаете здесь и во входящих сообщениях.",
        "ur": "یہ ادارہ آپ کے ملک کے امیدواروں کی درجہ بندی کرتا ہے اور ان میں سے کچھ کو اس وظیفے کے لیے نامزد کرتا ہے۔ "
        "اس کا فیصلہ آپ کو یہاں اور آپ کے ان باکس میں بتایا جائے گا۔",
    },
    "Nominated by {authority}": {
        "en": "Nominated by {authority}",
        "zh": "已获{authority}提名",
        "ru": "Вас выдвинули: {authority}",
        "ur": "{authority} نے آپ کو نامزد کیا",
    },
    "You are on the nomination list. The sponsor now places the nominees in programmes.": {
        "en": "You are on the nomination list. The sponsor now places the nominees in programmes.",
        "zh": "您已列入提名名单。资助方现在将为被提名人安排专业。",
        "ru": "Вы в списке выдвинутых кандидатов. Теперь спонсор распределяет их по программам.",
        "ur": "آپ نامزدگی کی فہرست میں ہیں۔ اب سرپرست ادارہ نامزد افراد کو پروگراموں میں جگہ دیتا ہے۔",
    },
    "You moved up from the reserve list.": {
        "en": "You moved up from the reserve list.",
        "zh": "您已从后备名单递补。",
        "ru": "Вы переведены из резервного списка.",
        "ur": "آپ ریزرو فہرست سے آگے بڑھ کر نامزد ہو گئے ہیں۔",
    },
    "On the reserve list of {authority}, position {position}": {
        "en": "On the reserve list of {authority}, position {position}",
        "zh": "列入{authority}后备名单，第 {position} 位",
        "ru": "{authority}: резервный список, место {position}",
        "ur": "{authority} کی ریزرو فہرست میں، نمبر {position}",
    },
    "If a nominee drops out, the first on the reserve list takes the place. You will be told here and in your inbox.": {
        "en": "If a nominee drops out, the first on the reserve list takes the place. You will be told here and in "
        "your inbox.",
        "zh": "如有被提名人退出，后备名单上的第一位将递补。届时将在此处和您的消息中通知您。",
        "ru": "Если выдвинутый кандидат выбывает, его место занимает первый в резервном списке. "
        "Вы узнаете об этом здесь и во входящих сообщениях.",
        "ur": "اگر کوئی نامزد امیدوار دستبردار ہو جائے تو ریزرو فہرست میں پہلا شخص اس کی جگہ لیتا ہے۔ "
        "آپ کو یہاں اور آپ کے ان باکس میں بتایا جائے گا۔",
    },
    "Not nominated by {authority}": {
        "en": "Not nominated by {authority}",
        "zh": "未获{authority}提名",
        "ru": "{authority}: вы не выдвинуты",
        "ur": "{authority} نے آپ کو نامزد نہیں کیا",
    },
    "Your nomination by {authority} was withdrawn": {
        "en": "Your nomination by {authority} was withdrawn",
        "zh": "{authority}已撤回对您的提名",
        "ru": "{authority}: ваше выдвижение отозвано",
        "ur": "{authority} نے آپ کی نامزدگی واپس لے لی",
    },
    "The authority's reason:": {
        "en": "The authority's reason:",
        "zh": "提名机构给出的理由：",
        "ru": "Причина, указанная органом:",
        "ur": "ادارے کی بتائی گئی وجہ:",
    },
    "With the host institution for admission": {
        "en": "With the host institution for admission",
        "zh": "接收院校录取审核中",
        "ru": "На рассмотрении принимающего вуза",
        "ur": "داخلے کے لیے میزبان ادارے کے پاس",
    },
    # the host that decides now, named as the e-mail names it (domain/award.py Whereabouts.host)
    "With {institution} for admission": {
        "en": "With {institution} for admission",
        "zh": "{institution}录取审核中",
        "ru": "Решение о зачислении принимает: {institution}",
        "ur": "داخلے کے لیے {institution} کے پاس",
    },
    # the cycle's deadline of the stage holding the application (domain/award.py stage_deadlines)
    "Decision expected by {day}.": {
        "en": "Decision expected by {day}.",
        "zh": "预计于 {day} 前作出决定。",
        "ru": "Решение ожидается до {day}.",
        "ur": "فیصلہ {day} تک متوقع ہے۔",
    },
    "The officers approved your place; the host institution now decides on your admission. "
    "You will be told here and in your inbox.": {
        "en": "The officers approved your place; the host institution now decides on your admission. "
        "You will be told here and in your inbox.",
        "zh": "工作人员已批准您的名额；现由接收院校决定是否录取。结果将在此处和您的消息中通知您。",
        "ru": "Сотрудники одобрили ваше место; теперь решение о зачислении принимает принимающий вуз. "
        "Вы узнаете о нём здесь и во входящих сообщениях.",
        "ur": "افسران نے آپ کی نشست منظور کر دی ہے؛ اب میزبان ادارہ آپ کے داخلے کا فیصلہ کرے گا۔ "
        "آپ کو یہاں اور آپ کے ان باکس میں بتایا جائے گا۔",
    },
    "Not admitted by the host institution": {
        "en": "Not admitted by the host institution",
        "zh": "接收院校未录取您",
        "ru": "Принимающий вуз вас не принял",
        "ur": "میزبان ادارے نے آپ کو داخلہ نہیں دیا",
    },
    "The host's reason:": {
        "en": "The host's reason:",
        "zh": "接收院校给出的理由：",
        "ru": "Причина, указанная вузом:",
        "ur": "میزبان کی بتائی گئی وجہ:",
    },
    "The host's note:": {
        "en": "The host's note:",
        "zh": "接收院校的说明：",
        "ru": "Комментарий вуза:",
        "ur": "میزبان کا نوٹ:",
    },
    "The host institution admitted you.": {
        "en": "The host institution admitted you.",
        "zh": "接收院校已录取您。",
        "ru": "Принимающий вуз вас принял.",
        "ur": "میزبان ادارے نے آپ کو داخلہ دے دیا ہے۔",
    },
}

NOMINATOR_WORDS: dict[str, dict[str, str]] = {
    "Nominations": {"en": "Nominations", "zh": "提名", "ru": "Выдвижение", "ur": "نامزدگیاں"},
    "National pools": {"en": "National pools", "zh": "本国申请人", "ru": "Национальные пулы", "ur": "قومی پول"},
    "No nomination list is open to you yet.": {
        "en": "No nomination list is open to you yet.",
        "zh": "目前还没有向您开放的提名名单。",
        "ru": "Пока нет доступных вам списков выдвижения.",
        "ur": "ابھی آپ کے لیے کوئی نامزدگی فہرست دستیاب نہیں۔",
    },
    "Country": {"en": "Country", "zh": "国家", "ru": "Страна", "ur": "ملک"},
    "Authority": {"en": "Authority", "zh": "提名机构", "ru": "Уполномоченный орган", "ur": "ادارہ"},
    "Allocation": {"en": "Allocation", "zh": "名额", "ru": "Квота", "ur": "مختص نشستیں"},
    "no limit": {"en": "no limit", "zh": "不限", "ru": "без ограничения", "ur": "کوئی حد نہیں"},
    "Nominees": {"en": "Nominees", "zh": "被提名人", "ru": "Выдвинутые", "ur": "نامزد افراد"},
    "Reserve list": {"en": "Reserve list", "zh": "后备名单", "ru": "Резервный список", "ur": "ریزرو فہرست"},
    "List": {"en": "List", "zh": "名单", "ru": "Список", "ur": "فہرست"},
    "Closes": {"en": "Closes", "zh": "截止", "ru": "Закрывается", "ur": "آخری تاریخ"},
    # beside the list's status ("published"): the day alone, the verb is the badge's
    "list published: on {day}": {
        "en": "on {day}",
        "zh": "（{day}）",
        "ru": "({day})",
        "ur": "({day})",
    },
    "Nominations close on {day}.": {
        "en": "Nominations close on {day}.",
        "zh": "提名截止日期：{day}。",
        "ru": "Выдвижение заканчивается {day}.",
        "ur": "نامزدگی کی آخری تاریخ {day} ہے۔",
    },
    "The list is a draft: applicants see nothing until you publish it.": {
        "en": "The list is a draft: applicants see nothing until you publish it.",
        "zh": "名单为草稿：在您公布之前，申请人看不到任何内容。",
        "ru": "Список — черновик: кандидаты ничего не увидят, пока вы его не опубликуете.",
        "ur": "فہرست ابھی مسودہ ہے: جب تک آپ اسے شائع نہ کریں، درخواست دہندگان کچھ نہیں دیکھتے۔",
    },
    "The list was published before: publishing these changes tells only the applicants whose place on it changes.": {
        "en": "The list was published before: publishing these changes tells only the applicants whose place on it changes.",
        "zh": "该名单此前已发布：发布这些更改只会通知名单位置发生变化的申请人。",
        "ru": "Список уже был опубликован: публикация этих изменений уведомит только тех заявителей, чьё место в нём меняется.",
        "ur": "یہ فہرست پہلے شائع ہو چکی ہے: ان تبدیلیوں کو شائع کرنے سے صرف ان درخواست گزاروں کو اطلاع دی جائے گی جن کی جگہ بدلتی ہے۔",
    },
    "The list is published: applicants were told. A change you publish again tells those it concerns.": {
        "en": "The list is published: applicants were told. A change you publish again tells those it concerns.",
        "zh": "名单已公布，申请人已收到通知。再次公布的更改只会通知相关的人。",
        "ru": "Список опубликован, кандидаты уведомлены. При повторной публикации изменений уведомляются "
        "только те, кого они касаются.",
        "ur": "فہرست شائع ہو چکی ہے اور درخواست دہندگان کو بتا دیا گیا ہے۔ دوبارہ شائع کی گئی تبدیلی صرف متعلقہ افراد کو بتائی جاتی ہے۔",
    },
    "Candidates": {"en": "Candidates", "zh": "候选人", "ru": "Кандидаты", "ur": "امیدوار"},
    "Decision": {"en": "Decision", "zh": "决定", "ru": "Решение", "ur": "فیصلہ"},
    "Any decision": {"en": "Any decision", "zh": "全部决定", "ru": "Любое решение", "ur": "ہر فیصلہ"},
    "Order": {"en": "Order", "zh": "顺序", "ru": "Порядок", "ur": "ترتیب"},
    "Committee score": {"en": "Committee score", "zh": "评审分数", "ru": "Балл комиссии", "ur": "کمیٹی کا اسکور"},
    "Language certificates": {
        "en": "Language certificates",
        "zh": "语言证书",
        "ru": "Языковые сертификаты",
        "ur": "زبان کے سرٹیفکیٹ",
    },
    "Documents to replace": {
        "en": "Documents to replace",
        "zh": "待重新提交的材料",
        "ru": "Документы на замену",
        "ur": "دوبارہ جمع کرانے والی دستاویزات",
    },
    "Rank": {"en": "Rank", "zh": "排名", "ru": "Место в списке", "ur": "درجہ"},
    "Rank of {name}": {
        "en": "Rank of {name}",
        "zh": "{name}的排名",
        "ru": "Место в списке: {name}",
        "ur": "{name} کا درجہ",
    },
    "Decision on {name}": {
        "en": "Decision on {name}",
        "zh": "对{name}的决定",
        "ru": "Решение: {name}",
        "ur": "{name} کے بارے میں فیصلہ",
    },
    "Reason for {name}": {
        "en": "Reason for {name}",
        "zh": "给{name}的理由",
        "ru": "Причина для кандидата: {name}",
        "ur": "{name} کے لیے وجہ",
    },
    "Reason for the applicant": {
        "en": "Reason for the applicant",
        "zh": "告知申请人的理由",
        "ru": "Причина для кандидата",
        "ur": "درخواست دہندہ کے لیے وجہ",
    },
    "Nominees and the reserve list are ranked from 1; a candidate without a rank follows the ranked ones. "
    "Everyone left undecided is not nominated when you publish.": {
        "en": "Nominees and the reserve list are ranked from 1; a candidate without a rank follows the ranked ones. "
        "Everyone left undecided is not nominated when you publish.",
        "zh": "被提名人和后备名单均从 1 开始排名；未填写排名的候选人排在已排名者之后。公布时，所有未决定的候选人均视为未获提名。",
        "ru": "Выдвинутые и резерв нумеруются с 1; кандидат без номера идёт после пронумерованных. "
        "При публикации все, по кому не принято решение, считаются не выдвинутыми.",
        "ur": "نامزد افراد اور ریزرو فہرست کی درجہ بندی 1 سے ہوتی ہے؛ بغیر درجے کا امیدوار درجہ والوں کے بعد آتا ہے۔ "
        "شائع کرنے پر جن کا فیصلہ نہیں ہوا وہ نامزد نہیں ہوں گے۔",
    },
    "Save the draft": {"en": "Save the draft", "zh": "保存草稿", "ru": "Сохранить черновик", "ur": "مسودہ محفوظ کریں"},
    "Save and publish…": {
        "en": "Save and publish…",
        "zh": "保存并公布…",
        "ru": "Сохранить и опубликовать…",
        "ur": "محفوظ کر کے شائع کریں…",
    },
    "Changed meanwhile by a colleague (or in another tab): the row now shows the list as it stands. Check it, and save again.": {
        "en": "Changed meanwhile by a colleague (or in another tab): the row now shows the list as it stands. Check it, and save again.",
        "zh": "此行在此期间已被同事（或在另一个标签页中）修改：现在显示的是名单的当前状态。请核对后再次保存。",
        "ru": "Тем временем эту строку изменил коллега (или вы в другой вкладке): теперь она показывает список как есть. Проверьте её и сохраните снова.",
        "ur": "اس دوران یہ قطار کسی ساتھی نے (یا کسی اور ٹیب میں) تبدیل کر دی: اب یہ فہرست کو موجودہ حالت میں دکھاتی ہے۔ اسے دیکھ کر دوبارہ محفوظ کریں۔",
    },
    "The draft was saved.": {
        "en": "The draft was saved.",
        "zh": "草稿已保存。",
        "ru": "Черновик сохранён.",
        "ur": "مسودہ محفوظ ہو گیا۔",
    },
    "Publish the nomination list?": {
        "en": "Publish the nomination list?",
        "zh": "公布提名名单？",
        "ru": "Опубликовать список выдвижения?",
        "ur": "نامزدگی کی فہرست شائع کریں؟",
    },
    "Publishing tells every applicant in the pool: the nominees, the reserve list in order, and everyone else "
    "that they were not nominated.": {
        "en": "Publishing tells every applicant in the pool: the nominees, the reserve list in order, and everyone "
        "else that they were not nominated.",
        "zh": "公布后将通知本国所有申请人：被提名人、按顺序排列的后备名单，以及其他人未获提名。",
        "ru": "Публикация уведомит всех кандидатов пула: выдвинутых, резерв по порядку, а всех остальных — "
        "что они не выдвинуты.",
        "ur": "شائع کرنے سے پول کے ہر درخواست دہندہ کو بتایا جائے گا: نامزد افراد، ترتیب وار ریزرو فہرست، "
        "اور باقی سب کو کہ وہ نامزد نہیں ہوئے۔",
    },
    "What changes for the applicants": {
        "en": "What changes for the applicants",
        "zh": "申请人的变动",
        "ru": "Что меняется для кандидатов",
        "ur": "درخواست دہندگان کے لیے کیا بدلتا ہے",
    },
    "Each of them is told. A nominee moved to the reserve list or left off is told that the nomination is withdrawn.": {
        "en": "Each of them is told. A nominee moved to the reserve list or left off is told that the nomination "
        "is withdrawn.",
        "zh": "以上每位申请人都会收到通知。被移入后备名单或从名单中移除的被提名人，会被告知其提名已撤回。",
        "ru": "Каждый из них получит уведомление. Выдвинутому кандидату, переведённому в резерв или исключённому "
        "из списка, сообщат, что выдвижение отозвано.",
        "ur": "ان میں سے ہر ایک کو مطلع کیا جائے گا۔ جس نامزد امیدوار کو ریزرو فہرست میں منتقل کیا جائے یا فہرست سے"
        " نکالا جائے، اسے بتایا جائے گا کہ اس کی نامزدگی واپس لے لی گئی ہے۔",
    },
    "The reason for an applicant not nominated is optional: they are e-mailed it as you write it, or, without one, only that they were not nominated.": {
        "en": "The reason for an applicant not nominated is optional: they are e-mailed it as you write it, or, "
        "without one, only that they were not nominated.",
        "zh": "未获提名申请人的理由可以不填：填写后将按原文通过电子邮件告知申请人；不填则只告知其未获提名。",
        "ru": "Причина для невыдвинутого заявителя не обязательна: она отправляется ему по e-mail так, как вы её написали,"
        " а без неё он узнаёт только, что не выдвинут.",
        "ur": "نامزد نہ ہونے والے درخواست دہندہ کے لیے وجہ لکھنا اختیاری ہے: جیسی آپ لکھیں ویسی ہی اسے ای میل کی جاتی ہے،"
        " ورنہ اسے صرف یہ بتایا جاتا ہے کہ وہ نامزد نہیں ہوا۔",
    },
    # left off before and after, with another reason: told again, and listed so on the confirmation
    "with the new reason": {
        "en": "with the new reason",
        "zh": "附新的理由",
        "ru": "с новой причиной",
        "ur": "نئی وجہ کے ساتھ",
    },
    # the publish confirmation: whom a nomination passes over on the reserve list ("they stay on it while a
    # candidate after them, or not on it, is nominated" was hard to parse)
    "These stay on the reserve list although someone ranked after them, or not on the reserve list at all, is nominated ahead of them:": {
        "en": "These stay on the reserve list although someone ranked after them, or not on the reserve list at all, "
        "is nominated ahead of them:",
        "zh": "以下人选仍留在后备名单上，尽管排在他们之后或根本不在后备名单上的人先于他们获得提名：",
        "ru": "Эти кандидаты остаются в резервном списке, хотя выдвинут тот, кто стоит в резерве после них или вовсе"
        " не входит в резерв:",
        "ur": "یہ ریزرو فہرست میں ہی رہتے ہیں، حالانکہ ان کے بعد والا یا ریزرو فہرست سے باہر کا کوئی امیدوار ان سے پہلے"
        " نامزد کیا جا رہا ہے:",
    },
    "Yes, publish the list": {
        "en": "Yes, publish the list",
        "zh": "确认公布名单",
        "ru": "Да, опубликовать список",
        "ur": "ہاں، فہرست شائع کریں",
    },
    "No, keep editing": {
        "en": "No, keep editing",
        "zh": "不，继续编辑",
        "ru": "Нет, продолжить редактирование",
        "ur": "نہیں، ترمیم جاری رکھیں",
    },
    "No one yet.": {"en": "No one yet.", "zh": "暂无。", "ru": "Пока никого.", "ur": "ابھی کوئی نہیں۔"},
    "The nomination list was published.": {
        "en": "The nomination list was published.",
        "zh": "提名名单已公布。",
        "ru": "Список выдвижения опубликован.",
        "ur": "نامزدگی کی فہرست شائع ہو گئی۔",
    },
    "Withdraw a nominee": {
        "en": "Withdraw a nominee",
        "zh": "撤回提名",
        "ru": "Отозвать кандидата",
        "ur": "نامزدگی واپس لیں",
    },
    "The first on the reserve list takes the place; both are told.": {
        "en": "The first on the reserve list takes the place; both are told.",
        "zh": "后备名单上的第一位将递补，双方都会收到通知。",
        "ru": "Его место займёт первый из резервного списка; оба будут уведомлены.",
        "ur": "ریزرو فہرست میں پہلا شخص اس کی جگہ لے گا؛ دونوں کو بتایا جائے گا۔",
    },
    "Nominee": {"en": "Nominee", "zh": "被提名人", "ru": "Кандидат", "ur": "نامزد"},
    "Withdraw the nomination": {
        "en": "Withdraw the nomination",
        "zh": "撤回提名",
        "ru": "Отозвать выдвижение",
        "ur": "نامزدگی واپس لیں",
    },
    "The nominee was withdrawn. The reserve list is empty, so the place stays open: add a nominee and publish the list to fill it.": {
        "en": "The nominee was withdrawn. The reserve list is empty, so the place stays open: add a nominee and publish the list to fill it.",
        "zh": "已撤回对该人选的提名。后备名单为空，因此该名额暂时空缺：请添加提名人选并发布名单以补足。",
        "ru": "Кандидат отозван. Резервный список пуст, поэтому место остаётся свободным: добавьте кандидата и опубликуйте список, чтобы его занять.",
        "ur": "نامزدگی واپس لے لی گئی۔ ریزرو فہرست خالی ہے، اس لیے یہ جگہ خالی رہے گی: اسے پُر کرنے کے لیے کسی کو نامزد کریں اور فہرست شائع کریں۔",
    },
    "The withdrawal is final: the nominee is told at once and cannot be put back on the list.": {
        "en": "The withdrawal is final: the nominee is told at once and cannot be put back on the list.",
        "zh": "撤回后无法恢复：被提名人会立即收到通知，且不能再被放回名单。",
        "ru": "Отзыв окончателен: кандидат сразу получит уведомление, и вернуть его в список будет нельзя.",
        "ur": "واپسی حتمی ہے: نامزد شخص کو فوراً اطلاع دی جائے گی اور اسے دوبارہ فہرست میں شامل نہیں کیا جا سکے گا۔",
    },
    "Tick the box to confirm: a withdrawal cannot be undone.": {
        "en": "Tick the box to confirm: a withdrawal cannot be undone.",
        "zh": "请勾选确认框：撤销后无法恢复。",
        "ru": "Отметьте поле для подтверждения: отзыв нельзя отменить.",
        "ur": "تصدیق کے لیے خانے پر نشان لگائیں: واپسی کو منسوخ نہیں کیا جا سکتا۔",
    },
    "The nominee was withdrawn.": {
        "en": "The nominee was withdrawn.",
        "zh": "已撤回对该人选的提名。",
        "ru": "Выдвижение отозвано.",
        "ur": "نامزدگی واپس لے لی گئی۔",
    },
    "The nominee was withdrawn; the first on the reserve list moved up.": {
        "en": "The nominee was withdrawn; the first on the reserve list moved up.",
        "zh": "已撤回对该人选的提名；后备名单上的第一位已递补。",
        "ru": "Выдвижение отозвано; первый из резервного списка занял место.",
        "ur": "نامزدگی واپس لے لی گئی؛ ریزرو فہرست کا پہلا شخص آگے آ گیا۔",
    },
    "Enter a reason.": {"en": "Enter a reason.", "zh": "请填写理由。", "ru": "Укажите причину.", "ur": "وجہ درج کریں۔"},
    "Choose a nominee.": {
        "en": "Choose a nominee.",
        "zh": "请选择被提名人。",
        "ru": "Выберите кандидата.",
        "ur": "نامزد امیدوار منتخب کریں۔",
    },
    "A rank is a whole number from 1.": {
        "en": "A rank is a whole number from 1.",
        "zh": "排名须为从 1 开始的整数。",
        "ru": "Место в списке — целое число от 1.",
        "ur": "درجہ 1 یا اس سے بڑا مکمل عدد ہونا چاہیے۔",
    },
    "No candidates match.": {
        "en": "No candidates match.",
        "zh": "没有符合条件的候选人。",
        "ru": "Подходящих кандидатов нет.",
        "ur": "کوئی امیدوار نہیں ملا۔",
    },
}

HOST_WORDS: dict[str, dict[str, str]] = {
    "With the reason “Other”, write the reason in the note: the applicant reads it.": {
        "zh": "选择“其他”理由时，请在说明中写明原因：申请人会看到。",
        "ru": "С причиной «Другое» напишите причину в пояснении: заявитель его прочтёт.",
        "ur": "وجہ ”دیگر“ کے ساتھ، نوٹ میں وجہ لکھیں: درخواست گزار اسے پڑھے گا۔",
    },
    "Admissions": {"en": "Admissions", "zh": "录取", "ru": "Зачисление", "ur": "داخلے"},
    "Awaiting your decision": {
        "en": "Awaiting your decision",
        "zh": "待您决定",
        "ru": "Ждут вашего решения",
        "ur": "آپ کے فیصلے کے منتظر",
    },
    "Admitted": {"en": "Admitted", "zh": "已录取", "ru": "Приняты", "ur": "داخلہ دیا گیا"},
    "Not admitted": {"en": "Not admitted", "zh": "未录取", "ru": "Не приняты", "ur": "داخلہ نہیں دیا گیا"},
    "Officers approved these matches; each nominee is offered the place only once you admit them.": {
        "en": "Officers approved these matches; each nominee is offered the place only once you admit them.",
        "zh": "工作人员已批准这些匹配；只有在您录取后，被提名人才会获得录取通知。",
        "ru": "Сотрудники одобрили эти распределения; кандидат получит предложение места только после "
        "вашего решения о зачислении.",
        "ur": "افسران نے یہ انتخاب منظور کر دیے ہیں؛ ہر امیدوار کو نشست کی پیشکش صرف آپ کے داخلہ دینے کے بعد ملتی ہے۔",
    },
    "No matches here.": {
        "en": "No matches here.",
        "zh": "这里没有匹配记录。",
        "ru": "Здесь распределений нет.",
        "ur": "یہاں کوئی انتخاب نہیں۔",
    },
    "Application {id}": {"en": "Application {id}", "zh": "申请 {id}", "ru": "Заявка {id}", "ur": "درخواست {id}"},
    "Programme": {"en": "Programme", "zh": "专业", "ru": "Программа", "ur": "پروگرام"},
    "Sending country": {"en": "Sending country", "zh": "派出国", "ru": "Направляющая страна", "ur": "بھیجنے والا ملک"},
    "This scheme has a nomination stage: a round places nominees only. Applicants of a country whose list is not published yet are left out.": {
        "en": "This scheme has a nomination stage: a round places nominees only. Applicants of a country whose list is not published yet are left out.",
        "zh": "本项目计划设有提名环节：匹配轮次只安排被提名人。提名名单尚未发布的国家的申请人不参加本轮。",
        "ru": "В этой программе финансирования есть этап выдвижения: раунд распределяет только выдвинутых. Заявители из стран, чей список ещё не опубликован, в раунд не входят.",
        "ur": "اس اسکیم میں نامزدگی کا مرحلہ ہے: راؤنڈ صرف نامزد امیدواروں کو جگہ دیتا ہے۔ جن ممالک کی فہرست ابھی شائع نہیں ہوئی، ان کے درخواست دہندگان شامل نہیں ہوتے۔",
    },
    "by the admission deadline, without a decision": {
        "en": "by the admission deadline, without a decision",
        "zh": "录取截止时未作决定，自动处理",
        "ru": "по истечении срока зачисления, без решения",
        "ur": "داخلے کی آخری تاریخ پر، فیصلے کے بغیر",
    },
    "Decide by {day}": {
        "en": "Decide by {day}",
        "zh": "请于 {day} 前决定",
        "ru": "Решить до {day}",
        "ur": "{day} تک فیصلہ کریں",
    },
    # what a scholarship place pays for (shared.events.catalog.AwardCover): shared with the e-mails
    **{f"award:{cover}": dict(words) for cover, words in COVER_WORDS.items()},
    # «Зачислить»: «Принять» read as the applicant's accepting the offer
    "Admit": {"en": "Admit", "zh": "录取", "ru": "Зачислить", "ur": "داخلہ دیں"},
    "Do not admit": {"en": "Do not admit", "zh": "不录取", "ru": "Не зачислять", "ur": "داخلہ نہ دیں"},
    "Do not admit…": {"en": "Do not admit…", "zh": "不录取……", "ru": "Не зачислять…", "ur": "داخلہ نہ دیں…"},
    "Not admitting releases the place; the applicant is told at once, and the decision cannot be turned into an admission later.": {
        "en": "Not admitting releases the place; the applicant is told at once, and the decision cannot be turned into an admission later.",
        "zh": "不录取将释放该名额；申请人会立即收到通知，此决定之后不能再改为录取。",
        "ru": "Отказ в зачислении освобождает место; заявитель узнает об этом сразу, и позже это решение нельзя заменить зачислением.",
        "ur": "داخلہ نہ دینے سے نشست خالی ہو جاتی ہے؛ درخواست دہندہ کو فوراً بتا دیا جاتا ہے، اور بعد میں یہ فیصلہ داخلے میں نہیں بدلا جا سکتا۔",
    },
    "Change to not admitted": {
        "en": "Change to not admitted",
        "zh": "改为不录取",
        "ru": "Изменить на «не принят»",
        "ur": "فیصلہ بدل کر داخلہ نہ دیں",
    },
    "Note to the applicant (optional)": {
        "en": "Note to the applicant (optional)",
        "zh": "给申请人的说明（可选）",
        "ru": "Комментарий для кандидата (необязательно)",
        "ur": "درخواست دہندہ کے لیے نوٹ (اختیاری)",
    },
    "Decisions": {"en": "Decisions", "zh": "决定记录", "ru": "Решения", "ur": "فیصلے"},
    "Version {n}: {decision}": {
        "en": "Version {n}: {decision}",
        "zh": "第 {n} 版：{decision}",
        "ru": "Версия {n}: {decision}",
        "ur": "نسخہ {n}: {decision}",
    },
    "The nominee was admitted; the offer goes to the applicant.": {
        "en": "The nominee was admitted; the offer goes to the applicant.",
        "zh": "已录取该被提名人；录取通知将发给申请人。",
        "ru": "Кандидат принят; предложение места отправлено кандидату.",
        "ur": "امیدوار کو داخلہ دے دیا گیا؛ پیشکش درخواست دہندہ کو بھیجی جا رہی ہے۔",
    },
    "Recorded as not admitted; the seat is freed.": {
        "en": "Recorded as not admitted; the seat is freed.",
        "zh": "已记录为不录取，名额已释放。",
        "ru": "Записано: не принят(а); место освобождено.",
        "ur": "داخلہ نہ دینا درج ہو گیا؛ نشست خالی ہو گئی۔",
    },
    # the refusals of the nomination and admission APIs (domain/problems.py BY_CODE)
    "The country's allocation is {allocation}: no more nominees than that.": {
        "en": "The country's allocation is {allocation}: no more nominees than that.",
        "zh": "该国的名额为 {allocation}：被提名人不得超过此数。",
        "ru": "Квота страны — {allocation}: больше кандидатов выдвинуть нельзя.",
        "ur": "ملک کی مختص تعداد {allocation} ہے: اس سے زیادہ نامزدگیاں نہیں ہو سکتیں۔",
    },
    "This application is not in this country's pool.": {
        "en": "This application is not in this country's pool.",
        "zh": "此申请不在该国的申请人中。",
        "ru": "Этой заявки нет в пуле страны.",
        "ur": "یہ درخواست اس ملک کے پول میں نہیں ہے۔",
    },
    "An application is on the lists twice.": {
        "en": "An application is on the lists twice.",
        "zh": "有申请在名单上出现了两次。",
        "ru": "Заявка указана в списках дважды.",
        "ur": "ایک درخواست فہرستوں میں دو بار ہے۔",
    },
    "The list is published: publish the changes so that the applicants are told.": {
        "en": "The list is published: publish the changes so that the applicants are told.",
        "zh": "名单已公布：请公布更改，以便通知申请人。",
        "ru": "Список опубликован: опубликуйте изменения, чтобы кандидаты были уведомлены.",
        "ur": "فہرست شائع ہو چکی ہے: تبدیلیاں شائع کریں تاکہ درخواست دہندگان کو بتایا جائے۔",
    },
    "Nominations for this cycle are closed.": {
        "en": "Nominations for this cycle are closed.",
        "zh": "本周期的提名已截止。",
        "ru": "Выдвижение в этом наборе закрыто.",
        "ur": "اس دور کے لیے نامزدگیاں بند ہو چکی ہیں۔",
    },
    "The admission deadline passed on {closes_at}: matches not decided by then are declined.": {
        "en": "The admission deadline passed on {closes_at}: matches not decided by then are declined.",
        "zh": "录取截止日期 {closes_at} 已过：截至当时未作决定的匹配均已视为不录取。",
        "ru": "Срок зачисления истёк {closes_at}: совпадения без решения к этому сроку отклонены.",
        "ur": "داخلے کی آخری تاریخ {closes_at} گزر چکی ہے: اس وقت تک جن میچوں کا فیصلہ نہیں ہوا وہ مسترد ہو جاتے ہیں۔",
    },
    "A note reaches the applicant as you write it, in the language you write it in (their e-mail quotes it).": {
        "en": "A note reaches the applicant as you write it, in the language you write it in (their e-mail quotes it).",
        "zh": "留言会按您所写的原文、以您所用的语言发给申请人（其电子邮件会引用）。",
        "ru": "Комментарий дойдёт до заявителя так, как вы его написали, на языке, на котором вы пишете (письмо его процитирует).",
        "ur": "نوٹ درخواست گزار تک ویسے ہی پہنچتا ہے جیسے آپ لکھیں، اسی زبان میں جس میں آپ لکھیں (ان کی ای میل اسے نقل کرتی ہے)۔",
    },
    "This match is not awaiting your decision.": {
        "en": "This match is not awaiting your decision.",
        "zh": "此匹配不在等待您的决定。",
        "ru": "Это распределение не ждёт вашего решения.",
        "ur": "یہ انتخاب آپ کے فیصلے کا منتظر نہیں ہے۔",
    },
    "The seat was already given up: a decision not to admit cannot be turned into an admission.": {
        "en": "The seat was already given up: a decision not to admit cannot be turned into an admission.",
        "zh": "该名额已释放：不录取的决定不能改为录取。",
        "ru": "Место уже освобождено: решение об отказе нельзя изменить на зачисление.",
        "ur": "نشست پہلے ہی چھوڑ دی گئی ہے: داخلہ نہ دینے کے فیصلے کو داخلے میں نہیں بدلا جا سکتا۔",
    },
}

# a reason typed beside a nominee or a reserve (the service keeps one for those left off only)
NOMINATOR_WORDS |= {
    "A reason is kept only for an applicant who is not nominated: clear it, or choose “not nominated”.": {
        "en": "A reason is kept only for an applicant who is not nominated: clear it, or choose “not nominated”.",
        "zh": "只有未获提名的申请人才会保存理由：请清空该理由，或选择“不提名”。",
        "ru": "Причина сохраняется только для заявителей, которые не выдвинуты: удалите её или выберите «не выдвинут(а)».",
        "ur": "وجہ صرف اس درخواست دہندہ کے لیے محفوظ کی جاتی ہے جو نامزد نہیں ہوا: اسے مٹائیں، یا “نامزد نہیں” منتخب کریں۔",
    },
    "The reason is too long: at most {max} characters.": {
        "en": "The reason is too long: at most {max} characters.",
        "zh": "理由过长：最多 {max} 个字符。",
        "ru": "Причина слишком длинная: не более {max} символов.",
        "ur": "وجہ بہت طویل ہے: زیادہ سے زیادہ {max} حروف۔",
    },
}

# the host's admissions page: its programme filter, its count, its export's headings
HOST_WORDS |= {
    "The applicant was offered the place when you admitted them: not admitting them now withdraws that offer, and they are told so.": {
        "en": "The applicant was offered the place when you admitted them: not admitting them now withdraws that offer, and they are told so.",
        "zh": "您录取该申请人时，录取通知已发给申请人：现在改为不录取将撤回该录取通知，并会通知申请人。",
        "ru": "При зачислении кандидату было отправлено предложение: отказ сейчас отзывает это предложение, и кандидату об этом сообщат.",
        "ur": "داخلہ دیتے وقت درخواست دہندہ کو پیشکش بھیج دی گئی تھی: اب داخلہ نہ دینے سے وہ پیشکش واپس ہو جائے گی، اور انہیں اس کی اطلاع دی جائے گی۔",
    },
    "I understand that the offer is withdrawn.": {
        "en": "I understand that the offer is withdrawn.",
        "zh": "我明白录取通知将被撤回。",
        "ru": "Я понимаю, что предложение будет отозвано.",
        "ur": "میں سمجھتا/سمجھتی ہوں کہ پیشکش واپس لے لی جائے گی۔",
    },
    "Tick the box to confirm that the offer is withdrawn.": {
        "en": "Tick the box to confirm that the offer is withdrawn.",
        "zh": "请勾选此框，确认撤回录取通知。",
        "ru": "Отметьте поле, чтобы подтвердить отзыв предложения.",
        "ur": "پیشکش واپس لینے کی تصدیق کے لیے خانے پر نشان لگائیں۔",
    },
    "All programmes": {"en": "All programmes", "zh": "全部专业", "ru": "Все программы", "ur": "تمام پروگرام"},
    "All institutions": {"en": "All institutions", "zh": "全部院校", "ru": "Все вузы", "ur": "تمام ادارے"},
    "{n} in this list": {
        "en": "{n} in this list",
        "zh": "本列表共 {n} 项",
        "ru": "В этом списке: {n}",
        "ur": "اس فہرست میں {n}",
    },
    "Host institution": {"en": "Host institution", "zh": "接收院校", "ru": "Принимающий вуз", "ur": "میزبان ادارہ"},
    "Decide by": {"en": "Decide by", "zh": "决定截止日期", "ru": "Решить до", "ur": "فیصلے کی آخری تاریخ"},
    "Last decision": {"en": "Last decision", "zh": "最新决定", "ru": "Последнее решение", "ur": "آخری فیصلہ"},
    "Note to the applicant": {
        "en": "Note to the applicant",
        "zh": "给申请人的说明",
        "ru": "Комментарий для кандидата",
        "ur": "درخواست دہندہ کے لیے نوٹ",
    },
    "Decided on (UTC)": {
        "en": "Decided on (UTC)",
        "zh": "决定时间（UTC）",
        "ru": "Дата решения (UTC)",
        "ur": "فیصلے کا وقت (UTC)",
    },
}

# a decision made since the host's page was opened (another tab, a colleague): nothing overturned
HOST_WORDS |= {
    "Meanwhile this applicant was admitted (in another tab or by a colleague): the offer has gone to them. "
    "Nothing was changed; read the card again before you change it.": {
        "en": "Meanwhile this applicant was admitted (in another tab or by a colleague): the offer has gone to them. "
        "Nothing was changed; read the card again before you change it.",
        "zh": "在此期间该申请人已被录取（在另一个标签页中或由同事操作），录取通知已发给申请人。"
        "本次未作任何更改；如需更改，请先重新查看该卡片。",
        "ru": "Тем временем этот кандидат был принят (в другой вкладке или коллегой): предложение отправлено ему. "
        "Ничего не изменено; прежде чем менять решение, посмотрите карточку ещё раз.",
        "ur": "اس دوران اس درخواست دہندہ کو داخلہ دے دیا گیا (کسی اور ٹیب میں یا کسی ساتھی نے): پیشکش اسے بھیج دی گئی ہے۔"
        " کچھ تبدیل نہیں کیا گیا؛ فیصلہ بدلنے سے پہلے کارڈ دوبارہ دیکھیں۔",
    },
    "Meanwhile this applicant was recorded as not admitted (in another tab, by a colleague or by the deadline). "
    "Nothing was changed.": {
        "en": "Meanwhile this applicant was recorded as not admitted (in another tab, by a colleague or by the deadline). "
        "Nothing was changed.",
        "zh": "在此期间该申请人已被记录为不录取（在另一个标签页中、由同事操作或因截止日期）。本次未作任何更改。",
        "ru": "Тем временем по этому кандидату записан отказ в зачислении (в другой вкладке, коллегой или по истечении"
        " срока). Ничего не изменено.",
        "ur": "اس دوران اس درخواست دہندہ کے لیے داخلہ نہ دینے کا فیصلہ درج ہو گیا (کسی اور ٹیب میں، کسی ساتھی نے یا آخری"
        " تاریخ گزرنے پر)۔ کچھ تبدیل نہیں کیا گیا۔",
    },
    "This decision changed since you opened the page. Nothing was changed; read the card again.": {
        "en": "This decision changed since you opened the page. Nothing was changed; read the card again.",
        "zh": "自您打开此页面以来，该决定已有变化。本次未作任何更改；请重新查看该卡片。",
        "ru": "С тех пор как вы открыли страницу, решение изменилось. Ничего не изменено; посмотрите карточку ещё раз.",
        "ur": "صفحہ کھولنے کے بعد سے یہ فیصلہ بدل گیا ہے۔ کچھ تبدیل نہیں کیا گیا؛ کارڈ دوبارہ دیکھیں۔",
    },
}

# what a host's rejection leaves of the application in its cycle (domain/award.py after_rejection):
# the page said only "Not admitted by the host institution"
AFTER_REJECTION_WORDS: dict[str, dict[str, str]] = {
    "This ends your application in this cycle: with the host's decision your nomination was withdrawn, and later "
    "matching rounds do not consider your other choices.": {
        "en": "This ends your application in this cycle: with the host's decision your nomination was withdrawn, and "
        "later matching rounds do not consider your other choices.",
        "zh": "您在本周期的申请至此结束：随着接收院校的决定，您的提名已被撤回，之后的匹配轮次不会再考虑您的其他志愿。",
        "ru": "На этом ваше участие в этом наборе завершено: вместе с решением принимающего вуза ваше выдвижение "
        "отозвано, и следующие раунды распределения не рассматривают другие выбранные вами программы.",
        "ur": "اس دور میں آپ کی درخواست یہیں ختم ہوتی ہے: میزبان ادارے کے فیصلے کے ساتھ آپ کی نامزدگی واپس لے لی گئی،"
        " اور آئندہ میچنگ راؤنڈ آپ کے دوسرے انتخاب پر غور نہیں کریں گے۔",
    },
    "Your application stays in this cycle for your other choices: a later matching round may place you in one of "
    "them (not in this programme again).": {
        "en": "Your application stays in this cycle for your other choices: a later matching round may place you in "
        "one of them (not in this programme again).",
        "zh": "您的申请仍保留在本周期，用于您的其他志愿：之后的匹配轮次可能为您安排其中之一（不会再是该项目）。",
        "ru": "Ваша заявка остаётся в этом наборе для других выбранных вами программ: в следующем раунде "
        "распределения вам может достаться место на одной из них (но не на этой программе).",
        "ur": "آپ کی درخواست اس دور میں آپ کے دوسرے انتخاب کے لیے برقرار ہے: آئندہ کوئی میچنگ راؤنڈ آپ کو ان میں سے"
        " کسی میں جگہ دے سکتا ہے (اس پروگرام میں دوبارہ نہیں)۔",
    },
    "You chose no other programme in this cycle, so no later matching round can place you.": {
        "en": "You chose no other programme in this cycle, so no later matching round can place you.",
        "zh": "您在本周期没有选择其他项目，因此之后的匹配轮次无法为您安排名额。",
        "ru": "Других программ в этом наборе вы не выбирали, поэтому следующие раунды распределения не могут "
        "предложить вам место.",
        "ur": "آپ نے اس دور میں کوئی اور پروگرام منتخب نہیں کیا، اس لیے آئندہ کوئی میچنگ راؤنڈ آپ کو جگہ نہیں دے سکتا۔",
    },
    "In this scheme it also ends the applicant's nomination: later rounds do not consider their other choices, at other institutions too, and the first on the authority's reserve list moves up.": {
        "en": "In this scheme it also ends the applicant's nomination: later rounds do not consider their other choices, at other institutions too, and the first on the authority's reserve list moves up.",
        "zh": "在本项目中，这也将终止该申请人的提名：之后的匹配轮次不再考虑其其他志愿（包括其他院校的志愿），提名机构后备名单上的第一位将递补。",
        "ru": "В этой программе это также прекращает выдвижение заявителя: следующие раунды не рассматривают другие его выборы, в том числе в других вузах, а первый из резервного списка выдвигающего органа поднимается на его место.",
        "ur": "اس اسکیم میں اس سے درخواست گزار کی نامزدگی بھی ختم ہو جاتی ہے: اگلے راؤنڈ اس کے دوسرے انتخاب، دوسرے اداروں والے بھی، نہیں دیکھتے، اور نامزد کرنے والے ادارے کی ریزرو فہرست کا پہلا شخص آگے آ جاتا ہے۔",
    },
}

AWARD_WORDS: dict[str, dict[str, str]] = (
    STATUS_WORDS | APPLICANT_WORDS | NOMINATOR_WORDS | HOST_WORDS | AFTER_REJECTION_WORDS
)
