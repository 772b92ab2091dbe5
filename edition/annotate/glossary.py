"""The glossary step: a span over the first use of each term in a chapter."""

from __future__ import annotations

from edition import urls
from edition.annotate.markup import Span
from edition.annotate.markup import escape_html_text as esc
from edition.sources.chapters import Chapter, chapter_of
from edition.sources.essay import Essay
from edition.sources.glossary import Entry, occurrences


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
