"""Editorial trust: the source policy, the revisions log, report links, and the corrected annotations."""

import dataclasses
import re
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html
import pytest
import yaml

from edition.errors import SourceError
from edition.pages import common
from edition.sources import facts, paths, revisions, senses
from edition.sources import policy as source_policy
from edition.sources.bibliography import STATUSES, load_bibliography
from edition.sources.chapters import load_chapters
from edition.sources.essay import load_essay
from edition.sources.yamlfile import _LineLoader

ROOT = Path(__file__).resolve().parent.parent

POLICY = source_policy.parse_policy(
    yaml.safe_load(
        """
hosts:
  - {host: www.britannica.com, name: Britannica, kinds: [reference], reviewed: encyclopedia}
  - {host: www.marxists.org, name: MIA, kinds: [primary], reviewed: archive}
  - {host: www.greenleft.org.au, name: Green Left, kinds: [primary], partisan: socialist newspaper, reviewed: own page}
"""
    )
)


def sources_of(text: str, tmp_path: Path):
    item = yaml.load(text, Loader=_LineLoader)
    return source_policy.parse_sources(item, "stalin", POLICY, tmp_path / "glossary.yml")


# ── The source policy ───────────────────────────────────────────────────────────────────────


def test_a_source_on_an_accepted_host_is_labelled_with_its_kind(tmp_path):
    (one, two) = sources_of(
        """
sources:
  - {url: "https://www.britannica.com/biography/Joseph-Stalin", title: Joseph Stalin, kind: reference, seen: "Joseph Stalin, Soviet leader."}
  - {url: "https://www.greenleft.org.au/x", title: Launch, kind: primary, supports: the launch, seen: "The magazine was launched."}
""",
        tmp_path,
    )
    assert one.label == "reference work"
    assert two.label == "primary text; partisan: socialist newspaper"
    assert "(the launch)" in common.source_html(two)


@pytest.mark.parametrize(
    "source, message",
    [
        (
            '{url: "https://en.wikipedia-on-ipfs.org/wiki/Sergei_Kirov", title: K, kind: reference}',
            r"glossary\.yml:3: 'stalin': source host 'en\.wikipedia-on-ipfs\.org' is not an accepted host",
        ),
        (
            '{url: "https://www.marxists.org/glossary/", title: G, kind: reference}',
            r"glossary\.yml:3: 'stalin': www\.marxists\.org is accepted for primary sources, not 'reference'",
        ),
        ('{url: "https://www.britannica.com/x", title: B, kind: blog}', r"glossary\.yml:3: 'stalin': source kind 'blog' is not one of"),
        ('{url: "https://www.britannica.com/x", kind: reference}', r"glossary\.yml:3: entry is missing 'title'"),
        ('{url: "ftp://www.britannica.com/x", title: B, kind: reference}', r"'stalin': source 'ftp://.*' is not a public http\(s\) address"),
    ],
)
def test_a_source_outside_the_policy_names_the_file_line_and_entry(tmp_path, source, message):
    with pytest.raises(SourceError, match=message):
        sources_of(f"id: stalin\nsources:\n  - {source}\n", tmp_path)


def test_a_source_that_is_not_a_mapping_names_its_line(tmp_path):
    with pytest.raises(SourceError, match=r"glossary\.yml:3: item 1 of 'sources:' is not a mapping"):
        sources_of("id: stalin\nsources:\n  - https://www.britannica.com/x\n", tmp_path)


def test_an_entry_without_sources_fails(tmp_path):
    with pytest.raises(SourceError, match=r"'stalin' needs a 'sources:' list"):
        sources_of("id: stalin\nsource: https://www.britannica.com/x\n", tmp_path)


