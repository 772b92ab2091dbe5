"""One root: the project is the folder of the mkdocs.yml being built or named, never where the package lies.

The hooks read it from MkDocs' config (config_file_path, docs_dir, site_dir), the commands find
mkdocs.yml from the working directory or take --config-file, and the preview cache sits beside it.
Each test works on a copy of the project (a second checkout) while the edition package is this one.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from edition.pages import generate
from edition.sources import paths
from edition.sources import revisions as source_revisions
from edition.web import hooks
from edition.web.cache import KEY
from edition.web.hooks import _state, default_source_date_epoch, on_config, on_pre_build, on_startup
from edition.web.previews import cards as card_data

ROOT = Path(__file__).resolve().parent.parent
VERSION = re.compile(r'^(\s*-?\s*version: )"[\d.]+"', re.M)


def copy_checkout(target: Path) -> Path:
    """A second checkout of the project, without the package (the one under test is imported)."""
    for name in ("docs", "sources", "overrides"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    (target / "tests").mkdir(exist_ok=True)
    shutil.copy2(ROOT / "tests" / "public-urls.txt", target / "tests" / "public-urls.txt")  # the published URLs the build checks
    for name in ("mkdocs.yml", "hooks.py", "footnotes.bib"):
        shutil.copy(ROOT / name, target / name)
    return target


def set_version(root: Path, version: str) -> None:
    """A new edition version in edition.yml and in the newest revisions entry (they must agree)."""
    for name in (paths.EDITION, paths.REVISIONS):
        path = root / name
        path.write_text(VERSION.sub(rf'\g<1>"{version}"', path.read_text(encoding="utf-8"), count=1), encoding="utf-8")


def config_of(root: Path, **settings) -> SimpleNamespace:
    return SimpleNamespace(
        **{"extra": {}, "site_url": "https://example.org/", "config_file_path": str(root / "mkdocs.yml"),
           "docs_dir": str(root / "docs"), "site_dir": str(root / "site"), "copyright": "", **settings}
    )


pytestmark = pytest.mark.usefixtures("fresh_hook_state")


@pytest.fixture
def checkout(tmp_path):
    yield copy_checkout(tmp_path / "b")
    hooks.end_preview_images()
    _state.clear()


# ── The hooks ────────────────────────────────────────────────────────────────────────────────


def test_the_hooks_build_the_project_of_the_mkdocs_yml_they_are_given(checkout):
    set_version(checkout, "9.9")
    config = config_of(checkout)
    on_config(config)
    assert config.extra["edition_version"] == "9.9", "the sources of another checkout were built"
    project = _state["project"]
    assert (project.root, project.docs_dir, project.config_file) == (checkout, checkout / "docs", checkout / "mkdocs.yml")


@pytest.mark.site  # on_config in a build MkDocs runs starts the preview images' worker process
def test_the_pages_are_checked_against_the_docs_dir_of_the_config(checkout):
    """A build compares the pages it would generate with the committed ones in *its* docs_dir."""
    set_version(checkout, "9.9")  # the revisions page of the copy is now outdated, the checkout's is not
    config = config_of(checkout)
    on_startup("build")
    on_config(config)
    with pytest.raises(hooks.PluginError, match=r"generated pages are outdated \(docs/revisions\.md\)"):
        on_pre_build(config)


def test_the_preview_cache_sits_beside_mkdocs_yml_and_holds_png_files_named_by_key(checkout, project):
    on_config(config_of(checkout))
    cache = _state["preview_cache"]
    assert cache.folder == checkout / ".cache" / "edition" / "previews"
    site = checkout / "site"
    hooks.write_preview_images(site, card_data.cards(project)[:2], checkout / "docs" / card_data.FONT_DIR, cache)
    stored = sorted(cache.folder.iterdir())
    assert len(stored) == 2 and all(p.suffix == ".png" and KEY.fullmatch(p.stem) for p in stored), stored
    assert [p.read_bytes()[:8] for p in stored] == [b"\x89PNG\r\n\x1a\n"] * 2
    assert not list((checkout / ".cache").rglob("*.pickle"))


@pytest.mark.site  # it runs git, as a plain `mkdocs build` does
def test_a_plain_build_dates_itself_by_the_last_commit_unless_told(tmp_path, monkeypatch):
    last = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    environ: dict[str, str] = {}
    default_source_date_epoch(ROOT, environ)
    assert environ == {"SOURCE_DATE_EPOCH": last}
    environ = {"SOURCE_DATE_EPOCH": "5"}
    default_source_date_epoch(ROOT, environ)
    assert environ == {"SOURCE_DATE_EPOCH": "5"}, "a date given is kept"
    environ = {}
    default_source_date_epoch(tmp_path, environ)  # not a git checkout: the build's own time
    assert environ == {}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "")  # unset (restored after the test); the hook sets it for MkDocs, the PDFs and the EPUB
    on_config(config_of(ROOT))
    assert os.environ["SOURCE_DATE_EPOCH"] == last


# ── The preview images' worker ends with its build ───────────────────────────────────────────


def test_hooks_called_by_themselves_draw_the_preview_images_in_process(checkout):
    """Only a build MkDocs runs (on_startup named its command) starts a worker process."""
    on_config(config_of(checkout))
    assert _state["preview_job"].worker is None


@pytest.mark.site  # a worker process
def test_a_failed_build_ends_its_preview_images_worker(checkout, two_cores):
    on_startup("build")
    on_config(config_of(checkout))  # a fresh checkout: no cache, all 36 images to draw
    worker = _state["preview_job"].worker
    assert worker is not None and worker.poll() is None
    hooks.on_build_error(error=hooks.PluginError("a page failed"))  # MkDocs calls it when any step fails
    assert worker.returncode is not None and "preview_job" not in _state
    with pytest.raises(ProcessLookupError):
        os.kill(worker.pid, 0)  # ended and reaped: no such process


@pytest.mark.site  # a worker process
def test_under_serve_each_build_ends_its_own_worker(checkout, two_cores):
    """A rebuild's on_config ends a job an earlier build left, and stopping the server ends the last."""
    on_startup("serve")
    on_config(config_of(checkout))
    first = _state["preview_job"].worker
    on_config(config_of(checkout))
    second = _state["preview_job"].worker
    assert first.returncode is not None and second.poll() is None
    hooks.on_shutdown()
    assert second.returncode is not None


