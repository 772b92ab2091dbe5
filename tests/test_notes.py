"""footnotes.bib and the notes' text: strict parsing, Chicago forms, escaping, provenance."""

from pathlib import Path

import pytest

from edition.errors import SourceError
from edition.pages.chicago import bibliography_form
from edition.pages.notes import chapter_notes, check_citations, citation_html, compress_numbers, note_definition
from edition.sources.bibliography import check_note_numbers, load_bibliography, parse_bibliography
from edition.sources.essay import annotated_sentence, load_essay

DATA = Path(__file__).parent / "data" / "notes"
SAMPLE = (DATA / "sample.bib").read_text(encoding="utf-8")


def sample():
    return parse_bibliography(SAMPLE, DATA / "sample.bib")


def test_citations_in_chicago_note_and_bibliography_form_match_the_golden_file():
    bibliography = sample()
    lines = [f"{n}: {citation_html(note)}" for n, note in bibliography.notes.items()]
    lines += [f"works: {bibliography_form(w)}" for w in sorted(bibliography.works.values(), key=lambda w: w.key)]
    assert "\n".join(lines) + "\n" == (DATA / "sample-notes.expected").read_text(encoding="utf-8")


def test_unverified_fields_are_never_printed():
    work = sample().works["critic1983article"]
    assert work.fields["pages"] == "10–20"
    assert "10–20" not in bibliography_form(work)


def test_every_note_shows_a_provenance_label_and_a_link_to_its_page():
    definition = note_definition(sample().notes[3])
    assert '<span class="note-status" data-status="identified-likely">Source identified, likely (not verified)</span>' in definition
    assert "[Sources and evidence for note 3](notes/3.md)" in definition


def test_evidence_is_split_into_urls_and_labels():
    evidence = sample().works["critic1983article"].evidence
    assert [(e.url, e.label) for e in evidence] == [
        ("https://example.org/review", ""),
        ("https://example.org/toc", "table of contents"),
    ]


def test_a_title_with_a_script_tag_renders_as_text():
    bib = SAMPLE.replace("title        = {An Article}", "title        = {<script>alert(1)</script> *x*}")
    html = citation_html(parse_bibliography(bib).notes[3])
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &#42;x&#42;" in html


@pytest.mark.parametrize(
    "change, message",
    [
        (("x-works      = {author2000book},", "x-works      = {nobook2000},"), r"sample\.bib:\d+: note 'note2' cites unknown key 'nobook2000'"),
        (("@misc{note3,", "@misc{note2,"), r"sample\.bib:\d+: duplicate key 'note2' \(first defined on line \d+\)"),
        (("  x-status     = {quote-verified},\n", ""), r"sample\.bib:\d+: note 'note2' has no x-status"),
        (("x-status     = {quote-verified}", "x-status     = {certain}"), r"note 'note2' has x-status 'certain', not one of"),
        (("  pages        = {10--20},", "  pages        = {10--20}"), r"sample\.bib:\d+: malformed entry"),
        (("x-essay-says = {The essay quotes the book.},", ""), r"note 'note2' has no x-essay-says"),
        (("  author       = {Critic, Carla},\n", ""), r"work 'critic1983article' has no author or editor"),
    ],
)
def test_bad_input_names_the_file_and_the_key_or_line(change, message):
    old, new = change
    assert old in SAMPLE
    with pytest.raises(SourceError, match=message):
        parse_bibliography(SAMPLE.replace(old, new), DATA / "sample.bib")


def test_a_work_cited_by_no_note_fails():
    bib = SAMPLE.replace("x-works      = {critic1983article, author2000book},", "x-works      = {author2000book},")
    with pytest.raises(SourceError, match=r"work 'critic1983article' is cited by no note"):
        parse_bibliography(bib, DATA / "sample.bib")


def test_a_gap_or_an_extra_note_number_fails():
    bibliography = sample()
    with pytest.raises(SourceError, match=r"no entry for note\(s\) 4: a gap"):
        check_note_numbers(bibliography, 4)
    with pytest.raises(SourceError, match=r"entries for note\(s\) 3 the essay does not have"):
        check_note_numbers(bibliography, 2)


def test_the_real_footnotes_bib_has_29_notes_each_with_a_status():
    bibliography = load_bibliography()
    check_note_numbers(bibliography, len(load_essay().note_markers()))
    assert all(note.status and note.essay_says for note in bibliography.notes.values())
    assert bibliography.notes[1].status == "unidentified"
    assert "1933 preface" in bibliography.notes[1].essay_says


def test_unknown_citation_keys_fail_with_the_page():
    with pytest.raises(ValueError, match=r"docs/x\.md: cites unknown key 'note99'"):
        check_citations("text [@note2] and [@note99]", sample(), "docs/x.md")


def test_a_chapter_page_defines_its_notes_and_places_them_after_the_text(project):
    """The definitions are final Markdown: mkdocs-bibtex only turns [@noteN] into [^noteN]."""
    chapter = project.chapters[1]
    notes = chapter_notes(chapter, project.essay, project.bibliography)
    numbers = [n for n, p in project.essay.note_markers() if chapter.first <= p <= chapter.last]
    lines = notes.splitlines()
    assert [line.split("]:")[0] for line in lines[: len(numbers)]] == [f"[^note{n}" for n in numbers]
    assert lines[-1] == "///Footnotes Go Here///"
    assert chapter_notes(project.chapters[3], project.essay, project.bibliography) == ""  # a chapter without notes


def test_the_annotated_sentence_is_the_one_that_carries_the_marker():
    from edition.sources.essay import load_essay

    paragraph, sentence = annotated_sentence(load_essay(), 14)
    assert paragraph == 13
    assert sentence.startswith("The second was the repression following the assassination of Sergei Kirov")
    assert sentence.endswith("absolute consummation”.[14]")
    # After an earlier note's marker, a new sentence starts: note 29's is the last of four in ¶21.
    paragraph, sentence = annotated_sentence(load_essay(), 29)
    assert paragraph == 21 and sentence.startswith("Finally, there was Trotsky’s prediction") and "[28]" not in sentence
    assert annotated_sentence(load_essay(), 7)[1].startswith("Furthermore, it was cited approvingly by Grigory Zinoviev")


def test_note_numbers_compress_into_ranges():
    assert compress_numbers([27, 15, 16, 17, 18, 19, 20]) == "15–20, 27"
    assert compress_numbers([8, 9]) == "8, 9"


def test_the_plain_value_shortcut_agrees_with_pylatexenc_on_every_real_value():
    """decode_latex skips pylatexenc for values without LaTeX; that must never change a result."""
    import re

    import pybtex.database

    from edition.sources.bibliography import BIB_PATH, _latex_converter, decode_latex

    data = pybtex.database.parse_file(str(BIB_PATH), bib_format="bibtex")
    values = [str(v) for entry in data.entries.values() for v in entry.fields.values()]
    values += ["It's a test - with a dash", "two -- dashes", "``quoted''", "G{\\\"o}del", "50% of {X}"]
    for value in values:
        slow = re.sub(r"\s+", " ", _latex_converter().latex_to_text(re.sub(r"(?<!\\)%", r"\\%", value))).strip()
        assert decode_latex(value) == slow, value