def test_a_weak_address_in_a_comment_is_caught_with_its_line(tmp_path):
    path = tmp_path / "timeline.yml"
    path.write_text(
        "events:\n  - id: kirov\n    # see also: https://www.britannica.com/ok\n"
        "    # see also: https://www.findingdulcinea.com/news/on-this-day/\n",
        encoding="utf-8",
    )
    with pytest.raises(SourceError, match=r"timeline\.yml:4: 'kirov': source host 'www\.findingdulcinea\.com' is not an accepted host"):
        source_policy.check_every_url([path], POLICY)


def test_a_source_without_the_words_seen_names_the_file_line_and_entry(tmp_path):
    """Every source but the essay quotes the words that support the claim (issue 19, 3)."""
    with pytest.raises(SourceError, match=r"glossary\.yml:3: 'stalin': source https://www\.britannica\.com/x has no 'seen:'"):
        sources_of('id: stalin\nsources:\n  - {url: "https://www.britannica.com/x", title: B, kind: reference}\n', tmp_path)
    with pytest.raises(SourceError, match=r"glossary\.yml:3: 'stalin': source https://www\.britannica\.com/x has no 'seen:'"):
        sources_of('id: stalin\nsources:\n  - {url: "https://www.britannica.com/x", title: B, kind: reference, seen: "  "}\n', tmp_path)
    too_long = " ".join(["word"] * 61)
    with pytest.raises(SourceError, match=r"glossary\.yml:3: 'stalin': 'seen:' of source .* has 61 words; quote at most 60"):
        sources_of(f'id: stalin\nsources:\n  - {{url: "https://www.britannica.com/x", title: B, kind: reference, seen: "{too_long}"}}\n', tmp_path)
    # An ellipsis marking a cut is not a word; the essay itself needs no words seen.
    (kept,) = sources_of(f'id: stalin\nsources:\n  - {{url: "https://www.britannica.com/x", title: B, kind: reference, seen: "{" … ".join(["w"] * 60)}"}}\n', tmp_path)
    assert kept.seen.startswith("w … w")
    policy = {**POLICY, "links.org.au": source_policy.Host("links.org.au", "Links", ("essay",))}
    item = yaml.load('id: e\nsources:\n  - {url: "https://links.org.au/essay", title: The essay, kind: essay}\n', Loader=_LineLoader)
    assert source_policy.parse_sources(item, "e", policy, tmp_path / "glossary.yml")[0].seen == ""


def test_the_words_seen_are_counted_as_the_editors_count_them():
    """A word is a whitespace-separated run with a letter or digit in it: an ellipsis or a dash is none."""
    assert source_policy.seen_word_count("Joseph Stalin … led — the  U.S.S.R. in 1924–53; “so”") == 8
    assert source_policy.seen_word_count("a\xa0b\u2028c\x1cd … — – ; ") == 4  # every space str.split() knows
    assert source_policy.seen_word_count("") == source_policy.seen_word_count(" … ") == 0


def test_the_words_seen_open_beside_each_source_escaped():
    (source,) = source_policy.parse_sources(
        yaml.load('sources:\n  - {url: "https://www.britannica.com/x", title: B, kind: reference, seen: "a <b> & *c*"}\n', Loader=_LineLoader),
        "x", POLICY, Path("glossary.yml"),
    )
    html = common.source_html(source)
    assert '<details class="source-seen"><summary>Words seen</summary><blockquote>' in html
    assert "<b>" not in html and "&lt;b&gt;" in html and "*c*" not in html
    block = common.sources_block((source,), "gloss-source")
    assert block.startswith('<div class="gloss-source source-block" data-search-exclude="">') and "<li>" in block


