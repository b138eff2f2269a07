"""Customers, jobs, stages and notes in the company's CRM."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from hard_e.crm.models import Address, CustomerChanges, JobChanges, NewCustomer, NewJob, Phone
from hard_e.tools.catalogue import shapes
from hard_e.tools.catalogue.job_money import job_changed
from hard_e.tools.catalogue.resolve import company_stages, resolve_job, resolve_stage
from hard_e.tools.context import ToolContext
from hard_e.tools.exceptions import ToolRefusedError
from hard_e.tools.registry import Prepared, Tier, Tool

JobRef = int | str
JOB_REF = "The job: its id, its job number (like 2606-8734090-01) or a name (like 'Henderson')."


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- customers ---------------------------------------------------------------------


class SearchCustomers(Input):
    query: str = Field(min_length=1, max_length=200, description="Name or email to look for")
    limit: int = Field(default=10, ge=1, le=50)


async def search_customers(ctx: ToolContext, args: SearchCustomers) -> dict[str, Any]:
    page = await (await ctx.crm()).search_customers(args.query, limit=args.limit)
    return {"total": page.total, "customers": [shapes.customer(c) for c in page.items]}


class GetCustomer(Input):
    customer_id: int = Field(ge=1)


async def get_customer(ctx: ToolContext, args: GetCustomer) -> dict[str, Any]:
    return shapes.customer(await (await ctx.crm()).get_customer(args.customer_id))


class CreateCustomer(Input):
    first_name: str = Field(min_length=1, max_length=80)
    last_name: str = Field(min_length=1, max_length=80)
    phone: str = Field(min_length=7, max_length=30, description="Phone number, digits")
    phone_label: Literal["cell", "home", "office", "other"] = "cell"
    email: str = Field(default="", max_length=254)
    street: str = Field(default="", max_length=200)
    city: str = Field(default="", max_length=100)
    state: str = Field(default="", max_length=2, description="Two-letter state code")
    zip: str = Field(default="", max_length=10)
    note: str = Field(default="", max_length=2000)


async def create_customer(ctx: ToolContext, args: CreateCustomer) -> dict[str, Any]:
    created = await (await ctx.crm()).create_customer(
        NewCustomer(
            first_name=args.first_name,
            last_name=args.last_name,
            phone=Phone(args.phone_label, args.phone),
            email=args.email,
            address=Address(args.street, args.city, args.state, args.zip),
            note=args.note,
        )
    )
    return shapes.customer(created)


def _describe_new_customer(a: CreateCustomer) -> str:
    extras = ", ".join(p for p in (a.email, a.street and f"{a.street} {a.city}".strip()) if p)
    return f"Create customer {a.first_name} {a.last_name} ({a.phone_label} {a.phone}" + (
        f", {extras})" if extras else ")"
    )


class UpdateCustomer(Input):
    customer_id: int = Field(ge=1)
    first_name: str | None = Field(default=None, min_length=1, max_length=80)
    last_name: str | None = Field(default=None, min_length=1, max_length=80)
    phone: str | None = Field(default=None, min_length=7, max_length=30)
    phone_label: Literal["cell", "home", "office", "other"] = "cell"
    email: str | None = Field(default=None, max_length=254)
    note: str | None = Field(default=None, max_length=2000)


async def update_customer(ctx: ToolContext, args: UpdateCustomer) -> dict[str, Any]:
    changes = CustomerChanges(
        first_name=args.first_name,
        last_name=args.last_name,
        phone=Phone(args.phone_label, args.phone) if args.phone else None,
        email=args.email,
        note=args.note,
    )
    if changes == CustomerChanges():
        raise ToolRefusedError("Nothing to change: say which fields to update.")
    return shapes.customer(await (await ctx.crm()).update_customer(args.customer_id, changes))


# --- jobs --------------------------------------------------------------------------


class SearchJobs(Input):
    keyword: str = Field(min_length=1, max_length=200, description="Name, number or customer")
    limit: int = Field(default=10, ge=1, le=50)


async def search_jobs(ctx: ToolContext, args: SearchJobs) -> dict[str, Any]:
    page = await (await ctx.crm()).search_jobs(args.keyword, limit=args.limit)
    return {"total": page.total, "jobs": [shapes.job(j) for j in page.items]}


class GetJob(Input):
    job: JobRef = Field(description=JOB_REF)


async def get_job(ctx: ToolContext, args: GetJob) -> dict[str, Any]:
    return shapes.job(await resolve_job(ctx, args.job))


class CreateJob(Input):
    customer_id: int = Field(ge=1)
    description: str = Field(min_length=1, max_length=2000)
    trade: str = Field(min_length=1, max_length=80, description="Trade name, e.g. Roofing")
    name: str = Field(default="", max_length=200)
    customer: str = Field(
        default="",
        max_length=200,
        description="Leave empty: Hard-E fills in the customer's name for the person who approves",
    )


async def prepare_create_job(ctx: ToolContext, args: CreateJob) -> Prepared[CreateJob]:
    """The customer read before the approval is raised: the person approving sees whose
    job it is by name, not by id (a wrong id fails here, before anyone is asked)."""
    found = await (await ctx.crm()).get_customer(args.customer_id)
    ready = args.model_copy(update={"customer": found.full_name})
    lines = [_describe_new_job(ready), f"customer_id: {found.id}", f"trade: {ready.trade}"]
    lines += [f"description: {ready.description}"] + ([f"name: {ready.name}"] if ready.name else [])
    return Prepared(ready, "\n".join(lines))


def _describe_new_job(a: CreateJob) -> str:
    whose = (
        f"{a.customer} (customer #{a.customer_id})" if a.customer else f"customer #{a.customer_id}"
    )
    return f"Create a {a.trade} job for {whose}: {a.description[:80]}"


async def create_job(ctx: ToolContext, args: CreateJob) -> dict[str, Any]:
    crm = await ctx.crm()
    trades = await crm.list_trades()
    trade = next((t for t in trades if t.name.lower() == args.trade.strip().lower()), None)
    if trade is None:
        raise ToolRefusedError(
            f"No trade called {args.trade!r}; choose one of {', '.join(t.name for t in trades)}."
        )
    try:
        created = await crm.create_job(
            NewJob(
                customer_id=args.customer_id,
                description=args.description,
                trade_id=trade.id,
                name=args.name,
            )
        )
    finally:
        await job_changed(ctx, None)  # a new job in the list
    return shapes.job(created)


class UpdateJob(Input):
    job: JobRef = Field(description=JOB_REF)
    description: str | None = Field(default=None, min_length=1, max_length=2000)
    name: str | None = Field(default=None, min_length=1, max_length=200)


async def update_job(ctx: ToolContext, args: UpdateJob) -> dict[str, Any]:
    if args.description is None and args.name is None:
        raise ToolRefusedError("Nothing to change: give a new name or description.")
    target = await resolve_job(ctx, args.job)
    try:
        updated = await (await ctx.crm()).update_job(
            target.id, JobChanges(description=args.description, name=args.name)
        )
    finally:  # changed, or perhaps changed: nothing read before is served again
        await job_changed(ctx, target.id)
    return shapes.job(updated)


# --- workflow ----------------------------------------------------------------------


class NoInput(Input):
    pass


async def list_workflow_stages(ctx: ToolContext, args: NoInput) -> dict[str, Any]:
    return {"stages": [shapes.stage(s) for s in await company_stages(ctx)]}


class MoveJobStage(Input):
    job: JobRef = Field(description=JOB_REF)
    stage: str = Field(
        min_length=1,
        max_length=100,
        description="The stage as the rep said it; matched to this company's own stage names",
    )
    backwards_ok: bool = Field(
        default=False,
        description="True only after the rep confirmed a move backwards or out of the last stage",
    )


async def move_job_stage(ctx: ToolContext, args: MoveJobStage) -> dict[str, Any]:
    target = await resolve_job(ctx, args.job)
    stage = await resolve_stage(ctx, args.stage)
    before = target.stage.name if target.stage else None
    order = {s.code: s.position for s in await company_stages(ctx)}
    now = order.get(target.stage.code, 0) if target.stage else 0
    if target.stage and order.get(stage.code, 0) < now and not args.backwards_ok:
        raise ToolRefusedError(
            f"The {target.name} job is in {target.stage.name}; moving it back to {stage.name} "
            "undoes progress. Ask the rep to confirm, then call again with backwards_ok true."
        )
    if target.stage and target.stage.code == stage.code:
        return {"job": shapes.job(target), "from": before, "to": stage.name, "changed": False}
    try:
        moved = await (await ctx.crm()).move_job_to_stage(target.id, stage.code)
    finally:
        await job_changed(ctx, target.id)
    return {"job": shapes.job(moved), "from": before, "to": stage.name, "changed": True}


# --- notes -------------------------------------------------------------------------


class ListJobNotes(Input):
    job: JobRef = Field(description=JOB_REF)


async def list_job_notes(ctx: ToolContext, args: ListJobNotes) -> dict[str, Any]:
    target = await resolve_job(ctx, args.job)
    notes = await (await ctx.crm()).list_job_notes(target.id)
    return {"job": target.name, "job_id": target.id, "notes": [shapes.note(n) for n in notes]}


class AddJobNote(Input):
    job: JobRef = Field(description=JOB_REF)
    note: str = Field(min_length=1, max_length=5000)


async def add_job_note(ctx: ToolContext, args: AddJobNote) -> dict[str, Any]:
    target = await resolve_job(ctx, args.job)
    try:
        added = await (await ctx.crm()).add_job_note(target.id, args.note)
    finally:
        await job_changed(ctx, target.id)
    return {"job": target.name, "job_id": target.id, "note": shapes.note(added)}


TOOLS: list[Tool[Any]] = [
    Tool(
        "search_customers",
        "Find customers by name or email. Returns matching customers with ids, phones, "
        "emails and addresses.",
        SearchCustomers,
        Tier.GREEN,
        search_customers,
        "crm",
    ),
    Tool(
        "get_customer",
        "One customer's details by id.",
        GetCustomer,
        Tier.GREEN,
        get_customer,
        "crm",
    ),
    Tool(
        "create_customer",
        "Create a new customer in the CRM. Needs first and last name and a phone number. "
        "A person must approve it before it happens.",
        CreateCustomer,
        Tier.RED,
        create_customer,
        "customers",
        _describe_new_customer,
    ),
    Tool(
        "update_customer",
        "Change a customer's name, phone, email or note. Only the fields given change.",
        UpdateCustomer,
        Tier.YELLOW,
        update_customer,
        "crm",
    ),
    Tool(
        "search_jobs",
        "Find jobs by keyword: customer name, job name, job number or description. "
        "Returns each job's id, number, stage and trades.",
        SearchJobs,
        Tier.GREEN,
        search_jobs,
        "crm",
    ),
    Tool(
        "get_job",
        "One job's details: stage, since when, trades, address, reps, customer.",
        GetJob,
        Tier.GREEN,
        get_job,
        "crm",
    ),
    Tool(
        "create_job",
        "Create a job for an existing customer (needs the customer id, a description and "
        "a trade). A person must approve it.",
        CreateJob,
        Tier.RED,
        create_job,
        "customers",
        _describe_new_job,
        prepare_create_job,
    ),
    Tool(
        "update_job",
        "Change a job's name or description.",
        UpdateJob,
        Tier.YELLOW,
        update_job,
        "crm",
    ),
    Tool(
        "list_workflow_stages",
        "This company's workflow stages in order (each company names its own).",
        NoInput,
        Tier.GREEN,
        list_workflow_stages,
        "crm",
    ),
    Tool(
        "move_job_stage",
        "Move a job to another workflow stage. Give the stage as the rep said it; it is "
        "matched to the company's stage names. If it is ambiguous the result lists the "
        "options: ask the rep which one.",
        MoveJobStage,
        Tier.YELLOW,
        move_job_stage,
        "crm",
        lambda a: f"Move job {a.job} to {a.stage}",
    ),
    Tool(
        "list_job_notes",
        "A job's notes, newest first.",
        ListJobNotes,
        Tier.GREEN,
        list_job_notes,
        "crm",
    ),
    Tool(
        "add_job_note",
        "Add a note to a job.",
        AddJobNote,
        Tier.YELLOW,
        add_job_note,
        "crm",
        lambda a: f"Add a note to job {a.job}: {a.note[:80]}",
    ),
]
