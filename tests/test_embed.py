"""Linking to a note from another site: the JSON records of the notes and paragraphs and their
schemas, the oEmbed records, and the hover-card script (/embed/notes.js) served to a page on another
origin, as a blog that links to the edition would include it.

In the browser tests the edition is served with CORS on one loopback port and the linking page on
another; every request the page makes is recorded, so a request to any third host fails the test.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import re
import threading
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest
from jsonschema import Draft202012Validator
from playwright.sync_api import expect
from referencing import Registry, Resource

from edition import urls
from edition.web import embed, oembed, records
from edition.web.linkcheck import manifest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "docs" / "embed" / "notes.js"
SCREENSHOTS = ROOT / ".cache" / "screenshots"  # not committed; look at them after a run

NOTE_14 = "Thermidor and Bonapartism"  # the work note 14 cites
PARAGRAPH_14 = "The most complete presentation of Trotsky’s new theory"


SCHEMAS = ROOT / "docs" / "schemas"
MANIFEST = ROOT / "tests" / "public-urls.txt"
SITE = "https://example.org/twiss/"


def validator(name: str) -> Draft202012Validator:
    """The schema docs/schemas/<name>.schema.json, with the others to resolve its $refs."""
    schemas = {path.name: json.loads(path.read_text(encoding="utf-8")) for path in SCHEMAS.glob("*.schema.json")}
    registry = Registry().with_resources((name, Resource.from_contents(schema)) for name, schema in schemas.items())
    return Draft202012Validator(schemas[f"{name}.schema.json"], registry=registry)


def problems(name: str, record: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(name).iter_errors(record)]


# ── Records and schemas (fast: from the project model, no build) ───────────────────────────


def test_the_schemas_are_valid_and_their_references_resolve():
    for path in SCHEMAS.glob("*.schema.json"):
        Draft202012Validator.check_schema(json.loads(path.read_text(encoding="utf-8")))
    assert problems("paragraph", {}) and problems("notes-index", {"edition": {}, "notes": [{}]})  # refs across files resolve


def test_every_record_made_from_the_model_validates(project):
    files = records.record_files(project, SITE)
    assert len([p for p in files if re.fullmatch(r"notes/\d+\.json", p)]) == project.notes_total == 29
    assert len([p for p in files if re.fullmatch(r"paragraphs/\d+\.json", p)]) == len(project.essay.paragraphs) == 23
    for path, text in files.items():
        kind = "notes-index" if path == urls.NOTES_INDEX_RECORD else "paragraphs-index" if path == urls.PARAGRAPHS_INDEX_RECORD else (
            "note" if path.startswith("notes/") else "paragraph")
        assert problems(kind, json.loads(text)) == [], path
    notes_index = json.loads(files[urls.NOTES_INDEX_RECORD])["notes"]
    assert [n["number"] for n in notes_index] == list(range(1, 30))
    assert notes_index[13] == json.loads(files[urls.note_record(14)])


def test_a_schema_refuses_a_record_that_breaks_it(project):
    note = records.note_record(project, project.bibliography.notes[14], SITE)
    assert problems("note", note) == []
    assert problems("note", {**note, "status": "probably"})
    assert problems("note", {**note, "url": "/notes/14/"})  # every address absolute
    assert problems("note", {**note, "extra": 1})
    assert problems("note", {k: v for k, v in note.items() if k != "annotated_sentence"})


def test_note_14_says_what_its_page_says(project):
    note = records.note_record(project, project.bibliography.notes[14], SITE)
    assert note["url"] == SITE + "notes/14/"
    assert note["paragraph"] == 13 and note["paragraph_url"] == SITE + "5-revolution-betrayed/#p13"
    assert note["anchor_url"] == SITE + "5-revolution-betrayed/#note-14"
    assert note["annotated_sentence"].startswith("The second was the repression following the assassination of Sergei Kirov")
    assert "[14]" not in note["annotated_sentence"] and note["annotated_sentence"].endswith("consummation”.")
    assert note["text"] == records.html_to_text(note["html"]) and "Thermidor and Bonapartism" in note["text"]
    assert {e.tag for e in lxml.html.fragment_fromstring(note["html"], create_parent="p").iter()} <= {"p", "i"}
    assert note["cite"] == "Twiss 2016, n. 14" and note["edition"] == {
        "title": project.edition["edition"]["title"], "version": project.version, "url": SITE}
    assert note["works"][0]["id"] == "trotsky1935workers" and note["works"][0]["author"] == [{"family": "Trotsky", "given": "Leon"}]
    assert all(item["url"].startswith("http") for item in note["evidence"])


def test_a_paragraph_record_has_its_words_without_markers_and_its_notes(project):
    para = records.paragraph_record(project, 14, SITE)
    assert para["url"] == SITE + "5-revolution-betrayed/#p14" and para["chapter"]["number"] == 5
    assert para["text"].startswith("The most complete presentation of Trotsky’s new theory")
    assert not re.search(r"\[\d+\]", para["text"])
    assert [n["number"] for n in para["notes"]] == [15, 16] and para["notes"][0]["url"] == SITE + "notes/15/"
    assert para["cite"] == "Twiss 2016, ¶14"


def test_csl_items_leave_out_what_the_editors_did_not_verify(project):
    csl_key = {"title": "title", "year": "issued", "journal": "container-title", "booktitle": "container-title", "publisher": "publisher",
               "address": "publisher-place", "volume": "volume", "number": "issue", "pages": "page", "doi": "DOI", "url": "URL"}
    for work in project.bibliography.works.values():
        item = records.csl_item(work)
        for field in work.unverified & set(csl_key):
            assert csl_key[field] not in item, f"{work.key}: unverified {field} given as {csl_key[field]}"
        if "month" in work.unverified and "issued" in item:
            assert len(item["issued"]["date-parts"][0]) == 1, work.key
    trotsky = records.csl_item(project.bibliography.works["trotsky1935workers"])
    assert {"container-title", "volume", "issue", "page", "issued"}.isdisjoint(trotsky)
    kryshtanovskaya = records.csl_item(project.bibliography.works["kryshtanovskaya1996nomenklatura"])
    assert kryshtanovskaya["DOI"] == "10.1080/09668139608412377" and kryshtanovskaya["type"] == "article-journal"
    assert kryshtanovskaya["issued"] == {"date-parts": [[1996]]}  # its month is unverified
    corporate = records.csl_item(project.bibliography.works["opposition1927platform"])
    assert corporate["author"] == [{"literal": "United Opposition"}]


# ── oEmbed (fast) ─────────────────────────────────────────────────────────────────────────


def test_every_oembed_record_is_oembed_1_0_rich_with_a_self_contained_card(project):
    files = oembed.oembed_files(project, SITE)
    assert len(files) == 29 + 6
    for path, text in files.items():
        record = json.loads(text)
        assert problems("oembed", record) == [], path
        card = lxml.html.fragment_fromstring(record["html"])
        assert {e.tag for e in card.iter()} <= {"blockquote", "p", "a"}, path  # no script, image, frame or style sheet
        assert [a.get("href") for a in card.iter("a")] == [card.get("cite")]
        assert record["thumbnail_url"].startswith(SITE + "preview/") and record["provider_url"] == SITE
    note = json.loads(files["notes/14/oembed.json"])
    card = lxml.html.fragment_fromstring(note["html"])
    assert card.get("cite") == SITE + "notes/14/"
    assert "assassination of Sergei Kirov" in card.text_content() and "Thermidor and Bonapartism" in card.text_content()
    assert note["thumbnail_url"] == SITE + "preview/note-14.png"


def test_the_oembed_card_escapes_quotes_angle_brackets_and_ampersands():
    hostile = 'He said "stop" <script>alert(1)</script> & left'
    url = 'https://example.org/twiss/notes/14/?a=1&b="2"'
    html = oembed.card_html(url, hostile, hostile, hostile, hostile, hostile)
    card = lxml.html.fragment_fromstring(html)
    assert card.find(".//script") is None and "<script>" not in html
    assert card.get("cite") == url and card.find(".//a").get("href") == url
    texts = [p.text_content() for p in card.iter("p")]
    assert texts[:3] == [hostile, hostile, hostile] and texts[3] == f"— {hostile}{hostile}"
    link = lxml.html.fragment_fromstring(oembed.discovery_link(url, hostile))
    assert link.get("href") == url and link.get("title") == hostile and link.get("type") == "application/json+oembed"


def test_the_snippet_names_the_script_at_the_sites_address():
    page = embed.insert_snippet(f"Add this:\n\n{embed.MARKER}\n", SITE, "docs/x.md")
    code = lxml.html.fragment_fromstring(page.split("\n\n", 1)[1], create_parent="div").find(".//code")
    assert code.text == f'<script src="{SITE}embed/notes.js" defer></script>'
    with pytest.raises(ValueError, match="docs/x.md: unknown marker"):
        embed.insert_snippet("<!-- edition:embed-snipet -->", SITE, "docs/x.md")


def test_a_chapter_head_names_its_pdf_and_the_paragraph_citation(project):
    from edition.web import cite

    chapter = cite.chapter_target(project.chapters[4], SITE)
    head = lxml.html.fromstring("<html><head>" + cite.page_head(
        project.edition, chapter.url, "Ch. 5", "A chapter.", chapter=chapter, pdf_url=SITE + urls.pdf(project.chapters[4].slug, "a4")) + "</head></html>")
    meta = {m.get("name"): m.get("content") for m in head.iter("meta") if m.get("name")}
    assert meta["citation_pdf_url"] == SITE + "pdf/5-revolution-betrayed-a4.pdf"
    template = meta["edition:paragraph-citation"]
    filled = template.replace(cite.PARAGRAPH_SLOT, "¶14").replace(cite.ANCHOR_SLOT, "p14")
    assert filled.endswith(f"version {project.version}, {SITE}5-revolution-betrayed/#p14).") and ", ¶14 (ch. 5, " in filled
    home = lxml.html.fromstring("<html><head>" + cite.page_head(project.edition, SITE, "Home", "An edition.") + "</head></html>")
    assert not [m for m in home.iter("meta") if m.get("name") in ("citation_pdf_url", "edition:paragraph-citation")]


def test_every_record_address_is_a_public_url():
    listed = set(manifest(MANIFEST))
    expected = {urls.EMBED_SCRIPT, urls.NOTES_INDEX_RECORD, urls.PARAGRAPHS_INDEX_RECORD}
    expected |= {urls.note_record(n) for n in range(1, 30)} | {urls.paragraph_record(n) for n in range(1, 24)}
    expected |= {urls.oembed(urls.note_page(n)) for n in range(1, 30)} | {urls.schema(p.name.split(".")[0]) for p in SCHEMAS.glob("*.json")}
    assert expected - listed == set()


def test_the_readme_gives_the_cors_lines_the_build_ships():
    """The README's lines for Netlify and Cloudflare Pages are the _headers file the build publishes."""
    rules = "\n".join(line for line in (ROOT / "docs" / "_headers").read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Linking to a note from your site", 1)[1].split("\n## ", 1)[0]
    assert "\n".join(line[2:] if line.startswith("  ") else line for line in section.splitlines()).count(rules) == 1
    assert "location ~ ^/(notes|paragraphs|schemas|embed)/" in section and "GitHub Pages" in section


# ── The built site (site tier) ──────────────────────────────────────────────────────────────


def test_the_built_records_validate_and_agree_with_the_pages(site, project):
    for number in range(1, 30):
        record = json.loads((site / urls.note_record(number)).read_text(encoding="utf-8"))
        assert problems("note", record) == []
        page = lxml.html.parse(str(site / urls.note_page(number) / "index.html"))
        shown = page.find('.//p[@class="note-text"]').text_content()
        assert " ".join(shown.split()) == f"{number}. {record['text']}", number
        quoted = page.find(".//blockquote/p").text_content()
        assert record["annotated_sentence"] in " ".join(re.sub(r"(?<=[.”’])\d+", "", quoted).split()), number
    for number in range(1, 24):
        record = json.loads((site / urls.paragraph_record(number)).read_text(encoding="utf-8"))
        assert problems("paragraph", record) == []
        chapter = lxml.html.parse(str(site / urls.chapter(record["chapter"]["slug"]) / "index.html"))
        element = chapter.find(f'.//*[@id="{urls.paragraph(number)}"]')
        for mark in element.xpath('.//*[contains(concat(" ", @class, " "), " ed ") or contains(@class, "note-ref")]'):
            mark.drop_tree()
        assert " ".join(element.text_content().split()) == record["text"], number
    assert problems("notes-index", json.loads((site / urls.NOTES_INDEX_RECORD).read_text(encoding="utf-8"))) == []
    assert problems("paragraphs-index", json.loads((site / urls.PARAGRAPHS_INDEX_RECORD).read_text(encoding="utf-8"))) == []


def test_note_and_chapter_pages_name_their_oembed_record(site, project):
    pages = [urls.note_page(n) for n in range(1, 30)] + [urls.chapter(c.slug) for c in project.chapters]
    for path in pages:
        tree = lxml.html.parse(str(site / path / "index.html"))
        links = tree.xpath('//head/link[@rel="alternate"][@type="application/json+oembed"]')
        assert len(links) == 1, path
        href = urlsplit(links[0].get("href"))
        assert href.path == "/" + urls.oembed(path)
        assert problems("oembed", json.loads((site / urls.oembed(path)).read_text(encoding="utf-8"))) == []
    home = lxml.html.parse(str(site / "index.html"))
    assert not home.xpath('//link[@type="application/json+oembed"]')


def test_the_snippet_page_shows_the_line_and_a_live_example(site):
    page = lxml.html.parse(str(site / "link-to-a-note" / "index.html"))
    assert page.find('.//pre[@class="embed-snippet"]/code').text == '<script src="http://127.0.0.1:8000/embed/notes.js" defer></script>'
    example = page.find('.//div[@class="embed-example ed"]')
    assert [a.get("href") for a in example.iter("a")] == ["../notes/14/", "../5-revolution-betrayed/#p14"]
    assert page.xpath('//script[@src="../embed/notes.js"]')
    assert (site / "_headers").is_file()  # Netlify and Cloudflare Pages read it


def test_zoteros_citation_pdf_url_names_an_existing_pdf(published_site, project):
    folder, base = published_site
    for chapter in project.chapters:
        tree = lxml.html.parse(str(folder / urls.chapter(chapter.slug) / "index.html"))
        (pdf_url,) = tree.xpath('//meta[@name="citation_pdf_url"]/@content')
        assert pdf_url == base + urls.pdf(chapter.slug, "a4")
        pdf = folder / urls.pdf(chapter.slug, "a4")
        assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF-")


# ── The script itself (fast) ────────────────────────────────────────────────────────────────


def _code(text: str) -> str:
    """The script without its comments (for what it does, not what it says)."""
    without_blocks = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"(^|\s)//\s.*$", "", without_blocks, flags=re.M)


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
<p>An ordinary link: <a id="other" href="{edition}glossary/">the glossary</a>; the note in its place:
<a id="in-place" href="{edition}5-revolution-betrayed/#note-14">n. 14</a>; a wrong chapter: <a id="wrong" href="{edition}1-meanings/#p14">¶14?</a>.</p>
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


