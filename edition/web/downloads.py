"""What each download weighs, beside its link: "PDF, A4 (5 pages, 62 KB)".

The chapter pages are written before the PDFs and the EPUB exist, so the page generator leaves an
empty marker after each download link (`download_facts_marker`, in edition/pages/chapter.py) and
the publishing build fills it in once the files are made, and fails if a marker names a file it
did not make. A build without the PDFs (`mkdocs serve`) leaves the markers empty, and they show
nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

from edition.pages.chapter import download_facts_marker as marker


def describe(size: int, pages: int | None = None) -> str:
    """'5 pages, 62 KB' (a PDF) or '212 KB' (the EPUB)."""
    weight = f"{max(1, round(size / 1024))} KB"
    return f"{pages} page{'s' if pages != 1 else ''}, {weight}" if pages else weight


EMPTY_MARKER = re.compile(r'<span class="download-facts" data-file="([^"]*)"></span>')


def fill(site: Path, files: dict[str, int | None]) -> int:
    """Fill in every marker of the built pages for the files made, {path: pages or None}; return
    how many markers were filled. A marker for a file that was not made (a renamed PDF or EPUB
    stem) is an error naming the page and the file: its link would lead nowhere."""
    facts = {path: describe((site / path).stat().st_size, pages) for path, pages in files.items()}
    filled = 0
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        if 'class="download-facts"' not in text:
            continue
        for path, words in facts.items():
            empty = marker(path)
            count = text.count(empty)
            if count:
                text = text.replace(empty, empty.replace("></span>", f"> ({words})</span>"))
                filled += count
        missing = EMPTY_MARKER.findall(text)
        if missing:
            raise ValueError(
                f"{page.relative_to(site).as_posix()}: a download link names {', '.join(sorted(set(missing)))}, "
                f"which the build did not make (made: {', '.join(sorted(files)) or 'nothing'})"
            )
        page.write_text(text, encoding="utf-8")
    return filled
