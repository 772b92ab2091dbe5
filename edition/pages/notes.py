"""The essay's notes as readers meet them: in the chapter, on the Notes page, on a page of their own.

The essay published its note markers without the notes' texts, so every note here says what the
editors found and how sure they are (its provenance), and never more than the evidence shows.
"""

from __future__ import annotations

import re

from edition import urls
from edition.annotate.markup import escape_html_text as esc
from edition.pages.chicago import bibliography_form, note_form
from edition.pages.common import GENERATED_NOTICE, feedback_link, front_matter, seen_html
from edition.pages.templating import Markup, render_template
from edition.sources.bibliography import ESSAY_PARAGRAPH, STATUSES, Bibliography, Evidence, Note, Work, note_key
from edition.sources.chapters import Chapter, chapter_of
from edition.sources.essay import NOTE_MARKER, Essay, annotated_sentence, without_note_markers
from edition.sources.facts import short_reference
from edition.sources.latex import ITALIC_END, ITALIC_START


def status_badge(note: Note) -> str:
    return f'<span class="note-status" data-status="{note.status}">{esc(note.status_label)}</span>'


NOT_IDENTIFIED = "Source not identified by this edition"


def has_candidates(note: Note) -> bool:
    """An unidentified note whose works are candidates only: never to be shown as Twiss's citation."""
    return note.status == "unidentified" and bool(note.works)


def candidates_label(note: Note) -> str:
    return "Candidate" if len(note.works) == 1 else "Candidates"


def citation_html(note: Note) -> str:
    """The citation proper: the works in Chicago note form and the locator, or what the essay says.

    An unidentified note says so first; a work it names is a candidate, and is called one.
    """
    if not note.works:
        return f"{NOT_IDENTIFIED}. {esc(note.essay_says)}"
    if has_candidates(note):
        return f"{NOT_IDENTIFIED}. {candidates_label(note)}: " + "; ".join(note_form(work) for work in note.works) + "."
    citation = "; ".join(note_form(work) for work in note.works)
    if note.locator:
        citation += f", {esc(note.locator)}"
    return citation + "."


def note_definition(note: Note) -> str:
    """The footnote's text on a chapter page (one line of Markdown)."""
    return (
        f"{citation_html(note)} {status_badge(note)} "
        f'<span class="note-more ed">[Sources and evidence for note {note.number}]({urls.note_source(note.number)})</span>'
    )


def chapter_notes(chapter: Chapter, essay: Essay, bibliography: Bibliography) -> str:
    """The chapter's footnote definitions, in marker order, and where the footnotes go.

    The essay's markers became citations [@noteN] that mkdocs-bibtex rewrites to [^noteN]; the
    definitions are ours (with bib_by_default off the plugin leaves them alone). The footnotes
    extension puts the list at PLACE_MARKER, so the notes follow the essay's text directly, under a
    heading "Notes" (#notes) that a screen reader can jump to; the PDF and the EPUB, which set the
    notes in their own way, leave the heading out (class notes-heading).
    """
    numbers = [n for n, p in essay.note_markers() if chapter.first <= p <= chapter.last]
    if not numbers:
        return ""
    definitions = "\n".join(f"[^{note_key(n)}]: {note_definition(bibliography.notes[n])}" for n in numbers)
    return f"{definitions}\n\n{NOTES_HEADING}\n\n{FOOTNOTES_PLACE}"


NOTES_HEADING = "## Notes { #notes .notes-heading }"


def search_number(number: int) -> str:
    """The note's number as words for the search index only: the index drops `<li value>`, so a result
    listed notes 10–13 as 1–4. Hidden on the page (display: none, so never read twice)."""
    return f'<span class="ed-search-only">Note {number}. </span>'


# Python-Markdown's footnotes extension puts the notes here (its PLACE_MARKER default).
FOOTNOTES_PLACE = "///Footnotes Go Here///"


_CITATION = re.compile(r"\[@([^\]\s,;]+)")


def check_citations(markdown: str, bibliography: Bibliography, page: str) -> None:
    """Every [@key] on a page names a note of footnotes.bib (mkdocs-bibtex would drop it silently)."""
    known = {f"note{n}" for n in bibliography.notes}
    for key in _CITATION.findall(markdown):
        if key not in known:
            raise ValueError(f"{page}: cites unknown key '{key}' (not a note entry of footnotes.bib)")


