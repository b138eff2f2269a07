"""The OpenAPI 3.1 document, generated from the models the handlers validate with, and a
bounded schemathesis run against the local server: no 5xx, no schema violations."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from hard_e.local.server import LocalServer
from tests.agents.conftest import Agents

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


def test_the_document_is_openapi_3_1_with_both_schemes_and_every_tool_input(
    local_server: LocalServer, agents: Agents
) -> None:
    doc = httpx.get(f"{local_server.url}/api/v1/openapi.json").json()

    assert doc["openapi"] == "3.1.0"
    assert set(doc["components"]["securitySchemes"]) == {"bearer", "apiKey"}
    assert doc["components"]["securitySchemes"]["apiKey"]["name"] == "X-Api-Key"
    schemas = doc["components"]["schemas"]
    tools = agents.admin("GET", "/api/v1/tools").json()["tools"]
    for tool in tools:
        assert schemas[f"ToolInput_{tool['name']}"]["properties"] == tool["input_schema"].get(
            "properties", {}
        )
    calls = {v["properties"]["tool"]["const"] for v in schemas["ToolCall"]["oneOf"]}
    assert calls == {t["name"] for t in tools}
    for path in ("/api/v1/api-keys", "/api/v1/agent/messages", "/api/v1/audit"):
        assert path in doc["paths"]


@pytest.mark.timeout(300)  # as long as its subprocess may take: under load it needs > 120 s
def test_schemathesis_finds_no_server_error_and_no_schema_violation(
    local_server: LocalServer, demo_token: str, tmp_path: Path
) -> None:
    run = subprocess.run(
        [
            str(SCHEMATHESIS),
            "run",
            f"{local_server.url}/api/v1/openapi.json",
            "--checks",
            "not_a_server_error,response_schema_conformance,content_type_conformance",
            "--max-examples",
            "5",
            "--generation-deterministic",
            "--header",
            f"Authorization: Bearer {demo_token}",
            "--exclude-path",
            "/api/v1/auth/logout",  # would end the run's own login
            "--request-timeout",
            "20",
            "--suppress-health-check",
            "all",
            "--continue-on-failure",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
        env={**os.environ, "SCHEMATHESIS_TELEMETRY": "false"},
    )

    assert run.returncode == 0, run.stdout[-4000:]
    assert " passed" in run.stdout and "failures" not in run.stdout.split("SUMMARY")[-1]
