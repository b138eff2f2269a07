"""The tools API, the safety gate and approvals, through the tools Lambda handler, with
the real Leap client talking to the Leap simulator over loopback HTTP."""

from __future__ import annotations

from typing import Any

import pytest

from hard_e.bootstrap import Services
from hard_e.crm.simulator.server import LeapSimulator
from hard_e.local.seed import DemoLogin
from tests.conftest import FrozenClock, Gateway, add_user

PETERSON_JOB = "Peterson"  # the demo company has exactly one Peterson job

NEW_CUSTOMER = {"first_name": "Emily", "last_name": "Johnson", "phone": "614-555-0199"}


def customer_posts(sim: LeapSimulator) -> list[dict[str, Any]]:
    return [r for r in sim.requests() if r["method"] == "POST" and r["path"].endswith("/customers")]


def test_catalogue_lists_every_tool_with_tier_and_schema(gateway: Gateway, demo_token: str) -> None:
    tools = gateway.request("GET", "/api/v1/tools", function="tools", token=demo_token).json()[
        "tools"
    ]
    by_name = {t["name"]: t for t in tools}
    crm = {
        "search_customers",
        "get_customer",
        "create_customer",
        "update_customer",
        "search_jobs",
        "get_job",
        "create_job",
        "update_job",
        "list_workflow_stages",
        "move_job_stage",
        "list_job_notes",
        "add_job_note",
        "list_appointments",
        "create_appointment",
        "list_tasks",
        "create_task",
        "job_financial_summary",
        "list_company_users",
        "list_trades_and_divisions",
    }
    assert crm | {
        "job_overview",
        "customer_360",
        "pipeline_summary",
        "send_sms",
        "send_email",
    } <= set(by_name)
    assert by_name["search_jobs"]["tier"] == "green"
    assert by_name["add_job_note"]["tier"] == "yellow"
    assert by_name["send_sms"]["tier"] == "yellow"
    assert by_name["create_customer"]["tier"] == "red"
    assert by_name["send_email"]["tier"] == "red"
    schema = by_name["move_job_stage"]["input_schema"]
    assert schema["required"] == ["job", "stage"] and schema["additionalProperties"] is False


def test_green_tool_runs_and_returns_crm_data(gateway: Gateway, demo_token: str) -> None:
    result = gateway.tool("search_customers", {"query": "Peterson"}, demo_token)
    assert result.status == 200
    names = [c["name"] for c in result.json()["result"]["customers"]]
    assert names == ["John Peterson"]


def test_yellow_tool_runs_and_is_audited(
    gateway: Gateway, demo_token: str, leap_sim: LeapSimulator
) -> None:
    result = gateway.tool(
        "add_job_note", {"job": PETERSON_JOB, "note": "Gate code 4411"}, demo_token
    )

    assert result.status == 200
    notes = [
        r for r in leap_sim.requests() if r["path"].endswith("/notes") and r["method"] == "POST"
    ]
    assert notes[0]["form"]["note"] == ["Gate code 4411"]
    events = gateway.request("GET", "/api/v1/audit", function="tools", token=demo_token).json()[
        "events"
    ]
    assert [(e["tool"], e["tier"], e["outcome"]) for e in events] == [
        ("add_job_note", "yellow", "ok")
    ]


def test_red_tool_waits_then_runs_exactly_once_on_approval(
    gateway: Gateway, demo_token: str, leap_sim: LeapSimulator
) -> None:
    held = gateway.tool("create_customer", NEW_CUSTOMER, demo_token)

    assert held.status == 202
    approval = held.json()["approval"]
    assert approval["status"] == "pending" and "Emily Johnson" in approval["summary"]
    assert customer_posts(leap_sim) == []  # nothing reached the CRM

    path = f"/api/v1/approvals/{approval['id']}"
    approved = gateway.request("POST", f"{path}/approve", function="tools", token=demo_token)
    replay = gateway.request("POST", f"{path}/approve", function="tools", token=demo_token)
    late_deny = gateway.request("POST", f"{path}/deny", function="tools", token=demo_token)

    assert approved.status == 200
    done = approved.json()["approval"]
    assert done["status"] == "executed" and done["result"]["name"] == "Emily Johnson"
    assert len(customer_posts(leap_sim)) == 1
    assert (replay.status, replay.json()["error"]["code"]) == (409, "approval_closed")
    assert late_deny.status == 409
    assert len(customer_posts(leap_sim)) == 1
    outcomes = [
        e["outcome"]
        for e in gateway.request("GET", "/api/v1/audit", function="tools", token=demo_token).json()[
            "events"
        ]
    ]
    assert outcomes == ["executed", "approved", "pending_approval"]


