"""Trotsky's shifting senses of "bureaucracy": every use of the word family, assigned and linked.

The assignment in sources/sense-uses.yml lists the uses in text order; it is checked against the
essay itself, so an unassigned use, an unknown sense, or an edit that moves a use fails with the
paragraph and the word.

This module holds the model (senses, stages, facets, uses) and its checks; the step that marks
the uses is edition/annotate/senses.py, and the pages are edition/pages/senses.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from edition import urls
from edition.errors import SourceError
from edition.sources import paths
from edition.sources.chapters import Chapter, chapter_of
from edition.sources.essay import Essay
from edition.sources.yamlfile import LineDict, load_yaml, mappings, require, require_slug

SENSES_PATH = paths.SENSES
USES_PATH = paths.SENSE_USES
WORD_FAMILY = re.compile(r"\b(bureaucra\w*|bureaus|biurokratiia|glavkokratiia)\b", re.I)
TITLE = 0  # the essay's title counts as ¶0 for uses


@dataclass(frozen=True)
class Stage:
    """A stage of the argument Twiss traces; senses are grouped by it so a reader sees the shift."""

    id: str
    label: str
    years: str
    summary: str
    number: int  # 1, 2, 3 … in the essay's order

    @property
    def heading(self) -> str:
        return f"{self.label} ({self.years})"


@dataclass(frozen=True)
class Facet:
    """What Trotsky predicted or asserted about a sense's referent: part of a sense, not a sense."""

    id: str
    short: str
    label: str
    definition: str
    paragraphs: tuple[int, ...]
    former_label: str = ""  # its label when it was a sense of its own, in an earlier version


NO_STAGE = Stage("", "", "", "", 0)


@dataclass(frozen=True)
class Sense:
    id: str
    short: str
    label: str
    period: str
    definition: str
    paragraphs: tuple[int, ...]
    stage: Stage = NO_STAGE
    facets: tuple[Facet, ...] = ()

    def facet(self, facet_id: str) -> Facet | None:
        return next((f for f in self.facets if f.id == facet_id), None)


@dataclass(frozen=True)
class Use:
    paragraph: int  # 0 = title
    ordinal: int  # 1st, 2nd … use in its paragraph
    word: str
    start: int
    end: int
    sense: str
    why: str = ""
    facet: str = ""
    previously: str = ""

    @property
    def anchor(self) -> str:
        return urls.use(self.paragraph, self.ordinal)


def _stages(data: dict, path: Path) -> dict[str, Stage]:
    stages: dict[str, Stage] = {}
    for item in mappings(path, data, "stages"):
        stage_id = require_slug(path, item, "id")
        if stage_id in stages:
            raise SourceError(path, f"duplicate stage id '{stage_id}'", getattr(item, "line", None))
        stages[stage_id] = Stage(
            stage_id,
            require(path, item, "label"),
            str(require(path, item, "years", object)),
            " ".join(require(path, item, "summary").split()),
            len(stages) + 1,
        )
    return stages


def _facets(item: dict, path: Path) -> tuple[Facet, ...]:
    facets = []
    for facet in mappings(path, item, "facets") if "facets" in item else []:
        facets.append(
            Facet(
                require_slug(path, facet, "id"),
                require(path, facet, "short"),
                require(path, facet, "label"),
                " ".join(require(path, facet, "definition").split()),
                tuple(require(path, facet, "paragraphs", list)),
                str(facet.get("former_label") or ""),
            )
        )
    return tuple(facets)


def load_senses(path: Path = SENSES_PATH) -> dict[str, Sense]:
    return parse_senses(load_yaml(path), path)


