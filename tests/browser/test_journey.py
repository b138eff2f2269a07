"""A company's first hour, in the browser: an operator's invite link, the new admin
accepting it and walking the onboarding, a teammate joining, approving a red action
after reading it, and uploading a document. Each person-facing step is timed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import expect

from hard_e.crm.simulator.server import DEMO_TOKEN
from tests.browser.conftest import Web
from tests.support.anthropic_server import text, tool_use

OPERATOR = ("ops@hard-e.example", "operator-pass-1")
ADMIN = ("owner@ridgecrest.example", "ridgecrest-pass-1")
TEAMMATE = ("sam@ridgecrest.example", "sam-the-rep-1")
CUSTOMER_ID = 2016690  # Barbara Pruitt in the Leap simulator's demo data
INGEST_MS = 60_000  # reading a document runs in the background; slow when the machine is busy
LINKS: dict[str, str] = {}  # the teammate's invite link, as the onboarding showed it


def relative(url: str) -> str:
    """An emailed link, opened on the test server's own origin."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def price_guide(folder: Path) -> Path:
    sheet = folder / "ridgecrest-price-guide.md"
    sheet.write_text(
        "# Ridgecrest price guide\n\nArchitectural shingles: $520 per square installed.\n"
        "Ridge vent: $9 per linear foot. Ice and water shield on every eave.\n"
    )
    return sheet


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
        link = str(page.locator("#operator-invite-result code").inner_text())
    assert "?invite=" in link
    page.context.close()
    return link


@pytest.fixture(scope="module")
def admin(web: Web, invite_link: str) -> Iterator[Any]:
    """The new company's admin, signed in by accepting the invite (kept for the module)."""
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
    yield page


def step(page: Any, step_id: str) -> Any:
    return page.locator(f'details[data-step="{step_id}"]')


def test_a_new_company_accepts_its_invite_and_lands_in_onboarding(
    web: Web, admin: Any, invite_link: str
) -> None:
    assert "Ridgecrest Roofing" in admin.locator("#company").inner_text()
    web.expect_text(admin, "0 of 5 done.")

    reused = web.page()
    reused.goto(relative(invite_link))
    reused.locator("#invite-error").filter(has_text="invite").wait_for()  # single use: a 4xx
    assert reused.locator("#invite-form").is_hidden()
    assert admin.js_errors == [] and reused.js_errors == []


def test_the_admin_walks_the_onboarding(web: Web, admin: Any, tmp_path: Path) -> None:
    page = admin
    with web.step("onboarding 1: company profile and timezone"):
        profile = step(page, "profile")
        profile.get_by_label("Trades").fill("roofing, gutters")
        profile.get_by_label("Service area").fill("Columbus, OH and 40 miles around")
        profile.get_by_label("Timezone").select_option("America/New_York")
        profile.get_by_role("button", name="Save company profile").click()
        web.expect_text(page, "1 of 5 done.")

    with web.step("onboarding 2: connect Leap (a wrong key first)"):
        leap = step(page, "leap")
        leap.get_by_label("Leap API key").fill("not-a-leap-key")
        leap.get_by_role("button", name="Check and connect").click()
        refused = leap.get_by_role("alert")
        refused.filter(has_text="Leap").wait_for()
        leap.get_by_label("Leap API key").fill(DEMO_TOKEN)
        leap.get_by_role("button", name="Check and connect").click()
        web.expect_text(page, "2 of 5 done.")
    assert "not-a-leap-key" not in page.content() and DEMO_TOKEN not in page.content()

    web.claude.reply(text("Walk them through the inspection photos before any price."))
    with web.step("onboarding 3: soul document from a template, previewed"):
        soul = step(page, "soul")
        assert "Ridgecrest Roofing" in soul.get_by_label("Personality").input_value()
        soul.get_by_role("button", name="Preview an answer").click()
        soul.get_by_text("inspection photos before any price").wait_for()
        soul.get_by_role("button", name="Save soul document").click()
        web.expect_text(page, "3 of 5 done.")

    with web.step("onboarding 4: first document"):
        documents = step(page, "documents")
        documents.get_by_label("Documents").set_input_files(str(price_guide(tmp_path)))
        documents.get_by_role("button", name="Upload").click()
        web.expect_text(page, "4 of 5 done.", timeout_ms=INGEST_MS)

    with web.step("onboarding 5: invite a teammate"):
        team = step(page, "team")
        team.get_by_label("Teammate's email").fill(TEAMMATE[0])
        team.get_by_label("Role").select_option("rep")
        team.get_by_role("button", name="Invite").click()
        web.expect_text(page, "5 of 5 done.")
        LINKS["teammate"] = page.locator("#onboarding-note code").inner_text()
        page.get_by_role("button", name="Your company is ready — start chatting").click()
        page.get_by_label("Message", exact=True).wait_for()

    profile = web.api("GET", "/api/v1/company/profile", email=ADMIN[0], password=ADMIN[1]).json()
    assert profile["timezone"] == "America/New_York" and profile["trades"] == ["roofing", "gutters"]
    assert page.js_errors == []


