"""A `"`, a `<` or an `&` in any source text is printed as text in every page, the nav, the PDFs'
documents and the EPUB, or refused with the file and the line (review 3, #15).

One build of a copy of the project whose sources carry `<x-inj>"Q"&amp;` in a glossary term and
definition, a timeline event, a sense's label and a note's comment (in BibTeX the `&` is written
`\\&`, as LaTeX wants). Nothing may come out as an element, and the words must be there as written.

The same build carries `x-pipe | *em* _u_` in the text that goes into a table cell or a fragment made
in code (a host's name and partisan label on the About page, a sense's short label and a stage's label
in the Senses table, a use's reading in the concordance, a change's area on the Revisions page): a `|`
must not end a cell, nor `*` or `_` make emphasis."""

import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import lxml.etree
import lxml.html
import pytest

from edition.errors import SourceError
from edition.sources import paths, revisions
from edition.sources.project import load_project

pytestmark = pytest.mark.site  # a real generate and `mkdocs build` of a copy, in subprocesses

ROOT = Path(__file__).resolve().parent.parent
MARK = '<x-inj>"Q"&amp;'
EDITS = [  # (file, text, the same text with the mark)
    ("sources/glossary.yml", "    term: Sergei Kirov\n", "    term: 'Sergei Kirov <x-inj>\"Q\"&amp;'\n"),
    ("sources/glossary.yml", "      Sergei Kirov (1886–1934), Bolshevik", "      Sergei Kirov <x-inj>\"Q\"&amp; (1886–1934), Bolshevik"),
    ("sources/timeline.yml", '    event: "Lenin writes The State and Revolution"', "    event: 'Lenin writes <x-inj>\"Q\"&amp; The State and Revolution'"),
    ("sources/senses.yml", "    label: Bureaucratism in the state and the party", "    label: 'Bureaucratism <x-inj>\"Q\"&amp; in the state and the party'"),
    ("footnotes.bib", "x-comment    = {The edition has not identified", "x-comment    = {The edition <x-inj>\"Q\"\\&amp; has not identified"),
    ("sources/source-policy.yml", "    name: Encyclopaedia Britannica\n", "    name: 'Encyclopaedia Britannica x-pipe | *em* _u_'\n"),
    ("sources/source-policy.yml", "    partisan: Soviet official reference work\n", "    partisan: 'Soviet official x-pipe | *em* _u_ reference work'\n"),
    ("sources/senses.yml", "    short: Red tape and inefficiency\n", "    short: 'Red tape x-pipe | *em* _u_'\n"),
    ("sources/senses.yml", "    label: The word and the topic\n", "    label: 'The word x-pipe | *em* _u_ and the topic'\n"),
    ("sources/sense-uses.yml", '    why: "Title: the Soviet', '    why: "Title x-pipe | *em* _u_: the Soviet'),
    ("sources/revisions.yml", "      - area: notes\n", "      - area: 'notes x-pipe | *em* _u_'\n"),
]
PIPE_MARK = "x-pipe | *em* _u_"


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "BUILD_PDFS": "false", "SOURCE_DATE_EPOCH": "1471564800"}
    env.pop("SITE_URL", None)
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True)


