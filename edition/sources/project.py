"""The whole project as one checked model: every source read and cross-checked once.

The build keeps one Project (the hooks load it in on_config) and hands it to the generator, the
citation code and the PDFs, so no source is read twice in a build and every check runs before any
page is written. A bad source raises SourceError naming its file and line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from edition.sources import paths, revisions
from edition.sources.bibliography import Bibliography, check_note_numbers, load_bibliography
from edition.sources.chapters import Chapter, load_chapters
from edition.sources.essay import Essay, check_markers, load_essay
from edition.sources.facts import check_contact, load_edition
from edition.sources.glossary import Entry, load_glossary
from edition.sources.policy import Host, annotation_yaml, check_every_url, load_policy
from edition.sources.questions import Question, load_questions
from edition.sources.senses import Preface, Sense, Use, load_preface, load_senses, load_uses
from edition.sources.timeline import Event, load_timeline


@dataclass(frozen=True)
class Project:
    root: Path
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


def _under(root: Path, path: Path) -> Path:
    """The same project file in another checkout (tests load a copy of the project)."""
    return root / path.relative_to(paths.ROOT)


def load_project(root: Path = paths.ROOT) -> Project:
    essay_path = _under(root, paths.ESSAY)
    essay = load_essay(essay_path)
    notes_total = check_markers(essay, essay_path)
    policy = load_policy(_under(root, paths.SOURCE_POLICY))
    bibliography_path = _under(root, paths.BIBLIOGRAPHY)
    # One source policy for everything the edition cites: the YAML and footnotes.bib, comments included.
    check_every_url([*annotation_yaml(_under(root, paths.SOURCES)), bibliography_path], policy)
    bibliography = load_bibliography(bibliography_path, policy)
    check_note_numbers(bibliography, notes_total, bibliography_path)
    edition_path = _under(root, paths.EDITION)
    edition = load_edition(edition_path)
    contact = check_contact(str(edition["edition"].get("contact") or ""), str(edition_path))
    revisions_path = _under(root, paths.REVISIONS)
    revision_log = revisions.load_revisions(revisions_path)
    revisions.check_version(revision_log, str(edition["edition"]["version"]), revisions_path)
    senses = load_senses(_under(root, paths.SENSES))
    chapters = load_chapters(essay, _under(root, paths.CHAPTERS))
    return Project(
        root=root,
        essay=essay,
        notes_total=notes_total,
        chapters=chapters,
        bibliography=bibliography,
        edition=edition,
        contact=contact,
        policy=policy,
        revisions=revision_log,
        senses=senses,
        senses_preface=load_preface(essay, _under(root, paths.SENSES), policy),
        uses=load_uses(essay, senses, _under(root, paths.SENSE_USES)),
        glossary=load_glossary(essay, _under(root, paths.GLOSSARY), policy),
        events=load_timeline(essay, _under(root, paths.TIMELINE), policy),
        questions=load_questions(essay, chapters, _under(root, paths.QUESTIONS)),
    )
