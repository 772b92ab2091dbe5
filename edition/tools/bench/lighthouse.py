"""Lighthouse runs against the built site (optional: skipped without the pinned install)."""

from __future__ import annotations

import gzip
import http.server
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

from edition.tools.bench.builds import build_env, timed_build
from edition.tools.bench.common import CONFIG, PRECOMPRESSED, ROOT, log, median
from edition.tools.bench.pages import _QuietHandler, serve
from edition.tools.chromium import CHROMIUM, CHROMIUM_FLAGS

# ── Lighthouse ────────────────────────────────────────────────────────────────────────────────
# Lighthouse (pinned in tools/lighthouse/package-lock.json; `./run bench` installs it with `npm ci`)
# audits the home page, a chapter and a note page with its desktop preset. The site is built for the
# address it is served at, and served gzip-compressed as a static host would, so that the canonical
# links and the transfer sizes Lighthouse sees are the real ones. Without node or the package the
# section says "skipped" and the rest of the bench stands.

LIGHTHOUSE_DIR = ROOT / "tools" / "lighthouse"
LIGHTHOUSE_BIN = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
LIGHTHOUSE_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
LIGHTHOUSE_TARGET = 100
LIGHTHOUSE_TIMEOUT_S = 180
# The five timings behind the performance score, by the name the bench gives them.
LIGHTHOUSE_METRICS = {"fcp_ms": "first-contentful-paint", "lcp_ms": "largest-contentful-paint",
                      "tbt_ms": "total-blocking-time", "cls": "cumulative-layout-shift", "si_ms": "speed-index"}
# Audits whose result means something else on a loopback address than on the public host.
LIGHTHOUSE_LOOPBACK_CAVEATS = {
    "is-on-https": "passes because Chrome counts 127.0.0.1 as secure; the public host must serve HTTPS",
    "redirects-http": "not applicable without HTTPS; the public host should redirect HTTP to HTTPS",
    "robots-txt": "not applicable: the local server has no /robots.txt at its root",
    "is-crawlable": "checks the page's robots meta tag and X-Robots-Tag only; the public host's headers may differ",
}


def lighthouse_pages(slugs: list[str]) -> dict[str, str]:
    """The pages Lighthouse audits, by name: their paths relative to the site's root."""
    return {"home": "", "chapter": f"{slugs[0]}/", "note": "notes/14/"}


def lighthouse_command(url: str, binary: Path = LIGHTHOUSE_BIN) -> list[str]:
    """The Lighthouse command line for one page: desktop preset, four categories, JSON to stdout."""
    flags = list(CHROMIUM_FLAGS) + ([] if "--headless" in CHROMIUM_FLAGS else ["--headless"])
    return [
        str(binary), url,
        "--preset=desktop",
        "--only-categories=" + ",".join(LIGHTHOUSE_CATEGORIES),
        "--output=json", "--output-path=stdout", "--quiet",
        "--chrome-flags=" + " ".join(flags),
    ]


def lighthouse_summary(report: dict) -> dict:
    """What the bench keeps of one Lighthouse JSON report (a pure function, tested with a golden file).

    Scores are 0-100 (None when a category could not be scored). For each category below 100, its
    failing audits: those that count towards its score (weight > 0) with a score below 1, each with
    its id, title, score and Lighthouse's display value (e.g. "0.114" for a layout shift). Audits that
    were not applicable are listed by category, so that a 100 is read with what it did not check.
    """
    audits = report.get("audits", {})
    summary: dict = {
        "url": report.get("finalDisplayedUrl") or report.get("requestedUrl", ""),
        "lighthouse": report.get("lighthouseVersion", ""),
        "scores": {},
        "metrics": {name: _numeric(audits.get(audit_id)) for name, audit_id in LIGHTHOUSE_METRICS.items()},
        "failing": {},
        "not_applicable": {},
        "warnings": list(report.get("runWarnings") or []),
        "error": (report.get("runtimeError") or {}).get("message", ""),
    }
    for category in LIGHTHOUSE_CATEGORIES:
        entry = report.get("categories", {}).get(category)
        score = None if entry is None or entry.get("score") is None else round(entry["score"] * 100)
        summary["scores"][category] = score
        if entry is None:
            continue
        failing, not_applicable = [], []
        for ref in entry.get("auditRefs", []):
            audit = audits.get(ref["id"], {})
            if audit.get("scoreDisplayMode") == "notApplicable":
                not_applicable.append(ref["id"])
            elif ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                failing.append({"id": ref["id"], "title": audit.get("title", ""), "score": audit["score"],
                                "display": audit.get("displayValue", ""), "where": _audit_nodes(audit)})
        if score is None or score < LIGHTHOUSE_TARGET:
            summary["failing"][category] = failing
        if not_applicable:
            summary["not_applicable"][category] = not_applicable
    return summary


