"""Regenerate the pages and regions built from sources/.

    python scripts/generate.py           # rewrite what is outdated
    python scripts/generate.py --check   # exit 1 and print "outdated" if anything would change

The project is the one whose mkdocs.yml is found from the working directory upwards (or given with
--config-file); the pages go into the docs_dir it names.

Files are written only when their content changes, so `mkdocs serve` does not loop on its own
output, and a second run changes nothing. With the pages goes the generation stamp (stamp.py,
docs/.generation-stamp), which lets a build know the pages are current without making them again;
--check reports it too when it is stale or missing, except when it differs only in the environment it
was written in (another Python minor, another library version): the pages are compared in full either
way, so that is a note, and contributors on two Pythons do not overwrite each other's stamp to pass.
The inputs are digested before and after generating; a change meanwhile is refused, nothing written.
A hand edit of a file that holds regions (about.md, index.md, mkdocs.yml), saved after generate read it
and before it writes, is not written over: nothing is written, and generate fails naming the file (sync).
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
from edition.pages import common, notes, revisions, stamp, study, timeline
from edition.pages import glossary as pages_glossary
from edition.pages import senses as pages_senses
from edition.pages.about import contact_paragraph, hosts_table
from edition.pages.regions import comment_style, replace_region
from edition.sources import paths
from edition.sources.facts import short_reference
from edition.sources.glossary import Occurrences, occurrences
from edition.sources.project import Project, load_project


def chapter_steps(project: Project, found: Occurrences | None = None):
    """The pipeline of annotation steps applied to every block of essay text, in order (found: the
    glossary's occurrences(), when the caller has them)."""
    return [
        note_citation_spans,
        annotate_senses.sense_spans_step(project.senses, project.uses),
        annotate_glossary.glossary_spans_step(project.glossary, project.essay, project.chapters, found),
    ]


def generated_regions(project: Project) -> dict[tuple[Path, str], str]:
    """Each generated region inside a hand-written file: (file, region name) -> its text, in the order
    they are filled (regions.replace_region)."""
    docs, short = project.docs_dir, short_reference(project.edition)
    return {
        (docs / "about.md", "hosts"): hosts_table(project.policy),
        (docs / "about.md", "contact"): contact_paragraph(project.contact, short),
        (docs / urls.HOME_SOURCE, "chapters"): chapter_pages.chapter_overview(project.chapters),
        (project.config_file, "chapters"): chapter_pages.nav_entries(project.chapters),
    }


def generated_files(project: Project, hand_written: dict[Path, str] | None = None) -> dict[Path, str]:
    """Every generated file and region: path -> full new content (hand_written: the files that hold
    regions as read_hand_written read them, when the caller has them; else they are read now).

    The pages are final Markdown: only the note citations [@noteN] are left for mkdocs-bibtex, and
    the cite boxes, which print the site's public address, are added by the build (see edition/web/cite.py).
    """
    essay, chapters, bibliography = project.essay, project.chapters, project.bibliography
    found = occurrences(project.glossary, essay)  # every use of every glossary entry: one pass, for every page
    steps = chapter_steps(project, found)
    essay_stem = urls.essay_stem(project.edition)
    short = short_reference(project.edition)  # "Twiss 2016"
    docs = project.docs_dir
    outputs: dict[Path, str] = {}
    for chapter in chapters:
        outputs[docs / urls.chapter_source(chapter.slug)] = chapter_pages.chapter_page(
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
                        chapter, chapters, essay, project.glossary, project.events, project.senses, project.uses, project.questions,
                        found,
                    ),
                ]
            ),
            pdf_stem=essay_stem,
            edition=project.edition,
        )
    outputs[docs / urls.GLOSSARY_SOURCE] = pages_glossary.glossary_page(
        project.glossary,
        essay,
        chapters,
        common.GENERATED_NOTICE,
        common.front_matter(title="Glossary", description=f"Terms, institutions, events and people in {short}, explained for newcomers."),
        project.contact,
        found,
    )
    outputs[docs / urls.TIMELINE_SOURCE] = timeline.timeline_page(
        project.events,
        chapters,
        common.GENERATED_NOTICE,
        common.front_matter(title="Timeline", description=f"The dated events that {short} mentions, {timeline.span(project.events)}."),
        project.contact,
    )
    outputs[docs / urls.REVISIONS_SOURCE] = revisions.revisions_page(
        project.revisions,
        common.GENERATED_NOTICE,
        common.front_matter(title="Revisions", description=f"Every correction to the annotated edition of {short}, by version."),
    )
    outputs[docs / urls.SENSES_SOURCE] = pages_senses.senses_page(
        chapters,
        project.senses,
        project.uses,
        essay,
        common.GENERATED_NOTICE,
        common.front_matter(title="Senses of “bureaucracy”", description="How Trotsky’s meaning of “bureaucracy” shifted, use by use."),
        project.senses_preface,
    )
    for note in bibliography.notes.values():
        outputs[docs / urls.note_source(note.number)] = notes.note_page(note, essay, chapters, project.edition, project.notes_total)
    outputs[docs / "notes" / "index.md"] = notes.notes_index(bibliography, essay, chapters, short)
    outputs[docs / "works-cited.md"] = notes.works_cited(bibliography, short)
    regions = generated_regions(project)
    return fill_regions(outputs, regions, read_hand_written(regions) if hand_written is None else hand_written)


