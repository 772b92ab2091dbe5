"""What each MkDocs command publishes, and the theme overrides that must follow Material."""

import re
from pathlib import Path

import material
import pytest

from edition.web import publishing

ROOT = Path(__file__).resolve().parent.parent
MATERIAL_PARTIALS = Path(material.__file__).parent / "templates" / "partials"


@pytest.mark.parametrize(
    "setting, command, wanted",
    [("auto", "build", True), ("auto", "gh-deploy", True), ("auto", "serve", False), (None, "build", True),
     ("true", "serve", True), ("false", "build", False), ("FALSE", "gh-deploy", False)],
)
def test_pdfs_follow_the_command_unless_overridden(setting, command, wanted):
    assert publishing.pdfs_wanted(setting, command) is wanted


def test_a_bad_pdf_setting_says_what_is_allowed():
    with pytest.raises(ValueError, match=r"extra\.build_pdfs \(BUILD_PDFS\) is 'sometimes': use auto, true or false"):
        publishing.pdfs_wanted("sometimes", "build")


def test_only_a_public_site_url_may_be_published():
    assert publishing.site_url_problem("https://example.org/twiss/", "gh-deploy") == ""
    assert publishing.site_url_problem("http://127.0.0.1:8000/", "serve") == ""
    for url in ("http://127.0.0.1:8000/", "http://localhost:8000/", "http://[::1]/"):
        assert "loopback" in publishing.site_url_problem(url, "build")
        assert "SITE_URL=" in publishing.site_url_problem(url, "gh-deploy")


def _body(template: str) -> str:
    """A partial without its leading Jinja comment (Material's 'generated' notice, or ours)."""
    return re.sub(r"\A\{#-.*?-#\}\n", "", template, flags=re.S)


def test_the_search_partial_is_materials_with_one_accessible_name():
    theirs = _body((MATERIAL_PARTIALS / "search.html").read_text(encoding="utf-8"))
    ours = _body((ROOT / "overrides" / "partials" / "search.html").read_text(encoding="utf-8"))
    expected = theirs.replace('role="dialog">', "role=\"dialog\" aria-label=\"{{ lang.t('search') }}\">", 1)
    assert ours == expected, "Material's search partial changed: re-copy it into overrides/ with the aria-label"


def test_the_copyright_partial_is_materials_plus_the_version_line():
    theirs = _body((MATERIAL_PARTIALS / "copyright.html").read_text(encoding="utf-8"))
    ours = _body((ROOT / "overrides" / "partials" / "copyright.html").read_text(encoding="utf-8"))
    added = re.search(r"  \{% if config\.extra\.edition_version %\}.*?\{% endif %\}\n", ours, flags=re.S)
    assert added, "the version line is missing from the footer partial"
    assert ours.replace(added.group(0), "") == theirs, "Material's copyright partial changed: re-copy it into overrides/"