@pytest.mark.parametrize(
    "line, address",
    [
        ("    url: javascript:alert(1)", "javascript:alert"),
        ('  - {url: "//www.britannica.com/x", title: B}', "//www.britannica.com/x"),
        ("    why: see ftp://www.britannica.com/file", "ftp://www.britannica.com/file"),
        ("    note: an image data:text/html;base64,PHNjcmlwdD4=", "data:text/html"),
        ("    url: mailto:editors@example.org", "mailto:editors@example.org"),
        ("    note: a [link](file:///etc/passwd)", "file:///etc/passwd"),
        ('    note: <A HREF="//www.britannica.com/x">', "//www.britannica.com/x"),
        ("    URL: FTP://www.britannica.com/x", "FTP://www.britannica.com/x"),
        ("    note: javaſcript:alert(1)", "javaſcript:alert"),  # Python's re.I reads ſ as s
        ("    lİnk: //www.britannica.com/x", "//www.britannica.com/x"),
    ],
)
def test_an_address_that_is_not_http_is_refused_with_its_line(tmp_path, line, address):
    path = tmp_path / "timeline.yml"
    path.write_text(f"events:\n  - id: kirov\n{line}\n", encoding="utf-8")
    with pytest.raises(SourceError, match=rf"timeline\.yml:3: 'kirov': source '{re.escape(address)}.*' is not a public http\(s\) address"):
        source_policy.check_every_url([path], POLICY)


def test_the_cheap_line_test_skips_no_line_that_holds_an_address():
    """addresses_in reads a line with its patterns only if may_hold_address lets it: that must never
    drop an address, on the real files or on lines that test the patterns' case-insensitivity."""
    files = [*source_policy.annotation_yaml(ROOT / paths.SOURCES), ROOT / "footnotes.bib"]
    lines = [line for path in files for line in path.read_text(encoding="utf-8").splitlines()]
    probes = [f"{key}{sep}{value}" for key in ("url", "URL", "Href", "lInk", "SRC", "ſrc", "lİnk", "lınk", "x-Evidence", "note")
              for sep in (": ", " = {", '="', " ") for value in ("//a.org/x", "mailto:x", "JavaScript:x", "DATA:x", "fıle:x")]
    probes += ["see [a](x)", "HTTP://a.org", "vbſcript:x", "BLOB:x", "plain prose: no address", ""]
    for line in lines + probes:
        assert source_policy.addresses_in(line) == source_policy._matched_addresses(line), repr(line)
    assert sum(map(bool, map(source_policy.addresses_in, probes))) > len(probes) // 2


def test_every_letter_that_re_matches_to_an_ascii_letter_is_read_by_the_cheap_test():
    """Python's re.I matches a few letters to ASCII ones that str.lower() does not make ASCII (ſ to s);
    a line with one of them must not be skipped (checked over every code point, for any Python)."""
    ascii_letter = re.compile("[a-z]", re.I)
    for code in range(0x80, sys.maxunicode + 1):
        letter = chr(code)
        if ascii_letter.fullmatch(letter) and not ("a" <= letter.lower() <= "z"):
            assert source_policy.may_hold_address(f"x{letter}x"), f"U+{code:04X}"


def test_prose_with_colons_is_not_an_address(tmp_path):
    path = tmp_path / "senses.yml"
    path.write_text(
        "# note: the data: see below; Trotsky:the word\nsenses:\n  - id: x\n    why: \"Note: at 12:30, re: ¶3; seen: “words”\"\n",
        encoding="utf-8",
    )
    source_policy.check_every_url([path], POLICY)


def test_the_real_footnotes_bib_obeys_the_policy_too():
    bib = ROOT / "footnotes.bib"
    source_policy.check_every_url([bib], source_policy.load_policy(ROOT / paths.SOURCE_POLICY))
    bibliography = load_bibliography(bib, source_policy.load_policy(ROOT / paths.SOURCE_POLICY))
    seen = [e for w in bibliography.works.values() for e in w.evidence] + [e for n in bibliography.notes.values() for e in n.evidence]
    assert seen and all(e.url.startswith(("https://", "http://")) for e in seen if e.url)
    assert all("seen:" not in e.label for e in seen)  # the words seen are parsed out of the description