def read_hand_written(regions: dict[tuple[Path, str], str]) -> dict[Path, str]:
    """Each hand-written file that holds regions (about.md, index.md, mkdocs.yml), as it is now. The one
    place the generator reads one (tests/test_stamp.py checks it): the stamp digests the regions alone,
    so the text around them must reach no page. sync writes nothing unless each still holds this text,
    so an edit saved after this read and before sync compares is not written over."""
    texts: dict[Path, str] = {}
    for path, _name in regions:
        if path not in texts:
            texts[path] = path.read_text(encoding="utf-8")
    return texts


def fill_regions(outputs: dict[Path, str], regions: dict[tuple[Path, str], str], hand_written: dict[Path, str]) -> dict[Path, str]:
    """The outputs with each region's file added: its text as read (hand_written, or the output already
    made for it), with only its regions replaced."""
    for (path, name), text in regions.items():
        current = outputs[path] if path in outputs else hand_written[path]
        outputs[path] = replace_region(current, name, text, path, comment=comment_style(path))
    return outputs


def orphans(outputs: dict[Path, str]) -> list[Path]:
    """Generated pages that are no longer produced: a renamed chapter's old page, a removed note's.

    A generated page says so (common.GENERATED_NOTICE). The folders searched are those the
    generator writes generated pages into (not their subfolders), so a page by hand is never one.
    """
    folders = {path.parent for path, content in outputs.items() if common.GENERATED_NOTICE in content}
    found = []
    for folder in sorted(folders):
        for path in sorted(folder.glob("*.md")):
            if path not in outputs and common.GENERATED_NOTICE in path.read_text(encoding="utf-8"):
                found.append(path)
    return found


def committed_pages_are_current(project: Project) -> bool:
    """Whether the committed pages are exactly what generated_files would make, known without making
    them: the generation stamp matches every input and output (stamp.py), and no orphan is left."""
    committed = stamp.committed_outputs(project)
    return committed is not None and not orphans(committed)


def with_stamp(project: Project, inputs: list[str], outputs: dict[Path, str]) -> dict[Path, str]:
    """The outputs and the generation stamp that records them and the inputs they were made from
    (stamp.input_lines), written and checked like a page."""
    return {**outputs, stamp.stamp_path(project): stamp.stamp_text(project, inputs, outputs, generated_regions(project))}


CHANGED_WHILE_RUNNING = "changed while generate ran; run it again"


def inputs_now(root: Path, docs_dir: Path, config_file: Path) -> tuple[list[str] | None, str]:
    """The stamp's input lines as the files are now, or None and the file that could not be read
    (before load_project, which then names it; after it, generation names it)."""
    try:
        return stamp.input_lines(root, docs_dir, config_file, stamp.running_package()), ""
    except OSError as error:
        return None, str(error.filename or error)


