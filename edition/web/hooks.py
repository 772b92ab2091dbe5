"""MkDocs hooks: thin glue between MkDocs and the plain functions of the edition package.

mkdocs.yml loads the one-line hooks.py at the repository root, which imports these (so there is one
module object, the one the tests import).

Everything is located from the config MkDocs loaded: the project is the folder of its mkdocs.yml
(`config.config_file_path`), the pages come from its `docs_dir` and go to its `site_dir`, and the
preview images' cache sits beside it (`.cache/edition/previews/`). Nothing is found from where this
package is installed, so a non-editable install, or one virtual environment shared by two checkouts,
builds the checkout whose mkdocs.yml MkDocs was given.

Each hook only calls into a module that does one job.
"""

from __future__ import annotations

import logging
import os
import subprocess
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority

from edition import urls
from edition.errors import SourceError
from edition.pages import notes
from edition.sources.project import Project, load_project
from edition.web import cite as cite_edition
from edition.web import embed, oembed, postbuild, publishing
from edition.web.cache import PreviewCache
from edition.web.previews import cards as card_data

_state: dict = {}
# Not the 'mkdocs' logger, so --strict does not turn a reminder into a failure.
_log = logging.getLogger("edition")


def _project() -> Project:
    return _state["project"]


def project_root(config) -> Path:
    """The project: the folder of the mkdocs.yml MkDocs loaded."""
    return Path(config.config_file_path).resolve().parent


def default_source_date_epoch(root: Path, environ=os.environ) -> None:
    """A plain `mkdocs build` dates the site, PDFs and EPUB by the last commit, as ./run does, unless
    SOURCE_DATE_EPOCH is set; outside a git checkout the date stays the build's."""
    if environ.get("SOURCE_DATE_EPOCH", "").strip():
        return
    try:
        last = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return
    if last.returncode == 0 and last.stdout.strip().isdigit():
        environ["SOURCE_DATE_EPOCH"] = last.stdout.strip()


@event_priority(100)  # before mkdocs-bibtex reads footnotes.bib, so a bad entry is reported by file and line
def on_config(config, **kwargs):
    """Load and cross-check every source of the project of this mkdocs.yml once (load_project); the
    build then uses that model."""
    root = project_root(config)
    default_source_date_epoch(root)
    try:
        project = load_project(root, Path(config.docs_dir), Path(config.config_file_path))
    except SourceError as error:
        raise PluginError(str(error)) from error
    _state["project"] = project
    _state["previews"] = {card.name: card for card in card_data.cards(project)}
    _state["preview_cache"] = postbuild.preview_cache(root)
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
        _log.warning("WARNING -  Not for publishing: %s", problem)
    start_preview_images(project)  # last: a config refused above starts no worker
    return config


def on_startup(command, **kwargs):
    _state["command"] = command


def on_pre_build(config, **kwargs):
    """Fail early if the committed pages are outdated; under `mkdocs serve`, make them in memory instead.

    A published build is exactly what is committed. When the generation stamp that `./run generate`
    wrote matches every input and output (edition/pages/stamp.py: a few milliseconds), the pages are
    current and nothing is generated; otherwise they are made again and compared in full. Under
    `mkdocs serve` an edit of sources/ shows at once, from pages made in memory (on_files): nothing is
    written into the watched docs_dir, so an edit costs one rebuild, and a line says which committed
    files are stale until `./run generate`.
    """
    from edition.pages import generate

    _state["generated"] = {}
    if generate.committed_pages_are_current(_project()):
        return
    outputs = generate.generated_files(_project())
    serving = _state.get("command") == "serve"
    stale = generate.sync(outputs, check=True)
    root = _project().root

    def named(found):
        return ", ".join(str(p.relative_to(root)) if p.is_relative_to(root) else str(p) for p in found)

    names = named(stale)
    if not stale:  # current pages, but a stamp that does not say so: every build makes them again
        _log.warning("WARNING -  The generation stamp (%s) is stale or missing, so the pages were made again to compare: "
                     "run `./run generate` to refresh it", named([generate.stamp.stamp_path(_project())]))
    if stale and not serving:
        raise PluginError(f"generated pages are outdated ({names}): run `./run generate`")
    # Orphans (generated pages no longer produced, e.g. a removed note's) are stale but have no content
    # to serve: only the pages still produced are served from memory; the orphans are named.
    _state["generated"] = {path: outputs[path] for path in stale if path in outputs} if serving else {}
    changed = [path for path in stale if path in outputs]
    leftovers = [path for path in stale if path not in outputs]
    if changed:
        _log.warning("WARNING -  Served from memory, stale on disk until `./run generate`: %s", named(changed))
    if leftovers:
        _log.warning("WARNING -  Generated pages no longer produced (delete them with `./run generate`): %s", named(leftovers))


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


