"""One error type for bad input, so every failure names the file and the key or line."""

from __future__ import annotations

from pathlib import Path


class SourceError(Exception):
    """Bad curated input: the message always starts with the file (and line) at fault."""

    def __init__(self, path: str | Path, message: str, line: int | None = None):
        self.path = str(path)
        self.line = line
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")
