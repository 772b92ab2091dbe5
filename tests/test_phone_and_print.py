"""A chapter on a phone with touch, printed from the browser, and its small type: taps that never move
the text, targets of 24 px, the essay first, the browser's print as the PDF reads, and the faces."""

import re
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from edition import urls
from edition.sources import paths
from edition.sources.chapters import load_chapters
from edition.sources.essay import load_essay

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 780}
WIDE = {"width": 1440, "height": 900}
CHAPTERS = load_chapters(load_essay(ROOT / paths.ESSAY), ROOT / paths.CHAPTERS)


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


# Every line of every paragraph, in the page's coordinates (so a scroll is not a move): a line that
# moves, a paragraph that grows, a word pushed to the next line all change it.
LINES = """() => [...document.querySelectorAll('.essay-text')].map(block => {
  const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT), boxes = [];
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    if (text.parentElement.closest('button')) continue;  // the "Copy" chip's own label changes
    const range = document.createRange();
    range.selectNodeContents(text);
    for (const r of range.getClientRects()) boxes.push([Math.round(r.left), Math.round(r.top + scrollY), Math.round(r.width)]);
  }
  return boxes;
})"""


# Ready for a tap: the last preview closed, the link brought into view (at once, never a smooth
# scroll), and a tap at its middle lands on it (nothing, such as a fading tooltip, above it: the
# check Playwright's own tap makes). Then the point to tap and the lines of the text.
READY_TO_TAP = """link => {
  if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
  link.scrollIntoView({block: 'center', behavior: 'instant'});
  const box = link.getClientRects()[0], x = box.left + box.width / 2, y = box.top + box.height / 2;
  return link.contains(document.elementFromPoint(x, y)) && {x, y, lines: (""" + LINES + """)()};
}"""

# The tap has had its effect: the link is focused and marked as previewed (edition.js), and the page
# has drawn two frames since.
PREVIEWED = """link => document.activeElement === link && link.getAttribute('data-previewed') === 'yes'
  && new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"""


def test_a_tap_on_any_link_of_paragraphs_1_to_6_moves_no_text(phone, server):
    """The first tap on a ¶ number, a note number, a glossary term or a use of "bureaucracy" previews
    it in place: no line of the text moves (a "Copy" chip shown in the line pushed every line of the
    paragraph aside, and the tap then often missed its link), and the page stays where it is. Each
    link is tapped once where a finger would tap it; the page is not reloaded between taps."""
    moved, tapped = [], 0
    for chapter in CHAPTERS[:2]:  # ¶1–¶6
        url = server + urls.chapter(chapter.slug)
        phone.goto(url)
        phone.wait_for_load_state("load")
        links = phone.locator(".essay-text a")
        for index in range(links.count()):
            link = links.nth(index).element_handle()
            before = phone.wait_for_function(READY_TO_TAP, arg=link).json_value()
            phone.touchscreen.tap(before["x"], before["y"])
            phone.wait_for_function(PREVIEWED, arg=link)
            tapped += 1
            assert phone.url == url, f"the first tap on {link.text_content()!r} left the page"
            if phone.evaluate(LINES) != before["lines"]:
                moved.append(f"{chapter.slug}: {link.text_content()!r}")
            phone.touchscreen.tap(4, PHONE["height"] // 2)  # a tap beside the text closes the preview
    assert tapped > 50
    assert moved == [], f"{len(moved)} of {tapped} taps moved the text: {moved}"


def test_a_tap_on_a_use_of_bureaucracy_shows_its_sense_first(phone, server):
    phone.goto(server + urls.chapter(CHAPTERS[1].slug))
    use = phone.locator("#p4 a.sense-use").first
    use.scroll_into_view_if_needed()
    use.tap()
    expect(phone.locator(".md-tooltip2").filter(has_text="Sense:").first).to_be_visible()
    assert phone.url == server + urls.chapter(CHAPTERS[1].slug)
    use.tap()  # the second tap follows the link, to the use in the chapter's list of senses
    phone.wait_for_url(re.compile(r"#sense-u4-"))


def test_copy_with_citation_from_the_paragraph_number_on_a_phone(browser, server):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.rstrip("/"))
    page = context.new_page()
    url = server + urls.chapter(CHAPTERS[1].slug)
    page.goto(url)
    number, button = page.locator("#p5 > a.pnum"), page.get_by_role("button", name="Copy paragraph 5 with citation")
    number.scroll_into_view_if_needed()
    page.mouse.wheel(0, -200)
    assert button.evaluate("el => getComputedStyle(el).opacity") == "0"
    before = page.evaluate(LINES)
    number.tap()
    assert page.url == url
    expect(button).to_have_css("opacity", "1")
    box = button.bounding_box()
    assert box["height"] >= 24 and box["width"] >= 24
    button.tap()
    expect(button).to_have_text("Copied")
    words, citation, address = page.evaluate("navigator.clipboard.readText()").split("\n")
    assert citation == "(Twiss 2016, ¶5)" and address == url + "#p5"
    assert page.evaluate(LINES) == before
    context.close()


