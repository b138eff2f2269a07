"""A body dictated about the customer is sent to them in the second person."""

from __future__ import annotations

import pytest

from hard_e.text.recipient import addressed


@pytest.mark.parametrize(
    ("message", "body", "sent"),
    [
        (
            "email Steven Keller and tell him his bid is ready",
            "his bid is ready",
            "your bid is ready",
        ),
        (
            "text Karen that her windows came in and she needs to be home",
            "her windows came in and she needs to be home",
            "your windows came in and you need to be home",
        ),
        (
            "x",
            "she doesn't need to be home, we'll call her tomorrow",
            "you don't need to be home, we'll call you tomorrow",
        ),
        (
            "x",
            "he's been approved and the permit is his.",
            "you've been approved and the permit is yours.",
        ),
        ("let them know their permit is in", "their permit is in", "your permit is in"),
        (
            "x",
            "her own dumpster is coming, give her a call",
            "your own dumpster is coming, give you a call",
        ),
    ],
)
def test_the_customer_is_spoken_to(message: str, body: str, sent: str) -> None:
    assert addressed(message, body) == sent


@pytest.mark.parametrize(
    "body",
    [
        "Mike said he'd be late",  # someone else's "he"
        "they are delivering monday",  # "they" only when the lead-in said "them"
        "we're running 15 minutes late",
    ],
)
def test_someone_elses_pronouns_are_left_alone(body: str) -> None:
    assert addressed("text Linda Albright that " + body, body) == body


@pytest.mark.parametrize(
    ("body", "sent"),
    [
        # issue 9: "tell her" opening the body is the rep's request, not the customer's words
        ("please tell her not to send the check yet", "please don't send the check yet"),
        ("tell him to call us when he gets home", "please call us when you get home"),
        ("let him know that his permit came through", "your permit came through"),
        (
            "remind her that her deposit is due friday",
            "just a reminder that your deposit is due friday",
        ),
        (
            "remind him to move his truck before the crew comes",
            "just a reminder to move your truck before the crew comes",
        ),
        ("could you remind her about her walkthrough", "just a reminder about your walkthrough"),
        ("ask her if she is home tomorrow", "could you let us know if you are home tomorrow?"),
        ("can you tell them their gutters ship monday", "your gutters ship monday"),
        ("just tell her the crew is running late", "the crew is running late"),
    ],
)
def test_a_request_to_pass_something_on_is_sent_as_the_message_itself(body: str, sent: str) -> None:
    assert addressed(f"text Karen Beckett {body}", body) == sent


@pytest.mark.parametrize(
    ("body", "sent"),
    [
        ("the crew told her not to worry", "the crew told you not to worry"),
        ("we asked her not to park in the drive", "we asked you not to park in the drive"),
        ("she gets the keys back friday", "you get the keys back friday"),
    ],
)
def test_her_before_not_is_the_customer_not_their_things(body: str, sent: str) -> None:
    assert addressed("x", body) == sent
