"""footnotes.bib: the works the notes cite and one entry per published note, checked strictly.

Two kinds of entry live in the file:
- works (@book, @article, @incollection, @misc …): real bibliographic data (the standard fields of
  WORK_FIELDS: no other), with `x-evidence`
  (URLs that back it) and `x-unverified` (fields nobody has seen a source for: never printed as fact; not
  the names, author and translator, which every citation prints: PERSON_FIELDS);
- notes (@misc{noteN}): `x-works`, `x-locator`, `x-status`, `x-essay-says`, `x-comment`, `x-evidence`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import pybtex.database
import pybtex.errors
from pybtex.database import Person
from pybtex.database.input.bibtex import Parser as BibTeXParser
from pybtex.scanner import PybtexSyntaxError

from edition.errors import SourceError
from edition.sources import paths
from edition.sources.latex import decode_latex
from edition.sources.policy import KINDS, Host, check_url
from edition.sources.yamlfile import did_you_mean

BIB_PATH = paths.BIBLIOGRAPHY
NOTE_KEY = re.compile(r"note(\d+)$")
STATUSES = {
    "original-note-found": "Twiss’s own note seen",
    "quote-verified": "Quotation verified in the source",
    "identified-likely": "Source identified, likely (not verified)",
    "unidentified": "Source not identified",
}
NOTE_FIELDS = {"x-works", "x-locator", "x-status", "x-essay-says", "x-comment", "x-evidence"}


@dataclass(frozen=True)
class Evidence:
    url: str
    label: str = ""  # what it shows, in the editors' words
    seen: str = ""  # the source's own words, exactly as seen ("" where the item records none)
    # From the source policy (the item may say `| kind: …` or `| partisan: “…”` itself): what kind of
    # source its host gives, and the host's partisan label. Set when the bibliography is parsed.
    kind: str = ""
    partisan: str = ""

    @property
    def source_label(self) -> str:
        """What readers are told of the source, as for the YAML's sources: "primary text; partisan: …"."""
        if not self.kind:
            return ""
        return KINDS[self.kind] + (f"; partisan: {self.partisan}" if self.partisan else "")


@dataclass
class Work:
    key: str
    type: str
    fields: dict[str, str]
    authors: list[tuple[str, str]]  # (given, family); family alone for corporate authors
    translators: list[tuple[str, str]] = field(default_factory=list)
    unverified: set[str] = field(default_factory=set)
    evidence: list[Evidence] = field(default_factory=list)
    line: int = 0
    online: Evidence | None = None  # the work's `url`, with its kind and partisan label from the policy

    def get(self, name: str) -> str:
        """A field, but never one listed as unverified."""
        return "" if name in self.unverified else self.fields.get(name, "")


@dataclass
class Note:
    number: int
    works: list[Work]
    locator: str
    status: str
    essay_says: str
    comment: str
    evidence: list[Evidence]
    line: int = 0

    @property
    def status_label(self) -> str:
        return STATUSES[self.status]


@dataclass
class Bibliography:
    works: dict[str, Work]
    notes: dict[int, Note]

    def citing_notes(self, work_key: str) -> list[int]:
        return [n.number for n in self.notes.values() if any(w.key == work_key for w in n.works)]


# An evidence item opens with its address: any scheme-like word with something after the colon
# (https://…, but also ftp://…, javascript:…, so the policy check can refuse it), or //host.
_EVIDENCE_ITEM = re.compile(r"((?:[A-Za-z][A-Za-z0-9+.-]*:|//)\S+?)[.,;]?(?:\s+(.*))?$", re.S)
_SEEN = re.compile(r"(.*?)\s*\|\s*seen:\s*(.*)$", re.S)
# Optional, before `| seen:`: the item's own kind (one its host may give) and partisan label.
_OWN_LABEL = re.compile(r"\s*\|\s*(kind|partisan):\s*([^|]*?)\s*(?=\||$)")


