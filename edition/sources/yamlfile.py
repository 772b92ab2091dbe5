"""YAML loading that remembers line numbers, so errors in curated data can name the line."""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from edition.errors import SourceError


class LineDict(dict):
    """A mapping from a YAML file that knows the line it started on."""

    line: int = 0
    key_lines: dict = {}  # noqa: RUF012 (set per mapping by the loader): key -> the line it is on


class LineList(list):
    """A sequence from a YAML file that knows the line of each item (PyYAML keeps none)."""

    line: int = 0
    item_lines: tuple[int, ...] = ()


class _PureLineLoader(yaml.SafeLoader):
    """PyYAML's pure-Python safe loader, keeping lines and refusing duplicate keys: the reference."""


if yaml.__with_libyaml__:

    class _LineLoader(yaml.CSafeLoader):
        """The same with libyaml's parser (the C one PyYAML ships with; about ten times faster): the same data
        and lines (tests/test_yaml_loaders.py), but its syntax errors are worded otherwise (parse_yaml)."""

else:
    _LineLoader = _PureLineLoader


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> LineDict:
    """A mapping with its line; a key given twice is an error (PyYAML would keep the last silently)."""
    seen: dict[object, int] = {}
    for key_node, _value in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key '{key}' (first given on line {seen[key]}): one of them would be lost", key_node.start_mark
                )
            seen[key] = key_node.start_mark.line + 1
        except TypeError:  # an unhashable key: PyYAML reports it itself
            pass
    mapping = LineDict(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = seen
    return mapping


def _construct_sequence(loader: yaml.SafeLoader, node: yaml.SequenceNode) -> LineList:
    sequence = LineList(loader.construct_sequence(node, deep=True))
    sequence.line = node.start_mark.line + 1
    sequence.item_lines = tuple(child.start_mark.line + 1 for child in node.value)
    return sequence


for _loader in (_PureLineLoader, _LineLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


WITH_LIBYAML = _LineLoader is not _PureLineLoader  # recorded in the generation stamp (edition/pages/stamp.py)


def parse_yaml(text: str) -> Any:
    """YAML text as the sources are read: lines kept, duplicate keys refused.

    Read by libyaml where PyYAML has it; a text libyaml refuses is read again by the pure loader only to
    word the error as PyYAML does (libyaml says "did not find expected key" for a bad indent, and may
    place an unclosed bracket a line later), with or without libyaml. If the pure loader accepts it
    (`%YAML 1.3`, which libyaml refuses), libyaml's error stands: a text refused is never read otherwise.
    """
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError:
        if _LineLoader is _PureLineLoader:
            raise
        try:
            yaml.load(text, Loader=_PureLineLoader)
        except yaml.YAMLError as worded:
            raise worded from None
        raise  # libyaml's error


def require_file(path: Path) -> Path:
    """A source file that must exist: one clear error naming it if it does not (renamed, deleted)."""
    path = Path(path)
    if not path.is_file():
        raise SourceError(path, "this source file is missing (renamed, moved or deleted?): the edition needs it under this name")
    return path


def load_yaml(path: Path) -> Any:
    """The parsed file; cached until the file changes, since every page's hooks read the sources."""
    path = require_file(path)
    return _load_cached(path, path.stat().st_mtime_ns)


_TAB = re.compile("\t")  # anywhere: libyaml accepts `a:\tb` and `a: b\t`, which the pure loader refuses


@lru_cache(maxsize=32)
def _load_cached(path: Path, mtime_ns: int) -> Any:
    text = path.read_text(encoding="utf-8")
    if tab := _TAB.search(text):  # so a source reads the same with libyaml and without it
        line = text.count("\n", 0, tab.start()) + 1
        where = "indents this line" if not text[text.rfind("\n", 0, tab.start()) + 1 : tab.start()].strip(" ") else "is on this line"
        raise SourceError(path, f"a tab {where}: the sources use spaces only (replace the tab with spaces)", line)
    try:
        return parse_yaml(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) if isinstance(error, yaml.constructor.ConstructorError) else None
        raise SourceError(path, problem or f"not valid YAML: {error}", mark.line + 1 if mark else None) from error


def paragraph_numbers(path: Path, numbers: list, what: str, total: int, first: int = 1) -> tuple[int, ...]:
    """A list of ¶ numbers (`paragraphs: [5, 6]`), each checked at its own line: a number in quotes,
    which YAML reads as text, is named as such, as is a number the essay does not have (¶first–¶total;
    senses.yml counts the title as ¶0, so it gives first=0)."""
    lines = getattr(numbers, "item_lines", ()) or (getattr(numbers, "line", None),) * len(numbers)
    for number, line in zip(numbers, lines, strict=True):
        if isinstance(number, str) and number.strip().isdigit():
            raise SourceError(path, f"{what}: the ¶ number \"{number}\" is in quotes, so YAML reads it as text: write {number.strip()}", line)
        if not isinstance(number, int) or isinstance(number, bool):
            raise SourceError(path, f"{what}: paragraph {number!r} should be a ¶ number, e.g. [5, 6]", line)
        if not first <= number <= total:
            raise SourceError(path, f"{what}: no paragraph ¶{number} in the essay (it has ¶{first}–¶{total})", line)
    return tuple(numbers)


def mappings(path: Path, data: object, key: str) -> list[LineDict]:
    """The list `key:` of a file or an entry, every item a mapping; a bad item is named with its line."""
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise SourceError(path, f"expected a '{key}:' list", getattr(data, "line", None))
    items = data[key]
    lines = getattr(items, "item_lines", ()) or (None,) * len(items)
    for number, (item, line) in enumerate(zip(items, lines, strict=True), start=1):
        if not isinstance(item, dict):
            raise SourceError(path, f"item {number} of '{key}:' is not a mapping (expected 'name: value' lines under its '- ')", line)
    return items


SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def require_slug(path: Path, item: LineDict, key: str) -> str:
    """An id or slug: it becomes an anchor, a file name or a URL, so only [a-z0-9-] is allowed."""
    value = str(require(path, item, key, object))
    if not SLUG.fullmatch(value):
        raise SourceError(path, f"{key} '{value}' should be lowercase letters, digits and single hyphens [a-z0-9-]", getattr(item, "line", None))
    return value


def refuse_unknown_keys(path: Path, item: object, allowed: Collection[str], what: str = "", named_by: str = "") -> None:
    """Every key of a mapping is one the loader reads: a mistyped key (`defintion:`) would otherwise be
    dropped without a word, so it fails with its own line and the closest allowed key, if any.

    `what` says where the mapping is ("entry"), followed by its `named_by` key's value where it has one
    ("entry 'kirov'"); this runs before the required keys are read, so a mistyped `id:` gets the hint."""
    if not isinstance(item, dict):
        return
    if named_by and isinstance(item.get(named_by), (str, int)):
        what = f"{what} '{item[named_by]}'"
    for key in item:
        if key in allowed:
            continue
        line = getattr(item, "key_lines", {}).get(key) or getattr(item, "line", None)
        where = f" in {what}" if what else ""
        raise SourceError(path, f"unknown key '{key}'{where}: {did_you_mean(key, allowed)}(the keys read here are {', '.join(allowed)})", line)


def did_you_mean(key: object, allowed: Collection[str]) -> str:
    """"did you mean 'definition'? " for a key close to an allowed one (a typo), else ""."""
    close = difflib.get_close_matches(str(key), list(allowed), n=1)
    return f"did you mean '{close[0]}'? " if close else ""


def require(path: Path, item: LineDict, key: str, kind: type = str) -> Any:
    """A required field of a YAML entry, with the entry's line in the error."""
    if not isinstance(item, dict):
        raise SourceError(path, f"expected a mapping with '{key}', not {type(item).__name__} {item!r}", getattr(item, "line", None))
    if key not in item or item[key] in (None, ""):
        raise SourceError(path, f"entry is missing '{key}'", getattr(item, "line", None))
    value = item[key]
    if not isinstance(value, kind):
        raise SourceError(path, f"'{key}' should be {kind.__name__}, not {type(value).__name__}", getattr(item, "line", None))
    return value
