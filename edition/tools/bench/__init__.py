"""Benchmark the edition: build time against plain Material, PDF time and size, page weight and timing.

Run as `./run bench` (or `.venv/bin/python scripts/bench.py [--runs N] [--json] [--config-file
mkdocs.yml]`) in the project, or give its mkdocs.yml. Speed goals are measured here, never by timed
tests. Every build runs in a fresh copy of the project in a temporary directory; nothing is written
into the project.

Targets, each against plain Material building the same pages in the same run: a build in a fresh
copy with no cache (a clone, CI, gh-deploy) within 1.6x, the same copy rebuilt with nothing changed
within 1.2x; under `mkdocs serve`, an edit of a source shown within 1.2 s, after one rebuild. Each
PDF (every chapter and the whole essay, A4 and Letter) in under 1.5 s and under 300 KB; a chapter
page's first visit at most 135 KB gzipped; Lighthouse (desktop) 100 in performance, accessibility,
best practices and SEO on the home page, a chapter and a note.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from edition.errors import SourceError
from edition.sources import paths
from edition.tools.bench.builds import bench_builds, bench_full_build, chapter_slugs
from edition.tools.bench.common import log
from edition.tools.bench.lighthouse import bench_lighthouse
from edition.tools.bench.pages import bench_pages
from edition.tools.bench.pdfs import bench_pdfs
from edition.tools.bench.report import full_report
from edition.tools.bench.serve import bench_serve

PARTS = ("build", "serve", "full", "pdf", "pages", "lighthouse")


def builds_needed(parts) -> tuple[bool, bool]:
    """(the timed builds, the full build with PDFs) that the parts asked for need: the PDF figures are
    made from our site without PDFs and compared with the full build's; the pages are read from the
    full build's site, or else from ours."""
    full_build = "full" in parts or "pdf" in parts
    return "build" in parts or "pdf" in parts or ("pages" in parts and not full_build), full_build


def run(config_file: Path, runs: int, lighthouse_runs: int = 1, serve_edits: int = 3, parts=PARTS) -> dict:
    """The figures of the parts asked for (all by default), each measured in fresh copies under a
    temporary folder. The PDF and page figures use the sites the build parts made, so asking for
    them alone builds what they need."""
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    results: dict = {}
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        our_site = full_site = None
        timed_builds, full_build = builds_needed(parts)
        if timed_builds:
            log(f"bench: {runs} runs of ours, of plain Material and of ours without hooks, each a fresh copy built cold, then again …")
            results["build"], our_site = bench_builds(work, config_file, runs)
        if "serve" in parts:
            log(f"bench: mkdocs serve, {serve_edits} edits …")
            try:
                results["serve"] = bench_serve(work, config_file, serve_edits)
            except Exception as error:  # a figure like the others: its failure is reported
                results["serve"] = {"ours": {"ok": False, "error": repr(error)}, "plain": {}}
        if full_build:
            log("bench: full build with PDFs …")
            results["full_build"], full_site = bench_full_build(work, config_file)
        if "pdf" in parts:
            log("bench: chapter PDFs …")
            results["pdf"] = bench_pdfs(work, config_file, our_site, full_site)
        if "pages" in parts:
            site = full_site or our_site
            if site is None:
                results["pages"] = "no site was built"
            else:
                log("bench: chapter pages in chromium …")
                try:
                    results["pages"] = bench_pages(site, chapter_slugs(config_file.parent))
                except Exception as error:  # e.g. no chromium: the build figures still stand
                    results["pages"] = f"browser run failed: {error!r}"
        if "lighthouse" in parts:
            log("bench: Lighthouse on the home page, a chapter and a note page …")
            try:
                results["lighthouse"] = bench_lighthouse(work, config_file, chapter_slugs(config_file.parent), lighthouse_runs)
            except Exception as error:  # Lighthouse is a figure like the others: its failure is reported
                results["lighthouse"] = {"skipped": f"Lighthouse failed: {error!r}"}
    return results


def only_parts(value: str) -> tuple[str, ...]:
    """`--only build,serve` -> ("build", "serve"); an unknown part is an error naming the known ones."""
    asked = tuple(part.strip() for part in value.split(",") if part.strip())
    unknown = [part for part in asked if part not in PARTS]
    if unknown or not asked:
        raise argparse.ArgumentTypeError(f"unknown part(s) {', '.join(unknown) or '(none given)'}; choose from {', '.join(PARTS)}")
    return asked


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="fresh copies of each site built (cold, then again) to take the median of (default 3)")
    parser.add_argument("--serve-edits", type=int, default=3, help="edits timed under mkdocs serve (default 3)")
    parser.add_argument("-f", "--config-file", help="the project's mkdocs.yml (default: found from the working directory upwards)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON instead of a table")
    parser.add_argument("--only", type=only_parts, default=PARTS, metavar="PART[,PART]",
                        help=f"measure only these parts, comma-separated: {', '.join(PARTS)} (default: all)")
    parser.add_argument("--lighthouse-runs", type=int, default=1,
                        help="Lighthouse runs of each page to take the median of (default 1)")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.lighthouse_runs < 1 or args.serve_edits < 1:
        parser.error("--runs, --serve-edits and --lighthouse-runs must be at least 1")
    try:
        config_file = paths.find_config(args.config_file)
    except SourceError as error:
        parser.error(str(error))
    results = run(config_file, args.runs, args.lighthouse_runs, args.serve_edits, args.only)
    print(json.dumps(results, indent=2) if args.json else full_report(results))
    # Missing a target is a figure, not a failure; a build that fails is.
    failed = results.get("build", {}).get("errors") or not results.get("full_build", {"ok": True})["ok"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
