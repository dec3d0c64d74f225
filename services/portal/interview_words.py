"""The portal's words for interviews (issue 16), in Chinese, Russian and Urdu (English is the
key; "attendance:<value>" and "journal:interview.<action>" name values and carry "en")."""

from __future__ import annotations

INTERVIEW_WORDS: dict[str, dict[str, str]] = {
    # the applicant
    "Interview: invitation and booking": {
        "zh": "面试：邀请与预约",
        "ru": "Собеседование: приглашение и запись",
        "ur": "انٹرویو: دعوت اور بکنگ",
    },
    "Back to the application": {"zh": "返回申请", "ru": "Назад к заявке", "ur": "درخواست پر واپس"},
    "Interview": {"zh": "面试", "ru": "Собеседование", "ur": "انٹرویو"},
    "This application is not invited to an interview.": {
        "zh": "此申请未获面试邀请。",
        "ru": "По этой заявке нет приглашения на собеседование.",
        "ur": "اس درخواست کو انٹرویو کی دعوت نہیں دی گئی۔",
    },
    "Your interview": {"zh": "您的面试", "ru": "Ваше собеседование", "ur": "آپ کا انٹرویو"},
    "Your time": {"zh": "您当地时间", "ru": "Ваше время", "ur": "آپ کا وقت"},
    "Host's time": {"zh": "主办方时间", "ru": "Время принимающей стороны", "ur": "میزبان کا وقت"},
    "Length": {"zh": "时长", "ru": "Продолжительность", "ur": "دورانیہ"},
    "{n} minutes": {"zh": "{n} 分钟", "ru": "{n} мин.", "ur": "{n} منٹ"},
    "Place": {"zh": "地点", "ru": "Место", "ur": "جگہ"},
    "Cancel my booking": {"zh": "取消我的预约", "ru": "Отменить запись", "ur": "میری بکنگ منسوخ کریں"},
    "To move it, book another time below. Changes are possible until {n} hours before the interview.": {
        "zh": "如需改期，请在下方预约其他时间。面试前 {n} 小时内不能再更改。",
        "ru": "Чтобы перенести, выберите другое время ниже. Изменить запись можно не позднее чем за {n} ч до собеседования.",
        "ur": "وقت بدلنے کے لیے نیچے کوئی اور وقت بک کریں۔ انٹرویو سے {n} گھنٹے پہلے تک تبدیلی ممکن ہے۔",
    },
    "It is too late to change this booking.": {
        "zh": "现在已无法更改此预约。",
        "ru": "Изменить эту запись уже нельзя.",
        "ur": "اب اس بکنگ کو بدلنے میں بہت دیر ہو چکی ہے۔",
    },
    "You are invited to an interview. Choose a time below.": {
        "zh": "您已获面试邀请。请在下方选择时间。",
        "ru": "Вы приглашены на собеседование. Выберите время ниже.",
        "ur": "آپ کو انٹرویو کی دعوت دی گئی ہے۔ نیچے وقت منتخب کریں۔",
    },
    "Free times": {"zh": "可预约时间", "ru": "Свободное время", "ur": "خالی اوقات"},
    "Times are shown in your time zone ({zone}) and in the host's.": {
        "zh": "时间按您的时区（{zone}）和主办方时区显示。",
        "ru": "Время указано в вашем часовом поясе ({zone}) и в поясе принимающей стороны.",
        "ur": "اوقات آپ کے ٹائم زون ({zone}) اور میزبان کے ٹائم زون میں دکھائے گئے ہیں۔",
    },
    "Book": {"zh": "预约", "ru": "Записаться", "ur": "بک کریں"},
    "Book this time": {"zh": "预约此时间", "ru": "Записаться на это время", "ur": "یہ وقت بک کریں"},
    "Move my interview here": {"zh": "改到此时间", "ru": "Перенести сюда", "ur": "میرا انٹرویو یہاں منتقل کریں"},
    "No free times at the moment. Please look again later.": {
        "zh": "目前没有可预约的时间，请稍后再查看。",
        "ru": "Свободного времени пока нет. Загляните позже.",
        "ur": "اس وقت کوئی خالی وقت نہیں۔ براہ کرم بعد میں دوبارہ دیکھیں۔",
    },
    "Someone has just booked this time. Choose another.": {
        "zh": "此时间刚被他人预约，请选择其他时间。",
        "ru": "Это время только что заняли. Выберите другое.",
        "ur": "یہ وقت ابھی کسی اور نے بک کر لیا۔ کوئی اور منتخب کریں۔",
    },
    "There is no booking to cancel.": {
        "zh": "没有可取消的预约。",
        "ru": "Отменять нечего: записи нет.",
        "ur": "منسوخ کرنے کے لیے کوئی بکنگ نہیں۔",
    },
    "This time is no longer offered.": {
        "zh": "此时间已不再提供。",
        "ru": "Это время больше не предлагается.",
        "ur": "یہ وقت اب دستیاب نہیں۔",
    },
    "The application was withdrawn.": {"zh": "申请已撤回。", "ru": "Заявка отозвана.", "ur": "درخواست واپس لے لی گئی۔"},
    "Your interview is booked. We sent you a calendar invitation by e-mail.": {
        "zh": "您的面试已预约。我们已通过电子邮件向您发送日历邀请。",
        "ru": "Вы записаны на собеседование. Приглашение для календаря отправлено на вашу почту.",
        "ur": "آپ کا انٹرویو بک ہو گیا۔ ہم نے آپ کو ای میل پر کیلنڈر دعوت نامہ بھیج دیا ہے۔",
    },
    "Your interview is moved to the new time. We sent you the updated calendar invitation by e-mail.": {
        "zh": "您的面试已改到新的时间。我们已通过电子邮件向您发送更新后的日历邀请。",
        "ru": "Собеседование перенесено на новое время. Обновлённое приглашение для календаря отправлено на вашу почту.",
        "ur": "آپ کا انٹرویو نئے وقت پر منتقل ہو گیا۔ ہم نے آپ کو ای میل پر تازہ کیلنڈر دعوت نامہ بھیج دیا ہے۔",
    },
    "Only applications their home institution endorsed can be invited to interview.": {
        "zh": "只有经其所在院校推荐的申请才能被邀请面试。",
        "ru": "На собеседование можно пригласить только заявки, рекомендованные вузом заявителя.",
        "ur": "انٹرویو کے لیے صرف وہی درخواستیں مدعو کی جا سکتی ہیں جن کی توثیق ان کے ادارے نے کی ہو۔",
    },
    "Your booking was cancelled. You can book another time.": {
        "zh": "您的预约已取消。您可以预约其他时间。",
        "ru": "Запись отменена. Вы можете выбрать другое время.",
        "ur": "آپ کی بکنگ منسوخ ہو گئی۔ آپ کوئی اور وقت بک کر سکتے ہیں۔",
    },
    # officers
    "Interviews": {"zh": "面试", "ru": "Собеседования", "ur": "انٹرویوز"},
    "Publish a slot": {"zh": "发布面试时段", "ru": "Опубликовать время", "ur": "وقت شائع کریں"},
    "Give the time as the host's clock shows it; applicants see it in their own time zone too. One applicant per slot.": {
        "zh": "请按主办方当地时间填写；申请人还会看到其所在时区的时间。每个时段限一名申请人。",
        "ru": "Укажите время по часам принимающей стороны; заявители увидят его и в своём поясе. Одно время — один заявитель.",
        "ur": "وقت میزبان کی گھڑی کے مطابق لکھیں؛ درخواست گزار اسے اپنے ٹائم زون میں بھی دیکھیں گے۔ ہر وقت پر ایک درخواست گزار۔",
    },
    "Starts at (host's time)": {
        "zh": "开始时间（主办方时间）",
        "ru": "Начало (время принимающей стороны)",
        "ur": "آغاز (میزبان کا وقت)",
    },
    "Length in minutes": {"zh": "时长（分钟）", "ru": "Продолжительность, мин.", "ur": "دورانیہ (منٹ)"},
    "Place or video link": {"zh": "地点或视频链接", "ru": "Место или ссылка на видеовстречу", "ur": "جگہ یا ویڈیو لنک"},
    "Host's time zone": {"zh": "主办方时区", "ru": "Часовой пояс принимающей стороны", "ur": "میزبان کا ٹائم زون"},
    "Publish the slot": {"zh": "发布时段", "ru": "Опубликовать", "ur": "وقت شائع کریں"},
    "Slots and bookings": {"zh": "时段与预约", "ru": "Время и записи", "ur": "اوقات اور بکنگز"},
    "Booked by": {"zh": "预约人", "ru": "Кто записан", "ur": "بک کرنے والا"},
    "Attendance and score": {"zh": "出席与评分", "ru": "Явка и оценка", "ur": "حاضری اور اسکور"},
    "free": {"zh": "空闲", "ru": "свободно", "ur": "خالی"},
    "attendance:attended": {"en": "attended", "zh": "已出席", "ru": "присутствовал(а)", "ur": "حاضر"},
    "attendance:no_show": {"en": "did not attend", "zh": "未出席", "ru": "не явился(ась)", "ur": "غیر حاضر"},
    "Score": {"zh": "评分", "ru": "Оценка", "ur": "اسکور"},
    "Attendance": {"zh": "出席", "ru": "Явка", "ur": "حاضری"},
    "Record": {"zh": "记录", "ru": "Записать", "ur": "درج کریں"},
    "No slots yet.": {"zh": "尚无时段。", "ru": "Времени пока нет.", "ur": "ابھی کوئی وقت نہیں۔"},
    "Invite applicants": {"zh": "邀请申请人", "ru": "Пригласить заявителей", "ur": "درخواست گزاروں کو مدعو کریں"},
    "Invited: {n}": {"zh": "已邀请：{n}", "ru": "Приглашено: {n}", "ur": "مدعو: {n}"},
    "Applications still in the running, not invited yet": {
        "zh": "仍在候选中、尚未邀请的申请",
        "ru": "Заявки, ещё участвующие в отборе и не приглашённые",
        "ur": "انتخاب میں شامل درخواستیں جنہیں ابھی مدعو نہیں کیا گیا",
    },
    "Applicants who accepted a place, withdrew, declined an offer, or were not endorsed or not nominated are not listed.": {
        "zh": "已接受名额、已撤回、已拒绝录取，或未获推荐、未获提名的申请人不在此列。",
        "ru": "Заявители, принявшие место, отозвавшие заявку, отказавшиеся от предложения, не рекомендованные вузом или не выдвинутые, здесь не показаны.",
        "ur": "جن درخواست گزاروں نے جگہ قبول کر لی، درخواست واپس لی، پیشکش مسترد کی، یا جن کی توثیق یا نامزدگی نہیں ہوئی، وہ یہاں درج نہیں۔",
    },
    "The first {shown} of {total}, by name; invite these, then the page lists the next.": {
        "zh": "按姓名显示 {total} 份中的前 {shown} 份；邀请这些后，页面将列出后续申请。",
        "ru": "Первые {shown} из {total} по имени; пригласите их, и страница покажет следующие.",
        "ur": "نام کے لحاظ سے {total} میں سے پہلی {shown}؛ انہیں مدعو کریں، پھر صفحہ اگلی دکھائے گا۔",
    },
    "Not invited: {n} (already invited, or no longer in the running).": {
        "zh": "未邀请：{n}（已被邀请，或已不在候选中）。",
        "ru": "Не приглашено: {n} (уже приглашены или больше не участвуют в отборе).",
        "ur": "مدعو نہیں کیا گیا: {n} (پہلے سے مدعو، یا اب انتخاب میں شامل نہیں)۔",
    },
    "Invite": {"zh": "邀请", "ru": "Пригласить", "ur": "مدعو کریں"},
    "Every application still in the running is invited.": {
        "zh": "所有仍在候选中的申请均已邀请。",
        "ru": "Все заявки, участвующие в отборе, приглашены.",
        "ur": "انتخاب میں شامل تمام درخواستیں مدعو ہیں۔",
    },
    "Choose a time zone.": {"zh": "请选择时区。", "ru": "Выберите часовой пояс.", "ur": "ٹائم زون منتخب کریں۔"},
    # interview.slot_too_soon: a slot within the booking cutoff was published, and never shown to applicants
    "Applicants book at least 24 hours ahead: a slot that starts sooner could not be booked.": {
        "zh": "申请人至少需提前 24 小时预约：更早开始的时段无法被预约。",
        "ru": "Заявители записываются не позднее чем за 24 часа: на время, которое начинается раньше, записаться нельзя.",
        "ur": "درخواست دہندگان کم از کم 24 گھنٹے پہلے بکنگ کرتے ہیں: اس سے پہلے شروع ہونے والا وقت بک نہیں ہو سکتا۔",
    },
    "A slot must start in the future.": {
        "zh": "时段必须在将来开始。",
        "ru": "Время должно быть в будущем.",
        "ur": "وقت مستقبل میں ہونا چاہیے۔",
    },
    "An interview lasts 5 to 480 minutes.": {
        "zh": "面试时长为 5 至 480 分钟。",
        "ru": "Собеседование длится от 5 до 480 минут.",
        "ur": "انٹرویو 5 سے 480 منٹ کا ہوتا ہے۔",
    },
    "Name a place or a video link.": {
        "zh": "请填写地点或视频链接。",
        "ru": "Укажите место или ссылку.",
        "ur": "جگہ یا ویڈیو لنک لکھیں۔",
    },
    "from {min} to {max}": {"zh": "{min} 至 {max}", "ru": "от {min} до {max}", "ur": "{min} سے {max} تک"},
    "Attendance and the score are recorded once the interview has begun.": {
        "zh": "面试开始后才能记录出席情况和评分。",
        "ru": "Посещение и оценку отмечают после начала собеседования.",
        "ur": "حاضری اور اسکور انٹرویو شروع ہونے کے بعد درج کیے جاتے ہیں۔",
    },
    "The interview has not begun yet: record it once it has.": {
        "zh": "面试尚未开始：请在面试开始后再记录。",
        "ru": "Собеседование ещё не началось: отметьте его, когда оно начнётся.",
        "ur": "انٹرویو ابھی شروع نہیں ہوا: شروع ہونے کے بعد اسے درج کریں۔",
    },
    "The interview took place and was recorded: it can no longer be changed.": {
        "zh": "面试已进行并已记录：无法再更改。",
        "ru": "Собеседование состоялось и отмечено: изменить его уже нельзя.",
        "ur": "انٹرویو ہو چکا اور درج ہو گیا: اب اسے تبدیل نہیں کیا جا سکتا۔",
    },
    "This score is outside the interview's range.": {
        "zh": "此评分超出面试评分范围。",
        "ru": "Оценка вне диапазона собеседования.",
        "ur": "یہ اسکور انٹرویو کی حد سے باہر ہے۔",
    },
    "An applicant who did not attend has no score.": {
        "zh": "未出席的申请人没有评分。",
        "ru": "У неявившегося заявителя нет оценки.",
        "ur": "غیر حاضر درخواست گزار کا کوئی اسکور نہیں ہوتا۔",
    },
    "The applicant has not booked an interview.": {
        "zh": "申请人尚未预约面试。",
        "ru": "Заявитель не записался на собеседование.",
        "ur": "درخواست گزار نے انٹرویو بک نہیں کیا۔",
    },
    "Publish at least one slot.": {
        "zh": "请至少发布一个时段。",
        "ru": "Опубликуйте хотя бы одно время.",
        "ur": "کم از کم ایک وقت شائع کریں۔",
    },
    "Enter a date and time.": {
        "zh": "请输入日期和时间。",
        "ru": "Введите дату и время.",
        "ur": "تاریخ اور وقت درج کریں۔",
    },
    "Choose at least one application.": {
        "zh": "请至少选择一份申请。",
        "ru": "Выберите хотя бы одну заявку.",
        "ur": "کم از کم ایک درخواست منتخب کریں۔",
    },
    "The slot was published.": {"zh": "时段已发布。", "ru": "Время опубликовано.", "ur": "وقت شائع ہو گیا۔"},
    "I am cancelling this booking; the time goes back to the other applicants.": {
        "zh": "我要取消此预约；该时段将重新开放给其他申请人。",
        "ru": "Я отменяю эту запись; это время снова станет доступно другим заявителям.",
        "ur": "میں یہ بکنگ منسوخ کر رہا/رہی ہوں؛ یہ وقت دوسرے درخواست گزاروں کے لیے دوبارہ دستیاب ہو جائے گا۔",
    },
    "Tick the box to confirm: the time goes back to the other applicants.": {
        "zh": "请勾选确认框：该时段将重新开放给其他申请人。",
        "ru": "Отметьте поле, чтобы подтвердить: это время снова станет доступно другим заявителям.",
        "ur": "تصدیق کے لیے خانے پر نشان لگائیں: یہ وقت دوسرے درخواست گزاروں کے لیے دوبارہ دستیاب ہو جائے گا۔",
    },
    "A slot at this time and place is already published.": {
        "zh": "该时间和地点的时段已发布。",
        "ru": "Время в этом месте уже опубликовано.",
        "ur": "اس وقت اور جگہ کا وقت پہلے سے شائع ہے۔",
    },
    "Applicants invited: {n}.": {
        "zh": "已邀请申请人：{n}。",
        "ru": "Приглашено заявителей: {n}.",
        "ur": "مدعو درخواست گزار: {n}۔",
    },
    "Attendance and score were recorded.": {
        "zh": "出席与评分已记录。",
        "ru": "Явка и оценка записаны.",
        "ur": "حاضری اور اسکور درج ہو گئے۔",
    },
    "Invited; no time booked yet.": {
        "zh": "已邀请，尚未预约时间。",
        "ru": "Приглашён(а), время ещё не выбрано.",
        "ur": "مدعو، ابھی کوئی وقت بک نہیں ہوا۔",
    },
    "booked": {"zh": "已预约", "ru": "записан(а)", "ur": "بک شدہ"},
    "no time booked yet": {"zh": "尚未预约时间", "ru": "время не выбрано", "ur": "ابھی وقت بک نہیں ہوا"},
    # the journal's interview actions
    "journal:interview.slot_published": {
        "en": "interview slot published",
        "zh": "发布面试时段",
        "ru": "опубликовано время собеседования",
        "ur": "انٹرویو کا وقت شائع",
    },
    "journal:interview.invited": {
        "en": "invited to interview",
        "zh": "邀请面试",
        "ru": "приглашение на собеседование",
        "ur": "انٹرویو کی دعوت",
    },
    "journal:interview.booked": {
        "en": "interview booked",
        "zh": "预约面试",
        "ru": "запись на собеседование",
        "ur": "انٹرویو بک",
    },
    "journal:interview.rescheduled": {
        "en": "interview moved",
        "zh": "面试改期",
        "ru": "собеседование перенесено",
        "ur": "انٹرویو کا وقت بدلا",
    },
    "journal:interview.cancelled": {
        "en": "interview booking cancelled",
        "zh": "取消面试预约",
        "ru": "запись на собеседование отменена",
        "ur": "انٹرویو بکنگ منسوخ",
    },
    "journal:interview.recorded": {
        "en": "interview attendance and score recorded",
        "zh": "记录面试出席与评分",
        "ru": "записаны явка и оценка собеседования",
        "ur": "انٹرویو کی حاضری اور اسکور درج",
    },
    # the committee cancels a booking (views/committee.py cancel_interview)
    "Cancel this booking…": {"zh": "取消此预约…", "ru": "Отменить эту запись…", "ur": "یہ بکنگ منسوخ کریں…"},
    "Cancel the booking": {"zh": "取消预约", "ru": "Отменить запись", "ur": "بکنگ منسوخ کریں"},
    "Write the applicant a reason: their e-mail quotes it.": {
        "zh": "请为申请人写明理由：发给其的邮件会引用。",
        "ru": "Напишите заявителю причину: письмо ему её процитирует.",
        "ur": "درخواست گزار کے لیے وجہ لکھیں: ان کی ای میل میں یہی درج ہوگی۔",
    },
    "The booking was cancelled; the applicant is told and can book another time.": {
        "zh": "预约已取消；已通知申请人，其可预约其他时间。",
        "ru": "Запись отменена; заявитель уведомлён и может выбрать другое время.",
        "ur": "بکنگ منسوخ ہو گئی؛ درخواست گزار کو بتا دیا گیا ہے اور وہ کوئی اور وقت بک کر سکتا ہے۔",
    },
    "You are invited to an interview.": {
        "zh": "您已受邀参加面试。",
        "ru": "Вас приглашают на собеседование.",
        "ur": "آپ کو انٹرویو کے لیے مدعو کیا گیا ہے۔",
    },
    "Choose a time": {"zh": "选择时间", "ru": "Выбрать время", "ur": "وقت منتخب کریں"},
}
