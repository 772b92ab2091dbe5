"""YAML loading that remembers line numbers, so errors in curated data can name the line."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from edition.errors import SourceError


class LineDict(dict):
    """A mapping from a YAML file that knows the line it started on."""

    line: int = 0


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """PyYAML's safe loader (the fast C one where available), keeping each mapping's line."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    mapping = LineDict(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(path: Path) -> Any:
    """The parsed file; cached until the file changes, since every page's hooks read the sources."""
    path = Path(path)
    return _load_cached(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=32)
def _load_cached(path: Path, mtime_ns: int) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise SourceError(path, f"not valid YAML: {error}", mark.line + 1 if mark else None) from error


def require(path: Path, item: LineDict, key: str, kind: type = str) -> Any:
    """A required field of a YAML entry, with the entry's line in the error."""
    if key not in item or item[key] in (None, ""):
        raise SourceError(path, f"entry is missing '{key}'", getattr(item, "line", None))
    value = item[key]
    if not isinstance(value, kind):
        raise SourceError(path, f"'{key}' should be {kind.__name__}, not {type(value).__name__}", getattr(item, "line", None))
    return value
