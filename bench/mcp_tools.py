"""MCP tools/call overhead: get_job through the official mcp client over real HTTP to
/mcp on the local server (stateless streamable HTTP, API key), Leap simulator at 0
latency, for both protocol revisions the server speaks."""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

import httpx2
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import agent_server, percentile_ms, server_ms, table

WARMUP, CALLS = 20, 200
GOAL_P95_MS = 20.0


async def measure(url: str, key: str, mode: str) -> tuple[str, list[float], list[float]]:
    server: list[float] = []

    async def timing(response: httpx2.Response) -> None:
        server.append(server_ms(response.headers))

    http = httpx2.AsyncClient(
        headers={"X-Api-Key": key}, timeout=30, event_hooks={"response": [timing]}
    )
    async with Client(streamable_http_client(f"{url}/mcp", http_client=http), mode=mode) as c:
        found = await c.call_tool("search_jobs", {"keyword": "Peterson"})
        assert found.structured_content is not None
        job = {"job": str(found.structured_content["result"]["jobs"][0]["id"])}
        for _ in range(WARMUP):
            await c.call_tool("get_job", job)
        server.clear()
        samples = []
        for _ in range(CALLS):
            began = time.perf_counter()
            result = await c.call_tool("get_job", job)
            samples.append(time.perf_counter() - began)
            assert not result.is_error, result.content
        return c.protocol_version, samples, server[-CALLS:]


def main() -> None:
    rows = []
    worst = 0.0
    with agent_server() as (server, key, _services):
        for mode in ("legacy", "2026-07-28"):
            version, samples, own = asyncio.run(measure(server.url, key, mode))
            worst = max(worst, percentile_ms(samples, 95))
            for name, values in (("round trip", samples), ("server", own)):
                p50, p95 = percentile_ms(values, 50), percentile_ms(values, 95)
                rows.append((f"{version}  {name}", f"{p50:6.2f} / {p95:6.2f} ms"))
    print(f"{CALLS} × MCP tools/call get_job over local HTTP, per protocol revision")
    print("  (p50 / p95; round trip through the mcp client, server = Server-Timing)")
    print(table(rows))
    print(f"RESULT mcp_tools_call_p95 {worst:.2f} ms goal <= {GOAL_P95_MS:g}")


if __name__ == "__main__":
    main()
