"""The revisions log: every published correction, with the edition version it made.

    python scripts/revisions.py --digest   # print the digest of the annotation sources now
    python scripts/revisions.py --check    # exit 1 if they changed without a revisions entry

The project is the one whose mkdocs.yml is found from the working directory upwards, or given
with --config-file.

The newest entry in sources/revisions.yml records a digest of the annotation sources (the YAML in
sources/ and footnotes.bib). When an editor changes an annotation, the digest no longer matches and
the tests fail with "add a revisions entry": a correction a reader could notice is never silent.

The Revisions page is made by edition/pages/revisions.py.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from edition.errors import SourceError
from edition.sources import paths
from edition.sources.facts import load_edition
from edition.sources.yamlfile import load_yaml, mappings, refuse_unknown_keys, require

REVISIONS_PATH = paths.REVISIONS
# Files that are not annotations: the log itself, the essay (pinned by its own test) and the
# edition's settings (contact, titles), whose changes are not corrections.
NOT_ANNOTATIONS = {paths.REVISIONS.name, paths.EDITION.name, paths.ESSAY.name}
VERSION = re.compile(r"\d+\.\d+(\.\d+)?$")
# The keys this module reads (any other key is refused, so a typo cannot drop a field): add a field here.
FILE_KEYS = ("revisions",)
REVISION_KEYS = ("version", "date", "summary", "digest", "changes")
CHANGE_KEYS = ("area", "what", "why")


@dataclass(frozen=True)
class Change:
    area: str
    what: str
    why: str


@dataclass(frozen=True)
class Revision:
    version: str
    date: str
    digest: str
    summary: str
    changes: tuple[Change, ...]


def annotation_files(root: Path) -> list[Path]:
    """The files whose every change is a change a reader could notice."""
    sources = sorted(p for p in (root / "sources").iterdir() if p.is_file() and p.name not in NOT_ANNOTATIONS)
    return sources + [root / "footnotes.bib"]


def digest(files: list[Path], root: Path) -> str:
    """sha256 over each file's name and text (line endings normalised), in a fixed order."""
    hasher = hashlib.sha256()
    for path in files:
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
        hasher.update(f"{path.relative_to(root).as_posix()}\0{text}\0".encode())
    return hasher.hexdigest()


def parse_revisions(data: object, path: Path = REVISIONS_PATH) -> list[Revision]:
    """Newest first; versions strictly decreasing and dates not increasing down the file."""
    refuse_unknown_keys(path, data, FILE_KEYS)
    items = mappings(path, data, "revisions")
    if not items:
        raise SourceError(path, "the 'revisions:' list is empty: give at least the first version")
    revisions: list[Revision] = []
    for item in items:
        refuse_unknown_keys(path, item, REVISION_KEYS, "version", named_by="version")
        version = str(require(path, item, "version", object))
        if not VERSION.match(version):
            raise SourceError(path, f"version '{version}' should look like 1.1 or 1.1.2", item.line)
        date = str(require(path, item, "date", object))
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
            raise SourceError(path, f"version {version}: date '{date}' should be YYYY-MM-DD", item.line)
        if revisions:
            newer = revisions[-1]
            if _key(version) >= _key(newer.version) or date > newer.date:
                raise SourceError(path, f"version {version} ({date}) should come after {newer.version} ({newer.date}): newest first", item.line)
        changes = []
        for change in require(path, item, "changes", list):
            if not isinstance(change, dict):
                raise SourceError(path, f"version {version}: each change should be a mapping with area, what and why", item.line)
            refuse_unknown_keys(path, change, CHANGE_KEYS, f"a change of version {version}")
            changes.append(Change(require(path, change, "area"), " ".join(require(path, change, "what").split()), " ".join(require(path, change, "why").split())))
        revisions.append(
            Revision(version, date, str(item.get("digest") or ""), " ".join(require(path, item, "summary").split()), tuple(changes))
        )
    return revisions


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def load_revisions(path: Path) -> list[Revision]:
    return parse_revisions(load_yaml(path), path)


def check_version(revisions: list[Revision], edition_version: str, path: Path = REVISIONS_PATH) -> None:
    """The edition's version is the newest revision's (the build checks this on every run)."""
    if revisions[0].version != edition_version:
        raise SourceError(
            path, f"the newest revision is {revisions[0].version} but sources/edition.yml says version {edition_version}: make them agree"
        )


def check_logged(revisions: list[Revision], current_digest: str, edition_version: str, path: Path = REVISIONS_PATH) -> None:
    """The newest entry must match the sources as they are, and the edition's version."""
    check_version(revisions, edition_version, path)
    newest = revisions[0]
    if newest.digest != current_digest:
        raise SourceError(
            path,
            "the annotation sources changed since the newest revisions entry: add a revisions entry "
            f"(what changed and why) with digest: {current_digest} (or, for a change within an unpublished "
            "version, update that entry and its digest)",
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--digest", action="store_true", help="print the digest of the annotation sources")
    group.add_argument("--check", action="store_true", help="exit 1 if the sources changed without a revisions entry")
    parser.add_argument("-f", "--config-file", help="the project's mkdocs.yml (default: found from the working directory upwards)")
    args = parser.parse_args(argv)
    try:
        root = paths.find_config(args.config_file).parent
        current = digest(annotation_files(root), root)
        if args.digest:
            print(current)
            return 0
        edition = load_edition(root / paths.EDITION)
        check_logged(load_revisions(root / paths.REVISIONS), current, str(edition["edition"]["version"]))
    except SourceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print("revisions log is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