# ── mkdocs serve: one rebuild per edit ───────────────────────────────────────────────────────


@pytest.mark.site  # on_config in a build MkDocs runs starts the preview images' worker process
def test_under_serve_an_edit_is_served_from_memory_and_docs_is_left_alone(checkout, caplog):
    """Writing into the watched docs_dir would start a second rebuild; the pages come from memory instead."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    glossary = checkout / paths.GLOSSARY
    text = glossary.read_text(encoding="utf-8")
    glossary.write_text(text.replace("Socialist journal launched in Sydney", "Socialist journal founded in Sydney", 1), encoding="utf-8")
    page = checkout / "docs" / "glossary.md"
    before = (page.read_bytes(), page.stat().st_mtime_ns)
    config = load_config(str(checkout / "mkdocs.yml"))
    on_startup("serve")
    on_config(config)
    with caplog.at_level(logging.WARNING, logger="edition"):
        on_pre_build(config)
    assert (page.read_bytes(), page.stat().st_mtime_ns) == before, "serve wrote into the watched docs/"
    assert "stale on disk until `./run generate`: " in caplog.text and "docs/glossary.md" in caplog.text
    files = config.plugins.on_files(get_files(config), config=config)  # the hooks among the plugins, as a build runs them
    served = files.get_file_from_path("glossary.md")
    assert "Socialist journal founded in Sydney" in served.content_string and served.abs_src_path is None
    assert files.get_file_from_path("about.md").abs_src_path is not None, "a current page is read from disk as usual"


# ── The commands ─────────────────────────────────────────────────────────────────────────────


def test_generate_finds_mkdocs_yml_from_the_working_directory_and_writes_its_docs_dir(checkout, monkeypatch, capsys):
    (checkout / "docs").rename(checkout / "pages")
    config = checkout / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("docs_dir: docs", "docs_dir: pages", 1), encoding="utf-8")
    set_version(checkout, "9.9")
    ours = (ROOT / "docs" / "revisions.md").read_bytes()
    monkeypatch.chdir(checkout / "pages" / "notes")  # anywhere inside the project
    assert generate.main(["--check"]) == 1
    assert "outdated: pages/revisions.md" in capsys.readouterr().out
    assert generate.main([]) == 0
    assert "{ #v9-9 }" in (checkout / "pages" / "revisions.md").read_text(encoding="utf-8")
    assert (ROOT / "docs" / "revisions.md").read_bytes() == ours, "wrote into another checkout"
    monkeypatch.chdir(checkout.parent)
    assert generate.main(["--check", "--config-file", str(config)]) == 0


def test_the_commands_name_the_missing_mkdocs_yml(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert generate.main(["--check"]) == 2
    assert "no mkdocs.yml here or in any folder above" in capsys.readouterr().err
    assert source_revisions.main(["--digest", "--config-file", str(tmp_path / "nowhere.yml")]) == 1
    assert "nowhere.yml: no such config file" in capsys.readouterr().err


def test_revisions_digest_is_of_the_checkout_it_is_run_in(checkout, monkeypatch, capsys):
    monkeypatch.chdir(checkout)
    assert source_revisions.main(["--digest"]) == 0
    same = capsys.readouterr().out.strip()
    glossary = checkout / paths.GLOSSARY
    glossary.write_text(glossary.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert source_revisions.main(["--digest"]) == 0
    assert capsys.readouterr().out.strip() != same


# ── Real builds: a shared virtual environment, a non-editable install ────────────────────────


@pytest.fixture(scope="module")
def second_checkout(tmp_path_factory) -> Path:
    """A second checkout at version 9.9, its pages generated by the command run inside it."""
    root = copy_checkout(tmp_path_factory.mktemp("checkout") / "b")
    set_version(root, "9.9")
    result = subprocess.run([sys.executable, "-m", "edition.pages.generate"], cwd=root, capture_output=True, text=True, env=_env())
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def _env(**extra: str) -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "NO_MKDOCS_2_WARNING": "1", "BUILD_PDFS": "false",
            "SOURCE_DATE_EPOCH": "1", **extra}


def _footer_version(site: Path) -> str:
    found = re.search(r"Annotated edition, version ([\d.]+)", (site / "index.html").read_text(encoding="utf-8"))
    return found.group(1) if found else ""


@pytest.mark.site
def test_a_virtual_environment_shared_by_two_checkouts_builds_each_ones_sources(second_checkout, tmp_path):
    """The console script `mkdocs` of this checkout's venv, run in another checkout, builds that one."""
    mkdocs = Path(sys.executable).with_name("mkdocs")
    site = tmp_path / "site"
    result = subprocess.run([str(mkdocs), "build", "--strict", "-q", "-d", str(site)], cwd=second_checkout,
                            capture_output=True, text=True, env=_env())
    assert result.returncode == 0, result.stderr[-2000:]
    assert _footer_version(site) == "9.9", "built the sources of the checkout the package lies in"
    assert list((second_checkout / ".cache" / "edition" / "previews").glob("*.png")), "the cache is not beside mkdocs.yml"


