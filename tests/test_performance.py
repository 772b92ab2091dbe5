"""The targets of `./run bench` that are sizes and counts, not timings, checked in the browser: no
layout shift while a page loads (fonts, sidenotes and all), and the weight of a chapter's first visit.
(Timings and Lighthouse's scores are measured by `./run bench` only, never by a test.)"""

import functools
import http.server
import re
import threading
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from edition.sources import paths
from edition.sources.chapters import load_chapters
from edition.sources.essay import load_essay
from edition.tools.bench.common import PAGE_GZIP_KB_TARGET, kb
from edition.tools.bench.pages import measure_page
from edition.tools.chromium import CHROMIUM, CHROMIUM_FLAGS

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.browser

CHAPTERS = [chapter.slug + "/" for chapter in load_chapters(load_essay(ROOT / paths.ESSAY), ROOT / paths.CHAPTERS)]
SEARCH_FILES = re.compile(r"/search/search_index\.json|/workers/search\.[\w-]+\.min\.js")
LIGHTHOUSE = {"width": 1350, "height": 940}  # Lighthouse's desktop window
WIDE = {"width": 1440, "height": 900}  # sidenotes in the margin from 1220 px
PHONE = {"width": 390, "height": 844}

# The page has settled: the browser is idle (no task, timer or event handler pending), then two
# frames are drawn. A late re-placing of the sidenotes, Material's sidebars or a request started by
# an event would have happened by then: a condition the page reaches, not a fixed wait.
SETTLED = "new Promise(r => requestIdleCallback(() => requestAnimationFrame(() => requestAnimationFrame(r)), {timeout: 2000}))"

# ── Layout shift ────────────────────────────────────────────────────────────────────────

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


@pytest.fixture(scope="module")
def desktop(browser_type):
    """Chromium with its scrollbars, as on a desktop (Playwright hides them by default): a scrollbar
    that comes or goes while a page loads narrows a column and moves what is in it."""
    browser = browser_type.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True,
                                  ignore_default_args=["--hide-scrollbars"])
    yield browser
    browser.close()


def shifts_while_loading(browser, url, viewport, late_fonts=False):
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
    if viewport["width"] >= 1220 and page.locator(".essay-text sup.note-ref").count():
        expect(page.locator(".sidenotes .sidenote").first).to_be_visible()  # edition.js has placed them
    page.evaluate(SETTLED)
    shifts = page.evaluate("window.__shifts")
    context.close()
    return shifts


@pytest.mark.parametrize("viewport", [LIGHTHOUSE, WIDE, PHONE], ids=["1350px", "1440px-sidenotes", "phone"])
def test_no_layout_shift_while_a_page_loads(desktop, server, viewport):
    """Cumulative Layout Shift 0 on every chapter, the home page and a note page: the fonts never
    re-break a line (font-display: optional, the three faces preloaded), the sidenotes
    stand in the margin without moving the text, and neither the page's scrollbar nor the menu's
    moves a column. Exactly 0, not "small": any shift is listed with what moved."""
    problems = {}
    for path in [*CHAPTERS, "", "notes/14/"]:
        shifts = shifts_while_loading(desktop, server + path, viewport)
        if shifts:
            problems[path or "/"] = shifts
    assert problems == {}, f"layout shifts: {problems}"


def test_no_layout_shift_when_the_fonts_come_late(desktop, server):
    """On a slow connection the fallback serif is drawn first and stays for this visit: no line moves
    when the fonts arrive (with `swap` the text reflowed, a shift of about 0.1)."""
    for viewport in (WIDE, PHONE):
        shifts = shifts_while_loading(desktop, server + CHAPTERS[4], viewport, late_fonts=True)
        assert shifts == [], f"{viewport['width']} px: {shifts}"


class _PagesInTwoPieces(http.server.SimpleHTTPRequestHandler):
    """Sends a chapter page in two pieces, the second 0.4 s later, cut before the essay's first
    paragraph: the browser paints the title and the chapter's head before the essay has arrived."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if not (self.path.endswith("/") and (path / "index.html").is_file()):
            return super().do_GET()
        body = (path / "index.html").read_bytes()
        cut = body.find(b'class="essay-text essay-para"')
        cut = len(body) if cut < 0 else cut
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[:cut])
        self.wfile.flush()
        time.sleep(0.4)
        self.wfile.write(body[cut:])


def test_no_layout_shift_when_the_essay_arrives_after_the_first_paint(desktop, site):
    """The margin is given to the sidenotes from the first paint on a chapter page (the `ed-essay`
    class in the page head), not once the first paragraph is there (`:has(.essay-para)`, which
    widened the column under the title and the timeline bar as they were read)."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_PagesInTwoPieces, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    try:
        for path in (CHAPTERS[0], CHAPTERS[4]):
            shifts = shifts_while_loading(desktop, base + path, LIGHTHOUSE)
            assert shifts == [], f"{path}: {shifts}"
    finally:
        httpd.shutdown()
        httpd.server_close()


# ── Weight of a first visit ─────────────────────────────────────────────────────────────

def test_a_chapter_first_visit_weighs_at_most_135_kb_gzip(browser, server):
    """A size, not a timing: every byte of a first visit (empty cache) until the network is idle,
    counted as a compressing server sends it (edition.tools.bench.pages.measure_page, as `./run bench` does).
    The target is 135 KB (PAGE_GZIP_KB_TARGET); `./run bench` prints each chapter's figure (about 130 KB,
    the three faces of the serif included)."""
    weights = {}
    for path in CHAPTERS:
        weight = measure_page(browser, server + path)
        biggest = sorted(((kb(r.gzip), r.url.removeprefix(server)) for r in weight.resources), reverse=True)
        weights[path] = (kb(weight.gzip), biggest[:6])
    over = {path: found for path, found in weights.items() if found[0] > PAGE_GZIP_KB_TARGET}
    assert over == {}, f"over {PAGE_GZIP_KB_TARGET} KB gzip: {over}"


# ── Search on demand (docs/assets/search-on-demand.js) ──────────────────────────────────

def search_requests(page) -> list[str]:
    found: list[str] = []
    page.on("request", lambda request: SEARCH_FILES.search(request.url) and found.append(request.url))
    return found


def test_a_visit_loads_no_search_index_or_worker_until_the_reader_searches(page, server):
    fetched = search_requests(page)
    page.goto(server + CHAPTERS[1])
    page.wait_for_load_state("networkidle")
    page.mouse.wheel(0, 2000)  # reading: scrolling, following the text
    page.evaluate(SETTLED)
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
