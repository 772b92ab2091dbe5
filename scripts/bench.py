#!/usr/bin/env python3
"""Print the speed and size figures: build time against plain Material, page weight, PDF time."""

import sys

from edition.tools.bench import main

if __name__ == "__main__":
    sys.exit(main())
