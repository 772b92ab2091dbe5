"""A mistyped key in a curated source is refused with the file, the key's line and a hint, never dropped.

Each case mistypes the first occurrence of one key in a copy of a real source file and loads it with
that file's loader: the error names the copy, the line the key is on and the key it was meant to be."""

import json
import re
from pathlib import Path

import pytest
from markupsafe import escape as esc

from edition.errors import SourceError
from edition.pages import chicago, notes
from edition.sources import bibliography, chapters, facts, glossary, paths, policy, questions, revisions, senses, timeline
from edition.sources.essay import load_essay
from edition.sources.yamlfile import load_yaml
from edition.web import records

ROOT = Path(__file__).resolve().parent.parent
ESSAY = load_essay(ROOT / paths.ESSAY)
HOSTS = policy.load_policy(ROOT / paths.SOURCE_POLICY)
CHAPTERS = chapters.load_chapters(ESSAY, ROOT / paths.CHAPTERS)
SENSES = senses.load_senses(ROOT / paths.SENSES, len(ESSAY.paragraphs))

LOADERS = {  # each source file, read as the build reads it
    paths.GLOSSARY: lambda path: glossary.load_glossary(ESSAY, path, HOSTS),
    paths.TIMELINE: lambda path: timeline.load_timeline(ESSAY, path, HOSTS),
    paths.SENSES: lambda path: (senses.load_senses(path, len(ESSAY.paragraphs)), senses.load_preface(ESSAY, path, HOSTS)),
    paths.SENSE_USES: lambda path: senses.load_uses(ESSAY, SENSES, path),
    paths.QUESTIONS: lambda path: questions.load_questions(ESSAY, CHAPTERS, path),
    paths.CHAPTERS: lambda path: chapters.load_chapters(ESSAY, path),
    paths.EDITION: facts.load_edition,
    paths.REVISIONS: revisions.load_revisions,
    paths.SOURCE_POLICY: lambda path: policy.parse_policy(load_yaml(path), path),
}

CASES = [  # (file, indentation the key has (so a comment or another level's key is not hit), key, typo)
    (paths.GLOSSARY, "", "entries", "entires"),
    (paths.GLOSSARY, "    ", "definition", "defintion"),
    (paths.GLOSSARY, "        ", "meaning", "meanign"),
    (paths.GLOSSARY, "        ", "seen", "sene"),
    (paths.TIMELINE, "    ", "event", "evnet"),
    (paths.TIMELINE, "        ", "supports", "suports"),
    (paths.SENSES, "", "intro", "intr"),
    (paths.SENSES, "    ", "former_label", "formerlabel"),
    (paths.SENSES, "    ", "period", "peroid"),
    (paths.SENSES, "        ", "short", "shrt"),  # a facet's
    (paths.SENSE_USES, "    ", "why", "wyh"),
    (paths.QUESTIONS, "    ", "questions", "qestions"),
    (paths.QUESTIONS, "        ", "question", "questoin"),
    (paths.CHAPTERS, "    ", "summary", "sumary"),
    (paths.EDITION, "", "edition", "editon"),
    (paths.EDITION, "  ", "date_label", "datelabel"),
    (paths.REVISIONS, "    ", "summary", "summry"),
    (paths.REVISIONS, "        ", "what", "waht"),
    (paths.SOURCE_POLICY, "    ", "reviewed", "reveiwed"),
]


def mistype(tmp_path: Path, source: Path, indent: str, key: str, typo: str) -> tuple[Path, int]:
    """A copy of the source with the first `key:` at that indentation (after "- " or not) mistyped,
    and the line it is on."""
    text = (ROOT / source).read_text(encoding="utf-8")
    found = re.search(rf"^{indent}(- )?{key}:", text, re.M) or re.search(rf"^{indent[:-2]}- {key}:", text, re.M)
    assert found, f"{source} has no '{key}:' indented {len(indent)}: update CASES"
    start = found.end() - len(key) - 1
    path = tmp_path / source.name
    path.write_text(text[:start] + typo + text[start + len(key):], encoding="utf-8")
    return path, text.count("\n", 0, start) + 1


