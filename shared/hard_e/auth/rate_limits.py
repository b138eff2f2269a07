"""Rate limits held in the table, so every Lambda instance counts against one budget.

A fixed one-minute window per (key, route): one atomic ``Table.increment`` with a
ceiling, which both adapters perform as a single conditional update — with a limit of
N, any number of concurrent calls in one window admit exactly N. The window's counter
carries a TTL, so old windows clean themselves up.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from hard_e import keys
from hard_e.storage import CeilingReachedError, Table


@dataclass(frozen=True)
class Admission:
    allowed: bool
    limit: int
    remaining: int
    retry_after: int  # whole seconds until the window resets (0 when allowed)

    def headers(self) -> dict[str, str]:
        out = {"X-RateLimit-Limit": str(self.limit), "X-RateLimit-Remaining": str(self.remaining)}
        if not self.allowed:
            out["Retry-After"] = str(self.retry_after)
        return out


class RateLimiter:
    def __init__(self, table: Table) -> None:
        self._table = table

    def admit(self, tenant_id: str, name: str, *, limit: int, window: int = 60) -> Admission:
        """Count one call of ``name`` in the current window, unless that would pass ``limit``."""
        now = self._table.now()
        start = int(now // window) * window
        pk, sk = keys.counter(tenant_id, f"rate#{name}", str(start))
        retry_after = max(1, math.ceil(start + window - now))
        try:
            used = self._table.increment(pk, sk, ceiling=limit, ttl=start + 2 * window)
        except CeilingReachedError:
            return Admission(False, limit, 0, retry_after)
        return Admission(True, limit, limit - used, 0)
