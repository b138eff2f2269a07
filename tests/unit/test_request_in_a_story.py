"""A request said at the end of a story is the request, about the person the story
names — never the customer talked about before, and never a customer for "find that"."""

from __future__ import annotations

from hard_e.brain.reflex import _request_in_the_story
from hard_e.brain.rules import Intent, read
from hard_e.brain.slots import first_named, from_parts


def _read(message: str) -> Intent | None:
    said = read(message)
    assert said is not None
    return _request_in_the_story(message, said)


def test_the_story_names_whose_windows() -> None:
    """Given "she" and "her windows", the Beckett the story names is meant."""
    said = _read("Mrs. Beckett called about money, so how much does she still owe on her windows?")

    assert said == Intent("job_money", {"job": "Beckett windows"})


def test_the_request_said_last_wins_over_a_day_the_story_mentions() -> None:
    said = _read(
        "Mr. Keller said Thursday is bad, so could we move the Keller site visit to Friday?"
    )

    assert said is not None and said.name == "reschedule_appointment"


def test_a_booked_thing_taken_off_the_calendar_is_the_one_named() -> None:
    said = _read(
        "I'm sorry to say the Baxter site visit is off, could you take it off the calendar?"
    )

    assert said == Intent("cancel_appointment", {"what": "Baxter site visit"})


def test_find_that_after_a_question_finds_no_customer() -> None:
    message = "Mr. Keller asked how long the warranty lasts, could you find that?"
    said = from_parts(message)  # no rule reads it whole; its last part reads as a lookup

    assert said == Intent("find_customer", {"who": "that"})
    assert _request_in_the_story(message, said) is None


def test_a_word_of_speech_is_no_name_and_a_name_stops_at_its_capitals() -> None:
    assert first_named("Hold on, what's the balance again?") == ""
    assert first_named("Linda Albright emailed me a question") == "Linda Albright"


def test_a_text_keeps_its_own_words() -> None:
    said = read("text Linda Albright that Mr. Keller called, could you tell her he's late")

    assert said is not None and _request_in_the_story("x, y", said) == said


def test_hang_on_before_a_question_names_no_job() -> None:
    """Given "hang on, …her job", the "her" stays hers: "hang" is a word of speech."""
    said = _read("hang on, what stage is her job at")

    assert said == Intent("job_stage", {"job": "her"})
    assert first_named("Hang on, what's the balance on it?") == ""