def test_the_policy_file_is_strict():
    with pytest.raises(SourceError, match=r"host 'www\.britannica\.com' is listed twice"):
        source_policy.parse_policy(
            yaml.load(
                "hosts:\n  - {host: www.britannica.com, name: B, kinds: [reference], reviewed: r}\n"
                "  - {host: www.britannica.com, name: B, kinds: [reference], reviewed: r}\n",
                Loader=_LineLoader,
            )
        )
    with pytest.raises(SourceError, match=r"entry is missing 'reviewed'"):
        source_policy.parse_policy(yaml.load("hosts:\n  - {host: a.org, name: A, kinds: [primary]}\n", Loader=_LineLoader))


def test_every_address_in_the_curated_sources_is_on_an_accepted_host():
    policy = source_policy.load_policy(ROOT / paths.SOURCE_POLICY)
    files = source_policy.annotation_yaml(ROOT / paths.SOURCES)
    assert {p.name for p in files} >= {"glossary.yml", "timeline.yml", "senses.yml", "revisions.yml"}
    source_policy.check_every_url(files, policy)
    banned = ("wikivisually", "owiki", "ipfs", "kiwix", "liquisearch", "filesoo", "democraticunderground", "findingdulcinea",
              "kids.britannica", "student.computing", "audioplayer", "dichtienghoa", "marxistleninists", "marxists.info")
    for path in files:  # comments may name a removed source; the data may not
        data = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith("#"))
        assert not [b for b in banned if b in data], path.name


# ── The revisions log ───────────────────────────────────────────────────────────────────────

LOG = """\
revisions:
  - version: "1.1"
    date: "2026-11-26"
    summary: Corrections.
    digest: DIGEST
    changes:
      - {area: glossary, what: Fixed a date., why: A source shows it.}
  - version: "1.0"
    date: "2026-11-25"
    summary: First.
    changes:
      - {area: edition, what: First publication., why: —}
"""


def parse_log(text: str):
    return revisions.parse_revisions(yaml.load(text, Loader=_LineLoader), Path("revisions.yml"))


def test_changed_sources_without_a_revisions_entry_fail_with_the_instruction():
    log = parse_log(LOG)
    revisions.check_logged(log, "DIGEST", "1.1")
    with pytest.raises(SourceError, match=r"revisions\.yml: the annotation sources changed .*: add a revisions entry .*digest: NEW"):
        revisions.check_logged(log, "NEW", "1.1")
    with pytest.raises(SourceError, match=r"the newest revision is 1\.1 but sources/edition\.yml says version 1\.2"):
        revisions.check_logged(log, "DIGEST", "1.2")


def test_the_log_is_newest_first_with_valid_versions_and_dates():
    with pytest.raises(SourceError, match=r"revisions\.yml:8: version 1\.0 \(2026-11-25\) should come after 1\.0"):
        parse_log(LOG.replace('"1.1"', '"1.0"'))
    with pytest.raises(SourceError, match=r"revisions\.yml:2: version 'one' should look like 1\.1"):
        parse_log(LOG.replace('"1.1"', "one"))
    with pytest.raises(SourceError, match=r"revisions\.yml:2: version 1\.1: date '26 Nov' should be YYYY-MM-DD"):
        parse_log(LOG.replace('"2026-11-26"', "26 Nov"))


def test_the_digest_covers_every_annotation_file_and_changes_with_any_of_them(tmp_path):
    (tmp_path / "sources").mkdir()
    for name in ("glossary.yml", "revisions.yml", "edition.yml", "twiss-2016.txt"):
        (tmp_path / "sources" / name).write_text("a\n", encoding="utf-8")
    (tmp_path / "footnotes.bib").write_text("@misc{note1}\n", encoding="utf-8")
    files = revisions.annotation_files(tmp_path)
    assert [p.name for p in files] == ["glossary.yml", "footnotes.bib"]
    before = revisions.digest(files, tmp_path)
    (tmp_path / "footnotes.bib").write_text("@misc{note1, x-status = {unidentified}}\n", encoding="utf-8")
    assert revisions.digest(files, tmp_path) != before


