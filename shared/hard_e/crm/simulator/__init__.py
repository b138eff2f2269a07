"""A local Leap v3 account for development and tests, with a seeded demo company.

It speaks Leap's wire protocol (bearer token, form bodies, ``{"data": ...}`` envelopes,
``meta.pagination``, 60 requests a minute per token), so the real
:class:`~hard_e.crm.leap.LeapClient` runs against it unchanged.
"""

from hard_e.crm.simulator.demo import COMPANY_NAME, build_demo_store
from hard_e.crm.simulator.server import (
    API_PREFIX,
    DEMO_TOKEN,
    LeapSimulator,
    SimulatorConfig,
    run_simulator,
)

__all__ = [
    "API_PREFIX",
    "COMPANY_NAME",
    "DEMO_TOKEN",
    "LeapSimulator",
    "SimulatorConfig",
    "build_demo_store",
    "run_simulator",
]
