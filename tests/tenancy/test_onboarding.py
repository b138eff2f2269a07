"""Guided onboarding: profile with time zone → Leap (checked live) → soul document →
documents → team, over the real handlers; the checklist shows the progress."""

from __future__ import annotations

from typing import Any

from hard_e import keys
from hard_e.crm.simulator.server import DEMO_TOKEN, LeapSimulator
from hard_e.tenancy.credentials import CredentialsError
from tests.conftest import HttpResult
from tests.tenancy.conftest import Desk


def _steps(desk: Desk, token: str) -> dict[str, bool]:
    answer = desk.call("GET", "/api/v1/onboarding", "onboarding", token)
    assert answer.status == 200, answer.body
    return {s["id"]: s["done"] for s in answer.json()["steps"]}


def _put(desk: Desk, path: str, token: str, body: Any) -> HttpResult:
    return desk.call("PUT", path, "onboarding", token, body)


def test_a_new_company_walks_the_checklist(desk: Desk, leap_sim: LeapSimulator) -> None:
    company = desk.new_company()
    token = company["token"]
    assert _steps(desk, token) == dict.fromkeys(
        ("profile", "leap", "soul", "documents", "team"), False
    )

    profile = _put(
        desk,
        "/api/v1/company/profile",
        token,
        {
            "name": "Ridgeline Roofing & Siding",
            "trades": ["roofing", "siding"],
            "service_area": "Boise metro",
            "timezone": "America/Boise",
        },
    )
    assert profile.status == 200, profile.body
    assert profile.json()["timezone"] == "America/Boise"
    tenant = desk.services.directory.get_tenant(company["tenant"]["tenant_id"])
    assert tenant.timezone == "America/Boise" and tenant.trades == ("roofing", "siding")

    leap = _put(
        desk,
        "/api/v1/company/leap",
        token,
        {"api_key": DEMO_TOKEN, "base_url": leap_sim.base_url},
    )
    assert leap.status == 200, leap.body
    assert leap.json()["connected"] is True and DEMO_TOKEN not in leap.body.decode()
    status = desk.call("GET", "/api/v1/company/leap", "onboarding", token)
    assert status.json()["connected"] is True and DEMO_TOKEN not in status.body.decode()

    templates = desk.call("GET", "/api/v1/soul/templates", "onboarding", token).json()
    chosen = templates["templates"][0]["content"]
    assert "Ridgeline Roofing & Siding" in chosen
    saved = _put(desk, "/api/v1/soul", token, {"content": chosen})
    assert saved.status == 200 and saved.json()["version"] == 1

    invited = desk.call(
        "POST",
        "/api/v1/team/invites",
        "onboarding",
        token,
        {"email": "sam@ridgeline.example", "role": "rep"},
    )
    assert invited.status == 201, invited.body

    steps = _steps(desk, token)
    assert steps == {"profile": True, "leap": True, "soul": True, "documents": False, "team": True}
    # the company's Leap works for its tools now
    found = desk.gateway.tool("list_workflow_stages", {}, token)
    assert found.status == 200, found.body


def test_a_bad_timezone_or_profile_is_422(desk: Desk) -> None:
    token = desk.new_company()["token"]
    for body in (
        {"name": "X", "timezone": "Mars/Olympus"},
        {"name": "X", "timezone": 5},
        {"name": "   "},
        {"name": "X", "trades": "roofing"},
    ):
        answer = _put(desk, "/api/v1/company/profile", token, body)
        assert answer.status == 422, (body, answer.body)


def test_a_key_leap_rejects_fails_with_leaps_reason_and_nothing_is_stored(
    desk: Desk, leap_sim: LeapSimulator
) -> None:
    company = desk.new_company()
    token, tenant_id = company["token"], company["tenant"]["tenant_id"]

    answer = _put(
        desk,
        "/api/v1/company/leap",
        token,
        {"api_key": "not-a-real-leap-token", "base_url": leap_sim.base_url},
    )

    assert answer.status == 422, answer.body
    error = answer.json()["error"]
    assert error["code"] == "leap_rejected" and "Leap rejected the API token" in error["message"]
    assert "not-a-real-leap-token" not in answer.body.decode()
    assert desk.services.table.get(keys.tenant_pk(tenant_id, "CRED"), "leap") is None
    assert desk.call("GET", "/api/v1/company/leap", "onboarding", token).json() == {
        "connected": False,
        "account": None,
        "checked_at": None,
    }


def test_the_stored_key_opens_only_with_its_own_companys_context(
    desk: Desk, leap_sim: LeapSimulator
) -> None:
    first = desk.new_company()
    second = desk.new_company(name="Other Co", email="otto@other.example")
    body = {"api_key": DEMO_TOKEN, "base_url": leap_sim.base_url}
    assert _put(desk, "/api/v1/company/leap", first["token"], body).status == 200
    table, vault = desk.services.table, desk.services.tools.vault
    stored = table.get(keys.tenant_pk(first["tenant"]["tenant_id"], "CRED"), "leap")
    assert stored is not None and DEMO_TOKEN not in str(stored)

    assert vault.load(first["tenant"]["tenant_id"]).token == DEMO_TOKEN
    try:
        vault.open(second["tenant"]["tenant_id"], "leap", stored["ciphertext"])
    except CredentialsError as exc:
        assert "another company" in str(exc)
    else:  # pragma: no cover - the point of the test
        raise AssertionError("another company's context opened the credential")


