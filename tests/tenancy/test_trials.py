"""Trial limits hold on every chat turn and tools-API call, atomically; operators extend
or convert a trial."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from tests.conftest import FrozenClock
from tests.tenancy.conftest import Desk


def test_a_three_message_trial_refuses_the_fourth_of_ten_concurrent_messages(desk: Desk) -> None:
    company = desk.new_company(messages=3)

    with ThreadPoolExecutor(max_workers=10) as pool:
        answers = list(
            pool.map(lambda n: desk.gateway.chat(f"hi {n}", company["token"]), range(10))
        )

    statuses = sorted(a.status for a in answers)
    assert statuses == [200] * 3 + [402] * 7
    refused = next(a for a in answers if a.status == 402).json()["error"]
    assert refused["code"] == "trial_ended" and "Nothing is lost" in refused["message"]
    assert "messages are used" in refused["message"]
    plan = desk.call("GET", "/api/v1/operator/companies", "operators", desk.operator_token())
    row = next(
        c for c in plan.json()["companies"] if c["tenant_id"] == company["tenant"]["tenant_id"]
    )
    assert row["trial"]["messages_used"] == 3


def test_tools_api_calls_use_the_trial_too(desk: Desk) -> None:
    company = desk.new_company(messages=2)
    token = company["token"]
    ok = desk.gateway.tool("search_knowledge", {"query": "siding"}, token)
    assert ok.status == 200, ok.body
    desk.gateway.chat("hello", token)

    refused = desk.gateway.tool("search_knowledge", {"query": "siding"}, token)

    assert refused.status == 402 and refused.json()["error"]["code"] == "trial_ended"


def test_an_expired_trial_gets_a_clear_message_and_an_operator_extends_it(
    desk: Desk, clock: FrozenClock
) -> None:
    company = desk.new_company(days=14, messages=100)
    clock.advance(14 * 86_400 + 5)
    token = desk.login("rita@ridgeline.example", "ridge-pass-1")  # they can still log in

    ended = desk.gateway.chat("hello", token)
    assert ended.status == 402
    assert "expired" in ended.json()["error"]["message"]
    assert ended.json()["error"]["reason"] == "expired"

    tenant_id = company["tenant"]["tenant_id"]
    changed = desk.call(
        "POST",
        f"/api/v1/operator/companies/{tenant_id}/plan",
        "operators",
        desk.operator_token(),
        {"extend_days": 7, "add_messages": 50},
    )
    assert changed.status == 200, changed.body
    assert changed.json()["trial"]["messages_limit"] == 150
    assert desk.gateway.chat("hello again", token).status == 200


def test_converting_to_paid_lifts_the_limits(desk: Desk) -> None:
    company = desk.new_company(messages=1)
    token = company["token"]
    assert desk.gateway.chat("one", token).status == 200
    assert desk.gateway.chat("two", token).status == 402

    tenant_id = company["tenant"]["tenant_id"]
    paid = desk.call(
        "POST",
        f"/api/v1/operator/companies/{tenant_id}/plan",
        "operators",
        desk.operator_token(),
        {"plan": "paid"},
    )

    assert paid.status == 200 and paid.json()["plan"] == "paid"
    assert [desk.gateway.chat(w, token).status for w in ("two", "three")] == [200, 200]


def test_plan_changes_for_unknown_companies_are_404(desk: Desk) -> None:
    op = desk.operator_token()
    for tenant_id in ("0000000000000000", "not-a-tenant"):
        answer = desk.call(
            "POST",
            f"/api/v1/operator/companies/{tenant_id}/plan",
            "operators",
            op,
            {"plan": "paid"},
        )
        assert answer.status == 404


def test_a_voice_call_can_ask_before_it_starts_without_using_a_message(desk: Desk) -> None:
    from hard_e.tenancy.exceptions import TrialEndedError

    company = desk.new_company(messages=1)
    tenant_id, trials = company["tenant"]["tenant_id"], desk.services.trials
    trials.check(tenant_id)
    trials.check(tenant_id)  # asking uses nothing
    assert desk.gateway.chat("one", company["token"]).status == 200

    try:
        trials.check(tenant_id)
    except TrialEndedError as exc:
        assert "messages are used" in str(exc) and exc.reason == "messages"
    else:  # pragma: no cover - the point of the test
        raise AssertionError("an used-up trial was let through")


def test_agent_messages_and_mcp_calls_use_the_trial_too(desk: Desk) -> None:
    company = desk.new_company(messages=2)
    token = company["token"]
    key = desk.call(
        "POST",
        "/api/v1/api-keys",
        "auth",
        token,
        {"name": "bot", "scopes": {"tiers": ["green"], "converse": True}},
    ).json()["secret"]
    said = desk.call("POST", "/api/v1/agent/messages", "chat", None, {"message": "hi"}, key=key)
    assert said.status == 200, said.body
    call = {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "tools/call",
        "params": {"name": "search_knowledge", "arguments": {"query": "siding"}},
    }
    headers = {"accept": "application/json, text/event-stream", "x-api-key": key}
    first = desk.gateway.request("POST", "/mcp", function="mcp", json_body=call, headers=headers)
    assert '"isError":false' in first.body.decode().replace(" ", ""), first.body[:300]

    refused = desk.gateway.request("POST", "/mcp", function="mcp", json_body=call, headers=headers)
    again = desk.call("POST", "/api/v1/agent/messages", "chat", None, {"message": "hi"}, key=key)

    assert "trial_ended" in refused.body.decode()
    assert again.status == 402 and again.json()["error"]["code"] == "trial_ended"
