"""The generator: pages are current, a second run changes nothing, stale output is reported."""

from edition.pages import generate


def test_generated_pages_are_up_to_date(capsys):
    assert generate.main(["--check"]) == 0, capsys.readouterr().out


def test_check_reports_an_outdated_file_and_exits_1(tmp_path, capsys, monkeypatch):
    stale = tmp_path / "page.md"
    stale.write_text("old", encoding="utf-8")
    monkeypatch.setattr(generate, "load_project", lambda: None)
    monkeypatch.setattr(generate, "generated_files", lambda project: {stale: "new"})
    monkeypatch.setattr(generate.paths, "ROOT", tmp_path)
    assert generate.main(["--check"]) == 1
    assert "outdated: page.md" in capsys.readouterr().out
    assert stale.read_text(encoding="utf-8") == "old"


def test_a_second_run_changes_nothing(tmp_path, monkeypatch):
    target = tmp_path / "page.md"
    monkeypatch.setattr(generate, "load_project", lambda: None)
    monkeypatch.setattr(generate, "generated_files", lambda project: {target: "content"})
    monkeypatch.setattr(generate.paths, "ROOT", tmp_path)
    assert generate.main([]) == 0
    first = target.stat().st_mtime_ns
    assert generate.sync({target: "content"}, check=False) == []
    assert target.stat().st_mtime_ns == first
