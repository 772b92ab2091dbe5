"""The edition's stylesheet as the browser gets it: docs/assets/edition.css without its comments.

The stylesheet is documented at length (why each rule is there), which is right for its readers and
wasteful for every reader of the site: the comments were 40% of its gzipped bytes, about 3.5 KB of a
chapter's first visit. The build writes site/assets/edition.css without them; the rules are left
exactly as written, and so is any comment-like text inside a quoted string.
"""

from __future__ import annotations

from pathlib import Path

STYLESHEET = Path("assets") / "edition.css"


def without_comments(css: str) -> str:
    """css with every /* … */ comment removed (not inside a string), and the blank lines it leaves."""
    out: list[str] = []
    i, quote = 0, ""
    while i < len(css):
        char = css[i]
        if quote:
            out.append(char)
            if char == "\\" and i + 1 < len(css):
                out.append(css[i + 1])
                i += 1
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
            out.append(char)
        elif css.startswith("/*", i):
            end = css.find("*/", i + 2)
            if end < 0:
                raise ValueError("an unclosed comment in the stylesheet")
            i = end + 2
            continue
        else:
            out.append(char)
        i += 1
    lines = [line.rstrip() for line in "".join(out).splitlines()]
    return "\n".join(line for line in lines if line.strip()) + "\n"


def strip_comments(site: Path) -> None:
    """Rewrite the built site's copy of the stylesheet without its comments."""
    path = site / STYLESHEET
    if path.is_file():
        path.write_text(without_comments(path.read_text(encoding="utf-8")), encoding="utf-8")
