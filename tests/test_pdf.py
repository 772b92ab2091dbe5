"""The chapter PDFs (edition/books/pdf/): text, ¶ numbers, notes on the page that cites them, metadata,
fonts, page sizes, outline, tags (PDF/UA-1), reproducibility; read back with pypdf and poppler's
pdftotext/pdffonts."""

from __future__ import annotations

import functools
import html as htmlmod
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from lxml import html as lxml_html
from pypdf import PdfReader

from edition import urls
from edition.books import builtpages
from edition.books import pdf as books_pdf
from edition.books.pdf import documents, render
from edition.books.pdf import layout as pdf_layout
from edition.sources import paths
from edition.sources.chapters import load_chapters
from edition.sources.essay import NOTE_MARKER, load_essay
from edition.sources.yamlfile import load_yaml

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "data" / "pdf" / "chapter-page.html"
CHAPTERS = load_chapters(load_essay(ROOT / paths.ESSAY), ROOT / paths.CHAPTERS)
SLUGS = [c.slug for c in CHAPTERS]
EDITION = load_yaml(ROOT / "sources" / "edition.yml")
WHOLE = urls.essay_stem(EDITION)  # the whole-essay PDF's stem
POINTS = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}
MAX_BYTES = 300 * 1024
EPOCH = "1471564800"  # 2016-08-19T00:00:00Z


# ── Helpers ──────────────────────────────────────────────────────────────────────────────────


def letters(text: str) -> str:
    """Only the letters, case-folded: line breaks, hyphens, note calls and ¶ numbers fall away."""
    return "".join(ch for ch in text.casefold() if ch.isalpha())


def squash(text: str) -> str:
    return " ".join(text.split())


@functools.cache
def page_texts(path: Path, layout: bool = False) -> tuple[str, ...]:
    """pdftotext's text of each page (form feeds separate pages)."""
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(path), "-"]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    pages = out.split("\f")
    return tuple(pages[:-1] if pages and not pages[-1].strip() else pages)


@functools.cache
def words_of_pages(path: Path) -> tuple[tuple[tuple[float, str, float], ...], ...]:
    """Each page's words in reading order: (height of the word's box, proportional to the font size;
    the word; its left edge)."""
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True).stdout
    word = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>')
    return tuple(
        tuple((round(float(m[3]) - float(m[2]), 1), htmlmod.unescape(m[4]), float(m[1])) for m in word.finditer(page))
        for page in out.split("<page ")[1:]
    )


def body_height(path: Path) -> float:
    """The height of words in the body size: the commonest in the document."""
    return Counter(w[0] for page in words_of_pages(path) for w in page).most_common(1)[0][0]


@functools.cache
def body_pages(path: Path) -> tuple[str, ...]:
    """Each page's running text only: the words set in the body size (the commonest size in the
    document), so the running head, the notes, the ¶ numbers and the note calls fall away."""
    body = body_height(path)
    return tuple(" ".join(w for height, w, _ in page if abs(height - body) <= 0.3) for page in words_of_pages(path))


def located(path: Path) -> tuple[str, list[int]]:
    """The letters of the running text of the whole document, and where each page's letters start."""
    starts, chunks, total = [], [], 0
    for text in body_pages(path):
        starts.append(total)
        chunk = letters(text)
        chunks.append(chunk)
        total += len(chunk)
    return "".join(chunks), starts


def page_at(starts: list[int], offset: int) -> int:
    """0-based page holding the letter at offset."""
    return max(i for i, s in enumerate(starts) if s <= offset)


def paragraph_text(number: int) -> str:
    return NOTE_MARKER.sub("", load_essay(ROOT / paths.ESSAY).paragraph(number).text)


def web_notes(site: Path, slug: str) -> list[tuple[str, str, str]]:
    """(note number, text before its reference in the paragraph, first words of the note) from the web page."""
    root = lxml_html.parse(str(site / slug / "index.html")).getroot()
    notes = []
    for sup in root.xpath("//sup[contains(@class, 'note-ref')]"):
        number = sup.get("data-note")
        para = sup.xpath("ancestor::p[contains(@class, 'essay-para')]")[0]
        markup = lxml_html.tostring(para, encoding="unicode")
        prefix = markup[: markup.index(f'<sup class="note-ref" data-note="{number}"')]
        before = lxml_html.fragment_fromstring(prefix, create_parent="div").text_content()
        li = root.xpath(f"//div[contains(@class, 'footnote')]//li[@id='note-{number}']")[0]
        words = squash(li.xpath("string(./p)")).split()[:5]
        notes.append((number, before, " ".join(words)))
    return notes


