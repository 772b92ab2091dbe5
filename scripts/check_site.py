#!/usr/bin/env python3
"""Check a built site: every internal link and anchor resolves, no id repeats, nothing is left unrendered."""

import sys

from edition.web.linkcheck import main

if __name__ == "__main__":
    sys.exit(main())
