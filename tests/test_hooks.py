"""The MkDocs glue, in process and through a real build of a copy of the project with bad input."""

import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest
from mkdocs.exceptions import PluginError

from edition.web.cache import PreviewCache
from edition.web.hooks import _state, add_cite_box, check_page_citations, on_config, on_post_build
from edition.web.note_numbers import NoteNumbersExtension

ROOT = Path(__file__).resolve().parent.parent


pytestmark = pytest.mark.usefixtures("fresh_hook_state")


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
    for name in ("mkdocs.yml", "hooks.py", "footnotes.bib", "tests/public-urls.txt"):
        (target / name).parent.mkdir(exist_ok=True)
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
        on_config(config_of(project_copy))


def config_of(root: Path, **settings) -> SimpleNamespace:
    """What the hooks read of the config MkDocs loads from root/mkdocs.yml."""
    return SimpleNamespace(
        **{"extra": {}, "site_url": "https://example.org/", "config_file_path": str(root / "mkdocs.yml"),
           "docs_dir": str(root / "docs"), "site_dir": str(root / "site"), "copyright": "", **settings}
    )


def test_a_page_citing_an_unknown_note_names_the_page(project):
    _state["project"] = project
    page = SimpleNamespace(file=SimpleNamespace(src_uri="about.md"), meta={})
    with pytest.raises(PluginError, match=r"docs/about\.md: cites unknown key 'note30'"):
        check_page_citations("A stray citation [@note30].", page, config=None)


def test_every_build_checks_its_links(tmp_path, project):
    """on_post_build runs the link check, so a plain `mkdocs build` cannot publish a broken link."""
    (tmp_path / "about").mkdir()
    (tmp_path / "about" / "index.html").write_text('<p><a href="lost/">a lost page</a></p>', encoding="utf-8")
    _state.update(project=project, pdfs=False, preview_cache=PreviewCache(tmp_path / "cache"))
    config = config_of(tmp_path, site_dir=str(tmp_path), docs_dir=str(ROOT / "docs"))
    with pytest.raises(PluginError, match=r"(?s)broken link\(s\).*about/index.html: lost/: no file about/lost/index.html"):
        on_post_build(config)


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


@pytest.mark.site  # a real `mkdocs` in a subprocess
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


@pytest.mark.site  # a real `mkdocs` in a subprocess
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


def test_importing_the_edition_leaves_other_packages_alone():
    """No stand-ins in sys.modules (review 3, #6): the standard probe for an optional package works."""
    import importlib.util

    import edition  # noqa: F401

    assert importlib.util.find_spec("requests") is not None
    assert [name for name, module in list(sys.modules.items()) if type(module).__module__.startswith("edition")] == []


def test_serve_with_a_leftover_generated_page_names_it_instead_of_crashing(tmp_path, monkeypatch, caplog):
    """Review finding 1: an orphan (a generated page no longer produced) is not a key of the outputs."""
    from edition.pages import generate
    from edition.web.hooks import on_pre_build

    kept, leftover = tmp_path / "docs/notes/1.md", tmp_path / "docs/notes/99.md"
    monkeypatch.setattr(generate, "generated_files", lambda project: {kept: "new text\n"})
    monkeypatch.setattr(generate, "sync", lambda outputs, check: [kept, leftover])
    _state.update(command="serve", project=SimpleNamespace(root=tmp_path, docs_dir=tmp_path / "docs", config_file=tmp_path / "mkdocs.yml"))
    on_pre_build(SimpleNamespace())
    assert _state["generated"] == {kept: "new text\n"}
    assert "docs/notes/99.md" in caplog.text and "./run generate" in caplog.text
