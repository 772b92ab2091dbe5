"""Laying out a PDF so that each note sits on the page that cites it."""

from __future__ import annotations

import ast
import functools
import inspect
import textwrap
from contextlib import contextmanager

from edition.books.pdf.documents import PdfError

# ── Notes at the foot of the citing page: WeasyPrint 70 and footnote-policy ─────────────────

# WeasyPrint 70 (layout/block.py, _linebox_layout) has a paragraph that reaches the foot of a page
# with a single line (fewer than `orphans`) take room from the page's notes: it "reports" the notes
# already set there to the next page, though their calls stay on this one. The notes' CSS says
# `footnote-policy: line`, under which a note never leaves the page of its call, so we decide that
# one case as the policy says: a note is reported only under `footnote-policy: auto`, and otherwise
# the paragraph starts on the next page, as it does when no note is set. The function is
# recompiled from WeasyPrint's own source with that one test added, and used only while the PDFs
# are laid out; a WeasyPrint whose source lacks the line fails loudly (tests/test_pdf.py).
REPORT_DECISION = "report = not context.in_column and can_break_now and not could_break_before"
POLICY_TEST = " and all(note.style['footnote_policy'] == 'auto' for note in context.current_page_footnotes)"


def respect_footnote_policy(linebox_layout):
    """A copy of WeasyPrint's `_linebox_layout` whose orphans rule reports notes only under
    `footnote-policy: auto` (see above); raises PdfError if its source has changed."""
    source = textwrap.dedent(inspect.getsource(linebox_layout))
    if source.count(REPORT_DECISION) != 1:
        raise PdfError(
            f"{linebox_layout.__module__}.{linebox_layout.__name__} has changed: the footnote-policy "
            "patch in edition/books/pdf/layout.py expects the line " + repr(REPORT_DECISION)
        )
    tree = ast.parse(source.replace(REPORT_DECISION, REPORT_DECISION + POLICY_TEST))
    ast.increment_lineno(tree, linebox_layout.__code__.co_firstlineno - 1)  # tracebacks show the real lines
    namespace = dict(linebox_layout.__globals__)
    exec(compile(tree, linebox_layout.__code__.co_filename, "exec"), namespace)
    return namespace[linebox_layout.__name__]


@functools.cache
def _policy_linebox_layout():
    from weasyprint.layout import block

    return respect_footnote_policy(block._linebox_layout)


@contextmanager
def footnote_policy_respected():
    """Lay out with respect_footnote_policy's line layout; WeasyPrint's own is back afterwards."""
    from weasyprint.layout import block

    original = block._linebox_layout
    block._linebox_layout = _policy_linebox_layout()
    try:
        yield
    finally:
        block._linebox_layout = original


MAX_RELAYOUTS = 4


def lay_out(html, stylesheets: list, font_config):
    """Lay out a parsed document so that every note stands on the page that cites it.

    Returns (the WeasyPrint document, how many layouts it took). With footnote_policy_respected, one
    layout is enough. Should a note still end up on another page than its call (say, in a layout
    that WeasyPrint finishes otherwise), a page break is forced before the last top-level block of
    the citing page (`data-pdf-block`) and the document is laid out again, at most MAX_RELAYOUTS times.
    """
    from weasyprint import CSS

    breaks: list[str] = []
    sheets = list(stylesheets)
    with footnote_policy_respected():
        for attempt in range(MAX_RELAYOUTS + 1):
            document = html.render(stylesheets=sheets, font_config=font_config)
            misplaced = misplaced_notes(document)
            if not misplaced:
                return document, attempt + 1
            for note, page in misplaced:
                block = last_block(document.pages[page])
                if block is None or block in breaks:
                    raise PdfError(f"note {note} cannot be set at the foot of page {page + 1}, which cites it")
                breaks.append(block)
            rules = " ".join(f'[data-pdf-block="{b}"] {{ break-before: page; }}' for b in breaks)
            sheets = [*stylesheets, CSS(string=rules, font_config=font_config)]
    notes = ", ".join(note for note, _ in misplaced)
    raise PdfError(f"notes {notes} stay off the page that cites them after {MAX_RELAYOUTS} new layouts")


def _is_note(box) -> bool:
    element = getattr(box, "element", None)
    return element is not None and "pdf-note" in (element.get("class") or "").split()


def misplaced_notes(document) -> list[tuple[str, int]]:
    """(note number, index of the page citing it) for each note not printed on that page."""
    from weasyprint.formatting_structure.boxes import FootnoteAreaBox

    calls: dict[str, int] = {}
    printed: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        flow, *others = page._page_box.children  # the page's flow, then its footnote area if it has notes
        for box in flow.descendants():
            if _is_note(box) and box.element_tag.endswith("::footnote-call"):
                calls.setdefault(box.element.get("data-note"), index)
        for area in others:
            if isinstance(area, FootnoteAreaBox):
                for box in area.descendants():
                    if _is_note(box) and "::" not in box.element_tag:
                        printed.setdefault(box.element.get("data-note"), index)
    return [(note, page) for note, page in calls.items() if printed.get(note) != page]


def last_block(page) -> str | None:
    """The name (data-pdf-block) of the last top-level block that starts or goes on on a page."""
    last = None
    for box in page._page_box.children[0].descendants():
        element = getattr(box, "element", None)
        if element is not None and element.get("data-pdf-block") and "::" not in box.element_tag:
            last = element.get("data-pdf-block")
    return last
