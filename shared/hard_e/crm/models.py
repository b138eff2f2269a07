"""CRM records as Hard-E sees them, whatever CRM is behind the port."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Phone:
    label: str  # cell, home, office, ...
    number: str


@dataclass(frozen=True)
class Address:
    street: str = ""
    city: str = ""
    state: str = ""  # two-letter code when known
    zip: str = ""

    def one_line(self) -> str:
        return ", ".join(
            p for p in (self.street, self.city, f"{self.state} {self.zip}".strip()) if p
        )


@dataclass(frozen=True)
class Customer:
    id: int
    first_name: str
    last_name: str
    email: str = ""
    phones: tuple[Phone, ...] = ()
    address: Address = field(default_factory=Address)
    note: str = ""
    created_at: str = ""

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class Stage:
    code: str  # the CRM's stable id for the stage
    name: str  # what this company calls it
    position: int


@dataclass(frozen=True)
class Trade:
    id: int
    name: str


@dataclass(frozen=True)
class Division:
    id: int
    name: str
    trades: tuple[Trade, ...] = ()


@dataclass(frozen=True)
class CompanyUser:
    id: int
    first_name: str
    last_name: str
    email: str = ""
    role: str = ""

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class Job:
    id: int
    number: str  # e.g. 2606-8734090-01
    name: str
    customer_id: int
    description: str = ""
    stage: Stage | None = None
    stage_last_modified: str = ""
    trades: tuple[Trade, ...] = ()
    division_id: int | None = None
    address: Address = field(default_factory=Address)
    reps: tuple[CompanyUser, ...] = ()
    customer: Customer | None = None  # present when fetched with the customer included
    created_date: str = ""
    # present when listed with the money included and the CRM sent it (None: not known)
    money: FinancialSummary | None = None


@dataclass(frozen=True)
class Note:
    id: int
    job_id: int
    text: str
    created_at: str = ""
    created_by: str = ""


@dataclass(frozen=True)
class Appointment:
    id: int
    title: str
    start: str  # "YYYY-MM-DD HH:MM:SS", company local time
    end: str = ""
    location: str = ""
    description: str = ""
    customer_id: int | None = None
    customer_name: str = ""
    user_id: int | None = None
    user_name: str = ""
    job_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Task:
    id: int
    title: str
    due_date: str = ""  # YYYY-MM-DD
    job_id: int | None = None
    assigned_to: int | None = None
    notes: str = ""
    completed: bool = False


@dataclass(frozen=True)
class FinancialSummary:
    job_id: int
    contract_amount: float = 0.0
    change_orders: float = 0.0
    invoiced: float = 0.0
    received: float = 0.0
    balance_due: float = 0.0


@dataclass(frozen=True)
class Page(Generic[T]):
    items: tuple[T, ...]
    total: int
    page: int = 1
    total_pages: int = 1


# --- what a caller sends to create or change records -------------------------------


@dataclass(frozen=True)
class NewCustomer:
    first_name: str
    last_name: str
    phone: Phone
    email: str = ""
    address: Address = field(default_factory=Address)
    note: str = ""


@dataclass(frozen=True)
class CustomerChanges:
    """Only the fields that are not None change."""

    first_name: str | None = None
    last_name: str | None = None
    phone: Phone | None = None
    email: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class NewJob:
    customer_id: int
    description: str
    trade_id: int
    name: str = ""
    address: Address | None = None  # None: same as the customer's


@dataclass(frozen=True)
class JobChanges:
    description: str | None = None
    name: str | None = None
    trade_id: int | None = None


@dataclass(frozen=True)
class NewAppointment:
    title: str
    start: str  # "YYYY-MM-DD HH:MM:SS"
    end: str
    user_id: int | None = None
    customer_id: int | None = None
    job_ids: tuple[int, ...] = ()
    location: str = ""
    description: str = ""


@dataclass(frozen=True)
class NewTask:
    title: str
    due_date: str = ""
    job_id: int | None = None
    assigned_to: int | None = None
    notes: str = ""
