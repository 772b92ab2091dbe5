"""The build cache: the link-preview images, as PNG files named by their key.

Drawing the 36 images is the one piece of a build that a cache saves in the cases people meet (a
first build after a checkout whose cache is kept, a `mkdocs serve` edit that changes one note, a
`gh-deploy` after a build), so it is the only thing cached. Each image is the file `<key>.png` in
`.cache/edition/previews/` beside mkdocs.yml (as Material's social plugin keeps `.cache/plugin/social`),
where the key is a digest of everything the image depends on (its text, the fonts, the drawing code,
Pillow: edition.web.previews.draw.card_key), so a stale image is never used. A cache entry is plain
bytes, read back as bytes: there is nothing to unpickle, so a cache restored from elsewhere (a CI
cache) can hold nothing worse than a wrong picture, and a wrong picture cannot have the right name.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

KEY = re.compile(r"[0-9a-f]{64}")


class PreviewCache:
    """PNG files named by their key in one folder; a folder that cannot be written is no cache at all."""

    def __init__(self, folder: Path, keep: int = 144):
        self.folder = Path(folder)
        self.keep = keep  # the newest images kept (four versions of each of 36), older ones removed

    def _path(self, key: str) -> Path:
        if not KEY.fullmatch(key):
            raise ValueError(f"not a cache key: {key!r}")
        return self.folder / f"{key}.png"

    def load(self, key: str) -> bytes | None:
        """The image stored under key, or None."""
        path = self._path(key)
        try:
            data = path.read_bytes()
            os.utime(path)  # in use: prune keeps the newest
        except OSError:
            return None
        return data

    def store(self, key: str, data: bytes) -> None:
        """Write whole or not at all (a half-written file would be a broken image under a good name)."""
        path = self._path(key)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(data)
            tmp.replace(path)
        except OSError:
            pass  # a read-only checkout builds without the cache

    def prune(self) -> None:
        """Remove all but the newest `keep` images."""
        try:
            entries = sorted(self.folder.glob("*.png"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
            for old in entries[self.keep :]:
                old.unlink(missing_ok=True)
        except OSError:
            pass
