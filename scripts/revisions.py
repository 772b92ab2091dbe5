#!/usr/bin/env python3
"""Check the revisions log against the annotation sources (--digest: print the digest for a new entry)."""

import sys

from edition.sources.revisions import main

if __name__ == "__main__":
    sys.exit(main())
