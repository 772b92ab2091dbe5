"""The build cache: the preview images as PNG files named by their key, beside mkdocs.yml; nothing else."""

import os

import pytest

from edition.web.cache import PreviewCache

KEY_A, KEY_B = "a" * 64, "b" * 64


def test_an_image_is_read_back_as_the_bytes_stored_and_a_missing_one_is_none(tmp_path):
    cache = PreviewCache(tmp_path / "previews")
    assert cache.load(KEY_A) is None
    cache.store(KEY_A, b"\x89PNG one")
    assert cache.load(KEY_A) == b"\x89PNG one"
    assert sorted(p.name for p in (tmp_path / "previews").iterdir()) == [f"{KEY_A}.png"], "a file named by its key, nothing else"


def test_only_a_key_names_a_file(tmp_path):
    cache = PreviewCache(tmp_path)
    for bad in ("../escape", "ABC", "a" * 63, "a" * 64 + ".pickle"):
        with pytest.raises(ValueError, match="not a cache key"):
            cache.store(bad, b"png")


def test_prune_keeps_the_newest_and_a_cache_hit_counts_as_new(tmp_path):
    cache = PreviewCache(tmp_path, keep=3)
    keys = [f"{n:064x}" for n in range(6)]
    for age, key in enumerate(keys):
        cache.store(key, b"png")
        os.utime(tmp_path / f"{key}.png", (1000 + age, 1000 + age))
    assert cache.load(keys[0]) == b"png"  # the oldest, used again by this build
    cache.prune()
    assert sorted(p.stem for p in tmp_path.glob("*.png")) == sorted([keys[0], keys[4], keys[5]])


def test_a_folder_that_cannot_be_written_is_no_cache_and_no_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_bytes(b"")
    cache = PreviewCache(blocker / "previews")
    cache.store(KEY_B, b"png")
    assert cache.load(KEY_B) is None
    cache.prune()
