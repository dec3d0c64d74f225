"""Who and what the cycle's journal names, read in Chinese (a new officer's report): the
applicants' answers to offers are in it, named; an applicant's own withdrawal from a list reads
as the applicant, the admission deadline as the system's step; a nomination list names its
nominees, each linked to the application with its id in the title (an application the reader
may not see keeps its id)."""

from __future__ import annotations

import re

from tests.unit.portal.test_committee_walk_pages import officer, text_of  # noqa: F401  (fixture)

AIGERIM, DANIYAR, UNSEEN = (
    "dbae4a7e-1111-4ecb-a108-4b68018dc1e5",
    "536ee2f1-2222-4d17-863a-6cff93f84c16",
    "c94643ed-3333-4d17-863a-6cff93f84c16",
)


def journal_entry(id_: int, action: str, actor: str, actor_name: str, **more) -> dict:
    return {"id": id_, "at": f"2026-12-01T05:{id_:02d}:00Z", "actor": actor, "actor_name": actor_name,
            "action": action, "scheme_id": "sco", "cycle_id": "c1", "application_id": None, "subject": "s",
            "before": None, "after": None, "reason": "", "withheld": False, "applicants": {}, **more}  # fmt: skip


ACCEPTED = journal_entry(
    5, "offer.accepted", "stu-a1", "Aigerim Bekova", application_id=AIGERIM, applicants={AIGERIM: "Aigerim Bekova"},
    before={"status": "approved"}, after={"status": "accepted", "programme_id": "p1"},
)  # fmt: skip
# written before the applicant's name was kept, and the service could not name them either
WITHDRAWN = journal_entry(
    4, "nomination.withdrawn", "applicant", "", application_id=UNSEEN,
    before={"state": "nominated", "position": 1}, after={"state": "withdrawn", "promoted": DANIYAR},
    applicants={DANIYAR: "Daniyar Serikov"},
)  # fmt: skip
BY_DEADLINE = journal_entry(3, "admission.decided", "system:admission-deadline", "Admission deadline")
PUBLISHED = journal_entry(
    2, "nomination.published", "kz", "KZ ministry",
    after={"sending_country": "KZ", "nominees": [AIGERIM, DANIYAR], "reserve": [UNSEEN], "nominated": 2},
    applicants={AIGERIM: "Aigerim Bekova", DANIYAR: "Daniyar Serikov"},
)  # fmt: skip


def rows_of(html: str) -> list[str]:
    return re.findall(r"<tr>\s*<td data-label=.*?</tr>", html, re.S)


async def _journal_in_chinese(officer) -> list[str]:  # noqa: F811
    officer.matching.journal = [ACCEPTED, WITHDRAWN, BY_DEADLINE, PUBLISHED]
    await officer.get("/language/zh?next=/officer/committee/journal?cycle_id=c1")
    page = await officer.get("/officer/committee/journal?cycle_id=c1")
    assert page.status_code == 200, page.text
    return rows_of(page.text)


async def test_the_cycles_journal_names_who_acted_in_the_readers_language(officer):  # noqa: F811
    accepted, withdrawn, by_deadline, _published = await _journal_in_chinese(officer)
    who = [re.search(r'data-label="[^"]*"><bdi>([^<]*)</bdi>', r).group(1) for r in (accepted, withdrawn, by_deadline)]
    assert who == ["Aigerim Bekova", "申请人", "录取截止（系统自动）"]
    # the answer: its words, whose application (linked), the match's status in words
    assert "已接受录取" in text_of(accepted)
    assert f'<a href="/officer/applications/{AIGERIM}" title="{AIGERIM}"><bdi>Aigerim Bekova</bdi></a>' in accepted
    assert re.search(r"状态：\s*已批准", text_of(accepted)) and re.search(r"状态：\s*已接受", text_of(accepted))
    assert "approved" not in accepted and ">accepted<" not in accepted
    # the reserve moved up, by name; the application the reader does not see keeps its id
    assert f'title="{DANIYAR}"><bdi>Daniyar Serikov</bdi></a>' in withdrawn
    assert "已撤回提名" in text_of(withdrawn) and UNSEEN not in withdrawn


async def test_a_nomination_list_names_its_nominees(officer):  # noqa: F811
    *_, published = await _journal_in_chinese(officer)
    nominees = re.search(r"被提名人.*?</div>", published, re.S).group(0)
    assert f'<a href="/officer/applications/{AIGERIM}" title="{AIGERIM}"><bdi>Aigerim Bekova</bdi></a>' in nominees
    assert f'title="{DANIYAR}"><bdi>Daniyar Serikov</bdi></a>' in nominees
    assert AIGERIM not in text_of(nominees) and DANIYAR not in text_of(nominees)
    assert re.search(r"派出国：\s*(<[^>]+>)*哈萨克斯坦", published)  # the country by name, not "KZ"
    reserve = re.search(r"后备名单.*?</div>", published, re.S).group(0)
    assert f"<code>{UNSEEN}</code>" in reserve and "<a " not in reserve  # not seen: no name, no link
