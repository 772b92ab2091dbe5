"""MkDocs hooks: thin glue between MkDocs and the plain functions of the edition package.

mkdocs.yml loads the one-line hooks.py at the repository root, which imports these (so there is one
module object, the one the tests import).

Each hook only calls into a module that does one job, so a move off MkDocs touches this file only.
"""

from __future__ import annotations

import importlib.util
import logging
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority

from edition import urls
from edition.errors import SourceError
from edition.pages import notes
from edition.sources import paths
from edition.sources.project import Project, load_project
from edition.web import cache as buildcache
from edition.web import cite as cite_edition
from edition.web import downloads, publishing, stylesheet
from edition.web.previews import cards as card_data
from edition.web.previews import draw

PROJECT_ROOT = paths.ROOT  # the checkout being built (tests point it at a copy)
_state: dict = {}


def _project() -> Project:
    return _state["project"]


@event_priority(100)  # before mkdocs-bibtex reads footnotes.bib, so a bad entry is reported by file and line
def on_config(config, **kwargs):
    """Load and cross-check every source once (edition.load_project); the build then uses that model.

    A build whose inputs are byte for byte those of an earlier build takes that build's checked
    model from the cache (edition.web.cache) instead of parsing the sources again.
    """
    _state["digest"] = digest = buildcache.state_digest(PROJECT_ROOT)
    project = buildcache.load("project", digest)
    if project is None:
        try:
            project = load_project(PROJECT_ROOT)
        except SourceError as error:
            raise PluginError(str(error)) from error
        buildcache.store("project", digest, project)
    _state["project"] = project
    _state["previews"] = {card.name: card for card in card_data.cards(project)}
    config.extra["edition_version"] = _project().version
    command = _state.get("command")
    try:
        _state["pdfs"] = publishing.pdfs_wanted(config.extra.get("build_pdfs"), command)
    except ValueError as error:
        raise PluginError(str(error)) from error
    problem = publishing.site_url_problem(config.site_url, command)
    if problem and command == "gh-deploy":
        raise PluginError(f"refusing to deploy: {problem}")
    if problem:
        # Not the 'mkdocs' logger, so --strict does not turn the reminder into a failure.
        logging.getLogger("edition").warning("WARNING -  Not for publishing: %s", problem)
    return config


def on_startup(command, **kwargs):
    _state["command"] = command


def on_pre_build(config, **kwargs):
    """Fail early if the committed pages are outdated; under `mkdocs serve`, regenerate them instead.

    So an edit of sources/ shows at once while serving, and a published build is exactly what is committed.
    """
    serving = _state.get("command") == "serve"
    if not serving and buildcache.load("current", _state["digest"]):
        return  # these very files were found current by an earlier build
    from edition.pages import generate  # only needed when the pages must be regenerated or compared

    stale = generate.sync(generate.generated_files(_project()), check=not serving)
    if stale and not serving:
        names = ", ".join(str(p.relative_to(PROJECT_ROOT)) for p in stale)
        raise PluginError(f"generated pages are outdated ({names}): run `./run generate`")
    if not serving:
        buildcache.store("current", _state["digest"], True)


@event_priority(100)  # before mkdocs-bibtex, which drops an unknown key with a warning that names no page
def check_page_citations(markdown, page, config, **kwargs):
    try:
        notes.check_citations(markdown, _project().bibliography, f"docs/{page.file.src_uri}")
    except ValueError as error:
        raise PluginError(str(error)) from error
    return markdown


def add_cite_box(markdown, page, config, **kwargs):
    """End the page with its cite box, which prints the site's public address (so it is not committed)."""
    project = _project()
    box = cite_edition.page_cite_markdown(project.edition, project.chapters, project.essay.title, page.meta, config.site_url or "/")
    return f"{markdown.rstrip()}\n\n{box}" if box else markdown


on_page_markdown = CombinedEvent(check_page_citations, add_cite_box)


def on_files(files, config, **kwargs):
    """The BibTeX, RIS and CSL-JSON records, made for this build's site_url (so never committed)."""
    from mkdocs.structure.files import File

    edition = _project().edition
    _state["chapter_targets"] = cite_edition.chapter_targets(config.site_url, _project().chapters)
    targets = [cite_edition.essay_target(edition, config.site_url)] + _state["chapter_targets"]
    for path, content in cite_edition.download_files(edition, targets).items():
        files.append(File.generated(config, path, content=content))
    return files


