"""How to cite the essay and its chapters: meta tags, JSON-LD, ready citations in four formats, and the cite boxes.

Every function here is pure (edition facts and targets in, text out), so each format can be pinned
by a golden file and parsed back by its own reader in the tests. The essay is always the work
cited (an article in *Links*); a chapter page of this edition is the place where it was read,
given with its paragraphs in a note, never passed off as a separate publication.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from edition import urls
from edition.annotate.markup import escape_html_text
from edition.annotate.markup import escape_html_text as esc
from edition.sources.facts import short_reference


@dataclass(frozen=True)
class CiteTarget:
    """What a reader cites: the whole essay, or one chapter page of this edition."""

    kind: str  # "essay" or "chapter"
    title: str  # the essay's title, or the chapter's title (without its years)
    url: str  # absolute URL of the page in this edition
    paragraphs: str = ""  # "¶4–¶6", or "" for the whole essay
    chapter: int | None = None


def essay_target(edition: dict, site_url: str) -> CiteTarget:
    """The whole essay, read on this edition's landing page."""
    return CiteTarget("essay", edition["essay"]["title"], urls.absolute(site_url))


def paragraph_range(first: int, last: int) -> str:
    return f"¶{first}" if first == last else f"¶{first}–¶{last}"


def chapter_target(chapter, site_url: str) -> CiteTarget:
    """One chapter page (an edition.sources.chapters.Chapter): its URL is the site URL + slug + "/"."""
    return CiteTarget(
        "chapter",
        chapter.title,
        urls.absolute(site_url, urls.chapter(chapter.slug)),
        paragraph_range(chapter.first, chapter.last),
        chapter.number,
    )


def chapter_targets(site_url: str, chapters: list) -> list[CiteTarget]:
    """Every chapter's target."""
    return [chapter_target(c, site_url) for c in chapters]


# ── Shared facts ────────────────────────────────────────────────────────────────────────────


def _one_line(text: str) -> str:
    """Line-based formats (RIS, meta tags) break on a newline inside a value."""
    return " ".join(str(text).split())


def _essay(edition: dict) -> dict:
    return {key: _one_line(value) for key, value in edition["essay"].items()}


def _date_parts(edition: dict) -> tuple[int, int, int]:
    year, month, day = (int(part) for part in str(edition["essay"]["date"]).split("-"))
    return year, month, day


def _inverted_author(edition: dict) -> str:
    essay = _essay(edition)
    return f"{essay['author_family']}, {essay['author_given']}"


def citation_key(edition: dict, target: CiteTarget) -> str:
    """twiss2016development (essay) or twiss2016development-ch2 (chapter): stable, ASCII."""
    essay = _essay(edition)
    first_word = next(
        (w for w in re.findall(r"[a-z]+", essay["title"].lower()) if w not in {"the", "a", "an"}), "essay"
    )
    key = f"{re.sub(r'[^a-z]', '', essay['author_family'].lower())}{_date_parts(edition)[0]}{first_word}"
    return key if target.kind == "essay" else f"{key}-ch{target.chapter}"


def file_stem(edition: dict, target: CiteTarget) -> str:
    """The download files' name (see urls.essay_stem)."""
    return urls.essay_stem(edition) if target.kind == "essay" else urls.chapter_stem(edition, target.chapter)


def edition_name(edition: dict) -> str:
    """"annotated edition, version 1.1": every citation says which version of the annotations was read."""
    return f"annotated edition, version {_one_line(edition['edition']['version'])}"


def _where_read(edition: dict, target: CiteTarget) -> str:
    """The edition's page, as the parenthesis of a citation and the note of a record."""
    if target.kind == "essay":
        return f"{edition_name(edition)}, {target.url}"
    return f"ch. {target.chapter}, “{_one_line(target.title)},” in the {edition_name(edition)}, {target.url}"


