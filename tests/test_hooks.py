"""The MkDocs glue, in process and through a real build of a copy of the project with bad input."""

import contextlib
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest
from mkdocs.exceptions import PluginError

from edition.web.hooks import _state, add_cite_box, check_page_citations, on_config, on_post_build
from edition.web.note_numbers import NoteNumbersExtension

ROOT = Path(__file__).resolve().parent.parent


def test_footnotes_get_the_published_note_numbers_and_anchors():
    html = markdown.markdown(
        "First[^note14] then[^note3].\n\n[^note14]: Fourteen.\n[^note3]: Three.\n",
        extensions=["footnotes", NoteNumbersExtension()],
        extension_configs={"footnotes": {"USE_DEFINITION_ORDER": False}},
    )
    assert '<sup class="note-ref" data-note="14" id="note-14-ref"><a aria-label="Note 14" class="footnote-ref" href="#note-14">14</a></sup>' in html
    assert '<li class="note" id="note-14" value="14">' in html
    assert '<li class="note" id="note-3" value="3">' in html
    assert 'href="#note-14-ref" title="Back to note 14 in the text"' in html
    assert "fn:note" not in html and "fnref" not in html


@pytest.fixture
def project_copy(tmp_path):
    """A copy of the project to break on purpose."""
    target = tmp_path / "project"
    target.mkdir()
    for name in ("docs", "sources", "edition", "overrides"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "hooks.py", "footnotes.bib"):
        shutil.copy(ROOT / name, target / name)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    "file, old, new, message",
    [
        ("footnotes.bib", "@misc{note15,", "@misc{note14,", r"footnotes\.bib:\d+: duplicate key 'note14'"),
        ("footnotes.bib", "x-works      = {trotsky1936revolution}", "x-works      = {trotsky1936revolutoin}", r"footnotes\.bib:\d+: note 'note\d+' cites unknown key 'trotsky1936revolutoin'"),
        ("footnotes.bib", "@misc{note29,", "@misc{note29, broken = {unbalanced,", r"footnotes\.bib:\d+: malformed entry"),
        ("sources/chapters.yml", '      - "From exile"\n', "", r"sources/chapters\.yml:\d+: ¶12 \('From exile"),
    ],
)
def test_bad_input_fails_on_config_naming_file_and_key(project_copy, file, old, new, message):
    """The build's first hook loads the project; a bad source stops it there with file and line."""
    edit(project_copy / file, old, new)
    _state.clear()
    with pytest.raises(PluginError, match=message):
        with _inside(project_copy):
            on_config(SimpleNamespace(extra={}, site_url="https://example.org/"))


@contextlib.contextmanager
def _inside(root: Path):
    """Point the project loader at a copy (on_config loads the checkout the package lives in)."""
    import edition.web.hooks as hooks

    real = hooks.PROJECT_ROOT
    hooks.PROJECT_ROOT = root
    try:
        yield
    finally:
        hooks.PROJECT_ROOT = real


def test_a_page_citing_an_unknown_note_names_the_page(project):
    _state["project"] = project
    page = SimpleNamespace(file=SimpleNamespace(src_uri="about.md"), meta={})
    with pytest.raises(PluginError, match=r"docs/about\.md: cites unknown key 'note30'"):
        check_page_citations("A stray citation [@note30].", page, config=None)


def test_every_build_checks_its_links(tmp_path, project):
    """on_post_build runs the link check, so a plain `mkdocs build` cannot publish a broken link."""
    (tmp_path / "about").mkdir()
    (tmp_path / "about" / "index.html").write_text('<p><a href="lost/">a lost page</a></p>', encoding="utf-8")
    _state.update(project=project, pdfs=False)
    with pytest.raises(PluginError, match=r"(?s)broken link\(s\).*about/index.html: lost/: no file about/lost/index.html"):
        on_post_build(SimpleNamespace(site_dir=str(tmp_path), site_url="https://example.org/"))


def test_the_build_ends_each_page_with_its_cite_box(project):
    _state["project"] = project
    config = SimpleNamespace(site_url="https://example.org/ed/")

    def page(**meta):
        return SimpleNamespace(meta=meta)

    assert add_cite_box("Text.", page(), config) == "Text."
    assert "## Cite this essay { #cite }" in add_cite_box("Text.", page(cite="essay"), config)
    chapter = add_cite_box("Text.", page(chapter=2), config)
    assert "## Cite this chapter { #cite }" in chapter and "https://example.org/ed/2-glavkokratiia/" in chapter
    assert "https://example.org/ed/notes/14/" in add_cite_box("Text.", page(note=14), config)


def test_bad_input_stops_a_real_build_before_any_page_is_written(project_copy):
    """End to end, once: `mkdocs build` with a broken source fails naming file and line, writing nothing."""
    edit(project_copy / "footnotes.bib", "@misc{note15,", "@misc{note14,")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(project_copy / "site")],
        cwd=project_copy,
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", "BUILD_PDFS": "false"},
    )
    assert result.returncode != 0
    assert re.search(r"footnotes\.bib:\d+: duplicate key 'note14'", result.stdout + result.stderr), result.stderr[-2000:]
    assert not (project_copy / "site" / "index.html").exists(), "a half-written site was left behind"


