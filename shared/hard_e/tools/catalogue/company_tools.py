"""The company itself: its people, trades, divisions, and a job's money."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from hard_e.tools.catalogue import shapes
from hard_e.tools.catalogue.crm_tools import JOB_REF, Input, JobRef, NoInput
from hard_e.tools.catalogue.resolve import resolve_job
from hard_e.tools.context import ToolContext
from hard_e.tools.registry import Tier, Tool


class JobOnly(Input):
    job: JobRef = Field(description=JOB_REF)


async def job_financial_summary(ctx: ToolContext, args: JobOnly) -> dict[str, Any]:
    target = await resolve_job(ctx, args.job)
    summary = await (await ctx.crm()).job_financial_summary(target.id)
    return {"job": target.name, **shapes.financials(summary)}


async def list_company_users(ctx: ToolContext, args: NoInput) -> dict[str, Any]:
    return {"users": [shapes.user(u) for u in await (await ctx.crm()).list_users()]}


async def list_trades_and_divisions(ctx: ToolContext, args: NoInput) -> dict[str, Any]:
    crm = await ctx.crm()
    trades, divisions = await crm.list_trades(), await crm.list_divisions()
    return {
        "trades": [{"id": t.id, "name": t.name} for t in trades],
        "divisions": [
            {"id": d.id, "name": d.name, "trades": [t.name for t in d.trades]} for d in divisions
        ],
    }


TOOLS: list[Tool[Any]] = [
    Tool(
        "job_financial_summary",
        "A job's money: contract amount, change orders, invoiced, received, balance due.",
        JobOnly,
        Tier.GREEN,
        job_financial_summary,
        "crm",
    ),
    Tool(
        "list_company_users",
        "The company's people in the CRM (reps, estimators, office) with ids.",
        NoInput,
        Tier.GREEN,
        list_company_users,
        "crm",
    ),
    Tool(
        "list_trades_and_divisions",
        "The company's trades (Roofing, Siding...) and divisions.",
        NoInput,
        Tier.GREEN,
        list_trades_and_divisions,
        "crm",
    ),
]
