"""The timeline page, and the period bar above each chapter."""

from __future__ import annotations

from edition import urls
from edition.annotate.markup import escape_html_text as esc
from edition.pages.common import feedback_link, sources_block
from edition.sources.chapters import Chapter, chapter_of
from edition.sources.timeline import Event


def _paragraph_links(event: Event, chapters: list[Chapter], prefix: str = "") -> str:
    return ", ".join(f"[¶{p}]({prefix}{urls.in_chapter(chapter_of(chapters, p).slug, urls.paragraph(p))})" for p in event.paragraphs)


def span(events: list[Event]) -> str:
    """"from 1914 to 2016": the years of the first and the last event, so the page follows the data."""
    first, last = min(e.year for e in events), max(e.year for e in events)
    return f"in {first}" if first == last else f"from {first} to {last}"


def timeline_page(events: list[Event], chapters: list[Chapter], notice: str, front: str, contact: str = "") -> str:
    """A static page, readable without JavaScript: the events grouped by the chapter that discusses them first."""
    parts = [
        front,
        notice,
        "# Timeline",
        (
            f"The {len(events)} dated events that the essay mentions or relies on, {span(events)}. The event texts are "
            "the editors’ neutral summaries; each links to the paragraphs that mention it and to its sources, "
            "labelled by kind under the [source policy](about.md#sources), with the words of each source that the "
            "editors saw (open “Words seen”)."
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
            f'<li id="{event.id}" data-chapter="{first.number}" markdown="block"><span class="tl-when">{esc(event.when)}</span> '
            f'<span class="tl-event">{esc(event.event)}</span> {note}'
            f'<span class="tl-links ed" data-search-exclude>In the essay: {_paragraph_links(event, chapters)}'
            f'{" · " + report if report else ""}</span>\n\n'  # a paragraph, then the sources' block
            f'{sources_block(event.sources, "tl-sources ed")}</li>'
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
