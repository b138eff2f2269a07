"""Each job's contract value for the pipeline, as cheaply as Leap allows, never guessed.

In order: the money the job list carried (no call of its own), this tenant's
short-lived cache of job money, then one ``financial_summary`` call per job while the
question's budget lasts. Jobs still without a price are returned as such, for the
answer to name, rather than counted as zero.

The cache lives in the table under the tenant's own key (the tenant comes from the
verified token, so one company's cache never answers another's question), for
:data:`MONEY_TTL_SECONDS`; a tool that changes a job drops that job's entry
(:func:`job_changed`), so Hard-E never serves a value from before its own change.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass

from hard_e import keys
from hard_e.crm import CrmRateLimitedError
from hard_e.crm.models import Job
from hard_e.storage import ConditionFailedError, MustNotExist
from hard_e.tools.catalogue.listing import calls_left, forget_listing
from hard_e.tools.context import ToolContext

MONEY_TTL_SECONDS = 300
"""How long a job's price is reused: money changes at a contract or a change order,
rarely within minutes, and a Leap that lists no money prices a job per call."""
CHANGED_SECONDS = 60
"""How long a changed job's entry stays a tombstone: longer than any request that may
have read the job's money before the change and not stored it yet."""
CONCURRENCY = 8
_PREFIX = "crm#money#"


def contract_value(job: Job) -> float | None:
    """The contract plus change orders, when the job carries its money."""
    return None if job.money is None else job.money.contract_amount + job.money.change_orders


class JobMoneyCache:
    """One tenant's recently read job values, in cents, in the tenant's partition."""

    def __init__(self, ctx: ToolContext) -> None:
        self._table = ctx.table
        self._pk = keys.tenant_pk(ctx.tenant_id, "CACHE")

    def read(self) -> dict[int, float]:
        """Every live value (a changed job's tombstone is no value)."""
        found: dict[int, float] = {}
        cursor: str | None = None
        while True:
            page = self._table.query(self._pk, prefix=_PREFIX, cursor=cursor)
            for item in page.items:
                if item.get("cents") is not None:
                    found[int(item["sk"][len(_PREFIX) :])] = int(item["cents"]) / 100
            cursor = page.cursor
            if cursor is None:
                return found

    def write(self, values: dict[int, float]) -> None:
        """Keep values just read; never over a tombstone, which would mean the job
        changed while its money was on the way (the value may be from before)."""
        expires = int(self._table.now()) + MONEY_TTL_SECONDS
        for job_id, value in values.items():
            item = {"pk": self._pk, "sk": f"{_PREFIX}{job_id}", "cents": round(value * 100)}
            try:
                self._table.put(item | {"ttl": expires}, condition=MustNotExist())
            except ConditionFailedError:
                continue

    def forget(self, job_id: int) -> None:
        """The job changed: no value of it is served or stored for a while."""
        expires = int(self._table.now()) + CHANGED_SECONDS
        self._table.put({"pk": self._pk, "sk": f"{_PREFIX}{job_id}", "ttl": expires})


@dataclass(frozen=True)
class Priced:
    values: dict[int, float]  # job id → contract value
    unpriced: list[Job]  # jobs whose money this question could not get

    def left_out(self) -> str:
        """The sentence that says which jobs the values leave out ("" if none)."""
        if not self.unpriced:
            return ""
        named = ", ".join(j.name for j in self.unpriced[:3])
        more = f" and {len(self.unpriced) - 3} more" if len(self.unpriced) > 3 else ""
        n = len(self.unpriced)
        return (
            f"The dollar figures leave out {n} job{'s' if n != 1 else ''} ({named}{more}): "
            "Leap could not give their money within this question's share of its 60 calls "
            "a minute. Ask again in a minute for them."
        )


async def price_jobs(ctx: ToolContext, jobs: Iterable[Job]) -> Priced:
    """The contract value of each job, within what is left of the question's budget."""
    values: dict[int, float] = {}
    missing: list[Job] = []
    for job in jobs:
        value = contract_value(job)
        if value is None:
            missing.append(job)
        else:
            values[job.id] = value
    if not missing:
        return Priced(values, [])
    cache = JobMoneyCache(ctx)
    cached = await asyncio.to_thread(cache.read)
    values |= {j.id: cached[j.id] for j in missing if j.id in cached}
    missing = [j for j in missing if j.id not in cached]
    crm = await ctx.crm()
    room = calls_left(crm.requests_sent)
    affordable, rest = missing[:room], missing[room:]
    gate = asyncio.Semaphore(CONCURRENCY)
    busy = asyncio.Event()

    async def one(job: Job) -> float | None:
        async with gate:
            if busy.is_set():
                return None  # no waiting for a slot the minute will not give
            try:
                money = await crm.job_financial_summary(job.id)
            except CrmRateLimitedError:
                busy.set()  # Leap's minute is spent: left out, and said so
                return None
        return money.contract_amount + money.change_orders

    fetched = dict(
        zip((j.id for j in affordable), await asyncio.gather(*map(one, affordable)), strict=True)
    )
    got = {job_id: v for job_id, v in fetched.items() if v is not None}
    await asyncio.to_thread(cache.write, got)
    values |= got
    unpriced = [j for j in affordable if j.id not in got] + rest
    return Priced(values, unpriced)


async def job_changed(ctx: ToolContext, job_id: int | None) -> None:
    """A tool changed this job (or created one): its cached money and this request's job
    list are not to be served again."""
    forget_listing(ctx)
    if job_id is not None:
        await asyncio.to_thread(JobMoneyCache(ctx).forget, job_id)