def edition_note(edition: dict, target: CiteTarget) -> str:
    """The note field of BibTeX, RIS and CSL records: where in this edition the essay was read."""
    if target.kind == "essay":
        return f"Read in the {edition_name(edition)}, {target.url}"
    return f"{target.paragraphs}; {_where_read(edition, target)}"


# ── Page head ───────────────────────────────────────────────────────────────────────────────


def citation_meta(edition: dict, page_url: str, pdf_url: str = "") -> list[tuple[str, str]]:
    """Highwire/Google Scholar and Dublin Core tags for the essay, on every page.

    citation_journal_title makes Zotero save a journal article with its author; the tags name
    the essay, whichever page of the edition they are on. On a chapter page, pdf_url names the
    chapter's PDF (citation_pdf_url), which Zotero saves with the item.
    """
    essay = _essay(edition)
    year, month, day = _date_parts(edition)
    slash_date = f"{year:04d}/{month:02d}/{day:02d}"
    return [
        ("citation_title", essay["title"]),
        ("citation_author", _inverted_author(edition)),
        ("citation_publication_date", slash_date),
        ("citation_date", slash_date),
        ("citation_journal_title", essay["journal"]),
        ("citation_public_url", essay["url"]),
        ("citation_fulltext_html_url", page_url),
        *([("citation_pdf_url", pdf_url)] if pdf_url else []),
        ("citation_language", "en"),
        ("DC.title", essay["title"]),
        ("DC.creator", _inverted_author(edition)),
        ("DC.date", essay["date"]),
        ("DC.type", "Text"),
        ("DC.language", "en"),
        ("DC.relation.ispartof", essay["journal"]),
    ]


@dataclass(frozen=True)
class PreviewImage:
    """The image a link preview shows (edition.web.previews draws it): its absolute URL and what it says."""

    url: str
    alt: str
    width: int
    height: int
    media_type: str


def open_graph(edition: dict, page_title: str, page_url: str, description: str, image: PreviewImage | None = None) -> list[tuple[str, str]]:
    """Open Graph and Twitter tags for link previews: the page, as part of an article by Twiss.

    With an image, the preview is a large card (summary_large_image) that shows it.
    """
    essay = _essay(edition)
    tags = [
        ("og:type", "article"),
        ("og:title", _one_line(page_title)),
        ("og:url", page_url),
        ("og:description", _one_line(description)),
        ("og:site_name", _one_line(edition["edition"]["title"])),
    ]
    if image is not None:
        tags += [
            ("og:image", image.url),
            ("og:image:type", image.media_type),
            ("og:image:width", str(image.width)),
            ("og:image:height", str(image.height)),
            ("og:image:alt", _one_line(image.alt)),
        ]
    tags += [
        ("article:author", essay["author"]),
        ("article:published_time", essay["date"]),
        ("twitter:card", "summary_large_image" if image is not None else "summary"),
        ("twitter:title", _one_line(page_title)),
        ("twitter:description", _one_line(description)),
    ]
    if image is not None:
        tags += [("twitter:image", image.url), ("twitter:image:alt", _one_line(image.alt))]
    return tags


def preview_title(edition: dict, chapters: list, meta: dict, page_title: str) -> str:
    """The title a link preview shows: the edition's for the home page, a chapter's with its period."""
    if meta.get("cite") == "essay":
        return edition["edition"]["title"]
    if meta.get("chapter"):
        chapter = chapters[int(meta["chapter"]) - 1]
        return f"{chapter.number}. {chapter.title} ({chapter.years}) · {short_reference(edition)}"
    return page_title


def meta_html(tags: Iterable[tuple[str, str]]) -> str:
    """<meta> elements, escaped (MkDocs' Jinja does not autoescape); og:/article: use property=."""
    lines = []
    for name, content in tags:
        attribute = "property" if name.startswith(("og:", "article:")) else "name"
        lines.append(f'<meta {attribute}="{html.escape(name)}" content="{html.escape(content, quote=True)}">')
    return "\n".join(lines)


