"""A text steered back to by name ("ok back to underwood, tell him …"): the body is what
follows, and a name that is not the waiting text's recipient sends nothing."""

from __future__ import annotations

import pytest

from hard_e.text.dictation import dictated, steered_to


@pytest.mark.parametrize(
    ("said", "who", "body"),
    [
        (
            "ok back to underwood tell him dumpster gets pulled fri am",
            "underwood",
            "dumpster gets pulled fri am",
        ),
        (
            "back to jason underwood, let him know the crew comes at 8",
            "jason underwood",
            "the crew comes at 8",
        ),
        ("back to the email, tell her hi", None, "hi"),
    ],
)
def test_a_steer_back_by_name_dictates_what_follows(said: str, who: str | None, body: str) -> None:
    assert steered_to(said) == who
    assert dictated(said) == body


def test_back_to_a_job_is_no_dictation() -> None:
    assert (
        dictated("back to the keller job") is None and steered_to("back to work tomorrow") is None
    )
