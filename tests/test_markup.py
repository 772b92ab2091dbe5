"""Annotating words without changing them; generated regions between paired markers."""

import pytest

from edition.annotate.markup import Span, escape_html_text, escape_markdown, render
from edition.errors import SourceError
from edition.pages.regions import replace_region


def test_markdown_syntax_in_the_essay_stays_literal():
    assert escape_markdown("our [Soviet] *economic* _x_ <b>") == r"our \[Soviet\] \*economic\* \_x\_ &lt;b&gt;"


def test_html_text_is_escaped_for_html_and_markdown():
    assert escape_html_text('<script>alert("x")</script> *y*') == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &#42;y&#42;"
    )


def test_spans_wrap_or_replace_words_and_leave_the_rest_escaped():
    text = "the word bureaucracy [3] here"
    spans = [
        Span(9, 20, lambda words: f"<a>{words}</a>", "sense"),
        Span(21, 24, lambda words: "[@note3]", "note"),
    ]
    assert render(text, spans) == "the word <a>bureaucracy</a> [@note3] here"


def test_overlapping_spans_fail_with_the_place():
    spans = [Span(0, 5, str, "a"), Span(3, 8, str, "b")]
    with pytest.raises(ValueError, match=r"¶4: overlapping annotations at character 3 \(b\)"):
        render("abcdefghij", spans, where="¶4")


def test_a_region_is_replaced_between_its_markers():
    text = "intro\n<!-- list:start -->\nold\n<!-- list:end -->\noutro\n"
    assert replace_region(text, "list", "new", "page.md") == (
        "intro\n<!-- list:start -->\nnew\n<!-- list:end -->\noutro\n"
    )


def test_a_yaml_region_keeps_its_indentation():
    text = "nav:\n  # ch:start\n  - a\n  # ch:end\n"
    assert replace_region(text, "ch", "  - b", "mkdocs.yml", comment="#") == "nav:\n  # ch:start\n  - b\n  # ch:end\n"


@pytest.mark.parametrize(
    "text",
    ["no markers at all", "<!-- list:start -->\nonly a start", "<!-- list:start -->\n<!-- list:start -->\n<!-- list:end -->"],
)
def test_a_missing_or_unpaired_marker_fails(text):
    with pytest.raises(SourceError, match=r"page\.md: expected one '<!-- list:start -->'"):
        replace_region(text, "list", "new", "page.md")
