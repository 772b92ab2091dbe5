"""BibTeX's LaTeX as Unicode text: pylatexenc, with a fast exact path for the little LaTeX footnotes.bib uses.

pylatexenc parses a value in about 4 ms, and every build decodes the bibliography. Its values use only
quote and dash ligatures (``…'', --, ---), braces and \\& (or \\%); decode_simple gives, for exactly those,
what pylatexenc gives (tests/test_latex.py compares the two on every value of footnotes.bib and on every
short mix of the pieces). Anything else (a macro, an accent, ~, $, unbalanced braces …) goes to pylatexenc.
"""

from __future__ import annotations

import functools
import re

# decode_latex marks \emph{…} with these private-use characters; inline HTML shows them as <i>…</i>.
ITALIC_START, ITALIC_END = "\ue000", "\ue001"


@functools.cache  # built on first use, and only if a value needs it
def _latex_converter():
    """pylatexenc's LaTeX-to-text, with \\emph and \\textit kept as italics (see markup.ITALIC_*)."""
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    context = get_default_latex_context_db()
    italics = [MacroTextSpec(name, simplify_repl=f"{ITALIC_START}%s{ITALIC_END}") for name in ("emph", "textit", "textsl")]
    context.add_context_category("edition-italics", prepend=True, macros=italics)
    return LatexNodes2Text(latex_context=context, math_mode="verbatim")


def by_pylatexenc(value: str) -> str:
    """The value as pylatexenc reads it, whitespace runs made one space. A bare % is literal in a BibTeX
    value but a comment in LaTeX, so it is escaped first."""
    text = _latex_converter().latex_to_text(re.sub(r"(?<!\\)%", r"\\%", value))
    return re.sub(r"\s+", " ", text).strip()


# What decode_simple reads: text without LaTeX's special characters (but ` ' - %), braces, \& and \%.
# `!`` and `?`` are pylatexenc's inverted ¡ and ¿: left to it.
_SIMPLE = re.compile(r"(?:[^\\$~&#^_]|\\[&%])*")
_INVERTED = re.compile(r"[!?]`")
# pylatexenc's ligatures, matched as it does: from the left, the longest first (---- is — then -).
_LIGATURE = re.compile(r"---|--|``|''|\\[&%]")
_LIGATURES = {"---": "\N{EM DASH}", "--": "\N{EN DASH}", "``": "\N{LEFT DOUBLE QUOTATION MARK}",
              "''": "\N{RIGHT DOUBLE QUOTATION MARK}", r"\&": "&", r"\%": "%"}


def _ligatures(text: str) -> str:
    return _LIGATURE.sub(lambda m: _LIGATURES[m.group(0)], text)


def decode_simple(value: str) -> str | None:
    """The value decoded as pylatexenc would, if it holds only the simple LaTeX above; else None."""
    if not _SIMPLE.fullmatch(value) or _INVERTED.search(value):
        return None
    depth = 0
    for brace in re.findall(r"[{}]", value):
        depth += 1 if brace == "{" else -1
        if depth < 0:
            return None
    if depth:
        return None
    # A brace ends a ligature ({--} is a dash, -{}- two hyphens): each stretch between braces on its own.
    text = "".join(_ligatures(part) for part in re.split(r"[{}]", value))
    return re.sub(r"\s+", " ", text).strip()


def decode_latex(value: str) -> str:
    """BibTeX's LaTeX as Unicode text (G{\\"o}del -> Gödel, --- -> an em dash), whitespace runs made one space."""
    simple = decode_simple(value)
    return simple if simple is not None else by_pylatexenc(value)