def _with_note_calls(text: str) -> str:
    """Escaped text with each bare marker [N] shown as a superscript note number, as in the chapter."""
    parts = NOTE_MARKER.split(text)  # text, number, text, number, …, text
    return "".join(esc(part) if i % 2 == 0 else f'<sup class="note-call">{part}</sup>' for i, part in enumerate(parts))


def compress_numbers(numbers: list[int]) -> str:
    """[15, 16, 17, 18, 19, 20, 27] -> '15–20, 27'."""
    ranges: list[list[int]] = []
    for n in sorted(numbers):
        if ranges and n == ranges[-1][-1] + 1:
            ranges[-1].append(n)
        else:
            ranges.append([n])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in ranges)


def kind_html(item: Evidence) -> str:
    """The kind of source and any partisan label, as the glossary, timeline and senses pages print
    them beside a source: " [primary text; partisan: Marxist archive]" ("" for an item without a URL)."""
    return f' <span class="source-kind">[{esc(item.source_label)}]</span>' if item.source_label else ""


def _evidence_list(items, essay_url: str = "", chapters: list[Chapter] | None = None) -> str:
    """Evidence as a list, each item with what it shows, its kind and partisan label (from the source
    policy) and, where recorded, the words seen (in a <details> in the list item, never in a
    paragraph); where the evidence is the essay itself, its ¶s link to this edition too."""
    lines = []
    for item in items:
        if item.url:
            label = f" — {esc(item.label)}" if item.label else ""
            paragraphs = [int(p) for p in ESSAY_PARAGRAPH.findall(item.label)] if item.url == essay_url and chapters else []
            unknown = [p for p in paragraphs if not any(c.first <= p <= c.last for c in chapters or ())]
            if unknown:  # refused when the project is loaded (check_essay_paragraphs): say so here too
                raise ValueError(f"footnotes.bib: the evidence label '{item.label}' names ¶{unknown[0]}, which no chapter has")
            if paragraphs:
                here = ", ".join(f"[¶{p}](../{urls.chapter_source(chapter_of(chapters, p).slug)}#{urls.paragraph(p)})" for p in paragraphs)
                label += f" (in this edition: {here})"
            seen = f" {seen_html(item.seen)}" if item.seen else ""
            lines.append(f'- <a href="{esc(item.url)}">{esc(item.url)}</a>{label}{kind_html(item)}{seen}')
        else:
            lines.append(f"- {esc(item.label)}" + (f" {seen_html(item.seen)}" if item.seen else ""))
    return "\n".join(lines) if lines else "- None recorded."


def work_details(work: Work) -> str:
    """A work as a note page lists it: its bibliography form, online copy, note, unverified fields and evidence."""
    parts = [f"- {bibliography_form(work)}"]
    if work.get("url"):  # get: a field listed in x-unverified is shown only in the line below
        url = esc(work.get("url"))
        parts.append(f'    - Online copy: <a href="{url}">{url}</a>' + (kind_html(work.online) if work.online else ""))
    if work.get("note"):
        parts.append(f"    - {esc(work.get('note'))}")
    if work.unverified:
        details = "; ".join(f"{name}: {esc(work.fields.get(name, ''))}" for name in sorted(work.unverified))
        parts.append(f"    - Not verified by the editors, so not printed in the citation: {details}")
    if work.evidence:
        parts.append("    - Evidence for these details:")
        parts += ["        " + line for line in _evidence_list(work.evidence).splitlines()]
    return "\n".join(parts)


def _note_nav(number: int, total: int) -> str:
    """Previous note, all notes, next note: for reading the notes one after another."""
    def page(n: int) -> str:  # a note page's link to a sibling in notes/
        return urls.note_source(n).removeprefix("notes/")

    links = [f"[← Note {number - 1}]({page(number - 1)})" if number > 1 else "", "[All notes](index.md)"]
    links.append(f"[Note {number + 1} →]({page(number + 1)})" if number < total else "")
    return f'<nav class="note-nav ed" aria-label="Other notes" markdown>{" · ".join(link for link in links if link)}</nav>'


