"""Drawing the preview cards: wrapping, fonts, layout, the PNG, and the cache keys."""

from __future__ import annotations

import hashlib
import io
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from edition import urls
from edition.web.previews.cards import (
    BAND,
    BOTTOM,
    FONT_DIR,
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
