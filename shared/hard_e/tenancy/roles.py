"""Who may do what: every role check of the product goes through here.

A company has ``admin`` and ``rep`` users; Hard-E's own people are ``operator`` users of
the operators' tenant and are never a company admin (they see companies' usage, never
their conversations).
"""

from __future__ import annotations

from typing import Literal, TypeGuard, get_args

Role = Literal["admin", "rep", "operator"]
CompanyRole = Literal["admin", "rep"]
ROLES: tuple[str, ...] = get_args(Role)


def is_role(value: object) -> TypeGuard[Role]:
    return isinstance(value, str) and value in ROLES


def is_company_role(value: object) -> TypeGuard[CompanyRole]:
    return value in ("admin", "rep")


def runs_hard_e(role: str) -> bool:
    """Invites, trials, companies' usage, export and deletion of a company."""
    return role == "operator"


def administers_company(role: str) -> bool:
    """Team, audit, memory confirmation, anyone's approvals and documents."""
    return role == "admin"


def may_decide(role: str, *, requester: str, decider: str) -> bool:
    """An approval is decided by the person who asked, or by a company admin."""
    return requester == decider or administers_company(role)
