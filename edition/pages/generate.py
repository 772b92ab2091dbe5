"""Regenerate the pages and regions built from sources/.

    python scripts/generate.py           # rewrite what is outdated
    python scripts/generate.py --check   # exit 1 and print "outdated" if anything would change

Files are written only when their content changes, so `mkdocs serve` does not loop on its own
output, and a second run changes nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from edition import urls
from edition.annotate import glossary as annotate_glossary
from edition.annotate import senses as annotate_senses
from edition.annotate.notes import note_citation_spans
from edition.errors import SourceError
from edition.pages import chapter as chapter_pages
from edition.pages import common, notes, revisions, study, timeline
from edition.pages import glossary as pages_glossary
from edition.pages import senses as pages_senses
from edition.pages.about import contact_paragraph, hosts_table
from edition.pages.regions import replace_region
from edition.sources import paths
from edition.sources.facts import short_reference
from edition.sources.project import Project, load_project

DOCS = paths.DOCS


def chapter_steps(project: Project):
    """The pipeline of annotation steps applied to every block of essay text, in order."""
    return [
        note_citation_spans,
        annotate_senses.sense_spans_step(project.senses, project.uses),
        annotate_glossary.glossary_spans_step(project.glossary, project.essay, project.chapters),
    ]


def generated_files(project: Project) -> dict[Path, str]:
    """Every generated file and region: path -> full new content.

    The pages are final Markdown: only the note citations [@noteN] are left for mkdocs-bibtex, and
    the cite boxes, which print the site's public address, are added by the build (see edition/web/cite.py).
    """
    essay, chapters, bibliography = project.essay, project.chapters, project.bibliography
    steps = chapter_steps(project)
    essay_stem = urls.essay_stem(project.edition)
    short = short_reference(project.edition)  # "Twiss 2016"
    outputs: dict[Path, str] = {}
    for chapter in chapters:
        outputs[DOCS / urls.chapter_source(chapter.slug)] = chapter_pages.chapter_page(
            chapter,
            chapters,
            essay,
            steps,
            opening=timeline.period_bar(chapter, chapters, project.events),
            notes=notes.chapter_notes(chapter, essay, bibliography),
            closing="\n\n".join(
                [
                    pages_senses.chapter_senses_section(chapter, chapters, project.senses, project.uses, essay),
                    study.study_sheet(
                        chapter, chapters, essay, project.glossary, project.events, project.senses, project.uses, project.questions
                    ),
                ]
            ),
            pdf_stem=essay_stem,
        )
    outputs[DOCS / urls.GLOSSARY_SOURCE] = pages_glossary.glossary_page(
        project.glossary,
        essay,
        chapters,
        common.GENERATED_NOTICE,
        common.front_matter(title="Glossary", description=f"Terms, institutions, events and people in {short}, explained for newcomers."),
        project.contact,
    )
    outputs[DOCS / urls.TIMELINE_SOURCE] = timeline.timeline_page(
        project.events,
        chapters,
        common.GENERATED_NOTICE,
        common.front_matter(title="Timeline", description=f"The dated events that {short} mentions, {timeline.span(project.events)}."),
        project.contact,
    )
    outputs[DOCS / urls.REVISIONS_SOURCE] = revisions.revisions_page(
        project.revisions,
        common.GENERATED_NOTICE,
        common.front_matter(title="Revisions", description=f"Every correction to the annotated edition of {short}, by version."),
    )
    outputs[DOCS / urls.SENSES_SOURCE] = pages_senses.senses_page(
        chapters,
        project.senses,
        project.uses,
        essay,
        common.GENERATED_NOTICE,
        common.front_matter(title="Senses of “bureaucracy”", description="How Trotsky’s meaning of “bureaucracy” shifted, use by use."),
        project.senses_preface,
    )
    for note in bibliography.notes.values():
        outputs[DOCS / urls.note_source(note.number)] = notes.note_page(note, essay, chapters, project.edition, project.notes_total)
    outputs[DOCS / "notes" / "index.md"] = notes.notes_index(bibliography, essay, chapters, short)
    outputs[DOCS / "works-cited.md"] = notes.works_cited(bibliography, short)

    about = DOCS / "about.md"
    principles = replace_region(about.read_text(encoding="utf-8"), "hosts", hosts_table(project.policy), about)
    outputs[about] = replace_region(principles, "contact", contact_paragraph(project.contact, short), about)

    index = DOCS / urls.HOME_SOURCE
    outputs[index] = replace_region(index.read_text(encoding="utf-8"), "chapters", chapter_pages.chapter_overview(chapters), index)
    config = paths.CONFIG
    outputs[config] = replace_region(
        config.read_text(encoding="utf-8"), "chapters", chapter_pages.nav_entries(chapters), config, comment="#"
    )
    return outputs


def sync(outputs: dict[Path, str], check: bool) -> list[Path]:
    """Write (or, with check, only list) the files whose content differs."""
    stale = []
    for path, content in outputs.items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != content:
            stale.append(path)
            if not check:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(path.suffix + ".tmp")
                tmp.write_text(content, encoding="utf-8")
                tmp.replace(path)
    return stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if anything is outdated")
    args = parser.parse_args(argv)
    try:
        stale = sync(generated_files(load_project()), check=args.check)
    except SourceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for path in stale:
        print(f"{'outdated' if args.check else 'updated'}: {path.relative_to(paths.ROOT)}")
    if args.check and stale:
        print("outdated: run `./run generate`")
        return 1
    if not stale:
        print("up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
