"""The sources are read by libyaml where PyYAML has it: the same data, lines and errors as the pure loader."""

from pathlib import Path

import pytest
import yaml

from edition.errors import SourceError
from edition.sources import paths
from edition.sources.yamlfile import _LineLoader, _PureLineLoader, load_yaml, parse_yaml

ROOT = Path(__file__).resolve().parent.parent

needs_libyaml = pytest.mark.skipif(not yaml.__with_libyaml__, reason="this PyYAML has no libyaml: only the pure loader runs")


def lines_of(data, where="") -> list:
    """Every line the loader kept, with where it is: a mapping's and each key's, a list's and each item's."""
    found = [(where, getattr(data, "line", None))]
    if isinstance(data, dict):
        found.append((where, sorted(data.key_lines.items(), key=repr)))
        for key, value in data.items():
            found += lines_of(value, f"{where}/{key}")
    elif isinstance(data, list):
        found.append((where, data.item_lines))
        for number, value in enumerate(data):
            found += lines_of(value, f"{where}/{number}")
    return found


@needs_libyaml
@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / paths.SOURCES).glob("*.yml")))
def test_libyaml_reads_every_source_as_the_pure_loader_does_lines_included(name):
    assert _LineLoader is not _PureLineLoader
    text = (ROOT / paths.SOURCES / name).read_text(encoding="utf-8")
    fast, pure = yaml.load(text, Loader=_LineLoader), yaml.load(text, Loader=_PureLineLoader)
    assert fast == pure
    assert lines_of(fast) == lines_of(pure)
    assert len(lines_of(fast)) > 10


BAD = [
    "a: 1\na: 2\n",  # a key given twice (our check)
    "a: [1, 2\n",  # an unclosed bracket
    "{a: 1",
    "a:\n  b: 1\n c: 2\n",  # a bad indent
    "- a\nb: 1\n",
    "a: b: c\n",
    "a: *x\n",  # an unknown alias
    "a: @x\n",  # a character that cannot start a value
    "a: 'x\n",
    "a: !!python/object:os.system x\n",  # a tag the safe loader refuses
]


def error_of(read, text: str) -> tuple:
    with pytest.raises(yaml.YAMLError) as caught:
        read(text)
    error = caught.value
    mark = getattr(error, "problem_mark", None)
    return type(error).__name__, str(error), mark and (mark.line, mark.column)


@pytest.mark.parametrize("text", BAD)
def test_a_mistake_is_reported_as_the_pure_loader_reports_it(text):
    assert error_of(parse_yaml, text) == error_of(lambda t: yaml.load(t, Loader=_PureLineLoader), text)


def test_a_bad_indent_names_the_file_line_and_what_pyyaml_expected(tmp_path):
    path = tmp_path / "glossary.yml"
    path.write_text("entries:\n  - id: a\n    term: A\n   kind: term\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"(?s)glossary\.yml:4: not valid YAML: while parsing a block collection.*expected <block end>, but found .<block mapping start>."):
        load_yaml(path)


@needs_libyaml
def test_a_text_libyaml_refuses_is_refused_even_where_the_pure_loader_accepts_it(tmp_path):
    """The pure loader only words an error: it never reads a text libyaml refused (%YAML 1.3: libyaml
    accepts only 1.1 and 1.2), so a source that fails on one machine fails on every one."""
    text = "%YAML 1.3\n---\na: 1\n"
    assert yaml.load(text, Loader=_PureLineLoader) == {"a": 1}
    with pytest.raises(yaml.YAMLError, match="incompatible YAML document"):
        parse_yaml(text)
    path = tmp_path / "edition.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError, match=r"edition\.yml:1: not valid YAML: .*incompatible YAML document"):
        load_yaml(path)


@pytest.mark.parametrize("text, line", [("a: 1\nb:\tc\n", 2), ("a: b\t\n", 1), ("a: 'x\ty'\n", 1), ("# a\tcomment\na: 1\n", 1)])
@pytest.mark.parametrize("loader", [_LineLoader, _PureLineLoader], ids=["libyaml", "pure"])
def test_a_tab_anywhere_is_refused_with_its_line_whichever_loader_reads(tmp_path, monkeypatch, text, line, loader):
    """libyaml accepts a tab after a value (`a:\\tb`, `a: b\\t`) where the pure loader refuses it: the
    project refuses every tab itself, before either reads, so a source builds with libyaml or without."""
    monkeypatch.setattr("edition.sources.yamlfile._LineLoader", loader)
    path = tmp_path / "glossary.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError, match=rf"glossary\.yml:{line}: a tab is on this line: the sources use spaces only"):
        load_yaml(path)
