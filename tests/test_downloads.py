"""Download sizes beside the links (edition/web/downloads.py): filled for the files made, an error for a file not made."""

import pytest

from edition.pages.chapter import download_facts_marker
from edition.web import downloads


def page_with_links(site, *files):
    (site / "1-meanings").mkdir(parents=True)
    links = "".join(f'<a href="../{f}">{f}</a>{download_facts_marker(f)}' for f in files)
    (site / "1-meanings" / "index.html").write_text(f"<p>{links}</p>", encoding="utf-8")


def test_each_marker_gets_the_size_of_its_file(tmp_path):
    page_with_links(tmp_path, "pdf/a4.pdf")
    (tmp_path / "pdf").mkdir()
    (tmp_path / "pdf" / "a4.pdf").write_bytes(b"x" * 5 * 1024)
    assert downloads.fill(tmp_path, {"pdf/a4.pdf": 3}) == 1
    assert "(3 pages, 5 KB)</span>" in (tmp_path / "1-meanings" / "index.html").read_text(encoding="utf-8")


def test_a_marker_for_a_file_not_made_fails_naming_the_page_and_file(tmp_path):
    """Review finding 7: a renamed PDF stem lost its "(5 pages, 62 KB)" without a word."""
    page_with_links(tmp_path, "pdf/a4.pdf", "pdf/old-name.pdf")
    (tmp_path / "pdf").mkdir()
    (tmp_path / "pdf" / "a4.pdf").write_bytes(b"x" * 1024)
    with pytest.raises(ValueError, match=r"1-meanings/index\.html: a download link names pdf/old-name\.pdf, which the build did not make"):
        downloads.fill(tmp_path, {"pdf/a4.pdf": 1})
