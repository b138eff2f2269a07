"""Figures the security suite measures while it replays each attack; printed as one
table at the end of the run (:func:`summary`), so a person can read what held."""

from __future__ import annotations

from typing import Any

from tests.support.parallel import rows as summary_rows

# (attack, measured, goal, held) rows; carried from xdist workers (tests/support/parallel.py)
FIGURES = summary_rows("security figures")


def record(attack: str, measured: str, goal: str, held: bool) -> None:
    FIGURES.append((attack, measured, goal, held))


def table() -> str:
    rows = [("attack", "measured", "goal", "held")] + [
        (attack, measured, goal, "yes" if held else "NO")
        for attack, measured, goal, held in FIGURES
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def summary(terminalreporter: Any) -> None:
    """The table at the end of the run (tests/conftest.py prints it)."""
    if FIGURES:
        terminalreporter.write_sep("=", "security figures (attacks replayed)")
        terminalreporter.write_line(table())
