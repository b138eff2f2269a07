"""Appointments and tasks."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Any

from pydantic import Field, field_validator

from hard_e.crm.models import NewAppointment, NewTask
from hard_e.tools.catalogue import shapes
from hard_e.tools.catalogue.crm_tools import JOB_REF, Input, JobRef
from hard_e.tools.catalogue.listing import appointments_between, forget_appointments
from hard_e.tools.catalogue.resolve import resolve_job
from hard_e.tools.context import ToolContext
from hard_e.tools.registry import Tier, Tool

STAMP = "%Y-%m-%d %H:%M:%S"


def _now(ctx: ToolContext) -> datetime:
    return datetime.fromtimestamp(ctx.table.now()).replace(microsecond=0)


def parse_start(value: str) -> str:
    """A start time as a person or a model writes it, in the CRM's own form."""
    for fmt in (STAMP, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(value.strip(), fmt).strftime(STAMP)
        except ValueError:
            continue
    raise ValueError("start must look like 2026-11-24 14:30")


class ListAppointments(Input):
    days_ahead: int = Field(default=7, ge=0, le=90, description="How many days from now")
    days_back: int = Field(default=0, ge=0, le=90, description="Include this many past days")
    job: JobRef | None = Field(default=None, description="Only this job's appointments. " + JOB_REF)
    start_date: str = Field(
        default="",
        max_length=10,
        description="YYYY-MM-DD (company local): whole days from this date, days_ahead of "
        "them (1 = that day only), instead of from now",
    )
    user_id: int | None = Field(default=None, description="Only this CRM user's appointments")

    @field_validator("start_date")
    @classmethod
    def _check_date(cls, value: str) -> str:
        if value:
            time.strptime(value, "%Y-%m-%d")
        return value


async def list_appointments(ctx: ToolContext, args: ListAppointments) -> dict[str, Any]:
    now = _now(ctx)
    if args.start_date:
        start = datetime.strptime(args.start_date, "%Y-%m-%d")
        end = start + timedelta(days=max(args.days_ahead, 1)) - timedelta(seconds=1)
    else:
        start = now - timedelta(days=args.days_back) if args.days_back else now
        end = now + timedelta(days=args.days_ahead)
    job_id = (await resolve_job(ctx, args.job)).id if args.job is not None else None
    found = await appointments_between(
        ctx, start.strftime(STAMP), end.strftime(STAMP), job_id=job_id
    )
    if args.user_id is not None:
        found = [a for a in found if a.user_id == args.user_id]
    ordered = sorted(found, key=lambda a: a.start)
    return {
        "from": start.strftime(STAMP),
        "to": end.strftime(STAMP),
        "appointments": [shapes.appointment(a) for a in ordered],
    }


class CreateAppointment(Input):
    title: str = Field(min_length=1, max_length=200)
    start: str = Field(description="Start, 'YYYY-MM-DD HH:MM' (company local time)")
    duration_minutes: int = Field(default=60, ge=15, le=600)
    job: JobRef | None = Field(default=None, description=JOB_REF)
    user_id: int | None = Field(default=None, description="Company user attending")
    location: str = Field(default="", max_length=300)
    description: str = Field(default="", max_length=2000)

    @field_validator("start")
    @classmethod
    def _parse_start(cls, value: str) -> str:
        return parse_start(value)


async def create_appointment(ctx: ToolContext, args: CreateAppointment) -> dict[str, Any]:
    start = datetime.strptime(args.start, STAMP)
    job = await resolve_job(ctx, args.job) if args.job is not None else None
    booking = NewAppointment(
        title=args.title,
        start=args.start,
        end=(start + timedelta(minutes=args.duration_minutes)).strftime(STAMP),
        user_id=args.user_id,
        customer_id=job.customer_id if job else None,
        job_ids=(job.id,) if job else (),
        location=args.location or (job.address.one_line() if job else ""),
        description=args.description,
    )
    try:
        created = await (await ctx.crm()).create_appointment(booking)
    finally:  # booked (or perhaps booked): this request reads the calendar afresh
        forget_appointments(ctx)
    return shapes.appointment(created)


class ListTasks(Input):
    job: JobRef | None = Field(default=None, description="Only this job's tasks. " + JOB_REF)
    include_done: bool = False
    assigned_to: int | None = Field(default=None, description="Only this CRM user's tasks")


async def list_tasks(ctx: ToolContext, args: ListTasks) -> dict[str, Any]:
    job_id = (await resolve_job(ctx, args.job)).id if args.job is not None else None
    tasks = await (await ctx.crm()).list_tasks(job_id=job_id)
    shown = [
        t
        for t in tasks
        if (args.include_done or not t.completed)
        and (args.assigned_to is None or t.assigned_to == args.assigned_to)
    ]
    return {"tasks": [shapes.task(t) for t in shown]}


class CreateTask(Input):
    title: str = Field(min_length=1, max_length=200)
    due_date: str = Field(default="", description="YYYY-MM-DD", max_length=10)
    job: JobRef | None = Field(default=None, description=JOB_REF)
    assigned_to: int | None = Field(default=None, description="Company user id")
    notes: str = Field(default="", max_length=2000)

    @field_validator("due_date")
    @classmethod
    def _check_date(cls, value: str) -> str:
        if value:
            time.strptime(value, "%Y-%m-%d")
        return value


async def create_task(ctx: ToolContext, args: CreateTask) -> dict[str, Any]:
    job_id = (await resolve_job(ctx, args.job)).id if args.job is not None else None
    created = await (await ctx.crm()).create_task(
        NewTask(
            title=args.title,
            due_date=args.due_date,
            job_id=job_id,
            assigned_to=args.assigned_to,
            notes=args.notes,
        )
    )
    return shapes.task(created)


TOOLS: list[Tool[Any]] = [
    Tool(
        "list_appointments",
        "Appointments from now to some days ahead (optionally past days, or one job's).",
        ListAppointments,
        Tier.GREEN,
        list_appointments,
        "crm",
    ),
    Tool(
        "create_appointment",
        "Book an appointment (inspection, measure, install...) optionally for a job.",
        CreateAppointment,
        Tier.YELLOW,
        create_appointment,
        "crm",
        lambda a: f"Book '{a.title}' at {a.start}",
    ),
    Tool(
        "list_tasks",
        "Open tasks, optionally for one job.",
        ListTasks,
        Tier.GREEN,
        list_tasks,
        "crm",
    ),
    Tool(
        "create_task",
        "Create a follow-up task, optionally on a job and for a user.",
        CreateTask,
        Tier.YELLOW,
        create_task,
        "crm",
        lambda a: f"Create task '{a.title}'",
    ),
]