def site_url_of(site: Path) -> str:
    root = lxml_html.parse(str(site / "index.html")).getroot()
    canonical = root.xpath("//link[@rel='canonical']/@href")
    return canonical[0] if canonical else "http://127.0.0.1:8000/"


# ── Fixtures ─────────────────────────────────────────────────────────────────────────────────


@pytest.fixture(scope="module")
def pdf_site(published_site) -> tuple[Path, str]:
    """The published build (PDFs made by `mkdocs build` itself) and its public URL."""
    return published_site


@pytest.fixture(scope="module")
def pdf_dir(pdf_site) -> Path:
    return pdf_site[0] / "pdf"


def all_names() -> list[str]:
    return [documents.pdf_name(slug, size) for slug in [*SLUGS, WHOLE] for size in documents.SIZES]


# ── Files ────────────────────────────────────────────────────────────────────────────────────


def test_pdf_names_follow_the_url_scheme():
    assert documents.pdf_name("1-meanings", "a4") == "1-meanings-a4.pdf"
    assert documents.pdf_name(WHOLE, "letter") == f"{WHOLE}-letter.pdf"
    with pytest.raises(ValueError):
        documents.pdf_name("1-meanings", "a5")
    assert urls.pdf_file_parts(documents.pdf_name(WHOLE, "letter")) == (WHOLE, "letter")
    assert urls.pdf_file_parts("3-bureaucratism-class-thermidor-a4.pdf") == ("3-bureaucratism-class-thermidor", "a4")
    for bad in ("1-meanings-a5.pdf", "1-meanings-a4.epub", "a4.pdf"):
        with pytest.raises(ValueError, match="not a PDF name"):
            urls.pdf_file_parts(bad)


def test_every_pdf_written_small_and_whole(pdf_dir):
    names = sorted(p.name for p in pdf_dir.iterdir())
    assert names == sorted(all_names()), "unexpected or missing files (half-written .part files?)"
    for name in names:
        size = (pdf_dir / name).stat().st_size
        assert 1000 < size < MAX_BYTES, f"{name}: {size} bytes"
        assert (pdf_dir / name).read_bytes().rstrip().endswith(b"%%EOF"), f"{name} is truncated"


@pytest.mark.parametrize("name", all_names())
def test_page_size(pdf_dir, name):
    width, height = POINTS[urls.pdf_file_parts(name)[1]]
    for number, page in enumerate(PdfReader(pdf_dir / name).pages, start=1):
        box = page.mediabox
        assert abs(float(box.width) - width) <= 1 and abs(float(box.height) - height) <= 1, (
            f"{name} p. {number}: {float(box.width):.1f}×{float(box.height):.1f} pt"
        )


@pytest.mark.parametrize("name", all_names())
def test_metadata(pdf_dir, name):
    meta = PdfReader(pdf_dir / name).metadata
    assert meta.author == EDITION["essay"]["author"]
    assert meta.subject and len(meta.subject) > 10
    assert meta.creation_date is not None and meta.modification_date is not None
    slug = urls.pdf_file_parts(name)[0]
    if slug == WHOLE:
        assert meta.title == EDITION["essay"]["title"]
    else:
        chapter = CHAPTERS[SLUGS.index(slug)]
        assert chapter.title in meta.title and chapter.title in meta.subject


