"""Senses of "bureaucracy": every use assigned and linked; bad assignments name paragraph and word."""

from pathlib import Path

import lxml.html
import pytest
import yaml

from edition.annotate import senses as annotate_senses
from edition.errors import SourceError
from edition.pages import senses as pages_senses
from edition.sources import paths, yamlfile
from edition.sources import senses as sources_senses
from edition.sources.chapters import parse_chapters
from edition.sources.essay import load_essay, parse_essay
from edition.sources.policy import load_policy
from edition.sources.yamlfile import load_yaml

ROOT = Path(__file__).resolve().parent.parent

DATA = Path(__file__).parent / "data" / "senses"
ESSAY = parse_essay(
    "On bureaucracy\n\nCaption\n\nBy Someone\n\n"
    "Bureaucracy meant the rule of the bureaus.\n\nLater glavkokratiia, a bureaucracy of glavki.\n\nFinally the bureaucrats."
)
CHAPTERS = parse_chapters(
    yaml.safe_load(
        """
chapters:
  - {slug: one, title: One, years: "1917", summary: s, paragraphs: [Bureaucracy meant]}
  - {slug: two, title: Two, years: "1920", summary: s, paragraphs: [Later, Finally]}
"""
    ),
    ESSAY,
    Path("chapters.yml"),
)
SENSES_YAML = """\
stages:
  - {id: early, label: Early, years: "1917–1920", summary: The first stage.}
  - {id: later, label: Later, years: "1920–1936", summary: The second stage.}
senses:
  - {id: rule, stage: early, short: Rule, label: Rule of the bureaus, period: "1917", definition: The bureaus rule., paragraphs: [1]}
  - id: red-tape
    stage: later
    short: Red tape
    label: Red tape and inefficiency
    period: "1920"
    definition: Inefficiency.
    paragraphs: [2]
    facets:
      - {id: forecast, short: "of which: forecast", label: "Forecast: what comes next", definition: A prediction., paragraphs: [3]}
"""
SENSES = sources_senses.parse_senses(yaml.load(SENSES_YAML, Loader=yamlfile._LineLoader), Path("senses.yml"), len(ESSAY.paragraphs))
USES_YAML = """\
uses:
  - {p: 0, word: bureaucracy, sense: rule, why: The title names the topic}
  - {p: 1, word: Bureaucracy, sense: rule, why: "“the rule of the bureaus”"}
  - {p: 1, word: bureaus, sense: rule, why: "“the rule of the bureaus”"}
  - {p: 2, word: glavkokratiia, sense: red-tape, why: "“a bureaucracy of glavki”"}
  - {p: 2, word: bureaucracy, sense: red-tape, why: "“a bureaucracy of glavki”"}
  - {p: 3, word: bureaucrats, sense: red-tape, facet: forecast, why: "“Finally the bureaucrats”", previously: rule}
"""


def assign(text: str, tmp_path):
    path = tmp_path / "sense-uses.yml"
    path.write_text(text, encoding="utf-8")
    return sources_senses.assign_uses(ESSAY, SENSES, load_yaml(path), path)


def test_uses_are_matched_in_text_order_with_stable_anchors(tmp_path):
    uses = assign(USES_YAML, tmp_path)
    assert [(u.anchor, u.word, u.sense) for u in uses] == [
        ("u0-1", "bureaucracy", "rule"),
        ("u1-1", "Bureaucracy", "rule"),
        ("u1-2", "bureaus", "rule"),
        ("u2-1", "glavkokratiia", "red-tape"),
        ("u2-2", "bureaucracy", "red-tape"),
        ("u3-1", "bureaucrats", "red-tape"),
    ]
    assert (uses[-1].facet, uses[-1].previously) == ("forecast", "rule")


def test_previous_and_next_use_follow_one_sense_across_chapters(tmp_path):
    uses = assign(USES_YAML, tmp_path)
    previous, following = sources_senses.neighbours(uses, uses[1])
    assert (previous.anchor, following.anchor) == ("u0-1", "u1-2")
    previous, following = sources_senses.neighbours(uses, uses[4])
    assert (previous.anchor, following.anchor) == ("u2-1", "u3-1")


def test_the_chapter_section_and_chart_match_golden_files(tmp_path):
    uses = assign(USES_YAML, tmp_path)
    section = pages_senses.chapter_senses_section(CHAPTERS[1], CHAPTERS, SENSES, uses, ESSAY)
    assert section + "\n" == (DATA / "chapter-two-section.expected").read_text(encoding="utf-8")
    chart = pages_senses.chart_svg(CHAPTERS, SENSES, uses)
    assert chart + "\n" == (DATA / "chart.expected.svg").read_text(encoding="utf-8")


