"""The bench's report."""

from __future__ import annotations

import os

from edition.tools.bench.builds import verdict
from edition.tools.bench.common import PAGE_GZIP_KB_TARGET, PDF_KB_TARGET, PDF_SECONDS_TARGET, kb, median, table
from edition.tools.bench.lighthouse import LIGHTHOUSE_CATEGORIES, LIGHTHOUSE_LOOPBACK_CAVEATS, LIGHTHOUSE_TARGET


def _metric_cells(metrics: dict) -> list[str]:
    def cell(value, digits=0):
        return "-" if value is None else f"{value:.{digits}f}"
    return [cell(metrics.get("fcp_ms")), cell(metrics.get("lcp_ms")), cell(metrics.get("tbt_ms")), cell(metrics.get("cls"), 3)]


def lighthouse_report(figures: dict) -> list[str]:
    """The Lighthouse section of the printed report."""
    version = f" {figures['lighthouse']}" if figures.get("lighthouse") else ""
    out = [f"6. Lighthouse{version} (desktop preset; target {LIGHTHOUSE_TARGET} in each category)"]
    if figures.get("skipped"):
        return out + [f"   skipped: {figures['skipped']}"]
    pages = figures["pages"]
    out.append(f"   the site built for and served gzip-compressed at {figures['base']}; "
               f"median of {figures['runs']} run(s) a page; simulated throttling")
    out.append(table(
        [[name, page["path"], *("-" if page["scores"][c] is None else page["scores"][c] for c in LIGHTHOUSE_CATEGORIES),
          verdict(all(page["scores"][c] == LIGHTHOUSE_TARGET for c in LIGHTHOUSE_CATEGORIES)),
          *_metric_cells(page.get("metrics") or {})]
         for name, page in pages.items()],
        ["page", "path", *LIGHTHOUSE_CATEGORIES, "target", "FCP ms", "LCP ms", "TBT ms", "CLS"], "   ",
    ))
    out.append("   FCP, LCP, TBT: Lighthouse's simulated timings; CLS: the layout shift it measured (target 0)")
    for name, page in pages.items():
        if page["error"]:
            out.append(f"   {name}: {page['error']}")
        for category, audits in page["failing"].items():
            listed = "; ".join(
                f"{a['id']} (score {a['score']:.2f}{', ' + a['display'] if a['display'] else ''}"
                + (f", in {a['runs']} of {page['runs']} runs" if page["runs"] > 1 else "") + ")"
                for a in audits
            ) or "no single audit below 1 (metric scores add up)"
            out.append(f"   {name} {category} {page['scores'][category]}: {listed}")
            for audit in audits:
                if audit.get("where"):
                    out.append(f"     {audit['id']} at: " + " | ".join(audit["where"]))
        for warning in page["warnings"]:
            out.append(f"   {name} warning: {warning}")
    # (Accessibility audits are "not applicable" when a page has no such element: no news.)
    not_applicable = sorted({audit for page in pages.values() for category, ids in page["not_applicable"].items()
                             if category in ("best-practices", "seo") for audit in ids})
    if not_applicable:
        out.append(f"   best practices and SEO, not applicable here: {', '.join(not_applicable)}")
    out.append("   on a loopback address:")
    for audit_id, caveat in LIGHTHOUSE_LOOPBACK_CAVEATS.items():
        out.append(f"     {audit_id}: {caveat}")
    return out


def pdf_report(p: dict) -> list[str]:
    """The report's lines on the PDFs (bench_pdfs' figures): each PDF's time, size and verdict."""
    out = ["3. PDFs (edition.books.pdf.make_pdfs: every chapter and the whole essay, A4 and US Letter)"]
    if not p["timed"]:
        out.append(f"   skipped: {p['reason']}")
        return out
    out.append(f"   {p['count']} PDFs in {p['total_s']:.2f} s with {p['workers']} worker processes at once, as the build makes them;"
               f" {p['alone_total_s']:.2f} s one after the other in one process")
    out.append(f"   each PDF (target < {PDF_SECONDS_TARGET} s and < {PDF_KB_TARGET} KB): {verdict(p['all_within_target'])},"
               f" slowest {p['slowest_s']:.2f} s")
    out.append(table(
        [[name, f"{v['alone_s']:.2f}", f"{v['seconds']:.2f}", f"{v['kb']:.1f}", v["layouts"], verdict(v["within_target"])]
         for name, v in p["pdfs"].items()],
        ["PDF", "alone s", "in the run s", "KB", "layouts", "target"], "   ",
    ))
    out.append("   alone: made one after the other in one process; in the run: while the other workers make theirs.")
    for name, seconds in p.get("with_chapters_s", {}).items():
        out.append(f"   {name} lays out only its title page; its other pages are its chapters', laid out for their"
                   f" PDFs. With them (alone): {seconds:.2f} s.")
    out.append(f"   Each time is the PDF's layout and writing; reading the pages and loading the fonts and stylesheets"
               f" took {p['shared_s']:.2f} s more, once.")
    for key, what in (("differ_alone", "made alone as in the run"), ("differ_from_full_build", "as in the full build")):
        if key in p:
            out.append(f"   The same bytes {what}: " + ("yes" if not p[key] else "NO, " + ", ".join(p[key])))
    return out


