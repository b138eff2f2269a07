"""What blind batches of reps' phrasing (tests/conversation/fresh_*.txt) showed the
offline brain missing, end to end through the chat API against the demo company."""

from __future__ import annotations

from tests.conftest import Gateway
from tests.conversation.test_sanity import say


def test_a_message_dictated_about_the_customer_is_sent_to_them(
    gateway: Gateway, demo_token: str
) -> None:
    email = say(gateway, demo_token, "email Steven Keller and tell him his bid is ready")
    assert "Hi Steven,\n\nYour bid is ready." in email["reply"]

    text = say(gateway, demo_token, "text Karen Beckett and let her know her windows came in")
    assert text["reply"].endswith('"Your windows came in."')
