"""The portal's words for the officer workbench (issue 16): the waitlist with names, the quota
matrix, the application table and its exports, in Chinese, Russian and Urdu (English is the
key; the "flag:<code>" values carry "en" too)."""

from __future__ import annotations

WORKBENCH_WORDS: dict[str, dict[str, str]] = {
    # the waitlist of a round
    "Waitlist position": {"zh": "候补名次", "ru": "Место в листе ожидания", "ur": "انتظار کی فہرست میں نمبر"},
    "Priority score": {"zh": "优先分", "ru": "Приоритетный балл", "ur": "ترجیحی اسکور"},
    "When a seat frees, the first on the programme's waitlist is placed in the next round. The score is the priority that set the order.": {
        "zh": "名额空出时，该专业候补名单上的第一位将在下一轮被安排。得分即决定排序的优先分。",
        "ru": "Когда место освобождается, первый в листе ожидания программы получает его в следующем раунде. Балл — это приоритет, определивший порядок.",
        "ur": "جب کوئی نشست خالی ہو تو پروگرام کی انتظار کی فہرست میں پہلا شخص اگلے مرحلے میں رکھا جاتا ہے۔ اسکور وہ ترجیح ہے جس نے ترتیب طے کی۔",
    },
    "Nobody is waiting: every waitlist of this round is empty.": {
        "zh": "无人候补：本轮所有候补名单均为空。",
        "ru": "Никто не ждёт: все листы ожидания этого раунда пусты.",
        "ur": "کوئی انتظار میں نہیں: اس مرحلے کی ہر انتظار کی فہرست خالی ہے۔",
    },
    # what a round ranks by, before it starts (the cycle page) and after (the round page)
    "Reviews not complete: {n} of the {total} applications this round would rank have fewer reviews than the scoresheet asks ({asked} each).": {
        "zh": "评审尚未完成：本轮将排序的 {total} 份申请中，有 {n} 份的评审数少于评分表要求（每份 {asked} 次）。",
        "ru": "Рецензии не завершены: у {n} из {total} заявок, которые раунд ранжирует, меньше рецензий, чем требует оценочный лист ({asked} на заявку).",
        "ur": "جائزے مکمل نہیں: اس مرحلے میں درجہ بند ہونے والی {total} درخواستوں میں سے {n} کے جائزے اسکور شیٹ کی مطلوبہ تعداد ({asked} فی درخواست) سے کم ہیں۔",
    },
    "{n} of the {total} applications this round would rank have no committee score yet. Until every one has one, the round leaves the committee score out of everyone's priority, so that all are ranked on the same scale.": {
        "zh": "本轮将排序的 {total} 份申请中，有 {n} 份尚无评审委员会得分。在每份申请都有得分之前，本轮在所有人的优先分中都不计入评审委员会得分，以便所有人按同一标准排序。",
        "ru": "У {n} из {total} заявок, которые раунд ранжирует, ещё нет балла комиссии. Пока он есть не у всех, раунд не учитывает балл комиссии в приоритете ни у кого, чтобы все ранжировались по одной шкале.",
        "ur": "اس مرحلے میں درجہ بند ہونے والی {total} درخواستوں میں سے {n} کا ابھی کمیٹی اسکور نہیں۔ جب تک ہر ایک کا نہ ہو، مرحلہ کسی کی ترجیح میں کمیٹی اسکور شامل نہیں کرتا، تاکہ سب ایک ہی پیمانے پر درجہ بند ہوں۔",
    },
    "Their committee score is the mean of the reviews they have so far, and counts in the priority as a complete one would.": {
        "zh": "这些申请的评审委员会得分为现有评审的平均分，并与完整评审的得分同样计入优先分。",
        "ru": "Их балл комиссии — среднее по уже полученным рецензиям, и в приоритете он учитывается как полный.",
        "ur": "ان کا کمیٹی اسکور اب تک کے جائزوں کا اوسط ہے، اور ترجیح میں مکمل اسکور کی طرح شمار ہوتا ہے۔",
    },
    "{n} of the {total} applications this round would rank have no interview score. Until every one has one, the round leaves the interview score out of everyone's priority.": {
        "zh": "本轮将排序的 {total} 份申请中，有 {n} 份没有面试分数。在每份申请都有面试分数之前，本轮在所有人的优先分中都不计入面试分数。",
        "ru": "У {n} из {total} заявок, которые раунд ранжирует, нет балла собеседования. Пока он есть не у всех, раунд не учитывает балл собеседования в приоритете ни у кого.",
        "ur": "اس مرحلے میں درجہ بند ہونے والی {total} درخواستوں میں سے {n} کا انٹرویو اسکور نہیں۔ جب تک ہر ایک کا نہ ہو، مرحلہ کسی کی ترجیح میں انٹرویو اسکور شامل نہیں کرتا۔",
    },
    "A round now ranks everyone by: {components}.": {
        "zh": "现在开始的匹配轮次将按以下各项为所有人排序：{components}。",
        "ru": "Раунд, начатый сейчас, ранжирует всех по: {components}.",
        "ur": "ابھی شروع ہونے والا مرحلہ سب کو اس بنیاد پر درجہ بند کرے گا: {components}۔",
    },
    "See the scores": {"zh": "查看得分", "ru": "Посмотреть баллы", "ur": "اسکور دیکھیں"},
    "Start the round all the same: I know the scores are not complete": {
        "zh": "仍然开始本轮：我知道评分尚未完成",
        "ru": "Всё равно начать раунд: я знаю, что оценки не завершены",
        "ur": "پھر بھی مرحلہ شروع کریں: مجھے معلوم ہے کہ اسکور مکمل نہیں",
    },
    "Some applications this round would rank lack reviews or scores, as said above. Tick the box to start it all the same.": {
        "zh": "本轮将排序的部分申请缺少评审或得分（见上文）。勾选此框即可仍然开始本轮。",
        "ru": "У части заявок, которые раунд ранжирует, не хватает рецензий или баллов (см. выше). Отметьте поле, чтобы всё равно начать раунд.",
        "ur": "اس مرحلے میں درجہ بند ہونے والی کچھ درخواستوں کے جائزے یا اسکور کم ہیں، جیسا اوپر بتایا گیا۔ پھر بھی شروع کرنے کے لیے خانے پر نشان لگائیں۔",
    },
    "What the priority was made of": {
        "zh": "优先分的构成",
        "ru": "Из чего сложился приоритет",
        "ur": "ترجیح کن اجزا سے بنی",
    },
    "This round ranked everyone by: {components}.": {
        "zh": "本轮按以下各项为所有人排序：{components}。",
        "ru": "Этот раунд ранжировал всех по: {components}.",
        "ur": "اس مرحلے نے سب کو اس بنیاد پر درجہ بند کیا: {components}۔",
    },
    "{n} of the {total} applications it ranked had fewer reviews than the scoresheet asks ({asked} each).": {
        "zh": "本轮排序的 {total} 份申请中，有 {n} 份的评审数少于评分表要求（每份 {asked} 次）。",
        "ru": "У {n} из {total} ранжированных заявок было меньше рецензий, чем требует оценочный лист ({asked} на заявку).",
        "ur": "درجہ بند کی گئی {total} درخواستوں میں سے {n} کے جائزے اسکور شیٹ کی مطلوبہ تعداد ({asked} فی درخواست) سے کم تھے۔",
    },
    "{n} of the {total} applications it ranked had no committee score, so the committee score was left out of everyone's priority.": {
        "zh": "本轮排序的 {total} 份申请中，有 {n} 份没有评审委员会得分，因此所有人的优先分都未计入评审委员会得分。",
        "ru": "У {n} из {total} ранжированных заявок не было балла комиссии, поэтому балл комиссии не учитывался в приоритете ни у кого.",
        "ur": "درجہ بند کی گئی {total} درخواستوں میں سے {n} کا کمیٹی اسکور نہیں تھا، اس لیے کسی کی ترجیح میں کمیٹی اسکور شامل نہیں کیا گیا۔",
    },
    "{n} of the {total} applications it ranked had no interview score, so the interview score was left out of everyone's priority.": {
        "zh": "本轮排序的 {total} 份申请中，有 {n} 份没有面试分数，因此所有人的优先分都未计入面试分数。",
        "ru": "У {n} из {total} ранжированных заявок не было балла собеседования, поэтому балл собеседования не учитывался в приоритете ни у кого.",
        "ur": "درجہ بند کی گئی {total} درخواستوں میں سے {n} کا انٹرویو اسکور نہیں تھا، اس لیے کسی کی ترجیح میں انٹرویو اسکور شامل نہیں کیا گیا۔",
    },
    # the quota matrix
    "Quota by programme and country": {
        "zh": "按专业和国家的配额",
        "ru": "Квоты по программам и странам",
        "ur": "پروگرام اور ملک کے لحاظ سے کوٹہ",
    },
    "Each cell: places used / allocation, and what remains. The allocation is the tightest quota cap on the programme and country, else the programme's seats. A place is used by every match that holds it: proposed, with the host, offered or accepted.": {
        "zh": "每格：已用名额 / 分配名额，以及剩余名额。分配名额为该专业和国家适用的最严格配额上限，若无则为该专业的名额数。占用名额的匹配均计入：已提议、待院校录取、已发出录取和已接受。",
        "ru": "В каждой ячейке: занято мест / выделено и сколько осталось. Выделено — самый строгий предел квоты для программы и страны, иначе число мест программы. Место занимает каждое распределение, которое его держит: предложенное раундом, ожидающее решения вуза, предложенное заявителю или принятое.",
        "ur": "ہر خانے میں: استعمال شدہ نشستیں / مختص، اور جو باقی ہے۔ مختص نشستیں پروگرام اور ملک پر سب سے سخت کوٹہ حد ہیں، ورنہ پروگرام کی نشستیں۔ ہر وہ میچ نشست استعمال کرتا ہے جو اسے رکھے: تجویز کردہ، میزبان کے پاس، پیشکش شدہ یا قبول شدہ۔",
    },
    "{accepted} of {seats} seats accepted, {held} held in all": {
        "zh": "{seats} 个名额中已接受 {accepted} 个，共占用 {held} 个",
        "ru": "Принято мест: {accepted} из {seats}; занято всего: {held}",
        "ur": "{seats} میں سے {accepted} نشستیں قبول شدہ، کل {held} زیرِ استعمال",
    },
    "Places by stage": {"zh": "各阶段名额", "ru": "Места по этапам", "ur": "مرحلہ وار نشستیں"},
    "Proposed by a round, not reviewed yet": {
        "zh": "轮次提议，尚未审核",
        "ru": "Предложены раундом, ещё не рассмотрены",
        "ur": "مرحلے کی تجویز، ابھی جائزہ نہیں ہوا",
    },
    "Approved, with the host for admission": {
        "zh": "已批准，待接收院校录取",
        "ru": "Одобрены, ждут решения принимающего вуза",
        "ur": "منظور شدہ، داخلے کے لیے میزبان ادارے کے پاس",
    },
    "Offered, awaiting the applicant's answer": {
        "zh": "已发出录取，待申请人答复",
        "ru": "Предложены заявителю, ждут ответа",
        "ur": "پیشکش کی گئی، درخواست گزار کے جواب کا انتظار",
    },
    "Accepted by the applicant": {"zh": "申请人已接受", "ru": "Приняты заявителем", "ur": "درخواست گزار نے قبول کی"},
    "Not held by any match": {"zh": "未被占用", "ru": "Свободны", "ur": "کسی میچ کے پاس نہیں"},
    "Programme total": {"zh": "专业合计", "ru": "Итого по программе", "ur": "پروگرام کا کل"},
    "Country total": {"zh": "国家合计", "ru": "Итого по стране", "ur": "ملک کا کل"},
    "Remaining: {n}": {"zh": "剩余：{n}", "ru": "Осталось: {n}", "ur": "باقی: {n}"},
    "Over the cap by {n}": {"zh": "超出限额 {n}", "ru": "Сверх предела: {n}", "ur": "حد سے {n} زیادہ"},
    "shared cap": {"zh": "共享上限", "ru": "общий предел", "ur": "مشترکہ حد"},
    "A shared cap also counts other programmes or countries: what remains is bounded by what the cap has left.": {
        "zh": "共享上限同时统计其他专业或国家：剩余名额不超过该上限的剩余量。",
        "ru": "Общий предел учитывает и другие программы или страны: остаток не больше того, что осталось в пределе.",
        "ur": "مشترکہ حد دوسرے پروگراموں یا ممالک کو بھی شمار کرتی ہے: باقی نشستیں اس حد کے بچے ہوئے حصے سے زیادہ نہیں۔",
    },
    "Fill by country": {"zh": "按国家的填充情况", "ru": "Заполнение по странам", "ur": "ملک کے لحاظ سے پُر"},
    "Fill by programme": {"zh": "按专业的填充情况", "ru": "Заполнение по программам", "ur": "پروگرام کے لحاظ سے پُر"},
    # the application table
    "Applications": {"zh": "申请", "ru": "Заявки", "ur": "درخواستیں"},
    "Any status": {"zh": "任意状态", "ru": "Любой статус", "ur": "کوئی بھی حیثیت"},
    "Any country": {"zh": "任意国家", "ru": "Любая страна", "ur": "کوئی بھی ملک"},
    "Clear the filters": {"zh": "清除筛选", "ru": "Сбросить фильтры", "ur": "فلٹر صاف کریں"},
    "Export these rows": {"zh": "导出这些行", "ru": "Выгрузить эти строки", "ur": "یہ قطاریں برآمد کریں"},
    "{first} to {last} of {total}": {
        "zh": "第 {first} 至 {last} 条，共 {total} 条",
        "ru": "с {first} по {last} из {total}",
        "ur": "{total} میں سے {first} تا {last}",
    },
    "Rejected documents": {"zh": "被退回的材料", "ru": "Отклонённые документы", "ur": "مسترد شدہ دستاویزات"},
    "Flags": {"zh": "标记", "ru": "Отметки", "ur": "نشانات"},
    "none": {"zh": "无", "ru": "нет", "ur": "کوئی نہیں"},
    "withheld until you submit yours": {
        "zh": "在您提交评分前不予显示",
        "ru": "скрыто, пока вы не отправите свою оценку",
        "ur": "آپ کا اسکور جمع ہونے تک پوشیدہ",
    },
    "Reviews: {n}": {"zh": "评审：{n}", "ru": "Оценок: {n}", "ur": "جائزے: {n}"},
    "No application matches these filters.": {
        "zh": "没有符合这些筛选条件的申请。",
        "ru": "Нет заявок, подходящих под эти фильтры.",
        "ur": "ان فلٹرز کے مطابق کوئی درخواست نہیں۔",
    },
    "Previous page": {"zh": "上一页", "ru": "Предыдущая страница", "ur": "پچھلا صفحہ"},
    # the review queue as a table
    "Select": {"zh": "选择", "ru": "Выбрать", "ur": "منتخب کریں"},
    "Approve {name}": {"zh": "批准 {name}", "ru": "Одобрить: {name}", "ur": "{name} کو منظور کریں"},
    "Reject {name}": {"zh": "驳回 {name}", "ru": "Отклонить: {name}", "ur": "{name} کو مسترد کریں"},
    "Reject {name}…": {"zh": "驳回 {name}…", "ru": "Отклонить: {name}…", "ur": "{name} کو مسترد کریں…"},
    "no document rejected": {
        "zh": "无被退回的材料",
        "ru": "отклонённых документов нет",
        "ur": "کوئی دستاویز مسترد نہیں",
    },
    # how far the review of an application's documents has come (its documents' newest versions)
    "Documents awaiting review: {n} of {total}": {
        "zh": "待审核材料：{total} 份中的 {n} 份",
        "ru": "Документы ждут проверки: {n} из {total}",
        "ur": "جائزے کی منتظر دستاویزات: {total} میں سے {n}",
    },
    "Documents await review: an approval is an offer, or goes to the host, on documents nobody has checked. "
    "Verify them first, or tick the box below and approve again.": {
        "zh": "材料尚待审核：批准即发出录取通知（或转交接收院校），而这些材料尚无人核验。请先核验材料，或勾选下方选项后再次批准。",
        "ru": "Документы ждут проверки: одобрение — это предложение места (или передача в принимающий вуз) по документам, "
        "которые никто не проверил. Сначала проверьте их или отметьте пункт ниже и одобрите снова.",
        "ur": "دستاویزات جائزے کی منتظر ہیں: منظوری ایک پیشکش ہے، یا میزبان کو بھیجی جاتی ہے، ان دستاویزات پر جنہیں کسی نے"
        " جانچا نہیں۔ پہلے ان کی تصدیق کریں، یا نیچے دیا گیا خانہ منتخب کر کے دوبارہ منظور کریں۔",
    },
    "Documents await review.": {
        "zh": "材料尚待审核。",
        "ru": "Документы ждут проверки.",
        "ur": "دستاویزات جائزے کی منتظر ہیں۔",
    },
    "Approve all the same: I know their documents await review": {
        "zh": "仍然批准：我知道其材料尚待审核",
        "ru": "Всё равно одобрить: я знаю, что документы ждут проверки",
        "ur": "پھر بھی منظور کریں: مجھے معلوم ہے کہ ان کی دستاویزات جائزے کی منتظر ہیں",
    },
    "Approve all the same: I know the reviewers disagree": {
        "zh": "仍然批准：我知道评审人意见分歧",
        "ru": "Всё равно одобрить: я знаю, что оценки экспертов расходятся",
        "ur": "پھر بھی منظور کریں: مجھے معلوم ہے کہ جائزہ کاروں میں اختلاف ہے",
    },
    "Approve all the same: I know their documents await review and the reviewers disagree": {
        "zh": "仍然批准：我知道其材料尚待审核，且评审人意见分歧",
        "ru": "Всё равно одобрить: я знаю, что документы ждут проверки и оценки экспертов расходятся",
        "ur": "پھر بھی منظور کریں: مجھے معلوم ہے کہ ان کی دستاویزات جائزے کی منتظر ہیں اور جائزہ کاروں میں اختلاف ہے",
    },
    "The reviewers' scores disagree beyond the scoresheet's threshold, and nobody has moderated them: an approval settles it. Compare the reviews first, or tick the box below and approve again.": {
        "zh": "评审人的评分分歧超过评分表的阈值，且尚无人复核：批准即视为已裁定。请先比较各评审意见，或勾选下方的选项后再次批准。",
        "ru": "Оценки экспертов расходятся больше порога оценочного листа, и их никто не согласовал: одобрение решит вопрос без этого. Сначала сравните оценки или отметьте поле ниже и одобрите снова.",
        "ur": "جائزہ کاروں کے اسکور میں اسکور شیٹ کی حد سے زیادہ اختلاف ہے اور کسی نے ان پر نظرِ ثانی نہیں کی: منظوری اسی کو طے کر دے گی۔ پہلے جائزوں کا موازنہ کریں، یا نیچے والا خانہ نشان زد کر کے دوبارہ منظور کریں۔",
    },
    "The reviewers disagree: not moderated yet.": {
        "zh": "评审人意见分歧：尚未复核。",
        "ru": "Оценки экспертов расходятся: ещё не согласованы.",
        "ur": "جائزہ کاروں میں اختلاف ہے: ابھی نظرِ ثانی نہیں ہوئی۔",
    },
    "Documents await review, and the reviewers disagree.": {
        "zh": "材料尚待审核，且评审人意见分歧。",
        "ru": "Документы ждут проверки, и оценки экспертов расходятся.",
        "ur": "دستاویزات جائزے کی منتظر ہیں، اور جائزہ کاروں میں اختلاف ہے۔",
    },
    "all documents verified": {
        "zh": "材料均已核验",
        "ru": "все документы проверены",
        "ur": "تمام دستاویزات کی تصدیق ہو چکی",
    },
    "no documents uploaded": {
        "zh": "未上传材料",
        "ru": "документы не загружены",
        "ur": "کوئی دستاویز اپ لوڈ نہیں ہوئی",
    },
    "Keyboard": {"zh": "键盘操作", "ru": "Клавиатура", "ur": "کی بورڈ"},
    "Tab moves through each row's controls in order: select, applicant, choices and reasons, documents, letters, approve, reject.": {
        "zh": "Tab 键按顺序经过每一行的控件：选择、申请人、志愿与原因、材料、推荐信、批准、驳回。",
        "ru": "Клавиша Tab проходит по элементам каждой строки по порядку: выбор, заявитель, выбор программ и причины, документы, письма, одобрить, отклонить.",
        "ur": "Tab ہر قطار کے کنٹرولز سے ترتیب وار گزرتا ہے: منتخب کریں، درخواست دہندہ، انتخاب اور وجوہات، دستاویزات، خطوط، منظور، مسترد۔",
    },
    "This match was decided meanwhile (in another tab, or by a colleague): your decision was not recorded.": {
        "zh": "该匹配在此期间已被处理（在另一个标签页中或由同事操作）：您的决定未被记录。",
        "ru": "Тем временем по этому распределению уже приняли решение (в другой вкладке или коллега): ваше решение не записано.",
        "ur": "اس دوران اس میچ کا فیصلہ ہو چکا ہے (کسی اور ٹیب میں یا کسی ساتھی نے): آپ کا فیصلہ درج نہیں ہوا۔",
    },
    "This match was decided meanwhile (in another tab, or by a colleague), or the applicant withdrew: your decision was not recorded.": {
        "zh": "该匹配在此期间已被处理（在另一个标签页中或由同事操作），或申请人已撤回：您的决定未被记录。",
        "ru": "Тем временем по этому распределению уже приняли решение (в другой вкладке или коллега) или заявитель отозвал заявку: ваше решение не записано.",
        "ur": "اس دوران اس میچ کا فیصلہ ہو چکا ہے (کسی اور ٹیب میں یا کسی ساتھی نے)، یا درخواست گزار نے درخواست واپس لے لی: آپ کا فیصلہ درج نہیں ہوا۔",
    },
    "The letters below act on the row whose selection box has the focus.": {
        "zh": "以下字母键作用于选择框获得焦点的那一行。",
        "ru": "Эти клавиши действуют на строку, флажок выбора которой в фокусе.",
        "ur": "نیچے دی گئی کلیدیں اس قطار پر کام کرتی ہیں جس کے انتخاب کے خانے پر فوکس ہو۔",
    },
    "Use the single-letter keys": {
        "zh": "使用单字母快捷键",
        "ru": "Использовать однобуквенные клавиши",
        "ur": "ایک حرفی کلیدیں استعمال کریں",
    },
    "approve the row you are on": {
        "zh": "批准当前所在的行",
        "ru": "одобрить строку, на которой вы находитесь",
        "ur": "جس قطار پر آپ ہیں اسے منظور کریں",
    },
    "reject the row you are on: write the internal reason, then press Enter": {
        "zh": "驳回当前所在的行：填写内部原因，然后按 Enter",
        "ru": "отклонить строку, на которой вы находитесь: напишите внутреннюю причину и нажмите Enter",
        "ur": "جس قطار پر آپ ہیں اسے مسترد کریں: اندرونی وجہ لکھیں، پھر Enter دبائیں",
    },
    "next row / previous row": {
        "zh": "下一行 / 上一行",
        "ru": "следующая строка / предыдущая строка",
        "ur": "اگلی قطار / پچھلی قطار",
    },
    # saved filters of the application table
    "Saved filters": {"zh": "已保存的筛选", "ru": "Сохранённые фильтры", "ur": "محفوظ فلٹر"},
    "Delete the filter {name}": {
        "zh": "删除筛选 {name}",
        "ru": "Удалить фильтр «{name}»",
        "ur": "فلٹر {name} حذف کریں",
    },
    "No saved filter yet: filter the table, then save it here under a name.": {
        "zh": "尚无已保存的筛选：先筛选表格，再在此以名称保存。",
        "ru": "Сохранённых фильтров пока нет: отфильтруйте таблицу и сохраните фильтр здесь под именем.",
        "ur": "ابھی کوئی محفوظ فلٹر نہیں: جدول کو فلٹر کریں، پھر اسے یہاں کسی نام سے محفوظ کریں۔",
    },
    "Save this filter as": {
        "zh": "将此筛选保存为",
        "ru": "Сохранить этот фильтр как",
        "ur": "اس فلٹر کو اس نام سے محفوظ کریں",
    },
    "Keeps the status, country, search and order shown now; only you see it.": {
        "zh": "保存当前显示的状态、国家、搜索词和排序；仅您本人可见。",
        "ru": "Сохраняет показанные сейчас статус, страну, поиск и порядок; видите его только вы.",
        "ur": "اس وقت دکھائی گئی حیثیت، ملک، تلاش اور ترتیب محفوظ رہتی ہے؛ اسے صرف آپ دیکھتے ہیں۔",
    },
    "Save the filter": {"zh": "保存筛选", "ru": "Сохранить фильтр", "ur": "فلٹر محفوظ کریں"},
    "Filter saved: {name}.": {
        "zh": "筛选已保存：{name}。",
        "ru": "Фильтр сохранён: {name}.",
        "ur": "فلٹر محفوظ ہو گیا: {name}۔",
    },
    "Filter deleted.": {"zh": "筛选已删除。", "ru": "Фильтр удалён.", "ur": "فلٹر حذف ہو گیا۔"},
    "A filter's name and search cannot hold control characters.": {
        "zh": "筛选的名称和搜索内容不能包含控制字符。",
        "ru": "Название фильтра и строка поиска не могут содержать управляющие символы.",
        "ur": "فلٹر کے نام اور تلاش میں کنٹرول حروف نہیں ہو سکتے۔",
    },
    "Name the filter: 1 to 80 characters.": {
        "zh": "请为筛选命名：1 至 80 个字符。",
        "ru": "Назовите фильтр: от 1 до 80 символов.",
        "ur": "فلٹر کا نام لکھیں: 1 سے 80 حروف۔",
    },
    "You already have a filter with this name in this cycle.": {
        "zh": "您在本周期中已有同名筛选。",
        "ru": "У вас уже есть фильтр с таким именем в этом наборе.",
        "ur": "اس دور میں آپ کا اس نام کا فلٹر پہلے سے موجود ہے۔",
    },
    "You have 50 saved filters in this cycle: delete one first.": {
        "zh": "您在本周期中已保存 50 个筛选：请先删除一个。",
        "ru": "В этом наборе у вас уже 50 сохранённых фильтров: сначала удалите один.",
        "ur": "اس دور میں آپ کے 50 محفوظ فلٹر ہیں: پہلے ایک حذف کریں۔",
    },
    # actions on the selected rows
    "Selected applications": {"zh": "已选申请", "ru": "Выбранные заявки", "ur": "منتخب درخواستیں"},
    "Select all on this page": {
        "zh": "全选本页",
        "ru": "Выбрать все на этой странице",
        "ur": "اس صفحے پر سب منتخب کریں",
    },
    "Invite to interview": {"zh": "邀请面试", "ru": "Пригласить на собеседование", "ur": "انٹرویو کے لیے مدعو کریں"},
    "Export the selected (CSV)": {
        "zh": "导出所选（CSV）",
        "ru": "Выгрузить выбранные (CSV)",
        "ur": "منتخب برآمد کریں (CSV)",
    },
    "Export the selected (Excel)": {
        "zh": "导出所选（Excel）",
        "ru": "Выгрузить выбранные (Excel)",
        "ur": "منتخب برآمد کریں (Excel)",
    },
    "Choose what to do with the selected applications.": {
        "zh": "请选择对所选申请执行的操作。",
        "ru": "Выберите, что сделать с выбранными заявками.",
        "ur": "منتخب درخواستوں کے ساتھ کیا کرنا ہے، منتخب کریں۔",
    },
    "Select at least one application.": {
        "zh": "请至少选择一份申请。",
        "ru": "Выберите хотя бы одну заявку.",
        "ur": "کم از کم ایک درخواست منتخب کریں۔",
    },
    "action:invite": {
        "en": "Invite to interview",
        "zh": "邀请面试",
        "ru": "Пригласить на собеседование",
        "ur": "انٹرویو کے لیے مدعو کریں",
    },
    "action:assign": {
        "en": "Assign reviewers",
        "zh": "分配评审人",
        "ru": "Назначить экспертов",
        "ur": "جائزہ کار تفویض کریں",
    },
    "{done} done, {unchanged} unchanged, {refused} refused": {
        "zh": "完成 {done} 份，未变 {unchanged} 份，被拒 {refused} 份",
        "ru": "выполнено: {done}, без изменений: {unchanged}, отказано: {refused}",
        "ur": "{done} مکمل، {unchanged} بغیر تبدیلی، {refused} مسترد",
    },
    "What was done to each selected application": {
        "zh": "对每份所选申请的处理结果",
        "ru": "Что сделано с каждой выбранной заявкой",
        "ur": "ہر منتخب درخواست کے ساتھ کیا ہوا",
    },
    "Result": {"zh": "结果", "ru": "Итог", "ur": "نتیجہ"},
    "What happened": {"zh": "处理情况", "ru": "Что произошло", "ur": "کیا ہوا"},
    "outcome:done": {"en": "done", "zh": "已完成", "ru": "выполнено", "ur": "مکمل"},
    "outcome:unchanged": {"en": "unchanged", "zh": "未变", "ru": "без изменений", "ur": "بغیر تبدیلی"},
    "outcome:refused": {"en": "refused", "zh": "被拒绝", "ru": "отказано", "ur": "مسترد"},
    "Invited to interview.": {
        "zh": "已邀请面试。",
        "ru": "Приглашён на собеседование.",
        "ur": "انٹرویو کے لیے مدعو کر دیا گیا۔",
    },
    "Already invited to interview: nothing changed.": {
        "zh": "已邀请过面试：无变化。",
        "ru": "Уже приглашён на собеседование: ничего не изменилось.",
        "ur": "پہلے ہی انٹرویو کے لیے مدعو: کچھ نہیں بدلا۔",
    },
    "Not invited: the application was withdrawn.": {
        "zh": "未邀请：该申请已撤回。",
        "ru": "Не приглашён: заявка отозвана.",
        "ur": "مدعو نہیں کیا گیا: درخواست واپس لے لی گئی تھی۔",
    },
    "Not invited: no longer in the running (a place accepted, an offer declined, not endorsed or not nominated).": {
        "zh": "未邀请：已不在候选中（已接受名额、已拒绝录取、未获推荐或未获提名）。",
        "ru": "Не приглашён: больше не участвует в отборе (место принято, от предложения отказались, не рекомендован вузом или не выдвинут).",
        "ur": "مدعو نہیں کیا گیا: اب انتخاب میں شامل نہیں (جگہ قبول کر لی، پیشکش مسترد کی، توثیق یا نامزدگی نہیں ہوئی)۔",
    },
    "No reviewers assigned: no longer in the running (a place accepted, an offer declined, not endorsed or not nominated).": {
        "zh": "未分配评审人：已不在候选中（已接受名额、已拒绝录取、未获推荐或未获提名）。",
        "ru": "Рецензенты не назначены: заявка больше не участвует в отборе (место принято, от предложения отказались, не рекомендована вузом или не выдвинута).",
        "ur": "کوئی جائزہ کار مقرر نہیں: اب انتخاب میں شامل نہیں (جگہ قبول کر لی، پیشکش مسترد کی، توثیق یا نامزدگی نہیں ہوئی)۔",
    },
    "Reviewers assigned: {names}.": {
        "zh": "已分配评审人：{names}。",
        "ru": "Назначены эксперты: {names}.",
        "ur": "جائزہ کار تفویض ہوئے: {names}۔",
    },
    "It already has its reviewers: nothing changed.": {
        "zh": "已有足够的评审人：无变化。",
        "ru": "Эксперты уже назначены: ничего не изменилось.",
        "ur": "اس کے جائزہ کار پہلے سے ہیں: کچھ نہیں بدلا۔",
    },
    "No reviewers assigned: only a submitted application is reviewed.": {
        "zh": "未分配评审人：只有已提交的申请才会被评审。",
        "ru": "Эксперты не назначены: оценивается только поданная заявка.",
        "ur": "کوئی جائزہ کار تفویض نہیں ہوا: صرف جمع شدہ درخواست کا جائزہ ہوتا ہے۔",
    },
    "Not enough eligible reviewers (own institution or a declared conflict). Assigned: {names}.": {
        "zh": "符合条件的评审人不足（同一院校或已申报利益冲突）。已分配：{names}。",
        "ru": "Недостаточно допустимых экспертов (своё учебное заведение или заявленный конфликт интересов). Назначены: {names}.",
        "ur": "اہل جائزہ کار کافی نہیں (اپنا ادارہ یا اعلان کردہ مفاد کا ٹکراؤ)۔ تفویض شدہ: {names}۔",
    },
    "Not done: this application is not among the cycle's applications you see.": {
        "zh": "未执行：该申请不在您可见的本周期申请中。",
        "ru": "Не выполнено: этой заявки нет среди видимых вам заявок набора.",
        "ur": "نہیں کیا گیا: یہ درخواست اس دور کی اُن درخواستوں میں نہیں جو آپ دیکھتے ہیں۔",
    },
    "Save a scoresheet for this cycle first: it says how many reviewers each application gets.": {
        "zh": "请先为本周期保存评分表：评分表规定每份申请的评审人数。",
        "ru": "Сначала сохраните оценочный лист для этого набора: в нём указано, сколько экспертов получает каждая заявка.",
        "ur": "پہلے اس دور کے لیے اسکور شیٹ محفوظ کریں: وہ بتاتی ہے کہ ہر درخواست کو کتنے جائزہ کار ملیں گے۔",
    },
    "No officer or reviewer account reviews this scheme yet.": {
        "zh": "目前还没有负责评审该项目的招生官或评审委员账户。",
        "ru": "Пока ни один сотрудник и ни один эксперт не оценивает заявки этой программы.",
        "ur": "ابھی کوئی افسر یا جائزہ کار اکاؤنٹ اس اسکیم کا جائزہ نہیں لیتا۔",
    },
    "This is outside your scope: nothing was done.": {
        "zh": "这超出了您的权限范围：未执行任何操作。",
        "ru": "Это вне ваших полномочий: ничего не сделано.",
        "ur": "یہ آپ کے دائرۂ اختیار سے باہر ہے: کچھ نہیں کیا گیا۔",
    },
    # the exports' headings
    "Score spread": {"zh": "评分差距", "ru": "Разброс оценок", "ur": "اسکور کا فرق"},
    # the flags of a row (services/matching/service/workbench.py)
    "flag:documents_rejected": {
        "en": "documents rejected",
        "zh": "材料被退回",
        "ru": "документы отклонены",
        "ur": "دستاویزات مسترد",
    },
    "flag:score_spread": {
        "en": "reviewers disagree",
        "zh": "评审意见分歧",
        "ru": "оценки расходятся",
        "ur": "جائزہ کاروں میں اختلاف",
    },
    "Applications waiting for a new version of a rejected document: {n}. A round now cannot place them in the programmes that require that document; each applicant was given a date to upload it.": {
        "zh": "等待重新上传被退回材料的申请：{n} 份。现在开始的匹配轮次无法将其安排到要求该材料的专业；每位申请人都已收到上传截止日期。",
        "ru": "Заявки, ожидающие новой версии отклонённого документа: {n}. Раунд, начатый сейчас, не сможет распределить их на программы, которым нужен этот документ; каждому заявителю назначен срок загрузки.",
        "ur": "مسترد شدہ دستاویز کے نئے نسخے کی منتظر درخواستیں: {n}۔ ابھی شروع ہونے والا راؤنڈ انہیں ان پروگراموں میں جگہ نہیں دے سکتا جن کے لیے وہ دستاویز درکار ہے؛ ہر درخواست دہندہ کو اپ لوڈ کی تاریخ دی گئی ہے۔",
    },
    "Applications no round has considered yet: {n}, such as a nominee moved up from the reserve list, or an endorsement or a list that came after the last round. A round now considers them.": {
        "zh": "尚未经任何轮次考虑的申请：{n} 份，例如从后备名单递补的被提名人，或在上一轮之后才完成的院校推荐或提名名单。现在运行一轮即可考虑这些申请。",
        "ru": "Заявки, которые ещё не рассматривал ни один раунд: {n}, например кандидат, поднявшийся из резервного списка, или рекомендация вуза либо список, поступившие после последнего раунда. Новый раунд рассмотрит их.",
        "ur": "وہ درخواستیں جن پر ابھی کسی راؤنڈ نے غور نہیں کیا: {n}، مثلاً ریزرو فہرست سے اوپر آنے والا نامزد، یا آخری راؤنڈ کے بعد آنے والی توثیق یا فہرست۔ اب ایک راؤنڈ ان پر غور کرے گا۔",
    },
    "Only the applications a round may place (under an endorsement stage, those their home institution endorsed).": {
        "zh": "仅显示轮次可录取的申请（如有院校推荐环节，则为所在院校已推荐的申请）。",
        "ru": "Только заявки, которые может распределить раунд (при этапе рекомендации — рекомендованные учебным заведением заявителя).",
        "ur": "صرف وہ درخواستیں جنہیں راؤنڈ جگہ دے سکتا ہے (توثیق کے مرحلے میں، جن کی آبائی ادارے نے توثیق کی)۔",
    },
    "Programme of the match": {"zh": "匹配的专业", "ru": "Программа распределения", "ur": "میچ کا پروگرام"},
    "Show all": {"zh": "显示全部", "ru": "Показать все", "ur": "سب دکھائیں"},
    "A whole number, for example 42. The same seed and inputs give the same result; left empty, one is drawn.": {
        "zh": "一个整数，例如 42。相同的种子和输入得出相同的结果；留空则随机抽取一个。",
        "ru": "Целое число, например 42. Одно и то же число и те же данные дают один и тот же результат; если оставить пустым, оно будет выбрано случайно.",
        "ur": "ایک مکمل عدد، مثلاً 42۔ ایک ہی نمبر اور ان پٹ سے ایک ہی نتیجہ آتا ہے؛ خالی چھوڑیں تو ایک نمبر خود منتخب ہو گا۔",
    },
    "See them": {"zh": "查看这些申请", "ru": "Посмотреть их", "ur": "انہیں دیکھیں"},
    "See them first": {"zh": "先查看这些申请", "ru": "Сначала посмотреть их", "ur": "پہلے انہیں دیکھیں"},
    "flag:withdrawn": {"en": "withdrawn", "zh": "已撤回", "ru": "отозвана", "ur": "واپس لی گئی"},
    "flag:declined": {"en": "offer declined", "zh": "已拒绝录取", "ru": "предложение отклонено", "ur": "پیشکش مسترد"},
    # a round's pool: whom it considered and whom it left out, and why
    "Left out of this round": {"zh": "本轮未纳入", "ru": "Не вошли в раунд", "ur": "اس مرحلے سے باہر"},
    "The pool of this round": {
        "zh": "本轮的申请池",
        "ru": "Пул заявок этого раунда",
        "ur": "اس مرحلے کا درخواستوں کا مجموعہ",
    },
    "Of the {n} submitted applications in the pool, this round considered {considered} (the counts above) and left out {left}.": {
        "zh": "申请池中已提交的 {n} 份申请，本轮纳入 {considered} 份（即上方各项计数），未纳入 {left} 份。",
        "ru": "Из {n} поданных заявок пула этот раунд рассмотрел {considered} (счёт выше) и не включил {left}.",
        "ur": "مجموعے کی {n} جمع شدہ درخواستوں میں سے اس مرحلے نے {considered} پر غور کیا (اوپر کی گنتی) اور {left} کو شامل نہیں کیا۔",
    },
    "Not yet endorsed by their home institution": {
        "zh": "所在院校尚未推荐",
        "ru": "Вуз ещё не дал рекомендацию",
        "ur": "ادارے نے ابھی توثیق نہیں کی",
    },
    "Not endorsed by their home institution": {
        "zh": "所在院校未予推荐",
        "ru": "Вуз не рекомендовал",
        "ur": "ادارے نے توثیق نہیں کی",
    },
    "Their country's nomination list is not published": {
        "zh": "其所在国的提名名单尚未公布",
        "ru": "Список выдвижения их страны не опубликован",
        "ur": "ان کے ملک کی نامزدگی کی فہرست شائع نہیں ہوئی",
    },
    "Not on their country's published nomination list": {
        "zh": "不在其所在国已公布的提名名单上",
        "ru": "Нет в опубликованном списке выдвижения их страны",
        "ur": "ان کے ملک کی شائع شدہ نامزدگی کی فہرست میں نہیں",
    },
    "Not nominated": {"zh": "未获提名", "ru": "Не выдвинуты", "ur": "نامزد نہیں"},
    "On the reserve list": {"zh": "在后备名单上", "ru": "В резервном списке", "ur": "ریزرو فہرست میں"},
    "Nomination withdrawn": {"zh": "提名已撤回", "ru": "Выдвижение отозвано", "ur": "نامزدگی واپس"},
    "who, as they stand now": {
        "zh": "查看名单（按当前状态）",
        "ru": "кто это (по текущему статусу)",
        "ur": "کون ہیں (موجودہ حالت کے مطابق)",
    },
    # a cycle whose work is done, archived out of the console (and brought back)
    "Archived cycles": {"zh": "已归档的招生周期", "ru": "Наборы в архиве", "ur": "محفوظ شدہ ادوار"},
    "Cycles whose work is done. Open one to read it or to bring it back to the console.": {
        "zh": "工作已完成的招生周期。打开其中一个即可查阅，或将其恢复到控制台。",
        "ru": "Наборы, работа по которым завершена. Откройте набор, чтобы прочитать его или вернуть в консоль.",
        "ur": "وہ ادوار جن کا کام مکمل ہو چکا۔ کسی کو کھولیں تاکہ اسے پڑھیں یا کنسول میں واپس لائیں۔",
    },
    "No archived cycles.": {
        "zh": "没有已归档的招生周期。",
        "ru": "Наборов в архиве нет.",
        "ur": "کوئی محفوظ شدہ دور نہیں۔",
    },
    "Archived on {date}: the cycle is no longer listed in the console and no round can start. Everything of it can still be read.": {
        "zh": "已于 {date} 归档：该招生周期不再列于控制台，也不能再开始轮次。其全部内容仍可查阅。",
        "ru": "В архиве с {date}: набор больше не показывается в консоли, и раунд начать нельзя. Всё по нему по-прежнему можно прочитать.",
        "ur": "{date} کو محفوظ کیا گیا: یہ دور اب کنسول میں نہیں دکھایا جاتا اور کوئی راؤنڈ شروع نہیں ہو سکتا۔ اس کی ہر چیز اب بھی پڑھی جا سکتی ہے۔",
    },
    "Bring it back": {"zh": "恢复", "ru": "Вернуть из архива", "ur": "واپس لائیں"},
    "Archive this cycle": {"zh": "归档此招生周期", "ru": "Перенести набор в архив", "ur": "یہ دور محفوظ کریں"},
    "Once its work is done: it leaves the console and no round can start; its applications, matches and history can still be read, and its applicants see no change. You can bring it back.": {
        "zh": "在其工作完成之后：它将离开控制台，也不能再开始轮次；其申请、匹配和历史记录仍可查阅，申请人看不到任何变化。您可以随时将其恢复。",
        "ru": "Когда работа по нему завершена: набор уходит из консоли, и раунд начать нельзя; его заявки, сопоставления и история доступны для чтения, а заявители не заметят изменений. Его можно вернуть.",
        "ur": "جب اس کا کام مکمل ہو جائے: یہ کنسول سے ہٹ جاتا ہے اور کوئی راؤنڈ شروع نہیں ہو سکتا؛ اس کی درخواستیں، میچ اور تاریخ اب بھی پڑھی جا سکتی ہیں، اور درخواست گزاروں کو کوئی فرق نظر نہیں آتا۔ آپ اسے واپس لا سکتے ہیں۔",
    },
    "Applications to this cycle are still open: archive it once they have closed.": {
        "zh": "该招生周期仍在接受申请：请在申请截止后再归档。",
        "ru": "Приём заявок в этот набор ещё открыт: перенесите его в архив после закрытия приёма.",
        "ur": "اس دور کے لیے درخواستیں ابھی کھلی ہیں: بند ہونے کے بعد اسے محفوظ کریں۔",
    },
    "A round of this cycle is under way: archive it once it has ended.": {
        "zh": "该招生周期有一个轮次正在进行：请在其结束后再归档。",
        "ru": "Идёт раунд этого набора: перенесите набор в архив после его окончания.",
        "ur": "اس دور کا ایک راؤنڈ جاری ہے: اس کے ختم ہونے کے بعد محفوظ کریں۔",
    },
    "Proposals of this cycle wait for review: approve or reject them first.": {
        "zh": "该招生周期仍有待审核的匹配提议：请先批准或拒绝。",
        "ru": "Предложения этого набора ждут рассмотрения: сначала одобрите или отклоните их.",
        "ur": "اس دور کی تجاویز جائزے کی منتظر ہیں: پہلے انہیں منظور یا مسترد کریں۔",
    },
    "This cycle is archived: bring it back before changing it.": {
        "zh": "该招生周期已归档：请先恢复，再作更改。",
        "ru": "Набор в архиве: верните его, прежде чем что-либо менять.",
        "ur": "یہ دور محفوظ شدہ ہے: اس میں تبدیلی سے پہلے اسے واپس لائیں۔",
    },
    "This cycle is archived: bring it back before starting a round.": {
        "zh": "该招生周期已归档：请先恢复，再开始轮次。",
        "ru": "Набор в архиве: верните его, прежде чем начинать раунд.",
        "ur": "یہ دور محفوظ شدہ ہے: راؤنڈ شروع کرنے سے پہلے اسے واپس لائیں۔",
    },
    "The cycle was archived: it is listed under “Archived cycles”.": {
        "zh": "该招生周期已归档：可在“已归档的招生周期”下找到。",
        "ru": "Набор перенесён в архив: он в списке «Наборы в архиве».",
        "ur": "دور محفوظ کر دیا گیا: یہ ”محفوظ شدہ ادوار“ میں درج ہے۔",
    },
    "The cycle is back in the console.": {
        "zh": "该招生周期已恢复到控制台。",
        "ru": "Набор снова в консоли.",
        "ur": "دور کنسول میں واپس آ گیا۔",
    },
}