def build_report(b: dict) -> list[str]:
    """The build figures: a fresh copy built cold (the headline), then rebuilt with nothing changed."""
    load = " ".join(f"{x:.1f}" for x in b.get("load", ())) or "?"
    out = [f"1. Build time against plain Material on the same pages (`mkdocs build`, no PDFs; median of {b['runs']};"
           f" load average at the end {load} on {os.cpu_count()} CPUs)"]
    for key, what in (("cold", "a fresh copy, no cache (a clone, CI, gh-deploy)"), ("rebuild", "the same copy again, nothing changed")):
        f = b[key]
        if "ratio" not in f:
            out.append(f"   {what}: no figure")
            continue
        out.append(f"   {what}: ours {f['ours_median_s']:.2f} s, plain {f['plain_median_s']:.2f} s,"
                   f" ratio {f['ratio']:.2f}x (target <= {f['target']}x): {verdict(f['within_target'])}")
        out.append(f"      runs (s): ours {' '.join(f'{s:.2f}' for s in f['ours_s'])}; plain {' '.join(f'{s:.2f}' for s in f['plain_s'])}")
        out.append(f"      in CPU time (user + system, steadier on a shared machine): ours {median(f['ours_cpu_s']):.2f} s,"
                   f" plain {median(f['plain_cpu_s']):.2f} s, ratio {f['cpu_ratio']:.2f}x: {verdict(f['cpu_ratio'] <= f['target'])}")
        if "floor_ratio" in f:
            out.append(f"      ours without our hooks (the same pages, Material with our overrides and Markdown extensions,"
                       f" mkdocs-bibtex): {median(f['floor_s']):.2f} s, ratio {f['floor_ratio']:.2f}x"
                       f" (CPU {f['floor_cpu_ratio']:.2f}x): what our hooks add is the rest")
    for error in b["errors"]:
        out.append(f"   build failed: {error}")
    return out


def serve_report(s: dict) -> list[str]:
    """`mkdocs serve`: from saving an edit to the page showing it, and the rebuilds per edit."""
    out = [f"1b. mkdocs serve: save an edit of a source -> the page shows it (target <= {s.get('target_s')} s, one rebuild)"]
    for name, what in (("ours", "ours, sources/glossary.yml"), ("plain", "plain Material, the glossary page")):
        f = s.get(name) or {}
        if not f.get("ok"):
            out.append(f"   {what}: no figure: {f.get('error', 'not run')}")
            continue
        line = (f"   {what}: median {f['median_s']:.2f} s (edits {' '.join(f'{x:.2f}' for x in f['shown_s'])} s),"
                f" rebuilds per edit {' '.join(str(n) for n in f['rebuilds'])}")
        if name == "ours":
            line += f": {verdict(s.get('within_target'))}"
        out.append(line)
    out.append("   MkDocs polls the files every 0.5 s: about 0.25 s of each figure is that wait, for both.")
    return out


def report(results: dict) -> str:
    """The printed figures of the parts that ran (all of them unless `--only` chose some)."""
    out = build_report(results["build"]) if "build" in results else []
    if "serve" in results:
        out.append("")
        out.extend(serve_report(results["serve"]))
    if "full_build" not in results:
        return "\n".join(out).strip("\n")

    f = results["full_build"]
    out.append("")
    out.append("2. Full build with PDFs (BUILD_PDFS=true, one run)")
    if f["ok"]:
        out.append(f"   {f['seconds']:.2f} s" + ("" if f["pdfs_built"] else "   PDFs: not built"))
    else:
        out.append(f"   failed after {f['seconds']:.2f} s: {f['error']}")

    if "pdf" in results:
        out.append("")
        out.extend(pdf_report(results["pdf"]))
    if "pages" not in results:
        return "\n".join(out)

    pages = results["pages"]
    out.append("")
    out.append(f"4-5. First visit of each chapter page (fresh context, until network idle; target < {PAGE_GZIP_KB_TARGET} KB gzip)")
    if isinstance(pages, str):
        out.append(f"   skipped: {pages}")
        return "\n".join(out)
    out.append(table(
        [[slug, v["requests"], f"{kb(v['raw_bytes']):.1f}", f"{kb(v['gzip_bytes']):.1f}", verdict(v["within_target"]),
          f"{v['dcl_ms']:.0f}", "-" if v["fcp_ms"] is None else f"{v['fcp_ms']:.0f}"]
         for slug, v in pages.items()],
        ["chapter", "requests", "raw KB", "gzip KB", "target", "DCL ms", "FCP ms"], "   ",
    ))
    out.append("   DCL and FCP: median of 3 cold loads from the local server.")
    if pages:
        slug, first = next(iter(pages.items()))
        out.append("")
        out.append(f"   Biggest resources of {slug}/ (gzip; .woff2 and images as-is):")
        out.append(table([[r["url"] or "(the page)", f"{kb(r['raw']):.1f}", f"{kb(r['gzip']):.1f}"] for r in first["resources"][:10]],
                         ["resource", "raw KB", "gzip KB"], "   "))
    return "\n".join(out)


def full_report(results: dict) -> str:
    """The printed report: the figures above, then Lighthouse's."""
    text = report(results)
    if "lighthouse" in results:
        text += "\n\n" + "\n".join(lighthouse_report(results["lighthouse"]))
    return text