def parse_evidence(value: str, path: Path = BIB_PATH, key: str = "", line: int | None = None) -> list[Evidence]:
    """'URL (what it shows | seen: “the words seen”) ; URL …' into evidence items; text without a URL
    is kept as a label. A `seen:` must quote its words in “…”."""
    items = []
    for part in (p.strip() for p in value.split(" ; ") if p.strip()):
        match = _EVIDENCE_ITEM.match(part)
        if match:
            url, label = match.group(1), decode_latex(match.group(2) or "").strip("() ")
        else:
            url, label = "", decode_latex(part)
        seen = ""
        with_seen = _SEEN.match(label)
        if with_seen:
            label, seen = with_seen.group(1).strip(), with_seen.group(2).strip()
            if not (len(seen) > 2 and seen.startswith("“") and seen.endswith("”")):
                raise SourceError(
                    path, f"'{key}': x-evidence item {url or part!r}: 'seen:' should quote the words seen in “…”", line
                )
            seen = seen[1:-1].strip()
        own = dict((name, value) for name, value in _OWN_LABEL.findall(label))
        label = _OWN_LABEL.sub("", label).strip()
        partisan = own.get("partisan", "")
        if partisan and not (len(partisan) > 2 and partisan.startswith("“") and partisan.endswith("”")):
            raise SourceError(path, f"'{key}': x-evidence item {url or part!r}: 'partisan:' should quote its label in “…”", line)
        kind = own.get("kind", "")
        if kind and kind not in KINDS:
            raise SourceError(path, f"'{key}': x-evidence item {url or part!r}: kind '{kind}' is not one of {', '.join(KINDS)}", line)
        items.append(Evidence(url, label, seen, kind, partisan[1:-1].strip()))
    return items


def with_policy(item: Evidence, host: Host, path: Path, key: str, line: int | None) -> Evidence:
    """The item with its kind and partisan label: its own if it gives them, else its host's (the
    host's first kind; a host listed as partisan labels every item from it)."""
    if item.kind and item.kind not in host.kinds:
        raise SourceError(path, f"'{key}': {host.host} is accepted for {', '.join(host.kinds)} sources, not '{item.kind}'", line)
    return replace(item, kind=item.kind or host.kinds[0], partisan=item.partisan or host.partisan)


def _names(persons) -> list[tuple[str, str]]:
    out = []
    for person in persons:
        given = decode_latex(" ".join(person.first_names + person.middle_names))
        family = decode_latex(" ".join(person.prelast_names + person.last_names))
        out.append((given, family))
    return out


# The edition's own fields of a work (the other x- fields belong to the notes: NOTE_FIELDS).
WORK_X_FIELDS = frozenset({"x-evidence", "x-unverified"})
# The names of a work, which x-unverified cannot hold back: every citation, record and Works cited entry
# prints them (a work needs its author), so listing one would claim what the edition does not do.
PERSON_FIELDS = frozenset({"author", "translator"})
UNVERIFIED_NAMES = (
    "a work's names are printed in every citation whether verified or not (a work needs its author): "
    "leave an unverified translator out, and say in the citing note's x-comment what is not verified"
)

# The standard BibTeX fields a work may have: any other is refused at its line, so a misspelt field
# (`titel`) cannot leave a title, a journal or a date out of every citation unseen. Listed: the fields
# the edition prints (every one in use today), and the few it keeps on purpose without printing them;
# tests/test_unknown_keys.py checks that setting each of the first changes a citation and each of the
# second changes none.
READ_WORK_FIELDS = frozenset({
    # printed in the Chicago forms (edition/pages/chicago.py), on the note and Works cited pages
    # (edition/pages/notes.py) or in the CSL-JSON records (edition/web/records.py); author is a name,
    # which pybtex parses as persons
    "author", "translator", "title", "booktitle", "journal", "volume", "number", "pages",
    "year", "month", "publisher", "address", "url", "doi", "note",
})
KEPT_WORK_FIELDS = frozenset({
    # kept in the file for reference and printed in no citation, by design: a Chicago citation of a book or
    # an article gives none of them (a reader finds the work by author, title and imprint, or its url or
    # doi); listed in x-unverified, one is shown only in the note page's "Not verified" line
    "isbn", "issn", "urldate", "language",
})
WORK_FIELDS = READ_WORK_FIELDS | KEPT_WORK_FIELDS

