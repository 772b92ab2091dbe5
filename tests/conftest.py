"""Shared fixtures, and the test tiers by cost.

Tiers (each a marker):
  fast     in-process, no build, no subprocess, no WeasyPrint layout         pytest -m fast
  site     a strict build without PDFs (the session's), a real `mkdocs` subprocess, or a worker process   pytest -m site
  pdf      the published build with PDFs, or a WeasyPrint layout           pytest -m pdf
  browser  Debian's chromium against a built site                           pytest -m browser
A test's tier comes from the fixtures it uses (the costliest wins), unless the test is marked with a
tier itself: a test that runs `mkdocs` in a subprocess (or starts the preview images' worker process) is marked `site`, one that has WeasyPrint lay
out a document is marked `pdf`, since neither cost shows in its fixtures. `./run test` runs them all.

The tests run in worker processes, one per CPU (pytest-xdist, `-n auto` in pyproject.toml; `-n 0`
runs them in one process). Each kind of build is still made once a run, by the first worker that
asks for it, under a file lock; the others wait and read the same folder (`build_once`). The
published build names its address in its pages, so it is served by one loopback server for the
whole run, in the main pytest process, whose folder and address the workers inherit (`_Host`).
"""

from __future__ import annotations

import fcntl
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from edition import urls
from edition.sources.project import Project, load_project
from edition.tools.chromium import CHROMIUM, CHROMIUM_FLAGS

ROOT = Path(__file__).resolve().parent.parent


def build_site(target: Path, **env: str) -> subprocess.CompletedProcess:
    """A strict `mkdocs build` into target, as the publish command runs it."""
    environment = {**{k: v for k, v in os.environ.items() if k not in ("BUILD_PDFS", "SITE_URL")}, "NO_MKDOCS_2_WARNING": "1", **env}
    if "SOURCE_DATE_EPOCH" not in environment:  # ./run sets it from the last commit; so do we
        last_commit = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True)
        environment["SOURCE_DATE_EPOCH"] = last_commit.stdout.strip() or "1471564800"
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(target)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="session")
def build():
    """The strict build, for tests that need a site of their own (another SITE_URL, a second build)."""
    return build_site


@pytest.fixture(scope="session")
def project() -> Project:
    """Every source, loaded and checked once (a bad source fails the tests that use it, not collection)."""
    return load_project(ROOT)


