"""Phrasings from fresh batches of reps' words: each reads as the request it is (or as
nothing, so the brain admits it), not as the nearest lookup."""

from __future__ import annotations

import pytest

from hard_e.brain.coaching import coaching_answer, is_coaching
from hard_e.brain.confirm import decision
from hard_e.brain.reflex import ReflexBrain, pick_option


@pytest.mark.parametrize(
    ("message", "rule", "slot", "value"),
    [
        ("could you tell me what stage the Underwood siding job is in please", "job_stage",
         "job", "Underwood siding"),
        ("what stage is thornton in right now", "job_stage", "job", "thornton"),
        ("has the maddox siding been signed", "job_stage", "job", "maddox siding"),
        ("whats the balance owed by sandra baxter", "job_money", "job", "sandra baxter"),
        ("what did we quote the gallagher windows for", "job_money", "job", "gallagher windows"),
        ("who's the rep on the eckert job", "job_rep", "job", "eckert"),
        ("how much money is sitting in bid presented", "stage_value", "stage", "bid presented"),
        ("do we have an email for Carol Novak", "customer_email", "who", "Carol Novak"),
        ("email address for robert duffy?", "customer_email", "who", "robert duffy"),
        ("what number do we have for Kevin Gallagher", "customer_phone", "who", "Kevin Gallagher"),
        ("can you add a note to the whitaker door job that they want a storm door too",
         "add_note", "note", "they want a storm door too"),
        ("move the Caldwell door job along to contract signed", "move_stage", "job",
         "Caldwell door"),
    ],
)  # fmt: skip
def test_fresh_phrasings_read_their_values(message: str, rule: str, slot: str, value: str) -> None:
    matched = ReflexBrain().match(message)
    assert matched is not None and matched.name == rule
    assert matched.get(slot) == value


@pytest.mark.parametrize(
    ("message", "rule"),
    [
        ("can you print the contract for the Ochoa job", "unsupported"),
        ("any appointments tomorrow for the team?", "appointments"),
        ("show me marcus's appointments", "appointments"),
        ("what's tasha doing tomorrow", "appointments"),
        ("how many jobs are in each stage", "pipeline"),
        ("what's the value of the pipeline by stage", "pipeline"),
        ("whos the production manager", "team"),
        ("who's on the team", "team"),
        ("morning hard e", "greeting"),
        ("good looking out, talk later", "goodbye"),
        ("hows your day going", "wellbeing"),
        ("how do i handle a customer who thinks the job costs too much", None),
        # shorthand, spoken openers and the request inside them
        ("wheres the baxter siding at rn", "job_stage"),
        ("what estimates havent been signed yet", "stale_estimates"),
        ("hey can you text michelle caldwell and let her know we need to reschedule the visit",
         "send_text"),
        ("i need karen pruitts email pls", "customer_email"),
        ("and his cell", "customer_phone"),
        ("what's the best number to reach Linda Albright", "customer_phone"),
        ("do we have any installs this week", "appointments"),
        ("bump the Ochoa job to install scheduled", "move_stage"),
        ("how is marcus doing on sales", "pipeline"),
        ("walk me through my day", "day_briefing"),
        ("yo hard e whats good", "greeting"),
        ("are you chatgpt", "identity"),
        ("nite", "goodbye"),
        # batch 13
        ("is the caldwell roof still in lead intake", "job_stage"),
        ("i need to send an email to nancy jensen about her final invoice", "send_email"),
        ("what's priya got this week", "appointments"),
        ("email my boss that i'm sick", None),  # "my boss" is no customer: admitted
        ("can you look up the zoning rules for Dublin", None),  # a name has no "for" in it
        ("catch ya later", "goodbye"),
        # batch 14
        ("where do we stand on the Maddox siding", "job_stage"),
        ("has anybody started the duffy window install", "job_stage"),
        ("what's outstanding on the Novak roof", "job_money"),
        ("can you give me Sandra Caldwell's contact info", "customer_phone"),
        ("when am i seeing the Zimmermans", "appointments"),
        ("jot down on the Gallagher siding job that they picked Iron Gray", "add_note"),
        ("which leads haven't been called yet", "call_today"),
        ("anything i should know about today", "day_briefing"),
        ("can you text my wife I'll be late", None),
        ("peace out", "goodbye"),
    ],
)  # fmt: skip
def test_fresh_phrasings_pick_the_right_rule(message: str, rule: str | None) -> None:
    matched = ReflexBrain().match(message)
    assert (matched.name if matched else None) == rule


def test_the_who_of_a_lookup_is_the_name_not_the_words_around_it() -> None:
    for message, who in [
        ("and his cell", "his"),
        ("what's the best number to reach Linda Albright", "Linda Albright"),
        ("i need karen pruitts email pls", "karen pruitts"),
    ]:
        matched = ReflexBrain().match(message)
        assert matched is not None and matched.get("who") == who


@pytest.mark.parametrize(
    ("reply", "verdict"),
    [("yeah go ahead and send that", "approve"), ("looks good, send it", "approve"),
     ("yes and", "approve"), ("no", "deny"), ("yeah but change the time", None)],
)  # fmt: skip
def test_an_approval_said_in_a_few_more_words(reply: str, verdict: str | None) -> None:
    assert decision(reply) == verdict


@pytest.mark.parametrize(
    ("message", "coaching"),
    [
        ("how do i handle a customer who thinks the job costs too much", True),
        ("what do i say when they want three quotes", True),
        ("homeowner says she needs to talk to her husband first what do i tell her", True),
        ("whats a good comeback when they say fiber cement cracks", True),
        ("the homeowner keeps saying she'd like to wait, any idea how I should handle that", True),
        ("my client says he has to sleep on it, any thoughts", True),
        ("the Keller job says balance due, any idea", False),
        ("what's the balance on the Keller job", False),
        ("how do I reach Karen Beckett", False),
        ("what stage is the Keller job in", False),
    ],
)
def test_coaching_questions_are_told_from_requests(message: str, coaching: bool) -> None:
    assert is_coaching(message) is coaching


HANDBOOK = [
    {
        "document": "Sales Objection Handbook",
        "heading": 'Timing Objections › "I need to think about it"',
        "text": 'This is almost always a hidden objection. Explore gently: "Of course. So I can '
        'help, is it the product, the price, or the timing?" Then answer the real objection.',
    },
    {
        "document": "Sales Objection Handbook",
        "heading": 'Price Objections › "Your price is too high"',
        "text": 'Explore: "Too high compared to what?" The answer is usually another quote.',
    },
]


def test_the_heading_that_is_the_objection_answers_with_its_opening_advice() -> None:
    think = coaching_answer("how do i close a customer who wants to think about it", HANDBOOK)
    assert think is not None and think.startswith("This is almost always a hidden objection.")
    assert 'the timing?"' in think  # a quotation is never cut in half
    price = coaching_answer("they think it costs way too much", HANDBOOK)
    assert price is not None and price.startswith('Explore: "Too high compared to what?"')
    assert coaching_answer("how do i handle a customer who wants a metal roof", HANDBOOK) is None


def test_a_pick_needs_a_word_that_means_something() -> None:
    options = [
        "Ellison Roof Replacement (Punch List)",
        "Ellison Roof Replacement (Materials on Order)",
    ]
    assert pick_option("who's the rep on the eckert job", options, ["1", "2"]) is None
    assert pick_option("the punch list one", options, ["1", "2"]) == "1"
