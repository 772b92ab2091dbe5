"""Link-preview images: the drawing functions, the page head the hook writes, and the built site.

To look at the images, build (`./run build`) and open site/preview/*.png, or draw them alone:
    .venv/bin/python -c "from edition.web.previews import cards as c, draw as d; from edition.sources.project import load_project; \
        f = d.load_fonts(Path('docs/assets/fonts')); [open(f'/tmp/{k.name}.png', 'wb').write(d.render(k, f)) for k in c.cards(load_project(Path('.')))]"
"""

from __future__ import annotations

import dataclasses
import io
import json
import logging
import os
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import lxml.html
import pytest
from PIL import Image

from edition import urls
from edition.sources.latex import ITALIC_END, ITALIC_START
from edition.web import cite as cite_edition
from edition.web import linkcheck as sitecheck
from edition.web import postbuild
from edition.web.cache import PreviewCache
from edition.web.hooks import _state, on_page_context, write_preview_images
from edition.web.previews import cards as card_data
from edition.web.previews import draw, job, worker
from edition.web.previews.cards import Block, Card, Run
from edition.web.previews.draw import ELLIPSIS, MissingGlyph, wrap
from edition.web.previews.job import WORKER_MIN_IMAGES, PreviewJob, PreviewJobError

SITE = "https://example.org/twiss/"
ROOT = Path(__file__).resolve().parent.parent
FONT_DIR = ROOT / "docs" / card_data.FONT_DIR
GOLDEN = ROOT / "tests" / "data" / "previews"


pytestmark = pytest.mark.usefixtures("fresh_hook_state")


@pytest.fixture(scope="module")
def fonts():
    return draw.load_fonts(FONT_DIR)


@pytest.fixture(scope="module")
def cards(project):
    return card_data.cards(project)


@pytest.fixture(scope="module")
def images(cards, fonts) -> dict[str, bytes]:
    """Every card drawn once, by name."""
    return {card.name: draw.render(card, fonts) for card in cards}


def by_chars(text: str, style: str) -> float:
    """A measure for tests: one pixel a character, two for bold."""
    return len(text) * (2 if style == "bold" else 1)


def texts(lines: list[list[Run]]) -> list[str]:
    return ["".join(run.text for run in line) for line in lines]


def png_chunks(data: bytes) -> list[str]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, offset = [], 8
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset : offset + 8])
        chunks.append(kind.decode("ascii"))
        offset += 12 + length
    return chunks


# ── Wrapping (pure) ─────────────────────────────────────────────────────────────────────────


def test_wrap_breaks_at_spaces_within_the_width():
    lines = wrap([Run("one two three four five six")], by_chars, 10, 5)
    assert texts(lines) == ["one two", "three four", "five six"]
    assert all(by_chars(text, "regular") <= 10 for text in texts(lines))


def test_wrap_ends_the_last_line_with_an_ellipsis_when_the_text_is_longer():
    assert texts(wrap([Run("one two three four five six")], by_chars, 10, 2)) == ["one two", "three…"]
    # A trailing comma or colon gives way to the ellipsis; the ellipsis still fits the width.
    lines = wrap([Run("alpha, beta: gamma delta")], by_chars, 12, 1)
    assert texts(lines) == ["alpha, beta…"]
    assert texts(wrap([Run("alpha, gamma delta epsilon")], by_chars, 7, 1)) == ["alpha…"]
    assert texts(wrap([Run("It ended, etc. Then more")], by_chars, 16, 1)) == ["It ended, etc. …"]


def test_wrap_keeps_a_word_whole_across_a_change_of_style():
    runs = [Run("Leon Trotsky, "), Run("“"), Run("The Revolution", "italic"), Run("” (1937)")]
    lines = wrap(runs, by_chars, 14, 4)
    assert texts(lines) == ["Leon Trotsky,", "“The", "Revolution”", "(1937)"]
    assert [(run.text, run.style) for run in lines[1]] == [("“", "regular"), ("The", "italic")]
    assert [(run.text, run.style) for run in lines[2]] == [("Revolution", "italic"), ("”", "regular")]


def test_wrap_joins_words_of_one_style_into_one_run():
    lines = wrap([Run("a "), Run("b c", "bold"), Run(" d")], by_chars, 100, 1)
    assert [(run.text, run.style) for run in lines[0]] == [("a", "regular"), (" b c", "bold"), (" d", "regular")]


