"""Every page at 390 x 844: nothing wider than the phone, and axe-core finds nothing
serious or critical; the menu and forms work from the keyboard alone."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import Web
from tests.support.anthropic_server import text, tool_use

ADMIN_PAGES = [
    ("Get started", "Get your company ready"),
    ("Chat", "Conversations"),
    ("Approvals", "Approvals"),
    ("Documents", "Documents"),
    ("What Hard-E learned", "What Hard-E has learned"),
    ("Team", "Team"),
    ("Soul document", "Soul document"),
    ("Analytics", "Analytics"),
    ("Settings", "Settings"),
]

CHARTS = """() => Object.fromEntries(
    ['conversations', 'tiers', 'channels', 'approvals', 'response', 'topics']
      .map(id => [id, Boolean(Chart.getChart('chart-' + id))]))"""


def check(web: Web, page: Any, name: str, problems: list[str]) -> None:
    for assertion in (web.assert_no_horizontal_overflow, web.assert_accessible):
        try:
            assertion(page)
        except AssertionError as exc:
            problems.append(f"{name}: {exc}")


def test_every_page_fits_a_phone_and_passes_axe(web: Web) -> None:
    page: Any = web.page(phone=True)
    problems: list[str] = []
    page.goto("/")
    page.get_by_role("heading", name="Sign in").wait_for()
    check(web, page, "sign in", problems)
    page.goto("/?invite=no-such-invite")
    page.locator("#invite-error").filter(has_text="invite").wait_for()
    check(web, page, "invite (bad link)", problems)

    web.sign_in(page)
    for link, heading in ADMIN_PAGES:
        web.navigate(page, link)
        page.get_by_role("heading", name=heading, exact=True).first.wait_for()
        check(web, page, link, problems)
        if link == "Analytics":  # all six charts are drawn, and say their figures in words
            drawn = page.evaluate(CHARTS)
            assert all(drawn.values()), drawn
            label = page.locator("#chart-approvals").get_attribute("aria-label")
            assert "approved 0" in label and "pending 0" in label
    page.get_by_role("button", name="Menu").click()
    check(web, page, "menu open", problems)

    assert problems == []
    assert page.js_errors == []


def test_the_menu_and_chat_work_from_the_keyboard(web: Web) -> None:
    page: Any = web.page(phone=True)
    web.sign_in(page)
    menu = page.get_by_role("button", name="Menu")
    menu.focus()
    page.keyboard.press("Enter")
    assert menu.get_attribute("aria-expanded") == "true"
    chat = page.get_by_role("navigation", name="Main").get_by_role("link", name="Chat")
    chat.focus()
    page.keyboard.press("Enter")
    page.get_by_label("Message", exact=True).wait_for()
    assert page.evaluate("() => document.activeElement.id") == "message"
    web.claude.reply(text("Ask me about jobs, customers, products or scripts."))
    page.keyboard.type("what can you do?")
    page.keyboard.press("Enter")
    page.get_by_text("Ask me about jobs").wait_for()


def test_the_operators_page_fits_a_phone_and_passes_axe(web: Web) -> None:
    web.cli("operators", "create", "ops@phone.example", "--password", "operator-pass-9")
    page: Any = web.page(phone=True)
    web.sign_in(page, "ops@phone.example", "operator-pass-9")
    page.locator("#operator-companies .card").filter(has_text="Summit Exteriors").wait_for()
    problems: list[str] = []
    check(web, page, "companies", problems)
    assert problems == []
    assert page.js_errors == []


def test_what_hard_e_learned_can_be_searched_and_forgotten_on_a_phone(web: Web) -> None:
    page: Any = web.page(phone=True)
    web.sign_in(page)
    fact = "We offer 12-month same-as-cash financing on every roof over $15,000."
    web.claude.reply(tool_use("remember", {"text": fact, "about": "financing"}))
    web.claude.reply(text("Got it: I'll mention the 12-month financing."))
    web.navigate(page, "Chat")
    page.get_by_label("Message", exact=True).fill(f"remember that {fact}")
    page.get_by_role("button", name="Send").click()
    page.get_by_text("I'll mention the 12-month financing").wait_for()

    with web.step("admin: find what Hard-E learned about financing and forget it"):
        web.navigate(page, "What Hard-E learned")
        page.get_by_label("Search what Hard-E learned").fill("financing")
        page.get_by_role("button", name="Search").click()
        item = page.locator("#memories li.memory").filter(has_text="same-as-cash")
        item.wait_for()
        problems: list[str] = []
        check(web, page, "memory with an item", problems)
        item.get_by_role("button", name="Forget").click()
        item.wait_for(state="detached")
    assert problems == []
    left = web.api("GET", "/api/v1/memory?query=financing").json()["memories"]
    assert not [m for m in left if "same-as-cash" in m["text"]]
    assert page.js_errors == []