def parse_senses(data: object, path: Path = SENSES_PATH) -> dict[str, Sense]:
    """Senses in stage order; every id (stage, sense, facet) unique, since each is a public anchor."""
    items = mappings(path, data, "senses")
    stages = _stages(data, path)
    senses: dict[str, Sense] = {}
    anchors: set[str] = set(stages)
    for item in items:
        sense_id = require_slug(path, item, "id")
        stage_id = require(path, item, "stage")
        if stage_id not in stages:
            raise SourceError(path, f"sense '{sense_id}' has the unknown stage '{stage_id}'", item.line)
        stage = stages[stage_id]
        if senses and stage.number < list(senses.values())[-1].stage.number:
            raise SourceError(path, f"sense '{sense_id}' is out of stage order: list the senses stage by stage", item.line)
        facets = _facets(item, path)
        for anchor in [sense_id] + [f.id for f in facets]:
            if anchor in anchors:
                raise SourceError(path, f"duplicate id '{anchor}' (stage, sense and facet ids share one page)", item.line)
            anchors.add(anchor)
        senses[sense_id] = Sense(
            id=sense_id,
            short=require(path, item, "short"),
            label=require(path, item, "label"),
            period=str(require(path, item, "period", object)),
            definition=" ".join(require(path, item, "definition").split()),
            paragraphs=tuple(require(path, item, "paragraphs", list)),
            stage=stage,
            facets=facets,
        )
    empty = [s.id for s in stages.values() if not any(x.stage is s for x in senses.values())]
    if empty:
        raise SourceError(path, f"stage(s) with no sense: {', '.join(empty)}")
    return senses


def stages_of(senses: dict[str, Sense]) -> list[Stage]:
    """The stages in order, as the senses list them."""
    return list(dict.fromkeys(s.stage for s in senses.values()))


def _blocks(essay: Essay) -> list[tuple[int, str]]:
    return [(TITLE, essay.title)] + [(p.number, p.text) for p in essay.paragraphs]


def _where(paragraph: int) -> str:
    return "the title" if paragraph == TITLE else f"¶{paragraph}"


def assign_uses(essay: Essay, senses: dict[str, Sense], data: object, path: Path = USES_PATH) -> list[Use]:
    """Match the listed uses, in order, against every word-family match in the text."""
    listed: list[LineDict] = mappings(path, data, "uses")
    found = [(number, m) for number, text in _blocks(essay) for m in WORD_FAMILY.finditer(text)]
    uses: list[Use] = []
    ordinals: dict[int, int] = {}
    for index, (number, match) in enumerate(found):
        ordinals[number] = ordinals.get(number, 0) + 1
        word = match.group(0)
        if index >= len(listed):
            raise SourceError(path, f"{_where(number)}: the use '{word}' (use {ordinals[number]} in that paragraph) has no sense assigned")
        item = listed[index]
        listed_paragraph = require(path, item, "p", int)
        listed_word = str(require(path, item, "word", object))
        if (listed_paragraph, listed_word) != (number, word):
            raise SourceError(
                path,
                f"{_where(number)}: the text's use {ordinals[number]} there is '{word}', but this entry assigns "
                f"'{listed_word}' in {_where(listed_paragraph)}: the use is unassigned or the text has moved",
                item.line,
            )
        sense = require(path, item, "sense")
        if sense not in senses:
            raise SourceError(path, f"{_where(number)}: '{word}' is assigned the unknown sense '{sense}'", item.line)
        facet = str(item.get("facet") or "")
        if facet and not senses[sense].facet(facet):
            raise SourceError(path, f"{_where(number)}: '{word}' names the facet '{facet}', which sense '{sense}' does not have", item.line)
        uses.append(
            Use(
                number,
                ordinals[number],
                word,
                match.start(),
                match.end(),
                sense,
                " ".join(str(item.get("why") or "").split()),
                facet,
                str(item.get("previously") or ""),
            )
        )
    if len(listed) > len(found):
        extra = listed[len(found)]
        raise SourceError(path, f"{_where(extra.get('p', -1))}: '{extra.get('word')}' is listed but the text has no such use", extra.line)
    unused = [s for s in senses if not any(u.sense == s for u in uses)]
    if unused:
        raise SourceError(SENSES_PATH, f"sense(s) given to no use: {', '.join(unused)}")
    return uses


def load_uses(essay: Essay, senses: dict[str, Sense], path: Path = USES_PATH) -> list[Use]:
    return assign_uses(essay, senses, load_yaml(path), path)


def neighbours(uses: list[Use], use: Use) -> tuple[Use | None, Use | None]:
    """The previous and next use in the same sense, across the whole essay."""
    same = [u for u in uses if u.sense == use.sense]
    index = same.index(use)
    return (same[index - 1] if index else None), (same[index + 1] if index + 1 < len(same) else None)


def location(use: Use, chapters: list[Chapter]) -> Chapter:
    return chapter_of(chapters, max(use.paragraph, 1))
