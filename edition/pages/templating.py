"""Page text from Jinja2 templates (edition/pages/templates/), with autoescape on.

A value put into a template is HTML-escaped (`<`, `&`, `"`), so a quote or a `<` in any source text
can never open a tag or close an attribute; text that is already Markdown or HTML (an annotated
paragraph, a table made elsewhere) is passed in as `Markup`, on purpose. An unknown variable is an
error, never an empty string (StrictUndefined). The front matter is not a template: it is YAML,
written by the YAML dumper (common.front_matter).
"""

from __future__ import annotations

from functools import cache

import jinja2
from markupsafe import Markup

__all__ = ["Markup", "render_template"]


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("edition.pages", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_template(name: str, **values: object) -> str:
    """The template `name` (in edition/pages/templates/) filled with values, escaped."""
    return _environment().get_template(name).render(**values)
