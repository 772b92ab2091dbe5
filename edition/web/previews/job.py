"""The preview images of one build: those the cache holds, and the others drawn in a worker process
while MkDocs renders the pages.

A first build draws all 36 images (half a second of CPU), which used to wait until every page was
written. The cards are known when the build starts (on_config), so the hooks start a PreviewJob
there: it reads the cached images at once and hands the cards it lacks to one worker process, which
draws them on the machine's other core while this process renders the pages; on_post_build collects
them (`images`). The worker is a new interpreter (`python -m edition.web.previews.job`), never a
fork of this process, which under `mkdocs serve` runs the server's threads. The bytes are those
`render_cards` draws here, and an error in the worker (a missing glyph, too much text, too heavy an
image) is raised here with the same message naming the image.

Each job ends with its build: `close` (on_post_build, on_build_error, on_shutdown) stops a worker
still drawing and reaps it. A few images (a `mkdocs serve` edit of one note) are drawn here
instead, where the fonts and Pillow cost less than starting a process.

Whether it pays (a cold build, measured on a shared 2-CPU machine, 5 December 2026): the build's
own process spends 0.5-0.6 s less CPU (2.5-2.8 s before); the worker costs 0.65-0.7 s, so the build
as a whole 0.1-0.15 s more. The wall time gains the 0.5 s only when the second CPU is free; with
other work keeping both CPUs busy (load average 3.6-7.8) it gained nothing.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from edition import urls
from edition.web.previews import draw
from edition.web.previews.cards import MAX_BYTES, Card

# Fewer images than this are drawn in the build's own process: a worker's start (a new interpreter,
# Pillow, fontTools, the fonts) costs 0.1-0.15 s of CPU, about what drawing this many costs (15 ms each).
WORKER_MIN_IMAGES = 8


def other_cores() -> int:
    """How many more CPUs than one this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) - 1
    except AttributeError:  # not Linux
        return (os.cpu_count() or 1) - 1


def _worker_main() -> int:
    """The worker (`python -m edition.web.previews.job`): reads the pickled (cards, font_dir, max_bytes)
    on stdin, writes the pickled ("images", [png, …]) or ("error", message) on stdout."""
    cards, font_dir, max_bytes = pickle.load(sys.stdin.buffer)
    try:
        result = ("images", draw.render_cards(cards, font_dir, max_bytes))
    except ValueError as error:  # names the image: a missing glyph, text that cannot fit, too heavy
        result = ("error", str(error))
    pickle.dump(result, sys.stdout.buffer)  # a bug instead: its traceback on stderr, and exit code 1
    sys.stdout.buffer.flush()
    return 0


class PreviewJob:
    """The preview images of the cards: cached ones read now, the others drawn in a worker started now
    (in_worker, when it pays) or here when `images` is called."""

    def __init__(self, cards: list[Card], font_dir: Path, load: Callable[[str], bytes | None],
                 store: Callable[[str, bytes], None], in_worker: bool = False, max_bytes: int = MAX_BYTES):
        renderer = draw.renderer_key(font_dir)
        self._font_dir, self._store, self._max_bytes = font_dir, store, max_bytes
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
        threads), given the cards in an unnamed temporary file, so that starting it never waits on a pipe."""
        cards = [card for _, _, card in self._missing]
        with tempfile.TemporaryFile() as given:
            pickle.dump((cards, self._font_dir, self._max_bytes), given)
            given.seek(0)
            self.worker = subprocess.Popen([sys.executable, "-m", __name__], stdin=given,
                                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def _from_worker(self) -> list[bytes]:
        try:
            out, err = self.worker.communicate()
        finally:
            self.close()
        if self.worker.returncode != 0 or not out:
            message = err.decode("utf-8", "replace").strip()
            raise RuntimeError(f"the worker drawing the preview images failed (exit code {self.worker.returncode}):\n{message}")
        kind, value = pickle.loads(out)  # from the worker this job started, never from a file
        if kind == "error":
            raise ValueError(value)
        return value

    def images(self) -> dict[str, bytes]:
        """File name -> PNG bytes for every card; the images drawn are stored in the cache.

        A ValueError names the image (a missing glyph, text that cannot fit, more than max_bytes)."""
        if self._closed:
            raise RuntimeError("the preview images were asked for after their job was closed")
        if self.worker is not None:
            drawn = self._from_worker()
        else:
            drawn = draw.render_cards([card for _, _, card in self._missing], self._font_dir, self._max_bytes)
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


if __name__ == "__main__":
    code = _worker_main()
    sys.stderr.flush()
    os._exit(code)  # at once, as multiprocessing's workers do: the build waits for this exit, not for a tidy interpreter teardown
