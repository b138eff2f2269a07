"""``python -m hard_e.crm.simulator``: run the Leap simulator on its own."""

from __future__ import annotations

import argparse

from hard_e.crm.simulator.demo import DEMO_JOBS
from hard_e.crm.simulator.server import DEMO_TOKEN, run_simulator


def main() -> None:
    parser = argparse.ArgumentParser(description="a local Leap v3 API with demo data")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-rate-limit", action="store_true")
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument("--fault-rate", type=float, default=0.0)
    parser.add_argument("--token", default=DEMO_TOKEN)
    parser.add_argument("--jobs", type=int, default=DEMO_JOBS, help="how big the company is")
    args = parser.parse_args()
    run_simulator(
        args.host,
        args.port,
        seed=args.seed,
        rate_limit=not args.no_rate_limit,
        latency_ms=args.latency_ms,
        fault_rate=args.fault_rate,
        token=args.token,
        jobs=args.jobs,
    )


if __name__ == "__main__":
    main()