def test_gh_deploy_refuses_a_loopback_site_url(project_copy):
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "gh-deploy", "--force", "--remote-name", "nowhere"],
        cwd=project_copy,
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode != 0
    assert "refusing to deploy: site_url is http://127.0.0.1:8000/, a loopback address" in result.stderr
    assert "SITE_URL=https://USER.github.io/REPO/" in result.stderr


def test_a_site_checked_once_is_not_parsed_again_and_a_broken_one_is_never_recorded(tmp_path, project, monkeypatch):
    """The link check's verdict is cached by the site's own digest: only a clean result is kept."""
    from edition.web import cache as buildcache
    from edition.web import linkcheck as sitecheck

    monkeypatch.setattr(buildcache, "CACHE_DIR", tmp_path / "cache")
    site = tmp_path / "site"
    (site / "about").mkdir(parents=True)
    (site / "index.html").write_text('<p><a href="about/">About</a></p>', encoding="utf-8")
    (site / "about" / "index.html").write_text('<p><a href="lost/">lost</a></p>', encoding="utf-8")
    _state.update(project=project, pdfs=False)
    config = SimpleNamespace(site_dir=str(site), site_url="https://example.org/")
    calls = []
    real_check = sitecheck.check_links
    monkeypatch.setattr(sitecheck, "check_links", lambda *a, **k: calls.append(a) or real_check(*a, **k))
    for _ in range(2):  # a broken site fails every time: its verdict is never cached
        with pytest.raises(PluginError, match="broken link"):
            on_post_build(config)
    (site / "about" / "index.html").write_text("<p>About</p>", encoding="utf-8")
    on_post_build(config)
    on_post_build(config)
    assert len(calls) == 3, "the unchanged, clean site was checked again"


# ── Imports the plugins make but the build never uses (edition/web/deferred_imports.py) ─────────────

LOADED_AFTER_CONFIG = """
import sys
from mkdocs.config import load_config
load_config("mkdocs.yml")
print(" ".join(name for name in ("requests", "urllib3", "charset_normalizer", "pypandoc")
                if name in sys.modules and type(sys.modules[name]).__name__ != "DeferredModule"))
"""


def test_loading_mkdocs_yml_imports_neither_requests_nor_pypandoc():
    """MkDocs imports our Markdown extension (so the edition package) before mkdocs-bibtex."""
    result = subprocess.run([sys.executable, "-c", LOADED_AFTER_CONFIG], cwd=ROOT, capture_output=True,
                            text=True, check=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    assert result.stdout.strip() == "", f"imported while loading mkdocs.yml: {result.stdout.strip()}"


def test_the_plugin_still_reaches_requests_and_pypandoc():
    import mkdocs_bibtex.registry
    import mkdocs_bibtex.utils

    assert callable(mkdocs_bibtex.utils.requests.get)
    assert issubclass(mkdocs_bibtex.utils.requests.exceptions.RequestException, OSError)
    assert callable(mkdocs_bibtex.registry.pypandoc.convert_text)


def test_a_deferred_module_is_imported_on_first_use(tmp_path, monkeypatch):
    from edition.web import deferred_imports

    (tmp_path / "edition_probe_module.py").write_text("ANSWER = 42\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "edition_probe_module", raising=False)
    deferred_imports.defer("edition_probe_module")
    stand_in = sys.modules["edition_probe_module"]
    assert isinstance(stand_in, deferred_imports.DeferredModule) and "ANSWER" not in vars(stand_in)
    import edition_probe_module

    assert edition_probe_module is stand_in, "a plain import gives the stand-in, without importing"
    assert edition_probe_module.ANSWER == 42
    assert type(sys.modules["edition_probe_module"]).__name__ == "module"
    deferred_imports.defer("edition_no_such_module")
    assert "edition_no_such_module" not in sys.modules


def test_a_table_of_up_to_five_columns_is_marked_to_stack_with_labels_and_roles():
    def table(columns: int) -> str:
        head = "| " + " | ".join(f"H{n}" for n in range(columns)) + " |\n"
        return head + "|" + "---|" * columns + "\n| " + " | ".join(f"c{n}" for n in range(columns)) + " |\n"

    html = markdown.markdown(table(5), extensions=["tables", "edition.web.stacked_tables"])
    assert '<table data-stack="" role="table">' in html
    assert '<td data-label="H4" role="cell">c4</td>' in html and '<th role="columnheader">H0</th>' in html
    assert html.count('role="rowgroup"') == 2 and html.count('role="row"') == 2
    wide = markdown.markdown(table(6), extensions=["tables", "edition.web.stacked_tables"])
    assert "data-stack" not in wide and "role=" not in wide and "data-label" not in wide
