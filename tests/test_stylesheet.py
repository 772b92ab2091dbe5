"""The stylesheet served without its comments (edition/web/stylesheet.py): the same rules, less weight."""

import re
from pathlib import Path

from edition.web.stylesheet import without_comments

CSS = Path(__file__).resolve().parent.parent / "docs" / "assets" / "edition.css"


def test_comments_go_and_the_rules_stay():
    css = '/* why */\na { color: red; } /* one */\n\n.x::before { content: "/* kept */"; content: \'a\\\'/*\'; }\n'
    assert without_comments(css) == 'a { color: red; }\n.x::before { content: "/* kept */"; content: \'a\\\'/*\'; }\n'


def test_the_edition_stylesheet_keeps_every_rule():
    source = CSS.read_text(encoding="utf-8")
    served = without_comments(source)
    assert "/*" not in served and len(served) < 0.8 * len(source)
    # Every declaration of the source is served as written.
    declarations = lambda text: sorted(re.findall(r"[-\w]+\s*:\s*[^;{}]+;", re.sub(r"/\*.*?\*/", "", text, flags=re.S)))  # noqa: E731
    assert declarations(served) == declarations(source)


def test_an_unclosed_comment_fails():
    import pytest

    with pytest.raises(ValueError, match="unclosed"):
        without_comments("a { color: red; } /* no end")
