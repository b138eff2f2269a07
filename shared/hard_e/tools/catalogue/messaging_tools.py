"""Texts and emails to customers, through the messaging port.

Each call is prepared before it runs or waits for approval: a customer id becomes the
number or address on file *now*, and that resolved value is what the preview shows and
what the message is finally sent to — a later change to the customer record (say, by a
model that obeyed a planted document) cannot redirect an approved message. A text to a
number that is not a customer's number on file waits for a person's OK, and each
company may send only so many texts an hour.
"""

from __future__ import annotations

import asyncio
import re
import time
from typing import Any

from pydantic import Field, model_validator

from hard_e import keys
from hard_e.crm.models import Customer
from hard_e.storage import CeilingReachedError
from hard_e.tools.catalogue.crm_tools import Input
from hard_e.tools.context import ToolContext
from hard_e.tools.exceptions import ToolRefusedError
from hard_e.tools.registry import Prepared, Tier, Tool

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
NOT_A_CONTACT = "the number is not a customer's number on file"


def _e164(number: str) -> str:
    digits = re.sub(r"\D", "", number)
    if len(digits) == 10:
        return f"+1{digits}"
    if len(digits) == 11 and digits.startswith("1"):
        return f"+{digits}"
    raise ToolRefusedError(f"{number!r} is not a US phone number I can text.")


def _who(customer: Customer) -> str:
    return f"{customer.full_name} (customer #{customer.id})"


class SendSms(Input):
    body: str = Field(min_length=1, max_length=1600)
    to: str | None = Field(default=None, description="Phone number; or give customer_id")
    customer_id: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _a_recipient(self) -> SendSms:
        if self.to is None and self.customer_id is None:
            raise ValueError("give 'to' or 'customer_id'")
        return self


async def prepare_sms(ctx: ToolContext, args: SendSms) -> Prepared[SendSms]:
    """The number the text will go to, and whether someone must OK it first."""
    hold: str | None = None
    who = ""
    if args.customer_id is not None:
        customer = await (await ctx.crm()).get_customer(args.customer_id)
        phones = sorted(customer.phones, key=lambda p: p.label != "cell")
        on_file = [_e164(p.number) for p in phones]
        if not on_file and args.to is None:
            raise ToolRefusedError(f"{customer.full_name} has no phone number on file.")
        to = _e164(args.to) if args.to is not None else on_file[0]
        who = f" — {_who(customer)}"
        if to not in on_file:
            hold = f"{to} is not {customer.full_name}'s number on file"
    else:
        to = _e164(args.to or "")
        hold = NOT_A_CONTACT
    bound = SendSms(body=args.body, to=to, customer_id=args.customer_id)
    return Prepared(bound, f"Text {to}{who}:\n{args.body}", hold)


async def send_sms(ctx: ToolContext, args: SendSms) -> dict[str, Any]:
    """Send to the prepared number (the gate always prepares this tool first)."""
    if args.to is None:
        args = (await prepare_sms(ctx, args)).args
    to = _e164(args.to or "")
    await asyncio.to_thread(_count_text, ctx)
    receipt = await asyncio.to_thread(ctx.messenger.send_sms, ctx.tenant_id, to=to, body=args.body)
    return {"sent": True, "channel": "sms", "to": to, "message_id": receipt.message_id}


def _count_text(ctx: ToolContext) -> None:
    """One more text this hour for the company, or refuse once its limit is reached."""
    hour = int(ctx.table.now()) // 3600
    pk, sk = keys.counter(ctx.tenant_id, "sms", str(hour))
    try:
        ctx.table.increment(pk, sk, ceiling=ctx.sms_per_hour, ttl=(hour + 2) * 3600)
    except CeilingReachedError:
        again = time.strftime("%H:%M", time.localtime((hour + 1) * 3600))
        raise ToolRefusedError(
            f"The company has sent its {ctx.sms_per_hour} texts for this hour; "
            f"texting opens again at {again}."
        ) from None


class SendEmail(Input):
    subject: str = Field(min_length=1, max_length=200)
    body: str = Field(min_length=1, max_length=20_000)
    to: str | None = Field(default=None, description="Email address; or give customer_id")
    customer_id: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _a_recipient(self) -> SendEmail:
        if self.to is None and self.customer_id is None:
            raise ValueError("give 'to' or 'customer_id'")
        if self.to is not None and not _EMAIL.match(self.to):
            raise ValueError("'to' is not an email address")
        return self


async def prepare_email(ctx: ToolContext, args: SendEmail) -> Prepared[SendEmail]:
    """The address the email will go to, looked up once, shown in full with the body."""
    to, who = args.to, ""
    if args.customer_id is not None:
        customer = await (await ctx.crm()).get_customer(args.customer_id)
        if not customer.email and to is None:
            raise ToolRefusedError(f"{customer.full_name} has no email address on file.")
        to = to or customer.email
        who = f" — {_who(customer)}"
        if to.lower() != customer.email.lower():
            on_file = customer.email or "none"
            who += f"; NOT the address on file ({on_file})"
    bound = SendEmail(subject=args.subject, body=args.body, to=to, customer_id=args.customer_id)
    preview = f"Email {to}{who}\nSubject: {args.subject}\n\n{args.body}"
    return Prepared(bound, preview)


async def send_email(ctx: ToolContext, args: SendEmail) -> dict[str, Any]:
    """Send to the prepared address: an approved email is never looked up again."""
    if args.to is None:
        args = (await prepare_email(ctx, args)).args
    to = args.to or ""
    receipt = await asyncio.to_thread(
        ctx.messenger.send_email, ctx.tenant_id, to=to, subject=args.subject, body=args.body
    )
    return {"sent": True, "channel": "email", "to": to, "message_id": receipt.message_id}


def _recipient(a: SendSms | SendEmail) -> str:
    return a.to or f"customer #{a.customer_id}"


TOOLS: list[Tool[Any]] = [
    Tool(
        "send_sms",
        "Text a customer (by customer id, using their cell) or a phone number. A number "
        "that is not a customer's number on file waits for the rep's OK.",
        SendSms,
        Tier.YELLOW,
        send_sms,
        "messaging",
        lambda a: f"Text {_recipient(a)}: {a.body[:80]}",
        prepare_sms,
    ),
    Tool(
        "send_email",
        "Email a customer (by customer id) or an address. A person must approve it.",
        SendEmail,
        Tier.RED,
        send_email,
        "messaging",
        lambda a: f"Email {_recipient(a)}: {a.subject}",
        prepare_email,
    ),
]
