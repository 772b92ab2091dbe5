"""A chapter's page: masthead, annotated paragraphs, PDF links; the chapter overview and nav entries."""

from __future__ import annotations

from collections.abc import Iterable

from edition import urls
from edition.pages.common import GENERATED_NOTICE, Step, annotate, front_matter, nav_yaml
from edition.pages.templating import Markup, render_template
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
    *,
    edition: dict,
) -> str:
    """A chapter page: editors' heading and period, the essay's paragraphs untouched, then its notes.

    `opening` (the period bar), `notes` and `closing` (the senses met, the study sheet) are Markdown
    made elsewhere; the cite box is added by the build. `edition` is sources/edition.yml (the
    essay's author and year); the page text is templates/chapter.md.j2.
    """
    steps = list(steps)
    parts = []
    if pdf_stem:
        parts.append(pdf_links(chapter, pdf_stem))
    if opening:
        parts.append(Markup(opening))
    if chapter.number == 1:
        parts.append(Markup(masthead(essay, steps)))
    parts.extend(Markup(paragraph_block(p.number, annotate(p.text, p.number, steps))) for p in chapter.paragraphs)
    if notes:
        parts.append(Markup(notes))
    if closing:
        parts.append(Markup(closing))
    return render_template(
        "chapter.md.j2",
        front_matter=Markup(front_matter(title=f"{chapter.number}. {chapter.heading}", description=chapter.summary, chapter=chapter.number)),
        notice=Markup(GENERATED_NOTICE),
        chapter=chapter,
        total=len(chapters),
        author=edition["essay"]["author"],
        year=str(edition["essay"]["date"])[:4],
        essay_title=essay.title,
        parts=parts,
    ).rstrip("\n") + "\n"


def pdf_links(chapter: Chapter, essay_stem: str) -> Markup:
    """Download links for the chapter's PDFs and the whole essay's EPUB (made by the build, so plain HTML links)."""
    return Markup(render_template(
        "pdf-links.html.j2",
        chapter_a4=urls.pdf(chapter.slug, "a4"), chapter_letter=urls.pdf(chapter.slug, "letter"),
        whole_a4=urls.pdf(essay_stem, "a4"), whole_letter=urls.pdf(essay_stem, "letter"), epub=urls.epub(essay_stem),
    ).rstrip("\n"))


def chapter_overview(chapters: list[Chapter]) -> str:
    """The landing page's one-screen overview of the periods (templates/chapter-overview.md.j2)."""
    rows = [
        {"number": c.number, "title": c.title, "source": urls.chapter_source(c.slug), "years": c.years,
         "first": c.first, "last": c.last, "summary": c.summary}
        for c in chapters
    ]
    return render_template("chapter-overview.md.j2", chapters=rows).rstrip("\n")


def nav_entries(chapters: list[Chapter], indent: str = "      ") -> str:
    """The chapters' lines of the `nav:` in mkdocs.yml, written by the YAML dumper."""
    text = nav_yaml([(f"{c.number}. {c.title}", urls.chapter_source(c.slug)) for c in chapters])
    return "\n".join(indent + line for line in text.splitlines())
