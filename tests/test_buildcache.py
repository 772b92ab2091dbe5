"""The build cache: a changed byte in any input gives a new key, so a stale entry is never used."""

import shutil
from pathlib import Path

from edition.web import cache as buildcache

ROOT = Path(__file__).resolve().parent.parent


def copy_inputs(target: Path) -> Path:
    for name in ("sources", "docs", "edition"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__", "assets"))
    for name in ("footnotes.bib", "mkdocs.yml", "requirements.txt", "pyproject.toml"):
        shutil.copy(ROOT / name, target / name)
    return target


def test_every_kind_of_input_changes_the_digest(tmp_path):
    root = copy_inputs(tmp_path / "project")
    seen = {buildcache.state_digest(root)}
    for name in ("sources/glossary.yml", "footnotes.bib", "docs/about.md", "edition/pages/notes.py", "mkdocs.yml", "requirements.txt"):
        path = root / name
        path.write_bytes(path.read_bytes() + b"\n")
        digest = buildcache.state_digest(root)
        assert digest not in seen, f"an edit of {name} kept the digest"
        seen.add(digest)
    (root / "sources" / "new.yml").write_text("x: 1\n", encoding="utf-8")
    assert buildcache.state_digest(root) not in seen, "a new source file kept the digest"


def test_an_entry_is_read_back_and_a_corrupt_one_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setattr(buildcache, "CACHE_DIR", tmp_path)
    assert buildcache.load("project", "abc") is None
    buildcache.store("project", "abc", {"checked": True})
    assert buildcache.load("project", "abc") == {"checked": True}
    (tmp_path / "project-abc.pickle").write_bytes(b"not a pickle")
    assert buildcache.load("project", "abc") is None


def test_old_entries_are_pruned(tmp_path, monkeypatch):
    monkeypatch.setattr(buildcache, "CACHE_DIR", tmp_path)
    for n in range(buildcache.KEEP + 3):
        buildcache.store("current", f"d{n}", True)
    assert len(list(tmp_path.glob("current-*"))) == buildcache.KEEP
    for n in range(50):  # a kind with many entries (the preview images) keeps as many as it asks for
        buildcache.store("preview", f"d{n}", b"png", keep=40)
    assert len(list(tmp_path.glob("preview-*"))) == 40


def test_the_cached_project_is_the_loaded_one(project, tmp_path, monkeypatch):
    monkeypatch.setattr(buildcache, "CACHE_DIR", tmp_path)
    buildcache.store("project", "key", project)
    again = buildcache.load("project", "key")
    assert again == project and again is not project


def small_site(root: Path) -> Path:
    (root / "about").mkdir(parents=True)
    (root / "index.html").write_text('<p><a href="about/">About</a></p>', encoding="utf-8")
    (root / "about" / "index.html").write_text("<p id='top'>About</p>", encoding="utf-8")
    return root


def test_the_site_digest_follows_every_page_byte_every_file_and_the_options(tmp_path):
    site = small_site(tmp_path / "site")
    checker = ROOT / "edition" / "web" / "linkcheck.py"
    seen = {buildcache.site_digest(site, checker, "/ True")}
    assert buildcache.site_digest(site, checker, "/ True") in seen, "the same site gave another digest"
    for change in (
        lambda: (site / "about" / "index.html").write_text("<p id='top'>About.</p>", encoding="utf-8"),
        lambda: (site / "twiss.pdf").write_bytes(b"%PDF"),  # a file a link may point to
    ):
        change()
        digest = buildcache.site_digest(site, checker, "/ True")
        assert digest not in seen
        seen.add(digest)
    assert buildcache.site_digest(site, checker, "/ed/ True") not in seen, "another base path kept the digest"
    assert buildcache.site_digest(site, checker, "/ False") not in seen, "expecting PDFs kept the digest"
