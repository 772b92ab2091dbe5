"""The glossary page."""

from __future__ import annotations

from edition import urls
from edition.annotate.markup import escape_html_text as esc
from edition.pages.common import feedback_link, sources_block
from edition.sources.chapters import Chapter, chapter_of
from edition.sources.essay import Essay
from edition.sources.glossary import KINDS, Entry, Meaning, occurrences


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
            "institutions, events and people for the first time; they are not Twiss’s words. "
            # The web's gesture, not the book's: the PDF and the EPUB leave it out.
            '<span class="ed-screen-only">On the chapter pages the first use of each term is marked: hover, '
            "focus or tap it to read the definition.</span> Each entry names its sources, each labelled as a reference work, a scholarly "
            "publication, a primary text or the essay, and as partisan where it is (see the "
            "[source policy](about.md#sources)) and with the words of it the editors saw (open “Words seen”), "
            "and links to every paragraph that uses it."
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
            # The sources are a block between two paragraphs: the words seen open in a <details>,
            # which may not stand inside a paragraph.
            parts.append(
                f'<div class="gloss-entry" id="{entry.id}" markdown>\n\n'
                f"**{esc(entry.term)}** <span class=\"gloss-kind\">{esc(entry.kind)}</span>\n"
                f"{esc(entry.definition)}\n"
                + _meanings_html(entry, chapters)
                + (f'<span class="gloss-note">Editors’ note: {esc(entry.note)}</span>\n' if entry.note else "")
                + "\n"
                + sources_block(entry.sources, "gloss-source")
                + "\n\n"
                f'<span class="gloss-uses" data-search-exclude>Used in {links}.</span>\n'
                + _report_link(contact, entry)
                + "\n</div>"
            )
    return "\n\n".join(parts) + "\n"


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


def _meanings_html(entry: Entry, chapters: list[Chapter]) -> str:
    """Under the definition: the meaning the term has in each part of the essay, and whose it is."""
    if not entry.meanings:
        return ""
    items = "\n".join(f'<li markdown="span">{meaning_line(m, chapters)}</li>' for m in entry.meanings)
    return (
        '\n<p class="gloss-meanings-head">Meanings in the essay:</p>\n\n'
        f'<ul class="gloss-meanings" markdown>\n{items}\n</ul>\n\n'
    )


def _report_link(contact: str, entry: Entry) -> str:
    link = feedback_link(
        contact,
        "Report an error",
        f"Glossary: {entry.term} (glossary/#{entry.id})",
        f"Entry: glossary/#{entry.id}\nWhat is wrong, and your source for it:\n",
    )
    return f'<span class="gloss-report">{link}</span>\n' if link else ""
