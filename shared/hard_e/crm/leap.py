"""The Leap CRM adapter: Leap REST v3 (formerly JobProgress) over ``httpx``.

Wire facts come from the public summaries in ``LEAP_API.md``. What those summaries do
not cover lives in the section marked **ASSUMED** at the bottom of :class:`LeapClient`:
correct it there, and in the simulator, once checked against a real account.

Retry rule. Reads (GET) are retried on 429, 5xx, timeouts and network errors. A write
(POST/PUT) is sent again only when Leap provably did not act on it: the connection was
never made (connect error, connect or pool timeout), Leap refused it before handling it
(429), or Leap said it is down for a while (503 with ``Retry-After``, its maintenance
answer). A write that may have reached Leap (read timeout, dropped connection, any
other 5xx) is never repeated, because repeating "create job" could create two jobs.

Reconciliation. Such a write is settled by looking: before a create, the matching
records that already exist are noted; after an unknown outcome, Leap is asked again and
a new matching record (or the record now in the wanted state) means the write happened
— it is reported done. Nothing found means it did not happen; a check that itself gets
no answer raises :class:`CrmOutcomeUnknownError` ("look in Leap before trying again").

Time. With a ``deadline`` (the time the request has left), no call is started that
could not finish in time, no retry waits past it, and each call's timeout is cut to
what is left, so a slow Leap ends the turn with the truth instead of killing it. A
request-budget slot (or a 429's ``Retry-After``) that would come too late answers "Leap
is busy, try again in N seconds" (:class:`CrmRateLimitedError` with ``retry_after``).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import random
import ssl
import time
from collections.abc import Awaitable, Callable, Sequence
from contextvars import ContextVar
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar

import httpx

from hard_e.crm import _leap_wire as wire
from hard_e.crm.exceptions import (
    CrmAuthError,
    CrmError,
    CrmNotFoundError,
    CrmOutcomeUnknownError,
    CrmRateLimitedError,
    CrmUnavailableError,
    CrmValidationError,
    leap_busy,
)
from hard_e.crm.models import (
    Address,
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
from hard_e.crm.port import CrmClient
from hard_e.crm.ratelimit import Clock, RequestBudget, Sleep, limiter_for_token
from hard_e.deadline import Deadline, remaining
from hard_e.observability import leap_answered

__all__ = ["DEFAULT_BASE_URL", "LeapClient"]

DEFAULT_BASE_URL = "https://api.jobprogress.com/api/v3"
MAX_PAGE_SIZE = 100  # Leap's ceiling for ``limit``
MAX_PAGES = 100  # a guard against a server that never says "last page"

Params = list[tuple[str, str | int | float | bool | None]]
Form = list[tuple[str, str]]

CUSTOMER_INCLUDES = ("phones", "address")
JOB_OWN_INCLUDES = ("trades", "address", "reps")
JOB_INCLUDES = (*JOB_OWN_INCLUDES, "customer", "customer.phones", "customer.address")

logger = logging.getLogger(__name__)
T = TypeVar("T")

MIN_CALL_SECONDS = 0.5
"""No call is started with less time than this left before the deadline."""
CHECK_TIMEOUT_SECONDS = 25.0
"""A reconciling check may wait longer than an ordinary call: it is the last word."""


# Set while settling an unanswered write, for that task only (concurrent calls of the
# same client keep their usual timeout).
_CHECKING: ContextVar[bool] = ContextVar("leap_checking", default=False)


class _MaybeDone(CrmUnavailableError):
    """A write may have reached Leap but no answer came back (settled by looking)."""


@functools.cache
def tls_context() -> ssl.SSLContext:
    """One verifying TLS context per process: building one costs ~0.2 s of blocked loop,
    and every tenant's client would otherwise build its own."""
    return httpx.create_ssl_context()


def _includes(*names: str) -> Params:
    return [("includes[]", name) for name in names]


