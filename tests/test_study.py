"""Study sheets: the editors' questions checked against the essay, and each chapter's sheet built from checked data."""

import re
from pathlib import Path

import pytest

from edition.errors import SourceError
from edition.pages import study
from edition.sources import glossary, paths, questions, senses, timeline
from edition.sources.chapters import load_chapters, parse_chapters
from edition.sources.essay import load_essay, parse_essay
from edition.sources.policy import load_policy
from edition.sources.yamlfile import load_yaml, parse_yaml

ROOT = Path(__file__).resolve().parent.parent

DATA = Path(__file__).parent / "data" / "study"

# ── A small essay for the golden file ──────────────────────────────────────────────────────

ESSAY = parse_essay(
    "On bureaucracy\n\nCaption\n\nBy Someone\n\n"
    "Lenin wrote of the rule of the bureaus.[1]\n\n"
    "In 1920 Trotsky attacked glavkokratiia, a bureaucracy of glavki, and the “rule of <the> bureaus”.\n\n"
    "Finally the bureaucrats ruled, as Trotsky had feared.[2]"
)
CHAPTERS = parse_chapters(
    parse_yaml(
        """
chapters:
  - {slug: one, title: One, years: "1917", summary: s, paragraphs: [Lenin wrote]}
  - {slug: two, title: Two, years: 1920–1936, summary: s, paragraphs: [In 1920, Finally]}
"""
    ),
    ESSAY,
    Path("chapters.yml"),
)
SENSES = senses.parse_senses(
    parse_yaml(
        """
stages:
  - {id: early, label: Early, years: "1917–1920", summary: The first stage.}
  - {id: later, label: Later, years: "1920–1936", summary: The second stage.}
senses:
  - {id: rule, stage: early, short: Rule, label: Rule of the bureaus, period: "1917", definition: The bureaus rule., paragraphs: [1]}
  - {id: red-tape, stage: later, short: Red tape, label: Red tape & *inefficiency*, period: "1920", definition: Inefficiency., paragraphs: [2]}
"""
    ),
    Path("senses.yml"),
    len(ESSAY.paragraphs),
)
USES = senses.assign_uses(
    ESSAY,
    SENSES,
    parse_yaml(
        """
uses:
  - {p: 0, word: bureaucracy, sense: rule, why: w}
  - {p: 1, word: bureaus, sense: rule, why: w}
  - {p: 2, word: glavkokratiia, sense: red-tape, why: w}
  - {p: 2, word: bureaucracy, sense: red-tape, why: w}
  - {p: 2, word: bureaus, sense: rule, why: w}
  - {p: 3, word: bureaucrats, sense: red-tape, why: w}
"""
    ),
    Path("sense-uses.yml"),
)
ENTRIES = [
    glossary.Entry("lenin", "Vladimir Lenin", "person", ("Lenin",), "Bolshevik leader. Only in chapter one.", ()),
    glossary.Entry("glavki", "glavki", "institution", ("glavki",), "Boards (the “glavki”) of c. 1920 industry. A second sentence.", ()),
    glossary.Entry("trotsky", "Leon Trotsky", "person", ("Trotsky",), "Lars T. Lih’s subject, a revolutionary. Born 1879.", ()),
    glossary.Entry("bureaus", "bureaus", "term", ("bureaus",), "Offices <of state> [sic].", ()),
]
EVENTS = [
    timeline.Event("early", "1917", "1917", "Not in chapter two", (1,), ()),
    timeline.Event("critique", "1920", "1920", "Trotsky's critique of the glavki", (1, 2), ()),
]
QUESTIONS_YAML = """\
chapters:
  - chapter: one
    questions:
      - {id: a, paragraphs: [1], question: Does Twiss argue this?}
      - {id: b, paragraphs: [1], question: Or that?}
      - {id: c, paragraphs: [1], question: Or neither?}
  - chapter: two
    questions:
      - id: glavki-bureaucracy
        paragraphs: [2]
        question: >-
          Twiss calls glavkokratiia “a bureaucracy of glavki”: is *that* a fair <summary>?
      - {id: feared, paragraphs: [2, 3], question: "Had Trotsky “feared” it, as Twiss says?"}
      - {id: gap, paragraphs: [2], question: "Is the “rule of … bureaus” here the same rule?"}
"""


