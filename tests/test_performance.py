"""The targets of `./run bench` that are sizes and counts, not timings, checked in the browser: no
layout shift while a page loads (fonts, sidenotes and all), and the weight of a chapter's first visit.
(Timings and Lighthouse's scores are measured by `./run bench` only, never by a test.)"""

import time

import pytest
from playwright.sync_api import expect

from edition.chapters import load_chapters
from edition.essay import load_essay

pytestmark = pytest.mark.browser

CHAPTERS = [chapter.slug + "/" for chapter in load_chapters(load_essay())]
WIDE = {"width": 1440, "height": 900}  # sidenotes in the margin from 1220 px
PHONE = {"width": 390, "height": 844}

# Every layout shift from the start of the page, with what moved (the Layout Instability API).
RECORD_SHIFTS = """
window.__shifts = [];
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) {
    window.__shifts.push({value: entry.value, at: Math.round(entry.startTime), moved: (entry.sources || []).map(source => {
      const node = source.node && source.node.nodeType === 1 ? source.node : source.node && source.node.parentElement;
      return node ? node.tagName.toLowerCase() + (node.id ? '#' + node.id : '') + (node.className ? '.' + String(node.className).trim().split(/\\s+/).join('.') : '') : '?';
    })});
  }
}).observe({type: 'layout-shift', buffered: true});
"""


def shifts_while_loading(browser, url, viewport, sidenotes=False, late_fonts=False):
    """The layout shifts of one cold visit, until the page, its fonts and the sidenotes have settled."""
    phone = viewport["width"] < 600
    context = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone)
    context.add_init_script(RECORD_SHIFTS)
    page = context.new_page()
    if late_fonts:  # a slow connection: the fonts come long after the text could be drawn
        def late(route):
            time.sleep(0.8)
            route.continue_()
        page.route("**/*.woff2", late)
    page.goto(url, wait_until="load")
    page.evaluate("document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))))")
    if sidenotes and page.locator(".essay-text sup.note-ref").count():  # edition.js has made and placed them
        expect(page.locator(".sidenotes .sidenote").first).to_be_visible()
    page.wait_for_timeout(300)  # a late re-placing of the sidenotes would show by now
    shifts = page.evaluate("window.__shifts")
    context.close()
    return shifts


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["wide-with-sidenotes", "phone"])
def test_no_layout_shift_while_a_chapter_loads(browser, server, viewport):
    """Cumulative Layout Shift 0: the fonts never re-break a line (font-display: optional, with the
    two faces every page uses preloaded), and the sidenotes stand in the margin without moving the
    text. Exactly 0, not "small": any shift is listed with what moved."""
    problems = {}
    for path in [*CHAPTERS, "", "notes/14/"]:
        shifts = shifts_while_loading(browser, server + path, viewport, sidenotes=viewport is WIDE and path in CHAPTERS)
        if shifts:
            problems[path or "/"] = shifts
    assert problems == {}, f"layout shifts: {problems}"


def test_no_layout_shift_when_the_fonts_come_late(browser, server):
    """On a slow connection the fallback serif is drawn first and stays for this visit: no line moves
    when the fonts arrive (with `swap` the text would reflow, a shift of about 0.1)."""
    for viewport in (WIDE, PHONE):
        shifts = shifts_while_loading(browser, server + CHAPTERS[4], viewport, sidenotes=viewport is WIDE, late_fonts=True)
        assert shifts == [], f"{viewport['width']} px: {shifts}"

