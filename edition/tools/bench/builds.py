"""Timed builds: ours and the plain-Material baseline, each in a fresh copy of the project.

A build is timed as people meet it: first in a fresh copy with no cache (a clone, CI, `gh-deploy`:
the headline), then the same copy built again with nothing changed. The copy holds what mkdocs.yml
names (itself, its hooks, docs_dir, the theme's custom_dir and the watched sources), never the
package, which the builds import from the environment as a checkout's build does; nothing is written
into the project.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from edition.sources import paths
from edition.tools.bench.common import COLD_RATIO_TARGET, PLAIN_EXTENSIONS, REBUILD_RATIO_TARGET, log, median


def read_config(config_file: Path) -> dict:
    return paths.read_config(config_file)


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


def chapter_slugs(root: Path) -> list[str]:
    from edition.sources.chapters import load_chapters
    from edition.sources.essay import load_essay

    return [chapter.slug for chapter in load_chapters(load_essay(root / paths.ESSAY), root / paths.CHAPTERS)]


def verdict(ok: bool | None) -> str:
    return "" if ok is None else ("ok" if ok else "OVER TARGET")


def project_files(config_file: Path) -> list[str]:
    """What a build of this mkdocs.yml reads from its folder: itself, its hooks, its docs_dir, the
    theme's custom_dir and what it watches (the sources), by their names relative to the folder."""
    config = read_config(config_file)
    theme = config.get("theme") or {}
    names = [config_file.name, str(config.get("docs_dir") or "docs"), *(config.get("hooks") or []), *(config.get("watch") or [])]
    if isinstance(theme, dict) and theme.get("custom_dir"):
        names.append(theme["custom_dir"])
    return list(dict.fromkeys(names))


def copy_project(config_file: Path, target: Path) -> Path:
    """A fresh copy of the project (no cache, no built site); returns the copy's mkdocs.yml."""
    root = config_file.parent
    for name in project_files(config_file):
        source = root / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target / config_file.name


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
    """One `mkdocs build` in a fresh process into an empty site_dir, timed by the wall clock."""
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


def make_plain_project(work: Path, config_file: Path) -> Path:
    """Copy the docs_dir into work (notes as plain footnotes) and write the plain Material config;
    returns the config path."""
    work.mkdir(parents=True, exist_ok=True)
    shutil.copytree(paths.docs_dir(config_file), work / "docs")
    for page in (work / "docs").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        if NOTE_CITATION.search(text):
            page.write_text(as_plain_footnotes(text), encoding="utf-8")
    plain_config = work / "mkdocs.yml"
    plain_config.write_text(plain_material_config("docs", read_config(config_file).get("nav")), encoding="utf-8")
    return plain_config


TOP_LEVEL_KEY = re.compile(r"^[^\s#-][^:]*:", re.M)


def without_hooks(config_text: str) -> str:
    """mkdocs.yml with its top-level `hooks:` key (and the list under it) removed, the rest unchanged:
    our configuration (theme, overrides, Markdown extensions, plugins) without the edition's hooks."""
    lines = config_text.splitlines(keepends=True)
    kept, skipping = [], False
    for line in lines:
        if TOP_LEVEL_KEY.match(line):
            skipping = line.startswith("hooks:")
        if not skipping:
            kept.append(line)
    return "".join(kept)


def make_floor_project(config_file: Path, target: Path) -> Path:
    """A fresh copy of the project whose mkdocs.yml has no hooks: what our configuration costs before
    any work of ours (the committed pages, Material with our theme overrides and Markdown extensions,
    mkdocs-bibtex). Returns the copy's mkdocs.yml."""
    config = copy_project(config_file, target)
    config.write_text(without_hooks(config.read_text(encoding="utf-8")), encoding="utf-8")
    return config


