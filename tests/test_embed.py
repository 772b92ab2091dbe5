"""Linking to a note from another site: the hover-card script (/embed/notes.js), served to a page
on another origin, as a blog that links to the edition would include it.

The edition is served with CORS on one loopback port, the linking page on another; every request
the page makes is recorded, so a request to any third host fails the test.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import re
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "docs" / "embed" / "notes.js"
SCREENSHOTS = ROOT / ".cache" / "screenshots"  # not committed; look at them after a run

NOTE_14 = "Thermidor and Bonapartism"  # the work note 14 cites
PARAGRAPH_14 = "The most complete presentation of Trotsky’s new theory"


# ── The script itself (fast) ────────────────────────────────────────────────────────────────


def _code(text: str) -> str:
    """The script without its comments (for what it does, not what it says)."""
    return re.sub(r"/\*.*?\*/|^\s*//.*$|\s//\s.*$", "", text, flags=re.S | re.M)


def test_the_hover_script_is_small():
    assert len(gzip.compress(SCRIPT.read_bytes(), 9)) <= 8 * 1024


def test_the_hover_script_keeps_nothing_and_names_no_host():
    code = _code(SCRIPT.read_text(encoding="utf-8"))
    for forbidden in ("cookie", "localStorage", "sessionStorage", "indexedDB", "caches.", "sendBeacon", "XMLHttpRequest",
                      "innerHTML", "outerHTML", "insertAdjacentHTML", "eval(", "Function(", "import("):
        assert forbidden not in code, f"notes.js uses {forbidden}"
    assert not re.search(r"https?:|//[a-z0-9.-]+\.[a-z]", code), "notes.js names a host: it must take the edition's from its own address"
    assert 'credentials: "omit"' in code


# ── Two origins: the edition with CORS, and a page that links to it ─────────────────────────


class _Quiet(http.server.SimpleHTTPRequestHandler):
    timeout = 10  # a stuck connection cannot hold a test

    def log_message(self, *args):
        pass


class _EditionWithCors(_Quiet):
    """The built site as a static host with `Access-Control-Allow-Origin: *` serves it."""

    def end_headers(self):
        self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()


class _PlainPages(_Quiet):
    """Another site: pages held in memory by path (no CORS header, nothing else)."""

    pages: dict[str, tuple[str, bytes]] = {}

    def do_GET(self):
        found = self.pages.get(self.path.split("?")[0])
        if found is None:
            self.send_error(404)
            return
        kind, body = found
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _serve(handler) -> tuple[http.server.ThreadingHTTPServer, str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def _blog_page(edition: str, script: str, scheme_css: str = "") -> bytes:
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>A blog post</title>
<style>body {{ font: 18px/1.5 sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; }} {scheme_css}</style>
<script src="{script}" defer></script></head>
<body><h1>On Trotsky and the bureaucracy</h1>
<p>Twiss names the repression after Kirov’s murder as the turning point
(<a id="to-note" href="{edition}notes/14/">note 14</a>), and sets out Trotsky’s two explanations of
bureaucratic power (<a id="to-para" href="{edition}5-revolution-betrayed/#p14">¶14</a>).</p>
<p>An ordinary link: <a id="other" href="{edition}glossary/">the glossary</a>.</p>
<p style="height: 1200px">More text.</p>
</body></html>""".encode()


DARK_PAGE = "@media (prefers-color-scheme: dark) { body { background: #15171c; color: #e8e8e8; } a { color: #9cf; } }"


@pytest.fixture(scope="module")
def origins(site):
    """(the edition's URL, the other site's URL): the built site with CORS, and a plain host."""
    edition_server, edition = _serve(functools.partial(_EditionWithCors, directory=str(site)))
    # A port nothing listens on: an edition that cannot be reached.
    dead_server = http.server.HTTPServer(("127.0.0.1", 0), _Quiet)
    dead = f"http://127.0.0.1:{dead_server.server_address[1]}/"
    dead_server.server_close()
    _PlainPages.pages = {
        "/post.html": ("text/html; charset=utf-8", _blog_page(edition, edition + "embed/notes.js")),
        "/dark.html": ("text/html; charset=utf-8", _blog_page(edition, edition + "embed/notes.js", DARK_PAGE)),
        # A copy of the script kept by the blog, naming an edition that is down.
        "/copy/notes.js": ("text/javascript", SCRIPT.read_bytes()),
        "/down.html": ("text/html; charset=utf-8", _blog_page(dead, "/copy/notes.js").replace(
            b'src="/copy/notes.js"', f'src="/copy/notes.js" data-edition="{dead}"'.encode())),
    }
    plain_server, plain = _serve(_PlainPages)
    yield edition, plain, dead
    for server in (edition_server, plain_server):
        server.shutdown()
        server.server_close()


def _watch(page) -> tuple[list[str], list[str]]:
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return requests, errors


def _hosts(urls: list[str]) -> set[str]:
    return {urlsplit(url).netloc for url in urls if not url.startswith(("data:", "about:"))}


