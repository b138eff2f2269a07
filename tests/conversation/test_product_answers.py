"""Product questions through the chat API with the offline brain (issue 9): a rep's
wording finds the library's answer, and a passage about another product is never read
out for a question the documents don't answer."""

from __future__ import annotations

from tests.conftest import Gateway
from tests.conversation.test_sanity import say


def test_what_a_product_is_made_of_is_answered_with_its_material(
    gateway: Gateway, demo_token: str
) -> None:
    reply = say(gateway, demo_token, "what are the splitwood shakes made of")["reply"]

    assert "polypropylene" in reply
    assert "(Source: Ridgeline Vinyl Siding Lines" in reply


def test_another_products_rating_is_not_read_out(gateway: Gateway, demo_token: str) -> None:
    reply = say(gateway, demo_token, "what's the fire rating on board and batten")["reply"]

    assert "Source:" not in reply
    assert "don't cover" in reply
