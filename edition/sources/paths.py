"""Where the project's files are: the one place a source file is named.

Every loader takes its path as an argument with one of these as the default, so a test can point it
at a file of its own.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
SOURCES = ROOT / "sources"
DOCS = ROOT / "docs"
BIBLIOGRAPHY = ROOT / "footnotes.bib"
CONFIG = ROOT / "mkdocs.yml"

ESSAY = SOURCES / "twiss-2016.txt"
EDITION = SOURCES / "edition.yml"
CHAPTERS = SOURCES / "chapters.yml"
SENSES = SOURCES / "senses.yml"
SENSE_USES = SOURCES / "sense-uses.yml"
GLOSSARY = SOURCES / "glossary.yml"
TIMELINE = SOURCES / "timeline.yml"
REVISIONS = SOURCES / "revisions.yml"
SOURCE_POLICY = SOURCES / "source-policy.yml"
QUESTIONS = SOURCES / "questions.yml"
