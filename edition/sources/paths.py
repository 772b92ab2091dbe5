"""The project's files, each named once, relative to the project's root.

The root is the folder of the project's mkdocs.yml, never the folder the package lies in: the MkDocs
hooks take it from the config MkDocs loaded (`config.config_file_path`), and the commands find
mkdocs.yml from the working directory upwards or take `--config-file` (find_config). So a
non-editable install, or a virtual environment shared by two checkouts, builds the sources of the
checkout it is run for. Nothing here is an absolute path: every loader takes its file as an argument
(`root / paths.CHAPTERS`); the names below are also the labels a parser's errors give by default.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from edition.errors import SourceError

CONFIG = Path("mkdocs.yml")
SOURCES = Path("sources")
BIBLIOGRAPHY = Path("footnotes.bib")
DOCS = Path("docs")  # only the default of MkDocs' docs_dir: the build and the commands read it from mkdocs.yml
CACHE = Path(".cache") / "edition"  # beside mkdocs.yml, as Material's social plugin keeps .cache/plugin/social
# The public URLs that must keep resolving (README, "Stable URLs"): the tests resolve each against a
# built site, and the chapter map refuses to rename a chapter published there.
PUBLIC_URLS = Path("tests") / "public-urls.txt"

ESSAY = SOURCES / "twiss-2016.txt"
EDITION = SOURCES / "edition.yml"
CHAPTERS = SOURCES / "chapters.yml"
SENSES = SOURCES / "senses.yml"
SENSE_USES = SOURCES / "sense-uses.yml"
GLOSSARY = SOURCES / "glossary.yml"
TIMELINE = SOURCES / "timeline.yml"
REVISIONS = SOURCES / "revisions.yml"
SOURCE_POLICY = SOURCES / "source-policy.yml"
QUESTIONS = SOURCES / "questions.yml"


def find_config(config_file: str | Path | None = None, start: Path | None = None) -> Path:
    """The project's mkdocs.yml: the one given, or the first found from start (the working directory) upwards."""
    if config_file is not None:
        path = Path(config_file).resolve()
        if not path.is_file():
            raise SourceError(path, "no such config file (give the project's mkdocs.yml with --config-file)")
        return path
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG).is_file():
            return folder / CONFIG
    raise SourceError(here / CONFIG, "no mkdocs.yml here or in any folder above: run this in the project, or give --config-file")


class _ConfigLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Reads mkdocs.yml without MkDocs: !ENV gives the variable or its default; other tags give None."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node):
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node)
        names, default = items[:-1], items[-1]
    for name in names:
        if name in os.environ:
            return os.environ[name]
    return default


_ConfigLoader.add_constructor("!ENV", _env_tag)
_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_config(config_file: Path) -> dict:
    """mkdocs.yml as data (for the commands, which do not run MkDocs)."""
    try:
        return yaml.load(Path(config_file).read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    except yaml.YAMLError as error:
        raise SourceError(config_file, f"not valid YAML: {error}") from error


def docs_dir(config_file: Path) -> Path:
    """The docs_dir that mkdocs.yml names (MkDocs' default: docs), resolved against its folder."""
    return (Path(config_file).parent / str(read_config(config_file).get("docs_dir") or DOCS)).resolve()
