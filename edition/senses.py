"""Trotsky's shifting senses of "bureaucracy": every use of the word family, assigned and linked.

The assignment in sources/sense-uses.yml lists the uses in text order; it is checked against the
essay itself, so an unassigned use, an unknown sense, or an edit that moves a use fails with the
paragraph and the word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from edition import paths, urls
from edition.chapters import Chapter, chapter_of
from edition.errors import SourceError
from edition.essay import Essay, without_note_markers
from edition.markup import Span
from edition.markup import escape_html_text as esc
from edition.yamlfile import LineDict, load_yaml, mappings, require, require_slug

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


def sense_spans_step(senses: dict[str, Sense], uses: list[Use]):
    """Pipeline step: link each use to its entry in the chapter's list of senses, naming the sense."""
    by_block: dict[int, list[Use]] = {}
    for use in uses:
        by_block.setdefault(use.paragraph, []).append(use)

    def step(text: str, block: int | str) -> list[Span]:
        number = TITLE if block == "title" else block
        if not isinstance(number, int):
            return []
        spans = []
        for use in by_block.get(number, []):
            if text[use.start : use.end] != use.word:
                raise ValueError(f"{_where(number)}: expected '{use.word}' at character {use.start}")
            label = esc(tooltip(senses[use.sense], use))
            spans.append(
                Span(
                    use.start,
                    use.end,
                    lambda words, u=use, lab=label, stage=senses[use.sense].stage.id: (
                        f'[{words}](#{urls.use_entry(u.paragraph, u.ordinal)}){{ #{u.anchor} .sense-use data-sense="{u.sense}" '
                        f'data-stage="{stage}" title="{lab}" }}'
                    ),
                    kind="sense",
                )
            )
        return spans

    return step


def tooltip(sense: Sense, use: Use) -> str:
    """What a reader sees on hovering a use: its stage, its sense, and a facet if it has one."""
    facet = sense.facet(use.facet) if use.facet else None
    return f"Stage {sense.stage.number}, {sense.stage.heading} · Sense: {sense.label}" + (f" · {facet.label}" if facet else "")


def keyword_in_context(essay: Essay, use: Use, width: int = 60) -> tuple[str, str, str]:
    """(left context, the word, right context), cut at word boundaries."""
    text = essay.title if use.paragraph == TITLE else essay.paragraph(use.paragraph).text
    left = text[max(0, use.start - width) : use.start]
    right = text[use.end : use.end + width]
    if use.start > width:
        left = "…" + left.split(" ", 1)[-1]
    if use.end + width < len(text):
        right = right.rsplit(" ", 1)[0] + "…"
    return left, use.word, right


def _kwic_html(essay: Essay, use: Use) -> str:
    left, word, right = (without_note_markers(part) for part in keyword_in_context(essay, use))
    return f'<span class="kwic">{esc(left)}<strong>{esc(word)}</strong>{esc(right)}</span>'


def _use_link(use: Use, chapters: list[Chapter], prefix: str, here: Chapter | None = None) -> str:
    chapter = location(use, chapters)
    page = "" if here is chapter else f"{prefix}{chapter.slug}.md"
    place = _where(use.paragraph)
    return f"[{('ch. ' + str(chapter.number) + ' ') if here is not chapter else ''}{place}]({page}#{use.anchor})"


def _former_name(sense_id: str, senses: dict[str, Sense]) -> str:
    """The label a former sense id stands for today (a sense, or the facet it became), else the id."""
    if sense_id in senses:
        return senses[sense_id].label
    return next((f.former_label or f.label for s in senses.values() for f in s.facets if f.id == sense_id), sense_id)


def _why_html(use: Use, senses: dict[str, Sense], revisions_link: str = "revisions.md") -> str:
    """The editors' reason for a use's sense, and its former sense if a revision moved it."""
    parts = []
    if use.why:
        parts.append(f"Editors’ reading: {esc(use.why)}.")
    if use.previously:
        parts.append(f"Formerly filed under “{esc(_former_name(use.previously, senses))}” ([Revisions]({revisions_link})).")
    return f'<br><span class="sense-why">{" ".join(parts)}</span>' if parts else ""


