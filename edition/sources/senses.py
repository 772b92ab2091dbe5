"""Trotsky's shifting senses of "bureaucracy": every use of the word family, assigned and linked.

The assignment in sources/sense-uses.yml lists the uses in text order; it is checked against the
essay itself, so an unassigned use, an unknown sense, a use without the `why` readers see, or an edit
that moves a use fails with the paragraph and the word.

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
from edition.sources.policy import Host, Source, parse_sources
from edition.sources.yamlfile import LineDict, load_yaml, mappings, paragraph_numbers, refuse_unknown_keys, require, require_slug

SENSES_PATH = paths.SENSES
USES_PATH = paths.SENSE_USES
WORD_FAMILY = re.compile(r"\b(bureaucra\w*|bureaus|biurokratiia|glavkokratiia)\b", re.I)
TITLE = 0  # the essay's title counts as ¶0 for uses
# The keys this module reads (any other key is refused, so a typo cannot drop a field): add a field here.
SENSES_FILE_KEYS = ("intro", "sources", "stages", "senses")  # senses.yml
STAGE_KEYS = ("id", "label", "former_label", "years", "summary", "numbered")
SENSE_KEYS = ("id", "stage", "short", "label", "former_label", "period", "definition", "paragraphs", "facets")
FACET_KEYS = ("id", "short", "label", "former_label", "definition", "paragraphs")
USES_FILE_KEYS = ("uses",)  # sense-uses.yml
USE_KEYS = ("p", "word", "sense", "facet", "why", "previously")


@dataclass(frozen=True)
class Stage:
    """A stage of the argument Twiss traces; senses are grouped by it so a reader sees the shift.

    A group that is not one of Twiss's stages (`numbered: false`, the word and the topic) has no
    number and comes after the stages.
    """

    id: str
    label: str
    years: str
    summary: str
    number: int  # 1, 2, 3 … in the essay's order; 0 for a group that is not a stage
    position: int = 0  # place in the file (the order of the bands and headings)
    former_label: str = ""  # its label in an earlier version

    @property
    def numbered(self) -> bool:
        return self.number > 0

    @property
    def heading(self) -> str:
        return f"{self.label} ({self.years})"

    @property
    def title(self) -> str:
        """"Stage 1: Label (years)", or the heading alone for a group that is not a stage."""
        return f"Stage {self.number}: {self.heading}" if self.numbered else self.heading


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
    former_label: str = ""  # its label in an earlier version

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
    why: str  # the editors' reason for the sense, which readers see (required of every use)
    facet: str = ""
    previously: str = ""

    def __post_init__(self):
        if not self.why.strip():  # pages/senses.py prints it after "Editors’ reading:" on every use
            raise ValueError(f"the use '{self.word}' of ¶{self.paragraph} has no why: readers would see “Editors’ reading: .”")

    @property
    def anchor(self) -> str:
        return urls.use(self.paragraph, self.ordinal)


def _stages(data: dict, path: Path) -> dict[str, Stage]:
    stages: dict[str, Stage] = {}
    numbered = 0
    for item in mappings(path, data, "stages"):
        refuse_unknown_keys(path, item, STAGE_KEYS, "stage", named_by="id")
        stage_id = require_slug(path, item, "id")
        line = getattr(item, "line", None)
        if stage_id in stages:
            raise SourceError(path, f"duplicate stage id '{stage_id}'", line)
        is_stage = item.get("numbered", True)
        if not isinstance(is_stage, bool):
            raise SourceError(path, f"stage '{stage_id}': 'numbered' should be true or false, not {is_stage!r}", line)
        if is_stage and numbered < len(stages):
            raise SourceError(path, f"stage '{stage_id}' is numbered but follows a group that is not a stage: list the stages first", line)
        numbered += is_stage
        stages[stage_id] = Stage(
            stage_id,
            require(path, item, "label"),
            str(require(path, item, "years", object)),
            " ".join(require(path, item, "summary").split()),
            numbered if is_stage else 0,
            len(stages) + 1,
            str(item.get("former_label") or ""),
        )
    return stages


def _facets(item: dict, path: Path, paragraphs_total: int) -> tuple[Facet, ...]:
    facets = []
    for facet in mappings(path, item, "facets") if "facets" in item else []:
        refuse_unknown_keys(path, facet, FACET_KEYS, "facet", named_by="id")
        facets.append(
            Facet(
                require_slug(path, facet, "id"),
                require(path, facet, "short"),
                require(path, facet, "label"),
                " ".join(require(path, facet, "definition").split()),
                _paragraphs(path, facet, f"facet '{facet.get('id')}'", paragraphs_total),
                str(facet.get("former_label") or ""),
            )
        )
    return tuple(facets)


def _paragraphs(path: Path, item: dict, what: str, paragraphs_total: int) -> tuple[int, ...]:
    """A sense's or facet's `paragraphs:`, each a ¶ of the essay or its title (¶0), checked at its line
    (as the timeline's)."""
    return paragraph_numbers(path, require(path, item, "paragraphs", list), what, paragraphs_total, first=TITLE)


def load_senses(path: Path, paragraphs_total: int) -> dict[str, Sense]:
    return parse_senses(load_yaml(path), path, paragraphs_total)


def parse_senses(data: object, path: Path, paragraphs_total: int) -> dict[str, Sense]:
    """Senses in stage order; every id (stage, sense, facet) unique, since each is a public anchor;
    every ¶ number one of the essay's `paragraphs_total` paragraphs."""
    refuse_unknown_keys(path, data, SENSES_FILE_KEYS)
    items = mappings(path, data, "senses")
    stages = _stages(data, path)
    senses: dict[str, Sense] = {}
    anchors: set[str] = set(stages)
    for item in items:
        refuse_unknown_keys(path, item, SENSE_KEYS, "sense", named_by="id")
        sense_id = require_slug(path, item, "id")
        stage_id = require(path, item, "stage")
        if stage_id not in stages:
            raise SourceError(path, f"sense '{sense_id}' has the unknown stage '{stage_id}'", item.line)
        stage = stages[stage_id]
        if senses and stage.position < list(senses.values())[-1].stage.position:
            raise SourceError(path, f"sense '{sense_id}' is out of stage order: list the senses stage by stage", item.line)
        facets = _facets(item, path, paragraphs_total)
        for anchor in [sense_id] + [f.id for f in facets]:
            if anchor in anchors:
                raise SourceError(path, f"duplicate id '{anchor}' (stage, sense and facet ids share one page)", item.line)
            anchors.add(anchor)
        senses[sense_id] = Sense(
            id=sense_id,
            short=require(path, item, "short"),
            label=require(path, item, "label"),
            former_label=str(item.get("former_label") or ""),
            period=str(require(path, item, "period", object)),
            definition=" ".join(require(path, item, "definition").split()),
            paragraphs=_paragraphs(path, item, f"sense '{sense_id}'", paragraphs_total),
            stage=stage,
            facets=facets,
        )
    empty = [s.id for s in stages.values() if not any(x.stage is s for x in senses.values())]
    if empty:
        raise SourceError(path, f"stage(s) with no sense: {', '.join(empty)}")
    return senses


@dataclass(frozen=True)
class Preface:
    """What the Senses page says before the senses: the editors' introduction, and the source of the stages."""

    intro: str
    sources: tuple[Source, ...]
    seen: tuple[str, ...]  # the words seen at each source, in the order of `sources`


_QUOTATION = re.compile(r"“([^“”]*)”")


def parse_preface(data: object, essay: Essay, path: Path, hosts: dict[str, Host]) -> Preface:
    """The `intro:` (one paragraph whose every quotation is Twiss's words) and the stages' `sources:`.

    The sources obey the source policy and each gives the words seen there; a quotation in the intro
    must occur in the essay or in those words, so the intro cannot put words in Twiss's mouth.
    """
    if not isinstance(data, dict):
        raise SourceError(path, "expected 'intro:', 'sources:', 'stages:' and 'senses:'")
    refuse_unknown_keys(path, data, SENSES_FILE_KEYS)
    line = getattr(data, "line", None)
    intro = data.get("intro")
    if not isinstance(intro, str) or not intro.strip():
        raise SourceError(path, "'intro:' should be the paragraph that opens the Senses page (text, not empty)", line)
    if "\n\n" in intro.strip():
        raise SourceError(path, "'intro:' should be one paragraph (no blank line)", line)
    intro = " ".join(intro.split())
    sources = parse_sources(data, "stages", hosts, path)
    seen = []
    for number, source in enumerate(data["sources"], start=1):
        words = source.get("seen")
        if not isinstance(words, str) or not words.strip():
            raise SourceError(path, f"'stages': source {number} needs 'seen:', the words seen there", getattr(source, "line", None))
        seen.append(" ".join(words.split()))
    twiss = "\n".join([essay.title] + [p.text for p in essay.paragraphs] + seen)
    for quotation in _QUOTATION.findall(intro):
        for part in (p.strip(" .,;:") for p in quotation.split("…")):
            if part and part not in twiss:
                raise SourceError(
                    path,
                    f"'intro:' quotes “{part}”, which is neither in the essay nor in the words seen at the stages' sources",
                    line,
                )
    return Preface(intro, sources, tuple(seen))


def load_preface(essay: Essay, path: Path, hosts: dict[str, Host]) -> Preface:
    return parse_preface(load_yaml(path), essay, path, hosts)


def stages_of(senses: dict[str, Sense]) -> list[Stage]:
    """The stages in order, as the senses list them."""
    return list(dict.fromkeys(s.stage for s in senses.values()))


def _blocks(essay: Essay) -> list[tuple[int, str]]:
    return [(TITLE, essay.title)] + [(p.number, p.text) for p in essay.paragraphs]


def _where(paragraph: int) -> str:
    return "the title" if paragraph == TITLE else f"¶{paragraph}"


def assign_uses(essay: Essay, senses: dict[str, Sense], data: object, path: Path = USES_PATH) -> list[Use]:
    """Match the listed uses, in order, against every word-family match in the text."""
    refuse_unknown_keys(path, data, USES_FILE_KEYS)
    listed: list[LineDict] = mappings(path, data, "uses")
    for item in listed:  # all first: a mistyped key is named even where the list and the text disagree
        refuse_unknown_keys(path, item, USE_KEYS, "the use", named_by="word")
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
        why = item.get("why")
        why_line = item.key_lines.get("why", item.line)
        if why is not None and not isinstance(why, str):
            raise SourceError(path, f"{_where(number)}: '{word}' has the 'why:' {why!r}, not text: the editors' reason for its sense", why_line)
        if not why or not why.strip():  # readers see it on every use: none may go without
            raise SourceError(
                path,
                f"{_where(number)}: '{word}' has no 'why:', the editors' reason for its sense that readers see "
                "after “Editors’ reading:” (text, not empty)",
                why_line,
            )
        uses.append(
            Use(
                number,
                ordinals[number],
                word,
                match.start(),
                match.end(),
                sense,
                " ".join(why.split()),
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


def load_uses(essay: Essay, senses: dict[str, Sense], path: Path) -> list[Use]:
    return assign_uses(essay, senses, load_yaml(path), path)


def neighbours(uses: list[Use], use: Use) -> tuple[Use | None, Use | None]:
    """The previous and next use in the same sense, across the whole essay."""
    same = [u for u in uses if u.sense == use.sense]
    index = same.index(use)
    return (same[index - 1] if index else None), (same[index + 1] if index + 1 < len(same) else None)


def location(use: Use, chapters: list[Chapter]) -> Chapter:
    return chapter_of(chapters, max(use.paragraph, 1))