def test_denied_request_never_runs(
    gateway: Gateway, demo_token: str, leap_sim: LeapSimulator
) -> None:
    approval_id = gateway.tool("create_customer", NEW_CUSTOMER, demo_token).json()["approval"]["id"]
    denied = gateway.request(
        "POST", f"/api/v1/approvals/{approval_id}/deny", function="tools", token=demo_token
    )
    approve_after = gateway.request(
        "POST", f"/api/v1/approvals/{approval_id}/approve", function="tools", token=demo_token
    )
    assert denied.json()["approval"]["status"] == "denied"
    assert approve_after.status == 409
    assert customer_posts(leap_sim) == []


def test_expired_approval_cannot_run(
    gateway: Gateway,
    demo_token: str,
    leap_sim: LeapSimulator,
    clock: FrozenClock,
    services: Services,
) -> None:
    approval_id = gateway.tool("create_customer", NEW_CUSTOMER, demo_token).json()["approval"]["id"]
    clock.advance(services.settings.approval_ttl_seconds + 1)
    token = gateway.login().json()["token"]

    result = gateway.request(
        "POST", f"/api/v1/approvals/{approval_id}/approve", function="tools", token=token
    )

    assert (result.status, result.json()["error"]["code"]) == (409, "approval_expired")
    assert customer_posts(leap_sim) == []


def test_a_rep_decides_only_their_own_requests(
    gateway: Gateway, demo: DemoLogin, demo_token: str, services: Services
) -> None:
    add_user(services, demo.tenant_id, "rep1@summit.example")
    add_user(services, demo.tenant_id, "rep2@summit.example")
    rep1 = gateway.login("rep1@summit.example", "pw-123456").json()["token"]
    rep2 = gateway.login("rep2@summit.example", "pw-123456").json()["token"]
    approval_id = gateway.tool("create_customer", NEW_CUSTOMER, rep1).json()["approval"]["id"]
    path = f"/api/v1/approvals/{approval_id}"

    assert gateway.request("GET", path, function="tools", token=rep2).status == 404
    assert gateway.request("POST", f"{path}/approve", function="tools", token=rep2).status == 403
    listed = gateway.request("GET", "/api/v1/approvals", function="tools", token=rep2).json()
    assert listed["approvals"] == []
    assert gateway.request("GET", "/api/v1/audit", function="tools", token=rep2).status == 403
    assert (
        gateway.request("POST", f"{path}/approve", function="tools", token=demo_token).status == 200
    )


def test_another_tenant_cannot_see_or_decide_our_approvals(
    gateway: Gateway, demo_token: str, services: Services, leap_sim: LeapSimulator
) -> None:
    approval_id = gateway.tool("create_customer", NEW_CUSTOMER, demo_token).json()["approval"]["id"]
    rival = services.directory.create_tenant("Rival Roofing")
    add_user(services, rival.tenant_id, "boss@rival.example", role="admin")
    rival_token = gateway.login("boss@rival.example", "pw-123456").json()["token"]
    path = f"/api/v1/approvals/{approval_id}"

    assert gateway.request("GET", path, function="tools", token=rival_token).status == 404
    assert (
        gateway.request("POST", f"{path}/approve", function="tools", token=rival_token).status
        == 404
    )
    assert (
        gateway.request("POST", f"{path}/deny", function="tools", token=rival_token).status == 404
    )
    assert gateway.request(
        "GET", "/api/v1/approvals", function="tools", token=rival_token
    ).json() == {"approvals": [], "cursor": None}
    audit = gateway.request("GET", "/api/v1/audit", function="tools", token=rival_token).json()
    assert audit["events"] == []
    # and the rival has no CRM connected: our Leap account is not theirs to use
    theirs = gateway.tool("search_customers", {"query": "Peterson"}, rival_token)
    assert (theirs.status, theirs.json()["error"]["code"]) == (424, "crm_unavailable")
    assert customer_posts(leap_sim) == []


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"tool": "launch_rocket", "input": {}}, 404, "unknown_tool"),
        ({"tool": "search_customers", "input": {}}, 422, "invalid_tool_input"),
        ({"tool": "search_customers", "input": {"query": 5}}, 422, "invalid_tool_input"),
        (
            {"tool": "search_customers", "input": {"query": "x", "tenant_id": "other"}},
            422,
            "invalid_tool_input",
        ),
        ({"tool": "search_customers"}, 422, "invalid_tool_input"),
        ({"input": {}}, 422, "validation_error"),
        ({"tool": "search_customers", "input": "query=x"}, 422, "validation_error"),
    ],
)
def test_bad_tool_calls_get_clear_4xx(
    gateway: Gateway, demo_token: str, body: dict[str, Any], status: int, code: str
) -> None:
    result = gateway.request(
        "POST", "/api/v1/tools/execute", function="tools", json_body=body, token=demo_token
    )
    assert (result.status, result.json()["error"]["code"]) == (status, code)


