"""The browser harness itself: sign in on a phone, chat, and the page's basic promises."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import Web
from tests.support.anthropic_server import text


def test_sign_in_and_chat_on_a_phone(web: Web) -> None:
    page: Any = web.page(phone=True)
    web.claude.reply(text("Lead with the inspection findings, then the product, then the price."))

    with web.step("sign in (phone)"):
        web.sign_in(page)
    with web.step("ask Hard-E and read the answer"):
        web.navigate(page, "Chat")
        page.get_by_label("Message", exact=True).fill("how should I open at the kitchen table?")
        page.get_by_role("button", name="Send").click()
        page.get_by_text("Lead with the inspection findings").wait_for()

    web.assert_no_horizontal_overflow(page)
    web.assert_accessible(page)
    assert page.js_errors == []