@pytest.mark.parametrize("name", all_names())
def test_fonts_embedded_and_ours(pdf_dir, name):
    out = subprocess.run(["pdffonts", str(pdf_dir / name)], check=True, capture_output=True, text=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert rows, "no fonts at all: is the text selectable?"
    for row in rows:
        font, embedded = row[0], row[-5]
        assert embedded == "yes", f"{name}: {font} not embedded"
        assert re.fullmatch(r"[A-Z]{6}\+(Edition-Serif|DejaVu).*", font), f"{name}: unexpected font {font}"
    assert any("Edition-Serif" in row[0] for row in rows)


# ── Accessibility: tagged PDF, identified as PDF/UA-1 ────────────────────────────────────────


def structure(reader: PdfReader) -> list[dict]:
    """Every structure element of the tag tree, in document order (each a pypdf dictionary)."""
    found: list[dict] = []

    def walk(node) -> None:
        node = node.get_object()
        if isinstance(node, list):
            for kid in node:
                walk(kid)
        elif isinstance(node, dict) and node.get("/Type") != "/OBJR" and "/S" in node:
            found.append(node)
            if "/K" in node:
                walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"]["/K"])
    return found


def kids(element: dict) -> list:
    """The /K of a structure element as a list: marked-content ids (ints) and dictionaries."""
    k = element.get("/K")
    k = k.get_object() if k is not None else []
    return [x.get_object() if hasattr(x, "get_object") else x for x in (k if isinstance(k, list) else [k])]


@pytest.mark.parametrize("name", all_names())
def test_tagged_and_identified_as_pdf_ua(pdf_dir, name):
    """A screen reader finds a tag tree (headings, paragraphs, links), the language and the title."""
    reader = PdfReader(pdf_dir / name)
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root, f"{name}: not tagged"
    assert bool(root["/MarkInfo"]["/Marked"]), f"{name}: MarkInfo/Marked is not true"
    assert str(root["/Lang"]) == "en", f"{name}: /Lang is {root.get('/Lang')!r}"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"], f"{name}: the viewer shows the file name, not the title"
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r'pdfuaid:part(="1"|>1</pdfuaid:part>)', xmp), f"{name}: no pdfuaid:part=1 in the XMP metadata"
    assert reader.metadata.title and reader.metadata.title in xmp, f"{name}: the XMP metadata lacks dc:title"

    elements = structure(reader)
    tags = Counter(str(e["/S"]) for e in elements)
    slug = urls.pdf_file_parts(name)[0]
    chapters = CHAPTERS if slug == WHOLE else [CHAPTERS[SLUGS.index(slug)]]
    assert tags["/H1"] == len(chapters), f"{name}: {tags['/H1']} H1 tags for {len(chapters)} chapter(s)"
    assert tags["/H2"] >= len(chapters), f"{name}: the chapter's sections are not tagged H2"
    paragraphs = sum(len(c.paragraphs) for c in chapters)
    assert tags["/P"] >= paragraphs, f"{name}: {tags['/P']} P tags for {paragraphs} paragraphs"
    assert tags["/L"] and tags["/LI"], f"{name}: lists are not tagged"

    # Each link annotation belongs to a Link element that also holds the link's text.
    links = [e for e in elements if e["/S"] == "/Link"]
    assert links, f"{name}: no Link structure elements"
    linked: set[int] = set()
    for link in links:
        parts = kids(link)
        objects = [p for p in parts if isinstance(p, dict) and p.get("/Type") == "/OBJR"]
        assert objects, f"{name}: a Link element without its annotation"
        assert any(isinstance(p, int) for p in parts), f"{name}: a Link element without text"
        linked.update(o.raw_get("/Obj").idnum for o in objects)
    for page in reader.pages:
        for reference in page.get("/Annots", []):
            annotation = reference.get_object()
            if annotation["/Subtype"] != "/Link":
                continue
            assert reference.idnum in linked, f"{name}: the link to {annotation.get('/Contents')!r} is not in a Link element"
            assert "/StructParent" in annotation and str(annotation.get("/Contents", "")).strip(), (
                f"{name}: a link annotation lacks its description or its structure parent"
            )
    for page in reader.pages:
        assert page.get("/Tabs") == "/S", f"{name}: tab order does not follow the structure"


# ── Text ─────────────────────────────────────────────────────────────────────────────────────


def check_paragraphs(path: Path, numbers: list[int]) -> None:
    text, _ = located(path)
    position = 0
    for number in numbers:
        words = letters(paragraph_text(number))
        start, end = words[:60], words[-60:]
        found = text.find(start, position)
        assert found >= 0, f"{path.name}: ¶{number} does not start here (or not in order): {start!r}"
        ends = text.find(end, found)
        assert ends >= 0, f"{path.name}: ¶{number} does not end as published: {end!r}"
        position = ends + len(end)


@pytest.mark.parametrize("size", documents.SIZES)
@pytest.mark.parametrize("chapter", CHAPTERS, ids=SLUGS)
def test_chapter_paragraphs_in_order(pdf_dir, chapter, size):
    check_paragraphs(pdf_dir / documents.pdf_name(chapter.slug, size), [p.number for p in chapter.paragraphs])


