"""A yes or a no said softly, among hedges, is still that yes or that no; a thanks
is neither."""

from __future__ import annotations

import pytest

from hard_e.brain.confirm import decision


@pytest.mark.parametrize(
    ("message", "wanted"),
    [
        ("Hmm, not right now", "deny"),
        ("not just yet", "deny"),
        ("oh, on second thought, let's not send that one just yet", "deny"),
        ("actually no, let's keep it as it is", "deny"),
        ("ah scratch that, don't send it", "deny"),
        ("Yes, I'm sure, please go ahead", "approve"),
        ("perfect, send it along", "approve"),
        ("thank you", None),
        ("great thanks", None),
        ("let's keep it", None),
        ("keep it", None),
        ("wait no keep it", "deny"),
        ("nah, keep it", "deny"),
        ("no just keep it on the calendar", "deny"),
        ("yes keep it", None),
        ("yes but not right now", None),
        ("y", "approve"),
        ("n", "deny"),
        ("y send", "approve"),
        ("n dont send", "deny"),
    ],
)
def test_soft_replies(message: str, wanted: str | None) -> None:
    assert decision(message) == wanted
