"""The security suite: every attack of the hardening issue, replayed, with its figures."""

from __future__ import annotations

from typing import Any

from tests.security.figures import FIGURES, table


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if FIGURES:
        terminalreporter.write_sep("=", "security figures (attacks replayed)")
        terminalreporter.write_line(table())
