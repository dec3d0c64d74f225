"""The portal's words in English, Chinese, Russian and Urdu (right-to-left).

Messages are keyed by their English text; a key such as ``status:offered`` names a
value (the document kinds and application statuses are those of the event contract).
A service's refusal is worded by its code (``domain/problems.py``) and translated here;
a missing translation falls back to English, and a message from a service that has no
entry (a reason such as "HSK 3 below required 4") is shown as the service wrote it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from babel import Locale
from babel.dates import format_skeleton
from babel.lists import format_list
from babel.numbers import format_decimal
from babel.units import format_unit

from services.portal.account_closing_words import ACCOUNT_CLOSING_WORDS
from services.portal.admin_words import ADMIN_WORDS
from services.portal.application_page_words import APPLICATION_PAGE_WORDS
from services.portal.award_words import AWARD_WORDS
from services.portal.checklist_words import CHECKLIST_WORDS
from services.portal.committee_words import COMMITTEE_WORDS
from services.portal.consent_words import CONSENT_WORDS
from services.portal.cycle_form_words import CYCLE_FORM_WORDS
from services.portal.domain.problems import Message, reason_message
from services.portal.email_words import EMAIL_WORDS
from services.portal.endorsement_words import ENDORSEMENT_WORDS
from services.portal.institution_scheme_words import INSTITUTION_SCHEME_WORDS
from services.portal.interview_words import INTERVIEW_WORDS
from services.portal.journey_words import JOURNEY_WORDS
from services.portal.message_words import MESSAGE_WORDS
from services.portal.paper_words import PAPER_WORDS
from services.portal.partner_client_words import PARTNER_CLIENT_WORDS
from services.portal.passport_name_words import PASSPORT_NAME_WORDS
from services.portal.programme_form_words import PROGRAMME_FORM_WORDS
from services.portal.quota_rule_form_words import QUOTA_RULE_FORM_WORDS
from services.portal.referee_words import REFEREE_WORDS
from services.portal.webhook_words import WEBHOOK_WORDS
from services.portal.words_more import MORE
from services.portal.workbench_words import WORKBENCH_WORDS
from shared.countries import country_name as shared_country_name
from shared.reason_words import TRANSLATIONS as REASON_WORDS
from shared.reason_words import worded
from shared.text import urdu_oblique

LANGUAGES: dict[str, dict] = {
    "en": {"name": "English", "rtl": False},
    "zh": {"name": "中文", "rtl": False},
    "ru": {"name": "Русский", "rtl": False},
    "ur": {"name": "اردو", "rtl": True},
}

# English words for the value keys (status:..., level:..., doc:..., type:...)
EN: dict[str, str] = {
    "status:draft": "draft",
    "status:submitted": "submitted",
    "status:withdrawn": "withdrawn",
    "status:matched": "matched",
    "status:under_review": "under review",
    "status:waitlisted": "waitlisted",
    "status:unmatched": "unmatched",
    "status:offered": "offered",
    "status:accepted": "accepted",
    "status:declined": "declined",
    "status:proposed": "proposed",
    "status:approved": "approved",
    "status:rejected": "rejected",
    "status:superseded": "superseded",
    "status:queued": "queued",
    "status:running": "running",
    "status:completed": "completed",
    "status:failed": "failed",
    "level:vocational": "vocational",
    "level:bachelor": "bachelor",
    "level:master": "master",
    "level:doctoral": "doctoral",
    "level:non-degree": "non-degree",
    "level:faculty-visit": "faculty visit",
    "doc:passport": "passport",
    "doc:transcript": "transcript",
    "doc:language_certificate": "language certificate",
    "doc:recommendation": "recommendation",
    "doc:cv": "CV",
    "doc:study_plan": "study plan",
    "doc:medical_certificate": "medical certificate",
    "doc:diploma": "diploma",
    "doc:other": "other",
    "doc:non_criminal_record": "non-criminal record",
    "doc:employment_letter": "employment letter",
    "type:student": "students",
    "type:faculty": "faculty",
}

ZH: dict[str, str] = {
    "status:draft": "草稿",
    "status:submitted": "已提交",
    "status:withdrawn": "已撤回",
    "status:matched": "已匹配",
    "status:under_review": "审核中",
    "status:waitlisted": "候补",
    "status:unmatched": "未匹配",
    "status:offered": "已获录取通知",
    "status:accepted": "已接受",
    "status:declined": "已拒绝录取",
    "status:proposed": "待审核",
    "status:approved": "已批准",
    "status:rejected": "已驳回",
    "status:superseded": "已取代",
    "status:queued": "排队中",
    "status:running": "运行中",
    "status:completed": "已完成",
    "status:failed": "失败",
    "level:vocational": "职业教育",
    "level:bachelor": "本科",
    "level:master": "硕士",
    "level:doctoral": "博士",
    "level:non-degree": "非学位",
    "level:faculty-visit": "教师访学",
    "doc:passport": "护照",
    "doc:transcript": "成绩单",
    "doc:language_certificate": "语言证书",
    "doc:recommendation": "推荐信",
    "doc:cv": "简历",
    "doc:study_plan": "学习计划",
    "doc:medical_certificate": "体检证明",
    "doc:diploma": "学位证书",
    "doc:other": "其他",
    "doc:non_criminal_record": "无犯罪记录证明",
    "doc:employment_letter": "在职证明",
    "type:student": "学生",
    "type:faculty": "教师",
    "A draft application was started with this programme as your first choice.": "已创建申请草稿，此项目为您的第一志愿。",
    "A rejection needs a reason (at least 3 characters).": "驳回需要填写理由（至少3个字符）。",
    "Accept the offer": "接受录取",
    "Actions": "操作",
    "Add programmes from this cycle": "添加本招生周期的项目",
    "Add to my application": "加入我的申请",
    "Age at most {n}": "年龄不超过 {n} 岁",
    "All countries": "所有国家",
    "All cycles": "所有招生周期",
    "All levels": "所有层次",
    "Any language": "任何语言",
    "Applicant type": "申请人类型",
    "Application": "申请",
    "Applications for this cycle are closed.": "本招生周期申请已截止。",
    "Apply to places at partner universities and vocational colleges under the SCO Scholarship, the Chinese Government Scholarship (CPEC), the Pakistan–Kazakhstan medical exchange and other schemes.": "通过上合组织奖学金、中国政府奖学金（中巴经济走廊）、巴基斯坦—哈萨克斯坦医学交流等项目，申请合作大学和职业院校的名额。",
    "Approve": "批准",
    "Approve application {id}": "批准申请 {id}",
    "Approve selected": "批准所选",
    "At least 10 characters.": "至少10个字符。",
    "Back to the start page": "返回首页",
    "Browse programmes": "浏览项目",
    "Certificates": "证书",
    "Check and submit": "检查并提交",
    "Choice rank": "志愿顺序",
    "Choices and reasons": "志愿与原因",
    "Choose a file (PDF, PNG or JPEG).": "请选择文件（PDF、PNG 或 JPEG）。",
    "Choose student or faculty.": "请选择学生或教师。",
    "Choose the certificate.": "请选择证书。",
    "Choose what the document is.": "请选择文件类型。",
    "Choose your nationality.": "请选择国籍。",
    "Choose…": "请选择…",
    "Clear": "清除",
    "Console": "控制台",
    "Corridor: exchange programmes and scholarships": "Corridor：交流项目与奖学金",
    "Counts proposed, approved and accepted matches.": "统计待审核、已批准和已接受的匹配。",
    "Create my account": "创建账户",
    "Cycle": "招生周期",
    "Cycles": "招生周期",
    "Date of birth": "出生日期",
    "Decline the offer": "拒绝录取",
    "Delete": "删除",
    "Delete {name}": "删除 {name}",
    "Documents": "材料",
    "Down": "下移",
    "E-mail": "电子邮箱",
    "Eligible": "符合条件",
    "Enter a date of birth in the past.": "请输入过去的出生日期。",
    "Enter an e-mail address such as name@example.org.": "请输入电子邮箱，例如 name@example.org。",
    "Enter the level or score as a number (e.g. 4 or 6.5).": "请以数字填写等级或分数（如 4 或 6.5）。",
    "Enter your date of birth (YYYY-MM-DD).": "请输入出生日期（YYYY-MM-DD）。",
    "Enter your e-mail address.": "请输入电子邮箱。",
    "Enter your full name.": "请输入姓名。",
    "Enter your home university or institution.": "请输入所在大学或机构。",
    "Enter your password.": "请输入密码。",
    "Error:": "错误：",
    "Every choice is eligible. You can submit.": "所有志愿均符合条件，可以提交。",
    "Everyone": "所有人",
    "Exchange programmes and scholarships": "交流项目与奖学金",
    "Field": "专业领域",
    "File (PDF, PNG or JPEG)": "文件（PDF、PNG 或 JPEG）",
    "Filter": "筛选",
    "Filter programmes": "筛选项目",
    "For": "面向",
    "Form expired": "表单已过期",
    "Full name": "姓名",
    "Grade": "成绩",
    "Grades, certificates and statement": "成绩、证书与个人陈述",
    "History": "历史记录",
    "Home university or institution": "所在大学或机构",
    "Host country": "接收国",
    "I apply as": "申请身份",
    "Inbox": "消息",
    "Incorrect e-mail or password.": "电子邮箱或密码错误。",
    "Inputs": "输入",
    "Kept from earlier rounds": "保留自之前轮次",
    "Kind of document": "材料类型",
    "Language": "语言",
    "Language certificate {n}": "语言证书 {n}",
    "Language for messages": "消息语言",
    "Language of instruction": "授课语言",
    "Last change": "最近更新",
    "Level": "层次",
    "Log in": "登录",
    "Log in to apply": "登录后申请",
    "Log out": "退出",
    "Lottery seed (optional)": "抽签种子（可选）",
    "Main": "主导航",
    "Mark all as read": "全部标为已读",
    "Mark as read": "标为已读",
    "Match status": "匹配状态",
    "Matched": "已匹配",
    "Matching round": "匹配轮次",
    "Minimum grade {g}": "最低成绩 {g}",
    "Move down: {title}": "下移：{title}",
    "Move up: {title}": "上移：{title}",
    "My applications": "我的申请",
    "Nationality": "国籍",
    "Next": "下一页",
    "No account yet?": "还没有账户？",
    "No choices yet.": "尚无志愿。",
    "No cycles yet.": "尚无招生周期。",
    "No documents uploaded yet.": "尚未上传材料。",
    "No messages yet.": "暂无消息。",
    "No programme matches these filters.": "没有符合筛选条件的项目。",
    "No programmes in this cycle.": "本招生周期没有项目。",
    "No quota rules in this cycle.": "本招生周期没有名额规则。",
    "No round has run yet.": "尚未进行匹配。",
    "No special requirements": "无特殊要求",
    "None": "无",
    "Normalised grade (0–100)": "标准化成绩（0–100）",
    "Not allowed": "无权访问",
    "Not eligible yet:": "尚不符合条件：",
    "Nothing to review here.": "暂无需审核的内容。",
    "Officer console": "招生官控制台",
    "Pages": "分页",
    "Partner accounts use the API and webhooks, not the portal.": "合作机构账户请使用 API 和 Webhook，而非门户。",
    "Password": "密码",
    "Password again": "确认密码",
    "Personal statement": "个人陈述",
    "Please correct the marked fields.": "请更正标出的字段。",
    "Please log in first.": "请先登录。",
    "Previous": "上一页",
    "Programmes": "项目",
    "Progress": "进度",
    "Quota and rounds": "名额与轮次",
    "Quota caps": "名额上限",
    "Reason": "理由",
    "Reason (optional)": "理由（可选）",
    "Reason for rejecting": "驳回理由",
    "Reason for rejecting application {id}": "驳回申请 {id} 的理由",
    "Reason for rejecting the selected": "驳回所选的理由",
    "Register": "注册",
    "Reject": "驳回",
    "Reject application {id}": "驳回申请 {id}",
    "Reject selected": "驳回所选",
    "Remove": "移除",
    "Remove: {title}": "移除：{title}",
    "Requirements": "申请要求",
    "Review matches": "审核匹配",
    "Review the proposed matches": "审核待定匹配",
    "Round {n}": "第 {n} 轮",
    "Rounds": "匹配轮次",
    "Save details": "保存",
    "Scheme": "项目计划",
    "Score": "得分",
    "Seats": "名额",
    "Seats filled per programme": "各项目名额使用情况",
    "Seed": "种子",
    "Select all": "全选",
    "Selected matches": "所选匹配",
    "Service unavailable": "服务不可用",
    "Skip to content": "跳到正文",
    "Some choices cannot be submitted; see the reasons next to each choice.": "部分志愿无法提交，请查看各志愿旁的原因。",
    "Nothing was saved: a submitted application keeps only choices that can be submitted. The reasons are next to each choice.": "未保存任何内容：已提交的申请只能保留可以提交的志愿。原因见各志愿旁。",
    "Some choices have problems (see above). Fix them or remove those choices before submitting.": "部分志愿存在问题（见上方）。提交前请修正或移除这些志愿。",
    "Something went wrong": "出错了",
    "Something went wrong on our side. Nothing you entered was lost; please try again.": "系统出现问题。您填写的内容没有丢失，请重试。",
    "Start a matching round": "开始匹配",
    "Start round": "开始匹配",
    "Status": "状态",
    "Submit my application": "提交申请",
    "The document was deleted.": "材料已删除。",
    "The document was uploaded.": "材料已上传。",
    "The form was out of date. Go back, reload the page and try again.": "表单已过期，请返回并刷新页面后重试。",
    "The grade is a number from 0 to 100.": "成绩须为0到100之间的数字。",
    "This looks like a GPA on a 4- or 5-point scale: enter it as a percentage of the top mark (3.4 out of 4 is 85).": "这看起来是 4 分制或 5 分制的 GPA：请换算为满分的百分比填写（4 分制的 3.4 即 85）。",
    "The programme was added to your choices.": "项目已加入您的志愿。",
    "The round failed:": "匹配失败：",
    "The same seed and inputs give the same result.": "相同的种子和输入得出相同的结果。",
    "The two passwords differ.": "两次输入的密码不一致。",
    "The waitlist is empty.": "候补名单为空。",
    "The {service} service cannot be reached right now. Please try again in a minute.": "暂时无法连接 {service} 服务，请稍后重试。",
    "There is a problem:": "存在问题：",
    "There is no such page.": "页面不存在。",
    "This page is not available to your account.": "您的账户无法访问此页面。",
    "This programme is already one of your choices.": "该项目已在您的志愿中。",
    "Unmatched": "未匹配",
    "Up": "上移",
    "Upload": "上传",
    "Use at least 10 characters.": "至少使用10个字符。",
    "Waitlist": "候补名单",
    "Waitlisted": "候补",
    "Welcome": "欢迎",
    "Welcome! Choose programmes to apply to.": "欢迎！请选择要申请的项目。",
    "Window": "申请期",
    "Applications close": "申请截止",
    "Withdraw": "撤回",
    "Withdraw this application": "撤回此申请",
    "YYYY-MM-DD": "年-月-日",
    "You accepted the offer. Congratulations!": "您已接受录取，恭喜！",
    "You declined the offer.": "您已拒绝录取。",
    "You accepted your place": "您已接受录取名额",
    "You are logged out.": "您已退出。",
    "You have an offer": "您获得了录取",
    "You have no application yet.": "您还没有申请。",
    "Your application was submitted. You can still edit it until the window closes.": "申请已提交。截止前仍可修改。",
    "Your application was withdrawn.": "申请已撤回。",
    "Your choices, most preferred first": "您的志愿（按优先顺序）",
    "Your details were saved.": "信息已保存。",
    "Your session has ended. Please log in again.": "会话已结束，请重新登录。",
    "a student": "学生",
    "(at most {n})": "（最多 {n} 个）",
    "Any part of a field's name, e.g. medicine or engineering": "领域名称的任意部分，如“医学”或“工程”",
    "faculty (teacher or researcher)": "教师（教学或科研人员）",
    "full": "已满",
    "nearly full": "将满",
    "new": "新",
    "proposed": "待审核",
    "{approved} approved, {rejected} rejected.": "已批准 {approved} 个，已驳回 {rejected} 个。",
    "{approved} approved and sent to the host for admission, {rejected} rejected.": "已批准 {approved} 个并转交接收院校录取，已驳回 {rejected} 个。",
    "{n} choices": "{n} 个志愿",
    "{n} matches": "{n} 个匹配",
    "{n} documents to review": "{n} 份材料待审核",
    "{n} programmes found": "找到 {n} 个项目",
    "{n} seats": "{n} 个名额",
    "{n} submitted applications in the pool": "申请池中有 {n} 份已提交的申请",
    "{n} unread": "{n} 条未读",
    "Not found": "未找到",
    "Certificate": "证书",
    "Level or score": "等级或分数",
    "Request refused": "请求被拒绝",
    "Working…": "处理中…",
    # refusals of the services, by their code (services/portal/domain/problems.py)
    "Some values are not valid.": "部分填写内容无效。",
    "This action is not possible here.": "此处无法执行该操作。",
    "A service is busy right now. Please try again in a minute.": "服务暂时繁忙，请稍后重试。",
    "This is outside the schemes and institutions you manage.": "这不在您管理的项目计划和机构范围内。",
    "An account with this e-mail address already exists.": "该电子邮箱的账户已存在。",
    "There is no such account.": "账户不存在。",
    "There is no such application.": "申请不存在。",
    "Applications for this cycle closed on {closes_at}.": "本招生周期申请已于 {closes_at} 截止。",
    "Applications for this cycle open on {opens_at}.": "本招生周期申请将于 {opens_at} 开放。",
    "This application can no longer be changed.": "此申请已无法修改。",
    "Only a draft can be submitted.": "只有草稿可以提交。",
    "This application can no longer be withdrawn.": "此申请已无法撤回。",
    "There is no open offer to answer.": "没有待答复的录取。",
    "You already have an application in this cycle; change or withdraw it first.": "您在本招生周期已有申请，请先修改或撤回。",
    "This choice is not eligible: {reasons}": "此志愿不符合条件：{reasons}",
    "This programme is not offered in this cycle.": "本招生周期不提供该项目。",
    "This programme belongs to another cycle.": "该项目属于其他招生周期。",
    "This programme is for other applicants (students or faculty).": "该项目面向其他类型的申请人（学生或教师）。",
    "This programme no longer takes applicants (it was taken off offer): remove it from your choices, or choose another.": "该项目已停止招收申请人：请将其从您的志愿中移除，或选择其他项目。",
    "This programme was taken off offer: nobody is placed in it.": "该项目已停止招收：不会有人被安排到该项目。",
    "The file is empty.": "文件为空。",
    "Upload a PDF, PNG or JPEG file.": "请上传 PDF、PNG 或 JPEG 文件。",
    "There is no such document.": "材料不存在。",
    "Documents can only be deleted while the application is a draft.": "只有在申请为草稿时才能删除材料。",
    "There is no such programme.": "项目不存在。",
    "There is no such cycle.": "招生周期不存在。",
    "This cycle is not open for applications.": "本招生周期不接受申请。",
    "A round is already running for this cycle.": "本招生周期已有匹配正在进行。",
    "There is no such match.": "匹配不存在。",
    "A round is running for this cycle; review after it completes.": "本招生周期正在进行匹配，请在完成后再审核。",
    "This match was already reviewed.": "该匹配已审核。",
    "This field is required.": "此项为必填。",
    "This is too short.": "内容过短。",
    "This is too long.": "内容过长。",
    "This value has the wrong form.": "格式不正确。",
    "This text contains a character that cannot be saved (NUL). Remove it and try again.": "此文本含有无法保存的字符（NUL）。请删除后重试。",
    "Enter a finite number.": "请输入一个有限的数字。",
    "This value is not valid.": "此值无效。",
    "I will not write this letter. Once I decline, this link stops working.": "我不会撰写这封推荐信。一旦拒绝，此链接将失效。",
    "Tick the box to confirm: declining cannot be undone.": "请勾选以确认：拒绝后无法撤销。",
    "This applicant was already admitted: the offer has gone to them.": "该申请人已被录取：录取通知已发给本人。",
    "This applicant was already not admitted.": "该申请人已被决定不予录取。",
    "The applicant withdrew the application: there is nothing to decide.": "申请人已撤回申请：无需再作决定。",
    "What you typed was not saved. Copy it if you need it:": "您输入的内容未保存。如有需要，请复制：",
    "This page was open a long time and the form expired. Your letter is below: check it and send it again.": "此页面打开时间过长，表单已过期。您的推荐信在下方：请检查后再次发送。",
    "The file took too long to arrive. Try again, on a faster connection or with a smaller file.": "文件传输时间过长。请在更快的网络下或使用更小的文件重试。",
    "Remove the invisible control characters (they can come with text pasted from another document).": "请删除不可见的控制字符（它们可能随从其他文档粘贴的文本一起带入）。",
    "Write it on one line, without line breaks or tabs.": "请写在一行内，不要换行或使用制表符。",
    "A value is out of range or contains a character that cannot be saved.": "某个值超出范围，或含有无法保存的字符。",
    "Enter a number.": "请输入数字。",
    "Enter a whole number.": "请输入整数。",
    "This number is too small.": "数值过小。",
    "This number is too large.": "数值过大。",
    "Enter a date (YYYY-MM-DD).": "请输入日期（YYYY-MM-DD）。",
    "Choose one of the offered values.": "请从提供的选项中选择。",
    "This was not found.": "未找到。",
    "Choose at least one programme.": "请至少选择一个项目。",
    "Some choices cannot be made; see the reasons next to each choice.": "部分志愿无法选择，请查看各志愿旁的原因。",
    "The file is too large (at most {max_mb} MB).": "文件过大（最大 {max_mb} MB）。",
    "The file's content is not of the type it claims (PDF, PNG or JPEG).": "文件内容与其声明的类型（PDF、PNG 或 JPEG）不符。",
    "You chose more programmes than this cycle allows.": "您选择的项目数超过了本招生周期的上限。",
    "Required document missing: {kind}": "缺少所需材料：{kind}",
}

RU: dict[str, str] = {
    "status:draft": "черновик",
    "status:submitted": "подано",
    "status:withdrawn": "отозвано",
    "status:matched": "распределено",
    "status:under_review": "на рассмотрении",
    "status:waitlisted": "в листе ожидания",
    "status:unmatched": "не распределено",
    "status:offered": "предложено место",
    # the applicant accepted the offer (as "отказ от предложения"): "принято" beside the host's
    # "принят(а)" (admitted) on a host's card read as a second word for the same thing
    "status:accepted": "предложение принято",
    "status:declined": "отказ от предложения",
    "status:proposed": "предложено",
    "status:approved": "одобрено",
    "status:rejected": "отклонено",
    "status:superseded": "заменено",
    "status:queued": "в очереди",
    "status:running": "выполняется",
    "status:completed": "завершено",
    "status:failed": "ошибка",
    "level:vocational": "профессиональное",
    "level:bachelor": "бакалавриат",
    "level:master": "магистратура",
    "level:doctoral": "докторантура",
    "level:non-degree": "без степени",
    "level:faculty-visit": "визит преподавателя",
    "doc:passport": "паспорт",
    "doc:transcript": "выписка оценок",
    "doc:language_certificate": "языковой сертификат",
    "doc:recommendation": "рекомендация",
    "doc:cv": "резюме",
    "doc:study_plan": "план обучения",
    "doc:medical_certificate": "медицинская справка",
    "doc:diploma": "диплом",
    "doc:other": "другое",
    "doc:non_criminal_record": "справка о несудимости",
    "doc:employment_letter": "справка с места работы",
    "type:student": "студенты",
    "type:faculty": "преподаватели",
    "A draft application was started with this programme as your first choice.": "Создан черновик заявки; эта программа — ваш первый выбор.",
    "A rejection needs a reason (at least 3 characters).": "Для отклонения нужна причина (не менее 3 символов).",
    "Accept the offer": "Принять предложение",
    "Actions": "Действия",
    "Add programmes from this cycle": "Добавить программы этого набора",
    "Add to my application": "Добавить в мою заявку",
    "Age at most {n}": "Возраст не более {n}",
    "All countries": "Все страны",
    "All cycles": "Все наборы",
    "All levels": "Все уровни",
    "Any language": "Любой язык",
    "Applicant type": "Тип заявителя",
    "Application": "Заявка",
    "Applications for this cycle are closed.": "Приём заявок в этот набор закрыт.",
    "Apply to places at partner universities and vocational colleges under the SCO Scholarship, the Chinese Government Scholarship (CPEC), the Pakistan–Kazakhstan medical exchange and other schemes.": "Подайте заявку на места в вузах и колледжах-партнёрах по стипендии ШОС, стипендии правительства КНР (CPEC), медицинскому обмену Пакистан–Казахстан и другим программам.",
    "Approve": "Одобрить",
    "Approve application {id}": "Одобрить заявку {id}",
    "Approve selected": "Одобрить выбранные",
    "At least 10 characters.": "Не менее 10 символов.",
    "Back to the start page": "На главную",
    "Browse programmes": "Программы",
    "Certificates": "Сертификаты",
    "Check and submit": "Проверка и подача",
    "Choice rank": "Приоритет выбора",
    "Choices and reasons": "Выбор и причины",
    "Choose a file (PDF, PNG or JPEG).": "Выберите файл (PDF, PNG или JPEG).",
    "Choose student or faculty.": "Выберите: студент или преподаватель.",
    "Choose the certificate.": "Выберите сертификат.",
    "Choose what the document is.": "Выберите тип документа.",
    "Choose your nationality.": "Выберите гражданство.",
    "Choose…": "Выберите…",
    "Clear": "Сбросить",
    "Console": "Консоль",
    "Corridor: exchange programmes and scholarships": "Corridor: программы обмена и стипендии",
    "Counts proposed, approved and accepted matches.": "Учитываются предложенные, одобренные и принятые распределения.",
    "Create my account": "Создать учётную запись",
    "Cycle": "Набор",
    "Cycles": "Наборы",
    "Date of birth": "Дата рождения",
    "Decline the offer": "Отказаться",
    "Delete": "Удалить",
    "Delete {name}": "Удалить {name}",
    "Documents": "Документы",
    "Down": "Вниз",
    "E-mail": "Эл. почта",
    "Eligible": "Соответствует требованиям",
    "Enter a date of birth in the past.": "Дата рождения должна быть в прошлом.",
    "Enter an e-mail address such as name@example.org.": "Введите адрес эл. почты, например name@example.org.",
    "Enter the level or score as a number (e.g. 4 or 6.5).": "Введите уровень или балл числом (например, 4 или 6.5).",
    "Enter your date of birth (YYYY-MM-DD).": "Введите дату рождения (ГГГГ-ММ-ДД).",
    "Enter your e-mail address.": "Введите адрес эл. почты.",
    "Enter your full name.": "Введите полное имя.",
    "Enter your home university or institution.": "Введите ваш вуз или организацию.",
    "Enter your password.": "Введите пароль.",
    "Error:": "Ошибка:",
    "Every choice is eligible. You can submit.": "Все выбранные программы доступны. Можно подавать.",
    "Everyone": "Все",
    "Exchange programmes and scholarships": "Программы обмена и стипендии",
    "Field": "Направление",
    "File (PDF, PNG or JPEG)": "Файл (PDF, PNG или JPEG)",
    "Filter": "Найти",
    "Filter programmes": "Фильтр программ",
    "For": "Для",
    "Form expired": "Форма устарела",
    "Full name": "Полное имя",
    "Grade": "Средний балл",
    "Grades, certificates and statement": "Средний балл, сертификаты и мотивационное письмо",
    "History": "История",
    "Home university or institution": "Ваш вуз или организация",
    "Host country": "Принимающая страна",
    "I apply as": "Я подаю как",
    "Inbox": "Сообщения",
    "Incorrect e-mail or password.": "Неверная эл. почта или пароль.",
    "Inputs": "Входные данные",
    "Kept from earlier rounds": "Сохранено с прошлых раундов",
    "Kind of document": "Тип документа",
    "Language": "Язык",
    "Language certificate {n}": "Языковой сертификат {n}",
    "Language for messages": "Язык сообщений",
    "Language of instruction": "Язык обучения",
    "Last change": "Изменено",
    "Level": "Уровень",
    "Log in": "Войти",
    "Log in to apply": "Войдите, чтобы подать заявку",
    "Log out": "Выйти",
    "Lottery seed (optional)": "Число для жеребьёвки (необязательно)",
    "Main": "Основное меню",
    "Mark all as read": "Отметить все как прочитанные",
    "Mark as read": "Отметить как прочитанное",
    "Match status": "Статус распределения",
    "Matched": "Распределено",
    "Matching round": "Раунд распределения",
    "Minimum grade {g}": "Минимальный средний балл {g}",
    "Move down: {title}": "Переместить вниз: {title}",
    "Move up: {title}": "Переместить вверх: {title}",
    "My applications": "Мои заявки",
    "Nationality": "Гражданство",
    "Next": "Далее",
    "No account yet?": "Ещё нет учётной записи?",
    "No choices yet.": "Программы ещё не выбраны.",
    "No cycles yet.": "Наборов пока нет.",
    "No documents uploaded yet.": "Документы ещё не загружены.",
    "No messages yet.": "Сообщений пока нет.",
    "No programme matches these filters.": "Нет программ по этим условиям.",
    "No programmes in this cycle.": "В этом наборе нет программ.",
    "No quota rules in this cycle.": "В этом наборе нет квот.",
    "No round has run yet.": "Раундов ещё не было.",
    "No special requirements": "Без особых требований",
    "None": "Нет",
    "Normalised grade (0–100)": "Нормированный средний балл (0–100)",
    "Not allowed": "Нет доступа",
    "Not eligible yet:": "Пока не соответствует:",
    "Nothing to review here.": "Здесь нечего рассматривать.",
    "Officer console": "Консоль сотрудника",
    "Pages": "Страницы",
    "Partner accounts use the API and webhooks, not the portal.": "Партнёры работают через API и вебхуки, а не через портал.",
    "Password": "Пароль",
    "Password again": "Пароль ещё раз",
    "Personal statement": "Мотивационное письмо",
    "Please correct the marked fields.": "Исправьте отмеченные поля.",
    "Please log in first.": "Сначала войдите.",
    "Previous": "Назад",
    "Programmes": "Программы",
    "Progress": "Ход выполнения",
    "Quota and rounds": "Квоты и раунды",
    "Quota caps": "Квоты",
    "Reason": "Причина",
    "Reason (optional)": "Причина (необязательно)",
    "Reason for rejecting": "Причина отклонения",
    "Reason for rejecting application {id}": "Причина отклонения заявки {id}",
    "Reason for rejecting the selected": "Причина отклонения выбранных",
    "Register": "Регистрация",
    "Reject": "Отклонить",
    "Reject application {id}": "Отклонить заявку {id}",
    "Reject selected": "Отклонить выбранные",
    "Remove": "Убрать",
    "Remove: {title}": "Убрать: {title}",
    "Requirements": "Требования",
    "Review matches": "Рассмотрение распределений",
    "Review the proposed matches": "Рассмотреть предложенные распределения",
    "Round {n}": "Раунд {n}",
    "Rounds": "Раунды",
    "Save details": "Сохранить",
    "Scheme": "Программа финансирования",
    "Score": "Балл",
    "Seats": "Места",
    "Seats filled per programme": "Заполнение мест по программам",
    "Seed": "Число жеребьёвки",
    "Select all": "Выбрать все",
    "Selected matches": "Выбранные распределения",
    "Service unavailable": "Сервис недоступен",
    "Skip to content": "Перейти к содержимому",
    "Some choices cannot be submitted; see the reasons next to each choice.": "Некоторые программы нельзя подать; причины указаны рядом с каждой.",
    "Nothing was saved: a submitted application keeps only choices that can be submitted. The reasons are next to each choice.": "Ничего не сохранено: в поданной заявке могут быть только программы, которые можно подать. Причины указаны рядом с каждой.",
    "Some choices have problems (see above). Fix them or remove those choices before submitting.": "С некоторыми программами есть проблемы (см. выше). Исправьте их или уберите эти программы перед подачей.",
    "Something went wrong": "Что-то пошло не так",
    "Something went wrong on our side. Nothing you entered was lost; please try again.": "Сбой на нашей стороне. Введённые данные не потеряны; попробуйте ещё раз.",
    "Start a matching round": "Запустить раунд распределения",
    "Start round": "Запустить раунд",
    "Status": "Статус",
    "Submit my application": "Подать заявку",
    "The document was deleted.": "Документ удалён.",
    "The document was uploaded.": "Документ загружен.",
    "The form was out of date. Go back, reload the page and try again.": "Форма устарела. Вернитесь, обновите страницу и попробуйте снова.",
    "The grade is a number from 0 to 100.": "Средний балл — число от 0 до 100.",
    "This looks like a GPA on a 4- or 5-point scale: enter it as a percentage of the top mark (3.4 out of 4 is 85).": "Похоже на GPA по 4- или 5-балльной шкале: укажите его в процентах от высшего балла (3,4 из 4 — это 85).",
    "The programme was added to your choices.": "Программа добавлена в ваш список.",
    "The round failed:": "Раунд завершился ошибкой:",
    "The same seed and inputs give the same result.": "Одно и то же число и те же данные дают один и тот же результат.",
    "The two passwords differ.": "Пароли не совпадают.",
    "The waitlist is empty.": "Лист ожидания пуст.",
    "The {service} service cannot be reached right now. Please try again in a minute.": "Сервис {service} сейчас недоступен. Попробуйте через минуту.",
    "There is a problem:": "Есть проблема:",
    "There is no such page.": "Такой страницы нет.",
    "This page is not available to your account.": "Эта страница недоступна для вашей учётной записи.",
    "This programme is already one of your choices.": "Эта программа уже в вашем списке.",
    "Unmatched": "Не распределено",
    "Up": "Вверх",
    "Upload": "Загрузить",
    "Use at least 10 characters.": "Используйте не менее 10 символов.",
    "Waitlist": "Лист ожидания",
    "Waitlisted": "В листе ожидания",
    "Welcome": "Добро пожаловать",
    "Welcome! Choose programmes to apply to.": "Добро пожаловать! Выберите программы для заявки.",
    "Window": "Приём заявок",
    "Applications close": "Приём заявок до",
    "Withdraw": "Отозвать",
    "Withdraw this application": "Отозвать заявку",
    "YYYY-MM-DD": "ГГГГ-ММ-ДД",
    "You accepted the offer. Congratulations!": "Вы приняли предложение. Поздравляем!",
    "You declined the offer.": "Вы отказались от предложения.",
    "You accepted your place": "Вы приняли место",
    "You are logged out.": "Вы вышли.",
    "You have an offer": "Вам предложено место",
    "You have no application yet.": "У вас ещё нет заявок.",
    "Your application was submitted. You can still edit it until the window closes.": "Заявка подана. Её можно изменять до окончания приёма.",
    "Your application was withdrawn.": "Заявка отозвана.",
    "Your choices, most preferred first": "Ваш выбор, в порядке предпочтения",
    "Your details were saved.": "Данные сохранены.",
    "Your session has ended. Please log in again.": "Сеанс завершён. Войдите снова.",
    "a student": "студент",
    "(at most {n})": "(не более {n})",
    "Any part of a field's name, e.g. medicine or engineering": "Любая часть названия области, например «медицина» или «инженерия»",
    "faculty (teacher or researcher)": "преподаватель или исследователь",
    "full": "заполнено",
    "nearly full": "почти заполнено",
    "new": "новое",
    "proposed": "предложено",
    "{approved} approved, {rejected} rejected.": "Одобрено: {approved}, отклонено: {rejected}.",
    "{approved} approved and sent to the host for admission, {rejected} rejected.": "Одобрено и передано принимающей стороне для зачисления: {approved}, отклонено: {rejected}.",
    "{n} choices": "Выбрано программ: {n}",
    "{n} matches": "Распределений: {n}",
    "{n} documents to review": "Документов на проверку: {n}",
    "{n} programmes found": "Найдено программ: {n}",
    "{n} seats": "мест: {n}",
    "{n} submitted applications in the pool": "Поданных заявок в пуле: {n}",
    "{n} unread": "Непрочитанных: {n}",
    "Not found": "Не найдено",
    "Certificate": "Сертификат",
    "Level or score": "Уровень или балл",
    "Request refused": "Запрос отклонён",
    "Working…": "Выполняется…",
    # refusals of the services, by their code (services/portal/domain/problems.py)
    "Some values are not valid.": "Некоторые значения недопустимы.",
    "This action is not possible here.": "Здесь это действие невозможно.",
    "A service is busy right now. Please try again in a minute.": "Сервис сейчас занят. Попробуйте через минуту.",
    "This is outside the schemes and institutions you manage.": "Это вне программ и учреждений, которыми вы управляете.",
    "An account with this e-mail address already exists.": "Учётная запись с этим адресом уже существует.",
    "There is no such account.": "Такой учётной записи нет.",
    "There is no such application.": "Такой заявки нет.",
    "Applications for this cycle closed on {closes_at}.": "Приём заявок в этот набор закрылся {closes_at}.",
    "Applications for this cycle open on {opens_at}.": "Приём заявок в этот набор откроется {opens_at}.",
    "This application can no longer be changed.": "Эту заявку больше нельзя изменить.",
    "Only a draft can be submitted.": "Подать можно только черновик.",
    "This application can no longer be withdrawn.": "Эту заявку больше нельзя отозвать.",
    "There is no open offer to answer.": "Нет предложения, на которое можно ответить.",
    "You already have an application in this cycle; change or withdraw it first.": "У вас уже есть заявка в этом наборе; измените или отзовите её.",
    "This choice is not eligible: {reasons}": "Эта программа вам недоступна: {reasons}",
    "This programme is not offered in this cycle.": "Эта программа не предлагается в этом наборе.",
    "This programme belongs to another cycle.": "Эта программа относится к другому набору.",
    "This programme is for other applicants (students or faculty).": "Эта программа для заявителей другого типа (студенты или преподаватели).",
    "This programme no longer takes applicants (it was taken off offer): remove it from your choices, or choose another.": "Эта программа больше не принимает заявителей (она снята с предложения): уберите её из своего выбора или выберите другую.",
    "This programme was taken off offer: nobody is placed in it.": "Эта программа снята с предложения: в неё никого не распределяют.",
    "The file is empty.": "Файл пуст.",
    "Upload a PDF, PNG or JPEG file.": "Загрузите файл PDF, PNG или JPEG.",
    "There is no such document.": "Такого документа нет.",
    "Documents can only be deleted while the application is a draft.": "Документы можно удалять, только пока заявка — черновик.",
    "There is no such programme.": "Такой программы нет.",
    "There is no such cycle.": "Такого набора нет.",
    "This cycle is not open for applications.": "Этот набор не принимает заявки.",
    "A round is already running for this cycle.": "Для этого набора уже идёт распределение.",
    "There is no such match.": "Такого распределения нет.",
    "A round is running for this cycle; review after it completes.": "Для этого набора идёт распределение; рассмотрите после его завершения.",
    "This match was already reviewed.": "Это распределение уже рассмотрено.",
    "This field is required.": "Это поле обязательно.",
    "This is too short.": "Слишком коротко.",
    "This is too long.": "Слишком длинно.",
    "This value has the wrong form.": "Неверный формат значения.",
    "This text contains a character that cannot be saved (NUL). Remove it and try again.": "В тексте есть символ, который нельзя сохранить (NUL). Удалите его и попробуйте снова.",
    "Enter a finite number.": "Введите конечное число.",
    "This value is not valid.": "Недопустимое значение.",
    "I will not write this letter. Once I decline, this link stops working.": "Я не буду писать это письмо. После отказа эта ссылка перестанет работать.",
    "Tick the box to confirm: declining cannot be undone.": "Отметьте флажок для подтверждения: отказ нельзя отменить.",
    "This applicant was already admitted: the offer has gone to them.": "Этот кандидат уже принят: предложение ему отправлено.",
    "This applicant was already not admitted.": "По этому кандидату уже принято решение об отказе в приёме.",
    "The applicant withdrew the application: there is nothing to decide.": "Заявитель отозвал заявку: решать больше нечего.",
    "What you typed was not saved. Copy it if you need it:": "Введённый текст не сохранён. Скопируйте его, если он вам нужен:",
    "This page was open a long time and the form expired. Your letter is below: check it and send it again.": "Страница была открыта слишком долго, и форма устарела. Ваше письмо ниже: проверьте его и отправьте снова.",
    "The file took too long to arrive. Try again, on a faster connection or with a smaller file.": "Файл передавался слишком долго. Попробуйте снова — через более быстрое соединение или с файлом поменьше.",
    "Remove the invisible control characters (they can come with text pasted from another document).": "Удалите невидимые управляющие символы (они могут попасть в текст, скопированный из другого документа).",
    "Write it on one line, without line breaks or tabs.": "Напишите в одну строку, без переносов строк и табуляции.",
    "A value is out of range or contains a character that cannot be saved.": "Значение вне допустимого диапазона или содержит символ, который нельзя сохранить.",
    "Enter a number.": "Введите число.",
    "Enter a whole number.": "Введите целое число.",
    "This number is too small.": "Число слишком мало.",
    "This number is too large.": "Число слишком велико.",
    "Enter a date (YYYY-MM-DD).": "Введите дату (ГГГГ-ММ-ДД).",
    "Choose one of the offered values.": "Выберите одно из предложенных значений.",
    "This was not found.": "Не найдено.",
    "Choose at least one programme.": "Выберите хотя бы одну программу.",
    "Some choices cannot be made; see the reasons next to each choice.": "Некоторые программы выбрать нельзя; причины указаны рядом с каждой.",
    "The file is too large (at most {max_mb} MB).": "Файл слишком большой (не более {max_mb} МБ).",
    "The file's content is not of the type it claims (PDF, PNG or JPEG).": "Содержимое файла не соответствует заявленному типу (PDF, PNG или JPEG).",
    "You chose more programmes than this cycle allows.": "Вы выбрали больше программ, чем допускает этот набор.",
    "Required document missing: {kind}": "Не хватает обязательного документа: {kind}",
}

UR: dict[str, str] = {
    "status:draft": "مسودہ",
    "status:submitted": "جمع شدہ",
    "status:withdrawn": "واپس لی گئی",
    "status:matched": "منتخب",
    "status:under_review": "زیرِ غور",
    "status:waitlisted": "انتظار کی فہرست میں",
    "status:unmatched": "غیر منتخب",
    "status:offered": "پیشکش موصول",
    "status:accepted": "قبول شدہ",
    "status:declined": "پیشکش سے انکار",
    "status:proposed": "تجویز شدہ",
    "status:approved": "منظور شدہ",
    "status:rejected": "مسترد",
    "status:superseded": "تبدیل شدہ",
    "status:queued": "قطار میں",
    "status:running": "جاری",
    "status:completed": "مکمل",
    "status:failed": "ناکام",
    "level:vocational": "فنی تعلیم",
    "level:bachelor": "بیچلر",
    "level:master": "ماسٹر",
    "level:doctoral": "ڈاکٹریٹ",
    "level:non-degree": "بغیر ڈگری",
    "level:faculty-visit": "اساتذہ کا دورہ",
    "doc:passport": "پاسپورٹ",
    "doc:transcript": "ٹرانسکرپٹ",
    "doc:language_certificate": "زبان کا سرٹیفکیٹ",
    "doc:recommendation": "سفارشی خط",
    "doc:cv": "سی وی",
    "doc:study_plan": "تعلیمی منصوبہ",
    "doc:medical_certificate": "طبی سرٹیفکیٹ",
    "doc:diploma": "ڈگری",
    "doc:other": "دیگر",
    "doc:non_criminal_record": "کریکٹر سرٹیفکیٹ",
    "doc:employment_letter": "ملازمت کا خط",
    "type:student": "طلبہ",
    "type:faculty": "اساتذہ",
    "A draft application was started with this programme as your first choice.": "اس پروگرام کو پہلی ترجیح بنا کر درخواست کا مسودہ بنا دیا گیا۔",
    "A rejection needs a reason (at least 3 characters).": "مسترد کرنے کی وجہ لکھیں (کم از کم 3 حروف)۔",
    "Accept the offer": "پیشکش قبول کریں",
    "Actions": "اقدامات",
    "Add programmes from this cycle": "اس دور کے پروگرام شامل کریں",
    "Add to my application": "میری درخواست میں شامل کریں",
    "Age at most {n}": "زیادہ سے زیادہ عمر {n}",
    "All countries": "تمام ممالک",
    "All cycles": "تمام ادوار",
    "All levels": "تمام سطحیں",
    "Any language": "کوئی بھی زبان",
    "Applicant type": "درخواست دہندہ کی قسم",
    "Application": "درخواست",
    "Applications for this cycle are closed.": "اس دور کے لیے درخواستیں بند ہیں۔",
    "Apply to places at partner universities and vocational colleges under the SCO Scholarship, the Chinese Government Scholarship (CPEC), the Pakistan–Kazakhstan medical exchange and other schemes.": "ایس سی او اسکالرشپ، چینی حکومت اسکالرشپ (سی پیک)، پاکستان–قزاخستان طبی تبادلہ اور دیگر اسکیموں کے تحت شراکت دار جامعات اور فنی کالجوں میں نشستوں کے لیے درخواست دیں۔",
    "Approve": "منظور کریں",
    "Approve application {id}": "درخواست {id} منظور کریں",
    "Approve selected": "منتخب کردہ منظور کریں",
    "At least 10 characters.": "کم از کم 10 حروف۔",
    "Back to the start page": "ابتدائی صفحے پر واپس",
    "Browse programmes": "پروگرام دیکھیں",
    "Certificates": "سرٹیفکیٹ",
    "Check and submit": "جانچیں اور جمع کرائیں",
    "Choice rank": "ترجیح کا نمبر",
    "Choices and reasons": "ترجیحات اور وجوہات",
    "Choose a file (PDF, PNG or JPEG).": "فائل منتخب کریں (PDF، PNG یا JPEG)۔",
    "Choose student or faculty.": "طالب علم یا استاد منتخب کریں۔",
    "Choose the certificate.": "سرٹیفکیٹ منتخب کریں۔",
    "Choose what the document is.": "دستاویز کی قسم منتخب کریں۔",
    "Choose your nationality.": "اپنی قومیت منتخب کریں۔",
    "Choose…": "منتخب کریں…",
    "Clear": "صاف کریں",
    "Console": "کنسول",
    "Corridor: exchange programmes and scholarships": "کوریڈور: تبادلہ پروگرام اور وظائف",
    "Counts proposed, approved and accepted matches.": "تجویز شدہ، منظور شدہ اور قبول شدہ انتخاب شمار ہوتے ہیں۔",
    "Create my account": "اکاؤنٹ بنائیں",
    "Cycle": "دور",
    "Cycles": "ادوار",
    "Date of birth": "تاریخ پیدائش",
    "Decline the offer": "پیشکش مسترد کریں",
    "Delete": "حذف کریں",
    "Delete {name}": "{name} حذف کریں",
    "Documents": "دستاویزات",
    "Down": "نیچے",
    "E-mail": "ای میل",
    "Eligible": "اہل",
    "Enter a date of birth in the past.": "ماضی کی تاریخ پیدائش درج کریں۔",
    "Enter an e-mail address such as name@example.org.": "ای میل درج کریں، مثلاً name@example.org۔",
    "Enter the level or score as a number (e.g. 4 or 6.5).": "سطح یا اسکور عدد میں لکھیں (مثلاً 4 یا 6.5)۔",
    "Enter your date of birth (YYYY-MM-DD).": "تاریخ پیدائش درج کریں (YYYY-MM-DD)۔",
    "Enter your e-mail address.": "اپنا ای میل درج کریں۔",
    "Enter your full name.": "اپنا پورا نام درج کریں۔",
    "Enter your home university or institution.": "اپنی جامعہ یا ادارہ درج کریں۔",
    "Enter your password.": "پاس ورڈ درج کریں۔",
    "Error:": "خرابی:",
    "Every choice is eligible. You can submit.": "تمام ترجیحات اہل ہیں۔ آپ جمع کرا سکتے ہیں۔",
    "Everyone": "سب کے لیے",
    "Exchange programmes and scholarships": "تبادلہ پروگرام اور وظائف",
    "Field": "شعبہ",
    "File (PDF, PNG or JPEG)": "فائل (PDF، PNG یا JPEG)",
    "Filter": "تلاش کریں",
    "Filter programmes": "پروگرام چھانٹیں",
    "For": "کس کے لیے",
    "Form expired": "فارم پرانا ہو گیا",
    "Full name": "پورا نام",
    "Grade": "نمبر",
    "Grades, certificates and statement": "نمبر، سرٹیفکیٹ اور ذاتی بیان",
    "History": "تاریخچہ",
    "Home university or institution": "آپ کی جامعہ یا ادارہ",
    "Host country": "میزبان ملک",
    "I apply as": "میں درخواست دیتا/دیتی ہوں بطور",
    "Inbox": "پیغامات",
    "Incorrect e-mail or password.": "ای میل یا پاس ورڈ غلط ہے۔",
    "Inputs": "ان پٹ",
    "Kept from earlier rounds": "پچھلے مراحل سے برقرار",
    "Kind of document": "دستاویز کی قسم",
    "Language": "زبان",
    "Language certificate {n}": "زبان کا سرٹیفکیٹ {n}",
    "Language for messages": "پیغامات کی زبان",
    "Language of instruction": "ذریعہ تعلیم",
    "Last change": "آخری تبدیلی",
    "Level": "سطح",
    "Log in": "لاگ ان",
    "Log in to apply": "درخواست کے لیے لاگ ان کریں",
    "Log out": "لاگ آؤٹ",
    "Lottery seed (optional)": "قرعہ اندازی کا نمبر (اختیاری)",
    "Main": "مرکزی فہرست",
    "Mark all as read": "سب کو پڑھا ہوا نشان زد کریں",
    "Mark as read": "پڑھا ہوا نشان زد کریں",
    "Match status": "انتخاب کی حیثیت",
    "Matched": "منتخب",
    "Matching round": "انتخابی مرحلہ",
    "Minimum grade {g}": "کم از کم نمبر {g}",
    "Move down: {title}": "نیچے کریں: {title}",
    "Move up: {title}": "اوپر کریں: {title}",
    "My applications": "میری درخواستیں",
    "Nationality": "قومیت",
    "Next": "اگلا",
    "No account yet?": "ابھی اکاؤنٹ نہیں ہے؟",
    "No choices yet.": "ابھی کوئی ترجیح نہیں۔",
    "No cycles yet.": "ابھی کوئی دور نہیں۔",
    "No documents uploaded yet.": "ابھی کوئی دستاویز اپ لوڈ نہیں ہوئی۔",
    "No messages yet.": "ابھی کوئی پیغام نہیں۔",
    "No programme matches these filters.": "ان شرائط پر کوئی پروگرام نہیں ملا۔",
    "No programmes in this cycle.": "اس دور میں کوئی پروگرام نہیں۔",
    "No quota rules in this cycle.": "اس دور میں کوٹے کے قواعد نہیں۔",
    "No round has run yet.": "ابھی کوئی مرحلہ نہیں چلا۔",
    "No special requirements": "کوئی خاص شرط نہیں",
    "None": "کوئی نہیں",
    "Normalised grade (0–100)": "معیاری نمبر (0–100)",
    "Not allowed": "اجازت نہیں",
    "Not eligible yet:": "ابھی اہل نہیں:",
    "Nothing to review here.": "یہاں جائزے کے لیے کچھ نہیں۔",
    "Officer console": "افسر کنسول",
    "Pages": "صفحات",
    "Partner accounts use the API and webhooks, not the portal.": "شراکت دار اکاؤنٹ پورٹل نہیں بلکہ API اور ویب ہکس استعمال کرتے ہیں۔",
    "Password": "پاس ورڈ",
    "Password again": "پاس ورڈ دوبارہ",
    "Personal statement": "ذاتی بیان",
    "Please correct the marked fields.": "نشان زد خانے درست کریں۔",
    "Please log in first.": "پہلے لاگ ان کریں۔",
    "Previous": "پچھلا",
    "Programmes": "پروگرام",
    "Progress": "پیش رفت",
    "Quota and rounds": "کوٹہ اور مراحل",
    "Quota caps": "کوٹے کی حدیں",
    "Reason": "وجہ",
    "Reason (optional)": "وجہ (اختیاری)",
    "Reason for rejecting": "مسترد کرنے کی وجہ",
    "Reason for rejecting application {id}": "درخواست {id} مسترد کرنے کی وجہ",
    "Reason for rejecting the selected": "منتخب کردہ کو مسترد کرنے کی وجہ",
    "Register": "رجسٹر کریں",
    "Reject": "مسترد کریں",
    "Reject application {id}": "درخواست {id} مسترد کریں",
    "Reject selected": "منتخب کردہ مسترد کریں",
    "Remove": "ہٹائیں",
    "Remove: {title}": "ہٹائیں: {title}",
    "Requirements": "شرائط",
    "Review matches": "انتخاب کا جائزہ",
    "Review the proposed matches": "تجویز شدہ انتخاب کا جائزہ لیں",
    "Round {n}": "مرحلہ {n}",
    "Rounds": "مراحل",
    "Save details": "محفوظ کریں",
    "Scheme": "اسکیم",
    "Score": "اسکور",
    "Seats": "نشستیں",
    "Seats filled per programme": "ہر پروگرام میں پُر نشستیں",
    "Seed": "قرعہ نمبر",
    "Select all": "سب منتخب کریں",
    "Selected matches": "منتخب انتخاب",
    "Service unavailable": "سروس دستیاب نہیں",
    "Skip to content": "مواد پر جائیں",
    "Some choices cannot be submitted; see the reasons next to each choice.": "کچھ ترجیحات جمع نہیں ہو سکتیں؛ ہر ترجیح کے ساتھ وجہ دیکھیں۔",
    "Nothing was saved: a submitted application keeps only choices that can be submitted. The reasons are next to each choice.": "کچھ محفوظ نہیں ہوا: جمع شدہ درخواست میں صرف وہی ترجیحات رہ سکتی ہیں جو جمع ہو سکیں۔ ہر ترجیح کے ساتھ وجہ دیکھیں۔",
    "Some choices have problems (see above). Fix them or remove those choices before submitting.": "کچھ ترجیحات میں مسائل ہیں (اوپر دیکھیں)۔ جمع کرانے سے پہلے انہیں درست کریں یا ہٹا دیں۔",
    "Something went wrong": "کچھ غلط ہو گیا",
    "Something went wrong on our side. Nothing you entered was lost; please try again.": "ہماری طرف سے خرابی ہوئی۔ آپ کا درج کردہ کچھ ضائع نہیں ہوا؛ دوبارہ کوشش کریں۔",
    "Start a matching round": "انتخابی مرحلہ شروع کریں",
    "Start round": "مرحلہ شروع کریں",
    "Status": "حیثیت",
    "Submit my application": "درخواست جمع کرائیں",
    "The document was deleted.": "دستاویز حذف ہو گئی۔",
    "The document was uploaded.": "دستاویز اپ لوڈ ہو گئی۔",
    "The form was out of date. Go back, reload the page and try again.": "فارم پرانا تھا۔ واپس جائیں، صفحہ دوبارہ لوڈ کریں اور پھر کوشش کریں۔",
    "The grade is a number from 0 to 100.": "نمبر 0 سے 100 کے درمیان عدد ہے۔",
    "This looks like a GPA on a 4- or 5-point scale: enter it as a percentage of the top mark (3.4 out of 4 is 85).": "یہ 4 یا 5 پوائنٹ اسکیل کا GPA لگتا ہے: اسے سب سے زیادہ نمبر کے فیصد کے طور پر درج کریں (4 میں سے 3.4 یعنی 85)۔",
    "The programme was added to your choices.": "پروگرام آپ کی ترجیحات میں شامل ہو گیا۔",
    "The round failed:": "مرحلہ ناکام ہوا:",
    "The same seed and inputs give the same result.": "ایک ہی نمبر اور ان پٹ سے ایک ہی نتیجہ آتا ہے۔",
    "The two passwords differ.": "دونوں پاس ورڈ مختلف ہیں۔",
    "The waitlist is empty.": "انتظار کی فہرست خالی ہے۔",
    "The {service} service cannot be reached right now. Please try again in a minute.": "{service} سروس سے ابھی رابطہ نہیں ہو سکا۔ ایک منٹ بعد دوبارہ کوشش کریں۔",
    "There is a problem:": "ایک مسئلہ ہے:",
    "There is no such page.": "ایسا کوئی صفحہ نہیں۔",
    "This page is not available to your account.": "یہ صفحہ آپ کے اکاؤنٹ کے لیے دستیاب نہیں۔",
    "This programme is already one of your choices.": "یہ پروگرام پہلے ہی آپ کی ترجیحات میں ہے۔",
    "Unmatched": "غیر منتخب",
    "Up": "اوپر",
    "Upload": "اپ لوڈ کریں",
    "Use at least 10 characters.": "کم از کم 10 حروف استعمال کریں۔",
    "Waitlist": "انتظار کی فہرست",
    "Waitlisted": "انتظار میں",
    "Welcome": "خوش آمدید",
    "Welcome! Choose programmes to apply to.": "خوش آمدید! درخواست کے لیے پروگرام منتخب کریں۔",
    "Window": "درخواست کی مدت",
    "Applications close": "درخواستیں جمع کرانے کی آخری تاریخ",
    "Withdraw": "واپس لیں",
    "Withdraw this application": "یہ درخواست واپس لیں",
    "YYYY-MM-DD": "YYYY-MM-DD",
    "You accepted the offer. Congratulations!": "آپ نے پیشکش قبول کر لی۔ مبارک ہو!",
    "You declined the offer.": "آپ نے پیشکش مسترد کر دی۔",
    "You accepted your place": "آپ نے نشست قبول کر لی",
    "You are logged out.": "آپ لاگ آؤٹ ہو گئے۔",
    "You have an offer": "آپ کو پیشکش ملی ہے",
    "You have no application yet.": "آپ کی ابھی کوئی درخواست نہیں۔",
    "Your application was submitted. You can still edit it until the window closes.": "آپ کی درخواست جمع ہو گئی۔ آخری تاریخ تک اس میں ترمیم کی جا سکتی ہے۔",
    "Your application was withdrawn.": "آپ کی درخواست واپس لے لی گئی۔",
    "Your choices, most preferred first": "آپ کی ترجیحات، سب سے پسندیدہ پہلے",
    "Your details were saved.": "آپ کی تفصیلات محفوظ ہو گئیں۔",
    "Your session has ended. Please log in again.": "آپ کا سیشن ختم ہو گیا۔ دوبارہ لاگ ان کریں۔",
    "a student": "طالب علم",
    "(at most {n})": "(زیادہ سے زیادہ {n})",
    "Any part of a field's name, e.g. medicine or engineering": "شعبے کے نام کا کوئی بھی حصہ، مثلاً طب یا انجینئرنگ",
    "faculty (teacher or researcher)": "استاد یا محقق",
    "full": "پُر",
    "nearly full": "تقریباً پُر",
    "new": "نیا",
    "proposed": "تجویز شدہ",
    "{approved} approved, {rejected} rejected.": "{approved} منظور، {rejected} مسترد۔",
    "{approved} approved and sent to the host for admission, {rejected} rejected.": "{approved} منظور ہو کر داخلے کے لیے میزبان کو بھیجے گئے، {rejected} مسترد۔",
    "{n} choices": "{n} ترجیحات",
    "{n} matches": "{n} انتخاب",
    "{n} documents to review": "جائزے کے لیے {n} دستاویزات",
    "{n} programmes found": "{n} پروگرام ملے",
    "{n} seats": "{n} نشستیں",
    "{n} submitted applications in the pool": "پول میں {n} جمع شدہ درخواستیں",
    "{n} unread": "{n} غیر پڑھے",
    "Not found": "نہیں ملا",
    "Certificate": "سرٹیفکیٹ",
    "Level or score": "سطح یا اسکور",
    "Request refused": "درخواست نامنظور",
    "Working…": "جاری ہے…",
    # refusals of the services, by their code (services/portal/domain/problems.py)
    "Some values are not valid.": "کچھ اندراجات درست نہیں۔",
    "This action is not possible here.": "یہاں یہ عمل ممکن نہیں۔",
    "A service is busy right now. Please try again in a minute.": "سروس ابھی مصروف ہے۔ ایک منٹ بعد دوبارہ کوشش کریں۔",
    "This is outside the schemes and institutions you manage.": "یہ آپ کے زیر انتظام اسکیموں اور اداروں سے باہر ہے۔",
    "An account with this e-mail address already exists.": "اس ای میل کا اکاؤنٹ پہلے سے موجود ہے۔",
    "There is no such account.": "ایسا کوئی اکاؤنٹ نہیں۔",
    "There is no such application.": "ایسی کوئی درخواست نہیں۔",
    "Applications for this cycle closed on {closes_at}.": "اس دور کی درخواستیں {closes_at} کو بند ہو گئیں۔",
    "Applications for this cycle open on {opens_at}.": "اس دور کی درخواستیں {opens_at} کو کھلیں گی۔",
    "This application can no longer be changed.": "اس درخواست میں اب تبدیلی نہیں ہو سکتی۔",
    "Only a draft can be submitted.": "صرف مسودہ جمع کرایا جا سکتا ہے۔",
    "This application can no longer be withdrawn.": "یہ درخواست اب واپس نہیں لی جا سکتی۔",
    "There is no open offer to answer.": "جواب دینے کے لیے کوئی کھلی پیشکش نہیں۔",
    "You already have an application in this cycle; change or withdraw it first.": "اس دور میں آپ کی درخواست پہلے سے موجود ہے؛ پہلے اسے تبدیل کریں یا واپس لیں۔",
    "This choice is not eligible: {reasons}": "یہ ترجیح اہل نہیں: {reasons}",
    "This programme is not offered in this cycle.": "یہ پروگرام اس دور میں پیش نہیں کیا جا رہا۔",
    "This programme belongs to another cycle.": "یہ پروگرام کسی اور دور کا ہے۔",
    "This programme is for other applicants (students or faculty).": "یہ پروگرام دوسری قسم کے درخواست دہندگان (طلبہ یا اساتذہ) کے لیے ہے۔",
    "This programme no longer takes applicants (it was taken off offer): remove it from your choices, or choose another.": "یہ پروگرام اب درخواستیں نہیں لیتا (اسے پیشکش سے ہٹا دیا گیا ہے): اسے اپنے انتخاب سے نکال دیں، یا کوئی اور چنیں۔",
    "This programme was taken off offer: nobody is placed in it.": "یہ پروگرام پیشکش سے ہٹا دیا گیا ہے: اس میں کسی کو جگہ نہیں دی جاتی۔",
    "The file is empty.": "فائل خالی ہے۔",
    "Upload a PDF, PNG or JPEG file.": "PDF، PNG یا JPEG فائل اپ لوڈ کریں۔",
    "There is no such document.": "ایسی کوئی دستاویز نہیں۔",
    "Documents can only be deleted while the application is a draft.": "دستاویزات صرف اس وقت حذف ہو سکتی ہیں جب درخواست مسودہ ہو۔",
    "There is no such programme.": "ایسا کوئی پروگرام نہیں۔",
    "There is no such cycle.": "ایسا کوئی دور نہیں۔",
    "This cycle is not open for applications.": "یہ دور درخواستوں کے لیے کھلا نہیں۔",
    "A round is already running for this cycle.": "اس دور کے لیے ایک مرحلہ پہلے سے جاری ہے۔",
    "There is no such match.": "ایسا کوئی انتخاب نہیں۔",
    "A round is running for this cycle; review after it completes.": "اس دور کے لیے مرحلہ جاری ہے؛ مکمل ہونے کے بعد جائزہ لیں۔",
    "This match was already reviewed.": "اس انتخاب کا جائزہ پہلے ہی ہو چکا ہے۔",
    "This field is required.": "یہ خانہ ضروری ہے۔",
    "This is too short.": "یہ بہت مختصر ہے۔",
    "This is too long.": "یہ بہت طویل ہے۔",
    "This value has the wrong form.": "اس قدر کی شکل درست نہیں۔",
    "This text contains a character that cannot be saved (NUL). Remove it and try again.": "اس متن میں ایک ایسا حرف ہے جو محفوظ نہیں ہو سکتا (NUL)۔ اسے ہٹا کر دوبارہ کوشش کریں۔",
    "Enter a finite number.": "ایک محدود عدد درج کریں۔",
    "This value is not valid.": "یہ قدر درست نہیں۔",
    "I will not write this letter. Once I decline, this link stops working.": "میں یہ خط نہیں لکھوں گا/گی۔ انکار کے بعد یہ لنک کام نہیں کرے گا۔",
    "Tick the box to confirm: declining cannot be undone.": "تصدیق کے لیے خانے پر نشان لگائیں: انکار واپس نہیں لیا جا سکتا۔",
    "This applicant was already admitted: the offer has gone to them.": "اس درخواست دہندہ کو پہلے ہی داخلہ دیا جا چکا ہے: پیشکش انہیں بھیج دی گئی ہے۔",
    "This applicant was already not admitted.": "اس درخواست دہندہ کو پہلے ہی داخلہ نہ دینے کا فیصلہ ہو چکا ہے۔",
    "The applicant withdrew the application: there is nothing to decide.": "درخواست گزار نے درخواست واپس لے لی ہے: فیصلہ کرنے کو کچھ نہیں۔",
    "What you typed was not saved. Copy it if you need it:": "آپ نے جو لکھا وہ محفوظ نہیں ہوا۔ اگر ضرورت ہو تو اسے کاپی کر لیں:",
    "This page was open a long time and the form expired. Your letter is below: check it and send it again.": "یہ صفحہ بہت دیر تک کھلا رہا اور فارم کی میعاد ختم ہو گئی۔ آپ کا خط نیچے ہے: اسے دیکھ کر دوبارہ بھیجیں۔",
    "The file took too long to arrive. Try again, on a faster connection or with a smaller file.": "فائل پہنچنے میں بہت دیر لگی۔ تیز کنکشن پر یا چھوٹی فائل کے ساتھ دوبارہ کوشش کریں۔",
    "Remove the invisible control characters (they can come with text pasted from another document).": "نظر نہ آنے والے کنٹرول حروف ہٹا دیں (یہ کسی دوسری دستاویز سے چسپاں کیے گئے متن کے ساتھ آ سکتے ہیں)۔",
    "Write it on one line, without line breaks or tabs.": "اسے ایک ہی سطر میں لکھیں، سطر بدلے یا ٹیب کے بغیر۔",
    "A value is out of range or contains a character that cannot be saved.": "کوئی قدر حد سے باہر ہے یا اس میں ایسا حرف ہے جو محفوظ نہیں ہو سکتا۔",
    "Enter a number.": "عدد درج کریں۔",
    "Enter a whole number.": "مکمل عدد درج کریں۔",
    "This number is too small.": "یہ عدد بہت چھوٹا ہے۔",
    "This number is too large.": "یہ عدد بہت بڑا ہے۔",
    "Enter a date (YYYY-MM-DD).": "تاریخ درج کریں (YYYY-MM-DD)۔",
    "Choose one of the offered values.": "دی گئی قدروں میں سے ایک منتخب کریں۔",
    "This was not found.": "یہ نہیں ملا۔",
    "Choose at least one programme.": "کم از کم ایک پروگرام منتخب کریں۔",
    "Some choices cannot be made; see the reasons next to each choice.": "کچھ ترجیحات منتخب نہیں ہو سکتیں؛ ہر ترجیح کے ساتھ وجہ دیکھیں۔",
    "The file is too large (at most {max_mb} MB).": "فائل بہت بڑی ہے (زیادہ سے زیادہ {max_mb} MB)۔",
    "The file's content is not of the type it claims (PDF, PNG or JPEG).": "فائل کا مواد اس کی بتائی گئی قسم (PDF، PNG یا JPEG) سے مختلف ہے۔",
    "You chose more programmes than this cycle allows.": "آپ نے اس دور کی حد سے زیادہ پروگرام منتخب کیے ہیں۔",
    "Required document missing: {kind}": "مطلوبہ دستاویز موجود نہیں: {kind}",
}

# Words added for issue 18 (under review, the officer's message to the applicant, the
# profile, declining with confirmation, who a programme is for), in every language.
ADDED: dict[str, dict[str, str]] = {
    "Your application is under review": {
        "zh": "您的申请正在审核中",
        "ru": "Ваша заявка на рассмотрении",
        "ur": "آپ کی درخواست زیر غور ہے",
    },
    "An officer is reviewing the result of the matching round. You will be told the decision here and in your inbox.": {
        "zh": "招生官正在审核匹配结果。决定将在此处和您的消息中通知您。",
        "ru": "Сотрудник проверяет результат распределения. О решении вы узнаете здесь и во входящих сообщениях.",
        "ur": "ایک افسر انتخابی مرحلے کے نتیجے کا جائزہ لے رہا ہے۔ فیصلے کی اطلاع آپ کو یہاں اور آپ کے پیغامات میں دی جائے گی۔",
    },
    "This choice cannot be submitted yet:": {
        "zh": "此志愿暂时无法提交：",
        "ru": "Эту программу пока нельзя подать:",
        "ur": "یہ ترجیح ابھی جمع نہیں ہو سکتی:",
    },
    # the Urdu example date isolated left to right (U+2066 ... U+2069): among Urdu letters the
    # bidirectional algorithm reads its digits as Arabic numbers and showed it as 25-04-2003
    "Year-month-day, for example 2003-04-25.": {
        "zh": "年-月-日，例如 2003-04-25。",
        "ru": "Год-месяц-день, например 2003-04-25.",
        "ur": "سال-مہینہ-دن، مثلاً \u20662003-04-25\u2069۔",
    },
    "Enter your date of birth as year-month-day, for example 2003-04-25.": {
        "zh": "请按年-月-日填写出生日期，例如 2003-04-25。",
        "ru": "Укажите дату рождения в виде год-месяц-день, например 2003-04-25.",
        "ur": "تاریخ پیدائش سال-مہینہ-دن کی صورت میں درج کریں، مثلاً \u20662003-04-25\u2069۔",
    },
    "This programme is for faculty only.": {
        "zh": "该项目仅面向教师。",
        "ru": "Эта программа только для преподавателей.",
        "ur": "یہ پروگرام صرف اساتذہ کے لیے ہے۔",
    },
    "This programme is for students only.": {
        "zh": "该项目仅面向学生。",
        "ru": "Эта программа только для студентов.",
        "ur": "یہ پروگرام صرف طلبہ کے لیے ہے۔",
    },
    "Internal reason for rejecting the selected": {
        "zh": "驳回所选的内部理由",
        "ru": "Внутренняя причина отклонения выбранных",
        "ur": "منتخب کردہ کو مسترد کرنے کی اندرونی وجہ",
    },
    "For officers only: the applicant never sees it.": {
        "zh": "仅供招生官查看：申请人看不到。",
        "ru": "Только для сотрудников: заявитель её не увидит.",
        "ur": "صرف افسران کے لیے: درخواست دہندہ اسے کبھی نہیں دیکھتا۔",
    },
    "Message to the applicant (optional)": {
        "zh": "给申请人的留言（可选）",
        "ru": "Сообщение заявителю (необязательно)",
        "ur": "درخواست دہندہ کے لیے پیغام (اختیاری)",
    },
    "Only a rejection carries a message to the applicant: the offer tells them. Clear the message to approve.": {
        "zh": "只有驳回才附带给申请人的留言：录取通知会告知申请人。请清空留言后再批准。",
        "ru": "Сообщение заявителю отправляется только при отклонении: о предложении заявителю сообщит уведомление. Очистите сообщение, чтобы одобрить.",
        "ur": "درخواست دہندہ کے لیے پیغام صرف مسترد کرنے کے ساتھ جاتا ہے: پیشکش کی اطلاع انہیں خود دی جاتی ہے۔ منظور کرنے کے لیے پیغام صاف کریں۔",
    },
    "Sent with a rejection only: the applicant reads it in the language you write it in.": {
        "zh": "仅随驳回发送：申请人会以您书写的语言看到这段文字。",
        "ru": "Отправляется только при отклонении: заявитель прочитает текст на том языке, на котором вы его напишете.",
        "ur": "صرف مسترد کرنے کے ساتھ بھیجا جاتا ہے: درخواست دہندہ اسے اسی زبان میں پڑھے گا جس میں آپ لکھیں گے۔",
    },
    "The applicant reads this text, in the language you write it in.": {
        "zh": "申请人会看到这段文字，以您书写的语言显示。",
        "ru": "Заявитель прочитает этот текст на том языке, на котором вы его напишете.",
        "ur": "درخواست دہندہ یہ متن اسی زبان میں پڑھے گا جس میں آپ لکھیں گے۔",
    },
    "Internal reason": {"zh": "内部理由", "ru": "Внутренняя причина", "ur": "اندرونی وجہ"},
    "Message to the applicant": {
        "zh": "给申请人的留言",
        "ru": "Сообщение заявителю",
        "ur": "درخواست دہندہ کے لیے پیغام",
    },
    "Reject…": {"zh": "驳回…", "ru": "Отклонить…", "ur": "مسترد کریں…"},
    "Internal reason (officers only)": {
        "zh": "内部理由（仅招生官可见）",
        "ru": "Внутренняя причина (только для сотрудников)",
        "ur": "اندرونی وجہ (صرف افسران کے لیے)",
    },
    "Message to the applicant (optional; the applicant reads this)": {
        "zh": "给申请人的留言（可选；申请人会看到）",
        "ru": "Сообщение заявителю (необязательно; заявитель его прочитает)",
        "ur": "درخواست دہندہ کے لیے پیغام (اختیاری؛ درخواست دہندہ اسے پڑھے گا)",
    },
    "Decline the offer?": {"zh": "确定拒绝录取吗？", "ru": "Отказаться от предложения?", "ur": "کیا پیشکش مسترد کریں؟"},
    "Every choice is eligible. Confirm your e-mail address before you submit: open the link we sent to {email}.": {
        "zh": "所有志愿均符合条件。提交前请确认您的电子邮箱：打开我们发送到 {email} 的链接。",
        "ru": "Все выбранные программы доступны. Перед подачей подтвердите адрес электронной почты: откройте ссылку, отправленную на {email}.",
        "ur": "تمام ترجیحات اہل ہیں۔ جمع کرانے سے پہلے اپنا ای میل پتہ تصدیق کریں: {email} پر بھیجا گیا لنک کھولیں۔",
    },
    "Open the link we sent to {email}: it confirms your new address and your account. If that address is wrong, cancel the change on your profile page.": {
        "zh": "请打开我们发送到 {email} 的链接：它会确认您的新地址和您的账户。如果该地址有误，请在个人资料页面取消此更改。",
        "ru": "Откройте ссылку, которую мы отправили на {email}: она подтвердит и новый адрес, и вашу учётную запись. Если адрес указан неверно, отмените изменение на странице профиля.",
        "ur": "وہ لنک کھولیں جو ہم نے {email} پر بھیجا ہے: یہ آپ کے نئے پتے اور آپ کے اکاؤنٹ دونوں کی تصدیق کرتا ہے۔ اگر یہ پتہ غلط ہے تو پروفائل کے صفحے پر یہ تبدیلی منسوخ کریں۔",
    },
    "The e-mail address is confirmed. Log in to submit your applications.": {
        "zh": "电子邮箱地址已确认。请登录以提交申请。",
        "ru": "Адрес электронной почты подтверждён. Войдите, чтобы подать заявки.",
        "ur": "ای میل پتہ تصدیق ہو گیا۔ اپنی درخواستیں جمع کرانے کے لیے لاگ اِن کریں۔",
    },
    "This link confirmed another account's address; yours still waits for its own link.": {
        "zh": "此链接确认的是另一个账户的地址；您的地址仍需通过发给您的链接确认。",
        "ru": "Эта ссылка подтвердила адрес другой учётной записи; ваш адрес по-прежнему ждёт своей ссылки.",
        "ur": "اس لنک نے کسی دوسرے اکاؤنٹ کے پتے کی تصدیق کی ہے؛ آپ کا پتہ اب بھی اپنے لنک کا منتظر ہے۔",
    },
    "The change of address was cancelled: your address stays as it is.": {
        "zh": "地址更改已取消：您的地址保持不变。",
        "ru": "Изменение адреса отменено: ваш адрес остаётся прежним.",
        "ur": "پتے کی تبدیلی منسوخ کر دی گئی: آپ کا پتہ جوں کا توں رہے گا۔",
    },
    "Cancel this change": {"zh": "取消此更改", "ru": "Отменить изменение", "ur": "یہ تبدیلی منسوخ کریں"},
    "Verify {kind}": {"zh": "核验通过：{kind}", "ru": "Подтвердить: {kind}", "ur": "{kind} کی تصدیق کریں"},
    "Reject {kind}": {"zh": "退回：{kind}", "ru": "Отклонить: {kind}", "ur": "{kind} مسترد کریں"},
    "A link was sent several times this hour: use the latest one, or ask again in an hour.": {
        "zh": "本小时内已多次发送链接：请使用最新的链接，或一小时后再试。",
        "ru": "За этот час ссылка уже отправлялась несколько раз: воспользуйтесь последней или попросите снова через час.",
        "ur": "اس گھنٹے میں لنک کئی بار بھیجا جا چکا ہے: تازہ ترین لنک استعمال کریں، یا ایک گھنٹے بعد دوبارہ درخواست کریں۔",
    },
    "Confirm your e-mail address": {
        "zh": "确认您的电子邮箱地址",
        "ru": "Подтвердите адрес электронной почты",
        "ur": "اپنا ای میل پتہ تصدیق کریں",
    },
    "This confirms that the address this link was sent to is yours. Once it is confirmed, you can submit your applications.": {
        "zh": "这将确认此链接所发往的地址属于您。确认后，您即可提交申请。",
        "ru": "Так вы подтвердите, что адрес, на который пришла эта ссылка, ваш. После подтверждения вы сможете подавать заявки.",
        "ur": "اس سے تصدیق ہوتی ہے کہ جس پتے پر یہ لنک بھیجا گیا وہ آپ کا ہے۔ تصدیق کے بعد آپ اپنی درخواستیں جمع کرا سکیں گے۔",
    },
    "Confirm my address": {"zh": "确认我的地址", "ru": "Подтвердить адрес", "ur": "میرا پتہ تصدیق کریں"},
    "Log in: the page offers to send a new link.": {
        "zh": "请登录：页面上可以重新发送链接。",
        "ru": "Войдите: на странице можно запросить новую ссылку.",
        "ur": "لاگ اِن کریں: صفحہ نیا لنک بھیجنے کی پیشکش کرتا ہے۔",
    },
    "Your e-mail address is confirmed: you can submit your applications.": {
        "zh": "您的电子邮箱地址已确认：现在可以提交申请了。",
        "ru": "Адрес электронной почты подтверждён: теперь вы можете подавать заявки.",
        "ur": "آپ کا ای میل پتہ تصدیق ہو گیا: اب آپ اپنی درخواستیں جمع کرا سکتے ہیں۔",
    },
    "Your e-mail address is confirmed already.": {
        "zh": "您的电子邮箱地址已经确认。",
        "ru": "Адрес электронной почты уже подтверждён.",
        "ur": "آپ کا ای میل پتہ پہلے ہی تصدیق شدہ ہے۔",
    },
    "We sent a new link to {email}. Open it to confirm your address.": {
        "zh": "我们已向 {email} 发送了新链接。请打开它以确认您的地址。",
        "ru": "Мы отправили новую ссылку на {email}. Откройте её, чтобы подтвердить адрес.",
        "ur": "ہم نے {email} پر نیا لنک بھیج دیا ہے۔ اپنا پتہ تصدیق کرنے کے لیے اسے کھولیں۔",
    },
    "Confirm your e-mail address: open the link we sent to {email}. You can prepare your applications meanwhile; you can submit them once it is confirmed.": {
        "zh": "请确认您的电子邮箱地址：打开我们发送到 {email} 的链接。在此期间您可以准备申请；确认后即可提交。",
        "ru": "Подтвердите адрес электронной почты: откройте ссылку, которую мы отправили на {email}. Пока можно готовить заявки; подать их можно после подтверждения.",
        "ur": "اپنا ای میل پتہ تصدیق کریں: وہ لنک کھولیں جو ہم نے {email} پر بھیجا ہے۔ اس دوران آپ اپنی درخواستیں تیار کر سکتے ہیں؛ تصدیق کے بعد انہیں جمع کرا سکیں گے۔",
    },
    "Send the link again": {"zh": "重新发送链接", "ru": "Отправить ссылку ещё раз", "ur": "لنک دوبارہ بھیجیں"},
    "Confirm your e-mail address first: open the link we sent to {email}. The notice at the top of the page sends it again.": {
        "zh": "请先确认您的电子邮箱地址：打开我们发送到 {email} 的链接。页面顶部的提示可以重新发送链接。",
        "ru": "Сначала подтвердите адрес электронной почты: откройте ссылку, которую мы отправили на {email}. Уведомление вверху страницы отправит её ещё раз.",
        "ur": "پہلے اپنا ای میل پتہ تصدیق کریں: وہ لنک کھولیں جو ہم نے {email} پر بھیجا ہے۔ صفحے کے اوپر موجود اطلاع اسے دوبارہ بھیج سکتی ہے۔",
    },
    "Open your application": {"zh": "打开您的申请", "ru": "Открыть заявку", "ur": "اپنی درخواست کھولیں"},
    "Open the page": {"zh": "打开页面", "ru": "Открыть страницу", "ur": "صفحہ کھولیں"},
    "Open your interview": {"zh": "打开您的面试", "ru": "Открыть собеседование", "ur": "اپنا انٹرویو کھولیں"},
    "Accept the offer?": {"zh": "确定接受录取吗？", "ru": "Принять предложение?", "ur": "کیا پیشکش قبول کریں؟"},
    "Accepting takes this place: the host institution is told, and will contact you about the next steps.": {
        "zh": "接受即确定此名额：接收院校会收到通知，并将与您联系后续事宜。",
        "ru": "Приняв предложение, вы занимаете это место: принимающий вуз получит уведомление и свяжется с вами по поводу дальнейших шагов.",
        "ur": "قبول کرنے سے یہ نشست آپ کی ہو جائے گی: میزبان ادارے کو مطلع کیا جائے گا اور وہ اگلے مراحل کے بارے میں آپ سے رابطہ کرے گا۔",
    },
    "Your other choices in this cycle end: you leave their waiting lists and cannot be placed there later.": {
        "zh": "您在本期的其他志愿将终止：您将退出这些志愿的候补名单，之后也不会再被安排到这些项目。",
        "ru": "Остальные ваши варианты в этом наборе закрываются: вы выходите из их листов ожидания и позже не сможете получить там место.",
        "ur": "اس مرحلے میں آپ کی باقی ترجیحات ختم ہو جائیں گی: آپ ان کی انتظار کی فہرستوں سے نکل جائیں گے اور بعد میں وہاں نشست نہیں پا سکیں گے۔",
    },
    "Yes, accept the offer": {"zh": "是，接受录取", "ru": "Да, принять", "ur": "ہاں، پیشکش قبول کریں"},
    "Not yet": {"zh": "暂不", "ru": "Пока нет", "ur": "ابھی نہیں"},
    "The host institution has been told. It issues your admission papers (the admission letter, a visa form) below, and will contact you about enrolment. Its messages and ours come to your inbox.": {
        "zh": "接收院校已收到通知。它会在下方签发您的录取文件（录取通知书、签证申请表），并就注册入学与您联系。其消息和我们的消息都会发送到您的收件箱。",
        "ru": "Принимающий вуз получил уведомление. Он выдаст документы о зачислении (письмо о зачислении, визовую анкету) ниже на этой странице и свяжется с вами по поводу зачисления. Его сообщения и наши приходят во входящие.",
        "ur": "میزبان ادارے کو مطلع کر دیا گیا ہے۔ وہ آپ کے داخلے کے کاغذات (داخلے کا خط، ویزا فارم) نیچے جاری کرے گا اور اندراج کے بارے میں آپ سے رابطہ کرے گا۔ اس کے اور ہمارے پیغامات آپ کے ان باکس میں آتے ہیں۔",
    },
    "If you decline, the place goes to someone else and you cannot take it back.": {
        "zh": "如果拒绝，该名额将给予他人，且无法撤销。",
        "ru": "Если вы откажетесь, место получит другой человек, и вернуть его будет нельзя.",
        "ur": "اگر آپ مسترد کریں تو یہ نشست کسی اور کو مل جائے گی اور آپ اسے واپس نہیں لے سکیں گے۔",
    },
    "Yes, decline the offer": {"zh": "是，拒绝录取", "ru": "Да, отказаться", "ur": "ہاں، پیشکش مسترد کریں"},
    "No, keep my offer": {"zh": "否，保留录取", "ru": "Нет, сохранить предложение", "ur": "نہیں، پیشکش برقرار رکھیں"},
    "My profile": {"zh": "个人资料", "ru": "Мой профиль", "ur": "میرا پروفائل"},
    "Save my profile": {"zh": "保存个人资料", "ru": "Сохранить профиль", "ur": "پروفائل محفوظ کریں"},
    "Your profile was saved.": {
        "zh": "个人资料已保存。",
        "ru": "Профиль сохранён.",
        "ur": "آپ کا پروفائل محفوظ ہو گیا۔",
    },
    "Your drafts are now sent from {country}, so the home institution they named is no longer set: choose yours again in each draft whose programmes ask for one ({n}).": {
        "zh": "您的草稿现在由{country}派出，原先填写的本国院校已不再设置：请在项目要求填写本国院校的每份草稿中重新选择（{n} 份）。",
        "ru": "Черновики ({n}) теперь подаются от страны {country}, и указанный в них вуз, где вы учитесь, сброшен: выберите его заново там, где программы этого требуют.",
        "ur": "آپ کے مسودے اب {country} سے بھیجے جائیں گے، اس لیے ان میں درج آپ کا اپنا ادارہ اب مقرر نہیں: جن مسودوں کے پروگرام اسے مانگتے ہیں ان میں اسے دوبارہ منتخب کریں ({n})۔",
    },
    "Choose accept or decline.": {
        "zh": "请选择接受或拒绝。",
        "ru": "Выберите: принять или отказаться.",
        "ur": "قبول یا مسترد منتخب کریں۔",
    },
    "Choose approve or reject.": {
        "zh": "请选择批准或驳回。",
        "ru": "Выберите: одобрить или отклонить.",
        "ur": "منظور یا مسترد منتخب کریں۔",
    },
    "Select at least one match.": {
        "zh": "请至少选择一个匹配。",
        "ru": "Выберите хотя бы одно распределение.",
        "ur": "کم از کم ایک انتخاب منتخب کریں۔",
    },
    "This password is too simple: use more different characters.": {
        "zh": "密码过于简单：请使用更多不同的字符。",
        "ru": "Пароль слишком простой: используйте больше разных символов.",
        "ur": "یہ پاس ورڈ بہت سادہ ہے: زیادہ مختلف حروف استعمال کریں۔",
    },
    "This password is too common: choose another.": {
        "zh": "该密码过于常见，请换一个。",
        "ru": "Этот пароль слишком распространён: выберите другой.",
        "ur": "یہ پاس ورڈ بہت عام ہے: کوئی اور منتخب کریں۔",
    },
    "The password must not contain your e-mail address or name (it contains “{contains}”).": {
        "zh": "密码不能包含您的电子邮箱或姓名（其中含有“{contains}”）。",
        "ru": "Пароль не должен содержать ваш адрес электронной почты или имя (в нём есть «{contains}»).",
        "ur": "پاس ورڈ میں آپ کا ای میل یا نام نہیں ہونا چاہیے (اس میں “{contains}” شامل ہے)۔",
    },
    "If this e-mail address already has an account, we have written to it. Log in with your password.": {
        "zh": "如果该电子邮箱已有账户，我们已向其发送邮件。请使用您的密码登录。",
        "ru": "Если на этот адрес уже есть учётная запись, мы отправили на него письмо. Войдите со своим паролем.",
        "ur": "اگر اس ای میل کا اکاؤنٹ پہلے سے موجود ہے تو ہم نے اسے پیغام بھیج دیا ہے۔ اپنے پاس ورڈ سے لاگ ان کریں۔",
    },
    "The seed is a whole number (or leave it empty).": {
        "zh": "种子须为整数（或留空）。",
        "ru": "Число жеребьёвки — целое число (или оставьте поле пустым).",
        "ur": "قرعہ اندازی کا نمبر ایک مکمل عدد ہے (یا خالی چھوڑ دیں)۔",
    },
    "Forgot your password?": {"zh": "忘记密码？", "ru": "Забыли пароль?", "ur": "پاس ورڈ بھول گئے؟"},
    "Enter the e-mail address of your account. We will send it a link to set a new password.": {
        "zh": "请输入您账户的电子邮箱。我们将向其发送设置新密码的链接。",
        "ru": "Введите адрес электронной почты вашей учётной записи. Мы отправим на него ссылку для нового пароля.",
        "ur": "اپنے اکاؤنٹ کا ای میل درج کریں۔ ہم اس پر نیا پاس ورڈ بنانے کا لنک بھیجیں گے۔",
    },
    "Send me a link": {"zh": "发送链接", "ru": "Отправить ссылку", "ur": "مجھے لنک بھیجیں"},
    "Back to log in": {"zh": "返回登录", "ru": "Вернуться ко входу", "ur": "لاگ ان پر واپس جائیں"},
    "If this address has an account, we have sent it a link to set a new password. Check your e-mail.": {
        "zh": "如果该邮箱已有账户，我们已向其发送设置新密码的链接。请查收电子邮件。",
        "ru": "Если на этот адрес есть учётная запись, мы отправили на него ссылку для нового пароля. Проверьте почту.",
        "ur": "اگر اس ای میل کا اکاؤنٹ موجود ہے تو ہم نے اس پر نیا پاس ورڈ بنانے کا لنک بھیج دیا ہے۔ اپنا ای میل دیکھیں۔",
    },
    "Set a new password": {"zh": "设置新密码", "ru": "Новый пароль", "ur": "نیا پاس ورڈ بنائیں"},
    "Ask for a new link": {"zh": "重新获取链接", "ru": "Запросить новую ссылку", "ur": "نیا لنک منگوائیں"},
    "New password": {"zh": "新密码", "ru": "Новый пароль", "ur": "نیا پاس ورڈ"},
    "New password again": {"zh": "再次输入新密码", "ru": "Новый пароль ещё раз", "ur": "نیا پاس ورڈ دوبارہ"},
    "Set my new password": {"zh": "设置新密码", "ru": "Сохранить новый пароль", "ur": "میرا نیا پاس ورڈ محفوظ کریں"},
    "Change my password": {"zh": "修改密码", "ru": "Сменить пароль", "ur": "میرا پاس ورڈ تبدیل کریں"},
    "Current password": {"zh": "当前密码", "ru": "Текущий пароль", "ur": "موجودہ پاس ورڈ"},
    "Your messages will now be in {language}.": {
        "zh": "今后您的消息将使用{language}。",
        "ru": "Теперь ваши сообщения будут на языке: {language}.",
        "ur": "اب آپ کے پیغامات {language} میں ہوں گے۔",
    },
    "Save the language": {"zh": "保存语言", "ru": "Сохранить язык", "ur": "زبان محفوظ کریں"},
    "Your password was changed.": {
        "zh": "密码已修改。",
        "ru": "Пароль изменён.",
        "ur": "آپ کا پاس ورڈ تبدیل ہو گیا۔",
    },
    "Your password was changed. Log in with your new password.": {
        "zh": "密码已修改。请使用新密码登录。",
        "ru": "Пароль изменён. Войдите с новым паролем.",
        "ur": "آپ کا پاس ورڈ تبدیل ہو گیا۔ نئے پاس ورڈ سے لاگ ان کریں۔",
    },
    "This is not your current password.": {
        "zh": "这不是您当前的密码。",
        "ru": "Это не ваш текущий пароль.",
        "ur": "یہ آپ کا موجودہ پاس ورڈ نہیں ہے۔",
    },
    "The new password must differ from the current one.": {
        "zh": "新密码不能与当前密码相同。",
        "ru": "Новый пароль должен отличаться от текущего.",
        "ur": "نیا پاس ورڈ موجودہ پاس ورڈ سے مختلف ہونا چاہیے۔",
    },
    "This link is unknown, used or expired. Ask for a new one.": {
        "zh": "此链接无效、已使用或已过期。请重新获取。",
        "ru": "Эта ссылка неизвестна, уже использована или устарела. Запросите новую.",
        "ur": "یہ لنک نامعلوم، استعمال شدہ یا میعاد ختم ہے۔ نیا لنک منگوائیں۔",
    },
    "Too many failed log-ins. Please wait a little and try again.": {
        "zh": "登录失败次数过多。请稍候再试。",
        "ru": "Слишком много неудачных попыток входа. Подождите немного и попробуйте снова.",
        "ur": "بہت زیادہ ناکام لاگ ان۔ تھوڑا انتظار کریں اور دوبارہ کوشش کریں۔",
    },
    "Too many failed log-ins: log-ins to this account from this browser are paused for now. Please try again later.": {
        "zh": "登录失败次数过多：此浏览器暂时无法登录该账户。请稍后再试。",
        "ru": "Слишком много неудачных попыток входа: вход в учётную запись с этого браузера временно приостановлен. Попробуйте позже.",
        "ur": "بہت زیادہ ناکام لاگ ان: اس براؤزر سے اس اکاؤنٹ میں لاگ اِن فی الحال روک دیا گیا ہے۔ بعد میں دوبارہ کوشش کریں۔",
    },
    "Too many failed log-ins. Please wait {n} seconds and try again.": {
        "zh": "登录失败次数过多。请等待 {n} 秒后再试。",
        "ru": "Слишком много неудачных попыток входа. Подождите {n} с и попробуйте снова.",
        "ur": "بہت زیادہ ناکام لاگ ان۔ {n} سیکنڈ انتظار کریں اور دوبارہ کوشش کریں۔",
    },
    "You have written many messages about this application in the last hour. "
    "Your messages have arrived: please wait a while before writing again.": {
        "zh": "您在过去一小时内就此申请发送了很多消息。您的消息已送达：请稍等一段时间再写。",
        "ru": "За последний час вы написали много сообщений об этой заявке. "
        "Ваши сообщения получены: пожалуйста, подождите немного, прежде чем писать снова.",
        "ur": "آپ نے پچھلے ایک گھنٹے میں اس درخواست کے بارے میں بہت سے پیغامات لکھے ہیں۔ "
        "آپ کے پیغامات پہنچ گئے ہیں: دوبارہ لکھنے سے پہلے کچھ دیر انتظار کریں۔",
    },
    "Too many failed log-ins. Please wait {n} minutes and try again.": {
        "zh": "登录失败次数过多。请等待 {n} 分钟后再试。",
        "ru": "Слишком много неудачных попыток входа. Подождите {n} мин и попробуйте снова.",
        "ur": "بہت زیادہ ناکام لاگ ان۔ {n} منٹ انتظار کریں اور دوبارہ کوشش کریں۔",
    },
    "Too many failed log-ins: log-ins to this account from this browser are paused for now. Please try again in {n} seconds.": {
        "zh": "登录失败次数过多：此浏览器暂时无法登录该账户。请在 {n} 秒后再试。",
        "ru": "Слишком много неудачных попыток входа: вход в учётную запись с этого браузера временно приостановлен. Попробуйте через {n} с.",
        "ur": "بہت زیادہ ناکام لاگ ان: اس براؤزر سے اس اکاؤنٹ میں لاگ اِن فی الحال روک دیا گیا ہے۔ {n} سیکنڈ بعد دوبارہ کوشش کریں۔",
    },
    "Too many failed log-ins: log-ins to this account from this browser are paused for now. Please try again in {n} minutes.": {
        "zh": "登录失败次数过多：此浏览器暂时无法登录该账户。请在 {n} 分钟后再试。",
        "ru": "Слишком много неудачных попыток входа: вход в учётную запись с этого браузера временно приостановлен. Попробуйте через {n} мин.",
        "ur": "بہت زیادہ ناکام لاگ ان: اس براؤزر سے اس اکاؤنٹ میں لاگ اِن فی الحال روک دیا گیا ہے۔ {n} منٹ بعد دوبارہ کوشش کریں۔",
    },
    # an offer's last day to answer, and the refusal after it
    "Reply by": {
        "zh": "答复截止日期",
        "ru": "Ответить до",
        "ur": "جواب کی آخری تاریخ",
    },
    "This offer had to be answered by {reply_by}.": {
        "zh": "此录取须在 {reply_by} 之前答复，现已过期。",
        "ru": "На это предложение нужно было ответить до {reply_by}.",
        "ur": "اس پیشکش کا جواب {reply_by} تک دینا تھا۔",
    },
}

# Words added for issue 15 (document review: states, rejection reasons, attestation, the
# officer's review pages), in every language; value keys (document:, rejection:,
# attestation:) carry their English words too.
DOCUMENT_WORDS: dict[str, dict[str, str]] = {
    "document:pending": {"en": "awaiting review", "zh": "待审核", "ru": "на проверке", "ur": "جائزے کا منتظر"},
    # a document nobody reviewed of an application out of the running: nothing awaits a review
    "document:pending.final": {
        "en": "not reviewed",
        "zh": "未审核",
        "ru": "проверки не было",
        "ur": "جائزہ نہیں لیا گیا",
    },
    "document:verified": {"en": "verified", "zh": "已核验", "ru": "проверен", "ur": "تصدیق شدہ"},
    "document:rejected": {"en": "rejected", "zh": "已退回", "ru": "отклонён", "ur": "مسترد"},
    # a document's own word: sent back for a new version (a match's rejection is 驳回 in Chinese)
    "document:reject": {"en": "Reject", "zh": "退回", "ru": "Отклонить", "ur": "مسترد کریں"},
    "rejection:illegible": {
        "en": "the document is illegible",
        "zh": "文件无法辨认",
        "ru": "документ неразборчив",
        "ur": "دستاویز پڑھی نہیں جا سکتی",
    },
    "rejection:expired": {
        "en": "the document has expired",
        "zh": "文件已过期",
        "ru": "срок действия документа истёк",
        "ur": "دستاویز کی میعاد ختم ہو چکی ہے",
    },
    "rejection:not_certified": {
        "en": "the copy is not certified",
        "zh": "复印件未经公证",
        "ru": "копия не заверена",
        "ur": "نقل تصدیق شدہ نہیں ہے",
    },
    "rejection:not_attested": {
        "en": "not attested by the authority the programme requires",
        "zh": "未经该项目要求的机构认证",
        "ru": "нет заверения органом, которого требует программа",
        "ur": "پروگرام کے مطلوبہ ادارے سے تصدیق شدہ نہیں ہے",
    },
    "rejection:translation_missing": {
        "en": "a certified translation is missing",
        "zh": "缺少经认证的翻译件",
        "ru": "нет заверенного перевода",
        "ur": "تصدیق شدہ ترجمہ موجود نہیں",
    },
    "rejection:wrong_document": {
        "en": "this is not the document asked for",
        "zh": "不是所要求的文件",
        "ru": "это не тот документ, который требуется",
        "ur": "یہ مطلوبہ دستاویز نہیں ہے",
    },
    "rejection:name_mismatch": {
        "en": "the name does not match the passport",
        "zh": "姓名与护照不符",
        "ru": "имя не совпадает с паспортом",
        "ur": "نام پاسپورٹ سے مطابقت نہیں رکھتا",
    },
    "rejection:other": {
        "en": "another problem (see the note)",
        "zh": "其他问题（见留言）",
        "ru": "другая проблема (см. комментарий)",
        "ur": "کوئی اور مسئلہ (نوٹ دیکھیں)",
    },
    "attestation:hec": {"en": "HEC", "zh": "HEC", "ru": "HEC", "ur": "HEC"},
    "attestation:ibcc": {"en": "IBCC", "zh": "IBCC", "ru": "IBCC", "ur": "IBCC"},
    "attestation:apostille": {"en": "apostille", "zh": "海牙认证（Apostille）", "ru": "апостиль", "ur": "اپوسٹل"},
    "attestation:embassy": {"en": "an embassy", "zh": "使馆认证", "ru": "посольство", "ur": "سفارت خانہ"},
    # the same as a choice in the upload form's list (the words above follow "attested by")
    "attestation-option:hec": {"en": "HEC", "zh": "HEC", "ru": "HEC", "ur": "HEC"},
    "attestation-option:ibcc": {"en": "IBCC", "zh": "IBCC", "ru": "IBCC", "ur": "IBCC"},
    "attestation-option:apostille": {
        "en": "Apostille",
        "zh": "海牙认证（Apostille）",
        "ru": "Апостиль",
        "ur": "اپوسٹل",
    },
    "attestation-option:embassy": {"en": "Embassy", "zh": "使馆认证", "ru": "Посольство", "ur": "سفارت خانہ"},
    "You were asked to upload {n} document(s) again. See the reasons below.": {
        "zh": "您被要求重新上传 {n} 份文件，原因见下文。",
        "ru": "Вас просят загрузить документы заново ({n}). Причины указаны ниже.",
        "ur": "آپ سے {n} دستاویز(ات) دوبارہ اپ لوڈ کرنے کو کہا گیا ہے۔ وجوہات نیچے دیکھیں۔",
    },
    "version {n}": {"zh": "第 {n} 版", "ru": "версия {n}", "ur": "ورژن {n}"},
    "attested by {by}": {"zh": "认证机构：{by}", "ru": "заверено: {by}", "ur": "تصدیق کنندہ: {by}"},
    "certified translation into {language}": {
        "zh": "经认证的{language}译文",
        "ru": "заверенный перевод: {language}",
        "ur": "{language} میں تصدیق شدہ ترجمہ",
    },
    "nostrified": {"zh": "已完成学历认证（哈萨克斯坦）", "ru": "нострифицирован", "ur": "نوسٹریفائیڈ"},
    "Rejected:": {"zh": "已退回：", "ru": "Отклонён:", "ur": "مسترد:"},
    "The officer's note:": {"zh": "招生官的留言：", "ru": "Комментарий сотрудника:", "ur": "افسر کا نوٹ:"},
    # a rejected document's note, worded for whoever reviewed it (officer, coordinator or nominator)
    "The reviewer's note:": {"zh": "审核人员的留言：", "ru": "Комментарий проверяющего:", "ur": "جائزہ کار کا نوٹ:"},
    "Upload a new version by": {
        "zh": "重新上传截止日期",
        "ru": "Загрузить новую версию до",
        "ur": "نیا ورژن اپ لوڈ کرنے کی آخری تاریخ",
    },
    "New version (PDF, PNG or JPEG)": {
        "zh": "新版本（PDF、PNG 或 JPEG）",
        "ru": "Новая версия (PDF, PNG или JPEG)",
        "ur": "نیا ورژن (PDF، PNG یا JPEG)",
    },
    "Upload the new version": {"zh": "上传新版本", "ru": "Загрузить новую версию", "ur": "نیا ورژن اپ لوڈ کریں"},
    # a replacement while the application can be edited (a second passport beside the first confused applicant and officer)
    "Replace with a new version": {"zh": "上传新版本替换", "ru": "Заменить новой версией", "ur": "نئے ورژن سے بدلیں"},
    "A document uploaded here is added beside the ones above. To change one of them, use “Replace with a new version” beside it.": {
        "zh": "在此上传的文件会与上方文件并列添加。如要更换其中某一份，请使用该文件旁的“上传新版本替换”。",
        "ru": "Загруженный здесь документ добавляется к перечисленным выше. Чтобы заменить один из них, нажмите «Заменить новой версией» рядом с ним.",
        "ur": "یہاں اپ لوڈ کی گئی دستاویز اوپر والی دستاویزات کے ساتھ شامل ہو جاتی ہے۔ ان میں سے کسی کو بدلنے کے لیے اس کے ساتھ “نئے ورژن سے بدلیں” استعمال کریں۔",
    },
    "Attestation and translation (if the programme asks for them)": {
        "zh": "认证与翻译（如项目要求）",
        "ru": "Заверение и перевод (если их требует программа)",
        "ur": "تصدیق اور ترجمہ (اگر پروگرام ان کا تقاضا کرے)",
    },
    "Attested by": {"zh": "认证机构", "ru": "Кем заверено", "ur": "تصدیق کنندہ"},
    "Not attested": {"zh": "未认证", "ru": "Не заверено", "ur": "تصدیق شدہ نہیں"},
    "Attestation number": {"zh": "认证编号", "ru": "Номер заверения", "ur": "تصدیق نمبر"},
    "Attestation date": {"zh": "认证日期", "ru": "Дата заверения", "ur": "تصدیق کی تاریخ"},
    "Certified translation into": {
        "zh": "经认证的翻译语言",
        "ru": "Заверенный перевод на",
        "ur": "تصدیق شدہ ترجمہ کی زبان",
    },
    "No translation": {"zh": "无翻译", "ru": "Без перевода", "ur": "کوئی ترجمہ نہیں"},
    "Translation certified by": {"zh": "翻译认证方", "ru": "Кем заверен перевод", "ur": "ترجمے کی تصدیق کنندہ"},
    "Nostrified (recognised in Kazakhstan)": {
        "zh": "已在哈萨克斯坦完成学历认证",
        "ru": "Нострифицирован (признан в Казахстане)",
        "ur": "نوسٹریفائیڈ (قزاخستان میں تسلیم شدہ)",
    },
    "Applications to review": {"zh": "待审核的申请", "ru": "Заявки на проверку", "ur": "جائزے کے لیے درخواستیں"},
    "Submitted": {"zh": "提交时间", "ru": "Подана", "ur": "جمع کرائی گئی"},
    "No applications in your scope.": {
        "zh": "您的权限范围内没有申请。",
        "ru": "В вашей зоне ответственности заявок нет.",
        "ur": "آپ کے دائرۂ کار میں کوئی درخواست نہیں۔",
    },
    "Next page": {"zh": "下一页", "ru": "Следующая страница", "ur": "اگلا صفحہ"},
    "replaced by a newer version": {"zh": "已被新版本取代", "ru": "заменён новой версией", "ur": "نئے ورژن سے تبدیل"},
    "Uploaded": {"zh": "上传于", "ru": "Загружен", "ur": "اپ لوڈ"},
    "reviewed by {who}": {"zh": "审核人：{who}", "ru": "проверил(а): {who}", "ur": "جائزہ کنندہ: {who}"},
    "Verify": {"zh": "核验通过", "ru": "Подтвердить", "ur": "تصدیق کریں"},
    "Note to the applicant": {
        "zh": "给申请人的留言",
        "ru": "Комментарий для заявителя",
        "ur": "درخواست گزار کے لیے نوٹ",
    },
    "Choose a reason.": {"zh": "请选择原因。", "ru": "Выберите причину.", "ur": "وجہ منتخب کریں۔"},
    "The new version was uploaded. It will be reviewed again.": {
        "zh": "新版本已上传，将再次审核。",
        "ru": "Новая версия загружена. Её проверят ещё раз.",
        "ur": "نیا ورژن اپ لوڈ ہو گیا۔ اس کا دوبارہ جائزہ لیا جائے گا۔",
    },
    "The document was marked verified.": {
        "zh": "文件已核验通过。",
        "ru": "Документ отмечен как проверенный.",
        "ur": "دستاویز کو تصدیق شدہ قرار دیا گیا۔",
    },
    "The document was rejected; the applicant was told.": {
        "zh": "文件已退回，已通知申请人。",
        "ru": "Документ отклонён; заявитель уведомлён.",
        "ur": "دستاویز مسترد کر دی گئی؛ درخواست گزار کو مطلع کر دیا گیا۔",
    },
    # the applications service's reasons for refusing a review or an upload (shown as written otherwise)
    "the deadline must be after today": {
        "en": "The deadline must be after today.",
        "zh": "截止日期必须晚于今天。",
        "ru": "Срок должен быть позже сегодняшнего дня.",
        "ur": "آخری تاریخ آج کے بعد کی ہونی چاہیے۔",
    },
    "the deadline is at most 180 days away": {
        "en": "The deadline is at most 180 days away.",
        "zh": "截止日期最多为 180 天后。",
        "ru": "Срок — не более 180 дней.",
        "ur": "آخری تاریخ زیادہ سے زیادہ 180 دن بعد ہو سکتی ہے۔",
    },
    "say what is wrong when the reason is 'other'": {
        "en": "Say what is wrong when the reason is 'other'.",
        "zh": "原因为“其他”时请说明问题。",
        "ru": "При причине «другое» опишите проблему.",
        "ur": "وجہ 'دیگر' ہو تو مسئلہ بیان کریں۔",
    },
    "an attestation needs its number": {
        "en": "An attestation needs its number.",
        "zh": "认证需要填写编号。",
        "ru": "Укажите номер заверения.",
        "ur": "تصدیق کا نمبر درج کریں۔",
    },
    "an attestation needs its date": {
        "en": "An attestation needs its date.",
        "zh": "认证需要填写日期。",
        "ru": "Укажите дату заверения.",
        "ur": "تصدیق کی تاریخ درج کریں۔",
    },
    "the attestation date is in the future": {
        "en": "The attestation date cannot be in the future.",
        "zh": "认证日期不能晚于今天。",
        "ru": "Дата заверения не может быть в будущем.",
        "ur": "تصدیق کی تاریخ مستقبل کی نہیں ہو سکتی۔",
    },
    "say who attested the document": {
        "en": "Say who attested the document.",
        "zh": "请说明认证机构。",
        "ru": "Укажите, кем заверен документ.",
        "ur": "بتائیں کہ دستاویز کی تصدیق کس نے کی۔",
    },
    "say who certified the translation": {
        "en": "Say who certified the translation.",
        "zh": "请说明翻译认证方。",
        "ru": "Укажите, кем заверен перевод.",
        "ur": "بتائیں کہ ترجمے کی تصدیق کس نے کی۔",
    },
    "a newer version of this document was uploaded; review that one": {
        "en": "A newer version of this document was uploaded; review that one.",
        "zh": "此文件已有新版本，请审核新版本。",
        "ru": "Загружена более новая версия этого документа; проверьте её.",
        "ur": "اس دستاویز کا نیا ورژن اپ لوڈ ہو چکا ہے؛ اس کا جائزہ لیں۔",
    },
    "a newer version of this document was uploaded; replace that one": {
        "en": "A newer version of this document was uploaded; replace that one.",
        "zh": "此文件已有新版本，请替换新版本。",
        "ru": "Загружена более новая версия этого документа; заменяйте её.",
        "ur": "اس دستاویز کا نیا ورژن اپ لوڈ ہو چکا ہے؛ اسی کو تبدیل کریں۔",
    },
    "only the newest version of a document can be deleted": {
        "en": "A newer version of this document was uploaded meanwhile: only the newest can be deleted.",
        "zh": "此文件已上传了新版本：只能删除最新版本。",
        "ru": "Тем временем загружена более новая версия этого документа: удалить можно только последнюю.",
        "ur": "اس دوران اس دستاویز کا نیا ورژن اپ لوڈ ہو چکا ہے: صرف تازہ ترین کو حذف کیا جا سکتا ہے۔",
    },
    "this version is already verified": {
        "en": "This version is already verified.",
        "zh": "此版本已核验。",
        "ru": "Эта версия уже проверена.",
        "ur": "یہ ورژن پہلے ہی تصدیق شدہ ہے۔",
    },
    "this version is already rejected": {
        "en": "This version is already rejected.",
        "zh": "此版本已退回。",
        "ru": "Эта версия уже отклонена.",
        "ur": "یہ ورژن پہلے ہی مسترد ہے۔",
    },
}
ADDED.update(DOCUMENT_WORDS)

# Words of the selection committee's workbench (issue 16: scoresheets, reviewers, scores,
# moderation, the journal), in every language; "journal:<action>" names a journal entry.
COMMITTEE: dict[str, dict[str, str]] = {
    "Selection committee": {"zh": "评审委员会", "ru": "Отборочная комиссия", "ur": "سلیکشن کمیٹی"},
    "Applications I review": {
        "zh": "我评审的申请",
        "ru": "Заявки, которые я оцениваю",
        "ur": "میرے زیرِ جائزہ درخواستیں",
    },
    "Application review": {"zh": "申请评审", "ru": "Оценка заявки", "ur": "درخواست کا جائزہ"},
    "Search by name": {"zh": "按姓名搜索", "ru": "Поиск по имени", "ur": "نام سے تلاش کریں"},
    "All": {"zh": "全部", "ru": "Все", "ur": "سب"},
    "All cycles": {"zh": "所有招生周期", "ru": "Все наборы", "ur": "تمام ادوار"},
    "Scores": {"zh": "评分", "ru": "Оценки", "ur": "اسکور"},
    "To score": {"zh": "待评分", "ru": "Нужно оценить", "ur": "اسکور دینا باقی ہے"},
    "Scored": {"zh": "已评分", "ru": "Оценено", "ur": "اسکور دیا جا چکا"},
    "Applicant": {"zh": "申请人", "ru": "Заявитель", "ur": "درخواست دہندہ"},
    "Choices": {"zh": "志愿", "ru": "Выбор программ", "ur": "ترجیحات"},
    "Received": {"zh": "收到日期", "ru": "Получена", "ur": "موصولی"},
    # a letter (письмо, neuter): "Получена" is an application's
    "Letter received": {"zh": "收到日期", "ru": "Получено", "ur": "موصولی"},
    "My scores": {"zh": "我的评分", "ru": "Мои оценки", "ur": "میرے اسکور"},
    "Composite": {"zh": "综合分", "ru": "Итоговый балл", "ur": "مجموعی اسکور"},
    "Spread": {"zh": "分差", "ru": "Разброс", "ur": "فرق"},
    "Moderation": {"zh": "复核", "ru": "Согласование", "ur": "نظرِ ثانی"},
    "Flagged for moderation": {"zh": "需复核", "ru": "Нужно согласование", "ur": "نظرِ ثانی کے لیے نشان زد"},
    "hidden until you submit": {"zh": "提交后可见", "ru": "скрыто до вашей оценки", "ur": "آپ کے جمع کرانے تک پوشیدہ"},
    "hidden until you submit your own scores": {
        "zh": "在您提交自己的评分之前不可见",
        "ru": "скрыто, пока вы не отправите свои оценки",
        "ur": "جب تک آپ اپنے اسکور جمع نہ کرائیں، پوشیدہ ہے",
    },
    "No applications assigned to you.": {
        "zh": "暂无分配给您的申请。",
        "ru": "Вам пока не назначено ни одной заявки.",
        "ur": "آپ کو کوئی درخواست تفویض نہیں کی گئی۔",
    },
    "Scoresheets and reviewers per cycle": {
        "zh": "各招生周期的评分表和评审人",
        "ru": "Оценочные листы и эксперты по наборам",
        "ur": "ہر دور کی اسکور شیٹ اور جائزہ کار",
    },
    "Scoresheet and reviewers": {
        "zh": "评分表和评审人",
        "ru": "Оценочный лист и эксперты",
        "ur": "اسکور شیٹ اور جائزہ کار",
    },
    "Scoresheet": {"zh": "评分表", "ru": "Оценочный лист", "ur": "اسکور شیٹ"},
    "Each score is turned into 0–100 within its range; a reviewer's composite is the weighted mean over the criteria; the application's composite is the mean of its reviewers' composites and becomes its committee score in matching.": {
        "zh": "每项评分按其范围换算为 0–100；评审人的综合分是各项标准的加权平均；申请的综合分是其评审人综合分的平均值，并作为匹配中的委员会评分。",
        "ru": "Каждая оценка переводится в шкалу 0–100 в пределах своего диапазона; итог эксперта — взвешенное среднее по критериям; итог заявки — среднее итогов её экспертов, он становится баллом комиссии при распределении.",
        "ur": "ہر اسکور اپنی حد کے اندر 0–100 میں بدلا جاتا ہے؛ جائزہ کار کا مجموعی اسکور معیارات کا وزنی اوسط ہے؛ درخواست کا مجموعی اسکور اس کے جائزہ کاروں کے مجموعی اسکور کا اوسط ہے اور انتخاب میں کمیٹی اسکور بنتا ہے۔",
    },
    "Criteria": {"zh": "评分标准", "ru": "Критерии", "ur": "معیارات"},
    "Key": {"zh": "代码", "ru": "Код", "ur": "کلید"},
    "Criterion": {"zh": "标准", "ru": "Критерий", "ur": "معیار"},
    "Weight": {"zh": "权重", "ru": "Вес", "ur": "وزن"},
    "Lowest score": {"zh": "最低分", "ru": "Минимальный балл", "ur": "کم از کم اسکور"},
    "Highest score": {"zh": "最高分", "ru": "Максимальный балл", "ur": "زیادہ سے زیادہ اسکور"},
    "Reviewers per application": {
        "zh": "每份申请的评审人数",
        "ru": "Экспертов на заявку",
        "ur": "فی درخواست جائزہ کار",
    },
    "Spread that needs moderation (0–100)": {
        "zh": "需要复核的分差（0–100）",
        "ru": "Разброс, требующий согласования (0–100)",
        "ur": "وہ فرق جس پر نظرِ ثانی لازم ہو (0–100)",
    },
    "Why (kept in the journal)": {
        "zh": "原因（记入日志）",
        "ru": "Причина (сохраняется в журнале)",
        "ur": "وجہ (روزنامچے میں محفوظ)",
    },
    "Save scoresheet": {"zh": "保存评分表", "ru": "Сохранить оценочный лист", "ur": "اسکور شیٹ محفوظ کریں"},
    "The scoresheet was saved.": {
        "zh": "评分表已保存。",
        "ru": "Оценочный лист сохранён.",
        "ur": "اسکور شیٹ محفوظ ہو گئی۔",
    },
    "Add at least one criterion.": {
        "zh": "请至少添加一项标准。",
        "ru": "Добавьте хотя бы один критерий.",
        "ur": "کم از کم ایک معیار شامل کریں۔",
    },
    "Enter a number.": {"zh": "请输入数字。", "ru": "Введите число.", "ur": "ایک عدد درج کریں۔"},
    "Enter a whole number.": {"zh": "请输入整数。", "ru": "Введите целое число.", "ur": "ایک مکمل عدد درج کریں۔"},
    "Reviewers": {"zh": "评审人", "ru": "Эксперты", "ur": "جائزہ کار"},
    "Assigned: {n}": {"zh": "已分配：{n}", "ru": "Назначено: {n}", "ur": "تفویض شدہ: {n}"},
    "No officer reviews this scheme yet.": {
        "zh": "尚无官员评审此项目。",
        "ru": "Эту программу пока не оценивает ни один сотрудник.",
        "ur": "ابھی کوئی افسر اس اسکیم کا جائزہ نہیں لیتا۔",
    },
    "Every submitted application gets the scoresheet's number of reviewers from the committee, evenly, never one from the applicant's home institution or with a declared conflict.": {
        "zh": "每份已提交的申请从评审委员会中按评分表分配相应数量的评审人，负担均衡，绝不分配来自申请人所在院校或已声明利益冲突的评审人。",
        "ru": "Каждая поданная заявка получает из комиссии указанное в листе число экспертов, равномерно; никогда — эксперта из вуза заявителя или с заявленным конфликтом интересов.",
        "ur": "ہر جمع شدہ درخواست کو کمیٹی میں سے اسکور شیٹ کے مطابق جائزہ کار برابر تقسیم سے ملتے ہیں؛ درخواست دہندہ کے اپنے ادارے کا یا مفادات کے اعلان شدہ ٹکراؤ والا جائزہ کار کبھی نہیں۔",
    },
    "Assign reviewers": {"zh": "分配评审人", "ru": "Назначить экспертов", "ur": "جائزہ کار تفویض کریں"},
    "New assignments: {n}.": {"zh": "新分配：{n}。", "ru": "Новых назначений: {n}.", "ur": "نئی تفویضات: {n}۔"},
    "Applications with fewer reviewers than the scoresheet asks for (not enough eligible reviewers): {n}.": {
        "zh": "评审人数少于评分表要求的申请（合格评审人不足）：{n}。",
        "ru": "Заявок, у которых меньше экспертов, чем требует оценочный лист (не хватает подходящих экспертов): {n}.",
        "ur": "وہ درخواستیں جن کے جائزہ کار اسکور شیٹ کی مطلوبہ تعداد سے کم ہیں (اہل جائزہ کار کافی نہیں): {n}۔",
    },
    "Scores and moderation": {"zh": "评分与复核", "ru": "Оценки и согласование", "ur": "اسکور اور نظرِ ثانی"},
    "Reviews submitted": {"zh": "已提交评审", "ru": "Оценок отправлено", "ur": "جمع شدہ جائزے"},
    "No reviewers assigned yet.": {
        "zh": "尚未分配评审人。",
        "ru": "Эксперты пока не назначены.",
        "ur": "ابھی کوئی جائزہ کار تفویض نہیں ہوا۔",
    },
    "Home institution": {"zh": "所在院校", "ru": "Родной вуз", "ur": "اپنا ادارہ"},
    "Comment": {"zh": "评语", "ru": "Комментарий", "ur": "تبصرہ"},
    "Submit scores": {"zh": "提交评分", "ru": "Отправить оценки", "ur": "اسکور جمع کریں"},
    "from {min} to {max}, weight {weight}": {
        "zh": "{min} 至 {max}，权重 {weight}",
        "ru": "от {min} до {max}, вес {weight}",
        "ur": "{min} سے {max} تک، وزن {weight}",
    },
    "Your scores were submitted.": {
        "zh": "您的评分已提交。",
        "ru": "Ваши оценки отправлены.",
        "ur": "آپ کے اسکور جمع ہو گئے۔",
    },
    "Reviewers and scores": {"zh": "评审人与评分", "ru": "Эксперты и оценки", "ur": "جائزہ کار اور اسکور"},
    "reassigned": {"zh": "已改派", "ru": "заменён", "ur": "دوبارہ تفویض"},
    # an assignment no longer active: reassigned, or its reviewer declared a conflict
    "assignment ended": {"zh": "分派已结束", "ru": "назначение снято", "ur": "تفویض ختم"},
    "no longer reviews this scheme": {
        "zh": "已不再评审本项目",
        "ru": "больше не рецензирует эту программу",
        "ur": "اب اس اسکیم کا جائزہ نہیں لیتے",
    },
    "did not score it": {"zh": "未评分", "ru": "не оценивал(а)", "ur": "اسکور نہیں دیا"},
    "not scored yet": {"zh": "尚未评分", "ru": "ещё не оценено", "ur": "ابھی اسکور نہیں دیا گیا"},
    "Declare a conflict of interest": {
        "zh": "声明利益冲突",
        "ru": "Заявить о конфликте интересов",
        "ur": "مفادات کے ٹکراؤ کا اعلان کریں",
    },
    "What is the conflict?": {"zh": "冲突是什么？", "ru": "В чём конфликт?", "ur": "ٹکراؤ کیا ہے؟"},
    "Declare conflict": {"zh": "声明冲突", "ru": "Заявить о конфликте", "ur": "ٹکراؤ کا اعلان کریں"},
    "Say what the conflict is.": {"zh": "请说明冲突内容。", "ru": "Опишите конфликт.", "ur": "بتائیں کہ ٹکراؤ کیا ہے۔"},
    "Your conflict was recorded; you no longer review this application.": {
        "zh": "您的利益冲突已记录；您不再评审此申请。",
        "ru": "Конфликт записан; вы больше не оцениваете эту заявку.",
        "ur": "آپ کا ٹکراؤ درج ہو گیا؛ اب آپ اس درخواست کا جائزہ نہیں لیں گے۔",
    },
    "Journal": {"zh": "日志", "ru": "Журнал", "ur": "روزنامچہ"},
    "Export as CSV": {"zh": "导出为 CSV", "ru": "Выгрузить в CSV", "ur": "CSV میں برآمد کریں"},
    "When": {"zh": "时间", "ru": "Когда", "ur": "کب"},
    "Who": {"zh": "操作人", "ru": "Кто", "ur": "کون"},
    "What": {"zh": "操作", "ru": "Что", "ur": "کیا"},
    "Before": {"zh": "之前", "ru": "До", "ur": "پہلے"},
    "After": {"zh": "之后", "ru": "После", "ur": "بعد میں"},
    "Why": {"zh": "原因", "ru": "Причина", "ur": "وجہ"},
    "Give to another reviewer": {
        "zh": "改派给其他评审人",
        "ru": "Передать другому эксперту",
        "ur": "دوسرے جائزہ کار کو دیں",
    },
    "Another reviewer was assigned.": {
        "zh": "已分配另一位评审人。",
        "ru": "Назначен другой эксперт.",
        "ur": "دوسرا جائزہ کار تفویض ہو گیا۔",
    },
    "You can change your scores; every version is kept.": {
        "zh": "您可以修改评分；每个版本都会保留。",
        "ru": "Оценки можно изменить; каждая версия сохраняется.",
        "ur": "آپ اپنے اسکور بدل سکتے ہیں؛ ہر نسخہ محفوظ رہتا ہے۔",
    },
    "At most 20 criteria.": {
        "zh": "最多 20 项标准。",
        "ru": "Не больше 20 критериев.",
        "ur": "زیادہ سے زیادہ 20 معیارات۔",
    },
    "This key is used twice.": {
        "zh": "此代码重复使用。",
        "ru": "Этот код указан дважды.",
        "ur": "یہ کلید دو بار استعمال ہوئی ہے۔",
    },
    "A weight must be greater than 0.": {
        "zh": "权重必须大于 0。",
        "ru": "Вес должен быть больше 0.",
        "ur": "وزن 0 سے زیادہ ہونا چاہیے۔",
    },
    "The highest score must be above the lowest.": {
        "zh": "最高分必须高于最低分。",
        "ru": "Максимальный балл должен быть выше минимального.",
        "ur": "زیادہ سے زیادہ اسکور کم از کم سے اوپر ہونا چاہیے۔",
    },
    "Between 1 and 10 reviewers.": {
        "zh": "评审人数为 1 至 10。",
        "ru": "От 1 до 10 экспертов.",
        "ur": "1 سے 10 جائزہ کار۔",
    },
    "Between 0 and 100.": {"zh": "介于 0 和 100 之间。", "ru": "От 0 до 100.", "ur": "0 اور 100 کے درمیان۔"},
    "Save a scoresheet first.": {
        "zh": "请先保存评分表。",
        "ru": "Сначала сохраните оценочный лист.",
        "ur": "پہلے اسکور شیٹ محفوظ کریں۔",
    },
    "This score is outside the criterion's range.": {
        "zh": "此评分超出该标准的范围。",
        "ru": "Балл вне диапазона этого критерия.",
        "ur": "یہ اسکور معیار کی حد سے باہر ہے۔",
    },
    "Score this criterion.": {"zh": "请为此标准评分。", "ru": "Оцените этот критерий.", "ur": "اس معیار کا اسکور دیں۔"},
    "This criterion is not on the scoresheet.": {
        "zh": "评分表中没有此标准。",
        "ru": "Этого критерия нет в оценочном листе.",
        "ur": "یہ معیار اسکور شیٹ میں نہیں ہے۔",
    },
    "Only the assigned reviewer scores this application.": {
        "zh": "只有被分配的评审人可以为此申请评分。",
        "ru": "Оценивать эту заявку может только назначенный эксперт.",
        "ur": "اس درخواست کا اسکور صرف تفویض شدہ جائزہ کار دیتا ہے۔",
    },
    "No eligible reviewer is left for this.": {
        "zh": "没有可用的合格评审人。",
        "ru": "Подходящих экспертов не осталось.",
        "ur": "اس کے لیے کوئی اہل جائزہ کار باقی نہیں۔",
    },
    "This assignment has ended.": {
        "zh": "此分配已结束。",
        "ru": "Это назначение завершено.",
        "ur": "یہ تفویض ختم ہو چکی ہے۔",
    },
    "This reviewer may not review this application.": {
        "zh": "此评审人不得评审此申请。",
        "ru": "Этот эксперт не может оценивать эту заявку.",
        "ur": "یہ جائزہ کار اس درخواست کا جائزہ نہیں لے سکتا۔",
    },
    "You already declared a conflict with this application.": {
        "zh": "您已就此申请声明过利益冲突。",
        "ru": "Вы уже заявили о конфликте с этой заявкой.",
        "ur": "آپ اس درخواست کے ساتھ ٹکراؤ کا اعلان پہلے ہی کر چکے ہیں۔",
    },
    "Nothing recorded yet.": {"zh": "尚无记录。", "ru": "Пока ничего не записано.", "ur": "ابھی کچھ درج نہیں ہوا۔"},
    "journal:scoresheet.saved": {
        "en": "scoresheet saved",
        "zh": "保存评分表",
        "ru": "оценочный лист сохранён",
        "ur": "اسکور شیٹ محفوظ",
    },
    "journal:assignment.created": {
        "en": "reviewer assigned",
        "zh": "分配评审人",
        "ru": "назначен эксперт",
        "ur": "جائزہ کار تفویض",
    },
    "journal:assignment.reassigned": {
        "en": "reviewer reassigned",
        "zh": "改派评审人",
        "ru": "эксперт заменён",
        "ur": "جائزہ کار تبدیل",
    },
    "journal:conflict.declared": {
        "en": "conflict declared",
        "zh": "声明利益冲突",
        "ru": "заявлен конфликт интересов",
        "ur": "ٹکراؤ کا اعلان",
    },
    "journal:review.scored": {"en": "scores submitted", "zh": "提交评分", "ru": "оценки отправлены", "ur": "اسکور جمع"},
    "journal:pool.scored": {
        "en": "interview and committee scores set",
        "zh": "设定面试和委员会评分",
        "ru": "заданы баллы собеседования и комиссии",
        "ur": "انٹرویو اور کمیٹی اسکور مقرر",
    },
    "journal:match.approved": {
        "en": "match approved",
        "zh": "批准匹配",
        "ru": "распределение одобрено",
        "ur": "میچ منظور",
    },
    "journal:match.rejected": {
        "en": "match rejected",
        "zh": "驳回匹配",
        "ru": "распределение отклонено",
        "ur": "میچ مسترد",
    },
    "journal:catalog.created": {
        "en": "added to the catalog",
        "zh": "添加到目录",
        "ru": "добавлено в каталог",
        "ur": "فہرست میں شامل کیا گیا",
    },
    "journal:catalog.updated": {
        "en": "changed in the catalog",
        "zh": "目录中修改",
        "ru": "изменено в каталоге",
        "ur": "فہرست میں تبدیل کیا گیا",
    },
    "journal:catalog.deleted": {
        "en": "removed from the catalog",
        "zh": "从目录中删除",
        "ru": "удалено из каталога",
        "ur": "فہرست سے حذف کیا گیا",
    },
    "journal:quota_rule.created": {
        "en": "quota rule created",
        "zh": "创建配额规则",
        "ru": "создано правило квоты",
        "ur": "کوٹہ اصول بنایا گیا",
    },
    "journal:quota_rule.updated": {
        "en": "quota rule changed",
        "zh": "修改配额规则",
        "ru": "изменено правило квоты",
        "ur": "کوٹہ اصول تبدیل",
    },
    "journal:quota_rule.deleted": {
        "en": "quota rule deleted",
        "zh": "删除配额规则",
        "ru": "удалено правило квоты",
        "ur": "کوٹہ اصول حذف",
    },
    "journal:round.started": {
        "en": "matching round started",
        "zh": "启动匹配轮次",
        "ru": "запущен раунд распределения",
        "ur": "انتخابی مرحلہ شروع",
    },
}
ADDED.update(COMMITTEE)

CATALOGS: dict[str, dict[str, str]] = {"en": EN, "zh": ZH, "ru": RU, "ur": UR}
for _english, _words in (
    ADDED
    | MORE
    | REFEREE_WORDS
    | INTERVIEW_WORDS
    | REASON_WORDS
    | CHECKLIST_WORDS
    | AWARD_WORDS
    | CONSENT_WORDS
    | ENDORSEMENT_WORDS
    | WORKBENCH_WORDS
    | APPLICATION_PAGE_WORDS
    | MESSAGE_WORDS
    | COMMITTEE_WORDS
    | JOURNEY_WORDS
    | ADMIN_WORDS
    | CYCLE_FORM_WORDS
    | PROGRAMME_FORM_WORDS
    | QUOTA_RULE_FORM_WORDS
    | INSTITUTION_SCHEME_WORDS
    | WEBHOOK_WORDS
    | PAPER_WORDS
    | PARTNER_CLIENT_WORDS
    | PASSPORT_NAME_WORDS
    | EMAIL_WORDS
    | ACCOUNT_CLOSING_WORDS
).items():
    for _lang, _text in _words.items():
        CATALOGS[_lang][_english] = _text

DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")

# Babel's locale for each language: plural rules, dates, country and language names.
BABEL_LOCALES = {"en": "en_GB", "zh": "zh_Hans_CN", "ru": "ru_RU", "ur": "ur_PK"}

# Messages counting something ({n}) in the plural forms of each language (CLDR categories:
# English and Urdu one/other, Russian one/few/many/other, Chinese other only).
PLURALS: dict[str, dict[str, dict[str, str]]] = {
    "en": {
        "Only {n} of {m} reviewers are active.": {
            "one": "Only {n} of {m} reviewers is active.",
            "other": "Only {n} of {m} reviewers are active.",
        },
        "The scoresheet asks for {asked} reviewers per application, but {n} member(s) review this scheme. An administrator adds reviewer or officer accounts for the scheme, or lower the number above.": {
            "one": "The scoresheet asks for {asked} reviewers per application, but only {n} committee member (officer or reviewer) reviews this scheme. Ask an administrator to add reviewer or officer accounts for the scheme, or lower the number above.",
            "other": "The scoresheet asks for {asked} reviewers per application, but only {n} committee members (officers and reviewers) review this scheme. Ask an administrator to add reviewer or officer accounts for the scheme, or lower the number above.",
        },
        "{n} months": {"one": "{n} month", "other": "{n} months"},
        "{n} choices": {"one": "{n} choice", "other": "{n} choices"},
        "{n} matches": {"one": "{n} match", "other": "{n} matches"},
        "{n} documents to review": {"one": "{n} document to review", "other": "{n} documents to review"},
        "{n} programmes found": {"one": "{n} programme found", "other": "{n} programmes found"},
        "{n} seats": {"one": "{n} seat", "other": "{n} seats"},
        "{n} submitted applications in the pool": {
            "one": "{n} submitted application in the pool",
            "other": "{n} submitted applications in the pool",
        },
        "Age at most {n}": {"one": "Age at most {n} year", "other": "Age at most {n} years"},
        "Too many failed log-ins. Please wait {n} seconds and try again.": {
            "one": "Too many failed log-ins. Please wait {n} second and try again.",
            "other": "Too many failed log-ins. Please wait {n} seconds and try again.",
        },
        "Too many failed log-ins. Please wait {n} minutes and try again.": {
            "one": "Too many failed log-ins. Please wait {n} minute and try again.",
            "other": "Too many failed log-ins. Please wait {n} minutes and try again.",
        },
        "Too many failed log-ins: log-ins to this account from this browser are paused for now. Please try again in {n} seconds.": {
            "one": "Too many failed log-ins: log-ins to this account from this browser are paused for now. Please try again in {n} second.",
            "other": "Too many failed log-ins: log-ins to this account from this browser are paused for now. Please try again in {n} seconds.",
        },
        "Too many failed log-ins: log-ins to this account from this browser are paused for now. Please try again in {n} minutes.": {
            "one": "Too many failed log-ins: log-ins to this account from this browser are paused for now. Please try again in {n} minute.",
            "other": "Too many failed log-ins: log-ins to this account from this browser are paused for now. Please try again in {n} minutes.",
        },
    },
    "ru": {
        "Only {n} of {m} reviewers are active.": {
            "one": "Активен только {n} из {m} рецензентов.",
            "few": "Активны только {n} из {m} рецензентов.",
            "many": "Активны только {n} из {m} рецензентов.",
            "other": "Активны только {n} из {m} рецензентов.",
        },
        "{n} months": {"one": "{n} месяц", "few": "{n} месяца", "many": "{n} месяцев", "other": "{n} месяца"},
        "{n} choices": {
            "one": "{n} выбранная программа",
            "few": "{n} выбранные программы",
            "many": "{n} выбранных программ",
            "other": "{n} выбранной программы",
        },
        "{n} documents to review": {
            "one": "{n} документ на проверку",
            "few": "{n} документа на проверку",
            "many": "{n} документов на проверку",
            "other": "{n} документа на проверку",
        },
        "{n} matches": {
            "one": "{n} распределение",
            "few": "{n} распределения",
            "many": "{n} распределений",
            "other": "{n} распределения",
        },
        "{n} programmes found": {
            "one": "Найдена {n} программа",
            "few": "Найдено {n} программы",
            "many": "Найдено {n} программ",
            "other": "Найдено {n} программы",
        },
        "{n} seats": {"one": "{n} место", "few": "{n} места", "many": "{n} мест", "other": "{n} места"},
        "{n} submitted applications in the pool": {
            "one": "{n} поданная заявка в пуле",
            "few": "{n} поданные заявки в пуле",
            "many": "{n} поданных заявок в пуле",
            "other": "{n} поданной заявки в пуле",
        },
        "{n} unread": {
            "one": "{n} непрочитанное сообщение",
            "few": "{n} непрочитанных сообщения",
            "many": "{n} непрочитанных сообщений",
            "other": "{n} непрочитанного сообщения",
        },
        "Age at most {n}": {
            "one": "Возраст не более {n} года",
            "few": "Возраст не более {n} лет",
            "many": "Возраст не более {n} лет",
            "other": "Возраст не более {n} года",
        },
        "Too many failed log-ins. Please wait {n} seconds and try again.": {
            "one": "Слишком много неудачных попыток входа. Подождите {n} секунду и попробуйте снова.",
            "few": "Слишком много неудачных попыток входа. Подождите {n} секунды и попробуйте снова.",
            "many": "Слишком много неудачных попыток входа. Подождите {n} секунд и попробуйте снова.",
            "other": "Слишком много неудачных попыток входа. Подождите {n} секунды и попробуйте снова.",
        },
        "Too many failed log-ins. Please wait {n} minutes and try again.": {
            "one": "Слишком много неудачных попыток входа. Подождите {n} минуту и попробуйте снова.",
            "few": "Слишком много неудачных попыток входа. Подождите {n} минуты и попробуйте снова.",
            "many": "Слишком много неудачных попыток входа. Подождите {n} минут и попробуйте снова.",
            "other": "Слишком много неудачных попыток входа. Подождите {n} минуты и попробуйте снова.",
        },
        "Too many failed log-ins: log-ins to this account from this browser are paused for now. Please try again in {n} seconds.": {
            "one": "Слишком много неудачных попыток входа: вход в учётную запись с этого браузера временно приостановлен. "
            "Попробуйте через {n} секунду.",
            "few": "Слишком много неудачных попыток входа: вход в учётную запись с этого браузера временно приостановлен. "
            "Попробуйте через {n} секунды.",
            "many": "Слишком много неудачных попыток входа: вход в учётную запись с этого браузера временно приостановлен. "
            "Попробуйте через {n} секунд.",
            "other": "Слишком много неудачных попыток входа: вход в учётную запись с этого браузера временно приостановлен. "
            "Попробуйте через {n} секунды.",
        },
        "Too many failed log-ins: log-ins to this account from this browser are paused for now. Please try again in {n} minutes.": {
            "one": "Слишком много неудачных попыток входа: вход в учётную запись с этого браузера временно приостановлен. "
            "Попробуйте через {n} минуту.",
            "few": "Слишком много неудачных попыток входа: вход в учётную запись с этого браузера временно приостановлен. "
            "Попробуйте через {n} минуты.",
            "many": "Слишком много неудачных попыток входа: вход в учётную запись с этого браузера временно приостановлен. "
            "Попробуйте через {n} минут.",
            "other": "Слишком много неудачных попыток входа: вход в учётную запись с этого браузера временно приостановлен. "
            "Попробуйте через {n} минуты.",
        },
    },
    "ur": {
        "Only {n} of {m} reviewers are active.": {
            "one": "{m} میں سے صرف {n} جائزہ کار فعال ہے۔",
            "other": "{m} میں سے صرف {n} جائزہ کار فعال ہیں۔",
        },
        "{n} months": {"one": "{n} ماہ", "other": "{n} ماہ"},
        "{n} documents to review": {"one": "جائزے کے لیے {n} دستاویز", "other": "جائزے کے لیے {n} دستاویزات"},
        "{n} choices": {"one": "{n} ترجیح", "other": "{n} ترجیحات"},
        "{n} programmes found": {"one": "{n} پروگرام ملا", "other": "{n} پروگرام ملے"},
        "{n} seats": {"one": "{n} نشست", "other": "{n} نشستیں"},
        "{n} submitted applications in the pool": {
            "one": "پول میں {n} جمع شدہ درخواست",
            "other": "پول میں {n} جمع شدہ درخواستیں",
        },
        "Age at most {n}": {"one": "زیادہ سے زیادہ عمر {n} سال", "other": "زیادہ سے زیادہ عمر {n} سال"},
    },
    "zh": {},
}


@functools.cache
def locale_of(lang: str) -> Locale:
    return Locale.parse(BABEL_LOCALES.get(lang, "en_GB"))


@functools.cache
def list_comma(lang: str) -> str:
    """Between the items of a list in a sentence, as the ``listed`` filter joins them (Babel's
    list pattern): 、in Chinese, the Arabic comma in Urdu."""
    middle = locale_of(lang).list_patterns["standard"]["middle"]
    return middle.replace("{0}", "").replace("{1}", "")


def _plural(lang: str, message: str, params: dict[str, Any]) -> str | None:
    """The form of a counting message for ``params["n"]`` by the language's plural rule."""
    forms = PLURALS.get(lang, {}).get(message)
    n = params.get("n")
    if not forms or isinstance(n, bool) or not isinstance(n, (int, float)):
        return None
    return forms.get(locale_of(lang).plural_form(n)) or forms.get("other")