@pytest.mark.parametrize(("source", "indent", "key", "typo"), CASES, ids=[f"{c[0].name}-{c[3]}" for c in CASES])
def test_a_mistyped_key_names_the_file_the_line_and_the_key_meant(tmp_path, source, indent, key, typo):
    path, line = mistype(tmp_path, source, indent, key, typo)
    with pytest.raises(SourceError) as error:
        LOADERS[source](path)
    assert str(error.value).startswith(f"{path}:{line}: unknown key '{typo}'"), error.value
    assert f"did you mean '{key}'?" in str(error.value)


NOT_READ = r"work '[\w-]+' has the field '{}', which the edition does not read: "


BIB_CASES = [  # (field, typo, what the error says after the file and line)
    ("x-unverified", "x-unverifed", r"work '[\w-]+' has field 'x-unverifed': did you mean 'x-unverified'\?"),
    ("x-essay-says", "x-essay-sais", r"note 'note\d+' has the field 'x-essay-sais', which notes do not take: did you mean 'x-essay-says'\?"),
    ("x-essay-says", "X-Essay-Sais", r"note 'note\d+' has the field 'X-Essay-Sais', which notes do not take: did you mean 'x-essay-says'\?"),
    ("title", "titel", NOT_READ.format("titel") + r"did you mean 'title'\? \(a work takes address, author, booktitle, doi, "),
    ("title", "Titel", NOT_READ.format("Titel") + r"did you mean 'title'\? "),  # named as the file writes it
    # real BibTeX and biblatex fields get why they are refused, never a guess at a similar name
    ("title", "subtitle", NOT_READ.format("subtitle") + r"the edition prints no subtitle field: put the subtitle in title, after a colon \("),
    ("note", "annote", NOT_READ.format("annote") + r"an annotation for the editors, never published: the edition prints nothing of it, "
     r"and footnotes.bib holds only what the edition prints or keeps for reference"),  # the build publishes no copy of the file
    ("title", "origtitle", NOT_READ.format("origtitle") + r"a citation would print it, and the edition prints it nowhere yet"),
    ("author", "bookauthor", NOT_READ.format("bookauthor") + r"a citation would print it, and the edition prints it nowhere yet"),
    ("volume", "volumes", NOT_READ.format("volumes") + r"a citation would print it, and the edition prints it nowhere yet"),
    ("number", "mrnumber", NOT_READ.format("mrnumber") + r"a reference manager's or a database's field, not part of a citation"),
    # a typo about as near a field the edition takes as a refused name gets both, the one we take first;
    # a typo much nearer a refused name gets only its why; a tie goes to the field the edition takes
    ("note", "anote", NOT_READ.format("anote") + r"did you mean 'note'\? If you meant 'annote': an annotation"),
    ("note", "nnote", NOT_READ.format("nnote") + r"did you mean 'note'\? If you meant 'annote': an annotation"),
    ("title", "subtitel", NOT_READ.format("subtitel") + r"it is close to 'subtitle', which the edition does not take either: the edition prints no subtitle"),
    ("author", "bookauthr", NOT_READ.format("bookauthr") + r"it is close to 'bookauthor', which the edition does not take either: "),
    ("doi", "dio", NOT_READ.format("dio") + r"did you mean 'doi'\? \("),
    ("author", "editor", NOT_READ.format("editor") + r"the edition prints no editor yet: .* printed as the author, without “ed\.”"),
    ("journal", "journaltitle", NOT_READ.format("journaltitle") + r"did you mean 'journal'\? \(biblatex's name for it"),
    ("address", "location", NOT_READ.format("location") + r"did you mean 'address'\? \(biblatex's name for it"),
    ("year", "date", NOT_READ.format("date") + r"did you mean 'year'\? \(the edition reads a date as year and month\)"),
    ("number", "issue", NOT_READ.format("issue") + r"did you mean 'number'\?"),
    ("publisher", "howpublished", NOT_READ.format("howpublished") + r"a citation would print it, and the edition prints it nowhere yet"),
    ("pages", "qqqqq", NOT_READ.format("qqqqq") + r"\(a work takes address, "),  # nothing close: no hint
]


