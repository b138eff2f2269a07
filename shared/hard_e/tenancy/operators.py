"""Hard-E's operators: the people who run the deployment, users of a tenant of their own.

Operators log in like anyone else, so tokens, logout and the live user check are the
same code; their tenant (plan ``operators``) holds only them and the company invites
they create. A pointer in the global ``OPERATORS`` partition says which tenant it is.
"""

from __future__ import annotations

from hard_e import keys
from hard_e.storage import ConditionFailedError, MustNotExist, Table
from hard_e.tenancy.directory import TenantDirectory
from hard_e.tenancy.models import User

OPERATORS_NAME = "Hard-E operators"


def operators_tenant_id(table: Table, directory: TenantDirectory, *, create: bool = True) -> str:
    """The operators' tenant, created on first use (one per deployment)."""
    pk, sk = keys.operators_tenant()
    item = table.get(pk, sk)
    if item is not None:
        return str(item["tenant_id"])
    if not create:
        raise LookupError("no operator has been created yet")
    tenant = directory.create_tenant(OPERATORS_NAME, soul_document="", plan="operators")
    try:
        table.put({"pk": pk, "sk": sk, "tenant_id": tenant.tenant_id}, condition=MustNotExist())
    except ConditionFailedError:  # another process made it first: use theirs
        table.delete(*keys.tenant_profile(tenant.tenant_id))
        table.delete(*keys.tenant_registry(tenant.tenant_id))
        return operators_tenant_id(table, directory, create=False)
    return tenant.tenant_id


def create_operator(
    table: Table, directory: TenantDirectory, *, email: str, name: str, password_hash: str
) -> User:
    """A new operator; EmailTakenError when the email is used by anyone."""
    tenant_id = operators_tenant_id(table, directory)
    return directory.add_user(
        tenant_id, email=email, name=name, password_hash=password_hash, role="operator"
    )
