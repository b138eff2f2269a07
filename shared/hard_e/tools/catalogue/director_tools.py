"""The sales director's views: who to call today, stale bids, the pipeline per rep, and
what waits for approval. Each names the jobs and says why.

Thresholds are the company's own (``follow_up_rules``), stored with the company; the
defaults suit a residential exterior remodeler.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from pydantic import Field

from hard_e import keys
from hard_e.crm.models import CompanyUser, Job, Stage
from hard_e.tools.approvals import ApprovalStore
from hard_e.tools.catalogue.crm_tools import Input
from hard_e.tools.catalogue.job_money import price_jobs
from hard_e.tools.catalogue.listing import Listing, appointments_between, company_jobs
from hard_e.tools.catalogue.resolve import company_stages
from hard_e.tools.catalogue.schedule_tools import STAMP, _now
from hard_e.tools.context import ToolContext
from hard_e.tools.exceptions import ToolRefusedError
from hard_e.tools.registry import Tier, Tool

_BID_OUT = re.compile(
    r"\b(bid|estimate|proposal|quote)s?\b.*\b(presented|sent|out|given|delivered)\b"
)
_FIRST_LOOK = re.compile(r"\b(lead|new|intake|inquiry|enquiry)\b")
_DONE = re.compile(r"\b(paid|closed|complete|completed|lost|cancel+ed|dead)\b")
_VISIT = re.compile(r"\b(visit|measure|inspection|bid review|estimate|consult)", re.IGNORECASE)


@dataclass(frozen=True)
class FollowUpRules:
    """When a job needs a person: the company's thresholds, in days."""

    stale_bid_days: int = 7
    new_lead_days: int = 2
    after_visit_days: int = 3
    stuck_days: int = 21


def follow_up_rules(ctx: ToolContext) -> FollowUpRules:
    item = ctx.table.get(keys.tenant_pk(ctx.tenant_id, "SETTINGS"), "follow_up_rules")
    if item is None:
        return FollowUpRules()
    known = FollowUpRules.__dataclass_fields__
    return FollowUpRules(**{k: int(v) for k, v in item.items() if k in known})


class Mine(Input):
    user_id: int | None = Field(
        default=None, description="Only this CRM user's jobs (the rep asking); none: everyone"
    )


def _days_since(stamp: str, now: datetime) -> int:
    try:
        return (now - datetime.strptime(stamp[:19], STAMP)).days
    except ValueError:
        return 0


def _theirs(job: Job, user_id: int | None) -> bool:
    return user_id is None or any(r.id == user_id for r in job.reps)


def _entry(job: Job, why: str, days: int, kind: str) -> dict[str, Any]:
    customer = job.customer
    phone = customer.phones[0].number if customer and customer.phones else ""
    return {
        "job": job.name,
        "number": job.number,
        "stage": job.stage.name if job.stage else None,
        "customer": customer.full_name if customer else "",
        "phone": phone,
        "reps": [r.full_name for r in job.reps],
        "why": why,
        "days": days,
        "kind": kind,
    }


async def sales_priorities(ctx: ToolContext, args: Mine) -> dict[str, Any]:
    """Stale bids, visits without a follow-up, new leads nobody called, stuck jobs."""
    rules = await asyncio.to_thread(follow_up_rules, ctx)
    calls, listing = await _priorities(ctx, args.user_id, rules)
    return {"calls": calls, "rules": asdict(rules), "left_out": listing.left_out()}