def test_an_unassigned_use_names_the_paragraph_and_the_word(tmp_path):
    text = USES_YAML.split("  - {p: 3,")[0]
    with pytest.raises(SourceError, match=r"sense-uses\.yml: ¶3: the use 'bureaucrats' \(use 1 in that paragraph\) has no sense assigned"):
        assign(text, tmp_path)


def test_an_unknown_sense_names_the_line_paragraph_and_word(tmp_path):
    text = USES_YAML.replace("{p: 2, word: bureaucracy, sense: red-tape,", "{p: 2, word: bureaucracy, sense: red-tap,")
    with pytest.raises(SourceError, match=r"sense-uses\.yml:6: ¶2: 'bureaucracy' is assigned the unknown sense 'red-tap'"):
        assign(text, tmp_path)


GLAVKOKRATIIA_USE = '  - {p: 2, word: glavkokratiia, sense: red-tape, why: "“a bureaucracy of glavki”"}\n'


@pytest.mark.parametrize(
    "use, line",
    [
        ("  - {p: 2, word: glavkokratiia, sense: red-tape}\n", 5),
        ('  - {p: 2, word: glavkokratiia, sense: red-tape, why: ""}\n', 5),
        ("  - {p: 2, word: glavkokratiia, sense: red-tape, why: '  '}\n", 5),
        ("  - p: 2\n    word: glavkokratiia\n    sense: red-tape\n    why:\n", 8),  # at the line of the empty why
    ],
    ids=["left-out", "empty", "blank", "empty-on-its-own-line"],
)
def test_a_use_without_its_why_names_the_file_the_line_and_the_use(tmp_path, use, line):
    """Readers see each use's why after "Editors’ reading:": a use without one is refused, never shown bare."""
    assert GLAVKOKRATIIA_USE in USES_YAML
    with pytest.raises(SourceError, match=rf"^{tmp_path}/sense-uses\.yml:{line}: ¶2: 'glavkokratiia' has no 'why:', the editors' reason"):
        assign(USES_YAML.replace(GLAVKOKRATIIA_USE, use), tmp_path)


def test_a_why_that_is_not_text_is_named_as_such(tmp_path):
    """`why: 7` is there, but not the editors' words: the error says what it is, not that it is missing."""
    with pytest.raises(SourceError, match=rf"^{tmp_path}/sense-uses\.yml:5: ¶2: 'glavkokratiia' has the 'why:' 7, not text"):
        assign(USES_YAML.replace(GLAVKOKRATIIA_USE, "  - {p: 2, word: glavkokratiia, sense: red-tape, why: 7}\n"), tmp_path)


def test_a_use_made_without_a_why_is_refused():
    """Not only the loader: a Use made in code with an empty why would print “Editors’ reading: .”."""
    with pytest.raises(ValueError, match=r"the use 'bureaucracy' of ¶2 has no why"):
        sources_senses.Use(2, 1, "bureaucracy", 0, 11, "red-tape", " ")


def test_a_moved_use_is_caught(tmp_path):
    text = USES_YAML.replace("{p: 2, word: glavkokratiia, sense: red-tape,", "{p: 2, word: bureaucracy, sense: red-tape,", 1)
    with pytest.raises(SourceError, match=r"sense-uses\.yml:5: ¶2: the text's use 1 there is 'glavkokratiia', but this entry assigns 'bureaucracy'"):
        assign(text, tmp_path)


def test_a_listed_use_the_text_lacks_fails(tmp_path):
    with pytest.raises(SourceError, match=r"¶3: 'bureaucratism' is listed but the text has no such use"):
        assign(USES_YAML + "  - {p: 3, word: bureaucratism, sense: rule, why: w}\n", tmp_path)


def test_a_facet_the_sense_lacks_names_the_line_and_the_word(tmp_path):
    text = USES_YAML.replace("sense: red-tape, facet: forecast", "sense: rule, facet: forecast")
    with pytest.raises(SourceError, match=r"sense-uses\.yml:7: ¶3: 'bureaucrats' names the facet 'forecast', which sense 'rule' does not have"):
        assign(text, tmp_path)


