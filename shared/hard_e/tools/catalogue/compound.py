"""Compound views that fan out to the CRM concurrently: one round trip's wait, not five."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from pydantic import Field

from hard_e.tools.catalogue import shapes
from hard_e.tools.catalogue.crm_tools import JOB_REF, Input, JobRef, NoInput
from hard_e.tools.catalogue.listing import company_jobs
from hard_e.tools.catalogue.resolve import company_stages, resolve_job
from hard_e.tools.catalogue.schedule_tools import STAMP, _now
from hard_e.tools.context import ToolContext
from hard_e.tools.registry import Tier, Tool

APPOINTMENT_WINDOW_DAYS = 120


class JobOverview(Input):
    job: JobRef = Field(description=JOB_REF)


async def job_overview(ctx: ToolContext, args: JobOverview) -> dict[str, Any]:
    """Job (with customer), notes, appointments and money, fetched all at once."""
    crm = await ctx.crm()
    job_id = args.job if isinstance(args.job, int) or str(args.job).isdigit() else None
    if job_id is None:
        job_id = (await resolve_job(ctx, args.job)).id
    now = _now(ctx)
    window = (
        (now - timedelta(days=APPOINTMENT_WINDOW_DAYS)).strftime(STAMP),
        (now + timedelta(days=APPOINTMENT_WINDOW_DAYS)).strftime(STAMP),
    )
    job, notes, appointments, money = await asyncio.gather(
        crm.get_job(int(job_id), include_customer=True),
        crm.list_job_notes(int(job_id)),
        crm.list_appointments(*window, job_id=int(job_id)),
        crm.job_financial_summary(int(job_id)),
    )
    return {
        "job": shapes.job(job),
        "customer": shapes.customer(job.customer) if job.customer else None,
        "notes": [shapes.note(n) for n in notes[:10]],
        "appointments": [
            shapes.appointment(a) for a in sorted(appointments, key=lambda a: a.start)
        ],
        "financials": shapes.financials(money),
    }


class Customer360(Input):
    customer_id: int = Field(ge=1)


async def customer_360(ctx: ToolContext, args: Customer360) -> dict[str, Any]:
    """The customer, every job of theirs with its stage, and their appointments."""
    crm = await ctx.crm()
    customer = await crm.get_customer(args.customer_id)
    now = _now(ctx)
    jobs_page, appointments = await asyncio.gather(
        crm.search_jobs(customer.full_name, limit=50),
        crm.list_appointments(
            (now - timedelta(days=APPOINTMENT_WINDOW_DAYS)).strftime(STAMP),
            (now + timedelta(days=APPOINTMENT_WINDOW_DAYS)).strftime(STAMP),
        ),
    )
    jobs = [j for j in jobs_page.items if j.customer_id == customer.id]
    theirs = [a for a in appointments if a.customer_id == customer.id]
    return {
        "customer": shapes.customer(customer),
        "jobs": [shapes.job(j) for j in jobs],
        "appointments": [shapes.appointment(a) for a in sorted(theirs, key=lambda a: a.start)],
    }


async def pipeline_summary(ctx: ToolContext, args: NoInput) -> dict[str, Any]:
    """How many jobs sit in each of the company's stages, in workflow order."""
    stages, listing = await asyncio.gather(company_stages(ctx), company_jobs(ctx))
    counts: dict[str, int] = {s.code: 0 for s in stages}
    unstaged = 0
    for job in listing.jobs:
        if job.stage and job.stage.code in counts:
            counts[job.stage.code] += 1
        else:
            unstaged += 1
    return {
        "total_jobs": listing.total,
        "counted_jobs": len(listing.jobs),
        "stages": [
            {"stage": s.name, "jobs": counts[s.code]}
            for s in sorted(stages, key=lambda s: s.position)
        ],
        "without_stage": unstaged,
        "left_out": listing.left_out(),
    }


TOOLS: list[Tool[Any]] = [
    Tool(
        "job_overview",
        "Everything about one job at once: details, customer, recent notes, appointments "
        "and financials. Prefer this over several single lookups.",
        JobOverview,
        Tier.GREEN,
        job_overview,
        "crm",
    ),
    Tool(
        "customer_360",
        "Everything about one customer: contact details, all their jobs with stages, and "
        "their appointments.",
        Customer360,
        Tier.GREEN,
        customer_360,
        "crm",
    ),
    Tool(
        "pipeline_summary",
        "How many jobs are in each workflow stage right now. 'left_out' says which jobs "
        "were not counted (say so when it is not empty).",
        NoInput,
        Tier.GREEN,
        pipeline_summary,
        "crm",
    ),
]
