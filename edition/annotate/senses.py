"""The senses step: a span over each classified use of the word family, with its tooltip."""

from __future__ import annotations

from edition import urls
from edition.annotate.markup import Span
from edition.annotate.markup import escape_html_text as esc
from edition.sources.senses import TITLE, Sense, Use, _where


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
    """What a reader sees on hovering a use: its stage (or the group that is not a stage), its sense,
    and a facet if it has one."""
    facet = sense.facet(use.facet) if use.facet else None
    stage = f"Stage {sense.stage.number}, {sense.stage.heading}" if sense.stage.numbered else sense.stage.heading
    return f"{stage} · Sense: {sense.label}" + (f" · {facet.label}" if facet else "")