@pytest.mark.parametrize(
    "change, message",
    [
        (("stage: later", "stage: latr"), r"senses\.yml:\d+: sense 'red-tape' has the unknown stage 'latr'"),
        (("id: forecast", "id: rule"), r"senses\.yml:\d+: duplicate id 'rule'"),
        (("{id: rule, stage: early", "{id: rule, stage: later"), r"senses\.yml: stage\(s\) with no sense: early"),
        (("id: early", "id: Early Days"), r"senses\.yml:\d+: id 'Early Days' should be lowercase"),
    ],
)
def test_a_bad_senses_scheme_names_the_file_and_line(tmp_path, change, message):
    path = tmp_path / "senses.yml"
    path.write_text(SENSES_YAML.replace(*change), encoding="utf-8")
    with pytest.raises(SourceError, match=message):
        sources_senses.load_senses(path, len(ESSAY.paragraphs))


@pytest.mark.parametrize(
    "change, message",
    [
        (("    paragraphs: [2]\n", "    paragraphs: [2, 999]\n"), r"senses\.yml:12: sense 'red-tape': no paragraph ¶999 in the essay \(it has ¶0–¶\d+\)"),
        (("    paragraphs: [2]\n", '    paragraphs: ["5"]\n'), r"senses\.yml:12: sense 'red-tape': the ¶ number \"5\" is in quotes"),
        (("paragraphs: [3]}", "paragraphs: [999]}"), r"senses\.yml:14: facet 'forecast': no paragraph ¶999 in the essay"),
    ],
)
def test_a_bad_paragraph_number_of_a_sense_or_facet_names_the_file_and_line(tmp_path, change, message):
    """Review finding 5: senses' ¶ numbers were never checked, so generate died with a bare KeyError."""
    path = tmp_path / "senses.yml"
    assert change[0] in SENSES_YAML
    path.write_text(SENSES_YAML.replace(*change), encoding="utf-8")
    with pytest.raises(SourceError, match=message):
        sources_senses.load_senses(path, len(ESSAY.paragraphs))


def test_senses_out_of_stage_order_fail(tmp_path):
    path = tmp_path / "senses.yml"
    path.write_text(SENSES_YAML.replace("stage: early", "stage: later").replace("    stage: later\n    short: Red", "    stage: early\n    short: Red"), encoding="utf-8")
    with pytest.raises(SourceError, match=r"sense 'red-tape' is out of stage order"):
        sources_senses.load_senses(path, len(ESSAY.paragraphs))


def test_the_tooltip_names_stage_sense_and_facet(tmp_path):
    uses = assign(USES_YAML, tmp_path)
    assert annotate_senses.tooltip(SENSES["red-tape"], uses[-1]) == (
        "Stage 2, Later (1920–1936) · Sense: Red tape and inefficiency · Forecast: what comes next"
    )


def test_the_real_assignment_covers_every_use_of_the_word_family():
    """Counted from the essay, not pinned: the loader checks the order and words, this the total."""
    essay = load_essay(ROOT / paths.ESSAY)
    sense_list = sources_senses.load_senses(ROOT / paths.SENSES, len(load_essay(ROOT / paths.ESSAY).paragraphs))
    uses = sources_senses.load_uses(essay, sense_list, ROOT / paths.SENSE_USES)
    found = sum(len(sources_senses.WORD_FAMILY.findall(t)) for t in [essay.title] + [p.text for p in essay.paragraphs])
    assert len(uses) == found > 0


def test_every_use_is_linked_in_the_built_chapters(site):
    essay = load_essay(ROOT / paths.ESSAY)
    uses = sources_senses.load_uses(essay, sources_senses.load_senses(ROOT / paths.SENSES, len(load_essay(ROOT / paths.ESSAY).paragraphs)), ROOT / paths.SENSE_USES)
    linked = {}
    for path in site.glob("[1-6]-*/index.html"):
        tree = lxml.html.parse(str(path))
        for link in tree.iterfind('.//a[@class="sense-use"]'):
            linked[link.get("id")] = (link.text, link.get("data-sense"), link.get("href"), path.parent.name)
            entry = tree.find(f'.//li[@id="sense-{link.get("id")}"]')
            assert entry is not None, f"{path.parent.name}: no list entry for {link.get('id')}"
    assert {u.anchor: (u.word, u.sense) for u in uses} == {k: v[:2] for k, v in linked.items()}
    assert all(href == f"#sense-{anchor}" for anchor, (_, _, href, _) in linked.items())


