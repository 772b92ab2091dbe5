"""The EPUB's content documents: chapters and back matter from the built pages, notes as asides, links rewritten."""

from __future__ import annotations

import html as htmlmod
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html

from edition import urls
from edition.books.builtpages import find, has_class, read_article, strip_trailing_space

EPUB_DIR = urls.EPUB_DIR
XHTML_NS = "http://www.w3.org/1999/xhtml"
OPS_NS = "http://www.idpf.org/2007/ops"
OPF_NS = "http://www.idpf.org/2007/opf"
LANG = "en"
FONTS = ("regular", "italic", "bold")  # docs/assets/fonts/edition-serif-<style>.woff2
# The site's pages that are also in the book, by their path under the site, with the book's file.
BACK_MATTER = {"glossary/": "glossary.xhtml", "timeline/": "timeline.xhtml"}
# In the built HTML an attribute name cannot hold a colon: this one becomes epub:type in the XHTML.
EPUB_TYPE = "data-epub-type"


class EpubError(RuntimeError):
    """The EPUB could not be made; the message names the page or file at fault."""


def epub_path(site_dir: Path, edition: dict) -> Path:
    """site_dir/epub/<essay stem>.epub: the whole-essay PDF's stem (see urls.epub)."""
    return Path(site_dir) / urls.epub(urls.essay_stem(edition))


def chapter_file(slug: str) -> str:
    return f"{slug}.xhtml"


def _esc(text: object) -> str:
    return htmlmod.escape(str(text), quote=True)


@dataclass
class Doc:
    """One XHTML content document of the book."""

    name: str  # file name inside the EPUB's EPUB/ folder
    title: str  # its <title>
    body: str  # the XHTML of its <body>, as HTML-parser markup (made well-formed XHTML on output)
    linear: bool = True


# ── Reading the built pages ─────────────────────────────────────────────────────────────────


def _book_href(href: str, page_path: str, site_url: str, book_files: dict[str, str]) -> str:
    """Where a link of a built page leads in the book: a file of the book, or the edition online."""
    if href.startswith("#"):
        return href
    base = "http://edition.invalid/"
    target = urlsplit(urljoin(base + page_path, href))
    if target.netloc != "edition.invalid":
        return href  # a link out (or an absolute link to the edition, as a citation prints it)
    path = target.path.lstrip("/")
    fragment = f"#{target.fragment}" if target.fragment else ""
    if path in book_files:
        return book_files[path] + fragment
    return urljoin(site_url, path) + fragment


def _relink(element, page_path: str, site_url: str, book_files: dict[str, str]) -> None:
    for a in element.iter("a"):
        if a.get("href"):
            a.set("href", _book_href(a.get("href"), page_path, site_url, book_files))


def _add_class(element, name: str) -> None:
    element.set("class", " ".join([*(element.get("class") or "").split(), name]))


def _notes_as_footnotes(article, page: Path) -> None:
    """Note calls become noterefs; the chapter's note list becomes pop-up footnotes (asides)."""
    notes: dict[str, object] = {}
    for li in article.xpath(f".//div[{has_class('footnote')}]//li[{has_class('note')} or starts-with(@id, 'note-')]"):
        notes[li.get("value") or li.get("id", "").removeprefix("note-")] = li
    cited: list[str] = []
    for sup in find(article, "sup", "note-ref"):
        number = sup.get("data-note") or sup.text_content().strip()
        if number not in notes:
            raise EpubError(f"{page}: note {number} is cited in the text but missing from the notes")
        links = sup.xpath(".//a")
        if not links:
            raise EpubError(f"{page}: the call of note {number} is not a link")
        link = links[0]
        link.set(EPUB_TYPE, "noteref")
        link.set("role", "doc-noteref")
        link.set("href", f"#note-{number}")
        if number in cited:  # a second call of the same note: no second id
            sup.attrib.pop("id", None)
        else:
            sup.set("id", f"note-{number}-ref")
            cited.append(number)
    missing = sorted(set(notes) - set(cited), key=lambda n: int(n) if n.isdigit() else 0)
    if missing:
        raise EpubError(f"{page}: notes {', '.join(missing)} are never cited in the text")

    footnotes = find(article, "div", "footnote")
    if not footnotes:
        return
    section = lxml_html.Element("section", {"class": "chapter-notes", EPUB_TYPE: "footnotes", "aria-labelledby": "notes"})
    heading = etree.SubElement(section, "h2", {"id": "notes"})
    heading.text = "Notes"
    for number in cited:
        li = notes[number]
        aside = etree.SubElement(
            section, "aside", {"id": f"note-{number}", "class": "note", EPUB_TYPE: "footnote", "role": "doc-footnote"}
        )
        blocks = [child for child in li if child.tag in ("p", "div")]
        if not blocks:  # the note's text straight inside the <li>
            block = lxml_html.Element("p")
            block.text, li.text = li.text, None
            for child in list(li):
                block.append(child)
            blocks = [block]
        for block in blocks:
            aside.append(block)
        first = blocks[0]
        back = lxml_html.Element(
            "a", {"class": "note-number", "href": f"#note-{number}-ref", "role": "doc-backlink",
                  "aria-label": f"Note {number}, back to the text"}
        )
        back.text = number
        back.tail = " " + (first.text or "").lstrip()
        first.text = None
        first.insert(0, back)
        for block in blocks:
            strip_trailing_space(block)
    footnotes[0].addprevious(section)
    for div in footnotes:
        div.drop_tree()


# The editors' apparatus at the end of a chapter page, which the book gives its own file at the back.
STUDY_SECTIONS = ("chapter-senses", "study-sheet", "cite-box")


