"""The senses pages: each chapter's senses section, the chart, and the concordance page."""

from __future__ import annotations

from collections.abc import Callable

from edition import urls
from edition.annotate.markup import escape_html_text as esc
from edition.annotate.markup import escape_table_cell as cell
from edition.pages.common import source_html
from edition.pages.templating import Markup, render_template
from edition.sources.chapters import Chapter, chapter_of
from edition.sources.essay import Essay, without_note_markers
from edition.sources.senses import TITLE, Preface, Sense, Stage, Use, _where, location, neighbours, stages_of


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


def _kwic_html(essay: Essay, use: Use, escape: Callable[[str], str] = esc) -> str:
    """The use in its context; `escape=cell` where it stands in a table cell."""
    left, word, right = (without_note_markers(part) for part in keyword_in_context(essay, use))
    return f'<span class="kwic">{escape(left)}<strong>{escape(word)}</strong>{escape(right)}</span>'


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
    parts = [f"Editors’ reading: {esc(use.why)}."]  # every use has its why (sources/senses.py requires it)
    if use.previously:
        parts.append(f"Formerly filed under “{esc(_former_name(use.previously, senses))}” ([Revisions]({revisions_link})).")
    return f'<br><span class="sense-why">{" ".join(parts)}</span>'


def chapter_senses_section(chapter: Chapter, chapters: list[Chapter], senses: dict[str, Sense], uses: list[Use], essay: Essay) -> str:
    """The end-of-chapter list: each stage and sense met here, its uses, and the previous/next use in that sense
    (templates/chapter-senses.md.j2)."""
    here = [u for u in uses if location(u, chapters) is chapter]
    if not here:
        return ""

    def use_view(use: Use, sense: Sense) -> dict:
        previous, following = neighbours(uses, use)
        facet = sense.facet(use.facet) if use.facet else None
        return {
            "id": urls.use_entry(use.paragraph, use.ordinal),
            "where": _where(use.paragraph),
            "anchor": use.anchor,
            "kwic": Markup(_kwic_html(essay, use)),
            "facet": {"label": facet.label, "link": urls.sense_entry(facet.id)} if facet else None,
            "why": Markup(_why_html(use, senses)),
            "previous": Markup(_use_link(previous, chapters, "", chapter)) if previous else "",
            "following": Markup(_use_link(following, chapters, "", chapter)) if following else "",
        }

    stages = []
    for stage in stages_of(senses):
        stage_senses = [(sid, sense) for sid, sense in senses.items() if sense.stage is stage and any(u.sense == sid for u in here)]
        if stage_senses:
            stages.append({
                "id": stage.id,
                "prefix": f"Stage {stage.number}: " if stage.numbered else "",
                "heading": stage.heading,
                "link": urls.sense_entry(stage.id),
                "senses": [
                    {"label": sense.label, "link": urls.sense_entry(sid), "uses": [use_view(u, sense) for u in here if u.sense == sid]}
                    for sid, sense in stage_senses
                ],
            })
    return render_template("chapter-senses.md.j2", senses_page=urls.SENSES_SOURCE, stages=stages).rstrip("\n")


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
        '<desc id="senses-chart-desc">A grid in bands, one band per stage of the argument Twiss traces (and a last one, '
        "not a stage, for the uses that mention the word or name the topic), one row per sense "
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
                f"{_band(stage)}</text>"
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
        reading = cell(use.why) + (f" ({cell(facet.label)})" if facet else "")
        rows.append(
            f"| {chapter.number} | {cell(chapter.years)} | [{_where(use.paragraph)}]({urls.in_chapter(chapter.slug, use.anchor)}) | "
            f"{_kwic_html(essay, use, cell)} | {reading} |"
        )
    return '<div class="concordance" data-search-exclude markdown>\n\n' + "\n".join(rows) + "\n\n</div>"


def _grounding(paragraphs: tuple[int, ...], chapters: list[Chapter]) -> str:
    return ", ".join(f"[¶{p}]({urls.in_chapter(chapter_of(chapters, p).slug, urls.paragraph(p))})" if p else "the title" for p in paragraphs)


