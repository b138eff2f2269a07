"""Job overview latency with the Leap simulator at 200 ms per call, next to the same
calls made one after another. Goal: overview ≤ 1.3 × one call (≥ 70 % faster than
sequential). Run: ``make bench`` or ``.venv/bin/python bench/job_overview.py``."""

from __future__ import annotations

import asyncio
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import demo_company, median_ms, table

LATENCY_MS = 200
ROUNDS = 5


async def main() -> float:
    with demo_company(latency_ms=LATENCY_MS, rate_limit=False) as (services, principal, sim):
        job_id = next(iter(sim.store.jobs))
        single: list[float] = []
        sequential: list[float] = []
        overview: list[float] = []
        for _ in range(ROUNDS):
            ctx = services.tools.context(principal)
            crm = await ctx.crm()
            started = time.perf_counter()
            await crm.get_job(job_id)
            single.append(time.perf_counter() - started)

            now = datetime.now()
            window = (
                (now - timedelta(days=120)).strftime("%Y-%m-%d %H:%M:%S"),
                (now + timedelta(days=120)).strftime("%Y-%m-%d %H:%M:%S"),
            )
            started = time.perf_counter()
            await crm.get_job(job_id, include_customer=True)
            await crm.list_job_notes(job_id)
            await crm.list_appointments(*window, job_id=job_id)
            await crm.job_financial_summary(job_id)
            sequential.append(time.perf_counter() - started)

            started = time.perf_counter()
            result = await services.tools.gate.run(ctx, "job_overview", {"job": job_id})
            overview.append(time.perf_counter() - started)
            assert result.status == "ok", result.error
            await ctx.aclose()

    one, seq, fan = median_ms(single), median_ms(sequential), median_ms(overview)
    ratio = fan / one
    print(f"Job overview with the Leap simulator at {LATENCY_MS} ms per call (median of {ROUNDS})")
    print(
        table(
            [
                ("one call (get_job)", f"{one:7.1f} ms"),
                ("4 calls one after another", f"{seq:7.1f} ms"),
                ("job_overview (concurrent)", f"{fan:7.1f} ms"),
                ("overview / one call", f"{ratio:7.2f} x"),
                ("faster than sequential", f"{(1 - fan / seq) * 100:7.1f} %"),
            ]
        )
    )
    print(f"RESULT job_overview_vs_one_call {ratio:.2f} x goal <= 1.3")
    return ratio


if __name__ == "__main__":
    asyncio.run(main())