def _retry_after(response: httpx.Response) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or HTTP date), if present."""
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        return max(parsedate_to_datetime(value).timestamp() - time.time(), 0.0)
    except (TypeError, ValueError):
        return None


class LeapClient(CrmClient):
    """One company's Leap account, reached with the API token a Leap admin generated."""

    def __init__(
        self,
        *,
        token: str,
        base_url: str = DEFAULT_BASE_URL,
        http_client: httpx.AsyncClient | None = None,
        requests_per_minute: int = 60,
        rate_window: float = 60.0,
        rate_limiter: RequestBudget | None = None,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        max_retries: int = 3,
        timeout: float = 10.0,
        backoff_base: float = 0.5,
        max_backoff: float = 30.0,
        max_retry_after: float = 120.0,
        busy_after: float | None = None,
        deadline: Deadline | None = None,
    ) -> None:
        """``requests_per_minute`` calls are allowed per ``rate_window`` seconds (Leap: 60 per
        60 s; tests shrink the window); clients of one token in this process share that
        budget unless ``rate_limiter`` (the table's budget) is given. A ``Retry-After``
        longer than ``max_retry_after`` seconds is cut to it; with ``busy_after``, a 429
        asking to wait longer than that (or than ``deadline`` leaves) answers "Leap is
        busy" at once instead. Waiting for a budget slot also stops at the deadline."""
        if not token:
            raise ValueError("a Leap API token is required")
        self._token = token
        self._base_url = base_url.rstrip("/")
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient(timeout=timeout, verify=tls_context())
        self._timeout = httpx.Timeout(timeout)
        self._limiter = rate_limiter or limiter_for_token(
            token, requests_per_minute, rate_window, clock=clock, account=self._base_url
        )
        self.requests_sent = 0
        self._sleep = sleep
        self._max_retries = max_retries
        self._backoff_base = backoff_base
        self._max_backoff = max_backoff
        self._max_retry_after = max_retry_after
        self._busy_after = busy_after
        self._deadline = deadline
        self._jitter = random.Random()  # noqa: S311 - back-off jitter, not security
        self._state_ids: dict[str, int] | None = None
        self._us_country_id: int | None = None

    def __repr__(self) -> str:  # never show the token
        return f"LeapClient(base_url={self._base_url!r})"

    async def __aenter__(self) -> LeapClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    # --- customers ------------------------------------------------------------------

    async def search_customers(
        self, query: str, *, limit: int = 20, page: int = 1
    ) -> Page[Customer]:
        params: Params = [
            ("query", query),
            *self._paging(limit, page),
            *_includes(*CUSTOMER_INCLUDES),
        ]
        body = await self._request("GET", "/customers", params=params)
        items = [wire.customer_from_wire(r) for r in wire.unwrap_list(body)]
        return wire.page(items, body, requested_page=page)

    async def get_customer(self, customer_id: int) -> Customer:
        return wire.customer_from_wire(await self._customer_record(customer_id))

    async def create_customer(self, customer: NewCustomer) -> Customer:
        form: Form = [
            ("first_name", customer.first_name),
            ("last_name", customer.last_name),
            *wire.indexed_phone_fields([customer.phone]),
            *_optional(email=customer.email, note=customer.note),
            *await self._customer_address_fields(customer.address),
        ]

        async def matching() -> list[Customer]:
            name = f"{customer.first_name} {customer.last_name}"
            page = await self.search_customers(name, limit=MAX_PAGE_SIZE)
            return [c for c in page.items if _same_customer(c, customer)]

        async def send() -> Customer:
            body = await self._request(
                "POST", "/customers", params=_includes(*CUSTOMER_INCLUDES), form=form
            )
            return wire.customer_from_wire(wire.unwrap_record(body, "customer"))

        return await self._create_reconciled(
            send, matching, lambda c: c.id, f"create customer {customer.first_name}"
        )

    async def update_customer(self, customer_id: int, changes: CustomerChanges) -> Customer:
        """Leap's PUT wants the whole customer, so the current record is read and merged.

        A changed phone becomes the first phone and replaces the one with the same label;
        the other phones and the address are sent back unchanged.
        """
        current = await self._customer_record(customer_id)
        phones = list(wire.phones_from_wire(current.get("phones")))
        if changes.phone is not None:
            phones = [changes.phone, *(p for p in phones if p.label != changes.phone.label)]
        form: Form = [
            ("first_name", _pick(changes.first_name, current.get("first_name"))),
            ("last_name", _pick(changes.last_name, current.get("last_name"))),
            *wire.indexed_phone_fields(phones),
            ("email", _pick(changes.email, current.get("email"))),
            ("note", _pick(changes.note, current.get("note"))),
            *self._customer_address_echo(current.get("address")),
        ]

        async def send() -> Customer:
            record = await self._put_record(
                f"/customers/{customer_id}", CUSTOMER_INCLUDES, form, "customer", customer_id
            )
            return wire.customer_from_wire(record)

        async def changed() -> Customer | None:
            now = await self.get_customer(customer_id)
            return now if _customer_has(now, changes) else None

        return await self._settled(send, changed, f"update customer {customer_id}")

    async def _customer_record(self, customer_id: int) -> wire.Record:
        body = await self._request(
            "GET",
            f"/customers/{customer_id}",
            params=_includes(*CUSTOMER_INCLUDES),
            what=f"customer {customer_id}",
        )
        return wire.unwrap_record(body, "customer")

    # --- jobs -----------------------------------------------------------------------

    async def search_jobs(
        self, keyword: str, *, limit: int = 20, page: int = 1, with_money: bool = False
    ) -> Page[Job]:
        money = self.ASSUMED_LIST_MONEY_INCLUDE if with_money else ""
        params: Params = [
            ("keyword", keyword),
            *self._paging(limit, page),
            *_includes(*JOB_INCLUDES, *((money,) if money else ())),
        ]
        body = await self._request("GET", "/jobs", params=params)
        items = [
            wire.job_from_wire(r, money_field=money, invoiced_field=self.ASSUMED_INVOICED_FIELD)
            for r in wire.unwrap_list(body)
        ]
        return wire.page(items, body, requested_page=page)

    async def get_jobs(self, job_ids: Sequence[int]) -> list[Job]:
        wanted = list(dict.fromkeys(int(i) for i in job_ids))
        found: dict[int, Job] = {}
        for start in range(0, len(wanted), MAX_PAGE_SIZE):
            batch = wanted[start : start + MAX_PAGE_SIZE]
            params: Params = [
                *(("job_ids[]", job_id) for job_id in batch),
                ("limit", MAX_PAGE_SIZE),
                *_includes(*JOB_INCLUDES),
            ]
            body = await self._request("GET", "/jobs", params=params)
            for record in wire.unwrap_list(body):
                job = wire.job_from_wire(record)
                found[job.id] = job
        return [found[i] for i in wanted if i in found]

    async def get_job(self, job_id: int, *, include_customer: bool = True) -> Job:
        includes = JOB_INCLUDES if include_customer else JOB_OWN_INCLUDES
        body = await self._request(
            "GET", f"/jobs/{job_id}", params=_includes(*includes), what=f"job {job_id}"
        )
        return wire.job_from_wire(wire.unwrap_record(body, "job"))

    async def create_job(self, job: NewJob) -> Job:
        form: Form = [
            ("customer_id", str(job.customer_id)),
            ("description", job.description),
            ("trade_0_id", str(job.trade_id)),
            *_optional(name=job.name),
        ]
        if job.address is None:
            form.append(("same_as_customer_address", "1"))
        else:
            state_id = await self._state_id(job.address.state)
            form += [
                ("same_as_customer_address", "0"),
                ("address", job.address.street),
                ("city", job.address.city),
                ("zip", job.address.zip),
            ]
            if state_id is not None:
                form += [("state_id", str(state_id)), ("country_id", str(self._us_country_id))]

        async def matching() -> list[Job]:
            owner = await self.get_customer(job.customer_id)
            page = await self.search_jobs(owner.full_name, limit=MAX_PAGE_SIZE)
            return [
                j
                for j in page.items
                if j.customer_id == job.customer_id and j.description == job.description
            ]

        async def send() -> Job:
            body = await self._request("POST", "/jobs", params=_includes(*JOB_INCLUDES), form=form)
            return wire.job_from_wire(wire.unwrap_record(body, "job"))

        return await self._create_reconciled(
            send, matching, lambda j: j.id, f"create a job for customer {job.customer_id}"
        )

    async def update_job(self, job_id: int, changes: JobChanges) -> Job:
        """Leap's PUT wants customer, description and trade every time: read, merge, send."""
        body = await self._request(
            "GET", f"/jobs/{job_id}", params=_includes("trades", "address"), what=f"job {job_id}"
        )
        current = wire.unwrap_record(body, "job")
        trade_ids = (
            [changes.trade_id]
            if changes.trade_id is not None
            else [wire.trade_from_wire(t).id for t in wire.included_list(current.get("trades"))]
        )
        form: Form = [
            ("customer_id", str(current.get("customer_id", ""))),
            ("description", _pick(changes.description, current.get("description"))),
            *((f"trade_{i}_id", str(t)) for i, t in enumerate(trade_ids)),
            ("name", _pick(changes.name, current.get("name"))),
        ]
        same_as_customer = str(current.get("same_as_customer_address", "1")) not in ("0", "False")
        form.append(("same_as_customer_address", "1" if same_as_customer else "0"))
        address = wire.included_item(current.get("address"))
        if not same_as_customer and address:
            form += [
                ("address_street", str(address.get("address") or "")),
                ("address_city", str(address.get("city") or "")),
                ("address_state_id", str(address.get("state_id") or "")),
                ("address_zip", str(address.get("zip") or "")),
                ("address_country_id", str(address.get("country_id") or "")),
            ]

        async def send() -> Job:
            record = await self._put_record(f"/jobs/{job_id}", JOB_INCLUDES, form, "job", job_id)
            return wire.job_from_wire(record)

        async def changed() -> Job | None:
            now = await self.get_job(job_id)
            wanted = (changes.name, changes.description)
            got = (now.name, now.description)
            return (
                now if all(w is None or w == g for w, g in zip(wanted, got, strict=True)) else None
            )

        return await self._settled(send, changed, f"update job {job_id}")

    async def list_stages(self) -> list[Stage]:
        # Paged like any list in case Leap applies its default page size of 10 here too.
        stages = [wire.stage_from_wire(r) for r in await self._all_pages("/workflow/stages", [])]
        return sorted(stages, key=lambda s: s.position)

    async def list_job_notes(self, job_id: int) -> list[Note]:
        records = await self._all_pages(
            f"/jobs/{job_id}/notes", _includes("created_by"), what=f"job {job_id}"
        )
        return [wire.note_from_wire(r, job_id) for r in records]

    async def add_job_note(self, job_id: int, text: str) -> Note:
        """Leap takes a new note as multipart/form-data (it may carry attachments)."""

        async def matching() -> list[Note]:
            return [n for n in await self.list_job_notes(job_id) if n.text == text]

        async def send() -> Note:
            body = await self._request(
                "POST",
                f"/jobs/{job_id}/notes",
                params=_includes("created_by"),
                multipart=[("note", text)],
                what=f"job {job_id}",
            )
            return wire.note_from_wire(wire.unwrap_record(body, "note"), job_id)

        return await self._create_reconciled(
            send, matching, lambda n: n.id, f"add a note to job {job_id}"
        )

    async def job_financial_summary(self, job_id: int) -> FinancialSummary:
        body = await self._request("GET", f"/jobs/{job_id}/financial_summary", what=f"job {job_id}")
        return wire.financial_summary_from_wire(
            wire.unwrap_record(body), job_id, invoiced_field=self.ASSUMED_INVOICED_FIELD
        )

    # --- calendar -------------------------------------------------------------------

    async def list_appointments(
        self, start: str, end: str, *, job_id: int | None = None
    ) -> list[Appointment]:
        """All appointments starting in [start, end]; with ``job_id``, only that job's."""
        params: Params = [
            ("duration", "date"),
            ("start_date", start),
            ("end_date", end),
            *_includes("customer", "user", "jobs"),
        ]
        if job_id is not None:  # ``with_job=1`` alone would drop appointments without a job
            params += [("with_job", 1), ("job_ids[]", job_id)]
        records = await self._all_pages("/appointments", params)
        return [wire.appointment_from_wire(r) for r in records]

    # --- company --------------------------------------------------------------------

    async def list_users(self) -> list[CompanyUser]:
        records = await self._all_pages("/company/users", _includes("profile"))
        return [wire.user_from_wire(r) for r in records]

    async def list_trades(self) -> list[Trade]:
        records = await self._all_pages("/company/trades", [])
        return [wire.trade_from_wire(r) for r in records]

    async def list_divisions(self) -> list[Division]:
        records = await self._all_pages("/divisions", _includes("trades"))
        return [wire.division_from_wire(r) for r in records]

    # --- addresses ------------------------------------------------------------------

    async def _state_id(self, code: str) -> int | None:
        """Leap wants a state id (from "OH" or "Ohio"); read the US state table once per client."""
        if not code:
            return None
        if self._state_ids is None:
            countries = await self._all_pages("/countries", [])
            us = next((c for c in countries if str(c.get("code", "")).upper() == "US"), None)
            if us is None:
                raise CrmError("Leap's country list has no United States")
            self._us_country_id = int(us["id"])
            states = await self._all_pages(f"/countries/{self._us_country_id}/states", [])
            self._state_ids = {
                str(s.get(key, "")).upper(): int(s["id"])
                for s in states
                for key in ("code", "name")
            }
        state_id = self._state_ids.get(code.strip().upper())
        if state_id is None:
            raise CrmValidationError(
                f"{code!r} is not a US state Leap knows", {"state": "unknown state"}
            )
        return state_id

    async def _customer_address_fields(self, address: Address) -> Form:
        if not any((address.street, address.city, address.state, address.zip)):
            return []
        state_id = await self._state_id(address.state)
        fields = {"address": address.street, "city": address.city, "zip": address.zip}
        if state_id is not None:
            fields |= {"state_id": str(state_id), "country_id": str(self._us_country_id)}
        return [(self.ASSUMED_CUSTOMER_ADDRESS_FIELD.format(k), v) for k, v in fields.items()]

    def _customer_address_echo(self, value: Any) -> Form:
        """The customer's current address, sent back unchanged on update."""
        record = wire.included_item(value)
        if not record:
            return []
        keys = ("address", "city", "state_id", "zip", "country_id")
        return [
            (self.ASSUMED_CUSTOMER_ADDRESS_FIELD.format(k), str(record[k]))
            for k in keys
            if record.get(k) not in (None, "")
        ]

    async def _put_record(
        self, path: str, includes: Sequence[str], form: Form, kind: str, record_id: int
    ) -> wire.Record:
        """Leap's PUT of a whole record; the updated record back."""
        body = await self._request(
            "PUT", path, params=_includes(*includes), form=form, what=f"{kind} {record_id}"
        )
        return wire.unwrap_record(body, kind)

    # --- writes whose outcome is unknown ---------------------------------------------

    async def _create_reconciled(
        self,
        send: Callable[[], Awaitable[T]],
        matching: Callable[[], Awaitable[list[T]]],
        key: Callable[[T], Any],
        what: str,
    ) -> T:
        """Create a record; if Leap's answer is lost, the new matching one is ours."""
        before = {key(r) for r in await matching()}

        async def created() -> T | None:
            new = [r for r in await matching() if key(r) not in before]
            return max(new, key=key) if new else None

        return await self._settled(send, created, what)

    async def _settled(
        self,
        send: Callable[[], Awaitable[T]],
        check: Callable[[], Awaitable[T | None]],
        what: str,
        *,
        unseen: str = "it is not there",
    ) -> T:
        """Send a write once. If it may have happened without an answer, look instead of
        sending it again: report it done when Leap shows it, not done when it does not
        (``unseen`` says what the look found then)."""
        try:
            return await send()
        except _MaybeDone as lost:
            logger.warning("leap write unanswered; checking", extra={"write": what})
            checking = _CHECKING.set(True)
            try:
                found = await check()
            except CrmError as exc:
                raise CrmOutcomeUnknownError(
                    f"Leap did not answer when I tried to {what}, and I could not check "
                    f"whether it happened ({exc}). Look in Leap before trying again."
                ) from None
            finally:
                _CHECKING.reset(checking)
            if found is None:
                raise CrmUnavailableError(
                    f"Leap did not confirm when I tried to {what} ({lost}); I checked and "
                    f"{unseen}, so it was not done."
                ) from None
            logger.info("leap write confirmed by a check", extra={"write": what})
            return found

    # --- transport ------------------------------------------------------------------

    @staticmethod
    def _paging(limit: int, page: int) -> Params:
        return [("limit", max(1, min(limit, MAX_PAGE_SIZE))), ("page", max(page, 1))]

    async def _all_pages(self, path: str, params: Params, *, what: str = "") -> list[wire.Record]:
        """Every record of a list endpoint, 100 at a time, following ``meta.pagination``."""
        records: list[wire.Record] = []
        for page in range(1, MAX_PAGES + 1):
            body = await self._request(
                "GET", path, params=[*params, *self._paging(MAX_PAGE_SIZE, page)], what=what
            )
            items = wire.unwrap_list(body)
            records += items
            _, current, total_pages = wire.page_of(body, items, requested_page=page)
            if current >= total_pages or not items:
                break
        return records

    def _backoff(self, attempt: int) -> float:
        """Exponential back-off with jitter: about base·2^attempt, between half and all of it."""
        ceiling = min(self._max_backoff, self._backoff_base * 2.0**attempt)
        return ceiling * (0.5 + self._jitter.random() / 2)

    def _scrub(self, text: str) -> str:
        return text.replace(self._token, "***") if self._token else text

    async def _request(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        form: Form | None = None,
        multipart: Form | None = None,
        what: str = "",
    ) -> Any:
        """One call, measured: latency, and an error when Leap failed or was unreachable
        (a 404 or a refused input is an answer, not an error)."""
        started = time.perf_counter()
        failed = True
        try:
            answer = await self._send(
                method, path, params=params, form=form, multipart=multipart, what=what
            )
            failed = False
            return answer
        except CrmError as exc:
            failed = isinstance(exc, CrmUnavailableError | CrmRateLimitedError)
            raise
        finally:
            leap_answered(time.perf_counter() - started, failed=failed)

    async def _send(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        form: Form | None = None,
        multipart: Form | None = None,
        what: str = "",
    ) -> Any:
        """Send one call within the rate budget and the deadline, retrying only where the
        rule above allows."""
        is_write = method != "GET"
        call = f"{method} {path}"
        headers = {"Authorization": f"Bearer {self._token}", "Accept": "application/json"}
        files = [(name, (None, value)) for name, value in multipart] if multipart else None
        attempt = 0
        while True:
            delay: float | None
            timeout = self._call_timeout(call, is_write)
            spare = remaining(self._deadline) - MIN_CALL_SECONDS
            try:
                async with self._limiter.slot(self._sleep, max_wait=spare):
                    self.requests_sent += 1
                    response = await self._http.request(
                        method,
                        self._base_url + path,
                        params=params,
                        data=_merge(form) if form else None,
                        files=files,
                        headers=headers,
                        timeout=timeout,
                    )
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
                # The request never left this machine: safe to send again, even a write.
                if attempt >= self._max_retries:
                    raise CrmUnavailableError(
                        f"Leap could not be reached for {call} ({type(exc).__name__})"
                    ) from None
                delay = self._backoff(attempt)
            except httpx.TransportError as exc:  # read/write timeout, dropped connection…
                if is_write:
                    raise _MaybeDone(f"no answer to {call}: {type(exc).__name__}") from None
                if attempt >= self._max_retries:
                    raise CrmUnavailableError(
                        f"Leap did not answer {call} after {attempt + 1} tries "
                        f"({type(exc).__name__})"
                    ) from None
                delay = self._backoff(attempt)
            else:
                delay = self._retry_delay_or_raise(response, call, is_write, attempt, what)
                if delay is None:
                    return self._json(response, call)
            attempt += 1
            if delay + MIN_CALL_SECONDS > remaining(self._deadline):
                raise CrmUnavailableError(
                    f"Leap is not answering {call} and there is no time left to try again"
                )
            logger.warning(
                "leap call retried",
                extra={"call": call, "attempt": attempt, "delay_s": round(delay, 3)},
            )
            await self._sleep(delay)

    def _call_timeout(self, call: str, is_write: bool) -> httpx.Timeout:
        """This call's timeout: the usual one, cut to the time the request has left. A
        call that could not finish in time is not started (so a write is not sent)."""
        left = remaining(self._deadline) - MIN_CALL_SECONDS / 2
        if left < MIN_CALL_SECONDS:
            change = "; nothing was changed" if is_write else ""
            raise CrmUnavailableError(f"out of time before Leap could be asked ({call}){change}")
        usual = CHECK_TIMEOUT_SECONDS if _CHECKING.get() else self._timeout.read or 10.0
        return httpx.Timeout(min(usual, left), connect=min(self._timeout.connect or 10.0, left))

    def _retry_delay_or_raise(
        self, response: httpx.Response, call: str, is_write: bool, attempt: int, what: str
    ) -> float | None:
        """None on success, the wait before a permitted retry, or raise the fitting CrmError."""
        status = response.status_code
        if status < 400:
            return None
        body = self._json_or_none(response)
        detail = self._scrub(wire.error_message(body))
        if status == 401:
            raise CrmAuthError(
                "Leap rejected the API token (401). A Leap admin can generate a new one "
                "under Settings → Developers."
            )
        if status == 403:
            raise CrmAuthError(
                f"The Leap API token is not allowed to {call} (403); it needs an admin's token."
            )
        if status == 404:
            raise CrmNotFoundError(
                f"Leap has no {what}." if what else f"Leap has nothing at {call}."
            )
        if status in (412, 422):
            fields = {k: self._scrub(v) for k, v in wire.validation_fields(body).items()}
            problems = "; ".join(f"{k}: {v}" for k, v in fields.items()) or detail
            raise CrmValidationError(f"Leap refused {call}: {problems}", fields)
        retry_after = _retry_after(response)
        if status == 429:
            if attempt >= self._max_retries:
                raise CrmRateLimitedError(
                    f"Leap is still rate-limiting this account after {attempt + 1} tries."
                )
            wait = self._backoff(attempt) if retry_after is None else retry_after
            too_long = self._busy_after is not None and wait > self._busy_after
            if too_long or wait + MIN_CALL_SECONDS > remaining(self._deadline):
                raise leap_busy(wait)
            return min(wait, self._max_retry_after)
        if status >= 500:
            maintenance = status == 503 and retry_after is not None
            if is_write and not maintenance:
                raise _MaybeDone(f"Leap answered {status} to {call}")
            if attempt >= self._max_retries:
                raise CrmUnavailableError(
                    f"Leap is unavailable: {call} answered {status} after {attempt + 1} tries"
                )
            wait = self._backoff(attempt) if retry_after is None else retry_after
            return min(wait, self._max_retry_after)
        raise CrmError(f"Leap refused {call} ({status}){': ' + detail if detail else ''}")

    @staticmethod
    def _json_or_none(response: httpx.Response) -> Any:
        try:
            return response.json()
        except ValueError:
            return None

    def _json(self, response: httpx.Response, call: str) -> Any:
        try:
            return response.json()
        except ValueError:
            raise CrmUnavailableError(
                f"Leap answered {call} with something that is not JSON"
            ) from None

    # ==================================================================================
    # ASSUMED — not in Leap's public summaries; verify against a real Leap account.
    # Every guess about Leap's wire protocol is in this section (the simulator serves the
    # same). Where a public Leap Postman export showed a shape, the guess follows it.
    # ==================================================================================

    #: Customer address form fields (the export uses ``address[city]`` style names).
    ASSUMED_CUSTOMER_ADDRESS_FIELD = "address[{}]"
    #: Financial summary field for the amount invoiced (the export shows none).
    ASSUMED_INVOICED_FIELD = "total_invoice_amount"
    #: The job list takes the same ``includes[]`` as GET /jobs/{id}, so
    #: ``financial_details`` brings each listed job's money (the financial summary's
    #: fields) in the list call itself. A list that comes back without it leaves
    #: ``Job.money`` None and the caller prices jobs one by one.
    ASSUMED_LIST_MONEY_INCLUDE = "financial_details"
    #: Who made a task, required by Leap's task endpoint (max 30 characters).
    ASSUMED_TASK_ORIGIN = "Hard-E"

    async def move_job_to_stage(self, job_id: int, stage_code: str) -> Job:
        """POST /jobs/stage with form ``job_id`` and ``stage`` (a stage code), then re-read."""

        async def send() -> Job:
            await self._request(
                "POST",
                "/jobs/stage",
                form=[("job_id", str(job_id)), ("stage", stage_code)],
                what=f"job {job_id}",
            )
            return await self.get_job(job_id, include_customer=False)

        async def moved() -> Job | None:
            now = await self.get_job(job_id, include_customer=False)
            return now if now.stage is not None and now.stage.code == stage_code else None

        return await self._settled(send, moved, f"move job {job_id}")

    async def create_appointment(self, appointment: NewAppointment) -> Appointment:
        """POST /appointments with the field names the appointment list answers with."""
        form: Form = [
            ("title", appointment.title),
            ("start_date_time", appointment.start),
            ("end_date_time", appointment.end),
            *_optional(location=appointment.location, description=appointment.description),
            *(("job_ids[]", str(j)) for j in appointment.job_ids),
        ]
        if appointment.user_id is not None:
            form.append(("user_id", str(appointment.user_id)))
        if appointment.customer_id is not None:
            form.append(("customer_id", str(appointment.customer_id)))

        async def matching() -> list[Appointment]:
            found = await self.list_appointments(appointment.start, appointment.end)
            return [
                a
                for a in found
                if a.title == appointment.title and a.start[:16] == appointment.start[:16]
            ]

        async def send() -> Appointment:
            body = await self._request(
                "POST", "/appointments", params=_includes("customer", "user", "jobs"), form=form
            )
            return wire.appointment_from_wire(wire.unwrap_record(body, "appointment"))

        return await self._create_reconciled(
            send, matching, lambda a: a.id, f"book {appointment.title!r}"
        )

    async def get_appointment(self, appointment_id: int) -> Appointment:
        """GET /appointments/{id} with the same includes as the appointment list."""
        body = await self._request(
            "GET",
            f"/appointments/{appointment_id}",
            params=_includes("customer", "user", "jobs"),
            what=f"appointment {appointment_id}",
        )
        return wire.appointment_from_wire(wire.unwrap_record(body, "appointment"))

    async def reschedule_appointment(
        self, appointment_id: int, start: str, end: str
    ) -> Appointment:
        """PUT /appointments/{id} with the new times (ASSUMED route, see ``_put_appointment``)."""
        current = await self.get_appointment(appointment_id)
        return await self._put_appointment(
            current,
            start=start,
            end=end,
            landed=lambda now: now.start[:16] == start[:16],
            what=f"move appointment {appointment_id}",
        )

    async def reassign_appointment(self, appointment_id: int, user_id: int) -> Appointment:
        """PUT /appointments/{id} with another ``user_id`` (ASSUMED route: Leap's public docs
        show who attends only on the create; the simulator models it the same way)."""
        current = await self.get_appointment(appointment_id)
        return await self._put_appointment(
            current,
            user_id=user_id,
            landed=lambda now: now.user_id == user_id,
            what=f"reassign appointment {appointment_id}",
        )

    async def _put_appointment(
        self,
        current: Appointment,
        *,
        landed: Callable[[Appointment], bool],
        what: str,
        start: str | None = None,
        end: str | None = None,
        user_id: int | None = None,
    ) -> Appointment:
        """ASSUMED route PUT /appointments/{id}: like Leap's other PUTs it takes the whole
        record, so the current one is sent back (the create's field names) with the change;
        a lost answer is settled by reading the appointment again."""
        form: Form = [
            ("title", current.title),
            ("start_date_time", start or current.start),
            ("end_date_time", end or current.end),
            *_optional(location=current.location, description=current.description),
            *(("job_ids[]", str(j)) for j in current.job_ids),
        ]
        attendee = user_id if user_id is not None else current.user_id
        if attendee is not None:
            form.append(("user_id", str(attendee)))
        if current.customer_id is not None:
            form.append(("customer_id", str(current.customer_id)))

        async def send() -> Appointment:
            record = await self._put_record(
                f"/appointments/{current.id}",
                ("customer", "user", "jobs"),
                form,
                "appointment",
                current.id,
            )
            return wire.appointment_from_wire(record)

        async def changed() -> Appointment | None:
            now = await self.get_appointment(current.id)
            return now if landed(now) else None

        return await self._settled(send, changed, what)

    async def cancel_appointment(self, appointment_id: int) -> None:
        """DELETE /appointments/{id}; a lost answer is settled by asking for it again."""

        async def send() -> bool:
            await self._request(
                "DELETE", f"/appointments/{appointment_id}", what=f"appointment {appointment_id}"
            )
            return True

        async def gone() -> bool | None:
            try:
                await self.get_appointment(appointment_id)
            except CrmNotFoundError:
                return True
            return None

        await self._settled(
            send, gone, f"cancel appointment {appointment_id}", unseen="it is still booked"
        )

    async def list_tasks(self, *, job_id: int | None = None) -> list[Task]:
        """GET /tasks (paginated), filtered by ``job_id``."""
        params: Params = [*_includes("participants")]
        if job_id is not None:
            params.append(("job_id", job_id))
        records = await self._all_pages("/tasks", params)
        return [wire.task_from_wire(r) for r in records]

    async def create_task(self, task: NewTask) -> Task:
        """POST /tasks: ``users[]`` assigns it; with a job and no assignee it goes to the
        job's customer rep (``assign_to_setting[]=customer_rep``)."""
        form: Form = [
            ("title", task.title),
            ("origin", self.ASSUMED_TASK_ORIGIN),
            *_optional(notes=task.notes, due_date=task.due_date),
        ]
        if task.job_id is not None:
            form.append(("job_id", str(task.job_id)))
        if task.assigned_to is not None:
            form.append(("users[]", str(task.assigned_to)))
        elif task.job_id is not None:
            form.append(("assign_to_setting[]", "customer_rep"))

        async def matching() -> list[Task]:
            return [t for t in await self.list_tasks(job_id=task.job_id) if t.title == task.title]

        async def send() -> Task:
            body = await self._request(
                "POST", "/tasks", params=_includes("participants"), form=form
            )
            return wire.task_from_wire(wire.unwrap_record(body, "task"))

        return await self._create_reconciled(
            send, matching, lambda t: t.id, f"create the task {task.title!r}"
        )