def chapter_senses_section(chapter: Chapter, chapters: list[Chapter], senses: dict[str, Sense], uses: list[Use], essay: Essay) -> str:
    """The end-of-chapter list: each stage and sense met here, its uses, and the previous/next use in that sense."""
    here = [u for u in uses if location(u, chapters) is chapter]
    if not here:
        return ""
    parts = [
        '<section class="chapter-senses ed" data-search-exclude markdown>',
        '<h2 id="senses-in-this-chapter">Senses of “bureaucracy” in this chapter</h2>',
        (
            '<p class="senses-intro" markdown>The editors’ reading of each use of the word family in this chapter, '
            "grouped by the stages of the argument Twiss traces. "
            "Each use in the text links here; from here, follow one sense to its previous or next use "
            f"anywhere in the essay. All senses: [Senses of “bureaucracy”]({urls.SENSES_SOURCE}).</p>"
        ),
    ]
    for stage in stages_of(senses):
        stage_senses = [(sid, sense) for sid, sense in senses.items() if sense.stage is stage and any(u.sense == sid for u in here)]
        if not stage_senses:
            continue
        parts.append(
            f'<p class="stage-label" data-stage="{stage.id}" markdown>Stage {stage.number}: '
            f"[{esc(stage.heading)}]({urls.sense_entry(stage.id)})</p>"
        )
        for sense_id, sense in stage_senses:
            parts.append(f'<p class="sense-label" markdown>**[{esc(sense.label)}]({urls.sense_entry(sense_id)})**</p>')
            items = []
            for use in (u for u in here if u.sense == sense_id):
                previous, following = neighbours(uses, use)
                nav = [
                    f'<span class="sense-prev">← previous use in this sense: {_use_link(previous, chapters, "", chapter)}</span>'
                    if previous
                    else '<span class="sense-prev">first use in this sense</span>',
                    f'<span class="sense-next">next use in this sense: {_use_link(following, chapters, "", chapter)} →</span>'
                    if following
                    else '<span class="sense-next">last use in this sense</span>',
                ]
                facet = sense.facet(use.facet) if use.facet else None
                facet_html = f' <span class="sense-facet">[{esc(facet.label)}]({urls.sense_entry(facet.id)})</span>' if facet else ""
                items.append(
                    f'<li id="{urls.use_entry(use.paragraph, use.ordinal)}" markdown>[{_where(use.paragraph)}](#{use.anchor}) {_kwic_html(essay, use)}{facet_html}'
                    f"{_why_html(use, senses)}"
                    f'<br><span class="sense-nav ed-screen-only">{" · ".join(nav)}</span></li>'
                )
            parts.append('<ul class="sense-uses" markdown>\n' + "\n".join(items) + "\n</ul>")
    parts.append("</section>")
    return "\n\n".join(parts)


def counts_by_chapter(chapters: list[Chapter], senses: dict[str, Sense], uses: list[Use]) -> dict[str, list[int]]:
    """Uses per chapter for each sense, and for each facet (a facet's uses also count for its sense)."""
    table = {s: [0] * len(chapters) for s in senses}
    table.update({f.id: [0] * len(chapters) for s in senses.values() for f in s.facets})
    for use in uses:
        column = location(use, chapters).number - 1
        table[use.sense][column] += 1
        if use.facet:
            table[use.facet][column] += 1
    return table


def _chart_rows(senses: dict[str, Sense]) -> list[tuple[Stage, str, str, bool]]:
    """(stage, row id, row label, is a facet) in display order."""
    rows = []
    for sense_id, sense in senses.items():
        rows.append((sense.stage, sense_id, sense.short, False))
        rows += [(sense.stage, facet.id, facet.short, True) for facet in sense.facets]
    return rows