def _figures(times: dict[str, list[Build]], target: float) -> dict:
    ours, plain = times["ours"], times["plain"]
    figures: dict = {
        "ours_s": [round(b.seconds, 3) for b in ours], "plain_s": [round(b.seconds, 3) for b in plain],
        "ours_cpu_s": [round(b.cpu_seconds, 3) for b in ours], "plain_cpu_s": [round(b.cpu_seconds, 3) for b in plain],
        "target": target,
    }
    if ours and plain:
        figures["ours_median_s"] = round(median(figures["ours_s"]), 3)
        figures["plain_median_s"] = round(median(figures["plain_s"]), 3)
        figures["ratio"] = round(median(figures["ours_s"]) / median(figures["plain_s"]), 2)
        figures["cpu_ratio"] = round(median(figures["ours_cpu_s"]) / median(figures["plain_cpu_s"]), 2)
        figures["within_target"] = figures["ratio"] <= target
    floor = times.get("floor") or []
    if floor and plain:
        figures["floor_s"] = [round(b.seconds, 3) for b in floor]
        figures["floor_cpu_s"] = [round(b.cpu_seconds, 3) for b in floor]
        figures["floor_ratio"] = round(median(figures["floor_s"]) / median(figures["plain_s"]), 2)
        figures["floor_cpu_ratio"] = round(median(figures["floor_cpu_s"]) / median(figures["plain_cpu_s"]), 2)
    return figures


def bench_builds(work: Path, config_file: Path, runs: int) -> tuple[dict, Path | None]:
    """For each run, ours, plain Material and ours without hooks (the floor) in turn: a fresh copy built
    cold, then built again with nothing changed. Medians and their ratios; returns the figures and our
    last site."""
    plain_template = make_plain_project(work / "plain-template", config_file)
    cold: dict[str, list[Build]] = {"ours": [], "plain": [], "floor": []}
    rebuild: dict[str, list[Build]] = {"ours": [], "plain": [], "floor": []}
    failures: list[str] = []
    our_site = work / "ours-site"
    for run in range(runs):
        for name in ("ours", "plain", "floor"):
            copy = work / f"{name}-{run}"
            if name == "ours":
                config, strict = copy_project(config_file, copy), None
            elif name == "floor":  # without our hooks, a strict build would fail on what they provide
                config, strict = make_floor_project(config_file, copy), False
            else:
                shutil.copytree(plain_template.parent, copy)
                config, strict = copy / "mkdocs.yml", False
            site = our_site if name == "ours" else work / f"{name}-site"
            for kind, builds in (("cold", cold[name]), ("rebuild", rebuild[name])):
                build = timed_build(config, site, build_env(), strict=strict)
                if build.ok:
                    builds.append(build)
                else:
                    failures.append(f"{name} ({kind}): {build.output[-800:]}")
                    break
            shutil.rmtree(copy, ignore_errors=True)
        log(f"  build run {run + 1}/{runs}: cold ours {[round(b.seconds, 2) for b in cold['ours'][-1:]]} s, "
            f"plain {[round(b.seconds, 2) for b in cold['plain'][-1:]]} s; rebuild ours "
            f"{[round(b.seconds, 2) for b in rebuild['ours'][-1:]]} s, plain {[round(b.seconds, 2) for b in rebuild['plain'][-1:]]} s")
    figures = {"runs": runs, "cold": _figures(cold, COLD_RATIO_TARGET), "rebuild": _figures(rebuild, REBUILD_RATIO_TARGET),
               "errors": failures, "load": os.getloadavg()}
    return figures, (our_site if cold["ours"] else None)


def bench_full_build(work: Path, config_file: Path) -> tuple[dict, Path | None]:
    """One timed build with BUILD_PDFS=true in a fresh copy; says whether site/pdf came out of it."""
    site = work / "full-site"
    build = timed_build(copy_project(config_file, work / "full"), site, build_env(BUILD_PDFS="true"))
    pdf_dir = site / "pdf"
    figures = {
        "seconds": round(build.seconds, 3),
        "ok": build.ok,
        "pdfs_built": build.ok and pdf_dir.is_dir(),
        "error": "" if build.ok else build.output[-800:],
    }
    return figures, (site if build.ok else None)
