"""Glossary, timeline and citing the edition: data checks, built pages, downloads and meta tags."""

import json
import re
from pathlib import Path

import bibtexparser
import lxml.html
import pytest
import yaml

from edition.errors import SourceError
from edition.pages.timeline import timeline_page
from edition.sources import glossary, paths, timeline
from edition.sources.chapters import load_chapters
from edition.sources.essay import load_essay
from edition.sources.policy import load_policy
from edition.sources.yamlfile import load_yaml

ROOT = Path(__file__).resolve().parent.parent

REQUIRED_GLOSSARY = {
    "glavki and tsentry": "glavki", "Supreme Council": "Supreme Council of the National Economy",
    "War Communism": "War Communism", "NEP": "New Economic Policy", "NEPman": "NEPman", "kulak": "kulaks",
    "Thermidor": "Thermidor", "Bonapartism": "Bonapartist", "centrism": "centrist", "Left Opposition": "Left Opposition",
    "Workers' Opposition": "Workers’ Oppositionist", "Twelfth Party Congress": "Twelfth Party Congress",
    "nomenklatura": "nomenklatura", "gulag": "gulag", "show trials": "show trials", "Lenin": "Lenin", "Stalin": "Stalin",
    "Kollontai": "Kollontai", "Zinoviev": "Zinoviev", "Kirov": "Kirov", "Hitler": "Hitler", "Lars Lih": "Lars Lih",
    "Leo Pasvolsky": "Leo Pasvolsky", "Perry Anderson": "Perry Anderson", "Paul Le Blanc": "Paul Le Blanc",
    "Yeltsin": "Yeltsin", "Putin": "Putin",
}


@pytest.fixture(scope="module")
def essay():
    return load_essay(ROOT / paths.ESSAY)


def test_the_glossary_has_every_entry_a_newcomer_needs(essay):
    forms = {form for entry in glossary.load_glossary(essay, ROOT / paths.GLOSSARY, load_policy(ROOT / paths.SOURCE_POLICY)) for form in entry.forms}
    missing = [name for name, form in REQUIRED_GLOSSARY.items() if form not in forms]
    assert missing == []


def test_every_glossary_entry_is_used_in_the_text_and_has_a_source(essay):
    for entry in glossary.load_glossary(essay, ROOT / paths.GLOSSARY, load_policy(ROOT / paths.SOURCE_POLICY)):
        assert glossary.occurrences([entry], essay)[entry.id], entry.id
        assert entry.sources and all(s.url.startswith("https://") or s.url.startswith("http://") for s in entry.sources)


def test_an_entry_whose_forms_the_essay_lacks_fails_with_file_and_line(essay, tmp_path):
    data = yaml.safe_load("entries:\n  - {id: x, term: X, kind: term, forms: [Xyzzy], definition: d, sources: [{url: 'https://en.wikipedia.org/wiki/X', title: X, kind: reference, seen: words}]}\n")
    with pytest.raises(SourceError, match=r"glossary\.yml: 'x': none of its forms \['Xyzzy'\] occurs in the essay"):
        glossary.parse_glossary(data, essay, tmp_path / "glossary.yml", load_policy(ROOT / paths.SOURCE_POLICY))


def test_each_form_must_occur_a_good_one_does_not_hide_a_misspelt_one(essay, tmp_path):
    from edition.sources.yamlfile import parse_yaml

    data = parse_yaml(
        "entries:\n  - id: stalin\n    term: Stalin\n    kind: person\n    forms: [Stalin, Stallin]\n    definition: d\n"
        "    sources: [{url: 'https://en.wikipedia.org/wiki/S', title: S, kind: reference, seen: words}]\n"
    )
    with pytest.raises(SourceError, match=r"glossary\.yml:5: 'stalin': form 'Stallin' does not occur in the essay"):
        glossary.parse_glossary(data, essay, tmp_path / "glossary.yml", load_policy(ROOT / paths.SOURCE_POLICY))
    data["entries"][0]["forms"] = ["Stalin"]
    assert glossary.parse_glossary(data, essay, tmp_path / "glossary.yml", load_policy(ROOT / paths.SOURCE_POLICY))[0].forms == ("Stalin",)


