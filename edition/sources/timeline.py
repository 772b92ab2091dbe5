"""The dated events the essay mentions, on a static timeline, and each chapter's place on it.

This module reads and checks sources/timeline.yml; the page and each chapter's period bar are made by
edition/pages/timeline.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from edition.errors import SourceError
from edition.sources import paths
from edition.sources.essay import Essay
from edition.sources.policy import Host, Source, parse_sources
from edition.sources.yamlfile import load_yaml, mappings, paragraph_numbers, refuse_unknown_keys, require, require_slug

TIMELINE_PATH = paths.TIMELINE
ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?$")
# The keys this module reads (any other key is refused, so a typo cannot drop a field): add a field here.
FILE_KEYS = ("events",)
EVENT_KEYS = ("id", "date", "when", "event", "paragraphs", "note", "sources")


@dataclass(frozen=True)
class Event:
    id: str
    date: str
    when: str
    event: str
    paragraphs: tuple[int, ...]
    sources: tuple[Source, ...]
    note: str = ""

    @property
    def year(self) -> int:
        return int(self.date[:4])


def parse_timeline(data: object, essay: Essay, path: Path, hosts: dict[str, Host]) -> list[Event]:
    """Every event: ISO date, chronological order, paragraphs that exist, sources the policy accepts."""
    events: list[Event] = []
    refuse_unknown_keys(path, data, FILE_KEYS)
    for item in mappings(path, data, "events"):
        refuse_unknown_keys(path, item, EVENT_KEYS, "event", named_by="id")
        event_id = require_slug(path, item, "id")
        line = getattr(item, "line", None)
        date = str(require(path, item, "date", object))
        if not ISO_DATE.match(date):
            raise SourceError(path, f"'{event_id}': date '{date}' is not YYYY, YYYY-MM or YYYY-MM-DD", line)
        paragraphs = paragraph_numbers(path, require(path, item, "paragraphs", list), f"'{event_id}'", len(essay.paragraphs))
        common = min(len(date), len(events[-1].date)) if events else 0
        if events and date[:common] < events[-1].date[:common]:
            raise SourceError(path, f"'{event_id}' ({date}) comes before '{events[-1].id}' ({events[-1].date})", line)
        if any(e.id == event_id for e in events):
            raise SourceError(path, f"duplicate event id '{event_id}'", line)
        events.append(
            Event(
                event_id,
                date,
                str(require(path, item, "when", object)),
                require(path, item, "event"),
                paragraphs,
                parse_sources(item, event_id, hosts, path),
                " ".join(str(item.get("note") or "").split()),
            )
        )
    return events


def load_timeline(essay: Essay, path: Path, hosts: dict[str, Host]) -> list[Event]:
    return parse_timeline(load_yaml(path), essay, path, hosts)
