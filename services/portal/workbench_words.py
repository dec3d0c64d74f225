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
        "ru": "Когда место освобождается, первый в листе ожидания программы получает его в следующем туре. Балл — это приоритет, определивший порядок.",
        "ur": "جب کوئی نشست خالی ہو تو پروگرام کی انتظار کی فہرست میں پہلا شخص اگلے مرحلے میں رکھا جاتا ہے۔ اسکور وہ ترجیح ہے جس نے ترتیب طے کی۔",
    },
    "Nobody is waiting: every waitlist of this round is empty.": {
        "zh": "无人候补：本轮所有候补名单均为空。",
        "ru": "Никто не ждёт: все листы ожидания этого тура пусты.",
        "ur": "کوئی انتظار میں نہیں: اس مرحلے کی ہر انتظار کی فہرست خالی ہے۔",
    },
    "committee score withheld until you submit yours": {
        "zh": "在您提交评分前，评审委员会得分不予显示",
        "ru": "балл комиссии скрыт, пока вы не отправите свой",
        "ur": "کمیٹی کا اسکور آپ کا اسکور جمع ہونے تک پوشیدہ ہے",
    },
    # the quota matrix
    "Quota by programme and country": {
        "zh": "按专业和国家的配额",
        "ru": "Квоты по программам и странам",
        "ur": "پروگرام اور ملک کے لحاظ سے کوٹہ",
    },
    "Each cell: places used / allocation, and what remains. The allocation is the tightest quota cap on the programme and country, else the programme's seats. Counts proposed, approved and accepted matches.": {
        "zh": "每格：已用名额 / 分配名额，以及剩余名额。分配名额为该专业和国家适用的最严格配额上限，若无则为该专业的名额数。统计已提议、已批准和已接受的匹配。",
        "ru": "В каждой ячейке: занято мест / выделено и сколько осталось. Выделено — самый строгий предел квоты для программы и страны, иначе число мест программы. Учитываются предложенные, одобренные и принятые распределения.",
        "ur": "ہر خانے میں: استعمال شدہ نشستیں / مختص، اور جو باقی ہے۔ مختص نشستیں پروگرام اور ملک پر سب سے سخت کوٹہ حد ہیں، ورنہ پروگرام کی نشستیں۔ تجویز کردہ، منظور شدہ اور قبول شدہ میچ شمار ہوتے ہیں۔",
    },
    "{filled} of {seats} seats filled": {
        "zh": "已填 {filled} / {seats} 个名额",
        "ru": "Занято мест: {filled} из {seats}",
        "ur": "{seats} میں سے {filled} نشستیں پُر",
    },
    "Programme total": {"zh": "专业合计", "ru": "Итого по программе", "ur": "پروگرام کا کل"},
    "Country total": {"zh": "国家合计", "ru": "Итого по стране", "ur": "ملک کا کل"},
    "Remaining: {n}": {"zh": "剩余：{n}", "ru": "Осталось: {n}", "ur": "باقی: {n}"},
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
    "Select {name}": {"zh": "选择 {name}", "ru": "Выбрать: {name}", "ur": "{name} کو منتخب کریں"},
    "Approve {name}": {"zh": "批准 {name}", "ru": "Одобрить: {name}", "ur": "{name} کو منظور کریں"},
    "Reject {name}": {"zh": "拒绝 {name}", "ru": "Отклонить: {name}", "ur": "{name} کو مسترد کریں"},
    "Reject {name}…": {"zh": "拒绝 {name}…", "ru": "Отклонить: {name}…", "ur": "{name} کو مسترد کریں…"},
    "no document rejected": {
        "zh": "无被退回的材料",
        "ru": "отклонённых документов нет",
        "ur": "کوئی دستاویز مسترد نہیں",
    },
    "Keyboard": {"zh": "键盘操作", "ru": "Клавиатура", "ur": "کی بورڈ"},
    "Tab moves through each row's controls in order: select, applicant, choices and reasons, documents, letters, approve, reject.": {
        "zh": "Tab 键按顺序经过每一行的控件：选择、申请人、志愿与原因、材料、推荐信、批准、拒绝。",
        "ru": "Клавиша Tab проходит по элементам каждой строки по порядку: выбор, заявитель, выбор программ и причины, документы, письма, одобрить, отклонить.",
        "ur": "Tab ہر قطار کے کنٹرولز سے ترتیب وار گزرتا ہے: منتخب کریں، درخواست دہندہ، انتخاب اور وجوہات، دستاویزات، خطوط، منظور، مسترد۔",
    },
    "approve the row you are on": {
        "zh": "批准当前所在的行",
        "ru": "одобрить строку, на которой вы находитесь",
        "ur": "جس قطار پر آپ ہیں اسے منظور کریں",
    },
    "reject the row you are on: write the internal reason, then press Enter": {
        "zh": "拒绝当前所在的行：填写内部原因，然后按 Enter",
        "ru": "отклонить строку, на которой вы находитесь: напишите внутреннюю причину и нажмите Enter",
        "ur": "جس قطار پر آپ ہیں اسے مسترد کریں: اندرونی وجہ لکھیں، پھر Enter دبائیں",
    },
    "next row / previous row": {
        "zh": "下一行 / 上一行",
        "ru": "следующая строка / предыдущая строка",
        "ur": "اگلی قطار / پچھلی قطار",
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
    "flag:withdrawn": {"en": "withdrawn", "zh": "已撤回", "ru": "отозвана", "ur": "واپس لی گئی"},
    "flag:declined": {"en": "offer declined", "zh": "已拒绝录取", "ru": "предложение отклонено", "ur": "پیشکش مسترد"},
}
