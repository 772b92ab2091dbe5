"""The EPUB's package: title, nav and colophon documents, XHTML, the OPF, the zip, the link check."""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lxml_html

from edition.books.epub.content import EPUB_TYPE, LANG, OPF_NS, OPS_NS, XHTML_NS, Doc, EpubError, _esc, chapter_file
from edition.sources.facts import short_reference

# ── The book's own pages ────────────────────────────────────────────────────────────────────


NUMBER_WORDS = {3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten"}


def title_doc(facts: dict, site_url: str, when, chapters) -> Doc:
    essay, edition = facts["essay"], facts["edition"]
    short = short_reference(facts)  # "Twiss 2016"
    delivered = f"<p>{_esc(essay['delivered'])}</p>" if essay.get("delivered") else ""
    # "The development … — an annotated edition": under the essay's title, only what it adds.
    subtitle = str(edition["title"]).removeprefix(str(essay["title"])).lstrip(" —–-:") or str(edition["title"])
    count = NUMBER_WORDS.get(len(chapters), str(len(chapters)))
    body = (
        '<section class="title-page" data-epub-type="titlepage">'
        f'<p class="title-author">{_esc(essay["author"])}</p>'
        f'<h1 class="title">{_esc(essay["title"])}</h1>'
        f'<p class="title-edition">{_esc(subtitle[:1].upper() + subtitle[1:])}</p>'
        f'<p>First published in <cite>{_esc(essay["journal"])}</cite>, {_esc(essay["date_label"])}: '
        f'<a href="{_esc(essay["url"])}">{_esc(essay["url"])}</a></p>'
        f"{delivered}"
        '<dl class="title-facts">'
        f"<dt>Edition</dt><dd>{_esc(edition['short_title'])}, version {_esc(edition['version'])}, {when:%Y-%m-%d}</dd>"
        f"<dt>Published by</dt><dd>{_esc(edition['publisher'])}</dd>"
        f'<dt>Online</dt><dd><a href="{_esc(site_url)}">{_esc(site_url)}</a></dd>'
        "</dl>"
        '<p class="title-about">The essay’s words as published, divided by the editors into '
        f"{count} period chapters. The paragraph numbers (¶1–¶{chapters[-1].last}) are those of the web edition and the PDFs: "
        f"cite a passage as <i>{_esc(short)}, ¶12</i> and a note as <i>{_esc(short)}, n. 14</i>. The notes keep the essay’s "
        "own numbers; each says how sure the editors are of its source. The glossary and the timeline at the back are "
        "the editors’ additions, not Twiss’s words.</p>"
        "</section>"
    )
    return Doc("title.xhtml", essay["title"], body)


def nav_doc(chapters, docs: list[Doc]) -> Doc:
    """The table of contents (in the reading order, after the title page) and the landmarks."""
    entries = "".join(
        f'<li><a href="{chapter_file(c.slug)}">{c.number}. {_esc(c.title)} ({_esc(c.years)})</a></li>' for c in chapters
    )
    back = "".join(f'<li><a href="{d.name}">{_esc(d.title)}</a></li>' for d in docs)
    body = (
        '<nav data-epub-type="toc" id="toc" role="doc-toc" aria-labelledby="toc-title">'
        '<h1 id="toc-title">Contents</h1>'
        f'<ol><li><a href="title.xhtml">Title page</a></li>{entries}{back}</ol>'
        "</nav>"
        '<nav data-epub-type="landmarks" id="landmarks" aria-label="Landmarks" hidden="hidden"><ol>'
        '<li><a data-epub-type="titlepage" href="title.xhtml">Title page</a></li>'
        '<li><a data-epub-type="toc" href="nav.xhtml#toc">Contents</a></li>'
        f'<li><a data-epub-type="bodymatter" href="{chapter_file(chapters[0].slug)}">The essay</a></li>'
        '<li><a data-epub-type="glossary" href="glossary.xhtml">Glossary</a></li>'
        "</ol></nav>"
    )
    return Doc("nav.xhtml", "Contents", body)


ACCESSIBILITY_SUMMARY = (
    "The whole essay as text, with no images, audio or video. Headings mark the chapters and their sections, "
    "and the table of contents lists them. The reading order follows the published essay; each paragraph "
    "carries its number. The 29 notes are footnotes under the essay’s own numbers, linked to and from the "
    "place that cites them. Each chapter holds the essay’s text and its notes; the editors’ study files (the "
    "senses of the word “bureaucracy” and a study sheet for each chapter), glossary and timeline are at the "
    "back, linked from the text and linking back to the paragraphs. Text size, font and colours can be "
    "changed in the reading system."
)


def reader_licence(font_licence: str) -> str:
    """The font's licence as a reader needs it: the copyright and the SIL Open Font License, without
    the notes for the edition's developers and the packaging header that open docs/assets/fonts/OFL.txt."""
    lines = font_licence.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip().startswith("This Font Software is Copyright")), None)
    if start is None:
        return font_licence.strip()
    kept = []
    for line in lines[start:]:
        line = line[1:] if line.startswith(" ") else line  # the packaging format indents by one space
        kept.append("" if line.strip() == "." else line)   # and writes an empty line as " ."
    return "\n".join(kept).strip()