TARGETS = """() => [...document.querySelectorAll('.essay-text sup.note-ref a, .essay-para > a.pnum')]
  .map(a => { const r = a.getBoundingClientRect(); return [a.textContent, r.width, r.height]; })"""


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["360px", "1440px"])
def test_note_numbers_and_paragraph_numbers_are_targets_of_24_px(browser, server, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    small = []
    for chapter in CHAPTERS:
        page.goto(server + urls.chapter(chapter.slug))
        small += [t for t in page.evaluate(TARGETS) if t[1] < 24 or t[2] < 24]
    context.close()
    assert small == [], f"targets under 24 x 24 px: {small}"


# ── The essay first ─────────────────────────────────────────────────────────────────────

PLACES = """() => {
  const paras = [...document.querySelectorAll('.essay-para')];
  const notes = document.querySelector('.footnote');
  const end = (notes || paras[paras.length - 1]).getBoundingClientRect().bottom + scrollY;
  const first = paras[0], line = parseFloat(getComputedStyle(first).lineHeight);
  const next = document.querySelector('.chapter-way-on .way-next a');
  return {firstLineBottom: first.getBoundingClientRect().top + scrollY + line, end,
          next: next && next.getBoundingClientRect().bottom + scrollY, nextHref: next && next.getAttribute('href')};
}"""


def test_on_a_phone_each_chapter_opens_with_its_text_and_goes_on_after_its_notes(phone, server):
    """At 360 x 780 the first line of the chapter's first paragraph is on the first screen (the
    heading is one line of facts; the print links and the timeline come after the text), and the
    link to the next chapter is at most one screen below the end of the notes."""
    for index, chapter in enumerate(CHAPTERS):
        phone.goto(server + urls.chapter(chapter.slug))
        phone.wait_for_load_state("load")
        places = phone.evaluate(PLACES)
        assert places["firstLineBottom"] <= PHONE["height"], f"{chapter.slug}: ¶{chapter.first} starts below the first screen: {places}"
        meta = phone.locator(".chapter-meta")
        assert meta.evaluate("el => Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight))") == 1
        if index + 1 < len(CHAPTERS):
            assert places["next"] is not None, f"{chapter.slug}: no link to the next chapter after the notes"
            assert places["nextHref"].rstrip("/").endswith(CHAPTERS[index + 1].slug)
            assert places["next"] - places["end"] <= PHONE["height"], f"{chapter.slug}: {places}"
        else:
            expect(phone.locator(".chapter-way-on")).to_contain_text("End of the essay")
        if index:
            expect(phone.locator(".chapter-way-on .way-prev a")).to_have_attribute("href", re.compile(CHAPTERS[index - 1].slug))
    # The notes have a heading a screen reader can jump to.
    expect(phone.get_by_role("heading", name=re.compile(r"^Notes\b"))).to_have_count(1)


# ── The browser's print ─────────────────────────────────────────────────────────────────

SCREEN_ONLY = ("Copy citation", "Download the record", "PDF, A4", "US Letter", "dated events", "Copy\n",
               "↩", "Next chapter", "Previous chapter", "1917–1923 2.", "Back to top")


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.slug for c in CHAPTERS])
def test_the_browser_prints_a_chapter_as_the_pdf_reads(browser, server, chapter, tmp_path):
    """The essay starts on page 1, under the chapter's title; no button, period bar, folded list,
    back-arrow or "next chapter" is printed, and the marks print as plain words."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(server + urls.chapter(chapter.slug))
    page.wait_for_load_state("load")
    pdf = tmp_path / f"{chapter.slug}.pdf"
    page.pdf(path=str(pdf), format="A4")
    page.emulate_media(media="print")
    for selector in ("a.sense-use", "a.gloss"):
        assert page.locator(selector).first.evaluate("el => getComputedStyle(el).textDecorationLine") == "none"
    for selector in (".period-bar", "details", ".pcopy", ".footnote-backref", ".cite-box button", ".md-header"):
        for element in page.locator(selector).all():
            expect(element).to_be_hidden()
    context.close()

    first_page = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    whole = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    paragraph = load_essay(ROOT / paths.ESSAY).paragraph(chapter.first)
    opening = " ".join(paragraph.text.split()[:4])
    assert f"¶{chapter.first}" in first_page, f"¶{chapter.first} is not on page 1"
    assert opening in " ".join(first_page.split()), f"the text of ¶{chapter.first} does not start on page 1"
    printed = [words for words in SCREEN_ONLY if words in whole]
    assert printed == [], f"screen-only matter printed: {printed}"
    # The notes follow the text.
    flat = " ".join(whole.split())
    last_words = " ".join(re.sub(r"\[\d+\]", "", load_essay(ROOT / paths.ESSAY).paragraph(chapter.last).text).split()[-3:])
    notes = re.search(r"Sources and evidence for note \d+", flat)
    has_notes = any(re.search(r"\[\d+\]", p.text) for p in chapter.paragraphs)
    assert bool(notes) == has_notes
    if notes:
        assert 0 <= flat.find(last_words) < notes.start(), "the notes do not follow the text"



# ── Type ────────────────────────────────────────────────────────────────────────────────

FONTS = """async () => {
  await document.fonts.ready;
  return [...document.fonts].filter(f => f.family.replace(/"/g, '') === 'Edition Serif').map(f => [f.style, f.weight, f.status]);
}"""


def test_the_italic_face_is_preloaded_and_drawn_on_a_first_visit(browser, server):
    context = browser.new_context(viewport=WIDE)
    page = context.new_page()
    page.goto(server + "works-cited/")
    assert page.locator("link[rel=preload][href$='edition-serif-italic.woff2']").count() == 1
    faces = page.evaluate(FONTS)
    assert ["italic", "400", "loaded"] in faces, faces
    context.close()


PLATFORM_FONTS = """async selector => {
  const el = document.querySelector(selector);
  return getComputedStyle(el).fontFamily;
}"""


def test_without_the_web_fonts_the_text_and_its_italics_stay_serif(browser, server):
    """On a slow first visit (here: the fonts never come) the fallback is a serif, in italics too,
    sized to Edition Serif's measure: never Arial or another sans-serif."""
    context = browser.new_context(viewport=WIDE)
    page = context.new_page()
    page.route("**/*.woff2", lambda route: route.abort())
    page.goto(server + "works-cited/")
    page.wait_for_load_state("load")
    client = context.new_cdp_session(page)
    client.send("DOM.enable")
    client.send("CSS.enable")
    root = client.send("DOM.getDocument")["root"]["nodeId"]
    used = {}
    for selector in ("article.md-content__inner > p", "article.md-content__inner li i"):
        node = client.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        fonts = client.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        used[selector] = [f["familyName"] for f in fonts]
    context.close()
    for selector, families in used.items():
        assert families and all("Serif" in name for name in families), f"{selector}: {families}"


def test_small_type_is_readable(browser, server):
    """Tooltips, the notes and the labels at about 13 px at least; the home page's chapter table at
    the size of the text."""
    context = browser.new_context(viewport=WIDE)
    page = context.new_page()
    page.goto(server + urls.chapter(CHAPTERS[1].slug))
    size = "el => parseFloat(getComputedStyle(el).fontSize)"
    assert page.locator(".footnote li").first.evaluate(size) >= 13
    assert page.locator(".footnote .note-status").first.evaluate(size) >= 11
    assert page.locator(".sidenote .note-status").first.evaluate(size) >= 11
    page.locator("#p4 a.sense-use").first.hover()
    tooltip = page.locator(".md-tooltip2").filter(has_text="Sense:").first
    expect(tooltip).to_be_visible()
    assert tooltip.locator(".md-tooltip2__inner").evaluate(size) >= 13
    page.locator("#note-3-ref a").hover()
    note = page.locator(".md-tooltip2").filter(has_text="Source not identified").first
    expect(note).to_be_visible()
    assert note.locator(".md-tooltip2__inner").evaluate(size) >= 13
    page.goto(server)
    body = page.locator("article.md-content__inner > p:not([class])").first.evaluate(size)
    assert page.locator(".chapter-table table td").first.evaluate(size) == body
    context.close()


def test_the_search_box_has_no_ghost_text(page, server):
    page.goto(server + "?q=thermid")
    expect(page.locator("input.md-search__input")).to_have_value("thermid")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=10_000)
    expect(page.locator(".md-search__suggest")).to_have_count(0)
