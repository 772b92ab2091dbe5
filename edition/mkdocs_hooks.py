"""MkDocs hooks: thin glue between MkDocs and the plain functions of the edition package.

Each hook only calls into a module that does one job, so a move off MkDocs touches this file only.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority

from edition import cite_edition, generate, notes, publishing, sitecheck
from edition.bibliography import load_bibliography
from edition.chapters import load_chapters
from edition.errors import SourceError
from edition.essay import ROOT, load_essay

_state: dict = {}


@event_priority(100)  # before mkdocs-bibtex reads footnotes.bib, so a bad entry is reported by file and line
def on_config(config, **kwargs):
    try:
        _state["bibliography"] = load_bibliography()
    except SourceError as error:
        raise PluginError(str(error)) from error
    try:
        _state["edition"] = cite_edition.load_edition()  # checked once a build, used by every page
    except SourceError as error:
        raise PluginError(str(error)) from error
    config.extra["edition_version"] = str(_state["edition"]["edition"]["version"])
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
    """Fail early, naming the file and line, if the sources are bad or the pages are stale.

    Under `mkdocs serve` the pages are regenerated instead, so an edit of sources/ shows at once.
    """
    try:
        stale = generate.sync(generate.generated_files(_state["bibliography"]), check=_state.get("command") != "serve")
    except SourceError as error:
        raise PluginError(str(error)) from error
    if stale and _state.get("command") != "serve":
        names = ", ".join(str(p.relative_to(ROOT)) for p in stale)
        raise PluginError(f"generated pages are outdated ({names}): run `./run generate`")


@event_priority(100)  # before mkdocs-bibtex, which drops an unknown key with a warning that names no page
def check_page_citations(markdown, page, config, **kwargs):
    try:
        notes.check_citations(markdown, _state["bibliography"], f"docs/{page.file.src_uri}")
    except ValueError as error:
        raise PluginError(str(error)) from error
    return markdown


@event_priority(-100)  # after mkdocs-bibtex has turned [@noteN] into footnotes
def write_page_notes(markdown, page, config, **kwargs):
    try:
        markdown = notes.fill_note_definitions(markdown, _state["bibliography"], f"docs/{page.file.src_uri}")
    except ValueError as error:
        raise PluginError(str(error)) from error
    return markdown.replace(notes.SITE_URL_TOKEN, config.site_url or "/")


on_page_markdown = CombinedEvent(check_page_citations, write_page_notes)


def on_files(files, config, **kwargs):
    """The BibTeX, RIS and CSL-JSON records, made for this build's site_url (so never committed)."""
    from mkdocs.structure.files import File

    edition = _state["edition"]
    _state["chapter_targets"] = cite_edition.chapter_targets(config.site_url, load_chapters(load_essay()))
    targets = [cite_edition.essay_target(edition, config.site_url)] + _state["chapter_targets"]
    for path, content in cite_edition.download_files(edition, targets).items():
        files.append(File.generated(config, path, content=content))
    return files


def on_post_build(config, **kwargs):
    """Chapter PDFs and the EPUB (see publishing.pdfs_wanted), then a check of every internal link and anchor."""
    site = Path(config.site_dir)
    if _state.get("pdfs"):
        from edition.epub import make_epub
        from edition.pdf import make_pdfs

        try:
            make_pdfs(site, config.site_url)
        except Exception as error:  # any failure must stop the build, naming the chapter
            raise PluginError(f"PDFs: {error}") from error
        try:
            make_epub(site, config.site_url, rights=config.copyright or "")
        except Exception as error:  # names the page or file at fault
            raise PluginError(f"EPUB: {error}") from error
    problems = sitecheck.check_links(site, urlsplit(config.site_url or "/").path or "/", skip_pdfs=not _state.get("pdfs"))
    if problems:
        shown = "\n  ".join(problems[:20])
        raise PluginError(f"the built site has {len(problems)} broken link(s) or anchor(s):\n  {shown}")


def on_page_context(context, page, config, **kwargs):
    """Citation meta tags (Highwire/Google Scholar, Dublin Core), Open Graph and JSON-LD for every page."""
    chapter = page.meta.get("chapter")
    context["edition_head"] = cite_edition.page_head(
        _state["edition"],
        page_url=page.canonical_url or config.site_url,
        page_title=page.title or config.site_name,
        description=page.meta.get("description") or config.site_description or "",
        chapter=_state["chapter_targets"][int(chapter) - 1] if chapter else None,
    )
    return context
