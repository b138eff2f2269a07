"""Reading what reps say that no whole-phrase rule was written for: a named job and its
topic, a family said in the plural, and orders that must never be read as lookups."""

from __future__ import annotations

import pytest

from hard_e.brain.answers import named_reps
from hard_e.brain.rules import cancels, read, read_frame
from hard_e.text import family_singular


@pytest.mark.parametrize(
    ("said", "intent", "job"),
    [
        ("Keller job money?", "job_money", "Keller"),
        ("what's the Keller job at", "job_stage", "Keller"),
        ("anything new on the Ochoa project", "job_overview", "Ochoa"),
        ("Mercer job notes", "list_notes", "Mercer"),
        ("has the Zimmerman job got a balance", "job_money", "Zimmerman"),
        ("the Peterson job?", "job_overview", "Peterson"),
        ("yo whats the keller job sitting at", "job_stage", "keller"),
        ("Ochoa job - where are we", "job_stage", "Ochoa"),
    ],
)
def test_a_named_job_and_one_topic_word_is_understood(said: str, intent: str, job: str) -> None:
    read_as = read(said) or read_frame(said)
    assert read_as is not None
    assert (read_as.name, read_as.get("job")) == (intent, job)


@pytest.mark.parametrize(
    "said",
    [
        "close the Keller job",
        "what's the best roof job",
        "delete the Ochoa project",
        "what's the weather for the Keller job tomorrow",
        "is it going to rain on the Ochoa job",
        "schedule time off for me next friday",
        "flag the Ochoa job",
    ],
)
def test_an_order_or_a_job_without_a_name_is_not_read_as_a_lookup(said: str) -> None:
    read_as = read(said) or read_frame(said)
    assert read_as is None or read_as.name not in {"job_overview", "job_stage", "job_money"}


@pytest.mark.parametrize(
    ("said", "intent", "slot", "value"),
    [
        ("what stages the Mercer job", "job_stage", "job", "Mercer"),
        ("whats the status the Ochoa job", "job_stage", "job", "Ochoa"),
        ("is the Keller job paid off", "job_money", "job", "Keller"),
        ("what do we got left to collect from Albright", "job_money", "job", "Albright"),
        ("Steven Keller's email please", "customer_email", "who", "Steven Keller"),
        ("and Linda Albright's cell", "customer_phone", "who", "Linda Albright"),
        ("what's the number for the Zimmermans", "customer_phone", "who", "the Zimmermans"),
        ("Karen Beckett phone #", "customer_phone", "who", "Karen Beckett"),
        ("status update on Keller please", "job_stage", "job", "Keller"),
        ("what stage we at on Mercer", "job_stage", "job", "Mercer"),
        ("what stgae is the mercer jbo in", "job_stage", "job", "mercer"),
        ("can you pull up Michelle Mercer's email", "customer_email", "who", "Michelle Mercer"),
        ("mark the Keller job bid presented", "move_stage", "stage", "bid presented"),
        ("wat stage is the beckett job", "job_stage", "job", "beckett"),
        ("what did we sell the Beckett job for", "job_money", "job", "Beckett"),
        ("whats the email on file for Karen Beckett", "customer_email", "who", "Karen Beckett"),
        ("email Patricia Ochoa the warranty info", "send_email", "about", "the warranty info"),
        (
            "schedule a follow up call with Steven Keller friday at 2pm",
            "book_appointment",
            "kind",
            "follow up call",
        ),
        (
            "send Michelle Mercer an email letting her know the crew starts Monday",
            "send_email",
            "body",
            "the crew starts Monday",
        ),
        (
            "shoot a text over to Ashley Zimmerman saying the inspector is coming at 2",
            "send_text",
            "who",
            "Ashley Zimmerman",
        ),
        (
            "set an appointment with Linda Albright Thursday at 1 pm",
            "book_appointment",
            "kind",
            "appointment",
        ),
    ],
)
def test_fresh_phrasings_fill_the_right_slot(said: str, intent: str, slot: str, value: str) -> None:
    read_as = read(said)
    assert read_as is not None
    assert (read_as.name, read_as.get(slot).lower()) == (intent, value.lower())


@pytest.mark.parametrize(
    "said,intent",
    [
        ("what's on my to do list", "tasks"),
        ("anything on the books for Monday", "appointments"),
        ("what do I have to get done today", "tasks"),
        ("anything sitting in approvals", "approvals"),
        ("give me a quick rundown of my day", "day_briefing"),
        ("what's waiting on me", "approvals"),
        ("who do i see first tomorrow", "appointments"),
        ("who do I see first today", "call_today"),
        ("what's Karen Beckett's address", "find_customer"),
        ("what's the address for the Keller job", "find_customer"),
        ("where is the Ochoa house", "find_customer"),
        # the booking that names them answers; the job's overview when none is booked yet
        ("when is the Ochoa install", "appointments"),
        ("what's the Keller job's balance", "job_money"),
        ("give me the Ochoa job's stage", "job_stage"),
        ("what's on deck for tomorrow", "appointments"),
        ("is there anything I need to sign", "approvals"),
        ("thanks hard-e you're the best", "thanks"),
        ("is Linda Albright a customer", "find_customer"),
        ("anything new", "day_briefing"),
        ("who's our estimator", "team"),
        ("how many jobs does Tasha have", "pipeline"),
        ("which quotes haven't closed", "stale_estimates"),
        ("uh remind me tomorrow at nine to call the ochoas", "create_task"),
        ("um hi", "greeting"),
        ("hey hard e text linda albright that we're late", "send_text"),
        ("what's my plan for today", "day_briefing"),
        ("add a to do: send Karen Beckett the color chart", "create_task"),
        ("who's overdue for a call", "call_today"),
        ("how's my day shaping up", "day_briefing"),
        ("what's left on the Keller job?", "job_overview"),
        ("anything left to do on the Beckett job", "tasks"),
    ],
)
def test_synonyms_reach_their_intent(said: str, intent: str) -> None:
    read_as = read(said)
    assert read_as is not None and read_as.name == intent


def test_a_plural_family_name_means_the_surname() -> None:
    assert family_singular("the Zimmermans") == ["Zimmerman"]
    assert family_singular("Joneses") == ["Jones", "Jonese"]
    assert family_singular("Davis") == []
    assert family_singular("Ross") == []


@pytest.mark.parametrize(
    ("said", "cancels_it"),
    [
        ("actually never mind", True),
        ("nah, don't send it", True),
        ("oh wait, cancel that", True),
        ("never mind the gutters, text her about the windows", False),
        ("thanks, now text Linda that we're late", False),
    ],
)
def test_a_change_of_mind_cancels_and_a_new_request_does_not(said: str, cancels_it: bool) -> None:
    assert cancels(said) is cancels_it


def test_a_rep_named_in_a_pipeline_question_is_found_by_first_or_last_name() -> None:
    reps = [{"rep": "Luis Ortega"}, {"rep": "Brianna Cole"}, {"rep": "Tasha Greene"}]
    assert named_reps("show me luis's pipeline", reps) == [{"rep": "Luis Ortega"}]
    assert named_reps("how many jobs does greene have", reps) == [{"rep": "Tasha Greene"}]
    assert named_reps("pipeline by stage", reps) == []
