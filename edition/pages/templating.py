"""Page text from Jinja2 templates (edition/pages/templates/), with autoescape on.

A value put into a template is escaped for the Markdown-with-inline-HTML our pages are made of
(markup.escape_html_text: `<`, `&` and quotes for HTML, and `*`, `_`, `[`, `]`, backticks and
backslashes for Markdown), so no character in a source text can open a tag, close an attribute or
start Markdown syntax. Text that is already Markdown or HTML (an annotated paragraph, a table made
elsewhere) is passed in as `Markup`, on purpose. An unknown variable is an error, never an empty
string (StrictUndefined). The front matter is not a template: it is YAML, written by the YAML dumper
(common.front_matter).
"""

from __future__ import annotations

from functools import cache

import jinja2
from markupsafe import Markup

from edition.annotate.markup import escape_html_text, escape_table_cell

__all__ = ["TEMPLATES", "TEMPLATE_SUFFIX", "Markup", "render_template"]

TEMPLATES = "templates"  # the folder of edition/pages that holds them
TEMPLATE_SUFFIX = ".j2"  # the only files loaded as templates: the generation stamp digests these (stamp.py)


def _escaped(value: object) -> object:
    """Every value printed: Markup as it is, anything else escaped for HTML and Markdown at once."""
    return value if isinstance(value, Markup) else Markup(escape_html_text(str(value)))


def _quoted(value: object) -> Markup:
    """A title set in double quotes (“…”): quotation marks inside it become single ones (‘…’), as
    nested quotations are set, so “‘A revolution …’: …” never reads ““A revolution …”."""
    inner = str(value).replace("“", "‘").replace("”", "’")
    return Markup("“") + Markup(escape_html_text(inner)) + Markup("”")


def _cell(value: object) -> Markup:
    """A table cell's text: escaped, and `|` too (it would end the cell)."""
    return Markup(escape_table_cell(str(value)))


class SuffixLoader(jinja2.PackageLoader):
    """A package's templates, only the files named *.j2: a stray file beside them (an editor's backup,
    an .orig) is not in the generation stamp, so it must not reach a page, even by {% include %}."""

    def get_source(self, environment: jinja2.Environment, template: str):
        if not template.endswith(TEMPLATE_SUFFIX):
            raise jinja2.TemplateNotFound(f"{template} (a template's name ends in {TEMPLATE_SUFFIX})")
        return super().get_source(environment, template)

    def list_templates(self) -> list[str]:
        return [name for name in super().list_templates() if name.endswith(TEMPLATE_SUFFIX)]


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=SuffixLoader("edition.pages", TEMPLATES),
        autoescape=True,
        finalize=_escaped,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["cell"] = _cell
    environment.filters["quoted"] = _quoted
    return environment


def render_template(name: str, **values: object) -> str:
    """The template `name` (in edition/pages/templates/) filled with values, escaped."""
    return _environment().get_template(name).render(**values)
