"""The MkDocs glue, in process and through a real build of a copy of the project with bad input."""

import shutil
import subprocess
import sys
from pathlib import Path

import markdown
import pytest

from edition.note_numbers import NoteNumbersExtension

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
def project(tmp_path):
    """A copy of the project to break on purpose."""
    target = tmp_path / "project"
    target.mkdir()
    for name in ("docs", "sources", "edition", "overrides"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "footnotes.bib"):
        shutil.copy(ROOT / name, target / name)
    return target


def build(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(project / "site")],
        cwd=project,
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", "BUILD_PDFS": "false"},
    )


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
        ("docs/about.md", "## Stable addresses", "A stray citation [@note30].\n\n## Stable addresses", r"docs/about\.md: cites unknown key 'note30'"),
    ],
)
def test_bad_input_fails_the_build_naming_file_and_key(project, file, old, new, message):
    edit(project / file, old, new)
    result = build(project)
    assert result.returncode != 0
    assert __import__("re").search(message, result.stdout + result.stderr), result.stderr[-2000:]
    assert not (project / "site" / "index.html").exists(), "a half-written site was left behind"


def test_the_copy_builds_when_nothing_is_broken(project):
    result = build(project)
    assert result.returncode == 0, result.stderr[-2000:]


def test_gh_deploy_refuses_a_loopback_site_url(project):
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "gh-deploy", "--force", "--remote-name", "nowhere"],
        cwd=project,
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode != 0
    assert "refusing to deploy: site_url is http://127.0.0.1:8000/, a loopback address" in result.stderr
    assert "SITE_URL=https://USER.github.io/REPO/" in result.stderr


def test_a_broken_link_fails_the_build(project):
    edit(project / "docs" / "about.md", "## Stable addresses", "[a lost page](lost/)\n\n## Stable addresses")
    result = build(project)
    assert result.returncode != 0
    assert "broken link(s)" in result.stderr and "about/index.html: lost/: no file about/lost/index.html" in result.stderr
