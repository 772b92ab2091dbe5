"""Each chapter's study sheet: what a study group needs on one printable page.

The sheet gathers, for one chapter, the glossary terms and people it mentions (with the first
sentence of each definition), its dated events, the senses of “bureaucracy” met in it, its reading
time, and the editors' questions for discussion, each linked to the paragraphs it asks about. It is
built only from data the edition already checks (glossary, timeline, senses, questions), so it is a
pure function of them. The whole sheet is editorial (class `ed`), kept out of search, and uses no
screen-only widgets, so it prints as it reads at the end of the chapter PDF.
"""

from __future__ import annotations

import math
import re

from edition import urls
from edition.pages.templating import Markup, render_template
from edition.sources.chapters import Chapter
from edition.sources.essay import NOTE_MARKER, Essay
from edition.sources.glossary import Entry, Occurrences, occurrences
from edition.sources.questions import Question
from edition.sources.senses import TITLE, Sense, Use, location, stages_of
from edition.sources.timeline import Event

WORDS_PER_MINUTE = 200
WORD = re.compile(r"\w+(?:[’'-]\w+)*")
# A sentence ends at . ! or ? (perhaps inside a closing quote or bracket) before a capital, a digit or an opening quote.
SENTENCE_END = re.compile(r"[.!?][”’)]?\s+(?=[A-Z0-9“‘(])")
# A full stop after one of these is not the end of a sentence: initials (“Lars T. Lih”) and common abbreviations.
NOT_AN_END = re.compile(r"(?:^|[\s(])(?:[A-Z]|St|Mr|Mrs|Dr|Prof|c|ca|cf|vol|no|pp?)$")
HEADING = "Questions for discussion (the editors’, not Twiss’s)"


def first_sentence(text: str) -> str:
    """The first sentence of a definition, for a one-line gloss; the whole text if it is one sentence."""
    for match in SENTENCE_END.finditer(text):
        if not NOT_AN_END.search(text[: match.start()]):
            return text[: match.start() + 1] + (match.group(0)[1] if match.group(0)[1] in "”’)" else "")
    return text


def reading_time(chapter: Chapter) -> tuple[int, int]:
    """(words, minutes) for the chapter's paragraphs at WORDS_PER_MINUTE; note markers are not words; at least a minute."""
    words = sum(len(WORD.findall(NOTE_MARKER.sub(" ", p.text))) for p in chapter.paragraphs)
    return words, max(1, math.floor(words / WORDS_PER_MINUTE + 0.5))


def chapter_entries(chapter: Chapter, entries: list[Entry], essay: Essay, found: Occurrences | None = None) -> list[Entry]:
    """The glossary entries used in the chapter, in the order of their first use there.

    found: occurrences(entries, essay), when the caller has it: the generator finds them once for
    every chapter (a pass over the whole essay per entry), not once per chapter.
    """
    if found is None:
        found = occurrences(entries, essay)
    firsts = []
    for entry in entries:
        here = [(p, start) for p, start, _end in found[entry.id] if chapter.first <= p <= chapter.last]
        if here:
            firsts.append((min(here), entry))
    return [entry for _first, entry in sorted(firsts, key=lambda pair: pair[0])]


def chapter_events(chapter: Chapter, events: list[Event]) -> list[Event]:
    """The dated events linked to any of the chapter's paragraphs, in date order (as on the timeline)."""
    return [e for e in events if any(chapter.first <= p <= chapter.last for p in e.paragraphs)]


def _paragraph_links(numbers, chapter: Chapter) -> str:
    return ", ".join(f"[¶{p}](#{urls.paragraph(p)})" for p in numbers if chapter.first <= p <= chapter.last)


def _use_links(here: list[Use]) -> str:
    """Each paragraph with uses in one sense, linked to its first use there, with a count if several."""
    by_paragraph: dict[int, list[Use]] = {}
    for use in here:
        by_paragraph.setdefault(use.paragraph, []).append(use)
    links = []
    for paragraph, paragraph_uses in by_paragraph.items():
        place = "the title" if paragraph == TITLE else f"¶{paragraph}"
        count = f" ({len(paragraph_uses)}×)" if len(paragraph_uses) > 1 else ""
        links.append(f"[{place}{count}](#{paragraph_uses[0].anchor})")
    return ", ".join(links)


def _sense_items(chapter: Chapter, chapters: list[Chapter], senses: dict[str, Sense], uses: list[Use]) -> list[dict]:
    here = [u for u in uses if location(u, chapters) is chapter]
    items = []
    for stage in stages_of(senses):
        for sense_id, sense in senses.items():
            sense_uses = [u for u in here if u.sense == sense_id]
            if sense.stage is stage and sense_uses:
                items.append({
                    "label": sense.label,
                    "link": urls.sense_entry(sense_id),
                    "stage": f"stage {stage.number}" if stage.numbered else "outside the stages",
                    "uses": Markup(_use_links(sense_uses)),
                })
    return items


def _entry_item(entry: Entry) -> dict:
    return {"term": entry.term, "link": urls.glossary_entry(entry.id), "kind": entry.kind, "gloss": first_sentence(entry.definition)}


def study_sheet(
    chapter: Chapter,
    chapters: list[Chapter],
    essay: Essay,
    entries: list[Entry],
    events: list[Event],
    senses: dict[str, Sense],
    uses: list[Use],
    questions: dict[str, tuple[Question, ...]],
    found: Occurrences | None = None,
) -> str:
    """The chapter's study sheet as Markdown with inline HTML, for the end of the chapter page and its PDF
    (templates/study-sheet.md.j2). found: as chapter_entries."""
    words, minutes = reading_time(chapter)
    used = chapter_entries(chapter, entries, essay, found)
    return render_template(
        "study-sheet.md.j2",
        chapter=chapter,
        words=words,
        minutes=minutes,
        terms=[_entry_item(e) for e in used if e.kind != "person"],
        people=[_entry_item(e) for e in used if e.kind == "person"],
        events=[{"when": e.when, "link": urls.timeline_entry(e.id), "event": e.event,
                 "paragraphs": Markup(_paragraph_links(e.paragraphs, chapter))} for e in chapter_events(chapter, events)],
        senses=_sense_items(chapter, chapters, senses, uses),
        heading=HEADING,
        questions=[{"anchor": q.anchor, "text": q.text, "paragraphs": Markup(_paragraph_links(q.paragraphs, chapter))}
                   for q in questions.get(chapter.slug, ())],
    ).rstrip("\n")