def test_soul_documents_are_versioned_previewed_and_bad_ones_are_422(desk: Desk) -> None:
    token = desk.new_company()["token"]
    for n in (1, 2):
        saved = _put(desk, "/api/v1/soul", token, {"content": f"# Who you are\nVersion {n}."})
        assert saved.status == 200 and saved.json()["version"] == n

    soul = desk.call("GET", "/api/v1/soul", "onboarding", token).json()
    assert soul["current"]["version"] == 2 and "Version 2" in soul["current"]["content"]
    assert [v["version"] for v in soul["versions"]] == [2, 1]
    first = desk.call("GET", "/api/v1/soul/versions/1", "onboarding", token)
    assert first.status == 200 and "Version 1" in first.json()["content"]
    assert desk.call("GET", "/api/v1/soul/versions/9", "onboarding", token).status == 404
    assert desk.call("GET", "/api/v1/soul/versions/x", "onboarding", token).status == 404

    for bad in ({"content": "x" * 20_001}, {"content": 42}, {"content": ""}, {"content": " \n"}):
        answer = _put(desk, "/api/v1/soul", token, bad)
        assert answer.status == 422, (bad, answer.body)
    assert desk.call("GET", "/api/v1/soul", "onboarding", token).json()["current"]["version"] == 2

    preview = desk.call(
        "POST",
        "/api/v1/soul/preview",
        "onboarding",
        token,
        {
            "content": "# Who you are\nA calm coach.",
            "question": "how do I handle a price objection?",
        },
    )
    assert preview.status == 200, preview.body
    assert preview.json()["answer"]
    assert desk.call("GET", "/api/v1/soul", "onboarding", token).json()["current"]["version"] == 2


def test_reps_get_403_on_admin_routes(desk: Desk) -> None:
    company = desk.new_company()
    invited = desk.call(
        "POST",
        "/api/v1/team/invites",
        "onboarding",
        company["token"],
        {"email": "rob@ridgeline.example", "role": "rep"},
    ).json()
    joined = desk.accept(invited["token"], name="Rob Rep", password="rob-pass-123")
    assert joined.status == 201, joined.body
    rep = joined.json()["token"]
    for method, path, body in (
        ("GET", "/api/v1/onboarding", None),
        ("GET", "/api/v1/company/profile", None),
        ("PUT", "/api/v1/company/profile", {"name": "Mine now"}),
        ("GET", "/api/v1/company/leap", None),
        ("PUT", "/api/v1/company/leap", {"api_key": "x"}),
        ("GET", "/api/v1/soul", None),
        ("PUT", "/api/v1/soul", {"content": "be rude"}),
        ("GET", "/api/v1/soul/templates", None),
        ("GET", "/api/v1/soul/versions/1", None),
        ("POST", "/api/v1/soul/preview", {"content": "x", "question": "y"}),
        ("GET", "/api/v1/team", None),
        ("POST", "/api/v1/team/invites", {"email": "x@y.example", "role": "admin"}),
        ("PATCH", f"/api/v1/team/{joined.json()['user']['user_id']}", {"role": "admin"}),
        ("DELETE", f"/api/v1/team/{company['user']['user_id']}", None),
        ("GET", "/api/v1/analytics", None),
    ):
        answer = desk.call(method, path, "onboarding", rep, body)
        assert answer.status == 403, (method, path, answer.body)


def test_odd_leap_keys_and_addresses_are_422_never_a_server_error(
    desk: Desk, leap_sim: LeapSimulator
) -> None:
    token = desk.new_company()["token"]
    for body in (
        {"api_key": "bad\nkey", "base_url": leap_sim.base_url},
        {"api_key": "ключ", "base_url": leap_sim.base_url},
        {"api_key": DEMO_TOKEN, "base_url": "http://[::1"},
        {"api_key": DEMO_TOKEN, "base_url": "ftp://leap.example"},
        {"api_key": DEMO_TOKEN, "base_url": "http://127.0.0.1:1/api/v3"},
        {"api_key": DEMO_TOKEN, "base_url": "http://"},
    ):
        answer = _put(desk, "/api/v1/company/leap", token, body)
        assert answer.status == 422, (body, answer.body)
    assert (
        desk.call("GET", "/api/v1/company/leap", "onboarding", token).json()["connected"] is False
    )


def test_odd_soul_version_numbers_are_404(desk: Desk) -> None:
    token = desk.new_company()["token"]
    for version in ("0", "²", "9" * 5000, "-1", "1.0"):
        answer = desk.call("GET", f"/api/v1/soul/versions/{version}", "onboarding", token)
        assert answer.status == 404, (version, answer.body)


def test_admins_saving_the_soul_document_at_once_get_distinct_versions(desk: Desk) -> None:
    from concurrent.futures import ThreadPoolExecutor

    token = desk.new_company()["token"]

    def save(n: int) -> int:
        answer = _put(desk, "/api/v1/soul", token, {"content": f"# Draft {n}"})
        assert answer.status == 200, answer.body
        version: int = answer.json()["version"]
        return version

    with ThreadPoolExecutor(max_workers=5) as pool:
        versions = sorted(pool.map(save, range(5)))

    assert versions == [1, 2, 3, 4, 5]
    soul = desk.call("GET", "/api/v1/soul", "onboarding", token).json()
    assert soul["current"]["version"] == 5


def test_the_demo_admins_checklist_shows_what_the_demo_already_has(desk: Desk) -> None:
    """The demo company comes with a profile, Leap (the simulator) and its soul
    document; documents and teammates are left for the person trying it."""
    from hard_e.local.seed import DEMO_EMAIL, DEMO_PASSWORD

    token = desk.login(DEMO_EMAIL, DEMO_PASSWORD)
    answer = desk.call("GET", "/api/v1/onboarding", "onboarding", token)
    assert answer.status == 200, answer.body
    done = {s["id"]: s["done"] for s in answer.json()["steps"]}
    assert done == {"profile": True, "leap": True, "soul": True, "documents": False, "team": False}
    soul = desk.call("GET", "/api/v1/soul", "onboarding", token).json()
    assert "Summit Exteriors" in str(soul)