def test_the_senses_page_has_a_concordance_row_for_every_use(site):
    uses = sources_senses.load_uses(load_essay(ROOT / paths.ESSAY), sources_senses.load_senses(ROOT / paths.SENSES, len(load_essay(ROOT / paths.ESSAY).paragraphs)), ROOT / paths.SENSE_USES)
    tree = lxml.html.parse(str(site / "senses" / "index.html"))
    rows = tree.xpath('//td/a[starts-with(@href, "../") and contains(@href, "#u")]')
    assert sorted(row.get("href").rsplit("#", 1)[1] for row in rows) == sorted(use.anchor for use in uses)
    assert tree.find('.//svg[@class="senses-chart"]/desc') is not None


def test_no_excerpt_shows_a_raw_note_marker():
    """Quotations in the senses lists, the concordance and on note pages show no bare [14]."""
    import re as _re

    docs = Path(__file__).resolve().parent.parent / "docs"
    pages = [docs / "senses.md", *docs.glob("[0-9]-*.md")]
    excerpts = [span for page in pages for span in _re.findall(r'<span class="kwic">(.*?)</span>', page.read_text(encoding="utf-8"))]
    assert len(excerpts) > 50
    assert [e for e in excerpts if _re.search(r"\[\d+\]", e)] == []
    quotes = [line for page in (docs / "notes").glob("[0-9]*.md") for line in page.read_text(encoding="utf-8").splitlines() if line.startswith("> ")]
    assert quotes and [q for q in quotes if _re.search(r"\[\d+\]", q)] == []
    assert any('<sup class="note-call">14</sup>' in q for q in quotes)


# ── The group that is not a stage, the page's introduction and the stages' source ────────────

WORD_YAML = SENSES_YAML.replace(
    "senses:\n",
    "  - {id: the-word, label: The word, years: throughout, summary: Not a stage., numbered: false}\nsenses:\n",
) + "  - {id: term, stage: the-word, short: Word, label: The word itself, period: any, definition: A mention., paragraphs: [1]}\n"


def test_a_group_that_is_not_a_stage_has_no_number(tmp_path):
    senses = sources_senses.parse_senses(yamlfile.parse_yaml(WORD_YAML), Path("senses.yml"), len(ESSAY.paragraphs))
    stages = sources_senses.stages_of(senses)
    assert [(s.id, s.number, s.numbered) for s in stages] == [("early", 1, True), ("later", 2, True), ("the-word", 0, False)]
    assert [s.title for s in stages] == ["Stage 1: Early (1917–1920)", "Stage 2: Later (1920–1936)", "The word (throughout)"]
    use = sources_senses.Use(1, 1, "Bureaucracy", 0, 11, "term", "the word")
    assert annotate_senses.tooltip(senses["term"], use) == "The word (throughout) · Sense: The word itself"
    chart = pages_senses.chart_svg(CHAPTERS, senses, [use])
    assert 'data-stage="the-word">The word (throughout)</text>' in chart and ">3. " not in chart


@pytest.mark.parametrize(
    "change, message",
    [
        (("numbered: false", "numbered: no way"), r"senses\.yml:4: stage 'the-word': 'numbered' should be true or false"),
        (
            ("  - {id: later,", "  - {id: the-word2, label: W, years: x, summary: s, numbered: false}\n  - {id: later,"),
            r"senses\.yml:4: stage 'later' is numbered but follows a group that is not a stage",
        ),
    ],
)
def test_a_bad_numbered_field_names_the_file_and_line(change, message):
    with pytest.raises(SourceError, match=message):
        sources_senses.parse_senses(yamlfile.parse_yaml(WORD_YAML.replace(*change)), Path("senses.yml"), len(ESSAY.paragraphs))


PREFACE_YAML = """\
intro: >-
  Twiss finds three “main understandings of the nature of the problem” in
  Trotsky’s writings, the last “a distinct social formation … autonomy”.
sources:
  - url: http://d-scholarship.pitt.edu/7502/
    title: Twiss 2009
    kind: scholarship
    seen: "three main understandings of the nature of the problem … a distinct social formation, with a high degree of autonomy"
"""


def preface(text: str):
    return sources_senses.parse_preface(yamlfile.parse_yaml(text), load_essay(ROOT / paths.ESSAY), Path("senses.yml"), load_policy(ROOT / paths.SOURCE_POLICY))