def test_the_published_log_records_the_current_sources():
    """Fails after any edit of sources/ or footnotes.bib that has no revisions entry."""
    edition = yaml.safe_load((ROOT / "sources" / "edition.yml").read_text(encoding="utf-8"))
    log = revisions.load_revisions(ROOT / paths.REVISIONS)
    revisions.check_logged(log, revisions.digest(revisions.annotation_files(ROOT), ROOT), str(edition["edition"]["version"]))
    assert log[0].version == edition["edition"]["version"] and log[0].changes and all(c.why not in ("", "TODO") for c in log[0].changes)


# ── Report an error, suggest a source ───────────────────────────────────────────────────────


def test_report_links_are_prefilled_for_mail_and_issue_forms():
    assert common.prefilled("mailto:ed@example.org", "Note 14", "Note 14: notes/14/\n") == (
        "mailto:ed@example.org?subject=Note%2014&body=Note%2014%3A%20notes/14/%0A"
    )
    assert common.prefilled("https://github.com/o/r/issues/new?template=error.yml", "Glossary: Kirov", "x") == (
        "https://github.com/o/r/issues/new?template=error.yml&title=Glossary%3A%20Kirov&body=x"
    )
    assert common.feedback_link("", "Report an error", "s", "b") == ""
    with pytest.raises(SourceError, match=r"edition\.yml: edition\.contact 'editors' should be a mailto: address"):
        facts.check_contact("editors", "edition.yml")


def test_with_a_contact_the_pages_offer_report_and_suggest_links(project):
    from edition.pages import generate

    edition = {**project.edition, "edition": {**project.edition["edition"], "contact": "mailto:editors@example.org"}}
    with_contact = dataclasses.replace(project, edition=edition, contact="mailto:editors@example.org")
    pages = {path.relative_to(ROOT).as_posix(): text for path, text in generate.generated_files(with_contact).items()}
    assert "Suggest a source for note 14" in pages["docs/notes/14.md"]
    assert "subject=Source%20for%20note%2014" in pages["docs/notes/14.md"]
    assert pages["docs/glossary.md"].count(">Report an error</a>") == pages["docs/glossary.md"].count('class="gloss-entry"')
    assert "Glossary%3A%20Sergei%20Kirov%20%28glossary/%23kirov%29" in pages["docs/glossary.md"]
    assert pages["docs/timeline.md"].count(">Report an error</a>") == pages["docs/timeline.md"].count("<li id=")
    assert "editors@example.org</a>" in pages["docs/about.md"]


def test_without_a_contact_no_report_link_shows():
    for path in [ROOT / "docs" / "glossary.md", ROOT / "docs" / "timeline.md", *sorted((ROOT / "docs" / "notes").glob("*.md"))]:
        assert "feedback-link" not in path.read_text(encoding="utf-8"), path.name


# ── The corrected annotations ───────────────────────────────────────────────────────────────


def test_every_note_that_is_not_unidentified_has_evidence():
    for note in load_bibliography(ROOT / paths.BIBLIOGRAPHY, source_policy.load_policy(ROOT / paths.SOURCE_POLICY)).notes.values():
        if note.status != "unidentified":
            assert [e for e in note.evidence if e.url], f"note {note.number} has no evidence link"


def test_the_status_counts_in_the_header_of_footnotes_bib_agree_with_the_notes():
    """footnotes.bib's header counts the notes of each status and names them: the count and the
    numbers must be those of the entries, so the summary editors read cannot drift from the data."""
    bibliography = load_bibliography(ROOT / paths.BIBLIOGRAPHY, source_policy.load_policy(ROOT / paths.SOURCE_POLICY))
    counts = (ROOT / "footnotes.bib").read_text(encoding="utf-8").split("% Counts:", 1)[1].split("\n\n", 1)[0]
    header = " ".join(line.lstrip("% ").strip() for line in counts.splitlines())
    for status in STATUSES:
        found = re.search(rf"\b{status} (\d+)(?: \(notes? ([\d, ]+)\))?", header)
        assert found, f"the header of footnotes.bib does not count '{status}'"
        numbers = sorted(n.number for n in bibliography.notes.values() if n.status == status)
        assert int(found.group(1)) == len(numbers), status
        listed = sorted(int(n) for n in (found.group(2) or "").replace(" ", "").split(",") if n)
        assert listed == numbers, status