def _previews() -> dict:
    """The preview images' cards by name (made in on_config, from the project)."""
    if "previews" not in _state:
        _state["previews"] = {card.name: card for card in card_data.cards(_project())}
    return _state["previews"]


def write_preview_images(site: Path, cards: list) -> None:
    """The link-preview images (preview/*.png), each from the build cache unless its inputs changed.

    Made by every build, `mkdocs serve` included (drawing all of them takes well under a second,
    and a build with nothing changed draws none), so every page's og:image is there to check.
    """
    def store(key: str, data: bytes) -> None:
        buildcache.store("preview", key, data, keep=4 * len(cards))  # room for a few versions of each

    try:
        images = draw.render_all(cards, lambda key: buildcache.load("preview", key), store)
    except ValueError as error:  # a missing glyph or text that cannot fit, naming the image
        raise PluginError(f"link-preview images: {error}") from error
    for path, data in images.items():
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def write_precompressed(site: Path) -> None:
    """The `.gz` and `.br` twins of the text files (edition/web/precompress.py), each pair from the
    build cache unless the file changed. Made by the publishing build, the one that makes the PDFs."""
    from edition.web import precompress  # Brotli: only for a publishing build

    files = len(precompress.text_files(site))
    precompress.precompress(
        site,
        precompress.build_time(),
        load=lambda key: buildcache.load("compressed", key),
        store=lambda key, pair: buildcache.store("compressed", key, pair, keep=3 * files),
    )


def on_post_build(config, **kwargs):
    """The link-preview images; chapter PDFs, the EPUB and the precompressed text files (see
    publishing.pdfs_wanted); then a check of every internal link and anchor, and of every page's
    preview image."""
    site = Path(config.site_dir)
    stylesheet.strip_comments(site)  # the documented stylesheet, served without its comments
    write_preview_images(site, list(_previews().values()))
    if _state.get("pdfs"):
        from edition.books.epub import make_epub
        from edition.books.pdf import make_pdfs

        try:
            pdfs = make_pdfs(site, config.site_url, _project())
        except Exception as error:  # any failure must stop the build, naming the chapter
            raise PluginError(f"PDFs: {error}") from error
        try:
            epub = make_epub(site, config.site_url, _project(), rights=config.copyright or "")
        except Exception as error:  # names the page or file at fault
            raise PluginError(f"EPUB: {error}") from error
        made = {path.relative_to(site).as_posix(): pages for path, pages in pdfs.items()}
        made[Path(epub).relative_to(site).as_posix()] = None
        downloads.fill(site, made)  # "PDF, A4 (5 pages, 62 KB)" beside each download link
        write_precompressed(site)
    base_path, skip_pdfs = urlsplit(config.site_url or "/").path or "/", not _state.get("pdfs")
    checker = Path(importlib.util.find_spec("edition.web.linkcheck").origin)
    checked = buildcache.site_digest(site, checker, f"{base_path} {skip_pdfs}")
    if buildcache.load("links-ok", checked):
        return  # this very output (same pages, same files) was checked by an earlier build
    from edition.web import linkcheck as sitecheck  # lxml: only when there is output to parse

    problems = sitecheck.check_links(site, base_path, skip_pdfs=skip_pdfs)
    if problems:
        shown = "\n  ".join(problems[:20])
        raise PluginError(f"the built site has {len(problems)} broken link(s) or anchor(s):\n  {shown}")
    buildcache.store("links-ok", checked, True)


def preview_image(meta: dict, site_url: str) -> cite_edition.PreviewImage:
    """The preview image of a page: its chapter's, its note's, or the edition's."""
    card = _previews()[card_data.card_for_page(meta, _project().chapters)]
    return cite_edition.PreviewImage(
        url=urls.absolute(site_url or "/", urls.preview_image(card.name)),
        alt=card.alt,
        width=card_data.WIDTH,
        height=card_data.HEIGHT,
        media_type=card_data.MEDIA_TYPE,
    )


def on_page_context(context, page, config, **kwargs):
    """Citation meta tags (Highwire/Google Scholar, Dublin Core), Open Graph with the page's preview
    image, and JSON-LD for every page."""
    chapter = page.meta.get("chapter")
    project = _project()
    context["edition_head"] = cite_edition.page_head(
        project.edition,
        page_url=page.canonical_url or config.site_url,
        page_title=cite_edition.preview_title(project.edition, project.chapters, page.meta, page.title or config.site_name),
        description=page.meta.get("description") or config.site_description or "",
        chapter=_state["chapter_targets"][int(chapter) - 1] if chapter else None,
        image=preview_image(page.meta, config.site_url),
    )
    return context
