"""The chapter map: every paragraph of the essay in exactly one period chapter, in order."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from edition import urls
from edition.errors import SourceError
from edition.sources import paths
from edition.sources.essay import Essay, Paragraph
from edition.sources.yamlfile import load_yaml, mappings, require, require_slug

CHAPTERS_PATH = paths.CHAPTERS


@dataclass(frozen=True)
class Chapter:
    number: int
    slug: str
    title: str
    years: str
    summary: str
    paragraphs: tuple[Paragraph, ...]

    @property
    def url(self) -> str:
        """Site-relative URL of the chapter page (with a trailing slash)."""
        return urls.chapter(self.slug)

    @property
    def first(self) -> int:
        return self.paragraphs[0].number

    @property
    def last(self) -> int:
        return self.paragraphs[-1].number

    @property
    def heading(self) -> str:
        return f"{self.title} ({self.years})"


def _resolve(path: Path, essay: Essay, opening: str, line: int | None) -> Paragraph:
    matches = [p for p in essay.paragraphs if p.text.startswith(opening.strip())]
    if not matches:
        raise SourceError(path, f"no paragraph of the essay opens with {opening!r}", line)
    if len(matches) > 1:
        numbers = ", ".join(f"¶{p.number}" for p in matches)
        raise SourceError(path, f"{opening!r} opens several paragraphs ({numbers}): give more words", line)
    return matches[0]


def _summary(path: Path, item: dict) -> str:
    summary = require(path, item, "summary")
    if '"' in summary:
        raise SourceError(path, "use typographic quotes “…” in the summary (it goes into an HTML attribute)", getattr(item, "line", None))
    return summary


def parse_chapters(data: object, essay: Essay, path: Path = CHAPTERS_PATH) -> list[Chapter]:
    """Check the map against the essay; any skip, repeat, reorder or omission names the paragraph."""
    chapters: list[Chapter] = []
    slugs: set[str] = set()
    expected = 1
    for number, item in enumerate(mappings(path, data, "chapters"), start=1):
        slug = require_slug(path, item, "slug")
        if slug in slugs:
            raise SourceError(path, f"duplicate chapter slug '{slug}'", getattr(item, 'line', None))
        slugs.add(slug)
        paragraphs = []
        openings = require(path, item, "paragraphs", list)
        lines = getattr(openings, "item_lines", ()) or (getattr(item, "line", None),) * len(openings)
        for opening, line in zip(openings, lines, strict=True):
            paragraph = _resolve(path, essay, str(opening), line)
            if paragraph.number < expected:
                raise SourceError(
                    path,
                    f"¶{paragraph.number} ({opening!r}) in chapter '{slug}' repeats or comes out of order: "
                    f"¶{expected} was expected next",
                    line,
                )
            if paragraph.number > expected:
                skipped = essay.paragraph(expected)
                raise SourceError(
                    path,
                    f"¶{expected} ({skipped.text[:50]!r}…) is left out of the chapter map "
                    f"(chapter '{slug}' goes on with ¶{paragraph.number})",
                    line,
                )
            paragraphs.append(paragraph)
            expected += 1
        if not paragraphs:
            raise SourceError(path, f"chapter '{slug}' has no paragraphs", getattr(item, 'line', None))
        chapters.append(
            Chapter(
                number=number,
                slug=slug,
                title=require(path, item, "title"),
                years=str(require(path, item, "years", object)),
                summary=_summary(path, item),
                paragraphs=tuple(paragraphs),
            )
        )
    if expected <= len(essay.paragraphs):
        left_out = ", ".join(f"¶{p.number}" for p in essay.paragraphs[expected - 1 :])
        raise SourceError(path, f"paragraphs left out of the chapter map: {left_out}")
    return chapters


def load_chapters(essay: Essay, path: Path = CHAPTERS_PATH) -> list[Chapter]:
    return parse_chapters(load_yaml(path), essay, path)


def chapter_of(chapters: list[Chapter], paragraph: int) -> Chapter:
    for chapter in chapters:
        if chapter.first <= paragraph <= chapter.last:
            return chapter
    raise KeyError(paragraph)
