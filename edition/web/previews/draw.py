"""Drawing the preview cards: wrapping, fonts, layout, the PNG, and the cache keys.

Where a cold build's time went, and what keeps it down without changing a pixel (tests compare every
image with the golden PNGs in tests/data/previews/ and the measure with Pillow's own):
- the fonts: Pillow's FreeType reads the WOFF2 files as they are, so they are no longer converted to
  TrueType with fontTools (which only reads their character maps now);
- the measure: the wrapping measures a line again for each word it tries; these fonts have no `kern`
  table, so with Pillow's basic layout a text's advance is exactly the sum of its characters'
  advances (in FreeType's 1/64 pixel), which are measured once each (Fonts.measure);
- the eyebrow: its letter-spaced capitals, drawn one at a time, start alike on every card; that
  start is drawn once and pasted (_eyebrow);
- the PNG: zlib's Z_FILTERED strategy, which suits type on a plain ground: the same pixels as the
  default strategy, a few hundred bytes more, in about half the time.
"""

from __future__ import annotations

import hashlib
import io
import unicodedata
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from edition.web.previews.cards import (
    BAND,
    BOTTOM,
    FONT_FILES,
    HEIGHT,
    MARGIN,
    MAX_BYTES,
    PALETTE,
    RAMP,
    TOP,
    TRACKING,
    WIDTH,
    Block,
    Card,
    Run,
    _runs,
)

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
                "add it to UNICODES in edition/tools/fonts.py and run scripts/subset_fonts.py, or change the text"
            )


@dataclass
class Fonts:
    """The edition's serif in three styles (the WOFF2 files' bytes), with each style's character map."""

    data: dict[str, bytes]
    cmaps: dict[str, dict[int, str]]
    names: dict[str, str]
    additive: bool = False  # no style has a `kern` table: a text's advance is the sum of its characters'
    _sized: dict = field(default_factory=dict, repr=False)
    _advances: dict = field(default_factory=dict, repr=False)
    _eyebrows: dict = field(default_factory=dict, repr=False)  # see _eyebrow

    def font(self, style: str, size: int):
        """The style at a size in pixels, as a Pillow font (made once)."""
        if (style, size) not in self._sized:
            from PIL import ImageFont

            self._sized[style, size] = ImageFont.truetype(io.BytesIO(self.data[style]), size, layout_engine=_layout_engine())
        return self._sized[style, size]

    def measure(self, style: str, size: int) -> Callable[[str], float]:
        """The advance of a text in pixels, exactly as Pillow's getlength gives it.

        Pillow's basic layout adds up each glyph's advance (in 1/64 pixel), plus kerning from a `kern`
        table, which these fonts lack: so each character is measured once and the sums are exact.
        """
        font = self.font(style, size)
        if not self.additive:
            return font.getlength
        advances = self._advances.setdefault((style, size), {})

        def length(text: str) -> float:
            total = 0
            for character in text:
                advance = advances.get(character)
                if advance is None:
                    advance = advances[character] = round(font.getlength(character) * 64)
                total += advance
            return total / 64

        return length


def load_fonts(folder: Path, files: dict[str, str] = FONT_FILES) -> Fonts:
    """The WOFF2 web fonts in folder (the docs_dir's assets/fonts), and their character maps.

    Pillow's FreeType reads WOFF2 itself; fontTools reads only the character maps and the table list.
    """
    from fontTools.ttLib import TTFont

    data, cmaps, names, kerned = {}, {}, {}, False
    for style, name in files.items():
        data[style] = (folder / name).read_bytes()
        font = TTFont(io.BytesIO(data[style]), lazy=True)
        cmaps[style] = dict(font.getBestCmap())
        kerned = kerned or "kern" in font
        names[style] = name
    return Fonts(data, cmaps, names, additive=not kerned)


def _layout_engine():
    """Pillow's own layout (FreeType with kerning), never Raqm: Raqm is a system library that may or
    may not be present, and the images must be the same bytes on every machine with this lock."""
    from PIL import ImageFont

    return ImageFont.Layout.BASIC


# ── Drawing ─────────────────────────────────────────────────────────────────────────────────


def _tracked(draw, xy, text: str, font, length, fill, tracking: float) -> float:
    """Letter-spaced capitals (the eyebrow), drawn one character at a time; returns where it ends."""
    x, y = xy
    for character in text:
        draw.text((x, y), character, font=font, fill=fill, anchor="ls")
        x += length(character) + tracking
    return x