def test_wrap_cuts_a_word_wider_than_a_line():
    lines = wrap([Run("Glavkokratiia is long")], by_chars, 6, 3)
    assert texts(lines) == ["Glavk…", "is", "long"]
    with pytest.raises(ValueError, match="max_lines"):
        wrap([Run("x")], by_chars, 6, 0)


def test_text_is_drawn_with_typographic_apostrophes():
    assert card_data.plain("Workers'  State\n") == "Workers’ State"
    runs = card_data._marked_runs(f"The {ITALIC_START}Pravda{ITALIC_END} story", "italic")
    assert [(r.text, r.style) for r in runs] == [("The ", "italic"), ("Pravda", "regular"), (" story", "italic")]


# ── The cards (data) ────────────────────────────────────────────────────────────────────────


def card_text(card: Card) -> str:
    return " ".join("".join(run.text for run in block.runs) for block in card.blocks)


def test_there_is_a_card_for_the_edition_each_chapter_and_each_note(project, cards):
    names = [card.name for card in cards]
    assert names == [urls.PREVIEW_EDITION] + [c.slug for c in project.chapters] + [f"note-{n}" for n in range(1, 30)]
    assert len(set(names)) == len(names) == 36


def plain_title(work) -> str:
    """A work's title as a card draws it (typographic apostrophes)."""
    return card_data.plain(work.get("title"))


def sentence_start(project, number: int, words: int = 8) -> str:
    from edition.sources.essay import annotated_sentence, without_note_markers

    return " ".join(without_note_markers(annotated_sentence(project.essay, number)[1]).split()[:words])


def test_the_cards_say_what_their_page_holds(project, cards):
    """Read from the model, not today's words: every note's card gives its number, its status label,
    the titles of its works when its source is identified, and the start of the sentence it annotates."""
    named = {card.name: card for card in cards}
    assert "The development of Trotsky’s analysis of the Soviet bureaucracy" in card_text(named["edition"])
    assert "Thomas M. Twiss" in card_text(named["edition"])
    chapter = project.chapters[1]
    assert chapter.title in card_text(named[chapter.slug]) and chapter.years in card_text(named[chapter.slug])
    for number, note in project.bibliography.notes.items():
        text = card_text(named[f"note-{number}"])
        assert f"Note {number}" in text and note.status_label in text, number
        if note.status != "unidentified":
            assert all(plain_title(work) in text for work in note.works), number
        assert sentence_start(project, number) in text, number
    # A book's title is in italics; the second work by the same author does not repeat the name.
    book = next(w for w in project.bibliography.works.values() if w.type == "book" and project.bibliography.citing_notes(w.key))
    citing = project.bibliography.citing_notes(book.key)[0]
    assert Run(plain_title(book), "italic") in [run for block in named[f"note-{citing}"].blocks for run in block.runs]
    for number, note in project.bibliography.notes.items():
        for family in {w.authors[0] for w in note.works if w.authors}:
            name = " ".join(part for part in family if part)
            repeats = [i for i, w in enumerate(note.works) if w.authors and w.authors[0] == family]
            if len(repeats) > 1 and all(b - a == 1 for a, b in zip(repeats, repeats[1:], strict=False)):
                assert card_text(named[f"note-{number}"]).count(name) == 1, number


def test_the_alt_texts_say_what_the_images_say(project, cards):
    for card in cards:
        assert 20 < len(card.alt) <= 420, card.name  # 420: the most twitter:image:alt takes
        assert '"' not in card.alt and "\n" not in card.alt
    named = {card.name: card for card in cards}
    from edition.sources.chapters import chapter_of
    from edition.sources.essay import annotated_sentence

    for number, note in project.bibliography.notes.items():
        paragraph, _ = annotated_sentence(project.essay, number)
        chapter = chapter_of(project.chapters, paragraph)
        alt = named[f"note-{number}"].alt
        assert alt.startswith(f"Note {number} of Twiss 2016 (chapter {chapter.number}, {chapter.years}, ¶{paragraph}). {note.status_label}"), number
        if note.status != "unidentified":
            assert all(plain_title(work) in alt for work in note.works), number
        assert "It annotates: “" in alt, number
    assert named["edition"].alt.startswith("The development of Trotsky’s analysis of the Soviet bureaucracy — an annotated edition. Thomas M. Twiss")


