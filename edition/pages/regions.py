"""Generated regions inside hand-written files, fenced by paired markers.

A region looks like `<!-- name:start -->` … `<!-- name:end -->` (or `# name:start` in YAML).
A missing, unpaired or repeated marker raises, so a typo fails the build instead of vanishing.
"""

from __future__ import annotations

import re
from pathlib import Path

from edition.errors import SourceError


def _markers(name: str, comment: str) -> tuple[str, str]:
    if comment == "#":
        return f"# {name}:start", f"# {name}:end"
    return f"<!-- {name}:start -->", f"<!-- {name}:end -->"


def replace_region(text: str, name: str, content: str, path: Path | str, comment: str = "html") -> str:
    start, end = _markers(name, comment)
    starts, ends = text.count(start), text.count(end)
    if starts != 1 or ends != 1:
        raise SourceError(path, f"expected one '{start}' and one '{end}', found {starts} and {ends}")
    pattern = re.compile(re.escape(start) + r"\n.*?" + r"(?=^[ \t]*" + re.escape(end) + ")", re.S | re.M)
    if not pattern.search(text):
        raise SourceError(path, f"'{end}' must follow '{start}' on a later line")
    return pattern.sub(lambda _: f"{start}\n{content.rstrip()}\n", text, count=1)
