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
from edition.annotate.markup import escape_html_text as esc
from edition.sources.chapters import Chapter
from edition.sources.essay import NOTE_MARKER, Essay
from edition.sources.glossary import Entry, occurrences
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


def chapter_entries(chapter: Chapter, entries: list[Entry], essay: Essay) -> list[Entry]:
    """The glossary entries used in the chapter, in the order of their first use there."""
    found = occurrences(entries, essay)  # one pass over the essay for all the entries
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


def _entry_item(entry: Entry) -> str:
    kind = "" if entry.kind == "person" else f' <span class="study-kind">{esc(entry.kind)}</span>'
    return f"<li markdown>[{esc(entry.term)}]({urls.glossary_entry(entry.id)}){kind}: {esc(first_sentence(entry.definition))}</li>"


def _list(css: str, items: list[str], tag: str = "ul") -> str:
    return f'<{tag} class="{css}" markdown>\n' + "\n".join(items) + f"\n</{tag}>"


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


def _sense_items(chapter: Chapter, chapters: list[Chapter], senses: dict[str, Sense], uses: list[Use]) -> list[str]:
    here = [u for u in uses if location(u, chapters) is chapter]
    items = []
    for stage in stages_of(senses):
        for sense_id, sense in senses.items():
            sense_uses = [u for u in here if u.sense == sense_id]
            if sense.stage is stage and sense_uses:
                items.append(
                    f"<li markdown>[{esc(sense.label)}]({urls.sense_entry(sense_id)}) "
                    f'<span class="study-stage">{f"stage {stage.number}" if stage.numbered else "outside the stages"}</span>: {_use_links(sense_uses)}</li>'
                )
    return items


def study_sheet(
    chapter: Chapter,
    chapters: list[Chapter],
    essay: Essay,
    entries: list[Entry],
    events: list[Event],
    senses: dict[str, Sense],
    uses: list[Use],
    questions: dict[str, tuple[Question, ...]],
) -> str:
    """The chapter's study sheet as Markdown with inline HTML, for the end of the chapter page and its PDF."""
    words, minutes = reading_time(chapter)
    used = chapter_entries(chapter, entries, essay)
    parts = [
        '<section class="study-sheet ed" data-search-exclude markdown>',
        "## Study sheet { #study-sheet }",
        (
            f'<p class="study-intro">Chapter {chapter.number}, ¶{chapter.first}–¶{chapter.last} ({esc(chapter.years)}), '
            "for a study group or a second reading. The definitions, summaries and questions are the editors’, "
            "not Twiss’s.</p>"
        ),
        f'<p class="study-reading">Reading time: about {minutes} minute{"s" if minutes != 1 else ""} ({words} words).</p>',
    ]
    groups = [
        ("study-terms", "Terms", [_entry_item(e) for e in used if e.kind != "person"]),
        ("study-people", "People", [_entry_item(e) for e in used if e.kind == "person"]),
        (
            "study-events",
            "Dated events",
            [
                f"<li markdown>[{esc(e.when)}]({urls.timeline_entry(e.id)}): {esc(e.event)} ({_paragraph_links(e.paragraphs, chapter)})</li>"
                for e in chapter_events(chapter, events)
            ],
        ),
        ("study-senses", "Senses of “bureaucracy” met", _sense_items(chapter, chapters, senses, uses)),
    ]
    for css, heading, items in groups:
        if items:
            parts += [f'<h3 id="{css}">{heading}</h3>', _list(css, items)]
    asked = questions.get(chapter.slug, ())
    if asked:
        parts += [
            f'<h3 id="study-questions">{HEADING}</h3>',
            _list(
                "study-questions",
                [f'<li id="{q.anchor}" markdown>{esc(q.text)} ({_paragraph_links(q.paragraphs, chapter)})</li>' for q in asked],
                "ol",
            ),
        ]
    parts.append("</section>")
    return "\n\n".join(parts)