# biblatex's names for fields the edition reads under other names: refused with the name to write, since
# the journal, the place or the date would be left out of every citation. (the name to write, why)
RENAMED_WORK_FIELDS = {
    "journaltitle": ("journal", "biblatex's name for it: the edition reads BibTeX's"),
    "location": ("address", "biblatex's name for it: the edition reads BibTeX's"),
    "date": ("year", "the edition reads a date as year and month"),
    "issue": ("number", "the edition reads a journal's issue as number"),
}

NOWHERE_YET = "a citation would print it, and the edition prints it nowhere yet (print it in edition/pages/chicago.py, then accept it)"
NEVER_PUBLISHED = (
    "the edition prints nothing of it, and footnotes.bib holds only what the edition prints or keeps for reference "
    "(a field taken and printed nowhere would be dropped without a word): keep it in the editors' own files"
)
# Every other field of biblatex's default data model (blx-dm.def: its data fields, their date parts, and
# the BibTeX names it takes as aliases) and of BibTeX, refused with why, never with a guess at a similar
# name: a subtitle renamed `title` would lose the title, an `origtitle` renamed `title` would replace it,
# a `bookauthor` renamed `author` would make the book's author the chapter's, a private `annote` renamed
# `note` would be published (a work's note is printed on Works cited and the note pages). A typo nearest
# one of these names gets that name's why (_unread_field_hint).
UNREAD_WORK_FIELDS = {
    "editor": (
        "the edition prints no editor yet: beside an author it would be left out of every citation, and alone "
        "it would be printed as the author, without “ed.”"
    ),
    "subtitle": "the edition prints no subtitle field: put the subtitle in title, after a colon",
    "booksubtitle": "the edition prints no booksubtitle field: put the subtitle in booktitle, after a colon",
    "shorttitle": "the edition makes its own short references and prints no short title",
    "annote": f"an annotation for the editors, never published: {NEVER_PUBLISHED}",
    "annotation": f"an annotation for the editors, never published: {NEVER_PUBLISHED}",
    **dict.fromkeys(("abstract", "keywords", "file", "pdf", "library"), NEVER_PUBLISHED),
    **dict.fromkeys(
        (  # what a citation of some kind of work would print
            "edition", "series", "chapter", "howpublished", "organization", "institution", "school", "origdate",
            "eprint", "maintitle", "titleaddon", "eventtitle", "editora", "editorb", "editorc", "origlanguage",
            "addendum", "afterword", "annotator", "archiveprefix", "authortype", "bookauthor", "bookpagination",
            "booktitleaddon", "commentator", "editoratype", "editorbtype", "editorctype", "editortype", "eid",
            "eprintclass", "eprinttype", "eventdate", "eventtitleaddon", "foreword", "holder", "introduction",
            "issuesubtitle", "issuetitle", "issuetitleaddon", "journalsubtitle", "journaltitleaddon", "mainsubtitle",
            "maintitleaddon", "nameaddon", "origlocation", "origpublisher", "origtitle", "pagetotal", "pagination",
            "part", "primaryclass", "pubstate", "reprinttitle", "type", "venue", "version", "volumes",
            *(f"{date}{part}" for date in ("orig", "event") for part in ("year", "month", "day", "endyear", "endmonth", "endday")),
        ),
        NOWHERE_YET,
    ),
    **dict.fromkeys(
        ("day", "endyear", "endmonth", "endday"),
        "the edition reads a work's date as year and month (a Chicago citation gives no day)",
    ),
    **dict.fromkeys(
        ("urlyear", "urlmonth", "urlday", "urlendyear", "urlendmonth", "urlendday"),
        "the edition keeps the date a url was seen as urldate (YYYY-MM-DD)",
    ),
    **dict.fromkeys(
        ("isan", "ismn", "isrn", "iswc"),
        "an identifier a Chicago citation does not give: the edition keeps only isbn and issn, for reference",
    ),
    **dict.fromkeys(
        (
            "label", "shorthand", "shorthandintro", "shortauthor", "shorteditor", "shortjournal", "shortseries",
            "sortkey", "key", "sortname", "sorttitle", "sortyear", "sortshorthand", "presort", "indextitle",
            "indexsorttitle", "options", "execute", "langid", "langidopts", "gender", "entrysubtype",
        ),
        "it tells biblatex how to sort, label, index or typeset an entry, and the edition makes its own citations "
        "and Works cited (edition/pages/chicago.py, edition/pages/notes.py)",
    ),
    **dict.fromkeys(
        ("crossref", "xref", "xdata", "entryset", "ids", "related", "relatedtype", "relatedstring", "relatedoptions"),
        "the edition reads each work from its own entry, under its one key: write the fields its citation needs "
        "in the entry itself",
    ),
    **dict.fromkeys(
        (
            *(f"user{c}" for c in "abcdef"), *(f"list{c}" for c in "abcdef"), *(f"verb{c}" for c in "abc"),
            *(f"name{c}" for c in "abc"), *(f"name{c}type" for c in "abc"),
        ),
        "a custom field of biblatex's, with no meaning a citation could print",
    ),
    **dict.fromkeys(
        (  # not biblatex's, but written by the tools a work's entry is often copied from
            "mrnumber", "mrclass", "mrreviewer", "zbl", "zblnumber", "lccn", "pmid", "pmcid", "timestamp", "biburl",
            "bibsource", "owner", "creationdate", "modificationdate", "groups", "comment", "ranking", "readstatus",
            "priority", "printed", "qualityassured",
        ),
        f"a reference manager's or a database's field, not part of a citation: {NEVER_PUBLISHED}",
    ),
}