def study_file(slug: str) -> str:
    return f"{slug}-study.xhtml"


def _take_study_sections(article):
    """Take the chapter's senses, study sheet and cite box out of its page: (the sections, in order)."""
    taken = []
    for child in list(article):
        classes = set((child.get("class") or "").split())
        if child.tag == "section" and classes & set(STUDY_SECTIONS):
            article.remove(child)
            taken.append(child)
    return taken


def _link_across(part, other, other_file: str) -> None:
    """A link to an id that now stands in the other file of the pair (the text, or its study file)."""
    here = set(part.xpath(".//@id"))
    there = set(other.xpath(".//@id"))
    for a in part.iter("a"):
        href = a.get("href") or ""
        if href.startswith("#") and href[1:] not in here and href[1:] in there:
            a.set("href", other_file + href)


def _web_only(article) -> None:
    """Web-only markup: the glossary's duplicate definition attribute, the ¶ links' permalink label."""
    for a in find(article, "a", "gloss"):
        a.attrib.pop("data-definition", None)
        a.set(EPUB_TYPE, "glossref")
    for a in find(article, "a", "pnum"):
        number = a.get("href", "").removeprefix("#p")
        a.set("aria-label", f"Paragraph {number}")
    for element in article.iter():
        for name in [n for n in element.attrib if n in ("download", "data-search-exclude", "data-md-component")]:
            del element.attrib[name]
    for p in article.xpath(".//p[not(node()) or (not(*) and normalize-space(.) = '')]"):
        p.drop_tree()  # what held a web-only widget (the "Copy citation" button)
    for br in list(article.iter("br")):
        if br.getnext() is None and not (br.tail or "").strip():
            br.drop_tree()  # a line break before a dropped widget (the senses' previous/next links)


def _inner(article) -> str:
    return "".join(lxml_html.tostring(child, encoding="unicode", method="html", with_tail=True) for child in article)


def chapter_doc(page: Path, chapter, site_url: str, book_files: dict[str, str]) -> tuple[Doc, Doc]:
    """One chapter of the book, from its built page: (its text and notes, its study file).

    A chapter file holds the essay's words and the chapter's notes only, so that a reader goes on
    from one chapter to the next; the editors' senses of "bureaucracy", the study sheet and the
    citation of the chapter go to its study file at the back of the book, linked both ways. The
    web's period bar is left out: the study sheet lists the chapter's dated events, once.
    """
    article = read_article(page, EpubError)
    if not article.xpath(".//h1"):
        raise EpubError(f"{page}: no h1 in the chapter page")
    if not find(article, "p", "essay-para"):
        raise EpubError(f"{page}: no paragraph of the essay (p.essay-para) in the chapter page")
    _notes_as_footnotes(article, page)
    study = lxml_html.Element("div")
    for section in _take_study_sections(article):
        study.append(section)
    for part in (article, study):
        _web_only(part)
        _relink(part, f"{chapter.slug}/", site_url, book_files)
    _link_across(article, study, study_file(chapter.slug))
    _link_across(study, article, chapter_file(chapter.slug))
    name = f"{chapter.number}. {chapter.title} ({chapter.years})"
    body = (
        f'<section class="chapter" id="chapter-{chapter.number}" data-epub-type="chapter" role="doc-chapter">'
        f"{_inner(article)}</section>"
    )
    study_body = (
        f'<section class="study" id="study-{chapter.number}" data-epub-type="appendix" role="doc-appendix">'
        f'<h1>For study: {_esc(name)}</h1>'
        f'<p class="study-back">The editors’ reading of the chapter, for a study group or a second reading. '
        f'Back to <a href="{chapter_file(chapter.slug)}">the chapter’s text</a>.</p>'
        f"{_inner(study)}</section>"
    )
    return (
        Doc(chapter_file(chapter.slug), name, body),
        Doc(study_file(chapter.slug), f"For study: {name}", study_body),
    )


def redirect_moved_ids(docs: list[Doc]) -> list[Doc]:
    """A link between files to an id that stands in another file of the book (another chapter's use
    of "bureaucracy", now in that chapter's study file) leads to the file that has it."""
    roots = {doc.name: lxml_html.fragment_fromstring(doc.body, create_parent="div") for doc in docs}
    where: dict[str, set[str]] = {}
    for name, root in roots.items():
        for found in root.xpath(".//@id"):
            where.setdefault(found, set()).add(name)
    changed = []
    for doc in docs:
        root, moved = roots[doc.name], False
        for a in root.iter("a"):
            target, _, fragment = (a.get("href") or "").partition("#")
            holders = where.get(fragment, set())
            if target in roots and fragment and target not in holders and len(holders) == 1:
                a.set("href", f"{next(iter(holders))}#{fragment}")
                moved = True
        if moved:
            body = _esc(root.text or "") + "".join(
                lxml_html.tostring(child, encoding="unicode", method="html", with_tail=True) for child in root
            )
            doc = Doc(doc.name, doc.title, body, doc.linear)
        changed.append(doc)
    return changed


def back_matter_doc(page: Path, path: str, site_url: str, book_files: dict[str, str], kind: str) -> Doc:
    """The glossary or the timeline, from its built page."""
    article = read_article(page, EpubError)
    h1 = article.xpath(".//h1")
    if not h1:
        raise EpubError(f"{page}: no h1 in the page")
    _web_only(article)
    _relink(article, path, site_url, book_files)
    role = {"glossary": ' role="doc-glossary"', "appendix": ' role="doc-appendix"'}[kind]
    body = f'<section class="{kind}" data-epub-type="{kind}"{role}>{_inner(article)}</section>'
    return Doc(book_files[path], h1[0].text_content().strip(), body)