def test_each_page_gets_its_own_card_or_the_editions(project):
    chapters = project.chapters
    assert card_data.card_for_page({"chapter": 2}, chapters) == "2-glavkokratiia"
    assert card_data.card_for_page({"note": 14}, chapters) == "note-14"
    assert card_data.card_for_page({"cite": "essay"}, chapters) == "edition"
    assert card_data.card_for_page({"title": "Glossary"}, chapters) == "edition"


# ── Drawing ─────────────────────────────────────────────────────────────────────────────────


def test_every_image_is_1200_by_630_and_at_most_100_kb(images):
    for name, data in images.items():
        assert len(data) <= card_data.MAX_BYTES, f"{name}: {len(data)} bytes"
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == "PNG" and image.size == (1200, 630), name


def test_an_image_is_the_same_bytes_every_time_and_carries_no_metadata(cards, fonts, images):
    for card in cards[:2] + cards[-2:]:
        assert draw.render(card, fonts) == images[card.name]
    assert set(png_chunks(images["note-14"])) == {"IHDR", "PLTE", "IDAT", "IEND"}  # no tIME, tEXt, iTXt


def test_the_drawing_is_pixel_for_pixel_the_golden_one():
    """The cards of tests/data/previews/golden_cards.py, drawn as the goldens were (by the drawing code
    before the fonts, the measure and the PNG were made cheaper): the same pixels, one of each shape."""
    sys.path.insert(0, str(GOLDEN))
    try:
        from golden_cards import golden_cards
    finally:
        sys.path.remove(str(GOLDEN))
    fonts = draw.load_fonts(FONT_DIR)  # its own: nothing drawn yet
    for card in golden_cards() * 2:  # the second time, the start of the eyebrow is one drawn before
        with Image.open(io.BytesIO(draw.render(card, fonts))) as drawn, Image.open(GOLDEN / f"{card.name}.png") as golden:
            assert drawn.size == golden.size and drawn.getpalette() == golden.getpalette(), card.name
            assert drawn.tobytes() == golden.tobytes(), f"{card.name}: the pixels differ from the golden image"


def test_the_quick_measure_is_pillows_to_the_64th_of_a_pixel(cards, fonts):
    """Every text a card measures, in every style and size it is set in: the sum of the characters'
    advances is exactly Pillow's getlength of the text (these fonts have no kern table)."""
    assert fonts.additive
    checked = 0
    for card in cards:
        for block in card.blocks:
            for style in ("regular", "italic", "bold"):
                measure, font = fonts.measure(style, block.size), fonts.font(style, block.size)
                for run in block.runs:
                    words = run.text.split(" ")
                    for text in [run.text, *words, *(" ".join(words[:n]) for n in range(2, len(words)))]:
                        assert measure(text) == font.getlength(text), (card.name, style, block.size, text)
                        checked += 1
    assert checked > 1000


def test_an_image_uses_the_colours_of_the_design(images):
    with Image.open(io.BytesIO(images["note-1"])) as image:
        colours = {colour for _, colour in image.convert("RGB").getcolors(1200 * 630)}
    assert card_data.PALETTE["paper"] in colours and card_data.PALETTE["unidentified"] in colours


def test_a_character_the_font_lacks_names_the_font_and_the_character(fonts):
    card = Card("test", "EYEBROW", (Block((Run("Бюрократия", "italic"),), size=40),), "Footer", "Alt")
    with pytest.raises(MissingGlyph, match=r"edition-serif-italic\.woff2 has no glyph for 'Б' \(U\+0411 CYRILLIC CAPITAL LETTER BE\) in the preview image 'test'"):
        draw.render(card, fonts)


def test_too_long_a_text_is_cut_to_fit_with_an_ellipsis(project, fonts):
    chapter = project.chapters[0]
    long = dataclasses.replace(chapter, title="A very long title " * 12, summary="A summary that goes on " * 30)
    card = card_data.chapter_card(project.edition, long)
    placed = draw.layout(card, fonts)
    title, summary = texts(placed[1][1]), texts(placed[2][1])
    assert len(title) == 2 and title[-1].endswith(ELLIPSIS)
    assert 1 <= len(summary) <= 3 and summary[-1].endswith(ELLIPSIS)
    assert Image.open(io.BytesIO(draw.render(card, fonts))).size == (1200, 630)