def _instant(value: Any) -> datetime | date | None:
    if isinstance(value, (datetime, date)):
        return value
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return datetime.fromisoformat(value) if len(value) > 10 else date.fromisoformat(value)
    except ValueError:
        return None


def format_day(lang: str, value: Any) -> str:
    """A date (or the date of an instant) in the language's own form: "28 Feb 2027",
    "2027年2月28日", "28 февр. 2027 г.", "28 فروری، 2027"."""
    when = _instant(value)
    if when is None:
        return "" if value is None else str(value)
    if isinstance(when, datetime):
        when = (when.astimezone(UTC) if when.tzinfo else when).date()
    return format_skeleton("yMMMd", when, locale=locale_of(lang))


def format_file_size(lang: str, size: Any) -> str:
    """A file's size in the language's units ("0.2 kB", "1,5 МБ"): kilobytes below a megabyte."""
    size = size if isinstance(size, (int, float)) and not isinstance(size, bool) else 0
    unit, value = ("digital-kilobyte", size / 1024) if size < 1_048_576 else ("digital-megabyte", size / 1_048_576)
    return format_unit(round(value, 1), unit, length="short", locale=locale_of(lang))


def format_moment(lang: str, value: Any) -> str:
    """An instant as its date and time (UTC) in the language's own form."""
    when = _instant(value)
    if not isinstance(when, datetime):
        return format_day(lang, value)
    when = when.astimezone(UTC) if when.tzinfo else when
    loc = locale_of(lang)
    time = format_skeleton("Hm", when, locale=loc)
    pattern = str(loc.datetime_formats.get("medium") or "{1} {0}")
    # Times are UTC everywhere (e-mails say so too); a person elsewhere must not take it for theirs.
    return pattern.replace("{1}", format_skeleton("yMMMd", when, locale=loc)).replace("{0}", f"{time} UTC")


