"""The whole essay as an EPUB 3, for e-readers and screen readers: site_dir/epub/twiss-2016.epub.

Made once per build (from the MkDocs ``on_post_build`` hook, next to the PDFs) from the *built* pages,
as edition/books/pdf/ makes the PDFs, so the words, ¶ numbers and notes are exactly the web's:

    make_epub(site_dir, site_url)  ->  site_dir/epub/twiss-2016.epub

The book: a title page (the essay's and the edition's facts, version and date), the contents, the six
chapters, each its text with its ¶ numbers and its notes only, each note as a pop-up footnote under
the essay's own number with its provenance label (``epub:type="noteref"`` in the text,
``epub:type="footnote"`` at the end of the chapter, each linking back); then, as back matter, each
chapter's study file (the senses of "bureaucracy" met in it, its study sheet with its dated events,
and its citation, linked to and from its text), the glossary and the timeline (the text's glossary
links and the study sheets' events lead there; their "Used in ¶8" links lead back), and a colophon
for readers with the rights, the accessibility summary and the font's licence. The font is embedded as TrueType
(converted from the site's WOFF2 subsets, which older reading systems cannot read; the OFL allows it).
Links to anything else (senses, note pages, About) point to the edition online.

We write the XHTML ourselves rather than through pandoc: pandoc's notes carry no number of their own
(it numbers them 1, 2, 3 … in the order it meets them, so the essay's numbers would survive only by
accident of order), and its HTML reader drops the ids of paragraphs and glossary entries, which the
¶ anchors and the glossary links need.

Reproducible: with SOURCE_DATE_EPOCH set, two runs give the same bytes (fixed identifier and dates,
fixed zip entry order, dates and permissions; ``mimetype`` first and stored).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from edition import urls
from edition.books.builtpages import build_date, edition_facts
from edition.books.epub.content import (
    BACK_MATTER,
    FONTS,
    EpubError,
    back_matter_doc,
    chapter_doc,
    chapter_file,
    epub_path,
    redirect_moved_ids,
)
from edition.books.epub.package import CONTAINER, STYLE, _ttf, check_links, colophon_doc, nav_doc, package_document, title_doc, to_xhtml, zip_epub

# ── The whole book ──────────────────────────────────────────────────────────────────────────


def build_epub(site_dir: Path, site_url: str, project, rights: str = "") -> bytes:
    """The EPUB's bytes, made from the built site in site_dir (project: the build's edition.sources.project.Project)."""
    site_dir = Path(site_dir)
    site_url = urls.absolute(site_url)
    data = project.edition
    facts = edition_facts(data)
    when = build_date()
    chapters = project.chapters
    book_files = {f"{c.slug}/": chapter_file(c.slug) for c in chapters} | BACK_MATTER

    pairs = [chapter_doc(site_dir / c.slug / "index.html", c, site_url, book_files) for c in chapters]
    body = [text for text, _ in pairs]
    back = [
        *(study for _, study in pairs),  # each chapter's senses, study sheet and citation
        back_matter_doc(site_dir / "glossary" / "index.html", "glossary/", site_url, book_files, "glossary"),
        back_matter_doc(site_dir / "timeline" / "index.html", "timeline/", site_url, book_files, "appendix"),
    ]
    docs = redirect_moved_ids([*body, *back])  # a use of "bureaucracy" now in a study file, and the like
    body, back = docs[: len(body)], docs[len(body) :]
    fonts_dir = site_dir / "assets" / "fonts"
    licence = fonts_dir / "OFL.txt"
    for path in [licence, *(fonts_dir / f"edition-serif-{s}.woff2" for s in FONTS)]:
        if not path.is_file():
            raise EpubError(f"{path} is missing from the built site")
    colophon = colophon_doc(facts, rights, licence.read_text(encoding="utf-8"))
    title = title_doc(facts, site_url, when, chapters)
    nav = nav_doc(chapters, [*back, colophon])
    spine = [title, nav, *body, *back, colophon]

    files = {doc.name: to_xhtml(doc) for doc in spine}
    check_links(files)
    fonts = {f"edition-serif-{s}.ttf": _ttf(fonts_dir / f"edition-serif-{s}.woff2") for s in FONTS}
    entries = [
        ("mimetype", b"application/epub+zip"),
        ("META-INF/container.xml", CONTAINER),
        ("EPUB/package.opf", package_document(facts, site_url, when, spine, spine, list(fonts), rights)),
        *((f"EPUB/{name}", data) for name, data in files.items()),
        ("EPUB/style.css", STYLE.encode("utf-8")),
        *((f"EPUB/fonts/{name}", data) for name, data in fonts.items()),
    ]
    return zip_epub(entries, when)


def make_epub(site_dir: Path, site_url: str, project, rights: str = "") -> Path:
    """Write the EPUB into site_dir/epub/ (atomically) and return its path."""
    data = build_epub(site_dir, site_url, project, rights)
    target = epub_path(site_dir, project.edition)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
