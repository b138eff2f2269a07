"""Trial limits: days and messages, charged atomically on every turn and tools-API call.

A trial's messages are one counter under the company's own partition, raised with a
ceiling in a single conditional write (DynamoDB ``ADD`` with a condition, SQLite in one
transaction), so ten requests racing for the last message let exactly one through.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from hard_e import keys
from hard_e.storage import CeilingReachedError, Table
from hard_e.tenancy.directory import TenantDirectory
from hard_e.tenancy.exceptions import TrialEndedError
from hard_e.tenancy.models import Tenant

COUNTER = "trial_messages"
WINDOW = "all"
DAY = 86_400.0
PLANS = ("trial", "paid")


@dataclass(frozen=True)
class TrialUsage:
    ends_at: float | None
    messages_used: int
    messages_limit: int | None

    def as_dict(self) -> dict[str, float | int | None]:
        return {
            "ends_at": self.ends_at,
            "messages_used": self.messages_used,
            "messages_limit": self.messages_limit,
        }


def _ended(tenant: Tenant, why: str) -> TrialEndedError:
    return TrialEndedError(
        f"{tenant.name}'s Hard-E trial has ended ({why}). Nothing is lost: your "
        "conversations, documents and settings are kept. Ask the Hard-E team to extend "
        "the trial or switch to a paid plan.",
        reason="expired" if "expired" in why else "messages",
    )


class Trials:
    """Charges and changes trial allowances. Paid and operators' tenants are never charged."""

    def __init__(self, table: Table, directory: TenantDirectory) -> None:
        self._table = table
        self._directory = directory

    def charge(self, tenant_id: str, messages: int = 1) -> None:
        """Use ``messages`` of the trial, or raise TrialEndedError and use nothing.

        The one function every conversation entry point calls before it works: chat,
        voice (the worker calls ``ChatService.take_turn``, which calls this), agent
        messages, tools-API and MCP calls.
        """
        tenant = self._trial(tenant_id)
        if tenant is None or tenant.message_limit is None:
            return
        try:
            self._table.increment(
                *keys.counter(tenant_id, COUNTER, WINDOW), by=messages, ceiling=tenant.message_limit
            )
        except CeilingReachedError:
            raise _ended(tenant, f"all {tenant.message_limit} messages are used") from None

    def check(self, tenant_id: str) -> None:
        """Raise TrialEndedError when no message is left, using nothing: what a voice
        call asks before it starts (each of its turns is charged by ``charge``)."""
        tenant = self._trial(tenant_id)
        if tenant is None:
            return
        usage = self.usage(tenant)
        if usage.messages_limit is not None and usage.messages_used >= usage.messages_limit:
            raise _ended(tenant, f"all {usage.messages_limit} messages are used")

    def _trial(self, tenant_id: str) -> Tenant | None:
        """The company when it is on a trial that has not expired; None when it is not
        on a trial; TrialEndedError once its days are over."""
        tenant = self._directory.get_tenant(tenant_id)
        if tenant.plan != "trial":
            return None
        if tenant.trial_ends_at is not None and self._table.now() >= tenant.trial_ends_at:
            day = time.strftime("%Y-%m-%d", time.gmtime(tenant.trial_ends_at))
            raise _ended(tenant, f"it expired on {day}")
        return tenant

    def usage(self, tenant: Tenant) -> TrialUsage:
        item = self._table.get(*keys.counter(tenant.tenant_id, COUNTER, WINDOW))
        used = int(item.get("count", 0)) if item else 0
        return TrialUsage(tenant.trial_ends_at, used, tenant.message_limit)

    def change(
        self,
        tenant_id: str,
        *,
        extend_days: int | None = None,
        add_messages: int | None = None,
        plan: str | None = None,
    ) -> Tenant:
        """Extend a trial (days from its end, or from now when it has ended; more
        messages) or convert the company to a paid plan (or back to a trial)."""
        tenant = self._directory.get_tenant(tenant_id)
        if tenant.is_operators:
            raise ValueError("the operators' own tenant has no plan")
        changes: dict[str, object] = {}
        if extend_days:
            start = max(self._table.now(), tenant.trial_ends_at or self._table.now())
            changes["trial_ends_at"] = start + extend_days * DAY
        if add_messages:
            used = self.usage(tenant).messages_used
            base = tenant.message_limit if tenant.message_limit is not None else used
            changes["message_limit"] = max(base, used) + add_messages
        if plan is not None:
            if plan not in PLANS:
                raise ValueError(f"plan must be one of {PLANS}")
            changes["plan"] = plan
        return self._directory.update_tenant(tenant_id, **changes) if changes else tenant