def test_a_card_whose_fixed_text_cannot_fit_is_an_error(fonts):
    blocks = tuple(Block((Run(f"Line {n}"),), size=90) for n in range(6))
    with pytest.raises(ValueError, match="'crowded' has more text than fits"):
        draw.render(Card("crowded", "E", blocks, "F", "A"), fonts)


# ── The build cache ─────────────────────────────────────────────────────────────────────────


def test_an_unchanged_image_is_not_drawn_again(cards, monkeypatch):
    cache: dict[str, bytes] = {}
    first = PreviewJob(cards[:3], FONT_DIR, cache.get, cache.__setitem__).images()
    assert list(first) == [urls.preview_image(card.name) for card in cards[:3]] and len(cache) == 3

    def no_drawing(*args):
        raise AssertionError("drew an image whose inputs did not change")

    monkeypatch.setattr(draw, "render", no_drawing)
    assert PreviewJob(cards[:3], FONT_DIR, cache.get, cache.__setitem__, in_worker=True).images() == first


def test_a_changed_text_or_renderer_gives_a_new_key(cards):
    card = cards[0]
    changed = Card(card.name, card.eyebrow, card.blocks, card.footer + ".", card.alt)
    key = draw.card_key(card, "r1")
    assert key == draw.card_key(card, "r1")
    assert len({key, draw.card_key(changed, "r1"), draw.card_key(card, "r2")}) == 3


def test_the_renderer_key_covers_the_fonts(tmp_path):
    for name in card_data.FONT_FILES.values():
        (tmp_path / name).write_bytes((FONT_DIR / name).read_bytes())
    before = draw.renderer_key(tmp_path)
    (tmp_path / "edition-serif-bold.woff2").write_bytes(b"another font")
    assert draw.renderer_key(tmp_path) != before


# ── Drawing in a worker process ─────────────────────────────────────────────────────────────


def cyrillic_card() -> Card:
    return Card("test", "EYEBROW", (Block((Run("Бюрократия", "italic"),), size=40),), "Footer", "Alt")


@pytest.mark.site  # a worker process
def test_a_worker_draws_the_same_bytes_and_fills_the_cache(cards, images, two_cores):
    cache: dict[str, bytes] = {}
    job = PreviewJob(cards[-WORKER_MIN_IMAGES:], FONT_DIR, cache.get, cache.__setitem__, in_worker=True)
    assert job.worker is not None and job.worker.pid != os.getpid()
    drawn = job.images()
    assert drawn == {urls.preview_image(card.name): images[card.name] for card in cards[-WORKER_MIN_IMAGES:]}
    assert sorted(cache.values()) == sorted(drawn.values())
    assert job.worker.returncode == 0, "the worker was not reaped"


def test_a_few_images_are_drawn_in_process(cards):
    """Starting a worker costs about as much as drawing WORKER_MIN_IMAGES images: fewer are drawn here."""
    cache: dict[str, bytes] = {}
    job = PreviewJob(cards[: WORKER_MIN_IMAGES - 1], FONT_DIR, cache.get, cache.__setitem__, in_worker=True)
    assert job.worker is None and len(job.images()) == WORKER_MIN_IMAGES - 1


@pytest.mark.site  # a worker process
@pytest.mark.parametrize(
    "bad, max_bytes, message",
    [
        (cyrillic_card(), card_data.MAX_BYTES,
         r"link-preview images: the font edition-serif-italic\.woff2 has no glyph for 'Б' \(U\+0411 CYRILLIC CAPITAL LETTER BE\) in the preview image 'test'"),
        (Card("crowded", "E", tuple(Block((Run(f"Line {n}"),), size=90) for n in range(6)), "F", "A"), card_data.MAX_BYTES,
         r"link-preview images: the preview image 'crowded' has more text than fits"),
        (None, 1000, r"link-preview images: the preview image '\S+' weighs \d+ bytes, more than 1000"),
    ],
)
def test_an_error_in_the_worker_fails_the_build_naming_the_image(cards, tmp_path, two_cores, bad, max_bytes, message):
    """The same message as when the image is drawn in the build's process, and nothing is cached."""
    batch = cards[: WORKER_MIN_IMAGES - 1] + ([bad] if bad else [cards[-1]])
    cache = PreviewCache(tmp_path / "cache")
    job = PreviewJob(batch, FONT_DIR, cache.load, cache.store, in_worker=True, max_bytes=max_bytes)
    assert job.worker is not None
    with pytest.raises(postbuild.PostBuildError, match=message):
        postbuild.write_preview_job(tmp_path / "site", job, cache)
    assert job.worker.returncode is not None and not (tmp_path / "site").exists()
    assert not list(cache.folder.glob("*.png")), "an image of a failed batch was cached"