def generation(root: Path, docs_dir: Path, config_file: Path) -> tuple[Project, dict[Path, str], dict[Path, str]]:
    """The project, every generated file with the stamp (last), and the hand-written files that hold
    regions as they were read (read_hand_written, for sync), made from inputs that did not change while
    they were read: digested before load_project and again after the pages are made, and refused
    (SourceError, nothing written) if they differ, so the stamp never records bytes the pages were not
    made from (a file saved by an editor, a git checkout meanwhile)."""
    before, _ = inputs_now(root, docs_dir, config_file)
    project = load_project(root, docs_dir, config_file)
    hand_written = read_hand_written(generated_regions(project))
    outputs = generated_files(project, hand_written)
    after, unreadable = inputs_now(root, docs_dir, config_file)
    if before is None or after != before:
        if after is None:  # removed or unreadable meanwhile: that file, not every input
            changed = [f"{unreadable}, which cannot be read now"]
        else:
            changed = sorted({line.split("  ", 1)[-1] for line in set(before or []) ^ set(after)})
        raise SourceError(root, f"a source or the generator {CHANGED_WHILE_RUNNING} ({', '.join(changed) or 'a file was missing'})")
    return project, with_stamp(project, before, outputs), hand_written


def environment_note(project: Project, outputs: dict[Path, str]) -> list[str] | None:
    """When the committed stamp differs from the one made now only in its [environment] (another
    Python or library version), how; else None."""
    path = stamp.stamp_path(project)
    try:
        recorded = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return stamp.environment_change(recorded, outputs[path]) or None


def hand_edits(hand_written: dict[Path, str]) -> list[Path]:
    """The hand-written files that hold regions whose text on disk is no longer the text their regions
    were filled from (hand_written, from generation): saved by hand since generate read them, or removed
    or made unreadable meanwhile (a git checkout, a stash), which is refused as a change, not a traceback."""
    def now(path: Path) -> str | None:
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    return [path for path, text in hand_written.items() if now(path) != text]


def sync(outputs: dict[Path, str], check: bool, hand_written: dict[Path, str] | None = None) -> list[Path]:
    """Write (or, with check, only list) the files whose content differs, in order, and delete (or list)
    the generated pages that are no longer produced (see orphans).

    Before anything is written, each hand-written file that holds regions (hand_written, from generation)
    is compared with the disk, once: one saved, removed or made unreadable meanwhile is refused (SourceError
    naming every such file) and nothing is written, so no page is left newer than its stamp. A save made
    after this comparison, while the files are being written, is written over."""
    if not check and hand_written and (edited := hand_edits(hand_written)):
        raise SourceError(", ".join(map(str, edited)), CHANGED_WHILE_RUNNING)
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
    for path in orphans(outputs):
        stale.append(path)
        if not check:
            path.unlink()
    return stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if anything is outdated")
    parser.add_argument("-f", "--config-file", help="the project's mkdocs.yml (default: found from the working directory upwards)")
    args = parser.parse_args(argv)
    try:
        config_file = paths.find_config(args.config_file)
        root = config_file.parent
        project, outputs, hand_written = generation(root, paths.docs_dir(config_file), config_file)
        stale = sync(outputs, check=args.check, hand_written=hand_written)
    except SourceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.check and stamp.stamp_path(project) in stale and (change := environment_note(project, outputs)):
        # The pages were compared in full above: a stamp written under another Python or library version
        # only makes builds here compare in full too, so --check passes and says so.
        stale.remove(stamp.stamp_path(project))
        print(f"note: the generation stamp was written in another environment ({', '.join(change)}); "
              "the pages were compared in full")
    for path in stale:
        done = "updated" if path.exists() else "deleted (no longer generated)"
        print(f"{'outdated' if args.check else done}: {path.relative_to(root) if path.is_relative_to(root) else path}")
    if args.check and stale:
        print("outdated: run `./run generate`")
        return 1
    if not stale:
        print("up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
