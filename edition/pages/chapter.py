"""A chapter's page: masthead, annotated paragraphs, PDF links; the chapter overview and nav entries."""

from __future__ import annotations

from collections.abc import Iterable

from edition import urls
from edition.annotate.markup import escape_html_text as esc
from edition.pages.common import GENERATED_NOTICE, Step, annotate, front_matter, nav_yaml
from edition.pages.study import reading_time
from edition.pages.templating import Markup, render_template
from edition.sources.chapters import Chapter
from edition.sources.essay import Essay


def paragraph_block(number: int, markdown: str) -> str:
    """One essay paragraph: its ¶ permalink in the margin and a stable anchor (#pN)."""
    anchor = urls.paragraph(number)
    # data-search-exclude: the search index reads the words, not "¶15" run into them ("¶15Trotsky's").
    link = f'<a class="pnum ed" href="#{anchor}" aria-label="Paragraph {number} (permalink)" data-search-exclude>¶{number}</a>'
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
    """A chapter page: the essay first, then the way on, then the editors' apparatus.

    A one-line heading (chapter, ¶ range, reading time), the essay's paragraphs untouched and its
    notes; right after them the way to the next (and previous) chapter, so that a reader on a phone
    does not scroll through the apparatus to go on; then the print links, `opening` (the chapter's
    place on the timeline) and `closing` (the senses met, the study sheet), Markdown made elsewhere.
    The cite box is added by the build. `edition` is sources/edition.yml (the essay's author and
    year); the page text is templates/chapter.md.j2.
    """
    steps = list(steps)
    parts = []
    if chapter.number == 1:
        parts.append(Markup(masthead(essay, steps)))
    parts.extend(Markup(paragraph_block(p.number, annotate(p.text, p.number, steps))) for p in chapter.paragraphs)
    if notes:
        parts.append(Markup(notes))
    parts.append(way_on(chapter, chapters))
    if pdf_stem:
        parts.append(pdf_links(chapter, pdf_stem))
    if opening:
        parts.append(Markup(opening))
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
        minutes=reading_minutes(chapter),
        parts=parts,
    ).rstrip("\n") + "\n"


def reading_minutes(chapter: Chapter) -> int:
    """The chapter's reading time in whole minutes, as its study sheet gives it."""
    return reading_time(chapter)[1]


def way_on(chapter: Chapter, chapters: list[Chapter]) -> Markup:
    """The way on, right after the text and its notes: the next chapter first, then the previous one.

    After the last chapter: the notes, the senses and the contents. Web only (ed-screen-only): the
    PDF and the EPUB have their own order, and the browser's print leaves it out.
    """
    index = chapters.index(chapter)
    lines = []
    if index + 1 < len(chapters):
        following = chapters[index + 1]
        lines.append(
            f'<p class="way-next" markdown>[Next chapter: {following.number}. {esc(following.title)} '
            f'<span aria-hidden="true">→</span>]({urls.chapter_source(following.slug)})</p>'
        )
    else:
        lines.append(
            '<p class="way-next" markdown>End of the essay. Go on to [all the notes](notes/index.md), '
            "[the senses of “bureaucracy”](senses.md) or [the contents](index.md#the-essay-in-six-periods).</p>"
        )
    if index > 0:
        previous = chapters[index - 1]
        lines.append(
            f'<p class="way-prev" markdown>[<span aria-hidden="true">←</span> Previous chapter: '
            f"{previous.number}. {esc(previous.title)}]({urls.chapter_source(previous.slug)})</p>"
        )
    return Markup(
        '<nav class="chapter-way-on ed ed-screen-only" aria-label="Next and previous chapter" data-search-exclude markdown>\n'
        + "\n".join(lines)
        + "\n</nav>"
    )


def download_facts_marker(path: str) -> str:
    """An empty place after a download link, which the publishing build fills with the file's pages
    and size, "(5 pages, 62 KB)" (edition/web/downloads.py); `path` is relative to the site's root."""
    return f'<span class="download-facts" data-file="{path}"></span>'


def pdf_links(chapter: Chapter, essay_stem: str) -> Markup:
    """Download links for the chapter's PDFs and the whole essay's EPUB (made by the build, so plain
    HTML links), each followed by the place for its pages and size."""
    def link(path: str, label: str) -> str:
        return f'<a href="../{path}" download>{label}</a>{download_facts_marker(path)}'

    return Markup(
        '<p class="pdf-links ed ed-screen-only" data-search-exclude>Print this chapter for a study group: '
        f'{link(urls.pdf(chapter.slug, "a4"), "PDF, A4")} · {link(urls.pdf(chapter.slug, "letter"), "PDF, US Letter")} · '
        f'whole essay: {link(urls.pdf(essay_stem, "a4"), "A4")}, {link(urls.pdf(essay_stem, "letter"), "Letter")}, '
        f'{link(urls.epub(essay_stem), "EPUB for e-readers")}</p>'
    )


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
