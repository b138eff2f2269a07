"""Hedges, well-wishes and texting shorthand around a request say nothing about it."""

import pytest

from hard_e.brain.rules import PROTECTED, VOCABULARY, read
from hard_e.text import correct
from hard_e.text.fuzzy import spelled_out
from hard_e.text.polite import unwrap


@pytest.mark.parametrize(
    ("said", "inside"),
    [
        ("sorry to bug you, but is the Beckett job done", "is the Beckett job done"),
        ("I hate to bother you again but what's Ochoa's cell", "what's Ochoa's cell"),
        ("hope you're doing well, text Linda we're late", "text Linda we're late"),
        ("open a roof job for Karen while I'm thinking of it", "open a roof job for Karen"),
        ("pull up the Keller job, that would really help me out", "pull up the Keller job"),
        ("email Steven the bid before I forget", "email Steven the bid"),
        ("what stage is the Zimmerman job in rn", "what stage is the Zimmerman job in"),
    ],
)
def test_a_hedge_comes_off_and_leaves_the_request(said: str, inside: str) -> None:
    assert unwrap(said) == inside


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("hows the keller job lookin", "looking"),
        ("u doin ok", "doing"),
        ("whats goin on", "going"),
        ("book smth for friday", "something"),
    ],
)
def test_texting_shorthand_and_a_dropped_g_read_as_the_word(said: str, meant: str) -> None:
    assert meant in correct(said, VOCABULARY, PROTECTED).text.split()


def test_a_name_with_a_capital_is_never_taken_for_a_dropped_g() -> None:
    assert "Devin" in correct("text Devin", VOCABULARY, PROTECTED).restore(5, 10)
    assert "deving" not in correct("text Devin", VOCABULARY, PROTECTED).text


def test_shorthand_spelled_out_keeps_names_and_the_u_factor() -> None:
    assert spelled_out("what'd i tell u about Delaware") == "what did i tell you about Delaware"
    assert spelled_out("u-factor on the Northlight") == "u-factor on the Northlight"


@pytest.mark.parametrize(
    "said",
    [
        "good morning, hope you're doing alright",
        "hey there, hope your day is going well",
        "morning hard-e hope all is well",
    ],
)
def test_a_greeting_with_a_well_wish_is_a_greeting(said: str) -> None:
    found = read(said)
    assert found is not None and found.name == "greeting"


def test_help_me_out_at_the_end_of_a_request_is_no_question_about_what_i_do() -> None:
    found = read("if you could pull up the Ochoa job that would really help me out")
    assert found is not None and found.name == "job_overview" and found.get("job") == "Ochoa"
    alone = read("can you help me out")
    assert alone is not None and alone.name == "capabilities"


def test_a_stage_asked_right_now_names_the_job_without_the_rn() -> None:
    found = read("wait whats the stage on zimmerman rn")
    assert found is not None and found.get("job") == "zimmerman"


@pytest.mark.parametrize(
    ("said", "intent", "slots"),
    [
        ("who's his rep", "job_rep", {"job": "his"}),
        ("and who's her estimator", "job_rep", {"job": "her"}),
        ("email too", "customer_email", {}),
        ("and his email as well", "customer_email", {"who": "his"}),
        ("kick the Ochoa job back to contract signed", "move_stage", {"job": "Ochoa"}),
        ("roll the keller job forward to install scheduled", "move_stage", {"job": "keller"}),
        ("mve the mercer job to bid presented", "move_stage", {"job": "mercer"}),
        ("add a nte to the keller job: gate is locked", "add_note", {"job": "keller"}),
    ],
)
def test_follow_ups_other_verbs_and_clipped_words_read_as_the_request(
    said: str, intent: str, slots: dict[str, str]
) -> None:
    found = read(said)
    assert found is not None and found.name == intent
    assert slots.items() <= found.slots.items()


def test_thats_all_ends_a_talk_only_when_nothing_follows() -> None:
    bye = read("that's all for now")
    assert bye is not None and bye.name == "goodbye"
    assert read("that's all correct, save her") is None


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("thre", "there"), ("tht", "that"), ("thier", "their"), ("goign", "going"), ("annd", "and")],
)
def test_an_everyday_word_typed_wrong_reads_as_the_word(typed: str, meant: str) -> None:
    assert correct(f"so {typed} ok", VOCABULARY, PROTECTED).text == f"so {meant} ok"


@pytest.mark.parametrize("word", ["cold", "see", "picture", "ochoa", "donna", "karen", "beckett"])
def test_a_real_word_or_a_name_is_never_corrected_into_another(word: str) -> None:
    assert correct(f"the {word} one", VOCABULARY, PROTECTED).text == f"the {word} one"


def test_a_pronoun_typed_wrong_still_means_the_last_customer() -> None:
    found = read("and thier emial")
    assert found is not None and found.name == "customer_email" and found.get("who") == "their"


@pytest.mark.parametrize(
    "said",
    ["add one: supplier says 2 day delay", "add another one saying gutters arrive friday"],
)
def test_a_note_added_after_reading_the_notes_is_a_note_on_that_job(said: str) -> None:
    found = read(said)
    assert found is not None and found.name == "add_note" and not found.get("job")
    assert found.get("note")


def test_what_is_owed_asked_in_the_order_of_a_statement_is_a_money_lookup() -> None:
    found = read("I need you to tell me how much Patricia Ochoa still owes us")
    assert found is not None and found.name == "job_money"
    assert found.get("job") == "Patricia Ochoa"


@pytest.mark.parametrize(
    ("message", "wanted"),
    [
        ("keller bal?", "keller balance?"),
        ("mv duffy to bid presented", "move duffy to bid presented"),
        ("cxl the Eckert visit", "cancel the Eckert visit"),
        ("glen appts this wk", "glen appointments this week"),
        ("who should i cal today", "who should i cal today"),
        ("Thornton wndws stg", "Thornton windows stage"),
    ],
)
def test_a_contractors_shorthand_is_spelled_out(message: str, wanted: str) -> None:
    assert spelled_out(message) == wanted
