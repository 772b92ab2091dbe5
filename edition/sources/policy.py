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
from edition.sources.yamlfile import load_yaml, mappings, refuse_unknown_keys, require

POLICY_PATH = paths.SOURCE_POLICY

# What each kind is called where readers see it.
KINDS = {
    "reference": "reference work",
    "scholarship": "scholarly publication",
    "primary": "primary text",
    "essay": "the essay",
}
# The keys this module reads (any other key is refused, so a typo cannot drop a field): add a field here.
POLICY_FILE_KEYS = ("hosts",)
HOST_KEYS = ("host", "name", "kinds", "partisan", "reviewed")
SOURCE_KEYS = ("url", "title", "kind", "partisan", "supports", "seen")  # a source in any curated file


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
    seen: str = ""  # the source's own words, exactly as seen, that support the claim ("" only for the essay)

    @property
    def label(self) -> str:
        """What readers are told of the source: its kind, and whether it is partisan."""
        return KINDS[self.kind] + (f"; partisan: {self.partisan}" if self.partisan else "")


def parse_policy(data: object, path: Path = POLICY_PATH) -> dict[str, Host]:
    hosts: dict[str, Host] = {}
    refuse_unknown_keys(path, data, POLICY_FILE_KEYS)
    for item in mappings(path, data, "hosts"):
        refuse_unknown_keys(path, item, HOST_KEYS, "host", named_by="host")
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


def load_policy(path: Path) -> dict[str, Host]:
    return _load_policy(Path(path), Path(path).stat().st_mtime_ns)


def check_url(url: str, hosts: dict[str, Host], path: Path, entry: str, line: int | None) -> Host:
    """The accepted host of a source URL, or an error naming the file, line and entry."""
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
    except ValueError:  # e.g. a malformed port or IPv6 address: urlsplit itself may raise
        parts, hostname = None, None
    if parts is None or parts.scheme not in ("http", "https") or not hostname:
        raise SourceError(path, f"'{entry}': source '{url}' is not a public http(s) address", line)
    host = hosts.get(hostname)
    if host is None:
        raise SourceError(
            path,
            f"'{entry}': source host '{hostname}' is not an accepted host "
            f"(see {POLICY_PATH.name}: a reviewed reference work, scholarly publication, primary text or the essay)",
            line,
        )
    return host


def parse_sources(item: dict, entry: str, hosts: dict[str, Host], path: Path) -> tuple[Source, ...]:
    """The `sources:` of one entry, each on an accepted host and of a kind that host may give."""
    if not isinstance(item.get("sources"), list) or not item["sources"]:
        raise SourceError(path, f"'{entry}' needs a 'sources:' list with at least one source", _line(item))
    sources = []
    for number, source in enumerate(mappings(path, item, "sources"), start=1):
        refuse_unknown_keys(path, source, SOURCE_KEYS, f"'{entry}', source {number}")
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
                seen=_seen(source, kind, entry, path),
            )
        )
    return tuple(sources)


SEEN_MAX_WORDS = 60


# A word: a run of non-spaces (as str.split() cuts them: both use Python's one idea of whitespace) with a
# letter or digit in it.
_WORD = re.compile(r"\S*\w\S*")


def seen_word_count(words: str) -> int:
    """Words as the editors count them: an ellipsis (…) or a dash marking a cut is not a word."""
    return len(_WORD.findall(words))


def _seen(source: dict, kind: str, entry: str, path: Path) -> str:
    """The words of the source that support the claim, as seen: required of every source but the essay."""
    value = source.get("seen")
    if value is None or (isinstance(value, str) and not value.strip()):
        if kind == "essay":
            return ""
        raise SourceError(
            path,
            f"'{entry}': source {source.get('url')} has no 'seen:' (quote the words of the source, exactly as seen, "
            f"that support the claim: one to three sentences, at most {SEEN_MAX_WORDS} words)",
            _line(source),
        )
    if not isinstance(value, str):
        raise SourceError(path, f"'{entry}': 'seen:' of source {source.get('url')} should be text (the words seen, quoted)", _line(source))
    words = " ".join(value.split())
    count = seen_word_count(words)
    if count > SEEN_MAX_WORDS:
        raise SourceError(
            path,
            f"'{entry}': 'seen:' of source {source.get('url')} has {count} words; "
            f"quote at most {SEEN_MAX_WORDS} (one to three sentences)",
            _line(source),
        )
    return words


