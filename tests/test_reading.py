"""Reading the essay in a real browser: sidenotes, annotation marks on and off, the type of the
headings and the measure, clean copying and "copy with citation"."""

import time
from pathlib import Path

import pytest
from axe_check import serious_violations
from playwright.sync_api import expect

from edition import urls
from edition.sources import paths
from edition.sources.bibliography import load_bibliography
from edition.sources.chapters import chapter_of, load_chapters
from edition.sources.essay import load_essay
from edition.sources.policy import load_policy

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.browser

WIDE = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
MARKS_OFF = "localStorage.setItem('edition.marks', 'off')"


def chapter_url(server, paragraph: int) -> str:
    essay = load_essay(ROOT / paths.ESSAY)
    return server + urls.chapter(chapter_of(load_chapters(essay, ROOT / paths.CHAPTERS), paragraph).slug)


# ── Sidenotes ────────────────────────────────────────────────────────────────────────────

GEOMETRY = """() => [...document.querySelectorAll('.sidenotes .sidenote')].map(note => {
  const ref = document.querySelector(`.essay-text sup.note-ref[data-note="${note.dataset.note}"]`);
  const n = note.getBoundingClientRect(), r = ref.getBoundingClientRect();
  const text = [...document.querySelectorAll('.essay-para')].map(p => p.getBoundingClientRect().right);
  return {number: note.dataset.note, top: n.top, bottom: n.bottom, left: n.left, right: n.right,
          refTop: r.top, textRight: Math.max(...text), visible: note.checkVisibility(),
          text: note.textContent, status: !!note.querySelector('.note-status')};
})"""


