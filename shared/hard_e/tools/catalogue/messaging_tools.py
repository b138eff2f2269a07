"""Texts and emails to customers, through the messaging port."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from pydantic import Field, model_validator

from hard_e.tools.catalogue.crm_tools import Input
from hard_e.tools.context import ToolContext
from hard_e.tools.exceptions import ToolRefusedError
from hard_e.tools.registry import Tier, Tool

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)


def _e164(number: str) -> str:
    digits = re.sub(r"\D", "", number)
    if len(digits) == 10:
        return f"+1{digits}"
    if len(digits) == 11 and digits.startswith("1"):
        return f"+{digits}"
    raise ToolRefusedError(f"{number!r} is not a US phone number I can text.")


class SendSms(Input):
    body: str = Field(min_length=1, max_length=1600)
    to: str | None = Field(default=None, description="Phone number; or give customer_id")
    customer_id: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _one_recipient(self) -> SendSms:
        if (self.to is None) == (self.customer_id is None):
            raise ValueError("give exactly one of 'to' or 'customer_id'")
        return self


async def send_sms(ctx: ToolContext, args: SendSms) -> dict[str, Any]:
    number = args.to
    if args.customer_id is not None:
        customer = await (await ctx.crm()).get_customer(args.customer_id)
        phones = sorted(customer.phones, key=lambda p: p.label != "cell")
        if not phones:
            raise ToolRefusedError(f"{customer.full_name} has no phone number on file.")
        number = phones[0].number
    to = _e164(number or "")
    receipt = await asyncio.to_thread(ctx.messenger.send_sms, ctx.tenant_id, to=to, body=args.body)
    return {"sent": True, "channel": "sms", "to": to, "message_id": receipt.message_id}


class SendEmail(Input):
    subject: str = Field(min_length=1, max_length=200)
    body: str = Field(min_length=1, max_length=20_000)
    to: str | None = Field(default=None, description="Email address; or give customer_id")
    customer_id: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _one_recipient(self) -> SendEmail:
        if (self.to is None) == (self.customer_id is None):
            raise ValueError("give exactly one of 'to' or 'customer_id'")
        if self.to is not None and not _EMAIL.match(self.to):
            raise ValueError("'to' is not an email address")
        return self


async def send_email(ctx: ToolContext, args: SendEmail) -> dict[str, Any]:
    to = args.to
    if args.customer_id is not None:
        customer = await (await ctx.crm()).get_customer(args.customer_id)
        if not customer.email:
            raise ToolRefusedError(f"{customer.full_name} has no email address on file.")
        to = customer.email
    receipt = await asyncio.to_thread(
        ctx.messenger.send_email, ctx.tenant_id, to=to or "", subject=args.subject, body=args.body
    )
    return {"sent": True, "channel": "email", "to": to, "message_id": receipt.message_id}


def _recipient(a: SendSms | SendEmail) -> str:
    return a.to or f"customer #{a.customer_id}"


TOOLS: list[Tool[Any]] = [
    Tool(
        "send_sms",
        "Text a customer (by customer id, using their cell) or a phone number.",
        SendSms,
        Tier.YELLOW,
        send_sms,
        "messaging",
        lambda a: f"Text {_recipient(a)}: {a.body[:80]}",
    ),
    Tool(
        "send_email",
        "Email a customer (by customer id) or an address. A person must approve it.",
        SendEmail,
        Tier.RED,
        send_email,
        "messaging",
        lambda a: f"Email {_recipient(a)}: {a.subject}",
    ),
]
