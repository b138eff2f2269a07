"""What ``make test`` needs to run the suite in two pytest-xdist workers (``-n 2``).

Tests are handed to the workers in groups (``--dist loadgroup``):

* the voice and browser tests are one group, so they run one at a time in one worker, in
  their file order: they play audio in real time, and two of them side by side would
  starve each other's event loops on two cores;
* the infra tests are one group: the CDK app is synthesised once (a session fixture);
* every other test module is a group of its own, so a module-scoped fixture is built once.

Figures that tests record for the run's closing summary (:func:`rows`) are carried from
the workers to the controller on each test's report, so the summary is printed in full
whichever way the suite runs.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import pytest

ONE_AT_A_TIME = ("tests/voice/", "tests/browser/")  # real-time audio, Chromium
ONE_SESSION = ("tests/infra/",)  # a session fixture worth building once
CARRIED = "summary:"  # user_properties name prefix of the rows a worker carries over

_sections: dict[str, list[tuple[Any, ...]]] = {}
_carried: dict[str, int] = {}  # in a worker: rows of each section already sent
_in_worker: list[bool] = []


def rows(section: str) -> list[tuple[Any, ...]]:
    """The run's rows of one summary section (append plain tuples of str/int/float/bool)."""
    return _sections.setdefault(section, [])


def group(nodeid: str) -> str:
    """The xdist group of a test: one worker runs a whole group, in order."""
    path = nodeid.split("::", 1)[0]
    if path.startswith(ONE_AT_A_TIME):
        return "voice-and-browser"
    if path.startswith(ONE_SESSION):
        return "infra"
    return path


def pytest_configure(config: pytest.Config) -> None:
    _in_worker[:] = [hasattr(config, "workerinput")]


@pytest.hookimpl(tryfirst=True)  # before xdist's worker names the groups in the node ids
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("loadgroup", False):  # set in xdist's workers by --dist loadgroup
        return
    for item in items:
        item.add_marker(pytest.mark.xdist_group(group(item.nodeid)))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if _in_worker and _in_worker[0]:
        for section, recorded in _sections.items():
            new = recorded[_carried.get(section, 0) :]
            if new:
                report.user_properties.append((CARRIED + section, [list(row) for row in new]))
                _carried[section] = len(recorded)
    return report


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """In the controller: the rows a worker's test recorded join the run's."""
    if _in_worker and _in_worker[0]:
        return
    for name, value in report.user_properties:
        if isinstance(name, str) and name.startswith(CARRIED) and getattr(report, "node", None):
            rows(name.removeprefix(CARRIED)).extend(tuple(row) for row in value)
