"""The essay's note markers [1]…[N]: checked once, turned into citations of footnotes.bib."""

from __future__ import annotations

from edition.errors import SourceError
from edition.essay import ESSAY_PATH, NOTE_MARKER, Essay
from edition.markup import Span


def note_key(number: int) -> str:
    return f"note{number}"


def check_markers(essay: Essay, path=ESSAY_PATH) -> int:
    """The markers run 1, 2, 3 … in reading order, each once; returns how many there are."""
    expected = 1
    for number, paragraph in essay.note_markers():
        if number != expected:
            problem = "repeats" if number < expected else f"skips note {expected}"
            raise SourceError(path, f"note marker [{number}] in ¶{paragraph} {problem}")
        expected += 1
    return expected - 1


def note_citation_spans(text: str, block: int | str) -> list[Span]:
    """Replace each marker [N] by the citation [@noteN], which mkdocs-bibtex resolves."""
    return [Span(m.start(), m.end(), _citation(note_key(int(m.group(1)))), kind="note") for m in NOTE_MARKER.finditer(text)]


def _citation(key: str):
    return lambda _words: f"[@{key}]"
