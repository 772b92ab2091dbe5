"""The preview images' worker process (`python -P -m edition.web.previews.worker`, started by job.py)
and what passes between it and the build: JSON and the PNGs' own bytes, nothing pickled.

The build gives it one JSON object: the renderer key the build computed (draw.renderer_key), the
fonts' folder, the most an image may weigh, and the cards as plain data. The worker answers on its
standard output with one line of JSON, then the PNGs back to back:

    {"images": [n1, n2, …]}\\n<n1 bytes><n2 bytes>…  the images, in the cards' order
    {"error": "…"}\\n      a ValueError naming the image (a missing glyph, too much text, too heavy)
    {"refused": "…"}\\n    this interpreter's edition is not the build's: its renderer key differs

Before it imports the drawing code the worker points its standard output (file descriptor 1, so C
libraries too) at its standard error and keeps the original for the answer alone: a stray print
cannot corrupt the answer. Anything that is not an answer (a crash, a kill, output written before the
worker ran) is a `BadAnswer`, which job.py meets by drawing the images in the build's process.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from pathlib import Path


class BadAnswer(Exception):
    """The worker gave no usable answer; the message says what it gave instead."""


def request(cards: list, font_dir: Path, renderer: str, max_bytes: int) -> bytes:
    """What the build gives the worker: the cards (Card, as plain data) and how to draw them."""
    given = {"renderer": renderer, "font_dir": str(font_dir), "max_bytes": max_bytes,
             "cards": [dataclasses.asdict(card) for card in cards]}
    return json.dumps(given, ensure_ascii=False).encode("utf-8")


def cards_of(data: list[dict]) -> list:
    """The Card objects of a request's plain data (the inverse of `request`'s dataclasses.asdict)."""
    from edition.web.previews.cards import Block, Card, Run

    def block(fields: dict) -> Block:
        return Block(**{**fields, "runs": tuple(Run(**run) for run in fields["runs"])})

    return [Card(**{**card, "blocks": tuple(block(b) for b in card["blocks"])}) for card in data]


def answer(kind: str, value, images: list[bytes] = ()) -> bytes:
    """One answer: its JSON line, then the images' bytes."""
    return json.dumps({kind: value}, ensure_ascii=False).encode("utf-8") + b"\n" + b"".join(images)


def read_answer(out: bytes, count: int) -> list[bytes]:
    """The `count` PNGs of the worker's answer. Its "error" is raised as the ValueError it was, naming
    the image; a refusal or anything that is not an answer raises BadAnswer."""
    line, newline, body = out.partition(b"\n")
    try:
        header = json.loads(line) if newline else None
    except ValueError:  # not JSON, or not UTF-8
        header = None
    if not isinstance(header, dict) or len(header) != 1:
        shown = out[:120].decode("utf-8", "replace")
        raise BadAnswer(f"its output is not an answer: {shown!r}" if out else "it wrote nothing")
    ((kind, value),) = header.items()
    if kind == "error" and isinstance(value, str):
        raise ValueError(value)
    if kind == "refused" and isinstance(value, str):
        raise BadAnswer(f"it refused: {value}")
    if kind != "images" or not isinstance(value, list) or not all(isinstance(n, int) and n > 0 for n in value):
        raise BadAnswer(f"its answer is not one this build knows: {line[:120].decode('utf-8', 'replace')!r}")
    if len(value) != count:
        raise BadAnswer(f"it drew {len(value)} images for {count} cards")
    if sum(value) != len(body):
        raise BadAnswer(f"it sent {len(body)} bytes of images, where its header says {sum(value)}")
    images, start = [], 0
    for size in value:
        images.append(body[start : start + size])
        start += size
    return images


def main() -> int:
    """Read the request on stdin, write the answer on the standard output as it was given."""
    sys.stdout.flush()  # what was printed before this (a sitecustomize, say) goes out now, so the build sees a bad answer
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # from here on, whatever writes on the standard output writes on the standard error
    sys.stdout = sys.stderr
    given = json.load(sys.stdin.buffer)
    from edition.web.previews import draw

    font_dir = Path(given["font_dir"])
    ours = draw.renderer_key(font_dir)
    if ours != given["renderer"]:
        home = Path(draw.__file__).resolve().parents[2]
        result = answer("refused", f"its edition package ({home}) draws with renderer {ours[:12]}…, the build's with {given['renderer'][:12]}…")
    else:
        try:
            drawn = draw.render_cards(cards_of(given["cards"]), font_dir, given["max_bytes"])
            result = answer("images", [len(data) for data in drawn], drawn)
        except ValueError as error:  # names the image: a missing glyph, text that cannot fit, too heavy
            result = answer("error", str(error))
    answers.write(result)
    answers.flush()
    return 0


if __name__ == "__main__":
    code = main()  # a bug instead: its traceback on stderr, and exit code 1
    sys.stderr.flush()
    os._exit(code)  # at once, as multiprocessing's workers do: the build waits for this exit, not for a tidy interpreter teardown
