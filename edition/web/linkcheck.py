"""Checks over a built site: what a page loads, that every internal link and anchor resolves,
that no id repeats and no token or Markdown is left unrendered.

    python scripts/check_site.py site/                           # prints each problem; exit 1 if there is one
    python scripts/check_site.py --base-path /editions/twiss-2016/ site/   # a site built for a sub-path
    python scripts/check_site.py --no-pdfs site/                 # a build without PDFs (BUILD_PDFS=false, serve)
"""

from __future__ import annotations

import argparse
import re
import sys
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

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
    """The file a site-relative URL path serves: a directory URL serves its index.html."""
    target = site / path.lstrip("/")
    if path.lstrip("/") == "" or path.endswith("/") or target.is_dir():
        return target / "index.html"
    return target


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

_LINK_ATTRIBUTE = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src"}
# Meta tags that name a file of this site by its absolute URL: the link-preview image.
_META_FILES = ("og:image", "twitter:image")
_MARKDOWN_LINK = re.compile(r"\]\([^)\s]+\)")
# Schemes never legitimate in this site's links: script or inline content in an href or src. A
# browser ignores case, and whitespace and control characters, in a scheme ("Java\tScript:").
_UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20]")


def unsafe_scheme(href: str) -> bool:
    """Whether a link's address would run script or carry inline content."""
    return _IGNORED_IN_SCHEME.sub("", href).lower().startswith(_UNSAFE_SCHEMES)
# What a page must never show: a note citation mkdocs-bibtex left unresolved, or its bibliography command.
_LEFTOVER_TOKENS = ("[@note", "\\bibliography")


def _page_url(site: Path, page: Path) -> str:
    """The page's path as a browser sees it (directory URLs)."""
    relative = page.relative_to(site).as_posix()
    return "/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)


def check_links(site: Path, base_path: str = "/", skip_pdfs: bool = False) -> list[str]:
    """Every problem as 'page: href: why'. base_path is the URL path the site is served under;
    skip_pdfs leaves out links to the PDFs and the EPUB, for a build that does not make them (mkdocs serve)."""
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
        if _MARKDOWN_LINK.search(text):  # rare: only then look at the text nodes one by one
            for node in tree.xpath("//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::code)]"):
                if _MARKDOWN_LINK.search(node):
                    problems.append(f"{page.relative_to(site)}: unrendered Markdown link in the text: {node.strip()[:60]!r}")
                    break
        seen: set[str] = set()
        for value in tree.xpath("//@id"):
            if value in seen:
                problems.append(f"{page.relative_to(site)}: duplicate id '{value}'")
            seen.add(value)
        ids[page] = seen
    files: dict[str, tuple[Path, bool]] = {}  # a site-relative path -> the file it serves, and whether it exists
    for page, tree in trees.items():
        problems += _meta_file_problems(site, page, tree, base_path, skip_pdfs)
        url = base_path.rstrip("/") + _page_url(site, page)
        checked: set[str] = set()
        for element in tree.iter(*_LINK_ATTRIBUTE):
            href = element.get(_LINK_ATTRIBUTE[element.tag])
            if not href or href in checked:
                continue
            if unsafe_scheme(href):  # the last gate over the built HTML: never waved through
                checked.add(href)
                problems.append(f"{page.relative_to(site)}: {href[:60]}: a {_LINK_ATTRIBUTE[element.tag]} with a script or data: scheme")
                continue
            if href.startswith(("mailto:", "tel:")):
                continue
            checked.add(href)
            parts = urlsplit(urljoin(url, href))
            if parts.scheme and parts.scheme not in ("http", "https") or parts.netloc:
                continue  # another host: a link out, not ours to resolve
            path = parts.path
            if not path.startswith(base_path):
                problems.append(f"{page.relative_to(site)}: {href}: outside the site's path {base_path}")
                continue
            if skip_pdfs and path.endswith((".pdf", ".epub")):
                continue
            relative = unquote(path[len(base_path) :])
            if relative not in files:
                target = page_file(site, relative)
                files[relative] = (target, target.exists())
            target, exists = files[relative]
            if not exists:
                problems.append(f"{page.relative_to(site)}: {href}: no file {target.relative_to(site)}")
                continue
            if parts.fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = set(lxml.html.parse(str(target)).xpath("//@id"))
                if unquote(parts.fragment) not in ids[target]:
                    problems.append(f"{page.relative_to(site)}: {href}: no anchor '{parts.fragment}' in {target.relative_to(site)}")
    return problems


def _meta_file_problems(site: Path, page: Path, tree, base_path: str, skip_pdfs: bool = False) -> list[str]:
    """Files a page names by absolute URL must be files of this site: its preview image (og:image,
    twitter:image), its oEmbed record (<link type="application/json+oembed">) and, unless the build
    makes no PDFs, its chapter's PDF (citation_pdf_url).

    The URL is absolute (a link preview, an oEmbed consumer or Zotero needs the host), so only its
    path is checked: under the site's path, and a file the build wrote.
    """
    named = [(meta.get("property") or meta.get("name"), meta.get("content")) for meta in tree.iter("meta")]
    named = [(name, url) for name, url in named if name in _META_FILES or (name == "citation_pdf_url" and not skip_pdfs)]
    named += [("oEmbed", link.get("href")) for link in tree.iter("link") if link.get("type") == "application/json+oembed"]
    problems = []
    for name, url in named:
        path = unquote(urlsplit(url or "").path)
        if not path.startswith(base_path):
            problems.append(f"{page.relative_to(site)}: {name} {url!r}: outside the site's path {base_path}")
        elif not (site / path[len(base_path) :]).is_file():
            problems.append(f"{page.relative_to(site)}: {name} {url}: no file {path[len(base_path) :]}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="check_site.py",
        description="Check a built site: every internal link and anchor resolves, no id repeats, nothing is left unrendered.",
    )
    parser.add_argument("site", type=Path, help="the built site's folder (as `mkdocs build` writes it, e.g. site/)")
    parser.add_argument("--base-path", default="/", metavar="PATH",
                        help="the URL path the site is served under, as in its site_url (default: /)")
    parser.add_argument("--no-pdfs", action="store_true",
                        help="the build made no PDFs or EPUB (BUILD_PDFS=false): do not look for them")
    args = parser.parse_args(argv)
    base_path = "/" + args.base_path.strip("/") + "/" if args.base_path.strip("/") else "/"
    if not (args.site / "index.html").is_file() or not (args.site / "sitemap.xml").is_file():
        what = "does not exist" if not args.site.exists() else "is not a built site (no index.html and sitemap.xml)"
        print(f"error: {args.site} {what}", file=sys.stderr)
        return 2
    problems = check_links(args.site, base_path, skip_pdfs=args.no_pdfs)
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s)" if problems else "all links and anchors resolve")
    return 1 if problems else 0
