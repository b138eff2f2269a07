"""A stage move said as where a job should be ("ought to be in", "go to", "… to install
sched") and a task said as what to do ("todo call …", "have Brianna call …"), read as
the move and the task — and a message that only says "to" and a stage word is neither."""

from __future__ import annotations

import pytest

from hard_e.brain.rules import read


@pytest.mark.parametrize(
    ("message", "job", "stage"),
    [
        (
            "I think the Keller job ought to be in bid being built now, can you update that",
            "Keller",
            "bid being built",
        ),
        (
            "keller windows go to bid being built now i measured it yesterday",
            "keller windows",
            "bid being built",
        ),
        ("ochoa roof to install sched", "ochoa roof", "install sched"),
        ("Keller to punch list", "Keller", "punch list"),
        ("Mercer should be in contract signed", "Mercer", "contract signed"),
        (
            "Zimmerman job needs to go to materials ordered since she signed",
            "Zimmerman",
            "materials ordered",
        ),
    ],
)
def test_where_a_job_should_be_is_a_move(message: str, job: str, stage: str) -> None:
    said = read(message)
    assert said is not None and said.name == "move_stage"
    assert (said.get("job"), said.get("stage")) == (job, stage)


@pytest.mark.parametrize(
    "message",
    [
        "remind Keller to sign",
        "how to install",
        "time to install",
        "welcome to punch list",
        "talk to the install crew",
        "back to lead intake",
    ],
)
def test_to_and_a_stage_word_alone_is_no_move(message: str) -> None:
    said = read(message)
    assert said is None or said.name != "move_stage"


@pytest.mark.parametrize(
    ("message", "title", "mate"),
    [
        ("todo call carol novak re color mon", "call carol novak re color mon", ""),
        (
            "task for brianna call lisa fitzgerald re gutter bid mon",
            "call lisa fitzgerald re gutter bid mon",
            "brianna",
        ),
        (
            "and one for Luis chase the Maddox siding bid by Friday",
            "chase the Maddox siding bid by Friday",
            "Luis",
        ),
        (
            "remind me fri call jennifer duffy abt siding colors",
            "call jennifer duffy abt siding colors",
            "",
        ),
        (
            "have Brianna call the Fitzgeralds about the gutter bid tomorrow",
            "call the Fitzgeralds about the gutter bid tomorrow",
            "Brianna",
        ),
        (
            "I'd like a to-do to drop off the lien waiver at the Whitaker house on Friday, "
            "if that's possible",
            "drop off the lien waiver at the Whitaker house on Friday",
            "",
        ),
    ],
)
def test_a_task_said_as_what_to_do(message: str, title: str, mate: str) -> None:
    said = read(message)
    assert said is not None and said.name == "create_task"
    assert (said.get("title"), said.get("for")) == (title, mate)


@pytest.mark.parametrize(
    "message", ["have Luis take it", "one for the road", "have her call me back"]
)
def test_no_task_without_a_teammate_and_a_thing_to_do(message: str) -> None:
    said = read(message)
    assert said is None or said.name != "create_task"


@pytest.mark.parametrize(
    ("message", "intent", "job"),
    [
        (
            "Could you tell me everything about the Underwood siding job before I head out there?",
            "job_overview",
            "Underwood siding",
        ),
        (
            "Please tell me all about the job of Whitaker windows before I go there",
            "job_overview",
            "Whitaker windows",
        ),
        ("whats the balance on the Keller job before I call him", "job_money", "Keller"),
    ],
)
def test_why_a_job_is_asked_about_is_left_off_its_name(message: str, intent: str, job: str) -> None:
    said = read(message)
    assert said is not None and (said.name, said.get("job")) == (intent, job)
