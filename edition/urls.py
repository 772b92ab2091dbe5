"""The edition's public URL scheme: every page, anchor and file a reader can link to.

Other sites link to these addresses, so they must never change (tests/public-urls.txt lists them
and the tests check each one). The code and the tests build every URL and anchor here; nothing
else spells one out. Page URLs are relative to the site root and end in "/" (MkDocs directory
URLs); the *_source names give the Markdown file a page is built from, for links MkDocs validates.
"""

from __future__ import annotations

import re

PAPER_SIZES = ("a4", "letter")
CITE_FORMATS = ("bib", "ris", "json")


# ── Names derived from the edition's facts ──────────────────────────────────────────────────


def essay_stem(edition: dict) -> str:
    """"twiss-2016": the author's family name and the year, the stem of the whole-essay files."""
    family = re.sub(r"[^a-z]", "", str(edition["essay"]["author_family"]).lower())
    return f"{family}-{str(edition['essay']['date'])[:4]}"


def chapter_stem(edition: dict, chapter: int) -> str:
    """"twiss-2016-ch2": the stem of a chapter's citation records."""
    return f"{essay_stem(edition)}-ch{chapter}"


# ── Pages ───────────────────────────────────────────────────────────────────────────────────

HOME = ""
NOTES = "notes/"
SENSES = "senses/"
GLOSSARY = "glossary/"
TIMELINE = "timeline/"
WORKS_CITED = "works-cited/"
REVISIONS = "revisions/"
ABOUT = "about/"


def chapter(slug: str) -> str:
    return f"{slug}/"


def note_page(number: int) -> str:
    return f"notes/{number}/"


# Markdown sources of those pages, for links between generated pages (MkDocs checks them).
HOME_SOURCE = "index.md"
GLOSSARY_SOURCE = "glossary.md"
TIMELINE_SOURCE = "timeline.md"
SENSES_SOURCE = "senses.md"
REVISIONS_SOURCE = "revisions.md"


def chapter_source(slug: str) -> str:
    return f"{slug}.md"


def note_source(number: int) -> str:
    return f"notes/{number}.md"


def in_chapter(slug: str, anchor: str) -> str:
    """A place on a chapter page, as a Markdown link from a top-level page: "5-revolution-betrayed.md#p14"."""
    return f"{chapter_source(slug)}#{anchor}"


def glossary_entry(entry_id: str) -> str:
    return f"{GLOSSARY_SOURCE}#{entry_id}"


def timeline_entry(event_id: str) -> str:
    return f"{TIMELINE_SOURCE}#{event_id}"


def sense_entry(sense_id: str) -> str:
    """A sense, stage or facet on the Senses page."""
    return f"{SENSES_SOURCE}#{sense_id}"


# ── Anchors (without "#") ───────────────────────────────────────────────────────────────────


def paragraph(number: int) -> str:
    """¶8 -> "p8"."""
    return f"p{number}"


def note(number: int) -> str:
    """The note's text at the foot of its chapter (and its entry on the Notes page)."""
    return f"note-{number}"


def note_ref(number: int) -> str:
    """The note's number in the essay's text."""
    return f"note-{number}-ref"


def use(paragraph_number: int, ordinal: int) -> str:
    """The k-th use of the word family "bureaucracy" in ¶p: "u8-2"."""
    return f"u{paragraph_number}-{ordinal}"


def use_entry(paragraph_number: int, ordinal: int) -> str:
    """That use's entry in its chapter's list of senses."""
    return f"sense-{use(paragraph_number, ordinal)}"


# ── Files made by the build ─────────────────────────────────────────────────────────────────

PDF_DIR = "pdf"
CITE_DIR = "cite"


def pdf_file(stem: str, size: str) -> str:
    """"1-meanings-a4.pdf": the file name of a PDF in pdf/, for a chapter slug or the essay stem."""
    if size not in PAPER_SIZES:
        raise ValueError(f"unknown page size {size!r}: expected one of {', '.join(PAPER_SIZES)}")
    return f"{stem}-{size}.pdf"


def pdf_file_parts(name: str) -> tuple[str, str]:
    """("1-meanings", "a4") of "1-meanings-a4.pdf": the stem and paper size of pdf_file's name."""
    stem, _, size = name.removesuffix(".pdf").rpartition("-")
    if not name.endswith(".pdf") or not stem or size not in PAPER_SIZES:
        raise ValueError(f"{name!r} is not a PDF name of this edition (<stem>-<size>.pdf)")
    return stem, size


def pdf(stem: str, size: str) -> str:
    return f"{PDF_DIR}/{pdf_file(stem, size)}"


EPUB_DIR = "epub"


def epub_file(stem: str) -> str:
    return f"{stem}.epub"


def epub(stem: str) -> str:
    return f"{EPUB_DIR}/{epub_file(stem)}"


def cite_file(stem: str, extension: str) -> str:
    return f"{CITE_DIR}/{stem}.{extension}"


# Link-preview images (og:image): the edition's, one per chapter, one per note.
PREVIEW_DIR = "preview"
PREVIEW_EDITION = "edition"


def preview_chapter_name(slug: str) -> str:
    """"2-glavkokratiia": a chapter's preview image is named by its slug."""
    return slug


def preview_note_name(number: int) -> str:
    return f"note-{number}"


def preview_image(name: str) -> str:
    """"preview/note-14.png": where the build writes a preview image."""
    return f"{PREVIEW_DIR}/{name}.png"


# Records for other sites (edition/web/records.py, edition/web/oembed.py): one JSON record per note
# and per paragraph, an index of each, their JSON Schemas, an oEmbed record beside each note page and
# chapter page, and the hover-card script that reads the records (docs/embed/notes.js).
PARAGRAPHS_DIR = "paragraphs"
NOTES_INDEX_RECORD = "notes/index.json"
PARAGRAPHS_INDEX_RECORD = f"{PARAGRAPHS_DIR}/index.json"
EMBED_SCRIPT = "embed/notes.js"
SCHEMA_DIR = "schemas"
OEMBED_FILE = "oembed.json"
OEMBED_MEDIA_TYPE = "application/json+oembed"


def note_record(number: int) -> str:
    """"notes/14.json", beside the note's page notes/14/."""
    return f"notes/{number}.json"


def paragraph_record(number: int) -> str:
    return f"{PARAGRAPHS_DIR}/{number}.json"


def schema(name: str) -> str:
    """"schemas/note.schema.json" for "note"."""
    return f"{SCHEMA_DIR}/{name}.schema.json"


def oembed(page: str) -> str:
    """"notes/14/oembed.json": a page's oEmbed record, in its folder (page as note_page or chapter gives it)."""
    if not page.endswith("/"):
        raise ValueError(f"{page!r} is not a page URL (it should end in '/')")
    return f"{page}{OEMBED_FILE}"


# ── Joining ─────────────────────────────────────────────────────────────────────────────────


def absolute(site_url: str, path: str = "") -> str:
    """The public address of a page or file: site_url (with its final slash) + path."""
    root = site_url if site_url.endswith("/") else site_url + "/"
    return root + path
