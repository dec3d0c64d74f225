"""The committee's words for reassigning to a named reviewer and declaring a conflict before
an assignment, and the names of the fields a journal entry changed ("change:<field>", which
carry "en"), in Chinese, Russian and Urdu (English is the key)."""

from __future__ import annotations

COMMITTEE_WORDS: dict[str, dict[str, str]] = {
    "This cycle has no scoresheet yet: the criteria below are a suggestion, not saved. Save the scoresheet before reviewers are assigned. The suggested criteria are shown to each reader in their own language.": {
        "zh": "本周期尚无评分表：下列标准只是建议，尚未保存。请先保存评分表，再分配评审人。建议的标准会以每位读者自己的语言显示。",
        "ru": "У этого набора ещё нет оценочного листа: критерии ниже — лишь предложение и не сохранены. Сохраните оценочный лист, прежде чем назначать рецензентов. Предложенные критерии каждый читатель видит на своём языке.",
        "ur": "اس سائیکل کی ابھی کوئی اسکور شیٹ نہیں: نیچے دیے گئے معیار صرف تجویز ہیں، محفوظ نہیں ہوئے۔ جائزہ کار مقرر کرنے سے پہلے اسکور شیٹ محفوظ کریں۔ تجویز کردہ معیار ہر پڑھنے والے کو اس کی اپنی زبان میں دکھائے جاتے ہیں۔",
    },
    "Give to": {"zh": "改派给", "ru": "Передать", "ur": "کسے دیں"},
    # the usual criteria of a new scoresheet (domain/changes.py DEFAULT_CRITERIA)
    "Academic record": {"zh": "学业成绩", "ru": "Успеваемость", "ur": "تعلیمی ریکارڈ"},
    "Research plan": {"zh": "研究计划", "ru": "План исследования", "ur": "تحقیقی منصوبہ"},
    "the least loaded eligible reviewer": {
        "zh": "任务最少的合格评审人",
        "ru": "наименее загруженному подходящему эксперту",
        "ur": "سب سے کم کام والا اہل جائزہ کار",
    },
    "You review this scheme: declare a conflict now and this application is never given to you.": {
        "zh": "您是该项目的评审人：现在声明利益冲突，此申请将永远不会分配给您。",
        "ru": "Вы эксперт этой программы: заявите о конфликте сейчас, и эта заявка никогда не будет вам назначена.",
        "ur": "آپ اس اسکیم کے جائزہ کار ہیں: ابھی ٹکراؤ کا اعلان کریں تو یہ درخواست کبھی آپ کو نہیں دی جائے گی۔",
    },
    "{name} may not review this application: they already review it, work at the applicant's "
    "home institution or declared a conflict with it.": {
        "zh": "{name} 不得评审此申请：此人已在评审、任职于申请人的所在院校，或已声明利益冲突。",
        "ru": "{name} не может оценивать эту заявку: этот эксперт уже её оценивает, работает в вузе "
        "заявителя или заявил о конфликте интересов.",
        "ur": "{name} اس درخواست کا جائزہ نہیں لے سکتے: وہ پہلے ہی اس کا جائزہ لے رہے ہیں، درخواست دہندہ کے "
        "ادارے میں کام کرتے ہیں یا ٹکراؤ کا اعلان کر چکے ہیں۔",
    },
    # an officer who could read the other scores giving themselves a blind review
    "{name} can read or has read this application's other scores, so may not become its reviewer: give it to another officer, or let the least loaded be chosen.": {
        "zh": "{name} 能看到或已看过该申请的其他评分，因此不能成为其评审人：请交给另一位招生官，或由系统选择任务最少的评审人。",
        "ru": "{name} видит или уже видел(а) другие оценки этой заявки, поэтому не может стать её экспертом: передайте её другому сотруднику или позвольте выбрать наименее загруженного.",
        "ur": "{name} اس درخواست کے دوسرے اسکور دیکھ سکتے ہیں یا دیکھ چکے ہیں، اس لیے وہ اس کے جائزہ کار نہیں بن سکتے: اسے کسی دوسرے افسر کو دیں، یا سب سے کم مصروف جائزہ کار منتخب ہونے دیں۔",
    },
    # what an officer does about a flagged application
    "The reviewers' composites differ by more than the scoresheet allows. Read both reviews; a reviewer who reconsiders submits their scores again (the history keeps both), or give the review to another reviewer below. The flag goes once the spread is within the limit.": {
        "zh": "评审人的综合分相差超过评分表允许的范围。请阅读两份评审；重新考虑的评审人可再次提交评分（历史记录会保留两次），或在下方将评审交给另一位评审人。分差回到允许范围内后，标记即消失。",
        "ru": "Итоговые оценки экспертов расходятся больше, чем допускает лист оценки. Прочитайте обе рецензии; эксперт, пересмотревший мнение, отправляет оценки заново (история хранит обе), либо передайте рецензию другому эксперту ниже. Отметка снимается, когда расхождение укладывается в предел.",
        "ur": "جائزہ کاروں کے مجموعی اسکور میں فرق اسکور شیٹ کی اجازت سے زیادہ ہے۔ دونوں جائزے پڑھیں؛ نظرِ ثانی کرنے والا جائزہ کار اپنے اسکور دوبارہ جمع کراتا ہے (تاریخ دونوں محفوظ رکھتی ہے)، یا نیچے جائزہ کسی دوسرے جائزہ کار کو دیں۔ فرق حد کے اندر آتے ہی نشان ہٹ جاتا ہے۔",
    },
    "A flagged application's reviewers differ by more than the scoresheet allows: open it to read the reviews; a reviewer may reconsider and submit again, or the review can go to another reviewer.": {
        "zh": "被标记申请的评审人评分差异超出评分表允许的范围：请打开申请阅读评审；评审人可重新考虑并再次提交，或将评审交给另一位评审人。",
        "ru": "У отмеченной заявки оценки экспертов расходятся больше допустимого: откройте её и прочитайте рецензии; эксперт может пересмотреть оценку и отправить её заново, или рецензию можно передать другому эксперту.",
        "ur": "نشان زدہ درخواست کے جائزہ کاروں میں فرق اسکور شیٹ کی حد سے زیادہ ہے: اسے کھول کر جائزے پڑھیں؛ جائزہ کار نظرِ ثانی کر کے دوبارہ جمع کرا سکتا ہے، یا جائزہ کسی دوسرے جائزہ کار کو دیا جا سکتا ہے۔",
    },
    # officers taken off the committee after an assignment run kept their reviews
    "Officers off the committee still hold reviews: {names}. Assign reviewers gives those not yet scored to the committee.": {
        "zh": "已不在评审委员会中的招生官仍持有评审任务：{names}。点击“分配评审人”会将尚未评分的任务交给委员会。",
        "ru": "Сотрудники вне комиссии всё ещё держат рецензии: {names}. «Назначить экспертов» передаст ещё не оценённые комиссии.",
        "ur": "کمیٹی سے باہر افسران کے پاس اب بھی جائزے ہیں: {names}۔ «جائزہ کار تفویض کریں» ابھی تک بغیر اسکور والے جائزے کمیٹی کو دے دیتا ہے۔",
    },
    "Reviews not yet scored taken from officers off the committee and given to it: {n}.": {
        "zh": "已从不在委员会中的招生官处收回尚未评分的评审并交给委员会：{n}。",
        "ru": "Ещё не оценённые рецензии сотрудников вне комиссии переданы комиссии: {n}.",
        "ur": "کمیٹی سے باہر افسران سے بغیر اسکور والے جائزے لے کر کمیٹی کو دیے گئے: {n}۔",
    },
    # more invited waiting to book than free interview times
    "{waiting} invited applicant(s) have no time booked, and {free} free time(s) are left: publish more times, or some of them cannot book.": {
        "zh": "有 {waiting} 位受邀申请人尚未预约时间，而空闲时间只剩 {free} 个：请发布更多时间，否则其中一些人将无法预约。",
        "ru": "Приглашённых без записи: {waiting}, свободного времени осталось: {free}. Опубликуйте больше времени, иначе кто-то из них не сможет записаться.",
        "ur": "{waiting} مدعو درخواست دہندگان نے ابھی وقت بُک نہیں کیا، اور صرف {free} خالی اوقات باقی ہیں: مزید اوقات شائع کریں، ورنہ ان میں سے کچھ بُک نہیں کر سکیں گے۔",
    },
    # the committee: who of the scheme's officers reviews the cycle's applications
    "Who reviews": {"zh": "评审委员会成员", "ru": "Кто рецензирует", "ur": "جائزہ کون لیتا ہے"},
    "Tick the members of this cycle's committee (the scheme's officers and reviewers): only they are given applications to review. With every one ticked, members added to the scheme later review too.": {
        "zh": "勾选本期评审委员会的成员（该项目计划的招生官和评审委员）：只有他们会被分配申请进行评审。全部勾选时，之后加入该项目计划的成员也会参与评审。",
        "ru": "Отметьте членов комиссии этого набора (сотрудников и экспертов программы): только им поручается рецензировать заявки. Если отмечены все, рецензировать будут и те, кто добавлен в программу позже.",
        "ur": "اس دور کی کمیٹی کے ارکان (اسکیم کے افسران اور جائزہ کار) پر نشان لگائیں: صرف انہیں جائزے کے لیے درخواستیں دی جاتی ہیں۔ سب پر نشان ہو تو اسکیم میں بعد میں شامل ہونے والے ارکان بھی جائزہ لیں گے۔",
    },
    "(not on the committee)": {"zh": "（不在评审委员会中）", "ru": "(не в комиссии)", "ur": "(کمیٹی میں نہیں)"},
    "You no longer review this application: it was given to another reviewer, or you declared a conflict with it.": {
        "zh": "您已不再评审此申请：它已交给另一位评审人，或您已声明与其存在利益冲突。",
        "ru": "Вы больше не оцениваете эту заявку: она передана другому эксперту, или вы заявили о конфликте интересов.",
        "ur": "آپ اب اس درخواست کا جائزہ نہیں لیتے: یہ کسی اور جائزہ کار کو دے دی گئی، یا آپ نے اس سے مفادات کے ٹکراؤ کا اعلان کیا۔",
    },
    "Your scores and another reviewer's differ by more than the scoresheet allows. Read their review below; if you reconsider, submit your scores again (the history keeps both). The scheme's officers moderate.": {
        "zh": "您的评分与另一位评审人的评分差距超过评分表允许的范围。请阅读下方对方的评审；如您重新考虑，可再次提交评分（历史记录会保留两次）。由该项目计划的招生官进行复核。",
        "ru": "Ваши оценки и оценки другого эксперта расходятся больше, чем допускает оценочный лист. Прочитайте его рецензию ниже; если передумаете, отправьте оценки снова (история сохранит обе версии). Модерируют сотрудники программы.",
        "ur": "آپ کے اور ایک دوسرے جائزہ کار کے اسکور میں فرق اسکور شیٹ کی اجازت سے زیادہ ہے۔ نیچے ان کا جائزہ پڑھیں؛ اگر آپ نظرِ ثانی کریں تو اپنے اسکور دوبارہ جمع کرائیں (تاریخ دونوں محفوظ رکھتی ہے)۔ اسکیم کے افسران اعتدال کا فیصلہ کرتے ہیں۔",
    },
    "None of the applications you review matches these filters.": {
        "zh": "您评审的申请中没有符合这些筛选条件的。",
        "ru": "Ни одна из ваших заявок на оценку не подходит под эти фильтры.",
        "ur": "آپ کی زیرِ جائزہ درخواستوں میں سے کوئی بھی ان فلٹرز سے مطابقت نہیں رکھتی۔",
    },
    "This application is not among those you review: it was given to another reviewer, you declared a conflict with it, or it was never given to you.": {
        "zh": "此申请不在您的评审范围内：它已交给另一位评审人，或您已声明利益冲突，或从未分配给您。",
        "ru": "Этой заявки нет среди ваших: она передана другому эксперту, вы заявили о конфликте интересов или она вам не поручалась.",
        "ur": "یہ درخواست آپ کی زیرِ جائزہ درخواستوں میں نہیں: یہ کسی اور جائزہ کار کو دے دی گئی، آپ نے اس سے مفادات کے ٹکراؤ کا اعلان کیا، یا یہ آپ کو کبھی دی ہی نہیں گئی۔",
    },
    "The reviewers' composites differ by more than the scoresheet allows. Read both reviews; a reviewer who reconsiders submits their scores again (the history keeps both). The flag goes once the spread is within the limit.": {
        "zh": "评审人的综合分差距超过评分表允许的范围。请阅读两份评审；评审人如重新考虑，可再次提交评分（历史记录会保留两次）。差距回到限度以内后，标记即消失。",
        "ru": "Итоговые оценки экспертов расходятся больше, чем допускает оценочный лист. Прочитайте обе рецензии; эксперт, который передумает, отправляет оценки снова (история сохранит обе версии). Отметка снимается, когда расхождение войдёт в допустимые пределы.",
        "ur": "جائزہ کاروں کے مجموعی اسکور میں فرق اسکور شیٹ کی اجازت سے زیادہ ہے۔ دونوں جائزے پڑھیں؛ نظرِ ثانی کرنے والا جائزہ کار اپنے اسکور دوبارہ جمع کرائے (تاریخ دونوں محفوظ رکھتی ہے)۔ فرق حد کے اندر آتے ہی نشان ہٹ جاتا ہے۔",
    },
    "Nobody else may take a review of it: the scheme's other reviewers review it already, are of the applicant's institution, declared a conflict or have read its scores (a review stays blind). An administrator may add a reviewer account for the scheme.": {
        "zh": "没有其他人可以接手此申请的评审：该项目计划的其他评审人已在评审、与申请人同属一所院校、已声明利益冲突，或已看过其评分（评审须保持盲评）。管理员可以为该项目计划添加评审委员账户。",
        "ru": "Никто другой не может взять рецензию этой заявки: остальные эксперты программы уже её оценивают, из вуза заявителя, заявили о конфликте интересов или видели её оценки (рецензия остаётся слепой). Администратор может добавить для программы учётную запись эксперта.",
        "ur": "اس کا جائزہ کوئی اور نہیں لے سکتا: اسکیم کے دوسرے جائزہ کار پہلے ہی اس کا جائزہ لے رہے ہیں، درخواست گزار کے ادارے کے ہیں، مفادات کے ٹکراؤ کا اعلان کر چکے ہیں یا اس کے اسکور دیکھ چکے ہیں (جائزہ بے نام رہتا ہے)۔ منتظم اسکیم کے لیے جائزہ کار کا اکاؤنٹ شامل کر سکتا ہے۔",
    },
    "Tick at least one member.": {
        "zh": "请至少勾选一位成员。",
        "ru": "Отметьте хотя бы одного члена комиссии.",
        "ur": "کم از کم ایک رکن پر نشان لگائیں۔",
    },
    "The committee has {members} member(s) for {asked} reviewers per application: tick more, or lower the number.": {
        "zh": "评审委员会只有 {members} 位成员，而每份申请需要 {asked} 位评审人：请多勾选几位，或降低该数字。",
        "ru": "В комиссии членов: {members}, а экспертов на заявку нужно {asked}: отметьте больше или уменьшите число.",
        "ur": "کمیٹی میں {members} ارکان ہیں جبکہ ہر درخواست کے لیے {asked} جائزہ کار درکار ہیں: مزید پر نشان لگائیں، یا تعداد کم کریں۔",
    },
    "No longer an officer or reviewer of this scheme: {accounts}.": {
        "zh": "已不再是该项目计划的招生官或评审委员：{accounts}。",
        "ru": "Больше не сотрудник и не эксперт этой программы: {accounts}.",
        "ur": "اب اس اسکیم کے افسر یا جائزہ کار نہیں: {accounts}۔",
    },
    "{name} does not review this scheme.": {
        "zh": "{name} 不是该项目的评审人。",
        "ru": "{name} не является экспертом этой программы.",
        "ur": "{name} اس اسکیم کے جائزہ کار نہیں ہیں۔",
    },
    # the moderation table: reviews submitted of those the scoresheet asks for
    "({n} assigned)": {"zh": "（已分配 {n} 位）", "ru": "(назначено: {n})", "ur": "({n} مقرر)"},
}

