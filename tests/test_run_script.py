"""`./run` installs the lock with uv when it can, and with pip when uv cannot be had or fails (README,
*Dependencies*). Run against stand-ins for python3, pip and uv that log their calls: no download."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.site  # starts ./run, a shell

# `python3 -m venv DIR` (logged) makes DIR/bin/python and DIR/bin/pip, which log each call. The pip stand-in installs the uv stand-in from tools/uv/requirements.txt
# unless STUB says uv cannot be had, and `pip config list` prints a setting if PIP_CONFIGURED is set;
# the uv stand-in fails if STUB says so (on everything, or only on the package); pip itself fails on
# everything if STUB is "all-fail".
FAKE_PYTHON3 = r"""#!/bin/sh
echo "python3 $*" >> "$CALLS"
[ "$1 $2" = "-m venv" ] || exit 2
for last; do :; done
mkdir -p "$last/bin"
cat > "$last/bin/python" <<'STUB'
#!/bin/sh
echo "python $*" >> "$CALLS"
STUB
cat > "$last/bin/pip" <<'STUB'
#!/bin/sh
echo "pip $*" >> "$CALLS"
[ "$STUB" = all-fail ] && exit 1
[ "$1 $2" = "config list" ] && { [ -n "${PIP_CONFIGURED:-}" ] && echo "global.index-url='https://mirror.example/simple'"; exit 0; }
case "$*" in *tools/uv/requirements.txt*)
  [ "$STUB" = no-uv ] && exit 1
  printf '#!/bin/sh\necho "uv $*" >> "$CALLS"\n[ "$STUB" = uv-fails ] && exit 1\ncase "$STUB $*" in "uv-fails-package "*" -e "*) exit 1 ;; esac\nexit 0\n' > "$(dirname "$0")/uv"
  chmod +x "$(dirname "$0")/uv" ;;