def country_name(lang: str, code: str | None) -> str:
    """An ISO 3166 country code as the country's name in the language ("PK" -> "پاکستان")."""
    return shared_country_name(lang, code) if code else ""


def language_name(lang: str, code: str | None) -> str:
    """A language code as the language's name in the reader's language ("en" -> "انگریزی")."""
    if not code:
        return ""
    return locale_of(lang).languages.get(code.lower()) or code


def words_of(slug: str | None) -> str:
    """A slug as words ("international-relations" -> "international relations")."""
    return (slug or "").replace("-", " ").replace("_", " ").strip()


def _param(lang: str, key: str, value: Any) -> Any:
    """A parameter as the page shows it: document kinds as words, lists joined."""
    if key in ("kind", "kinds"):
        values = value if isinstance(value, (list, tuple)) else [value]
        return ", ".join(translate(lang, f"doc:{v}") for v in values)
    if key == "positions":  # a referee's positions (referee_words.py)
        values = value if isinstance(value, (list, tuple)) else [value]
        return format_list([translate(lang, f"position:{v}") for v in values], style="or", locale=locale_of(lang))
    if key == "countries":  # country codes, named in the page's language
        values = value if isinstance(value, (list, tuple)) else [value]
        return format_list([country_name(lang, str(v)) for v in values], locale=locale_of(lang))
    if key == "reasons":
        values = value if isinstance(value, (list, tuple)) else [value]
        if all(isinstance(v, Mapping) for v in values):  # by code: whole sentences
            return " ".join(_reason_text(lang, v) for v in values)
        return "; ".join(translate(lang, reason_message(str(v))) for v in values)
    if key.endswith("_at") or key.endswith("_on") or key == "reply_by":
        return format_day(lang, value)
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, float):  # a grade, a level, a score: "70,5" in Russian, "4" for 4.0
        return format_number(lang, value)
    return value


