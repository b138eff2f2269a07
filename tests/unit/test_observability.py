"""Every entry point logs with its correlation id and emits the business metrics."""

from __future__ import annotations

import json
from typing import Any

import pytest

from hard_e.local.seed import DemoLogin
from hard_e.tenancy.scope import bound_tenant
from tests.conftest import Gateway


def emitted(out: str) -> list[dict[str, Any]]:
    """The CloudWatch EMF records (one JSON object per line) in captured stdout."""
    records = []
    for line in out.splitlines():
        if line.startswith("{") and '"_aws"' in line:
            records.append(json.loads(line))
    return records


def metric(records: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [
        r
        for r in records
        if any(m["Name"] == name for d in r["_aws"]["CloudWatchMetrics"] for m in d["Metrics"])
    ]


@pytest.fixture
def metrics_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "false")


def test_a_chat_turn_and_a_tool_call_emit_turns_and_tool_calls_by_tier(
    metrics_on: None,
    gateway: Gateway,
    demo: DemoLogin,
    demo_token: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    capsys.readouterr()
    assert gateway.chat("hello", demo_token).status == 200
    assert gateway.tool("search_knowledge", {"query": "paint"}, demo_token).status == 200

    records = emitted(capsys.readouterr().out)
    (turn,) = metric(records, "Turns")
    assert turn["channel"] == "chat" and turn["service"] == "hard-e" and turn["Turns"] == [1.0]
    assert turn["_aws"]["CloudWatchMetrics"][0]["Namespace"] == "HardE"
    calls = metric(records, "ToolCalls")
    assert [c["tier"] for c in calls] == ["green"]


def test_leap_calls_report_latency(
    metrics_on: None,
    gateway: Gateway,
    demo: DemoLogin,
    demo_token: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    capsys.readouterr()
    gateway.tool("search_customers", {"query": "a"}, demo_token)
    records = emitted(capsys.readouterr().out)
    latency = metric(records, "LeapLatency")
    assert latency and all(
        r["_aws"]["CloudWatchMetrics"][0]["Metrics"][0]["Unit"] == "Milliseconds" for r in latency
    )
    assert metric(records, "LeapErrors") == []  # the simulator answered


def test_handler_logs_carry_the_request_id_and_forget_the_company_after(
    gateway: Gateway, demo: DemoLogin, demo_token: str
) -> None:
    from hard_e.local.events import http_api_event
    from hard_e.observability import logger

    event = http_api_event(
        "GET", "/api/v1/memory", headers={"authorization": f"Bearer {demo_token}"}
    )
    assert gateway.send(event, "memory").status == 200
    assert logger.get_correlation_id() == event["requestContext"]["requestId"]
    assert bound_tenant() is None  # the next invocation starts with no company
