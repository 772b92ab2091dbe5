"""The published text and its paragraphs."""

import hashlib
from pathlib import Path

import pytest

from edition.errors import SourceError
from edition.sources.essay import ESSAY_PATH, load_essay, parse_essay

# The published text, fixed: any edit to sources/twiss-2016.txt fails here first.
PUBLISHED_SHA256 = "6a758c9e65df44099a376496e4f80bc455b97cdd774659731aed75cfef59082a"
SHARED_COPY = Path(__file__).resolve().parents[2] / "shared" / "essay" / "twiss-2016.txt"


def test_source_is_the_published_text():
    assert hashlib.sha256(ESSAY_PATH.read_bytes()).hexdigest() == PUBLISHED_SHA256


@pytest.mark.skipif(not SHARED_COPY.exists(), reason="the shared research folder is not beside this checkout")
def test_source_matches_the_shared_copy():
    assert ESSAY_PATH.read_bytes() == SHARED_COPY.read_bytes()


def test_paragraphs_are_numbered_from_the_first_body_paragraph():
    essay = load_essay()
    assert essay.title == "The development of Trotsky’s analysis of the Soviet bureaucracy"
    assert essay.caption == "Leon Trotsky and Joseph Stalin"
    assert essay.byline == "By Thomas M. Twiss"
    assert len(essay.paragraphs) == 23
    assert essay.paragraph(1).text.startswith("August 19, 2016 — Links")
    assert essay.paragraph(23).text.startswith("This presentation was given")


def test_note_markers_are_in_order():
    markers = load_essay().note_markers()
    assert [n for n, _ in markers] == list(range(1, 30))
    assert dict(markers)[14] == 13


def test_a_multiline_block_is_rejected_with_the_file_name():
    with pytest.raises(SourceError, match=r"essay\.txt: a paragraph spans several lines"):
        parse_essay("Title\n\nCaption\n\nBy X\n\nOne line\nand another", "essay.txt")