# The applicant's booked interview as a calendar file (views/interviews.py).
INTERVIEW_FILE_WORDS: dict[str, dict[str, str]] = {
    "Add to my calendar (.ics file)": {
        "zh": "添加到我的日历（.ics 文件）",
        "ru": "Добавить в мой календарь (файл .ics)",
        "ur": "میرے کیلنڈر میں شامل کریں (ICS فائل)",
    },
    "Interview: {cycle}": {"zh": "面试：{cycle}", "ru": "Собеседование: {cycle}", "ur": "انٹرویو: {cycle}"},
}
COMMITTEE_WORDS |= INTERVIEW_FILE_WORDS

# What a journal entry of the committee or an interview changed, by field (web.py journal_field).
CHANGE_WORDS: dict[str, dict[str, str]] = {
    "yes": {"zh": "是", "ru": "да", "ur": "ہاں"},
    "no": {"zh": "否", "ru": "нет", "ur": "نہیں"},
    "change:reviewer_name": {"en": "reviewer", "zh": "评审人", "ru": "эксперт", "ur": "جائزہ کار"},
    "change:ended_assignments": {
        "en": "assignments ended",
        "zh": "结束的分配",
        "ru": "снятые назначения",
        "ur": "ختم شدہ تفویضات",
    },
    "change:scores": {"en": "scores", "zh": "评分", "ru": "оценки", "ur": "اسکور"},
    "change:composite": {"en": "composite", "zh": "综合分", "ru": "итоговый балл", "ur": "مجموعی اسکور"},
    "change:version": {"en": "version", "zh": "版本", "ru": "версия", "ur": "ورژن"},
    # a match's review, a host's admission decision, a round (matching's journal)
    "change:status": {"en": "status", "zh": "状态", "ru": "статус", "ur": "صورتحال"},
    "change:decision": {"en": "decision", "zh": "决定", "ru": "решение", "ur": "فیصلہ"},
    "change:reason_code": {"en": "reason", "zh": "原因", "ru": "причина", "ur": "وجہ"},
    "change:message_to_applicant": {
        "en": "message to the applicant",
        "zh": "给申请人的留言",
        "ru": "сообщение заявителю",
        "ur": "درخواست دہندہ کے لیے پیغام",
    },
    "change:reply_by": {"en": "reply by", "zh": "答复截止日期", "ru": "ответить до", "ur": "جواب کی آخری تاریخ"},
    "change:programme_id": {"en": "programme", "zh": "项目", "ru": "программа", "ur": "پروگرام"},
    "change:seed": {"en": "draw seed", "zh": "抽签种子", "ru": "число для жеребьёвки", "ur": "قرعہ اندازی کا نمبر"},
    "change:number": {"en": "number", "zh": "编号", "ru": "номер", "ur": "نمبر"},
    # a round started over incomplete reviews or scores, confirmed by the officer
    "change:incomplete_scores_ok": {
        "en": "started with scores incomplete",
        "zh": "评分未完成时开始",
        "ru": "начат при неполных оценках",
        "ur": "نامکمل اسکور کے ساتھ شروع کیا گیا",
    },
    "change:interview_score": {
        "en": "interview score",
        "zh": "面试分",
        "ru": "балл собеседования",
        "ur": "انٹرویو اسکور",
    },
    "change:committee_score": {"en": "committee score", "zh": "委员会评分", "ru": "балл комиссии", "ur": "کمیٹی اسکور"},
    "change:promoted": {
        "en": "moved up from the reserve",
        "zh": "由后备递补",
        "ru": "из резерва",
        "ur": "ریزرو سے آگے",
    },
    "change:application_composite": {
        "en": "application's composite",
        "zh": "申请综合分",
        "ru": "итоговый балл заявки",
        "ur": "درخواست کا مجموعی اسکور",
    },
    "change:flagged": {
        "en": "flagged for moderation",
        "zh": "需复核",
        "ru": "нужно согласование",
        "ur": "نظرثانی کے لیے نشان زد",
    },
    "change:criteria": {"en": "criteria", "zh": "评分标准", "ru": "критерии", "ur": "معیارات"},
    "change:committee": {"en": "committee", "zh": "评审委员会", "ru": "комиссия", "ur": "کمیٹی"},
    "change:reviewers_per_application": {
        "en": "reviewers per application",
        "zh": "每份申请的评审人数",
        "ru": "экспертов на заявку",
        "ur": "فی درخواست جائزہ کار",
    },
    "change:spread_threshold": {
        "en": "spread that needs moderation",
        "zh": "需复核的分差",
        "ru": "разброс для согласования",
        "ur": "نظرثانی والا فرق",
    },
    "change:starts_at": {"en": "starts at", "zh": "开始时间", "ru": "начало", "ur": "آغاز"},
    "change:duration_minutes": {
        "en": "length in minutes",
        "zh": "时长（分钟）",
        "ru": "длительность, мин.",
        "ur": "دورانیہ منٹ میں",
    },
    "change:time_zone": {"en": "time zone", "zh": "时区", "ru": "часовой пояс", "ur": "ٹائم زون"},
    "change:place": {"en": "place", "zh": "地点", "ru": "место", "ur": "جگہ"},
    "change:attendance": {"en": "attendance", "zh": "出席", "ru": "явка", "ur": "حاضری"},
    "change:score": {"en": "score", "zh": "评分", "ru": "балл", "ur": "اسکور"},
    # a catalog record's and a quota rule's fields, and a nomination list's (the journal's
    # catalog.*, quota_rule.* and nomination.* entries): English keys read on other pages
    "change:seats": {"en": "seats", "zh": "名额", "ru": "места", "ur": "نشستیں"},
    "change:title": {"en": "title", "zh": "名称", "ru": "название", "ur": "عنوان"},
    "change:name": {"en": "name", "zh": "名称", "ru": "название", "ur": "نام"},
    "change:translations": {
        "en": "in other languages",
        "zh": "其他语言名称",
        "ru": "на других языках",
        "ur": "دوسری زبانوں میں",
    },
    "change:requirements": {"en": "requirements", "zh": "要求", "ru": "требования", "ur": "شرائط"},
    "change:letters": {"en": "letters", "zh": "推荐信", "ru": "рекомендательные письма", "ur": "سفارشی خطوط"},
    "change:count": {"en": "how many", "zh": "数量", "ru": "сколько", "ur": "تعداد"},
    "change:positions": {
        "en": "referees' positions",
        "zh": "推荐人职位",
        "ru": "должности рекомендателей",
        "ur": "سفارش کنندگان کے عہدے",
    },
    "change:min_grade": {
        "en": "lowest grade",
        "zh": "最低成绩",
        "ru": "минимальный средний балл",
        "ur": "کم از کم گریڈ",
    },
    "change:language_certificate": {
        "en": "language certificate",
        "zh": "语言证书",
        "ru": "языковой сертификат",
        "ur": "زبان کا سرٹیفکیٹ",
    },
    "change:min_language_level": {
        "en": "lowest language level",
        "zh": "最低语言等级",
        "ru": "минимальный уровень языка",
        "ur": "زبان کی کم از کم سطح",
    },
    "change:max_age": {"en": "oldest age", "zh": "最高年龄", "ru": "предельный возраст", "ur": "زیادہ سے زیادہ عمر"},
    "change:required_documents": {
        "en": "documents asked for",
        "zh": "所需文件",
        "ru": "требуемые документы",
        "ur": "مطلوبہ دستاویزات",
    },
    "change:abroad_only": {
        "en": "from abroad only",
        "zh": "仅限境外申请人",
        "ru": "только из-за рубежа",
        "ur": "صرف بیرون ملک سے",
    },
    "change:label": {"en": "label", "zh": "标签", "ru": "метка", "ur": "عنوان"},
    "change:scope": {"en": "scope", "zh": "范围", "ru": "пределы", "ur": "دائرہ"},
    "change:per": {"en": "each", "zh": "每个", "ru": "для каждого", "ur": "ہر"},
    "change:max_count": {"en": "most places", "zh": "最多名额", "ru": "не более мест", "ur": "زیادہ سے زیادہ نشستیں"},
    "change:max_share_of_seats": {
        "en": "most share of the seats",
        "zh": "名额最高比例",
        "ru": "наибольшая доля мест",
        "ur": "نشستوں کا زیادہ سے زیادہ حصہ",
    },
    "change:opens_at": {"en": "opens", "zh": "开放时间", "ru": "открывается", "ur": "کھلنے کا وقت"},
    "change:closes_at": {"en": "closes", "zh": "截止时间", "ru": "закрывается", "ur": "بند ہونے کا وقت"},
    "change:starts_on": {"en": "starts", "zh": "开始日期", "ru": "начало", "ur": "آغاز"},
    "change:eligible_countries": {
        "en": "sending countries",
        "zh": "派出国",
        "ru": "направляющие страны",
        "ur": "بھیجنے والے ممالک",
    },
    "change:max_choices": {
        "en": "most choices",
        "zh": "最多志愿数",
        "ru": "наибольшее число выборов",
        "ur": "زیادہ سے زیادہ انتخاب",
    },
    "change:sending_country": {
        "en": "sending country",
        "zh": "派出国",
        "ru": "направляющая страна",
        "ur": "بھیجنے والا ملک",
    },
    "change:nominees": {"en": "nominees", "zh": "被提名人", "ru": "выдвинутые", "ur": "نامزد امیدوار"},
    "change:reserve": {"en": "reserve list", "zh": "后备名单", "ru": "резервный список", "ur": "ریزرو فہرست"},
    "change:not_nominated": {"en": "not nominated", "zh": "未提名", "ru": "не выдвинуты", "ur": "نامزد نہیں"},
    "change:nominated": {"en": "nominated", "zh": "已提名", "ru": "выдвинуто", "ur": "نامزد"},
    "change:on_reserve": {"en": "on the reserve list", "zh": "在后备名单上", "ru": "в резерве", "ur": "ریزرو فہرست پر"},
    "change:told": {"en": "told", "zh": "已通知", "ru": "уведомлено", "ur": "مطلع کیا گیا"},
    "change:country": {"en": "country", "zh": "国家", "ru": "страна", "ur": "ملک"},
    "change:kind": {"en": "kind", "zh": "类型", "ru": "тип", "ur": "قسم"},
    "change:sponsor": {"en": "sponsor", "zh": "资助方", "ru": "спонсор", "ur": "سرپرست"},
    "change:path": {"en": "stages", "zh": "阶段", "ru": "этапы", "ur": "مراحل"},
    "change:authorities": {
        "en": "nominating authorities",
        "zh": "提名机构",
        "ru": "выдвигающие органы",
        "ur": "نامزد کرنے والے ادارے",
    },
    "change:field": {"en": "field of study", "zh": "专业领域", "ru": "область обучения", "ur": "شعبۂ تعلیم"},
    "change:level": {"en": "level", "zh": "层次", "ru": "уровень", "ur": "سطح"},
    "change:language": {"en": "language of instruction", "zh": "授课语言", "ru": "язык обучения", "ur": "ذریعۂ تعلیم"},
    "change:host_institution_id": {
        "en": "host institution",
        "zh": "接收院校",
        "ru": "принимающий вуз",
        "ur": "میزبان ادارہ",
    },
    "change:applicant_type": {
        "en": "applicant type",
        "zh": "申请人类型",
        "ru": "тип заявителя",
        "ur": "درخواست دہندہ کی قسم",
    },
}
COMMITTEE_WORDS |= CHANGE_WORDS

