"""Chapter PDFs for study groups: each chapter, and the whole essay, in A4 and US Letter.

Called once per build (from the MkDocs ``on_post_build`` hook) on the *built* pages, so the PDFs
show exactly the text, ¶ numbers and notes of the web edition:

    make_pdfs(site_dir, site_url, project)  ->  site_dir/pdf/<slug>-a4.pdf, <slug>-letter.pdf, <essay stem>-*.pdf

Each chapter page's article is extracted once, stripped of the theme's chrome, and each note is
moved next to its reference (``span.pdf-note``) so that CSS ``float: footnote`` sets it at the foot
of the page where it is cited, under the essay's own note number. ``edition/pdf.css`` does the rest.
Each paper size is one set, made in one process: the chapters in order, each laid out once with its
first page numbered where it falls in the whole essay, then the whole essay, which is a title page
with contents followed by the chapters' own laid-out pages. So a chapter's PDF and the whole essay
show the same pages under the same page numbers, and the whole essay costs only its title page and
its writing. The sets are made in worker processes, one per CPU (``render_pdfs``, which also says
how long each PDF took). Builds are reproducible: with SOURCE_DATE_EPOCH set, the printed date and
the PDF dates come from it, and a PDF's bytes do not depend on the process that made it.

Three WeasyPrint 70 quirks are worked around (each has a test in tests/test_pdf.py):
- to give a paragraph the lines `orphans` asks for at the foot of a page, WeasyPrint moves notes
  already cited on the page to the next one; while the PDFs are laid out, its line layout honours the
  notes' `footnote-policy: line` instead, so the paragraph starts on the next page
  (``footnote_policy_respected``). ``lay_out`` checks every note in the laid-out boxes, and should one
  still stand on another page than its call, forces a page break before the last block of the citing
  page and lays the document out again;
- lines break too early around inline elements, so sense and glossary links inside the essay's
  paragraphs print as plain text;
- Pango allows a line break between "." and a digit, so the note call starts with a word joiner.
"""

from __future__ import annotations

import ast
import copy
import datetime as dt
import functools
import gc
import html as htmlmod
import inspect
import os
import tempfile
import textwrap
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from lxml import html as lxml_html

from edition import urls

ROOT = Path(__file__).resolve().parent.parent
CSS_PATH = Path(__file__).resolve().with_name("pdf.css")

SIZES = urls.PAPER_SIZES
PAGE_SIZES = {"a4": "A4", "letter": "letter"}  # CSS @page size keywords
# Tagged PDF identified as PDF/UA-1 (ISO 14289-1): a structure tree (headings, paragraphs, lists, links),
# the document language from <html lang>, the title shown instead of the file name, and pdfuaid:part=1
# in the XMP metadata, so screen readers read the PDFs in order. WeasyPrint keeps float: footnote.
PDF_VARIANT = "pdf/ua-1"

# Theme chrome and web-only widgets that never go to print (classes, then tags).
DROP_CLASSES = ("headerlink", "md-source-file", "md-content__button", "md-footer", "footnote-backref", "ed-screen-only")
DROP_TAGS = ("button", "script", "style", "noscript", "template")


class PdfError(RuntimeError):
    """A PDF could not be made; the message names the chapter (or the whole essay)."""


def pdf_name(slug: str, size: str) -> str:
    """File name of a PDF inside site_dir/pdf/ (see urls.pdf_file)."""
    return urls.pdf_file(slug, size)