@pytest.mark.site
def test_a_non_editable_install_builds_the_checkout_it_is_run_in(second_checkout, tmp_path):
    """The package installed elsewhere (here: a copy on PYTHONPATH, as site-packages would hold it)."""
    lib = tmp_path / "lib"
    shutil.copytree(ROOT / "edition", lib / "edition", ignore=shutil.ignore_patterns("__pycache__"))
    site = tmp_path / "site"
    result = subprocess.run([sys.executable, "-P", "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                            cwd=second_checkout, capture_output=True, text=True, env=_env(PYTHONPATH=str(lib)))
    assert result.returncode == 0, result.stderr[-2000:]
    assert _footer_version(site) == "9.9"


# ── After the build, without MkDocs ─────────────────────────────────────────────────────────


def test_the_post_build_steps_run_without_mkdocs_on_a_built_site(checkout, tmp_path, capsys):
    """`python -m edition.web.postbuild site/`: the preview images, then the link check, for the project of
    the mkdocs.yml given; a broken link fails with the page and the link."""
    from edition.web import postbuild

    site = tmp_path / "site"
    (site / "about").mkdir(parents=True)
    (site / "index.html").write_text('<p><a href="about/">About</a></p>', encoding="utf-8")
    (site / "about" / "index.html").write_text('<p><a href="lost/">lost</a></p>', encoding="utf-8")
    config = str(checkout / "mkdocs.yml")
    assert postbuild.main([str(site), "--no-pdfs", "--config-file", config]) == 1
    assert "about/index.html: lost/: no file about/lost/index.html" in capsys.readouterr().err
    assert len(list((site / "preview").glob("*.png"))) == 36
    assert list((checkout / ".cache" / "edition" / "previews").glob("*.png")), "the cache is beside the mkdocs.yml given"
    (site / "about" / "index.html").write_text("<p>About</p>", encoding="utf-8")
    assert postbuild.main([str(site), "--no-pdfs", "--config-file", config]) == 0
    with pytest.raises(SystemExit):
        postbuild.main([str(tmp_path / "nowhere"), "--no-pdfs", "--config-file", config])
    assert "nowhere: no such folder" in capsys.readouterr().err
