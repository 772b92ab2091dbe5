"""Bad input closed: every mistake an editor can make in the curated files names the file and the line or key."""

from pathlib import Path

import pytest

from edition.errors import SourceError
from edition.sources import bibliography, chapters, glossary, paths, timeline
from edition.sources import facts as cite_edition
from edition.sources.essay import load_essay
from edition.sources.policy import load_policy
from edition.sources.yamlfile import load_yaml, parse_yaml

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def essay():
    return load_essay(ROOT / paths.ESSAY)


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
        timeline.parse_timeline(load_yaml(path), essay, path, load_policy(ROOT / paths.SOURCE_POLICY))


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
        parse(load_yaml(path), essay, path, load_policy(ROOT / paths.SOURCE_POLICY))


def test_a_chapter_slug_must_be_a_slug_and_openings_are_named_by_line(tmp_path, essay):
    path = write(tmp_path, "chapters.yml", "chapters:\n  - slug: ../escape\n    title: T\n    years: '1917'\n    summary: s\n    paragraphs: [x]\n")
    with pytest.raises(SourceError, match=r"chapters\.yml:2: slug '\.\./escape' should be lowercase"):
        chapters.parse_chapters(load_yaml(path), essay, path)
    path = write(tmp_path, "chapters.yml", "chapters:\n  - slug: one\n    title: T\n    years: '1917'\n    summary: s\n    paragraphs:\n      - August 19\n      - No such opening\n")
    with pytest.raises(SourceError, match=r"chapters\.yml:8: no paragraph of the essay opens with 'No such opening'"):
        chapters.parse_chapters(load_yaml(path), essay, path)


def test_a_missing_or_renamed_edition_key_names_the_file_and_key(tmp_path):
    text = (ROOT / paths.EDITION).read_text(encoding="utf-8")
    path = write(tmp_path, "edition.yml", text.replace("  author_family: Twiss\n", ""))
    with pytest.raises(SourceError, match=r"edition\.yml:\d+: missing key 'essay\.author_family'"):
        cite_edition.load_edition(path)
    path = write(tmp_path, "edition.yml", text.replace("  author_family:", "  family_name:"))  # renamed: refused at its line
    with pytest.raises(SourceError, match=r"edition\.yml:\d+: unknown key 'family_name' in 'essay:'"):
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


# ── Published chapters keep their slugs ──────────────────────────────────────────────────────

REAL_CHAPTERS = Path(chapters.CHAPTERS_PATH)


def test_a_renamed_published_chapter_slug_is_refused_at_its_line(tmp_path, essay):
    """Review 3, #16: a rename was blamed on questions.yml, and left an orphan page behind."""
    text = REAL_CHAPTERS.read_text(encoding="utf-8")
    line = text[: text.index("slug: 2-glavkokratiia")].count("\n") + 1
    path = write(tmp_path, "chapters.yml", text.replace("slug: 2-glavkokratiia", "slug: 2-glavkokratiija"))
    with pytest.raises(SourceError, match=rf"chapters\.yml:{line}: the published chapter slug '2-glavkokratiia' is gone "
                                          r"\(chapter '2-glavkokratiija' now holds its paragraphs; public-urls\.txt lists "
                                          r"/2-glavkokratiia/\): a published slug never changes"):
        chapters.load_chapters(essay, path, chapters.PUBLIC_URLS_PATH)
    assert [c.slug for c in chapters.load_chapters(essay, REAL_CHAPTERS, chapters.PUBLIC_URLS_PATH)][1] == "2-glavkokratiia"


def test_the_published_chapters_come_from_the_public_url_list(tmp_path):
    path = write(tmp_path, "public-urls.txt", "# comment\n/\nabout/\n1-meanings/\n1-meanings/#p1\n1-meanings/#p2\nnotes/14/\nsenses/#u13-2\n")
    assert chapters.published_chapters(path) == {"1-meanings": frozenset({1, 2})}
    with pytest.raises(SourceError, match=r"no-such\.txt: the list of public URLs is missing"):
        chapters.published_chapters(tmp_path / "no-such.txt")


def copy_sources(target: Path) -> None:
    """What load_project reads, copied from this checkout into target: sources/, footnotes.bib and the
    list of public URLs."""
    import shutil

    root = Path(chapters.CHAPTERS_PATH).parent.parent
    shutil.copytree(root / "sources", target / "sources")
    shutil.copy(root / "footnotes.bib", target / "footnotes.bib")
    (target / "tests").mkdir()
    shutil.copy(root / "tests" / "public-urls.txt", target / "tests" / "public-urls.txt")