def _unread_field_hint(name: str) -> str:
    """What to write instead of a field the edition does not take: the name for a biblatex name, why for
    another known field, and for a name on no list (a typo) the nearest field the edition takes when it is
    at least as near as any refused name, both when a refused name is only a little nearer (ALMOST_AS_NEAR),
    else the nearest refused name's why: a guess never turns a refused field into another."""
    if name in RENAMED_WORK_FIELDS:
        meant, why = RENAMED_WORK_FIELDS[name]
        return f"did you mean '{meant}'? ({why}) "
    if name in UNREAD_WORK_FIELDS:
        return f"{UNREAD_WORK_FIELDS[name]} "
    taken = _nearest(name, WORK_FIELDS)
    refused = _nearest(name, set(RENAMED_WORK_FIELDS) | set(UNREAD_WORK_FIELDS))
    if taken and (not refused or taken[0] >= refused[0]):
        return f"did you mean '{taken[1]}'? "
    if taken and round(refused[0] - taken[0], 6) <= ALMOST_AS_NEAR:  # either may be meant: the one we take first
        return f"did you mean '{taken[1]}'? If you meant '{refused[1]}': {_unread_field_hint(refused[1])}"
    if refused:  # much nearer a refused name: its why first, and the field we take (if any) after it
        named_in_why = RENAMED_WORK_FIELDS.get(refused[1], ("",))[0]  # a renamed name's why names its field
        also = f"(or, if you meant '{taken[1]}', write that) " if taken and taken[1] != named_in_why else ""
        return f"it is close to '{refused[1]}', which the edition does not take either: {_unread_field_hint(refused[1])}{also}"
    return ""


# How much nearer (difflib's ratio) a refused name may be than a field the edition takes for both to be
# offered: `anote` is 0.91 from `annote` and 0.89 from `note`; `subtitel` is 0.88 from `subtitle` and only
# 0.77 from `title`, so it gets subtitle's why, with `title` after it (a wider margin led typos of refused names, such as
# `bookauthr` or `annot`, with the very field the refusal exists to avoid; it now comes after the why).
ALMOST_AS_NEAR = 0.05


