"""Leap JSON → CRM records: the shapes seen in Leap's public examples, read leniently."""

from __future__ import annotations

import pytest

from hard_e.crm import _leap_wire as wire
from hard_e.crm.models import Address, Phone


def test_a_write_reply_under_the_resource_key_is_read_like_data() -> None:
    older = {"message": "Prospect / Customer saved successfully.", "customer": {"id": 73}}

    assert wire.unwrap_record(older, "customer") == {"id": 73}
    assert wire.unwrap_record({"data": {"id": 5}}, "customer") == {"id": 5}
    assert wire.unwrap_record({"data": [{"job_id": 9}]}) == {"job_id": 9}
    with pytest.raises(ValueError):
        wire.unwrap_record({"message": "ok"})


def test_validation_fields_from_leaps_412_and_laravels_422_bodies() -> None:
    leap_412 = {
        "error": {
            "status_code": 412,
            "validation": {"trades": ["The trades field is required when multi job is 0."]},
            "message": "Validation Failed",
        }
    }
    laravel_422 = {"message": "invalid", "errors": {"email": ["Bad.", "Taken."]}}

    assert wire.validation_fields(leap_412) == {
        "trades": "The trades field is required when multi job is 0."
    }
    assert wire.validation_fields(laravel_422) == {"email": "Bad.; Taken."}
    assert wire.error_message(leap_412) == "Validation Failed"


def test_included_lists_come_nested_or_bare() -> None:
    assert wire.included_list({"data": [{"id": 1}]}) == [{"id": 1}]
    assert wire.included_list([{"id": 1}, "junk"]) == [{"id": 1}]
    assert wire.included_list(None) == []


def test_a_customer_with_string_ids_phones_and_a_state_object() -> None:
    record = {
        "id": "375",
        "first_name": "Rachna",
        "last_name": "Verma",
        "phones": {"data": [{"label": "home", "number": "1111122222", "ext": None}]},
        "address": {"address": "Teasley Lane", "city": "", "state": {"code": "CA"}, "zip": 77375},
    }

    customer = wire.customer_from_wire(record)

    assert customer.id == 375 and customer.full_name == "Rachna Verma"
    assert customer.phones == (Phone("home", "1111122222"),)
    assert customer.address == Address("Teasley Lane", "", "CA", "77375")


def test_a_job_from_a_create_reply_with_bare_trades_and_no_includes() -> None:
    record = {
        "id": 97,
        "number": "1911-025-32",
        "trades": [{"id": 1, "name": "CARPENTRY", "pivot": {"job_id": 97, "trade_id": 1}}],
        "customer_id": 25,
        "created_at": "2019-11-26 10:54:56",
        "current_stage": {"name": "Lead", "color": "cl-red", "code": "1866233278"},
    }

    job = wire.job_from_wire(record)

    assert job.stage is not None and (job.stage.code, job.stage.position) == ("1866233278", 0)
    assert [t.name for t in job.trades] == ["CARPENTRY"]
    assert job.customer is None and job.created_date == "2019-11-26 10:54:56"


def test_a_listed_jobs_money_is_read_only_from_details_that_carry_a_contract() -> None:
    details = {"total_job_price": "12500.00", "total_change_order_amount": 480}
    shapes = {
        "plain": details,
        "nested": {"data": details},
        "missing": None,
        "other fields": {"amount": 12500},  # not a $0 contract: unknown
    }

    read = {
        name: wire.job_from_wire(
            {"id": 7, "financial_details": value},
            money_field="financial_details",
            invoiced_field="total_invoice_amount",
        ).money
        for name, value in shapes.items()
    }

    for name in ("plain", "nested"):
        money = read[name]
        assert money is not None and (money.contract_amount, money.change_orders) == (12500, 480)
    assert read["missing"] is None and read["other fields"] is None
    assert wire.job_from_wire({"id": 7, "financial_details": details}).money is None


def test_tasks_read_completion_and_assignee() -> None:
    done = {"id": 1, "title": "x", "completed": "2024-07-26 09:05:48", "job_id": "5128957"}
    open_ = {"id": 2, "title": "y", "completed": None, "participants": {"data": [{"id": 22}]}}

    assert wire.task_from_wire(done).completed is True
    assert wire.task_from_wire(done).job_id == 5128957
    assert wire.task_from_wire(open_).completed is False
    assert wire.task_from_wire(open_).assigned_to == 22


def test_page_without_meta_is_one_page() -> None:
    assert wire.page_of({"data": [{}, {}]}, [1, 2], requested_page=1) == (2, 1, 1)
