"""Terms whose meaning shifts inside the essay: each meaning tied to its paragraphs and attributed
(sources/glossary.yml `meanings:`), checked when loaded, shown in the tooltip of each marked use and
on the glossary page."""

import re
from dataclasses import replace

import lxml.html
import pytest

from edition.annotate.glossary import first_uses, tooltip
from edition.annotate.markup import escape_html_text as esc
from edition.errors import SourceError
from edition.pages.generate import generated_files
from edition.pages.glossary import glossary_page, paragraph_span_links
from edition.sources import glossary, paths
from edition.sources.glossary import Meaning
from edition.sources.yamlfile import parse_yaml

# A small glossary file: one entry with two meanings (Thermidor is used in ¶10, ¶11, ¶12 and ¶15).
ENTRY = """\
entries:
  - id: thermidor
    term: Thermidor
    kind: concept
    forms: [Thermidor]
    definition: The French analogy.
    sources:
      - {url: "https://en.wikipedia.org/wiki/Thermidor", title: T, kind: reference, seen: "Thermidor"}
    meanings:
      - paragraphs: [10, 11, 12]
        by: Trotsky
        meaning: A danger still to come.
      - paragraphs: [15]
        by: Trotsky
        meaning: Something that had already happened.
"""


def parse(text: str, essay):
    return glossary.parse_glossary(parse_yaml(text), essay, paths.GLOSSARY)


def test_the_sample_entry_loads_with_its_meanings(project):
    (entry,) = parse(ENTRY, project.essay)
    assert entry.meanings == (
        Meaning((10, 11, 12), "Trotsky", "A danger still to come."),
        Meaning((15,), "Trotsky", "Something that had already happened."),
    )
    assert entry.meaning_at(15).meaning.startswith("Something") and entry.meaning_at(9) is None


@pytest.mark.parametrize(
    "old, new, line, message",
    [
        ("[10, 11, 12]", "[10, 11, twelve]", 10, r"'thermidor', meaning 1: paragraph 'twelve' is not a paragraph number"),
        ("[15]", "[15, 99]", 13, r"'thermidor', meaning 2: no paragraph ¶99 in the essay"),
        ("[15]", "[15, 9]", 13, r"'thermidor', meaning 2: ¶9 uses none of its forms \['Thermidor'\]"),
        ("[15]", "[12, 15]", 13, r"'thermidor', meaning 2: ¶12 is already covered by meaning 1"),
        ("[15]", "[15, 15]", 13, r"'thermidor', meaning 2: ¶15 is already covered by meaning 2"),
        ("[10, 11, 12]", "[10, 12]", 2, r"'thermidor': its forms occur in ¶11, which no meaning covers"),
        ("        by: Trotsky\n        meaning: Something", "        by: ' '\n        meaning: Something", 13, r"'thermidor', meaning 2: 'by' and 'meaning' must not be blank"),
        ("        by: Trotsky\n        meaning: A danger", "        meaning: A danger", 10, r"entry is missing 'by'"),
        ("        meaning: A danger still to come.\n", "", 10, r"entry is missing 'meaning'"),
        ("        meaning: Something that had already happened.", "        meaning: '  '", 13, r"'thermidor', meaning 2: 'by' and 'meaning' must not be blank"),
    ],
)
def test_a_bad_meaning_names_the_file_the_line_and_the_entry(project, old, new, line, message):
    assert old in ENTRY
    with pytest.raises(SourceError, match=rf"glossary\.yml:{line}: {message}"):
        parse(ENTRY.replace(old, new, 1), project.essay)


def test_an_empty_meanings_list_fails(project):
    text = ENTRY.split("    meanings:")[0] + "    meanings: []\n"
    with pytest.raises(SourceError, match=r"glossary\.yml:2: 'thermidor': 'meanings:' is empty"):
        parse(text, project.essay)


def test_every_entry_with_meanings_covers_each_paragraph_that_uses_it(project):
    """The real glossary: the five shifting concepts, each use under exactly one meaning."""
    shifting = {e.id: e for e in project.glossary if e.meanings}
    assert set(shifting) == {"thermidor", "centrism", "workers-state", "bonapartism", "restoration"}
    uses = glossary.occurrences(list(shifting.values()), project.essay)
    for entry in shifting.values():
        for paragraph, _start, _end in uses[entry.id]:
            assert sum(paragraph in m.paragraphs for m in entry.meanings) == 1, (entry.id, paragraph)
        assert all(m.by in ("Trotsky", "Twiss") for m in entry.meanings), entry.id


def _glossary_titles(markdown: str, entry_id: str) -> list[str]:
    return re.findall(rf'\]\(glossary\.md#{entry_id}\){{ \.gloss title="([^"]*)"', markdown)