def eventually(page, check, timeout: float = 5.0):
    """Run `check` (which asserts) until it passes, polling every 50 ms; after `timeout` seconds its
    error stands. For a state the page reaches by itself (a reflow), instead of a fixed wait."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return check()
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            page.wait_for_timeout(50)


def assert_beside_and_apart(notes, viewport_width):
    assert notes, "no sidenotes"
    for note in notes:
        assert note["visible"], f"note {note['number']} is hidden"
        assert note["left"] > note["textRight"], f"note {note['number']} overlaps the text"
        assert note["right"] <= viewport_width
        assert note["top"] >= note["refTop"] - 1, f"note {note['number']} stands above its reference"
    ordered = sorted(notes, key=lambda n: n["top"])
    for upper, lower in zip(ordered, ordered[1:], strict=False):
        assert lower["top"] >= upper["bottom"], f"notes {upper['number']} and {lower['number']} overlap"
    # A note that did not have to make room stands level with its reference.
    assert abs(notes[0]["top"] - notes[0]["refTop"]) < 2


def test_notes_stand_in_the_margin_beside_their_references_on_a_wide_screen(browser, server, project):
    context = browser.new_context(viewport=WIDE)
    page = context.new_page()
    page.goto(server + "5-revolution-betrayed/")
    page.wait_for_load_state("load")
    notes = page.evaluate(GEOMETRY)
    numbers = page.locator(".essay-text sup.note-ref").evaluate_all("els => els.map(e => e.dataset.note)")
    assert [n["number"] for n in notes] == numbers
    assert_beside_and_apart(notes, WIDE["width"])
    note_14 = next(n for n in notes if n["number"] == "14")
    assert "Thermidor and Bonapartism" in note_14["text"] and note_14["status"]
    note = load_bibliography(ROOT / paths.BIBLIOGRAPHY, load_policy(ROOT / paths.SOURCE_POLICY)).notes[14]
    assert note.status_label in note_14["text"]
    label = "Candidate" if len(note.works) == 1 else "Candidates"  # a candidate is called one, as on the note's page
    assert (f"{label}: " in note_14["text"]) == (note.status == "unidentified" and bool(note.works))
    # Read once: the margin is hidden from assistive technology and out of the tab order; the notes
    # at the foot stay, with their ids, as the accessible copies.
    expect(page.locator(".sidenotes")).to_have_attribute("aria-hidden", "true")
    assert page.locator(".sidenotes a:not([tabindex='-1']), .sidenotes [id]").count() == 0
    expect(page.locator(".footnote #note-14")).to_have_count(1)
    assert page.locator("#note-14").evaluate("el => !el.closest('[aria-hidden]')")
    # The margin takes the place of the two-line table of contents.
    expect(page.locator(".md-sidebar--secondary")).to_be_hidden()
    # A wider window, the text reflows: the notes follow.
    page.set_viewport_size({"width": 1920, "height": 1000})
    eventually(page, lambda: assert_beside_and_apart(page.evaluate(GEOMETRY), 1920))
    # Previews on hover and focus still work beside the margin.
    page.locator("#note-14-ref a").focus()
    expect(page.locator(".md-tooltip2").filter(has_text="Thermidor and Bonapartism").first).to_be_visible()
    # In print the notes stand at the foot only.
    page.emulate_media(media="print")
    expect(page.locator(".sidenotes")).to_be_hidden()
    expect(page.locator("#note-14")).to_be_visible()
    context.close()


def test_sidenotes_do_not_move_the_text(browser, server):
    """The margin is absolutely placed: with or without edition.js, the paragraphs stand in the same place."""
    places = []
    for block in (False, True):
        context = browser.new_context(viewport=WIDE)
        page = context.new_page()
        if block:
            page.route("**/assets/edition.js", lambda route: route.abort())
        page.goto(server + "5-revolution-betrayed/")
        page.wait_for_load_state("load")
        if not block:
            expect(page.locator(".sidenotes .sidenote").first).to_be_visible()
        places.append(page.locator(".essay-para").evaluate_all(
            "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })"))
        context.close()
    assert places[0] == places[1]


def test_notes_stay_at_the_foot_on_a_phone_and_without_javascript(browser, server):
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.goto(server + "5-revolution-betrayed/")
    expect(page.locator(".sidenotes .sidenote")).not_to_have_count(0)  # made, for a turn to landscape
    expect(page.locator(".sidenotes .sidenote").first).to_be_hidden()
    page.locator("#note-14").scroll_into_view_if_needed()
    expect(page.locator("#note-14")).to_be_visible()
    expect(page.locator("#note-14")).to_contain_text("Thermidor and Bonapartism")
    phone.close()

    no_js = browser.new_context(viewport=WIDE, java_script_enabled=False)
    page = no_js.new_page()
    page.goto(server + "5-revolution-betrayed/")
    expect(page.locator(".sidenotes")).to_have_count(0)
    expect(page.locator(".md-sidebar--secondary")).to_be_visible()  # the table of contents stays
    page.locator("#note-14").scroll_into_view_if_needed()
    expect(page.locator("#note-14")).to_be_visible()
    no_js.close()


# ── Annotation marks on and off ─────────────────────────────────────────────────────────

def decoration(page, selector):
    return page.locator(selector).first.evaluate("el => getComputedStyle(el).textDecorationLine")


def test_the_marks_toggle_turns_underlines_and_tooltips_off_and_is_remembered(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(server + "2-glavkokratiia/")
    toggle = page.get_by_role("button", name="Annotation marks")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    assert decoration(page, "a.sense-use") == "underline"
    assert decoration(page, "a.gloss") == "underline"

    toggle.focus()  # keyboard-reachable: a real button, activated with Enter
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    for selector in ("a.sense-use", "a.gloss"):
        assert decoration(page, selector) == "none"
        # Plain text: no link, no focus stop, no tooltip.
        assert page.locator(selector).first.evaluate("el => { el.focus(); return !el.hasAttribute('href') && document.activeElement !== el; }")
    # No tooltip: the pointer passes through the marks to the words (checked where it points, not by
    # waiting for a tooltip not to come).
    for mark in (page.locator('a.gloss[data-definition^="War Communism"]'), page.locator('a.sense-use[title^="Stage"]').first):
        mark.scroll_into_view_if_needed()
        assert mark.evaluate("el => getComputedStyle(el).pointerEvents") == "none"
        assert mark.evaluate("""el => { const box = el.getClientRects()[0];
            const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
            return hit !== el && !el.contains(hit); }""")
    expect(page.locator(".md-tooltip2").filter(has_text="War Communism")).to_have_count(0)

    page.reload()
    expect(page.get_by_role("button", name="Annotation marks")).to_have_attribute("aria-pressed", "false")
    assert decoration(page, "a.sense-use") == "none"
    page.goto(server + "5-revolution-betrayed/")
    expect(page.get_by_role("button", name="Annotation marks")).to_have_attribute("aria-pressed", "false")
    assert decoration(page, "a.gloss") == "none"

    page.get_by_role("button", name="Annotation marks").click()
    expect(page.get_by_role("button", name="Annotation marks")).to_have_attribute("aria-pressed", "true")
    assert decoration(page, "a.gloss") == "underline"
    assert page.locator("a.gloss").first.get_attribute("href")
    assert page.evaluate("localStorage.getItem('edition.marks')") == "on"
    context.close()


def test_plain_reading_is_applied_before_the_first_paint(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(MARKS_OFF)
    # Record <html data-marks> the moment <body> is created, before anything can be painted.
    context.add_init_script("""
      new MutationObserver((records, observer) => {
        if (document.body) {
          window.__marksAtBody = document.documentElement.getAttribute('data-marks');
          observer.disconnect();
        }
      }).observe(document, {childList: true, subtree: true});
      document.addEventListener('DOMContentLoaded', () => {
        window.__marksAtReady = document.documentElement.getAttribute('data-marks');
      });
    """)
    page = context.new_page()
    page.route("**/assets/edition.js", lambda route: route.abort())  # the head script alone
    page.goto(server + "2-glavkokratiia/")
    assert page.evaluate("window.__marksAtBody") == "off"
    assert page.evaluate("window.__marksAtReady") == "off"
    assert decoration(page, "a.sense-use") == "none"
    assert decoration(page, "a.gloss") == "none"
    context.close()


# ── Typography ──────────────────────────────────────────────────────────────────────────

COLOURS = """el => {
  const parse = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const fg = parse(getComputedStyle(el).color);
  const layers = [];
  for (let n = el; n; n = n.parentElement) {
    const bg = parse(getComputedStyle(n).backgroundColor);
    if (bg.length === 4 && bg[3] === 0) continue;
    layers.push(bg);
    if (bg.length === 3 || bg[3] === 1) break;
  }
  return {fg, layers, family: getComputedStyle(el).fontFamily, weight: getComputedStyle(el).fontWeight,
          size: parseFloat(getComputedStyle(el).fontSize)};
}"""


def over(top, bottom):
    alpha = top[3] if len(top) == 4 else 1
    return [alpha * t + (1 - alpha) * b for t, b in zip(top[:3], bottom[:3], strict=True)]


def luminance(rgb):
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(found):
    background = [255, 255, 255]
    for layer in reversed(found["layers"]):
        background = over(layer, background)
    foreground = over(found["fg"], background)
    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_headings_are_one_serif_style_with_enough_contrast_on_every_kind_of_page(browser, server, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    styles = {}
    for path in ("", "2-glavkokratiia/", "notes/14/", "glossary/", "timeline/"):
        page.goto(server + path)
        page.wait_for_load_state("load")
        for level in ("h1", "h2"):
            for heading in page.locator(f"article {level}").all()[:4]:
                found = heading.evaluate(COLOURS)
                ratio = contrast(found)
                assert ratio >= 4.5, f"{path or '/'} {level}: contrast {ratio:.2f}"
                assert found["family"].startswith('"Edition Serif"'), f"{path or '/'} {level}: {found['family']}"
                styles.setdefault(level, set()).add((found["weight"], round(found["size"])))
    assert len(styles["h1"]) == 1, f"page titles differ: {styles['h1']}"
    context.close()


def test_the_essay_is_set_to_a_comfortable_measure(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(server + "5-revolution-betrayed/")
    page.wait_for_load_state("load")
    per_line = page.locator(".essay-para").evaluate_all("""els => els.map(p => {
      const lines = Math.round(p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).lineHeight));
      return p.textContent.length / lines;
    })""")
    average = sum(per_line) / len(per_line)
    assert 62 <= average <= 78, f"{average:.0f} characters a line"
    context.close()


@pytest.mark.parametrize("width", [390, 1000, 1200, 1350])
def test_paragraph_numbers_stand_inside_the_window_at_every_width(browser, server, width):
    """In the margin where there is one (from 1220 px), else inline before the paragraph: never cut
    off at the window's edge (between 960 and 1220 px they were)."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(server + "1-meanings/")
    lefts = page.locator(".essay-para > a.pnum").evaluate_all("els => els.map(e => e.getBoundingClientRect().left)")
    context.close()
    assert lefts and min(lefts) >= 0


