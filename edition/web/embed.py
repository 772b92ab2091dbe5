"""The one line another site adds to show this edition's notes on hover (docs/embed/notes.js).

The page that offers it (docs/link-to-a-note.md) holds a marker where the line goes; the build puts
the line there with the site's public address, as it does the cite boxes, so it is never committed
with a wrong host. A marker the build does not know fails the build rather than showing nothing.
"""

from __future__ import annotations

import html
import re

from edition import urls

MARKER = "<!-- edition:embed-snippet -->"
_ANY_MARKER = re.compile(r"<!--\s*edition:[^>]*-->")


def script_tag(site_url: str) -> str:
    """The line itself: <script src="https://…/embed/notes.js" defer></script>."""
    return f'<script src="{urls.absolute(site_url, urls.EMBED_SCRIPT)}" defer></script>'


def snippet_html(site_url: str) -> str:
    """The line as code to copy, with a button that copies it (edition.js handles data-copy)."""
    line = script_tag(site_url)
    return (
        f'<pre class="embed-snippet"><code>{html.escape(line)}</code></pre>\n\n'
        f'<p><button class="copy-link md-button" type="button" data-copy="{html.escape(line, quote=True)}">Copy the line</button></p>'
    )


def insert_snippet(markdown: str, site_url: str, page: str) -> str:
    """Put the line where the page's marker stands; an unknown marker is an error naming the page."""
    for marker in _ANY_MARKER.findall(markdown):
        if marker != MARKER:
            raise ValueError(f"{page}: unknown marker {marker!r} (the one the build knows is {MARKER!r})")
    return markdown.replace(MARKER, snippet_html(site_url))