def test_a_note_in_its_chapter_shows_and_a_paragraph_in_the_wrong_chapter_does_not(browser, origins):
    _, plain, _ = origins
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(plain + "post.html")
    card = page.locator("twiss-note-card")
    page.locator("#in-place").focus()
    expect(card.locator(".t")).to_contain_text(NOTE_14)
    page.keyboard.press("Escape")
    page.locator("#wrong").focus()  # ¶14 is in chapter 5: this link is broken, and shows nothing
    page.wait_for_timeout(500)
    expect(card).to_be_hidden()
    expect(page.locator("#wrong")).not_to_have_attribute("aria-describedby", re.compile("."))
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


def test_the_oembed_link_makes_the_browser_ask_for_nothing(browser, server):
    """Material fetches sitemap.xml beside every link[rel=alternate]; edition.js takes the oEmbed
    link out of the live page first, so a visit asks for neither a sitemap nor the record."""
    context = browser.new_context()
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for path in ("notes/14/", "5-revolution-betrayed/"):
        page.goto(server + path)
        page.wait_for_load_state("networkidle")
    context.close()
    assert [url for url in requested if url.endswith(("sitemap.xml", "oembed.json"))] == []


def test_the_link_check_requires_the_oembed_record_and_the_pdf_a_page_names(tmp_path):
    from edition.web.linkcheck import check_links

    site = tmp_path / "site"
    (site / "ch").mkdir(parents=True)
    (site / "ch" / "index.html").write_text(
        '<html><head><link rel="alternate" type="application/json+oembed" href="https://example.org/ch/oembed.json">'
        '<meta name="citation_pdf_url" content="https://example.org/pdf/ch-a4.pdf"></head><body></body></html>')
    assert check_links(site) == [
        "ch/index.html: citation_pdf_url https://example.org/pdf/ch-a4.pdf: no file pdf/ch-a4.pdf",
        "ch/index.html: oEmbed https://example.org/ch/oembed.json: no file ch/oembed.json",
    ]
    assert check_links(site, skip_pdfs=True) == ["ch/index.html: oEmbed https://example.org/ch/oembed.json: no file ch/oembed.json"]
    (site / "ch" / "oembed.json").write_text("{}")
    assert check_links(site, skip_pdfs=True) == []