# these params are words, not numbers: worded in the page's language
WORDED_PARAMS = {"nationality", "eligible", "required", "kind", "by", "language"}


def format_number(lang: str, value: Any) -> str:
    """A number as the language writes it ("85,5" in Russian, "4" for 4.0); anything else as is."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "" if value is None else str(value)
    return format_decimal(value, locale=locale_of(lang), decimal_quantization=False)


def format_score(lang: str, value: Any, digits: int = 2) -> str:
    """A score to ``digits`` places as the language writes numbers ("98,00" in Russian): a
    review page had "98.0" beside "IELTS 6,5"."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "" if value is None else str(value)
    return format_decimal(value, format="0." + "0" * digits if digits else "0", locale=locale_of(lang))


def _word(lang: str, key: str, value: Any) -> str:
    if key == "nationality":
        return country_name(lang, str(value))
    if key == "eligible":
        values = value if isinstance(value, (list, tuple)) else [value]
        return format_list([country_name(lang, str(v)) for v in values], locale=locale_of(lang))
    if key == "required":
        return translate(lang, f"type:{value}")
    if key == "kind":
        return translate(lang, f"doc:{value}")
    if key == "by":
        return str(value).upper()
    if key == "language":
        return language_name(lang, str(value))
    return str(value)


def reason_param_text(lang: str, key: str, value: Any) -> str:
    """A reason's parameter as text in ``lang``: a day, a word (a country, a type, a document
    kind...) or a number in the reader's form."""
    if key == "on" or key.endswith("_on"):
        return format_day(lang, value)
    if key in WORDED_PARAMS and isinstance(value, (str, list, tuple)):
        return _word(lang, key, value)
    return format_number(lang, value)


