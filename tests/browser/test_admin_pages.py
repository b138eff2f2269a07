"""An admin's pages on a 390 px phone: changing a teammate's role, the settings (Leap
status, the company's timezone), the analytics charts with tool calls by channel; an
operator is not offered a company's chat. Each page: no sideways scrolling, axe clean."""

from __future__ import annotations

from typing import Any

import httpx

from hard_e.local.seed import DEMO_EMAIL, DEMO_PASSWORD
from tests.browser.conftest import Web

TEAMMATE = ("riley@summit.example", "riley-rep-pass-1", "Riley Rep")
CHARTS = ["conversations", "tiers", "channels", "approvals", "response", "topics"]


def fits_and_passes_axe(web: Web, page: Any) -> None:
    web.assert_no_horizontal_overflow(page)
    web.assert_accessible(page)


def login(web: Web, email: str, password: str) -> str:
    answer = httpx.post(
        f"{web.url}/api/v1/auth/login", json={"email": email, "password": password}, timeout=30
    )
    assert answer.status_code == 200, answer.text
    token: str = answer.json()["token"]
    return token


def test_an_admin_changes_a_teammates_role(web: Web) -> None:
    invite = web.api(
        "POST", "/api/v1/team/invites", json={"email": TEAMMATE[0], "role": "rep"}
    ).json()
    joined = httpx.post(
        f"{web.url}/api/v1/invites/{invite['token']}/accept",
        json={"name": TEAMMATE[2], "password": TEAMMATE[1]},
        timeout=30,
    )
    assert joined.status_code == 201, joined.text
    their_token = joined.json()["token"]
    page: Any = web.page(phone=True)
    web.sign_in(page)
    web.navigate(page, "Team")
    role = page.get_by_label(f"Role of {TEAMMATE[2]}")
    role.wait_for()
    assert role.input_value() == "rep"
    fits_and_passes_axe(web, page)

    with web.step("admin: make a rep an admin"):
        with page.expect_response(lambda r: r.request.method == "PATCH" and r.ok):
            role.select_option("admin")
        page.get_by_label(f"Role of {TEAMMATE[2]}").wait_for()

    members = web.api("GET", "/api/v1/team").json()["members"]
    assert next(m for m in members if m["email"] == TEAMMATE[0])["role"] == "admin"
    assert page.get_by_label(f"Role of {TEAMMATE[2]}").input_value() == "admin"
    # the old token carried the old role: it stops at once
    old = httpx.get(
        f"{web.url}/api/v1/sessions", headers={"Authorization": f"Bearer {their_token}"}
    )
    assert old.status_code == 401
    assert page.get_by_label(f"Role of {TEAMMATE[2]}").is_enabled()
    admin_name = next(m["name"] for m in members if m["email"] == DEMO_EMAIL)
    assert page.get_by_label(f"Role of {admin_name}").is_disabled()  # not one's own
    fits_and_passes_axe(web, page)
    assert page.js_errors == []


def test_settings_show_the_leap_connection_and_save_the_timezone(web: Web) -> None:
    page: Any = web.page(phone=True)
    web.sign_in(page)
    web.navigate(page, "Settings")
    status = page.locator("#leap-status")
    status.filter(has_text="Connected").wait_for()
    assert "Not connected" not in status.inner_text()
    fits_and_passes_axe(web, page)

    with web.step("admin: set the company's timezone"):
        web.shown(page).get_by_label("Timezone").select_option("America/Denver")
        page.get_by_role("button", name="Save company").click()
        page.locator("#profile-status").filter(has_text="Saved.").wait_for()
    assert web.api("GET", "/api/v1/company/profile").json()["timezone"] == "America/Denver"

    page.reload()
    web.navigate(page, "Settings")
    page.locator("#leap-status").filter(has_text="Connected").wait_for()
    assert web.shown(page).get_by_label("Timezone").input_value() == "America/Denver"
    fits_and_passes_axe(web, page)
    assert page.js_errors == []


def test_a_bad_leap_key_is_refused_with_leaps_reason_and_the_connection_stays(web: Web) -> None:
    page: Any = web.page(phone=True)
    web.sign_in(page)
    web.navigate(page, "Settings")
    page.locator("#leap-status").filter(has_text="Connected").wait_for()
    web.shown(page).get_by_label("Leap API key").fill("not-a-real-leap-key")
    page.get_by_role("button", name="Check and connect").click()
    error = page.locator("#leap-error")
    error.wait_for()
    page.wait_for_function("() => document.getElementById('leap-error').textContent.length > 0")
    assert "leap" in error.inner_text().lower()
    assert web.api("GET", "/api/v1/company/leap").json()["connected"] is True
    fits_and_passes_axe(web, page)


def test_analytics_draws_every_chart_with_tool_calls_by_channel(web: Web) -> None:
    token = login(web, DEMO_EMAIL, DEMO_PASSWORD)
    for query in ("siding warranty", "gutter guards"):
        called = httpx.post(
            f"{web.url}/api/v1/tools/execute",
            headers={"Authorization": f"Bearer {token}"},
            json={"tool": "search_knowledge", "input": {"query": query}},
            timeout=30,
        )
        assert called.status_code == 200, called.text
    page: Any = web.page(phone=True)
    web.sign_in(page)
    with web.step("admin: open analytics"):
        web.navigate(page, "Analytics")
        page.locator("#analytics-figures").filter(has_text="tool calls").wait_for()
    drawn = page.evaluate(
        "(ids) => Object.fromEntries(ids.map(id => [id, Boolean(Chart.getChart('chart-' + id))]))",
        CHARTS,
    )
    assert all(drawn.values()), drawn
    label = str(page.locator("#chart-channels").get_attribute("aria-label"))
    assert label.startswith("Tool calls by channel:") and "tools API 2" in label, label
    assert "MCP 0" in label
    fits_and_passes_axe(web, page)
    web.shown(page).get_by_label("Period").select_option("7")
    page.wait_for_function(
        "() => document.getElementById('chart-channels').getAttribute('aria-label')"
        ".includes('tools API 2')"
    )
    assert page.js_errors == []


def test_an_operator_is_not_offered_a_companys_chat(web: Web) -> None:
    web.cli("operators", "create", "ops@pages.example", "--password", "operator-pass-7")
    page: Any = web.page(phone=True)
    web.sign_in(page, "ops@pages.example", "operator-pass-7")
    page.get_by_role("heading", name="Companies", exact=True).wait_for()
    page.get_by_role("button", name="Menu").click()
    nav = page.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="Companies").is_visible()
    for link in ("Chat", "Approvals", "Documents", "Settings", "Analytics", "Team"):
        assert not nav.get_by_role("link", name=link).is_visible(), link
    page.goto("/#/chat")
    page.get_by_role("heading", name="Companies", exact=True).wait_for()
    assert page.locator("#view-chat").is_hidden()
    fits_and_passes_axe(web, page)

    token = login(web, "ops@pages.example", "operator-pass-7")
    refused = httpx.post(
        f"{web.url}/api/v1/chat",
        headers={"Authorization": f"Bearer {token}"},
        json={"message": "hello"},
        timeout=30,
    )
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "operators_not_company"
    assert page.js_errors == []
