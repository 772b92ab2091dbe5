"""Page weight and navigation timing, from a local server and chromium."""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from edition.tools.bench.common import PAGE_GZIP_KB_TARGET, kb, log, median, transfer_size
from edition.tools.chromium import CHROMIUM, CHROMIUM_FLAGS

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
