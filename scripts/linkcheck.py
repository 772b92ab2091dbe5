"""Resolve every internal link and anchor of a built site, and find duplicate ids.

    python -m scripts.linkcheck site/     # prints each problem; exit 1 if there is one
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html

_LINKS = [("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("source", "src")]
_LEFTOVER_TOKENS = ("@@SITE-URL@@", "%SITE_URL%", "[@note", "\\bibliography")


def _page_url(site: Path, page: Path) -> str:
    """The page's path as a browser sees it (directory URLs)."""
    relative = page.relative_to(site).as_posix()
    return "/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)


def _target_file(site: Path, path: str) -> Path:
    target = site / unquote(path).lstrip("/")
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def check_site(site: Path, base_path: str = "/") -> list[str]:
    """Every problem as 'page: href: why'. base_path is the URL path the site is served under."""
    problems: list[str] = []
    ids: dict[Path, set[str]] = {}
    pages = sorted(site.rglob("*.html"))
    trees = {}
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for token in _LEFTOVER_TOKENS:
            if token in text:
                problems.append(f"{page.relative_to(site)}: unreplaced '{token}'")
        tree = lxml.html.fromstring(text)
        trees[page] = tree
        for node in tree.xpath("//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::code)]"):
            if re.search(r"\]\([^)\s]+\)", node):
                problems.append(f"{page.relative_to(site)}: unrendered Markdown link in the text: {node.strip()[:60]!r}")
                break
        seen: set[str] = set()
        for value in tree.xpath("//@id"):
            if value in seen:
                problems.append(f"{page.relative_to(site)}: duplicate id '{value}'")
            seen.add(value)
        ids[page] = seen
    for page, tree in trees.items():
        url = base_path.rstrip("/") + _page_url(site, page)
        for tag, attribute in _LINKS:
            for element in tree.iter(tag):
                href = element.get(attribute)
                if not href or href.startswith(("mailto:", "javascript:", "data:", "tel:")):
                    continue
                parts = urlsplit(urljoin(url, href))
                if parts.scheme and parts.scheme not in ("http", "https") or parts.netloc:
                    continue  # another host: a link out, not ours to resolve
                path = parts.path
                if not path.startswith(base_path):
                    problems.append(f"{page.relative_to(site)}: {href}: outside the site's path {base_path}")
                    continue
                target = _target_file(site, path[len(base_path) :])
                if not target.exists():
                    problems.append(f"{page.relative_to(site)}: {href}: no file {target.relative_to(site)}")
                    continue
                if parts.fragment and target.suffix == ".html":
                    if target not in ids:
                        ids[target] = set(lxml.html.parse(str(target)).xpath("//@id"))
                    if unquote(parts.fragment) not in ids[target]:
                        problems.append(f"{page.relative_to(site)}: {href}: no anchor '{parts.fragment}' in {target.relative_to(site)}")
    return problems


def main(argv: list[str] | None = None) -> int:
    site = Path((argv or sys.argv[1:] or ["site"])[0])
    problems = check_site(site)
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s)" if problems else "all links and anchors resolve")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
