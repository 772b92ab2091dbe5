"""1. The sources model: each file under sources/ (and footnotes.bib) read and cross-checked; no HTML, no MkDocs."""
