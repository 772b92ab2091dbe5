"""The edition's build logic: plain, tested functions; MkDocs only calls them through `mkdocs_hooks.py`."""

from edition.deferred_imports import defer_unused_plugin_imports

defer_unused_plugin_imports()  # before MkDocs loads the plugins (see edition/deferred_imports.py)