async def _priorities(
    ctx: ToolContext, user_id: int | None, rules: FollowUpRules
) -> tuple[list[dict[str, Any]], Listing]:
    now = _now(ctx)
    until = now.replace(second=0)  # the same window for every tool of this request
    stages, listing, visits = await asyncio.gather(
        company_stages(ctx),
        company_jobs(ctx),
        appointments_between(
            ctx, (until - timedelta(days=14)).strftime(STAMP), until.strftime(STAMP)
        ),
    )
    kinds = {s.code: _stage_kind(s, stages) for s in stages}
    jobs = [j for j in listing.jobs if _theirs(j, user_id)]
    by_id = {j.id: j for j in jobs}
    found: dict[int, dict[str, Any]] = {}
    for job in jobs:
        if job.stage is None:
            continue
        days = _days_since(job.stage_last_modified, now)
        kind = kinds.get(job.stage.code, "work")
        if kind == "bid" and days >= rules.stale_bid_days:
            why = f"bid presented {days} days ago and no decision yet"
            found[job.id] = _entry(job, why, days, "stale_bid")
        elif kind == "lead" and days >= rules.new_lead_days:
            found[job.id] = _entry(job, f"new lead waiting {days} days for a call", days, "lead")
        elif kind == "work" and days >= rules.stuck_days:
            why = f"in {job.stage.name} for {days} days"
            found[job.id] = _entry(job, why, days, "stuck")
    for visit in sorted(visits, key=lambda a: a.start):
        if not _VISIT.search(visit.title):
            continue
        for job_id in visit.job_ids:
            visited = by_id.get(job_id)
            if visited is None or job_id in found:
                continue
            days = _days_since(visit.start, now)
            moved_since = visited.stage_last_modified[:19] > visit.start[:19]
            if days >= rules.after_visit_days and not moved_since:
                why = f"{visit.title.split(' —')[0].lower()} {days} days ago, nothing since"
                found[job_id] = _entry(visited, why, days, "no_follow_up")
    order = {"stale_bid": 0, "no_follow_up": 1, "lead": 2, "stuck": 3}
    return sorted(found.values(), key=lambda e: (order[e["kind"]], -e["days"])), listing


def _stage_kind(stage: Stage, stages: list[Stage]) -> str:
    name = stage.name.lower()
    if _BID_OUT.search(name):
        return "bid"
    if stage.position == min(s.position for s in stages) or _FIRST_LOOK.search(name):
        return "lead"
    if _DONE.search(name) or stage.position == max(s.position for s in stages):
        return "done"
    return "work"


class StaleBids(Input):
    older_than_days: int | None = Field(
        default=None, ge=0, le=365, description="Days without a decision; default: the company's"
    )
    user_id: int | None = Field(default=None, description="Only this CRM user's jobs")


async def stale_bids(ctx: ToolContext, args: StaleBids) -> dict[str, Any]:
    """Bids presented and not decided within the company's threshold, oldest first."""
    rules = await asyncio.to_thread(follow_up_rules, ctx)
    if args.older_than_days is not None:
        rules = replace(rules, stale_bid_days=args.older_than_days)
    found, listing = await _priorities(ctx, args.user_id, rules)
    bids = [c for c in found if c["kind"] == "stale_bid"]
    return {
        "bids": sorted(bids, key=lambda c: -c["days"]),
        "rules": asdict(rules),
        "left_out": listing.left_out(),
    }


class FollowUpRulesInput(Input):
    stale_bid_days: int | None = Field(default=None, ge=1, le=365)
    new_lead_days: int | None = Field(default=None, ge=1, le=365)
    after_visit_days: int | None = Field(default=None, ge=1, le=365)
    stuck_days: int | None = Field(default=None, ge=1, le=365)


async def set_follow_up_rules(ctx: ToolContext, args: FollowUpRulesInput) -> dict[str, Any]:
    """Change the company's thresholds (an admin's decision: it changes everyone's list)."""
    if not ctx.is_admin:
        raise ToolRefusedError("Only a company admin can change the follow-up rules.")
    changes = {k: v for k, v in args.model_dump().items() if v is not None}
    if not changes:
        raise ToolRefusedError("Say which threshold to change, e.g. stale bids after 10 days.")
    rules = replace(await asyncio.to_thread(follow_up_rules, ctx), **changes)
    await asyncio.to_thread(
        ctx.table.put,
        {"pk": keys.tenant_pk(ctx.tenant_id, "SETTINGS"), "sk": "follow_up_rules", **asdict(rules)},
    )
    return {"rules": asdict(rules), "changed": sorted(changes)}


class PipelineByRep(Input):
    with_value: bool = Field(default=True, description="Add each stage's contract value")
    stage: str | None = Field(
        default=None, max_length=100, description="Only the jobs in this workflow stage (its name)"
    )
    user_id: int | None = Field(default=None, description="Only this CRM user's jobs")


