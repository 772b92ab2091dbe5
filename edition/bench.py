"""Benchmark the edition: build time against plain Material, PDF time and size, page weight and timing.

Run as `./run bench` (or `.venv/bin/python scripts/bench.py [--runs N] [--json]`). Speed goals are
measured here, never by timed tests. Everything is built into temporary directories; nothing is
written into the repository.

Targets: our build within 1.25x a plain Material build of the same pages; each PDF (every chapter
and the whole essay, A4 and Letter) in under 1.5 s and under 300 KB; a chapter page's first visit
at most 150 KB gzipped; Lighthouse (desktop) 100 in performance, accessibility, best practices and
SEO on the home page, a chapter and a note.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from edition.chromium import CHROMIUM, CHROMIUM_FLAGS

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "mkdocs.yml"

BUILD_RATIO_TARGET = 1.25
PDF_SECONDS_TARGET = 1.5
PDF_KB_TARGET = 300
PAGE_GZIP_KB_TARGET = 150

# Formats that are compressed already: a server would send them as they are.
PRECOMPRESSED = (".woff2", ".woff", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".pdf", ".gz", ".zip")
PLAIN_EXTENSIONS = ["attr_list", "md_in_html", "tables", "footnotes"]


# ── Pure helpers ──────────────────────────────────────────────────────────────────────────────


def median(values) -> float:
    """The median of a non-empty sequence of numbers."""
    values = list(values)
    if not values:
        raise ValueError("median of no values")
    return float(statistics.median(values))


def gzip_size(data: bytes, level: int = 6) -> int:
    """Bytes of data once gzip-compressed at the given level (what a typical server sends)."""
    return len(gzip.compress(data, compresslevel=level, mtime=0))


def transfer_size(url: str, body: bytes) -> int:
    """Bytes a compressing server would send: gzip level 6, except for formats compressed already."""
    if urlsplit(url).path.lower().endswith(PRECOMPRESSED):
        return len(body)
    return gzip_size(body)


def kb(size: float) -> float:
    return round(size / 1024, 1)


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs: !ENV gives the variable or its default; other tags give None."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node):
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node)
        names, default = items[:-1], items[-1]
    for name in names:
        if name in os.environ:
            return os.environ[name]
    return default


_ConfigLoader.add_constructor("!ENV", _env_tag)
_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_config(path: Path = CONFIG) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}


def plain_material_config(docs_dir: str | Path, nav: list | None = None, site_name: str = "Plain Material") -> str:
    """A minimal mkdocs.yml for the same pages: Material without fonts, search only, no hooks."""
    config: dict = {
        "site_name": site_name,
        "docs_dir": str(docs_dir),
        "theme": {"name": "material", "font": False},
        "plugins": ["search"],
        "markdown_extensions": list(PLAIN_EXTENSIONS),
        "strict": False,
    }
    if nav:
        config["nav"] = nav
    return yaml.safe_dump(config, sort_keys=False, allow_unicode=True)


def chapter_slugs() -> list[str]:
    from edition.chapters import load_chapters
    from edition.essay import load_essay

    return [chapter.slug for chapter in load_chapters(load_essay())]


def verdict(ok: bool | None) -> str:
    return "" if ok is None else ("ok" if ok else "OVER TARGET")


# ── Builds ────────────────────────────────────────────────────────────────────────────────────


@dataclass
class Build:
    seconds: float
    ok: bool
    output: str = ""
    cpu_seconds: float = 0.0  # user + system time of the build process: steadier than the wall clock when the machine is shared


def build_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "BUILD_PDFS": "false"}  # the timed builds make no PDFs unless asked
    # Python's default bytecode caching: pip precompiled Material and the plugins, while our editable
    # package would be compiled from source on every build if the shell disables the cache.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.update(extra)
    return env


def timed_build(config_file: Path, site_dir: Path, env: dict[str, str], strict: bool | None = None) -> Build:
    """One cold `mkdocs build` in a fresh process into an empty site_dir, timed by the wall clock."""
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(config_file),
               "--site-dir", str(site_dir)]
    if strict is not None:
        command.append("--strict" if strict else "--no-strict")
    if site_dir.exists():
        shutil.rmtree(site_dir)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=config_file.parent, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Build(seconds, result.returncode == 0, (result.stdout + result.stderr).strip(), cpu)


NOTE_CITATION = re.compile(r"\[@(note\d+)\]")


def as_plain_footnotes(markdown: str) -> str:
    """The page as plain Python-Markdown renders it: each note citation [@noteN] becomes the footnote
    [^noteN] that mkdocs-bibtex makes of it, so the plain build renders the same notes as ours."""
    return NOTE_CITATION.sub(r"[^\1]", markdown)


def make_plain_project(work: Path) -> Path:
    """Copy docs/ into work/plain (notes as plain footnotes) and write the plain Material config;
    returns the config path."""
    project = work / "plain"
    shutil.copytree(ROOT / "docs", project / "docs")
    for page in (project / "docs").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        if NOTE_CITATION.search(text):
            page.write_text(as_plain_footnotes(text), encoding="utf-8")
    config_file = project / "mkdocs.yml"
    nav = read_config().get("nav")
    config_file.write_text(plain_material_config(project / "docs", nav), encoding="utf-8")
    return config_file


def bench_builds(work: Path, runs: int) -> tuple[dict, Path | None]:
    """Median cold build of ours and of plain Material, alternating; returns figures and our last site."""
    plain_config = make_plain_project(work)
    ours, plain, ours_cpu, plain_cpu, failures = [], [], [], [], []
    our_site = work / "ours-site"
    for run in range(runs):
        for name, times, cpu_times, build in (
            ("ours", ours, ours_cpu, timed_build(CONFIG, our_site, build_env())),
            ("plain", plain, plain_cpu, timed_build(plain_config, work / "plain-site", build_env(), strict=False)),
        ):
            if build.ok:
                times.append(round(build.seconds, 3))
                cpu_times.append(round(build.cpu_seconds, 3))
            else:
                failures.append(f"{name}: {build.output[-800:]}")
        log(f"  build run {run + 1}/{runs}: ours {ours[-1:]} s, plain {plain[-1:]} s")
    figures: dict = {"runs": runs, "ours_s": ours, "plain_s": plain, "ours_cpu_s": ours_cpu,
                     "plain_cpu_s": plain_cpu, "errors": failures}
    if ours and plain:
        figures["ours_median_s"] = round(median(ours), 3)
        figures["plain_median_s"] = round(median(plain), 3)
        figures["ratio"] = round(median(ours) / median(plain), 2)
        figures["cpu_ratio"] = round(median(ours_cpu) / median(plain_cpu), 2)
        figures["within_target"] = figures["ratio"] <= BUILD_RATIO_TARGET
    return figures, (our_site if ours else None)


def bench_full_build(work: Path) -> tuple[dict, Path | None]:
    """One timed build with BUILD_PDFS=true; says whether site/pdf came out of it."""
    site = work / "full-site"
    build = timed_build(CONFIG, site, build_env(BUILD_PDFS="true"))
    pdf_dir = site / "pdf"
    figures = {
        "seconds": round(build.seconds, 3),
        "ok": build.ok,
        "pdfs_built": build.ok and pdf_dir.is_dir(),
        "error": "" if build.ok else build.output[-800:],
    }
    return figures, (site if build.ok else None)


# ── PDFs ──────────────────────────────────────────────────────────────────────────────────────


def site_url() -> str:
    return read_config().get("site_url") or "http://127.0.0.1:8000/"


def pdf_figures(made: list, alone: list, total_s: float, alone_total_s: float, workers: int,
                whole: str = "") -> dict:
    """Figures for the PDFs made as the build makes them (`made`, in `total_s`) and one after the
    other (`alone`, in `alone_total_s`): lists of edition.pdf.MadePdf in the same order. A PDF meets
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
    from edition import pdf, urls
    from edition.project import load_project

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
            made = pdf.render_pdfs(site, site_url(), project, workers=workers)
        except Exception as error:
            figures["reason"] = f"make_pdfs failed: {error!r}"
            return figures
        runs[name] = (time.perf_counter() - start, made)
        contents[name] = {m.path.name: m.path.read_bytes() for m in made}
        log(f"  {name}: {len(made)} PDFs in {runs[name][0]:.2f} s")
    (total, made), (alone_total, alone) = runs["build"], runs["alone"]
    figures.update(pdf_figures(made, alone, total, alone_total, pdf.worker_count(), urls.essay_stem(project.edition)))
    # Reproducible: the same bytes made either way, and as `mkdocs build` made them.
    figures["differ_alone"] = [name for name, data in contents["build"].items() if contents["alone"][name] != data]
    if full_site is not None and (full_site / "pdf").is_dir():
        figures["differ_from_full_build"] = [
            name for name, data in contents["build"].items() if (full_site / "pdf" / name).read_bytes() != data
        ]
    return figures


