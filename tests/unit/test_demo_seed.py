"""The demo login is a person the simulator's CRM knows, in the company's own time zone."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from hard_e.crm.simulator.demo import OFFICE_MANAGER_ID, USERS
from hard_e.local.seed import DEMO_NAME, DEMO_TIMEZONE


def test_the_demo_login_is_the_crm_user_who_made_the_token() -> None:
    user = next(u for u in USERS if u[0] == OFFICE_MANAGER_ID)
    assert f"{user[1]} {user[2]}" == DEMO_NAME


def test_the_demo_company_keeps_columbus_time() -> None:
    assert ZoneInfo(DEMO_TIMEZONE).key == "America/New_York"
