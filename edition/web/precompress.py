"""Precompressed copies of the site's text files, for hosts that serve a file's `.gz` or `.br` twin.

A host that compresses on the fly (GitHub Pages, Netlify, Cloudflare Pages) does not need them; a
host that serves files as they are (nginx with `gzip_static on;` or the brotli module's
`brotli_static on;`, or a plain file server behind a CDN) sends the smaller file to a browser that
accepts it. A chapter's text and stylesheets are then about a fifth of their size on the wire, so
a slow connection draws the page sooner.

Every text file a browser fetches (HTML, CSS, JavaScript, JSON, XML, SVG, plain text, the cite
files) gets `name.gz` (gzip, level 9) and `name.br` (Brotli, quality 11) beside it, when that is
smaller. Source maps (`.map`, only fetched by a browser's developer tools) are left alone, and so
is a `.gz` already there (MkDocs' own `sitemap.xml.gz`). Reproducible: the gzip header carries no
file name and the fixed time, and a compressed file and its twins all have that modification time
(SOURCE_DATE_EPOCH in a reproducible build; nginx asks for equal times), so two builds of one commit
give the same bytes and the same times.
Compressing at Brotli's best quality is slow (seconds for the site), and every publishing build
compresses every file again: there is no cache of the pairs (the build cache holds only the
link-preview images).
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import brotli

TEXT_SUFFIXES = frozenset({".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".bib", ".ris"})
GZIP_LEVEL = 9
BROTLI_QUALITY = 11


def text_files(site: Path) -> list[Path]:
    """The files to compress, in a stable order."""
    return sorted(p for p in site.rglob("*") if p.is_file() and p.suffix in TEXT_SUFFIXES)


def compress(data: bytes, mtime: int) -> tuple[bytes, bytes]:
    """(gzip, brotli) of data; the gzip header carries `mtime` and no file name."""
    return gzip.compress(data, GZIP_LEVEL, mtime=mtime), brotli.compress(data, quality=BROTLI_QUALITY)


def precompress(site: Path, mtime: int) -> list[Path]:
    """Write the `.gz` and `.br` twins of the site's text files; return the files written."""
    written: list[Path] = []
    for path in text_files(site):
        data = path.read_bytes()
        pair = compress(data, mtime)
        twins = []
        for suffix, packed in zip((".gz", ".br"), pair, strict=True):
            twin = path.with_name(path.name + suffix)
            if len(packed) >= len(data) or (suffix == ".gz" and twin.exists()):
                continue
            twin.write_bytes(packed)
            twins.append(twin)
        for done in (*twins, path) if twins else ():  # nginx: the same modification time for both
            os.utime(done, (mtime, mtime))
        written += twins
    return written


def build_time() -> int:
    """SOURCE_DATE_EPOCH (reproducible builds; `./run` sets it from the last commit), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return int(epoch)
    import time

    return int(time.time())