@pytest.mark.parametrize("size", documents.SIZES)
def test_whole_essay_paragraphs_in_order(pdf_dir, size):
    check_paragraphs(pdf_dir / documents.pdf_name(WHOLE, size), [p.number for p in load_essay(ROOT / paths.ESSAY).paragraphs])


@pytest.mark.parametrize("size", documents.SIZES)
@pytest.mark.parametrize("chapter", CHAPTERS, ids=SLUGS)
def test_paragraph_numbers_in_margin(pdf_dir, chapter, size):
    """"¶N" stands left of the paragraph's first line, as on the web."""
    layout = "\n".join(page_texts(pdf_dir / documents.pdf_name(chapter.slug, size), layout=True))
    for paragraph in chapter.paragraphs:
        first = paragraph_text(paragraph.number).split()[:2]
        pattern = rf"(?m)^\s*¶{paragraph.number}\s+" + r"\s+".join(map(re.escape, first))
        assert re.search(pattern, layout), f"¶{paragraph.number} is not in the margin of its first line"


@pytest.mark.parametrize("size", documents.SIZES)
@pytest.mark.parametrize("chapter", CHAPTERS, ids=SLUGS)
def test_no_word_hyphenated(pdf_site, chapter, size):
    """Hyphenation is off: a line ending in a hyphen ends a word that has the hyphen on the web too."""
    site, _ = pdf_site
    root = lxml_html.parse(str(site / chapter.slug / "index.html")).getroot()
    corpus = squash(root.text_content() + " " + str(EDITION))
    lines = [line.strip() for page in page_texts(site / "pdf" / documents.pdf_name(chapter.slug, size), layout=True)
             for line in page.splitlines() if line.strip()]
    for line, following in zip(lines, lines[1:], strict=False):
        if match := re.search(r"(\w+)[-\u2010\u00ad]$", line):  # ASCII, Unicode or soft hyphen
            joined = f"{match[1]}-{following.split()[0].lstrip('¶0123456789')}"
            assert joined.rstrip(".,;:”’)") in corpus or match[1] + "-" in corpus.replace(" ", ""), (
                f"{chapter.slug} ({size}): {match[1]}- / {following.split()[0]} looks hyphenated"
            )


@pytest.mark.parametrize("name", all_names())
def test_no_line_starts_with_a_note_call(pdf_dir, name):
    """A note's number stays on the line of the word it follows (as on the web): no call, set smaller
    than the body and followed by body text, stands at the left edge of the text column."""
    path = pdf_dir / name
    body = body_height(path)
    for number, page in enumerate(words_of_pages(path), start=1):
        column = min((x for height, _, x in page if abs(height - body) <= 0.3), default=None)
        for (height, word, x), following in zip(page, page[1:], strict=False):
            if word.isdigit() and height < body - 0.3 and abs(following[0] - body) <= 0.3 and abs(x - column) < 2:
                pytest.fail(f"{name} p. {number}: a line starts with the note call {word} ({following[1]} …)")


def check_notes(site: Path, url: str, path: Path, slugs: list[str]) -> int:
    """Each note's number, first words and link stand on the page where its reference is."""
    text, starts = located(path)
    pages = page_texts(path)
    whole = "\n".join(pages)
    assert "↩" not in whole, "the web's back-reference arrow is printed"
    checked = 0
    for slug in slugs:
        for number, before, opening in web_notes(site, slug):
            context = letters(before)
            window = context[-25:]
            while text.count(window) > 1 and len(window) < len(context):
                window = context[-(len(window) + 20) :]
            at = text.find(window)
            assert at >= 0, f"{path.name}: text before note {number} not found"
            page = page_at(starts, at + len(window) - 1)
            body = pages[page]
            last_word = before.split()[-1]
            printed_words = " ".join(w for _, w, _ in words_of_pages(path)[page])
            assert re.search(rf"{re.escape(last_word)} {number}(?!\d)", printed_words), (
                f"{path.name}: the call after {last_word!r} on p. {page + 1} does not print {number}"
            )
            pattern = rf"(?m)^\s*{number}\s+" + r"\s+".join(map(re.escape, opening.split()))
            assert re.search(pattern, body), (
                f"{path.name}: note {number} ({opening}…) is not at the foot of p. {page + 1}, which cites it"
            )
            link = f"{url}notes/{number}/"
            assert link in body.replace("\n", ""), f"{path.name}: {link} not printed with note {number}"
            assert whole.count(link) == 1, f"{path.name}: note {number} printed more than once"
            checked += 1
    return checked


