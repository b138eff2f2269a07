"""Leap v3 endpoints over the in-memory store: routing, validation and Leap's JSON shapes.

No HTTP here (see :mod:`server`): a request arrives as :class:`ApiRequest` with its query
and form already parsed, and leaves as ``(status, body)``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from hard_e.crm.simulator.store import (
    LEAP_TIME,
    STATE_IDS,
    US_COUNTRY_ID,
    US_STATES,
    AddressRec,
    AppointmentRec,
    CustomerRec,
    DivisionRec,
    FinancialsRec,
    JobRec,
    LeapStore,
    NoteRec,
    PhoneRec,
    StageRec,
    TaskRec,
    UserRec,
    leap_time,
)

Json = dict[str, Any]
DEFAULT_LIMIT = 10
MAX_LIMIT = 100
TASK_ASSIGN_SETTINGS = ("customer_rep", "subs", "estimators", "company_crew")


class ApiError(Exception):
    """A Leap error reply: ``{"error": {"status_code", "message", "validation"?}}``."""

    def __init__(
        self, status: int, message: str, validation: dict[str, list[str]] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.validation = validation

    def body(self) -> Json:
        error: Json = {"status_code": self.status, "message": self.message}
        if self.validation:
            error["validation"] = self.validation
        return {"error": error}


@dataclass
class ApiRequest:
    method: str
    path: str  # below the API prefix, e.g. "/jobs/12/notes"
    query: dict[str, list[str]] = field(default_factory=dict)
    form: dict[str, list[str]] = field(default_factory=dict)
    base_url: str = ""  # e.g. "http://127.0.0.1:8123/api/v3", for pagination links

    def arg(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None

    def args(self, name: str) -> list[str]:
        return self.query.get(name, [])

    def value(self, name: str) -> str:
        """A form field, stripped; "" when absent."""
        values = self.form.get(name)
        return values[0].strip() if values else ""

    def values(self, name: str) -> list[str]:
        return [v.strip() for v in self.form.get(name, []) if v.strip()]

    def has(self, name: str) -> bool:
        return name in self.form

    @property
    def includes(self) -> set[str]:
        return {i.strip() for i in self.args("includes[]") if i.strip()}


class Problems:
    """Collects field errors and raises one 422 with all of them, as Leap does."""

    def __init__(self) -> None:
        self.fields: dict[str, list[str]] = {}

    def add(self, name: str, message: str) -> None:
        self.fields.setdefault(name, []).append(message)

    def require(self, req: ApiRequest, *names: str) -> None:
        for name in names:
            if not req.value(name):
                self.add(name, f"The {name.replace('_', ' ')} field is required.")

    def raise_any(self) -> None:
        if self.fields:
            raise ApiError(422, "Validation Failed", self.fields)


# --- rendering ----------------------------------------------------------------------


def _sub(includes: set[str], prefix: str) -> set[str]:
    return {i[len(prefix) + 1 :] for i in includes if i.startswith(prefix + ".")}


def _collection(items: Iterable[Json]) -> Json:
    return {"data": list(items)}


def render_address(address: AddressRec) -> Json:
    state: Json | None = None
    if address.state_id:
        code, name = US_STATES[address.state_id - 1]
        state = {"id": address.state_id, "name": name, "code": code, "country_id": US_COUNTRY_ID}
    return {
        "id": address.id,
        "address": address.address,
        "address_line_1": address.address_line_1,
        "city": address.city,
        "state_id": address.state_id,
        "state": state,
        "country_id": address.country_id,
        "country": _us(),
        "zip": address.zip,
        "lat": address.lat,
        "long": address.long,
    }


def _us() -> Json:
    return {"id": US_COUNTRY_ID, "name": "United States", "code": "US", "phone_code": "+1"}


def render_user(user: UserRec, includes: Collection[str] = ()) -> Json:
    out: Json = {
        "id": user.id,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "company_id": 6,
        "admin_privilege": user.group in ("owner", "admin"),
        "group": {"id": {"owner": 5, "admin": 2}.get(user.group, 3), "name": user.group},
        "added_date": user.added_date,
        "profile_pic": None,
        "active": True,
        "color": user.color,
        "role": [{"name": "plus-admin" if user.group != "standard" else "plus-standard"}],
    }
    if "profile" in includes:
        out["profile"] = {"user_id": user.id, "phone": user.phone, "position": user.position}
    return out


def render_customer(store: LeapStore, customer: CustomerRec, includes: set[str]) -> Json:
    out: Json = {
        "id": customer.id,
        "company_name": customer.company_name,
        "first_name": customer.first_name,
        "last_name": customer.last_name,
        "email": customer.email,
        "additional_emails": [],
        "note": customer.note,
        "is_commercial": 0,
        "call_required": False,
        "appointment_required": False,
        "created_at": customer.created_at,
        "updated_at": customer.updated_at,
        "deleted_at": None,
    }
    if "phones" in includes:
        out["phones"] = _collection(
            {"label": p.label, "number": p.number, "ext": p.ext} for p in customer.phones
        )
    if "address" in includes:
        out["address"] = render_address(customer.address) if customer.address else None
    if "rep" in includes:
        rep = store.users.get(customer.rep_id or 0)
        out["rep"] = render_user(rep) if rep else None
    if "jobs" in includes:
        jobs = [j for j in store.jobs.values() if j.customer_id == customer.id]
        out["jobs"] = _collection(render_job(store, j, set()) for j in jobs)
    return out


def render_stage_brief(stage: StageRec) -> Json:
    return {"name": stage.name, "color": stage.color, "code": stage.code}


def render_stage(store: LeapStore, stage: StageRec) -> Json:
    return {
        "id": stage.id,
        "code": stage.code,
        "workflow_id": 3,
        "name": stage.name,
        "locked": stage.locked,
        "position": stage.position,
        "color": stage.color,
        "options": None,
        "jobs_count": sum(1 for j in store.jobs.values() if j.stage_code == stage.code),
    }


def render_trade(store: LeapStore, trade_id: int) -> Json:
    trade = store.trades[trade_id]
    return {"id": trade.id, "name": trade.name, "color": trade.color}


def render_job(store: LeapStore, job: JobRec, includes: set[str]) -> Json:
    stage = store.stage(job.stage_code)
    out: Json = {
        "id": job.id,
        "name": job.name,
        "number": job.number,
        "customer_id": job.customer_id,
        "description": job.description,
        "same_as_customer_address": job.same_as_customer_address,
        "division_id": job.division_id,
        "created_by": job.created_by,
        "created_at": job.created_at,
        "created_date": job.created_at,
        "updated_at": job.updated_at,
        "deleted_at": None,
        "contract_signed_date": job.contract_signed_date,
        "completion_date": job.completion_date,
        "current_stage": render_stage_brief(stage) if stage else None,
        "stage_last_modified": job.stage_last_modified,
        "archived": None,
        "multi_job": 0,
    }
    if "customer" in includes:
        customer = store.customers.get(job.customer_id)
        out["customer"] = (
            render_customer(store, customer, _sub(includes, "customer")) if customer else None
        )
    if "address" in includes:
        out["address"] = render_address(job.address) if job.address else None
    if "trades" in includes:
        out["trades"] = _collection(render_trade(store, t) for t in job.trade_ids)
    if "reps" in includes:
        out["reps"] = _collection(render_user(store.users[u]) for u in job.rep_ids)
    if "estimators" in includes:
        out["estimators"] = _collection(render_user(store.users[u]) for u in job.estimator_ids)
    if "division" in includes:
        division = store.divisions.get(job.division_id or 0)
        out["division"] = render_division(store, division, set()) if division else None
    if "financial_details" in includes:
        out["financial_details"] = render_financial_summary(store.financials[job.id])
    if "custom_fields" in includes:
        out["custom_fields"] = _collection([])
    return out


def render_division(store: LeapStore, division: DivisionRec, includes: set[str]) -> Json:
    out: Json = {
        "id": division.id,
        "name": division.name,
        "color": division.color,
        "email": division.email,
        "phone": division.phone,
        "phone_ext": None,
    }
    if "trades" in includes:
        out["trades"] = _collection(render_trade(store, t) for t in division.trade_ids)
    return out


def render_financial_summary(money: FinancialsRec) -> Json:
    revenue = money.job_price + money.change_orders
    return {
        "job_id": money.job_id,
        "total_job_price": money.job_price,
        "total_change_order_amount": money.change_orders,
        "total_invoice_amount": money.invoiced,
        "total_payment_received": money.received,
        "total_amount_owed": round(revenue - money.received - money.credits + money.refunds, 2),
        "total_credit_amount": money.credits,
        "total_refund_amount": money.refunds,
        "total_job_revenue": revenue,
    }


def render_note(store: LeapStore, note: NoteRec, includes: set[str]) -> Json:
    out: Json = {
        "id": note.id,
        "stage_code": note.stage_code,
        "note": note.note,
        "created_at": note.created_at,
        "updated_at": note.updated_at,
    }
    if "created_by" in includes and note.created_by in store.users:
        out["created_by"] = render_user(store.users[note.created_by])
    return out


def render_appointment(store: LeapStore, appt: AppointmentRec, includes: set[str]) -> Json:
    out: Json = {
        "id": appt.id,
        "title": appt.title,
        "description": appt.description,
        "start_date_time": appt.start,
        "end_date_time": appt.end,
        "location": appt.location,
        "customer_id": appt.customer_id,
        "user_id": appt.user_id,
        "attendees_ids": appt.attendee_ids,
        "full_day": appt.full_day,
        "is_completed": appt.is_completed,
        "is_recurring": False,
        "created_at": appt.created_at,
    }
    if "customer" in includes:
        customer = store.customers.get(appt.customer_id or 0)
        out["customer"] = render_customer(store, customer, set()) if customer else None
    if "user" in includes:
        out["user"] = render_user(store.users[appt.user_id])
    if "attendees" in includes:
        out["attendees"] = _collection(render_user(store.users[u]) for u in appt.attendee_ids)
    if "jobs" in includes:
        out["jobs"] = _collection(
            render_job(store, store.jobs[j], _sub(includes, "jobs"))
            for j in appt.job_ids
            if j in store.jobs
        )
    return out


def render_task(store: LeapStore, task: TaskRec) -> Json:
    return {
        "id": task.id,
        "title": task.title,
        "notes": task.notes,
        "due_date": task.due_date,
        "job_id": task.job_id,
        "completed": task.completed,
        "created_by": task.created_by,
        "created_at": task.created_at,
        "updated_at": task.created_at,
        "participants": _collection(render_user(store.users[u]) for u in task.participant_ids),
    }


# --- envelopes ----------------------------------------------------------------------


def _page_number(req: ApiRequest, name: str, default: int) -> int:
    raw = req.arg(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ApiError(
            422, "Validation Failed", {name: [f"The {name} must be an integer."]}
        ) from None


def paginated(req: ApiRequest, items: list[Any], render: Callable[[Any], Json]) -> Json:
    """Leap's list envelope: ``data`` plus ``meta.pagination`` (Fractal's shape)."""
    limit = _page_number(req, "limit", DEFAULT_LIMIT)
    limit = DEFAULT_LIMIT if limit <= 0 else min(limit, MAX_LIMIT)
    page = max(_page_number(req, "page", 1), 1)
    total = len(items)
    total_pages = max(math.ceil(total / limit), 1)
    chunk = items[(page - 1) * limit : page * limit]
    links: Json = {}
    if page > 1:
        links["previous"] = _page_link(req, page - 1)
    if page < total_pages:
        links["next"] = _page_link(req, page + 1)
    return {
        "data": [render(item) for item in chunk],
        "meta": {
            "pagination": {
                "total": total,
                "count": len(chunk),
                "per_page": limit,
                "current_page": page,
                "total_pages": total_pages,
                "links": links,
            }
        },
        "status": 200,
    }


def _page_link(req: ApiRequest, page: int) -> str:
    query = [(k, v) for k, vs in req.query.items() if k != "page" for v in vs] + [("page", page)]
    return f"{req.base_url}{req.path}?{urlencode(query)}"


def single(record: Json, message: str | None = None) -> Json:
    body: Json = {"data": record, "status": 200}
    if message:
        body = {"message": message, **body}
    return body


# --- shared validation --------------------------------------------------------------


def _int(raw: str) -> int | None:
    return int(raw) if raw.isdigit() else None


def _existing_id(
    problems: Problems, name: str, raw: str, records: Mapping[int, object]
) -> int | None:
    if not raw:
        return None
    value = _int(raw)
    if value is None or value not in records:
        problems.add(name, f"The selected {name.replace('_', ' ')} is invalid.")
        return None
    return value


def _when(problems: Problems, name: str, raw: str, fmt: str = LEAP_TIME) -> datetime | None:
    try:
        return datetime.strptime(raw, fmt)
    except ValueError:
        label = "Y-m-d H:i:s" if fmt == LEAP_TIME else "Y-m-d"
        problems.add(name, f"The {name.replace('_', ' ')} does not match the format {label}.")
        return None


def _find(records: Mapping[int, Any], record_id: int, what: str) -> Any:
    record = records.get(record_id)
    if record is None:
        raise ApiError(404, f"{what} Not Found.")
    return record


# --- customers ----------------------------------------------------------------------


def list_customers(store: LeapStore, req: ApiRequest) -> Json:
    customers = store.search_customers(req.arg("query") or "")
    return paginated(req, customers, lambda c: render_customer(store, c, req.includes))


def get_customer(store: LeapStore, req: ApiRequest, customer_id: int) -> Json:
    customer = _find(store.customers, customer_id, "Customer")
    return single(render_customer(store, customer, req.includes))


def _customer_fields(req: ApiRequest) -> tuple[list[PhoneRec], AddressRec | None, Problems]:
    problems = Problems()
    problems.require(req, "first_name", "last_name", "phone_0_label", "phone_0_number")
    phones = []
    i = 0
    while req.has(f"phone_{i}_number") or req.has(f"phone_{i}_label"):
        label, number = req.value(f"phone_{i}_label"), req.value(f"phone_{i}_number")
        digits = re.sub(r"\D", "", number)
        if number and len(digits) != 10:
            problems.add(f"phone_{i}_number", "The phone number must be 10 digits.")
        if label and number:
            phones.append(PhoneRec(label=label, number=digits))
        i += 1
    email = req.value("email")
    if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        problems.add("email", "The email must be a valid email address.")
    address = None
    if any(k.startswith("address[") for k in req.form):
        state_raw = req.value("address[state_id]")
        state_id = _int(state_raw)
        if state_raw and (state_id is None or not 1 <= state_id <= len(US_STATES)):
            problems.add("address.state_id", "The selected address.state id is invalid.")
        address = AddressRec(
            id=0,
            address=req.value("address[address]"),
            city=req.value("address[city]"),
            state_id=state_id,
            zip=req.value("address[zip]"),
        )
    return phones, address, problems


def create_customer(store: LeapStore, req: ApiRequest) -> Json:
    phones, address, problems = _customer_fields(req)
    problems.raise_any()
    now = leap_time(datetime.now())
    if address:
        address.id = store.next_address_id()
    customer = CustomerRec(
        id=store.next_id(store.customers),
        first_name=req.value("first_name"),
        last_name=req.value("last_name"),
        email=req.value("email"),
        phones=phones,
        address=address,
        rep_id=_int(req.value("rep_id")),
        created_at=now,
        updated_at=now,
        note=req.value("note"),
    )
    store.customers[customer.id] = customer
    body = render_customer(store, customer, req.includes)
    return single(body, "Prospect / Customer saved successfully.")


def update_customer(store: LeapStore, req: ApiRequest, customer_id: int) -> Json:
    customer: CustomerRec = _find(store.customers, customer_id, "Customer")
    phones, address, problems = _customer_fields(req)
    problems.raise_any()
    customer.first_name = req.value("first_name")
    customer.last_name = req.value("last_name")
    customer.phones = phones
    if req.has("email"):
        customer.email = req.value("email")
    if req.has("note"):
        customer.note = req.value("note")
    if address:
        address.id = customer.address.id if customer.address else store.next_address_id()
        customer.address = address
    customer.updated_at = leap_time(datetime.now())
    body = render_customer(store, customer, req.includes)
    return single(body, "Prospect / Customer updated successfully.")


# --- jobs ---------------------------------------------------------------------------


def list_jobs(store: LeapStore, req: ApiRequest) -> Json:
    jobs = store.search_jobs(req.arg("keyword") or "")
    if ids := req.args("job_ids[]"):
        if not all(i.isdigit() for i in ids):
            raise ApiError(422, "Validation Failed", {"job_ids": ["The job ids must be integers."]})
        wanted = {int(i) for i in ids}
        jobs = [j for j in jobs if j.id in wanted]
    if customer := req.arg("customer_id"):
        jobs = [j for j in jobs if str(j.customer_id) == customer]
    if stages := set(req.args("stages[]")):
        jobs = [j for j in jobs if j.stage_code in stages]
    return paginated(req, jobs, lambda j: render_job(store, j, req.includes))


def get_job(store: LeapStore, req: ApiRequest, job_id: int) -> Json:
    return single(render_job(store, _find(store.jobs, job_id, "Job"), req.includes))


def _job_fields(
    store: LeapStore, req: ApiRequest, address_keys: dict[str, str]
) -> tuple[int | None, list[int], AddressRec | None, Problems]:
    """Validate a job form; ``address_keys`` maps street/city/state_id/zip to field names."""
    problems = Problems()
    problems.require(req, "customer_id", "description", "trade_0_id")
    customer_id = _existing_id(problems, "customer_id", req.value("customer_id"), store.customers)
    trade_ids = []
    i = 0
    while req.has(f"trade_{i}_id"):
        trade = _existing_id(problems, f"trade_{i}_id", req.value(f"trade_{i}_id"), store.trades)
        if trade is not None:
            trade_ids.append(trade)
        i += 1
    address = None
    if req.value("same_as_customer_address") in ("0", "false"):
        street = req.value(address_keys["street"])
        if not street:
            problems.add(address_keys["street"], "The address field is required.")
        state_raw = req.value(address_keys["state_id"])
        state_id = _int(state_raw)
        if state_raw and (state_id is None or not 1 <= state_id <= len(US_STATES)):
            problems.add(address_keys["state_id"], "The selected state id is invalid.")
        address = AddressRec(
            id=store.next_address_id(),
            address=street,
            city=req.value(address_keys["city"]),
            state_id=state_id,
            zip=req.value(address_keys["zip"]),
        )
    return customer_id, trade_ids, address, problems


def create_job(store: LeapStore, req: ApiRequest) -> Json:
    keys = {"street": "address", "city": "city", "state_id": "state_id", "zip": "zip"}
    customer_id, trade_ids, address, problems = _job_fields(store, req, keys)
    problems.raise_any()
    assert customer_id is not None
    customer = store.customers[customer_id]
    created = datetime.now()
    division = next((d for d in store.divisions.values() if trade_ids[0] in d.trade_ids), None)
    job = JobRec(
        id=store.next_id(store.jobs),
        number=store.job_number(customer_id, created),
        name=req.value("name"),
        customer_id=customer_id,
        description=req.value("description"),
        trade_ids=trade_ids,
        division_id=division.id if division else None,
        same_as_customer_address=0 if address else 1,
        address=address or customer.address,
        stage_code=store.first_stage().code,
        stage_last_modified=leap_time(created),
        created_at=leap_time(created),
        updated_at=leap_time(created),
        created_by=store.api_user_id,
        rep_ids=[customer.rep_id] if customer.rep_id else [],
    )
    store.jobs[job.id] = job
    store.financials[job.id] = FinancialsRec(job_id=job.id)
    return single(render_job(store, job, req.includes), "Job saved successfully.")


def update_job(store: LeapStore, req: ApiRequest, job_id: int) -> Json:
    job: JobRec = _find(store.jobs, job_id, "Job")
    keys = {
        "street": "address_street",
        "city": "address_city",
        "state_id": "address_state_id",
        "zip": "address_zip",
    }
    customer_id, trade_ids, address, problems = _job_fields(store, req, keys)
    problems.raise_any()
    assert customer_id is not None
    job.customer_id = customer_id
    job.description = req.value("description")
    job.trade_ids = trade_ids
    if req.has("name"):
        job.name = req.value("name")
    if address:
        job.same_as_customer_address, job.address = 0, address
    elif req.value("same_as_customer_address") in ("1", "true"):
        job.same_as_customer_address = 1
        job.address = store.customers[customer_id].address
    job.updated_at = leap_time(datetime.now())
    return single(render_job(store, job, req.includes), "Job updated successfully.")


def financial_summary(store: LeapStore, req: ApiRequest, job_id: int) -> Json:
    _find(store.jobs, job_id, "Job")
    return {"data": [render_financial_summary(store.financials[job_id])], "status": 200}


# --- notes --------------------------------------------------------------------------


def list_notes(store: LeapStore, req: ApiRequest, job_id: int) -> Json:
    _find(store.jobs, job_id, "Job")
    notes = sorted(
        (n for n in store.notes.values() if n.job_id == job_id),
        key=lambda n: (n.created_at, n.id),
        reverse=True,
    )
    return paginated(req, notes, lambda n: render_note(store, n, req.includes))


def add_note(store: LeapStore, req: ApiRequest, job_id: int) -> Json:
    job: JobRec = _find(store.jobs, job_id, "Job")
    problems = Problems()
    problems.require(req, "note")
    problems.raise_any()
    now = leap_time(datetime.now())
    note = NoteRec(
        id=store.next_id(store.notes),
        job_id=job.id,
        note=req.value("note"),
        stage_code=job.stage_code,
        created_by=store.api_user_id,
        created_at=now,
        updated_at=now,
    )
    store.notes[note.id] = note
    return single(render_note(store, note, req.includes), "Note added successfully.")


def update_note(store: LeapStore, req: ApiRequest, note_id: int) -> Json:
    note: NoteRec = _find(store.notes, note_id, "Note")
    problems = Problems()
    problems.require(req, "note")
    problems.raise_any()
    note.note = req.value("note")
    note.updated_at = leap_time(datetime.now())
    return single(render_note(store, note, req.includes), "Note updated successfully.")


# --- company ------------------------------------------------------------------------


def list_stages(store: LeapStore, req: ApiRequest) -> Json:
    stages = sorted(store.stages, key=lambda s: s.position)
    if code := req.arg("stage_code"):
        stages = [s for s in stages if s.code == code]
    return {"data": [render_stage(store, s) for s in stages], "status": 200}


def list_users(store: LeapStore, req: ApiRequest) -> Json:
    users = sorted(store.users.values(), key=lambda u: u.id)
    return paginated(req, users, lambda u: render_user(u, req.includes))


def list_trades(store: LeapStore, req: ApiRequest) -> Json:
    trades = sorted(store.trades.values(), key=lambda t: t.name)
    return {"data": [render_trade(store, t.id) for t in trades], "status": 200}


def list_divisions(store: LeapStore, req: ApiRequest) -> Json:
    divisions = sorted(store.divisions.values(), key=lambda d: d.id)
    return paginated(req, divisions, lambda d: render_division(store, d, req.includes))


def list_countries(store: LeapStore, req: ApiRequest) -> Json:
    return {"data": [_us()], "status": 200}


def list_states(store: LeapStore, req: ApiRequest, country_id: int) -> Json:
    if country_id != US_COUNTRY_ID:
        raise ApiError(404, "Country Not Found.")
    states = [
        {"id": STATE_IDS[code], "name": name, "code": code, "country_id": US_COUNTRY_ID}
        for code, name in US_STATES
    ]
    return {"data": states, "status": 200}


# --- appointments -------------------------------------------------------------------


def _range_bound(problems: Problems, name: str, raw: str, end_of_day: bool) -> str | None:
    if not raw:
        return None
    if len(raw) == 10 and _when(problems, name, raw, "%Y-%m-%d"):
        return f"{raw} {'23:59:59' if end_of_day else '00:00:00'}"
    return raw if _when(problems, name, raw) else None


def list_appointments(store: LeapStore, req: ApiRequest) -> Json:
    problems = Problems()
    start = _range_bound(problems, "start_date", req.arg("start_date") or "", False)
    end = _range_bound(problems, "end_date", req.arg("end_date") or "", True)
    problems.raise_any()
    appts = sorted(store.appointments.values(), key=lambda a: (a.start, a.id))
    if start:
        appts = [a for a in appts if a.start >= start]
    if end:
        appts = [a for a in appts if a.start <= end]
    if req.arg("duration") == "upcoming":
        now = leap_time(datetime.now())
        appts = [a for a in appts if a.start >= now]
    with_job = req.arg("with_job")
    if with_job in ("1", "0"):
        appts = [a for a in appts if bool(a.job_ids) == (with_job == "1")]
    if job_ids := {int(i) for i in req.args("job_ids[]") if i.isdigit()}:
        appts = [a for a in appts if job_ids & set(a.job_ids)]
    if customer := req.arg("customer_id"):
        appts = [a for a in appts if str(a.customer_id) == customer]
    return paginated(req, appts, lambda a: render_appointment(store, a, req.includes))


def _appointment_fields(
    store: LeapStore, req: ApiRequest
) -> tuple[str, str, int | None, int | None, list[int]]:
    """Start, end, user, customer and jobs of a create or a whole-record PUT, checked
    the way Leap checks a form (422 with every problem at once)."""
    problems = Problems()
    problems.require(req, "title", "start_date_time", "end_date_time")
    start, end = req.value("start_date_time"), req.value("end_date_time")
    starts = _when(problems, "start_date_time", start) if start else None
    ends = _when(problems, "end_date_time", end) if end else None
    if starts and ends and ends < starts:
        problems.add("end_date_time", "The end date time must be after the start date time.")
    user_id = _existing_id(problems, "user_id", req.value("user_id"), store.users)
    customer_id = _existing_id(problems, "customer_id", req.value("customer_id"), store.customers)
    job_ids = [
        j
        for raw in req.values("job_ids[]")
        if (j := _existing_id(problems, "job_ids", raw, store.jobs)) is not None
    ]
    problems.raise_any()
    return start, end, user_id, customer_id, job_ids


def create_appointment(store: LeapStore, req: ApiRequest) -> Json:
    """ASSUMED endpoint: fields named as the appointment list answers them."""
    start, end, user_id, customer_id, job_ids = _appointment_fields(store, req)
    if customer_id is None and job_ids:
        customer_id = store.jobs[job_ids[0]].customer_id
    customer = store.customers.get(customer_id or 0)
    location = req.value("location") or (
        customer.address.one_line() if customer and customer.address else ""
    )
    owner = user_id or store.api_user_id
    appt = AppointmentRec(
        id=store.next_id(store.appointments),
        title=req.value("title"),
        description=req.value("description"),
        start=start,
        end=end,
        location=location,
        customer_id=customer_id,
        user_id=owner,
        job_ids=job_ids,
        attendee_ids=[owner],
        created_by=store.api_user_id,
        created_at=leap_time(datetime.now()),
    )
    store.appointments[appt.id] = appt
    body = render_appointment(store, appt, req.includes)
    return single(body, "Appointment saved successfully.")


def get_appointment(store: LeapStore, req: ApiRequest, appointment_id: int) -> Json:
    """ASSUMED endpoint: one appointment, with the list's includes."""
    appt = _find(store.appointments, appointment_id, "Appointment")
    return single(render_appointment(store, appt, req.includes))