def _reason_text(lang: str, reason: Mapping[str, Any]) -> str:
    """A coded reason of a refusal as a plain-text sentence in ``lang``, as the page's lists
    word it (services/portal/reasons.py); the service's text for a code without a sentence."""
    text = worded(lang, reason, reason_param_text) or str(reason.get("text") or reason.get("code") or "")
    return text if text.endswith((".", "。", "۔", "?", "!")) else text + ("。" if lang == "zh" else ".")


def translate(lang: str, message: str, **params) -> str:
    if isinstance(message, Message):  # a service's refusal, worded by the portal with its context
        params = {**message.params, **params}
    elif message not in EN and message not in CATALOGS.get(lang, EN):
        known = reason_message(message)  # an eligibility reason the portal words itself
        if known.params:
            message, params = known, {**known.params, **params}
    text = _plural(lang, message, params) or CATALOGS.get(lang, EN).get(message) or EN.get(message)
    if text is None:
        # an unknown value key shows its value; anything else (a service's reason) as written
        prefix, sep, rest = message.partition(":")
        text = rest if sep and prefix in ("status", "level", "doc", "type") else str(message)
    if params:
        try:
            worded = {k: _param(lang, k, v) for k, v in params.items()}
            if lang == "ur" and isinstance(worded.get("kind"), str):
                worded["kind"] = _urdu_kind(text, worded["kind"])
            # a date that ends in a full stop ("1 мар. 2026 г.") at the end of a sentence: one stop
            return DOUBLE_STOP.sub(".", text.format(**worded))
        except (KeyError, IndexError, ValueError):
            return text
    return text


# an Urdu postposition after a document's name puts the name's own "کا" in the oblique: "ملازمت
# کے خط کا جائزہ", not "ملازمت کا خط کا جائزہ" (the name alone stays "ملازمت کا خط")
_URDU_POSTPOSITION = re.compile(r"\{kind\} (?:کا|کی|کے|کو|میں|پر|سے|تک)(?:\s|$|۔)")


def _urdu_kind(text: str, kind: str) -> str:
    return urdu_oblique(kind) if _URDU_POSTPOSITION.search(text) else kind


def translator(lang: str) -> Callable[..., str]:
    def _(message: str, **params) -> str:
        return translate(lang, message if isinstance(message, str) else str(message), **params)

    return _


def negotiate(accept_language: str) -> str:
    """The first supported language in an Accept-Language header, else English."""
    for part in accept_language.split(","):
        code = part.split(";")[0].strip().lower().split("-")[0]
        if code in LANGUAGES:
            return code
    return "en"