@pytest.mark.parametrize("size", documents.SIZES)
@pytest.mark.parametrize("chapter", CHAPTERS, ids=SLUGS)
def test_notes_at_foot_of_citing_page(pdf_site, chapter, size):
    site, url = pdf_site
    check_notes(site, url, site / "pdf" / documents.pdf_name(chapter.slug, size), [chapter.slug])


@pytest.mark.parametrize("size", documents.SIZES)
def test_whole_essay_notes(pdf_site, size):
    site, url = pdf_site
    checked = check_notes(site, url, site / "pdf" / documents.pdf_name(WHOLE, size), SLUGS)
    assert checked == len(load_essay(ROOT / paths.ESSAY).note_markers())


@pytest.mark.parametrize("chapter", CHAPTERS, ids=SLUGS)
def test_note_status_labels_as_on_the_web(pdf_site, chapter):
    site, _ = pdf_site
    root = lxml_html.parse(str(site / chapter.slug / "index.html")).getroot()
    labels = [squash(s.text_content()) for s in root.xpath("//span[contains(@class, 'note-status')]")]
    printed = squash(" ".join(page_texts(site / "pdf" / documents.pdf_name(chapter.slug, "a4"))))
    for label in labels:
        assert label in printed, f"provenance label {label!r} missing"


@pytest.mark.parametrize("size", documents.SIZES)
@pytest.mark.parametrize("chapter", CHAPTERS, ids=SLUGS)
def test_title_block(pdf_site, chapter, size):
    site, url = pdf_site
    first = squash(page_texts(site / "pdf" / documents.pdf_name(chapter.slug, size))[0])
    essay, edition = EDITION["essay"], EDITION["edition"]
    flat = first.replace(" ", "")
    for fact in (essay["title"], essay["author"], essay["journal"], essay["date_label"], chapter.title, chapter.years):
        assert fact in first, f"title block lacks {fact!r}"
    for link in (essay["url"], f"{url}{chapter.slug}/"):
        assert link.replace("-", "") in flat.replace("-", ""), f"title block lacks {link}"
    assert re.search(rf"version {re.escape(str(edition['version']))}, \d{{4}}-\d{{2}}-\d{{2}}", first)


@functools.cache
def chapter_first_pages(pdf_dir: Path, size: str) -> tuple[int, ...]:
    """The page number on which each chapter starts in the whole essay (1-based), from its outline.
    Read once per PDF: parsing the whole essay takes a quarter of a second."""
    reader = PdfReader(pdf_dir / documents.pdf_name(WHOLE, size))
    return tuple(reader.get_destination_page_number(e) + 1 for e in reader.outline if not isinstance(e, list))


@pytest.mark.parametrize("name", all_names())
def test_running_head_and_page_numbers(pdf_dir, name):
    pages = page_texts(pdf_dir / name, layout=True)
    slug, size = urls.pdf_file_parts(name)
    firsts = chapter_first_pages(pdf_dir, size)
    first = 1 if slug == WHOLE else firsts[SLUGS.index(slug)]
    for index, text in enumerate(pages):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        assert lines[-1] == str(first + index), f"{name} p. {index + 1} ends {lines[-1]!r}"
        opens_chapter = index == 0 or (slug == WHOLE and index + 1 in firsts)
        if not opens_chapter:
            head = lines[0]
            assert head.startswith(EDITION["edition"]["short_title"]), f"{name} p. {index + 1}: head {head!r}"
            titles = [c.title for c in CHAPTERS] if slug == WHOLE else [CHAPTERS[SLUGS.index(slug)].title]
            assert any(head.endswith(t) for t in titles), f"{name} p. {index + 1}: head {head!r}"


@pytest.mark.parametrize("size", documents.SIZES)
def test_whole_essay_is_the_title_page_and_the_chapters_pages(pdf_dir, size):
    """Page references agree: the whole essay's pages are the chapter PDFs' pages, numbered alike."""
    whole = page_texts(pdf_dir / documents.pdf_name(WHOLE, size), layout=True)
    firsts = chapter_first_pages(pdf_dir, size)
    assert firsts[0] == 2, "the chapters start after the one title page"
    chapters = [page_texts(pdf_dir / documents.pdf_name(slug, size), layout=True) for slug in SLUGS]
    assert len(whole) == 1 + sum(len(pages) for pages in chapters)
    for slug, first, pages in zip(SLUGS, firsts, chapters, strict=True):
        assert whole[first - 1 : first - 1 + len(pages)] == pages, f"{slug} ({size}) differs in the whole essay"
    contents = squash(whole[0])
    for chapter, first in zip(CHAPTERS, firsts, strict=True):
        assert re.search(rf"{re.escape(chapter.years)}[ .]*{first}\b", contents), f"contents: {chapter.title} p. {first}"
    assert documents.PAGE_NUMBERS_NOTE in squash(chapters[0][0])


