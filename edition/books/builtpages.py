"""Reading the built site's pages: what the PDFs and the EPUB share."""

from __future__ import annotations

import copy
import datetime as dt
import os
from pathlib import Path

from lxml import html as lxml_html

# Theme chrome and web-only widgets that never go to print (classes, then tags).
DROP_CLASSES = ("headerlink", "md-source-file", "md-content__button", "md-footer", "footnote-backref", "ed-screen-only", "notes-heading")
DROP_TAGS = ("button", "script", "style", "noscript", "template")


class PdfError(RuntimeError):
    """A PDF could not be made; the message names the chapter (or the whole essay)."""


def build_date() -> dt.datetime:
    """The edition's date: SOURCE_DATE_EPOCH if set (reproducible builds), else now; in UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.now(tz=dt.UTC).replace(microsecond=0)


def has_class(name: str) -> str:
    """XPath test for an element with the class `name` (lxml's cssselect is not a dependency)."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def find(root, tag: str = "*", *classes: str) -> list:
    """Descendants of root with the tag and every class given."""
    tests = "".join(f"[{has_class(c)}]" for c in classes)
    return root.xpath(f".//{tag}{tests}")


def strip_trailing_space(element) -> None:
    """Drop the spaces (the web's no-break space before "↩") that would end a note with a blank line."""
    spaces = " \t\n\xa0"
    if len(element):
        last = element[-1]
        last.tail = (last.tail or "").rstrip(spaces) or None
    elif element.text:
        element.text = element.text.rstrip(spaces)


def read_article(page: Path, error: type[Exception] = PdfError, keep: tuple[str, ...] = ()):
    """The article of a built page, without comments, theme chrome and web-only widgets (also used
    by edition/books/epub/, which keeps some of them: classes in `keep`). A missing page or article raises
    `error` naming the file."""
    if not page.is_file():
        raise error(f"built page {page} not found")
    root = lxml_html.parse(str(page)).getroot()
    found = find(root, "article", "md-content__inner") or find(root, "*", "md-content__inner")
    if not found:
        raise error(f"{page}: no article.md-content__inner in the built page")
    article = copy.deepcopy(found[0])
    for comment in article.xpath(".//comment()"):
        comment.drop_tree()
    kept = set(keep)
    for name in DROP_CLASSES:
        for element in find(article, "*", name):
            if not kept & set((element.get("class") or "").split()):
                element.drop_tree()
    for tag in DROP_TAGS:
        for element in article.xpath(f".//{tag}"):
            element.drop_tree()
    return article


# ── Assembling the print documents ──────────────────────────────────────────────────────────


def edition_facts(edition: dict) -> dict:
    return {"essay": dict(edition["essay"]), "edition": dict(edition["edition"])}
