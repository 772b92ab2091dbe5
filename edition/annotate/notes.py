"""The essay's note markers [1]…[N]: checked once, turned into citations of footnotes.bib."""

from __future__ import annotations

from edition.annotate.markup import Span
from edition.sources.bibliography import note_key
from edition.sources.essay import NOTE_MARKER


def note_citation_spans(text: str, block: int | str) -> list[Span]:
    """Replace each marker [N] by the citation [@noteN], which mkdocs-bibtex resolves."""
    return [Span(m.start(), m.end(), _citation(note_key(int(m.group(1)))), kind="note") for m in NOTE_MARKER.finditer(text)]


def _citation(key: str):
    return lambda _words: f"[@{key}]"
