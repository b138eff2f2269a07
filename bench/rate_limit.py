"""100 rapid tool calls against the Leap simulator with Leap's real limit (60 per
minute per account): the budget in the table admits 60, the other 40 are told at once
"Leap is busy, try again in N seconds" (instead of hanging until the caller gives up),
and no 60-second window ever holds more than 60 requests at the simulator."""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import demo_company, table

CALLS = 100
LIMIT, WINDOW = 60, 60.0


def busiest_window(stamps: list[float]) -> int:
    stamps = sorted(stamps)
    best, start = 0, 0
    for end, t in enumerate(stamps):
        while t - stamps[start] >= WINDOW:
            start += 1
        best = max(best, end - start + 1)
    return best


async def main() -> None:
    with demo_company(rate_limit=True) as (services, principal, sim):
        ctx = services.tools.context(principal)
        started = time.perf_counter()
        done = 0
        last_report = 0.0

        slowest = 0.0
        busy: list[str] = []

        async def one(i: int) -> str:
            nonlocal done, last_report, slowest
            began = time.perf_counter()
            result = await services.tools.gate.run(ctx, "search_customers", {"query": f"a{i % 7}"})
            slowest = max(slowest, time.perf_counter() - began)
            if result.error_kind == "CrmRateLimitedError":
                busy.append(result.error or "")
            done += 1
            if time.perf_counter() - last_report > 5:
                last_report = time.perf_counter()
                print(f"  {done}/{CALLS} done after {last_report - started:5.1f} s", flush=True)
            return result.status

        statuses = await asyncio.gather(*(one(i) for i in range(CALLS)))
        elapsed = time.perf_counter() - started
        await ctx.aclose()
        log = sim.requests()
    stamps = [r["timestamp"] for r in log]
    throttled = sum(1 for r in log if r["status"] == 429)
    peak = busiest_window(stamps)
    print(f"{CALLS} rapid search_customers calls, Leap limit {LIMIT}/min")
    print(
        table(
            [
                ("completed ok", f"{statuses.count('ok')}/{CALLS}"),
                ("told 'Leap is busy'", f"{len(busy)} ({busy[0] if busy else '-'})"),
                ("slowest answer", f"{slowest * 1000:.0f} ms"),
                ("requests at the simulator", str(len(log))),
                ("answered 429", str(throttled)),
                ("busiest 60 s window", f"{peak} requests"),
                ("wall time", f"{elapsed:.1f} s"),
            ]
        )
    )
    print(f"RESULT leap_busiest_minute {peak} requests goal <= {LIMIT}")


if __name__ == "__main__":
    asyncio.run(main())
