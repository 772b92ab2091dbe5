"""The edition's build logic: plain, tested functions; MkDocs only calls them through `mkdocs_hooks.py`."""
