#!/usr/bin/env python3
"""Regenerate the pages built from sources/ and the cross-links between the uses of “bureaucracy” (--check: only report)."""

import sys

from edition.pages.generate import main

if __name__ == "__main__":
    sys.exit(main())
