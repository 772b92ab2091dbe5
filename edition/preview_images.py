"""Link-preview images: one 1200×630 card for the edition, each chapter and each note.

A card is plain data (`Card`: blocks of text runs, each with a style, a size and a colour), made
from the project by `edition_card`, `chapter_card` and `note_card`; `render` draws it with the
edition's own serif (docs/assets/fonts, WOFF2 read into memory as TrueType) into a PNG of a few
dozen colours, with no metadata, so the same card gives the same bytes. Nothing is fetched: a
character the font subset lacks stops the build, naming the font and the character.

The design lives here: `PALETTE` (colours), `WIDTH`/`HEIGHT`/`MARGIN`, and the sizes and line
limits in the three card functions. Long text is wrapped and cut with an ellipsis (`wrap`); a card
whose text cannot fit even so is an error, never an overflow. The build calls `render_all`, which
takes each image from the build cache when its inputs are unchanged (edition.buildcache).
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from edition import paths, urls
from edition.markup import ITALIC_END, ITALIC_START

WIDTH, HEIGHT = 1200, 630
MAX_BYTES = 100 * 1024  # the most a preview image may weigh
MEDIA_TYPE = "image/png"
MARGIN = 84  # left and right margin of the text, in pixels
TOP, BOTTOM = 62, 54  # top margin (to the eyebrow's cap height) and bottom margin (below the footer)
BAND = 14  # the coloured band on the left edge
RAMP = 8  # shades from the paper to each colour in the PNG's palette (see palette())
TRACKING = 2.2  # letter spacing of the eyebrow's capitals, in pixels

FONT_DIR = paths.ROOT / "docs" / "assets" / "fonts"
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
    """A chapter's card (an edition.chapters.Chapter): number, period, paragraphs, title, summary."""
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
    """A work in brief (an edition.bibliography.Work): author (unless told not to), title (italic
    for a book, quoted for an article or a chapter), year; only verified fields."""
    from edition.chicago import names_natural

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
    """A note's card (an edition.bibliography.Note): its number and place, its status, the work it
    cites or that no source is identified, and the start of the sentence it annotates."""
    from edition.essay import without_note_markers

    where = f"Chapter {chapter.number} · {chapter.years} · ¶{paragraph}"
    identified = bool(note.works)
    status = note.status_label if identified else "Source not identified by this edition"
    blocks = [
        Block(_runs(f"Note {note.number}", "bold"), size=70, space_before=30),
        Block(_runs(status), size=27, colour=note.status, space_before=14, frame=True),
    ]
    said = f"{status}."
    if identified:
        runs: list[Run] = []
        for i, work in enumerate(note.works):  # a second work by the same author does not repeat the name
            same_author = i > 0 and work.authors == note.works[i - 1].authors
            runs += ([Run("; ")] if i else []) + list(work_runs(work, author=not same_author))
        blocks.append(Block(tuple(runs), size=36, max_lines=2, space_before=22))
        said = f"{status}: {''.join(run.text for run in runs)}."
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
    from edition.chapters import chapter_of
    from edition.notes import annotated_sentence

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


# ── Wrapping ────────────────────────────────────────────────────────────────────────────────

ELLIPSIS = "…"
Word = tuple[Run, ...]  # one word, in one or more styles (“ + an italic title + ”)


def _words(runs: Iterable[Run]) -> list[Word]:
    """The words of some runs: split at spaces; a style change inside a word does not split it."""
    words: list[list[Run]] = []
    open_word = False  # does the next piece continue the last word (no space between)?
    for run in runs:
        for i, piece in enumerate(run.text.split(" ")):
            if i > 0:
                open_word = False
            if not piece:
                continue
            if open_word:
                words[-1].append(Run(piece, run.style))
            else:
                words.append([Run(piece, run.style)])
            open_word = True
    return [tuple(word) for word in words]


def _line(words: Iterable[Word]) -> list[Run]:
    """Words joined by spaces, as runs of one style each (so kerning works inside a run)."""
    merged: list[Run] = []
    for index, word in enumerate(words):
        for run in ((Run(" ", word[0].style),) if index else ()) + word:
            if merged and merged[-1].style == run.style:
                merged[-1] = Run(merged[-1].text + run.text, run.style)
            else:
                merged.append(run)
    return merged