def update_appointment(store: LeapStore, req: ApiRequest, appointment_id: int) -> Json:
    """ASSUMED endpoint: PUT the whole appointment, fields named as the create takes them
    (title, start and end required; what is left out stays as it was)."""
    appt: AppointmentRec = _find(store.appointments, appointment_id, "Appointment")
    start, end, user_id, customer_id, job_ids = _appointment_fields(store, req)
    appt.title, appt.start, appt.end = req.value("title"), start, end
    if req.has("location"):
        appt.location = req.value("location")
    if req.has("description"):
        appt.description = req.value("description")
    if user_id is not None:
        appt.user_id = user_id
        appt.attendee_ids = [user_id, *(u for u in appt.attendee_ids if u != user_id)]
    if customer_id is not None:
        appt.customer_id = customer_id
    if req.has("job_ids[]"):
        appt.job_ids = job_ids
    appt.is_completed = False
    body = render_appointment(store, appt, req.includes)
    return single(body, "Appointment updated successfully.")


def delete_appointment(store: LeapStore, req: ApiRequest, appointment_id: int) -> Json:
    """ASSUMED endpoint: the appointment is gone; later reads of it answer 404."""
    _find(store.appointments, appointment_id, "Appointment")
    del store.appointments[appointment_id]
    return {"message": "Appointment deleted successfully.", "status": 200}


