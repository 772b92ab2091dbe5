"""The edition's build logic, in layers that follow the data flow (README: "Where the code is"):
sources → annotate → pages → web / books; tools apart. MkDocs calls it only through `edition/web/hooks.py`."""

from edition.web.deferred_imports import defer_unused_plugin_imports

defer_unused_plugin_imports()  # before MkDocs loads the plugins (see edition/web/deferred_imports.py)
