"""The edition's build logic, in layers that follow the data flow (README: "Where the code is"):
sources → annotate → pages → web / books; tools apart. MkDocs calls it only through `edition/web/hooks.py`.

Importing the package has no side effects."""
