"""``hard-e operators …``, ``hard-e invites …`` and ``hard-e companies …``: the
operators' command line.

The same commands run against DynamoDB on AWS (``HARD_E_MODE=aws`` plus the stack's
table, key and secret settings): that is how the first operator of a deployment is made.
"""

from __future__ import annotations

import secrets
import sys
import time

from hard_e.auth import hash_password
from hard_e.bootstrap import Services, services
from hard_e.tenancy.exceptions import EmailTakenError
from hard_e.tenancy.models import Tenant
from hard_e.tenancy.operators import create_operator, operators_tenant_id


def create_operator_command(email: str, name: str | None, password: str | None) -> int:
    svc = services()
    chosen = password or secrets.token_urlsafe(12)
    try:
        user = create_operator(
            svc.table,
            svc.directory,
            email=email,
            name=name or email.split("@")[0],
            password_hash=hash_password(chosen, rounds=svc.settings.bcrypt_rounds),
        )
    except EmailTakenError:
        print(f"hard-e: {email} already has an account", file=sys.stderr)
        return 1
    print(f"operator {user.email} created ({user.user_id})")
    if password is None:
        print(f"password  {chosen}   (shown once; they can reset it by email)")
    return 0


def list_operators_command() -> int:
    svc = services()
    try:
        tenant_id = operators_tenant_id(svc.table, svc.directory, create=False)
    except LookupError:
        print("no operators yet: hard-e operators create EMAIL")
        return 0
    for user in svc.directory.users(tenant_id):
        print(f"{user.email}  {user.name}  {user.user_id}")
    return 0


def create_invite_command(days: int, messages: int, note: str, valid_days: int) -> int:
    from hard_e.api.account_models import MAX_DAYS, MAX_MESSAGES
    from hard_e.api.operator_routes import invite_url

    if not 1 <= days <= MAX_DAYS or not 1 <= messages <= MAX_MESSAGES or valid_days < 1:
        print(f"hard-e: days 1..{MAX_DAYS}, messages 1..{MAX_MESSAGES}", file=sys.stderr)
        return 2
    svc = services()
    tenant_id = operators_tenant_id(svc.table, svc.directory)
    issued = svc.invites.issue(
        tenant_id,
        kind="company",
        created_by="cli",
        days_valid=valid_days,
        days=days,
        messages=messages,
        note=note,
    )
    expires = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(issued.invite.expires_at))
    print(f"invite {issued.invite.invite_id}: {days}-day trial, {messages} messages")
    print(f"link   {invite_url(svc, issued.token)}")
    print(f"works until {expires}, once")
    return 0


def list_invites_command() -> int:
    svc = services()
    try:
        tenant_id = operators_tenant_id(svc.table, svc.directory, create=False)
    except LookupError:
        print("no invites yet")
        return 0
    now = svc.table.now()
    for invite in svc.invites.list(tenant_id, kind="company"):
        view = invite.public(now)
        print(
            f"{invite.invite_id}  {view['status']:8} {invite.days:>3} days "
            f"{invite.messages:>6} messages  {invite.note}"
        )
    return 0


def _when(epoch: float | None) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(epoch)) if epoch else "-"


def list_companies_command() -> int:
    from hard_e.api.operator_routes import all_companies

    companies = all_companies(services())
    if not companies:
        print("no companies yet: hard-e invites create")
    for c in companies:
        used, limit = c.trial["messages_used"], c.trial["messages_limit"]
        messages = f"{used}/{limit}" if limit is not None else f"{used}"
        ends = f"ends {_when(c.trial['ends_at'])}" if c.plan == "trial" else ""
        print(
            f"{c.tenant_id}  {c.plan:5}  {messages:>13} messages  {c.usage['users']:>3} users"
            f"  {ends:14}  {c.name}"
        )
    return 0


def _company(svc: Services, which: str) -> Tenant | None:
    """A company by its tenant id, or by its exact name (any case) when only one has it."""
    from hard_e.api.operator_routes import all_companies

    matches = [
        c for c in all_companies(svc) if which == c.tenant_id or c.name.lower() == which.lower()
    ]
    if len(matches) != 1:
        problem = "no company" if not matches else f"{len(matches)} companies"
        print(
            f"hard-e: {problem} called {which!r}; use its id (hard-e companies list)",
            file=sys.stderr,
        )
        return None
    return svc.directory.get_tenant(matches[0].tenant_id)


def change_company_command(
    which: str, *, days: int | None = None, messages: int | None = None, plan: str | None = None
) -> int:
    """``companies extend`` (days and/or messages added to the trial) and
    ``companies convert`` (the plan)."""
    from hard_e.api.account_models import MAX_DAYS, MAX_MESSAGES

    if days is None and messages is None and plan is None:
        print("hard-e: say --days N and/or --messages N", file=sys.stderr)
        return 2
    if days is not None and not 1 <= days <= MAX_DAYS:
        print(f"hard-e: --days must be 1..{MAX_DAYS}", file=sys.stderr)
        return 2
    if messages is not None and not 1 <= messages <= MAX_MESSAGES:
        print(f"hard-e: --messages must be 1..{MAX_MESSAGES}", file=sys.stderr)
        return 2
    svc = services()
    tenant = _company(svc, which)
    if tenant is None:
        return 1
    changed = svc.trials.change(
        tenant.tenant_id, extend_days=days, add_messages=messages, plan=plan
    )
    usage = svc.trials.usage(changed)
    if changed.plan == "paid":
        print(f"{changed.name} is on the paid plan: no trial limits")
    else:
        limit = "no limit" if usage.messages_limit is None else f"{usage.messages_limit}"
        print(
            f"{changed.name}: trial until {_when(usage.ends_at)}, "
            f"{usage.messages_used} of {limit} messages used"
        )
    return 0
