"""The generator: pages are current, a second run changes nothing, stale output is reported."""

from types import SimpleNamespace

from edition.pages import generate


def test_generated_pages_are_up_to_date(capsys):
    assert generate.main(["--check"]) == 0, capsys.readouterr().out


def test_check_reports_an_outdated_file_and_exits_1(tmp_path, capsys, monkeypatch):
    stale = tmp_path / "page.md"
    stale.write_text("old", encoding="utf-8")
    monkeypatch.setattr(generate, "generation", lambda *args: (SimpleNamespace(docs_dir=tmp_path), {stale: "new"}, {}))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mkdocs.yml").write_text("site_name: test\n", encoding="utf-8")
    assert generate.main(["--check"]) == 1
    assert "outdated: page.md" in capsys.readouterr().out
    assert stale.read_text(encoding="utf-8") == "old"


def test_a_second_run_changes_nothing(tmp_path, monkeypatch):
    target = tmp_path / "page.md"
    monkeypatch.setattr(generate, "generation", lambda *args: (SimpleNamespace(docs_dir=tmp_path), {target: "content"}, {}))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mkdocs.yml").write_text("site_name: test\n", encoding="utf-8")
    assert generate.main([]) == 0
    first = target.stat().st_mtime_ns
    assert generate.sync({target: "content"}, check=False) == []
    assert target.stat().st_mtime_ns == first


def test_a_generated_page_no_longer_produced_is_deleted_and_a_page_by_hand_is_kept(tmp_path, monkeypatch, capsys):
    """A renamed chapter leaves no orphan page behind (review 3, #16): MkDocs would publish it."""
    notice = generate.common.GENERATED_NOTICE
    kept, renamed = tmp_path / "2-glavkokratiija.md", tmp_path / "2-glavkokratiia.md"
    renamed.write_text(f"---\ntitle: Old\n---\n{notice}\n", encoding="utf-8")
    by_hand, below = tmp_path / "about.md", tmp_path / "notes" / "30.md"
    by_hand.write_text("# About\n", encoding="utf-8")
    below.parent.mkdir()
    below.write_text(f"{notice}\n", encoding="utf-8")  # in a folder the generator does not write to
    outputs = {kept: f"{notice}\nnew\n"}
    assert renamed in generate.sync(outputs, check=True) and renamed.exists()  # --check reports it, writes nothing
    assert renamed in generate.sync(outputs, check=False)
    assert not renamed.exists() and kept.exists() and by_hand.exists() and below.exists()
