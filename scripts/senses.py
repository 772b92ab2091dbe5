"""Trotsky's shifting senses of "bureaucracy": every use of the word family, assigned and linked.

The assignment in sources/sense-uses.yml lists the uses in text order; it is checked against the
essay itself, so an unassigned use, an unknown sense, or an edit that moves a use fails with the
paragraph and the word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from scripts.chapters import Chapter, chapter_of
from scripts.errors import SourceError
from scripts.essay import Essay
from scripts.markup import Span, escape_html_text as esc
from scripts.yamlfile import LineDict, load_yaml, require

SOURCES = Path(__file__).resolve().parent.parent / "sources"
SENSES_PATH = SOURCES / "senses.yml"
USES_PATH = SOURCES / "sense-uses.yml"
WORD_FAMILY = re.compile(r"\b(bureaucra\w*|bureaus|biurokratiia|glavkokratiia)\b", re.I)
TITLE = 0  # the essay's title counts as ¶0 for uses


@dataclass(frozen=True)
class Sense:
    id: str
    short: str
    label: str
    period: str
    definition: str
    paragraphs: tuple[int, ...]


@dataclass(frozen=True)
class Use:
    paragraph: int  # 0 = title
    ordinal: int  # 1st, 2nd … use in its paragraph
    word: str
    start: int
    end: int
    sense: str
    why: str = ""

    @property
    def anchor(self) -> str:
        return f"u{self.paragraph}-{self.ordinal}"


def load_senses(path: Path = SENSES_PATH) -> dict[str, Sense]:
    data = load_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("senses"), list):
        raise SourceError(path, "expected a top-level 'senses:' list")
    senses: dict[str, Sense] = {}
    for item in data["senses"]:
        sense_id = require(path, item, "id")
        if not re.fullmatch(r"[a-z0-9-]+", sense_id):
            raise SourceError(path, f"sense id '{sense_id}' should be lowercase letters, digits and hyphens", item.line)
        if sense_id in senses:
            raise SourceError(path, f"duplicate sense id '{sense_id}'", item.line)
        senses[sense_id] = Sense(
            id=sense_id,
            short=require(path, item, "short"),
            label=require(path, item, "label"),
            period=str(require(path, item, "period", object)),
            definition=require(path, item, "definition"),
            paragraphs=tuple(require(path, item, "paragraphs", list)),
        )
    return senses


def _blocks(essay: Essay) -> list[tuple[int, str]]:
    return [(TITLE, essay.title)] + [(p.number, p.text) for p in essay.paragraphs]


def _where(paragraph: int) -> str:
    return "the title" if paragraph == TITLE else f"¶{paragraph}"


def assign_uses(essay: Essay, senses: dict[str, Sense], data: object, path: Path = USES_PATH) -> list[Use]:
    """Match the listed uses, in order, against every word-family match in the text."""
    if not isinstance(data, dict) or not isinstance(data.get("uses"), list):
        raise SourceError(path, "expected a top-level 'uses:' list")
    listed: list[LineDict] = list(data["uses"])
    found = [(number, m) for number, text in _blocks(essay) for m in WORD_FAMILY.finditer(text)]
    uses: list[Use] = []
    ordinals: dict[int, int] = {}
    for index, (number, match) in enumerate(found):
        ordinals[number] = ordinals.get(number, 0) + 1
        word = match.group(0)
        if index >= len(listed):
            raise SourceError(path, f"{_where(number)}: the use '{word}' (use {ordinals[number]} in that paragraph) has no sense assigned")
        item = listed[index]
        if not isinstance(item, LineDict):
            raise SourceError(path, f"use {index + 1} is not a mapping")
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
        uses.append(Use(number, ordinals[number], word, match.start(), match.end(), sense, str(item.get("why") or "")))
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
            label = senses[use.sense].label
            spans.append(
                Span(
                    use.start,
                    use.end,
                    lambda words, u=use, lab=label: (
                        f'[{words}](#sense-{u.anchor}){{ #{u.anchor} .sense-use data-sense="{u.sense}" '
                        f'title="Sense: {esc(lab)}" }}'
                    ),
                    kind="sense",
                )
            )
        return spans

    return step


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
    left, word, right = keyword_in_context(essay, use)
    return f'<span class="kwic">{esc(left)}<strong>{esc(word)}</strong>{esc(right)}</span>'


def _use_link(use: Use, chapters: list[Chapter], prefix: str, here: Chapter | None = None) -> str:
    chapter = location(use, chapters)
    page = "" if here is chapter else f"{prefix}{chapter.slug}.md"
    place = _where(use.paragraph)
    return f"[{('ch. ' + str(chapter.number) + ' ') if here is not chapter else ''}{place}]({page}#{use.anchor})"


def chapter_senses_section(chapter: Chapter, chapters: list[Chapter], senses: dict[str, Sense], uses: list[Use], essay: Essay) -> str:
    """The end-of-chapter list: each sense met here, its uses, and the previous/next use in that sense."""
    here = [u for u in uses if location(u, chapters) is chapter]
    if not here:
        return ""
    parts = [
        '<section class="chapter-senses ed" data-search-exclude markdown>',
        '<h2 id="senses-in-this-chapter">Senses of “bureaucracy” in this chapter</h2>',
        (
            '<p class="senses-intro" markdown>The editors’ reading of each use of the word family in this chapter. '
            "Each use in the text links here; from here, follow one sense to its previous or next use "
            "anywhere in the essay. All senses: [Senses of “bureaucracy”](senses.md).</p>"
        ),
    ]
    for sense_id, sense in senses.items():
        sense_uses = [u for u in here if u.sense == sense_id]
        if not sense_uses:
            continue
        parts.append(f'<p class="sense-label" markdown>**[{esc(sense.label)}](senses.md#{sense_id})**</p>')
        items = []
        for use in sense_uses:
            previous, following = neighbours(uses, use)
            nav = []
            nav.append(f'<span class="sense-prev">← previous use in this sense: {_use_link(previous, chapters, "", chapter)}</span>' if previous else '<span class="sense-prev">first use in this sense</span>')
            nav.append(f'<span class="sense-next">next use in this sense: {_use_link(following, chapters, "", chapter)} →</span>' if following else '<span class="sense-next">last use in this sense</span>')
            items.append(
                f'<li id="sense-{use.anchor}" markdown>[{_where(use.paragraph)}](#{use.anchor}) {_kwic_html(essay, use)}'
                f'<br><span class="sense-nav ed-screen-only">{" · ".join(nav)}</span></li>'
            )
        parts.append('<ul class="sense-uses" markdown>\n' + "\n".join(items) + "\n</ul>")
    parts.append("</section>")
    return "\n\n".join(parts)


def counts_by_chapter(chapters: list[Chapter], senses: dict[str, Sense], uses: list[Use]) -> dict[str, list[int]]:
    table = {s: [0] * len(chapters) for s in senses}
    for use in uses:
        table[use.sense][location(use, chapters).number - 1] += 1
    return table


def chart_svg(chapters: list[Chapter], senses: dict[str, Sense], uses: list[Use]) -> str:
    """Senses against periods as a static SVG: a dot per cell, its area proportional to the uses."""
    counts = counts_by_chapter(chapters, senses, uses)
    label_width, cell, top = 230, 82, 70
    width = label_width + cell * len(chapters) + 10
    height = top + cell * 0.62 * len(senses) + 10
    row = cell * 0.62
    biggest = max(max(v) for v in counts.values()) or 1
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="senses-chart" viewBox="0 0 {width} {height:.0f}" '
        f'role="img" aria-labelledby="senses-chart-title senses-chart-desc">',
        '<title id="senses-chart-title">Senses of “bureaucracy” by period</title>',
        '<desc id="senses-chart-desc">A grid: one row per sense, one column per chapter and its period; '
        "each dot's area is proportional to the number of uses in that sense in that chapter. "
        "The table beside the chart gives the same numbers.</desc>",
    ]
    for index, chapter in enumerate(chapters):
        x = label_width + cell * index + cell / 2
        out.append(f'<text x="{x:.0f}" y="28" text-anchor="middle" class="chart-head">{chapter.number}</text>')
        out.append(f'<text x="{x:.0f}" y="48" text-anchor="middle" class="chart-sub">{esc(chapter.years)}</text>')
    for r, (sense_id, sense) in enumerate(senses.items()):
        y = top + row * r + row / 2
        out.append(f'<text x="{label_width - 12}" y="{y + 5:.0f}" text-anchor="end" class="chart-label">{esc(sense.short)}</text>')
        out.append(f'<line x1="{label_width}" x2="{width - 10}" y1="{y:.0f}" y2="{y:.0f}" class="chart-rule"/>')
        for c, count in enumerate(counts[sense_id]):
            if not count:
                continue
            x = label_width + cell * c + cell / 2
            radius = 4 + 18 * (count / biggest) ** 0.5
            out.append(
                f'<circle cx="{x:.0f}" cy="{y:.0f}" r="{radius:.1f}" class="chart-dot" data-sense="{sense_id}">'
                f"<title>{esc(sense.label)}, chapter {c + 1}: {count} use{'s' if count > 1 else ''}</title></circle>"
            )
            out.append(f'<text x="{x:.0f}" y="{y + 4:.0f}" text-anchor="middle" class="chart-count">{count}</text>')
    out.append("</svg>")
    return "\n".join(out)


def senses_page(chapters: list[Chapter], senses: dict[str, Sense], uses: list[Use], essay: Essay, notice: str, front: str) -> str:
    """The 'Senses of bureaucracy' page: chart and table, then each sense with its concordance."""
    counts = counts_by_chapter(chapters, senses, uses)
    head = "| Sense | " + " | ".join(f"[Ch. {c.number}]({c.slug}.md)<br>{esc(c.years)}" for c in chapters) + " | All |"
    rule = "|---|" + "---:|" * (len(chapters) + 1)
    rows = [
        f"| [{esc(s.short)}](#{sid}) | " + " | ".join(str(n) if n else "·" for n in counts[sid]) + f" | {sum(counts[sid])} |"
        for sid, s in senses.items()
    ]
    parts = [
        front,
        notice,
        "# Senses of “bureaucracy”",
        (
            "Twiss’s argument is that Trotsky’s meaning of “bureaucracy” shifted: from red tape and "
            "inefficiency (*glavkokratiia*, 1919–1923), to the domination of the party apparatus and the "
            "class role of the bureaucracy (1926–1927), through a theoretical crisis (1928–1933), to an "
            "autonomous social formation that would “seek supports … in property relations” (1936). "
            f"The editors have assigned each of the {len(uses)} uses of the word family (bureaucracy, "
            "bureaucratism, bureaucratic, bureaucrats, bureaucratization, bureaus, biurokratiia, "
            "glavkokratiia) to one sense; this page follows each sense through the periods."
        ),
        "## The shift at a glance",
        '<figure class="senses-figure">\n' + chart_svg(chapters, senses, uses) + "\n<figcaption>Uses of each sense in each chapter (period). "
        "Read down a column to see which senses a period uses; across a row to follow one sense through time. "
        "The table below gives the same figures.</figcaption>\n</figure>",
        '<div class="senses-table" markdown>\n\n' + "\n".join([head, rule] + rows) + "\n\n</div>",
    ]
    for sense_id, sense in senses.items():
        sense_uses = [u for u in uses if u.sense == sense_id]
        supporting = ", ".join(
            f"[¶{p}]({chapter_of(chapters, p).slug}.md#p{p})" if p else "the title" for p in sense.paragraphs
        )
        parts += [
            f"## {esc(sense.label)} {{ #{sense_id} }}",
            f'<p class="sense-period ed" markdown>Period: {esc(sense.period)} · {len(sense_uses)} use{"s" if len(sense_uses) != 1 else ""} · grounded in {supporting}</p>',
            f"<p class=\"sense-definition\">{esc(sense.definition)}</p>",
        ]
        rows = ["| Chapter | Period | ¶ | In context |", "|---|---|---|---|"]
        for use in sense_uses:
            chapter = location(use, chapters)
            rows.append(
                f"| {chapter.number} | {esc(chapter.years)} | [{_where(use.paragraph)}]({chapter.slug}.md#{use.anchor}) | "
                f"{_kwic_html(essay, use)} |"
            )
        parts.append('<div class="concordance" data-search-exclude markdown>\n\n' + "\n".join(rows) + "\n\n</div>")
    return "\n\n".join(parts) + "\n"
