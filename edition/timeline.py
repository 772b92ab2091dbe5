"""The dated events the essay mentions, on a static timeline, and each chapter's place on it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from edition import paths, urls
from edition.chapters import Chapter, chapter_of
from edition.errors import SourceError
from edition.essay import Essay
from edition.feedback import feedback_link
from edition.markup import escape_html_text as esc
from edition.source_policy import Host, Source, load_policy, parse_sources, sources_html
from edition.yamlfile import load_yaml, mappings, require, require_slug

TIMELINE_PATH = paths.TIMELINE
ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?$")


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


def parse_timeline(data: object, essay: Essay, path: Path = TIMELINE_PATH, hosts: dict[str, Host] | None = None) -> list[Event]:
    """Every event: ISO date, chronological order, paragraphs that exist, sources the policy accepts."""
    events: list[Event] = []
    hosts = hosts if hosts is not None else load_policy()
    for item in mappings(path, data, "events"):
        event_id = require_slug(path, item, "id")
        line = getattr(item, "line", None)
        date = str(require(path, item, "date", object))
        if not ISO_DATE.match(date):
            raise SourceError(path, f"'{event_id}': date '{date}' is not YYYY, YYYY-MM or YYYY-MM-DD", line)
        paragraphs = tuple(require(path, item, "paragraphs", list))
        for number in paragraphs:
            if not isinstance(number, int) or not 1 <= number <= len(essay.paragraphs):
                raise SourceError(path, f"'{event_id}': no paragraph ¶{number} in the essay", line)
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


def load_timeline(essay: Essay, path: Path = TIMELINE_PATH, hosts: dict[str, Host] | None = None) -> list[Event]:
    return parse_timeline(load_yaml(path), essay, path, hosts)


def _paragraph_links(event: Event, chapters: list[Chapter], prefix: str = "") -> str:
    return ", ".join(f"[¶{p}]({prefix}{urls.in_chapter(chapter_of(chapters, p).slug, urls.paragraph(p))})" for p in event.paragraphs)


def timeline_page(events: list[Event], chapters: list[Chapter], notice: str, front: str, contact: str = "") -> str:
    """A static page, readable without JavaScript: the events grouped by the chapter that discusses them first."""
    parts = [
        front,
        notice,
        "# Timeline",
        (
            "The dated events that the essay mentions or relies on, from Lenin’s *The State and Revolution* "
            "(1917) to the 1996 study of Russia’s elites and the essay’s own publication. The event texts are "
            "the editors’ neutral summaries; each links to the paragraphs that mention it and to its sources, "
            "labelled by kind under the [source policy](about.md#sources)."
        ),
    ]
    items = []
    for event in events:
        first = chapter_of(chapters, min(event.paragraphs))
        note = f'<span class="tl-note">Editors’ note: {esc(event.note)}</span> ' if event.note else ""
        report = feedback_link(
            contact,
            "Report an error",
            f"Timeline: {event.when} (timeline/#{event.id})",
            f"Event: timeline/#{event.id}\nWhat is wrong, and your source for it:\n",
        )
        items.append(
            f'<li id="{event.id}" data-chapter="{first.number}" markdown><span class="tl-when">{esc(event.when)}</span> '
            f'<span class="tl-event">{esc(event.event)}</span> {note}'
            f'<span class="tl-links ed" data-search-exclude>In the essay: {_paragraph_links(event, chapters)} · '
            f'Source{"s" if len(event.sources) > 1 else ""}: {sources_html(event.sources)}'
            f'{" · " + report if report else ""}</span></li>'
        )
    parts.append('<ol class="timeline" markdown>\n' + "\n".join(items) + "\n</ol>")
    return "\n\n".join(parts) + "\n"


def period_bar(chapter: Chapter, chapters: list[Chapter], events: list[Event]) -> str:
    """The chapter's period on the timeline: all periods with this one marked, and its dated events."""
    segments = []
    for other in chapters:
        label = f"{other.number}. {esc(other.years)}"
        if other is chapter:
            segments.append(f'<li class="tl-current" aria-current="step"><strong>{label}</strong></li>')
        else:
            segments.append(f'<li markdown>[{label}]({urls.chapter_source(other.slug)})</li>')
    here = [e for e in events if any(chapter.first <= p <= chapter.last for p in e.paragraphs)]
    listed = "\n".join(f"    - [{esc(e.when)}]({urls.timeline_entry(e.id)}): {esc(e.event)}" for e in here)
    # A collapsed block in pymdownx.details syntax: <details class="period-events"><summary>…
    events_block = (
        f'\n??? period-events "This chapter’s {len(here)} dated events on the timeline"\n\n{listed}\n\n'
        if here
        else ""
    )
    return (
        '<nav class="period-bar ed ed-screen-only" aria-label="This chapter on the timeline" data-search-exclude markdown>\n'
        '<ol class="periods" markdown>\n' + "\n".join(segments) + "\n</ol>\n" + events_block + "</nav>"
    )