def test_a_note_that_names_a_work_says_so_by_its_status():
    """An identified status needs a work; a work named by an unidentified note is a candidate, and its
    comment says so."""
    for note in load_bibliography(ROOT / paths.BIBLIOGRAPHY, source_policy.load_policy(ROOT / paths.SOURCE_POLICY)).notes.values():
        if note.status != "unidentified":
            assert note.works, f"note {note.number} is {note.status} but cites no work"
        elif note.works:
            assert "candidate" in note.comment.lower(), f"note {note.number}: an unidentified note's work is a candidate"


def test_the_senses_follow_the_stages_of_the_essay():
    essay = load_essay(ROOT / paths.ESSAY)
    sense_list = senses.load_senses(ROOT / paths.SENSES, len(load_essay(ROOT / paths.ESSAY).paragraphs))
    uses = senses.load_uses(essay, sense_list, ROOT / paths.SENSE_USES)
    assert [s.id for s in senses.stages_of(sense_list)] == ["administrative", "political-tendency", "social-formation", "the-word"]
    by_anchor = {u.anchor: u for u in uses}
    # Uses their own sentences contradicted in 1.0 (the fact-check's #47, #57) and the middle term (#25).
    assert (by_anchor["u17-4"].sense, by_anchor["u17-4"].facet) == ("autonomous-formation", "restoration-agent")
    assert (by_anchor["u21-2"].word, by_anchor["u21-2"].sense) == ("bureaucrats", "autonomous-formation")
    assert by_anchor["u8-1"].sense == "bureaucratism"
    # The rule for `subject` in the header of sources/senses.yml: the title, and phrases that name
    # Trotsky's theory, views or analyses "of bureaucracy" (or "the problem of Soviet bureaucracy")
    # as a topic. Every use in the title is `subject`; every `subject` use elsewhere stands in such a phrase.
    names_the_topic = re.compile(r"\b(?:theory|theories|views?|analysis|analyses|problem) (?:of|on) (?:the )?(?:Soviet )?$")
    for use in uses:
        if use.paragraph == 0:
            assert use.sense == "subject", f"{use.anchor}: a use in the title names the topic"
        elif use.sense == "subject":
            text = essay.paragraphs[use.paragraph - 1].text
            assert names_the_topic.search(text[max(0, use.start - 60) : use.start]), f"{use.anchor} does not name the topic"
    assert "restoration-agent" not in sense_list  # a prediction is a facet, not a sense
    for use in uses:
        if use.previously:
            assert use.why, f"{use.anchor} was reassigned without a reason"
    text = (ROOT / "sources" / "senses.yml").read_text(encoding="utf-8").lower()
    assert "weber" not in text.split("senses:")[1] and "caste" not in text.split("senses:")[1]


def test_chapter_years_are_periods_in_order():
    """The shape of each chapter's `years`, not its value (an editorial decision, guarded by the
    revisions digest): a period YYYY–YYYY with an en dash, chapters starting in order."""
    chapters = load_chapters(load_essay(ROOT / paths.ESSAY), ROOT / paths.CHAPTERS)
    spans = []
    for chapter in chapters:
        match = re.fullmatch(r"(\d{4})–(\d{4})", chapter.years)
        assert match and match[1] <= match[2], f"chapter {chapter.number}: years {chapter.years!r} is not YYYY–YYYY"
        spans.append((match[1], match[2]))
        assert "'" not in chapter.summary, f"chapter {chapter.number}: use typographic apostrophes"
    assert [start for start, _ in spans] == sorted(start for start, _ in spans), "chapters out of chronological order"


# ── What readers see in the built site ──────────────────────────────────────────────────────


