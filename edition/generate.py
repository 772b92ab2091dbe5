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

from edition import cite_edition, glossary, notes, pages, revisions, senses, timeline
from edition.bibliography import Bibliography, check_note_numbers, load_bibliography
from edition.chapters import load_chapters
from edition.errors import SourceError
from edition.essay import ROOT, load_essay
from edition.feedback import check_contact, contact_paragraph
from edition.notes_markers import check_markers, note_citation_spans
from edition.regions import replace_region
from edition.source_policy import annotation_yaml, check_every_url, hosts_table, load_policy

DOCS = ROOT / "docs"


def chapter_steps(essay, chapters, sense_list, uses, glossary_entries):
    """The pipeline of annotation steps applied to every block of essay text, in order."""
    return [
        note_citation_spans,
        senses.sense_spans_step(sense_list, uses),
        glossary.glossary_spans_step(glossary_entries, essay, chapters),
    ]


def generated_files(bibliography: Bibliography | None = None) -> dict[Path, str]:
    """Every generated file and region: path -> full new content.

    The build passes the footnotes.bib it has already parsed, so the file is not read twice.
    """
    essay = load_essay()
    markers = check_markers(essay)
    chapters = load_chapters(essay)
    bibliography = bibliography or load_bibliography()
    check_note_numbers(bibliography, markers)
    edition = cite_edition.load_edition()
    contact = check_contact(str(edition["edition"].get("contact") or ""), str(cite_edition.EDITION_PATH))
    policy = load_policy()
    check_every_url(annotation_yaml(), policy)
    revision_log = revisions.load_revisions()
    revisions.check_version(revision_log, str(edition["edition"]["version"]))
    sense_list = senses.load_senses()
    uses = senses.load_uses(essay, sense_list)
    glossary_entries = glossary.load_glossary(essay)
    events = timeline.load_timeline(essay)
    steps = chapter_steps(essay, chapters, sense_list, uses, glossary_entries)
    outputs: dict[Path, str] = {}
    for chapter in chapters:
        target = cite_edition.chapter_target(chapter, notes.SITE_URL_TOKEN)
        closing = "\n\n".join(
            part
            for part in (
                senses.chapter_senses_section(chapter, chapters, sense_list, uses, essay),
                cite_edition.cite_box_markdown(edition, target, "cite/"),
            )
            if part
        )
        opening = timeline.period_bar(chapter, chapters, events)
        outputs[DOCS / f"{chapter.slug}.md"] = pages.chapter_page(
            chapter, chapters, essay, steps, opening=opening, closing=closing
        )
    outputs[DOCS / "glossary.md"] = glossary.glossary_page(
        glossary_entries,
        essay,
        chapters,
        pages.GENERATED_NOTICE,
        pages.front_matter(title="Glossary", description="Terms, institutions, events and people in Twiss 2016, explained for newcomers."),
        contact,
    )
    outputs[DOCS / "timeline.md"] = timeline.timeline_page(
        events,
        chapters,
        pages.GENERATED_NOTICE,
        pages.front_matter(title="Timeline", description="The dated events that Twiss 2016 mentions, 1917–2016."),
        contact,
    )
    outputs[DOCS / "revisions.md"] = revisions.revisions_page(
        revision_log,
        pages.GENERATED_NOTICE,
        pages.front_matter(title="Revisions", description="Every correction to the annotated edition of Twiss 2016, by version."),
    )
    outputs[DOCS / "senses.md"] = senses.senses_page(
        chapters,
        sense_list,
        uses,
        essay,
        pages.GENERATED_NOTICE,
        pages.front_matter(title="Senses of “bureaucracy”", description="How Trotsky’s meaning of “bureaucracy” shifted, use by use."),
    )
    for note in bibliography.notes.values():
        outputs[DOCS / "notes" / f"{note.number}.md"] = notes.note_page(note, essay, chapters, edition, markers)
    outputs[DOCS / "notes" / "index.md"] = notes.notes_index(bibliography, essay, chapters)
    outputs[DOCS / "works-cited.md"] = notes.works_cited(bibliography)

    about = DOCS / "about.md"
    principles = replace_region(about.read_text(encoding="utf-8"), "hosts", hosts_table(policy), about)
    outputs[about] = replace_region(principles, "contact", contact_paragraph(contact), about)

    index = DOCS / "index.md"
    landing = replace_region(index.read_text(encoding="utf-8"), "chapters", pages.chapter_overview(chapters), index)
    essay_box = cite_edition.cite_box_markdown(edition, cite_edition.essay_target(edition, notes.SITE_URL_TOKEN), "cite/")
    outputs[index] = replace_region(landing, "cite", essay_box, index)
    config = ROOT / "mkdocs.yml"
    outputs[config] = replace_region(
        config.read_text(encoding="utf-8"), "chapters", pages.nav_entries(chapters), config, comment="#"
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
        stale = sync(generated_files(), check=args.check)
    except SourceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for path in stale:
        print(f"{'outdated' if args.check else 'updated'}: {path.relative_to(ROOT)}")
    if args.check and stale:
        print("outdated: run `./run generate`")
        return 1
    if not stale:
        print("up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