def chart_svg(chapters: list[Chapter], senses: dict[str, Sense], uses: list[Use]) -> str:
    """Senses against periods as a static SVG, in bands by stage: a dot per cell, its area proportional to the uses."""
    counts = counts_by_chapter(chapters, senses, uses)
    rows = _chart_rows(senses)
    stages = stages_of(senses)
    label_width, cell, top, band_gap = 250, 82, 70, 26
    row = cell * 0.52
    width = label_width + cell * len(chapters) + 10
    height = top + row * len(rows) + band_gap * len(stages) + 10
    biggest = max(max(counts[sid]) for _st, sid, _l, facet in rows if not facet) or 1
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="senses-chart" viewBox="0 0 {width} {height:.0f}" '
        f'role="img" aria-labelledby="senses-chart-title senses-chart-desc">',
        '<title id="senses-chart-title">Senses of “bureaucracy” by stage and period</title>',
        '<desc id="senses-chart-desc">A grid in bands, one band per stage of the argument Twiss traces, one row per sense '
        "(and per facet, whose uses also count for its sense), one column per chapter and its period; "
        "each dot's area is proportional to the number of uses in that sense in that chapter. "
        "The table below the chart gives the same numbers.</desc>",
    ]
    for index, chapter in enumerate(chapters):
        x = label_width + cell * index + cell / 2
        out.append(f'<text x="{x:.0f}" y="28" text-anchor="middle" class="chart-head">{chapter.number}</text>')
        out.append(f'<text x="{x:.0f}" y="48" text-anchor="middle" class="chart-sub">{esc(chapter.years)}</text>')
    y_cursor = top
    current: Stage | None = None
    for stage, row_id, label, is_facet in rows:
        if stage is not current:
            current = stage
            out.append(
                f'<text x="4" y="{y_cursor + 17:.0f}" class="chart-stage" data-stage="{stage.id}">'
                f"{stage.number}. {esc(stage.heading)}</text>"
            )
            y_cursor += band_gap
        y = y_cursor + row / 2
        y_cursor += row
        css = "chart-label chart-facet" if is_facet else "chart-label"
        out.append(f'<text x="{label_width - 12}" y="{y + 5:.0f}" text-anchor="end" class="{css}">{esc(label)}</text>')
        out.append(f'<line x1="{label_width}" x2="{width - 10}" y1="{y:.0f}" y2="{y:.0f}" class="chart-rule"/>')
        name = next((f.label for s in senses.values() for f in s.facets if f.id == row_id), None) or senses[row_id].label
        for c, count in enumerate(counts[row_id]):
            if not count:
                continue
            x = label_width + cell * c + cell / 2
            radius = 4 + 16 * (count / biggest) ** 0.5
            dot = "chart-dot chart-dot-facet" if is_facet else "chart-dot"
            out.append(
                f'<circle cx="{x:.0f}" cy="{y:.0f}" r="{radius:.1f}" class="{dot}" data-stage="{stage.id}">'
                f"<title>{esc(name)}, chapter {c + 1}: {count} use{'s' if count > 1 else ''}</title></circle>"
            )
            out.append(f'<text x="{x:.0f}" y="{y + 4:.0f}" text-anchor="middle" class="chart-count">{count}</text>')
    out.append("</svg>")
    return "\n".join(out)


def _concordance(uses: list[Use], chapters: list[Chapter], essay: Essay, senses: dict[str, Sense]) -> str:
    rows = ["| Chapter | Period | ¶ | In context | Editors’ reading |", "|---|---|---|---|---|"]
    for use in uses:
        chapter = location(use, chapters)
        facet = senses[use.sense].facet(use.facet) if use.facet else None
        reading = esc(use.why) + (f" ({esc(facet.label)})" if facet else "")
        rows.append(
            f"| {chapter.number} | {esc(chapter.years)} | [{_where(use.paragraph)}]({urls.in_chapter(chapter.slug, use.anchor)}) | "
            f"{_kwic_html(essay, use)} | {reading.replace('|', '&#124;')} |"
        )
    return '<div class="concordance" data-search-exclude markdown>\n\n' + "\n".join(rows) + "\n\n</div>"


def _grounding(paragraphs: tuple[int, ...], chapters: list[Chapter]) -> str:
    return ", ".join(f"[¶{p}]({urls.in_chapter(chapter_of(chapters, p).slug, urls.paragraph(p))})" if p else "the title" for p in paragraphs)


