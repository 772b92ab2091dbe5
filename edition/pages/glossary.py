"""The glossary page."""

from __future__ import annotations

from edition import urls
from edition.annotate.markup import escape_html_text as esc
from edition.pages.common import feedback_link, sources_block
from edition.pages.templating import Markup, render_template
from edition.sources.chapters import Chapter, chapter_of
from edition.sources.essay import Essay
from edition.sources.glossary import KINDS, Entry, Meaning, Occurrences, occurrences


def glossary_page(
    entries: list[Entry], essay: Essay, chapters: list[Chapter], notice: str, front: str, contact: str = "",
    found: Occurrences | None = None,
) -> str:
    """Every entry, by kind, with its sources, links to every paragraph that uses it, and a report link
    (templates/glossary.md.j2). found: occurrences(entries, essay), when the caller has it."""
    uses = occurrences(entries, essay) if found is None else found
    groups = []
    for kind, heading in KINDS.items():
        group = sorted((e for e in entries if e.kind == kind), key=lambda e: e.term.lower())
        if group:
            groups.append((heading, [_entry(entry, uses[entry.id], chapters, contact) for entry in group]))
    text = render_template("glossary.md.j2", front=Markup(front), notice=Markup(notice), groups=groups)
    return text.rstrip("\n") + "\n"


def _entry(entry: Entry, uses: list, chapters: list[Chapter], contact: str) -> dict:
    counts: dict[int, int] = {}
    for paragraph, _s, _e in uses:
        counts[paragraph] = counts.get(paragraph, 0) + 1
    links = ", ".join(
        f"[¶{p}{f' ({n}×)' if n > 1 else ''}]({urls.in_chapter(chapter_of(chapters, p).slug, urls.paragraph(p))})" for p, n in counts.items()
    )
    report = feedback_link(
        contact,
        "Report an error",
        f"Glossary: {entry.term} (glossary/#{entry.id})",
        f"Entry: glossary/#{entry.id}\nWhat is wrong, and your source for it:\n",
    )
    return {
        "id": entry.id,
        "term": entry.term,
        "kind": entry.kind,
        "definition": entry.definition,
        "meanings": [Markup(meaning_line(m, chapters)) for m in entry.meanings],
        "note": entry.note,
        "sources": Markup(sources_block(entry.sources, "gloss-source")),
        "links": Markup(links),
        "report": Markup(report),
    }


def paragraph_span_links(paragraphs: tuple[int, ...], chapters: list[Chapter]) -> str:
    """"¶10–¶12" for three or more paragraphs in a row, "¶19, ¶21" otherwise, each ¶ a link to its place."""
    def link(p: int) -> str:
        return f"[¶{p}]({urls.in_chapter(chapter_of(chapters, p).slug, urls.paragraph(p))})"

    runs: list[list[int]] = []
    for p in sorted(paragraphs):
        if runs and p == runs[-1][-1] + 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    return ", ".join(f"{link(r[0])}–{link(r[-1])}" if len(r) > 2 else ", ".join(link(p) for p in r) for r in runs)


def meaning_line(meaning: Meaning, chapters: list[Chapter]) -> str:
    """One meaning: "(¶10–¶12, Trotsky) …", its paragraphs linked and whose meaning it is."""
    return f"({paragraph_span_links(meaning.paragraphs, chapters)}, {esc(meaning.by)}) {esc(meaning.meaning)}"