@pytest.mark.parametrize(("field", "typo", "says"), BIB_CASES, ids=[case[1] for case in BIB_CASES])
def test_a_mistyped_bibtex_field_names_its_line_and_the_field_meant(tmp_path, field, typo, says):
    """footnotes.bib's fields, at the field's line: the edition's own (x-…) of a work and of a note, and a
    work's standard BibTeX fields, which are checked against the list of those the edition reads
    (bibliography.WORK_FIELDS; a biblatex name for one of them, or a field it prints nowhere yet, is
    refused with what to write instead)."""
    text = (ROOT / paths.BIBLIOGRAPHY).read_text(encoding="utf-8")
    found = re.search(rf"^\s*{field}\s*=", text, re.M)
    start = text.index(field, found.start())
    path = tmp_path / "footnotes.bib"
    path.write_text(text[:start] + typo + text[start + len(field):], encoding="utf-8")
    with pytest.raises(SourceError, match=rf"^{re.escape(str(path))}:{text.count(chr(10), 0, start) + 1}: {says}"):
        bibliography.load_bibliography(path, HOSTS)


# Every field of biblatex's default data model (biblatex's tex/latex/biblatex/blx-dm.def: its
# \DeclareDatamodelFields, the date parts it makes of each date field, and the BibTeX aliases of the
# biblatex manual's §2.2.5), and BibTeX's own fields.
BIBLATEX_FIELDS = """
    number volume volumes abstract addendum annotation booksubtitle booktitle booktitleaddon chapter edition
    eid entrysubtype eprintclass eprinttype eventtitle eventtitleaddon gender howpublished indexsorttitle
    indextitle isan isbn ismn isrn issn issue issuesubtitle issuetitle issuetitleaddon iswc journalsubtitle
    journaltitle journaltitleaddon label langid langidopts library mainsubtitle maintitle maintitleaddon
    nameaddon note origtitle pagetotal part relatedstring relatedtype reprinttitle series shorthandintro
    subtitle title titleaddon usera userb userc userd usere userf venue version shorthand shortjournal
    shortseries shorttitle sortyear sorttitle sortshorthand sortkey presort institution lista listb listc
    listd liste listf location organization origlocation origpublisher publisher afterword annotator author
    bookauthor commentator editor editora editorb editorc foreword holder introduction namea nameb namec
    translator shortauthor shorteditor sortname authortype editoratype editorbtype editorctype editortype
    bookpagination nameatype namebtype namectype origlanguage pagination pubstate type language crossref xref
    date eventdate origdate urldate doi eprint file verba verbb verbc url xdata ids entryset related keywords
    options relatedoptions pages execute
    year month day endyear endmonth endday eventyear eventmonth eventday eventendyear eventendmonth eventendday
    origyear origmonth origday origendyear origendmonth origendday urlyear urlmonth urlday urlendyear
    urlendmonth urlendday
    address annote archiveprefix journal key pdf primaryclass school
""".split()


@pytest.mark.parametrize(("typo", "refused", "taken"), [
    ("langidd", "langid", None), ("annot", "annote", "note"), ("dat", "date", "urldate"),
    ("journaltitel", "journaltitle", None), ("volums", "volumes", "volume"),  # journaltitle's why names journal
])
def test_a_typo_much_nearer_a_refused_name_gets_that_names_why_first(typo, refused, taken):
    """The why of the refused name leads; a field the edition takes, if one is near, comes after it."""
    hint = bibliography._unread_field_hint(typo)
    assert hint.startswith(f"it is close to '{refused}', which the edition does not take either: ")
    assert hint.count("did you mean") <= 1  # a renamed field's own "did you mean", once
    assert hint.endswith(f"(or, if you meant '{taken}', write that) ") if taken else "if you meant" not in hint
    assert len(re.findall(r"'(\w+)'", hint)) == len(set(re.findall(r"'(\w+)'", hint)))  # no field named twice


