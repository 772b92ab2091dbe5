"""Every page in a real browser: axe-core in both palettes, no other host contacted, phone width, keyboard."""

import re

import pytest
from axe_check import serious_violations, violations
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def all_pages(site):
    return sorted(
        "" if p.parent == site else p.parent.relative_to(site).as_posix() + "/"
        for p in site.rglob("index.html")
    )


def pages_of_every_kind(site):
    """Every page, except that of the note pages (one template, 29 pages) only one of each status
    (each status has its own label and colour) and the longest: the rest repeat what these show.
    axe-core on every note page in both palettes was a quarter of the browser tier."""
    notes = [path for path in all_pages(site) if re.fullmatch(r"notes/\d+/", path)]
    by_status: dict[str, str] = {}
    for path in notes:
        html = (site / path / "index.html").read_text(encoding="utf-8")
        status = re.search(r'data-status="([\w-]+)"', html)
        by_status.setdefault(status[1] if status else "", path)
    longest = max(notes, key=lambda path: (site / path / "index.html").stat().st_size)
    chosen = set(by_status.values()) | {longest}
    return [path for path in all_pages(site) if path not in notes or path in chosen]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_or_critical_axe_violations_and_no_other_host(browser, site, server, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    problems = []
    pages = pages_of_every_kind(site)
    assert len(all_pages(site)) > 40 and sum(path.startswith("notes/") for path in pages) >= 3
    for path in pages:
        page.goto(server + path)  # waits for "load": stylesheets, fonts and scripts are in
        expected = "slate" if scheme == "dark" else "default"
        assert page.locator("body").get_attribute("data-md-color-scheme") == expected
        problems += serious_violations(page, path or "/")
    context.close()
    assert problems == []
    foreign = sorted({url for url in requested if not url.startswith((server, "data:", "blob:"))})
    assert foreign == [], "requests to another host"


def test_the_axe_check_reports_serious_violations(page):
    """The check the tests above rely on still sees what it must, on every element: an image without
    a text alternative (critical) and grey text on white (serious), twice each; a skipped heading
    level (moderate) is left out."""
    page.set_content('<html lang="en"><title>t</title><main><h1>t</h1><h3>skipped</h3>'
                     '<img src="data:,"><img src="data:,">'
                     '<p style="color:#bbb">faint</p><p style="color:#bbb">faint</p></main></html>')
    found = {line.split(" at ")[0]: line.split(" at ")[1].split("; ") for line in serious_violations(page, "seeded")}
    assert sorted(found) == ["seeded: color-contrast (serious)", "seeded: image-alt (critical)"]
    assert [len(elements) for elements in found.values()] == [2, 2]
    assert ("heading-order", "moderate") in {(violation["id"], violation["impact"]) for violation in violations(page)}


def test_no_page_scrolls_sideways_on_a_phone(browser, site, server):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    wide = []
    for path in all_pages(site):
        page.goto(server + path)
        if page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1"):
            wide.append(path)
    context.close()
    assert wide == []


def test_every_note_and_glossary_mark_is_reachable_by_keyboard(page, server):
    page.goto(server + "2-glavkokratiia/")
    marks = page.locator("a.footnote-ref, a.gloss, a.sense-use")
    assert marks.count() > 20
    assert marks.evaluate_all("els => els.every(el => el.tabIndex === 0 && el.offsetParent !== null)")
    page.locator("#p4 .pnum").focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('a.gloss')"):
            break
    else:
        pytest.fail("Tab never reached a glossary term")
    expect(page.locator(".md-tooltip2").filter(has_text=":").first).to_be_visible()


# The menu's and the table of contents' links and the ¶ numbers in the margin that a pointer can hit
# in the window (not those in a collapsed section or the closed drawer). A number set inline, at the
# start of its paragraph (below 1220 px), is an inline target, which WCAG exempts, as axe does.
TARGETS = """() => [...document.querySelectorAll('.md-sidebar .md-nav__link, .essay-para > a.pnum')]
  .filter(el => el.matches('.md-nav__link') || getComputedStyle(el).position === 'absolute')
  .filter(el => { const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return r.width > 0 && hit !== null && el.contains(hit); })
  .map(el => { const r = el.getBoundingClientRect();
    return {name: el.textContent.trim().slice(0, 30), left: r.left, right: r.right, top: r.top, bottom: r.bottom,
            width: r.width, height: r.height}; })"""


@pytest.mark.parametrize("width", [1350, 1100])
def test_sidebar_links_and_paragraph_numbers_are_targets_of_24_px(browser, server, width):
    """WCAG 2.2 target size (axe's and Lighthouse's target-size): at least 24 by 24 px, and no two
    targets overlap (a ¶ number in the margin used to reach over the menu's links at 1350 px)."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    small, overlapping = [], []
    for path in ("1-meanings/", "5-revolution-betrayed/", "glossary/"):
        page.goto(server + path)
        targets = page.evaluate(TARGETS)
        assert targets, path
        small += [f"{path} {t['name']}: {t['width']:.1f} x {t['height']:.1f}" for t in targets
                  if t["width"] < 24 or t["height"] < 24]
        for i, a in enumerate(targets):
            for b in targets[i + 1:]:
                if a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]:
                    overlapping.append(f"{path} {a['name']} / {b['name']}")
    context.close()
    assert small == [] and overlapping == []
