"""Shared set-up for benchmarks: a throwaway local Hard-E wired to a Leap simulator."""

from __future__ import annotations

import statistics
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hard_e.auth import Principal
from hard_e.bootstrap import Services, build_services
from hard_e.config import Settings
from hard_e.crm.simulator.server import DEMO_TOKEN, LeapSimulator
from hard_e.local.seed import DEMO_EMAIL, seed_demo
from hard_e.tenancy.credentials import CrmCredentials


@contextmanager
def demo_company(**simulator: Any) -> Iterator[tuple[Services, Principal, LeapSimulator]]:
    with tempfile.TemporaryDirectory() as home, LeapSimulator(**simulator) as sim:
        services = build_services(Settings(home=Path(home), bcrypt_rounds=4))
        leap = CrmCredentials("leap", DEMO_TOKEN, sim.base_url)
        demo = seed_demo(services, leap=leap)
        user = services.directory.find_user_by_email(DEMO_EMAIL)
        assert user is not None
        yield services, Principal(demo.tenant_id, user.user_id, "admin", DEMO_EMAIL), sim


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def table(rows: list[tuple[str, str]]) -> str:
    width = max(len(r[0]) for r in rows)
    return "\n".join(f"  {name.ljust(width)}  {value}" for name, value in rows)
