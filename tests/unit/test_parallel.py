"""make test's two xdist workers (tests/support/parallel.py): which tests share a worker,
and figures recorded in a worker still reach the run's closing summary, once each."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.parallel import group

REPO = Path(__file__).resolve().parents[2]

CONFTEST = """
from tests.support.parallel import rows

STEPS = rows("steps")


def pytest_terminal_summary(terminalreporter):
    for module, step, seconds in STEPS:
        terminalreporter.write_line(f"STEP {module} {step} {seconds}")
"""

MODULE = """
from tests.support.parallel import rows


def test_first():
    rows("steps").append(("{name}", "sign in", 1.5))


def test_second():
    rows("steps").append(("{name}", "chat", 2))
"""


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "conftest.py").write_text(CONFTEST)
    for name in ("alpha", "beta", "gamma"):
        (tmp_path / f"test_{name}.py").write_text(MODULE.replace("{name}", name))
    # only the plugins this needs: the venv's others (schemathesis...) take minutes to
    # import in three processes on a loaded machine
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    env.pop("PYTEST_ADDOPTS", None)
    plugins = ["-p", "xdist.plugin", "-p", "tests.support.parallel"]
    return subprocess.run(
        [sys.executable, "-m", "pytest", *plugins, "-q", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_voice_and_browser_tests_share_one_worker_group() -> None:
    voice = group("tests/voice/test_calls.py::test_a_rep_is_greeted")
    browser = group("tests/browser/test_voice.py::test_pressing_the_microphone[piper]")
    smoke = group("tests/browser/test_smoke.py::test_sign_in_and_chat_on_a_phone")
    assert voice == browser == smoke


def test_infra_tests_share_one_group_and_other_modules_have_their_own() -> None:
    assert group("tests/infra/test_api.py::test_a") == group("tests/infra/test_web.py::test_b")
    first = group("tests/unit/test_reader.py::test_a")
    assert first == group("tests/unit/test_reader.py::Cases::test_b[x::y]")
    assert first != group("tests/unit/test_brain.py::test_a")
    assert first != group("tests/voice/test_calls.py::test_a")


@pytest.mark.slow
@pytest.mark.parametrize("args", [("-n", "2", "--dist", "loadgroup"), ()], ids=["xdist", "serial"])
def test_rows_recorded_by_tests_are_summarised_once_each(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    done = run(tmp_path, *args)
    out = done.stdout + done.stderr
    assert done.returncode == 0, out
    assert "6 passed" in out, out
    steps = sorted(line for line in out.splitlines() if line.startswith("STEP "))
    assert steps == sorted(
        f"STEP {name} {step} {seconds}"
        for name in ("alpha", "beta", "gamma")
        for step, seconds in (("sign in", 1.5), ("chat", 2))
    ), out
