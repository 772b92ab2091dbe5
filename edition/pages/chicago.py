"""Chicago-style forms of a work: the note form (for the notes) and the bibliography form.

Every value is escaped for inline HTML inside Markdown, so a title containing `<script>` or `*`
is shown as text. Fields listed in a work's `x-unverified` are never printed.
"""

from __future__ import annotations

from edition.annotate.markup import escape_html_text as esc
from edition.sources.bibliography import Work


def _join_names(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def names_natural(people: list[tuple[str, str]]) -> str:
    return _join_names([f"{given} {family}".strip() for given, family in people])


def names_inverted(people: list[tuple[str, str]]) -> str:
    """First name inverted, as a bibliography lists it: 'Kryshtanovskaya, Olga, and Stephen White'."""
    if not people:
        return ""
    given, family = people[0]
    first = f"{family}, {given}" if given else family
    rest = [f"{g} {f}".strip() for g, f in people[1:]]
    if len(rest) == 1:
        return f"{first}, and {rest[0]}"
    return _join_names([first] + rest)


def _date(work: Work) -> str:
    return " ".join(part for part in (work.get("month"), work.get("year")) if part)


def _imprint(work: Work) -> str:
    """'Address: Publisher, Year' with whatever parts are known and verified."""
    place_publisher = ": ".join(p for p in (work.get("address"), work.get("publisher")) if p)
    return ", ".join(p for p in (place_publisher, _date(work)) if p)


def _journal(work: Work) -> str:
    """'<i>Journal</i> 2, no. 7 (July 1935): 116–22', the same in note and bibliography form.

    Without a verified journal name the volume, issue and pages locate nothing, so only the date is
    left, in parentheses ('(1935)'); nothing at all if that is unverified too. Never an empty <i></i>.
    """
    if not work.get("journal"):
        return f"({esc(_date(work))})" if _date(work) else ""
    journal = f"<i>{esc(work.get('journal'))}</i>"
    if work.get("volume"):
        journal += f" {esc(work.get('volume'))}"
    if work.get("number"):
        journal += f", no. {esc(work.get('number'))}"
    if _date(work):
        journal += f" ({esc(_date(work))})"
    if work.get("pages"):
        journal += f": {esc(work.get('pages'))}"
    return journal


def _quoted_title(work: Work, followed: bool) -> str:
    """“Title,” when more follows (Chicago puts the comma inside the quotation marks), else “Title”."""
    return f"“{esc(work.get('title'))},”" if followed else f"“{esc(work.get('title'))}”"


def note_form(work: Work) -> str:
    """Chicago note form, without the final period (the note adds locator and period).

    An unverified field leaves no trace: no empty italics, no comma before nothing.
    """
    author = esc(names_natural(work.authors))
    parts = [author] if author else []
    if work.type == "article":
        journal = _journal(work)
        if journal.startswith("("):  # no journal: “Title” (1935)
            parts.append(f"{_quoted_title(work, False)} {journal}")
        else:
            parts.append(f"{_quoted_title(work, bool(journal))} {journal}".rstrip())
        return ", ".join(parts)
    if work.type in ("incollection", "inbook", "inproceedings"):
        if work.get("booktitle"):
            head = f"{_quoted_title(work, True)} in <i>{esc(work.get('booktitle'))}</i>"
            if work.get("volume"):
                head += f", vol. {esc(work.get('volume'))}"
        else:  # the volume of an unnamed book locates nothing
            head = _quoted_title(work, False)
        if _imprint(work):
            head += f" ({esc(_imprint(work))})"
        if work.get("pages"):
            head += f", {esc(work.get('pages'))}"
        parts.append(head)
        return ", ".join(parts)
    head = f"<i>{esc(work.get('title'))}</i>"
    if work.translators:
        head += f", trans. {esc(names_natural(work.translators))}"
    if _imprint(work):
        head += f" ({esc(_imprint(work))})"
    parts.append(head)
    return ", ".join(parts)


def bibliography_form(work: Work) -> str:
    """Chicago bibliography form, for the Works cited page."""
    sentences = []
    if work.authors:
        sentences.append(esc(names_inverted(work.authors)).rstrip("."))
    if work.type == "article":
        journal = _journal(work)
        sentences.append(f"“{esc(work.get('title'))}.”")
        if journal:  # without a journal, the date alone: “Title.” 1935.
            sentences.append(journal.strip("()") if journal.startswith("(") else journal)
    elif work.type in ("incollection", "inbook", "inproceedings"):
        sentences.append(f"“{esc(work.get('title'))}.”")
        if work.get("booktitle"):
            container = f"In <i>{esc(work.get('booktitle'))}</i>"
            if work.get("volume"):
                container += f", vol. {esc(work.get('volume'))}"
            if work.get("pages"):
                container += f", {esc(work.get('pages'))}"
            sentences.append(container)
        if _imprint(work):
            sentences.append(esc(_imprint(work)))
    else:
        sentences.append(f"<i>{esc(work.get('title'))}</i>")
        if work.translators:
            sentences.append(f"Translated by {esc(names_natural(work.translators))}")
        if _imprint(work):
            sentences.append(esc(_imprint(work)))
    text = ""
    for sentence in sentences:
        if text:
            text += " " if text.endswith((".", "?", "!", ".”", "?”", "!”", "?</i>", "!</i>")) else ". "
        text += sentence.rstrip(".") if not sentence.endswith("”") else sentence
    return text if text.endswith((".", "?</i>", "!</i>", ".”")) else text + "."