def test_the_project_checks_the_chapter_map_against_the_public_urls_before_the_questions(tmp_path):
    from edition.sources.project import load_project

    copy_sources(tmp_path)
    path = tmp_path / "sources" / "chapters.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("slug: 4-theory-in-crisis", "slug: 4-theory-at-bay"), encoding="utf-8")
    with pytest.raises(SourceError, match=r"chapters\.yml:\d+: the published chapter slug '4-theory-in-crisis' is gone"):
        load_project(tmp_path)


# ── A missing file, a tab, a quoted ¶ number: one clear message each (review 3, §2.8) ──────────

def test_a_missing_source_file_is_named_not_a_traceback(tmp_path):
    from edition.sources.project import load_project

    copy_sources(tmp_path)
    (tmp_path / "sources" / "questions.yml").rename(tmp_path / "sources" / "questions-old.yml")
    with pytest.raises(SourceError, match=r"sources/questions\.yml: this source file is missing"):
        load_project(tmp_path)
    with pytest.raises(SourceError, match=r"glossary\.yml: this source file is missing"):
        load_yaml(tmp_path / "glossary.yml")


def test_a_tab_in_the_indentation_says_tab_with_its_line(tmp_path):
    path = write(tmp_path, "timeline.yml", "events:\n  - id: a\n    date: '1920'\n\tparagraphs: [9]\n")
    with pytest.raises(SourceError, match=r"timeline\.yml:4: a tab indents this line: the sources use spaces only"):
        load_yaml(path)


@pytest.mark.parametrize(
    "numbers, message",
    [
        ('[1, "9"]', r"timeline\.yml:4: 'a': the ¶ number \"9\" is in quotes, so YAML reads it as text: write 9"),
        ("\n      - 1\n      - 99", r"timeline\.yml:6: 'a': no paragraph ¶99 in the essay \(it has ¶1–¶23\)"),
    ],
)
def test_a_bad_paragraph_number_in_the_timeline_says_what_is_wrong_at_its_line(tmp_path, essay, numbers, message):
    path = write(tmp_path, "timeline.yml", f"events:\n  - id: a\n    date: '1920'\n    paragraphs: {numbers}\n")
    with pytest.raises(SourceError, match=message):
        timeline.parse_timeline(load_yaml(path), essay, path, hosts={})


def test_a_quoted_paragraph_number_in_a_question_says_so(tmp_path, essay):
    from edition.sources import questions

    three = "".join(f"      - id: q{n}\n        paragraphs: [{'2' if n else 1}]\n        question: Why?\n" for n in range(3))
    path = write(tmp_path, "questions.yml", "chapters:\n  - chapter: 1-meanings\n    questions:\n" + three.replace("[2]", "['2']"))
    chapter_map = chapters.load_chapters(essay, ROOT / paths.CHAPTERS)
    with pytest.raises(SourceError, match=r"questions\.yml:8: question 'q1': the ¶ number \"2\" is in quotes"):
        questions.parse_questions(load_yaml(path), essay, chapter_map, path)


def test_a_malformed_url_is_a_source_error_with_file_and_line(tmp_path):
    """Review finding 2: urlsplit itself raises on `http://[abc/x`; that is the editor's mistake, not a traceback."""
    from edition.sources.policy import check_url

    with pytest.raises(SourceError, match=r"sources\.yml:7: 'kirov': source 'http://\[abc/x' is not a public http\(s\) address"):
        check_url("http://[abc/x", {}, tmp_path / "sources.yml", "kirov", 7)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<b>x</b>", "http://[abc/x", "//example.org/essay"])
def test_the_essay_url_must_be_http_or_https_naming_its_line(tmp_path, url):
    """Review finding 13: essay.url becomes a live link on every page, so its scheme is checked."""
    text = (ROOT / paths.EDITION).read_text(encoding="utf-8")
    lines = text.splitlines()
    number = next(n for n, line in enumerate(lines, start=1) if line.startswith("  url:"))
    lines[number - 1] = f"  url: '{url}'"
    path = write(tmp_path, "edition.yml", "\n".join(lines) + "\n")
    with pytest.raises(SourceError, match=rf"edition\.yml:{number}: 'essay\.url' should be an http\(s\) URL"):
        cite_edition.load_edition(path)
