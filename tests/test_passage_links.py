"""Citing a passage in the browser: "Copy link to this passage" (a text fragment) and "Cite ¶N"
(a full citation with the canonical address, never the address bar's search query)."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from playwright.sync_api import expect

from edition import urls
from edition.sources.chapters import chapter_of

pytestmark = pytest.mark.browser

WIDE = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

SELECT = """([id, from, to]) => {
  // Select the words of paragraph `id` from character `from` to `to` of its essay text.
  const para = document.getElementById(id);
  const walker = document.createTreeWalker(para, NodeFilter.SHOW_TEXT,
    {acceptNode: n => n.parentNode.closest('.ed') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
  const range = document.createRange();
  let seen = 0, node;
  while ((node = walker.nextNode())) {
    const length = node.nodeValue.length;
    if (from >= seen && from <= seen + length && !range.__started) { range.setStart(node, from - seen); range.__started = true; }
    if (to >= seen && to <= seen + length) { range.setEnd(node, to - seen); break; }
    seen += length;
  }
  getSelection().removeAllRanges();
  getSelection().addRange(range);
}"""

ACROSS = """([first, last]) => {
  const range = document.createRange();
  const start = [...document.getElementById(first).childNodes].find(n => n.nodeType === 3 && n.nodeValue.trim());
  const endPara = document.getElementById(last);
  const texts = [...endPara.childNodes].filter(n => n.nodeType === 3 && n.nodeValue.trim().length > 20);
  const end = texts[texts.length - 1];
  range.setStart(start, 10);
  range.setEnd(end, end.nodeValue.length - 3);
  getSelection().removeAllRanges();
  getSelection().addRange(range);
}"""


def essay_text(page, para_id: str) -> str:
    return page.locator(f"#{para_id}").evaluate(
        """p => { let t = ''; const w = document.createTreeWalker(p, NodeFilter.SHOW_TEXT,
          {acceptNode: n => n.parentNode.closest('.ed') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
          for (let n = w.nextNode(); n; n = w.nextNode()) t += n.nodeValue; return t; }"""
    )


def clipboard_context(browser, server, **options):
    context = browser.new_context(**{"viewport": WIDE, **options})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.rstrip("/"))
    return context


def copied_link(page) -> str:
    page.evaluate("navigator.clipboard.writeText('')")
    bar = page.get_by_role("toolbar", name="The selected passage")
    expect(bar).to_be_visible()
    bar.get_by_role("button", name="Copy link to this passage").click()
    page.wait_for_function("async () => (await navigator.clipboard.readText()) !== ''")
    return page.evaluate("navigator.clipboard.readText()")


def lands_on(browser, url: str, words: str, viewport: dict) -> bool:
    """Opening the link in a fresh window brings those words into view (the text fragment matched)."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    shown = page.evaluate("""words => {
      const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const at = n.nodeValue.indexOf(words);
        if (at < 0) continue;
        const range = document.createRange(); range.setStart(n, at); range.setEnd(n, at + words.length);
        const r = range.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= innerHeight;
      }
      return null;
    }""", words)
    context.close()
    return bool(shown)


def on_server(url: str, server: str) -> str:
    """A copied (canonical) address, opened on the test's own server."""
    return re.sub(r"^https?://[^/]+/", server, url)


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["wide", "phone"])
def test_a_short_selection_copies_a_link_that_opens_at_those_words(browser, server, project, viewport):
    chapter = chapter_of(project.chapters, 14)
    context = clipboard_context(browser, server, viewport=viewport)
    page = context.new_page()
    page.goto(server + urls.chapter(chapter.slug) + "?h=bureaucracy")  # as search leaves it: the link must not keep it
    text = essay_text(page, "p14")
    start = text.index("two different explanations")
    page.evaluate(SELECT, ["p14", start + 2, start + len("two different explanations") - 3])  # inside words
    link = copied_link(page)
    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    assert link == canonical + "#p14:~:text=" + "Trotsky%20offered%20essentially-,two%20different%20explanations"
    assert "?" not in link
    assert lands_on(browser, on_server(link, server).split("#")[0] + "#:~:text=two%20different%20explanations", "two different explanations", viewport)
    context.close()


def test_a_selection_from_a_paragraphs_first_word_is_found_on_a_phone(browser, server, project):
    """The ¶ number stands inline before the first word on a phone; the fragment still matches."""
    chapter = chapter_of(project.chapters, 14)
    context = clipboard_context(browser, server, viewport=PHONE)
    page = context.new_page()
    page.goto(server + urls.chapter(chapter.slug))
    page.evaluate(SELECT, ["p14", 0, len("The most complete presentation")])
    link = copied_link(page)
    assert link.endswith("#p14:~:text=The%20most%20complete%20presentation")
    fragment_only = on_server(link, server).split("#")[0] + "#:~:" + link.split(":~:")[1]
    assert lands_on(browser, fragment_only, "The most complete presentation", PHONE)
    context.close()


def test_a_long_selection_across_paragraphs_is_linked_by_its_first_and_last_words(browser, server, project):
    chapter = chapter_of(project.chapters, 14)
    context = clipboard_context(browser, server)
    page = context.new_page()
    page.goto(server + urls.chapter(chapter.slug))
    page.evaluate(ACROSS, ["p14", "p15"])
    link = copied_link(page)
    assert link.split(":~:")[0].endswith("#p14")
    # The selection starts inside "complete": whole words, the two before it as the prefix, then
    # the first four and the last four words (start,end).
    prefix, start, end = link.split(":~:text=")[1].split(",")
    assert prefix == "The%20most-"
    assert unquote(start) == "complete presentation of Trotsky’s"
    assert len(unquote(end).split()) == 4 and unquote(end) in " ".join(essay_text(page, "p15").split())
    for term in (prefix[:-1], start, end):  # percent-encoded: no bare "-", "&", "," or space
        assert not re.search(r"[-&,\s]", term)
    page.get_by_role("toolbar", name="The selected passage").get_by_role("button", name="Cite ¶14–¶15").click()
    page.wait_for_function("async () => (await navigator.clipboard.readText()).includes('¶14–¶15')")
    context.close()


def test_hyphens_and_commas_in_the_words_are_percent_encoded(browser, server, project):
    """A "-" or "," in a term is escaped, so it cannot be read as the directive's own syntax."""
    chapter = chapter_of(project.chapters, 14)
    context = clipboard_context(browser, server)
    page = context.new_page()
    page.goto(server + urls.chapter(chapter.slug))
    for para, words, expected in (
        ("p13", "well-nigh attained", "the%20bureaucracy%20have-,well%2Dnigh%20attained"),
        ("p14", "There, Trotsky offered", "completed%20in%201936.-,There%2C%20Trotsky%20offered"),
    ):
        text = " ".join(essay_text(page, para).split(" "))
        at = text.index(words)
        page.evaluate(SELECT, [para, at, at + len(words)])
        link = copied_link(page)
        assert link.endswith(f"#{para}:~:text={expected}"), link
        fragment_only = on_server(link, server).split("#")[0] + "#:~:" + link.split(":~:")[1]
        assert lands_on(browser, fragment_only, words, WIDE)
    context.close()


def test_cite_paragraph_copies_a_full_citation_with_the_canonical_address(browser, server, project):
    chapter = chapter_of(project.chapters, 8)
    context = clipboard_context(browser, server)
    page = context.new_page()
    page.goto(server + urls.chapter(chapter.slug) + "?h=thermidor#p8")
    button = page.get_by_role("button", name="Cite paragraph 8")
    page.locator("#p8 .pnum").focus()
    page.keyboard.press("Tab")  # Copy
    page.keyboard.press("Tab")  # Cite
    expect(button).to_be_focused()
    assert button.evaluate("el => getComputedStyle(el).opacity") == "1"
    page.keyboard.press("Enter")
    page.wait_for_function("async () => (await navigator.clipboard.readText()) !== ''")
    copied = page.evaluate("navigator.clipboard.readText()")
    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    essay = project.edition["essay"]
    assert copied.startswith(f"{essay['author']}, “{essay['title']},” {essay['journal']}, {essay['date_label']}, ¶8 (ch. {chapter.number}, “{chapter.title},”")
    assert copied.endswith(f"version {project.version}, {canonical}#p8).")
    assert "?" not in copied and "h=thermidor" not in copied
    expect(page.locator("[role=status]").filter(has_text="Citation of paragraph 8 copied")).to_have_count(1)

    # "Copy with citation" keeps its form, and no longer copies the search query either.
    page.evaluate("navigator.clipboard.writeText('')")
    page.get_by_role("button", name="Copy paragraph 8 with citation").click()
    page.wait_for_function("async () => (await navigator.clipboard.readText()) !== ''")
    assert page.evaluate("navigator.clipboard.readText()").split("\n")[-1] == server + urls.chapter(chapter.slug) + "#p8"
    context.close()
