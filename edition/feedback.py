"""Links that let a reader report an error or suggest a source, prefilled with what they are about.

The contact is `edition.contact` in sources/edition.yml: a `mailto:` address or the URL of an issue
form. Unset, no link is shown anywhere. The link is a plain link: no script, no third-party widget.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode, urlsplit

from edition.errors import SourceError
from edition.markup import escape_html_text as esc


def check_contact(contact: str, path: str) -> str:
    """The contact as given, or an error naming edition.yml if it is neither mailto: nor http(s)."""
    if contact and not (contact.startswith("mailto:") and "@" in contact or urlsplit(contact).scheme in ("http", "https")):
        raise SourceError(path, f"edition.contact '{contact}' should be a mailto: address or an http(s) URL of an issue form")
    return contact


def prefilled(contact: str, subject: str, body: str) -> str:
    """The contact URL with the subject and body filled in (mail: subject/body; issue form: title/body)."""
    if contact.startswith("mailto:"):
        return f"{contact}?subject={quote(subject)}&body={quote(body)}"
    joiner = "&" if urlsplit(contact).query else "?"
    return f"{contact}{joiner}{urlencode({'title': subject, 'body': body}, quote_via=quote)}"


def feedback_link(contact: str, label: str, subject: str, body: str) -> str:
    """An HTML link for one entry, or "" when the edition names no contact."""
    if not contact:
        return ""
    return f'<a class="feedback-link ed-screen-only" href="{esc(prefilled(contact, subject, body))}">{esc(label)}</a>'


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
