"""Link-preview images: one 1200×630 card for the edition, each chapter and each note.

A card is plain data (`Card`: blocks of text runs, each with a style, a size and a colour), made
from the project by `edition_card`, `chapter_card` and `note_card`; `render` (draw.py) draws it with the
edition's own serif (docs/assets/fonts, WOFF2 read into memory as TrueType) into a PNG of a few
dozen colours, with no metadata, so the same card gives the same bytes. Nothing is fetched: a
character the font subset lacks stops the build, naming the font and the character.

The design lives here: `PALETTE` (colours), `WIDTH`/`HEIGHT`/`MARGIN`, and the sizes and line
limits in the three card functions. Long text is wrapped and cut with an ellipsis (`wrap`); a card
whose text cannot fit even so is an error, never an overflow. The build starts a `PreviewJob` (job.py), which
takes each image from the build cache when its inputs are unchanged (edition.web.cache) and draws the others
in a worker process while the pages are rendered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from edition import urls
from edition.sources.latex import ITALIC_END, ITALIC_START

WIDTH, HEIGHT = 1200, 630
MAX_BYTES = 100 * 1024  # the most a preview image may weigh
MEDIA_TYPE = "image/png"
MARGIN = 84  # left and right margin of the text, in pixels
TOP, BOTTOM = 62, 54  # top margin (to the eyebrow's cap height) and bottom margin (below the footer)
BAND = 14  # the coloured band on the left edge
RAMP = 8  # shades from the paper to each colour in the PNG's palette (see palette())
TRACKING = 2.2  # letter spacing of the eyebrow's capitals, in pixels

FONT_DIR = Path("assets") / "fonts"  # the web fonts, under the docs_dir
FONT_FILES = {
    "regular": "edition-serif-regular.woff2",
    "italic": "edition-serif-italic.woff2",
    "bold": "edition-serif-bold.woff2",
}

# Warm paper, brown ink (the site's primary colour is Material's brown), and the note status
# colours of docs/assets/edition.css.
PALETTE = {
    "paper": (250, 247, 240),
    "ink": (43, 33, 28),
    "muted": (110, 96, 86),
    "accent": (121, 85, 72),
    "rule": (214, 203, 188),
    "original-note-found": (46, 107, 52),
    "quote-verified": (46, 107, 52),
    "identified-likely": (122, 90, 0),
    "unidentified": (138, 44, 44),
}


# ── Cards as data ───────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Run:
    """Some text in one style: "regular", "italic" or "bold"."""

    text: str
    style: str = "regular"


@dataclass(frozen=True)
class Block:
    """A paragraph of the card: its runs, wrapped to at most max_lines lines."""

    runs: tuple[Run, ...]
    size: int  # font size in pixels
    colour: str = "ink"  # a key of PALETTE
    max_lines: int = 1
    space_before: int = 0  # pixels above the block
    leading: float = 1.22  # line height as a multiple of the size
    shrink: bool = False  # may give up lines (down to one) if the card is too full
    frame: bool = False  # drawn in a thin rounded box (a note's status, as on the site)
    quote: bool = False  # a rule on its left (the sentence a note annotates)


@dataclass(frozen=True)
class Card:
    """One preview image: its file name (without .png), its text as blocks, and its description."""

    name: str
    eyebrow: str  # the small line at the top
    blocks: tuple[Block, ...]
    footer: str
    alt: str  # what the image says, for og:image:alt and twitter:image:alt


def plain(text: str) -> str:
    """One line of text as it is drawn: spaces collapsed, typographic apostrophes."""
    text = " ".join(str(text).replace(ITALIC_START, "").replace(ITALIC_END, "").split())
    return re.sub(r"(?<=\w)'", "’", text)


def _runs(text: str, style: str = "regular") -> tuple[Run, ...]:
    return (Run(plain(text), style),) if plain(text) else ()


def _marked_runs(text: str, style: str) -> tuple[Run, ...]:
    """A BibTeX field with italics marked (markup.ITALIC_*): those parts swap roman and italic."""
    other = {"italic": "regular", "regular": "italic"}.get(style, style)
    parts = re.split(f"([{ITALIC_START}{ITALIC_END}])", str(text))
    runs, current = [], style
    for part in parts:
        if part == ITALIC_START:
            current = other
        elif part == ITALIC_END:
            current = style
        elif part:
            runs.append(Run(re.sub(r"(?<=\w)'", "’", re.sub(r"\s+", " ", part)), current))
    return tuple(runs)


def _edition_line(edition: dict) -> str:
    return plain(edition["edition"]["short_title"]).upper()


def _essay_line(edition: dict) -> str:
    essay = edition["essay"]
    return plain(f"{essay['author']}, “{essay['title']}” ({str(essay['date'])[:4]})")


def _count(number: int) -> str:
    """A small number in words, as prose sets it ("six chapters"); larger ones in figures."""
    words = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
    return words[number] if 0 <= number < len(words) else str(number)


def edition_card(edition: dict, chapters: int, paragraphs: int, notes: int) -> Card:
    """The edition's card: for the home page and every page that is neither a chapter nor a note."""
    essay = edition["essay"]
    published = (Run("First published in "), *_runs(essay["journal"], "italic"), Run(f", {plain(essay['date_label'])}"))
    contents = f"The essay in {_count(chapters)} period chapters, {paragraphs} numbered paragraphs, and its {notes} notes with their sources"
    return Card(
        name=urls.PREVIEW_EDITION,
        eyebrow="An annotated edition".upper(),
        blocks=(
            Block(_runs(essay["title"], "bold"), size=72, max_lines=3, space_before=34),
            Block(_runs(essay["author"]), size=38, max_lines=1, space_before=24),
            Block(published, size=30, colour="muted", max_lines=2, space_before=6, shrink=True),
        ),
        footer=contents,
        alt=f"{plain(edition['edition']['title'])}. {plain(essay['author'])}, first published in {plain(essay['journal'])}, "
        f"{plain(essay['date_label'])}. {contents}.",
    )


