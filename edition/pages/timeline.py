"""The timeline page, and the period bar above each chapter."""

from __future__ import annotations

from edition import urls
from edition.annotate.markup import escape_html_text as esc
from edition.pages.common import feedback_link, sources_html
from edition.sources.chapters import Chapter, chapter_of
from edition.sources.timeline import Event


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
