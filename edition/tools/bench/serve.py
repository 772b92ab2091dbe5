"""`mkdocs serve` as an editor meets it: save an edit of a source, wait for the page to show it.

In a fresh copy of the project (and, as a baseline, plain Material serving the same pages), the bench
starts `mkdocs serve`, waits for the first build, then makes a few edits one after another. For each
it takes the time from saving the file to the served page holding the new words (polled every 20
ms, as live reload would show it), and counts the rebuilds the edit started (MkDocs logs
"Documentation built in" once a build). MkDocs notices a change by polling the files every 0.5 s, so
about a quarter of a second of each figure is that wait, for both sites alike.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from edition.sources import paths
from edition.tools.bench.builds import build_env, copy_project, make_plain_project
from edition.tools.bench.common import SERVE_SECONDS_TARGET, log, median

BUILT = "Documentation built in"
POLL_S = 0.02
QUIET_S = 2.0  # after the page shows the edit: time for a second rebuild, if the first started one, to show up


@dataclass
class Served:
    process: subprocess.Popen
    lines: list[tuple[float, str]] = field(default_factory=list)

    def builds_since(self, start: float) -> int:
        return sum(1 for when, line in list(self.lines) if when >= start and BUILT in line)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start(config_file: Path, port: int) -> Served:
    command = [sys.executable, "-m", "mkdocs", "serve", "--config-file", str(config_file), "--dev-addr", f"127.0.0.1:{port}"]
    process = subprocess.Popen(command, cwd=config_file.parent, env=build_env(), stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    served = Served(process)

    def read() -> None:
        for line in process.stdout:
            served.lines.append((time.monotonic(), line.rstrip()))

    threading.Thread(target=read, daemon=True).start()
    return served


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return ""


def _wait_for(url: str, words: str, timeout: float) -> float | None:
    """Seconds until the page at url holds words, or None."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if words in _page(url):
            return time.monotonic() - start
        time.sleep(POLL_S)
    return None


def time_edits(config_file: Path, source: Path, page: str, edit, edits: int, timeout: float = 60.0) -> dict:
    """Serve config_file; `edits` times, rewrite source with edit(text, n) -> (new text, words shown)
    and time until page (a path under the site) shows the words. Returns the figures."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}/{page}"
    served = _start(config_file, port)
    try:
        if _wait_for(url, "</html>", timeout) is None:
            return {"ok": False, "error": "the first build did not finish: " + " | ".join(line for _, line in served.lines[-8:])}
        time.sleep(QUIET_S)
        shown, builds = [], []
        for n in range(1, edits + 1):
            text, words = edit(source.read_text(encoding="utf-8"), n)
            start = time.monotonic()
            source.write_text(text, encoding="utf-8")
            seconds = _wait_for(url, words, timeout)
            if seconds is None:
                return {"ok": False, "error": f"edit {n} did not show within {timeout:.0f} s: "
                        + " | ".join(line for _, line in served.lines[-8:])}
            # The log line of the build that showed the edit may reach us late on a loaded machine: wait
            # for it, then QUIET_S more for a second rebuild, if the first started one.
            waited = time.monotonic()
            while served.builds_since(start) == 0 and time.monotonic() - waited < timeout:
                time.sleep(POLL_S)
            time.sleep(QUIET_S)
            shown.append(round(seconds, 3))
            builds.append(served.builds_since(start))
        return {"ok": True, "shown_s": shown, "median_s": round(median(shown), 3), "rebuilds": builds}
    finally:
        served.process.terminate()
        try:
            served.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            served.process.kill()


TERM = re.compile(r"^(\s*term: )(.+)$", re.M)


def edit_a_term(text: str, n: int) -> tuple[str, str]:
    """The first glossary term with a word added (what an editor might correct)."""
    words = f"bench edit {n}"
    match = TERM.search(text)
    if match is None:
        raise ValueError("no 'term:' in the glossary to edit")
    old = re.sub(r" \(bench edit \d+\)$", "", match.group(2))
    return text[: match.start(2)] + f"{old} ({words})" + text[match.end(2) :], words


def edit_a_page(text: str, n: int) -> tuple[str, str]:
    """Plain Material's baseline: a sentence added to the glossary page itself."""
    words = f"bench edit {n}"
    kept = re.sub(r"\n\nbench edit \d+\.\n$", "\n", text)
    return kept.rstrip("\n") + f"\n\n{words}.\n", words


def bench_serve(work: Path, config_file: Path, edits: int = 3) -> dict:
    """Edit → shown under `mkdocs serve`: ours (an edit of sources/glossary.yml) and plain Material (an
    edit of the glossary page), each in a fresh copy."""
    ours_config = copy_project(config_file, work / "serve-ours")
    log("  serve: ours …")
    ours = time_edits(ours_config, ours_config.parent / paths.GLOSSARY, "glossary/", edit_a_term, edits)
    plain_config = make_plain_project(work / "serve-plain", config_file)
    log("  serve: plain Material …")
    plain = time_edits(plain_config, plain_config.parent / "docs" / "glossary.md", "glossary/", edit_a_page, edits)
    figures = {"ours": ours, "plain": plain, "target_s": SERVE_SECONDS_TARGET}
    if ours.get("ok"):
        figures["within_target"] = ours["median_s"] <= SERVE_SECONDS_TARGET and all(n == 1 for n in ours["rebuilds"])
    return figures
