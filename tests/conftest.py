"""Shared fixtures: one strict build of the whole site per test session, served on localhost."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from edition.chromium import CHROMIUM, CHROMIUM_FLAGS

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
def site(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("build") / "site"
    result = build_site(target)  # a plain `mkdocs build --strict`: PDFs and the link check included
    assert result.returncode == 0, f"strict build failed:\n{result.stdout}\n{result.stderr}"
    return target


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
