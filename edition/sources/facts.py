"""The edition's facts (sources/edition.yml): loaded and checked once; the short reference made from them."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from edition.errors import SourceError
from edition.sources import paths
from edition.sources.yamlfile import load_yaml, refuse_unknown_keys

EDITION_PATH = paths.EDITION


# Every key the code reads from edition.yml, so a missing or renamed one is named with the file;
# any other key is refused (a typo would drop the field): add a field here.
EDITION_KEYS = {
    "essay": ("title", "author", "author_family", "author_given", "journal", "date", "date_label", "url"),
    "edition": ("title", "short_title", "publisher", "version"),
}
OPTIONAL_KEYS = {
    "essay": ("delivered",),  # the EPUB's title page prints it
    "edition": ("contact",),  # where readers send corrections; "" for none
}


def load_edition(path: Path) -> dict:
    """The facts about the essay and the edition; the one place a date or name is written."""
    return check_edition(load_yaml(path), path)


def check_edition(data: object, path: Path = EDITION_PATH) -> dict:
    if not isinstance(data, dict):
        raise SourceError(path, "expected the mappings 'essay:' and 'edition:'")
    refuse_unknown_keys(path, data, tuple(EDITION_KEYS))
    for section, keys in EDITION_KEYS.items():
        if not isinstance(data.get(section), dict):
            raise SourceError(path, f"missing the section '{section}:'", getattr(data, "line", None))
        refuse_unknown_keys(path, data[section], keys + OPTIONAL_KEYS[section], f"'{section}:'")
        for key in keys:
            if data[section].get(key) in (None, ""):
                raise SourceError(path, f"missing key '{section}.{key}'", getattr(data[section], "line", None))
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(data["essay"]["date"])):
        raise SourceError(path, f"'essay.date' should be YYYY-MM-DD, not {data['essay']['date']!r}")
    _check_http_url(data["essay"], "url", "essay", path)
    return data


def _check_http_url(section: dict, key: str, name: str, path: Path) -> None:
    """`essay.url` becomes a live link on every page (the cite box, JSON-LD): http(s) only, never
    `javascript:` or `data:`; an error names its line."""
    url = str(section[key]).strip()
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
    except ValueError:  # urlsplit itself raises on e.g. `http://[abc/x`
        parts, hostname = None, None
    if parts is None or parts.scheme not in ("http", "https") or not hostname:
        line = getattr(section, "key_lines", {}).get(key) or getattr(section, "line", None)
        raise SourceError(path, f"'{name}.{key}' should be an http(s) URL, not {url!r}", line)


def short_reference(edition: dict) -> str:
    """"Twiss 2016": how the essay is cited in short, from edition.yml."""
    return f"{edition['essay']['author_family']} {str(edition['essay']['date'])[:4]}"


def check_contact(contact: str, path: str) -> str:
    """The contact as given, or an error naming edition.yml if it is neither mailto: nor http(s)."""
    if contact and not (contact.startswith("mailto:") and "@" in contact or urlsplit(contact).scheme in ("http", "https")):
        raise SourceError(path, f"edition.contact '{contact}' should be a mailto: address or an http(s) URL of an issue form")
    return contact