def test_the_invited_teammate_joins_as_a_rep_and_chats(web: Web, admin: Any) -> None:
    web.navigate(admin, "Team")
    admin.locator("#team-invites").get_by_text(TEAMMATE[0]).wait_for()  # waiting to be accepted

    rep: Any = web.page()
    web.claude.reply(text("Riley set me up for Ridgecrest Roofing. Ask me about any job."))
    with web.step("teammate: accept the team invite and ask a first question"):
        rep.goto(relative(LINKS["teammate"]))
        web.shown(rep).get_by_text(f"invited {TEAMMATE[0]} to join as a rep").wait_for()
        web.shown(rep).get_by_label("Your name").fill("Sam Shingle")
        web.shown(rep).get_by_label("Choose a password").fill(TEAMMATE[1])
        web.shown(rep).get_by_role("button", name="Accept invite").click()
        rep.get_by_label("Message", exact=True).fill("who set you up?")
        rep.get_by_role("button", name="Send").click()
        rep.get_by_text("Ask me about any job").wait_for()
    nav = rep.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="Team").is_hidden()  # reps do not manage the team
    web.navigate(rep, "Settings")
    web.expect_text(rep, "Your admin manages the Leap connection.")
    assert rep.locator("#profile-form").is_hidden()
    members = web.api("GET", "/api/v1/team", email=ADMIN[0], password=ADMIN[1]).json()["members"]
    assert {m["name"]: m["role"] for m in members} == {"Riley Ridge": "admin", "Sam Shingle": "rep"}
    assert rep.js_errors == []


def test_approving_a_red_email_after_reading_it_in_full_on_a_phone(web: Web) -> None:
    page: Any = web.page(phone=True)
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
        assert "Asked by Dana Whitfield" in card.inner_text()
        web.assert_no_horizontal_overflow(page)  # the whole email fits the phone
        web.assert_accessible(page)
        card.get_by_role("button", name="Approve").click()
        page.locator("#approvals-decided").get_by_text("executed").first.wait_for()

    outbox = web.api("GET", "/api/v1/outbox").json()["messages"]
    assert [(m["to"], m["body"]) for m in outbox] == [("barbara.pruitt@gmail.com", body)]
    assert page.js_errors == []


def test_uploading_a_document_shows_it_read_and_ready(web: Web, tmp_path: Path) -> None:
    page: Any = web.page()
    web.sign_in(page)
    with web.step("admin: upload a document and see it ready"):
        web.navigate(page, "Documents")
        page.get_by_label("Add documents").set_input_files(str(price_guide(tmp_path)))
        page.get_by_role("button", name="Upload").click()
        page.locator("#documents").get_by_text("ready").wait_for(timeout=INGEST_MS)
    assert "ridgecrest-price-guide.md" in page.locator("#documents").inner_text()
    assert page.locator("#library li").count() >= 5  # the shared library is listed too
    assert page.js_errors == []


