"""The editors' glossary: terms, institutions, events and people a newcomer needs.

The first use of each entry on a chapter page links to the glossary and carries its definition, shown
on hover and focus (Material's tooltips) and on tap (docs/assets/edition.js); without JavaScript the
link simply leads to the entry. The definition lives in attributes, never in the essay's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from edition import paths, urls
from edition.chapters import Chapter, chapter_of
from edition.errors import SourceError
from edition.essay import Essay
from edition.feedback import feedback_link
from edition.markup import Span
from edition.markup import escape_html_text as esc
from edition.source_policy import Host, Source, load_policy, parse_sources, sources_html
from edition.yamlfile import load_yaml, mappings, require, require_slug

GLOSSARY_PATH = paths.GLOSSARY
KINDS = {
    "term": "Terms",
    "concept": "Concepts",
    "institution": "Institutions",
    "event": "Events",
    "work": "Works",
    "person": "People",
}


@dataclass(frozen=True)
class Entry:
    id: str
    term: str
    kind: str
    forms: tuple[str, ...]
    definition: str
    sources: tuple[Source, ...]
    note: str = ""

    def pattern(self) -> re.Pattern:
        alternatives = "|".join(re.escape(f) for f in sorted(self.forms, key=len, reverse=True))
        return re.compile(rf"(?<![\w’-])(?:{alternatives})(?![\w-])")


def parse_glossary(data: object, essay: Essay, path: Path = GLOSSARY_PATH, hosts: dict[str, Host] | None = None) -> list[Entry]:
    """Check every entry: unique id, known kind, sources the policy accepts, forms that occur in the essay."""
    items = mappings(path, data, "entries")
    entries: list[Entry] = []
    ids: set[str] = set()
    text = "\n".join(p.text for p in essay.paragraphs)
    hosts = hosts if hosts is not None else load_policy()
    for item in items:
        entry_id = require_slug(path, item, "id")
        line = getattr(item, "line", None)
        if entry_id in ids:
            raise SourceError(path, f"duplicate glossary id '{entry_id}'", line)
        ids.add(entry_id)
        kind = require(path, item, "kind")
        if kind not in KINDS:
            raise SourceError(path, f"'{entry_id}' has kind '{kind}', not one of {', '.join(KINDS)}", line)
        entry = Entry(
            id=entry_id,
            term=require(path, item, "term"),
            kind=kind,
            forms=tuple(str(f) for f in require(path, item, "forms", list)),
            definition=" ".join(require(path, item, "definition").split()),
            sources=parse_sources(item, entry_id, hosts, path),
            note=" ".join(str(item.get("note") or "").split()),
        )
        if not entry.pattern().search(text):
            raise SourceError(path, f"'{entry_id}': none of its forms {list(entry.forms)} occurs in the essay", line)
        entries.append(entry)
    return entries


def load_glossary(essay: Essay, path: Path = GLOSSARY_PATH, hosts: dict[str, Host] | None = None) -> list[Entry]:
    return parse_glossary(load_yaml(path), essay, path, hosts)


def occurrences(entries: list[Entry], essay: Essay) -> dict[str, list[tuple[int, int, int]]]:
    """Every use of every entry: id -> [(paragraph, start, end)], in reading order."""
    found: dict[str, list[tuple[int, int, int]]] = {}
    for entry in entries:
        pattern = entry.pattern()
        found[entry.id] = [(p.number, m.start(), m.end()) for p in essay.paragraphs for m in pattern.finditer(p.text)]
    return found


def first_uses(entries: list[Entry], essay: Essay, chapters: list[Chapter]) -> dict[tuple[int, int], Entry]:
    """(paragraph, start) of the first use of each entry on each chapter page."""
    marks: dict[tuple[int, int], Entry] = {}
    by_id = {e.id: e for e in entries}
    for entry_id, uses in occurrences(entries, essay).items():
        seen: set[str] = set()
        for paragraph, start, _end in uses:
            chapter = chapter_of(chapters, paragraph).slug
            if chapter not in seen:
                seen.add(chapter)
                marks[(paragraph, start)] = by_id[entry_id]
    return marks


def glossary_spans_step(entries: list[Entry], essay: Essay, chapters: list[Chapter]):
    """Pipeline step: mark the first use of each entry on each chapter page."""
    marks = first_uses(entries, essay, chapters)

    def step(text: str, block: int | str) -> list[Span]:
        if not isinstance(block, int):
            return []
        spans = []
        for (paragraph, start), entry in marks.items():
            if paragraph != block:
                continue
            match = entry.pattern().match(text, start)
            definition = esc(f"{entry.term}: {entry.definition}")
            spans.append(
                Span(
                    start,
                    match.end(),
                    lambda words, e=entry, d=definition: (
                        f'[{words}]({urls.glossary_entry(e.id)}){{ .gloss title="{d}" data-definition="{d}" }}'
                    ),
                    kind="glossary",
                )
            )
        return spans

    return step


def glossary_page(
    entries: list[Entry], essay: Essay, chapters: list[Chapter], notice: str, front: str, contact: str = ""
) -> str:
    """Every entry, by kind, with its sources, links to every paragraph that uses it, and a report link."""
    uses = occurrences(entries, essay)
    parts = [
        front,
        notice,
        "# Glossary",
        (
            "Short definitions written by the editors of this edition for readers meeting these terms, "
            "institutions, events and people for the first time; they are not Twiss’s words. On the "
            "chapter pages the first use of each term is marked: hover, focus or tap it to read the "
            "definition. Each entry names its sources, each labelled as a reference work, a scholarly "
            "publication, a primary text or the essay, and as partisan where it is (see the "
            "[source policy](about.md#sources)), and links to every paragraph that uses it."
        ),
    ]
    for kind, heading in KINDS.items():
        group = sorted((e for e in entries if e.kind == kind), key=lambda e: e.term.lower())
        if not group:
            continue
        parts.append(f"## {heading}")
        for entry in group:
            counts: dict[int, int] = {}
            for paragraph, _s, _e in uses[entry.id]:
                counts[paragraph] = counts.get(paragraph, 0) + 1
            links = ", ".join(
                f"[¶{p}{f' ({n}×)' if n > 1 else ''}]({urls.in_chapter(chapter_of(chapters, p).slug, urls.paragraph(p))})" for p, n in counts.items()
            )
            parts.append(
                f'<div class="gloss-entry" id="{entry.id}" markdown>\n\n'
                f"**{esc(entry.term)}** <span class=\"gloss-kind\">{esc(entry.kind)}</span>\n"
                f"{esc(entry.definition)}\n"
                + (f'<span class="gloss-note">Editors’ note: {esc(entry.note)}</span>\n' if entry.note else "")
                + f'<span class="gloss-source" data-search-exclude>Source{"s" if len(entry.sources) > 1 else ""}: {sources_html(entry.sources)}</span>\n'
                f'<span class="gloss-uses" data-search-exclude>Used in {links}.</span>\n'
                + _report_link(contact, entry)
                + "\n</div>"
            )
    return "\n\n".join(parts) + "\n"


def _report_link(contact: str, entry: Entry) -> str:
    link = feedback_link(
        contact,
        "Report an error",
        f"Glossary: {entry.term} (glossary/#{entry.id})",
        f"Entry: glossary/#{entry.id}\nWhat is wrong, and your source for it:\n",
    )
    return f'<span class="gloss-report">{link}</span>\n' if link else ""