@pytest.mark.site  # a worker process
def test_closing_a_job_ends_its_worker_at_once(cards, two_cores):
    job = PreviewJob(cards, FONT_DIR, {}.get, {}.__setitem__, in_worker=True)
    job.close()
    assert job.worker.returncode is not None, "the worker is still running"
    with pytest.raises(ProcessLookupError):
        os.kill(job.worker.pid, 0)  # ended and reaped: no such process
    with pytest.raises(PreviewJobError, match="after their job was closed"):
        job.images()


def test_the_worker_is_given_the_cards_as_they_are(cards):
    """The request is JSON (nothing pickled): the cards read back equal, tuples and all."""
    given = json.loads(worker.request(cards, FONT_DIR, "renderer", 5000))
    assert worker.cards_of(given["cards"]) == cards
    assert (given["renderer"], given["font_dir"], given["max_bytes"]) == ("renderer", str(FONT_DIR), 5000)


def test_an_answer_that_is_not_one_is_never_taken_for_images():
    good = worker.answer("images", [3, 2], [b"abc", b"de"])
    assert worker.read_answer(good, 2) == [b"abc", b"de"]
    for out, count, problem in [
        (good, 3, "it drew 2 images for 3 cards"),
        (good[:-1], 2, "it sent 4 bytes of images, where its header says 5"),
        (good + b"!", 2, "it sent 6 bytes of images, where its header says 5"),
        (b"", 2, "it wrote nothing"),
        (b"hello\n" + good, 2, "its output is not an answer: 'hello"),
        (b"\x80\x04\x95pickled", 2, "its output is not an answer"),
        (worker.answer("images", [3, -1]), 2, "its answer is not one this build knows"),
        (worker.answer("refused", "another edition"), 2, "it refused: another edition"),
    ]:
        with pytest.raises(worker.BadAnswer, match=re.escape(problem)):
            worker.read_answer(out, count)
    with pytest.raises(ValueError, match="^the preview image 'x' has more text than fits$"):
        worker.read_answer(worker.answer("error", "the preview image 'x' has more text than fits"), 1)


def test_images_that_do_not_match_their_cards_fail_the_build_clearly(cards, tmp_path, monkeypatch):
    monkeypatch.setattr(draw, "render_cards", lambda cards, *args: [])
    with pytest.raises(postbuild.PostBuildError, match=r"^link-preview images: 0 preview images were drawn for 2 cards$"):
        postbuild.write_preview_images(tmp_path / "site", cards[:2], FONT_DIR, PreviewCache(tmp_path / "cache"))


def decoy_folder(folder: Path, pil: bool = True) -> Path:
    """A folder with a copy of the edition package that draws on black paper, and (pil) a PIL that
    cannot be imported: what the worker would run if it imported from the folder first."""
    shutil.copytree(ROOT / "edition", folder / "edition", ignore=shutil.ignore_patterns("__pycache__"))
    module = folder / "edition" / "web" / "previews" / "cards.py"
    text = module.read_text(encoding="utf-8")
    assert '"paper": (250, 247, 240)' in text
    module.write_text(text.replace('"paper": (250, 247, 240)', '"paper": (0, 0, 0)'), encoding="utf-8")
    if pil:
        (folder / "PIL").mkdir()
        (folder / "PIL" / "__init__.py").write_text('raise ImportError("the decoy PIL of the working directory")\n', encoding="utf-8")
    return folder


@pytest.mark.site  # a worker process
@pytest.mark.parametrize("where", ["working directory", "PYTHONPATH"])
def test_the_worker_runs_the_builds_edition_not_another(cards, images, tmp_path, monkeypatch, caplog, two_cores, where):
    """`mkdocs build -f other/mkdocs.yml` run from a checkout draws with the edition package the build
    imported, and Pillow from its environment: never with what lies in the working directory, nor with
    another edition found first on the interpreter's path (a shared environment with another checkout
    installed; here the decoy on an inherited PYTHONPATH stands in for it)."""
    if where == "working directory":
        monkeypatch.chdir(decoy_folder(tmp_path))
    else:
        monkeypatch.setenv("PYTHONPATH", str(decoy_folder(tmp_path, pil=False)))
    batch = cards[-WORKER_MIN_IMAGES:]
    job = PreviewJob(batch, FONT_DIR, {}.get, {}.__setitem__, in_worker=True)
    assert job.worker is not None
    with caplog.at_level(logging.WARNING, logger="edition"):
        drawn = job.images()
    assert not caplog.records, f"the worker failed, the images were drawn in process: {caplog.text}"
    assert drawn == {urls.preview_image(card.name): images[card.name] for card in batch}