def colophon_doc(facts: dict, rights: str, font_licence: str) -> Doc:
    edition = facts["edition"]
    rights_block = f"<p>{_esc(' '.join(rights.split()))}</p>" if rights.strip() else ""
    body = (
        '<section class="colophon" data-epub-type="colophon">'
        "<h1>About this book</h1>"
        f"{rights_block}"
        f"<p>This book has the same words, paragraph numbers and notes as the web edition "
        f"({_esc(edition['short_title'])}, version {_esc(edition['version'])}), so a passage cited by its "
        "paragraph number (“Twiss 2016, ¶12”) is found at the same number on the web, in the PDFs and "
        "here. The study files, the glossary and the timeline are the editors’ additions, not Twiss’s words.</p>"
        f'<h2 id="accessibility">Accessibility</h2><p>{_esc(ACCESSIBILITY_SUMMARY)}</p>'
        '<h2 id="font">The font</h2>'
        "<p>The text is set in Edition Serif, a selection of the letters of Gentium Book Plus by SIL "
        "International, renamed as its licence asks. It is embedded under the SIL Open Font License, whose "
        "text follows.</p>"
        f'<pre class="licence">{_esc(reader_licence(font_licence))}</pre>'
        "</section>"
    )
    return Doc("colophon.xhtml", "About this book", body)


# ── Output: XHTML, package document, container ──────────────────────────────────────────────


def to_xhtml(doc: Doc) -> bytes:
    """A well-formed XHTML5 content document; data-epub-type becomes epub:type."""
    source = (
        f'<html xmlns="{XHTML_NS}" xmlns:epub="{OPS_NS}" lang="{LANG}" xml:lang="{LANG}">'
        f'<head><meta charset="utf-8"/><title>{_esc(doc.title)}</title>'
        '<link rel="stylesheet" type="text/css" href="style.css"/></head>'
        f"<body>{_xml_fragment(doc.body)}</body></html>"
    )
    try:
        root = etree.fromstring(source.encode("utf-8"))
    except etree.XMLSyntaxError as error:
        raise EpubError(f"{doc.name}: not well-formed XHTML: {error}") from error
    for element in root.iter(f"{{{XHTML_NS}}}*"):
        value = element.attrib.pop(EPUB_TYPE, None)
        if value:
            element.set(f"{{{OPS_NS}}}type", value)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", doctype="<!DOCTYPE html>") + b"\n"


def _xml_fragment(markup: str) -> str:
    """HTML markup (from the built pages) re-serialized as XML: void elements closed, entities resolved."""
    holder = lxml_html.fragment_fromstring(markup, create_parent="div")
    for element in holder.iter():
        if not isinstance(element.tag, str):  # comments and processing instructions
            element.drop_tree()
    text = _xml_escape(holder.text or "")
    return text + "".join(etree.tostring(child, encoding="unicode", method="xml", with_tail=True) for child in holder)


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _ids_and_links(name: str, data: bytes) -> tuple[set[str], list[str]]:
    root = etree.fromstring(data)
    ids = [str(v) for v in root.xpath("//@id")]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise EpubError(f"{name}: duplicate id(s) {', '.join(duplicates)}")
    links = [str(v) for v in root.xpath("//x:a/@href", namespaces={"x": XHTML_NS})]
    return set(ids), links