def _numeric(audit: dict | None) -> float | None:
    """An audit's measured value (ms, or a plain number for layout shift), rounded; None if absent."""
    if not audit or audit.get("numericValue") is None:
        return None
    value = audit["numericValue"]
    return round(value, 4) if audit.get("numericUnit") == "unitless" else round(value)


def _audit_nodes(audit: dict, limit: int = 3) -> list[str]:
    """The CSS selectors of the first few elements an audit names (e.g. the targets too small)."""
    items = (audit.get("details") or {}).get("items") or []
    nodes = [item["node"].get("selector", "") for item in items
             if isinstance(item, dict) and isinstance(item.get("node"), dict) and item["node"].get("type") == "node"]
    return [node for node in nodes if node][:limit]


def lighthouse_combine(runs: list[dict]) -> dict:
    """Several summaries of one page as one: the median score of each category, and every audit that
    failed in any run (once, with the number of runs it failed in)."""
    combined = {**runs[0], "runs": len(runs), "scores": {}, "failing": {}}
    for category in LIGHTHOUSE_CATEGORIES:
        scores = [run["scores"][category] for run in runs if run["scores"].get(category) is not None]
        combined["scores"][category] = round(median(scores)) if scores else None
        combined.setdefault("min_scores", {})[category] = min(scores) if scores else None
        seen: dict[str, dict] = {}
        for run in runs:
            for audit in run["failing"].get(category, []):
                seen.setdefault(audit["id"], {**audit, "runs": 0})["runs"] += 1
        if seen or (combined["scores"][category] or 0) < LIGHTHOUSE_TARGET:
            combined["failing"][category] = list(seen.values())
    combined["metrics"] = {}
    for name in LIGHTHOUSE_METRICS:
        values = [run["metrics"][name] for run in runs if run.get("metrics", {}).get(name) is not None]
        combined["metrics"][name] = median(values) if values else None
    combined["warnings"] = sorted({w for run in runs for w in run["warnings"]})
    combined["error"] = "; ".join(sorted({run["error"] for run in runs if run["error"]}))
    return combined


def lighthouse_missing() -> str:
    """Why Lighthouse cannot run here, or "" when it can."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not LIGHTHOUSE_BIN.exists():
        return "Lighthouse is not installed (`./run bench` runs `npm ci` in tools/lighthouse; is npm installed?)"
    if not Path(CHROMIUM).exists():
        return f"no chromium at {CHROMIUM}"
    return ""


def run_lighthouse(url: str) -> dict:
    """One Lighthouse run of one page; its summary (with "error" set when the run failed)."""
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    try:
        result = subprocess.run(lighthouse_command(url), env=env, capture_output=True, text=True,
                                timeout=LIGHTHOUSE_TIMEOUT_S, cwd=LIGHTHOUSE_DIR)
    except subprocess.TimeoutExpired:
        return {**lighthouse_summary({}), "url": url, "error": f"timed out after {LIGHTHOUSE_TIMEOUT_S} s"}
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        tail = (result.stderr or result.stdout).strip()[-400:]
        return {**lighthouse_summary({}), "url": url, "error": f"exit {result.returncode}: {tail}"}
    return lighthouse_summary(report)


class _GzipHandler(_QuietHandler):
    """A static host: text goes out gzip-compressed (level 6) to a client that accepts it."""

    def send_head(self):
        if "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if not path.is_file() or path.suffix.lower() in PRECOMPRESSED:
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(http.HTTPStatus.OK)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


def bench_lighthouse(work: Path, slugs: list[str], runs: int = 1) -> dict:
    """Lighthouse on the home page, a chapter and a note page of a site built for its local address."""
    missing = lighthouse_missing()
    if missing:
        return {"skipped": missing}
    site = work / "lighthouse-site"
    with serve(site, _GzipHandler) as base:
        build = timed_build(CONFIG, site, build_env(SITE_URL=base))
        if not build.ok:
            return {"skipped": f"the build for {base} failed: {build.output[-400:]}"}
        pages = {}
        for name, path in lighthouse_pages(slugs).items():
            summaries = []
            for run in range(runs):
                summaries.append(run_lighthouse(base + path))
                log(f"  {name} /{path} run {run + 1}/{runs}: {summaries[-1]['scores']}"
                    + (f" {summaries[-1]['error']}" if summaries[-1]["error"] else ""))
            pages[name] = {**lighthouse_combine(summaries), "path": "/" + path}
    version = next((p["lighthouse"] for p in pages.values() if p["lighthouse"]), "")
    return {"skipped": "", "lighthouse": version, "base": base, "runs": runs, "served": "gzip level 6",
            "preset": "desktop", "pages": pages}
