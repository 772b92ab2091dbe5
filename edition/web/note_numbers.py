"""A Python-Markdown extension that gives each footnote the essay's own note number.

Python-Markdown numbers footnotes 1, 2, 3 on each page; the essay's note 14 must read 14 on its
chapter page, in the PDF and in its URL. After the footnotes extension has done its work, this
renames `fnref:note14`/`fn:note14` to `note-14-ref`/`note-14`, shows "14", sets `<li value="14">`,
labels the backlink and keeps the list out of the search index (the notes page has them, numbered). It runs before MkDocs collects anchors, so links to #note-14 validate.
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
            elif element.tag == "div" and "footnote" in (element.get("class") or "").split():
                # Out of the search index: the search drops <li value>, so a result numbered a chapter's
                # notes from 1; each note is found, rightly numbered, on /notes/ and on its own page.
                element.set("data-search-exclude", "")
            elif element.tag == "li" and (match := _NOTE_ID.match(element_id)):
                number = match.group(1)
                element.set("id", urls.note(int(number)))
                element.set("value", number)
                element.set("class", "note")
                for link in element.iter("a"):
                    if "footnote-backref" in (link.get("class") or ""):
                        link.set("href", f"#{urls.note_ref(int(number))}")
                        label = f"Back to note {number} in the text"
                        link.set("title", label)
                        link.set("aria-label", label)


class NoteNumbersExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After the footnotes extension (priorities 50, 19, 15), before MkDocs's anchors (5).
        md.treeprocessors.register(_NoteNumbers(md), "note-numbers", 10)


def makeExtension(**kwargs) -> NoteNumbersExtension:  # noqa: N802 (Markdown's API name)
    return NoteNumbersExtension(**kwargs)
