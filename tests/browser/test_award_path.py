"""The SCO award path in the portal (issue 14): Pakistan's Higher Education Commission ranks
its national pool in Urdu and publishes two nominees and a reserve; the applicants read where
they stand; officers run a round and approve both matches, which go to the host; the host's
admissions officer (a partner user, in Chinese) admits one and rejects the other with a
reason; the reserve moves up, and each applicant reads it on their page; the admitted one
accepts the offer. Along the way Bilal (Urdu) lets the host read his identity but not his
documents; the host reads his name, is told the documents were not shared (and that Ayesha shared
nothing), and Bilal then sees the read listed on his page."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest
from markupsafe import escape

from services.portal.award_words import AWARD_WORDS
from services.portal.consent_words import CONSENT_WORDS
from services.portal.i18n import format_day, translate
from services.portal.paper_words import PAPER_WORDS
from tests.browser.conftest import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    api_headers,
    create_officer,
    log_in,
    log_in_to,
    master_programme,
    no_trace,
    open_cycle,
    publish_catalog,
    register_applicant,
    screenshot_path,
    student,
    submit_with_passport,
)
from tests.browser.test_portal import UNLABELLED
from tests.support.infra import wait_for

pytestmark = pytest.mark.integration

PASSWORD = "award-path-journey-password"
HEC = "Higher Education Commission (HEC)"
LETTER = b"%PDF-1.4\n" + b"admission notice " * 200


def words(lang: str, key: str, **params) -> str:
    text = AWARD_WORDS[key][lang]
    return text.format(**params) if params else text


def consent_words(lang: str, key: str) -> str:
    return CONSENT_WORDS[key][lang]


class World:
    def __init__(self, stack) -> None:
        s = uuid.uuid4().hex[:8]
        self.stack, self.portal = stack, stack.portal.url
        self.scheme, self.cycle, self.host, self.prog = f"sco-{s}", f"sco-{s}-26", f"xjmu-{s}", f"xjmu-med-{s}"
        self.nominator, self.partner, self.officer = (f"{who}-{s}@example.org" for who in ("hec", "xjmu", "csc"))
        # three Pakistani applicants: name, grade, language; the application ids once submitted
        self.applicants = {
            "Ayesha Khan": (92, "en"),
            "Bilal Ahmed": (88, "ur"),
            "Sana Iqbal": (79, "ru"),
        }
        self.emails = {name: f"{name.split()[0].lower()}-{s}@example.pk" for name in self.applicants}
        self.ids: dict[str, str] = {}
        self.admin: dict[str, str] = {}
        self.decide_by: date | None = None
        self.nomination_closes_at = ""


@pytest.fixture(scope="module")
async def world(portal_stack) -> World:
    w = World(portal_stack)
    async with httpx.AsyncClient(base_url=w.stack.applications.url, timeout=30) as a:
        w.admin = await api_headers(a, ADMIN_EMAIL, ADMIN_PASSWORD)
        await create_officer(a, w.admin, email=w.officer, password=PASSWORD, name="CSC officer", schemes=[w.scheme])
        for account in (
            {"role": "nominator", "name": "HEC nominations", "countries": ["PK"], "schemes": [w.scheme]},
            {"role": "partner", "name": "XJMU admissions", "institutions": [w.host]},  # by institution only
        ):
            email = w.nominator if account["role"] == "nominator" else w.partner
            r = await a.post("/admin/accounts", headers=w.admin, json={**account, "email": email, "password": PASSWORD})
            assert r.status_code == 201, r.text
    scheme = {
        "id": w.scheme,
        "name": "SCO scholarship",
        "sponsor": "CSC",
        "eligible_countries": ["PK", "KZ"],
        "path": ["nomination", "matching", "review", "admission", "answer"],
        "authorities": {"PK": HEC, "KZ": "Ministry of Science and Higher Education"},
    }
    today = datetime.now(UTC)
    deadlines = {
        "nomination_closes_at": (today + timedelta(days=40)).isoformat(),
        "admission_closes_at": (today + timedelta(days=60)).isoformat(),
    }
    w.decide_by = (today + timedelta(days=60)).date()
    w.nomination_closes_at = deadlines["nomination_closes_at"]
    items = [
        ("institutions", {"id": w.host, "name": "Xi'an Jiaotong University", "country": "CN"}),
        ("schemes", scheme),
        ("cycles", open_cycle(id=w.cycle, scheme_id=w.scheme, name=f"SCO 2026 {w.cycle[-11:-3]}") | deadlines),
        ("programmes", master_programme(w.prog, w.cycle, w.host, "Clinical medicine (MMed)", "medicine", seats=3)),
        (
            "quota-rules",
            {
                "id": f"{w.cycle}-per-country",
                "cycle_id": w.cycle,
                "label": "At most 2 from {sending_country}",
                "scope": {},
                "per": ["sending_country"],
                "max_count": 2,
            },
        ),
    ]
    await publish_catalog(w.stack, w.admin, items, w.prog)
    async with httpx.AsyncClient(base_url=w.stack.applications.url, timeout=30) as a:
        for name, (grade, lang) in w.applicants.items():
            registration = student(
                email=w.emails[name],
                password=PASSWORD,
                name=name,
                nationality="PK",
                home_institution="NUST",
                age=23,
                preferred_language=lang,
            )
            h = await register_applicant(a, registration)
            w.ids[name] = await submit_with_passport(a, h, w.cycle, w.prog, grade)
    async with httpx.AsyncClient(base_url=w.stack.matching.url, timeout=30) as m:

        async def pooled():
            r = await m.get(f"/cycles/{w.cycle}/pool", headers=w.admin, params={"limit": 10})
            return r.status_code == 200 and r.json()["total"] == 3

        await wait_for(pooled, timeout=60, what="three applications in the matching pool")
    return w


async def applicant_page(browser, w: World, name: str):
    lang = w.applicants[name][1]
    ctx, page = await log_in(
        browser, f"{w.portal}/language/{lang}?next=/login", w.emails[name], PASSWORD, "**/applications"
    )
    await page.goto(f"{w.portal}/applications/{w.ids[name]}")
    return ctx, page


async def reads(page, kind: str, line: str, what: str) -> str:
    """Reload the applicant's page until it says ``line`` in its ``kind`` box."""

    async def said():
        await page.reload()
        box = page.locator(f"#where[data-kind={kind}]")
        return await box.count() == 1 and line in await box.inner_text()

    await wait_for(said, timeout=60, what=what)
    return await page.inner_text("#where")