# --- tasks and stages (ASSUMED endpoints) -------------------------------------------


def list_tasks(store: LeapStore, req: ApiRequest) -> Json:
    """ASSUMED endpoint: GET /tasks, filtered by ``job_id``."""
    tasks = sorted(store.tasks.values(), key=lambda t: t.id)
    if job := req.arg("job_id"):
        tasks = [t for t in tasks if str(t.job_id) == job]
    return paginated(req, tasks, lambda t: render_task(store, t))


def create_task(store: LeapStore, req: ApiRequest) -> Json:
    """POST /tasks as in Leap's public Postman export: ``users[]`` or ``assign_to_setting[]``."""
    problems = Problems()
    problems.require(req, "title", "origin")
    if len(req.value("origin")) > 30:
        problems.add("origin", "The origin may not be greater than 30 characters.")
    job_id = _existing_id(problems, "job_id", req.value("job_id"), store.jobs)
    users = []
    for raw in req.values("users[]"):
        user = _existing_id(problems, "users", raw, store.users)
        if user is not None:
            users.append(user)
    settings = req.values("assign_to_setting[]")
    if bad := [s for s in settings if s not in TASK_ASSIGN_SETTINGS]:
        problems.add("assign_to_setting", f"The selected assign to setting is invalid: {bad[0]}.")
    if not req.values("users[]") and not settings:
        problems.add("users", "The users field is required when assign to setting is not present.")
    due = req.value("due_date")
    if due:
        _when(problems, "due_date", due, "%Y-%m-%d")
    problems.raise_any()
    if "customer_rep" in settings and job_id is not None:
        users += [u for u in store.jobs[job_id].rep_ids if u not in users]
    if "estimators" in settings and job_id is not None:
        users += [u for u in store.jobs[job_id].estimator_ids if u not in users]
    task = TaskRec(
        id=store.next_id(store.tasks),
        title=req.value("title"),
        notes=req.value("notes"),
        due_date=due or None,
        job_id=job_id,
        participant_ids=users,
        completed=None,
        created_by=store.api_user_id,
        created_at=leap_time(datetime.now()),
        origin=req.value("origin"),
    )
    store.tasks[task.id] = task
    return single(render_task(store, task), "Task Created successfully.")


