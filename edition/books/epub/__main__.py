"""python -m edition.books.epub SITE_DIR [SITE_URL]"""

from __future__ import annotations

from pathlib import Path

from edition.books.epub import make_epub

if __name__ == "__main__":  # python -m edition.books.epub SITE_DIR [SITE_URL]
    import sys

    from edition.sources.project import load_project

    path = make_epub(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "http://127.0.0.1:8000/", load_project())
    print(f"{path}  {path.stat().st_size / 1024:.0f} KB")