def _nearest(name: str, names: set[str]) -> tuple[float, str] | None:
    """The name most like `name` (difflib's ratio, at least its usual 0.6), ties to the first in order."""
    scored = [(difflib.SequenceMatcher(None, name, known).ratio(), known) for known in sorted(names)]
    best = max(scored, key=lambda pair: pair[0], default=None)
    return best if best and best[0] >= 0.6 else None


def _refuse_unread_fields(path: Path, key: str, written: list[str], lines: dict[tuple[str, str], int], line: int) -> None:
    """Every standard field of a work (written: its field names and person roles as the file spells
    them) is one of WORK_FIELDS (its x- fields are checked apart): another is named at its line, with
    what to write instead."""
    for name in sorted(written, key=str.lower):
        if name.lower().startswith("x-") or name.lower() in WORK_FIELDS:
            continue
        raise SourceError(
            path,
            f"work '{key}' has the field '{name}', which the edition does not read: {_unread_field_hint(name.lower())}"
            f"(a work takes {', '.join(sorted(WORK_FIELDS))}, and {' and '.join(sorted(WORK_X_FIELDS))})",
            lines.get((key.lower(), name.lower()), line),
        )


def _persons(value: str) -> list[Person]:
    """Names in a field pybtex does not treat as persons (e.g. translator)."""
    return [Person(name.strip()) for name in re.split(r"\s+and\s+", value) if name.strip()]


def _entry_lines(text: str) -> dict[str, int]:
    lines = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = re.match(r"\s*@\w+\s*\{\s*([^,\s]+)\s*,", line)
        if match:
            lines.setdefault(match.group(1).lower(), number)
    return lines


def _field_lines(text: str) -> dict[tuple[str, str], int]:
    """(entry key, field name) -> the line the field starts on, both lowercase."""
    lines: dict[tuple[str, str], int] = {}
    key = ""
    for number, line in enumerate(text.splitlines(), start=1):
        entry = re.match(r"\s*@\w+\s*\{\s*([^,\s]+)\s*,", line)
        if entry:
            key = entry.group(1).lower()
            continue
        field_match = re.match(r"\s*([A-Za-z][\w-]*)\s*=", line)
        if field_match and key:
            lines.setdefault((key, field_match.group(1).lower()), number)
    return lines


def _check_addresses(
    path: Path, key: str, fields: dict[str, str], evidence: list[Evidence], hosts: dict[str, Host], lines
) -> tuple[Evidence | None, list[Evidence]]:
    """A work's `url` and every evidence address: http(s), on a host of the source policy. Returns the
    url and the evidence labelled with their kind and partisan label (see with_policy)."""
    online = None
    if fields.get("url"):
        line = lines.get((key.lower(), "url"))
        url = fields["url"].strip()
        online = with_policy(Evidence(url), check_url(url, hosts, path, key, line), path, key, line)
    labelled = []
    for item in evidence:
        if item.url:
            line = lines.get((key.lower(), "x-evidence"))
            item = with_policy(item, check_url(item.url, hosts, path, key, line), path, key, line)
        labelled.append(item)
    return online, labelled


def _check_duplicates(path: Path, text: str) -> None:
    seen: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = re.match(r"\s*@\w+\s*\{\s*([^,\s]+)\s*,", line)
        if match:
            key = match.group(1).lower()
            if key in seen:
                raise SourceError(path, f"duplicate key '{match.group(1)}' (first defined on line {seen[key]})", number)
            seen[key] = number


