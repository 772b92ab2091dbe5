"""The editors' glossary: terms, institutions, events and people a newcomer needs.

The first use of each entry on a chapter page links to the glossary and carries its definition, shown
on hover and focus (Material's tooltips) and on tap (docs/assets/edition.js); without JavaScript the
link simply leads to the entry. The definition lives in attributes, never in the essay's text.

This module reads and checks sources/glossary.yml; the step that marks first uses is
edition/annotate/glossary.py, and the page is edition/pages/glossary.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from edition.errors import SourceError
from edition.sources import paths
from edition.sources.essay import Essay
from edition.sources.policy import Host, Source, parse_sources
from edition.sources.yamlfile import load_yaml, mappings, refuse_unknown_keys, require, require_slug

GLOSSARY_PATH = paths.GLOSSARY
KINDS = {
    "term": "Terms",
    "concept": "Concepts",
    "institution": "Institutions",
    "event": "Events",
    "work": "Works",
    "person": "People",
}
# The keys this module reads (any other key is refused, so a typo cannot drop a field): add a field here.
FILE_KEYS = ("entries",)
ENTRY_KEYS = ("id", "term", "kind", "forms", "definition", "note", "sources", "meanings")
MEANING_KEYS = ("paragraphs", "by", "meaning")


@dataclass(frozen=True)
class Meaning:
    """What a term means in some paragraphs, and whose meaning it is (Trotsky's, Twiss's)."""

    paragraphs: tuple[int, ...]
    by: str
    meaning: str


@dataclass(frozen=True)
class Entry:
    id: str
    term: str
    kind: str
    forms: tuple[str, ...]
    definition: str
    sources: tuple[Source, ...]
    note: str = ""
    meanings: tuple[Meaning, ...] = ()  # for a term whose meaning shifts inside the essay

    def meaning_at(self, paragraph: int) -> Meaning | None:
        """The meaning that applies in a paragraph, if the entry gives meanings."""
        return next((m for m in self.meanings if paragraph in m.paragraphs), None)

    def pattern(self) -> re.Pattern:
        return form_pattern(self.forms)


def form_pattern(forms: tuple[str, ...]) -> re.Pattern:
    """The forms as whole words, the longest first (so "Left Opposition" wins over "Left")."""
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\w’-])(?:{alternatives})(?![\w-])")


def occurs_in(form: str, text: str) -> bool:
    """Whether the form occurs in the text as a whole word (as form_pattern finds it).

    The search starts at the form's first occurrence as plain text: the pattern's look-behind (which
    still sees the text before that point) keeps re from skipping ahead to the form by itself, and a
    scan of the whole essay for each form was most of the glossary's load time.
    """
    start = text.find(form)
    return start >= 0 and form_pattern((form,)).search(text, start) is not None


def parse_glossary(data: object, essay: Essay, path: Path, hosts: dict[str, Host]) -> list[Entry]:
    """Check every entry: unique id, known kind, sources the policy accepts, forms that occur in the essay."""
    refuse_unknown_keys(path, data, FILE_KEYS)
    items = mappings(path, data, "entries")
    entries: list[Entry] = []
    ids: set[str] = set()
    text = "\n".join(p.text for p in essay.paragraphs)
    for item in items:
        refuse_unknown_keys(path, item, ENTRY_KEYS, "entry", named_by="id")
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
        if not entry.forms:
            raise SourceError(path, f"'{entry_id}' needs at least one form (the exact words as they occur in the essay)", line)
        missing = [form for form in entry.forms if not occurs_in(form, text)]
        if len(missing) == len(entry.forms):
            raise SourceError(path, f"'{entry_id}': none of its forms {list(entry.forms)} occurs in the essay", line)
        if missing:  # one good form must not hide a misspelt one
            raise SourceError(
                path,
                f"'{entry_id}': form {missing[0]!r} does not occur in the essay (each form must, exactly, as a whole word)",
                _forms_line(item, line),
            )
        if "meanings" in item:
            entry = replace(entry, meanings=_meanings(item, entry, essay, path))
        entries.append(entry)
    return entries


def _meanings(item: dict, entry: Entry, essay: Essay, path: Path) -> tuple[Meaning, ...]:
    """The entry's `meanings:`, each tied to paragraphs that use the term, together covering every use once."""
    pattern = entry.pattern()
    used_in = [p.number for p in essay.paragraphs if pattern.search(p.text)]
    meanings: list[Meaning] = []
    covered: dict[int, int] = {}  # paragraph -> the meaning (1, 2 …) that covers it
    for number, meaning in enumerate(mappings(path, item, "meanings"), start=1):
        line = getattr(meaning, "line", None)
        where = f"'{entry.id}', meaning {number}"
        refuse_unknown_keys(path, meaning, MEANING_KEYS, where)
        paragraphs = require(path, meaning, "paragraphs", list)
        for paragraph in paragraphs:
            if not isinstance(paragraph, int) or isinstance(paragraph, bool):
                raise SourceError(path, f"{where}: paragraph '{paragraph}' is not a paragraph number", line)
            if not 1 <= paragraph <= len(essay.paragraphs):
                raise SourceError(path, f"{where}: no paragraph ¶{paragraph} in the essay", line)
            if paragraph not in used_in:
                raise SourceError(path, f"{where}: ¶{paragraph} uses none of its forms {list(entry.forms)}", line)
            if paragraph in covered:
                raise SourceError(path, f"{where}: ¶{paragraph} is already covered by meaning {covered[paragraph]}: give each ¶ one meaning", line)
            covered[paragraph] = number
        by = require(path, meaning, "by").strip()
        text = " ".join(require(path, meaning, "meaning").split())
        if not by or not text:
            raise SourceError(path, f"{where}: 'by' and 'meaning' must not be blank", line)
        meanings.append(Meaning(tuple(paragraphs), by, text))
    if not meanings:
        raise SourceError(path, f"'{entry.id}': 'meanings:' is empty (leave it out, or give at least one meaning)", getattr(item, "line", None))
    uncovered = [p for p in used_in if p not in covered]
    if uncovered:
        raise SourceError(
            path,
            f"'{entry.id}': its forms occur in {', '.join(f'¶{p}' for p in uncovered)}, which no meaning covers: "
            "every ¶ that uses the term needs exactly one meaning",
            getattr(item, "line", None),
        )
    return tuple(meanings)


def _forms_line(item: dict, line: int | None) -> int | None:
    """The line of the entry's `forms:` list, where the YAML loader kept it."""
    forms = item.get("forms")
    return getattr(forms, "line", None) or line


def load_glossary(essay: Essay, path: Path, hosts: dict[str, Host]) -> list[Entry]:
    return parse_glossary(load_yaml(path), essay, path, hosts)


Occurrences = dict[str, list[tuple[int, int, int]]]  # entry id -> [(paragraph, start, end)]


def occurrences(entries: list[Entry], essay: Essay) -> Occurrences:
    """Every use of every entry: id -> [(paragraph, start, end)], in reading order."""
    found: Occurrences = {}
    for entry in entries:
        pattern = entry.pattern()
        found[entry.id] = [(p.number, m.start(), m.end()) for p in essay.paragraphs for m in pattern.finditer(p.text)]
    return found