def json_ld(edition: dict, page_url: str, page_title: str, chapter: CiteTarget | None = None) -> str:
    """schema.org ScholarlyArticle for the essay; on a chapter page, this page as part of it.

    The text is safe between <script type="application/ld+json"> tags: <, > and & are written
    as JSON escapes, so neither "</script" nor "<!--" can occur, and it still parses as JSON.
    """
    essay = _essay(edition)
    data: dict = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "@id": essay["url"],
        "headline": essay["title"],
        "name": essay["title"],
        "author": {
            "@type": "Person",
            "name": essay["author"],
            "familyName": essay["author_family"],
            "givenName": essay["author_given"],
        },
        "datePublished": essay["date"],
        "inLanguage": "en",
        "isPartOf": {"@type": "Periodical", "name": essay["journal"]},
        "url": essay["url"],
        "sameAs": [essay["url"]],
    }
    if chapter is not None:
        data["hasPart"] = {
            "@type": "WebPage",
            "@id": page_url,
            "url": page_url,
            "name": _one_line(page_title),
            "position": chapter.chapter,
            "description": (
                f"Chapter {chapter.chapter} of the annotated edition: {chapter.paragraphs} of the essay."
            ),
            "isPartOf": [
                {"@id": essay["url"]},
                {"@type": "WebSite", "name": _one_line(edition["edition"]["title"]), "version": _one_line(edition["edition"]["version"])},
            ],
        }
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# ── Citations ───────────────────────────────────────────────────────────────────────────────


def page_head(
    edition: dict,
    page_url: str,
    page_title: str,
    description: str,
    chapter: CiteTarget | None = None,
    image: PreviewImage | None = None,
    pdf_url: str = "",
) -> str:
    """Everything the edition adds to a page's <head>: meta tags and the JSON-LD script.

    On a chapter page, the chapter's PDF (citation_pdf_url) and the template "Cite ¶N" fills in."""
    tags = citation_meta(edition, page_url, pdf_url) + open_graph(edition, page_title, page_url, " ".join(description.split()), image)
    tags.append(("edition:short-reference", short_reference(edition)))  # "Copy with citation" (edition.js) cites by it
    if chapter is not None:
        tags.append(("edition:paragraph-citation", paragraph_citation_template(edition, chapter)))  # "Cite ¶N" (edition.js)
    return f'{meta_html(tags)}\n<script type="application/ld+json">{json_ld(edition, page_url, page_title, chapter=chapter)}</script>'


def plain_citation(edition: dict, target: CiteTarget) -> str:
    """Chicago note style, plain text: the essay cited, then where in this edition it was read."""
    essay = _essay(edition)
    locator = target.paragraphs if target.kind == "chapter" else essay["url"]
    return (
        f"{essay['author']}, “{essay['title']},” {essay['journal']}, {essay['date_label']}, "
        f"{locator} ({_where_read(edition, target)})."
    )


PARAGRAPH_SLOT = "{para}"  # "¶14" or "¶13–¶14"
ANCHOR_SLOT = "{anchor}"  # "p14"


def paragraph_citation_template(edition: dict, chapter: CiteTarget) -> str:
    """The plain citation of a paragraph of a chapter, with slots for its ¶ and its anchor.

    "Cite ¶N" (edition.js) fills the slots: the citation of that chapter's page at ¶N, whose address
    is the chapter's canonical URL with #pN (never the address bar, which may hold a search query).
    """
    target = CiteTarget("chapter", chapter.title, f"{chapter.url}#{ANCHOR_SLOT}", PARAGRAPH_SLOT, chapter.chapter)
    return plain_citation(edition, target)


