"""The demo tenant every fresh local install starts with."""

from __future__ import annotations

from dataclasses import dataclass

from hard_e.auth import hash_password
from hard_e.bootstrap import Services
from hard_e.tenancy import default_soul
from hard_e.tenancy.credentials import CrmCredentials
from hard_e.tenancy.soul_book import SoulBook

DEMO_COMPANY = "Summit Exteriors"
DEMO_EMAIL = "demo@summit.example"
DEMO_PASSWORD = "hard-e-demo"  # noqa: S105 - the published demo login, local mode only
# The demo login is the Leap user who made the simulator's API token (user 1102), so
# "my appointments" and "remind me" find her own calendar and tasks in the CRM.
DEMO_NAME = "Dana Whitfield"
DEMO_TIMEZONE = "America/New_York"  # Summit Exteriors works around Columbus, Ohio
DEMO_TRADES = ("siding", "roofing", "windows")
DEMO_SERVICE_AREA = "Columbus, Ohio and 40 miles around"

DEMO_SOUL = (
    default_soul(DEMO_COMPANY)
    + """
# About Summit Exteriors
Summit Exteriors installs siding, roofing and windows for homeowners. Reps sell in
the home; the close happens at the kitchen table. Coach reps to lead with the
inspection findings, then the product, then the price.
"""
)


@dataclass(frozen=True)
class DemoLogin:
    tenant_id: str
    email: str
    password: str
    created: bool


def seed_demo(services: Services, *, leap: CrmCredentials | None = None) -> DemoLogin:
    """Create the demo company and its admin once; later calls change nothing but, when
    given, the demo company's Leap connection (the simulator's port can change)."""
    existing = services.directory.find_user_by_email(DEMO_EMAIL)
    if existing is not None:
        if leap is not None:
            services.tools.vault.save(existing.tenant_id, leap)
        return DemoLogin(existing.tenant_id, DEMO_EMAIL, DEMO_PASSWORD, created=False)
    tenant = services.directory.create_tenant(
        DEMO_COMPANY, soul_document=DEMO_SOUL, timezone=DEMO_TIMEZONE
    )
    admin = services.directory.add_user(
        tenant.tenant_id,
        email=DEMO_EMAIL,
        name=DEMO_NAME,
        password_hash=hash_password(DEMO_PASSWORD, rounds=services.settings.bcrypt_rounds),
        role="admin",
    )
    # What the demo admin's "Get started" checklist finds done: the company profile and
    # its soul document (version 1); documents and teammates are theirs to add.
    services.directory.update_tenant(
        tenant.tenant_id, trades=DEMO_TRADES, service_area=DEMO_SERVICE_AREA
    )
    SoulBook(services.table, services.directory).save(tenant.tenant_id, DEMO_SOUL, by=admin.user_id)
    if leap is not None:
        services.tools.vault.save(tenant.tenant_id, leap)
    return DemoLogin(tenant.tenant_id, DEMO_EMAIL, DEMO_PASSWORD, created=True)
