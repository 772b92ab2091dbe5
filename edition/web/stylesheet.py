"""The edition's stylesheet as the browser gets it: docs/assets/edition.css without its comments.

The stylesheet is documented at length (why each rule is there), which is right for its readers and
wasteful for every reader of the site: the comments were 40% of its gzipped bytes, about 3.5 KB of a
chapter's first visit. The build writes site/assets/edition.css without them; the rules are left
exactly as written, and so is any comment-like text inside a quoted string.
"""

from __future__ import annotations

import re
from pathlib import Path

STYLESHEET = Path("assets") / "edition.css"


# A quoted string (kept as it is) or a comment (dropped): one pass of one regular expression.
_STRING_OR_COMMENT = re.compile(r"""("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')|/\*.*?\*/""", re.S)


def without_comments(css: str) -> str:
    """css with every /* … */ comment removed (not inside a string), and the blank lines it leaves."""
    if "/*" in _STRING_OR_COMMENT.sub("", css):  # what is left outside strings and whole comments
        raise ValueError("an unclosed comment in the stylesheet")
    kept = _STRING_OR_COMMENT.sub(lambda match: match.group(1) or "", css)
    lines = [line.rstrip() for line in kept.splitlines()]
    return "\n".join(line for line in lines if line.strip()) + "\n"


def strip_comments(site: Path) -> None:
    """Rewrite the built site's copy of the stylesheet without its comments."""
    path = site / STYLESHEET
    if path.is_file():
        path.write_text(without_comments(path.read_text(encoding="utf-8")), encoding="utf-8")
