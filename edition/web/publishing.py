"""What each MkDocs command should publish: PDFs or not, and whether its site_url may be published.

Plain `mkdocs build` and `mkdocs gh-deploy` make the complete site, PDFs included; `mkdocs serve`
skips the PDFs to keep live reload fast. `extra.build_pdfs` in mkdocs.yml (BUILD_PDFS) overrides
both. A loopback site_url would print 127.0.0.1 into every citation, meta tag and PDF, so gh-deploy
refuses it and a build says so.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

SET_SITE_URL = "Set SITE_URL to the public address, e.g. SITE_URL=https://USER.github.io/REPO/ mkdocs gh-deploy"


def pdfs_wanted(setting: object, command: str | None) -> bool:
    """`auto` (the default): PDFs for build and gh-deploy, none for serve; else true or false."""
    value = str(setting if setting is not None else "auto").strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    if value != "auto":
        raise ValueError(f"extra.build_pdfs (BUILD_PDFS) is {setting!r}: use auto, true or false")
    return command != "serve"


def is_loopback(site_url: str) -> bool:
    host = urlsplit(site_url or "").hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def site_url_problem(site_url: str, command: str | None) -> str:
    """Why this site_url must not be published by this command, or "" when it may."""
    if command == "serve" or not is_loopback(site_url):
        return ""
    return (
        f"site_url is {site_url}, a loopback address: citations, meta tags and PDFs would point to it. "
        + SET_SITE_URL
    )