# ── The browser ───────────────────────────────────────────────────────────────────────────────


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        """A browser that closes a connection early (a cancelled request) is no error worth printing."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(site_dir: Path, handler_class: type[http.server.SimpleHTTPRequestHandler] = _QuietHandler):
    """The built site (which may not exist yet) on a random loopback port; yields its base URL.
    handler_class=_GzipHandler serves it gzip-compressed, as a real host would."""
    handler = functools.partial(handler_class, directory=str(site_dir))
    httpd = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Resource:
    url: str
    status: int
    raw: int
    gzip: int


@dataclass
class PageWeight:
    url: str
    requests: int
    raw: int
    gzip: int
    resources: list[Resource] = field(default_factory=list)

    @property
    def within_target(self) -> bool:
        return self.gzip < PAGE_GZIP_KB_TARGET * 1024


def measure_page(browser, url: str) -> PageWeight:
    """A first visit in a fresh context (empty cache): every request until the network is idle."""
    context = browser.new_context()
    responses = []
    context.on("response", lambda response: responses.append(response))
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    resources = []
    for response in responses:
        try:
            body = response.body()
        except Exception:  # e.g. a redirect has no body
            body = b""
        resources.append(Resource(response.url, response.status, len(body), transfer_size(response.url, body)))
    context.close()
    return PageWeight(url, len(resources), sum(r.raw for r in resources), sum(r.gzip for r in resources), resources)


def navigation_timing(browser, url: str) -> tuple[float, float | None]:
    """(DOMContentLoaded end, first-contentful-paint) in ms for one cold load in a fresh context."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.wait_for_function("performance.getEntriesByName('first-contentful-paint').length > 0", timeout=5000)
    dcl, fcp = page.evaluate(
        """() => {
            const nav = performance.getEntriesByType('navigation')[0];
            const paint = performance.getEntriesByType('paint').find(e => e.name === 'first-contentful-paint');
            return [nav.domContentLoadedEventEnd, paint ? paint.startTime : null];
        }"""
    )
    context.close()
    return dcl, fcp