@pytest.mark.parametrize("size", documents.SIZES)
def test_whole_essay_outline(pdf_dir, size):
    reader = PdfReader(pdf_dir / documents.pdf_name(WHOLE, size))
    entries = [e for e in reader.outline if not isinstance(e, list)]
    assert [e.title for e in entries] == [f"{c.number}. {c.title} ({c.years})" for c in CHAPTERS]
    pages = [reader.get_destination_page_number(e) for e in entries]
    assert pages == sorted(pages) and len(set(pages)) == len(pages), "chapters do not start on their own pages"


# ── Extraction of the web page (fixture) ─────────────────────────────────────────────────────


def test_extraction_drops_chrome_and_places_notes():
    content = documents.extract_chapter(FIXTURE, "9-fixture", 9, "Fixture chapter", "1926–1927", "https://example.org/ed/")
    body = content.body
    for chrome in ("EDIT-BUTTON", "GLOSSARY-TOOLTIP-TEXT", "SENSE-NAV-WIDGET", "COPY-BUTTON", "SOURCE-FILE-DATE",
                   "FOOTER-CHROME", "theme script", "↩", "headerlink", "Generated by", 'class="footnote"'):
        assert chrome not in body, f"{chrome!r} left in the print content"
    root = lxml_html.fragment_fromstring(body, create_parent="div")
    assert len(root.xpath("//span[@class='pdf-note']")) == 2, "each note is printed once"
    again = root.xpath("//sup[@data-note='14']")[1]
    assert "pdf-note-again" in again.get("class")
    assert again.getnext() is None or again.getnext().get("class") != "pdf-note", "note 14 printed twice"
    for number in ("14", "15"):
        sup = root.xpath(f"//sup[@data-note='{number}']")[0]
        note = sup.getnext()
        assert note is not None and note.get("class") == "pdf-note" and note.get("data-note") == number
        assert note.xpath(".//span[@class='note-status']"), "provenance label lost"
        assert f"https://example.org/ed/notes/{number}/" in note.text_content()
    assert "Then more text." in root.xpath("//p[@id='p40']")[0].text_content(), "text after a note lost"
    last = root[-1]
    assert last.tag == "section" and "pdf-senses" in last.get("class") and "SENSES-BLOCK-TEXT" in last.text_content()
    assert last.xpath(".//a/@href") == ["https://example.org/ed/senses/#red-tape"]
    assert root.xpath("//a[@class='pnum ed']/@href")[0] == "https://example.org/ed/9-fixture/#p40"


def test_fixture_renders_with_senses_and_without_screen_only(tmp_path, pdf_site):
    site, _ = pdf_site
    shutil.copytree(site / "assets" / "fonts", tmp_path / "assets" / "fonts")
    content = documents.extract_chapter(FIXTURE, "9-fixture", 9, "Fixture chapter", "1926–1927", "https://example.org/ed/")
    facts = {"essay": dict(EDITION["essay"]), "edition": dict(EDITION["edition"])}
    source = documents.chapter_html(content, 9, facts, builtpages.build_date())
    target = tmp_path / "fixture.pdf"
    document, _ = render._Renderer(tmp_path, facts).render(source, tmp_path.as_uri() + "/", "a4")
    render.write_pdf(document, target)
    text = "\n".join(page_texts(target))
    assert "SENSES-BLOCK-TEXT" in text
    assert "GLOSSARY-TOOLTIP-TEXT" not in text and "SENSE-NAV-WIDGET" not in text
    assert re.search(r"(?m)^\s*14\s+Leon Trotsky, Fixture Work", text), "note 14 not printed under its number"
    assert text.index("Omega paragraph") < text.index("SENSES-BLOCK-TEXT"), "senses block is not at the end"
    assert re.search(r"fourteen again\s*14\s+and closes", text), "a second call of note 14 is not printed"


# ── A note stays on the page that cites it ──────────────────────────────────────────────────

