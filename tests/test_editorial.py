"""Editorial trust: the source policy, the revisions log, report links, and the corrected annotations."""

import dataclasses
from pathlib import Path
from urllib.parse import urljoin

import lxml.html
import pytest
import yaml

from edition.errors import SourceError
from edition.pages import common
from edition.sources import facts, revisions, senses
from edition.sources import policy as source_policy
from edition.sources.bibliography import load_bibliography
from edition.sources.chapters import load_chapters
from edition.sources.essay import ROOT, load_essay
from edition.sources.yamlfile import _LineLoader

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
  - {url: "https://www.britannica.com/biography/Joseph-Stalin", title: Joseph Stalin, kind: reference}
  - {url: "https://www.greenleft.org.au/x", title: Launch, kind: primary, supports: the launch}
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
    policy = source_policy.load_policy()
    files = source_policy.annotation_yaml()
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
    log = revisions.load_revisions()
    revisions.check_logged(log, revisions.digest(revisions.annotation_files()), str(edition["edition"]["version"]))
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
    for note in load_bibliography().notes.values():
        if note.status != "unidentified":
            assert [e for e in note.evidence if e.url], f"note {note.number} has no evidence link"


def test_notes_pass_three_is_applied():
    notes = load_bibliography().notes
    assert notes[13].status == "identified-likely" and notes[13].works[0].key == "trotsky1927thermidor"
    assert "правящей группы" in notes[13].comment and "ruling party" in notes[13].comment
    assert notes[10].status == "unidentified" and "Uglanov" in notes[10].comment


def test_the_senses_follow_the_stages_of_the_essay():
    essay = load_essay()
    sense_list = senses.load_senses()
    uses = senses.load_uses(essay, sense_list)
    assert [s.id for s in senses.stages_of(sense_list)] == ["administrative", "political-tendency", "social-formation", "the-word"]
    by_anchor = {u.anchor: u for u in uses}
    # Uses their own sentences contradicted in 1.0 (the fact-check's #47, #57) and the middle term (#25).
    assert (by_anchor["u17-4"].sense, by_anchor["u17-4"].facet) == ("autonomous-formation", "restoration-agent")
    assert (by_anchor["u21-2"].word, by_anchor["u21-2"].sense) == ("bureaucrats", "autonomous-formation")
    assert by_anchor["u8-1"].sense == "bureaucratism"
    assert {u.paragraph for u in uses if u.sense == "subject"} == {0, 1, 18, 20, 22}
    assert "restoration-agent" not in sense_list  # a prediction is a facet, not a sense
    for use in uses:
        if use.previously:
            assert use.why, f"{use.anchor} was reassigned without a reason"
    text = (ROOT / "sources" / "senses.yml").read_text(encoding="utf-8").lower()
    assert "weber" not in text.split("senses:")[1] and "caste" not in text.split("senses:")[1]


def test_chapter_years_match_their_paragraphs():
    chapters = load_chapters(load_essay())
    assert [c.years for c in chapters] == ["1917–1923", "1919–1923", "1923–1927", "1927–1933", "1933–1936", "1936–2016"]
    for chapter in chapters:
        assert "'" not in chapter.summary, f"chapter {chapter.number}: use typographic apostrophes"
    assert "Twiss" in chapters[1].summary and "Twiss" in chapters[3].summary and "Twiss" in chapters[5].summary


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
    assert [h.get("id") for h in tree.iterfind(".//h2")] == ["v1-4", "v1-3", "v1-2", "v1-1", "v1-0"]
    rows = tree.xpath('//div[@class="revisions-table"]//tbody/tr')
    assert len(rows) == sum(len(r.changes) for r in revisions.load_revisions())


def test_the_about_page_states_the_principles_and_the_hosts(site):
    tree = lxml.html.parse(str(site / "about" / "index.html"))
    ids = {h.get("id") for h in tree.xpath("//h2")}
    assert {"principles", "the-text-is-unchanged", "notes", "senses", "sources", "corrections", "report"} <= ids
    hosts = tree.xpath('//div[@class="hosts-table"]//tbody/tr/td[1]/code/text()')
    assert set(hosts) == set(source_policy.load_policy())


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
