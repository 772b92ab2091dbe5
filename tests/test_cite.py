"""Citing the essay and its chapters: golden outputs, each format read back by its own parser, escaping.

Golden files live in tests/data/cite/. After an intended change, rewrite them with
    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_cite.py
and review the diff.
"""

from __future__ import annotations

import copy
import json
import os
import re
from pathlib import Path

import bibtexparser
import lxml.html
import markdown
import pytest

from edition.sources import facts
from edition.sources.chapters import load_chapters
from edition.sources.essay import load_essay
from edition.web import cite

GOLDEN = Path(__file__).parent / "data" / "cite"
SITE = "https://example.org/twiss/"
EDITION = facts.load_edition()
CHAPTERS = load_chapters(load_essay())
ESSAY = cite.essay_target(EDITION, SITE)
CH2 = cite.chapter_target(CHAPTERS[1], SITE)
IMAGE = cite.PreviewImage(SITE + "preview/x.png", "An image that says “x”.", 1200, 630, "image/png")
HOSTILE = 'Evil </script><script>alert(1)</script> & {braces} } 50% #1 a_b *c* [d] `e` \\ $x$ ~^ "q"\nER  - x'


def outputs(edition: dict, target: cite.CiteTarget) -> dict[str, str]:
    """Every text this module makes for one target, by golden-file suffix."""
    page_title = "Home" if target.kind == "essay" else f"{target.chapter}. {target.title}"
    chapter = target if target.kind == "chapter" else None
    return {
        "plain.txt": cite.plain_citation(edition, target) + "\n",
        "bib": cite.bibtex(edition, target),
        "ris": cite.ris(edition, target),
        "csl.json": cite.csl_json(edition, target),
        "box.md": cite.cite_box_markdown(edition, target),
        "jsonld.json": cite.json_ld(edition, target.url, page_title, chapter) + "\n",
        "meta.html": cite.meta_html(
            cite.citation_meta(edition, target.url) + cite.open_graph(edition, page_title, target.url, "A page.", IMAGE)
        )
        + "\n",
    }


def hostile_edition() -> dict:
    edition = copy.deepcopy(EDITION)
    edition["essay"]["title"] = HOSTILE
    return edition


HOSTILE_CH = cite.CiteTarget("chapter", HOSTILE, SITE + "2-x/", "¶4–¶6", 2)


def bibtex_fields(text: str) -> tuple[str, dict[str, str]]:
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == [], [b.error for b in library.failed_blocks]
    assert len(library.entries) == 1
    entry = library.entries[0]
    assert entry.entry_type == "article"
    return entry.key, {f.key: f.value for f in entry.fields}


def braces_balanced(value: str) -> bool:
    """BibTeX itself counts every brace, escaped or not (bibtexparser 2 does not), so check as BibTeX does."""
    depth = 0
    for ch in value:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def bibtex_unescape(value: str) -> str:
    """Undo cite.bibtex_escape and the protective braces: what a reader of the .bib sees."""
    for ch, sequence in sorted(cite._BIBTEX_SPECIAL.items(), key=lambda kv: -len(kv[1])):
        value = value.replace(sequence, f"\x00{ord(ch)}\x00")
    value = value.replace("{", "").replace("}", "")
    return re.sub("\x00(\\d+)\x00", lambda m: chr(int(m[1])), value)


def parse_ris(text: str) -> list[tuple[str, str]]:
    lines = text.split("\n")
    assert lines[-1] == "" and "\r" not in text, "one LF after every line"
    pairs = []
    for line in lines[:-1]:
        match = re.fullmatch(r"([A-Z][A-Z0-9])  - (.*)", line)
        assert match, f"not an RIS line: {line!r}"
        pairs.append((match[1], match[2]))
    return pairs


def script_safe(text: str) -> bool:
    """Nothing in text can end or confuse a <script> element it is embedded in."""
    return "</" not in text and "<!--" not in text and "<script" not in text.lower()