def bench_pages(site_dir: Path, slugs: list[str], loads: int = 3) -> dict:
    """Weight of the first visit and median navigation timing of each chapter page."""
    pages: dict = {}
    with serve(site_dir) as base, chromium() as browser:
        for slug in slugs:
            url = base + slug + "/"
            weight = measure_page(browser, url)
            timings = [navigation_timing(browser, url) for _ in range(loads)]
            fcps = [fcp for _, fcp in timings if fcp is not None]
            pages[slug] = {
                "requests": weight.requests,
                "raw_bytes": weight.raw,
                "gzip_bytes": weight.gzip,
                "within_target": weight.within_target,
                "dcl_ms": round(median(dcl for dcl, _ in timings), 1),
                "fcp_ms": round(median(fcps), 1) if fcps else None,
                "resources": [
                    {**asdict(r), "url": r.url.removeprefix(base)}
                    for r in sorted(weight.resources, key=lambda r: r.gzip, reverse=True)
                ],
            }
            log(f"  {slug}: {weight.requests} requests, {kb(weight.gzip)} KB gzip")
    return pages


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


# ── Report ────────────────────────────────────────────────────────────────────────────────────


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def table(rows: list[list], headers: list[str], indent: str = "") -> str:
    cells = [headers] + [["" if c is None else str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row):
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()

    lines = [line(cells[0]), line(["-" * w for w in widths])] + [line(r) for r in cells[1:]]
    return "\n".join(indent + text for text in lines)


def pdf_report(p: dict) -> list[str]:
    """The report's lines on the PDFs (bench_pdfs' figures): each PDF's time, size and verdict."""
    out = ["3. PDFs (edition.pdf.make_pdfs: every chapter and the whole essay, A4 and US Letter)"]
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


def report(results: dict) -> str:
    out = []
    b = results["build"]
    out.append(f"1. Build time (cold `mkdocs build`, median of {b['runs']}, no PDFs)")
    if "ratio" in b:
        out.append(table(
            [["ours", f"{b['ours_median_s']:.2f} s", " ".join(f"{s:.2f}" for s in b["ours_s"])],
             ["plain Material, same pages", f"{b['plain_median_s']:.2f} s", " ".join(f"{s:.2f}" for s in b["plain_s"])]],
            ["build", "median", "runs (s)"], "   ",
        ))
        out.append(f"   ratio {b['ratio']:.2f}x (target <= {BUILD_RATIO_TARGET}x): {verdict(b['within_target'])}")
        out.append(f"   in CPU time (user + system, steadier on a shared machine): ours {median(b['ours_cpu_s']):.2f} s, "
                   f"plain {median(b['plain_cpu_s']):.2f} s, ratio {b['cpu_ratio']:.2f}x: {verdict(b['cpu_ratio'] <= BUILD_RATIO_TARGET)}")
    for error in b["errors"]:
        out.append(f"   build failed: {error}")

    f = results["full_build"]
    out.append("")
    out.append("2. Full build with PDFs (BUILD_PDFS=true, one run)")
    if f["ok"]:
        out.append(f"   {f['seconds']:.2f} s" + ("" if f["pdfs_built"] else "   PDFs: not built"))
    else:
        out.append(f"   failed after {f['seconds']:.2f} s: {f['error']}")

    out.append("")
    out.extend(pdf_report(results["pdf"]))

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


def run(runs: int, lighthouse_runs: int = 1) -> dict:
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    results: dict = {}
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        log(f"bench: {runs} cold builds of ours and of plain Material …")
        results["build"], our_site = bench_builds(work, runs)
        log("bench: full build with PDFs …")
        results["full_build"], full_site = bench_full_build(work)
        log("bench: chapter PDFs …")
        results["pdf"] = bench_pdfs(work, our_site, full_site)
        site = full_site or our_site
        if site is None:
            results["pages"] = "no site was built"
        else:
            log("bench: chapter pages in chromium …")
            try:
                results["pages"] = bench_pages(site, chapter_slugs())
            except Exception as error:  # e.g. no chromium: the build figures still stand
                results["pages"] = f"browser run failed: {error!r}"
        log("bench: Lighthouse on the home page, a chapter and a note page …")
        try:
            results["lighthouse"] = bench_lighthouse(work, chapter_slugs(), lighthouse_runs)
        except Exception as error:  # Lighthouse is a figure like the others: its failure is reported
            results["lighthouse"] = {"skipped": f"Lighthouse failed: {error!r}"}
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="cold builds of each site to take the median of (default 3)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON instead of a table")
    parser.add_argument("--lighthouse-runs", type=int, default=1,
                        help="Lighthouse runs of each page to take the median of (default 1)")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.lighthouse_runs < 1:
        parser.error("--runs and --lighthouse-runs must be at least 1")
    results = run(args.runs, args.lighthouse_runs)
    print(json.dumps(results, indent=2) if args.json else full_report(results))
    # Missing a target is a figure, not a failure; a build that fails is.
    return 1 if results["build"]["errors"] or not results["full_build"]["ok"] else 0


if __name__ == "__main__":
    sys.exit(main())
