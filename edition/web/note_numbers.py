"""A Python-Markdown extension that gives each footnote the essay's own note number.

Python-Markdown numbers footnotes 1, 2, 3 on each page; the essay's note 14 must read 14 on its
chapter page, in the PDF and in its URL. After the footnotes extension has done its work, this
renames `fnref:note14`/`fn:note14` to `note-14-ref`/`note-14`, shows "14", sets `<li value="14">`
and labels the backlink. It runs before MkDocs collects anchors, so links to #note-14 validate.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from edition import urls

_REF_ID = re.compile(r"fnref\d*:note(\d+)$")
_NOTE_ID = re.compile(r"fn:note(\d+)$")


class _NoteNumbers(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            element_id = element.get("id", "")
            if element.tag == "sup" and (match := _REF_ID.match(element_id)):
                number = match.group(1)
                element.set("id", urls.note_ref(int(number)))
                element.set("class", "note-ref")
                element.set("data-note", number)
                for link in element.iter("a"):
                    link.set("href", f"#{urls.note(int(number))}")
                    link.set("aria-label", f"Note {number}")
                    link.text = number
            elif element.tag == "li" and (match := _NOTE_ID.match(element_id)):
                number = match.group(1)
                element.set("id", urls.note(int(number)))
                element.set("value", number)
                element.set("class", "note")
                _add_search_number(element, number)
                for link in element.iter("a"):
                    if "footnote-backref" in (link.get("class") or ""):
                        link.set("href", f"#{urls.note_ref(int(number))}")
                        label = f"Back to note {number} in the text"
                        link.set("title", label)
                        link.set("aria-label", label)


def _add_search_number(item: etree.Element, number: str) -> None:
    """'Note 14. ' at the start of the note, for the search index only (it drops `<li value>`, and
    a result numbered the notes of a chapter from 1); hidden on the page, left out of the books."""
    span = etree.Element("span", {"class": "ed-search-only"})
    span.text = f"Note {number}. "
    holder = item[0] if len(item) and item[0].tag == "p" else item
    span.tail, holder.text = holder.text, None
    holder.insert(0, span)


class NoteNumbersExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After the footnotes extension (priorities 50, 19, 15), before MkDocs's anchors (5).
        md.treeprocessors.register(_NoteNumbers(md), "note-numbers", 10)


def makeExtension(**kwargs) -> NoteNumbersExtension:  # noqa: N802 (Markdown's API name)
    return NoteNumbersExtension(**kwargs)
