"""Figures the security suite measures while it replays each attack; printed as one
table at the end of the run (see conftest.py), so a person can read what held."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    attack: str
    measured: str
    goal: str
    held: bool


FIGURES: list[Figure] = []


def record(attack: str, measured: str, goal: str, held: bool) -> None:
    FIGURES.append(Figure(attack, measured, goal, held))


def table() -> str:
    rows = [("attack", "measured", "goal", "held")] + [
        (f.attack, f.measured, f.goal, "yes" if f.held else "NO") for f in FIGURES
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
