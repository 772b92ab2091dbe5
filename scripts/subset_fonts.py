#!/usr/bin/env python3
"""Subset and rename the OFL fonts into docs/assets/fonts (run after changing the glyphs the site needs)."""

import sys

from edition.tools.fonts import main

if __name__ == "__main__":
    sys.exit(main())