# ── Golden files ─────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("name, target", [("essay", ESSAY), ("ch2", CH2)])
def test_outputs_match_the_golden_files(name, target):
    for suffix, text in outputs(EDITION, target).items():
        path = GOLDEN / f"{name}.{suffix}.expected"
        if os.environ.get("UPDATE_GOLDEN"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
        assert path.read_bytes().decode("utf-8") == text, f"{path.name} differs (UPDATE_GOLDEN=1 to rewrite)"


def test_the_chapter_example_reads_as_chicago():
    assert cite.plain_citation(EDITION, CH2) == (
        "Thomas M. Twiss, “The development of Trotsky’s analysis of the Soviet bureaucracy,” "
        "Links International Journal of Socialist Renewal, 19 August 2016, ¶4–¶6 "
        f"(ch. 2, “Glavkokratiia: bureaucracy as inefficiency,” in the annotated edition, version {EDITION['edition']['version']}, "
        "https://example.org/twiss/2-glavkokratiia/)."
    )


# ── Targets and files ────────────────────────────────────────────────────────────────────────


def test_chapter_targets_come_from_the_chapter_map():
    targets = cite.chapter_targets("https://example.org/twiss", CHAPTERS)  # no trailing slash given
    assert [t.url for t in targets] == [f"{SITE}{c.slug}/" for c in CHAPTERS]
    assert targets[1] == cite.CiteTarget(
        "chapter", "Glavkokratiia: bureaucracy as inefficiency", f"{SITE}2-glavkokratiia/", "¶4–¶6", 2
    )
    assert ESSAY == cite.CiteTarget("essay", EDITION["essay"]["title"], SITE, "", None)


def test_download_files_cover_the_essay_and_every_chapter():
    targets = [ESSAY, *cite.chapter_targets(SITE, CHAPTERS)]
    files = cite.download_files(EDITION, targets)
    stems = ["twiss-2016"] + [f"twiss-2016-ch{n}" for n in range(1, len(CHAPTERS) + 1)]
    assert sorted(files) == sorted(f"cite/{s}.{e}" for s in stems for e in ("bib", "ris", "json"))
    assert files["cite/twiss-2016-ch2.bib"] == cite.bibtex(EDITION, CH2)
    assert files["cite/twiss-2016.json"] == cite.csl_json(EDITION, ESSAY)


def test_the_box_links_each_download():
    box = cite.cite_box_markdown(EDITION, CH2)
    for label, extension in (("BibTeX", "bib"), ("RIS", "ris"), ("CSL-JSON", "json")):
        assert f"[{label}](cite/twiss-2016-ch2.{extension})" in box
    assert box.startswith('<section class="cite-box ed" data-search-exclude markdown>') and "## Cite this chapter" in box
    assert 'class="copy-link md-button" type="button" data-copy="Thomas M. Twiss, ' in box


# ── Each format read back ─────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("target, key", [(ESSAY, "twiss2016development"), (CH2, "twiss2016development-ch2")])
def test_bibtex_parses_with_the_right_fields(target, key):
    parsed_key, fields = bibtex_fields(cite.bibtex(EDITION, target))
    assert parsed_key == key
    assert fields["author"] == "Twiss, Thomas M."
    assert bibtex_unescape(fields["title"]) == EDITION["essay"]["title"]
    assert fields["title"] == "The development of {Trotsky’s} analysis of the {Soviet} bureaucracy"
    assert fields["journal"] == "Links International Journal of Socialist Renewal"
    assert (fields["year"], fields["month"], fields["date"]) == ("2016", "aug", "2016-08-19")
    assert fields["url"] == EDITION["essay"]["url"]
    assert f"\\url{{{target.url}}}" in fields["note"]
    assert ("¶4–¶6; ch. 2, “Glavkokratiia" in fields["note"]) == (target.kind == "chapter")


@pytest.mark.parametrize("target", [ESSAY, CH2])
def test_csl_json_has_author_date_and_journal(target):
    (item,) = json.loads(cite.csl_json(EDITION, target))
    assert item["type"] == "article-journal"
    assert item["author"] == [{"family": "Twiss", "given": "Thomas M."}]
    assert item["issued"] == {"date-parts": [[2016, 8, 19]]}
    assert item["container-title"] == "Links International Journal of Socialist Renewal"
    assert item["URL"] == EDITION["essay"]["url"]
    assert target.url in item["note"]


@pytest.mark.parametrize("target", [ESSAY, CH2])
def test_ris_opens_with_ty_and_closes_with_er(target):
    pairs = parse_ris(cite.ris(EDITION, target))
    assert pairs[0] == ("TY", "JOUR") and pairs[-1] == ("ER", "")
    fields = dict(pairs)
    assert fields["AU"] == "Twiss, Thomas M."
    assert fields["T2"] == fields["JF"] == "Links International Journal of Socialist Renewal"
    assert (fields["PY"], fields["DA"]) == ("2016", "2016/08/19")
    assert target.url in fields["N1"]


def test_meta_tags_name_the_essay_for_zotero_and_scholar():
    tags = cite.citation_meta(EDITION, CH2.url)
    values = dict(tags)
    assert values["citation_title"] == "The development of Trotsky’s analysis of the Soviet bureaucracy"
    assert values["citation_author"] == "Twiss, Thomas M."
    assert values["citation_publication_date"] == "2016/08/19"
    assert values["citation_journal_title"] == "Links International Journal of Socialist Renewal"
    assert values["citation_public_url"] == EDITION["essay"]["url"]
    assert values["citation_fulltext_html_url"] == CH2.url
    assert len(values) == len(tags), "each tag once"
    head = lxml.html.fromstring(f"<html><head>{cite.meta_html(tags)}</head></html>")
    assert head.xpath('//meta[@name="citation_journal_title"]/@content') == [values["citation_journal_title"]]


def test_open_graph_uses_property_attributes():
    tags = cite.open_graph(EDITION, "2. Glavkokratiia", CH2.url, "About chapter 2.")
    assert dict(tags)["og:type"] == "article" and dict(tags)["article:published_time"] == "2016-08-19"
    head = lxml.html.fromstring(f"<html><head>{cite.meta_html(tags)}</head></html>")
    assert head.xpath('//meta[@property="og:url"]/@content') == [CH2.url]
    assert dict(tags)["twitter:card"] == "summary" and "og:image" not in dict(tags)  # no image: a small card


def test_a_preview_image_makes_a_large_card_with_its_size_and_alt_text():
    tags = dict(cite.open_graph(EDITION, "2. Glavkokratiia", CH2.url, "About chapter 2.", IMAGE))
    assert tags["og:image"] == tags["twitter:image"] == "https://example.org/twiss/preview/x.png"
    assert (tags["og:image:width"], tags["og:image:height"], tags["og:image:type"]) == ("1200", "630", "image/png")
    assert tags["og:image:alt"] == tags["twitter:image:alt"] == "An image that says “x”."
    assert tags["twitter:card"] == "summary_large_image"


def test_json_ld_parses_and_describes_the_chapter_page():
    text = cite.json_ld(EDITION, CH2.url, "2. Glavkokratiia", CH2)
    assert script_safe(text)
    data = json.loads(text)
    assert data["@type"] == "ScholarlyArticle"
    assert data["author"] == {"@type": "Person", "name": "Thomas M. Twiss", "familyName": "Twiss", "givenName": "Thomas M."}
    assert data["isPartOf"] == {"@type": "Periodical", "name": "Links International Journal of Socialist Renewal"}
    assert data["datePublished"] == "2016-08-19" and data["url"] == EDITION["essay"]["url"]
    assert data["hasPart"]["url"] == CH2.url and data["hasPart"]["position"] == 2
    assert "hasPart" not in json.loads(cite.json_ld(EDITION, SITE, "Home"))


# ── Escaping: a title with <script>, braces and & ────────────────────────────────────────────


def test_a_hostile_title_stays_one_valid_bibtex_entry():
    key, fields = bibtex_fields(cite.bibtex(hostile_edition(), HOSTILE_CH))
    assert braces_balanced(fields["title"]) and braces_balanced(fields["note"])
    assert bibtex_unescape(fields["title"]) == " ".join(HOSTILE.split())
    assert re.search(r"(?<!\\)[&%#_$]", fields["title"]) is None
    assert bibtex_unescape(fields["note"]).startswith("¶4–¶6; ch. 2, “" + " ".join(HOSTILE.split()))


def test_the_brace_check_catches_what_bibtexparser_lets_through():
    """bibtexparser 2 accepts "\\{", BibTeX does not: the balance check is what catches it."""
    naive = "@article{k,\n  title = {A \\{ b},\n}\n"
    assert bibtexparser.parse_string(naive).failed_blocks == []
    assert not braces_balanced(bibtexparser.parse_string(naive).entries[0]["title"])


def test_a_hostile_title_stays_one_ris_record():
    pairs = parse_ris(cite.ris(hostile_edition(), HOSTILE_CH))
    assert [tag for tag, _ in pairs].count("ER") == 1 and pairs[-1] == ("ER", "")
    assert dict(pairs)["TI"] == " ".join(HOSTILE.split())


def test_a_hostile_title_round_trips_through_csl_json():
    (item,) = json.loads(cite.csl_json(hostile_edition(), HOSTILE_CH))
    assert item["title"] == " ".join(HOSTILE.split())
    assert " ".join(HOSTILE.split()) in item["note"]


def test_a_hostile_title_cannot_break_out_of_json_ld():
    text = cite.json_ld(hostile_edition(), HOSTILE_CH.url, HOSTILE, HOSTILE_CH)
    assert script_safe(text)
    assert json.loads(text)["headline"] == " ".join(HOSTILE.split())
    assert json.loads(text)["hasPart"]["name"] == " ".join(HOSTILE.split())


def test_the_script_check_catches_plain_json():
    assert not script_safe(json.dumps({"headline": HOSTILE}))


def test_a_hostile_title_is_inert_in_meta_tags():
    edition = hostile_edition()
    image = cite.PreviewImage(IMAGE.url, HOSTILE, 1200, 630, "image/png")
    markup = cite.meta_html(cite.citation_meta(edition, CH2.url) + cite.open_graph(edition, HOSTILE, CH2.url, HOSTILE, image))
    head = lxml.html.fromstring(f"<html><head>{markup}</head><body></body></html>")
    assert head.xpath("//script") == []
    assert head.xpath('//meta[@name="citation_title"]/@content') == [" ".join(HOSTILE.split())]
    assert head.xpath('//meta[@property="og:title"]/@content') == [" ".join(HOSTILE.split())]
    assert head.xpath('//meta[@name="twitter:image:alt"]/@content') == [" ".join(HOSTILE.split())]


def test_a_hostile_title_is_inert_in_the_cite_box():
    edition = hostile_edition()
    box = cite.cite_box_markdown(edition, HOSTILE_CH)
    paragraphs = [line for line in box.splitlines() if line.startswith("<p") and "Download the record" not in line]
    assert len(paragraphs) == 2 and "<script" not in box
    assert not set("*_[]`\\") & set("".join(paragraphs)), "Markdown specials are numeric entities"
    rendered = markdown.markdown(f"{box}", extensions=["attr_list", "md_in_html", "toc"])
    page = lxml.html.fromstring(f"<div>{rendered}</div>")
    assert page.xpath("//script") == []
    assert page.xpath("//button/@data-copy") == [cite.plain_citation(edition, HOSTILE_CH)]
    assert " ".join(HOSTILE.split()) in page.xpath('string(//p[@class="cite-plain"])')
    assert page.xpath("//h2/@id") == ["cite"] and len(page.xpath("//a[@download]")) == 3


def test_the_head_names_the_short_reference_that_copy_with_citation_uses():
    """edition.js cites a copied passage as "(Twiss 2016, ¶8)" from this meta tag, not from a literal."""
    head = cite.page_head(EDITION, SITE, "Home", "An edition.")
    tag = lxml.html.fromstring(f"<html><head>{head}</head></html>").find(".//meta[@name='edition:short-reference']")
    assert tag is not None and tag.get("content") == facts.short_reference(EDITION) == "Twiss 2016"
    script = (Path(__file__).resolve().parent.parent / "docs" / "assets" / "edition.js").read_text(encoding="utf-8")
    assert 'meta[name="edition:short-reference"]' in script and '"Twiss 2016"' not in script
