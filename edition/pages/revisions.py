"""The Revisions page, from the checked log."""

from __future__ import annotations

from edition.annotate.markup import escape_html_text as esc
from edition.sources.revisions import Revision


def revisions_page(revisions: list[Revision], notice: str, front: str) -> str:
    """The public log: each version, its date and every change with its reason."""
    parts = [
        front,
        notice,
        "# Revisions",
        (
            "Every change to the edition’s annotations that a reader could notice is listed here: corrected "
            "glosses and dates, replaced sources, reassigned senses of “bureaucracy”, notes whose status "
            "changed. Twiss’s text never changes. Cite the edition with its version (each citation on this site "
            "includes it). To report an error, see [About this edition](about.md#corrections)."
        ),
    ]
    for revision in revisions:
        parts.append(f"## Version {esc(revision.version)}, {esc(revision.date)} {{ #v{revision.version.replace('.', '-')} }}")
        parts.append(esc(revision.summary))
        rows = ["| Area | What changed | Why |", "|---|---|---|"]
        rows += [f"| {esc(c.area)} | {_cell(c.what)} | {_cell(c.why)} |" for c in revision.changes]
        parts.append('<div class="revisions-table" markdown>\n\n' + "\n".join(rows) + "\n\n</div>")
    return "\n\n".join(parts) + "\n"


def _cell(text: str) -> str:
    return esc(text).replace("|", "&#124;")