@pytest.fixture(scope="module")
def marked(tmp_path_factory) -> tuple[Path, Path]:
    """(the marked copy of the project, its built site)."""
    root = tmp_path_factory.mktemp("marked") / "project"
    for name in ("docs", "sources", "edition", "overrides"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "hooks.py", "footnotes.bib", "tests/public-urls.txt"):
        (root / name).parent.mkdir(exist_ok=True)
        shutil.copy(ROOT / name, root / name)
    for name, old, new in EDITS:
        path = root / name
        text = path.read_text(encoding="utf-8")
        if old not in text:
            pytest.skip(f"{name} no longer has {old.strip()!r}: update EDITS")
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    log = root / "sources" / "revisions.yml"  # a change to the sources is logged: the newest entry's digest
    digest = revisions.digest(revisions.annotation_files(root), root)
    log.write_text(re.sub(r"digest: [0-9a-f]{64}", f"digest: {digest}", log.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    generated = run(["-c", "import sys; from edition.pages.generate import main; sys.exit(main([]))"], root)
    assert generated.returncode == 0, generated.stdout + generated.stderr
    built = run(["-m", "mkdocs", "build", "--strict", "-q", "--site-dir", str(root / "site")], root)
    assert built.returncode == 0, built.stdout + built.stderr
    return root, root / "site"


def marked_text(tree) -> list[str]:
    return [t for t in tree.xpath("//text()") if "x-inj" in t]


def test_the_mark_is_text_in_every_page_and_never_an_element(marked):
    _, site = marked
    elements, with_text = [], set()
    for page in sorted(site.rglob("*.html")):
        tree = lxml.html.parse(str(page))
        elements += [page.relative_to(site).as_posix() for _ in tree.xpath("//x-inj")]
        if any(MARK in t for t in marked_text(tree)):
            with_text.add(page.relative_to(site).parent.as_posix())
    assert elements == []
    assert {"glossary", "timeline", "senses", "notes/1"} <= with_text, sorted(with_text)


def test_attributes_carry_the_mark_escaped(marked):
    """Tooltips (title, data-definition) and labels: the attribute holds the words, the tag stays whole."""
    _, site = marked
    values = [value for page in sorted(site.rglob("*.html")) for element in lxml.html.parse(str(page)).iter()
              if isinstance(element.tag, str) for value in element.attrib.values() if "x-inj" in value]
    assert values and all('<x-inj>"Q"&' in value for value in values), values[:3]


def test_a_pipe_or_emphasis_mark_in_source_text_neither_ends_a_table_cell_nor_makes_emphasis(marked):
    """Every text with the pipe mark has it whole (a `|` that ended a cell, or `*`/`_` read as emphasis,
    would split it), and the pages that show it in a table show it in one cell."""
    _, site = marked
    broken, cells = [], set()
    for page in sorted(site.rglob("*.html")):
        tree = lxml.html.parse(str(page))
        name = page.relative_to(site).parent.as_posix()
        broken += [(name, text) for text in tree.xpath("//text()") if "x-pipe" in text and PIPE_MARK not in text]
        cells |= {name for cell in tree.xpath("//td") if PIPE_MARK in cell.text_content()}
    assert broken == []
    assert {"about", "senses", "revisions"} <= cells, sorted(cells)


def test_the_epub_and_the_pdf_documents_print_the_mark_as_text(marked):
    from edition.books import builtpages
    from edition.books.epub import build_epub
    from edition.books.pdf import documents

    root, site = marked
    project = load_project(root)
    with zipfile.ZipFile(io.BytesIO(build_epub(site, "https://example.org/ed/", project))) as book:
        xhtml = {name: book.read(name) for name in book.namelist() if name.endswith(".xhtml")}
    trees = {name: lxml.etree.fromstring(data) for name, data in xhtml.items()}  # well-formed XML, or this fails
    assert not [name for name, tree in trees.items() if tree.xpath("//*[local-name()='x-inj']")]
    assert [name for name, tree in trees.items() if any('<x-inj>"Q"&' in t for t in tree.xpath("//text()"))]

    facts = builtpages.edition_facts(project.edition)
    for chapter in project.chapters:
        content = documents.extract_chapter(site / chapter.slug / "index.html", chapter.slug, chapter.number,
                                            chapter.title, chapter.years, "https://example.org/ed/")
        tree = lxml.html.fromstring(documents.chapter_html(content, len(project.chapters), facts, builtpages.build_date()))
        assert tree.xpath("//x-inj") == [], chapter.slug


def test_a_straight_quote_in_a_chapter_title_is_refused_with_its_line(tmp_path):
    path = tmp_path / "chapters.yml"
    text = (ROOT / "sources" / "chapters.yml").read_text(encoding="utf-8")
    path.write_text(text.replace("title: Bureaucratism, class and Thermidor", 'title: \'Bureaucratism, "class" <and> Thermidor\''), encoding="utf-8")
    from edition.sources.chapters import load_chapters
    from edition.sources.essay import load_essay

    with pytest.raises(SourceError, match=r"chapters\.yml:\d+: the title .* has '\"'"):
        load_chapters(load_essay(ROOT / paths.ESSAY), path)
