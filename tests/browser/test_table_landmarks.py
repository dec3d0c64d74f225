"""A table that scrolls sideways is named for a screen reader after its caption (portal.js):
inside a section of the same name it had made a second landmark of that name, heard twice
(axe-core's landmark-unique on the nominations, endorsements and committee pages). Over the
unit tests' fake services, the page's script inlined, in chromium."""

from __future__ import annotations

import re

import pytest

from tests.support.infra import ROOT
from tests.unit.portal.test_award_pages import portal_as  # noqa: F401  (the fixture)

SCRIPT = (ROOT / "services/portal/static/portal.js").read_text()


@pytest.mark.parametrize("lang", ["en", "ur"])
async def test_no_two_landmarks_share_a_name(browser, portal_as, lang):  # noqa: F811
    p = await portal_as("nominator", lang)
    page = await p.client.get("/nominations/c1/PK")
    assert page.status_code == 200
    html = re.sub(r'<script src="/static/portal.js"[^>]*></script>', lambda _m: f"<script>{SCRIPT}</script>", page.text)
    context = await browser.new_context()
    try:
        tab = await context.new_page()
        await tab.set_content(html)
        wraps, landmarks = await tab.evaluate(
            """() => {
              const name = (el) => {
                const by = el.getAttribute('aria-labelledby');
                return (by ? document.getElementById(by).textContent : el.getAttribute('aria-label') || '').trim();
              };
              const wraps = [...document.querySelectorAll('.table-wrap[tabindex]')]
                .map((w) => [w.getAttribute('role'), name(w)]);
              const landmarks = [...document.querySelectorAll('section[aria-labelledby], [role=region]')]
                .map(name).filter(Boolean);
              return [wraps, landmarks];
            }"""
        )
        assert wraps and all(role in ("region", "group") and named for role, named in wraps), wraps
        assert len(landmarks) == len(set(landmarks)), landmarks
    finally:
        await context.close()
