"""Who may do what: every role check of the product goes through here.

Roles today are a company's ``admin`` and ``rep``; Hard-E's own ``operator`` role
(people who run the deployment) arrives later and is never a company admin.
"""

from __future__ import annotations

from typing import Literal, TypeGuard, get_args

Role = Literal["admin", "rep"]
ROLES: tuple[str, ...] = get_args(Role)


def is_role(value: object) -> TypeGuard[Role]:
    return isinstance(value, str) and value in ROLES


def administers_company(role: str) -> bool:
    """Team, audit, memory confirmation, anyone's approvals and documents."""
    return role == "admin"


def may_decide(role: str, *, requester: str, decider: str) -> bool:
    """An approval is decided by the person who asked, or by a company admin."""
    return requester == decider or administers_company(role)
