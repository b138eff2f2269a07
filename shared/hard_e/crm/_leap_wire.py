"""Leap v3 JSON ↔ CRM records. Pure functions: no I/O, so the mapping is easy to test.

Leap (a Laravel/Fractal API) nests included lists as ``{"data": [...]}``, included
single records as plain objects, and sends numbers and flags as strings or ints
depending on the endpoint, so every reader here is lenient about types.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from hard_e.crm.models import (
    Address,
    Appointment,
    CompanyUser,
    Customer,
    Division,
    FinancialSummary,
    Job,
    Note,
    Page,
    Phone,
    Stage,
    Task,
    Trade,
)

Record = Mapping[str, Any]
Form = list[tuple[str, str]]
CONTRACT_FIELD = "total_job_price"  # a financial summary's contract amount


# --- small readers ------------------------------------------------------------------


def _str(value: Any) -> str:
    return "" if value is None else str(value)


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _int(value: Any, default: int = 0) -> int:
    parsed = _int_or_none(value)
    return default if parsed is None else parsed


def _float(value: Any) -> float:
    try:
        return float(value) if value not in (None, "") else 0.0
    except (TypeError, ValueError):
        return 0.0


def included_list(value: Any) -> list[Record]:
    """An included collection: ``{"data": [...]}``, or a bare list in some write replies."""
    if isinstance(value, Mapping):
        value = value.get("data")
    if isinstance(value, list):
        return [item for item in value if isinstance(item, Mapping)]
    return []


def included_item(value: Any) -> Record | None:
    """An included single record: a plain object, or ``{"data": {...}}`` in some versions."""
    if isinstance(value, Mapping):
        inner = value.get("data")
        return inner if isinstance(inner, Mapping) else value
    return None


def unwrap_record(body: Any, *resource_keys: str) -> Record:
    """The record of a single-record reply: ``data``, or the resource key older writes use
    (``{"message": ..., "customer": {...}}``)."""
    if isinstance(body, Mapping):
        for key in ("data", *resource_keys):
            value = body.get(key)
            if isinstance(value, Mapping):
                return value
            if isinstance(value, list) and value and isinstance(value[0], Mapping):
                return value[0]  # e.g. financial_summary answers a one-item list
    raise ValueError("reply has no record")


def unwrap_list(body: Any) -> list[Record]:
    return included_list(body)


def page_of(body: Any, items: Sequence[Any], *, requested_page: int) -> tuple[int, int, int]:
    """``(total, current_page, total_pages)`` from ``meta.pagination`` (absent: one page)."""
    meta = body.get("meta") if isinstance(body, Mapping) else None
    pagination = meta.get("pagination") if isinstance(meta, Mapping) else None
    if not isinstance(pagination, Mapping):
        return len(items), requested_page, 1
    return (
        _int(pagination.get("total"), len(items)),
        _int(pagination.get("current_page"), requested_page),
        max(_int(pagination.get("total_pages"), 1), 1),
    )


# --- records ------------------------------------------------------------------------


def address_from_wire(value: Any) -> Address:
    record = included_item(value)
    if record is None:
        return Address()
    state = record.get("state")
    code = state.get("code") if isinstance(state, Mapping) else state
    street = " ".join(
        p for p in (_str(record.get("address")), _str(record.get("address_line_1"))) if p
    )
    return Address(
        street=street, city=_str(record.get("city")), state=_str(code), zip=_str(record.get("zip"))
    )


def phones_from_wire(value: Any) -> tuple[Phone, ...]:
    return tuple(
        Phone(label=_str(p.get("label")), number=_str(p.get("number")))
        for p in included_list(value)
        if p.get("number")
    )


def customer_from_wire(record: Record) -> Customer:
    return Customer(
        id=_int(record.get("id")),
        first_name=_str(record.get("first_name")),
        last_name=_str(record.get("last_name")),
        email=_str(record.get("email")),
        phones=phones_from_wire(record.get("phones")),
        address=address_from_wire(record.get("address")),
        note=_str(record.get("note")),
        created_at=_str(record.get("created_at")),
    )


def user_from_wire(record: Record) -> CompanyUser:
    profile = included_item(record.get("profile"))
    group = included_item(record.get("group"))
    role = _str(profile.get("position")) if profile else ""
    if not role and group:
        role = _str(group.get("name"))
    return CompanyUser(
        id=_int(record.get("id")),
        first_name=_str(record.get("first_name")),
        last_name=_str(record.get("last_name")),
        email=_str(record.get("email")),
        role=role,
    )


def trade_from_wire(record: Record) -> Trade:
    return Trade(id=_int(record.get("id")), name=_str(record.get("name")))


def division_from_wire(record: Record) -> Division:
    return Division(
        id=_int(record.get("id")),
        name=_str(record.get("name")),
        trades=tuple(trade_from_wire(t) for t in included_list(record.get("trades"))),
    )


def stage_from_wire(record: Record) -> Stage:
    """A workflow stage; a job's ``current_stage`` carries no position, so it reads as 0."""
    return Stage(
        code=_str(record.get("code")),
        name=_str(record.get("name")),
        position=_int(record.get("position")),
    )


