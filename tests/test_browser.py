"""The reader in Debian's chromium, as a user meets it."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from edition.sources import paths
from edition.sources.bibliography import load_bibliography
from edition.sources.policy import load_policy

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.browser
NOTE_14 = load_bibliography(ROOT / paths.BIBLIOGRAPHY, load_policy(ROOT / paths.SOURCE_POLICY)).notes[14]  # its status and, if unidentified, its candidate are what the preview says


def test_a_chapter_page_loads_with_its_paragraphs(page, server):
    page.goto(server + "2-glavkokratiia/")
    expect(page.locator("h1")).to_contain_text("Glavkokratiia")
    expect(page.locator(".essay-para")).to_have_count(3)
    expect(page.locator("#p4 .pnum")).to_have_text("¶4")


def test_a_paragraph_permalink_scrolls_to_its_paragraph(page, server):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(server + "6-final-theory-weighed/#p21")
    paragraph = page.locator("#p21")
    expect(paragraph).to_be_in_viewport()
    assert page.evaluate("window.scrollY") > 300
    top = paragraph.evaluate("el => el.getBoundingClientRect().top")
    assert 0 <= top < 200, f"¶21 is {top}px from the top of the window"


def test_the_palette_toggle_switches_to_dark_and_back(page, server):
    page.goto(server + "1-meanings/")
    body = page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    toggle = page.locator("form[data-md-component=palette] label:visible")
    expect(toggle).to_have_attribute("title", "Switch to dark mode")
    toggle.click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    toggle.click()
    expect(body).to_have_attribute("data-md-color-scheme", "default")


def test_search_finds_glavkokratiia(page, server):
    page.goto(server)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    # Material says "Initializing search" until its worker has built the index.
    expect(page.locator(".md-search-result__meta")).not_to_contain_text("Initializing", timeout=15_000)
    page.locator("input.md-search__input").press_sequentially("glavkokratiia", delay=20)
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible(timeout=10_000)
    expect(page.locator(".md-search-result__list")).to_contain_text(re.compile("glavkokratiia", re.I))
    expect(page.locator(".md-search-result__list a").first).to_have_attribute("href", re.compile("glavkokratiia|bureaucratism|meanings"))


def test_previous_and_next_chapter_links(page, server):
    page.goto(server + "3-bureaucratism-class-thermidor/")
    footer = page.locator(".md-footer")
    expect(footer.locator("a.md-footer__link--prev")).to_have_attribute("href", re.compile("2-glavkokratiia"))
    expect(footer.locator("a.md-footer__link--next")).to_have_attribute("href", re.compile("4-theory-in-crisis"))


def test_a_visit_requests_nothing_from_another_host(page, server):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(server + "5-revolution-betrayed/")
    page.wait_for_load_state("networkidle")
    assert requested and all(url.startswith(server) or url.startswith("data:") for url in requested), requested


def test_hovering_a_note_number_previews_the_note(page, server):
    page.goto(server + "5-revolution-betrayed/")
    page.locator("#note-14-ref a").hover()
    tooltip = page.locator(".md-tooltip2--active, .md-tooltip2")
    expect(tooltip.filter(has_text="Thermidor and Bonapartism").first).to_be_visible()


def test_keyboard_focus_on_a_note_number_previews_the_note(page, server):
    page.goto(server + "2-glavkokratiia/")
    page.locator("#note-6-ref a").focus()
    expect(page.locator(".md-tooltip2").filter(has_text="Source not identified").first).to_be_visible()


def test_a_note_number_is_a_plain_link_to_the_note_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "5-revolution-betrayed/")
    page.locator("#note-14-ref a").click()
    assert page.url.endswith("#note-14")
    expect(page.locator("#note-14")).to_be_in_viewport()
    context.close()


def test_a_note_page_links_back_to_its_place_in_the_chapter(page, server):
    page.goto(server + "notes/14/")
    expect(page.locator("h1")).to_contain_text("Note 14")
    page.get_by_role("link", name="Read note 14 in its place").click()
    assert page.url.endswith("5-revolution-betrayed/#note-14-ref")
    expect(page.locator("#note-14-ref")).to_be_in_viewport()


def test_following_next_use_in_this_sense_from_chapter_2_lands_on_the_use_in_chapter_3(page, server):
    from edition.sources import senses
    from edition.sources.chapters import load_chapters
    from edition.sources.essay import load_essay

    essay = load_essay(ROOT / paths.ESSAY)
    chapters = load_chapters(essay, ROOT / paths.CHAPTERS)
    uses = senses.load_uses(essay, senses.load_senses(ROOT / paths.SENSES, len(load_essay(ROOT / paths.ESSAY).paragraphs)), ROOT / paths.SENSE_USES)
    last_in_chapter_2 = [u for u in uses if u.sense == "glavkokratiia" and senses.location(u, chapters).number == 2][-1]
    _, following = senses.neighbours(uses, last_in_chapter_2)
    target = senses.location(following, chapters)
    assert target.number > 2

    page.goto(server + "2-glavkokratiia/")
    use = page.locator(f"#{last_in_chapter_2.anchor}")
    expect(use).to_have_attribute("title", re.compile("Glavkokratiia"))
    use.click()
    entry = page.locator(f"#sense-{last_in_chapter_2.anchor}")
    expect(entry).to_be_in_viewport()
    entry.get_by_role("link", name=re.compile(r"ch\. 3")).click()
    assert page.url.endswith(f"{target.slug}/#{following.anchor}")
    landed = page.locator(f"#{following.anchor}")
    expect(landed).to_be_in_viewport()
    assert landed.evaluate("el => el.matches(':target')")
    assert landed.evaluate("el => getComputedStyle(el).outlineStyle") == "solid"


@pytest.fixture
def phone_chapter_5(browser, server):
    """Chapter 5 on a phone-sized touch screen."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(server + "5-revolution-betrayed/")
    yield page
    context.close()


def tap(page, selector):
    mark = page.locator(selector)
    mark.scroll_into_view_if_needed()
    mark.tap()
    return mark


def test_tapping_a_glossary_term_on_a_phone_shows_its_definition_in_place(phone_chapter_5):
    page = phone_chapter_5
    term = tap(page, 'a.gloss[href$="#kirov"]')
    expect(page.locator(".md-tooltip2").filter(has_text="Leningrad").first).to_be_visible()
    assert page.url.endswith("5-revolution-betrayed/"), "the first tap left the page"
    term.tap()
    page.wait_for_url("**/glossary/#kirov")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "horizontal scrolling on a phone"


def test_tapping_a_note_number_on_a_phone_previews_the_note_in_place(phone_chapter_5, project):
    page = phone_chapter_5
    note = project.bibliography.notes[14]  # read from the model: its work's title and its status label
    tap(page, "#note-14-ref a")
    preview = page.locator(".md-tooltip2").filter(has_text=note.works[0].get("title")).first
    expect(preview).to_be_visible()
    expect(preview).to_contain_text(NOTE_14.status_label)
    if NOTE_14.status == "unidentified":  # its work is a candidate, and the preview says so
        label = "Candidate" if len(NOTE_14.works) == 1 else "Candidates"
        expect(preview).to_contain_text(f"Source not identified by this edition. {label}: Leon Trotsky")
    assert page.url.endswith("5-revolution-betrayed/")


def test_hover_and_focus_show_a_glossary_definition(page, server):
    page.goto(server + "2-glavkokratiia/")
    page.locator('a.gloss[href$="#war-communism"]').hover()
    expect(page.locator(".md-tooltip2").filter(has_text="War Communism").first).to_be_visible()
