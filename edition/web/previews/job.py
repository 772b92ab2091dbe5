"""The preview images of one build: those the cache holds, and the others drawn in a worker process
while MkDocs renders the pages.

A first build draws all 36 images (half a second of CPU), which used to wait until every page was
written. The cards are known when the build starts (on_config), so the hooks start a PreviewJob
there: it reads the cached images at once and hands the cards it lacks to one worker process, which
draws them on the machine's other core while this process renders the pages; on_post_build collects
them (`images`). The worker is started with "spawn", a fresh interpreter, never by forking this
process, which under `mkdocs serve` runs the server's threads. The bytes are those `render_cards`
draws here, and an error in the worker (a missing glyph, too much text, too heavy an image) is
raised here with the same message naming the image.

Each job ends with its build: `close` (on_post_build, on_build_error, on_shutdown) stops a worker
still drawing and reaps it. (Starting a "spawn" process also starts multiprocessing's resource
tracker, one idle process for the life of the MkDocs process, which ends when it does.) A few
images (a `mkdocs serve` edit of one note) are drawn here instead, where the fonts and Pillow cost
less than starting a process.

Whether it pays: a cold build's own process spends 0.55-0.6 s less CPU; the worker costs 0.7 s, so
the build as a whole 0.1-0.15 s more. On a machine whose second CPU is free the build is that much
sooner; on one already busy with other work (load above the CPUs) it gains little.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
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


def _draw_in_worker(connection, cards: list[Card], font_dir: Path, max_bytes: int) -> None:
    """The worker: draws the cards and sends back ("images", [png, …]) or ("error", message)."""
    try:
        connection.send(("images", draw.render_cards(cards, font_dir, max_bytes)))
    except ValueError as error:  # names the image: a missing glyph, text that cannot fit, too heavy
        connection.send(("error", str(error)))
    except Exception:  # a bug: its traceback, for the build's error
        connection.send(("crash", traceback.format_exc()))
    finally:
        connection.close()


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
        self.worker: multiprocessing.process.BaseProcess | None = None
        self._connection = None
        if in_worker and len(self._missing) >= WORKER_MIN_IMAGES and other_cores() > 0:
            self._start_worker()

    def _start_worker(self) -> None:
        context = multiprocessing.get_context("spawn")  # a fresh interpreter: safe beside the server's threads
        receiving, sending = context.Pipe(duplex=False)
        cards = [card for _, _, card in self._missing]
        self.worker = context.Process(target=_draw_in_worker, args=(sending, cards, self._font_dir, self._max_bytes),
                                      name="edition preview images", daemon=True)  # daemon: ended if this process exits
        self.worker.start()
        sending.close()  # the worker holds the only sending end: its exit without a result is an EOFError here
        self._connection = receiving

    def _from_worker(self) -> list[bytes]:
        try:
            kind, value = self._connection.recv()
            self.worker.join(timeout=5)  # it exits once it has sent its result
        except EOFError:
            self.worker.join()
            raise RuntimeError(f"the worker drawing the preview images ended without a result (exit code {self.worker.exitcode})") from None
        finally:
            self.close()
        if kind == "error":
            raise ValueError(value)
        if kind == "crash":
            raise RuntimeError(f"the worker drawing the preview images failed:\n{value}")
        return value

    def images(self) -> dict[str, bytes]:
        """File name -> PNG bytes for every card; the images drawn are stored in the cache.

        A ValueError names the image (a missing glyph, text that cannot fit, more than max_bytes)."""
        if self.worker is not None:
            if self._connection is None:
                raise RuntimeError("the preview images were asked for after their job was closed")
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
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        if self.worker is not None and self.worker.exitcode is None:
            if self.worker.is_alive():
                self.worker.kill()
            self.worker.join()