@pytest.mark.site  # a worker process
def test_a_worker_whose_renderer_is_not_the_builds_refuses_to_draw(cards):
    given = worker.request(cards[:1], FONT_DIR, "0" * 64, card_data.MAX_BYTES)
    result = subprocess.run([sys.executable, "-P", "-m", worker.__name__], input=given, capture_output=True,
                            env=job.worker_environment(), check=True)
    refused = r"it refused: its edition package \(\S+/edition\) draws with renderer [0-9a-f]{12}…, the build's with 0{12}…$"
    with pytest.raises(worker.BadAnswer, match=refused):
        worker.read_answer(result.stdout, 1)


@pytest.mark.site  # a worker process
def test_a_worker_that_dies_costs_a_warning_and_the_images_are_drawn_here(cards, images, caplog, two_cores):
    """Killed (or out of memory, or failing to import): the build goes on with the same images."""
    batch, cache = cards[-WORKER_MIN_IMAGES:], {}
    job = PreviewJob(batch, FONT_DIR, cache.get, cache.__setitem__, in_worker=True)
    job.worker.kill()
    with caplog.at_level(logging.WARNING, logger="edition"):
        drawn = job.images()
    assert "the worker drawing the preview images failed (exit code -9): drawing them in the build's process" in caplog.text
    assert drawn == {urls.preview_image(card.name): images[card.name] for card in batch}
    assert sorted(cache.values()) == sorted(drawn.values())


@pytest.mark.site  # the images are drawn (in process)
def test_a_worker_that_cannot_start_costs_a_warning_and_the_images_are_drawn_here(cards, images, caplog, monkeypatch, two_cores):
    """No interpreter to start (say, the venv remade under `mkdocs serve`): the build goes on."""
    batch = cards[-WORKER_MIN_IMAGES:]
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")
    with caplog.at_level(logging.WARNING, logger="edition"):
        job = PreviewJob(batch, FONT_DIR, {}.get, {}.__setitem__, in_worker=True)
        drawn = job.images()
    assert job.worker is None and "the worker for the preview images could not start" in caplog.text
    assert drawn == {urls.preview_image(card.name): images[card.name] for card in batch}


PRINTS_AT_START = 'print("hello from sitecustomize")\n'
PRINTS_ON_IMPORTING_PIL = """import sys


class Loud:
    def find_spec(self, name, path=None, target=None):
        if name == "PIL":
            print("importing PIL")
        return None


sys.meta_path.insert(0, Loud())
"""
WRITES_FD_1_ON_IMPORTING_PIL = PRINTS_ON_IMPORTING_PIL.replace('print("importing PIL")', 'import os; os.write(1, b"importing PIL")')


@pytest.mark.site  # a worker process
@pytest.mark.parametrize(
    "sitecustomize, warning",
    [
        (PRINTS_ON_IMPORTING_PIL, None),  # while the worker works: on its standard error, the answer intact
        (WRITES_FD_1_ON_IMPORTING_PIL, None),  # a C library writing on file descriptor 1 too
        (PRINTS_AT_START, "failed (its output is not an answer: 'hello from sitecustomize"),  # before: drawn here
    ],
)
def test_a_print_in_the_worker_never_corrupts_the_images(cards, images, tmp_path, monkeypatch, caplog, two_cores, sitecustomize, warning):
    (tmp_path / "sitecustomize.py").write_text(sitecustomize, encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))  # the worker's, after the edition package's folder
    monkeypatch.delenv("PYTHONUNBUFFERED", raising=False)  # a print at start sits in a buffer: the same answer
    batch = cards[-WORKER_MIN_IMAGES:]
    job = PreviewJob(batch, FONT_DIR, {}.get, {}.__setitem__, in_worker=True)
    with caplog.at_level(logging.WARNING, logger="edition"):
        drawn = job.images()
    assert drawn == {urls.preview_image(card.name): images[card.name] for card in batch}
    if warning is None:
        assert not caplog.records, caplog.text
    else:
        assert warning in caplog.text


