"""scripts/check_site.py: real options, and a path that is not a built site is refused (review 3, #17)."""

from pathlib import Path

import pytest

from edition.web import linkcheck


def small_site(root: Path, base: str = "/") -> Path:
    """Two pages under `base`, one linking to the other with an anchor and to a PDF of the site."""
    (root / "about").mkdir(parents=True)
    (root / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")
    (root / "index.html").write_text(f'<p><a href="{base}about/#who">About</a> <a href="{base}pdf/x-a4.pdf">PDF</a></p>', encoding="utf-8")
    (root / "about" / "index.html").write_text('<h1 id="who">About</h1>', encoding="utf-8")
    return root


def test_a_path_that_is_not_a_built_site_is_refused(tmp_path, capsys):
    assert linkcheck.main([str(tmp_path / "no-such-site")]) == 2
    assert "no-such-site does not exist" in capsys.readouterr().err
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    assert linkcheck.main([str(tmp_path / "docs")]) == 2
    assert "is not a built site" in capsys.readouterr().err


def test_help_prints_the_options_and_checks_nothing(capsys):
    with pytest.raises(SystemExit) as exit_:
        linkcheck.main(["--help"])
    out = capsys.readouterr().out
    assert exit_.value.code == 0 and "--base-path" in out and "--no-pdfs" in out and "all links" not in out


def test_no_pdfs_leaves_out_the_pdfs_a_build_did_not_make(tmp_path, capsys):
    site = small_site(tmp_path / "site")
    assert linkcheck.main([str(site)]) == 1
    assert "index.html: /pdf/x-a4.pdf: no file pdf/x-a4.pdf" in capsys.readouterr().out
    assert linkcheck.main(["--no-pdfs", str(site)]) == 0
    assert "all links and anchors resolve" in capsys.readouterr().out


def test_base_path_resolves_a_site_built_for_a_sub_path(tmp_path, capsys):
    site = small_site(tmp_path / "site", base="/editions/twiss/")
    assert linkcheck.main(["--no-pdfs", str(site)]) == 1
    assert "no file editions/twiss/about" in capsys.readouterr().out
    assert linkcheck.main(["--no-pdfs", "--base-path", "/editions/twiss", str(site)]) == 0
    (site / "about" / "index.html").write_text("<h1>About</h1>", encoding="utf-8")
    assert linkcheck.main(["--no-pdfs", "--base-path", "/editions/twiss/", str(site)]) == 1
    assert "no anchor 'who' in about/index.html" in capsys.readouterr().out


def test_script_and_data_hrefs_are_reported_not_skipped(tmp_path):
    """Review finding 14: the link check is the last gate over the built HTML; these are never ours."""
    site = tmp_path / "site"
    (site / "about").mkdir(parents=True)
    (site / "about" / "index.html").write_text(
        '<p><a href="javascript:alert(1)">a</a> <a href=" Java&#9;Script:void(0)">b</a> '
        '<a href="data:text/html,&lt;b&gt;x">c</a> <img src="data:image/png;base64,AAAA" alt=""> '
        '<a href="mailto:ed@example.org">mail</a></p>',
        encoding="utf-8",
    )
    problems = linkcheck.check_links(site)
    assert len(problems) == 4 and all(p.startswith("about/index.html: ") and "script or data: scheme" in p for p in problems)
    assert linkcheck.unsafe_scheme("VBScript:x") and not linkcheck.unsafe_scheme("https://example.org/data:x")


# ── Each file looked up once a run, with the same findings ─────────────────────────────────────


def test_a_link_shared_by_pages_is_resolved_for_each_page(tmp_path):
    """The check looks each file up once a run: the same href is still judged from each page's own
    folder, and each page is named."""
    site = tmp_path / "site"
    for folder in ("a/b", "a/c", "d/b", "e"):
        (site / folder).mkdir(parents=True)
    link = '<a href="../c/">sibling</a> <a href="../../e/#top">e</a> <a href="../../f/">f</a>'
    (site / "a" / "b" / "index.html").write_text(f"<p>{link}</p>", encoding="utf-8")
    (site / "d" / "b" / "index.html").write_text(f"<p>{link}</p>", encoding="utf-8")
    (site / "a" / "c" / "index.html").write_text("<p>a/c</p>", encoding="utf-8")
    (site / "e" / "index.html").write_text('<h1 id="top">E</h1>', encoding="utf-8")
    assert linkcheck.check_links(site) == [
        "a/b/index.html: ../../f/: no file f/index.html",
        "d/b/index.html: ../c/: no file d/c/index.html",
        "d/b/index.html: ../../f/: no file f/index.html",
    ]
    assert linkcheck.check_links(site, "/ed/") == linkcheck.check_links(site)  # a site under a sub-path: the same
