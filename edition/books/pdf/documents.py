"""The PDFs' documents: each chapter's article from the built page, notes inlined, the title page."""

from __future__ import annotations

import datetime as dt
import html as htmlmod
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from lxml import html as lxml_html

from edition import urls
from edition.books.builtpages import PdfError, find, has_class, read_article, strip_trailing_space

SIZES = urls.PAPER_SIZES
PAGE_SIZES = {"a4": "A4", "letter": "letter"}  # CSS @page size keywords
# Tagged PDF identified as PDF/UA-1 (ISO 14289-1): a structure tree (headings, paragraphs, lists, links),
# the document language from <html lang>, the title shown instead of the file name, and pdfuaid:part=1
# in the XMP metadata, so screen readers read the PDFs in order. WeasyPrint keeps float: footnote.
PDF_VARIANT = "pdf/ua-1"

def pdf_name(slug: str, size: str) -> str:
    """File name of a PDF inside site_dir/pdf/ (see urls.pdf_file)."""
    return urls.pdf_file(slug, size)


# ── Reading the built pages ─────────────────────────────────────────────────────────────────


@dataclass
class ChapterContent:
    slug: str
    number: int
    title: str
    years: str
    url: str  # absolute URL of the chapter page in this edition
    body: str  # the cleaned article HTML: heading, essay text, notes in place, senses block


def _esc(text: str) -> str:
    return htmlmod.escape(str(text), quote=True)


def _serialize(element) -> str:
    return lxml_html.tostring(element, encoding="unicode", method="html", with_tail=False)


def _inline_note(li, number: str, site_url: str, page_url: str):
    """The note's content as one inline-level span.pdf-note (no <p>: it goes inside a paragraph)."""
    span = lxml_html.Element("span", {"class": "pdf-note", "data-note": number})
    for more in find(li, "*", "note-more"):
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
        strip_trailing_space(part)
        span.append(part)
        first = False
    for a in span.iter("a"):
        if a.get("href"):
            a.set("href", urljoin(page_url, a.get("href")))
    return span


def extract_chapter(page: Path, slug: str, number: int, title: str, years: str, site_url: str) -> ChapterContent:
    """Read a built chapter page and return its printable content."""
    article = read_article(page)
    page_url = urljoin(site_url, urls.chapter(slug))

    # Web annotations inside the essay's paragraphs (sense and glossary links) print as plain text:
    # WeasyPrint 70 breaks lines too early around inline elements, and the links only serve the web.
    for para in find(article, "p", "essay-para"):
        for inline in para.xpath(".//a | .//span"):
            classes = (inline.get("class") or "").split()
            if not {"pnum", "footnote-ref"} & set(classes) and inline.getparent().tag != "sup":
                inline.drop_tag()

    # Notes: the list at the end of the chapter, keyed by the essay's note number.
    notes: dict[str, object] = {}
    for li in article.xpath(f".//div[{has_class('footnote')}]//li[{has_class('note')} or starts-with(@id, 'note-')]"):
        value = li.get("value") or li.get("id", "").removeprefix("note-")
        notes[value] = li
    seen: set[str] = set()
    for sup in find(article, "sup", "note-ref"):
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
    for footnotes in find(article, "div", "footnote"):
        footnotes.drop_tree()

    # The senses of "bureaucracy" met in the chapter, then its study sheet, if the page has them:
    # blocks at the end, after the text (whose notes stand at the foot of each page).
    for name, print_class in (("chapter-senses", "pdf-senses"), ("study-sheet", "pdf-study")):
        for section in find(article, "section", name):
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