def _line(item: object) -> int | None:
    return getattr(item, "line", None)


# Addresses in the curated files. Any `scheme://…` is an address wherever it stands (ftp://, file://);
# so is a script or data address (javascript:…, data:…) even without "//". In a URL position (a YAML
# `url:`, a BibTeX `url = {…}`, an HTML href, a Markdown link target) whatever stands there is an
# address, so `url: //host/x` or `url: mailto:x` is caught too. Prose ("note: …") is none of these.
_SCHEME_ADDRESS = re.compile(r"(?<![\w.+-])[A-Za-z][A-Za-z0-9+.-]*://[^\s\"'<>()\]]*")
_UNSAFE_ADDRESS = re.compile(r"(?<![\w.+-])(?:javascript|vbscript|data|file|blob):[^\s\"'<>]+", re.I)
_URL_POSITION = re.compile(
    r"""(?:^\s*(?:-\s+)?(?:url|href|link|src)\s*:\s*["']?      # YAML  url: value
         |(?:\{|,)\s*(?:url|href|link|src)\s*:\s*["']?         # YAML flow  {url: value, …}
         |^\s*(?:url|x-evidence)\s*=\s*[{"]                    # BibTeX  url = {value}, x-evidence = {value …
         |\bhref\s*=\s*["']                                    # HTML  href="value"
         |\]\(                                                 # Markdown  [text](value)
       )([^\s"'<>(){}\[\],]+)""",
    re.X | re.I,
)
_ENTRY_ID = re.compile(r"^\s*(?:-\s+(?:id|version):\s*\"?([^\s\"]+)|@\w+\s*\{\s*([^,\s]+)\s*,)")


# Each pattern above needs one of these in the line (in any case): a line without them holds no address,
# and one cheap test skips it (most lines of the curated files). re.I also matches İ and ı to i and ſ to
# s, which str.lower() keeps apart: a line with one of them is read by the patterns.
_ADDRESS_WORD = re.compile(r"://|\]\(|url|href|link|src|x-evidence|(?:javascript|vbscript|data|file|blob):")
_FOLDED_BY_RE = re.compile("[İıſ]")


def may_hold_address(line: str) -> bool:
    """False only for a line in which no address pattern can match."""
    return bool(_ADDRESS_WORD.search(line.lower()) or _FOLDED_BY_RE.search(line))


def addresses_in(line: str) -> list[str]:
    """Every web address or address-like value in one line of a curated file, in order, once each."""
    return _matched_addresses(line) if may_hold_address(line) else []


def _matched_addresses(line: str) -> list[str]:
    found = [m.group(0).rstrip(".,;:") for m in _SCHEME_ADDRESS.finditer(line)]
    found += [m.group(0).rstrip(".,;:") for m in _UNSAFE_ADDRESS.finditer(line)]
    found += [m.group(1).rstrip(".,;:") for m in _URL_POSITION.finditer(line)]
    return list(dict.fromkeys(a for a in found if a))


def annotation_yaml(sources_dir: Path) -> list[Path]:
    """The curated YAML whose addresses must obey the policy (not the policy, not the settings)."""
    return [p for p in sorted(sources_dir.glob("*.yml")) if p.name not in (POLICY_PATH.name, paths.EDITION.name)]


def check_every_url(files: list[Path], hosts: dict[str, Host]) -> None:
    """Every web address in the curated files (the YAML and footnotes.bib), comments included, is http(s)
    on an accepted host.

    Structured sources are checked with their kind by parse_sources (and footnotes.bib's fields by
    edition/sources/bibliography.py); this catches the rest (an editor's comment citing a page, a `why`
    that links a source, a `javascript:` or `ftp:` address anywhere), so no weak page hides there.
    """
    for path in files:
        entry = "(top of file)"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            found = _ENTRY_ID.match(line)
            if found:
                entry = found.group(1) or found.group(2)
            for url in addresses_in(line):
                check_url(url, hosts, path, entry, number)
