"""Changing a booked appointment: moving it to another time, putting another rep on it,
or cancelling it.

Tiers. A move or a change of who attends is like a booking (``create_appointment``):
yellow, it runs and is audited — the rep asked for it in their own words and the reflex
brain reads the change back for a "yes" first. A cancellation takes a customer's visit
off the calendar and cannot be undone from Hard-E (Leap deletes the record), so it is
red: it waits for a person's approval, which shows exactly which appointment goes.

Times are the company's wall-clock time, like the CRM's own; "now" is read in the
company's time zone, so "that is in the past" is true where the company is.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

from pydantic import Field, field_validator

from hard_e import keys
from hard_e.crm.models import Appointment
from hard_e.text.dates import local_now, say_day, say_time
from hard_e.tools.catalogue import shapes
from hard_e.tools.catalogue.crm_tools import Input
from hard_e.tools.catalogue.listing import forget_appointments
from hard_e.tools.catalogue.schedule_tools import STAMP, parse_start
from hard_e.tools.context import ToolContext
from hard_e.tools.exceptions import ToolRefusedError
from hard_e.tools.registry import Prepared, Tier, Tool

DEFAULT_LENGTH = timedelta(hours=1)


async def company_now(ctx: ToolContext) -> datetime:
    """The company's wall-clock time now (its profile's time zone; UTC when unset)."""
    profile = await asyncio.to_thread(ctx.table.get, *keys.tenant_profile(ctx.tenant_id))
    zone = str((profile or {}).get("timezone") or "UTC")
    return local_now(ctx.table.now(), zone)


def _at(stamp: str) -> datetime | None:
    try:
        return datetime.strptime(stamp[:19], STAMP)
    except ValueError:
        return None


def _length(a: Appointment) -> timedelta:
    start, end = _at(a.start), _at(a.end)
    if start is None or end is None or end <= start:
        return DEFAULT_LENGTH
    return end - start


def say_when(stamp: str) -> str:
    """ "2026-06-16 14:00:00" → "Tuesday Jun 16 at 2 pm"."""
    moment = _at(stamp)
    if moment is None:
        return stamp
    return f"{say_day(moment.date())} at {say_time(moment.hour, moment.minute)}"


def _describe(a: Appointment) -> str:
    who = f" ({a.customer_name})" if a.customer_name else ""
    return f"{a.title}{who}, {say_when(a.start)}"


class RescheduleAppointment(Input):
    appointment_id: int = Field(ge=1, description="The appointment's id (from list_appointments)")
    start: str = Field(description="New start, 'YYYY-MM-DD HH:MM' (company local time)")
    duration_minutes: int | None = Field(
        default=None, ge=15, le=600, description="New length; left out, it keeps its length"
    )

    @field_validator("start")
    @classmethod
    def _parse_start(cls, value: str) -> str:
        return parse_start(value)


async def reschedule_appointment(ctx: ToolContext, args: RescheduleAppointment) -> dict[str, Any]:
    crm = await ctx.crm()
    current = await crm.get_appointment(args.appointment_id)
    start = datetime.strptime(args.start, STAMP)
    now = await company_now(ctx)
    if start < now:
        raise ToolRefusedError(
            f"{say_when(args.start)} is in the past (it is {say_when(now.strftime(STAMP))} "
            "for the company): pick a time from now on. Nothing was changed."
        )
    length = timedelta(minutes=args.duration_minutes) if args.duration_minutes else None
    end = (start + (length or _length(current))).strftime(STAMP)
    if current.start[:16] == args.start[:16] and (length is None or current.end[:16] == end[:16]):
        return {"changed": False, "from": current.start, "appointment": shapes.appointment(current)}
    try:
        moved = await crm.reschedule_appointment(current.id, args.start, end)
    finally:  # moved (or perhaps moved): this request reads the calendar afresh
        forget_appointments(ctx)
    return {"changed": True, "from": current.start, "appointment": shapes.appointment(moved)}


class ReassignAppointment(Input):
    appointment_id: int = Field(ge=1, description="The appointment's id (from list_appointments)")
    user_id: int = Field(
        ge=1, description="The company user who goes instead (an id from list_company_users)"
    )


async def reassign_appointment(ctx: ToolContext, args: ReassignAppointment) -> dict[str, Any]:
    """Who attends changes; the time, customer and job stay. The user must be one of the
    company's own (checked here, so a wrong id is said plainly and nothing changes)."""
    crm = await ctx.crm()
    current = await crm.get_appointment(args.appointment_id)
    users = {u.id: u for u in await crm.list_users()}
    if args.user_id not in users:
        raise ToolRefusedError(
            f"There is no user #{args.user_id} at the company: pick one from "
            "list_company_users. Nothing was changed."
        )
    if current.user_id == args.user_id:
        return {
            "changed": False,
            "from": current.user_name,
            "appointment": shapes.appointment(current),
        }
    try:
        changed = await crm.reassign_appointment(current.id, args.user_id)
    finally:  # changed (or perhaps changed): this request reads the calendar afresh
        forget_appointments(ctx)
    return {"changed": True, "from": current.user_name, "appointment": shapes.appointment(changed)}