@pytest.mark.parametrize("typo", ["anote", "nnote", "aote", "nnte"])
def test_a_typo_about_as_near_note_as_annote_is_offered_both(typo):
    """Within ALMOST_AS_NEAR, compared after rounding (0.8 - 0.75 is a hair over 0.05 in floats)."""
    assert bibliography._unread_field_hint(typo).startswith("did you mean 'note'? If you meant 'annote': ")


@pytest.mark.parametrize("name", BIBLATEX_FIELDS)
def test_every_biblatex_field_is_taken_or_refused_with_why_never_with_a_guess(name):
    """A real field on no list would get difflib's guess at a similar field the edition takes (an
    `origtitle` as 'title', a `bookauthor` as 'author', `volumes` as 'volume'): each is taken, or refused
    with its own why (a biblatex name for a field the edition reads gets that field)."""
    if name in bibliography.WORK_FIELDS:
        return
    hint = bibliography._unread_field_hint(name)
    assert name in bibliography.UNREAD_WORK_FIELDS or name in bibliography.RENAMED_WORK_FIELDS, name
    assert "did you mean" not in hint or name in bibliography.RENAMED_WORK_FIELDS, (name, hint)
    assert "close to" not in hint, (name, hint)


def test_a_work_keeps_its_reference_fields_and_prints_none_of_them(tmp_path):
    """isbn, issn, urldate and language are accepted (bibliography.KEPT_WORK_FIELDS) and printed nowhere
    (no citation, CSL-JSON record or Works cited entry): a Chicago citation of a book or an article gives
    none of them."""
    text = (ROOT / paths.BIBLIOGRAPHY).read_text(encoding="utf-8")
    first = bibliography.load_bibliography(ROOT / paths.BIBLIOGRAPHY, HOSTS).works
    key = next(iter(first))
    opening = re.search(rf"@\w+\{{{key},\n", text)
    kept = "  isbn = {978-0-00-000000-2},\n  issn = {0966-8136},\n  urldate = {2024-01-01},\n  language = {russian},\n"
    path = tmp_path / "footnotes.bib"
    path.write_text(text[: opening.end()] + kept + text[opening.end():], encoding="utf-8")
    work = bibliography.load_bibliography(path, HOSTS).works[key]
    assert {name: work.fields[name] for name in bibliography.KEPT_WORK_FIELDS} == {
        "isbn": "978-0-00-000000-2", "issn": "0966-8136", "urldate": "2024-01-01", "language": "russian"
    }
    assert printed(work) == printed(first[key])


def printed(work: bibliography.Work) -> str:
    """Everything the edition prints of a work: its Chicago forms, its CSL-JSON record (the notes' .json
    files) and its entry on Works cited with the details under it (the note pages)."""
    alone = bibliography.Bibliography({work.key: work}, {})
    return "\n".join([
        chicago.note_form(work),
        chicago.bibliography_form(work),
        json.dumps(records.csl_item(work), ensure_ascii=False),
        notes.works_cited(alone, "Twiss 2016"),
        notes.work_details(work),
    ])


def one_work(kind: str, fields: dict[str, str]) -> bibliography.Work:
    """The work of a footnotes.bib made of one entry with these fields, loaded as the build loads it."""
    lines = "".join(f"  {name} = {{{value}}},\n" for name, value in fields.items())
    text = (
        f"@{kind}{{work,\n{lines}}}\n"
        "@misc{note1,\n  x-works = {work},\n  x-status = {quote-verified},\n  x-essay-says = {Says.},\n}\n"
    )
    return bibliography.parse_bibliography(text, Path("footnotes.bib"), HOSTS).works["work"]


# A work of each kind the Chicago forms print apart, with a container and a year (a month or a volume
# is printed only beside them); and a new value for each field (an address on a host of the policy).
BASE_WORKS = {
    "book": {"author": "Roe, Ann", "title": "A Title", "year": "1921"},
    "article": {"author": "Roe, Ann", "title": "A Title", "journal": "A Review", "year": "1921"},
    "incollection": {"author": "Roe, Ann", "title": "A Title", "booktitle": "A Book", "year": "1921"},
}
NEW_VALUES = {
    "author": "Zqxv, Ben", "translator": "Zqxv, Tom", "year": "1999", "month": "July", "doi": "10.9999/zqxv",
    "url": "https://www.marxists.org/archive/kollonta/1921/workers-opposition/ch03.htm", "urldate": "2024-01-01",
}


