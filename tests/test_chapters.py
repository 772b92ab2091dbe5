"""The chapter map: every paragraph once, in order; a bad map names the file, line and paragraph."""

import textwrap

import pytest

from edition.errors import SourceError
from edition.sources.chapters import load_chapters
from edition.sources.essay import parse_essay

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

    chapters = load_chapters(load_essay())
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
              - {slug: same, title: A, years: x, summary: s, paragraphs: [Alpha, Beta]}
              - {slug: same, title: B, years: x, summary: s, paragraphs: [Gamma, Delta]}
            """
        ),
        encoding="utf-8",
    )
    with pytest.raises(SourceError, match=r"chapters.yml:3: duplicate chapter slug 'same'"):
        load_chapters(ESSAY, path)