def test_a_forgotten_password_is_reset_by_the_emailed_link(web: Web) -> None:
    page: Any = web.page()
    with web.step("teammate: ask for a reset link, open it, choose a new password"):
        page.goto("/")
        page.get_by_role("link", name="Forgot your password?").click()
        page.get_by_role("heading", name="Reset your password").wait_for()  # the page changed
        web.shown(page).get_by_label("Email").fill(TEAMMATE[0])
        page.get_by_role("button", name="Email me a link").click()
        web.expect_text(page, "a link to reset the password is on its way")
        sent = web.api("GET", "/api/v1/outbox", email=ADMIN[0], password=ADMIN[1]).json()
        assert not [m for m in sent["messages"] if "?reset=" in m["body"]]  # not the admin's
        mail = web.cli("mail", TEAMMATE[0])  # locally, the teammate's inbox
        link = next(word for word in mail.split() if "?reset=" in word)
        page.goto(relative(link))
        web.shown(page).get_by_label("New password").fill("a-brand-new-pass-2")
        page.get_by_role("button", name="Set password").click()
        web.expect_text(page, "Password changed.")
        web.shown(page).get_by_role("link", name="Sign in").click()
        web.sign_in(page, TEAMMATE[0], "a-brand-new-pass-2")
    again = web.page()
    again.goto(relative(link))
    web.shown(again).get_by_label("New password").fill("third-password-3")
    again.get_by_role("button", name="Set password").click()
    again.locator("#reset-error").filter(has_text="link").wait_for()  # a used link is refused
    assert page.js_errors == [] and again.js_errors == []


def test_the_soul_document_keeps_every_version(web: Web, admin: Any) -> None:
    page = admin
    with web.step("admin: edit the soul document, save, bring back the earlier version"):
        web.navigate(page, "Soul document")
        editor = web.shown(page).get_by_label("Soul document", exact=True)
        editor.wait_for()
        expect(editor).not_to_have_value("")  # the page fills it from the API after it shows
        first = editor.input_value()
        editor.fill(first + "\n- Never quote a price over the phone.")
        page.get_by_role("button", name="Save new version").click()
        web.expect_text(page, "Saved as version 2.")
        page.get_by_role("button", name="Load version 1 into the editor").click()
        web.expect_text(page, "Version 1 loaded")
    assert editor.input_value() == first
    soul = web.api("GET", "/api/v1/soul", email=ADMIN[0], password=ADMIN[1]).json()
    assert soul["current"]["version"] == 2 and "over the phone" in soul["current"]["content"]
    assert [v["version"] for v in soul["versions"]][:2] == [2, 1]
    assert page.js_errors == []


def test_a_removed_teammate_is_signed_out_at_once(web: Web, admin: Any) -> None:
    rep: Any = web.page()
    web.sign_in(rep, TEAMMATE[0], "a-brand-new-pass-2")
    web.navigate(admin, "Team")
    admin.once("dialog", lambda dialog: dialog.accept())
    with web.step("admin: remove a teammate"):
        admin.get_by_role("button", name="Remove Sam Shingle").click()
        admin.get_by_role("button", name="Remove Sam Shingle").wait_for(state="detached")
    web.navigate(rep, "Approvals")  # the rep's next request
    rep.get_by_text("You have been signed out").wait_for()
    assert rep.get_by_role("heading", name="Sign in").is_visible()
    assert admin.js_errors == [] and rep.js_errors == []