def citation_html(edition: dict, target: CiteTarget) -> str:
    """The plain citation for inline HTML inside Markdown: journal in italics, URLs as links."""
    essay = _essay(edition)
    esc = escape_html_text

    def link(url: str) -> str:
        return f'<a href="{esc(url)}">{esc(url)}</a>'

    if target.kind == "chapter":
        locator = esc(target.paragraphs)
        where = (
            f"ch. {target.chapter}, “{esc(_one_line(target.title))},” in the {esc(edition_name(edition))}, {link(target.url)}"
        )
    else:
        locator = link(essay["url"])
        where = f"{esc(edition_name(edition))}, {link(target.url)}"
    return (
        f"{esc(essay['author'])}, “{esc(essay['title'])},” <i>{esc(essay['journal'])}</i>, "
        f"{esc(essay['date_label'])}, {locator} ({where})."
    )


# BibTeX counts every brace, even "\{", so braces and backslashes become balanced commands.
_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "$": r"\$",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def bibtex_escape(text: str) -> str:
    """Text for a braced BibTeX field: specials made literal, Unicode kept as it is."""
    return "".join(_BIBTEX_SPECIAL.get(ch, ch) for ch in _one_line(text))


def _bibtex_title(text: str) -> str:
    """Escape, and brace each later word with a capital, so styles that lowercase titles keep "Soviet"."""
    words = bibtex_escape(text).split(" ")
    return " ".join(w if i == 0 or not re.search(r"[A-Z]", w) else "{" + w + "}" for i, w in enumerate(words))


def _bibtex_url(url: str) -> str:
    """A URL kept verbatim, except characters that would unbalance or end the field (never valid raw in a URL)."""
    return "".join(f"%{ord(ch):02X}" if ch in "{}\\\" " else ch for ch in url)


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def bibtex(edition: dict, target: CiteTarget) -> str:
    """One @article entry for the essay; a chapter's entry says in its note where it was read."""
    essay = _essay(edition)
    year, month, _ = _date_parts(edition)
    page = _bibtex_url(target.url).replace("%", r"\%").replace("#", r"\#")
    if target.kind == "chapter":
        note = (
            f"{bibtex_escape(target.paragraphs)}; ch. {target.chapter}, “{bibtex_escape(target.title)},” "
            f"in the {bibtex_escape(edition_name(edition))}, \\url{{{page}}}"
        )
    else:
        note = f"Read in the {bibtex_escape(edition_name(edition))}, \\url{{{page}}}"
    fields = [
        ("author", "{" + bibtex_escape(_inverted_author(edition)) + "}"),
        ("title", "{" + _bibtex_title(essay["title"]) + "}"),
        ("journal", "{" + bibtex_escape(essay["journal"]) + "}"),
        ("year", str(year)),
        ("month", _MONTHS[month - 1]),
        ("date", "{" + essay["date"] + "}"),
        ("url", "{" + _bibtex_url(essay["url"]) + "}"),
        ("langid", "{english}"),
        ("note", "{" + note + "}"),
    ]
    body = ",\n".join(f"  {name:<7} = {value}" for name, value in fields)
    return f"@article{{{citation_key(edition, target)},\n{body}\n}}\n"


def ris(edition: dict, target: CiteTarget) -> str:
    """An RIS record, LF line ends (generate.sync compares text with universal newlines).

    T2 and JF both carry the journal: Zotero reads T2 as the journal of a JOUR, older readers
    JF; JO is left out because Zotero takes it for an abbreviation.
    """
    essay = _essay(edition)
    year, month, day = _date_parts(edition)
    lines = [
        ("TY", "JOUR"),
        ("AU", _inverted_author(edition)),
        ("TI", essay["title"]),
        ("T2", essay["journal"]),
        ("JF", essay["journal"]),
        ("PY", f"{year:04d}"),
        ("DA", f"{year:04d}/{month:02d}/{day:02d}"),
        ("UR", essay["url"]),
        ("LA", "en"),
        ("N1", _one_line(edition_note(edition, target))),
        ("ER", ""),
    ]
    return "".join(f"{tag}  - {value}\n" for tag, value in lines)


