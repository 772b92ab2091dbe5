"""The Revisions page, from the checked log (templates/revisions.md.j2)."""

from __future__ import annotations

from edition.pages.templating import Markup, render_template
from edition.sources.revisions import Revision


def revisions_page(revisions: list[Revision], notice: str, front: str) -> str:
    """The public log: each version, its date and every change with its reason."""
    listed = [
        {"version": r.version, "date": r.date, "anchor": "v" + r.version.replace(".", "-"), "summary": r.summary, "changes": r.changes}
        for r in revisions
    ]
    return render_template("revisions.md.j2", front=Markup(front), notice=Markup(notice), revisions=listed).rstrip("\n") + "\n"
