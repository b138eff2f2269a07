"""The company's jobs, listed within one question's share of Leap's budget.

Leap allows 60 calls a minute per account. A sales-director question ("who should I
call today?", the pipeline per rep) may spend at most :data:`QUESTION_BUDGET` of them,
so the rep's next two questions fit in the same minute. The job list is read 100 to a
page, with each job's money in the same call when asked (``with_money``); pages past the
budget are not read, and the listing says plainly how many jobs it left out.

Within one request the list (and an appointment window) is read once: other tools of
the same request (the company's list after the rep's own came back empty) reuse it,
until a tool changes a job (or books an appointment).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from hard_e.crm import CrmRateLimitedError
from hard_e.crm.models import Appointment, Job, Page
from hard_e.tools.context import ToolContext

QUESTION_BUDGET = 20
"""Leap calls one question may spend: three questions a minute within Leap's 60."""
RESERVED_CALLS = 4
"""Kept back from the listing for the rest of the question (stages, appointments)."""
PAGE = 100  # Leap's largest page
_MEMO = "company_jobs"
_APPOINTMENTS = "appointments#"


@dataclass(frozen=True)
class Listing:
    """The jobs read, and how many Leap has: fewer read means the answer is partial."""

    jobs: list[Job]
    total: int
    with_money: bool
    busy: bool = False  # a page was refused because Leap's budget was spent

    @property
    def complete(self) -> bool:
        return len(self.jobs) >= self.total

    def left_out(self) -> str:
        """What an answer built on this listing leaves out, said plainly ("" if nothing)."""
        if self.complete:
            return ""
        why = (
            "Leap was too busy for the rest"
            if self.busy
            else "the rest would take more Leap calls than one question may use"
        )
        return (
            f"Counted {len(self.jobs):,} of the company's {self.total:,} jobs only: {why}, "
            "so the other jobs are not in these figures."
        )


def calls_left(spent: int) -> int:
    """How many more Leap calls this question may make."""
    return max(QUESTION_BUDGET - spent, 0)


async def company_jobs(ctx: ToolContext, *, with_money: bool = False) -> Listing:
    """Every job the question's budget allows (with each job's money when asked), read
    once per request."""
    known = ctx.memo.get(_MEMO)
    if isinstance(known, Listing) and (known.with_money or not with_money):
        return known
    crm = await ctx.crm()
    first = await crm.search_jobs("", limit=PAGE, page=1, with_money=with_money)
    room = calls_left(crm.requests_sent) - RESERVED_CALLS
    last = min(first.total_pages, 1 + max(room, 0))
    pages: list[Page[Job] | BaseException] = list(
        await asyncio.gather(
            *(
                crm.search_jobs("", limit=PAGE, page=p, with_money=with_money)
                for p in range(2, last + 1)
            ),
            return_exceptions=True,
        )
    )
    for page in pages:
        if isinstance(page, BaseException) and not isinstance(page, CrmRateLimitedError):
            raise page
    jobs = [*first.items, *(j for p in pages if isinstance(p, Page) for j in p.items)]
    busy = any(isinstance(p, CrmRateLimitedError) for p in pages)
    listing = Listing(jobs, max(first.total, len(jobs)), with_money, busy)
    ctx.memo[_MEMO] = listing
    return listing


def forget_listing(ctx: ToolContext) -> None:
    """A tool changed a job: this request reads the list afresh if asked again."""
    ctx.memo.pop(_MEMO, None)


async def appointments_between(
    ctx: ToolContext, start: str, end: str, *, job_id: int | None = None
) -> list[Appointment]:
    """Appointments starting in [start, end] (of one job), read once per request."""
    key = f"{_APPOINTMENTS}{start}#{end}#{job_id}"
    known = ctx.memo.get(key)
    if isinstance(known, list):
        return known
    found = await (await ctx.crm()).list_appointments(start, end, job_id=job_id)
    ctx.memo[key] = found
    return found


def forget_appointments(ctx: ToolContext) -> None:
    """A tool booked an appointment: this request reads the calendar afresh."""
    for key in [k for k in ctx.memo if k.startswith(_APPOINTMENTS)]:
        del ctx.memo[key]