def test_every_page_footer_gives_the_version_and_links_the_revisions(site, project):
    pages = sorted(site.glob("**/index.html"))
    assert len(pages) > 40
    for page in pages:
        tree = lxml.html.parse(str(page))
        footer = tree.find('.//span[@class="edition-version"]')
        assert footer is not None, page
        assert f"version {project.version}" in footer.text_content(), page
        here = "https://example.org/" + page.relative_to(site).parent.as_posix() + "/"
        targets = {urljoin(here, a.get("href")) for a in footer.iterfind(".//a")}
        assert "https://example.org/revisions/" in targets, page


def test_the_revisions_page_lists_each_version_with_reasons(site):
    tree = lxml.html.parse(str(site / "revisions" / "index.html"))
    log = revisions.load_revisions(ROOT / paths.REVISIONS)  # every version in the log, newest first (not today's list)
    assert [h.get("id") for h in tree.iterfind(".//h2")] == [f"v{r.version.replace('.', '-')}" for r in log]
    rows = tree.xpath('//div[@class="revisions-table"]//tbody/tr')
    assert len(rows) == sum(len(r.changes) for r in log)


def test_the_about_page_states_the_principles_and_the_hosts(site):
    tree = lxml.html.parse(str(site / "about" / "index.html"))
    ids = {h.get("id") for h in tree.xpath("//h2")}
    assert {"principles", "the-text-is-unchanged", "notes", "senses", "sources", "corrections", "report"} <= ids
    hosts = tree.xpath('//div[@class="hosts-table"]//tbody/tr/td[1]/code/text()')
    assert set(hosts) == set(source_policy.load_policy(ROOT / paths.SOURCE_POLICY))


def test_the_about_page_states_the_source_rule_as_it_is(site, project):
    """The rule the build enforces, as the About page states it: one policy for notes too, http(s)
    only, the words seen beside every source but the essay, and their limit."""
    tree = lxml.html.parse(str(site / "about" / "index.html"))
    heading = tree.find('.//h2[@id="sources"]')
    section = []
    for element in heading.itersiblings(tag=lxml.etree.Element):
        if element.tag == "h2":
            break
        section.append(" ".join(element.text_content().split()))
    text = " ".join(section)
    assert "One source policy covers everything the edition cites" in text and "evidence of the notes" in text
    assert "http or https address on a host of a reviewed list" in text
    assert f"at most {source_policy.SEEN_MAX_WORDS} words" in text and "Words seen" in text
    assert "never the bare archive.org" in text
    # And it is true: every note's evidence but the essay itself carries the words seen.
    essay_url = project.edition["essay"]["url"]
    for note in project.bibliography.notes.values():
        for item in note.evidence:
            assert item.seen or item.url == essay_url, f"note {note.number}: {item.url} has no words seen"
    for work in project.bibliography.works.values():
        for item in work.evidence:
            assert item.seen or item.url == essay_url, f"{work.key}: {item.url} has no words seen"


def test_every_source_shows_its_words_seen_on_the_glossary_and_timeline_pages(site, project):
    for page, container, entries in (
        ("glossary", '//div[@class="gloss-entry"]', {e.id: e for e in project.glossary}),
        ("timeline", '//ol[@class="timeline"]/li', {e.id: e for e in project.events}),
    ):
        tree = lxml.html.parse(str(site / page / "index.html"))
        for element in tree.xpath(container):
            entry = entries[element.get("id")]
            shown = [" ".join(q.text_content().split()) for q in element.xpath('.//details[@class="source-seen"]/blockquote')]
            assert shown == [s.seen for s in entry.sources if s.seen], element.get("id")
            assert len(element.xpath('.//ul[@class="source-list"]/li')) == len(entry.sources), element.get("id")
            assert not element.xpath(".//p//details | .//span//details"), element.get("id")  # never inside a paragraph