def _band(stage: Stage, escape: Callable[[str], str] = esc) -> str:
    """A stage's label in the chart and the table (`escape=cell`): "1. Label (years)"; a group that is
    not a stage, unnumbered."""
    return f"{stage.number}. {escape(stage.heading)}" if stage.numbered else escape(stage.heading)


def _formerly(former_label: str) -> str:
    """"formerly: …", so a reader who follows an old citation recognises a renamed stage, sense or facet."""
    return f'<p class="sense-formerly ed">Formerly: “{esc(former_label)}”.</p>' if former_label else ""


def stages_source_html(preface: Preface) -> str:
    """The source of the stages (Twiss's thesis abstract), then the words seen there, once, in a
    <details> after the paragraph (a <details> is block content: it cannot stand inside a <p>)."""
    lines = []
    for source, seen in zip(preface.sources, preface.seen, strict=True):
        lines.append(
            f'<div class="stages-source ed" data-search-exclude><p>Source of the three stages: {source_html(source, with_seen=False)}</p>'
            f"<details><summary>Words seen at the source</summary><blockquote><p>{esc(seen)}</p></blockquote></details></div>"
        )
    return "\n".join(lines)


def senses_page(
    chapters: list[Chapter], senses: dict[str, Sense], uses: list[Use], essay: Essay, notice: str, front: str, preface: Preface
) -> str:
    """The 'Senses of bureaucracy' page: the editors' introduction, the stages (with their source) at a
    glance, chart and table, then each stage, sense and facet with its concordance; the group that is
    not one of Twiss's stages (the word and the topic) comes last, under its own heading
    (templates/senses.md.j2)."""
    counts = counts_by_chapter(chapters, senses, uses)
    stages = stages_of(senses)
    head = "| Sense | " + " | ".join(f"[Ch. {c.number}]({urls.chapter_source(c.slug)})<br>{cell(c.years)}" for c in chapters) + " | All |"
    rule = "|---|" + "---:|" * (len(chapters) + 1)
    table = [head, rule]
    current: Stage | None = None
    for stage, row_id, label, is_facet in _chart_rows(senses):
        if stage is not current:
            current = stage
            table.append(f"| **{_band(stage, cell)}** |" + " |" * (len(chapters) + 1))
        name = f"&emsp;[{cell(label)}](#{row_id})" if is_facet else f"[{cell(label)}](#{row_id})"
        table.append(f"| {name} | " + " | ".join(str(n) if n else "·" for n in counts[row_id]) + f" | {sum(counts[row_id])} |")

    def facet_view(sense_uses: list[Use], facet) -> dict:
        facet_uses = [u for u in sense_uses if u.facet == facet.id]
        return {"id": facet.id, "label": facet.label, "former": facet.former_label, "count": len(facet_uses),
                "grounding": Markup(_grounding(facet.paragraphs, chapters)), "definition": facet.definition,
                "concordance": Markup(_concordance(facet_uses, chapters, essay, senses))}

    def sense_view(sense_id: str, sense: Sense) -> dict:
        sense_uses = [u for u in uses if u.sense == sense_id]
        return {"id": sense_id, "label": sense.label, "former": sense.former_label, "period": sense.period,
                "short": sense.short, "count": len(sense_uses), "grounding": Markup(_grounding(sense.paragraphs, chapters)),
                "definition": sense.definition,
                "concordance": Markup(_concordance([u for u in sense_uses if not u.facet], chapters, essay, senses)),
                "facets": [facet_view(sense_uses, facet) for facet in sense.facets]}

    views = [
        {"id": stage.id, "title": stage.title, "summary": stage.summary, "former": stage.former_label,
         "senses": [sense_view(sid, sense) for sid, sense in senses.items() if sense.stage is stage]}
        for stage in stages
    ]
    text = render_template(
        "senses.md.j2",
        front=Markup(front),
        notice=Markup(notice),
        intro=preface.intro,
        numbered=[st for st in stages if st.numbered],
        others=[st for st in stages if not st.numbered],
        source=Markup(stages_source_html(preface)),
        chart=Markup(chart_svg(chapters, senses, uses)),
        table=Markup("\n".join(table)),
        stages=views,
    )
    return text.rstrip("\n") + "\n"