def csl_json(edition: dict, target: CiteTarget) -> str:
    """A CSL-JSON array with one article-journal item, for Zotero, pandoc and citeproc tools."""
    essay = _essay(edition)
    item = {
        "id": citation_key(edition, target),
        "type": "article-journal",
        "title": essay["title"],
        "author": [{"family": essay["author_family"], "given": essay["author_given"]}],
        "issued": {"date-parts": [list(_date_parts(edition))]},
        "container-title": essay["journal"],
        "URL": essay["url"],
        "language": "en",
        "note": _one_line(edition_note(edition, target)),
    }
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


FORMATS = (("bib", bibtex), ("ris", ris), ("json", csl_json))


def download_files(edition: dict, targets: Iterable[CiteTarget]) -> dict[str, str]:
    """Site path -> content of the .bib, .ris and CSL .json files for each target."""
    files: dict[str, str] = {}
    for target in targets:
        for extension, render in FORMATS:
            files[urls.cite_file(file_stem(edition, target), extension)] = render(edition, target)
    return files


def cite_box_markdown(edition: dict, target: CiteTarget) -> str:
    """The "Cite this chapter" box: the citation, a copy button and the three downloads.

    Downloads are Markdown links, so a strict build fails if a file is missing. The heading is
    Markdown too (id "cite"), so it is in the page's table of contents.
    """
    noun = "chapter" if target.kind == "chapter" else "essay"
    stem = file_stem(edition, target)
    links = " · ".join(
        f'[{label}]({urls.cite_file(stem, extension)}){{ download="{stem}.{extension}" }}'
        for label, extension in (("BibTeX", "bib"), ("RIS", "ris"), ("CSL-JSON", "json"))
    )
    return "\n\n".join(
        [
            '<section class="cite-box ed" data-search-exclude markdown>',
            f"## Cite this {noun} {{ #cite }}",
            f'<p class="cite-plain">{citation_html(edition, target)}</p>',
            (
                f'<p><button class="copy-link md-button" type="button" '
                f'data-copy="{escape_html_text(plain_citation(edition, target))}">Copy citation</button></p>'
            ),
            f'<p class="ed-screen-only" markdown>Download the record: {links}</p>',
            "</section>",
        ]
    ) + "\n"


def page_cite_markdown(edition: dict, chapters: list, essay_title: str, meta: dict, site_url: str) -> str:
    """The cite box a page ends with, made at build time because it prints the site's public address.

    Which box follows the page's front matter: `cite: essay` (the landing page), `chapter: N` or
    `note: N`; other pages have none.
    """
    if meta.get("cite") == "essay":
        return cite_box_markdown(edition, essay_target(edition, site_url))
    if meta.get("chapter"):
        return cite_box_markdown(edition, chapter_target(chapters[int(meta["chapter"]) - 1], site_url))
    if meta.get("note"):
        number = int(meta["note"])
        return note_cite_markdown(edition, essay_title, number, urls.absolute(site_url, urls.note_page(number)))
    return ""


def note_cite_markdown(edition: dict, essay_title: str, number: int, url: str) -> str:
    """"Cite this note": a ready citation of the note's permanent page, made at build time for site_url."""
    short = f"{short_reference(edition)}, n. {number}"
    return "\n\n".join(
        [
            "## Cite this note",
            f'<div class="cite-note"><p><span class="ready-citation">{esc(short)}, <a href="{esc(url)}">{esc(url)}</a></span></p>'
            f'<p><button class="copy-link md-button" type="button" data-copy="{esc(url)}">Copy link</button></p></div>',
            (
                f"*{esc(short)}* refers to note {number} of {esc(edition['essay']['author'])}, “{esc(essay_title)},” "
                f"*{esc(edition['essay']['journal'])}*, {esc(edition['essay']['date_label'])}; "
                "the note’s text is supplied by this edition, whose sources are given above."
            ),
        ]
    ) + "\n"