def move_job_stage(store: LeapStore, req: ApiRequest) -> Json:
    """POST /jobs/stage as in Leap's public Postman export: form ``job_id`` and ``stage``."""
    problems = Problems()
    problems.require(req, "job_id", "stage")
    job_id = _existing_id(problems, "job_id", req.value("job_id"), store.jobs)
    stage = store.stage(req.value("stage"))
    if req.value("stage") and stage is None:
        problems.add("stage", "The selected stage is invalid.")
    problems.raise_any()
    assert job_id is not None and stage is not None
    job = store.jobs[job_id]
    now = leap_time(datetime.now())
    if job.stage_code != stage.code:
        job.stage_code, job.stage_last_modified, job.updated_at = stage.code, now, now
    workflow = {
        "id": job.id,
        "stage_code": stage.code,
        "modified_by": store.api_user_id,
        "stage_last_modified": job.stage_last_modified,
        "current_stage": render_stage(store, stage),
    }
    return single(workflow, "Stage saved successfully.")


# --- routing ------------------------------------------------------------------------

Handler = Callable[..., Json]
ROUTES: tuple[tuple[str, re.Pattern[str], Handler], ...] = tuple(
    (method, re.compile(pattern + r"/?"), handler)
    for method, pattern, handler in (
        ("GET", r"/customers", list_customers),
        ("POST", r"/customers", create_customer),
        ("GET", r"/customers/(\d+)", get_customer),
        ("PUT", r"/customers/(\d+)", update_customer),
        ("GET", r"/jobs", list_jobs),
        ("POST", r"/jobs", create_job),
        ("POST", r"/jobs/stage", move_job_stage),
        ("PUT", r"/jobs/notes/(\d+)", update_note),
        ("GET", r"/jobs/(\d+)", get_job),
        ("PUT", r"/jobs/(\d+)", update_job),
        ("GET", r"/jobs/(\d+)/notes", list_notes),
        ("POST", r"/jobs/(\d+)/notes", add_note),
        ("GET", r"/jobs/(\d+)/financial_summary", financial_summary),
        ("GET", r"/workflow/stages", list_stages),
        ("GET", r"/company/users", list_users),
        ("GET", r"/company/trades", list_trades),
        ("GET", r"/divisions", list_divisions),
        ("GET", r"/countries", list_countries),
        ("GET", r"/countries/(\d+)/states", list_states),
        ("GET", r"/appointments", list_appointments),
        ("POST", r"/appointments", create_appointment),
        ("GET", r"/appointments/(\d+)", get_appointment),
        ("PUT", r"/appointments/(\d+)", update_appointment),
        ("DELETE", r"/appointments/(\d+)", delete_appointment),
        ("GET", r"/tasks", list_tasks),
        ("POST", r"/tasks", create_task),
    )
)


def handle(store: LeapStore, req: ApiRequest) -> tuple[int, Json]:
    """Answer one API call as Leap would: ``(status, body)``."""
    allowed = False
    for method, pattern, handler in ROUTES:
        match = pattern.fullmatch(req.path)
        if match is None:
            continue
        if method != req.method:
            allowed = True
            continue
        try:
            with store.lock:
                return 200, handler(store, req, *(int(g) for g in match.groups()))
        except ApiError as exc:
            return exc.status, exc.body()
    if allowed:
        return 405, ApiError(405, "Method Not Allowed").body()
    return 404, ApiError(404, "Not Found").body()
