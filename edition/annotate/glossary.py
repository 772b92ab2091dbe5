"""The glossary step: a span over the first use of each term in a chapter.

A term whose meaning shifts inside the essay (an entry with `meanings:`) is marked at the first use
of each of its meanings on a page, and each mark shows the meaning that applies in its own
paragraph, attributed to whoever used the word so (Trotsky, Twiss); other terms show the definition.
"""

from __future__ import annotations

from edition import urls
from edition.annotate.markup import Span
from edition.annotate.markup import escape_html_text as esc
from edition.sources.chapters import Chapter, chapter_of
from edition.sources.essay import Essay
from edition.sources.glossary import Entry, Occurrences, occurrences


def first_uses(entries: list[Entry], essay: Essay, chapters: list[Chapter], found: Occurrences | None = None) -> dict[tuple[int, int], Entry]:
    """(paragraph, start) of the first use of each entry, and of each of its meanings, on each chapter page.

    found: occurrences(entries, essay), when the caller has it (the generator finds them once for every page).
    """
    marks: dict[tuple[int, int], Entry] = {}
    by_id = {e.id: e for e in entries}
    for entry_id, uses in (occurrences(entries, essay) if found is None else found).items():
        entry = by_id[entry_id]
        seen: set[tuple[str, int]] = set()
        for paragraph, start, _end in uses:
            meaning = entry.meaning_at(paragraph)
            key = (chapter_of(chapters, paragraph).slug, entry.meanings.index(meaning) if meaning else -1)
            if key not in seen:
                seen.add(key)
                marks[(paragraph, start)] = entry
    return marks


def tooltip(entry: Entry, paragraph: int) -> str:
    """What a marked use shows: the meaning for its paragraph, attributed, else the definition."""
    meaning = entry.meaning_at(paragraph)
    if meaning is None:
        return f"{entry.term}: {entry.definition}"
    # "Thermidor (as Trotsky used it here): …"; a term that ends in brackets takes a comma instead.
    attribution = f", as {meaning.by} used it here" if entry.term.endswith(")") else f" (as {meaning.by} used it here)"
    return f"{entry.term}{attribution}: {meaning.meaning}"


def glossary_spans_step(entries: list[Entry], essay: Essay, chapters: list[Chapter], found: Occurrences | None = None):
    """Pipeline step: mark the first use of each entry (and of each of its meanings) on each chapter page
    (found: as first_uses)."""
    marks = first_uses(entries, essay, chapters, found)

    def step(text: str, block: int | str) -> list[Span]:
        if not isinstance(block, int):
            return []
        spans = []
        for (paragraph, start), entry in marks.items():
            if paragraph != block:
                continue
            match = entry.pattern().match(text, start)
            definition = esc(tooltip(entry, paragraph))
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