# an application short of reviewers (a conflict declared, nobody eligible left)
COMMITTEE_WORDS |= {
    "Only {n} of {m} reviewers are active.": {
        "zh": "仅有 {n} / {m} 名评审人在审。",
        "ru": "Активны только {n} из {m} рецензентов.",
        "ur": "{m} میں سے صرف {n} جائزہ کار فعال ہیں۔",
    },
    "Assign reviewers again on the cycle's scoresheet page: it fills what is missing.": {
        "zh": "请在本期的评分表页面再次分配评审人：系统会补足缺少的评审人。",
        "ru": "Снова назначьте рецензентов на странице оценочного листа набора: недостающие будут добавлены.",
        "ur": "دور کے اسکور شیٹ صفحے پر دوبارہ جائزہ کار مقرر کریں: کمی پوری ہو جائے گی۔",
    },
    "The scoresheet asks for {asked} reviewers per application, but {n} member(s) review this scheme. An administrator adds reviewer or officer accounts for the scheme, or lower the number above.": {
        "zh": "评分表要求每份申请有 {asked} 位评审人，但负责此项目的委员会成员（招生官和评审委员）只有 {n} 位。请管理员为此项目添加评审委员或招生官账户，或调低上方的人数。",
        "ru": "Оценочный лист требует экспертов на заявку: {asked}, а эту программу оценивают членов комиссии (сотрудников и экспертов): {n}. Администратор может добавить учётные записи экспертов или сотрудников для программы, или уменьшите число выше.",
        "ur": "اسکور شیٹ ہر درخواست کے لیے {asked} جائزہ کار مانگتی ہے، لیکن اس اسکیم کا جائزہ کمیٹی کے {n} ارکان (افسران اور جائزہ کار) لیتے ہیں۔ منتظم اس اسکیم کے لیے جائزہ کاروں یا افسروں کے اکاؤنٹ بنائے، یا اوپر تعداد کم کریں۔",
    },
    "You review this scheme's applications: the committee score of one you review stays hidden until you submit your own scores for it (blind review), and its priority is shown without it.": {
        "zh": "您是本项目申请的评审人：您评审的申请，其评审委员会得分在您提交自己的评分前不予显示（盲评），其优先分也不含该得分。",
        "ru": "Вы рецензируете заявки этой программы: итоговый балл комиссии по заявке, которую вы рецензируете, скрыт, пока вы не отправите свои оценки (слепое рецензирование), и её приоритет показан без него.",
        "ur": "آپ اس اسکیم کی درخواستوں کا جائزہ لیتے ہیں: جس درخواست کا آپ جائزہ لیتے ہیں اس کا کمیٹی اسکور آپ کے اپنے اسکور جمع کرانے تک پوشیدہ رہتا ہے (بلائنڈ جائزہ)، اور اس کی ترجیح اس کے بغیر دکھائی جاتی ہے۔",
    },
    "No other eligible reviewer is left: an administrator must add a reviewer or officer account for this scheme.": {
        "zh": "已没有其他符合条件的评审人：需要管理员为该项目计划添加一个评审委员或招生官账户。",
        "ru": "Других подходящих рецензентов не осталось: администратор должен добавить для этой программы учётную запись эксперта комиссии или сотрудника.",
        "ur": "کوئی اور اہل جائزہ کار باقی نہیں: منتظم کو اس اسکیم کے لیے کمیٹی کے جائزہ کار یا افسر کا اکاؤنٹ شامل کرنا ہوگا۔",
    },
}

