"""The edition's scripts are served minified (edition/web/scripts.py); docs/ keeps them documented."""

from pathlib import Path

import rjsmin

from edition.web.scripts import SCRIPTS, minify_scripts

ROOT = Path(__file__).resolve().parent.parent


def test_the_built_copies_of_the_scripts_are_minified_and_the_sources_are_not(tmp_path):
    for name in SCRIPTS:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text((ROOT / "docs" / name).read_text(encoding="utf-8"), encoding="utf-8")
    minify_scripts(tmp_path)
    for name in SCRIPTS:
        source = (ROOT / "docs" / name).read_text(encoding="utf-8")
        served = (tmp_path / name).read_text(encoding="utf-8")
        assert served == rjsmin.jsmin(source) + "\n"
        assert len(served) < 0.85 * len(source), f"{name}: the served copy is hardly smaller"
        assert "/*" in source or "//" in source  # the sources keep their explanations


def test_a_missing_script_is_left_alone(tmp_path):
    minify_scripts(tmp_path)  # nothing to minify: no error, nothing written
    assert not any(tmp_path.iterdir())
