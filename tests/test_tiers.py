"""The tiers keep their promises: a fast-tier test that starts a process fails, naming it (README, *Tests by cost*)."""

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

INNER = '''
import subprocess

import pytest


@pytest.mark.fast
def test_starts_a_process():
    subprocess.run(["true"], check=True)


@pytest.mark.site
def test_may_start_one():
    subprocess.run(["true"], check=True)
'''


@pytest.mark.site  # it runs pytest, which starts processes
def test_a_fast_test_that_starts_a_process_fails_and_a_site_test_may(pytester):
    pytester.makeconftest((Path(__file__).parent / "conftest.py").read_text(encoding="utf-8"))
    pytester.makepyfile(test_inner=INNER)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-n", "0")
    result.assert_outcomes(passed=2, errors=1)  # the fast test passes its body, then fails at teardown
    assert "a fast-tier test started a process (subprocess.Popen 'true'): mark it `site`" in result.stdout.str()
    assert "test_may_start_one" not in "\n".join(line for line in result.stdout.lines if line.startswith("ERROR"))
