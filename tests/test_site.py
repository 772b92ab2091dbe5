"""The whole site, built once strictly: fidelity, privacy, stable URLs."""

from pathlib import Path

import lxml.html

from edition.sources import paths
from edition.sources.chapters import load_chapters
from edition.sources.essay import load_essay
from edition.sources.policy import load_policy
from edition.tools.fidelity import first_difference, published_words, site_words
from edition.web import linkcheck as sitecheck

ROOT = Path(__file__).resolve().parent.parent

MANIFEST = Path(__file__).with_name("public-urls.txt")


def test_the_chapters_reproduce_the_published_text_word_for_word(site):
    essay = load_essay(ROOT / paths.ESSAY)
    chapters = load_chapters(essay, ROOT / paths.CHAPTERS)
    words = site_words(site, [c.slug for c in chapters])
    assert first_difference(published_words(essay), words) is None


def test_fidelity_check_catches_a_changed_word(site):
    essay = load_essay(ROOT / paths.ESSAY)
    chapters = load_chapters(essay, ROOT / paths.CHAPTERS)
    words = site_words(site, [c.slug for c in chapters])
    words[500] = words[500] + "x"
    assert "word 501" in first_difference(published_words(essay), words)


def test_every_paragraph_has_its_permalink_in_the_margin(site):
    essay = load_essay(ROOT / paths.ESSAY)
    for chapter in load_chapters(essay, ROOT / paths.CHAPTERS):
        tree = lxml.html.parse(str(site / chapter.slug / "index.html"))
        for paragraph in chapter.paragraphs:
            element = tree.find(f'.//*[@id="p{paragraph.number}"]')
            assert element is not None, f"{chapter.slug}: no #p{paragraph.number}"
            link = element.find('.//a[@class="pnum ed"]')
            assert link.get("href") == f"#p{paragraph.number}" and link.text == f"¶{paragraph.number}"


def test_no_page_loads_anything_from_another_host(site):
    assert sitecheck.remote_loads(site) == {}


def test_the_scan_would_catch_a_remote_font_or_script():
    html = '<html><head><link rel="stylesheet" href="https://fonts.googleapis.com/css"><script src="//cdn.x/y.js"></script></head></html>'
    assert sitecheck.remote_loads_in_html(html) == ["<script src=//cdn.x/y.js>", "<link href=https://fonts.googleapis.com/css>"]
    assert sitecheck.remote_loads_in_css("@font-face{src:url(https://x/f.woff2)}") == ["https://x/f.woff2"]


def test_every_public_url_in_the_manifest_resolves(site):
    """Pages and anchors, in the session's site (the PDFs and the EPUB are checked in the published build)."""
    urls = [url for url in sitecheck.manifest(MANIFEST) if not url.endswith((".pdf", ".epub"))]
    problems = [p for url in urls if (p := sitecheck.resolve(site, url))]
    assert problems == []


def test_every_public_pdf_and_epub_url_resolves(published_site):
    pdfs = [url for url in sitecheck.manifest(MANIFEST) if url.endswith((".pdf", ".epub"))]
    assert pdfs, "the manifest lists the PDFs"
    problems = [p for url in pdfs if (p := sitecheck.resolve(published_site[0], url))]
    assert problems == []


def test_every_chapter_and_paragraph_url_is_in_the_manifest():
    """New public URLs must be recorded, so that they are held from then on."""
    listed = set(sitecheck.manifest(MANIFEST))
    essay = load_essay(ROOT / paths.ESSAY)
    for chapter in load_chapters(essay, ROOT / paths.CHAPTERS):
        assert f"{chapter.slug}/" in listed
        for paragraph in chapter.paragraphs:
            assert f"{chapter.slug}/#p{paragraph.number}" in listed


def test_the_manifest_check_reports_a_missing_anchor(site):
    assert sitecheck.resolve(site, "1-meanings/#p99") == "1-meanings/#p99: no element with id 'p99' in 1-meanings/index.html"
    assert "no page" in sitecheck.resolve(site, "no-such-chapter/")