# ── Copying ─────────────────────────────────────────────────────────────────────────────

def clipboard_context(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.rstrip("/"))
    return context


def test_copying_a_paragraph_leaves_out_its_number(browser, server):
    context = clipboard_context(browser, server)
    page = context.new_page()
    page.goto(server + "2-glavkokratiia/")
    selected = page.evaluate("""() => {
      const range = document.createRange();
      range.selectNodeContents(document.getElementById('p4'));
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      return getSelection().toString();
    }""")
    assert "¶" not in selected and selected.startswith("Trotsky used the term")
    page.keyboard.press("Control+C")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "¶" not in copied and copied.startswith("Trotsky used the term")
    context.close()


def test_copy_with_citation_copies_the_words_the_citation_and_the_address(browser, server):
    paragraph = load_essay(ROOT / paths.ESSAY).paragraph(8)
    url = chapter_url(server, 8)
    context = clipboard_context(browser, server)
    page = context.new_page()
    page.goto(url)
    button = page.get_by_role("button", name="Copy paragraph 8 with citation")
    # Keyboard: the button follows the ¶ number in the tab order and shows when focused.
    page.locator("#p8 .pnum").focus()
    page.keyboard.press("Tab")
    expect(button).to_be_focused()
    assert button.evaluate("el => getComputedStyle(el).opacity") == "1"
    page.keyboard.press("Enter")
    expect(page.locator("[aria-live=polite]").filter(has_text="Copied")).to_have_count(1)
    words, citation, address = page.evaluate("navigator.clipboard.readText()").split("\n")
    assert words == " ".join(paragraph.text.split())
    assert citation == "(Twiss 2016, ¶8)"
    assert address == url + "#p8"

    # A selection inside the paragraph is copied instead of the whole.
    first = " ".join(paragraph.text.split()[:6])
    page.evaluate("""() => {
      const text = [...document.getElementById('p8').childNodes].find(n => n.nodeType === 3 && n.nodeValue.trim());
      const range = document.createRange();
      range.setStart(text, 0);
      range.setEnd(text, text.nodeValue.indexOf(' ', 40));
      getSelection().removeAllRanges();
      getSelection().addRange(range);
    }""")
    selected = page.evaluate("getSelection().toString()").strip()
    assert selected.startswith(first)
    page.evaluate("navigator.clipboard.writeText('')")
    page.locator("#p8").hover()
    button.click()
    page.wait_for_function("async () => (await navigator.clipboard.readText()) !== ''")
    copied = page.evaluate("navigator.clipboard.readText()").split("\n")
    assert copied == [selected, "(Twiss 2016, ¶8)", url + "#p8"]
    context.close()


