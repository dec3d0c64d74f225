"""The portal's words for endorsement by the home institution (issue 14) in English, Chinese,
Russian and Urdu, keyed as in i18n.py, which merges them: the statuses ``endorsed`` and
``not_endorsed``, a candidate's state on a coordinator's page (``endorsement:<state>``), the
coordinator's pages, the applicant's home institution field and where the application is,
the refusals of the endorsement API (domain/problems.py) and the two mends of the nominator's
page (a nominee the host did not admit; a rank given twice)."""

from __future__ import annotations

STATUS_WORDS: dict[str, dict[str, str]] = {
    "nobody endorses here yet": {
        "en": "nobody endorses here yet",
        "zh": "尚无人负责推荐",
        "ru": "пока никто не даёт рекомендаций",
        "ur": "یہاں ابھی کوئی توثیق نہیں کرتا",
    },
    "Nobody at {institution} endorses applications in Corridor yet: your application waits until the institution names its coordinator. Ask its international office, or, if another institution on the list is yours (a workshop or a faculty of it), choose that one.": {
        "en": "Nobody at {institution} endorses applications in Corridor yet: your application waits until the institution names its coordinator. Ask its international office, or, if another institution on the list is yours (a workshop or a faculty of it), choose that one.",
        "zh": "{institution} 目前还没有人在 Corridor 中推荐申请：您的申请将等待该院校指定协调人。请询问该院校的国际交流处；如果列表中的另一个院校也属于您（例如其工坊或院系），请改选那一个。",
        "ru": "В учреждении «{institution}» пока никто не даёт рекомендаций в Corridor: ваша заявка ждёт, пока вуз не назначит координатора. Обратитесь в его международный отдел или, если в списке есть другое ваше учреждение (мастерская или факультет этого вуза), выберите его.",
        "ur": "{institution} میں ابھی کوئی Corridor میں درخواستوں کی توثیق نہیں کرتا: آپ کی درخواست تب تک انتظار کرے گی جب تک ادارہ اپنا رابطہ کار مقرر نہ کرے۔ اس کے بین الاقوامی دفتر سے پوچھیں، یا اگر فہرست میں کوئی اور ادارہ آپ کا ہے (اس کی ورکشاپ یا فیکلٹی) تو اسے منتخب کریں۔",
    },
    "Nobody at {institution} endorses applications in Corridor yet: submitted now, your application would wait until the institution names its coordinator. Ask its international office, or, if another institution on the list is yours (a workshop or a faculty of it), choose that one.": {
        "en": "Nobody at {institution} endorses applications in Corridor yet: submitted now, your application would wait until the institution names its coordinator. Ask its international office, or, if another institution on the list is yours (a workshop or a faculty of it), choose that one.",
        "zh": "{institution} 目前还没有人在 Corridor 中推荐申请：如现在提交，您的申请将等待该院校指定协调人。请询问该院校的国际交流处；如果列表中的另一个院校也属于您（例如其工坊或院系），请改选那一个。",
        "ru": "В учреждении «{institution}» пока никто не даёт рекомендаций в Corridor: поданная сейчас, ваша заявка будет ждать, пока вуз не назначит координатора. Обратитесь в его международный отдел или, если в списке есть другое ваше учреждение (мастерская или факультет этого вуза), выберите его.",
        "ur": "{institution} میں ابھی کوئی Corridor میں درخواستوں کی توثیق نہیں کرتا: اگر ابھی جمع کرائی گئی تو آپ کی درخواست تب تک انتظار کرے گی جب تک ادارہ اپنا رابطہ کار مقرر نہ کرے۔ اس کے بین الاقوامی دفتر سے پوچھیں، یا اگر فہرست میں کوئی اور ادارہ آپ کا ہے (اس کی ورکشاپ یا فیکلٹی) تو اسے منتخب کریں۔",
    },
    # an institution with applicants and no coordinator account: they waited without a word
    "No one endorses for this institution yet: its applicants wait until an admin makes an account for its coordinator.": {
        "en": "No one endorses for this institution yet: its applicants wait until an admin makes an account for its coordinator.",
        "zh": "该院校尚无人负责推荐：其申请人需等待管理员为该院校的协调人创建账户。",
        "ru": "За этот вуз пока никто не даёт рекомендаций: его заявители ждут, пока администратор не создаст учётную запись координатора вуза.",
        "ur": "اس ادارے کی طرف سے ابھی کوئی توثیق نہیں کرتا: اس کے درخواست دہندگان تب تک انتظار کریں گے جب تک ایڈمن اس کے رابطہ کار کا اکاؤنٹ نہ بنائے۔",
    },
    "status:endorsed": {
        "en": "endorsed by the home institution",
        "zh": "已获所在院校推荐",
        "ru": "рекомендовано вузом",
        "ur": "ادارے کی توثیق",
    },
    "status:not_endorsed": {
        "en": "not endorsed by the home institution",
        "zh": "未获所在院校推荐",
        "ru": "не рекомендовано вузом",
        "ur": "ادارے نے توثیق نہیں کی",
    },
    # a candidate's state on the coordinator's page (EndorsementState; none: undecided)
    "endorsement:endorsed": {"en": "endorsed", "zh": "推荐", "ru": "рекомендован(а) вузом", "ur": "توثیق شدہ"},
    "endorsement:not_endorsed": {
        "en": "not endorsed",
        "zh": "不推荐",
        "ru": "не рекомендован(а) вузом",
        "ur": "توثیق نہیں",
    },
    "endorsement:undecided": {"en": "undecided", "zh": "未决定", "ru": "не решено", "ur": "فیصلہ نہیں ہوا"},
    "applicant:student": {"en": "student", "zh": "学生", "ru": "студент(ка)", "ur": "طالب علم"},
    "applicant:faculty": {"en": "faculty member", "zh": "教师", "ru": "преподаватель", "ur": "تدریسی عملہ"},
    "journal:endorsement.decided": {
        "en": "endorsement decided by the home institution",
        "zh": "所在院校作出推荐决定",
        "ru": "решение вуза о рекомендации",
        "ur": "ادارے کا توثیق کا فیصلہ",
    },
}