def _eyebrow(image, text: str, fonts: Fonts) -> None:
    """The eyebrow, its first part (up to the first " · ", or all of it) copied from an earlier card.

    The eyebrows share their start ("TWISS 2016, ANNOTATED EDITION · "), and drawing capitals one at
    a time was a third of the drawing. So that start is drawn once on a bare strip of paper, the
    strip is pasted into each card (pasting copies pixels exactly), and the rest is drawn on it as
    before: the start ends with a space, so no later glyph touches it, and the strip holds exactly
    the pixels the card held at that point (the paper; the band on the left edge is left out).
    """
    from PIL import Image, ImageDraw

    font, length = fonts.font("regular", _EYEBROW_SIZE), fonts.measure("regular", _EYEBROW_SIZE)
    split = text.find(" · ")
    start = text if split < 0 else text[: split + 3]
    if start not in fonts._eyebrows:  # drawn where the card draws it (the same fractions of a pixel)
        strip = Image.new("RGB", (WIDTH, _RULE_Y), PALETTE["paper"])
        end = _tracked(ImageDraw.Draw(strip), (MARGIN, TOP), start, font, length, PALETTE["accent"], TRACKING)
        fonts._eyebrows[start] = (strip.crop((BAND, 0, WIDTH, _RULE_Y)), end)
    strip, x = fonts._eyebrows[start]
    image.paste(strip, (BAND, 0))
    _tracked(ImageDraw.Draw(image), (x, TOP), text[len(start) :], font, length, PALETTE["accent"], TRACKING)


def _tracked_width(text: str, length, tracking: float) -> float:
    return sum(length(c) + tracking for c in text) - tracking if text else 0


def layout(card: Card, fonts: Fonts) -> list[tuple[Block, list[list[Run]]]]:
    """Each block with its lines, giving up lines of shrinkable blocks until the card fits."""
    width = WIDTH - 2 * MARGIN
    limits = [block.max_lines for block in card.blocks]

    def lines_of(block: Block, limit: int) -> list[list[Run]]:
        inner = width - (_FRAME_PAD * 2 if block.frame else 0) - (_QUOTE_INDENT if block.quote else 0)
        return wrap(block.runs, lambda text, style: fonts.measure(style, block.size)(text), inner, limit)

    while True:
        placed = [(block, lines_of(block, limit)) for block, limit in zip(card.blocks, limits, strict=True)]
        if _content_height(placed) <= _BODY_BOTTOM - _BODY_TOP:
            return placed
        shrinkable = [i for i, block in enumerate(card.blocks) if block.shrink and len(placed[i][1]) > 1]
        if not shrinkable:
            raise ValueError(f"the preview image '{card.name}' has more text than fits: shorten it or lower a max_lines")
        limits[shrinkable[-1]] = len(placed[shrinkable[-1]][1]) - 1


_FRAME_PAD = 14
_RULE_Y = TOP + 14  # the rule under the eyebrow
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
    eyebrow_length = fonts.measure("regular", _EYEBROW_SIZE)
    eyebrow, kept = card.eyebrow, len(card.eyebrow)
    while kept and _tracked_width(eyebrow, eyebrow_length, TRACKING) > text_width:
        kept -= 1
        eyebrow = card.eyebrow[:kept].rstrip(" ·,") + ELLIPSIS
    _eyebrow(image, eyebrow, fonts)
    draw.line((MARGIN, _RULE_Y, WIDTH - MARGIN, _RULE_Y), fill=PALETTE["rule"], width=2)

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
                draw.text((x, baseline), run.text, font=fonts.font(run.style, block.size), fill=colour, anchor="ls")
                x += fonts.measure(run.style, block.size)(run.text)
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
    footer_length = fonts.measure("regular", _FOOTER_SIZE)
    footer = wrap(_runs(card.footer), lambda text, style: footer_length(text), text_width, 1)
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
    # zlib level 6 with the Z_FILTERED strategy: the default strategy's size within a few hundred
    # bytes, in about half its time (level 9 saves 6 % at four times the time).
    quantized.save(buffer, format="PNG", compress_level=6, compress_type=zlib.Z_FILTERED)
    return buffer.getvalue()


# ── In the build ────────────────────────────────────────────────────────────────────────────


def renderer_key(folder: Path, files: dict[str, str] = FONT_FILES) -> str:
    """What every image depends on besides its card: the code of the previews (cards.py and this
    module), the fonts and Pillow (whose wheel brings its FreeType)."""
    from PIL import __version__ as pillow_version  # the PIL package alone: Image is not loaded

    hasher = hashlib.sha256(Path(__file__).with_name("cards.py").read_bytes() + Path(__file__).read_bytes())
    for name in sorted(files.values()):
        hasher.update(name.encode() + b"\0" + (folder / name).read_bytes())
    hasher.update(f"Pillow {pillow_version}, its own FreeType, basic layout".encode())
    return hasher.hexdigest()


def card_key(card: Card, renderer: str) -> str:
    """The build cache's key for one image: its card (all its text and styles) and the renderer."""
    return hashlib.sha256(f"{renderer}\0{card!r}".encode()).hexdigest()


def render_cards(cards: list[Card], font_dir: Path, max_bytes: int = MAX_BYTES) -> list[bytes]:
    """Each card drawn (in a worker process, or here), its PNG no heavier than max_bytes.

    font_dir is the folder of the web fonts (the docs_dir's assets/fonts); a ValueError names the image."""
    fonts = load_fonts(font_dir) if cards else None
    drawn = []
    for card in cards:
        data = render(card, fonts)
        if len(data) > max_bytes:
            raise ValueError(f"the preview image '{card.name}' weighs {len(data)} bytes, more than {max_bytes}")
        drawn.append(data)
    return drawn
