"""Search on demand (docs/assets/search-on-demand.js) against the installed Material, in seconds.

The script holds back two things Material's bundle does on every page, and it can do so only while
the bundle does them the way the script expects. An upgrade of Material that changes any of them
fails here, at once, rather than only in the browser tier (tests/test_performance.py), where search
would simply load as before (the safe failure)."""

import re
from pathlib import Path

import material

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = (ROOT / "docs" / "assets" / "search-on-demand.js").read_text(encoding="utf-8")
TEMPLATES = Path(material.__file__).parent / "templates"


def bundle() -> str:
    (found,) = (TEMPLATES / "assets" / "javascripts").glob("bundle.*.min.js")
    return found.read_text(encoding="utf-8")


def script_pattern(name: str) -> re.Pattern:
    """A regular expression literal of the script, found by the text around it (name: a unique part)."""
    (literal,) = [m for m in re.findall(r"/((?:\\/|[^/\n])+)/\.test\(", SCRIPT) if name in m]
    return re.compile(literal.replace("\\/", "/"))


def test_material_fetches_the_index_with_a_bare_xmlhttprequest():
    """The script holds back XMLHttpRequest.prototype.send for the index; a fetch() would pass it by."""
    source = bundle()
    assert 'new URL("search/search_index.json"' in source, "the bundle no longer names search/search_index.json"
    assert re.search(r'new XMLHttpRequest;return \w+\.open\("GET"', source), "the bundle no longer fetches with XMLHttpRequest"
    assert "fetch(" not in source, "the bundle uses fetch(), which the script does not hold back"
    assert script_pattern("search_index").search("/ed/search/search_index.json")


def test_material_starts_its_search_worker_with_new_worker_and_listens_for_messages():
    source = bundle()
    assert re.search(r"function \w+\(\w+,\w+=new Worker\(\w+\)\)", source), "the bundle no longer calls new Worker(url)"
    assert re.search(r'\w+\(\w+,"message",\w+=>\w+\.data\)', source), "the bundle no longer listens for the worker's messages"


def test_the_worker_material_names_is_the_one_the_script_holds_back():
    base = (TEMPLATES / "base.html").read_text(encoding="utf-8")
    (worker,) = re.findall(r'"search": "(assets/javascripts/workers/search\.[\w-]+\.min\.js)"', base)
    assert (TEMPLATES / worker).is_file()
    assert script_pattern("workers").search("/ed/" + worker)


def test_the_script_forwards_the_workers_messages_and_errors():
    for event in ("message", "messageerror", "error"):
        assert f'real.addEventListener("{event}"' in SCRIPT


def test_the_page_head_loads_the_script_before_the_bundle_synchronously():
    head = (ROOT / "overrides" / "main.html").read_text(encoding="utf-8")
    block = head[head.index("{% block extrahead %}") : head.index("{% endblock %}")]
    (tag,) = re.findall(r"<script src=\"\{\{ 'assets/search-on-demand\.js' \| url \}\}\"[^>]*>", block)
    assert " async" not in tag and " defer" not in tag and "module" not in tag
