"""The benchmark's pure helpers. No timings and no browser here: speed is measured by `./run bench`."""

import copy
import json
import os
from pathlib import Path

import pytest
import yaml

from edition.books.pdf.render import MadePdf
from edition.tools.bench.builds import plain_material_config, read_config
from edition.tools.bench.common import PDF_SECONDS_TARGET, gzip_size, median, transfer_size
from edition.tools.bench.lighthouse import LIGHTHOUSE_CATEGORIES, lighthouse_combine, lighthouse_command, lighthouse_summary
from edition.tools.bench.pdfs import pdf_figures
from edition.tools.bench.report import lighthouse_report, pdf_report

ROOT = Path(__file__).resolve().parent.parent


def test_median_of_nothing_says_so():
    with pytest.raises(ValueError, match="median of no values"):
        median([])


def test_fonts_and_images_count_as_sent_and_text_is_gzipped():
    body = os.urandom(2000) + b"a" * 2000
    assert transfer_size("http://127.0.0.1:1/assets/fonts/edition-serif-regular.woff2", body) == len(body)
    assert transfer_size("http://127.0.0.1:1/assets/images/favicon.png?v=1", body) == len(body)
    assert transfer_size("http://127.0.0.1:1/1-meanings/", body) == gzip_size(body)


def test_plain_config_is_material_without_our_fonts_hooks_or_plugins(tmp_path):
    """What makes the baseline plain Material (not its every key): MkDocs accepts it as it is."""
    from mkdocs.config import load_config

    nav = [{"Home": "index.md"}, {"The essay": [{"1. Meanings": "1-meanings.md"}]}]
    (tmp_path / "docs").mkdir()
    text = plain_material_config(tmp_path / "docs", nav)
    config = yaml.safe_load(text)
    assert config["theme"]["name"] == "material" and config["theme"]["font"] is False
    assert "hooks" not in config and "bibtex" not in text and config["nav"] == nav
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    loaded = load_config(str(tmp_path / "mkdocs.yml"))
    assert [name.split("/")[-1] for name in loaded.plugins] == ["search"]


def test_plain_config_without_a_nav_has_none(tmp_path):
    config = yaml.safe_load(plain_material_config(tmp_path))
    assert "nav" not in config