def add_embed_snippet(markdown, page, config, **kwargs):
    """The one-line snippet for other sites, with the site's public address (docs/link-to-a-note.md)."""
    try:
        return embed.insert_snippet(markdown, config.site_url or "/", f"docs/{page.file.src_uri}")
    except ValueError as error:
        raise PluginError(str(error)) from error


on_page_markdown = CombinedEvent(check_page_citations, add_cite_box, add_embed_snippet)


def on_files(files, config, **kwargs):
    """The BibTeX, RIS and CSL-JSON records, made for this build's site_url (so never committed); under
    `mkdocs serve`, the generated pages whose committed copy is stale, from memory (on_pre_build)."""
    from mkdocs.structure.files import File

    docs = Path(config.docs_dir)
    for path, content in _state.get("generated", {}).items():
        if not path.is_relative_to(docs):
            continue  # mkdocs.yml's nav: the served nav stays the committed one until `./run generate`
        src_uri = path.relative_to(docs).as_posix()
        file = files.get_file_from_path(src_uri)
        if file is None:
            files.append(File.generated(config, src_uri, content=content))
        else:
            file.content_string = content  # MkDocs 1.6: the file is served from memory
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


def start_preview_images(project: Project) -> None:
    """Begin this build's preview images as soon as their cards are known: in a build MkDocs runs
    (on_startup named its command), the ones the cache lacks are drawn in a worker process while
    MkDocs renders the pages (edition.web.previews.job); hooks called by themselves (tests, tools)
    draw them in process. on_post_build collects them. A job left by an earlier build is ended first."""
    end_preview_images()
    _state["preview_job"] = postbuild.start_preview_images(
        list(_previews().values()), project.docs_dir / card_data.FONT_DIR, _state["preview_cache"],
        in_worker=_state.get("command") is not None)


def end_preview_images() -> None:
    """End this build's preview job, and its worker if one is still drawing: a build that fails, or
    `mkdocs serve` stopping, leaves no process behind."""
    job = _state.pop("preview_job", None)
    if job is not None:
        job.close()


def write_preview_images(site: Path, cards: list, font_dir: Path, cache: PreviewCache) -> None:
    """The link-preview images (preview/*.png), each from the cache unless its inputs changed (postbuild)."""
    try:
        postbuild.write_preview_images(site, cards, font_dir, cache)
    except postbuild.PostBuildError as error:
        raise PluginError(str(error)) from error


def on_post_build(config, **kwargs):
    """The link-preview images (begun in on_config); chapter PDFs and the EPUB (see publishing.pdfs_wanted);
    then a check of every internal link and anchor, and of every page's preview image (edition.web.postbuild,
    which `python -m edition.web.postbuild site/` also runs, without MkDocs)."""
    cache = _state.get("preview_cache") or postbuild.preview_cache(project_root(config))
    try:
        postbuild.post_build(Path(config.site_dir), _project(), config.site_url, bool(_state.get("pdfs")), cache,
                             rights=config.copyright or "", previews=_state.get("preview_job"))
    except postbuild.PostBuildError as error:
        raise PluginError(str(error)) from error
    finally:
        end_preview_images()


def on_build_error(error, **kwargs):
    """A build that fails ends its preview images' worker with it."""
    end_preview_images()


def on_shutdown(**kwargs):
    """`mkdocs serve` stopping ends any worker still drawing."""
    end_preview_images()


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
    """Citation meta tags (Highwire/Google Scholar, Dublin Core; a chapter's PDF), Open Graph with the
    page's preview image, and JSON-LD for every page; a note's or chapter's oEmbed record."""
    chapter = page.meta.get("chapter")
    project = _project()
    title = cite_edition.preview_title(project.edition, project.chapters, page.meta, page.title or config.site_name)
    head = cite_edition.page_head(
        project.edition,
        page_url=page.canonical_url or config.site_url,
        page_title=title,
        description=page.meta.get("description") or config.site_description or "",
        chapter=_state["chapter_targets"][int(chapter) - 1] if chapter else None,
        image=preview_image(page.meta, config.site_url),
        pdf_url=urls.absolute(config.site_url or "/", urls.pdf(project.chapters[int(chapter) - 1].slug, urls.PAPER_SIZES[0])) if chapter else "",
    )
    record = oembed.page_record(page.meta, project.chapters)
    if record:
        head += "\n" + oembed.discovery_link(urls.absolute(config.site_url or "/", record), title)
    context["edition_head"] = head
    return context
