"""Checks over a built site: what a page loads, and which anchors exist."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html

# Attributes through which a page *loads* something (links to other sites are fine).
_LOADING = [
    ("script", "src"),
    ("img", "src"),
    ("img", "srcset"),
    ("iframe", "src"),
    ("source", "src"),
    ("source", "srcset"),
    ("video", "src"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("link", "href"),
]
_CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""")


def is_remote(url: str) -> bool:
    url = url.strip()
    return url.startswith("//") or bool(urlsplit(url).scheme in ("http", "https", "ftp", "ws", "wss"))


def remote_loads_in_html(html: str) -> list[str]:
    tree = lxml.html.fromstring(html)
    found = []
    for tag, attribute in _LOADING:
        for element in tree.iter(tag):
            if tag == "link" and (element.get("rel") or "") in ("canonical", "alternate", "author", "license"):
                continue
            for value in (element.get(attribute) or "").split(","):
                url = value.strip().split(" ")[0]
                if url and is_remote(url):
                    found.append(f"<{tag} {attribute}={url}>")
    for style in tree.iter("style"):
        found += [u for u in _CSS_URL.findall(style.text or "") if is_remote(u)]
    for element in tree.xpath("//*[@style]"):
        found += [u for u in _CSS_URL.findall(element.get("style")) if is_remote(u)]
    return found


def remote_loads_in_css(css: str) -> list[str]:
    return [u for u in _CSS_URL.findall(css) if is_remote(u)]


def remote_loads(site: Path) -> dict[str, list[str]]:
    """Every file in the site that would make the browser fetch from another host."""
    problems: dict[str, list[str]] = {}
    for path in sorted(site.rglob("*")):
        if path.suffix == ".html":
            found = remote_loads_in_html(path.read_text(encoding="utf-8"))
        elif path.suffix == ".css":
            found = remote_loads_in_css(path.read_text(encoding="utf-8"))
        else:
            continue
        if found:
            problems[str(path.relative_to(site))] = found
    return problems


@lru_cache(maxsize=256)
def _ids(page: Path, mtime: float) -> frozenset[str]:
    tree = lxml.html.fromstring(page.read_text(encoding="utf-8"))
    return frozenset(tree.xpath("//@id"))


def page_file(site: Path, path: str) -> Path:
    path = path.lstrip("/")
    if path == "" or path.endswith("/"):
        return site / path / "index.html"
    return site / path


def resolve(site: Path, url: str) -> str | None:
    """None if `path#anchor` exists in the built site, else why not."""
    path, _, anchor = url.partition("#")
    page = page_file(site, path)
    if not page.exists():
        return f"{url}: no page {page.relative_to(site)}"
    if anchor and anchor not in _ids(page, page.stat().st_mtime):
        return f"{url}: no element with id '{anchor}' in {page.relative_to(site)}"
    return None


def manifest(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