async def test_hec_nominates_the_host_rejects_one_and_the_reserve_moves_up(world, browser):
    w = world
    ayesha, bilal, sana = (w.ids[n] for n in ("Ayesha Khan", "Bilal Ahmed", "Sana Iqbal"))

    # before the authority decides, Sana (Russian) reads that HEC has her application
    sctx, spage = await applicant_page(browser, w, "Sana Iqbal")
    await reads(spage, "with_authority", words("ru", "With {authority} for nomination", authority=HEC), "with HEC")
    await no_trace(spage)

    # --- HEC's nominator, in Urdu: the national pool, ranked and published ------------------
    entry = f"{w.portal}/language/ur?next=/login"
    nctx, npage = await log_in(browser, entry, w.nominator, PASSWORD, "**/nominations")
    assert await npage.get_attribute("html", "dir") == "rtl"
    await npage.click(f"#pool-{w.cycle}-PK th a")
    await npage.wait_for_selector("#candidates")
    assert await npage.locator("#candidates tbody tr[id^=row-]").count() == 3
    assert HEC in await npage.inner_text("#list-summary")
    assert "2" in await npage.inner_text("#list-summary .figure")  # the allocation, from the quota rule
    closes = format_day("ur", w.nomination_closes_at)
    assert words("ur", "Nominations close on {day}.", day=closes) in await npage.inner_text("main")
    # search by name narrows the table; sorting by grade puts Ayesha first
    await npage.fill("#f-q", "Sana")
    await npage.click("form[role=search] button[type=submit]")
    await npage.wait_for_selector(f"#row-{sana}")
    assert await npage.locator("#candidates tbody tr[id^=row-]").count() == 1
    await npage.goto(f"{w.portal}/nominations/{w.cycle}/PK?sort=grade&order=desc")
    first = await npage.locator("#candidates tbody tr[id^=row-]").first.get_attribute("id")
    assert first == f"row-{ayesha}"

    # three nominees are over the allocation of 2: refused in Urdu, nothing lost
    for app_id in (ayesha, bilal, sana):
        await npage.select_option(f"#f-state-{app_id}", "nominated")
    await npage.click("button[name=action][value=save]")
    await npage.wait_for_selector("#error-summary")
    assert words("ur", "The country's allocation is {allocation}: no more nominees than that.", allocation=2) in (
        await npage.inner_text("#error-summary")
    )
    assert await npage.input_value(f"#f-state-{sana}") == "nominated"
    # the summary of what to correct has the focus: a keyboard or screen reader starts there
    assert await npage.evaluate("document.activeElement.id") == "error-summary"

    # Ayesha 1, Bilal 2, Sana first on the reserve list; save, then publish after the confirmation
    await npage.fill(f"#f-rank-{ayesha}", "1")
    await npage.fill(f"#f-rank-{bilal}", "2")
    await npage.select_option(f"#f-state-{sana}", "reserve")
    await npage.fill(f"#f-rank-{sana}", "1")
    await npage.click("button[name=action][value=save]")
    await npage.wait_for_selector(".flash-success")
    assert await npage.input_value(f"#f-state-{sana}") == "reserve"
    await npage.screenshot(path=screenshot_path("award-nominator-pool-ur"), full_page=True)
    assert await npage.evaluate(UNLABELLED) == []  # every select and field of the table is labelled
    await npage.click("button[name=action][value=publish]")
    await npage.wait_for_url("**/publish")
    nominees = await npage.inner_text("#confirm-nominees")
    assert nominees.index("Ayesha Khan") < nominees.index("Bilal Ahmed")
    assert "Sana Iqbal" in await npage.inner_text("#confirm-reserve")
    await npage.click("#confirm-publish button[type=submit]")
    await npage.wait_for_selector(".flash-success")
    assert await npage.locator("#list-status.badge-list-published").count() == 1
    await no_trace(npage)

    # the applicants read it: Sana on the reserve list, position 1
    await reads(
        spage,
        "reserve",
        words("ru", "On the reserve list of {authority}, position {position}", authority=HEC, position=1),
        "Sana on the reserve list",
    )
    await spage.screenshot(path=screenshot_path("award-applicant-reserve-ru"), full_page=True)

    # Bilal (Urdu) lets the host read his identity, not his documents (issue 14: identity only
    # with consent); nothing has been read yet
    bctx, bpage = await applicant_page(browser, w, "Bilal Ahmed")
    assert consent_words("ur", "Sharing with the host institution") in await bpage.inner_text("#consent")
    assert consent_words("ur", "No host institution has read your identity or documents.") in (
        await bpage.inner_text("#consent")
    )
    await bpage.check("#f-host_identity")
    await bpage.click("#consent-form button[type=submit]")
    await bpage.wait_for_selector(".flash-success")
    assert await bpage.is_checked("#f-host_identity") and not await bpage.is_checked("#f-host_documents")
    await bpage.screenshot(path=screenshot_path("consent-applicant-ur"), full_page=True)

    # --- officers: a round places the nominees only; approving sends both to the host -------
    async with httpx.AsyncClient(base_url=w.stack.applications.url, timeout=30) as a:
        officer = await api_headers(a, w.officer, PASSWORD)
    async with httpx.AsyncClient(base_url=w.stack.matching.url, timeout=30) as m:

        async def nominees_in_pool():
            r = await m.get(f"/cycles/{w.cycle}/nominations/PK", headers=officer)
            return r.status_code == 200 and r.json()["status"] == "published"

        await wait_for(nominees_in_pool, timeout=30, what="the published list in matching")
        r = await m.post(f"/cycles/{w.cycle}/rounds", headers=officer, json={"seed": 7})
        assert r.status_code == 202, r.text
        round_id = r.json()["round_id"]

        async def completed():
            return (await m.get(f"/rounds/{round_id}", headers=officer)).json()["status"] == "completed"

        await wait_for(completed, timeout=60, what="the round")
        r = await m.get("/matches", headers=officer, params={"cycle_id": w.cycle, "status": "proposed"})
        proposed = r.json()["items"]
        assert sorted(x["application_id"] for x in proposed) == sorted([ayesha, bilal])  # never the reserve
        for match in proposed:
            r = await m.post(f"/matches/{match['id']}/approve", headers=officer, json={})
            assert r.status_code == 200, r.text
            assert r.json()["status"] == "with_host"

    # the host deciding now is named, with the cycle's admission deadline
    with_host = words("ur", "With {institution} for admission", institution="Xi'an Jiaotong University")
    text = await reads(bpage, "with_host", with_host, "Bilal with the host")
    assert words("ur", "Decision expected by {day}.", day=format_day("ur", w.decide_by)) in text

    # --- the host's admissions officer, in Chinese: admit Ayesha, reject Bilal with a reason ---
    entry = f"{w.portal}/language/zh?next=/login"
    hctx, hpage = await log_in(browser, entry, w.partner, PASSWORD, "**/host/admissions")
    await hpage.wait_for_selector(f"#admissions li[data-status=with_host] .application-id:text('{ayesha}')")
    items = hpage.locator("#admissions li.admission")
    assert await items.count() == 2
    # Bilal lets the host read his identity: his card names him (bare ids had told the host nothing)
    bilal_card = hpage.locator("#admissions li.admission", has=hpage.locator(f".application-id:text('{bilal}')"))
    assert await bilal_card.locator(".applicant-name").inner_text() == "Bilal Ahmed"
    deadline = format_day("zh", w.decide_by)
    assert words("zh", "Decide by {day}", day=deadline) in await items.first.locator(".reply-by").inner_text()
    await hpage.screenshot(path=screenshot_path("award-host-admissions-zh"), full_page=True)
    assert await hpage.evaluate(UNLABELLED) == []
    # Bilal consented to his identity only: the host reads his name and is told the documents were not shared
    await (
        hpage.locator("#admissions li.admission", has=hpage.locator(f".application-id:text('{bilal}')"))
        .locator(".identity-link a")
        .click()
    )
    await hpage.wait_for_selector("#identity")
    assert await hpage.inner_text("#applicant-name") == "Bilal Ahmed"
    assert consent_words(
        "zh", "The applicant has not consented to share their documents with the host institution."
    ) in await hpage.inner_text("#documents-refused")
    await hpage.screenshot(path=screenshot_path("consent-host-identity-zh"), full_page=True)
    await no_trace(hpage)
    # Ayesha did not consent at all: told so, in words
    await hpage.goto(f"{w.portal}/host/applications/{ayesha}")
    assert consent_words(
        "zh", "The applicant has not consented to share their identity with the host institution."
    ) in await hpage.inner_text("#identity-refused")
    assert "Ayesha Khan" not in await hpage.inner_text("main")
    # nothing shared: the page does not say "shared by the applicant"
    assert consent_words(
        "zh", "The applicant has shared nothing with your institution yet: what they share appears here."
    ) in await hpage.inner_text("#nothing-shared")
    await no_trace(hpage)
    await hpage.goto(f"{w.portal}/host/admissions")
    mine = {await it.locator(".application-id").inner_text(): it for it in await items.all()}
    await mine[ayesha].locator(".admit-form button[type=submit]").click()
    await hpage.wait_for_selector(".flash-success")
    # a rejection without a reason is refused; with one it frees the seat
    bilal_item = hpage.locator("#admissions li.admission", has=hpage.locator(f".application-id:text('{bilal}')"))
    await bilal_item.locator("details.reject summary").click()  # folded: not one click beside "Admit"
    await bilal_item.locator(".reject-form button[type=submit]").click()
    await hpage.wait_for_selector("#error-summary")  # named at the top, said on Bilal's card
    assert await bilal_item.locator(".reject-form .error").count() == 1
    await bilal_item.locator(".reject-form select[name=reason_code]").select_option("language")
    await bilal_item.locator(".reject-form input[name=note]").fill("HSK 5 is required for clinical training")
    await bilal_item.locator(".reject-form button[type=submit]").click()
    await hpage.wait_for_selector(".flash-success")
    await hpage.goto(f"{w.portal}/host/admissions?status=host_rejected")
    history = await hpage.inner_text("ol.decisions")
    assert words("zh", "admission_reason:language") in history and "HSK 5" in history
    await no_trace(hpage)

    # --- the applicants read the outcome --------------------------------------------------------
    text = await reads(bpage, "not_admitted", words("ur", "Not admitted by the host institution"), "Bilal not admitted")
    assert words("ur", "admission_reason:language") in text and "HSK 5 is required" in text
    await bpage.screenshot(path=screenshot_path("award-applicant-not-admitted-ur"), full_page=True)
    reads_table = await bpage.inner_text("#identity-reads")
    assert "Xi'an Jiaotong University" in reads_table and consent_words("ur", "read:identity") in reads_table
    # two reads: the name on the admissions list (told apart) and the identity page; no documents
    assert await bpage.locator("#identity-reads tbody tr").count() == 2
    assert consent_words("ur", "read:name") in reads_table
    text = await reads(
        spage, "nominated", words("ru", "Nominated by {authority}", authority=HEC), "Sana moved up from the reserve"
    )
    assert words("ru", "You moved up from the reserve list.") in text
    history = await spage.inner_text("#history")  # each step in words, never a code
    assert "nomination." not in history and words("ru", "Nominated by {authority}", authority=HEC) in history
    await spage.screenshot(path=screenshot_path("award-applicant-promoted-ru"), full_page=True)
    actx, apage = await applicant_page(browser, w, "Ayesha Khan")
    await reads(apage, "admitted", words("en", "The host institution admitted you."), "Ayesha's offer")
    assert await apage.locator("section.offer").count() == 1
    async with apage.expect_navigation():
        await apage.click("section.offer button[value=accept]")
    await apage.click("#confirm-accept button[value=accept]")  # accepting is confirmed first
    await apage.wait_for_selector(".status-line .badge-accepted")
    await no_trace(apage)
    await apage.wait_for_selector("#papers #no-papers")  # told where the papers will come

    # the host, in Chinese, issues Ayesha's admission letter on her page; she downloads it
    await hpage.goto(f"{w.portal}/host/applications/{ayesha}")
    await hpage.wait_for_selector("form.paper-form")
    await hpage.select_option("form.paper-form select[name=kind]", "admission_letter")
    await hpage.set_input_files(
        "form.paper-form input[name=file]",
        files=[{"name": "admission-notice.pdf", "mimeType": "application/pdf", "buffer": LETTER}],
    )
    await hpage.fill("form.paper-form [name=note]", "Registration opens on 1 September.")
    async with hpage.expect_navigation():
        await hpage.click("form.paper-form button[type=submit]")
    assert PAPER_WORDS["Issued: the applicant is told by e-mail and in the portal."]["zh"] in await hpage.inner_text(
        ".flash-success"
    )
    assert "admission-notice.pdf" in await hpage.inner_text("#papers ul.papers")
    await hpage.screenshot(path=screenshot_path("papers-host-zh"), full_page=True)
    await apage.reload()
    paper = apage.locator("#papers ul.papers li").first
    assert "admission-notice.pdf" in await paper.inner_text() and "Registration opens" in await paper.inner_text()
    async with apage.expect_download() as downloading:
        await paper.locator("a[download]").click()
    download = await downloading.value
    assert (await download.path()).read_bytes() == LETTER
    await apage.screenshot(path=screenshot_path("papers-applicant-en"), full_page=True)

    # the host's machine credentials on a phone, in Urdu: the token command scrolls in its box
    # (it had pushed the page off its right edge, where a right-to-left page cannot scroll)
    await hpage.set_viewport_size({"width": 390, "height": 844})
    await hpage.goto(f"{w.portal}/language/ur?next=/partner/clients")
    await hpage.wait_for_selector("#curl-example")
    assert await hpage.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert "monospace" in await hpage.eval_on_selector("#curl-example code", "e => getComputedStyle(e).fontFamily")

    # HEC's table shows the change: the host did not admit Bilal (not "withdrawn"), Sana a nominee
    await npage.goto(f"{w.portal}/nominations/{w.cycle}/PK")
    assert await npage.get_attribute(f"#row-{bilal}", "data-state") == "host_rejected"
    bilal_row = await npage.inner_text(f"#row-{bilal}")
    assert (
        translate("ur", "nomination:host_rejected") in bilal_row
        and translate("ur", "nomination:withdrawn") not in bilal_row
    )
    assert words("ur", "admission_reason:language") in bilal_row
    assert await npage.get_attribute(f"#row-{sana}", "data-state") == "nominated"
    assert str(escape(HEC)) in await npage.content()

    # the officer, in Russian, reads on the cycle's page that Sana waits for a round (she moved
    # up after it), and finds her in the table by the link
    octx, opage = await log_in_to(browser, w.portal, w.officer, PASSWORD, f"/officer/cycles/{w.cycle}", lang="ru")
    needed = await opage.inner_text("#round-needed")
    assert "ещё не рассматривал ни один раунд: 1" in needed
    await opage.click("#round-needed a")
    await opage.wait_for_selector("table")
    table = await opage.inner_text("main")
    assert "Sana Iqbal" in table and "Ayesha Khan" not in table and "Bilal Ahmed" not in table

    # Ayesha's visa is refused: she gives up the place she accepted (accepted had been final, with
    # no word of whom to ask); the host, on its phone in Urdu, finds her under "Withdrew"
    await apage.goto(f"{w.portal}/applications/{ayesha}")
    await apage.click("#withdraw summary")
    assert translate("en", "Give up your place") in await apage.inner_text("#withdraw summary")
    assert "admission papers it issued no longer apply" in await apage.inner_text("#give-up-consequences")
    await apage.fill("#f-reason", "Visa refused")
    await apage.check("#f-withdraw_confirm")
    async with apage.expect_navigation():
        await apage.click("#withdraw button[type=submit]")
    assert "You gave up your place" in await apage.inner_text(".flash-info")
    await apage.wait_for_selector(".status-line .badge-withdrawn")

    async def withdrew():
        await hpage.goto(f"{w.portal}/host/admissions?status=withdrawn&cycle_id={w.cycle}")
        return await hpage.locator("li.admission[data-status=withdrawn]").count() or None

    assert await wait_for(withdrew, timeout=45, what="the given-up place under Withdrew") == 1
    assert translate("ur", "Withdrew") in await hpage.inner_text("#tab-withdrawn")
    for c in (sctx, nctx, bctx, hctx, actx, octx):
        await c.close()
