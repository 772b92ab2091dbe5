"""A Python-Markdown extension that lets a table be read as a stack of cards on a phone.

Material shows a table wider than the screen in a box that scrolls sideways: on a 360 px phone the
home page's fourth column ("What happens") starts off screen, and each row is as tall as its hidden
text. Below Material's phone breakpoint, `docs/assets/edition.css` sets each row of a table marked
`data-stack` as a block, each cell under its column's name (`data-label`, shown by CSS).

A table of up to MAX_COLUMNS columns is marked; a wider one (the senses chart, a matrix of counts)
keeps Material's sideways scrolling. Because `display: block` makes browsers drop a table's
semantics, each part also gets its ARIA role (table, rowgroup, row, columnheader, cell), so a screen
reader still reads a table whose cells have headers.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

MAX_COLUMNS = 5
ROLES = {"thead": "rowgroup", "tbody": "rowgroup", "tr": "row", "th": "columnheader", "td": "cell"}


def _text(element: etree.Element) -> str:
    return " ".join("".join(element.itertext()).split())


class _StackedTables(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for table in root.iter("table"):
            header = table.find("thead/tr")
            if header is None:
                continue
            labels = [_text(th) for th in header.findall("th")]
            if not 0 < len(labels) <= MAX_COLUMNS:
                continue
            table.set("data-stack", "")
            table.set("role", "table")
            for part in table.iter():
                if part.tag in ROLES:
                    part.set("role", ROLES[part.tag])
            for row in table.findall("tbody/tr"):
                for label, cell in zip(labels, row.findall("td"), strict=False):
                    cell.set("data-label", label)


class StackedTablesExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After the tables extension has built the tables (a block processor, so before every
        # treeprocessor); the priority only places it among the treeprocessors.
        md.treeprocessors.register(_StackedTables(md), "stacked-tables", 9)


def makeExtension(**kwargs) -> StackedTablesExtension:  # noqa: N802 (Markdown's API name)
    return StackedTablesExtension(**kwargs)