def shared_by_workers(tmp_path_factory) -> Path:
    """The folder every worker of this run sees (xdist gives each worker its own basetemp within it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def build_once(target: Path, **env: str) -> subprocess.CompletedProcess:
    """The strict build into target, made by the first worker that asks; the others wait on the
    lock and get the same result (its return code and output are kept beside target)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    outcome = target.with_name(f"{target.name}.result.json")
    with open(target.with_name(f"{target.name}.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not outcome.exists():
            made = build_site(target, **env)
            outcome.write_text(json.dumps([made.args, made.returncode, made.stdout, made.stderr]), encoding="utf-8")
    return subprocess.CompletedProcess(*json.loads(outcome.read_text(encoding="utf-8")))


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The site as `mkdocs build --strict` makes it, without PDFs (they have their own tier)."""
    target = shared_by_workers(tmp_path_factory) / "build" / "site"
    result = build_once(target, BUILD_PDFS="false")  # the link check runs in the build
    assert result.returncode == 0, f"strict build failed:\n{result.stdout}\n{result.stderr}"
    return target


class _Host:
    """The loopback server of the published build, one for the run: started in the main pytest
    process (pytest_configure), which outlives every worker; workers find it in the environment."""

    FOLDER, ADDRESS = "EDITION_TESTS_HOST_FOLDER", "EDITION_TESTS_HOST_ADDRESS"

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="edition-tests-host-"))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(self.folder)))
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        os.environ[self.FOLDER] = str(self.folder)
        os.environ[self.ADDRESS] = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        shutil.rmtree(self.folder, ignore_errors=True)


_HOST = pytest.StashKey[_Host]()


def pytest_configure(config):
    if not os.environ.get("PYTEST_XDIST_WORKER"):  # the main process (with or without workers)
        config.stash[_HOST] = _Host()
    if not os.environ.get("SOURCE_DATE_EPOCH", "").strip():  # as ./run sets it (workers inherit it)
        last_commit = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True)
        os.environ["SOURCE_DATE_EPOCH"] = last_commit.stdout.strip() or "1471564800"


def pytest_unconfigure(config):
    if _HOST in config.stash:
        config.stash[_HOST].close()


@pytest.fixture(scope="session")
def published_site(project) -> tuple[Path, str]:
    """A plain `mkdocs build` for a public address under a sub-path: PDFs included, as published.

    Returns (the folder served at that sub-path, its URL on the run's loopback server). The PDF
    tests, the sub-path test and the reproducibility test share it.
    """
    sub_path = f"/editions/{urls.essay_stem(project.edition)}/"
    target = Path(os.environ[_Host.FOLDER]) / sub_path.strip("/")
    base = os.environ[_Host.ADDRESS] + sub_path
    result = build_once(target, SITE_URL=base)  # `mkdocs build` makes the PDFs unless told not to
    assert result.returncode == 0, f"strict build failed:\n{result.stdout}\n{result.stderr}"
    return target, base


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server(site) -> str:
    """The built site on a loopback port; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's chromium, never a downloaded browser."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS, "headless": True}


# Which tier a test belongs to, from the fixtures it uses (the costliest wins).
_TIERS = (
    ("browser", {"page", "browser", "context", "browser_type"}),
    ("pdf", {"published_site", "pdf_site", "pdf_dir"}),
    ("site", {"site", "server", "build"}),
)


_TIER_NAMES = ("fast", "site", "pdf", "browser")


def pytest_collection_modifyitems(items):
    for item in items:
        marked = [mark.name for mark in item.iter_markers() if mark.name in _TIER_NAMES]
        if len(set(marked)) > 1:
            raise pytest.UsageError(f"{item.nodeid}: marked with more than one tier: {sorted(set(marked))}")
        if marked:
            continue
        used = set(getattr(item, "fixturenames", ()))
        tier = next((name for name, fixtures in _TIERS if used & fixtures), "fast")
        item.add_marker(getattr(pytest.mark, tier))


@pytest.fixture
def fresh_hook_state():
    """The hooks' per-build state empty for the test, and left as the test found it, so no test
    depends on what an earlier one stored (review 3, #20). Test files that call the hooks use it
    for every test (`pytestmark = pytest.mark.usefixtures("fresh_hook_state")`)."""
    from edition.web.hooks import _state, end_preview_images

    saved = dict(_state)
    _state.clear()
    yield
    end_preview_images()  # a worker a test's on_config started ends with the test
    _state.clear()
    _state.update(saved)


@pytest.fixture
def two_cores():
    """Skips a test that needs the preview images' worker: on one CPU they are drawn in the build's process."""
    from edition.web.previews.job import other_cores

    if other_cores() < 1:
        pytest.skip("one CPU: the images are drawn in the build's process")


# The fast tier starts no process (README, *Tests by cost*): a test in it that does fails, naming what it ran.
_started_in_fast_test: list[str] | None = None


def _record_started_process(event: str, args: tuple) -> None:
    if _started_in_fast_test is not None and event in ("subprocess.Popen", "os.system", "os.posix_spawn", "os.spawn", "os.exec", "os.fork", "os.forkpty"):
        _started_in_fast_test.append(f"{event} {args[0]!r}"[:200])


sys.addaudithook(_record_started_process)


@pytest.fixture(autouse=True)
def _fast_tests_start_no_process(request):
    global _started_in_fast_test
    if request.node.get_closest_marker("fast") is None:
        yield
        return
    _started_in_fast_test = []
    try:
        yield
        started = _started_in_fast_test
    finally:
        _started_in_fast_test = None
    if started:
        pytest.fail(f"a fast-tier test started a process ({'; '.join(started[:3])}): mark it `site`", pytrace=False)
