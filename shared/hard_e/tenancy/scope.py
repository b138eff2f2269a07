"""Which company the current request works for, and AWS credentials limited to it.

After a token or API key is verified, :func:`bind_tenant` records the caller's company
for the rest of the request. In AWS mode every storage client then signs as the tenant
role for that company (:mod:`hard_e.storage.tenant_role`), so IAM itself refuses the
other companies' data. Locally the binding is kept too; SQLite has no IAM.

Each entry point runs inside :func:`request_scope`, which forgets the binding when the
invocation ends, so a warm container never carries one company's credentials into the
next request.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from hard_e.ids import is_tenant_id

_OUTSIDE = ""  # no request running (a test, the CLI): nothing to bind, nothing scoped
_bound: ContextVar[str | None] = ContextVar("bound_tenant", default=_OUTSIDE)


class TenantScopeError(RuntimeError):
    """A request tried to act for a second company, or for something not a tenant id."""


def bound_tenant() -> str | None:
    """The company the current request was verified for, if any yet."""
    return _bound.get() or None


def bind_tenant(tenant_id: str) -> None:
    """Act for ``tenant_id`` until the request ends (call only after verifying it).

    Outside :func:`request_scope` there is no request to bind, and nothing happens: an
    entry point that forgot its scope gets the function's own role, which IAM refuses
    every company's data (it fails closed)."""
    if not is_tenant_id(tenant_id):
        raise TenantScopeError("not a tenant id")
    current = _bound.get()
    if current == _OUTSIDE:
        return
    if current is not None and current != tenant_id:
        raise TenantScopeError("this request already acts for another company")
    _bound.set(tenant_id)


@contextmanager
def request_scope() -> Iterator[None]:
    """One invocation: whatever company it binds is forgotten when it ends."""
    token = _bound.set(None)
    try:
        yield
    finally:
        _bound.reset(token)


@contextmanager
def acting_for(tenant_id: str) -> Iterator[str]:
    """Act for ``tenant_id`` inside the block only (ingest, the learner: one company at a
    time, the tenant taken from the event or the queue, never from a caller; accepting a
    company invite: the new company, under the id just made for it). Yields the id; the
    request's own binding, if any, is back when the block ends."""
    with request_scope():
        bind_tenant(tenant_id)
        yield tenant_id