def test_the_preface_loads_its_intro_and_the_stages_source():
    loaded = preface(PREFACE_YAML)
    assert loaded.intro.startswith("Twiss finds three “main understandings") and "\n" not in loaded.intro
    assert [s.url for s in loaded.sources] == ["http://d-scholarship.pitt.edu/7502/"] and loaded.sources[0].kind == "scholarship"
    assert loaded.seen[0].startswith("three main understandings")


@pytest.mark.parametrize(
    "change, message",
    [
        ((PREFACE_YAML[: PREFACE_YAML.index("sources:")], ""), r"senses\.yml:1: 'intro:' should be the paragraph that opens the Senses page"),
        (("intro: >-\n  Twiss", "intro_: >-\n  Twiss"), r"senses\.yml:1: unknown key 'intro_': did you mean 'intro'\?"),
        (("“a distinct social formation … autonomy”", "“a tendency of the state”"), r"senses\.yml:1: 'intro:' quotes “a tendency of the state”, which is neither in the essay nor in the words seen"),
        (("    seen: \"three", "    # seen: \"three"), r"senses\.yml:5: 'stages': source \S+ has no 'seen:'"),
        (("    seen: \"three", "    unseen: \"three"), r"senses\.yml:8: unknown key 'unseen' in 'stages', source 1: did you mean 'seen'\?"),
        (("http://d-scholarship.pitt.edu/7502/", "https://example.org/thesis"), r"senses\.yml:5: 'stages': source host 'example\.org' is not an accepted host"),
        (("sources:\n", "sourcez:\n"), r"senses\.yml:4: unknown key 'sourcez': did you mean 'sources'\?"),
        ((PREFACE_YAML[PREFACE_YAML.index("sources:"):], ""), r"senses\.yml:1: 'stages' needs a 'sources:' list"),
    ],
)
def test_a_bad_preface_names_the_file_and_line(change, message):
    assert change[0] in PREFACE_YAML
    with pytest.raises(SourceError, match=message):
        preface(PREFACE_YAML.replace(*change))


def test_the_stages_sources_show_the_words_seen_once_in_a_details_after_the_paragraph(project):
    """Second review, T1: one <details> per source, after its </p>, never inside it, and the words once."""
    import re

    block = pages_senses.stages_source_html(project.senses_preface)
    for source, part in zip(project.senses_preface.sources, block.split("\n"), strict=True):
        assert part.count("<details") == 1, part
        paragraph = re.search(r"<p>.*?</p>", part).group(0)
        assert "<details" not in paragraph
        assert part.index("</p><details>") < part.index("<summary>Words seen at the source</summary>")
        assert part.count(pages_senses.esc(source.seen)) == 1, part  # the words seen, once
        assert "Words seen</summary>" not in part  # no second disclosure from the source's own markup
        assert pages_senses.esc(source.label) in paragraph  # the kind and partisan label stay with the source


def test_the_senses_page_shows_the_editors_intro_the_stages_source_and_former_labels(project):
    page = pages_senses.senses_page(project.chapters, project.senses, project.uses, project.essay, "", "", project.senses_preface)
    intro = page.split("## The stages at a glance")[0]
    assert "Twiss finds three “main understandings of the nature of the problem”" in intro
    for stale in ("refers to", "(1919–1923)", "(1928–1936)", "tendency of the state and party regime"):
        assert stale not in intro, stale
    # The stages' source, with the words seen in a <details>.
    assert 'Source of the three stages: <a href="http://d-scholarship.pitt.edu/7502/">' in page
    assert "<details><summary>Words seen at the source</summary><blockquote><p>In his various writings over these years" in page
    # Three numbered stages; the word and the topic under its own heading, last and without a number.
    headings = [line for line in page.splitlines() if line.startswith("## ")]
    assert [h.split(" {")[0] for h in headings[1:]] == [
        f"## Stage {n}: {esc_heading}" for n, esc_heading in enumerate((s.heading for s in sources_senses.stages_of(project.senses)[:3]), 1)
    ] + ["## The word and the topic (throughout)"]
    assert "Stage 4" not in page and "4. The word" not in page
    # Renamed stages, senses and facets say what they were called.
    assert "Formerly: “The administrative problem”." in page
    assert "Formerly: “Bureaucratism: a tendency of the state and party regime”." in page
    # Every public anchor of the page is still there.
    manifest = (Path(__file__).parent / "public-urls.txt").read_text(encoding="utf-8").split()
    for url in (u for u in manifest if u.startswith("senses/#")):
        assert f"#{url.split('#')[1]} " in page or f"#{url.split('#')[1]} }}" in page, url