def wrap(runs: Iterable[Run], measure: Callable[[str, str], float], width: float, max_lines: int) -> list[list[Run]]:
    """Lines of runs no wider than width (measure(text, style) gives a width), at most max_lines.

    Words break only at spaces. If the text does not fit in max_lines, the last line ends with an
    ellipsis (after any trailing comma, colon or dash is dropped, and after a space if the word ends
    a sentence); a word wider than a line is cut.
    """
    if max_lines < 1:
        raise ValueError("max_lines must be at least 1")

    def fits(words: list[Word]) -> bool:
        return sum(measure(run.text, run.style) for run in _line(words)) <= width

    lines: list[list[Word]] = []
    current: list[Word] = []
    words = _words(runs)
    for word in words:
        if not fits([word]):
            word = _cut(word, measure, width)
        if not current or fits(current + [word]):
            current.append(word)
            continue
        lines.append(current)
        current = [word]
        if len(lines) == max_lines:
            lines[-1] = _with_ellipsis(lines[-1], fits)
            return [_line(line) for line in lines]
    if current:
        lines.append(current)
    return [_line(line) for line in lines]


def _with_ellipsis(line: list[Word], fits: Callable[[list[Word]], bool]) -> list[Word]:
    """The line cut to make room for an ellipsis after its last (cleanly ended) word."""
    words = list(line)
    while words:
        *head, last = words[-1]
        text = last.text.rstrip(" ,;:—–-")
        if text:
            space = " " if text.endswith((".", "?", "!")) else ""  # "etc. …": the sentence ended, more text follows
            trial = words[:-1] + [(*head, Run(text + space + ELLIPSIS, last.style))]
            if fits(trial):
                return trial
        words.pop()
    return [(Run(ELLIPSIS, line[0][0].style if line else "regular"),)]


def _cut(word: Word, measure: Callable[[str, str], float], width: float) -> Word:
    """A word too wide for any line, cut to fit with an ellipsis (in the style it starts in)."""
    style = word[0].style
    text = "".join(run.text for run in word)
    while text and measure(text + ELLIPSIS, style) > width:
        text = text[:-1]
    return (Run(text + ELLIPSIS, style),)


# ── Fonts ───────────────────────────────────────────────────────────────────────────────────


class MissingGlyph(ValueError):
    """A character of a card that the font subset does not have."""


def check_glyphs(text: str, cmap: dict[int, str], font_name: str, card: str = "") -> None:
    """Fail, naming the font and the character, if the font has no glyph for a character of text."""
    for character in text:
        if character not in "\0\n" and ord(character) not in cmap:
            name = unicodedata.name(character, "unnamed character")
            where = f" in the preview image '{card}'" if card else ""
            raise MissingGlyph(
                f"the font {font_name} has no glyph for {character!r} (U+{ord(character):04X} {name}){where}: "
                "add it to UNICODES in edition/fonts.py and run scripts/subset_fonts.py, or change the text"
            )


@dataclass
class Fonts:
    """The edition's serif in three styles, as TrueType in memory, with each style's character map."""

    data: dict[str, bytes]
    cmaps: dict[str, dict[int, str]]
    names: dict[str, str]
    _sized: dict = field(default_factory=dict, repr=False)

    def font(self, style: str, size: int):
        """The style at a size in pixels, as a Pillow font (made once)."""
        if (style, size) not in self._sized:
            from PIL import ImageFont

            self._sized[style, size] = ImageFont.truetype(io.BytesIO(self.data[style]), size, layout_engine=_layout_engine())
        return self._sized[style, size]


def load_fonts(folder: Path = FONT_DIR, files: dict[str, str] = FONT_FILES) -> Fonts:
    """Read the WOFF2 web fonts as TrueType (Pillow cannot read WOFF2; fontTools can, with brotli)."""
    from fontTools.ttLib import TTFont

    data, cmaps, names = {}, {}, {}
    for style, name in files.items():
        font = TTFont(folder / name)
        cmaps[style] = dict(font.getBestCmap())
        font.flavor = None
        buffer = io.BytesIO()
        font.save(buffer, reorderTables=False)
        data[style], names[style] = buffer.getvalue(), name
    return Fonts(data, cmaps, names)


