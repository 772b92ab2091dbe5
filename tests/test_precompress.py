"""Precompressed twins of the text files (edition/web/precompress.py): what is compressed, that each
twin decompresses to its file, and that two runs give the same bytes and times."""

import gzip
import os

import brotli

from edition.web import precompress

TIME = 1471564800  # 19 August 2016


def sample_site(root):
    (root / "assets").mkdir(parents=True)
    page = ("<p>" + "The bureaucracy as a social formation. " * 200 + "</p>").encode()
    (root / "index.html").write_bytes(page)
    (root / "assets" / "edition.css").write_bytes(b".md-typeset { font-size: 0.9rem; }\n" * 50)
    (root / "assets" / "bundle.js.map").write_bytes(b"{}" * 500)
    (root / "tiny.txt").write_bytes(b"x")
    (root / "sitemap.xml").write_bytes(b"<urlset>" + b"<url/>" * 100 + b"</urlset>")
    (root / "sitemap.xml.gz").write_bytes(b"MkDocs' own")
    (root / "preview.png").write_bytes(b"\x89PNG" * 100)
    return root


def test_each_text_file_gets_a_gzip_and_a_brotli_twin_that_decompress_to_it(tmp_path):
    site = sample_site(tmp_path / "site")
    written = precompress.precompress(site, TIME)
    names = sorted(str(p.relative_to(site)) for p in written)
    assert names == ["assets/edition.css.br", "assets/edition.css.gz", "index.html.br", "index.html.gz", "sitemap.xml.br"]
    for twin in written:
        original = twin.with_name(twin.name[:-3]).read_bytes()
        packed = twin.read_bytes()
        assert (gzip.decompress(packed) if twin.suffix == ".gz" else brotli.decompress(packed)) == original
        assert len(packed) < len(original)
        assert os.stat(twin).st_mtime == os.stat(twin.with_name(twin.name[:-3])).st_mtime == TIME
    # No twin of a source map, of a file compression would not shrink, of a PNG; MkDocs' sitemap.xml.gz is kept.
    assert (site / "sitemap.xml.gz").read_bytes() == b"MkDocs' own"
    gz = (site / "index.html.gz").read_bytes()
    assert int.from_bytes(gz[4:8], "little") == TIME and not gz[3] & 0x08  # the time, and no file name


def test_precompressing_is_reproducible(tmp_path):
    first, second = sample_site(tmp_path / "a"), sample_site(tmp_path / "b")
    precompress.precompress(first, TIME)
    precompress.precompress(second, TIME)
    for twin in sorted(first.rglob("*.[gb][zr]")):
        assert twin.read_bytes() == (second / twin.relative_to(first)).read_bytes()


def test_precompression_claims_no_cache_it_does_not_have():
    """Review finding 6: the docstring and the README described a cache that no build used."""
    import inspect
    from pathlib import Path

    assert list(inspect.signature(precompress.precompress).parameters) == ["site", "mtime"]
    assert not hasattr(precompress, "cache_key")
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Precompressed files", 1)[1].split("\n#", 1)[0]
    for text in (precompress.__doc__, section):
        assert "recompresses only what changed" not in text and "kept in the build cache" not in text


def test_the_published_site_carries_the_twins(published_site):
    """The publishing build (the one with the PDFs) writes them; a page's twin is the page."""
    site, _ = published_site
    for name in ("index.html", "1-meanings/index.html", "assets/edition.css", "assets/edition.js", "search/search_index.json"):
        page = (site / name).read_bytes()
        assert gzip.decompress((site / (name + ".gz")).read_bytes()) == page
        assert brotli.decompress((site / (name + ".br")).read_bytes()) == page
    assert not list(site.rglob("*.pdf.gz")) and not list(site.rglob("*.woff2.br")) and not list(site.rglob("*.map.gz"))
