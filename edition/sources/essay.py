"""The essay as published: its front matter and its numbered paragraphs.

Paragraph numbers (¶1…¶N) are the edition's public locators, so they are derived here, once,
from the published text and nowhere else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from edition import urls
from edition.errors import SourceError
from edition.sources import paths

ROOT = paths.ROOT
ESSAY_PATH = paths.ESSAY

# The published text opens with three short blocks before the first paragraph.
FRONT_BLOCKS = ("title", "caption", "byline")
NOTE_MARKER = re.compile(r"\[(\d+)\]")


@dataclass(frozen=True)
class Paragraph:
    number: int
    text: str

    @property
    def anchor(self) -> str:
        return urls.paragraph(self.number)


@dataclass(frozen=True)
class Essay:
    title: str
    caption: str
    byline: str
    paragraphs: tuple[Paragraph, ...]

    def paragraph(self, number: int) -> Paragraph:
        return self.paragraphs[number - 1]

    def note_markers(self) -> list[tuple[int, int]]:
        """(note number, paragraph number) for every marker, in reading order."""
        return [
            (int(m.group(1)), p.number)
            for p in self.paragraphs
            for m in NOTE_MARKER.finditer(p.text)
        ]


def parse_essay(text: str, path: str | Path = ESSAY_PATH) -> Essay:
    """Split the published text into front matter and paragraphs (blank-line separated)."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
    if len(blocks) <= len(FRONT_BLOCKS):
        raise SourceError(path, "expected a title, caption, byline and paragraphs")
    for block in blocks:
        if "\n" in block:
            raise SourceError(path, f"a paragraph spans several lines: {block[:60]!r}")
    title, caption, byline, *body = blocks
    paragraphs = tuple(Paragraph(i, t) for i, t in enumerate(body, start=1))
    return Essay(title, caption, byline, paragraphs)


@lru_cache(maxsize=4)
def _load(path: Path, mtime: float) -> Essay:
    return parse_essay(path.read_text(encoding="utf-8"), path)


def load_essay(path: Path = ESSAY_PATH) -> Essay:
    return _load(path, path.stat().st_mtime)


def without_note_markers(text: str) -> str:
    """An excerpt as a reader quotes it: the essay's bare note markers ([14]) left out."""
    return NOTE_MARKER.sub("", text)


def annotated_sentence(essay: Essay, number: int) -> tuple[int, str]:
    """(paragraph, the sentence that carries marker [number], marker included)."""
    for paragraph in essay.paragraphs:
        marker = f"[{number}]"
        position = paragraph.text.find(marker)
        if position < 0:
            continue
        before = paragraph.text[:position]
        # A sentence ends at . ! or ?, perhaps after a closing quote and an earlier note's marker ("insight.[26] Regarding"),
        # but never inside a quotation: a quoted passage of several sentences belongs to the sentence that quotes it.
        boundaries = [
            m.end()
            for m in re.finditer(r"[.!?][”’\"]?(?:\[\d+\])?\s+(?=[“\"A-Z])", before)
            if before.count("“", 0, m.end()) == before.count("”", 0, m.end())
        ]
        start = boundaries[-1] if boundaries else 0
        return paragraph.number, paragraph.text[start : position + len(marker)].strip()
    raise KeyError(number)


def check_markers(essay: Essay, path=ESSAY_PATH) -> int:
    """The markers run 1, 2, 3 … in reading order, each once; returns how many there are."""
    expected = 1
    for number, paragraph in essay.note_markers():
        if number != expected:
            problem = "repeats" if number < expected else f"skips note {expected}"
            raise SourceError(path, f"note marker [{number}] in ¶{paragraph} {problem}")
        expected += 1
    return expected - 1
