"""Chat turn latency offline at the HTTP edge: POST /api/v1/chat over real HTTP to the
local server (reflex brain, no ANTHROPIC_API_KEY), the Leap simulator answering at 0
latency. A mix of what reps ask most — a stage, money, a phone number, appointments, a
product question, something out of scope — each a fresh conversation. Reports the round
trip and the server's own time (Server-Timing); the goal is on the server's p95.
Goal: p95 ≤ 20 ms. Run: ``.venv/bin/python bench/conversation_latency.py``."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import agent_server, percentile_ms, server_ms, table

from hard_e.local.seed import DEMO_EMAIL, DEMO_PASSWORD

MESSAGES = (
    "what stage is the Keller job in?",
    "balance due on the Ochoa job",
    "what's Linda Albright's phone number",
    "what are my appointments tomorrow",
    "what's the exposure on the 8.25 StoneLap plank?",
    "what's the weather tomorrow",
    "whats the status on the Mercer job",
    "who's on the team",
)
WARMUP, ROUNDS = 2, 25
GOAL_P95_MS = 20.0


def main() -> None:
    trips: list[float] = []
    server: list[float] = []
    with (
        agent_server() as (running, _key, _services),
        httpx.Client(base_url=running.url, timeout=30) as client,
    ):
        login = {"email": DEMO_EMAIL, "password": DEMO_PASSWORD}
        token = client.post("/api/v1/auth/login", json=login).json()["token"]
        auth = {"Authorization": f"Bearer {token}"}
        for n in range(WARMUP + ROUNDS):
            for message in MESSAGES:
                began = time.perf_counter()
                answer = client.post("/api/v1/chat", json={"message": message}, headers=auth)
                took = time.perf_counter() - began
                assert answer.status_code == 200, answer.text
                if n >= WARMUP:
                    trips.append(took)
                    server.append(server_ms(answer.headers))
    p95 = percentile_ms(server, 95)
    print(f"{len(server)} chat turns offline over local HTTP ({len(MESSAGES)} kinds of request)")
    print(
        table(
            [
                (
                    "round trip p50 / p95",
                    f"{percentile_ms(trips, 50):.2f} / {percentile_ms(trips, 95):.2f} ms",
                ),
                ("server p50 / p95", f"{percentile_ms(server, 50):.2f} / {p95:.2f} ms"),
            ]
        )
    )
    print(f"RESULT chat_turn_offline_p95 {p95:.2f} ms goal <= {GOAL_P95_MS:g}")


if __name__ == "__main__":
    main()
