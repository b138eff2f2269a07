"""The person-facing steps' wall-clock times (``web.step``), printed at the end of the run."""

from __future__ import annotations

from typing import Any

from tests.support.parallel import rows

# (module, step, seconds) rows; carried from xdist workers (tests/support/parallel.py)
TIMINGS = rows("browser steps")


def summary(terminalreporter: Any) -> None:
    """The person-facing step timings of this run (the issue asks to time them); printed
    by tests/conftest.py."""
    if not TIMINGS:
        return
    terminalreporter.write_sep("-", "browser: person-facing steps (wall clock, this machine)")
    for module, name, seconds in TIMINGS:
        terminalreporter.write_line(f"{seconds:7.2f} s  {module}: {name}")
