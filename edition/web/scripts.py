"""The edition's own scripts as the browser gets them: docs/assets/*.js minified by rjsmin.

Like the stylesheet (stylesheet.py), the scripts explain themselves at length for their readers;
every reader of the site downloads those comments and that indentation on a first visit (about 3 KB
gzip of a chapter's, which the 135 KB budget of issue 21 cannot spare). The build writes the minified
copies into the site; docs/ keeps the documented sources. rjsmin is a well-kept minifier that only
removes comments and whitespace, never renames or reorders code.
"""

from __future__ import annotations

from pathlib import Path

import rjsmin

# The scripts every page loads (overrides/main.html, mkdocs.yml extra_javascript). The embeddable
# hover card (embed/notes.js) is left as written: other sites may read it before including it.
# passage.js (the bar beside a selection in the essay) is fetched by edition.js on a first selection.
SCRIPTS = (Path("assets") / "edition.js", Path("assets") / "search-on-demand.js", Path("assets") / "passage.js")


def minify_scripts(site: Path) -> None:
    """Rewrite the built site's copies of the edition's scripts, minified (a missing one is left alone)."""
    for name in SCRIPTS:
        path = site / name
        if path.is_file():
            path.write_text(rjsmin.jsmin(path.read_text(encoding="utf-8")) + "\n", encoding="utf-8")
