"""Generated regions inside hand-written files, fenced by paired markers.

A region looks like `<!-- name:start -->` … `<!-- name:end -->` (or `# name:start` in YAML).
A missing, unpaired or repeated marker raises, so a typo fails the build instead of vanishing.
"""

from __future__ import annotations

import re
from pathlib import Path

from edition.errors import SourceError


def comment_style(path: Path | str) -> str:
    """How a file writes its markers: `#` in YAML, an HTML comment elsewhere (Markdown)."""
    return "#" if Path(path).suffix in (".yml", ".yaml") else "html"


def _markers(name: str, comment: str) -> tuple[str, str]:
    if comment == "#":
        return f"# {name}:start", f"# {name}:end"
    return f"<!-- {name}:start -->", f"<!-- {name}:end -->"


def _region(text: str, name: str, path: Path | str, comment: str) -> tuple[str, re.Match]:
    """The region's start marker and its match: the start marker's line and the lines up to the end marker."""
    start, end = _markers(name, comment)
    starts, ends = text.count(start), text.count(end)
    if starts != 1 or ends != 1:
        raise SourceError(path, f"expected one '{start}' and one '{end}', found {starts} and {ends}")
    match = re.search(re.escape(start) + r"\n.*?" + r"(?=^[ \t]*" + re.escape(end) + ")", text, re.S | re.M)
    if not match:
        raise SourceError(path, f"'{end}' must follow '{start}' on a later line")
    return start, match


def replace_region(text: str, name: str, content: str, path: Path | str, comment: str = "html") -> str:
    start, match = _region(text, name, path, comment)
    return f"{text[: match.start()]}{start}\n{content.rstrip()}\n{text[match.end():]}"


def region_text(text: str, name: str, path: Path | str, comment: str = "html") -> str:
    """What replace_region put in the region, with its start marker: the same text in two files means
    replacing that region in either leaves it as it is (the generation stamp compares regions so)."""
    return _region(text, name, path, comment)[1].group(0)