def test_a_page_on_another_origin_shows_note_14_and_paragraph_14(browser, origins):
    edition, plain, _ = origins
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    requests, errors = _watch(page)
    page.goto(plain + "post.html")
    card = page.locator("twiss-note-card")
    note_link, para_link = page.locator("#to-note"), page.locator("#to-para")

    # Hovering the link to /notes/14/ shows note 14's text, the sentence it annotates and a link through.
    note_link.hover()
    expect(card.locator(".t")).to_contain_text(NOTE_14)
    expect(card.locator(".q")).to_contain_text("assassination of Sergei Kirov")
    expect(card.locator(".k")).to_contain_text("Note 14")
    expect(card.locator("a")).to_have_attribute("href", edition + "notes/14/")
    expect(note_link).to_have_attribute("aria-describedby", "twiss-note-card")
    expect(note_link).to_have_accessible_description(re.compile(NOTE_14))
    expect(card).to_have_attribute("role", "tooltip")
    page.keyboard.press("Escape")
    expect(card).to_be_hidden()
    expect(note_link).not_to_have_attribute("aria-describedby", re.compile("."))

    # Focusing the link to #p14 shows ¶14's words, and Escape closes it.
    page.mouse.move(5, 700)
    para_link.focus()
    expect(card).to_be_visible()
    expect(card.locator(".t")).to_contain_text(PARAGRAPH_14)
    expect(card.locator(".k")).to_contain_text("¶14")
    expect(card.locator("a")).to_have_attribute("href", edition + "5-revolution-betrayed/#p14")
    expect(para_link).to_have_accessible_description(re.compile("Trotsky’s new theory"))
    page.keyboard.press("Escape")
    expect(card).to_be_hidden()
    expect(para_link).to_be_focused()  # Escape closes the card, not the reader's place

    # Moving away closes it too; a link to another page of the edition shows nothing.
    note_link.hover()
    expect(card).to_be_visible()
    page.mouse.move(5, 700)
    expect(card).to_be_hidden()
    page.locator("#other").hover()
    page.wait_for_timeout(400)
    expect(card).to_be_hidden()

    # Nothing went to a third host, nothing was kept, nothing failed.
    assert _hosts(requests) == {urlsplit(plain).netloc, urlsplit(edition).netloc}, requests
    assert {edition + "notes/14.json", edition + "paragraphs/14.json"} <= set(requests)
    assert context.cookies() == []
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0
    assert errors == []
    context.close()


def test_the_card_follows_the_pages_scheme(browser, origins):
    edition, plain, _ = origins
    backgrounds = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=scheme)
        page = context.new_page()
        page.goto(plain + "dark.html")  # dark only when the reader's system asks for it
        page.locator("#to-note").hover()
        box = page.locator("twiss-note-card .b")
        expect(box).to_be_visible()
        backgrounds[scheme] = box.evaluate("el => getComputedStyle(el).backgroundColor")
        context.close()
    assert backgrounds["light"] == "rgb(255, 253, 248)"
    assert backgrounds["dark"] == "rgb(36, 32, 29)"


def test_reduced_motion_turns_the_fade_off(browser, origins):
    _, plain, _ = origins
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    page.goto(plain + "post.html")
    page.locator("#to-note").focus()
    box = page.locator("twiss-note-card .b")
    expect(box).to_be_visible()
    assert box.evaluate("el => getComputedStyle(el).animationName") == "none"
    context.close()


def test_a_tap_shows_the_card_and_a_second_tap_follows_the_link(browser, origins):
    edition, plain, _ = origins
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    requests, errors = _watch(page)
    page.goto(plain + "post.html")
    page.locator("#to-note").tap()
    box = page.locator("twiss-note-card .b")
    expect(box).to_be_visible()
    expect(box).to_contain_text(NOTE_14)
    assert page.url == plain + "post.html"
    left, right = box.evaluate("el => { const r = el.getBoundingClientRect(); return [r.left, r.right]; }")
    assert left >= 0 and right <= 360, "the card stands outside a phone's screen"
    # A tap elsewhere closes it; a tap on the other link moves it there.
    page.locator("h1").tap()
    expect(box).to_be_hidden()
    page.locator("#to-para").tap()
    expect(box).to_contain_text(PARAGRAPH_14)
    page.locator("#to-para").tap()
    page.wait_for_url(edition + "5-revolution-betrayed/#p14")
    assert errors == []
    context.close()


def test_when_the_edition_cannot_be_reached_the_links_stay_plain_links(browser, origins):
    _, plain, dead = origins
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    requests, errors = _watch(page)
    page.goto(plain + "down.html")
    page.locator("#to-note").hover()
    page.locator("#to-para").focus()
    page.wait_for_timeout(600)
    expect(page.locator("twiss-note-card")).to_have_count(0)
    expect(page.locator("#to-note")).not_to_have_attribute("aria-describedby", re.compile("."))
    assert errors == []
    assert _hosts(requests) <= {urlsplit(plain).netloc, urlsplit(dead).netloc}
    context.close()

    # On a touch screen, the tap that found nothing to show follows the link after all.
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(plain + "down.html")
    with page.expect_request(dead + "notes/14/"):
        page.locator("#to-note").tap()
    context.close()


@pytest.mark.parametrize(
    "name, options, scheme_page",
    [
        ("light-1440", {"viewport": {"width": 1440, "height": 900}, "color_scheme": "light"}, "post.html"),
        ("dark-1440", {"viewport": {"width": 1440, "height": 900}, "color_scheme": "dark"}, "dark.html"),
        ("phone-360", {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}, "post.html"),
    ],
)
def test_screenshots_of_the_card(browser, origins, name, options, scheme_page):
    """The card as readers see it; the PNGs are left in .cache/screenshots/ to look at."""
    _, plain, _ = origins
    context = browser.new_context(**options)
    page = context.new_page()
    page.goto(plain + scheme_page)
    for link in ("#to-note", "#to-para"):
        if options.get("has_touch"):
            page.locator(link).tap()
        else:
            page.locator(link).hover()
        box = page.locator("twiss-note-card .b")
        expect(box).to_be_visible()
        page.wait_for_timeout(250)  # the fade
        width = options["viewport"]["width"]
        left, right = box.evaluate("el => { const r = el.getBoundingClientRect(); return [r.left, r.right]; }")
        assert 0 <= left and right <= width
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"embed-{name}-{link[4:]}.png"))
        page.keyboard.press("Escape")
    context.close()
