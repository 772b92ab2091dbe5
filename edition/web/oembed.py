"""oEmbed records for the note pages and the chapter pages: /notes/14/oembed.json, /<chapter>/oembed.json.

Each page names its record in its head (discovery_link), as oEmbed 1.0 (https://oembed.com/, 4)
describes; a consumer (a forum, a chat, a blog editor) fetches it as given, so a static file per page
serves, with no endpoint. The record is of type "rich": a small card of plain HTML, self-contained
(no script, no stylesheet, no image it must load), with the quotation, the note's text and a link,
and the page's link-preview image as its thumbnail. The card is made by a Jinja template with
autoescape, so a quotation mark, "<" or "&" in any text stays text.
"""

from __future__ import annotations

import json
import math

from jinja2 import Environment

from edition import urls
from edition.sources.chapters import Chapter
from edition.sources.essay import without_note_markers
from edition.sources.facts import short_reference
from edition.sources.project import Project
from edition.web.previews import cards as preview_cards
from edition.web.records import note_record, one_line

VERSION = "1.0"
WIDTH = 560  # px: what the card is laid out for (oEmbed's rich type must give both)
CACHE_AGE = 86400  # a day: a corrected note reaches the consumers that honour it within one

_STYLE = {
    "card": "margin:0;padding:14px 18px;max-width:524px;border:1px solid #c9b29a;border-left:4px solid #8a5a3c;"
    "border-radius:4px;background:#fffdf8;color:#1f1b17;font:16px/1.5 Georgia,'Times New Roman',serif",
    "kicker": "margin:0 0 6px;font:600 13px/1.4 system-ui,sans-serif;color:#6b4a33",
    "quote": "margin:0 0 8px;font-style:italic",
    "text": "margin:0 0 8px",
    "foot": "margin:0;font:13px/1.4 system-ui,sans-serif;color:#5a5048",
    "link": "color:#8a3312",
}

_ENV = Environment(autoescape=True)
_CARD = _ENV.from_string(
    '<blockquote class="twiss-2016-card" cite="{{ url }}" style="{{ style.card }}">'
    '<p style="{{ style.kicker }}">{{ kicker }}</p>'
    '{% if quote %}<p style="{{ style.quote }}">{{ quote }}</p>{% endif %}'
    '<p style="{{ style.text }}">{{ text }}</p>'
    '<p style="{{ style.foot }}">— <a href="{{ url }}" style="{{ style.link }}">{{ link_text }}</a>{{ tail }}</p>'
    "</blockquote>"
)


def card_html(url: str, kicker: str, quote: str, text: str, link_text: str, tail: str) -> str:
    """The rich card: plain HTML with inline styles, every text escaped."""
    return _CARD.render(url=url, kicker=kicker, quote=quote, text=text, link_text=link_text, tail=tail, style=_STYLE)


def card_height(*texts: str) -> int:
    """The card's height in px, estimated from its text (about 60 characters a 24 px line at 560 px)."""
    lines = sum(max(1, math.ceil(len(text) / 60)) for text in texts if text)
    return 40 + 24 * lines + 8 * len([t for t in texts if t])


def clip(text: str, most: int) -> str:
    text = one_line(text)
    return text if len(text) <= most else text[:most].rsplit(" ", 1)[0] + " …"


def _record(project: Project, site_url: str, title: str, html: str, height: int, preview_name: str) -> dict:
    return {
        "version": VERSION,
        "type": "rich",
        "title": title,
        "author_name": str(project.edition["essay"]["author"]),
        "provider_name": one_line(str(project.edition["edition"]["title"])),
        "provider_url": urls.absolute(site_url),
        "cache_age": CACHE_AGE,
        "html": html,
        "width": WIDTH,
        "height": height,
        "thumbnail_url": urls.absolute(site_url, urls.preview_image(preview_name)),
        "thumbnail_width": preview_cards.WIDTH,
        "thumbnail_height": preview_cards.HEIGHT,
    }


def note_oembed(project: Project, number: int, site_url: str) -> dict:
    """A note's card: the sentence it annotates, its text and status, a link to its page."""
    note = note_record(project, project.bibliography.notes[number], site_url)
    kicker = f"Note {number} · {note['status_label']}"
    quote = clip(note["annotated_sentence"], 300)
    tail = f" · {project.edition['edition']['short_title']}, version {project.version}"
    html = card_html(note["url"], kicker, quote, note["text"], note["cite"], tail)
    title = f"Note {number} — {short_reference(project.edition)}"
    return _record(project, site_url, title, html,
                   card_height(kicker, quote, note["text"], note["cite"] + tail), urls.preview_note_name(number))


def chapter_oembed(project: Project, chapter: Chapter, site_url: str) -> dict:
    """A chapter's card: its title and period, its opening words, the editors' summary, a link."""
    url = urls.absolute(site_url, urls.chapter(chapter.slug))
    kicker = f"Chapter {chapter.number} · {chapter.title} ({chapter.years}) · ¶{chapter.first}–¶{chapter.last}"
    quote = clip(without_note_markers(chapter.paragraphs[0].text), 240)
    summary = f"The editors’ summary: {one_line(chapter.summary)}"
    link_text = f"{short_reference(project.edition)}, ch. {chapter.number}"
    tail = f" · {project.edition['edition']['short_title']}, version {project.version}"
    html = card_html(url, kicker, quote, summary, link_text, tail)
    title = f"{chapter.number}. {chapter.title} ({chapter.years}) · {short_reference(project.edition)}"
    return _record(project, site_url, title, html,
                   card_height(kicker, quote, summary, link_text + tail), urls.preview_chapter_name(chapter.slug))


def oembed_files(project: Project, site_url: str) -> dict[str, str]:
    """Site path -> JSON text of every note page's and chapter page's oEmbed record."""
    files = {}
    for number in sorted(project.bibliography.notes):
        files[urls.oembed(urls.note_page(number))] = _dump(note_oembed(project, number, site_url))
    for chapter in project.chapters:
        files[urls.oembed(urls.chapter(chapter.slug))] = _dump(chapter_oembed(project, chapter, site_url))
    return files


def _dump(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"


def page_record(meta: dict, chapters: list[Chapter]) -> str:
    """The site path of a page's oEmbed record, by its front matter (`note: N`, `chapter: N`), or ""."""
    if meta.get("note"):
        return urls.oembed(urls.note_page(int(meta["note"])))
    if meta.get("chapter"):
        return urls.oembed(urls.chapter(chapters[int(meta["chapter"]) - 1].slug))
    return ""


_LINK = _ENV.from_string('<link rel="alternate" type="{{ kind }}" href="{{ href }}" title="{{ title }}">')


def discovery_link(record_url: str, title: str) -> str:
    """The <link> in a page's head that names its oEmbed record (oEmbed 1.0, section 4)."""
    return _LINK.render(kind=urls.OEMBED_MEDIA_TYPE, href=record_url, title=title)