def test_a_form_is_found_from_its_first_occurrence_as_a_whole_search_finds_it(essay):
    """occurs_in starts its search where the form first occurs as plain text: the same answer as a
    search of the whole text, for every form of the glossary and where the first occurrence is no word."""
    text = "\n".join(p.text for p in essay.paragraphs)
    forms = [form for item in load_yaml(ROOT / paths.GLOSSARY)["entries"] for form in item["forms"]]
    cases = [(form, text) for form in forms]
    cases += [("Left", "aLeft"), ("Left", "’Left"), ("Left", "-Left Left"), ("Left", "Lefty"), ("Left", "Lefty Left"),
              ("Left", "Left"), ("Left", "x Left-wing"), ("Left", ""), ("NEP", "NEPmen, the NEP")]
    for form, haystack in cases:
        assert glossary.occurs_in(form, haystack) == bool(glossary.form_pattern((form,)).search(haystack)), (form, haystack[:40])
    assert sum(glossary.occurs_in(form, haystack) for form, haystack in cases) > len(forms)


def test_an_event_pointing_to_a_missing_paragraph_fails(essay, tmp_path):
    data = yaml.safe_load("events:\n  - {id: e, date: '1920', when: '1920', event: E, paragraphs: [99], sources: [{url: 'https://en.wikipedia.org/wiki/E', title: E, kind: reference, seen: words}]}\n")
    with pytest.raises(SourceError, match=r"timeline\.yml: 'e': no paragraph ¶99 in the essay"):
        timeline.parse_timeline(data, essay, tmp_path / "timeline.yml", load_policy(ROOT / paths.SOURCE_POLICY))


def test_events_out_of_order_fail(essay, tmp_path):
    data = yaml.safe_load(
        "events:\n  - {id: b, date: '1921', when: x, event: B, paragraphs: [1], sources: [{url: 'https://en.wikipedia.org/wiki/B', title: B, kind: reference, seen: words}]}\n"
        "  - {id: a, date: '1920-05', when: x, event: A, paragraphs: [1], sources: [{url: 'https://en.wikipedia.org/wiki/A', title: A, kind: reference, seen: words}]}\n"
    )
    with pytest.raises(SourceError, match=r"'a' \(1920-05\) comes before 'b' \(1921\)"):
        timeline.parse_timeline(data, essay, tmp_path / "timeline.yml", load_policy(ROOT / paths.SOURCE_POLICY))


def test_the_timeline_page_states_the_span_of_its_data(essay, project):
    """The intro and the description name the first and the last event's years, not an event."""
    from edition.pages.generate import generated_files
    from edition.pages.timeline import span

    events = project.events
    assert any(e.year == 1996 for e in events)
    first, last = events[0].year, events[-1].year
    page = timeline_page(events, project.chapters, "", "")
    assert f"The {len(events)} dated events that the essay mentions or relies on, from {first} to {last}." in page
    assert "The State and Revolution" not in page.split('<ol class="timeline"')[0]
    # An earlier event moves the span with it; one event is "in" its year.
    assert span([*events[1:], events[0]]) == f"from {first} to {last}"
    assert span(events[-1:]) == f"in {last}"
    description = next(text for path, text in generated_files(project).items() if path.name == "timeline.md").split("\n")[2]
    assert description == f'description: "The dated events that Twiss 2016 mentions, from {first} to {last}."'


def test_the_timeline_spans_the_essays_periods_and_its_page_says_so(project):
    """The rule, not today's first event: the timeline reaches back at least to the first chapter's
    period and on to the last chapter's, and the page's intro states the span the data has."""
    events, chapters = project.events, project.chapters
    first_year, last_year = int(chapters[0].years[:4]), int(chapters[-1].years[-4:])
    assert events[0].year <= first_year and events[-1].year >= last_year
    assert [e.date for e in events] == sorted((e.date for e in events), key=lambda d: d[:4])  # years in order
    intro = timeline_page(events, chapters, "", "").split("# Timeline", 1)[1].strip().split("\n\n")[0]
    assert f"The {len(events)} dated events" in intro and f"from {events[0].year} to {events[-1].year}" in intro


