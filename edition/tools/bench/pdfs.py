"""Timing the PDFs."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from edition.tools.bench.builds import read_config
from edition.tools.bench.common import PDF_KB_TARGET, PDF_SECONDS_TARGET, kb, log

# ── PDFs ──────────────────────────────────────────────────────────────────────────────────────


def site_url() -> str:
    return read_config().get("site_url") or "http://127.0.0.1:8000/"


def pdf_figures(made: list, alone: list, total_s: float, alone_total_s: float, workers: int,
                whole: str = "") -> dict:
    """Figures for the PDFs made as the build makes them (`made`, in `total_s`) and one after the
    other (`alone`, in `alone_total_s`): lists of edition.books.pdf.render.MadePdf in the same order. A PDF meets
    its target if both its times are under PDF_SECONDS_TARGET and its size under PDF_KB_TARGET.

    The whole essay (file stem `whole`) lays out only its title page and reuses its chapters' pages;
    `with_chapters_s` says what it costs with the chapters of its paper size (made alone)."""
    pdfs = {}
    for in_run, by_itself in zip(made, alone, strict=True):
        size = kb(in_run.path.stat().st_size)
        pdfs[in_run.path.name] = {
            "seconds": round(in_run.seconds, 3),
            "alone_s": round(by_itself.seconds, 3),
            "kb": size,
            "layouts": in_run.layouts,
            "within_target": max(in_run.seconds, by_itself.seconds) < PDF_SECONDS_TARGET and size < PDF_KB_TARGET,
        }
    sizes = {name: v["kb"] for name, v in pdfs.items()}
    from edition import urls

    parts = {m.path.name: urls.pdf_file_parts(m.path.name) for m in alone} if whole else {}
    with_chapters = {
        name: round(sum(m.seconds for m in alone if parts[m.path.name][1] == size), 3)
        for name, (stem, size) in parts.items()
        if stem == whole
    }
    return {
        "with_chapters_s": with_chapters,
        "timed": True, "count": len(pdfs), "workers": workers,
        "total_s": round(total_s, 3), "alone_total_s": round(alone_total_s, 3),
        "shared_s": round(alone_total_s - sum(m.seconds for m in alone), 3),
        "slowest_s": max((max(v["seconds"], v["alone_s"]) for v in pdfs.values()), default=0.0),
        "all_within_target": all(v["within_target"] for v in pdfs.values()),
        "pdfs": pdfs, "sizes_kb": sizes,
        "over_size_target": [name for name, size in sizes.items() if size >= PDF_KB_TARGET],
    }


def bench_pdfs(work: Path, built_site: Path | None, full_site: Path | None) -> dict:
    """Make every PDF from a copy of a site built without PDFs, twice: as the build does (worker
    processes at once) and one after the other in one process ("alone"). Each PDF's time is its
    layout and writing; reading the pages and loading the fonts and stylesheets are shared."""
    from edition import urls
    from edition.books import pdf as books_pdf
    from edition.books.pdf import render
    from edition.sources.project import load_project

    figures: dict = {"timed": False, "reason": ""}
    if built_site is None:
        figures["reason"] = "no site was built to make PDFs from"
        return figures
    site = work / "pdf-site"
    shutil.copytree(built_site, site)
    project = load_project()
    runs, contents = {}, {}
    for name, workers in (("build", None), ("alone", 1)):
        start = time.perf_counter()
        try:
            made = books_pdf.render_pdfs(site, site_url(), project, workers=workers)
        except Exception as error:
            figures["reason"] = f"make_pdfs failed: {error!r}"
            return figures
        runs[name] = (time.perf_counter() - start, made)
        contents[name] = {m.path.name: m.path.read_bytes() for m in made}
        log(f"  {name}: {len(made)} PDFs in {runs[name][0]:.2f} s")
    (total, made), (alone_total, alone) = runs["build"], runs["alone"]
    figures.update(pdf_figures(made, alone, total, alone_total, render.worker_count(), urls.essay_stem(project.edition)))
    # Reproducible: the same bytes made either way, and as `mkdocs build` made them.
    figures["differ_alone"] = [name for name, data in contents["build"].items() if contents["alone"][name] != data]
    if full_site is not None and (full_site / "pdf").is_dir():
        figures["differ_from_full_build"] = [
            name for name, data in contents["build"].items() if (full_site / "pdf" / name).read_bytes() != data
        ]
    return figures