async def pipeline_by_rep(ctx: ToolContext, args: PipelineByRep) -> dict[str, Any]:
    """Jobs and contract value per stage, for each rep, in workflow order. The job list
    carries each job's money where Leap sends it; other jobs are priced one call each
    while the question's budget lasts (``stage`` and ``user_id`` narrow them first), and
    the rest are reported unpriced (``left_out``), never counted as zero."""
    # the money comes in the same list calls: asked for even without values, so that
    # this request's next ask for them ("and how much is that?") costs nothing more
    stages, listing = await asyncio.gather(company_stages(ctx), company_jobs(ctx, with_money=True))
    jobs = listing.jobs
    if args.stage is not None:
        wanted = args.stage.strip().lower()
        jobs = [j for j in jobs if j.stage is not None and j.stage.name.lower() == wanted]
    if args.user_id is not None:
        jobs = [j for j in jobs if any(rep.id == args.user_id for rep in j.reps)]
    jobs = [j for j in jobs if j.stage is not None]
    priced = await price_jobs(ctx, jobs) if args.with_value else None
    values = priced.values if priced else {}
    order = {s.code: s.position for s in stages}
    reps: dict[str, dict[str, dict[str, float]]] = {}
    for job in jobs:
        if job.stage is None:
            continue
        # a stage added since the stage list was cached goes last
        position = order.get(job.stage.code, len(order) + 1)
        for rep in job.reps or (CompanyUser(0, "Unassigned", ""),):
            row = reps.setdefault(rep.full_name, {}).setdefault(
                job.stage.name, {"jobs": 0, "value": 0.0, "unpriced": 0, "position": position}
            )
            row["jobs"] += 1
            row["value"] += values.get(job.id, 0.0)
            row["unpriced"] += int(args.with_value and job.id not in values)
    left_out = [listing.left_out(), priced.left_out() if priced else ""]
    return {
        "reps": [
            {
                "rep": name,
                "jobs": int(sum(r["jobs"] for r in rows.values())),
                "value": sum(r["value"] for r in rows.values()),
                "unpriced": int(sum(r["unpriced"] for r in rows.values())),
                "stages": [
                    {
                        "stage": stage,
                        "jobs": int(r["jobs"]),
                        "value": r["value"],
                        "unpriced": int(r["unpriced"]),
                    }
                    for stage, r in sorted(rows.items(), key=lambda x: x[1]["position"])
                ],
            }
            for name, rows in sorted(reps.items())
        ],
        "jobs_counted": len(listing.jobs),
        "jobs_total": listing.total,
        "left_out": " ".join(t for t in left_out if t),
    }


class NoArgs(Input):
    pass


async def pending_approvals(ctx: ToolContext, args: NoArgs) -> dict[str, Any]:
    """What waits for a person's OK: an admin sees the company's, a rep their own."""
    store = ApprovalStore(ctx.table)
    mine = None if ctx.is_admin else ctx.actor
    found, _ = await asyncio.to_thread(
        store.list, ctx.tenant_id, status="pending", requested_by=mine, limit=20
    )
    return {"approvals": [a.public() for a in found]}


TOOLS: list[Tool[Any]] = [
    Tool(
        "sales_priorities",
        "Who to call today and why: bids with no decision past the company's threshold, "
        "site visits with no follow-up, new leads nobody called, jobs stuck in a stage. "
        "'left_out' says which jobs were not looked at (say so when it is not empty).",
        Mine,
        Tier.GREEN,
        sales_priorities,
        "crm",
    ),
    Tool(
        "stale_bids",
        "Bids presented and still undecided after the company's threshold (or the days "
        "given), oldest first, with the customer and phone. 'left_out' as for "
        "sales_priorities.",
        StaleBids,
        Tier.GREEN,
        stale_bids,
        "crm",
    ),
    Tool(
        "set_follow_up_rules",
        "Change the company's follow-up thresholds in days: when a bid is stale, a new lead "
        "or a visit needs a call, a job is stuck in a stage. Admins only.",
        FollowUpRulesInput,
        Tier.YELLOW,
        set_follow_up_rules,
        "crm",
        lambda a: (
            "Follow-up rules: "
            + ", ".join(f"{k} {v}" for k, v in a.model_dump().items() if v is not None)
        ),
    ),
    Tool(
        "pipeline_by_rep",
        "For each rep: jobs and contract value in each workflow stage. 'left_out' says "
        "which jobs the figures could not include (say so when it is not empty).",
        PipelineByRep,
        Tier.GREEN,
        pipeline_by_rep,
        "crm",
    ),
    Tool(
        "pending_approvals",
        "Actions waiting for a person's approval (an admin sees everyone's).",
        NoArgs,
        Tier.GREEN,
        pending_approvals,
        "crm",
    ),
]
