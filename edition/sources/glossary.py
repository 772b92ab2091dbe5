"""The editors' glossary: terms, institutions, events and people a newcomer needs.

The first use of each entry on a chapter page links to the glossary and carries its definition, shown
on hover and focus (Material's tooltips) and on tap (docs/assets/edition.js); without JavaScript the
link simply leads to the entry. The definition lives in attributes, never in the essay's text.

This module reads and checks sources/glossary.yml; the step that marks first uses is
edition/annotate/glossary.py, and the page is edition/pages/glossary.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from edition.errors import SourceError
from edition.sources import paths
from edition.sources.essay import Essay
from edition.sources.policy import Host, Source, load_policy, parse_sources
from edition.sources.yamlfile import load_yaml, mappings, require, require_slug

GLOSSARY_PATH = paths.GLOSSARY
KINDS = {
    "term": "Terms",
    "concept": "Concepts",
    "institution": "Institutions",
    "event": "Events",
    "work": "Works",
    "person": "People",
}


@dataclass(frozen=True)
class Entry:
    id: str
    term: str
    kind: str
    forms: tuple[str, ...]
    definition: str
    sources: tuple[Source, ...]
    note: str = ""

    def pattern(self) -> re.Pattern:
        alternatives = "|".join(re.escape(f) for f in sorted(self.forms, key=len, reverse=True))
        return re.compile(rf"(?<![\w’-])(?:{alternatives})(?![\w-])")


def parse_glossary(data: object, essay: Essay, path: Path = GLOSSARY_PATH, hosts: dict[str, Host] | None = None) -> list[Entry]:
    """Check every entry: unique id, known kind, sources the policy accepts, forms that occur in the essay."""
    items = mappings(path, data, "entries")
    entries: list[Entry] = []
    ids: set[str] = set()
    text = "\n".join(p.text for p in essay.paragraphs)
    hosts = hosts if hosts is not None else load_policy()
    for item in items:
        entry_id = require_slug(path, item, "id")
        line = getattr(item, "line", None)
        if entry_id in ids:
            raise SourceError(path, f"duplicate glossary id '{entry_id}'", line)
        ids.add(entry_id)
        kind = require(path, item, "kind")
        if kind not in KINDS:
            raise SourceError(path, f"'{entry_id}' has kind '{kind}', not one of {', '.join(KINDS)}", line)
        entry = Entry(
            id=entry_id,
            term=require(path, item, "term"),
            kind=kind,
            forms=tuple(str(f) for f in require(path, item, "forms", list)),
            definition=" ".join(require(path, item, "definition").split()),
            sources=parse_sources(item, entry_id, hosts, path),
            note=" ".join(str(item.get("note") or "").split()),
        )
        if not entry.pattern().search(text):
            raise SourceError(path, f"'{entry_id}': none of its forms {list(entry.forms)} occurs in the essay", line)
        entries.append(entry)
    return entries


def load_glossary(essay: Essay, path: Path = GLOSSARY_PATH, hosts: dict[str, Host] | None = None) -> list[Entry]:
    return parse_glossary(load_yaml(path), essay, path, hosts)


def occurrences(entries: list[Entry], essay: Essay) -> dict[str, list[tuple[int, int, int]]]:
    """Every use of every entry: id -> [(paragraph, start, end)], in reading order."""
    found: dict[str, list[tuple[int, int, int]]] = {}
    for entry in entries:
        pattern = entry.pattern()
        found[entry.id] = [(p.number, m.start(), m.end()) for p in essay.paragraphs for m in pattern.finditer(p.text)]
    return found