def _work_in_brief(work: Work) -> str:
    """“Leon Trotsky, The Revolution Betrayed (1937)”: the work a note cites, in plain text for a preview."""
    names = " and ".join(" ".join(part for part in name if part) for name in work.authors[:2])
    title = work.get("title").replace(ITALIC_START, "").replace(ITALIC_END, "")
    year = work.get("year")
    return ", ".join(part for part in (names, title) if part) + (f" ({year})" if year else "")


def _attribute_safe(text: str) -> str:
    """Material prints page descriptions into an HTML attribute unescaped: keep to safe characters."""
    return " ".join(text.replace('"', "”").replace("<", "‹").replace(">", "›").replace("&", "and").split())


def preview_description(note: Note, sentence: str, short: str, length: int = 110) -> str:
    """What a link to the note page previews: its number, the work it cites or "source not
    identified" (with any candidate, called one), and the start of the sentence it annotates."""
    works = "; ".join(_work_in_brief(w) for w in note.works)
    if has_candidates(note):
        cited = f"{NOT_IDENTIFIED}. {candidates_label(note)}: {works}"
    else:
        cited = f"{note.status_label}: {works}" if note.works else NOT_IDENTIFIED
    words = without_note_markers(sentence)
    start = words if len(words) <= length else words[:length].rsplit(" ", 1)[0] + "…"
    return _attribute_safe(f"Note {note.number} of {short}. {cited}. It annotates: “{start}”")


def note_page(note: Note, essay: Essay, chapters: list[Chapter], edition: dict, total: int) -> str:
    """The permanent page of one note: /notes/N/ (templates/note.md.j2)."""
    paragraph, sentence = annotated_sentence(essay, note.number)
    chapter = chapter_of(chapters, paragraph)
    chapter_page = f"../{urls.chapter_source(chapter.slug)}"
    short = short_reference(edition)
    front = front_matter(
        title=f"Note {note.number} — {short}",
        note=note.number,  # the build adds "Cite this note" with the note page's public address
        description=preview_description(note, sentence, short),
        # The Notes page and the chapters carry the same citations: keep the search index small.
        search={"exclude": True},
    )
    if has_candidates(note):
        works_heading = f"{candidates_label(note)}, not identified as the work Twiss cited"
    else:
        works_heading = "Work(s) cited" if note.works else ""
    suggest = feedback_link(
        edition["edition"].get("contact") or "",
        f"Suggest a source for note {note.number}",
        f"Source for note {note.number} ({short}, n. {note.number})",
        f"Note {note.number}: {urls.note_page(note.number)}\nThe source (author, title, edition, page) and where you saw it:\n",
    )
    text = render_template(
        "note.md.j2",
        front=Markup(front),
        notice=Markup(GENERATED_NOTICE),
        number=note.number,
        chapter=chapter,
        paragraph=paragraph,
        sentence=Markup(_with_note_calls(sentence)),
        short=short,
        chapter_page=chapter_page,
        paragraph_anchor=urls.paragraph(paragraph),
        spot=f"{chapter_page}#{urls.note_ref(note.number)}",
        citation=Markup(citation_html(note)),
        badge=Markup(status_badge(note)),
        meaning=candidate_meaning(note) if has_candidates(note) else _STATUS_MEANING[note.status],
        essay_says=note.essay_says,
        comment=note.comment,
        works_heading=works_heading,
        works=Markup("\n".join(work_details(w) for w in note.works)),
        evidence=Markup(_evidence_list(note.evidence, edition["essay"]["url"], chapters)),
        suggest=Markup(suggest),
        nav=Markup(_note_nav(note.number, total)),
    )
    return text.rstrip("\n") + "\n"


_STATUS_MEANING = {
    "original-note-found": "Twiss’s own note text was seen.",
    "quote-verified": "the quoted words were seen in the named work (or a faithful copy of it).",
    "identified-likely": "a strong inference from the quotation or its context; the editors have not seen the passage.",
    "unidentified": "no work could yet be tied to this marker; only what the essay itself says is given.",
}
_CANDIDATE_MEANING = (
    "no work could yet be tied to this marker; the work named is a candidate the editors found, "
    "not a source Twiss is known to have cited."
)
_CANDIDATES_MEANING = (
    "no work could yet be tied to this marker; the works named are candidates the editors found, "
    "not sources Twiss is known to have cited."
)