def _layout_engine():
    """Pillow's own layout (FreeType with kerning), never Raqm: Raqm is a system library that may or
    may not be present, and the images must be the same bytes on every machine with this lock."""
    from PIL import ImageFont

    return ImageFont.Layout.BASIC


# ── Drawing ─────────────────────────────────────────────────────────────────────────────────


def _tracked(draw, xy, text: str, font, fill, tracking: float) -> None:
    """Letter-spaced capitals (the eyebrow), drawn one character at a time."""
    x, y = xy
    for character in text:
        draw.text((x, y), character, font=font, fill=fill, anchor="ls")
        x += font.getlength(character) + tracking


def _tracked_width(text: str, font, tracking: float) -> float:
    return sum(font.getlength(c) + tracking for c in text) - tracking if text else 0


def layout(card: Card, fonts: Fonts) -> list[tuple[Block, list[list[Run]]]]:
    """Each block with its lines, giving up lines of shrinkable blocks until the card fits."""
    width = WIDTH - 2 * MARGIN
    limits = [block.max_lines for block in card.blocks]

    def lines_of(block: Block, limit: int) -> list[list[Run]]:
        inner = width - (_FRAME_PAD * 2 if block.frame else 0) - (_QUOTE_INDENT if block.quote else 0)
        return wrap(block.runs, lambda text, style: fonts.font(style, block.size).getlength(text), inner, limit)

    while True:
        placed = [(block, lines_of(block, limit)) for block, limit in zip(card.blocks, limits, strict=True)]
        if _content_height(placed) <= _BODY_BOTTOM - _BODY_TOP:
            return placed
        shrinkable = [i for i, block in enumerate(card.blocks) if block.shrink and len(placed[i][1]) > 1]
        if not shrinkable:
            raise ValueError(f"the preview image '{card.name}' has more text than fits: shorten it or lower a max_lines")
        limits[shrinkable[-1]] = len(placed[shrinkable[-1]][1]) - 1


_FRAME_PAD = 14
_QUOTE_INDENT = 26
_EYEBROW_SIZE, _FOOTER_SIZE = 22, 24
_BODY_TOP = TOP + 18  # below the eyebrow and its rule
_BODY_BOTTOM = HEIGHT - BOTTOM - 56  # above the footer and its rule


def _block_height(block: Block, lines: list[list[Run]]) -> float:
    return block.space_before + block.size * block.leading * len(lines) + (_FRAME_PAD if block.frame else 0)


def _content_height(placed) -> float:
    return sum(_block_height(block, lines) for block, lines in placed)


def render(card: Card, fonts: Fonts) -> bytes:
    """The card as a 1200×630 PNG: a few dozen colours, no metadata, the same bytes every time."""
    from PIL import Image, ImageDraw

    for block in card.blocks:
        for run in block.runs:
            check_glyphs(run.text, fonts.cmaps[run.style], fonts.names[run.style], card.name)
    check_glyphs(card.eyebrow + ELLIPSIS, fonts.cmaps["regular"], fonts.names["regular"], card.name)
    check_glyphs(card.footer + ELLIPSIS, fonts.cmaps["regular"], fonts.names["regular"], card.name)

    image = Image.new("RGB", (WIDTH, HEIGHT), PALETTE["paper"])
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, BAND - 1, HEIGHT - 1), fill=PALETTE["accent"])
    text_width = WIDTH - 2 * MARGIN

    # The eyebrow: letter-spaced capitals, cut to the width, and a rule under it.
    eyebrow_font = fonts.font("regular", _EYEBROW_SIZE)
    eyebrow, kept = card.eyebrow, len(card.eyebrow)
    while kept and _tracked_width(eyebrow, eyebrow_font, TRACKING) > text_width:
        kept -= 1
        eyebrow = card.eyebrow[:kept].rstrip(" ·,") + ELLIPSIS
    _tracked(draw, (MARGIN, TOP), eyebrow, eyebrow_font, PALETTE["accent"], TRACKING)
    draw.line((MARGIN, TOP + 14, WIDTH - MARGIN, TOP + 14), fill=PALETTE["rule"], width=2)

    y = float(_BODY_TOP)
    for block, lines in layout(card, fonts):
        y += block.space_before
        line_height = block.size * block.leading
        colour = PALETTE[block.colour]
        x0 = MARGIN + (_QUOTE_INDENT if block.quote else 0) + (_FRAME_PAD if block.frame else 0)
        top = y
        for line in lines:
            baseline = y + block.size * 0.92 + (_FRAME_PAD / 2 if block.frame else 0)
            x = x0
            for run in line:
                font = fonts.font(run.style, block.size)
                draw.text((x, baseline), run.text, font=font, fill=colour, anchor="ls")
                x += font.getlength(run.text)
            if block.frame:
                draw.rounded_rectangle((MARGIN, top, x + _FRAME_PAD, top + line_height + _FRAME_PAD), radius=6, outline=colour, width=2)
            y += line_height
        if block.frame:
            y += _FRAME_PAD
        if block.quote:
            draw.line((MARGIN + 3, top + 4, MARGIN + 3, y - block.size * 0.18), fill=PALETTE["rule"], width=4)

    # The footer: a rule, and one line (the essay, or what the edition holds).
    footer_font = fonts.font("regular", _FOOTER_SIZE)
    footer_y = HEIGHT - BOTTOM
    draw.line((MARGIN, footer_y - 42, WIDTH - MARGIN, footer_y - 42), fill=PALETTE["rule"], width=2)
    footer = wrap(_runs(card.footer), lambda text, style: footer_font.getlength(text), text_width, 1)
    draw.text((MARGIN, footer_y), "".join(run.text for run in footer[0]), font=footer_font, fill=PALETTE["muted"], anchor="ls")
    return _png(image)