def parse_bibliography(text: str, path: Path, hosts: dict[str, Host]) -> Bibliography:
    """Every entry checked: works with title and author, notes with a status and known works, and
    every address (a work's `url`, each `x-evidence` item) http(s) on a host of the source policy."""
    _check_duplicates(path, text)
    strict = pybtex.errors.strict  # pybtex's switch is process-wide: strict for our parse only
    pybtex.errors.set_strict_mode(True)
    try:
        # pybtex's BibTeX parser itself: parse_string(text, "bibtex") finds this same class by a scan of
        # every installed package's entry points, on each call.
        data = BibTeXParser().parse_string(text)
    except PybtexSyntaxError as error:
        raise SourceError(path, f"malformed entry: {error}", getattr(error, "lineno", None)) from error
    except pybtex.database.BibliographyDataError as error:
        raise SourceError(path, f"bad entry: {error}") from error
    finally:
        pybtex.errors.set_strict_mode(strict)
    lines = _entry_lines(text)
    field_lines = _field_lines(text)

    works: dict[str, Work] = {}
    raw_notes = {}
    for key, entry in data.entries.items():
        line = lines.get(key.lower(), 0)
        fields = {name.lower(): str(value) for name, value in entry.fields.items()}
        note_match = NOTE_KEY.match(key)
        if note_match:
            number = int(note_match.group(1))
            if number in raw_notes:  # note07 and note7: one would be dropped without a word
                first_key, _, _, first_line = raw_notes[number]
                raise SourceError(
                    path, f"note entries '{first_key}' (line {first_line}) and '{key}' are both note {number}: keep one", line
                )
            raw_notes[number] = (key, fields, [*entry.fields, *entry.persons], line)
            continue
        if "x-status" in fields:
            raise SourceError(path, f"work '{key}' has x-status: status belongs to the note entries", line)
        for name in sorted(entry.fields, key=str.lower):  # a misspelt x-unverified would print an unverified field as fact
            if name.lower().startswith("x-") and name.lower() not in WORK_X_FIELDS:
                raise SourceError(
                    path,
                    f"work '{key}' has field '{name}': {did_you_mean(name.lower(), sorted(WORK_X_FIELDS))}a work takes only "
                    f"{' and '.join(sorted(WORK_X_FIELDS))} among the x- fields (is it misspelt?)",
                    field_lines.get((key.lower(), name.lower()), line),
                )
        _refuse_unread_fields(path, key, [*entry.fields, *entry.persons], field_lines, line)
        if not fields.get("title"):
            raise SourceError(path, f"work '{key}' has no title", line)
        if not entry.persons.get("author"):
            raise SourceError(path, f"work '{key}' has no author", line)
        unverified = {f.strip().lower() for f in fields.get("x-unverified", "").split(",") if f.strip()}
        names = sorted(unverified & PERSON_FIELDS)
        if names:
            raise SourceError(
                path,
                f"work '{key}': x-unverified names {', '.join(repr(n) for n in names)}, but {UNVERIFIED_NAMES}",
                field_lines.get((key.lower(), "x-unverified"), line),
            )
        known = {name for name in fields if not name.startswith("x-")}
        unknown = sorted(unverified - known)
        if unknown:
            raise SourceError(
                path,
                f"work '{key}': x-unverified names {', '.join(repr(u) for u in unknown)}, not a field of this entry "
                f"(its fields: {', '.join(sorted(known))}); a misspelt name would print the unverified field as fact",
                field_lines.get((key.lower(), "x-unverified"), line),
            )
        evidence = parse_evidence(fields.get("x-evidence", ""), path, key, field_lines.get((key.lower(), "x-evidence"), line))
        online, evidence = _check_addresses(path, key, fields, evidence, hosts, field_lines)
        works[key] = Work(
            key=key,
            type=entry.type.lower(),
            fields={k: decode_latex(v) for k, v in fields.items() if not k.startswith("x-") and k != "translator"},
            authors=_names(entry.persons["author"]),
            translators=_names(entry.persons.get("translator") or _persons(fields.get("translator", ""))),
            unverified=unverified,
            evidence=evidence,
            line=line,
            online=online,
        )

    notes: dict[int, Note] = {}
    for number in sorted(raw_notes):
        key, fields, written, line = raw_notes[number]
        if key != f"note{number}":
            raise SourceError(path, f"note key '{key}' should be 'note{number}'", line)
        # written: the field names and person roles (author, editor: pybtex keeps them apart from the fields,
        # so they would be dropped without a word) as the file spells them
        unknown_fields = sorted((name for name in written if name.lower() not in NOTE_FIELDS), key=str.lower)
        if unknown_fields:  # named as written, at the field's line, with the field it was likely meant to be
            name = unknown_fields[0]
            raise SourceError(
                path,
                f"note '{key}' has the field '{name}', which notes do not take: {did_you_mean(name.lower(), sorted(NOTE_FIELDS))}"
                f"(a note takes {', '.join(sorted(NOTE_FIELDS))})",
                field_lines.get((key.lower(), name.lower()), line),
            )
        status = fields.get("x-status", "").strip()
        if not status:
            raise SourceError(path, f"note '{key}' has no x-status (say how sure we are of its source)", line)
        if status not in STATUSES:
            raise SourceError(path, f"note '{key}' has x-status '{status}', not one of {', '.join(STATUSES)}", line)
        if not fields.get("x-essay-says", "").strip():
            raise SourceError(path, f"note '{key}' has no x-essay-says", line)
        cited = []
        for work_key in (k.strip() for k in fields.get("x-works", "").split(",") if k.strip()):
            if work_key not in works:
                raise SourceError(path, f"note '{key}' cites unknown key '{work_key}'", line)
            cited.append(works[work_key])
        if status != "unidentified" and not cited:
            raise SourceError(path, f"note '{key}' is '{status}' but cites no work in x-works", line)
        evidence = parse_evidence(fields.get("x-evidence", ""), path, key, field_lines.get((key.lower(), "x-evidence"), line))
        _, evidence = _check_addresses(path, key, fields, evidence, hosts, field_lines)
        notes[number] = Note(
            number=number,
            works=cited,
            locator=decode_latex(fields.get("x-locator", "")),
            status=status,
            essay_says=decode_latex(fields["x-essay-says"]),
            comment=decode_latex(fields.get("x-comment", "")),
            evidence=evidence,
            line=line,
        )
    bibliography = Bibliography(works, notes)
    for key, work in works.items():
        if not bibliography.citing_notes(key):
            raise SourceError(path, f"work '{key}' is cited by no note", work.line)
    return bibliography


