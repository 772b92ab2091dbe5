"""The chapter map: every paragraph once, in order; a bad map names the file, line and paragraph."""

import textwrap
from pathlib import Path

import pytest

from edition.errors import SourceError
from edition.sources import paths
from edition.sources.chapters import load_chapters
from edition.sources.essay import parse_essay

ROOT = Path(__file__).resolve().parent.parent

ESSAY = parse_essay(
    "Title\n\nCaption\n\nBy Someone\n\n"
    "Alpha opens the essay.\n\nBeta follows.\n\nGamma goes on.\n\nDelta ends it."
)


def write_map(tmp_path, paragraphs_by_chapter):
    lines = ["chapters:"]
    for number, paragraphs in enumerate(paragraphs_by_chapter, start=1):
        lines += [
            f"  - slug: c{number}",
            f"    title: Chapter {number}",
            "    years: 1920",
            "    summary: A chapter.",
            "    paragraphs:",
        ]
        lines += [f'      - "{opening}"' for opening in paragraphs]
    path = tmp_path / "chapters.yml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_real_map_covers_all_23_paragraphs_in_six_chapters():
    from edition.sources.essay import load_essay

    chapters = load_chapters(load_essay(ROOT / paths.ESSAY), ROOT / paths.CHAPTERS)
    assert [c.slug for c in chapters] == [
        "1-meanings",
        "2-glavkokratiia",
        "3-bureaucratism-class-thermidor",
        "4-theory-in-crisis",
        "5-revolution-betrayed",
        "6-final-theory-weighed",
    ]
    assert [(c.first, c.last) for c in chapters] == [(1, 3), (4, 6), (7, 10), (11, 12), (13, 17), (18, 23)]


def test_a_good_map_numbers_paragraphs_from_the_essay(tmp_path):
    path = write_map(tmp_path, [["Alpha", "Beta"], ["Gamma", "Delta"]])
    chapters = load_chapters(ESSAY, path)
    assert [[p.number for p in c.paragraphs] for c in chapters] == [[1, 2], [3, 4]]


@pytest.mark.parametrize(
    "paragraphs, message, line",
    [
        ([["Alpha", "Gamma"], ["Delta"]], r"¶2 \('Beta follows\.'…\) is left out of the chapter map", 8),
        ([["Alpha", "Beta"], ["Beta", "Gamma", "Delta"]], r"¶2 \('Beta'\) in chapter 'c2' repeats or comes out of order", 14),
        ([["Alpha", "Beta", "Gamma"]], r"paragraphs left out of the chapter map: ¶4", None),
        ([["Alpha", "Beta", "Omega"]], r"no paragraph of the essay opens with 'Omega'", 9),
    ],
)
def test_a_bad_map_names_the_file_line_and_paragraph(tmp_path, paragraphs, message, line):
    path = write_map(tmp_path, paragraphs)
    with pytest.raises(SourceError, match=message) as raised:
        load_chapters(ESSAY, path)
    assert raised.value.path == str(path)
    if line:
        assert raised.value.line == line
        assert str(raised.value).startswith(f"{path}:{line}: ")


def test_reordered_paragraphs_fail(tmp_path):
    path = write_map(tmp_path, [["Alpha", "Gamma", "Beta", "Delta"]])
    with pytest.raises(SourceError, match=r"left out of the chapter map"):
        load_chapters(ESSAY, path)


def test_an_ambiguous_opening_asks_for_more_words(tmp_path):
    essay = parse_essay("T\n\nC\n\nB\n\nSame start here.\n\nSame start there.")
    path = write_map(tmp_path, [["Same start", "Same start there"]])
    with pytest.raises(SourceError, match=r"opens several paragraphs \(¶1, ¶2\): give more words"):
        load_chapters(essay, path)


def test_a_duplicate_slug_fails(tmp_path):
    path = tmp_path / "chapters.yml"
    path.write_text(
        textwrap.dedent(
            """\
            chapters:
              - {slug: same, title: A, years: 1920, summary: s, paragraphs: [Alpha, Beta]}
              - {slug: same, title: B, years: 1921, summary: s, paragraphs: [Gamma, Delta]}
            """
        ),
        encoding="utf-8",
    )
    with pytest.raises(SourceError, match=r"chapters.yml:3: duplicate chapter slug 'same'"):
        load_chapters(ESSAY, path)


# ── Titles and summaries are plain text; the nav and front matter are written by a YAML dumper ──