@pytest.mark.parametrize("field", sorted(bibliography.WORK_FIELDS))
def test_every_field_a_work_takes_is_printed_or_listed_as_kept_unprinted(field):
    """A field accepted and printed nowhere would be the silent drop the list exists to prevent (an
    editor beside an author was): each of READ_WORK_FIELDS changes what some kind of work prints, and
    each of KEPT_WORK_FIELDS (kept for reference, with the reason beside the list) changes nothing."""
    changes = [
        kind for kind, base in BASE_WORKS.items()
        if printed(one_work(kind, {**base, field: NEW_VALUES.get(field, "Zqxv")})) != printed(one_work(kind, base))
    ]
    assert bool(changes) == (field in bibliography.READ_WORK_FIELDS), (field, changes)


@pytest.mark.parametrize("field", sorted((bibliography.READ_WORK_FIELDS | bibliography.KEPT_WORK_FIELDS) - bibliography.PERSON_FIELDS))
def test_a_field_listed_in_x_unverified_is_shown_only_as_not_verified(field):
    """Never printed as fact: the value of a field listed in x-unverified appears in no citation, record
    or Works cited entry, and on the note page only in its "Not verified by the editors" line."""
    for kind, base in BASE_WORKS.items():
        value = NEW_VALUES.get(field, "Zqxv")
        work = one_work(kind, {**base, field: value, "x-unverified": field})
        shown = [line for line in printed(work).splitlines() if esc(value) in line or value in line]
        assert shown and all("Not verified by the editors" in line for line in shown), (kind, field, shown)


@pytest.mark.parametrize("names", ["author", "translator", "isbn, Translator"])
def test_x_unverified_refuses_a_name_which_every_citation_prints(names):
    """The Chicago forms, the CSL-JSON records and Works cited print a work's author and translator
    whatever x-unverified says: listing one there would claim the name is held back when it is printed."""
    with pytest.raises(SourceError, match=r"^footnotes.bib:7: work 'work': x-unverified names '(author|translator)', but a "
                       r"work's names are printed in every citation whether verified or not"):
        one_work("book", {**BASE_WORKS["book"], "translator": "Tee, Tom", "isbn": "978-1", "x-unverified": names})


@pytest.mark.parametrize("role", ["author", "Editor"])
def test_a_note_with_a_person_field_is_refused_at_its_line(role):
    """pybtex keeps author and editor apart from the fields: a note's would be dropped without a word."""
    text = (
        "@book{work,\n  author = {Roe, Ann},\n  title = {A Title},\n}\n"
        "@misc{note1,\n  x-works = {work},\n  x-status = {quote-verified},\n"
        f"  {role} = {{Private, Person}},\n  x-essay-says = {{Says.}},\n}}\n"
    )
    with pytest.raises(SourceError, match=rf"^footnotes.bib:8: note 'note1' has the field '{role}', which notes do not take: "):
        bibliography.parse_bibliography(text, Path("footnotes.bib"), HOSTS)


def test_every_loader_has_a_case():
    assert {case[0] for case in CASES} == set(LOADERS)


def test_an_unknown_key_with_nothing_close_gets_no_hint_but_the_keys_allowed(tmp_path):
    path = tmp_path / "glossary.yml"
    path.write_text("entries:\n  - id: kirov\n    term: Kirov\n    zzz: 1\n", encoding="utf-8")
    with pytest.raises(SourceError) as error:
        glossary.load_glossary(ESSAY, path, HOSTS)
    message = str(error.value)
    assert message.startswith(f"{path}:4: unknown key 'zzz' in entry 'kirov': ("), message
    assert "did you mean" not in message
    assert "(the keys read here are id, term, kind, forms, definition, note, sources, meanings)" in message


def test_every_key_of_the_real_sources_is_read():
    """The sources as they are load: none has a key the loaders would refuse (or, before, drop)."""
    for source, load in LOADERS.items():
        load(ROOT / source)