# A 300 px page: a 265 px block, a one-line paragraph citing note 1 (whose text takes the page's
# last 10 px), then a five-line paragraph of which only the first line fits. Its second line is
# needed for `orphans: 2`: WeasyPrint 70 alone makes room by moving note 1 to the next page.
NOTE_CSS = """
@page { size: 200px 300px; margin: 0; @footnote { margin: 0; padding: 0; border: 0; } }
html { font: 8px/10px serif; }
body, div, p { margin: 0; }
p { orphans: 2; widows: 2; }
.pdf-note { float: footnote; footnote-policy: line; }
.pdf-note::footnote-call { content: attr(data-note); vertical-align: baseline; }
"""
NOTE_PAGE = """<html lang="en"><body>
<div data-pdf-block="b0" style="height: 265px"></div>
<p data-pdf-block="b1">Cited here<span class="pdf-note" data-note="1">The note.</span></p>
<p data-pdf-block="b2">one<br>two<br>three<br>four<br>five</p>
</body></html>"""


def lay_out_note_page():
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    return pdf_layout.lay_out(HTML(string=NOTE_PAGE), [CSS(string=NOTE_CSS, font_config=font_config)], font_config)


@pytest.mark.pdf  # WeasyPrint lays out a document
def test_weasyprint_alone_moves_a_cited_note_to_make_room_for_orphans():
    """The canary: what lay_out's second layout corrects (Kozea/WeasyPrint#2432, PR #2437). Should
    this fail after an upgrade, WeasyPrint keeps the note by itself: the PDFs then take one layout
    each, and edition/books/pdf/layout.py's comment can say so."""
    from weasyprint import CSS, HTML

    document = HTML(string=NOTE_PAGE).render(stylesheets=[CSS(string=NOTE_CSS)])
    assert pdf_layout.misplaced_notes(document) == [("1", 0)]


@pytest.mark.pdf  # WeasyPrint lays out a document
def test_a_forced_break_brings_the_note_back_to_the_page_that_cites_it():
    document, layouts = lay_out_note_page()
    assert pdf_layout.misplaced_notes(document) == [] and layouts == 2
    assert [pdf_layout.last_block(page) for page in document.pages] == ["b1", "b2"], "the paragraph starts page 2"


# ── Making the PDFs in worker processes ──────────────────────────────────────────────────────


def fixture_sets(site: Path) -> list[render.PdfSet]:
    """The fixture chapter and a whole essay of it, in both sizes, on a site that has only the fonts."""
    shutil.copytree(ROOT / "docs" / "assets" / "fonts", site / "assets" / "fonts")
    facts = {"essay": dict(EDITION["essay"]), "edition": dict(EDITION["edition"])}
    content = documents.extract_chapter(FIXTURE, "9-fixture", 9, "Fixture chapter", "1926–1927", "https://example.org/ed/")
    return render.pdf_sets([content], site, "https://example.org/ed/", facts, "whole", builtpages.build_date())


@pytest.mark.pdf  # WeasyPrint lays out a document
def test_workers_write_the_same_bytes_as_one_process(tmp_path):
    sets = fixture_sets(tmp_path / "site")
    made = books_pdf._make_in_parallel(sets, tmp_path / "site", workers=2)
    assert [[m.path for m in in_set] for in_set in made] == [[s.chapters[0].target, s.target] for s in sets]
    assert all(m.seconds > 0 and m.layouts == 1 for in_set in made for m in in_set)
    in_parallel = [m.path.read_bytes() for in_set in made for m in in_set]
    for m in (m for in_set in made for m in in_set):
        m.path.unlink()
    renderer = render._Renderer(tmp_path / "site", sets[0].facts)
    in_one = [m.path.read_bytes() for job in sets for m in render._make_set(renderer, job)]
    assert in_one == in_parallel, "a PDF differs when made in one process"


@pytest.mark.pdf  # WeasyPrint lays out a document
def test_the_whole_essay_is_made_of_its_chapters_pages(tmp_path):
    job = fixture_sets(tmp_path / "site")[0]
    chapter, whole = render._make_set(render._Renderer(tmp_path / "site", job.facts), job)
    chapter_pages, whole_pages = page_texts(chapter.path), page_texts(whole.path)
    assert whole_pages[1:] == chapter_pages and "Fixture chapter" in whole_pages[0]


