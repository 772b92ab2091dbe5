"""The bench's targets, paths and small measures shared by its parts."""

from __future__ import annotations

import gzip
import statistics
import sys
from urllib.parse import urlsplit

# Build time, as a ratio to plain Material building the same pages in the same run:
COLD_RATIO_TARGET = 1.6  # each build in a fresh copy of the project, no cache (a clone, CI, gh-deploy)
REBUILD_RATIO_TARGET = 1.2  # the same copy built again, nothing changed
SERVE_SECONDS_TARGET = 1.2  # `mkdocs serve`: from saving an edit of a source to the page showing it
PDF_SECONDS_TARGET = 1.5
PDF_KB_TARGET = 300
PAGE_GZIP_KB_TARGET = 135  # issue 21: 115 KB, plus the italic face (about 16 KB) preloaded

# Formats that are compressed already: a server would send them as they are.
PRECOMPRESSED = (".woff2", ".woff", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".pdf", ".gz", ".zip")
PLAIN_EXTENSIONS = ["attr_list", "md_in_html", "tables", "footnotes"]


# ── Pure helpers ──────────────────────────────────────────────────────────────────────────────


def median(values) -> float:
    """The median of a non-empty sequence of numbers."""
    values = list(values)
    if not values:
        raise ValueError("median of no values")
    return float(statistics.median(values))


def gzip_size(data: bytes, level: int = 6) -> int:
    """Bytes of data once gzip-compressed at the given level (what a typical server sends)."""
    return len(gzip.compress(data, compresslevel=level, mtime=0))


def transfer_size(url: str, body: bytes) -> int:
    """Bytes a compressing server would send: gzip level 6, except for formats compressed already."""
    if urlsplit(url).path.lower().endswith(PRECOMPRESSED):
        return len(body)
    return gzip_size(body)


def kb(size: float) -> float:
    return round(size / 1024, 1)


# ── Report ────────────────────────────────────────────────────────────────────────────────────


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def table(rows: list[list], headers: list[str], indent: str = "") -> str:
    cells = [headers] + [["" if c is None else str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row):
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()

    lines = [line(cells[0]), line(["-" * w for w in widths])] + [line(r) for r in cells[1:]]
    return "\n".join(indent + text for text in lines)