def palette() -> list[int]:
    """The PNG's palette: the paper, and from the paper to each colour of PALETTE in RAMP steps.

    Type is drawn antialiased on the paper, so every pixel lies on one of these ramps: a fixed
    palette keeps it smooth, is quick to map to, and is the same for every card.
    """
    paper = PALETTE["paper"]
    entries = [paper]
    for colour in dict.fromkeys(v for k, v in PALETTE.items() if k != "paper"):
        entries += [tuple(round(p + (c - p) * step / RAMP) for p, c in zip(paper, colour, strict=True)) for step in range(1, RAMP + 1)]
    return [value for entry in entries for value in entry]


def _png(image) -> bytes:
    """A palette PNG without dithering or metadata (no time, no text chunks): reproducible bytes."""
    from PIL import Image

    target = Image.new("P", (1, 1))
    target.putpalette(palette())
    quantized = image.quantize(palette=target, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    quantized.save(buffer, format="PNG", compress_level=6)  # level 9 saves 6 % at four times the time
    return buffer.getvalue()


# ── In the build ────────────────────────────────────────────────────────────────────────────


def renderer_key(folder: Path = FONT_DIR, files: dict[str, str] = FONT_FILES) -> str:
    """What every image depends on besides its card: this module, the fonts and Pillow (whose wheel
    brings its FreeType)."""
    from PIL import __version__ as pillow_version  # the PIL package alone: Image is not loaded

    hasher = hashlib.sha256(Path(__file__).read_bytes())
    for name in sorted(files.values()):
        hasher.update(name.encode() + b"\0" + (folder / name).read_bytes())
    hasher.update(f"Pillow {pillow_version}, its own FreeType, basic layout".encode())
    return hasher.hexdigest()


def card_key(card: Card, renderer: str) -> str:
    """The build cache's key for one image: its card (all its text and styles) and the renderer."""
    return hashlib.sha256(f"{renderer}\0{card!r}".encode()).hexdigest()


def render_all(cards: list[Card], load: Callable[[str], bytes | None], store: Callable[[str, bytes], None]) -> dict[str, bytes]:
    """File name -> PNG bytes for every card, each taken from the cache when its key is there."""
    renderer = renderer_key()
    fonts = None
    images: dict[str, bytes] = {}
    for card in cards:
        key = card_key(card, renderer)
        data = load(key)
        if data is None:
            fonts = fonts or load_fonts()
            data = render(card, fonts)
            if len(data) > MAX_BYTES:
                raise ValueError(f"the preview image '{card.name}' weighs {len(data)} bytes, more than {MAX_BYTES}")
            store(key, data)
        images[urls.preview_image(card.name)] = data
    return images