def job_from_wire(record: Record, *, money_field: str = "", invoiced_field: str = "") -> Job:
    """A job; with ``money_field``, its money from the record's included financial
    details (``money`` stays None when the record does not carry them)."""
    current = included_item(record.get("current_stage"))
    customer = included_item(record.get("customer"))
    details = included_item(record.get(money_field)) if money_field else None
    job_id = _int(record.get("id"))
    money = (  # details without the contract's field are not read as a $0 contract
        financial_summary_from_wire(details, job_id, invoiced_field=invoiced_field)
        if details and CONTRACT_FIELD in details
        else None
    )
    return Job(
        id=job_id,
        number=_str(record.get("number")),
        name=_str(record.get("name")),
        customer_id=_int(record.get("customer_id")),
        description=_str(record.get("description")),
        stage=stage_from_wire(current) if current else None,
        stage_last_modified=_str(record.get("stage_last_modified")),
        trades=tuple(trade_from_wire(t) for t in included_list(record.get("trades"))),
        division_id=_int_or_none(record.get("division_id")),
        address=address_from_wire(record.get("address")),
        reps=tuple(user_from_wire(u) for u in included_list(record.get("reps"))),
        customer=customer_from_wire(customer) if customer else None,
        created_date=_str(record.get("created_date") or record.get("created_at")),
        money=money,
    )


def note_from_wire(record: Record, job_id: int) -> Note:
    author = included_item(record.get("created_by"))
    created_by = (
        " ".join(p for p in (_str(author.get("first_name")), _str(author.get("last_name"))) if p)
        if author
        else ""
    )
    return Note(
        id=_int(record.get("id")),
        job_id=_int(record.get("job_id"), job_id),
        text=_str(record.get("note")),
        created_at=_str(record.get("created_at")),
        created_by=created_by,
    )


def _full_name(record: Record | None) -> str:
    if not record:
        return ""
    return " ".join(p for p in (_str(record.get("first_name")), _str(record.get("last_name"))) if p)


def appointment_from_wire(record: Record) -> Appointment:
    customer = included_item(record.get("customer"))
    user = included_item(record.get("user"))
    jobs = included_list(record.get("jobs"))
    job_ids = tuple(_int(j.get("id")) for j in jobs) or tuple(
        _int(i) for i in record.get("job_ids") or () if _int_or_none(i) is not None
    )
    return Appointment(
        id=_int(record.get("id")),
        title=_str(record.get("title")),
        start=_str(record.get("start_date_time")),
        end=_str(record.get("end_date_time")),
        location=_str(record.get("location")),
        description=_str(record.get("description")),
        customer_id=_int_or_none(record.get("customer_id")),
        customer_name=_full_name(customer),
        user_id=_int_or_none(record.get("user_id")),
        user_name=_full_name(user),
        job_ids=job_ids,
    )


def task_from_wire(record: Record) -> Task:
    participants = included_list(record.get("participants"))
    completed = record.get("completed")
    return Task(
        id=_int(record.get("id")),
        title=_str(record.get("title")),
        due_date=_str(record.get("due_date"))[:10],
        job_id=_int_or_none(record.get("job_id")),
        assigned_to=_int_or_none(participants[0].get("id")) if participants else None,
        notes=_str(record.get("notes")),
        completed=completed not in (None, "", 0, False, "0"),
    )


def financial_summary_from_wire(
    record: Record, job_id: int, *, invoiced_field: str
) -> FinancialSummary:
    return FinancialSummary(
        job_id=_int(record.get("job_id"), job_id),
        contract_amount=_float(record.get(CONTRACT_FIELD)),
        change_orders=_float(record.get("total_change_order_amount")),
        invoiced=_float(record.get(invoiced_field)),
        received=_float(record.get("total_payment_received")),
        balance_due=_float(record.get("total_amount_owed")),
    )


def page(items: Sequence[Any], body: Any, *, requested_page: int) -> Page[Any]:
    total, current, total_pages = page_of(body, items, requested_page=requested_page)
    return Page(items=tuple(items), total=total, page=current, total_pages=total_pages)


# --- forms --------------------------------------------------------------------------


def indexed_phone_fields(phones: Sequence[Phone]) -> Form:
    """Leap's ``_0_`` indexed phone fields: phone_0_label, phone_0_number, phone_1_label…"""
    form: Form = []
    for i, phone in enumerate(phones):
        form += [(f"phone_{i}_label", phone.label), (f"phone_{i}_number", phone.number)]
    return form


def validation_fields(body: Any) -> dict[str, str]:
    """Field → problem from a 412/422 body (Leap's ``error.validation`` or Laravel's ``errors``)."""
    if not isinstance(body, Mapping):
        return {}
    error = body.get("error")
    raw = error.get("validation") if isinstance(error, Mapping) else None
    if not isinstance(raw, Mapping):
        raw = body.get("errors")
    if not isinstance(raw, Mapping):
        return {}
    fields: dict[str, str] = {}
    for name, problems in raw.items():
        if isinstance(problems, list):
            fields[str(name)] = "; ".join(str(p) for p in problems)
        else:
            fields[str(name)] = str(problems)
    return fields


def error_message(body: Any) -> str:
    """Leap's ``error.message`` (or a top-level ``message``), if the body has one."""
    if isinstance(body, Mapping):
        error = body.get("error")
        if isinstance(error, Mapping) and error.get("message"):
            return str(error["message"])
        if body.get("message"):
            return str(body["message"])
    return ""
