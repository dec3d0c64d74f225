"""A notice in a language written right to left lays out right to left in a portal of another
language, every line of it, in Chromium with the portal's own style sheet: its first line
begins with an English name ("Lanzhou University نے ..."), which, under `unicode-bidi:
plaintext`, turned that line left to right whatever the element's `dir` said."""

from __future__ import annotations

from pathlib import Path

CSS = (Path(__file__).parents[2] / "services/portal/static/portal.css").read_text()
BODY = "Lanzhou University نے آپ کی درخواست قبول کر لی۔\nCorridor داخلہ دفتر"


async def test_an_urdu_notice_is_right_to_left_on_every_line_of_an_english_page(browser):
    page = await browser.new_page(viewport={"width": 800, "height": 400})
    await page.set_content(
        f'<html lang="en" dir="ltr"><head><style>{CSS}</style></head><body>'
        f'<div class="message-body" id="ur" lang="ur" dir="rtl">{BODY}</div>'
        f'<div class="message-body" id="thread" dir="auto">{BODY}</div></body></html>'
    )
    # where the first line's text starts: at the right edge (right to left) or the left
    box = await page.eval_on_selector(
        "#ur",
        """el => { const r = document.createRange(); r.setStart(el.firstChild, 0); r.setEnd(el.firstChild, 1);
                   const letter = r.getBoundingClientRect(), all = el.getBoundingClientRect();
                   return {letter_right: letter.right, letter_left: letter.left, right: all.right, left: all.left}; }""",
    )
    # "L" of Lanzhou, in a right-to-left paragraph, sits right of the middle (the isolate of
    # English words starts at the right end of the line), not at the left edge
    assert box["letter_left"] > (box["left"] + box["right"]) / 2, box
    assert await page.eval_on_selector("#ur", "el => getComputedStyle(el).direction") == "rtl"
    # a thread's message of unknown language keeps taking each line's direction from its first letters
    assert await page.eval_on_selector("#thread", "el => getComputedStyle(el).unicodeBidi") == "plaintext"
    await page.close()