def test_each_marked_use_shows_the_meaning_of_its_own_paragraph(project):
    """The chapter pages as generated: ¶10's Thermidor (chapter 3) shows the feared future Thermidor,
    ¶15's (chapter 5) Trotsky's redefinition; ¶19's restoration is Twiss's."""
    pages = {path.name: text for path, text in generated_files(project).items()}
    by_id = {entry.id: entry for entry in project.glossary}
    thermidor, restoration = by_id["thermidor"], by_id["restoration"]
    (ch3,) = _glossary_titles(pages["3-bureaucratism-class-thermidor.md"], "thermidor")
    (ch5,) = _glossary_titles(pages["5-revolution-betrayed.md"], "thermidor")
    assert thermidor.meaning_at(10) != thermidor.meaning_at(15)  # the data under test has two meanings
    assert ch3 == f"Thermidor (as {thermidor.meaning_at(10).by} used it here): {thermidor.meaning_at(10).meaning}"
    assert ch5 == f"Thermidor (as {thermidor.meaning_at(15).by} used it here): {thermidor.meaning_at(15).meaning}"
    (ch6,) = _glossary_titles(pages["6-final-theory-weighed.md"], "restoration")
    assert ch6.startswith("restoration (of capitalism), as ") and ch6.endswith(restoration.meaning_at(19).meaning)
    # A term without meanings keeps its definition.
    (kirov,) = _glossary_titles(pages["5-revolution-betrayed.md"], "kirov")
    assert kirov.startswith("Sergei Kirov: ")


def test_every_marked_use_of_a_shifting_term_shows_its_paragraphs_meaning(project):
    for (paragraph, _start), entry in first_uses(project.glossary, project.essay, project.chapters).items():
        meaning = entry.meaning_at(paragraph)
        text = tooltip(entry, paragraph)
        if entry.meanings:
            assert meaning is not None and text.endswith(meaning.meaning) and f"as {meaning.by} used it here" in text
        else:
            assert text == f"{entry.term}: {entry.definition}"


def test_the_first_use_of_each_meaning_on_a_page_is_marked(project):
    """Two meanings in one chapter: both first uses are marked (restoration's ¶19 and ¶21 are chapter 6)."""
    restoration = next(e for e in project.glossary if e.id == "restoration")
    split = replace(restoration, meanings=(*restoration.meanings[:2], Meaning((19,), "Twiss", "A."), Meaning((21,), "Twiss", "B.")))
    marked = sorted(p for (p, _s), e in first_uses([split], project.essay, project.chapters).items())
    assert marked == [10, 17, 19, 21]
    assert sorted(p for (p, _s), e in first_uses([restoration], project.essay, project.chapters).items()) == [10, 17, 19]


def test_paragraph_spans_link_each_paragraph(project):
    links = paragraph_span_links((10, 11, 12), project.chapters)
    assert links == "[¶10](3-bureaucratism-class-thermidor.md#p10)–[¶12](4-theory-in-crisis.md#p12)"
    assert paragraph_span_links((19, 21), project.chapters) == "[¶19](6-final-theory-weighed.md#p19), [¶21](6-final-theory-weighed.md#p21)"
    assert paragraph_span_links((10, 11), project.chapters).count("](") == 2


def test_the_glossary_page_lists_each_meaning_with_its_paragraphs_and_attribution(project):
    page = glossary_page(project.glossary, project.essay, project.chapters, "", "")
    entry = page.split('id="thermidor"')[1].split("</div>")[0]
    assert '<p class="gloss-meanings-head">Meanings in the essay:</p>' in entry
    thermidor = next(e for e in project.glossary if e.id == "thermidor")
    first, later = thermidor.meaning_at(10), thermidor.meaning_at(15)
    assert (
        f'<li markdown="span">([¶10](3-bureaucratism-class-thermidor.md#p10)–[¶12](4-theory-in-crisis.md#p12), {first.by}) '
        f"{esc(first.meaning)}" in entry
    )
    assert f'<li markdown="span">([¶15](5-revolution-betrayed.md#p15), {later.by}) {esc(later.meaning)}' in entry
    restoration_entry = next(e for e in project.glossary if e.id == "restoration")
    restoration = page.split('id="restoration"')[1].split("</div>")[0]
    meaning = restoration_entry.meaning_at(19)
    assert f"([¶19](6-final-theory-weighed.md#p19), [¶21](6-final-theory-weighed.md#p21), {meaning.by}) {esc(meaning.meaning)}" in restoration
    # Meanings come under the definition, before the sources; an entry without meanings has none.
    assert entry.index("Meanings in the essay") < entry.index("gloss-source")
    assert "Meanings in the essay" not in page.split('id="kirov"')[1].split("</div>")[0]


def test_the_built_pages_show_the_meaning_for_the_paragraph(site):
    chapter5 = lxml.html.parse(str(site / "5-revolution-betrayed" / "index.html"))
    (link,) = chapter5.xpath('//a[@class="gloss" and contains(@href, "#thermidor")]')
    assert link.get("title") == link.get("data-definition")
    from edition.sources.essay import load_essay
    from edition.sources.glossary import load_glossary

    later = next(e for e in load_glossary(load_essay()) if e.id == "thermidor").meaning_at(15)
    assert link.get("title") == f"Thermidor (as {later.by} used it here): {later.meaning}"
    page = lxml.html.parse(str(site / "glossary" / "index.html"))
    items = page.xpath('//div[@id="thermidor"]//ul[@class="gloss-meanings"]/li')
    assert len(items) == 2
    assert [a.get("href") for a in items[0].iterfind(".//a")] == ["../3-bureaucratism-class-thermidor/#p10", "../4-theory-in-crisis/#p12"]
    assert items[0].text_content().startswith("(¶10–¶12, Trotsky) Until the mid-1930s")
