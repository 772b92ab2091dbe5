"""The targets of `./run bench` that are sizes and counts, not timings, checked in the browser: no
layout shift while a page loads (fonts, sidenotes and all), and the weight of a chapter's first visit.
(Timings and Lighthouse's scores are measured by `./run bench` only, never by a test.)"""

import re
import time

import pytest
from playwright.sync_api import expect

from edition.bench import PAGE_GZIP_KB_TARGET, kb, measure_page
from edition.chapters import load_chapters
from edition.essay import load_essay

pytestmark = pytest.mark.browser

CHAPTERS = [chapter.slug + "/" for chapter in load_chapters(load_essay())]
SEARCH_FILES = re.compile(r"/search/search_index\.json|/workers/search\.[\w-]+\.min\.js")
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



# ── Weight of a first visit ─────────────────────────────────────────────────────────────

def test_a_chapter_first_visit_weighs_at_most_150_kb_gzip(browser, server):
    """A size, not a timing: every byte of a first visit (empty cache) until the network is idle,
    counted as a compressing server sends it (edition.bench.measure_page, as `./run bench` does).
    The target is 150 KB; `./run bench` prints each chapter's figure (about 110 KB)."""
    weights = {}
    for path in CHAPTERS:
        weight = measure_page(browser, server + path)
        biggest = sorted(((kb(r.gzip), r.url.removeprefix(server)) for r in weight.resources), reverse=True)
        weights[path] = (kb(weight.gzip), biggest[:6])
    over = {path: found for path, found in weights.items() if found[0] > PAGE_GZIP_KB_TARGET}
    assert over == {}, f"over {PAGE_GZIP_KB_TARGET} KB gzip: {over}"


# ── Search on demand (overrides/partials/search-on-demand.html) ────────────────────────

def search_requests(page) -> list[str]:
    found: list[str] = []
    page.on("request", lambda request: SEARCH_FILES.search(request.url) and found.append(request.url))
    return found


def test_a_visit_loads_no_search_index_or_worker_until_the_reader_searches(page, server):
    fetched = search_requests(page)
    page.goto(server + CHAPTERS[1])
    page.wait_for_load_state("networkidle")
    page.mouse.wheel(0, 2000)  # reading: scrolling, following the text
    page.wait_for_timeout(300)
    assert fetched == []
    page.keyboard.press("s")  # Material's key for search
    expect(page.locator("input.md-search__input")).to_be_focused()
    page.locator("input.md-search__input").press_sequentially("thermidor", delay=20)
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=10_000)
    assert any("search_index.json" in url for url in fetched) and any("/workers/" in url for url in fetched)
    expect(page.locator(".md-search-result__list")).to_contain_text(re.compile("thermidor", re.I))


def test_on_a_phone_the_search_icon_loads_the_index(browser, server):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    fetched = search_requests(page)
    page.goto(server + CHAPTERS[4])
    page.wait_for_load_state("networkidle")
    assert fetched == []
    page.locator("label.md-header__button[for=__search]").tap()
    page.locator("input.md-search__input").press_sequentially("kirov", delay=20)
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=10_000)
    assert len(fetched) == 2
    context.close()


def test_a_shared_search_address_opens_with_its_results(page, server):
    page.goto(server + "?q=glavkokratiia")
    expect(page.locator("input.md-search__input")).to_have_value("glavkokratiia")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=10_000)


def test_a_search_result_still_highlights_its_words_on_the_page(page, server):
    page.goto(server + CHAPTERS[1] + "?h=glavkokratiia")
    expect(page.locator("article mark").first).to_be_visible(timeout=10_000)
    expect(page.locator("article mark").first).to_have_text(re.compile("glavkokratiia", re.I))
