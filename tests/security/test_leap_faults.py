"""Leap failing 30 % of the time, and Leap crawling at 11 s a call (here at a tenth of
real time): no write is duplicated, no turn is lost, no request runs past its time, and
what Hard-E says happened is what Leap holds."""

from __future__ import annotations

import pytest

from tests.security.figures import record
from tests.support.leap_drill import Scale, drill, figures

TENTH = Scale().times(0.1)  # 2.9 s per request, 1 s Leap timeout, 0.2 s reserve
# The crawl runs every turn close to its budget: at a tenth of real time a 0.2 s reserve
# is within a loaded machine's scheduling jitter (seen once in CI), so it runs at a fifth.
FIFTH = Scale().times(0.2)  # 5.8 s per request, 2 s Leap timeout, 0.4 s reserve


@pytest.mark.slow
def test_thirty_percent_faults_duplicate_nothing_and_lose_nothing() -> None:
    writes = drill(TENTH, turns=12, approvals=4, fault_rate=0.3)
    got = figures(writes)

    assert (got["duplicated"], got["lost turns"], got["past budget"]) == (0, 0, 0), got
    assert got["untruthful"] == 0, got
    assert got["done"] > 0 and got["not done"] + got["unconfirmed"] > 0  # both paths ran
    record(
        "Leap 30 % faults: 12 notes, 4 approvals",
        f"{got['duplicated']} dup, {got['lost turns']} lost, {got['past budget']} late, "
        f"{got['untruthful']} untrue",
        "0, 0, 0, 0",
        True,
    )


@pytest.mark.slow
def test_a_crawling_leap_ends_every_turn_in_time_and_truthfully() -> None:
    # Leap takes 2.2 s where the client waits 2 s (real time: 11 s against 10 s)
    writes = drill(FIFTH, turns=2, approvals=1, latency_ms=2200)
    got = figures(writes)

    assert (got["duplicated"], got["lost turns"], got["past budget"]) == (0, 0, 0), got
    assert got["untruthful"] == 0, got
    record(
        "Leap at 11 s a call (scaled 1/5)",
        f"slowest {got['slowest s']} s of {got['budget s']:.1f}; {got['duplicated']} dup, "
        f"{got['lost turns']} lost",
        "within budget, 0, 0",
        True,
    )
