"""The national pool's table at a laptop's width (1280 px), over the unit tests' fake
services (no stack: the page as the portal renders it, its style sheet inlined), in chromium:
at /nominations/sco-2026/PK the table ran off the right edge, "Received" («Документы» in
Russian) cut off. Its ten columns fit in every language."""

from __future__ import annotations

import re

import pytest

from tests.support.infra import ROOT
from tests.unit.portal.test_award_pages import portal_as  # noqa: F401  (the fixture)

CSS = (ROOT / "services/portal/static/portal.css").read_text()


@pytest.mark.parametrize("lang", ["en", "ru", "zh", "ur"])
async def test_the_pool_table_fits_a_laptops_width(browser, portal_as, lang):  # noqa: F811
    p = await portal_as("nominator", lang)
    page = await p.client.get("/nominations/c1/PK")
    assert page.status_code == 200
    html = re.sub(r'<link rel="stylesheet"[^>]*>', lambda _m: f"<style>{CSS}</style>", page.text)
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        tab = await context.new_page()
        await tab.set_content(html)
        wrap, table, last = await tab.evaluate(
            """() => {
              const w = document.querySelector('.table-wrap:has(#candidates)');
              const cells = document.querySelectorAll('#candidates thead th');
              return [w.clientWidth, w.scrollWidth, cells[cells.length - 1].getBoundingClientRect()];
            }"""
        )
        assert table <= wrap, f"{lang}: the table is {table} px wide in a {wrap} px wrapper"
        assert 0 <= last["left"] and last["right"] <= 1280  # "Received" on screen
    finally:
        await context.close()