@pytest.mark.pdf  # WeasyPrint lays out a document
def test_a_failure_in_a_worker_names_the_pdf(tmp_path):
    sets = fixture_sets(tmp_path / "site")
    (tmp_path / "site" / "pdf").write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(documents.PdfError, match=r"PDF of chapter '9-fixture' \((a4|letter)\)"):
        books_pdf._make_in_parallel(sets, tmp_path / "site", workers=2)


@pytest.mark.pdf  # WeasyPrint lays out a document
def test_a_title_page_over_one_page_is_refused(tmp_path, monkeypatch):
    job = fixture_sets(tmp_path / "site")[0]
    monkeypatch.setattr(render, "title_page_html", lambda *args: "<html lang='en'><body>"
                        + "<p style='break-after: page'>title</p><p>more</p></body></html>")
    with pytest.raises(documents.PdfError, match=r"PDF of the whole essay \(a4\): the title page runs to 2 pages"):
        render._make_set(render._Renderer(tmp_path / "site", job.facts), job)


# ── Failures and reproducibility ─────────────────────────────────────────────────────────────


def copy_site(site: Path, target: Path) -> Path:
    for slug in SLUGS:
        shutil.copytree(site / slug, target / slug, ignore=shutil.ignore_patterns("*.pdf"))
    shutil.copytree(site / "assets" / "fonts", target / "assets" / "fonts")
    return target


def test_missing_page_names_the_chapter(tmp_path, pdf_site, project):
    target = copy_site(pdf_site[0], tmp_path / "site")
    shutil.rmtree(target / SLUGS[2])
    with pytest.raises(documents.PdfError, match=SLUGS[2]):
        books_pdf.make_pdfs(target, "https://example.org/", project)
    assert not (target / "pdf").exists() or not any((target / "pdf").iterdir())


def test_broken_note_names_the_chapter(tmp_path, pdf_site, project):
    target = copy_site(pdf_site[0], tmp_path / "site")
    page = target / SLUGS[4] / "index.html"
    page.write_text(re.sub(r'<li class="note" id="note-15".*?</li>', "", page.read_text(encoding="utf-8"),
                           flags=re.S), encoding="utf-8")
    with pytest.raises(documents.PdfError, match=rf"{SLUGS[4]}.*note 15"):
        books_pdf.make_pdfs(target, "https://example.org/", project)




# ── The study sheet on paper, and what each download weighs ─────────────────────────────────


@pytest.mark.parametrize("size", ["a4", "letter"])
@pytest.mark.parametrize("chapter", CHAPTERS, ids=SLUGS)
def test_each_question_for_discussion_stands_whole_on_one_page(pdf_dir, chapter, size):
    """A question split across two sheets cost a study group a sheet per copy (6 of 12 PDFs split
    one); each now stands whole on one page, and the heading stands with the first question."""
    from edition.sources.questions import load_questions

    pages = [letters(page) for page in page_texts(pdf_dir / f"{chapter.slug}-{size}.pdf")]
    questions = load_questions(load_essay(ROOT / paths.ESSAY), CHAPTERS, ROOT / paths.QUESTIONS)[chapter.slug]
    assert questions
    heading = next(i for i, page in enumerate(pages) if letters("Questions for discussion") in page)
    for index, question in enumerate(questions):
        start, end = letters(" ".join(question.text.split()[:6])), letters(" ".join(question.text.split()[-6:]))
        holding = [i for i, page in enumerate(pages) if start in page]
        assert holding, f"question {index + 1} not found"
        assert end in pages[holding[-1]], f"question {index + 1} runs over a page break"
        if index == 0:
            assert holding[-1] == heading, "the heading stands apart from the first question"


def test_each_download_link_says_its_pages_and_size(pdf_site):
    """ "PDF, A4 (5 pages, 62 KB)": a group that prints eight copies knows the cost before it prints."""
    site, _ = pdf_site
    for chapter in CHAPTERS:
        root = lxml_html.parse(str(site / chapter.slug / "index.html")).getroot()
        facts = root.xpath("//p[contains(@class, 'pdf-links')]//span[@class='download-facts']")
        assert len(facts) == 5, f"{chapter.slug}: {len(facts)} download facts"
        for span in facts:
            path = site / span.get("data-file")
            size = f"{max(1, round(path.stat().st_size / 1024))} KB"
            if path.suffix == ".pdf":
                pages = len(PdfReader(str(path)).pages)
                assert span.text_content() == f" ({pages} pages, {size})", f"{path.name}: {span.text_content()!r}"
            else:
                assert span.text_content() == f" ({size})"