# ── Accessibility of the reading features ───────────────────────────────────────────────

@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_axe_violation_with_sidenotes_shown_and_marks_off(browser, server, scheme):
    context = browser.new_context(viewport=WIDE, color_scheme=scheme)
    context.add_init_script(MARKS_OFF)
    page = context.new_page()
    problems = []
    for path in ("2-glavkokratiia/", "5-revolution-betrayed/", "notes/14/"):
        page.goto(server + path)
        page.wait_for_load_state("networkidle")
        assert page.locator("html").get_attribute("data-marks") == "off"
        if path != "notes/14/":
            expect(page.locator(".sidenotes .sidenote").first).to_be_visible()
            page.locator(".pcopy").first.focus()  # the copy button shown
        problems += serious_violations(page, path)
    context.close()
    assert problems == []



# ── Tables on a phone (edition/web/stacked_tables.py) ─────────────────────────────────────────────

TABLE_CELLS = """() => [...document.querySelectorAll('.md-typeset table')].map(table => ({
  stacked: table.hasAttribute('data-stack'), display: getComputedStyle(table).display,
  cells: [...table.querySelectorAll('td')].map(td => {
    const box = td.getBoundingClientRect();
    return {left: box.left, right: box.right,
            label: getComputedStyle(td, '::before').content, height: box.height};
  })}))"""


@pytest.mark.parametrize("path", ["", "revisions/", "about/", "senses/"])
def test_tables_read_as_cards_on_a_phone_and_as_tables_on_a_wide_screen(browser, server, path):
    phone = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True).new_page()
    phone.goto(server + path)
    phone.wait_for_load_state("load")
    tables = phone.evaluate(TABLE_CELLS)
    assert any(t["stacked"] for t in tables), "no table stacks here"
    for table in tables:
        if not table["stacked"]:
            continue  # the senses chart, a matrix, scrolls sideways as Material shows it
        assert table["display"] == "block"
        for cell in table["cells"]:
            assert 0 <= cell["left"] and cell["right"] <= 360, f"a cell stands outside the screen: {cell}"
            assert cell["label"] not in ("none", "normal", ""), "a cell without its column's name"
    if path == "":
        labels = [c["label"] for c in tables[0]["cells"][:4]]
        assert all(name in label for name, label in zip(["Chapter", "Period", "¶", "What happens"], labels, strict=True))
    wide = browser.new_context(viewport=WIDE).new_page()
    wide.goto(server + path)
    wide.wait_for_load_state("load")
    assert {t["display"] for t in wide.evaluate(TABLE_CELLS) if t["stacked"]} <= {"table", "inline-block"}
