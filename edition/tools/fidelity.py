"""Read the essay's words back out of built pages, to prove they are the published ones.

Essay text is every element with class `essay-text`, in page order. Inside it, editorial
insertions carry class `ed` (paragraph numbers, labels) and are skipped; a note reference
(`sup.note-ref` with `data-note`) reads back as the published marker "[N]"; a tooltip's hidden
definition (class `ed`) is skipped like every other editorial insertion.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html

from edition.sources.essay import Essay


def _text(element) -> str:
    classes = (element.get("class") or "").split()
    if "ed" in classes:
        return element.tail or ""
    if element.tag == "sup" and "note-ref" in classes:
        return f"[{element.get('data-note')}]" + (element.tail or "")
    inner = (element.text or "") + "".join(_text(child) for child in element)
    return inner + (element.tail or "")


def essay_blocks(html: str) -> list[str]:
    """The essay text of one page, block by block."""
    tree = lxml.html.fromstring(html)
    blocks = tree.xpath('//*[contains(concat(" ", normalize-space(@class), " "), " essay-text ")]')
    return [(b.text or "") + "".join(_text(child) for child in b) for b in blocks]


def page_words(html: str) -> list[str]:
    return " ".join(essay_blocks(html)).split()


def published_words(essay: Essay) -> list[str]:
    blocks = [essay.title, essay.caption, essay.byline] + [p.text for p in essay.paragraphs]
    return " ".join(blocks).split()


def first_difference(expected: list[str], actual: list[str]) -> str | None:
    """None if equal; else where the words first part, with context, for a readable failure."""
    for index, (want, got) in enumerate(zip(expected, actual, strict=False)):
        if want != got:
            context = " ".join(expected[max(0, index - 6) : index + 6])
            return f"word {index + 1}: expected {want!r}, found {got!r} (published: …{context}…)"
    if len(expected) != len(actual):
        return f"published text has {len(expected)} words, the pages {len(actual)}"
    return None


def site_words(site: Path, page_paths: list[str]) -> list[str]:
    words: list[str] = []
    for page in page_paths:
        words += page_words((site / page / "index.html").read_text(encoding="utf-8"))
    return words