esac
STUB
chmod +x "$last/bin/python" "$last/bin/pip"
"""


def run_generate_check(tmp_path: Path, stub: str, **extra: str) -> tuple[subprocess.CompletedProcess, list[str], Path]:
    """`./run generate --check` (or COMMAND) in a project under tmp_path, made on the first call and
    kept, with the stand-ins first on PATH; the calls logged by this run, and the install stamp."""
    project = tmp_path / "project"
    for name in ("run", "requirements.txt", "pyproject.toml", "tools/uv/requirements.txt"):
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        if not (project / name).exists():
            shutil.copy2(ROOT / name, project / name)
    fakes = tmp_path / "bin"
    fakes.mkdir(exist_ok=True)
    (fakes / "python3").write_text(FAKE_PYTHON3)
    (fakes / "python3").chmod(0o755)
    calls = tmp_path / "calls.log"
    calls.unlink(missing_ok=True)
    env = {"PATH": f"{fakes}:/usr/bin:/bin", "CALLS": str(calls), "STUB": stub, "SOURCE_DATE_EPOCH": "1471564800", **extra}
    command = env.pop("COMMAND", "generate")
    done = subprocess.run(["sh", "./run", command, "--check"], cwd=project, env=env, capture_output=True, text=True)
    logged = [" ".join(part for part in line.split() if not part.startswith("--") or part == "-e") for line in calls.read_text().splitlines()] if calls.exists() else []
    return done, logged, project / ".venv" / ".installed"


def installs(calls: list[str]) -> list[str]:
    """Each install call, as `tool what`: the file given with -r, or `-e .`."""
    found = []
    for call in calls:
        words = call.split()
        if words[0] in ("pip", "uv") and "install" in words:
            what = words[words.index("-r") + 1] if "-r" in words else "-e ."
            found.append(f"{words[0]} {what}")
    return found


def test_uv_installs_the_lock_and_the_package_when_it_can(tmp_path):
    done, calls, installed = run_generate_check(tmp_path, "uv-ok")
    assert done.returncode == 0, done.stderr
    assert installs(calls) == ["pip tools/uv/requirements.txt", "uv requirements.txt", "uv -e ."]
    assert calls[-1] == "python scripts/generate.py"
    assert installed.is_file()


@pytest.mark.parametrize(("stub", "said"), [
    ("no-uv", "uv could not be installed here (see above); installing with pip instead"),
    ("uv-fails", "uv could not install the lock here (see above); installing it with pip instead"),
    ("uv-fails-package", "uv could not install the edition package here (see above); installing with pip instead"),
])
def test_pip_installs_them_when_uv_cannot_be_had_or_fails(tmp_path, stub, said):
    done, calls, installed = run_generate_check(tmp_path, stub)
    assert done.returncode == 0, done.stderr
    assert installs(calls)[-2:] == ["pip requirements.txt", "pip -e ."]
    assert said in done.stderr
    assert installed.is_file()


def test_installer_pip_leaves_uv_out(tmp_path):
    done, calls, installed = run_generate_check(tmp_path, "uv-ok", INSTALLER="pip")
    assert done.returncode == 0, done.stderr
    assert installs(calls) == ["pip requirements.txt", "pip -e ."]
    assert "uv" not in done.stderr.replace("run: installing", "")
    assert installed.is_file()


PIP_NOTICE = "pip is configured here (pip config list, PIP_*); uv does not read that: INSTALLER=pip ./run … uses pip alone"


@pytest.mark.parametrize("configured", [{"PIP_INDEX_URL": "https://mirror.example/simple"}, {"PIP_CONFIGURED": "1"}, {}],
                         ids=["PIP_ variable", "pip config list", "not configured"])
def test_when_pip_is_configured_run_says_uv_does_not_read_it(tmp_path, configured):
    done, calls, installed = run_generate_check(tmp_path, "uv-ok", **configured)
    assert done.returncode == 0, done.stderr
    assert (PIP_NOTICE in done.stderr) == bool(configured)


def test_installer_pip_after_uv_makes_the_environment_again(tmp_path):
    """The advice of the notice above works: the stamp names the installer, and a change of installer
    makes .venv again, so nothing uv installed is left for pip to call satisfied."""
    run_generate_check(tmp_path, "uv-ok")
    kept = tmp_path / "project" / ".venv" / "installed-by-hand"
    kept.write_text("")
    done, calls, installed = run_generate_check(tmp_path, "uv-ok", INSTALLER="pip")
    assert done.returncode == 0, done.stderr
    assert "run: .venv was installed by another installer or an older ./run: making it again with pip" in done.stderr
    assert installs(calls) == ["pip requirements.txt", "pip -e ."]
    assert not kept.exists() and not (installed.parent / "bin" / "uv").exists()
    again = run_generate_check(tmp_path, "uv-ok", INSTALLER="pip")[1]
    assert installs(again) == []  # and nothing more while the stamp holds


def test_a_changed_lock_is_installed_over_the_environment_as_it_is(tmp_path):
    """Only a change of installer empties .venv: an edit of pyproject.toml reinstalls in place, so
    what a user put in .venv stays and an offline edit does not leave .venv empty."""
    run_generate_check(tmp_path, "uv-ok")
    kept = tmp_path / "project" / ".venv" / "installed-by-hand"
    kept.write_text("")
    with open(tmp_path / "project" / "pyproject.toml", "a", encoding="utf-8") as pyproject:
        pyproject.write("\n# an edit\n")
    done, calls, installed = run_generate_check(tmp_path, "uv-ok")
    assert done.returncode == 0, done.stderr
    assert installs(calls) == ["pip tools/uv/requirements.txt", "uv requirements.txt", "uv -e ."]
    assert kept.exists() and "making it again" not in done.stderr


@pytest.mark.parametrize("command", ["generate", "help"])
def test_an_unknown_installer_is_refused_by_name_whatever_the_command(tmp_path, command):
    done, calls, installed = run_generate_check(tmp_path, "uv-ok", INSTALLER="pipx", COMMAND=command)
    assert done.returncode == 2
    assert "INSTALLER is 'pipx'; it must be uv (the default) or pip" in done.stderr
    assert installs(calls) == [] and not installed.exists()


def test_a_failed_install_stops_run_and_is_not_recorded_as_done(tmp_path):
    done, calls, installed = run_generate_check(tmp_path, "all-fail")
    assert done.returncode != 0
    assert "python scripts/generate.py" not in calls
    assert not installed.exists()


def test_every_install_requires_hashes():
    run = (ROOT / "run").read_text(encoding="utf-8")
    for line in run.splitlines():
        if " install " in line and ("-r " in line) and not line.lstrip().startswith("#"):
            assert "--require-hashes" in line, line
    assert os.path.getsize(ROOT / "tools/uv/requirements.txt") and "--hash=sha256:" in (ROOT / "tools/uv/requirements.txt").read_text()


@pytest.mark.parametrize("change", ["lock", "installer"])
def test_a_linked_environment_is_used_while_current_and_never_installed_into(tmp_path, change):
    """A .venv that is a link to an environment elsewhere runs the commands while its stamp holds; when
    it needs installing (a changed lock, another installer), ./run stops with what to do and leaves
    the linked folder as it was (venv will not make an environment through a link)."""
    elsewhere = tmp_path / "elsewhere"
    run_generate_check(tmp_path, "uv-ok")
    (tmp_path / "project" / ".venv").rename(elsewhere)
    (tmp_path / "project" / ".venv").symlink_to(elsewhere)
    done, calls, installed = run_generate_check(tmp_path, "uv-ok")
    assert done.returncode == 0 and calls == ["python scripts/generate.py"], (done.stderr, calls)
    if change == "lock":
        with open(tmp_path / "project" / "pyproject.toml", "a", encoding="utf-8") as pyproject:
            pyproject.write("\n# an edit\n")
    before = sorted(path.relative_to(elsewhere) for path in elsewhere.rglob("*"))
    done, calls, installed = run_generate_check(tmp_path, "uv-ok", **({"INSTALLER": "pip"} if change == "installer" else {}))
    assert done.returncode == 2
    assert "run: .venv is a link and needs installing; ./run installs only into a folder of its own: remove the link (rm .venv) and run again" in done.stderr
    assert calls == [] and sorted(path.relative_to(elsewhere) for path in elsewhere.rglob("*")) == before
    assert (tmp_path / "project" / ".venv").is_symlink()


def test_a_venv_from_the_oldest_run_is_made_again(tmp_path):
    """A .venv with no install stamp (the oldest ./run wrote .requirements and installed without
    hashes, or an install stopped half-way) is made again, so nothing in it is kept unchecked."""
    run_generate_check(tmp_path, "uv-ok")
    venv = tmp_path / "project" / ".venv"
    (venv / ".installed").rename(venv / ".requirements")
    done, calls, installed = run_generate_check(tmp_path, "uv-ok")
    assert done.returncode == 0, done.stderr
    assert "run: .venv was installed by another installer or an older ./run: making it again with uv" in done.stderr
    assert not (venv / ".requirements").exists() and installed.is_file()