def test_each_annotated_use_links_to_its_glossary_entry_once_per_page(site, essay):
    tree = lxml.html.parse(str(site / "glossary" / "index.html"))
    entry_ids = set(tree.xpath('//div[@class="gloss-entry"]/@id'))
    assert entry_ids == {e.id for e in glossary.load_glossary(essay, ROOT / paths.GLOSSARY, load_policy(ROOT / paths.SOURCE_POLICY))}
    marked = set()
    for chapter in load_chapters(essay, ROOT / paths.CHAPTERS):
        page = lxml.html.parse(str(site / chapter.slug / "index.html"))
        targets = [a.get("href").split("#")[1] for a in page.iterfind('.//a[@class="gloss"]')]
        # Once a page, or once for each of its meanings (a term whose meaning shifts shows a different tooltip).
        marks = [(a.get("href"), a.get("title")) for a in page.iterfind('.//a[@class="gloss"]')]
        assert len(marks) == len(set(marks)), f"{chapter.slug}: a term is marked twice with the same tooltip"
        for link in page.iterfind('.//a[@class="gloss"]'):
            assert link.get("href").startswith("../glossary/#")
            assert link.get("data-definition") and link.get("title")
        marked |= set(targets)
    assert marked == entry_ids


def test_the_timeline_page_is_static_and_links_to_paragraphs(site, essay):
    tree = lxml.html.parse(str(site / "timeline" / "index.html"))
    items = tree.findall('.//ol[@class="timeline"]/li')
    assert len(items) == len(timeline.load_timeline(essay, ROOT / paths.TIMELINE, load_policy(ROOT / paths.SOURCE_POLICY)))
    for item in items:
        assert item.xpath('.//a[contains(@href, "/#p")]'), item.get("id")


def test_each_chapter_opens_with_its_period_on_the_timeline(site, essay):
    for chapter in load_chapters(essay, ROOT / paths.CHAPTERS):
        tree = lxml.html.parse(str(site / chapter.slug / "index.html"))
        bar = tree.find('.//nav[@aria-label="This chapter on the timeline"]')
        assert bar is not None
        assert bar.find('.//li[@aria-current="step"]').text_content() == f"{chapter.number}. {chapter.years}"


def head_meta(site, path):
    tree = lxml.html.parse(str(site / path / "index.html"))
    metas = {}
    for meta in tree.iterfind(".//head/meta"):
        key = meta.get("name") or meta.get("property")
        if key:
            metas.setdefault(key, meta.get("content"))
    return tree, metas


@pytest.mark.parametrize("path", ["", "2-glavkokratiia", "notes/14"])
def test_every_page_carries_scholar_and_open_graph_tags(site, path):
    tree, metas = head_meta(site, path)
    assert metas["citation_title"] == "The development of Trotsky’s analysis of the Soviet bureaucracy"
    assert metas["citation_author"] == "Twiss, Thomas M."
    assert metas["citation_publication_date"] == "2016/08/19"
    assert metas["citation_journal_title"] == "Links International Journal of Socialist Renewal"
    assert metas["citation_public_url"].startswith("https://links.org.au/")
    assert metas["citation_fulltext_html_url"].endswith(f"/{path}/" if path else "/")
    assert metas["og:type"] == "article"
    data = json.loads(tree.find('.//script[@type="application/ld+json"]').text)
    assert data["@type"] == "ScholarlyArticle" and data["author"]["name"] == "Thomas M. Twiss"


def test_the_downloads_parse(site):
    bib_files = sorted((site / "cite").glob("*.bib"))
    assert len(bib_files) == 7
    for path in bib_files:
        library = bibtexparser.parse_string(path.read_text(encoding="utf-8"))
        assert not library.failed_blocks, path.name
        entry = library.entries[0]
        assert entry.entry_type == "article"
        assert entry["journal"] == "Links International Journal of Socialist Renewal"
        assert "Twiss" in entry["author"]
    for path in sorted((site / "cite").glob("*.json")):
        item = json.loads(path.read_text(encoding="utf-8"))[0]
        assert item["type"] == "article-journal" and item["author"][0]["family"] == "Twiss"
    for path in sorted((site / "cite").glob("*.ris")):
        lines = path.read_text(encoding="utf-8").strip().splitlines()
        assert lines[0].startswith("TY  - JOUR") and lines[-1].startswith("ER  -")


def test_each_chapter_has_a_cite_box_with_its_downloads(site, essay):
    for chapter in load_chapters(essay, ROOT / paths.CHAPTERS):
        tree = lxml.html.parse(str(site / chapter.slug / "index.html"))
        box = tree.find('.//section[@class="cite-box ed"]')
        hrefs = box.xpath(".//a/@href")
        assert f"../cite/twiss-2016-ch{chapter.number}.bib" in hrefs
        assert re.search(rf"¶{chapter.first}–¶{chapter.last}", box.find('.//p[@class="cite-plain"]').text_content())