def test_the_study_sheet_matches_the_golden_file():
    asked = questions.parse_questions(parse_yaml(QUESTIONS_YAML), ESSAY, CHAPTERS, Path("questions.yml"))
    sheet = study.study_sheet(CHAPTERS[1], CHAPTERS, ESSAY, ENTRIES, EVENTS, SENSES, USES, asked)
    assert sheet + "\n" == (DATA / "chapter-two-sheet.expected").read_text(encoding="utf-8")


def test_a_sheet_leaves_out_empty_groups():
    sheet = study.study_sheet(CHAPTERS[0], CHAPTERS, ESSAY, [], [], SENSES, USES, {})
    assert 'id="study-senses"' in sheet
    assert not any(f'id="study-{group}"' in sheet for group in ("terms", "people", "events", "questions"))


def test_first_sentence_skips_initials_and_abbreviations():
    assert study.first_sentence("Lars T. Lih, historian. He wrote on grain.") == "Lars T. Lih, historian."
    assert study.first_sentence("Boards of c. 1920 industry. More.") == "Boards of c. 1920 industry."
    assert study.first_sentence("Russian for “fist.” A peasant.") == "Russian for “fist.”"
    assert study.first_sentence("One sentence only") == "One sentence only"


def one_chapter(text: str):
    """A one-chapter essay of the given text, for reading-time sums."""
    essay = parse_essay("Title\n\nCaption\n\nByline\n\n" + text)
    data = parse_yaml(f"chapters:\n  - {{slug: a, title: A, years: '1917', summary: s, paragraphs: [{text.split()[0]!r}]}}\n")
    return parse_chapters(data, essay, Path("chapters.yml"))[0]


def test_reading_time_counts_words_not_note_markers_and_rounds_half_up():
    assert study.reading_time(CHAPTERS[1]) == (23, 1)
    assert study.reading_time(one_chapter("word — word [1]")) == (2, 1)  # never “about 0 minutes”
    assert study.reading_time(one_chapter(" ".join(["word"] * 299) + ".[1]")) == (299, 1)
    assert study.reading_time(one_chapter(" ".join(["Trotsky’s"] * 500))) == (500, 3)  # 2.5 minutes: half up, not to even


# ── The questions file: every mistake names the file and the line ──────────────────────────


@pytest.fixture(scope="module")
def essay():
    return load_essay(ROOT / paths.ESSAY)


@pytest.fixture(scope="module")
def chapters(essay):
    return load_chapters(essay, ROOT / paths.CHAPTERS)


def valid_questions(chapters) -> str:
    """Three plain questions per real chapter. Chapter k starts on line 2 + 11k; its question j on line 4 + 11k + 3j."""
    lines = ["chapters:"]
    for chapter in chapters:
        lines += [f"  - chapter: {chapter.slug}", "    questions:"]
        for j in range(3):
            lines += [f"      - id: {chapter.slug}-q{j}", f"        paragraphs: [{chapter.first}]", "        question: Does Twiss argue this?"]
    return "\n".join(lines) + "\n"


def parse(tmp_path, text, essay, chapters):
    path = tmp_path / "questions.yml"
    path.write_text(text, encoding="utf-8")
    return questions.parse_questions(load_yaml(path), essay, chapters, path)


def test_a_valid_file_gives_every_chapter_its_questions_in_order(tmp_path, essay, chapters):
    asked = parse(tmp_path, valid_questions(chapters), essay, chapters)
    assert list(asked) == [c.slug for c in chapters]
    first = asked["1-meanings"][0]
    assert (first.id, first.chapter, first.paragraphs, first.text, first.anchor) == (
        "1-meanings-q0", "1-meanings", (1,), "Does Twiss argue this?", "q-1-meanings-q0"
    )


