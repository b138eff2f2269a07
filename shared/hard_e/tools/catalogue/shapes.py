"""CRM records as compact dicts: what tools hand back to the model, the API and the reflex brain."""

from __future__ import annotations

from typing import Any

from hard_e.crm.models import (
    Appointment,
    CompanyUser,
    Customer,
    FinancialSummary,
    Job,
    Note,
    Stage,
    Task,
)


def customer(c: Customer) -> dict[str, Any]:
    return {
        "id": c.id,
        "name": c.full_name,
        "email": c.email,
        "phones": [{"label": p.label, "number": p.number} for p in c.phones],
        "address": c.address.one_line(),
        "note": c.note,
    }


def stage(s: Stage) -> dict[str, Any]:
    return {"code": s.code, "name": s.name, "position": s.position}


def job(j: Job) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": j.id,
        "number": j.number,
        "name": j.name,
        "customer_id": j.customer_id,
        "stage": j.stage.name if j.stage else None,
        "stage_since": j.stage_last_modified,
        "trades": [t.name for t in j.trades],
        "address": j.address.one_line(),
        "description": j.description,
        "reps": [r.full_name for r in j.reps],
    }
    if j.customer is not None:
        out["customer_name"] = j.customer.full_name
    return out


def note(n: Note) -> dict[str, Any]:
    return {"id": n.id, "job_id": n.job_id, "text": n.text, "at": n.created_at, "by": n.created_by}


def appointment(a: Appointment) -> dict[str, Any]:
    return {
        "id": a.id,
        "title": a.title,
        "start": a.start,
        "end": a.end,
        "location": a.location,
        "customer": a.customer_name,
        "with": a.user_name,
        "job_ids": list(a.job_ids),
    }


def task(t: Task) -> dict[str, Any]:
    return {
        "id": t.id,
        "title": t.title,
        "due": t.due_date,
        "job_id": t.job_id,
        "assigned_to": t.assigned_to,
        "done": t.completed,
    }


def financials(f: FinancialSummary) -> dict[str, Any]:
    return {
        "job_id": f.job_id,
        "contract_amount": f.contract_amount,
        "change_orders": f.change_orders,
        "invoiced": f.invoiced,
        "received": f.received,
        "balance_due": f.balance_due,
    }


def user(u: CompanyUser) -> dict[str, Any]:
    return {"id": u.id, "name": u.full_name, "email": u.email, "role": u.role}
