"""A chapter's page: masthead, annotated paragraphs, PDF links; the chapter overview and nav entries."""

from __future__ import annotations

from collections.abc import Iterable

from edition import urls
from edition.pages.common import GENERATED_NOTICE, Step, annotate, front_matter
from edition.sources.chapters import Chapter
from edition.sources.essay import Essay


def paragraph_block(number: int, markdown: str) -> str:
    """One essay paragraph: its ¶ permalink in the margin and a stable anchor (#pN)."""
    anchor = urls.paragraph(number)
    link = f'<a class="pnum ed" href="#{anchor}" aria-label="Paragraph {number} (permalink)">¶{number}</a>'
    return f"{link}{markdown}\n{{: #{anchor} .essay-text .essay-para data-para=\"{number}\" }}"


def masthead(essay: Essay, steps: Iterable[Step]) -> str:
    """The published title, photograph caption and byline, as they open chapter 1."""
    steps = list(steps)
    caption_label = '<span class="ed caption-label">Photograph in the original, not reproduced: </span>'
    return "\n\n".join(
        [
            f"{annotate(essay.title, 'title', steps)}\n{{: #essay-title .essay-text .essay-title }}",
            f"{caption_label}{annotate(essay.caption, 'caption', steps)}\n{{: .essay-text .essay-caption }}",
            f"{annotate(essay.byline, 'byline', steps)}\n{{: .essay-text .essay-byline }}",
        ]
    )


def chapter_page(
    chapter: Chapter,
    chapters: list[Chapter],
    essay: Essay,
    steps: Iterable[Step] = (),
    opening: str = "",
    notes: str = "",
    closing: str = "",
    pdf_stem: str = "",
) -> str:
    """A chapter page: editors' heading and period, the essay's paragraphs untouched, then its notes.

    `closing` (the senses met) comes after the notes; the cite box is added by the build.
    """
    steps = list(steps)
    parts = [
        front_matter(
            title=f"{chapter.number}. {chapter.heading}",
            description=chapter.summary,
            chapter=chapter.number,
        ),
        GENERATED_NOTICE,
        f"# {chapter.title} <span class=\"chapter-years\">{chapter.years}</span>",
        (
            f'<p class="chapter-meta ed">Chapter {chapter.number} of {len(chapters)} · {chapter.years} · '
            f"¶{chapter.first}–¶{chapter.last} of Thomas M. Twiss, "
            f"<cite>{essay.title}</cite> (2016)</p>"
        ),
    ]
    if pdf_stem:
        parts.append(pdf_links(chapter, pdf_stem))
    if opening:
        parts.append(opening)
    if chapter.number == 1:
        parts.append(masthead(essay, steps))
    parts.extend(paragraph_block(p.number, annotate(p.text, p.number, steps)) for p in chapter.paragraphs)
    if notes:
        parts.append(notes)
    if closing:
        parts.append(closing)
    return "\n\n".join(parts) + "\n"


def pdf_links(chapter: Chapter, essay_stem: str) -> str:
    """Download links for the chapter's PDFs and the whole essay's EPUB (made by the build, so plain HTML links)."""
    def link(path: str, label: str) -> str:
        return f'<a href="../{path}" download>{label}</a>'

    return (
        '<p class="pdf-links ed ed-screen-only">Print this chapter for a study group: '
        f'{link(urls.pdf(chapter.slug, "a4"), "PDF, A4")} · {link(urls.pdf(chapter.slug, "letter"), "PDF, US Letter")} · '
        f'whole essay: {link(urls.pdf(essay_stem, "a4"), "A4")}, {link(urls.pdf(essay_stem, "letter"), "Letter")}, '
        f'{link(urls.epub(essay_stem), "EPUB for e-readers")}</p>'
    )


def chapter_overview(chapters: list[Chapter]) -> str:
    """The landing page's one-screen overview of the periods."""
    rows = [
        "| Chapter | Period | ¶ | What happens |",
        "|---|---|---|---|",
    ]
    for c in chapters:
        rows.append(f"| [{c.number}. {c.title}]({urls.chapter_source(c.slug)}) | {c.years} | ¶{c.first}–¶{c.last} | {c.summary} |")
    return "\n".join(rows)


def nav_entries(chapters: list[Chapter], indent: str = "      ") -> str:
    """The chapters' lines of the `nav:` in mkdocs.yml."""
    return "\n".join(f'{indent}- "{c.number}. {c.title}": {urls.chapter_source(c.slug)}' for c in chapters)