APPLICANT_WORDS: dict[str, dict[str, str]] = {
    "your home institution": {
        "en": "your home institution",
        "zh": "您所在的院校",
        "ru": "ваш вуз",
        "ur": "آپ کا ادارہ",
    },
    "With {institution} for endorsement": {
        "en": "With {institution} for endorsement",
        "zh": "正在由{institution}审核推荐",
        "ru": "Ждёт рекомендации: {institution}",
        "ur": "توثیق کے لیے {institution} کے پاس",
    },
    "Your home institution reviews its applicants and endorses some of them for this scheme. "
    "You will be told its decision here and in your inbox.": {
        "en": "Your home institution reviews its applicants and endorses some of them for this scheme. "
        "You will be told its decision here and in your inbox.",
        "zh": "您所在的院校会审核本校申请人，并推荐其中一部分人参加本项目。其决定将在此处和您的消息中通知您。",
        "ru": "Ваш вуз рассматривает своих кандидатов и рекомендует часть из них для этой программы. "
        "О решении вы узнаете здесь и во входящих сообщениях.",
        "ur": "آپ کا ادارہ اپنے درخواست دہندگان کا جائزہ لیتا ہے اور ان میں سے کچھ کی اس اسکیم کے لیے توثیق کرتا ہے۔ "
        "اس کا فیصلہ آپ کو یہاں اور آپ کے ان باکس میں بتایا جائے گا۔",
    },
    "Endorsed by {institution}": {
        "en": "Endorsed by {institution}",
        "zh": "已获{institution}推荐",
        "ru": "Рекомендовано: {institution}",
        "ur": "{institution} نے توثیق کر دی",
    },
    "in the cohort {cohort}": {
        "en": "in the cohort {cohort}",
        "zh": "所属批次：{cohort}",
        "ru": "в группе «{cohort}»",
        "ur": "گروپ «{cohort}» میں",
    },
    "Your application goes on to the next stage of the scheme.": {
        "en": "Your application goes on to the next stage of the scheme.",
        "zh": "您的申请将进入本项目的下一阶段。",
        "ru": "Ваша заявка переходит на следующий этап программы.",
        "ur": "آپ کی درخواست اسکیم کے اگلے مرحلے میں جائے گی۔",
    },
    "Not endorsed by {institution}": {
        "en": "Not endorsed by {institution}",
        "zh": "未获{institution}推荐",
        "ru": "Не рекомендовано: {institution}",
        "ur": "{institution} نے توثیق نہیں کی",
    },
    "Not endorsed by {institution}: {reason}": {
        "en": "Not endorsed by {institution}: {reason}",
        "zh": "未获{institution}推荐：{reason}",
        "ru": "Не рекомендовано: {institution}. Причина: {reason}",
        "ur": "{institution} نے توثیق نہیں کی: {reason}",
    },
    "The institution's reason:": {
        "en": "The institution's reason:",
        "zh": "院校给出的理由：",
        "ru": "Причина, указанная вузом:",
        "ur": "ادارے کی بتائی گئی وجہ:",
    },
    # the application form's field
    "Your home institution endorses your application before it goes on.": {
        # students and faculty alike (a faculty applicant was told of "students of another institution")
        "en": "Your home institution endorses your application before it goes on. The list holds the"
        " participating institutions of your country: students and staff of another institution cannot apply through this scheme.",
        "zh": "您的申请须先经您所在的院校推荐，才能进入下一阶段。列表中为您所在国家的参与院校："
        "其他院校的学生和教职员工不能通过本项目申请。",
        "ru": "Прежде чем заявка пойдёт дальше, её должен рекомендовать ваш вуз. В списке — вузы вашей страны,"
        " участвующие в программе: студенты и сотрудники других вузов подать заявку по ней не могут.",
        "ur": "آگے بڑھنے سے پہلے آپ کا ادارہ آپ کی درخواست کی توثیق کرتا ہے۔ فہرست میں آپ کے ملک کے شریک ادارے"
        " ہیں: کسی دوسرے ادارے کے طلبہ اور اساتذہ اس پروگرام کے ذریعے درخواست نہیں دے سکتے۔",
    },
    "Choose your home institution.": {
        "en": "Choose your home institution.",
        "zh": "请选择您所在的院校。",
        "ru": "Выберите свой вуз.",
        "ur": "اپنا ادارہ منتخب کریں۔",
    },
    "Choose one of the institutions of your country.": {
        "en": "Choose one of the institutions of your country.",
        "zh": "请从您所在国家的院校中选择。",
        "ru": "Выберите один из вузов вашей страны.",
        "ur": "اپنے ملک کے اداروں میں سے ایک منتخب کریں۔",
    },
    "Not chosen": {"en": "Not chosen", "zh": "未选择", "ru": "Не выбран", "ur": "منتخب نہیں"},
}