def check_links(files: dict[str, bytes]) -> None:
    """Every link inside the book leads to a file of the book and an id in it."""
    ids, links = {}, {}
    for name, data in files.items():
        ids[name], links[name] = _ids_and_links(name, data)
    for name, hrefs in links.items():
        for href in hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc:
                continue
            target = parts.path or name
            if target not in ids:
                raise EpubError(f"{name}: link {href!r} leads to {target}, which is not in the book")
            if parts.fragment and parts.fragment not in ids[target]:
                raise EpubError(f"{name}: link {href!r}: no id {parts.fragment!r} in {target}")


def book_identifier(facts: dict) -> str:
    """A fixed identifier: the same for every build of this edition, whatever its address."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, facts['essay']['url'] + '#' + facts['edition']['short_title'])}"


def package_document(facts: dict, site_url: str, when, docs: list[Doc], spine: list[Doc], fonts: list[str], rights: str) -> bytes:
    essay, edition = facts["essay"], facts["edition"]
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    features = ("tableOfContents", "structuralNavigation", "readingOrder", "ARIA", "unlocked")
    meta = [
        f'<dc:identifier id="uid">{_esc(book_identifier(facts))}</dc:identifier>',
        f'<dc:title id="title">{_esc(essay["title"])}</dc:title>',
        '<meta refines="#title" property="title-type">main</meta>',
        f'<dc:creator id="author">{_esc(essay["author"])}</dc:creator>',
        '<meta refines="#author" property="role" scheme="marc:relators">aut</meta>',
        f'<meta refines="#author" property="file-as">{_esc(essay["author_family"])}, {_esc(essay["author_given"])}</meta>',
        f'<dc:contributor id="editors">{_esc(edition["publisher"])}</dc:contributor>',
        '<meta refines="#editors" property="role" scheme="marc:relators">edt</meta>',
        f"<dc:publisher>{_esc(edition['publisher'])}</dc:publisher>",
        f"<dc:language>{LANG}</dc:language>",
        f"<dc:date>{when:%Y-%m-%d}</dc:date>",
        f'<meta property="dcterms:modified">{stamp}</meta>',
        f"<dc:source>{_esc(essay['url'])}</dc:source>",
        f"<dc:description>{_esc(edition['title'])}, version {_esc(edition['version'])}: the essay first published in "
        f"{_esc(essay['journal'])}, {_esc(essay['date_label'])}, in period chapters with numbered paragraphs, its notes "
        f"and their sources, a glossary and a timeline. Online: {_esc(site_url)}</dc:description>",
        *(f"<dc:subject>{_esc(s)}</dc:subject>" for s in ("Trotsky, Leon, 1879-1940", "Soviet Union — Politics and government", "Bureaucracy")),
        *([f"<dc:rights>{_esc(' '.join(rights.split()))}</dc:rights>"] if rights.strip() else []),
        f'<meta property="schema:version">{_esc(edition["version"])}</meta>',
        '<meta property="schema:accessMode">textual</meta>',
        '<meta property="schema:accessModeSufficient">textual</meta>',
        *(f'<meta property="schema:accessibilityFeature">{f}</meta>' for f in features),
        '<meta property="schema:accessibilityHazard">none</meta>',
        f'<meta property="schema:accessibilitySummary">{_esc(ACCESSIBILITY_SUMMARY)}</meta>',
    ]
    items = ['<item id="x-nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>']
    items += [
        f'<item id="{_item_id(d.name)}" href="{d.name}" media-type="application/xhtml+xml"/>' for d in docs if d.name != "nav.xhtml"
    ]
    items.append('<item id="css" href="style.css" media-type="text/css"/>')
    items += [f'<item id="{_item_id(f)}" href="fonts/{f}" media-type="font/ttf"/>' for f in fonts]
    not_linear = ' linear="no"'
    spine_items = "".join(f'<itemref idref="{_item_id(d.name)}"{"" if d.linear else not_linear}/>' for d in spine)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<package xmlns="{OPF_NS}" version="3.0" unique-identifier="uid" xml:lang="{LANG}">\n'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n' + "\n".join(meta) + "\n</metadata>\n"
        "<manifest>\n" + "\n".join(items) + "\n</manifest>\n"
        f"<spine>{spine_items}</spine>\n"
        "</package>\n"
    ).encode("utf-8")


def _item_id(name: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9]+", "-", name.rsplit(".", 1)[0]).strip("-")
    return f"x-{stem}"


CONTAINER = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">\n'
    b'<rootfiles><rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/></rootfiles>\n'
    b"</container>\n"
)

STYLE = """/* The EPUB's stylesheet (edition/epub.py): the reading system chooses the size, margins and colours. */
@font-face { font-family: "Edition Serif"; src: url("fonts/edition-serif-regular.ttf"); font-weight: normal; font-style: normal; }
@font-face { font-family: "Edition Serif"; src: url("fonts/edition-serif-italic.ttf"); font-weight: normal; font-style: italic; }
@font-face { font-family: "Edition Serif"; src: url("fonts/edition-serif-bold.ttf"); font-weight: bold; font-style: normal; }
body { font-family: "Edition Serif", serif; line-height: 1.45; }
h1 { font-size: 1.45em; line-height: 1.2; margin: 0 0 0.4em; }
h2 { font-size: 1.15em; line-height: 1.25; margin: 1.6em 0 0.5em; }
p { margin: 0 0 0.7em; }
cite { font-style: italic; }
a { text-decoration: none; }
.chapter-years { font-weight: normal; font-size: 0.8em; }
.chapter-meta, .senses-intro, .cite-plain { font-size: 0.9em; }
.essay-title { font-weight: bold; font-size: 1.1em; }
.essay-caption { font-style: italic; }
.caption-label { font-style: normal; font-size: 0.85em; }
.pnum { font-size: 0.75em; margin-right: 0.35em; font-variant-numeric: tabular-nums; }
a.gloss { text-decoration: underline; text-decoration-thickness: 1px; color: inherit; }
a.sense-use { text-decoration: underline dotted; color: inherit; }
sup { line-height: 0; font-size: 0.75em; }
.chapter-notes { margin-top: 2em; border-top: 1px solid; padding-top: 0.5em; }
aside.note p { font-size: 0.9em; margin: 0 0 0.6em; }
a.note-number { font-weight: bold; margin-right: 0.3em; }
.note-status { font-variant: small-caps; font-size: 0.85em; border: 1px solid; border-radius: 2px; padding: 0 0.2em; }
.note-more { display: block; font-size: 0.9em; }
.stage-label { font-weight: bold; margin-top: 1em; }
.sense-uses li, .chapter-events li { margin-bottom: 0.4em; }
.sense-why, .kwic { font-size: 0.9em; }
.sense-facet { font-style: italic; }
.gloss-kind, .source-kind { font-size: 0.85em; font-style: italic; }
.gloss-source, .gloss-uses { display: block; font-size: 0.9em; margin-top: 0.2em; }
.gloss-entry { margin-bottom: 1em; }
ol.timeline li { margin-bottom: 0.8em; }
.tl-when { display: block; font-weight: bold; }
.tl-note, .tl-links { display: block; font-size: 0.9em; }
.title-page { text-align: left; }
.title-author { font-variant: small-caps; letter-spacing: 0.05em; margin-top: 2em; }
.title { font-size: 1.8em; margin-bottom: 0.6em; }
.title-edition { font-style: italic; }
.title-facts dt { font-weight: bold; margin-top: 0.4em; }
.title-facts dd { margin-left: 1.5em; }
.title-about { margin-top: 1.5em; font-size: 0.9em; }
pre.licence { font-family: inherit; font-size: 0.75em; white-space: pre-wrap; }
"""


def _ttf(woff2: Path) -> bytes:
    """The WOFF2 font as TrueType, byte for byte the same each time (no new modification date)."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(woff2), recalcTimestamp=False)
    font.flavor = None
    out = io.BytesIO()
    font.save(out, reorderTables=True)
    return out.getvalue()


def zip_epub(entries: list[tuple[str, bytes]], when) -> bytes:
    """The OCF zip: `mimetype` first and stored, the rest deflated; fixed order, dates and modes."""
    if not entries or entries[0] != ("mimetype", b"application/epub+zip"):
        raise ValueError("the first entry of an EPUB must be its mimetype")
    stamp = max(when.timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = 3  # Unix, so the permissions below are read as such
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=9)
    return out.getvalue()
