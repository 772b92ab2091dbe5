"""A build cache: skip work whose inputs have not changed since a build that did it.

Four things are cached, under .cache/edition/ (never committed). The first two are keyed by one
digest of every file that can change them (state_digest): the sources, footnotes.bib, the committed
pages, mkdocs.yml, the edition package's code and the lock file.
- the checked Project (edition.sources.project), so a build does not parse and cross-check the sources again;
- the verdict "the committed pages are current", so a build does not regenerate every page to
  compare it (the check `scripts/generate.py --check` makes, and `mkdocs serve` still regenerates).
The third is keyed by a digest of the built site itself (site_digest): the verdict "every internal
link and anchor resolves", so the link check that ends every build parses only output it has not
seen before.
The fourth is each link-preview image, keyed by its own inputs (its text, the fonts, the drawing
code, Pillow: edition.web.previews.draw.card_key), so a changed note redraws that note's image only.
A changed byte anywhere in an entry's inputs gives a new key, so a stale entry is never used.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path

from edition.sources import paths

CACHE_DIR = paths.ROOT / ".cache" / "edition"
KEEP = 8  # entries of each kind kept; older ones are removed


def _inputs(root: Path) -> list[Path]:
    files = [root / "footnotes.bib", root / "mkdocs.yml", root / "requirements.txt", root / "pyproject.toml"]
    for folder, pattern in (("sources", "*"), ("docs", "*.md"), ("edition", "*.py"), ("edition", "*.css")):
        files += sorted(p for p in (root / folder).rglob(pattern) if p.is_file())
    return files


def state_digest(root: Path = paths.ROOT) -> str:
    """sha256 of every input's path and bytes, and the Python version."""
    hasher = hashlib.sha256(sys.version.encode())
    for path in _inputs(root):
        hasher.update(str(path.relative_to(root)).encode() + b"\0")
        hasher.update(path.read_bytes() if path.exists() else b"(missing)")
        hasher.update(b"\0")
    return hasher.hexdigest()


def site_digest(site: Path, checker: Path, options: str) -> str:
    """sha256 of a built site as a link check sees it: every file's path, each HTML page's bytes,
    the checker's own code and its options (the site's base path, whether PDFs are expected)."""
    hasher = hashlib.sha256(sys.version.encode() + b"\0" + checker.read_bytes() + b"\0" + options.encode())
    for path in sorted(site.rglob("*")):
        if path.is_file():
            hasher.update(b"\0" + path.relative_to(site).as_posix().encode() + b"\0")
            if path.suffix == ".html":
                hasher.update(path.read_bytes())
    return hasher.hexdigest()


def _prune(kind: str, keep: int = KEEP) -> None:
    entries = sorted(CACHE_DIR.glob(f"{kind}-*"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[keep:]:
        old.unlink(missing_ok=True)


def _write(path: Path, data: bytes) -> None:
    """Write whole or not at all (a half-written entry would be read as a corrupt one)."""
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def load(kind: str, digest: str):
    """The cached object, or None if there is none (or it cannot be read)."""
    path = CACHE_DIR / f"{kind}-{digest}.pickle"
    try:
        return pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None


def store(kind: str, digest: str, value, keep: int = KEEP) -> None:
    """Cache value under kind and digest, keeping the newest `keep` entries of that kind."""
    try:
        _write(CACHE_DIR / f"{kind}-{digest}.pickle", pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        _prune(kind, keep)
    except OSError:
        pass  # a read-only checkout builds without the cache