@pytest.mark.parametrize(
    "field, value, message",
    [
        ("title", 'The "left" turn', r"chapters\.yml:2: the title 'The \"left\" turn' has '\"'.*use typographic quotes"),
        ("title", "Bureaucracy <i>and</i> class", r"chapters\.yml:2: the title .* has '<': chapter titles and summaries are plain text"),
        ("summary", "Rows | and columns", r"chapters\.yml:2: the summary .* has '\|'"),
        ("title", "  Spaced  out", r"chapters\.yml:2: the title .* should be one line, without leading, trailing or double spaces"),
        ("years", "1920-1923", r"chapters\.yml:2: years '1920-1923' should be a year or a period YYYY–YYYY \(with an en dash –\)"),
    ],
)
def test_a_title_summary_or_years_that_is_not_plain_text_is_refused_at_its_line(tmp_path, field, value, message):
    path = write_map(tmp_path, [["Alpha", "Beta", "Gamma", "Delta"]])
    old = {"title": "Chapter 1", "summary": "A chapter.", "years": "1920"}[field]
    text = path.read_text(encoding="utf-8").replace(f"{field}: {old}", f"{field}: '{value}'")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError, match=message):
        load_chapters(ESSAY, path)


def test_the_nav_and_front_matter_survive_any_character_yaml_treats_specially():
    """Written by the YAML dumper: a quote, a colon, a hash or a backslash reads back as written
    (a hand-quoted `"` in a title wrote invalid YAML into mkdocs.yml, review 3 #15)."""
    import yaml

    from edition.pages.chapter import nav_entries
    from edition.pages.common import front_matter
    from edition.sources.chapters import Chapter

    tricky = 'A "quoted": #not-a-comment \\ back – “typographic” <b>'
    chapter = Chapter(number=3, slug="c3", title=tricky, years="1920", summary="s", paragraphs=ESSAY.paragraphs[:1])
    nav = yaml.safe_load("nav:\n  - The essay:\n" + nav_entries([chapter]) + "\n")
    assert nav == {"nav": [{"The essay": [{f"3. {tricky}": "c3.md"}]}]}
    page = front_matter(title=tricky, description="it's: fine", chapter=3, flags={"x": True, "why": tricky})
    assert page.startswith("---\n") and page.endswith("\n---")
    assert yaml.safe_load(page.strip("-\n")) == {"title": tricky, "description": "it's: fine", "chapter": 3,
                                                  "flags": {"x": True, "why": tricky}}


def test_the_chapter_page_escapes_what_it_is_given_and_keeps_the_markup_it_is_handed():
    """Page text from a template with autoescape (review 3, #15): a `<` or `"` in a title cannot
    open a tag or close an attribute, nor a `*` or `[` start Markdown; the annotated paragraphs,
    made as Markdown, pass as they are."""
    from edition.pages.chapter import chapter_overview, chapter_page
    from edition.sources.chapters import Chapter

    chapter = Chapter(number=1, slug="c1", title='Say "<b>hi</b>" & *go*', years="1920", summary='A <i>"summary"</i> [x]',
                      paragraphs=ESSAY.paragraphs[:1])
    edition = {"essay": {"author": "A. <Author>", "date": "2016-08-19"}}
    page = chapter_page(chapter, [chapter], ESSAY, notes="[^note1]: <em>kept</em>", edition=edition)
    assert '# Say &quot;&lt;b&gt;hi&lt;/b&gt;&quot; &amp; &#42;go&#42; <span class="chapter-years">1920</span>' in page
    assert "of A. &lt;Author&gt;, <cite>Title</cite> (2016)</span>" in page
    assert '<a class="pnum ed" href="#p1"' in page and "[^note1]: <em>kept</em>" in page
    assert 'title: "1. Say \\"<b>hi</b>\\" & *go* (1920)"' in page  # the front matter is YAML, escaped as YAML
    overview = chapter_overview([chapter])
    assert "| [1. Say &quot;&lt;b&gt;hi&lt;/b&gt;&quot; &amp; &#42;go&#42;](c1.md) | 1920 | ¶1–¶1 | A &lt;i&gt;&quot;summary&quot;&lt;/i&gt; &#91;x&#93; |" in overview


def test_a_quoted_title_sets_its_own_quotation_marks_as_single_ones():
    """A chapter title that quotes (“A revolution …”), set in double quotes on a note page, nests
    its quotation in single quotes: never two double quotes side by side."""
    from edition.pages.templating import Markup, _environment, render_template  # noqa: F401 (the filter is the environment's)

    text = _environment().from_string("{{ title | quoted }}").render(title="“A revolution in Trotsky’s thinking”: The Revolution Betrayed")
    assert text == "“‘A revolution in Trotsky’s thinking’: The Revolution Betrayed”"
