"""Laying out a PDF so that each note sits on the page that cites it."""

from __future__ import annotations

from edition.books.pdf.documents import PdfError

# ── Notes at the foot of the citing page: WeasyPrint 70 and footnote-policy ─────────────────

# WeasyPrint 70 (its line-box layout in layout/block.py) has a paragraph that reaches the foot of a page
# with a single line (fewer than `orphans`) take room from the page's notes: it "reports" the notes
# already set there to the next page, though their calls stay on this one, and though the notes'
# CSS says `footnote-policy: line`, under which a note never leaves the page of its call. Upstream:
# https://github.com/Kozea/WeasyPrint/issues/2432 and https://github.com/Kozea/WeasyPrint/pull/2437
# ("report footnotes when text overflows because of orphans"). We do not patch WeasyPrint: lay_out
# checks where every note landed, and lays the document out again with a page break where one
# strayed. tests/test_pdf.py has a canary that shows WeasyPrint's own behaviour, so an upgrade
# that fixes it says so.
MAX_RELAYOUTS = 4


def lay_out(html, stylesheets: list, font_config):
    """Lay out a parsed document so that every note stands on the page that cites it.

    Returns (the WeasyPrint document, how many layouts it took). Usually one layout is enough.
    Should a note end up on another page than its call (WeasyPrint 70 moves one to make room for a
    paragraph's `orphans`, see above), a page break is forced before the last top-level block of the
    citing page (`data-pdf-block`) and the document is laid out again, at most MAX_RELAYOUTS times.
    """
    from weasyprint import CSS

    breaks: list[str] = []
    sheets = list(stylesheets)
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
        # Read only: WeasyPrint's Page keeps its boxes in `_page_box` (no public accessor in 70).
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
