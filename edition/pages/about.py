"""The About page's generated regions: the accepted hosts and the contact paragraph."""

from __future__ import annotations

from edition.annotate.markup import escape_html_text as esc
from edition.annotate.markup import escape_table_cell as cell
from edition.pages.common import prefilled
from edition.sources.policy import KINDS, Host


def contact_paragraph(contact: str, short_reference: str) -> str:
    """The About page's paragraph on reporting errors, with the contact when there is one."""
    how = (
        "each note page offers “Suggest a source for note N”, and each glossary and timeline entry "
        "“Report an error”, with the note or entry already filled in. Please give your source: a reference "
        "work, a scholarly publication or a primary text, with the page. Accepted corrections are published "
        "in the [Revisions](revisions.md) log."
    )
    if not contact:
        return f"The editors of this copy have not yet named a contact address. When they do, {how}"
    label = contact.removeprefix("mailto:")
    link = f'<a href="{esc(prefilled(contact, f"{short_reference} edition: a correction", ""))}">{esc(label)}</a>'
    return f"Write to the editors at {link}. In addition, {how}"


def hosts_table(hosts: dict[str, Host]) -> str:
    """The accepted hosts, for the About page: readers can see the policy the build enforces (each
    cell escaped, `|` too, so a host's text cannot break the table)."""
    rows = ["| Host | What it is | Accepted as |", "|---|---|---|"]
    for host in hosts.values():
        kinds = ", ".join(KINDS[k] for k in host.kinds) + (f" (partisan: {host.partisan})" if host.partisan else "")
        rows.append(f"| `{cell(host.host)}` | {cell(host.name)} | {cell(kinds)} |")
    return '<div class="hosts-table" markdown>\n\n' + "\n".join(rows) + "\n\n</div>"