COORDINATOR_WORDS: dict[str, dict[str, str]] = {
    "This applicant was decided meanwhile (by a colleague, or in another tab): the row shows the decision as it stands. Nothing was changed.": {
        "en": "This applicant was decided meanwhile (by a colleague, or in another tab): the row shows the decision as it stands. Nothing was changed.",
        "zh": "在此期间已有人对该申请人作出决定（同事或另一个标签页）：此行显示的是当前的决定。本次未作任何更改。",
        "ru": "Тем временем по этому заявителю уже решили (коллега или вы в другой вкладке): в строке — решение как есть. Ничего не изменено.",
        "ur": "اس دوران اس درخواست گزار کا فیصلہ ہو چکا ہے (کسی ساتھی نے یا کسی اور ٹیب میں): قطار موجودہ فیصلہ دکھاتی ہے۔ کچھ تبدیل نہیں ہوا۔",
    },
    "The reason is at most 1,000 characters: shorten it (nothing was recorded).": {
        "en": "The reason is at most 1,000 characters: shorten it (nothing was recorded).",
        "zh": "理由最多 1000 个字符：请缩短（本次未记录）。",
        "ru": "Причина — не более 1000 символов: сократите её (ничего не записано).",
        "ur": "وجہ زیادہ سے زیادہ 1,000 حروف کی ہو سکتی ہے: اسے مختصر کریں (کچھ درج نہیں ہوا)۔",
    },
    "Endorsements": {"en": "Endorsements", "zh": "院校推荐", "ru": "Рекомендации вузов", "ur": "توثیقیں"},
    "Home institutions": {"en": "Home institutions", "zh": "所在院校", "ru": "Вузы", "ur": "ادارے"},
    "No endorsement list is open to you yet.": {
        "en": "No endorsement list is open to you yet.",
        "zh": "目前还没有向您开放的推荐名单。",
        "ru": "Пока нет доступных вам списков для рекомендации.",
        "ur": "ابھی آپ کے لیے کوئی توثیقی فہرست دستیاب نہیں۔",
    },
    "Endorsed": {"en": "Endorsed", "zh": "已推荐", "ru": "Рекомендованы", "ur": "توثیق شدہ"},
    "Not endorsed": {"en": "Not endorsed", "zh": "不推荐", "ru": "Не рекомендованы", "ur": "توثیق نہیں"},
    "Undecided": {"en": "Undecided", "zh": "未决定", "ru": "Не решено", "ur": "فیصلہ نہیں ہوا"},
    "Cohort": {"en": "Cohort", "zh": "批次", "ru": "Группа", "ur": "گروپ"},
    "Endorsements close on {day}.": {
        "en": "Endorsements close on {day}.",
        "zh": "推荐截止日期：{day}。",
        "ru": "Приём рекомендаций заканчивается {day}.",
        "ur": "توثیق کی آخری تاریخ {day} ہے۔",
    },
    "Endorsements for this cycle are closed.": {
        "en": "Endorsements for this cycle are closed.",
        "zh": "本周期的院校推荐已截止。",
        "ru": "Приём рекомендаций в этом наборе закрыт.",
        "ur": "اس دور کے لیے توثیق بند ہو چکی ہے۔",
    },
    "Endorsements for this cycle closed on {closes_at}.": {
        "en": "Endorsements for this cycle closed on {closes_at}.",
        "zh": "本周期的院校推荐已于 {closes_at} 截止。",
        "ru": "Приём рекомендаций в этом наборе закончился {closes_at}.",
        "ur": "اس دور کے لیے توثیق {closes_at} کو بند ہو گئی۔",
    },
    "You can read these endorsements; the institution's coordinator sets them.": {
        "en": "You can read these endorsements; the institution's coordinator sets them.",
        "zh": "您可以查看这些推荐决定；由院校的协调人作出决定。",
        "ru": "Вы можете просматривать эти решения; принимает их координатор вуза.",
        "ur": "آپ یہ توثیقیں دیکھ سکتے ہیں؛ فیصلے ادارے کا رابطہ کار کرتا ہے۔",
    },
    "Endorse": {"en": "Endorse", "zh": "推荐", "ru": "Рекомендовать", "ur": "توثیق کریں"},
    "Do not endorse": {"en": "Do not endorse", "zh": "不推荐", "ru": "Не рекомендовать", "ur": "توثیق نہ کریں"},
    "Endorse {name}": {
        "en": "Endorse {name}",
        "zh": "推荐{name}",
        "ru": "Рекомендовать: {name}",
        "ur": "{name} کی توثیق کریں",
    },
    "Do not endorse {name}": {
        "en": "Do not endorse {name}",
        "zh": "不推荐{name}",
        "ru": "Не рекомендовать: {name}",
        "ur": "{name} کی توثیق نہ کریں",
    },
    "Select {name}": {"en": "Select {name}", "zh": "选择{name}", "ru": "Выбрать: {name}", "ur": "{name} کو منتخب کریں"},
    "Selected applicants": {
        "en": "Selected applicants",
        "zh": "已选申请人",
        "ru": "Выбранные кандидаты",
        "ur": "منتخب درخواست دہندگان",
    },
    # "in the table": on a phone the table is a list of cards
    "Tick applicants in the list below, then endorse them at once, or as a named cohort (a Luban Workshop group, "
    "for example). Each keeps their own application.": {
        "en": "Tick applicants in the list below, then endorse them at once, or as a named cohort (a Luban Workshop "
        "group, for example). Each keeps their own application.",
        "zh": "在下方列表中勾选申请人，然后一次性推荐，或作为一个命名批次推荐（例如鲁班工坊的一组学员）。每人保留各自的申请。",
        "ru": "Отметьте кандидатов в списке ниже и рекомендуйте их разом или как группу с названием (например, группу "
        "мастерской «Лубань»). У каждого остаётся своя заявка.",
        "ur": "نیچے کی فہرست میں درخواست دہندگان کو منتخب کریں، پھر ان سب کی ایک ساتھ یا ایک نام والے گروپ کے طور پر "
        "(مثلاً لوبان ورکشاپ کا گروپ) توثیق کریں۔ ہر ایک کی اپنی درخواست برقرار رہتی ہے۔",
    },
    "Cohort name": {"en": "Cohort name", "zh": "批次名称", "ru": "Название группы", "ur": "گروپ کا نام"},
    "Endorse selected": {
        "en": "Endorse selected",
        "zh": "推荐所选",
        "ru": "Рекомендовать выбранных",
        "ur": "منتخب کی توثیق کریں",
    },
    "Endorse selected as a cohort": {
        "en": "Endorse selected as a cohort",
        "zh": "将所选作为一个批次推荐",
        "ru": "Рекомендовать выбранных как группу",
        "ur": "منتخب کی بطور گروپ توثیق کریں",
    },
    "Select at least one applicant.": {
        "en": "Select at least one applicant.",
        "zh": "请至少选择一名申请人。",
        "ru": "Выберите хотя бы одного кандидата.",
        "ur": "کم از کم ایک درخواست دہندہ منتخب کریں۔",
    },
    "Enter a name for the cohort.": {
        "en": "Enter a name for the cohort.",
        "zh": "请填写批次名称。",
        "ru": "Укажите название группы.",
        "ur": "گروپ کا نام درج کریں۔",
    },
    "A cohort's name is at most 200 characters.": {
        "en": "A cohort's name is at most 200 characters.",
        "zh": "批次名称最多 200 个字符。",
        "ru": "Название группы — не длиннее 200 символов.",
        "ur": "گروپ کا نام زیادہ سے زیادہ 200 حروف کا ہو سکتا ہے۔",
    },
    "A reason reaches the applicant only with “Do not endorse”. To endorse, clear it; to tell the applicant something, write in the application's messages.": {
        "en": "A reason reaches the applicant only with “Do not endorse”. To endorse, clear it; to tell the applicant something, write in the application's messages.",
        "zh": "理由只随“不推荐”发送给申请人。如要推荐，请先清空理由；如需告知申请人其他事项，请在该申请的消息中填写。",
        "ru": "Причина доходит до кандидата только вместе с «Не рекомендовать». Чтобы рекомендовать, очистите поле; чтобы что-то сообщить кандидату, напишите в сообщениях заявки.",
        "ur": "وجہ درخواست دہندہ تک صرف “توثیق نہ کریں” کے ساتھ پہنچتی ہے۔ سفارش کرنے کے لیے اسے خالی کریں؛ درخواست دہندہ کو کچھ بتانا ہو تو درخواست کے پیغامات میں لکھیں۔",
    },
    "sent with “Do not endorse”": {
        "en": "sent with “Do not endorse”",
        "zh": "随“不推荐”发送",
        "ru": "отправляется с «Не рекомендовать»",
        "ur": "“توثیق نہ کریں” کے ساتھ بھیجی جاتی ہے",
    },
    "Enter a reason for the applicant.": {
        "en": "Enter a reason for the applicant.",
        "zh": "请填写告知申请人的理由。",
        "ru": "Укажите причину для кандидата.",
        "ur": "درخواست دہندہ کے لیے وجہ درج کریں۔",
    },
    "The applicant was endorsed.": {
        "en": "The applicant was endorsed.",
        "zh": "已推荐该申请人。",
        "ru": "Кандидат рекомендован.",
        "ur": "درخواست دہندہ کی توثیق ہو گئی۔",
    },
    "Recorded as not endorsed; the applicant is told the reason.": {
        "en": "Recorded as not endorsed; the applicant is told the reason.",
        "zh": "已记录为不推荐，申请人将收到理由。",
        "ru": "Записано: не рекомендован(а); кандидату сообщена причина.",
        "ur": "توثیق نہ کرنا درج ہو گیا؛ درخواست دہندہ کو وجہ بتا دی جائے گی۔",
    },
    "The selected applicants were endorsed.": {
        "en": "The selected applicants were endorsed.",
        "zh": "已推荐所选申请人。",
        "ru": "Выбранные кандидаты рекомендованы.",
        "ur": "منتخب درخواست دہندگان کی توثیق ہو گئی۔",
    },
    "The selected applicants were endorsed as the cohort {cohort}.": {
        "en": "The selected applicants were endorsed as the cohort {cohort}.",
        "zh": "已将所选申请人作为批次“{cohort}”推荐。",
        "ru": "Выбранные кандидаты рекомендованы как группа «{cohort}».",
        "ur": "منتخب درخواست دہندگان کی بطور گروپ «{cohort}» توثیق ہو گئی۔",
    },
    "Documents and letters": {
        "en": "Documents and letters",
        "zh": "材料和推荐信",
        "ru": "Документы и письма",
        "ur": "دستاویزات اور خطوط",
    },
    # the documents and letters pages of an applicant, opened from the coordinator's table
    "Back to the endorsement list": {
        "en": "Back to the endorsement list",
        "zh": "返回推荐名单",
        "ru": "Назад к списку для рекомендации",
        "ur": "توثیقی فہرست پر واپس",
    },
    "No applicants match.": {
        "en": "No applicants match.",
        "zh": "没有符合条件的申请人。",
        "ru": "Подходящих кандидатов нет.",
        "ur": "کوئی درخواست دہندہ نہیں ملا۔",
    },
    # the refusals of the endorsement API (domain/problems.py BY_CODE)
    "This application is not one of this institution's applicants in the cycle.": {
        "en": "This application is not one of this institution's applicants in the cycle.",
        "zh": "此申请不属于该院校在本周期的申请人。",
        "ru": "Эта заявка не относится к кандидатам этого вуза в наборе.",
        "ur": "یہ درخواست اس دور میں اس ادارے کے درخواست دہندگان میں شامل نہیں۔",
    },
    "An application is named twice.": {
        "en": "An application is named twice.",
        "zh": "有申请被重复列出。",
        "ru": "Заявка указана дважды.",
        "ur": "ایک درخواست دو بار درج ہے۔",
    },
    "This application is already placed in a round or nominated: its endorsement stands.": {
        "en": "This application is already placed in a round or nominated: its endorsement stands.",
        "zh": "此申请已在轮次中获安排或已获提名：其院校推荐决定不再更改。",
        "ru": "Эта заявка уже распределена в раунде или выдвинута: решение вуза остаётся в силе.",
        "ur": "یہ درخواست پہلے ہی کسی راؤنڈ میں منتخب یا نامزد ہو چکی ہے: اس کی توثیق برقرار رہتی ہے۔",
    },
    # the same refusal under a scheme without a nomination stage
    "This application is already placed in a round: its endorsement stands.": {
        "en": "This application is already placed in a round: its endorsement stands.",
        "zh": "此申请已在轮次中获安排：其院校推荐决定不再更改。",
        "ru": "Эта заявка уже распределена в раунде: решение вуза остаётся в силе.",
        "ur": "یہ درخواست پہلے ہی کسی راؤنڈ میں منتخب ہو چکی ہے: اس کی توثیق برقرار رہتی ہے۔",
    },
    # a settled row of the table (its buttons gone)
    "Decided: placed in a round or nominated.": {
        "en": "Decided: placed in a round or nominated.",
        "zh": "已定：已在轮次中获安排或已获提名。",
        "ru": "Решено: заявка распределена в раунде или выдвинута.",
        "ur": "طے شدہ: کسی راؤنڈ میں منتخب یا نامزد ہو چکی ہے۔",
    },
    "Decided: placed in a round.": {
        "en": "Decided: placed in a round.",
        "zh": "已定：已在轮次中获安排。",
        "ru": "Решено: заявка распределена в раунде.",
        "ur": "طے شدہ: کسی راؤنڈ میں منتخب ہو چکی ہے۔",
    },
    # the officer's cycle page (templates/endorsement/_cycle_stage.html)
    "This scheme has an endorsement stage: a round places only applications their home institution endorsed.": {
        "en": "This scheme has an endorsement stage: a round places only applications their home institution endorsed.",
        "zh": "本项目计划设有院校推荐环节：轮次只安排已获所在院校推荐的申请。",
        "ru": "В этой программе финансирования есть этап рекомендации вуза: раунд распределяет только заявки, рекомендованные вузом "
        "заявителя.",
        "ur": "اس اسکیم میں توثیق کا مرحلہ ہے: راؤنڈ صرف ان درخواستوں کو منتخب کرتا ہے جن کی ان کے ادارے نے "
        "توثیق کی ہو۔",
    },
    "This scheme has no endorsement stage.": {
        "en": "This scheme has no endorsement stage.",
        "zh": "本项目没有院校推荐环节。",
        "ru": "В этой программе нет этапа рекомендации вуза.",
        "ur": "اس اسکیم میں توثیق کا مرحلہ نہیں ہے۔",
    },
    "This home institution is not in the catalog of your country.": {
        "en": "This home institution is not in the catalog of your country.",
        "zh": "该院校不在您所在国家的院校目录中。",
        "ru": "Этого вуза нет в каталоге вашей страны.",
        "ur": "یہ ادارہ آپ کے ملک کی فہرست میں نہیں ہے۔",
    },
}

