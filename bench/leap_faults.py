"""Leap at 30 % faults (half of them after the write was done), then at 11 s a call,
in real time: 29 s per request, a 10 s Leap timeout. Goal: 0 duplicated writes, 0 lost
turns, no request past its 29 s, and Hard-E's word matches what Leap holds.
Run: ``make bench`` or ``.venv/bin/python bench/leap_faults.py`` (about 3 minutes)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import table

from tests.support.leap_drill import Scale, drill, figures


def main() -> int:
    real = Scale()
    faults = figures(drill(real, turns=30, approvals=10, fault_rate=0.3))
    crawl = figures(drill(real, turns=3, approvals=1, latency_ms=11_000))
    print("Leap fault drill, real time: 29 s per request, 10 s per Leap call")
    rows = [("", "30 % faults          11 s a call")]
    for name in (
        "writes",
        "done",
        "not done",
        "unconfirmed",
        "duplicated",
        "untruthful",
        "lost turns",
        "past budget",
        "slowest s",
    ):
        rows.append((name, f"{faults[name]!s:<20} {crawl[name]!s}"))
    print(table(rows))
    bad = sum(
        f[k]
        for f in (faults, crawl)
        for k in ("duplicated", "lost turns", "past budget", "untruthful")
    )
    print(f"RESULT leap_fault_drill_failures {bad} count goal <= 0")
    return 0


if __name__ == "__main__":
    sys.exit(main())
