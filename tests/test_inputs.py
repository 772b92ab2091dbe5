"""Bad input closed: every mistake an editor can make in the curated files names the file and the line or key."""

from pathlib import Path

import pytest

from edition.errors import SourceError
from edition.sources import bibliography, chapters, glossary, timeline
from edition.sources import facts as cite_edition
from edition.sources.essay import load_essay
from edition.sources.yamlfile import load_yaml, parse_yaml


@pytest.fixture(scope="module")
def essay():
    return load_essay()


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_key_given_twice_is_refused_with_both_lines(tmp_path):
    path = write(tmp_path, "glossary.yml", "entries:\n  - id: kirov\n    definition: First.\n    term: Kirov\n    definition: Second.\n")
    with pytest.raises(SourceError, match=r"glossary\.yml:5: duplicate key 'definition' \(first given on line 3\)"):
        load_yaml(path)


def test_a_list_item_that_is_not_a_mapping_names_its_line(tmp_path, essay):
    path = write(tmp_path, "timeline.yml", "events:\n  - id: a\n    date: '1920'\n  - just a string\n")
    with pytest.raises(SourceError, match=r"timeline\.yml:4: item 2 of 'events:' is not a mapping"):
        timeline.parse_timeline(load_yaml(path), essay, path)


@pytest.mark.parametrize(
    "module, name, text",
    [
        (glossary, "glossary.yml", "entries:\n  - id: 'bad id\" onmouseover=x'\n    term: X\n"),
        (timeline, "timeline.yml", "events:\n  - id: Kirov_Murder\n    date: '1934'\n"),
    ],
)
def test_ids_must_be_slugs(tmp_path, essay, module, name, text):
    path = write(tmp_path, name, text)
    parse = glossary.parse_glossary if module is glossary else timeline.parse_timeline
    with pytest.raises(SourceError, match=rf"{name.replace('.', '[.]')}:2: id '.*' should be lowercase letters, digits and single hyphens"):
        parse(load_yaml(path), essay, path)


def test_a_chapter_slug_must_be_a_slug_and_openings_are_named_by_line(tmp_path, essay):
    path = write(tmp_path, "chapters.yml", "chapters:\n  - slug: ../escape\n    title: T\n    years: '1917'\n    summary: s\n    paragraphs: [x]\n")
    with pytest.raises(SourceError, match=r"chapters\.yml:2: slug '\.\./escape' should be lowercase"):
        chapters.parse_chapters(load_yaml(path), essay, path)
    path = write(tmp_path, "chapters.yml", "chapters:\n  - slug: one\n    title: T\n    years: '1917'\n    summary: s\n    paragraphs:\n      - August 19\n      - No such opening\n")
    with pytest.raises(SourceError, match=r"chapters\.yml:8: no paragraph of the essay opens with 'No such opening'"):
        chapters.parse_chapters(load_yaml(path), essay, path)


def test_a_missing_or_renamed_edition_key_names_the_file_and_key(tmp_path):
    text = (cite_edition.EDITION_PATH).read_text(encoding="utf-8").replace("  author_family:", "  family_name:")
    path = write(tmp_path, "edition.yml", text)
    with pytest.raises(SourceError, match=r"edition\.yml:\d+: missing key 'essay\.author_family'"):
        cite_edition.load_edition(path)
    path = write(tmp_path, "edition.yml", "essay: {}\n")
    with pytest.raises(SourceError, match=r"edition\.yml(:\d+)?: missing the section 'edition:'|missing key 'essay\.title'"):
        cite_edition.load_edition(path)


def test_latex_in_bibtex_is_decoded_by_a_library():
    assert bibliography.decode_latex(r'G{\"o}del') == "Gödel"
    assert bibliography.decode_latex(r"\emph{Pravda}, 1923--27") == "\ue000Pravda\ue001, 1923–27"
    assert bibliography.decode_latex(r"``Thermidor'' --- 50% \& more") == "“Thermidor” — 50% & more"


def test_an_emphasised_title_prints_in_italics():
    from edition.annotate.markup import escape_html_text, escape_markdown

    title = bibliography.decode_latex(r"Letters to \emph{Pravda}")
    assert escape_html_text(title) == "Letters to <i>Pravda</i>"
    assert escape_markdown(title) == "Letters to *Pravda*"


def test_the_loader_keeps_the_line_of_every_list_item():
    data = parse_yaml("a:\n  - x\n  -\n    k: v\n  - y\n")
    assert data["a"].item_lines == (2, 4, 5)
