"""The source policy: every source in sources/ comes from a reviewed host and says what kind it is.

The list of accepted hosts lives in sources/source-policy.yml, where an editor can review it; this
module only enforces it, so a weak source (a mirror, a forum, a file-download site) fails the
build with the file and the entry that cites it.

The pages show sources with edition/pages/common.py (source_html) and the hosts table with
edition/pages/about.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from edition.errors import SourceError
from edition.sources import paths
from edition.sources.yamlfile import load_yaml, mappings, require

POLICY_PATH = paths.SOURCE_POLICY

# What each kind is called where readers see it.
KINDS = {
    "reference": "reference work",
    "scholarship": "scholarly publication",
    "primary": "primary text",
    "essay": "the essay",
}


@dataclass(frozen=True)
class Host:
    host: str
    name: str
    kinds: tuple[str, ...]
    partisan: str = ""


@dataclass(frozen=True)
class Source:
    url: str
    title: str
    kind: str
    partisan: str = ""
    supports: str = ""

    @property
    def label(self) -> str:
        """What readers are told of the source: its kind, and whether it is partisan."""
        return KINDS[self.kind] + (f"; partisan: {self.partisan}" if self.partisan else "")


def parse_policy(data: object, path: Path = POLICY_PATH) -> dict[str, Host]:
    hosts: dict[str, Host] = {}
    for item in mappings(path, data, "hosts"):
        name = require(path, item, "host")
        if not re.fullmatch(r"[a-z0-9.-]+[a-z0-9]", name):
            raise SourceError(path, f"host '{name}' should be a bare lowercase host name", _line(item))
        if name in hosts:
            raise SourceError(path, f"host '{name}' is listed twice", _line(item))
        kinds = tuple(require(path, item, "kinds", list))
        unknown = [k for k in kinds if k not in KINDS]
        if unknown:
            raise SourceError(path, f"host '{name}': unknown kind(s) {unknown}, not one of {', '.join(KINDS)}", _line(item))
        require(path, item, "reviewed")
        hosts[name] = Host(name, require(path, item, "name"), kinds, str(item.get("partisan") or ""))
    return hosts


@lru_cache(maxsize=4)
def _load_policy(path: Path, mtime_ns: int) -> dict[str, Host]:
    return parse_policy(load_yaml(path), path)


def load_policy(path: Path = POLICY_PATH) -> dict[str, Host]:
    return _load_policy(Path(path), Path(path).stat().st_mtime_ns)


def check_url(url: str, hosts: dict[str, Host], path: Path, entry: str, line: int | None) -> Host:
    """The accepted host of a source URL, or an error naming the file, line and entry."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SourceError(path, f"'{entry}': source '{url}' is not a public http(s) address", line)
    host = hosts.get(parts.hostname)
    if host is None:
        raise SourceError(
            path,
            f"'{entry}': source host '{parts.hostname}' is not an accepted host "
            f"(see {POLICY_PATH.name}: a reviewed reference work, scholarly publication, primary text or the essay)",
            line,
        )
    return host


def parse_sources(item: dict, entry: str, hosts: dict[str, Host], path: Path) -> tuple[Source, ...]:
    """The `sources:` of one entry, each on an accepted host and of a kind that host may give."""
    if not isinstance(item.get("sources"), list) or not item["sources"]:
        raise SourceError(path, f"'{entry}' needs a 'sources:' list with at least one source", _line(item))
    sources = []
    for source in mappings(path, item, "sources"):
        url = require(path, source, "url")
        host = check_url(url, hosts, path, entry, _line(source))
        kind = require(path, source, "kind")
        if kind not in KINDS:
            raise SourceError(path, f"'{entry}': source kind '{kind}' is not one of {', '.join(KINDS)}", _line(source))
        if kind not in host.kinds:
            raise SourceError(
                path, f"'{entry}': {host.host} is accepted for {', '.join(host.kinds)} sources, not '{kind}'", _line(source)
            )
        sources.append(
            Source(
                url=url,
                title=require(path, source, "title"),
                kind=kind,
                partisan=str(source.get("partisan") or host.partisan),
                supports=str(source.get("supports") or ""),
            )
        )
    return tuple(sources)


def _line(item: object) -> int | None:
    return getattr(item, "line", None)


_URL = re.compile(r"https?://[^\s\"'<>()\]]+")
_ENTRY_ID = re.compile(r"^\s*-\s+(?:id|version):\s*\"?([^\s\"]+)")


def annotation_yaml(sources_dir: Path = POLICY_PATH.parent) -> list[Path]:
    """The curated YAML whose addresses must obey the policy (not the policy, not the settings)."""
    return [p for p in sorted(sources_dir.glob("*.yml")) if p.name not in (POLICY_PATH.name, paths.EDITION.name)]


def check_every_url(files: list[Path], hosts: dict[str, Host]) -> None:
    """Every web address in the curated files, comments included, is on an accepted host.

    Structured sources are checked with their kind by parse_sources; this catches the rest
    (an editor's comment citing a page, a `why` that links a source), so no weak page hides there.
    """
    for path in files:
        entry = "(top of file)"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            found = _ENTRY_ID.match(line)
            if found:
                entry = found.group(1)
            for url in _URL.findall(line):
                check_url(url.rstrip(".,;:"), hosts, path, entry, number)