def test_when_the_trial_runs_out_the_message_is_kept_and_the_reason_shown(web: Web) -> None:
    made = web.cli("invites", "create", "--days", "7", "--messages", "1")
    link = next(word for word in made.split() if "?invite=" in word)
    token = link.split("?invite=", 1)[1]
    accepted = httpx.post(
        f"{web.url}/api/v1/invites/{token}/accept",
        json={
            "company_name": "Tiny Trial Co",
            "name": "Terry Trial",
            "email": "terry@tiny.example",
            "password": "tiny-trial-pass",
        },
        timeout=30,
    )
    assert accepted.status_code == 201, accepted.text
    page: Any = web.page()
    web.sign_in(page, "terry@tiny.example", "tiny-trial-pass")
    web.navigate(page, "Chat")
    web.claude.reply(text("Happy to help with your first job."))
    message = page.get_by_label("Message", exact=True)
    message.fill("hello")
    page.get_by_role("button", name="Send").click()
    web.expect_text(page, "Happy to help with your first job.")
    message.fill("and what about the Peterson job?")
    page.get_by_role("button", name="Send").click()
    page.locator("#chat-error").filter(has_text="trial").wait_for()
    assert message.input_value() == "and what about the Peterson job?"  # nothing lost
    assert page.js_errors == []


def test_an_operator_sees_usage_exports_and_deletes_a_company(web: Web, invite_link: str) -> None:
    page: Any = web.page()
    web.sign_in(page, *OPERATOR)
    card = page.locator("#operator-companies .card").filter(has_text="Tiny Trial Co")
    card.wait_for()
    assert "1 of 1 messages" in card.inner_text()
    with web.step("operator: extend the trial by the days and messages they choose"):
        card.get_by_label("Add days").fill("7")
        card.get_by_label("Add messages").fill("50")
        card.get_by_role("button", name="Extend the trial: Tiny Trial Co").click()
        web.expect_text(page, "51 messages.")
    card = page.locator("#operator-companies .card").filter(has_text="Tiny Trial Co")
    assert "1 of 51 messages" in card.inner_text()
    with web.step("operator: export a company's data"), page.expect_download() as download:
        card.get_by_role("button", name="Export data: Tiny Trial Co").click()
    exported = json.loads(Path(download.value.path()).read_text())
    assert exported["company"]["name"] == "Tiny Trial Co" and exported["items"]

    page.once("dialog", lambda dialog: dialog.accept("Tiny Trial Co"))
    with web.step("operator: delete the company (typing its name)"):
        card.get_by_role("button", name="Delete company: Tiny Trial Co").click()
        web.expect_text(page, "Tiny Trial Co deleted")
    card.wait_for(state="detached")  # gone from the list
    gone = httpx.post(
        f"{web.url}/api/v1/auth/login",
        json={"email": "terry@tiny.example", "password": "tiny-trial-pass"},
        timeout=30,
    )
    assert gone.status_code == 401
    assert page.js_errors == []


def test_an_automation_agents_email_names_the_agent_in_the_inbox(web: Web) -> None:
    created = web.api(
        "POST",
        "/api/v1/api-keys",
        json={"name": "Follow-up bot", "scopes": {"tiers": ["green", "yellow", "red"]}},
    )
    assert created.status_code == 201, created.text
    held = httpx.post(
        f"{web.url}/api/v1/tools/execute",
        headers={"X-Api-Key": created.json()["secret"]},
        json={
            "tool": "send_email",
            "input": {"customer_id": CUSTOMER_ID, "subject": "Checking in", "body": "Hi again!"},
        },
        timeout=30,
    )
    assert held.status_code in (200, 202), held.text
    page: Any = web.page()
    web.sign_in(page)
    web.navigate(page, "Approvals")
    card = page.locator("#approvals-pending .approval").filter(has_text="Checking in")
    card.wait_for()
    assert "Asked by automation agent “Follow-up bot”" in card.inner_text()
    assert "Hi again!" in card.locator(".preview").inner_text()
    card.get_by_role("button", name="Deny").click()
    card.wait_for(state="detached")
    assert page.js_errors == []
