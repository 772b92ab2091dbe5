"""The chapter map: every paragraph of the essay in exactly one period chapter, in order."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from edition.errors import SourceError
from edition.sources import paths
from edition.sources.essay import Essay, Paragraph
from edition.sources.yamlfile import load_yaml, mappings, refuse_unknown_keys, require, require_slug

CHAPTERS_PATH = paths.CHAPTERS
PUBLIC_URLS_PATH = paths.PUBLIC_URLS
# The keys this module reads (any other key is refused, so a typo cannot drop a field): add a field here.
FILE_KEYS = ("chapters",)
CHAPTER_KEYS = ("slug", "title", "years", "summary", "paragraphs")


@dataclass(frozen=True)
class Chapter:
    number: int
    slug: str
    title: str
    years: str
    summary: str
    paragraphs: tuple[Paragraph, ...]

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


# A chapter's title and summary are plain text: they go into Markdown headings, tables and link
# text, HTML attributes (the meta description), the nav in mkdocs.yml, the PDFs and the EPUB. So
# no character that is markup in any of them, and typographic quotes, not straight ones.
_MARKUP = {'"': "typographic quotes “…” instead of \"", "'": "a typographic apostrophe ’ instead of '",
           "<": "no <", ">": "no >", "|": "no |", "[": "no [", "]": "no ]", "`": "no `", "*": "no *", "_": "no _", "\\": "no \\"}
_YEARS = re.compile(r"\d{4}(–\d{4})?")


def _plain_text(path: Path, item: dict, key: str) -> str:
    """A title or summary, checked to be one line of plain text (see _MARKUP)."""
    value = require(path, item, key)
    line = getattr(item, "line", None)
    if value != " ".join(value.split()):
        raise SourceError(path, f"the {key} {value!r} should be one line, without leading, trailing or double spaces", line)
    for character, advice in _MARKUP.items():
        if character in value:
            raise SourceError(path, f"the {key} {value!r} has {character!r}: chapter titles and summaries are plain text "
                                    f"(they go into pages, the nav, meta tags, the PDFs and the EPUB): use {advice}", line)
    return value


def _years(path: Path, item: dict) -> str:
    years = str(require(path, item, "years", object))
    if not _YEARS.fullmatch(years):
        raise SourceError(path, f"years {years!r} should be a year or a period YYYY–YYYY (with an en dash –)", getattr(item, "line", None))
    return years


_PUBLISHED_PARAGRAPH = re.compile(r"([a-z0-9-]+)/#p(\d+)")


def published_chapters(path: Path = PUBLIC_URLS_PATH) -> dict[str, frozenset[int]]:
    """The chapters the public URL list publishes, each with its published ¶ numbers: a page with
    ¶ anchors (`2-glavkokratiia/#p4`) is a chapter."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise SourceError(path, "the list of public URLs is missing (the chapter map is checked against it)") from None
    found: dict[str, set[int]] = {}
    for line in lines:
        if match := _PUBLISHED_PARAGRAPH.fullmatch(line.strip()):
            found.setdefault(match[1], set()).add(int(match[2]))
    return {slug: frozenset(numbers) for slug, numbers in found.items()}


def check_published_slugs(items: list, chapters: list[Chapter], published: dict[str, frozenset[int]], path: Path,
                          public_urls: Path) -> None:
    """A published chapter keeps its slug: other sites link to /<slug>/ and /<slug>/#pN."""
    slugs = {chapter.slug for chapter in chapters}
    for slug, numbers in sorted(published.items()):
        if slug in slugs:
            continue
        holders = [(c, item) for c, item in zip(chapters, items, strict=True) if numbers & {p.number for p in c.paragraphs}]
        chapter, item = holders[0] if holders else (None, None)
        now = f"chapter '{chapter.slug}' now holds its paragraphs; " if chapter else ""
        raise SourceError(
            path,
            f"the published chapter slug '{slug}' is gone ({now}{public_urls.name} lists /{slug}/): "
            f"a published slug never changes, since other sites link to it; put '{slug}' back",
            getattr(item, "line", None),
        )


def parse_chapters(data: object, essay: Essay, path: Path = CHAPTERS_PATH,
                   published: dict[str, frozenset[int]] | None = None, public_urls: Path = PUBLIC_URLS_PATH) -> list[Chapter]:
    """Check the map against the essay; any skip, repeat, reorder or omission names the paragraph.
    With `published` (see published_chapters), a published chapter's slug must still be there."""
    chapters: list[Chapter] = []
    slugs: set[str] = set()
    expected = 1
    refuse_unknown_keys(path, data, FILE_KEYS)
    for number, item in enumerate(mappings(path, data, "chapters"), start=1):
        refuse_unknown_keys(path, item, CHAPTER_KEYS, "chapter", named_by="slug")
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
                title=_plain_text(path, item, "title"),
                years=_years(path, item),
                summary=_plain_text(path, item, "summary"),
                paragraphs=tuple(paragraphs),
            )
        )
    if expected <= len(essay.paragraphs):
        left_out = ", ".join(f"¶{p.number}" for p in essay.paragraphs[expected - 1 :])
        raise SourceError(path, f"paragraphs left out of the chapter map: {left_out}")
    if published is not None:
        check_published_slugs(data["chapters"], chapters, published, path, public_urls)
    return chapters


def load_chapters(essay: Essay, path: Path, public_urls: Path | None = None) -> list[Chapter]:
    """The chapter map; with public_urls (the build's), checked against the published chapters too."""
    if public_urls is None:
        return parse_chapters(load_yaml(path), essay, path)
    return parse_chapters(load_yaml(path), essay, path, published_chapters(public_urls), public_urls)


def chapter_of(chapters: list[Chapter], paragraph: int) -> Chapter:
    for chapter in chapters:
        if chapter.first <= paragraph <= chapter.last:
            return chapter
    raise KeyError(paragraph)
