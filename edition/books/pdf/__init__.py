"""Chapter PDFs for study groups: each chapter, and the whole essay, in A4 and US Letter.

Called once per build (from the MkDocs ``on_post_build`` hook) on the *built* pages, so the PDFs
show exactly the text, ¶ numbers and notes of the web edition:

    make_pdfs(site_dir, site_url, project)  ->  site_dir/pdf/<slug>-a4.pdf, <slug>-letter.pdf, <essay stem>-*.pdf

Each chapter page's article is extracted once, stripped of the theme's chrome, and each note is
moved next to its reference (``span.pdf-note``) so that CSS ``float: footnote`` sets it at the foot
of the page where it is cited, under the essay's own note number. ``edition/books/pdf/print.css`` does the rest.
Each paper size is one set, made in one process: the chapters in order, each laid out once with its
first page numbered where it falls in the whole essay, then the whole essay, which is a title page
with contents followed by the chapters' own laid-out pages. So a chapter's PDF and the whole essay
show the same pages under the same page numbers, and the whole essay costs only its title page and
its writing. The sets are made in worker processes, one per CPU (``render_pdfs``, which also says
how long each PDF took). Builds are reproducible: with SOURCE_DATE_EPOCH set, the printed date and
the PDF dates come from it, and a PDF's bytes do not depend on the process that made it.

Three WeasyPrint 70 quirks are worked around (each has a test in tests/test_pdf.py):
- to give a paragraph the lines `orphans` asks for at the foot of a page, WeasyPrint moves notes
  already cited on the page to the next one, against the notes' `footnote-policy: line`
  (Kozea/WeasyPrint#2432). ``lay_out`` checks every note in the laid-out boxes, and should one
  stand on another page than its call, forces a page break before the last block of the citing
  page and lays the document out again;
- lines break too early around inline elements, so sense and glossary links inside the essay's
  paragraphs print as plain text;
- Pango allows a line break between "." and a digit, so the note call starts with a word joiner.
"""

from __future__ import annotations

import gc
from pathlib import Path

from edition import urls
from edition.books.builtpages import build_date, edition_facts
from edition.books.pdf.documents import ChapterContent, PdfError, extract_chapter
from edition.books.pdf.render import MadePdf, PdfSet, _check_fonts, _make_set, _make_set_in_worker, _Renderer, pdf_sets, worker_count


def render_pdfs(site_dir: Path, site_url: str, project, workers: int | None = None) -> list[MadePdf]:
    """Write every chapter and the whole essay, in each size, into site_dir/pdf/.

    `project` is the build's edition.sources.project.Project (its chapters and edition facts). Each paper
    size is one set, made in order in one process (see _make_set); the sets are made by `workers`
    processes at once (default: one per CPU, at most one per size), or with workers=1 one after the
    other in this process. Each PDF's bytes are the same either way. Returns every chapter, then the
    whole essay, each in every size.
    """
    site_dir = Path(site_dir)
    site_url = urls.absolute(site_url)
    facts = edition_facts(project.edition)
    when = build_date()
    contents: list[ChapterContent] = []
    for chapter in project.chapters:
        page = site_dir / urls.chapter(chapter.slug) / "index.html"
        try:
            if not page.is_file():
                raise PdfError(f"built page {page} not found")
            contents.append(
                extract_chapter(page, chapter.slug, chapter.number, chapter.title, chapter.years, site_url)
            )
        except Exception as error:
            raise PdfError(f"PDF of chapter '{chapter.slug}': {error}") from error
    _check_fonts(site_dir)
    sets = pdf_sets(contents, site_dir, site_url, facts, urls.essay_stem(project.edition), when)

    workers = worker_count(workers)
    if workers <= 1:
        frozen = gc.get_freeze_count()
        renderer = _Renderer(site_dir, facts)
        gc.freeze()
        try:
            made = [_make_set(renderer, job) for job in sets]
        finally:
            if not frozen:
                gc.unfreeze()
    else:
        made = _make_in_parallel(sets, site_dir, workers)
    # every chapter, then the whole essay, each in every size (the order of urls' PDF list)
    return [made[size][document] for document in range(len(contents) + 1) for size in range(len(sets))]


def _make_in_parallel(sets: list[PdfSet], site_dir: Path, workers: int) -> list[list[MadePdf]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    import weasyprint  # noqa: F401  (imported once, here, rather than in every worker)

    # fork: the workers start at once with the modules already imported (spawn, where there is no fork)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [pool.submit(_make_set_in_worker, job, site_dir) for job in sets]
        try:
            return [future.result() for future in futures]
        except BaseException:
            pool.shutdown(cancel_futures=True)
            raise


def make_pdfs(site_dir: Path, site_url: str, project, workers: int | None = None) -> dict[Path, int]:
    """Write every chapter and the whole essay, in each size, into site_dir/pdf/; return each path
    with its number of pages, in the order of render_pdfs."""
    return {made.path: made.pages for made in render_pdfs(site_dir, site_url, project, workers)}