def chapter_card(edition: dict, chapter) -> Card:
    """A chapter's card (an edition.sources.chapters.Chapter): number, period, paragraphs, title, summary."""
    where = f"Chapter {chapter.number} · {chapter.years} · ¶{chapter.first}–¶{chapter.last}"
    if chapter.first == chapter.last:
        where = f"Chapter {chapter.number} · {chapter.years} · ¶{chapter.first}"
    return Card(
        name=urls.preview_chapter_name(chapter.slug),
        eyebrow=_edition_line(edition),
        blocks=(
            Block(_runs(where), size=32, colour="accent", space_before=30),
            Block(_runs(chapter.title, "bold"), size=70, max_lines=2, space_before=12),
            Block(_runs(chapter.summary), size=31, colour="muted", max_lines=3, space_before=20, shrink=True),
        ),
        footer=_essay_line(edition),
        alt=f"{plain(edition['edition']['short_title'])}. {where}: {plain(chapter.title)}. {plain(chapter.summary)}",
    )


def work_runs(work, author: bool = True) -> tuple[Run, ...]:
    """A work in brief (an edition.sources.bibliography.Work): author (unless told not to), title (italic
    for a book, quoted for an article or a chapter), year; only verified fields."""
    from edition.pages.chicago import names_natural

    runs: list[Run] = []
    names = plain(names_natural(work.authors))
    if names and author:
        runs.append(Run(f"{names}, "))
    if work.type in ("article", "incollection", "inbook", "inproceedings"):
        runs += [Run("“"), *_marked_runs(work.get("title"), "regular"), Run("”")]
    else:
        runs += list(_marked_runs(work.get("title"), "italic"))
    if work.get("year"):
        runs.append(Run(f" ({plain(work.get('year'))})"))
    return tuple(runs)


def note_card(edition: dict, note, sentence: str, paragraph: int, chapter) -> Card:
    """A note's card (an edition.sources.bibliography.Note): its number and place, its status, the work it
    cites or that no source is identified, and the start of the sentence it annotates."""
    from edition.pages.notes import NOT_IDENTIFIED, candidates_label, has_candidates
    from edition.sources.essay import without_note_markers

    where = f"Chapter {chapter.number} · {chapter.years} · ¶{paragraph}"
    identified = bool(note.works)
    # An unidentified note's works are candidates only: the card says so, never "cited".
    candidates = has_candidates(note)
    status = note.status_label if identified and not candidates else NOT_IDENTIFIED
    blocks = [
        Block(_runs(f"Note {note.number}", "bold"), size=70, space_before=30),
        Block(_runs(status), size=27, colour=note.status, space_before=14, frame=True),
    ]
    said = f"{status}."
    if identified:
        runs: list[Run] = [Run(f"{candidates_label(note)}: ")] if candidates else []
        for i, work in enumerate(note.works):  # a second work by the same author does not repeat the name
            same_author = i > 0 and work.authors == note.works[i - 1].authors
            runs += ([Run("; ")] if i else []) + list(work_runs(work, author=not same_author))
        blocks.append(Block(tuple(runs), size=36, max_lines=2, space_before=22))
        works = "".join(run.text for run in runs)
        said = f"{status}. {works}." if candidates else f"{status}: {works}."
    words = plain(without_note_markers(sentence))
    lines = 3 if identified else 4  # without a work, the sentence has room for more
    blocks.append(Block(_runs(words), size=29, colour="muted", max_lines=lines, space_before=24, shrink=True, quote=True))
    return Card(
        name=urls.preview_note_name(note.number),
        eyebrow=f"{_edition_line(edition)} · {where.upper()}",
        blocks=tuple(blocks),
        footer=_essay_line(edition),
        alt=f"Note {note.number} of {plain(edition['essay']['author_family'])} {str(edition['essay']['date'])[:4]} "
        f"(chapter {chapter.number}, {chapter.years}, ¶{paragraph}). {said} It annotates: “{_start(words, 110)}”",
    )


def _start(text: str, length: int) -> str:
    return text if len(text) <= length else text[:length].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def cards(project) -> list[Card]:
    """Every preview image of the edition: the edition's, then the chapters', then the notes'."""
    from edition.sources.chapters import chapter_of
    from edition.sources.essay import annotated_sentence

    edition = project.edition
    made = [edition_card(edition, len(project.chapters), len(project.essay.paragraphs), len(project.bibliography.notes))]
    made += [chapter_card(edition, chapter) for chapter in project.chapters]
    for number in sorted(project.bibliography.notes):
        paragraph, sentence = annotated_sentence(project.essay, number)
        made.append(note_card(edition, project.bibliography.notes[number], sentence, paragraph, chapter_of(project.chapters, paragraph)))
    return made


def card_for_page(meta: dict, chapters: list) -> str:
    """The name of the card a page's link preview shows, from its front matter (as the cite box)."""
    if meta.get("chapter"):
        return urls.preview_chapter_name(chapters[int(meta["chapter"]) - 1].slug)
    if meta.get("note"):
        return urls.preview_note_name(int(meta["note"]))
    return urls.PREVIEW_EDITION