NOMINATOR_MENDS: dict[str, dict[str, str]] = {
    # a nominee the host did not admit (matching withdraws it from the list and the reserve moves up)
    "nomination:host_rejected": {
        "en": "not admitted by the host",
        "zh": "接收院校未录取",
        "ru": "не принят(а) вузом",
        "ur": "میزبان نے داخلہ نہیں دیا",
    },
    # what became of the nominee and of the place (views/award.py; matching's candidates say it)
    "The host institution did not admit this nominee, who takes no further part in this cycle.": {
        "en": "The host institution did not admit this nominee, who takes no further part in this cycle.",
        "zh": "接收院校未录取该被提名人，其不再参加本周期的后续评选。",
        "ru": "Принимающий вуз не принял этого кандидата; в этом наборе он(а) больше не участвует.",
        "ur": "میزبان ادارے نے اس نامزد امیدوار کو داخلہ نہیں دیا؛ وہ اس دور میں مزید شامل نہیں۔",
    },
    "{name}, first on the reserve list, moved up into the place.": {
        "en": "{name}, first on the reserve list, moved up into the place.",
        "zh": "后备名单第一位的{name}已递补该名额。",
        "ru": "Место занял(а) {name}, первый(ая) в резервном списке.",
        "ur": "ریزرو فہرست میں پہلے نمبر پر {name} اس نشست پر آ گئے۔",
    },
    "The first on the reserve list moved up into the place.": {
        "en": "The first on the reserve list moved up into the place.",
        "zh": "后备名单第一位已递补该名额。",
        "ru": "Место занял первый кандидат из резервного списка.",
        "ur": "ریزرو فہرست میں پہلا امیدوار اس نشست پر آ گیا۔",
    },
    "Nobody moved up into the place: the reserve list was empty.": {
        "en": "Nobody moved up into the place: the reserve list was empty.",
        "zh": "无人递补该名额：后备名单为空。",
        "ru": "Место никто не занял: резервный список был пуст.",
        "ur": "اس نشست پر کوئی نہیں آیا: ریزرو فہرست خالی تھی۔",
    },
    "To fill it, nominate another candidate and publish the list again.": {
        "en": "To fill it, nominate another candidate and publish the list again.",
        "zh": "如需补足名额，请提名另一位候选人并重新公布名单。",
        "ru": "Чтобы заполнить его, выдвиньте другого кандидата и опубликуйте список снова.",
        "ur": "اسے پُر کرنے کے لیے کسی اور امیدوار کو نامزد کریں اور فہرست دوبارہ شائع کریں۔",
    },
    "Rank {rank} is given twice on this list: give each candidate a different rank.": {
        "en": "Rank {rank} is given twice on this list: give each candidate a different rank.",
        "zh": "此名单中排名 {rank} 重复：请为每位候选人填写不同的排名。",
        "ru": "Место {rank} указано в этом списке дважды: у каждого кандидата должно быть своё место.",
        "ur": "اس فہرست میں درجہ {rank} دو بار دیا گیا ہے: ہر امیدوار کو مختلف درجہ دیں۔",
    },
}

ENDORSEMENT_WORDS: dict[str, dict[str, str]] = STATUS_WORDS | APPLICANT_WORDS | COORDINATOR_WORDS | NOMINATOR_MENDS
