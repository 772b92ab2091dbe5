"""The whole project as one checked model: every source read and cross-checked once.

The build keeps one Project (the hooks load it in on_config) and hands it to the generator, the
citation code and the PDFs, so no source is read twice in a build and every check runs before any
page is written. A bad source raises SourceError naming its file and line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from edition.sources import paths, revisions
from edition.sources.bibliography import Bibliography, check_essay_paragraphs, check_note_numbers, load_bibliography
from edition.sources.chapters import Chapter, load_chapters
from edition.sources.essay import Essay, check_markers, load_essay
from edition.sources.facts import check_contact, load_edition
from edition.sources.glossary import Entry, load_glossary
from edition.sources.policy import Host, annotation_yaml, check_every_url, load_policy
from edition.sources.questions import Question, load_questions
from edition.sources.senses import Preface, Sense, Use, load_preface, load_senses, load_uses
from edition.sources.timeline import Event, load_timeline
from edition.sources.yamlfile import require_file

# Every file a project must have (a missing one is named, never a traceback).
REQUIRED = (
    paths.ESSAY, paths.BIBLIOGRAPHY, paths.EDITION, paths.SOURCE_POLICY, paths.REVISIONS, paths.SENSES,
    paths.CHAPTERS, paths.PUBLIC_URLS, paths.SENSE_USES, paths.GLOSSARY, paths.TIMELINE, paths.QUESTIONS,
)


@dataclass(frozen=True)
class Project:
    root: Path  # the folder of mkdocs.yml: every source is read from under it
    docs_dir: Path  # where the generated pages go (MkDocs' docs_dir)
    config_file: Path  # mkdocs.yml (its nav lists the chapters)
    essay: Essay
    notes_total: int  # how many note markers the essay has (and so how many notes)
    chapters: list[Chapter]
    bibliography: Bibliography
    edition: dict  # sources/edition.yml, checked
    contact: str  # where readers send corrections, or "" (edition.contact)
    policy: dict[str, Host]
    revisions: list[revisions.Revision]
    senses: dict[str, Sense]
    senses_preface: Preface  # the Senses page's introduction and the source of the stages
    uses: list[Use]
    glossary: list[Entry]
    events: list[Event]
    questions: dict[str, tuple[Question, ...]]  # the editors' questions for discussion, by chapter slug

    @property
    def version(self) -> str:
        return str(self.edition["edition"]["version"])


def load_project(root: Path, docs_dir: Path | None = None, config_file: Path | None = None) -> Project:
    """Every source of the project at root (the folder of its mkdocs.yml), read and cross-checked.

    docs_dir and config_file default to docs/ and mkdocs.yml under root; the build passes the ones
    MkDocs loaded.
    """
    root = Path(root)
    for path in REQUIRED:
        require_file(root / path)
    essay_path = root / paths.ESSAY
    essay = load_essay(essay_path)
    notes_total = check_markers(essay, essay_path)
    policy = load_policy(root / paths.SOURCE_POLICY)
    bibliography_path = root / paths.BIBLIOGRAPHY
    # One source policy for everything the edition cites: the YAML and footnotes.bib, comments included.
    check_every_url([*annotation_yaml(root / paths.SOURCES), bibliography_path], policy)
    bibliography = load_bibliography(bibliography_path, policy)
    check_note_numbers(bibliography, notes_total, bibliography_path)
    edition_path = root / paths.EDITION
    edition = load_edition(edition_path)
    check_essay_paragraphs(bibliography, str(edition["essay"]["url"]), len(essay.paragraphs), bibliography_path)
    contact = check_contact(str(edition["edition"].get("contact") or ""), str(edition_path))
    revisions_path = root / paths.REVISIONS
    revision_log = revisions.load_revisions(revisions_path)
    revisions.check_version(revision_log, str(edition["edition"]["version"]), revisions_path)
    senses = load_senses(root / paths.SENSES, len(essay.paragraphs))
    chapters = load_chapters(essay, root / paths.CHAPTERS, root / paths.PUBLIC_URLS)
    return Project(
        root=root,
        docs_dir=Path(docs_dir) if docs_dir is not None else root / paths.DOCS,
        config_file=Path(config_file) if config_file is not None else root / paths.CONFIG,
        essay=essay,
        notes_total=notes_total,
        chapters=chapters,
        bibliography=bibliography,
        edition=edition,
        contact=contact,
        policy=policy,
        revisions=revision_log,
        senses=senses,
        senses_preface=load_preface(essay, root / paths.SENSES, policy),
        uses=load_uses(essay, senses, root / paths.SENSE_USES),
        glossary=load_glossary(essay, root / paths.GLOSSARY, policy),
        events=load_timeline(essay, root / paths.TIMELINE, policy),
        questions=load_questions(essay, chapters, root / paths.QUESTIONS),
    )