# fields of the award path's journal entries (endorsements, nominations)
CHANGE_WORDS |= {
    "change:state": {"en": "state", "zh": "状态", "ru": "состояние", "ur": "حالت"},
    "change:home": {"en": "home institution", "zh": "所在院校", "ru": "вуз", "ur": "ادارہ"},
    "change:position": {"en": "position", "zh": "排名", "ru": "место", "ur": "نمبر"},
    "change:reason": {"en": "reason", "zh": "理由", "ru": "причина", "ur": "وجہ"},
    "change:cohort": {"en": "cohort", "zh": "批次", "ru": "группа", "ur": "گروپ"},
}
# fields of an account's history (admin/account.html): its scope and contact as journaled
CHANGE_WORDS |= {
    "change:role": {"en": "role", "zh": "角色", "ru": "роль", "ur": "کردار"},
    "change:email": {"en": "e-mail", "zh": "电子邮件", "ru": "эл. почта", "ur": "ای میل"},
    "change:schemes": {"en": "schemes", "zh": "项目", "ru": "программы", "ur": "اسکیمیں"},
    "change:institutions": {"en": "institutions", "zh": "院校", "ru": "вузы", "ur": "ادارے"},
    "change:countries": {"en": "countries", "zh": "国家", "ru": "страны", "ur": "ممالک"},
    "change:active": {"en": "active", "zh": "启用", "ru": "активна", "ur": "فعال"},
    "change:preferred_language": {"en": "language", "zh": "语言", "ru": "язык", "ur": "زبان"},
}
# fields of the applications service's journal entries, on an application's page (documents
# checked, the applicant's consent, a host's read, a message)
CHANGE_WORDS |= {
    "change:due_on": {"en": "due", "zh": "截止日期", "ru": "срок", "ur": "آخری تاریخ"},
    "change:host_identity": {
        "en": "host may read the identity",
        "zh": "接收院校可查看身份信息",
        "ru": "принимающий вуз видит личные данные",
        "ur": "میزبان ادارہ شناخت دیکھ سکتا ہے",
    },
    "change:host_documents": {
        "en": "host may read the documents",
        "zh": "接收院校可查看材料",
        "ru": "принимающий вуз видит документы",
        "ur": "میزبان ادارہ دستاویزات دیکھ سکتا ہے",
    },
    "change:institution_id": {"en": "institution", "zh": "院校", "ru": "вуз", "ur": "ادارہ"},
    "change:direction": {"en": "message", "zh": "消息", "ru": "сообщение", "ur": "پیغام"},
    "change:characters": {"en": "characters", "zh": "字数", "ru": "символов", "ur": "حروف"},
    "direction:officer_to_applicant": {
        "en": "to the applicant",
        "zh": "发给申请人",
        "ru": "заявителю",
        "ur": "درخواست دہندہ کو",
    },
    "direction:applicant_to_officer": {
        "en": "from the applicant",
        "zh": "申请人发来",
        "ru": "от заявителя",
        "ur": "درخواست دہندہ کی طرف سے",
    },
    # who acted, when no person did (the matching service's DEADLINE_ACTOR)
    "actor:system:account-scope": {
        "en": "account's scope changed (automatic)",
        "zh": "账户权限范围变更（系统自动）",
        "ru": "область учётной записи изменена (автоматически)",
        "ur": "اکاؤنٹ کا دائرہ بدلا (خودکار)",
    },
    "actor:system:admission-deadline": {
        "en": "admission deadline (automatic)",
        "zh": "录取截止（系统自动）",
        "ru": "срок решения о зачислении (автоматически)",
        "ur": "داخلے کی آخری تاریخ (خودکار)",
    },
}
COMMITTEE_WORDS |= CHANGE_WORDS
