"""The simulated company's records, held in memory, and the lookups Leap's filters need."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

LEAP_TIME = "%Y-%m-%d %H:%M:%S"
US_COUNTRY_ID = 1

# Alphabetical with DC, as Leap numbers them (California is 5 in Leap's own examples).
US_STATES: tuple[tuple[str, str], ...] = (
    ("AL", "Alabama"), ("AK", "Alaska"), ("AZ", "Arizona"), ("AR", "Arkansas"),
    ("CA", "California"), ("CO", "Colorado"), ("CT", "Connecticut"), ("DE", "Delaware"),
    ("DC", "District of Columbia"), ("FL", "Florida"), ("GA", "Georgia"), ("HI", "Hawaii"),
    ("ID", "Idaho"), ("IL", "Illinois"), ("IN", "Indiana"), ("IA", "Iowa"), ("KS", "Kansas"),
    ("KY", "Kentucky"), ("LA", "Louisiana"), ("ME", "Maine"), ("MD", "Maryland"),
    ("MA", "Massachusetts"), ("MI", "Michigan"), ("MN", "Minnesota"), ("MS", "Mississippi"),
    ("MO", "Missouri"), ("MT", "Montana"), ("NE", "Nebraska"), ("NV", "Nevada"),
    ("NH", "New Hampshire"), ("NJ", "New Jersey"), ("NM", "New Mexico"), ("NY", "New York"),
    ("NC", "North Carolina"), ("ND", "North Dakota"), ("OH", "Ohio"), ("OK", "Oklahoma"),
    ("OR", "Oregon"), ("PA", "Pennsylvania"), ("RI", "Rhode Island"), ("SC", "South Carolina"),
    ("SD", "South Dakota"), ("TN", "Tennessee"), ("TX", "Texas"), ("UT", "Utah"),
    ("VT", "Vermont"), ("VA", "Virginia"), ("WA", "Washington"), ("WV", "West Virginia"),
    ("WI", "Wisconsin"), ("WY", "Wyoming"),
)  # fmt: skip
STATE_IDS = {code: i for i, (code, _) in enumerate(US_STATES, start=1)}


def leap_time(moment: datetime) -> str:
    return moment.strftime(LEAP_TIME)


@dataclass
class AddressRec:
    id: int
    address: str
    city: str
    state_id: int | None
    zip: str
    country_id: int = US_COUNTRY_ID
    address_line_1: str = ""
    lat: float | None = None
    long: float | None = None

    def one_line(self) -> str:
        state = US_STATES[self.state_id - 1][0] if self.state_id else ""
        return ", ".join(p for p in (self.address, self.city, f"{state} {self.zip}".strip()) if p)


@dataclass
class UserRec:
    id: int
    first_name: str
    last_name: str
    email: str
    group: str  # owner, admin, standard
    position: str  # what the company calls the job: Sales Rep, Estimator…
    color: str
    phone: str = ""
    added_date: str = ""

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass
class PhoneRec:
    label: str
    number: str
    ext: str | None = None


@dataclass
class CustomerRec:
    id: int
    first_name: str
    last_name: str
    email: str
    phones: list[PhoneRec]
    address: AddressRec | None
    rep_id: int | None
    created_at: str
    updated_at: str
    note: str = ""
    company_name: str = ""

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass
class StageRec:
    id: int
    code: str
    name: str
    position: int
    color: str
    locked: int = 0


@dataclass
class TradeRec:
    id: int
    name: str
    color: str


@dataclass
class DivisionRec:
    id: int
    name: str
    color: str
    trade_ids: list[int]
    email: str = ""
    phone: str = ""


@dataclass
class JobRec:
    id: int
    number: str
    name: str
    customer_id: int
    description: str
    trade_ids: list[int]
    division_id: int | None
    same_as_customer_address: int
    address: AddressRec | None
    stage_code: str
    stage_last_modified: str
    created_at: str
    updated_at: str
    created_by: int
    rep_ids: list[int] = field(default_factory=list)
    estimator_ids: list[int] = field(default_factory=list)
    contract_signed_date: str | None = None
    completion_date: str | None = None


@dataclass
class FinancialsRec:
    """Per-job money: what Leap's financial summary adds up."""

    job_id: int
    job_price: float = 0.0
    change_orders: float = 0.0
    invoiced: float = 0.0
    received: float = 0.0
    credits: float = 0.0
    refunds: float = 0.0


@dataclass
class NoteRec:
    id: int
    job_id: int
    note: str
    stage_code: str | None
    created_by: int
    created_at: str
    updated_at: str


@dataclass
class AppointmentRec:
    id: int
    title: str
    description: str
    start: str
    end: str
    location: str
    customer_id: int | None
    user_id: int
    job_ids: list[int]
    attendee_ids: list[int]
    created_by: int
    created_at: str
    full_day: int = 0
    is_completed: bool = False


@dataclass
class TaskRec:
    id: int
    title: str
    notes: str
    due_date: str | None
    job_id: int | None
    participant_ids: list[int]
    completed: str | None  # when it was completed
    created_by: int
    created_at: str
    origin: str = "Leap"


@dataclass
class LeapStore:
    """One company's Leap account. Callers hold :attr:`lock` around reads and writes."""

    company_name: str
    api_user_id: int  # the admin whose token the API calls use
    users: dict[int, UserRec] = field(default_factory=dict)
    stages: list[StageRec] = field(default_factory=list)
    trades: dict[int, TradeRec] = field(default_factory=dict)
    divisions: dict[int, DivisionRec] = field(default_factory=dict)
    customers: dict[int, CustomerRec] = field(default_factory=dict)
    jobs: dict[int, JobRec] = field(default_factory=dict)
    financials: dict[int, FinancialsRec] = field(default_factory=dict)
    notes: dict[int, NoteRec] = field(default_factory=dict)
    appointments: dict[int, AppointmentRec] = field(default_factory=dict)
    tasks: dict[int, TaskRec] = field(default_factory=dict)
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False, compare=False)
    _address_ids: int = 5000

    def next_id(self, records: Mapping[int, object], *, floor: int = 1) -> int:
        return max(max(records, default=0) + 1, floor)

    def next_address_id(self) -> int:
        self._address_ids += 1
        return self._address_ids

    def stage(self, code: str) -> StageRec | None:
        return next((s for s in self.stages if s.code == code), None)

    def first_stage(self) -> StageRec:
        return min(self.stages, key=lambda s: s.position)

    def search_customers(self, query: str) -> list[CustomerRec]:
        """Every word of ``query`` must appear in the full name or the email."""
        words = query.lower().split()
        return [
            c
            for c in sorted(self.customers.values(), key=lambda c: c.id)
            if all(w in f"{c.full_name} {c.email}".lower() for w in words)
        ]

    def search_jobs(self, keyword: str) -> list[JobRec]:
        """Every word must appear in the job's name, number, description or customer's name."""
        words = keyword.lower().split()
        found = []
        for job in sorted(self.jobs.values(), key=lambda j: j.id):
            customer = self.customers.get(job.customer_id)
            haystack = " ".join(
                (job.name, job.number, job.description, customer.full_name if customer else "")
            ).lower()
            if all(w in haystack for w in words):
                found.append(job)
        return found

    def job_number(self, customer_id: int, created: datetime) -> str:
        """Leap's job number: ``YYMM-<customer id>-<nth job of that customer>``."""
        nth = 1 + sum(1 for j in self.jobs.values() if j.customer_id == customer_id)
        return f"{created:%y%m}-{customer_id}-{nth:02d}"