def test_the_senses_page_and_chapters_show_the_stages(site):
    tree = lxml.html.parse(str(site / "senses" / "index.html"))
    assert [h.get("id") for h in tree.xpath("//h2[@data-stage]")] == [
        "administrative", "political-tendency", "social-formation", "the-word",
    ]
    assert tree.find('.//*[@id="restoration-agent"]') is not None  # the 1.0 sense's public anchor lives on as a facet
    assert len(tree.xpath('//*[@class="chart-stage"]')) == 4
    chapter = lxml.html.parse(str(site / "5-revolution-betrayed" / "index.html"))
    use = chapter.find('.//a[@id="u17-4"]')
    assert use.get("data-stage") == "social-formation"
    assert use.get("title").startswith("Stage 3, The bureaucracy as a social formation")
    labels = chapter.xpath('//p[@class="stage-label"]/@data-stage')
    assert labels == ["social-formation"]
    moved = chapter.find('.//li[@id="sense-u17-4"]').text_content()
    assert "Formerly filed under “The bureaucracy as the agent of capitalist restoration" in moved


def test_glossary_and_timeline_sources_say_their_kind(site):
    for page, container in (("glossary", '//div[@class="gloss-entry"]'), ("timeline", '//ol[@class="timeline"]/li')):
        tree = lxml.html.parse(str(site / page / "index.html"))
        entries = tree.xpath(container)
        assert entries
        for entry in entries:
            kinds = entry.xpath('.//span[@class="source-kind"]/text()')
            assert kinds and all(k.strip("[]").split(";")[0] in source_policy.KINDS.values() for k in kinds), entry.get("id")


# The edition's own links that are not sources, each with its reason. Nothing else may link out.
OWN_LINKS = {
    # the theme's credit in every page's footer ("Made with Material for MkDocs")
    "squidfunk.github.io": '//div[contains(@class, "md-copyright")]//a',
}


def test_every_link_out_is_http_on_a_host_of_the_source_policy(site):
    """No page links to a host the About page does not list: every external <a href> on every built
    page is http(s) on a host of sources/source-policy.yml (the hosts table the About page prints),
    except the site's own address and the short list of the edition's own links above."""
    policy = source_policy.load_policy(ROOT / paths.SOURCE_POLICY)
    pages = sorted(site.glob("**/*.html"))
    assert len(pages) > 40
    checked = 0
    for page in pages:
        tree = lxml.html.parse(str(page))
        canonical = tree.xpath('//link[@rel="canonical"]/@href')
        own_host = urlsplit(canonical[0]).hostname if canonical else None
        allowed = [a for host, path in OWN_LINKS.items() for a in tree.xpath(path) if urlsplit(a.get("href", "")).hostname == host]
        for link in tree.iter("a"):
            href = (link.get("href") or "").strip()
            parts = urlsplit(href)
            if not (parts.scheme or href.startswith("//")):
                continue  # a link within the site
            where = f"{page.relative_to(site)}: {href}"
            assert parts.scheme in ("http", "https"), f"{where} is not an http(s) link"
            if parts.hostname == own_host or any(link is a for a in allowed):
                continue
            assert parts.hostname in policy, f"{where}: host not in sources/source-policy.yml"
            checked += 1
    assert checked > 100


def test_the_revisions_page_text_is_escaped_for_html_markdown_and_table_cells():
    from edition.pages.revisions import revisions_page

    change = revisions.Change(area="notes <b>", what="a | b *c*", why='"why" [1] & more')
    page = revisions_page([revisions.Revision("2.0", "2026-12-04", "0" * 64, "A <script>x</script> summary", (change,))],
                          "<!-- notice -->", "---\ntitle: x\n---")
    assert page.startswith("---\ntitle: x\n---\n\n<!-- notice -->\n\n# Revisions\n") and page.endswith("</div>\n")
    assert "## Version 2.0, 2026-12-04 { #v2-0 }\n\nA &lt;script&gt;x&lt;/script&gt; summary\n" in page
    assert "| notes &lt;b&gt; | a &#124; b &#42;c&#42; | &quot;why&quot; &#91;1&#93; &amp; more |" in page