def candidate_meaning(note: Note) -> str:
    """What the status means for a note that names candidates: in the plural when it names two or more."""
    return _CANDIDATE_MEANING if len(note.works) == 1 else _CANDIDATES_MEANING


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def status_legend(bibliography: Bibliography) -> dict[str, str]:
    """What each status means, for the Notes page's table. "Source not identified" says that some of
    those notes name a candidate, and which (as their rows do), when any does."""
    legend = {s: _STATUS_MEANING[s][0].upper() + _STATUS_MEANING[s][1:] for s in STATUSES}
    with_candidates = [str(n.number) for n in bibliography.notes.values() if has_candidates(n)]
    if with_candidates:
        which = f"note {with_candidates[0]}" if len(with_candidates) == 1 else f"notes {_and(with_candidates)}"
        legend["unidentified"] = (
            "No work could yet be tied to this marker; what the essay itself says is given, "
            f"and for {which} a candidate the editors found."
        )
    return legend


def notes_index(bibliography: Bibliography, essay: Essay, chapters: list[Chapter], short: str) -> str:
    """All the notes in order, grouped by chapter (templates/notes-index.md.j2)."""
    counts = {s: sum(1 for n in bibliography.notes.values() if n.status == s) for s in STATUSES}
    legend = status_legend(bibliography)
    statuses = [(STATUSES[s], counts[s], legend[s]) for s in STATUSES]
    grouped = []
    for chapter in chapters:
        items = []
        for number in (n for n, p in essay.note_markers() if chapter.first <= p <= chapter.last):
            note = bibliography.notes[number]
            paragraph, _ = annotated_sentence(essay, number)
            items.append({
                "number": number,
                "search_number": Markup(search_number(number)),
                "anchor": urls.note(number),
                "citation": Markup(citation_html(note)),
                "badge": Markup(status_badge(note)),
                "paragraph": paragraph,
                "place": f"../{urls.chapter_source(chapter.slug)}#{urls.note_ref(number)}",
                "page": urls.note_source(number).removeprefix("notes/"),
            })
        grouped.append((chapter, items))
    front = front_matter(
        title="Notes",
        description=f"The {len(bibliography.notes)} notes of {short}, with their sources and how sure the editors are of each.",
    )
    text = render_template("notes-index.md.j2", front=Markup(front), notice=Markup(GENERATED_NOTICE),
                           total=len(bibliography.notes), statuses=statuses, chapters=grouped)
    return text.rstrip("\n") + "\n"


def works_cited(bibliography: Bibliography, short: str) -> str:
    """Each work once, with the notes that cite it; the candidates for unidentified notes apart
    (templates/works-cited.md.j2)."""
    def sort_key(work: Work):
        family = work.authors[0][1] if work.authors else work.fields.get("title", "")
        return (family.lower(), work.fields.get("year", ""))

    def notes_link(numbers: list[int], label: str) -> str:
        links = ", ".join(f"[{n}]({urls.note_source(n)})" for n in numbers)
        return f"{label}{'s' if len(numbers) > 1 else ''} {compress_numbers(numbers)} ({links})"

    cited, candidates = [], []
    for work in sorted(bibliography.works.values(), key=sort_key):
        numbers = bibliography.citing_notes(work.key)
        citing = [n for n in numbers if not has_candidates(bibliography.notes[n])]
        candidate_for = [n for n in numbers if has_candidates(bibliography.notes[n])]
        said = []
        if citing:
            said.append(notes_link(citing, "Cited in note") + ".")
        if candidate_for:
            said.append(notes_link(candidate_for, "Candidate for note") + ", whose source is not identified.")
        item = {"key": work.key, "form": Markup(bibliography_form(work)), "said": Markup(" ".join(said))}
        (cited if citing else candidates).append(item)
    front = front_matter(title="Works cited", description=f"The works that the notes of {short} cite, as identified by the editors.")
    text = render_template("works-cited.md.j2", front=Markup(front), notice=Markup(GENERATED_NOTICE), cited=cited, candidates=candidates)
    return text.rstrip("\n") + "\n"