def build_date() -> dt.datetime:
    """The edition's date: SOURCE_DATE_EPOCH if set (reproducible builds), else now; in UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.now(tz=dt.UTC).replace(microsecond=0)


# ── Reading the built pages ─────────────────────────────────────────────────────────────────


@dataclass
class ChapterContent:
    slug: str
    number: int
    title: str
    years: str
    url: str  # absolute URL of the chapter page in this edition
    body: str  # the cleaned article HTML: heading, essay text, notes in place, senses block


def _has_class(name: str) -> str:
    """XPath test for an element with the class `name` (lxml's cssselect is not a dependency)."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def _find(root, tag: str = "*", *classes: str) -> list:
    """Descendants of root with the tag and every class given."""
    tests = "".join(f"[{_has_class(c)}]" for c in classes)
    return root.xpath(f".//{tag}{tests}")


def _esc(text: str) -> str:
    return htmlmod.escape(str(text), quote=True)


def _serialize(element) -> str:
    return lxml_html.tostring(element, encoding="unicode", method="html", with_tail=False)


def _strip_trailing_space(element) -> None:
    """Drop the spaces (the web's no-break space before "↩") that would end a note with a blank line."""
    spaces = " \t\n\xa0"
    if len(element):
        last = element[-1]
        last.tail = (last.tail or "").rstrip(spaces) or None
    elif element.text:
        element.text = element.text.rstrip(spaces)


def _inline_note(li, number: str, site_url: str, page_url: str):
    """The note's content as one inline-level span.pdf-note (no <p>: it goes inside a paragraph)."""
    span = lxml_html.Element("span", {"class": "pdf-note", "data-note": number})
    for more in _find(li, "*", "note-more"):
        # The web links to the note's page ("Sources and evidence for note 14"): print its full URL.
        url = urljoin(site_url, urls.note_page(int(number)))
        tail = more.tail
        more.clear()
        more.set("class", "note-more")
        more.text = "Sources and evidence: "
        link = lxml_html.Element("a", {"href": url, "class": "pdf-url"})
        link.text = url
        more.append(link)
        more.tail = tail
    blocks = [child for child in li if child.tag in ("p", "div")] or [li]
    first = True
    if li.text and li.text.strip() and blocks[0] is not li:
        span.text = li.text
    for block in blocks:
        part = lxml_html.Element("span", {"class": "pdf-note-p" if first else "pdf-note-p pdf-note-more"})
        part.text = block.text
        for child in list(block):
            if block is li and child.tag in ("p", "div"):
                continue
            part.append(child)
        _strip_trailing_space(part)
        span.append(part)
        first = False
    for a in span.iter("a"):
        if a.get("href"):
            a.set("href", urljoin(page_url, a.get("href")))
    return span


def read_article(page: Path, error: type[Exception] = PdfError, keep: tuple[str, ...] = ()):
    """The article of a built page, without comments, theme chrome and web-only widgets (also used
    by edition/epub.py, which keeps some of them: classes in `keep`). A missing page or article raises
    `error` naming the file."""
    if not page.is_file():
        raise error(f"built page {page} not found")
    root = lxml_html.parse(str(page)).getroot()
    found = _find(root, "article", "md-content__inner") or _find(root, "*", "md-content__inner")
    if not found:
        raise error(f"{page}: no article.md-content__inner in the built page")
    article = copy.deepcopy(found[0])
    for comment in article.xpath(".//comment()"):
        comment.drop_tree()
    kept = set(keep)
    for name in DROP_CLASSES:
        for element in _find(article, "*", name):
            if not kept & set((element.get("class") or "").split()):
                element.drop_tree()
    for tag in DROP_TAGS:
        for element in article.xpath(f".//{tag}"):
            element.drop_tree()
    return article


def extract_chapter(page: Path, slug: str, number: int, title: str, years: str, site_url: str) -> ChapterContent:
    """Read a built chapter page and return its printable content."""
    article = read_article(page)
    page_url = urljoin(site_url, urls.chapter(slug))

    # Web annotations inside the essay's paragraphs (sense and glossary links) print as plain text:
    # WeasyPrint 70 breaks lines too early around inline elements, and the links only serve the web.
    for para in _find(article, "p", "essay-para"):
        for inline in para.xpath(".//a | .//span"):
            classes = (inline.get("class") or "").split()
            if not {"pnum", "footnote-ref"} & set(classes) and inline.getparent().tag != "sup":
                inline.drop_tag()

    # Notes: the list at the end of the chapter, keyed by the essay's note number.
    notes: dict[str, object] = {}
    for li in article.xpath(f".//div[{_has_class('footnote')}]//li[{_has_class('note')} or starts-with(@id, 'note-')]"):
        value = li.get("value") or li.get("id", "").removeprefix("note-")
        notes[value] = li
    seen: set[str] = set()
    for sup in _find(article, "sup", "note-ref"):
        number_ = sup.get("data-note") or sup.text_content().strip()
        if number_ in seen:  # a second reference to the same note: print its number only
            sup.set("class", sup.get("class", "") + " pdf-note-again")
            continue
        li = notes.get(number_)
        if li is None:
            raise PdfError(f"note {number_} is cited in the text but missing from the notes")
        seen.add(number_)
        note = _inline_note(li, number_, site_url, page_url)
        note.tail = sup.tail
        sup.tail = None
        sup.addnext(note)
    missing = sorted(set(notes) - seen, key=lambda n: int(n) if n.isdigit() else 0)
    if missing:
        raise PdfError(f"notes {', '.join(missing)} are never cited in the text")
    for footnotes in _find(article, "div", "footnote"):
        footnotes.drop_tree()

    # The senses of "bureaucracy" met in the chapter, then its study sheet, if the page has them:
    # blocks at the end, after the text (whose notes stand at the foot of each page).
    for name, print_class in (("chapter-senses", "pdf-senses"), ("study-sheet", "pdf-study")):
        for section in _find(article, "section", name):
            section.getparent().remove(section)
            section.set("class", (section.get("class", "") + " " + print_class).strip())
            article.append(section)

    # Links point to the web edition (absolute), so they work from a printout's PDF.
    for a in article.iter("a"):
        href = a.get("href")
        if href and not a.get("class", "").startswith("pdf-url"):
            a.set("href", urljoin(page_url, href))

    h1s = article.xpath(".//h1")
    if not h1s:
        raise PdfError(f"{page}: no h1 in the chapter page")
    h1 = h1s[0]
    h1.set("class", (h1.get("class", "") + " chapter-title").strip())
    h1.set("data-running", title)
    h1.set("data-bookmark", f"{number}. {title} ({years})")
    h1.set("id", f"chapter-{number}")

    # Each top-level block gets a name, so a page break can be forced before it (see _Renderer.render).
    for index, child in enumerate(article):
        child.set("data-pdf-block", f"{slug}-{index}")

    body = "".join(_serialize(child) for child in article)
    return ChapterContent(slug=slug, number=number, title=title, years=years, url=page_url, body=body)


# ── Assembling the print documents ──────────────────────────────────────────────────────────


def _edition_facts(edition: dict) -> dict:
    return {"essay": dict(edition["essay"]), "edition": dict(edition["edition"])}


def _head(title: str, subject: str, facts: dict, when: dt.datetime) -> str:
    essay = facts["essay"]
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    keywords = "Trotsky, Soviet bureaucracy, Stalinism, Thermidor, Twiss"
    return (
        "<head><meta charset='utf-8'>"
        f"<title>{_esc(title)}</title>"
        f"<meta name='author' content='{_esc(essay['author'])}'>"
        f"<meta name='description' content='{_esc(subject)}'>"
        f"<meta name='keywords' content='{_esc(keywords)}'>"
        f"<meta name='generator' content='{_esc(facts['edition']['title'])}'>"
        f"<meta name='dcterms.created' content='{stamp}'>"
        f"<meta name='dcterms.modified' content='{stamp}'>"
        "</head>"
    )


def _publication(facts: dict) -> str:
    essay = facts["essay"]
    return (
        f"<p class='pdf-published'>First published in <cite>{_esc(essay['journal'])}</cite>, "
        f"{_esc(essay['date_label'])}: <a class='pdf-url' href='{_esc(essay['url'])}'>{_esc(essay['url'])}</a></p>"
    )


def _edition_line(facts: dict, when: dt.datetime, url: str, label: str) -> str:
    edition = facts["edition"]
    return (
        f"<p class='pdf-edition'>{_esc(label)} <a class='pdf-url' href='{_esc(url)}'>{_esc(url)}</a><br>"
        f"{_esc(edition['short_title'])}, version {_esc(edition['version'])}, {when:%Y-%m-%d}</p>"
    )


PAGE_NUMBERS_NOTE = "Its pages are numbered as in the whole essay’s PDF."


def chapter_html(chapter: ChapterContent, total: int, facts: dict, when: dt.datetime) -> str:
    essay = facts["essay"]
    subject = f"Chapter {chapter.number} of {total}: {chapter.title} ({chapter.years})"
    title = f"{chapter.title} ({chapter.years}) — {essay['title']}"
    block = (
        "<header class='pdf-title-block'>"
        f"<p class='pdf-author'>{_esc(essay['author'])}</p>"
        f"<p class='pdf-essay-title'>{_esc(essay['title'])}</p>"
        f"{_publication(facts)}"
        f"{_edition_line(facts, when, chapter.url, f'Chapter {chapter.number} of {total} in this edition:')}"
        f"<p class='pdf-page-numbers'>{_esc(PAGE_NUMBERS_NOTE)}</p>"
        "</header>"
    )
    return (
        f"<!DOCTYPE html><html lang='en'>{_head(title, subject, facts, when)}"
        f"<body class='pdf-chapter'>"
        f"{block}<section class='pdf-chapter-body' data-slug='{_esc(chapter.slug)}'>{chapter.body}</section>"
        "</body></html>"
    )


def title_page_html(chapters: list[ChapterContent], first_pages: list[int], site_url: str, facts: dict,
                    when: dt.datetime) -> str:
    """The whole essay's first page: title, publication, edition and contents. The rest of the
    whole essay is its chapters' own pages (see _make_set), so the contents give the page on which
    each chapter's PDF starts."""
    essay = facts["essay"]
    # Plain text inside each link: WeasyPrint gives an element inside a link an annotation of its own,
    # outside any Link tag, which a tagged (PDF/UA) document must not have.
    contents = "".join(
        f"<li><a href='#chapter-{c.number}' data-page='{page}'>{_esc(c.title)}\u2002{_esc(c.years)}</a></li>"
        for c, page in zip(chapters, first_pages, strict=True)
    )
    block = (
        "<header class='pdf-title-block pdf-title-page'>"
        f"<p class='pdf-author'>{_esc(essay['author'])}</p>"
        f"<p class='pdf-essay-title'>{_esc(essay['title'])}</p>"
        f"{_publication(facts)}"
        f"{_edition_line(facts, when, site_url, 'The annotated edition online:')}"
        f"<ol class='pdf-contents'>{contents}</ol>"
        "</header>"
    )
    subject = f"The whole essay, in {len(chapters)} chapters, with its notes"
    return (
        f"<!DOCTYPE html><html lang='en'>{_head(essay['title'], subject, facts, when)}"
        f"<body class='pdf-essay'>{block}</body></html>"
    )


# ── Notes at the foot of the citing page: WeasyPrint 70 and footnote-policy ─────────────────

# WeasyPrint 70 (layout/block.py, _linebox_layout) has a paragraph that reaches the foot of a page
# with a single line (fewer than `orphans`) take room from the page's notes: it "reports" the notes
# already set there to the next page, though their calls stay on this one. The notes' CSS says
# `footnote-policy: line`, under which a note never leaves the page of its call, so we decide that
# one case as the policy says: a note is reported only under `footnote-policy: auto`, and otherwise
# the paragraph starts on the next page, as it does when no note is set. The function is
# recompiled from WeasyPrint's own source with that one test added, and used only while the PDFs
# are laid out; a WeasyPrint whose source lacks the line fails loudly (tests/test_pdf.py).
REPORT_DECISION = "report = not context.in_column and can_break_now and not could_break_before"
POLICY_TEST = " and all(note.style['footnote_policy'] == 'auto' for note in context.current_page_footnotes)"


def respect_footnote_policy(linebox_layout):
    """A copy of WeasyPrint's `_linebox_layout` whose orphans rule reports notes only under
    `footnote-policy: auto` (see above); raises PdfError if its source has changed."""
    source = textwrap.dedent(inspect.getsource(linebox_layout))
    if source.count(REPORT_DECISION) != 1:
        raise PdfError(
            f"{linebox_layout.__module__}.{linebox_layout.__name__} has changed: the footnote-policy "
            "patch in edition/pdf.py expects the line " + repr(REPORT_DECISION)
        )
    tree = ast.parse(source.replace(REPORT_DECISION, REPORT_DECISION + POLICY_TEST))
    ast.increment_lineno(tree, linebox_layout.__code__.co_firstlineno - 1)  # tracebacks show the real lines
    namespace = dict(linebox_layout.__globals__)
    exec(compile(tree, linebox_layout.__code__.co_filename, "exec"), namespace)
    return namespace[linebox_layout.__name__]


@functools.cache
def _policy_linebox_layout():
    from weasyprint.layout import block

    return respect_footnote_policy(block._linebox_layout)


@contextmanager
def footnote_policy_respected():
    """Lay out with respect_footnote_policy's line layout; WeasyPrint's own is back afterwards."""
    from weasyprint.layout import block

    original = block._linebox_layout
    block._linebox_layout = _policy_linebox_layout()
    try:
        yield
    finally:
        block._linebox_layout = original


MAX_RELAYOUTS = 4


def lay_out(html, stylesheets: list, font_config):
    """Lay out a parsed document so that every note stands on the page that cites it.

    Returns (the WeasyPrint document, how many layouts it took). With footnote_policy_respected, one
    layout is enough. Should a note still end up on another page than its call (say, in a layout
    that WeasyPrint finishes otherwise), a page break is forced before the last top-level block of
    the citing page (`data-pdf-block`) and the document is laid out again, at most MAX_RELAYOUTS times.
    """
    from weasyprint import CSS

    breaks: list[str] = []
    sheets = list(stylesheets)
    with footnote_policy_respected():
        for attempt in range(MAX_RELAYOUTS + 1):
            document = html.render(stylesheets=sheets, font_config=font_config)
            misplaced = misplaced_notes(document)
            if not misplaced:
                return document, attempt + 1
            for note, page in misplaced:
                block = last_block(document.pages[page])
                if block is None or block in breaks:
                    raise PdfError(f"note {note} cannot be set at the foot of page {page + 1}, which cites it")
                breaks.append(block)
            rules = " ".join(f'[data-pdf-block="{b}"] {{ break-before: page; }}' for b in breaks)
            sheets = [*stylesheets, CSS(string=rules, font_config=font_config)]
    notes = ", ".join(note for note, _ in misplaced)
    raise PdfError(f"notes {notes} stay off the page that cites them after {MAX_RELAYOUTS} new layouts")


def _is_note(box) -> bool:
    element = getattr(box, "element", None)
    return element is not None and "pdf-note" in (element.get("class") or "").split()


def misplaced_notes(document) -> list[tuple[str, int]]:
    """(note number, index of the page citing it) for each note not printed on that page."""
    from weasyprint.formatting_structure.boxes import FootnoteAreaBox

    calls: dict[str, int] = {}
    printed: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        flow, *others = page._page_box.children  # the page's flow, then its footnote area if it has notes
        for box in flow.descendants():
            if _is_note(box) and box.element_tag.endswith("::footnote-call"):
                calls.setdefault(box.element.get("data-note"), index)
        for area in others:
            if isinstance(area, FootnoteAreaBox):
                for box in area.descendants():
                    if _is_note(box) and "::" not in box.element_tag:
                        printed.setdefault(box.element.get("data-note"), index)
    return [(note, page) for note, page in calls.items() if printed.get(note) != page]


def last_block(page) -> str | None:
    """The name (data-pdf-block) of the last top-level block that starts or goes on on a page."""
    last = None
    for box in page._page_box.children[0].descendants():
        element = getattr(box, "element", None)
        if element is not None and element.get("data-pdf-block") and "::" not in box.element_tag:
            last = element.get("data-pdf-block")
    return last


# ── Rendering ───────────────────────────────────────────────────────────────────────────────


def _check_fonts(site_dir: Path) -> None:
    fonts = site_dir / "assets" / "fonts"
    for name in ("regular", "italic", "bold"):
        if not (fonts / f"edition-serif-{name}.woff2").is_file():
            raise PdfError(f"font {fonts / f'edition-serif-{name}.woff2'} is missing from the built site")


class _Renderer:
    """One FontConfiguration and one parsed stylesheet per page size, shared by every document."""

    def __init__(self, site_dir: Path, facts: dict):
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration
        from weasyprint.urls import URLFetcher

        # Only local files (the fonts): a PDF build never touches the network.
        self.fetcher = URLFetcher(allowed_protocols=["file"], fail_on_errors=True)
        self.font_config = FontConfiguration()
        _check_fonts(site_dir)
        base = (site_dir / "assets").as_uri() + "/"
        running = facts["edition"]["short_title"].replace("\\", "\\\\").replace('"', '\\"')
        text = CSS_PATH.read_text(encoding="utf-8").replace("__RUNNING_TITLE__", running)
        self.base = CSS(string=text, base_url=base, font_config=self.font_config, url_fetcher=self.fetcher)
        self.sizes = {
            size: CSS(string=f"@page {{ size: {keyword}; }}", font_config=self.font_config)
            for size, keyword in PAGE_SIZES.items()
        }

    def render(self, source: str, base_url: str, size: str, first_page: int = 1):
        """Parse and lay out a document whose first page is numbered first_page (see lay_out);
        returns (document, layouts)."""
        from weasyprint import CSS, HTML

        html = HTML(string=source, base_url=base_url, url_fetcher=self.fetcher)
        sheets = [self.base, self.sizes[size]]
        if first_page != 1:
            sheets.append(CSS(string=f"@page :first {{ counter-reset: page {first_page}; }}",
                              font_config=self.font_config))
        return lay_out(html, sheets, self.font_config)


def write_pdf(document, target: Path) -> None:
    """Write a laid-out document to target, whole or not at all."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            document.write_pdf(out, pdf_identifier=False, pdf_variant=PDF_VARIANT)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a web server must be able to read it
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class PrintDocument:
    """One chapter's print document and where its PDF goes."""

    what: str  # "chapter '<slug>'", for error messages
    source: str  # the print document's HTML
    base_url: str
    target: Path


@dataclass(frozen=True)
class PdfSet:
    """The PDFs of one paper size: each chapter, then the whole essay, made of a title page and the
    chapters' own pages (so each chapter's pages carry its page numbers in the whole essay)."""

    size: str
    chapters: tuple[PrintDocument, ...]
    contents: tuple[ChapterContent, ...]  # for the title page's contents
    site_url: str
    facts: dict
    when: dt.datetime
    base_url: str  # the title page's
    target: Path  # the whole essay's


@dataclass(frozen=True)
class MadePdf:
    path: Path
    # Wall-clock time of its own layout and writing, in the process that made it. The whole essay
    # lays out only its title page: its other pages are the chapters', laid out for their PDFs.
    seconds: float
    layouts: int  # 1 unless a note had to be moved back to the page that cites it (see lay_out)


def _failed(what: str, size: str, error: Exception) -> PdfError:
    return PdfError(f"PDF of {what} ({size}): {error}")


def _make_set(renderer: _Renderer, job: PdfSet) -> list[MadePdf]:
    """Make every chapter's PDF of one size, in order, then the whole essay from their pages."""
    made: list[MadePdf] = []
    chapter_pages: list = []
    first_pages: list[int] = []
    next_page = 2  # the whole essay's title page is page 1
    # The laid-out boxes are garbage only once the whole essay is written: the collector need not
    # look for it while WeasyPrint works (about 4% of the time), and collects it once, afterwards.
    gc.disable()
    try:
        for chapter in job.chapters:
            start = time.perf_counter()
            try:
                document, layouts = renderer.render(chapter.source, chapter.base_url, job.size, next_page)
                write_pdf(document, chapter.target)
            except Exception as error:
                raise _failed(chapter.what, job.size, error) from error
            made.append(MadePdf(chapter.target, time.perf_counter() - start, layouts))
            first_pages.append(next_page)
            chapter_pages.extend(document.pages)
            next_page += len(document.pages)

        start = time.perf_counter()
        try:
            source = title_page_html(list(job.contents), first_pages, job.site_url, job.facts, job.when)
            title, layouts = renderer.render(source, job.base_url, job.size)
            if len(title.pages) != 1:
                raise PdfError(f"the title page runs to {len(title.pages)} pages; the chapters are numbered from 2")
            write_pdf(title.copy([*title.pages, *chapter_pages]), job.target)  # the title page's metadata
        except Exception as error:
            raise _failed("the whole essay", job.size, error) from error
        made.append(MadePdf(job.target, time.perf_counter() - start, layouts))
    finally:
        gc.enable()
        gc.collect()
    return made


_worker: dict[str, _Renderer] = {}  # each worker process's renderer, made for its first job


def _make_set_in_worker(job: PdfSet, site_dir: Path) -> list[MadePdf]:
    if "renderer" not in _worker:
        _worker["renderer"] = _Renderer(site_dir, job.facts)
        gc.freeze()  # the fonts, stylesheets and modules stay: the collector need not walk them again
    return _make_set(_worker["renderer"], job)


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worker_count(requested: int | None = None) -> int:
    """How many processes make the PDFs: one per paper size's set, at most one per CPU (or `requested`)."""
    return min(available_cpus() if requested is None else requested, len(SIZES))


def pdf_sets(contents: list[ChapterContent], site_dir: Path, site_url: str, facts: dict, whole: str,
             when: dt.datetime) -> list[PdfSet]:
    """One set per paper size: every chapter, then the whole essay."""
    out_dir = site_dir / urls.PDF_DIR
    sources = [chapter_html(c, len(contents), facts, when) for c in contents]
    return [
        PdfSet(
            size=size,
            chapters=tuple(
                PrintDocument(f"chapter '{c.slug}'", source, (site_dir / c.slug / "index.html").as_uri(),
                              out_dir / pdf_name(c.slug, size))
                for c, source in zip(contents, sources, strict=True)
            ),
            contents=tuple(contents),
            site_url=site_url,
            facts=facts,
            when=when,
            base_url=(site_dir / "index.html").as_uri(),
            target=out_dir / pdf_name(whole, size),
        )
        for size in SIZES
    ]


def render_pdfs(site_dir: Path, site_url: str, project, workers: int | None = None) -> list[MadePdf]:
    """Write every chapter and the whole essay, in each size, into site_dir/pdf/.

    `project` is the build's edition.project.Project (its chapters and edition facts). Each paper
    size is one set, made in order in one process (see _make_set); the sets are made by `workers`
    processes at once (default: one per CPU, at most one per size), or with workers=1 one after the
    other in this process. Each PDF's bytes are the same either way. Returns every chapter, then the
    whole essay, each in every size.
    """
    site_dir = Path(site_dir)
    site_url = urls.absolute(site_url)
    facts = _edition_facts(project.edition)
    when = build_date()
    contents: list[ChapterContent] = []
    for chapter in project.chapters:
        page = site_dir / urls.chapter(chapter.slug) / "index.html"
        try:
            if not page.is_file():
                raise PdfError(f"built page {page} not found")
            contents.append(
                extract_chapter(page, chapter.slug, chapter.number, chapter.title, chapter.years, site_url)
            )
        except Exception as error:
            raise PdfError(f"PDF of chapter '{chapter.slug}': {error}") from error
    _check_fonts(site_dir)
    sets = pdf_sets(contents, site_dir, site_url, facts, urls.essay_stem(project.edition), when)

    workers = worker_count(workers)
    if workers <= 1:
        frozen = gc.get_freeze_count()
        renderer = _Renderer(site_dir, facts)
        gc.freeze()
        try:
            made = [_make_set(renderer, job) for job in sets]
        finally:
            if not frozen:
                gc.unfreeze()
    else:
        made = _make_in_parallel(sets, site_dir, workers)
    # every chapter, then the whole essay, each in every size (the order of urls' PDF list)
    return [made[size][document] for document in range(len(contents) + 1) for size in range(len(sets))]


def _make_in_parallel(sets: list[PdfSet], site_dir: Path, workers: int) -> list[list[MadePdf]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    import weasyprint  # noqa: F401  (imported once, here, rather than in every worker)

    # fork: the workers start at once with the modules already imported (spawn, where there is no fork)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [pool.submit(_make_set_in_worker, job, site_dir) for job in sets]
        try:
            return [future.result() for future in futures]
        except BaseException:
            pool.shutdown(cancel_futures=True)
            raise


def make_pdfs(site_dir: Path, site_url: str, project, workers: int | None = None) -> list[Path]:
    """Write every chapter and the whole essay, in each size, into site_dir/pdf/; return the paths
    (see render_pdfs)."""
    return [made.path for made in render_pdfs(site_dir, site_url, project, workers)]


if __name__ == "__main__":  # python -m edition.pdf SITE_DIR [SITE_URL] [WORKERS]
    import sys

    start = time.perf_counter()
    from edition.project import load_project

    made = render_pdfs(
        Path(sys.argv[1]),
        sys.argv[2] if len(sys.argv) > 2 else "http://127.0.0.1:8000/",
        load_project(),
        int(sys.argv[3]) if len(sys.argv) > 3 else None,
    )
    elapsed = time.perf_counter() - start
    for pdf_made in made:
        print(f"{pdf_made.path}  {pdf_made.seconds:.2f} s  {pdf_made.path.stat().st_size / 1024:.0f} KB"
              + (f"  ({pdf_made.layouts} layouts)" if pdf_made.layouts > 1 else ""))
    print(f"{len(made)} PDFs in {elapsed:.2f} s")
