"""Rendering the PDFs: fonts, the WeasyPrint renderer, the sets of documents, worker processes."""

from __future__ import annotations

import datetime as dt
import gc
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from edition import urls
from edition.books.pdf.documents import PAGE_SIZES, PDF_VARIANT, SIZES, ChapterContent, PdfError, chapter_html, pdf_name, title_page_html
from edition.books.pdf.layout import lay_out

CSS_PATH = Path(__file__).resolve().with_name("print.css")


# ── Rendering ───────────────────────────────────────────────────────────────────────────────


def _check_fonts(site_dir: Path) -> None:
    fonts = site_dir / "assets" / "fonts"
    for name in ("regular", "italic", "bold"):
        if not (fonts / f"edition-serif-{name}.woff2").is_file():
            raise PdfError(f"font {fonts / f'edition-serif-{name}.woff2'} is missing from the built site")


class _Renderer:
    """One FontConfiguration and one parsed stylesheet per page size, shared by every document."""

    def __init__(self, site_dir: Path, facts: dict):
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration
        from weasyprint.urls import URLFetcher

        # Only local files (the fonts): a PDF build never touches the network.
        self.fetcher = URLFetcher(allowed_protocols=["file"], fail_on_errors=True)
        self.font_config = FontConfiguration()
        _check_fonts(site_dir)
        base = (site_dir / "assets").as_uri() + "/"
        running = facts["edition"]["short_title"].replace("\\", "\\\\").replace('"', '\\"')
        text = CSS_PATH.read_text(encoding="utf-8").replace("__RUNNING_TITLE__", running)
        self.base = CSS(string=text, base_url=base, font_config=self.font_config, url_fetcher=self.fetcher)
        self.sizes = {
            size: CSS(string=f"@page {{ size: {keyword}; }}", font_config=self.font_config)
            for size, keyword in PAGE_SIZES.items()
        }

    def render(self, source: str, base_url: str, size: str, first_page: int = 1):
        """Parse and lay out a document whose first page is numbered first_page (see lay_out);
        returns (document, layouts)."""
        from weasyprint import CSS, HTML

        html = HTML(string=source, base_url=base_url, url_fetcher=self.fetcher)
        sheets = [self.base, self.sizes[size]]
        if first_page != 1:
            sheets.append(CSS(string=f"@page :first {{ counter-reset: page {first_page}; }}",
                              font_config=self.font_config))
        return lay_out(html, sheets, self.font_config)


def write_pdf(document, target: Path) -> None:
    """Write a laid-out document to target, whole or not at all."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            document.write_pdf(out, pdf_identifier=False, pdf_variant=PDF_VARIANT)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a web server must be able to read it
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class PrintDocument:
    """One chapter's print document and where its PDF goes."""

    what: str  # "chapter '<slug>'", for error messages
    source: str  # the print document's HTML
    base_url: str
    target: Path


@dataclass(frozen=True)
class PdfSet:
    """The PDFs of one paper size: each chapter, then the whole essay, made of a title page and the
    chapters' own pages (so each chapter's pages carry its page numbers in the whole essay)."""

    size: str
    chapters: tuple[PrintDocument, ...]
    contents: tuple[ChapterContent, ...]  # for the title page's contents
    site_url: str
    facts: dict
    when: dt.datetime
    base_url: str  # the title page's
    target: Path  # the whole essay's


@dataclass(frozen=True)
class MadePdf:
    path: Path
    # Wall-clock time of its own layout and writing, in the process that made it. The whole essay
    # lays out only its title page: its other pages are the chapters', laid out for their PDFs.
    seconds: float
    layouts: int  # 1 unless a note had to be moved back to the page that cites it (see lay_out)
    pages: int = 0  # its number of pages (the chapter pages say it beside their links)


def _failed(what: str, size: str, error: Exception) -> PdfError:
    return PdfError(f"PDF of {what} ({size}): {error}")


def _make_set(renderer: _Renderer, job: PdfSet) -> list[MadePdf]:
    """Make every chapter's PDF of one size, in order, then the whole essay from their pages."""
    made: list[MadePdf] = []
    chapter_pages: list = []
    first_pages: list[int] = []
    next_page = 2  # the whole essay's title page is page 1
    for chapter in job.chapters:
        start = time.perf_counter()
        try:
            document, layouts = renderer.render(chapter.source, chapter.base_url, job.size, next_page)
            write_pdf(document, chapter.target)
        except Exception as error:
            raise _failed(chapter.what, job.size, error) from error
        made.append(MadePdf(chapter.target, time.perf_counter() - start, layouts, len(document.pages)))
        first_pages.append(next_page)
        chapter_pages.extend(document.pages)
        next_page += len(document.pages)

    start = time.perf_counter()
    try:
        source = title_page_html(list(job.contents), first_pages, job.site_url, job.facts, job.when)
        title, layouts = renderer.render(source, job.base_url, job.size)
        if len(title.pages) != 1:
            raise PdfError(f"the title page runs to {len(title.pages)} pages; the chapters are numbered from 2")
        write_pdf(title.copy([*title.pages, *chapter_pages]), job.target)  # the title page's metadata
    except Exception as error:
        raise _failed("the whole essay", job.size, error) from error
    made.append(MadePdf(job.target, time.perf_counter() - start, layouts, 1 + len(chapter_pages)))
    return made


_worker: dict[str, _Renderer] = {}  # each worker process's renderer, made for its first job


def _make_set_in_worker(job: PdfSet, site_dir: Path) -> list[MadePdf]:
    if "renderer" not in _worker:
        _worker["renderer"] = _Renderer(site_dir, job.facts)
        gc.freeze()  # the fonts, stylesheets and modules stay: the collector need not walk them again
    return _make_set(_worker["renderer"], job)


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worker_count(requested: int | None = None) -> int:
    """How many processes make the PDFs: one per paper size's set, at most one per CPU (or `requested`)."""
    return min(available_cpus() if requested is None else requested, len(SIZES))


def pdf_sets(contents: list[ChapterContent], site_dir: Path, site_url: str, facts: dict, whole: str,
             when: dt.datetime) -> list[PdfSet]:
    """One set per paper size: every chapter, then the whole essay."""
    out_dir = site_dir / urls.PDF_DIR
    sources = [chapter_html(c, len(contents), facts, when) for c in contents]
    return [
        PdfSet(
            size=size,
            chapters=tuple(
                PrintDocument(f"chapter '{c.slug}'", source, (site_dir / c.slug / "index.html").as_uri(),
                              out_dir / pdf_name(c.slug, size))
                for c, source in zip(contents, sources, strict=True)
            ),
            contents=tuple(contents),
            site_url=site_url,
            facts=facts,
            when=when,
            base_url=(site_dir / "index.html").as_uri(),
            target=out_dir / pdf_name(whole, size),
        )
        for size in SIZES
    ]
