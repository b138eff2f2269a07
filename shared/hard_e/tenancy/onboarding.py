"""The guided onboarding checklist: what a new company has done and what is left."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hard_e import keys
from hard_e.storage import Table
from hard_e.tenancy.directory import TenantDirectory
from hard_e.tenancy.invites import InviteBook


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    done: bool
    detail: str

    def public(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "done": self.done, "detail": self.detail}


def checklist(
    table: Table,
    directory: TenantDirectory,
    invites: InviteBook,
    tenant_id: str,
    *,
    documents: int,
) -> list[Step]:
    """profile → leap → soul → documents → team, each with what it found."""
    tenant = directory.get_tenant(tenant_id)
    profile_done = bool(tenant.trades and tenant.service_area)
    leap = table.get(keys.tenant_pk(tenant_id, "CRED"), "leap")
    people = directory.users(tenant_id)
    waiting = [
        i for i in invites.list(tenant_id, kind="teammate") if i.state(table.now()) == "open"
    ]
    trades = ", ".join(tenant.trades) or "no trades yet"
    return [
        Step(
            "profile",
            "Company profile",
            profile_done,
            f"{tenant.name}: {trades}; {tenant.service_area or 'no service area yet'}; "
            f"time zone {tenant.timezone}",
        ),
        Step(
            "leap",
            "Connect Leap",
            leap is not None,
            "connected" if leap else "add your Leap API token (Settings → Developers in Leap)",
        ),
        Step(
            "soul",
            "Soul document",
            tenant.soul_version > 0,
            f"version {tenant.soul_version}"
            if tenant.soul_version
            else "pick a template and make it yours",
        ),
        Step(
            "documents",
            "First documents",
            documents > 0,
            f"{documents} document(s)" if documents else "upload product sheets, price guides",
        ),
        Step(
            "team",
            "Invite teammates",
            len(people) > 1 or bool(waiting),
            f"{len(people)} member(s), {len(waiting)} invite(s) waiting",
        ),
    ]
