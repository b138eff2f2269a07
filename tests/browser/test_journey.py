"""A company's first hour, in the browser: an operator's invite link, the new admin
accepting it, chat, approving a red action after reading it, uploading a document and
inviting a teammate who then signs in. Each person-facing step is timed."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import Web
from tests.support.anthropic_server import text, tool_use

OPERATOR = ("ops@hard-e.example", "operator-pass-1")
ADMIN = ("owner@ridgecrest.example", "ridgecrest-pass-1")
CUSTOMER_ID = 2016690  # Barbara Pruitt in the Leap simulator's demo data


def relative(url: str) -> str:
    """An emailed link, opened on the test server's own origin."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


@pytest.fixture(scope="module")
def invite_link(web: Web) -> str:
    """An operator signs in and creates a 14-day, 200-message trial link."""
    web.cli(
        "operators", "create", OPERATOR[0], "--name", "Olga Operator", "--password", OPERATOR[1]
    )
    page: Any = web.page()
    with web.step("operator: sign in and create a trial invite link"):
        web.sign_in(page, *OPERATOR)
        page.get_by_role("heading", name="Companies", exact=True).wait_for()
        web.shown(page).get_by_label("Trial days").fill("14")
        web.shown(page).get_by_label("Messages", exact=True).fill("200")
        page.get_by_role("button", name="Create invite link").click()
        link = page.locator("#operator-invite-result code").inner_text()
    assert "?invite=" in link
    page.context.close()
    return link


def test_a_new_company_accepts_its_invite_and_lands_in_onboarding(
    web: Web, invite_link: str
) -> None:
    page: Any = web.page()
    with web.step("new admin: open the invite link and create the company"):
        page.goto(relative(invite_link))
        page.get_by_text("Set up your company on Hard-E").wait_for()
        form = web.shown(page)
        form.get_by_label("Company name").fill("Ridgecrest Roofing")
        form.get_by_label("Your email").fill(ADMIN[0])
        form.get_by_label("Your name").fill("Riley Ridge")
        form.get_by_label("Choose a password").fill(ADMIN[1])
        form.get_by_role("button", name="Accept invite").click()
        page.get_by_role("heading", name="Get your company ready").wait_for()
    assert "Ridgecrest Roofing" in page.locator("#company").inner_text()

    reused = web.page()
    reused.goto(relative(invite_link))
    reused.get_by_role("alert").filter(has_text="invite").wait_for()  # single use: a clear 4xx
    assert reused.locator("#invite-form").is_hidden()
    assert page.js_errors == [] and reused.js_errors == []


def test_approving_a_red_email_after_reading_it_in_full(web: Web) -> None:
    page: Any = web.page()
    web.sign_in(page)  # the demo company: connected to the Leap simulator
    body = "Hi Barbara, your siding quote is attached: $18,400 with the 12-month financing."
    web.claude.reply(
        tool_use(
            "send_email",
            {"customer_id": CUSTOMER_ID, "subject": "Your siding quote", "body": body},
        )
    )
    web.claude.reply(text("I drafted the email to Barbara; it waits for your approval."))

    with web.step("rep: ask Hard-E to email a customer"):
        web.navigate(page, "Chat")
        page.get_by_label("Message", exact=True).fill("email Barbara Pruitt her siding quote")
        page.get_by_role("button", name="Send").click()
        page.get_by_text("it waits for your approval").wait_for()
    with web.step("admin: read the email in the approvals inbox and approve it"):
        web.navigate(page, "Approvals")
        card = page.locator("#approvals-pending .approval").first
        card.wait_for()
        preview = card.locator(".preview").inner_text()
        assert "barbara.pruitt@gmail.com" in preview and "Barbara Pruitt" in preview
        assert body in preview and "Your siding quote" in preview
        assert "Asked by Dana Brooks" in card.inner_text()
        card.get_by_role("button", name="Approve").click()
        page.locator("#approvals-decided").get_by_text("executed").first.wait_for()

    outbox = web.api("GET", "/api/v1/outbox").json()["messages"]
    assert [(m["to"], m["body"]) for m in outbox] == [("barbara.pruitt@gmail.com", body)]
    assert page.js_errors == []


def test_uploading_a_document_shows_it_read_and_ready(web: Web, tmp_path: Any) -> None:
    sheet = tmp_path / "ridgecrest-price-guide.md"
    sheet.write_text(
        "# Ridgecrest price guide\n\nArchitectural shingles: $520 per square installed.\n"
        "Ridge vent: $9 per linear foot. Ice and water shield on every eave.\n"
    )
    page: Any = web.page()
    web.sign_in(page)
    with web.step("admin: upload a document and see it ready"):
        web.navigate(page, "Documents")
        page.get_by_label("Add documents").set_input_files(str(sheet))
        page.get_by_role("button", name="Upload").click()
        page.locator("#documents").get_by_text("ready").wait_for()
    assert "ridgecrest-price-guide.md" in page.locator("#documents").inner_text()
    assert page.locator("#library li").count() >= 5  # the shared library is listed too
    assert page.js_errors == []
