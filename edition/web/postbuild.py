"""What follows a build of the pages, with or without MkDocs: the link-preview images, the records for
other sites (notes and paragraphs as JSON, oEmbed), the PDFs and the EPUB, then a check of every
internal link and anchor.

    python -m edition.web.postbuild site/ [--no-pdfs] [--site-url URL] [--config-file mkdocs.yml]

The hooks run the same function (post_build) at the end of every MkDocs build; this command runs it on
a site already built (say, by another static-site tool over the same pages), for the project whose
mkdocs.yml it finds from the working directory or is given.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlsplit

from edition.errors import SourceError
from edition.sources import paths
from edition.sources.project import Project, load_project
from edition.web import downloads, oembed, records, scripts, stylesheet
from edition.web.cache import PreviewCache
from edition.web.previews import cards as card_data
from edition.web.previews.job import PreviewJob, PreviewJobError


class PostBuildError(Exception):
    """A step after the build failed; the message says which (and, from the step, which file or page)."""


def preview_cache(root: Path) -> PreviewCache:
    """The preview images' cache: .cache/edition/previews/ beside the project's mkdocs.yml."""
    return PreviewCache(root / paths.CACHE / "previews")


def start_preview_images(cards: list, font_dir: Path, cache: PreviewCache, in_worker: bool = False) -> PreviewJob:
    """The link-preview images of a build, begun: the cached ones read, the others drawn in a worker
    process from now on (in_worker, when it pays: edition.web.previews.job), or when written.
    font_dir holds the web fonts (the docs_dir's assets/fonts)."""
    cache.keep = 4 * len(cards)  # room for a few versions of each
    return PreviewJob(cards, font_dir, cache.load, cache.store, in_worker=in_worker)


def write_preview_images(site: Path, cards: list, font_dir: Path, cache: PreviewCache) -> None:
    """The link-preview images (preview/*.png), each from the cache unless its inputs changed, the others
    drawn now, in this process. font_dir holds the web fonts (the docs_dir's assets/fonts).

    Made by every build, `mkdocs serve` included (a build with nothing changed draws none), so every
    page's og:image is there to check.
    """
    write_preview_job(site, start_preview_images(cards, font_dir, cache), cache)


def write_preview_job(site: Path, job: PreviewJob, cache: PreviewCache) -> None:
    """The link-preview images of a job begun at the start of the build (start_preview_images), written
    into the site once it has them all; the job is closed, its worker ended, whatever happens."""
    try:
        images = job.images()
    except (ValueError, PreviewJobError) as error:  # a missing glyph or text that cannot fit, naming the image
        raise PostBuildError(f"link-preview images: {error}") from error
    finally:
        job.close()
    cache.prune()
    for path, data in images.items():
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def write_records(site: Path, project: Project, site_url: str) -> None:
    """The JSON records of the notes and paragraphs, and the oEmbed records, for other sites."""
    files = records.record_files(project, site_url) | oembed.oembed_files(project, site_url)
    for path, text in files.items():
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def post_build(site: Path, project: Project, site_url: str, pdfs: bool, cache: PreviewCache,
               rights: str = "", previews: PreviewJob | None = None) -> None:
    """The preview images (previews: the job begun at the start of the build, or None to draw the
    project's now) and the records for other sites; with pdfs, the chapter PDFs and the EPUB; then the
    link check."""
    stylesheet.strip_comments(site)  # the documented stylesheet, served without its comments
    scripts.minify_scripts(site)  # and the documented scripts, minified
    write_records(site, project, site_url or "/")
    # Last before the PDFs and the link check (which looks for them): a worker drawing them has the most time.
    if previews is None:
        write_preview_images(site, card_data.cards(project), project.docs_dir / card_data.FONT_DIR, cache)
    else:
        write_preview_job(site, previews, cache)
    if pdfs:
        from edition.books.epub import make_epub
        from edition.books.pdf import make_pdfs
        from edition.web import precompress  # Brotli: only for a publishing build

        try:
            made = {path.relative_to(site).as_posix(): pages for path, pages in make_pdfs(site, site_url, project).items()}
        except Exception as error:  # any failure must stop the build, naming the chapter
            raise PostBuildError(f"PDFs: {error}") from error
        try:
            epub = make_epub(site, site_url, project, rights=rights)
        except Exception as error:  # names the page or file at fault
            raise PostBuildError(f"EPUB: {error}") from error
        made[Path(epub).relative_to(site).as_posix()] = None
        try:
            downloads.fill(site, made)  # "PDF, A4 (5 pages, 62 KB)" beside each download link
        except ValueError as error:  # a marker for a file not made: names the page
            raise PostBuildError(f"download sizes: {error}") from error
        precompress.precompress(site, precompress.build_time())  # the .gz and .br twins of the text files
    from edition.web import linkcheck  # lxml: only when there is output to parse

    problems = linkcheck.check_links(site, urlsplit(site_url or "/").path or "/", skip_pdfs=not pdfs)
    if problems:
        shown = "\n  ".join(problems[:20])
        raise PostBuildError(f"the built site has {len(problems)} broken link(s) or anchor(s):\n  {shown}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built site's folder")
    parser.add_argument("--site-url", help="the address the site was built for (default: site_url in mkdocs.yml)")
    parser.add_argument("--no-pdfs", action="store_true", help="make no PDFs or EPUB, and expect none")
    parser.add_argument("-f", "--config-file", help="the project's mkdocs.yml (default: found from the working directory upwards)")
    args = parser.parse_args(argv)
    if not args.site.is_dir():
        parser.error(f"{args.site}: no such folder (build the site first)")
    try:
        config_file = paths.find_config(args.config_file)
        config = paths.read_config(config_file)
        project = load_project(config_file.parent, paths.docs_dir(config_file), config_file)
        post_build(args.site, project, args.site_url or config.get("site_url") or "/", not args.no_pdfs,
                   preview_cache(config_file.parent), rights=str(config.get("copyright") or ""))
    except (SourceError, PostBuildError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print("done: preview images" + ("" if args.no_pdfs else ", PDFs, EPUB") + "; all links and anchors resolve")
    return 0


if __name__ == "__main__":
    sys.exit(main())
