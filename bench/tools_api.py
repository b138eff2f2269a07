"""Tools-API overhead: POST /api/v1/tools/execute of get_job over real HTTP to the local
server, the Leap simulator answering at 0 latency — authenticated by API key (the agents'
way: table-held rate limit, scopes, an audit record of every call) beside a person's
login token. Reports the round trip and the server's own time (Server-Timing)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import agent_server, percentile_ms, server_ms, table

from hard_e.local.seed import DEMO_EMAIL, DEMO_PASSWORD

WARMUP, CALLS = 30, 300
GOAL_P95_MS = 10.0
CPU_MS: list[float] = []  # CPU per call of this whole process (client, server, simulator)


def measure(
    client: httpx.Client, headers: dict[str, str], body: dict[str, object]
) -> tuple[list[float], list[float]]:
    for _ in range(WARMUP):
        client.post("/api/v1/tools/execute", json=body, headers=headers)
    trips, server = [], []
    cpu = time.process_time()
    for _ in range(CALLS):
        began = time.perf_counter()
        answer = client.post("/api/v1/tools/execute", json=body, headers=headers)
        trips.append(time.perf_counter() - began)
        server.append(server_ms(answer.headers))
        assert answer.status_code == 200, answer.text
    CPU_MS.append((time.process_time() - cpu) / CALLS * 1000)
    return trips, server


def row(name: str, samples: list[float]) -> tuple[str, str]:
    return name, f"{percentile_ms(samples, 50):6.2f} / {percentile_ms(samples, 95):6.2f} ms"


def main() -> None:
    with agent_server() as (server, key, _services), httpx.Client(base_url=server.url) as client:
        login = {"email": DEMO_EMAIL, "password": DEMO_PASSWORD}
        token = client.post("/api/v1/auth/login", json=login).json()["token"]
        found = client.post(
            "/api/v1/tools/execute",
            json={"tool": "search_jobs", "input": {"keyword": "Peterson"}},
            headers={"X-Api-Key": key},
        ).json()
        body = {"tool": "get_job", "input": {"job": str(found["result"]["jobs"][0]["id"])}}
        key_trip, key_server = measure(client, {"X-Api-Key": key}, body)
        jwt_trip, jwt_server = measure(client, {"Authorization": f"Bearer {token}"}, body)
    print(f"{CALLS} × tools/execute get_job over local HTTP, Leap simulator at 0 latency")
    print("  (p50 / p95; round trip = client to answer, server = Server-Timing)")
    print(
        table(
            [
                row("API key  round trip", key_trip),
                row("API key  server", key_server),
                row("JWT      round trip", jwt_trip),
                row("JWT      server", jwt_server),
                ("CPU per call, key / JWT", f"{CPU_MS[0]:6.2f} / {CPU_MS[1]:6.2f} ms"),
            ]
        )
    )
    p95 = percentile_ms(key_trip, 95)
    print(f"RESULT tools_api_key_p95 {p95:.2f} ms goal <= {GOAL_P95_MS:g}")


if __name__ == "__main__":
    main()