def test_our_config_reads_without_mkdocs_and_gives_the_nav(monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    config = read_config(ROOT / "mkdocs.yml")
    assert config["site_url"].startswith("http")
    assert any("Home" in item for item in config["nav"])
    monkeypatch.setenv("SITE_URL", "https://example.org/twiss/")
    assert read_config(ROOT / "mkdocs.yml")["site_url"] == "https://example.org/twiss/"


def test_each_timed_build_gets_a_fresh_copy_of_what_mkdocs_yml_names_and_no_cache(tmp_path):
    from edition.tools.bench.builds import copy_project

    config = copy_project(ROOT / "mkdocs.yml", tmp_path / "copy")
    copied = {p.name for p in (tmp_path / "copy").iterdir()}
    assert copied == {"mkdocs.yml", "hooks.py", "docs", "overrides", "sources", "footnotes.bib", "tests"}, copied
    assert [p.name for p in (tmp_path / "copy" / "tests").iterdir()] == ["public-urls.txt"]  # the build reads it, no test
    assert config == tmp_path / "copy" / "mkdocs.yml"
    assert not list((tmp_path / "copy").rglob("*.pickle")) and not (tmp_path / "copy" / ".cache").exists()


def test_the_serve_edits_change_what_the_page_shows_each_time():
    from edition.tools.bench.serve import edit_a_page, edit_a_term

    text = "entries:\n  - id: a\n    term: Links\n  - id: b\n    term: Other\n"
    once, words = edit_a_term(text, 1)
    assert words == "bench edit 1" and "term: Links (bench edit 1)\n" in once and "term: Other\n" in once
    twice, words = edit_a_term(once, 2)
    assert "term: Links (bench edit 2)\n" in twice and "bench edit 1" not in twice
    page, words = edit_a_page("# Glossary\n", 1)
    assert page == "# Glossary\n\nbench edit 1.\n" and edit_a_page(page, 2)[0] == "# Glossary\n\nbench edit 2.\n"


def test_the_plain_build_renders_the_notes_as_plain_footnotes():
    """The baseline renders the same notes: [@note14] becomes the [^note14] mkdocs-bibtex makes of it."""
    from edition.tools.bench.builds import as_plain_footnotes

    text = "the bureaucracy.[@note14] And[@note2]\n\n[^note14]: Trotsky, 1923."
    assert as_plain_footnotes(text) == "the bureaucracy.[^note14] And[^note2]\n\n[^note14]: Trotsky, 1923."
    assert as_plain_footnotes("[@other] stays") == "[@other] stays"


def test_the_report_gives_cold_rebuild_and_serve_against_their_targets():
    from edition.tools.bench.common import COLD_RATIO_TARGET, REBUILD_RATIO_TARGET
    from edition.tools.bench.report import report

    def figures(ours, plain, target):
        return {"ours_s": ours, "plain_s": plain, "ours_cpu_s": ours, "plain_cpu_s": plain, "target": target,
                "ours_median_s": sorted(ours)[1], "plain_median_s": sorted(plain)[1],
                "ratio": round(sorted(ours)[1] / sorted(plain)[1], 2), "cpu_ratio": round(sorted(ours)[1] / sorted(plain)[1], 2),
                "within_target": sorted(ours)[1] / sorted(plain)[1] <= target}

    results = {
        "build": {"runs": 3, "cold": figures([1.5, 1.4, 1.6], [1.0, 0.9, 1.0], COLD_RATIO_TARGET),
                  "rebuild": figures([1.3, 1.3, 1.3], [1.0, 1.0, 1.0], REBUILD_RATIO_TARGET), "errors": [], "load": (1.0, 1.2, 0.9)},
        "serve": {"ours": {"ok": True, "shown_s": [1.1, 0.9, 1.0], "median_s": 1.0, "rebuilds": [1, 1, 1]},
                  "plain": {"ok": True, "shown_s": [0.8, 0.7, 0.8], "median_s": 0.8, "rebuilds": [1, 1, 1]},
                  "target_s": 1.2, "within_target": True},
        "full_build": {"ok": True, "seconds": 30.0, "pdfs_built": True},
        "pdf": {"timed": False, "reason": "not asked"},
        "pages": "not asked",
    }
    text = report(results)
    assert f"a fresh copy, no cache (a clone, CI, gh-deploy): ours 1.50 s, plain 1.00 s, ratio 1.50x (target <= {COLD_RATIO_TARGET}x): ok" in text
    assert f"the same copy again, nothing changed: ours 1.30 s, plain 1.00 s, ratio 1.30x (target <= {REBUILD_RATIO_TARGET}x): OVER TARGET" in text
    assert "load average at the end 1.0 1.2 0.9" in text
    assert "ours, sources/glossary.yml: median 1.00 s (edits 1.10 0.90 1.00 s), rebuilds per edit 1 1 1: ok" in text
    assert text.index("fresh copy, no cache") < text.index("nothing changed") < text.index("mkdocs serve")


def made(tmp_path: Path, name: str, seconds: float, kilobytes: int = 50, layouts: int = 1) -> MadePdf:
    path = tmp_path / name
    path.write_bytes(b"x" * kilobytes * 1024)
    return MadePdf(path, seconds, layouts)


def test_each_pdf_meets_its_target_only_with_both_times_under_it(tmp_path):
    run = [made(tmp_path, "a-a4.pdf", 0.4), made(tmp_path, "whole-a4.pdf", 1.2), made(tmp_path, "big-a4.pdf", 0.2, 400)]
    alone = [MadePdf(run[0].path, 0.3, 1), MadePdf(run[1].path, PDF_SECONDS_TARGET + 0.1, 1), MadePdf(run[2].path, 0.2, 1)]
    figures = pdf_figures(run, alone, total_s=1.5, alone_total_s=2.5, workers=2)
    assert [name for name, v in figures["pdfs"].items() if v["within_target"]] == ["a-a4.pdf"]
    assert figures["pdfs"]["whole-a4.pdf"] == {"seconds": 1.2, "alone_s": 1.6, "kb": 50.0, "layouts": 1, "within_target": False}
    assert figures["slowest_s"] == 1.6 and not figures["all_within_target"]
    assert figures["over_size_target"] == ["big-a4.pdf"]
    assert figures["shared_s"] == 0.4  # 2.5 s in all, 2.1 s of it in the PDFs themselves
    assert (figures["count"], figures["workers"], figures["total_s"]) == (3, 2, 1.5)


def test_the_whole_essay_is_also_timed_with_its_chapters(tmp_path):
    """It lays out only its title page: the report also gives its cost with its chapters of the same size."""
    run = [made(tmp_path, "a-a4.pdf", 0.4), made(tmp_path, "a-letter.pdf", 0.5),
           made(tmp_path, "whole-a4.pdf", 0.6), made(tmp_path, "whole-letter.pdf", 0.7)]
    figures = pdf_figures(run, run, total_s=1.5, alone_total_s=2.5, workers=2, whole="whole")
    assert figures["with_chapters_s"] == {"whole-a4.pdf": 1.0, "whole-letter.pdf": 1.2}
    assert "whole-letter.pdf lays out only its title page" in "\n".join(pdf_report(figures))
    assert pdf_figures(run, run, total_s=1.5, alone_total_s=2.5, workers=2)["with_chapters_s"] == {}


def test_the_pdf_report_lists_every_pdf_with_its_verdict(tmp_path):
    run = [made(tmp_path, "one-a4.pdf", 0.5), made(tmp_path, "two-letter.pdf", 1.7, layouts=2)]
    figures = pdf_figures(run, run, total_s=1.9, alone_total_s=2.4, workers=2)
    figures.update(differ_alone=[], differ_from_full_build=["two-letter.pdf"])
    text = "\n".join(pdf_report(figures))
    lines = text.splitlines()
    assert "2 PDFs in 1.90 s with 2 worker processes" in text and "OVER TARGET, slowest 1.70 s" in text
    row = next(line for line in lines if "two-letter.pdf" in line).split()
    assert row == ["two-letter.pdf", "1.70", "1.70", "50.0", "2", "OVER", "TARGET"]
    assert next(line for line in lines if "one-a4.pdf" in line).split()[-1] == "ok"
    assert "same bytes made alone as in the run: yes" in text and "as in the full build: NO, two-letter.pdf" in text
    assert pdf_report({"timed": False, "reason": "no site"})[-1] == "   skipped: no site"


# ── Lighthouse: the parsing is a pure function; Lighthouse itself runs only in `./run bench` ──────

DATA = Path(__file__).parent / "data" / "bench"


def sample_report() -> dict:
    """A real Lighthouse 12 report of a chapter, cut down to a few audits (a golden sample)."""
    return json.loads((DATA / "lighthouse-report.json").read_text(encoding="utf-8"))


def test_lighthouse_summary_matches_the_golden_file():
    expected = json.loads((DATA / "lighthouse-summary.expected.json").read_text(encoding="utf-8"))
    assert lighthouse_summary(sample_report()) == expected


def test_lighthouse_summary_lists_failing_audits_only_for_categories_below_100():
    summary = lighthouse_summary(sample_report())
    assert summary["scores"] == {"performance": 96, "accessibility": 96, "best-practices": 100, "seo": 100}
    assert summary["metrics"] == {"fcp_ms": 647, "lcp_ms": 647, "tbt_ms": 23, "cls": 0.1139, "si_ms": 647}
    assert [a["id"] for a in summary["failing"]["accessibility"]] == ["target-size"]
    assert summary["failing"]["accessibility"][0]["where"] == [
        "nav.md-nav > ul.md-nav__list > li.md-nav__item > a.md-nav__link",
        "div.md-content > article.md-content__inner > p#p4 > a.pnum",
    ]
    assert "cumulative-layout-shift" in [a["id"] for a in summary["failing"]["performance"]]
    assert "seo" not in summary["failing"] and "best-practices" not in summary["failing"]
    # An audit that is not applicable is neither failing nor passed: it is listed as such.
    assert summary["not_applicable"] == {"seo": ["robots-txt"]}


def test_lighthouse_summary_of_a_perfect_report_lists_nothing():
    report = sample_report()
    for category in report["categories"].values():
        category["score"] = 1
    for audit in report["audits"].values():
        if audit["score"] is not None:
            audit["score"] = 1
    summary = lighthouse_summary(report)
    assert set(summary["scores"].values()) == {100}
    assert summary["failing"] == {}


def test_lighthouse_summary_of_a_failed_run_has_no_scores_and_says_why():
    report = sample_report()
    del report["categories"]["seo"]
    report["categories"]["performance"]["score"] = None
    report["runtimeError"] = {"code": "NO_FCP", "message": "The page did not paint any content."}
    summary = lighthouse_summary(report)
    assert summary["scores"]["seo"] is None and summary["scores"]["performance"] is None
    assert summary["error"] == "The page did not paint any content."
    assert "performance" in summary["failing"]
    assert lighthouse_summary({})["scores"] == dict.fromkeys(LIGHTHOUSE_CATEGORIES)
    assert set(lighthouse_summary({})["metrics"].values()) == {None}


def test_lighthouse_runs_combine_into_median_scores_and_every_failing_audit():
    first = lighthouse_summary(sample_report())
    perfect = copy.deepcopy(first)
    perfect["scores"] = dict.fromkeys(LIGHTHOUSE_CATEGORIES, 100)
    perfect["failing"] = {}
    combined = lighthouse_combine([first, perfect, perfect])
    assert combined["runs"] == 3
    assert combined["scores"]["performance"] == 100 and combined["min_scores"]["performance"] == 96
    target_size = combined["failing"]["accessibility"][0]
    assert target_size["id"] == "target-size" and target_size["runs"] == 1


def test_lighthouse_command_is_the_desktop_preset_with_our_chromium_flags():
    command = lighthouse_command("http://127.0.0.1:1/", Path("lighthouse"))
    assert command[:2] == ["lighthouse", "http://127.0.0.1:1/"]
    assert "--preset=desktop" in command
    assert "--only-categories=performance,accessibility,best-practices,seo" in command
    flags = next(c for c in command if c.startswith("--chrome-flags="))
    assert "--headless" in flags and "--no-sandbox" in flags and "--disable-background-networking" in flags


def test_lighthouse_report_prints_scores_failures_and_a_skip():
    page = {**lighthouse_combine([lighthouse_summary(sample_report())]), "path": "/2-glavkokratiia/"}
    text = "\n".join(lighthouse_report({"skipped": "", "lighthouse": "12.8.2", "base": "http://127.0.0.1:1/",
                                         "runs": 1, "pages": {"chapter": page}}))
    assert "chapter  /2-glavkokratiia/" in text
    assert text.splitlines()[4].split()[-4:] == ["647", "647", "23", "0.114"]  # FCP, LCP, TBT, CLS
    assert "target-size (score 0.00)" in text
    assert "cumulative-layout-shift (score 0.86, 0.114)" in text
    assert "robots-txt" in text
    assert "target-size at: nav.md-nav > ul.md-nav__list > li.md-nav__item > a.md-nav__link | div.md-content" in text
    skipped = lighthouse_report({"skipped": "node is not installed"})
    assert skipped[-1] == "   skipped: node is not installed"


def test_the_fresh_copy_the_bench_builds_has_every_file_the_build_reads(tmp_path):
    """A copy made as the bench makes it builds: every file the project loader requires is in it."""
    from edition.sources.project import REQUIRED
    from edition.tools.bench.builds import copy_project

    copy = copy_project(ROOT / "mkdocs.yml", tmp_path)
    missing = [str(name) for name in REQUIRED if not (copy.parent / name).is_file()]
    assert missing == [], f"the bench's copy lacks {missing}"


def test_the_floor_config_is_ours_without_the_hooks_key_and_nothing_else(tmp_path):
    from edition.tools.bench.builds import without_hooks

    text = ("site_name: X\n# a comment\nhooks:\n  - hooks.py\n  - more.py\n\nmarkdown_extensions:\n  - attr_list\n"
            "plugins:\n  - search\n")
    assert without_hooks(text) == "site_name: X\n# a comment\nmarkdown_extensions:\n  - attr_list\nplugins:\n  - search\n"
    floor = tmp_path / "mkdocs.yml"
    floor.write_text(without_hooks((ROOT / "mkdocs.yml").read_text(encoding="utf-8")), encoding="utf-8")
    ours = read_config(ROOT / "mkdocs.yml")
    assert ours["hooks"] and read_config(floor) == {key: value for key, value in ours.items() if key != "hooks"}


def test_only_takes_known_parts_and_names_them_when_one_is_unknown():
    import argparse

    from edition.tools.bench import PARTS, only_parts

    assert only_parts("build, serve") == ("build", "serve")
    with pytest.raises(argparse.ArgumentTypeError, match=f"unknown part\\(s\\) bild; choose from {', '.join(PARTS)}"):
        only_parts("bild")
    with pytest.raises(argparse.ArgumentTypeError, match="none given"):
        only_parts(",")


def test_the_report_of_the_build_part_alone_gives_the_floor_and_nothing_else():
    from edition.tools.bench.report import full_report

    figures = {"ours_s": [2.0], "plain_s": [1.0], "ours_cpu_s": [2.0], "plain_cpu_s": [1.0], "target": 1.6,
               "ours_median_s": 2.0, "plain_median_s": 1.0, "ratio": 2.0, "cpu_ratio": 2.0, "within_target": False,
               "floor_s": [1.2], "floor_cpu_s": [1.1], "floor_ratio": 1.2, "floor_cpu_ratio": 1.1}
    text = full_report({"build": {"runs": 1, "cold": figures, "rebuild": figures, "errors": [], "load": (1.0,)}})
    assert "ours without our hooks" in text and "1.20 s, ratio 1.20x (CPU 1.10x)" in text
    assert "Full build" not in text and "3. PDFs" not in text and "First visit" not in text


def test_each_part_alone_builds_the_sites_it_reads_and_no_other():
    from edition.tools.bench import PARTS, builds_needed

    assert builds_needed(("pdf",)) == (True, True)  # our site to make PDFs from, the full build to compare
    assert builds_needed(("pages",)) == (True, False) and builds_needed(("pages", "full")) == (False, True)
    assert builds_needed(("serve",)) == builds_needed(("lighthouse",)) == (False, False)
    assert builds_needed(PARTS) == (True, True)
