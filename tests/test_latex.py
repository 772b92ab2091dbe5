"""The fast LaTeX decoder gives exactly what pylatexenc gives, and leaves everything else to it."""

import itertools
import random
from pathlib import Path

import pybtex.database
import pytest

from edition.sources import paths
from edition.sources.bibliography import load_bibliography
from edition.sources.latex import _latex_converter, by_pylatexenc, decode_latex, decode_simple
from edition.sources.policy import load_policy

ROOT = Path(__file__).resolve().parent.parent

# The LaTeX footnotes.bib uses, its edge cases, and plain text and whitespace around them.
PIECES = ["a", " ", "\n", "\t", "'", "''", "`", "``", "-", "--", "---", "----", "{", "}", "\\&", "\\%", "%", "!", "?"]


def bibliography_values() -> list[str]:
    data = pybtex.database.parse_file(str(ROOT / paths.BIBLIOGRAPHY), bib_format="bibtex")
    values = [str(v) for entry in data.entries.values() for v in entry.fields.values()]
    for entry in data.entries.values():  # the names, as bibliography._names decodes them
        for person in itertools.chain.from_iterable(entry.persons.values()):
            values.append(" ".join(person.first_names + person.middle_names))
            values.append(" ".join(person.prelast_names + person.last_names))
    return values


def test_every_value_of_footnotes_bib_decodes_as_pylatexenc_decodes_it():
    values = bibliography_values()
    assert any("``" in v for v in values) and any("--" in v for v in values) and any("{" in v for v in values)
    for value in values:
        assert decode_latex(value) == by_pylatexenc(value), value


def test_reading_footnotes_bib_needs_no_pylatexenc():
    """Every value the bibliography decodes takes the fast path (pylatexenc's converter is never built)."""
    _latex_converter.cache_clear()
    load_bibliography(ROOT / paths.BIBLIOGRAPHY, load_policy(ROOT / paths.SOURCE_POLICY))
    assert _latex_converter.cache_info().currsize == 0


def combinations() -> list[str]:
    """Every mix of up to three pieces, and a fixed sample of longer ones."""
    short = ["".join(mix) for n in (1, 2, 3) for mix in itertools.product(PIECES, repeat=n)]
    rng = random.Random(20)  # fixed: the same strings on every run
    return short + ["".join(rng.choices(PIECES, k=rng.randint(4, 12))) for _ in range(1500)]


def test_the_fast_decoder_agrees_with_pylatexenc_on_every_mix_of_its_pieces():
    checked = 0
    for value in combinations():
        fast = decode_simple(value)
        if fast is None:  # unbalanced braces, or !` and ?` (pylatexenc's ¡ and ¿)
            continue
        assert fast == by_pylatexenc(value), repr(value)
        checked += 1
    assert checked > 5_000


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("''", "”"), ("'''", "”'"), ("`", "`"), ("```", "“`"), ("----", "—-"), ("-----", "—–"),
        ("-{}-", "--"), ("{--}", "–"), ("{{a}b}", "ab"), ("a { } b", "a b"), ("50% \\& 10\\%", "50% & 10%"),
        ("  ``Thermidor''\n\n---  ", "“Thermidor” —"),
    ],
)
def test_edge_cases_decode_as_pylatexenc_decodes_them(value, expected):
    assert decode_simple(value) == expected == by_pylatexenc(value)


@pytest.mark.parametrize(
    "value",
    ["G{\\\"o}del", "\\emph{Pravda}", "a~b", "$x$", "a & b", "a\\\\b", "a\\\\%b", "\\{", "x\\", "{a", "a}", "}{",
     "!``", "?`", "#1", "a_b", "x^2"],
)
def test_anything_else_goes_to_pylatexenc(value):
    assert decode_simple(value) is None
    assert decode_latex(value) == by_pylatexenc(value)