def test_every_sense_use_glossary_and_timeline_anchor_is_in_the_manifest():
    from edition.sources import glossary, revisions, senses, timeline

    listed = set(sitecheck.manifest(MANIFEST))
    essay = load_essay(ROOT / paths.ESSAY)
    chapters = load_chapters(essay, ROOT / paths.CHAPTERS)
    uses = senses.load_uses(essay, senses.load_senses(ROOT / paths.SENSES, len(load_essay(ROOT / paths.ESSAY).paragraphs)), ROOT / paths.SENSE_USES)
    expected = {f"{senses.location(u, chapters).slug}/#{u.anchor}" for u in uses}
    expected |= {f"glossary/#{entry.id}" for entry in glossary.load_glossary(essay, ROOT / paths.GLOSSARY, load_policy(ROOT / paths.SOURCE_POLICY))}
    expected |= {f"timeline/#{event.id}" for event in timeline.load_timeline(essay, ROOT / paths.TIMELINE, load_policy(ROOT / paths.SOURCE_POLICY))}
    sense_list = senses.load_senses(ROOT / paths.SENSES, len(load_essay(ROOT / paths.ESSAY).paragraphs))
    expected |= {f"senses/#{anchor}" for s in sense_list.values() for anchor in [s.id, *(f.id for f in s.facets)]}
    expected |= {f"senses/#{stage.id}" for stage in senses.stages_of(sense_list)}
    expected |= {f"revisions/#v{r.version.replace('.', '-')}" for r in revisions.load_revisions(ROOT / paths.REVISIONS)}
    assert expected - listed == set()


def test_link_previews_say_what_each_page_holds(site, project):
    """Open Graph and Twitter tags: the edition's title at home, a chapter's title and period, and a
    note's number, its work (or "source not identified") and the sentence it annotates."""
    import lxml.html as _html

    def tags(path: str) -> dict[str, str]:
        tree = _html.parse(str(site / path / "index.html"))
        found = {m.get("property") or m.get("name"): m.get("content") for m in tree.iterfind(".//meta")}
        return {k: v for k, v in found.items() if k and k.startswith(("og:", "twitter:", "description"))}

    home = tags(".")
    assert home["og:title"] == home["twitter:title"] == project.edition["edition"]["title"]
    chapter = project.chapters[4]
    page = tags(chapter.slug)
    assert chapter.title in page["og:title"] and chapter.years in page["og:title"]
    assert page["og:description"] == page["twitter:description"] == chapter.summary
    # Every note, read from the model (not today's words): its number, its status label, the titles of
    # its works when its source is identified, and the start of the sentence it annotates.
    from edition.sources.essay import annotated_sentence, without_note_markers
    from edition.sources.facts import short_reference

    short = short_reference(project.edition)
    for number, model in project.bibliography.notes.items():
        described = tags(f"notes/{number}")
        said = described["og:description"]
        assert said.startswith(f"Note {number} of {short}. {model.status_label}"), number
        if model.status != "unidentified":
            assert all(" ".join(work.get("title").replace("&", "and").split()) in said for work in model.works), number
        start = " ".join(without_note_markers(annotated_sentence(project.essay, number)[1]).split()[:8])
        start = start.replace('"', "”").replace("&", "and")  # as the page's attribute-safe description has it
        assert f"It annotates: “{start}" in said, number
        assert described["description"] == said == described["twitter:description"], number
    note = tags("notes/14")
    # Each shows a large card with its own image (tests/test_preview_images.py checks the files).
    assert {tags(path)["twitter:card"] for path in (".", chapter.slug, "notes/14")} == {"summary_large_image"}
    assert note["og:image"].endswith("/preview/note-14.png") and page["og:image"].endswith(f"/preview/{chapter.slug}.png")
