"""MkDocs loads this file (mkdocs.yml `hooks:`); the hooks themselves are in edition/web/hooks.py."""

from edition.web.hooks import *  # noqa: F403  (the on_* events MkDocs looks for)
