"""Two requests in one turn when the second is only its topic ("also her phone"), and a
stage move said without a verb ("Mercer → install scheduled"): read, never dropped."""

from __future__ import annotations

import pytest

from hard_e.brain.rules import read, two_asks, unread_ask


@pytest.mark.parametrize(
    ("message", "first", "second"),
    [
        ("balance on Ochoa, also her phone", "balance on Ochoa", "her phone"),
        ("what's the balance on the Mercer job and his email", None, "his email"),
        ("Keller stage and the rep", "Keller stage", "the rep"),
        ("phone for Linda Albright and her balance", None, "her balance"),
        ("what stage is the Beckett job in, plus notes", None, "notes"),
        ("how much does Zimmerman owe & his cell", None, "his cell"),
        (
            "what stage is Keller in and text him we're on the way",
            None,
            "text him we're on the way",
        ),
    ],
)
def test_a_second_request_said_as_its_topic_is_split_off(
    message: str, first: str | None, second: str
) -> None:
    both = two_asks(message)
    assert both is not None and both[1] == second
    assert first is None or both[0] == first


@pytest.mark.parametrize(
    "message",
    [
        "text Keller that the crew is on the way and the dumpster comes Monday",
        "what's the balance on the Ochoa job",
        "add a note to the Keller job: rep and homeowner met",
    ],
)
def test_one_request_with_an_and_in_it_stays_whole(message: str) -> None:
    assert two_asks(message) is None


@pytest.mark.parametrize(
    ("message", "job", "stage"),
    [
        ("Mercer → install scheduled", "Mercer", "install scheduled"),
        ("Mercer -> install scheduled", "Mercer", "install scheduled"),
        ("Ochoa: contract signed now", "Ochoa", "contract signed"),
        ("Keller job: punch list", "Keller", "punch list"),
        ("the Beckett job — install underway", "Beckett", "install underway"),
        ("the Keller roof → materials ordered", "Keller roof", "materials ordered"),
        ("Albright -> paid in full", "Albright", "paid in full"),
    ],
)
def test_a_job_and_a_stage_without_a_verb_is_a_move(message: str, job: str, stage: str) -> None:
    said = read(message)
    assert said is not None and said.name == "move_stage"
    assert (said.get("job"), said.get("stage")) == (job, stage)


@pytest.mark.parametrize(
    "message",
    [
        "Keller: gate code is in the lockbox",
        "Keller: follow up friday",
        "note: install scheduled",
        "status: install scheduled",
        "Re: contract signed",
    ],
)
def test_a_name_and_a_colon_before_other_words_is_no_move(message: str) -> None:
    said = read(message)
    assert said is None or said.name != "move_stage"


@pytest.mark.parametrize(
    ("message", "name", "rest"),
    [
        (
            "what stage is Keller in and did the permit come in",
            "job_stage",
            "did the permit come in",
        ),
        ("balance on Ochoa and is her crew booked yet", "job_money", "is her crew booked yet"),
    ],
)
def test_a_second_request_no_rule_reads_is_offered_back(message: str, name: str, rest: str) -> None:
    assert unread_ask(message, name) == rest


@pytest.mark.parametrize(
    ("message", "name"),
    [
        ("text Keller that we're coming and did he get the samples", "send_text"),
        ("Who are the people on our team, and who does what?", "team"),
        ("what stage is the Keller job in", "job_stage"),
    ],
)
def test_a_message_read_whole_leaves_nothing_to_offer_back(message: str, name: str) -> None:
    assert unread_ask(message, name) is None
