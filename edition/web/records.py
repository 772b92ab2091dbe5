"""The notes and paragraphs as JSON records, for other sites: /notes/14.json, /paragraphs/14.json and an
index of each (all 29 notes, all 23 paragraphs).

Made at build time for the build's site_url (every address in a record is absolute) from the same
project model and the same functions as the pages: a note's text is the one its page prints
(edition.pages.notes.citation_html), its sentence is the one its page quotes, so a record cannot say
other than the page. The shape of each record is held by a JSON Schema in docs/schemas/, published
at /schemas/ and checked by the tests. Works are CSL-JSON items with only the details the editors
verified (Work.get never gives a field listed in x-unverified).
"""

from __future__ import annotations

import json
import re

import lxml.html

from edition import urls
from edition.pages.notes import citation_html
from edition.sources.bibliography import Note, Work
from edition.sources.chapters import Chapter, chapter_of
from edition.sources.essay import annotated_sentence, without_note_markers
from edition.sources.facts import short_reference
from edition.sources.latex import ITALIC_END, ITALIC_START
from edition.sources.project import Project

# BibTeX entry types as CSL-JSON item types.
CSL_TYPES = {
    "article": "article-journal",
    "book": "book",
    "incollection": "chapter",
    "inbook": "chapter",
    "inproceedings": "paper-conference",
    "misc": "document",
}
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december")


def one_line(text: str) -> str:
    return " ".join(text.split())


def html_to_text(fragment: str) -> str:
    """The words of an HTML fragment (a note's citation), its character references resolved."""
    return one_line(lxml.html.fragment_fromstring(fragment, create_parent="p").text_content())


def edition_facts(project: Project, site_url: str) -> dict:
    return {
        "title": one_line(str(project.edition["edition"]["title"])),
        "version": project.version,
        "url": urls.absolute(site_url),
    }


def chapter_facts(chapter: Chapter, site_url: str) -> dict:
    return {
        "number": chapter.number,
        "slug": chapter.slug,
        "title": chapter.title,
        "years": chapter.years,
        "url": urls.absolute(site_url, urls.chapter(chapter.slug)),
    }


def paragraph_url(chapter: Chapter, number: int, site_url: str) -> str:
    """The canonical address of ¶N: its chapter's page and #pN."""
    return urls.absolute(site_url, urls.chapter(chapter.slug)) + "#" + urls.paragraph(number)


def _plain(text: str) -> str:
    return one_line(text.replace(ITALIC_START, "").replace(ITALIC_END, ""))


def _names(people: list[tuple[str, str]]) -> list[dict]:
    """CSL names; a corporate author (family name alone) as a literal."""
    return [{"family": family, "given": given} if given else {"literal": family} for given, family in people]


def _month(value: str) -> int | None:
    """7 for "July"; None for a season or a span ("May–June"), which CSL cannot give as one month."""
    value = value.strip().lower()
    matches = [i for i, name in enumerate(_MONTHS, start=1) if name == value or name[:3] == value]
    return matches[0] if matches else None


def csl_item(work: Work) -> dict:
    """One work as a CSL-JSON item, with only what the editors verified."""
    item: dict = {"id": work.key, "type": CSL_TYPES.get(work.type, "document")}
    if work.get("title"):  # an unverified title is left out, as every unverified field
        item["title"] = _plain(work.get("title"))
    if work.authors:
        item["author"] = _names(work.authors)
    if work.translators:
        item["translator"] = _names(work.translators)
    if re.fullmatch(r"\d{4}", work.get("year")):
        parts = [int(work.get("year"))]
        month = _month(work.get("month"))
        if month:
            parts.append(month)
        item["issued"] = {"date-parts": [parts]}
    container = work.get("journal") or work.get("booktitle")
    for key, value in (
        ("container-title", _plain(container)),
        ("publisher", work.get("publisher")),
        ("publisher-place", work.get("address")),
        ("volume", work.get("volume")),
        ("issue", work.get("number")),
        ("page", work.get("pages")),
        ("DOI", work.get("doi")),
        ("URL", work.get("url")),
    ):
        if value:
            item[key] = one_line(value)
    return item


def _evidence(items) -> list[dict]:
    out = []
    for item in items:
        entry = {"url": item.url} if item.url else {}
        entry["description"] = one_line(item.label)
        seen = getattr(item, "seen", "")  # the words seen there, where the bibliography records them
        if seen:
            entry["seen"] = one_line(seen)
        out.append(entry)
    return out


def note_record(project: Project, note: Note, site_url: str) -> dict:
    """/notes/N.json (docs/schemas/note.schema.json)."""
    paragraph, sentence = annotated_sentence(project.essay, note.number)
    chapter = chapter_of(project.chapters, paragraph)
    chapter_url = urls.absolute(site_url, urls.chapter(chapter.slug))
    html = citation_html(note)
    record = {
        "type": "note",
        "number": note.number,
        "text": html_to_text(html),
        "html": html,
        "status": note.status,
        "status_label": note.status_label,
        "essay_says": one_line(note.essay_says),
    }
    if note.comment:
        record["comment"] = one_line(note.comment)
    record |= {
        "annotated_sentence": one_line(without_note_markers(sentence)),
        "paragraph": paragraph,
        "paragraph_url": paragraph_url(chapter, paragraph, site_url),
        "chapter": chapter_facts(chapter, site_url),
        "url": urls.absolute(site_url, urls.note_page(note.number)),
        "anchor_url": f"{chapter_url}#{urls.note(note.number)}",
        "works": [csl_item(work) for work in note.works],
        "evidence": _evidence(note.evidence),
        "cite": f"{short_reference(project.edition)}, n. {note.number}",
        "edition": edition_facts(project, site_url),
    }
    return record


def paragraph_record(project: Project, number: int, site_url: str) -> dict:
    """/paragraphs/N.json (docs/schemas/paragraph.schema.json)."""
    paragraph = project.essay.paragraph(number)
    chapter = chapter_of(project.chapters, number)
    cited = [n for n, p in project.essay.note_markers() if p == number]
    return {
        "type": "paragraph",
        "number": number,
        "text": one_line(without_note_markers(paragraph.text)),
        "notes": [{"number": n, "url": urls.absolute(site_url, urls.note_page(n))} for n in cited],
        "chapter": chapter_facts(chapter, site_url),
        "url": paragraph_url(chapter, number, site_url),
        "cite": f"{short_reference(project.edition)}, ¶{number}",
        "edition": edition_facts(project, site_url),
    }


def dump(record: dict) -> str:
    """JSON as published: UTF-8 text, the same bytes for the same record."""
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"


def record_files(project: Project, site_url: str) -> dict[str, str]:
    """Site path -> JSON text of every note and paragraph record and the two indexes."""
    notes = [note_record(project, note, site_url) for _, note in sorted(project.bibliography.notes.items())]
    paragraphs = [paragraph_record(project, p.number, site_url) for p in project.essay.paragraphs]
    files = {urls.note_record(r["number"]): dump(r) for r in notes}
    files |= {urls.paragraph_record(r["number"]): dump(r) for r in paragraphs}
    edition = edition_facts(project, site_url)
    files[urls.NOTES_INDEX_RECORD] = dump({"edition": edition, "notes": notes})
    files[urls.PARAGRAPHS_INDEX_RECORD] = dump({"edition": edition, "paragraphs": paragraphs})
    return files
