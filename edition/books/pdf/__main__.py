"""python -m edition.books.pdf SITE_DIR [SITE_URL] [WORKERS]"""

from __future__ import annotations

import time
from pathlib import Path

from edition.books.pdf import render_pdfs

if __name__ == "__main__":  # python -m edition.books.pdf SITE_DIR [SITE_URL] [WORKERS]
    import sys

    start = time.perf_counter()
    from edition.sources.project import load_project

    made = render_pdfs(
        Path(sys.argv[1]),
        sys.argv[2] if len(sys.argv) > 2 else "http://127.0.0.1:8000/",
        load_project(),
        int(sys.argv[3]) if len(sys.argv) > 3 else None,
    )
    elapsed = time.perf_counter() - start
    for pdf_made in made:
        print(f"{pdf_made.path}  {pdf_made.seconds:.2f} s  {pdf_made.path.stat().st_size / 1024:.0f} KB"
              + (f"  ({pdf_made.layouts} layouts)" if pdf_made.layouts > 1 else ""))
    print(f"{len(made)} PDFs in {elapsed:.2f} s")
