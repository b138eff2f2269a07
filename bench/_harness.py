"""Shared set-up for benchmarks: a throwaway local Hard-E wired to a Leap simulator."""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from hard_e.auth import Principal
from hard_e.bootstrap import Services, build_services
from hard_e.config import Settings
from hard_e.crm.simulator.server import DEMO_TOKEN, LeapSimulator
from hard_e.local.seed import DEMO_EMAIL, DEMO_TIMEZONE, seed_demo
from hard_e.tenancy.credentials import CrmCredentials


def clock_from(played_at: datetime) -> Callable[[], float]:
    """A clock that starts at ``played_at`` and runs on from there at the wall's pace."""
    start, wall = played_at.timestamp(), time.time()
    return lambda: start + (time.time() - wall)


@contextmanager
def demo_company(
    settings: dict[str, Any] | None = None,
    *,
    played_at: datetime | None = None,
    **simulator: Any,
) -> Iterator[tuple[Services, Principal, LeapSimulator]]:
    """The demo company in a throwaway home; with ``played_at`` (aware) the company's
    clock and its seeded CRM start then, not at the wall clock's now."""
    clock = clock_from(played_at) if played_at else None
    if played_at is not None:  # the CRM's times are the company's wall-clock times
        local = played_at.astimezone(ZoneInfo(DEMO_TIMEZONE)).replace(tzinfo=None)
        simulator.setdefault("now", local)
    with tempfile.TemporaryDirectory() as home, LeapSimulator(**simulator) as sim:
        chosen = Settings(home=Path(home), bcrypt_rounds=4, **(settings or {}))
        services = build_services(chosen, clock=clock)
        leap = CrmCredentials("leap", DEMO_TOKEN, sim.base_url)
        demo = seed_demo(services, leap=leap)
        user = services.directory.find_user_by_email(DEMO_EMAIL)
        assert user is not None
        yield services, Principal(demo.tenant_id, user.user_id, "admin", DEMO_EMAIL), sim


def percentile_ms(samples: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of samples in seconds, in milliseconds."""
    ranked = sorted(samples)
    return ranked[min(len(ranked) - 1, max(0, round(p / 100 * len(ranked)) - 1))] * 1000


@contextmanager
def agent_server(
    tiers: frozenset[str] = frozenset({"green", "yellow", "red"}),
) -> Iterator[tuple[Any, str, Services]]:
    """The local server over real HTTP for the demo company, an API key for it, and
    Leap's budget opened up (the benchmarks measure our overhead, not Leap's limit)."""
    from hard_e.auth.api_keys import KeyScope
    from hard_e.bootstrap import use_services
    from hard_e.local.server import LocalServer

    opened = {"leap_requests_per_minute": 1_000_000, "api_key_rate_limit": 10_000}
    with demo_company(settings=opened, rate_limit=False) as (services, principal, _sim):
        use_services(services)
        server = LocalServer(port=0, quiet=True).start()
        issued = services.api_keys.create(
            principal.tenant_id,
            name="bench",
            scope=KeyScope(tiers=tiers, converse=True),
            created_by=principal.user_id,
            rate_limit=10_000,
        )
        try:
            yield server, issued.secret, services
        finally:
            server.stop()
            use_services(None)


def server_ms(headers: Any) -> float:
    """The server's own time for a request, from its ``Server-Timing: app;dur=`` header,
    in seconds (the benchmark client shares this machine's two cores)."""
    timing = headers.get("server-timing", "")
    return float(timing.split("dur=")[1]) / 1000 if "dur=" in timing else 0.0


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def table(rows: list[tuple[str, str]]) -> str:
    width = max(len(r[0]) for r in rows)
    return "\n".join(f"  {name.ljust(width)}  {value}" for name, value in rows)