def replace_once(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


BAD = {
    "unknown chapter": (
        lambda t: replace_once(t, "chapter: 1-meanings\n", "chapter: 1-meaning\n"),
        r"questions\.yml:2: unknown chapter '1-meaning': the chapters are 1-meanings, 2-glavkokratiia",
    ),
    "chapter listed twice": (
        lambda t: replace_once(t, "chapter: 2-glavkokratiia", "chapter: 1-meanings"),
        r"questions\.yml:13: chapter '1-meanings' is listed twice",
    ),
    "paragraph of another chapter": (
        lambda t: replace_once(t, "paragraphs: [1]", "paragraphs: [1, 5]"),
        r"questions\.yml:5: question '1-meanings-q0': ¶5 is not in chapter '1-meanings' \(¶1–¶3\)",
    ),
    "no such paragraph": (
        lambda t: replace_once(t, "paragraphs: [1]", "paragraphs: [99]"),
        r"questions\.yml:5: question '1-meanings-q0': no paragraph ¶99 in the essay \(it has ¶1–¶23\)",
    ),
    "paragraph not a number": (
        lambda t: replace_once(t, "paragraphs: [1]", "paragraphs: [¶1]"),
        r"questions\.yml:5: question '1-meanings-q0': paragraph '¶1' should be a ¶ number",
    ),
    "no paragraph": (
        lambda t: replace_once(t, "paragraphs: [1]", "paragraphs: []"),
        r"questions\.yml:5: question '1-meanings-q0' cites no paragraph",
    ),
    "too few questions": (
        lambda t: replace_once(t, "      - id: 1-meanings-q2\n        paragraphs: [1]\n        question: Does Twiss argue this?\n", ""),
        r"questions\.yml:2: chapter '1-meanings' has 2 question\(s\): give 3 to 5",
    ),
    "too many questions": (
        lambda t: replace_once(
            t,
            "      - id: 1-meanings-q2\n",
            "".join(f"      - {{id: extra-{n}, paragraphs: [2], question: Or that?}}\n" for n in range(3)) + "      - id: 1-meanings-q2\n",
        ),
        r"questions\.yml:2: chapter '1-meanings' has 6 question\(s\): give 3 to 5",
    ),
    "a chapter without questions": (
        lambda t: t[: t.index("  - chapter: 6-final-theory-weighed")],
        r"questions\.yml:2: chapter\(s\) with no questions: 6-final-theory-weighed",
    ),
    "duplicate id": (
        lambda t: replace_once(t, "id: 1-meanings-q1", "id: 1-meanings-q0"),
        r"questions\.yml:7: duplicate question id '1-meanings-q0' \(first given on line 4\)",
    ),
    "duplicate id across chapters": (
        lambda t: replace_once(t, "id: 2-glavkokratiia-q0", "id: 1-meanings-q2"),
        r"questions\.yml:15: duplicate question id '1-meanings-q2' \(first given on line 10\)",
    ),
    "id not a slug": (
        lambda t: replace_once(t, "id: 1-meanings-q1", "id: Question_1"),
        r"questions\.yml:7: id 'Question_1' should be lowercase letters, digits and single hyphens",
    ),
    "misquotation": (
        lambda t: replace_once(t, "question: Does Twiss argue this?", "question: Is bureaucracy “the rule of the bureaucrats”?"),
        r"questions\.yml:4: question '1-meanings-q0': the quotation “the rule of the bureaucrats” is not word for word in the cited paragraph\(s\) ¶1",
    ),
    "quotation from an uncited paragraph": (
        # “rule of the bureaus” is in ¶2, but the question cites only ¶1
        lambda t: replace_once(t, "question: Does Twiss argue this?", "question: Is it the “rule of the bureaus”?"),
        r"questions\.yml:4: question '1-meanings-q0': the quotation “rule of the bureaus” is not word for word in the cited paragraph\(s\) ¶1",
    ),
    "a gap that hides a misquotation": (
        lambda t: replace_once(t, "paragraphs: [1]", "paragraphs: [2]").replace(
            "question: Does Twiss argue this?", "question: Is it the “rule of … bureaucrats”?", 1
        ),
        r"questions\.yml:4: question '1-meanings-q0': the quotation “rule of … bureaucrats” is not word for word",
    ),
    "straight quotes": (
        lambda t: replace_once(t, "question: Does Twiss argue this?", "question: 'Is it the \"rule of the bureaus\"?'"),
        r"questions\.yml:4: question '1-meanings-q0': use typographic quotes “…”",
    ),
    "unmatched quote": (
        lambda t: replace_once(t, "question: Does Twiss argue this?", "question: Is it the “rule of the bureaus?"),
        r"questions\.yml:4: question '1-meanings-q0': a “ or ” is unmatched",
    ),
    "missing question": (
        lambda t: replace_once(t, "        question: Does Twiss argue this?\n", ""),
        r"questions\.yml:4: entry is missing 'question'",
    ),
    "a key given twice": (
        lambda t: replace_once(t, "        question: Does Twiss argue this?\n", "        question: One?\n        question: Two?\n"),
        r"questions\.yml:7: duplicate key 'question' \(first given on line 6\)",
    ),
}


@pytest.mark.parametrize("case", BAD)
def test_a_bad_questions_file_names_the_file_and_the_line(tmp_path, essay, chapters, case):
    edit, message = BAD[case]
    with pytest.raises(SourceError, match=message):
        parse(tmp_path, edit(valid_questions(chapters)), essay, chapters)


def test_a_quotation_with_a_gap_is_found_in_order():
    assert questions.quoted_in("rule of … bureaus", "the rule of the bureaus")
    assert not questions.quoted_in("bureaus … rule of", "the rule of the bureaus")
    assert questions.quotations("A “one” and “two … three”.") == ["one", "two … three"]


# ── The real questions and sheets ──────────────────────────────────────────────────────────


@pytest.fixture(scope="module")
def real(essay, chapters):
    return questions.load_questions(essay, chapters, ROOT / paths.QUESTIONS)


def test_the_real_questions_file_passes_with_three_to_five_per_chapter(real, chapters):
    assert list(real) == [c.slug for c in chapters]
    assert all(3 <= len(asked) <= 5 for asked in real.values())


def test_every_quotation_in_a_question_is_in_a_paragraph_it_cites(real, essay):
    """Checked here independently of the loader: text inside “…” is the essay's, word for word."""
    quoted = 0
    for asked in real.values():
        for question in asked:
            for quotation in re.findall(r"“([^”]*)”", question.text):
                quoted += 1
                parts = [part.strip() for part in quotation.split("…") if part.strip()]
                assert any(all(part in essay.paragraph(p).text for part in parts) for p in question.paragraphs), (
                    f"{question.id}: “{quotation}” is not in ¶{question.paragraphs}"
                )
    assert quoted > 20  # the questions do quote the essay, so the check has work to do


def test_the_real_questions_are_attributed_open_questions_without_web_addresses(real):
    text = (ROOT / "sources" / "questions.yml").read_text(encoding="utf-8")
    assert "http" not in text and "www." not in text  # the source policy scans every URL in sources/
    for asked in real.values():
        for question in asked:
            assert "Twiss" in question.text, f"{question.id}: say whose argument it is"
            assert question.text.endswith("?"), f"{question.id}: end with a question"
            assert not re.search(r"\b(In )?[Ww]hat year\b|\bWhen did\b|\bWho was\b", question.text), f"{question.id}: not a quiz"


def anchors(page: str, pattern: str) -> set[str]:
    return set(re.findall(pattern, (ROOT / "docs" / page).read_text(encoding="utf-8")))


def test_every_real_sheet_links_to_anchors_that_exist(real, essay, chapters):
    entries = glossary.load_glossary(essay, ROOT / paths.GLOSSARY, load_policy(ROOT / paths.SOURCE_POLICY))
    events = timeline.load_timeline(essay, ROOT / paths.TIMELINE, load_policy(ROOT / paths.SOURCE_POLICY))
    sense_list = senses.load_senses(ROOT / paths.SENSES, len(load_essay(ROOT / paths.ESSAY).paragraphs))
    uses = senses.load_uses(essay, sense_list, ROOT / paths.SENSE_USES)
    targets = {
        "glossary.md": anchors("glossary.md", r'<div class="gloss-entry" id="([a-z0-9-]+)"'),
        "timeline.md": anchors("timeline.md", r'<li id="([a-z0-9-]+)"'),
        "senses.md": anchors("senses.md", r"\{ #([a-z0-9-]+)"),
    }
    for chapter in chapters:
        sheet = study.study_sheet(chapter, chapters, essay, entries, events, sense_list, uses, real)
        assert "## Study sheet { #study-sheet }" in sheet and 'class="study-sheet ed" data-search-exclude' in sheet
        assert "Questions for discussion (the editors’, not Twiss’s)" in sheet
        for page, anchor in re.findall(r"\]\(([a-z]+\.md)#([a-z0-9-]+)\)", sheet):
            assert anchor in targets[page], f"{chapter.slug}: no #{anchor} on {page}"
        for local in re.findall(r"\]\(#([a-z0-9-]+)\)", sheet):
            assert re.fullmatch(r"p\d+|u\d+-\d+", local), local
            number = int(re.search(r"\d+", local).group())
            assert number == 0 or chapter.first <= number <= chapter.last, f"{chapter.slug}: #{local} is on another page"
        for question in real[chapter.slug]:
            assert f'<li id="{question.anchor}" markdown>' in sheet
        assert "<details" not in sheet and "ed-screen-only" not in sheet  # it prints as it reads