def senses_page(chapters: list[Chapter], senses: dict[str, Sense], uses: list[Use], essay: Essay, notice: str, front: str) -> str:
    """The 'Senses of bureaucracy' page: chart and table by stage, then each stage, sense and facet with its concordance."""
    counts = counts_by_chapter(chapters, senses, uses)
    stages = stages_of(senses)
    head = "| Sense | " + " | ".join(f"[Ch. {c.number}]({urls.chapter_source(c.slug)})<br>{esc(c.years)}" for c in chapters) + " | All |"
    rule = "|---|" + "---:|" * (len(chapters) + 1)
    table = [head, rule]
    current: Stage | None = None
    for stage, row_id, label, is_facet in _chart_rows(senses):
        if stage is not current:
            current = stage
            table.append(f"| **{stage.number}. {esc(stage.heading)}** |" + " |" * (len(chapters) + 1))
        name = f"&emsp;[{esc(label)}](#{row_id})" if is_facet else f"[{esc(label)}](#{row_id})"
        table.append(f"| {name} | " + " | ".join(str(n) if n else "·" for n in counts[row_id]) + f" | {sum(counts[row_id])} |")
    stage_list = "\n".join(f"{st.number}. [{esc(st.heading)}](#{st.id}): {esc(st.summary)}" for st in stages)
    parts = [
        front,
        notice,
        "# Senses of “bureaucracy”",
        (
            "Twiss argues that Trotsky’s understanding of “bureaucracy” changed in stages: from the "
            "administrative problem of red tape and *glavkokratiia* (1919–1923), through “bureaucratism” as "
            "a tendency of the state and party regime with a regime and a class dimension (late 1923–1927), to "
            "the bureaucracy as an autonomous social formation (1928–1936), of which Trotsky predicted that it "
            "would “seek supports … in property relations”. "
            f"The editors have assigned each of the {len(uses)} uses of the word family (bureaucracy, "
            "bureaucratism, bureaucratic, bureaucrats, bureaucratization, bureaus, biurokratiia, "
            "glavkokratiia) to the sense it refers to in its sentence; what Trotsky predicted about a referent "
            "is shown as a facet of its sense. This scheme is the editors’ reading of the essay, not Twiss’s "
            "own classification; the reason for each use is given below and in each chapter."
        ),
        "## The stages at a glance",
        stage_list,
        '<figure class="senses-figure">\n' + chart_svg(chapters, senses, uses) + "\n<figcaption>Uses of each sense in each chapter "
        "(period), in bands by stage. Read down a column to see which senses a period uses; across a row to follow "
        "one sense through time. The table below gives the same figures.</figcaption>\n</figure>",
        '<div class="senses-table" markdown>\n\n' + "\n".join(table) + "\n\n</div>",
    ]
    for stage in stages:
        parts += [
            f"## Stage {stage.number}: {esc(stage.heading)} {{ #{stage.id} data-stage=\"{stage.id}\" }}",
            f'<p class="stage-summary">{esc(stage.summary)}</p>',
        ]
        for sense_id, sense in ((sid, s) for sid, s in senses.items() if s.stage is stage):
            sense_uses = [u for u in uses if u.sense == sense_id]
            parts += [
                f"### {esc(sense.label)} {{ #{sense_id} }}",
                f'<p class="sense-period ed" markdown>Period: {esc(sense.period)} · {len(sense_uses)} use{"s" if len(sense_uses) != 1 else ""} · '
                f"grounded in {_grounding(sense.paragraphs, chapters)}</p>",
                f'<p class="sense-definition">{esc(sense.definition)}</p>',
                _concordance([u for u in sense_uses if not u.facet], chapters, essay, senses),
            ]
            for facet in sense.facets:
                facet_uses = [u for u in sense_uses if u.facet == facet.id]
                parts += [
                    f"#### {esc(facet.label)} {{ #{facet.id} }}",
                    f'<p class="sense-period ed" markdown>A facet of “{esc(sense.short)}”: what Trotsky predicted of its referent · '
                    f'{len(facet_uses)} use{"s" if len(facet_uses) != 1 else ""} · grounded in {_grounding(facet.paragraphs, chapters)}</p>',
                    f'<p class="sense-definition">{esc(facet.definition)}</p>',
                    _concordance(facet_uses, chapters, essay, senses),
                ]
    return "\n\n".join(parts) + "\n"
