"""The preview images of one build: those the cache holds, and the others drawn in a worker process
while MkDocs renders the pages.

A first build draws all 36 images (half a second of CPU), which used to wait until every page was
written. The cards are known when the build starts (on_config), so the hooks start a PreviewJob
there: it reads the cached images at once and hands the cards it lacks to one worker process, which
draws them on the machine's other core while this process renders the pages; on_post_build collects
them (`images`). The worker is a new interpreter (`python -P -m edition.web.previews.worker`), never a
fork of this process, which under `mkdocs serve` runs the server's threads. It runs this build's
`edition` package, wherever the build imported it from: `-P` keeps the working directory off its
sys.path and PYTHONPATH puts the package's folder first (in an editable install that folder is the
checkout's root, so a stray top-level module there, say a `PIL/`, can still be imported); and it
refuses to draw if its renderer key (this code, the fonts, Pillow's version) is not the build's, so
another copy's drawing never reaches the cache: the images are then drawn here. The bytes are those
`render_cards` draws here, and an error in the worker (a missing glyph, too much text, too heavy an
image) is raised here with the same message naming the image. A worker that fails otherwise (it
cannot start or import, it is killed, it refuses, its answer is garbled) costs a warning with the end
of its standard error, and the images are drawn here: the build goes on with the same images.

Each job ends with its build: `close` (on_post_build, on_build_error, on_shutdown) stops a worker
still drawing and reaps it. A few images (a `mkdocs serve` edit of one note) are drawn here
instead, where the fonts and Pillow cost less than starting a process.

Whether it pays (a cold build, measured on a shared 2-CPU machine, 5 December 2026): the build's
own process spends 0.5-0.6 s less CPU (2.5-2.8 s before); the worker costs 0.65-0.7 s, so the build
as a whole 0.1-0.15 s more. The wall time gains the 0.5 s only when the second CPU is free; with
other work keeping both CPUs busy (load average 3.6-7.8) it gained nothing.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from edition import urls
from edition.web.previews import draw, worker
from edition.web.previews.cards import MAX_BYTES, Card

_log = logging.getLogger("edition")

# Fewer images than this are drawn in the build's own process: a worker's start (a new interpreter,
# Pillow, fontTools, the fonts) costs 0.1-0.15 s of CPU, about what drawing this many costs (15 ms each).
WORKER_MIN_IMAGES = 8
STDERR_TAIL = 20  # lines of a failed worker's standard error shown in the warning

# The folder that holds the `edition` package this build runs, first on the worker's sys.path.
EDITION_HOME = Path(draw.__file__).resolve().parents[3]


class PreviewJobError(RuntimeError):
    """The job was misused or its images do not match its cards (a bug, not bad input)."""


def other_cores() -> int:
    """How many more CPUs than one this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) - 1
    except AttributeError:  # not Linux
        return (os.cpu_count() or 1) - 1


def worker_environment(environ=os.environ) -> dict[str, str]:
    """The worker's environment: this one, with EDITION_HOME first on PYTHONPATH (before any given)."""
    given = environ.get("PYTHONPATH")
    return {**environ, "PYTHONPATH": os.pathsep.join([str(EDITION_HOME)] + ([given] if given else []))}


class PreviewJob:
    """The preview images of the cards: cached ones read now, the others drawn in a worker started now
    (in_worker, when it pays) or here when `images` is called."""

    def __init__(self, cards: list[Card], font_dir: Path, load: Callable[[str], bytes | None],
                 store: Callable[[str, bytes], None], in_worker: bool = False, max_bytes: int = MAX_BYTES):
        renderer = draw.renderer_key(font_dir)
        self._font_dir, self._store, self._max_bytes, self._renderer = font_dir, store, max_bytes, renderer
        self._images: dict[str, bytes | None] = {}  # file name -> PNG, None until drawn (in the cards' order)
        self._missing: list[tuple[str, str, Card]] = []  # (file name, cache key, card) of the images to draw
        for card in cards:
            key, path = draw.card_key(card, renderer), urls.preview_image(card.name)
            self._images[path] = load(key)
            if self._images[path] is None:
                self._missing.append((path, key, card))
        self.worker: subprocess.Popen | None = None
        self._closed = False
        if in_worker and len(self._missing) >= WORKER_MIN_IMAGES and other_cores() > 0 and sys.executable:
            self._start_worker()

    def _start_worker(self) -> None:
        """A new interpreter (never a fork of this process, which under `mkdocs serve` runs the server's
        threads) running this build's edition package, given the cards in an unnamed temporary file,
        so that starting it never waits on a pipe."""
        cards = [card for _, _, card in self._missing]
        try:
            with tempfile.TemporaryFile() as given:
                given.write(worker.request(cards, self._font_dir, self._renderer, self._max_bytes))
                given.seek(0)
                self.worker = subprocess.Popen([sys.executable, "-P", "-m", worker.__name__], stdin=given, env=worker_environment(),
                                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        except OSError as error:  # no interpreter to start (say, the venv remade under `mkdocs serve`), no temporary file
            self.worker = None
            _log.warning("the worker for the preview images could not start (%s): drawing them in the build's process", error)

    def _from_worker(self) -> list[bytes] | None:
        """The worker's images, or None (and a warning) if it failed: they are then drawn here.
        A ValueError naming an image is raised as it would be here."""
        try:
            out, err = self.worker.communicate()
        finally:
            self.close()
        try:
            if self.worker.returncode != 0:
                raise worker.BadAnswer(f"exit code {self.worker.returncode}")
            return worker.read_answer(out, len(self._missing))
        except worker.BadAnswer as failure:
            tail = "\n".join(err.decode("utf-8", "replace").rstrip().splitlines()[-STDERR_TAIL:])
            _log.warning("the worker drawing the preview images failed (%s): drawing them in the build's process%s",
                         failure, f"; its standard error ends:\n{tail}" if tail else "")
            return None

    def images(self) -> dict[str, bytes]:
        """File name -> PNG bytes for every card; the images drawn are stored in the cache.

        A ValueError names the image (a missing glyph, text that cannot fit, more than max_bytes)."""
        if self._closed:
            raise PreviewJobError("the preview images were asked for after their job was closed")
        drawn = self._from_worker() if self.worker is not None else None
        if drawn is None:
            drawn = draw.render_cards([card for _, _, card in self._missing], self._font_dir, self._max_bytes)
        if len(drawn) != len(self._missing):
            raise PreviewJobError(f"{len(drawn)} preview images were drawn for {len(self._missing)} cards")
        for (path, key, _), data in zip(self._missing, drawn, strict=True):
            self._store(key, data)
            self._images[path] = data
        self._missing = []
        return dict(self._images)

    def close(self) -> None:
        """End the worker if there is one, drawing or not, and reap it (a build that fails, or is done)."""
        self._closed = True
        if self.worker is not None and self.worker.returncode is None:
            self.worker.kill()
            self.worker.communicate()  # reaped, its pipes closed