def _digits(number: str) -> str:
    digits = "".join(ch for ch in number if ch.isdigit())
    return digits[1:] if len(digits) == 11 and digits.startswith("1") else digits


def _same_customer(found: Customer, wanted: NewCustomer) -> bool:
    """The record Hard-E meant to create: same name and same phone (or email)."""
    same_name = (found.first_name.casefold(), found.last_name.casefold()) == (
        wanted.first_name.casefold(),
        wanted.last_name.casefold(),
    )
    phone = _digits(wanted.phone.number)
    same_contact = any(_digits(p.number) == phone for p in found.phones) or (
        bool(wanted.email) and found.email.casefold() == wanted.email.casefold()
    )
    return same_name and same_contact


def _customer_has(found: Customer, changes: CustomerChanges) -> bool:
    """Whether the customer now carries every change asked for."""
    wanted = {
        "first_name": changes.first_name,
        "last_name": changes.last_name,
        "email": changes.email,
        "note": changes.note,
    }
    if any(v is not None and getattr(found, k) != v for k, v in wanted.items()):
        return False
    phone = changes.phone
    return phone is None or any(_digits(p.number) == _digits(phone.number) for p in found.phones)


def _pick(change: str | None, current: Any) -> str:
    return change if change is not None else ("" if current is None else str(current))


def _optional(**fields: str) -> Form:
    """Optional create fields, left out when empty rather than sent blank."""
    return [(name, value) for name, value in fields.items() if value]


def _merge(form: Form) -> dict[str, str | list[str]]:
    """httpx takes repeated form fields (``job_ids[]``) as a list under one key."""
    merged: dict[str, str | list[str]] = {}
    for name, value in form:
        if name in merged:
            existing = merged[name]
            merged[name] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            merged[name] = value
    return merged