# ── The hooks, in process ───────────────────────────────────────────────────────────────────


def head_of(project, meta: dict, url: str) -> dict[str, str]:
    _state.update(
        project=project,
        previews={card.name: card for card in card_data.cards(project)},
        chapter_targets=cite_edition.chapter_targets(SITE, project.chapters),
    )
    page = SimpleNamespace(meta=meta, canonical_url=url, title="A page")
    config = SimpleNamespace(site_url=SITE, site_name="Site", site_description="About.")
    head = on_page_context({}, page, config)["edition_head"]
    tree = lxml.html.fromstring(f"<html><head>{head}</head></html>")
    return {m.get("property") or m.get("name"): m.get("content") for m in tree.iter("meta")}


@pytest.mark.parametrize(
    "meta, path, image",
    [
        ({"cite": "essay"}, "", "edition"),
        ({"chapter": 2}, "2-glavkokratiia/", "2-glavkokratiia"),
        ({"note": 14}, "notes/14/", "note-14"),
        ({"title": "Glossary"}, "glossary/", "edition"),
    ],
)
def test_the_page_head_names_the_pages_preview_image(project, meta, path, image):
    tags = head_of(project, meta, SITE + path)
    assert tags["og:image"] == tags["twitter:image"] == f"{SITE}preview/{image}.png"
    assert (tags["og:image:width"], tags["og:image:height"], tags["og:image:type"]) == ("1200", "630", "image/png")
    assert tags["og:image:alt"] == tags["twitter:image:alt"] == _state["previews"][image].alt
    assert tags["twitter:card"] == "summary_large_image"


def test_the_build_writes_every_image_into_the_site(project, tmp_path):
    cards = card_data.cards(project)
    write_preview_images(tmp_path, cards, FONT_DIR, PreviewCache(tmp_path / "cache"))
    written = sorted(p.name for p in (tmp_path / urls.PREVIEW_DIR).iterdir())
    assert written == sorted(f"{card.name}.png" for card in cards)


def test_the_link_check_finds_a_preview_image_that_is_not_there(tmp_path):
    (tmp_path / "preview").mkdir()
    (tmp_path / "preview" / "edition.png").write_bytes(b"png")
    (tmp_path / "index.html").write_text(
        '<html><head><meta property="og:image" content="https://example.org/ed/preview/edition.png">'
        '<meta name="twitter:image" content="https://example.org/ed/preview/lost.png">'
        '<meta property="og:image" content="https://example.org/elsewhere.png"></head><body></body></html>',
        encoding="utf-8",
    )
    problems = sitecheck.check_links(tmp_path, "/ed/")
    assert problems == [
        "index.html: twitter:image https://example.org/ed/preview/lost.png: no file preview/lost.png",
        "index.html: og:image 'https://example.org/elsewhere.png': outside the site's path /ed/",
    ]


# ── The built site ──────────────────────────────────────────────────────────────────────────


def test_every_page_of_the_built_site_has_its_preview_image(site, project):
    """Every page's og:image is a file of the site, 1200×630, at most 100 KB; chapters and notes have their own."""
    base = "http://127.0.0.1:8000/"  # the build's site_url (SITE_URL unset)
    pages = sorted(site.rglob("index.html"))
    assert len(pages) > 40
    seen = set()
    for page in pages:
        tree = lxml.html.parse(str(page))
        tags = {m.get("property") or m.get("name"): m.get("content") for m in tree.iter("meta")}
        relative = page.parent.relative_to(site).as_posix()
        assert tags["og:image"] == tags["twitter:image"] and tags["og:image"].startswith(base), relative
        file = site / tags["og:image"][len(base) :]
        assert file.is_file() and file.stat().st_size <= card_data.MAX_BYTES, relative
        with Image.open(file) as image:
            assert image.size == (int(tags["og:image:width"]), int(tags["og:image:height"])) == (1200, 630), relative
        assert tags["og:image:alt"] and tags["twitter:card"] == "summary_large_image", relative
        seen.add(file.name)
        expected = "edition"
        if re.fullmatch(r"notes/\d+", relative):
            expected = f"note-{relative.split('/')[1]}"
        elif relative in {c.slug for c in project.chapters}:
            expected = relative
        assert file.name == f"{expected}.png", relative
    assert len(seen) == 36 and len(list((site / "preview").glob("*.png"))) == 36