def test_ambiguous_stage_asks_back(
    gateway: Gateway, demo_token: str, leap_sim: LeapSimulator
) -> None:
    result = gateway.tool("move_job_stage", {"job": PETERSON_JOB, "stage": "install"}, demo_token)
    assert result.status == 409
    assert result.json()["error"]["code"] == "needs_choice"
    assert "Install Scheduled" in result.json()["error"]["message"]
    assert not [r for r in leap_sim.requests() if r["path"].endswith("/jobs/stage")]


def test_batch_runs_calls_concurrently_with_one_result_each(
    gateway: Gateway, demo_token: str
) -> None:
    calls = [
        {"tool": "search_customers", "input": {"query": "Peterson"}},
        {"tool": "create_customer", "input": NEW_CUSTOMER},
        {"tool": "no_such_tool", "input": {}},
        {"tool": "pipeline_summary", "input": {}},
    ]
    result = gateway.request(
        "POST",
        "/api/v1/tools/batch",
        function="tools",
        json_body={"calls": calls},
        token=demo_token,
    )
    assert result.status == 200
    statuses = [(r["tool"], r["status"]) for r in result.json()["results"]]
    assert statuses == [
        ("search_customers", "ok"),
        ("create_customer", "pending_approval"),
        ("no_such_tool", "error"),
        ("pipeline_summary", "ok"),
    ]
    assert result.json()["results"][2]["error"]["code"] == "unknown_tool"


def test_batch_over_ten_calls_is_refused(
    gateway: Gateway, demo_token: str, leap_sim: LeapSimulator
) -> None:
    calls = [{"tool": "search_customers", "input": {"query": "a"}}] * 11
    result = gateway.request(
        "POST",
        "/api/v1/tools/batch",
        function="tools",
        json_body={"calls": calls},
        token=demo_token,
    )
    assert (result.status, result.json()["error"]["code"]) == (422, "validation_error")
    assert leap_sim.requests() == []


def test_sms_is_yellow_email_is_red_both_land_in_the_outbox(
    gateway: Gateway, demo_token: str
) -> None:
    sms = gateway.tool("send_sms", {"customer_id": 2016690, "body": "On my way"}, demo_token)
    email = gateway.tool(
        "send_email",
        {"to": "pat@home.example", "subject": "Your quote", "body": "Attached."},
        demo_token,
    )
    assert sms.status == 200 and sms.json()["result"]["to"] == "+13805550113"
    assert email.status == 202

    def outbox() -> dict[str, Any]:
        body: dict[str, Any] = gateway.request(
            "GET", "/api/v1/outbox", function="tools", token=demo_token
        ).json()
        return body

    assert [m["channel"] for m in outbox()["messages"]] == ["sms"]

    gateway.request(
        "POST",
        f"/api/v1/approvals/{email.json()['approval']['id']}/approve",
        function="tools",
        token=demo_token,
    )
    messages = outbox()["messages"]
    assert [(m["channel"], m["to"]) for m in messages] == [
        ("email", "pat@home.example"),
        ("sms", "+13805550113"),
    ]


def test_crm_outage_is_a_424_not_a_crash(
    gateway: Gateway, demo_token: str, leap_sim: LeapSimulator
) -> None:
    leap_sim.configure(fault_rate=1.0)
    result = gateway.tool("search_customers", {"query": "Peterson"}, demo_token)
    assert (result.status, result.json()["error"]["code"]) == (424, "crm_unavailable")


def test_audit_rejects_bad_month_and_cursor(gateway: Gateway, demo_token: str) -> None:
    from hard_e.local.events import http_api_event

    for query, status in (
        ("month=2026-11", 200),
        ("month=2026-13", 422),
        ("cursor=garbage", 400),
        ("limit=0", 422),
    ):
        result = gateway.send(
            http_api_event(
                "GET",
                "/api/v1/audit",
                query=query,
                headers={"authorization": f"Bearer {demo_token}"},
            ),
            "tools",
        )
        assert result.status == status, query
