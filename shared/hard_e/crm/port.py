"""The CRM port. Adapters: :mod:`hard_e.crm.leap` (Leap REST v3 over httpx).

The Leap simulator (:mod:`hard_e.crm.simulator`) is not an adapter: it is a local
server that speaks Leap's wire protocol, so the *same* Leap adapter runs against it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence

from hard_e.crm.models import (
    Appointment,
    CompanyUser,
    Customer,
    CustomerChanges,
    Division,
    FinancialSummary,
    Job,
    JobChanges,
    NewAppointment,
    NewCustomer,
    NewJob,
    NewTask,
    Note,
    Page,
    Stage,
    Task,
    Trade,
)


class CrmClient(ABC):
    """One company's CRM account. All methods raise :mod:`hard_e.crm.exceptions` errors."""

    requests_sent: int = 0
    """Calls this client has sent (retries too): what one question has spent of the
    account's budget, when the client serves one request."""

    @abstractmethod
    async def search_customers(
        self, query: str, *, limit: int = 20, page: int = 1
    ) -> Page[Customer]: ...

    @abstractmethod
    async def get_customer(self, customer_id: int) -> Customer: ...

    @abstractmethod
    async def create_customer(self, customer: NewCustomer) -> Customer: ...

    @abstractmethod
    async def update_customer(self, customer_id: int, changes: CustomerChanges) -> Customer: ...

    @abstractmethod
    async def search_jobs(
        self, keyword: str, *, limit: int = 20, page: int = 1, with_money: bool = False
    ) -> Page[Job]:
        """Jobs matching ``keyword`` ("" lists all); ``with_money`` asks for each job's
        money in the same call (``Job.money``, None where the CRM did not send it)."""

    @abstractmethod
    async def get_jobs(self, job_ids: Sequence[int]) -> list[Job]:
        """Batch fetch by id (one request per 100 ids)."""

    @abstractmethod
    async def get_job(self, job_id: int, *, include_customer: bool = True) -> Job: ...

    @abstractmethod
    async def create_job(self, job: NewJob) -> Job: ...

    @abstractmethod
    async def update_job(self, job_id: int, changes: JobChanges) -> Job: ...

    @abstractmethod
    async def list_stages(self) -> list[Stage]:
        """This company's workflow stages, in workflow order."""

    @abstractmethod
    async def move_job_to_stage(self, job_id: int, stage_code: str) -> Job: ...

    @abstractmethod
    async def list_job_notes(self, job_id: int) -> list[Note]: ...

    @abstractmethod
    async def add_job_note(self, job_id: int, text: str) -> Note: ...

    @abstractmethod
    async def list_appointments(
        self, start: str, end: str, *, job_id: int | None = None
    ) -> list[Appointment]:
        """Appointments starting between ``start`` and ``end`` ("YYYY-MM-DD HH:MM:SS")."""

    @abstractmethod
    async def create_appointment(self, appointment: NewAppointment) -> Appointment: ...

    @abstractmethod
    async def get_appointment(self, appointment_id: int) -> Appointment:
        """One appointment by id (:class:`CrmNotFoundError` when the account has none)."""

    @abstractmethod
    async def reschedule_appointment(
        self, appointment_id: int, start: str, end: str
    ) -> Appointment:
        """Move an appointment to ``start``–``end`` ("YYYY-MM-DD HH:MM:SS"); the rest of
        it (title, customer, job, who attends) stays as it was."""

    @abstractmethod
    async def reassign_appointment(self, appointment_id: int, user_id: int) -> Appointment:
        """Put another of the company's users on an appointment (who attends); its time,
        customer and job stay as they were."""

    @abstractmethod
    async def cancel_appointment(self, appointment_id: int) -> None:
        """Take an appointment off the calendar."""

    @abstractmethod
    async def list_tasks(self, *, job_id: int | None = None) -> list[Task]: ...

    @abstractmethod
    async def create_task(self, task: NewTask) -> Task: ...

    @abstractmethod
    async def job_financial_summary(self, job_id: int) -> FinancialSummary: ...

    @abstractmethod
    async def list_users(self) -> list[CompanyUser]: ...

    @abstractmethod
    async def list_trades(self) -> list[Trade]: ...

    @abstractmethod
    async def list_divisions(self) -> list[Division]: ...

    @abstractmethod
    async def aclose(self) -> None:
        """Release connections."""
