"""Timed builds: ours and the plain-Material baseline."""

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

from edition.tools.bench.common import BUILD_RATIO_TARGET, CONFIG, PLAIN_EXTENSIONS, ROOT, log, median


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
    from edition.sources.chapters import load_chapters
    from edition.sources.essay import load_essay

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
