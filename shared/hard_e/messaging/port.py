"""The messaging port: email and SMS to customers. Adapters: AWS (SES + SNS), local outbox."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass


@dataclass(frozen=True)
class Receipt:
    channel: str  # "email" | "sms"
    message_id: str
    to: str
    sent_at: float


class MessagingError(Exception):
    """The provider refused or failed to take the message; safe to show."""


class Messenger(ABC):
    @abstractmethod
    def send_email(self, tenant_id: str, *, to: str, subject: str, body: str) -> Receipt: ...

    @abstractmethod
    def send_sms(self, tenant_id: str, *, to: str, body: str) -> Receipt: ...

    def send_account_email(self, tenant_id: str, *, to: str, subject: str, body: str) -> Receipt:
        """Mail about a person's own account (a password reset link): for them alone,
        never part of the company's messaging that its admins see. By default it is
        sent like any email (SES on AWS)."""
        return self.send_email(tenant_id, to=to, subject=subject, body=body)