class CancelAppointment(Input):
    appointment_id: int = Field(ge=1, description="The appointment's id (from list_appointments)")
    reason: str = Field(default="", max_length=300, description="Why, in a few words")
    appointment: str = Field(
        default="",
        max_length=400,
        description="Leave empty: Hard-E fills in the appointment's title and time for the "
        "person who approves",
    )


async def prepare_cancel(ctx: ToolContext, args: CancelAppointment) -> Prepared[CancelAppointment]:
    """The appointment read before the approval is raised: the person approving sees which
    one goes (a wrong id fails here, before anyone is asked)."""
    found = await (await ctx.crm()).get_appointment(args.appointment_id)
    start = _at(found.start)
    if start is not None and start < await company_now(ctx):
        raise ToolRefusedError(
            f"{found.title} was {say_when(found.start)}: it is already past, so there is "
            "nothing to cancel."
        )
    described = _describe(found)
    ready = args.model_copy(update={"appointment": described})
    lines = [f"Cancel {described}", f"appointment_id: {found.id}"]
    if found.location:
        lines.append(f"at: {found.location}")
    if found.user_name:
        lines.append(f"with: {found.user_name}")
    if args.reason:
        lines.append(f"reason: {args.reason}")
    return Prepared(ready, "\n".join(lines))


async def cancel_appointment(ctx: ToolContext, args: CancelAppointment) -> dict[str, Any]:
    crm = await ctx.crm()
    found = await crm.get_appointment(args.appointment_id)
    try:
        await crm.cancel_appointment(found.id)
    finally:
        forget_appointments(ctx)
    return {"cancelled": shapes.appointment(found), "reason": args.reason}


def _cancel_summary(a: CancelAppointment) -> str:
    return f"Take {a.appointment or f'appointment #{a.appointment_id}'} off the calendar"


TOOLS: list[Tool[Any]] = [
    Tool(
        "reschedule_appointment",
        "Move a booked appointment to a new start time (it keeps its length unless a new "
        "one is given). Find its id with list_appointments first; if several fit what the "
        "rep said, ask which one.",
        RescheduleAppointment,
        Tier.YELLOW,
        reschedule_appointment,
        "crm",
        lambda a: f"Move appointment #{a.appointment_id} to {a.start}",
    ),
    Tool(
        "reassign_appointment",
        "Change who attends a booked appointment (another company user goes instead); its "
        "time, customer and job stay. Find its id with list_appointments and the user's id "
        "with list_company_users; if several appointments fit, ask which one.",
        ReassignAppointment,
        Tier.YELLOW,
        reassign_appointment,
        "crm",
        lambda a: f"Put user #{a.user_id} on appointment #{a.appointment_id}",
    ),
    Tool(
        "cancel_appointment",
        "Cancel a booked appointment (it comes off the CRM calendar). Find its id with "
        "list_appointments first. A person must approve it before it happens.",
        CancelAppointment,
        Tier.RED,
        cancel_appointment,
        "crm",
        _cancel_summary,
        prepare_cancel,
    ),
]
