"""API keys: created by admins, shown once, stored as a hash, scoped, revocable at once."""

from __future__ import annotations

import json

from hard_e.bootstrap import Services
from hard_e.local.seed import DemoLogin
from tests.agents.conftest import Agents
from tests.conftest import Gateway, add_user


def test_the_secret_is_shown_once_and_only_its_hash_is_stored(
    agents: Agents, services: Services, demo: DemoLogin
) -> None:
    created = agents.create(scopes={"tiers": ["green"]})

    assert created.status == 201 and created.headers.get("Cache-Control") == "no-store"
    secret = created.json()["secret"]
    key = created.json()["key"]
    assert secret.startswith(f"hek_{key['id']}_") and key["status"] == "active"
    assert key["rate_limit_per_minute"] == 60  # the default
    listed = agents.gateway.request(
        "GET", "/api/v1/api-keys", function="auth", token=agents.admin_token
    )
    assert [k["id"] for k in listed.json()["keys"]] == [key["id"]]
    raw = secret.split("_", 2)[2]
    assert raw not in listed.body.decode()
    stored = services.table.query(f"T#{demo.tenant_id}#APIKEY").items
    assert raw not in json.dumps(stored) and len(stored[0]["secret_hash"]) == 64


def test_only_company_admins_manage_keys(
    agents: Agents, services: Services, demo: DemoLogin, gateway: Gateway
) -> None:
    add_user(services, demo.tenant_id, "rep@summit.example")
    rep = gateway.login("rep@summit.example", "pw-123456").json()["token"]

    assert agents.create(token=rep).status == 403
    assert gateway.request("GET", "/api/v1/api-keys", function="auth", token=rep).status == 403


def test_a_revoked_key_gets_401_on_its_very_next_call(agents: Agents) -> None:
    key = agents.key(tiers=["green"])
    key_id = key.split("_")[1]
    assert agents.call(key, "GET", "/api/v1/tools").status == 200

    revoked = agents.gateway.request(
        "DELETE", f"/api/v1/api-keys/{key_id}", function="auth", token=agents.admin_token
    )
    after = agents.call(key, "GET", "/api/v1/tools")

    assert revoked.status == 200 and revoked.json()["status"] == "revoked"
    assert (after.status, after.json()["error"]["code"]) == (401, "api_key_revoked")


def test_unknown_malformed_and_forged_keys_get_401(agents: Agents, demo: DemoLogin) -> None:
    real = agents.key(tiers=["green"])
    forged = real[:-4] + ("AAAA" if not real.endswith("AAAA") else "BBBB")
    for key in ("nope", "hek_x_y", forged, f"hek_{demo.tenant_id}abcdefghjk_{'A' * 43}"):
        result = agents.call(key, "GET", "/api/v1/tools")
        assert (result.status, result.json()["error"]["code"]) == (401, "invalid_api_key"), key


def test_a_green_only_key_gets_403_on_a_yellow_tool_and_sees_only_green_tools(
    agents: Agents,
) -> None:
    key = agents.key(tiers=["green"])

    refused = agents.tool(key, "add_job_note", {"job": "Peterson", "note": "hi"})
    listed = agents.call(key, "GET", "/api/v1/tools").json()["tools"]

    assert (refused.status, refused.json()["error"]["code"]) == (403, "out_of_scope")
    assert "yellow" in refused.json()["error"]["message"]
    assert listed and {t["tier"] for t in listed} == {"green"}


def test_a_key_limited_to_some_tools_may_run_only_those(agents: Agents) -> None:
    key = agents.key(scopes={"tiers": ["green", "yellow"], "tools": ["search_jobs"]})

    assert agents.tool(key, "search_jobs", {"keyword": "Peterson"}).status == 200
    assert agents.tool(key, "search_customers", {"query": "Peterson"}).status == 403
    assert [t["name"] for t in agents.call(key, "GET", "/api/v1/tools").json()["tools"]] == [
        "search_jobs"
    ]


def test_bad_key_requests_are_clear_4xx(agents: Agents) -> None:
    assert agents.create(scopes={"tiers": ["purple"]}).status == 422
    assert agents.create(scopes={"tools": ["no_such_tool"]}).status == 422
    assert agents.create(name="").status == 422
    assert agents.create(rate_limit_per_minute=0).status == 422
    missing = agents.gateway.request(
        "DELETE", "/api/v1/api-keys/nope", function="auth", token=agents.admin_token
    )
    assert missing.status == 404


def test_a_key_cannot_use_the_routes_of_people(agents: Agents) -> None:
    key = agents.key()
    for method, path, function in (
        ("POST", "/api/v1/chat", "chat"),
        ("GET", "/api/v1/api-keys", "auth"),
        ("GET", "/api/v1/memory", "memory"),
        ("GET", "/api/v1/audit", "tools"),
    ):
        result = agents.call(key, method, path, function=function, body={"message": "hi"})
        assert result.status == 403, (path, result.body)