ESSAY_PARAGRAPH = re.compile(r"¶(\d+)")  # a ¶ of the essay named in an evidence label


def check_essay_paragraphs(bibliography: Bibliography, essay_url: str, total: int, path: Path) -> None:
    """Every ¶ named in the label of a note's evidence from the essay itself is one of its ¶1–¶total:
    the note page links each to this edition's chapter that has it."""
    for note in bibliography.notes.values():
        for item in note.evidence:
            if item.url != essay_url:
                continue
            for number in map(int, ESSAY_PARAGRAPH.findall(item.label)):
                if not 1 <= number <= total:
                    raise SourceError(
                        path,
                        f"note '{note_key(note.number)}': the evidence label '{item.label}' names ¶{number}, "
                        f"but the essay has ¶1–¶{total}",
                        note.line,
                    )


def check_note_numbers(bibliography: Bibliography, markers: int, path: Path = BIB_PATH) -> None:
    """One note entry for each published marker, numbered 1…N without a gap."""
    numbers = sorted(bibliography.notes)
    expected = list(range(1, markers + 1))
    missing = sorted(set(expected) - set(numbers))
    extra = sorted(set(numbers) - set(expected))
    if missing:
        raise SourceError(path, f"no entry for note(s) {', '.join(map(str, missing))}: a gap in the note numbers")
    if extra:
        raise SourceError(path, f"entries for note(s) {', '.join(map(str, extra))} the essay does not have")


def load_bibliography(path: Path, hosts: dict[str, Host]) -> Bibliography:
    if not path.exists():
        raise SourceError(path, "file not found")
    return parse_bibliography(path.read_text(encoding="utf-8"), path, hosts)


def note_key(number: int) -> str:
    return f"note{number}"
