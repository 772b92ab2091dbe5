"""Defer the imports that the build's plugins make but our build never uses.

mkdocs-bibtex (archived at 4.4.0, and the user's choice of resolver) imports `requests` at module
level only to download a remote `bib_file` or `csl_file`, and `pypandoc` only for a CSL style; this
edition has neither (`footnotes.bib` is local). `requests`, with urllib3, ssl and charset_normalizer,
takes about 40 ms to import, 4% of a whole build. A stand-in module takes its place in sys.modules
until something reads one of its attributes; then the real module is imported as usual and the
stand-in passes every attribute on to it, so the plugin behaves exactly as before.

(The standard library's `importlib.util.LazyLoader` does not serve here on Python 3.11: the plugin's
own `import requests` reads the module's `__spec__`, which makes LazyLoader import it at once.)

MkDocs imports the Markdown extensions named in mkdocs.yml (ours is `edition.web.note_numbers`), and so
this package, before it loads the plugins; the package defers these imports when it is imported.
tests/test_hooks.py checks both halves: loading mkdocs.yml imports neither, and the plugin's
`requests` still works.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types

UNUSED_PLUGIN_IMPORTS = ("requests", "pypandoc")


class DeferredModule(types.ModuleType):
    """Stands in for a module in sys.modules until one of its attributes is read."""

    def __getattr__(self, attribute: str):
        real = self.__dict__.get("_deferred_real")
        if real is None:
            if sys.modules.get(self.__name__) is self:
                del sys.modules[self.__name__]
            real = importlib.import_module(self.__name__)
            self.__dict__["_deferred_real"] = real
        return getattr(real, attribute)


def defer(name: str) -> None:
    """Put a stand-in for `name` in sys.modules; nothing if it is imported already or not installed."""
    if name in sys.modules or importlib.util.find_spec(name) is None:
        return
    sys.modules[name] = DeferredModule(name)


def defer_unused_plugin_imports() -> None:
    for name in UNUSED_PLUGIN_IMPORTS:
        defer(name)
