"""The editors' questions for discussion, three to five a chapter, each tied to the paragraphs it asks about.

The questions are the editors', not Twiss's, and say so wherever they are shown. Since they quote the
essay, every quotation in “…” is checked against the paragraphs the question cites: a misquotation,
a paragraph outside the chapter, or a chapter without questions fails with the file and the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from edition.errors import SourceError
from edition.sources import paths
from edition.sources.chapters import Chapter
from edition.sources.essay import Essay
from edition.sources.yamlfile import load_yaml, mappings, paragraph_numbers, refuse_unknown_keys, require, require_slug

QUESTIONS_PATH = paths.QUESTIONS
PER_CHAPTER = (3, 5)  # fewest and most questions a chapter may have
QUOTATION = re.compile(r"“([^“”]*)”")
ELLIPSIS = "…"
# The keys this module reads (any other key is refused, so a typo cannot drop a field): add a field here.
FILE_KEYS = ("chapters",)
CHAPTER_KEYS = ("chapter", "questions")
QUESTION_KEYS = ("id", "paragraphs", "question")


@dataclass(frozen=True)
class Question:
    id: str
    chapter: str  # the chapter's slug
    paragraphs: tuple[int, ...]
    text: str

    @property
    def anchor(self) -> str:
        """The question's id on its chapter page (prefixed, so it cannot clash with ¶ or use anchors)."""
        return f"q-{self.id}"


def quotations(text: str) -> list[str]:
    """The quoted passages of a question: the text inside each “…”."""
    return QUOTATION.findall(text)


def quoted_in(quotation: str, paragraph: str) -> bool:
    """Whether the quotation occurs word for word in the paragraph; a gap marked … may stand for any words."""
    position = 0
    for fragment in (f.strip() for f in quotation.split(ELLIPSIS)):
        if not fragment:
            continue
        found = paragraph.find(fragment, position)
        if found < 0:
            return False
        position = found + len(fragment)
    return True


def _paragraphs(path: Path, item: dict, question_id: str, chapter: Chapter, essay: Essay) -> tuple[int, ...]:
    numbers = require(path, item, "paragraphs", list)
    line = getattr(numbers, "line", None) or getattr(item, "line", None)
    if not numbers:
        raise SourceError(path, f"question '{question_id}' cites no paragraph: give the ¶ numbers it asks about", line)
    paragraph_numbers(path, numbers, f"question '{question_id}'", len(essay.paragraphs))
    for number in numbers:
        if not chapter.first <= number <= chapter.last:
            raise SourceError(
                path, f"question '{question_id}': ¶{number} is not in chapter '{chapter.slug}' (¶{chapter.first}–¶{chapter.last})", line
            )
    if len(set(numbers)) != len(numbers):
        raise SourceError(path, f"question '{question_id}' cites a paragraph twice: {numbers}", line)
    return tuple(numbers)


def _text(path: Path, item: dict, question_id: str, paragraphs: tuple[int, ...], essay: Essay) -> str:
    text = " ".join(require(path, item, "question").split())
    line = getattr(item, "line", None)
    if '"' in text:
        raise SourceError(path, f"question '{question_id}': use typographic quotes “…” (a quotation in them is checked against the essay)", line)
    if text.count("“") != text.count("”"):
        raise SourceError(path, f"question '{question_id}': a “ or ” is unmatched, so a quotation cannot be checked", line)
    for quotation in quotations(text):
        if not any(quoted_in(quotation, essay.paragraph(p).text) for p in paragraphs):
            cited = ", ".join(f"¶{p}" for p in paragraphs)
            raise SourceError(
                path, f"question '{question_id}': the quotation “{quotation}” is not word for word in the cited paragraph(s) {cited}", line
            )
    return text


def parse_questions(data: object, essay: Essay, chapters: list[Chapter], path: Path = QUESTIONS_PATH) -> dict[str, tuple[Question, ...]]:
    """Every chapter's questions, by chapter slug in the chapters' order; every check names the file and the line."""
    refuse_unknown_keys(path, data, FILE_KEYS)
    entries = mappings(path, data, "chapters")
    by_slug = {c.slug: c for c in chapters}
    found: dict[str, tuple[Question, ...]] = {}
    ids: dict[str, int | None] = {}
    for entry in entries:
        line = getattr(entry, "line", None)
        refuse_unknown_keys(path, entry, CHAPTER_KEYS, "chapter", named_by="chapter")
        slug = require_slug(path, entry, "chapter")
        if slug not in by_slug:
            raise SourceError(path, f"unknown chapter '{slug}': the chapters are {', '.join(by_slug)}", line)
        if slug in found:
            raise SourceError(path, f"chapter '{slug}' is listed twice: give all its questions in one entry", line)
        items = mappings(path, entry, "questions")
        fewest, most = PER_CHAPTER
        if not fewest <= len(items) <= most:
            raise SourceError(path, f"chapter '{slug}' has {len(items)} question(s): give {fewest} to {most}", line)
        questions = []
        for item in items:
            refuse_unknown_keys(path, item, QUESTION_KEYS, "question", named_by="id")
            question_id = require_slug(path, item, "id")
            if question_id in ids:
                raise SourceError(path, f"duplicate question id '{question_id}' (first given on line {ids[question_id]})", getattr(item, "line", None))
            ids[question_id] = getattr(item, "line", None)
            paragraphs = _paragraphs(path, item, question_id, by_slug[slug], essay)
            questions.append(Question(question_id, slug, paragraphs, _text(path, item, question_id, paragraphs, essay)))
        found[slug] = tuple(questions)
    missing = [c.slug for c in chapters if c.slug not in found]
    if missing:
        raise SourceError(path, f"chapter(s) with no questions: {', '.join(missing)}", getattr(data["chapters"], "line", None))
    return {c.slug: found[c.slug] for c in chapters}


def load_questions(essay: Essay, chapters: list[Chapter], path: Path) -> dict[str, tuple[Question, ...]]:
    return parse_questions(load_yaml(path), essay, chapters, path)
