"""Annotating the essay's words without changing them.

Each pipeline step (notes, senses, glossary) returns spans over the *raw* paragraph text; `render`
escapes the text for Markdown and wraps or replaces each span. Steps never edit text directly, so
the words between spans are always the published ones, and two steps cannot overlap unnoticed.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from edition.sources.latex import ITALIC_END, ITALIC_START

# Characters that Markdown would read as syntax in running text.
_MARKDOWN_SPECIAL = {"\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]", "<": "&lt;", ">": "&gt;",
                     ITALIC_START: "*", ITALIC_END: "*"}
_MARKDOWN_TABLE = str.maketrans(_MARKDOWN_SPECIAL)


def escape_markdown(text: str) -> str:
    """Escape running text so Markdown shows it literally."""
    return text.translate(_MARKDOWN_TABLE)


_MARKDOWN_ENTITIES = str.maketrans({**{ch: f"&#{ord(ch)};" for ch in "\\`*_[]"}, ITALIC_START: "<i>", ITALIC_END: "</i>"})


def escape_html_text(text: str) -> str:
    """Escape text that goes into inline HTML inside Markdown (HTML and Markdown syntax both inert)."""
    return html.escape(text, quote=True).translate(_MARKDOWN_ENTITIES)


def escape_table_cell(text: str) -> str:
    """Escape text for a cell of a Markdown table: as escape_html_text, and `|` too (it would end the cell)."""
    return escape_html_text(text).replace("|", "&#124;")


@dataclass(frozen=True)
class Span:
    """A stretch of a paragraph's raw text and how to mark it up.

    `render` receives the escaped words of the span and returns the markup that replaces them.
    """

    start: int
    end: int
    render: Callable[[str], str]
    kind: str = ""


def render(text: str, spans: Iterable[Span], where: str = "") -> str:
    """Escape `text` for Markdown and apply the spans, which must not overlap."""
    out: list[str] = []
    position = 0
    ordered = sorted(spans, key=lambda s: (s.start, s.end))
    for span in ordered:
        if span.start < position:
            raise ValueError(f"{where}: overlapping annotations at character {span.start} ({span.kind})")
        out.append(escape_markdown(text[position : span.start]))
        out.append(span.render(escape_markdown(text[span.start : span.end])))
        position = span.end
    out.append(escape_markdown(text[position:]))
    return "".join(out)
