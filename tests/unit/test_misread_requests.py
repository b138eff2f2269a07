"""Requests the money, move and message rules used to misread: something done to a
contract or an invoice is no lookup of a job's money, a whole group is no customer to
text, and the pipeline is asked for in shorthand ("the pipe", "what's Luis sitting on")."""

from __future__ import annotations

import pytest

from hard_e.brain import Speaker, Turn
from hard_e.brain.reflex import ReflexBrain
from hard_e.brain.rules import read
from hard_e.tenancy import Tenant


@pytest.mark.parametrize(
    "message",
    [
        "Is there a way to print the Eckert contract from here?",
        "I think the Fairbanks invoice went out twice, could you cancel one of them?",
        "pull last month's numbers out of QuickBooks",
        "Please make invoice for change order on Sullivan siding",
        "Please translate the contract to Polish for the customer",
        "can you void the Keller invoice",
        "how do I export the estimates",
    ],
)
def test_something_done_to_paperwork_is_not_a_lookup_of_the_money(message: str) -> None:
    said = read(message)
    assert said is not None and said.name == "unsupported"


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        ("what is the contract amount on the Keller job", "job_money"),
        ("how much did we make on the Keller job", "job_money"),
        ("can you pull up the numbers on the Ochoa job", "job_money"),
        ("whats the balance with change orders on Keller", "job_money"),
        ("email Linda Albright that her contract is ready", "send_email"),
        ("text Ochoa that her invoice is coming", "send_text"),
        ("remind me to print the Keller contract friday", "create_task"),
        ("add a note to the Keller job: need to redo the estimate", "add_note"),
    ],
)
def test_a_lookup_or_a_message_about_paperwork_is_still_read(message: str, intent: str) -> None:
    said = read(message)
    assert said is not None and said.name == intent


@pytest.mark.parametrize(
    "message",
    [
        "text every customer in lead intake that we have a fall sale",
        "txt everybody in bid presented a xmas discount",
        "Could you email the whole customer list a holiday discount?",
        "text all the customers in punch list that we're closed monday",
    ],
)
async def test_a_message_to_a_whole_group_is_plainly_not_done(message: str) -> None:
    turn = Turn(
        tenant=Tenant("0123456789abcdef", "Summit Exteriors", "soul"),
        speaker=Speaker("usr_1", "Dana Brooks", "rep"),
        session_id="ses_1",
        message=message,
    )
    reply = await ReflexBrain().reply(turn)
    assert reply.intent == "admit" and not reply.tool_calls


@pytest.mark.parametrize(
    "message",
    [
        "hows the pipe lookin",
        "brianna pipe?",
        "whats tasha got open",
        "what's Luis sitting on right now",
        "how's our pipe",
    ],
)
def test_the_pipeline_in_shorthand(message: str) -> None:
    said = read(message)
    assert said is not None and said.name == "pipeline"


@pytest.mark.parametrize(
    "message", ["what is a pipe boot", "how does the pipe boot seal", "how's the vent pipe"]
)
def test_a_pipe_on_a_roof_is_no_pipeline(message: str) -> None:
    said = read(message)
    assert said is None or said.name != "pipeline"


@pytest.mark.parametrize("message", ["and by stage", "by stage", "per stage"])
def test_by_stage_names_no_job(message: str) -> None:
    said = read(message)
    assert said is None or said.get("job") not in ("by", "per")


def test_money_sitting_in_a_stage_said_with_a_contraction() -> None:
    said = read("how much money's sitting in bid presented")
    assert said is not None and said.name == "stage_value" and said.get("stage") == "bid presented"
