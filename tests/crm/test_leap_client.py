"""The real LeapClient against the real Leap simulator over loopback HTTP: every port method."""

from __future__ import annotations

import re

import pytest

from hard_e.crm import CrmClient
from hard_e.crm import leap as leap_module
from hard_e.crm.leap import LeapClient
from hard_e.crm.models import (
    Address,
    CustomerChanges,
    Job,
    JobChanges,
    NewAppointment,
    NewCustomer,
    NewJob,
    NewTask,
    Phone,
)
from hard_e.crm.simulator import LeapSimulator
from tests.crm.conftest import ClientFactory, calls

FORM = "application/x-www-form-urlencoded"


def test_leap_client_is_a_crm_client(leap: LeapClient) -> None:
    assert isinstance(leap, CrmClient)
    assert "test-" not in repr(leap)  # the token never shows in a repr


# --- customers ------------------------------------------------------------------------


async def test_search_customers_finds_both_namesakes_with_phones_and_address(
    leap: LeapClient, sim: LeapSimulator
) -> None:
    page = await leap.search_customers("sullivan")

    assert {c.full_name for c in page.items} == {"Michael Sullivan", "Mike Sullivan"}
    assert page.total == 2 and page.total_pages == 1
    first = page.items[0]
    assert first.phones and re.fullmatch(r"\d{10}", first.phones[0].number)
    assert first.address.state == "OH" and first.address.city
    (entry,) = calls(sim, "GET", "/customers")
    assert entry["query"]["query"] == ["sullivan"]
    assert entry["query"]["includes[]"] == ["phones", "address"]


async def test_search_customers_matches_email(leap: LeapClient) -> None:
    some = (await leap.search_customers("", limit=1)).items[0]

    page = await leap.search_customers(some.email)

    assert some.id in {c.id for c in page.items}


async def test_search_customers_pages_through_every_customer(leap: LeapClient) -> None:
    first = await leap.search_customers("", limit=10)
    assert first.total >= 40 and first.total_pages == -(-first.total // 10)

    seen = [c.id for c in first.items]
    for number in range(2, first.total_pages + 1):
        page = await leap.search_customers("", limit=10, page=number)
        assert page.page == number
        seen += [c.id for c in page.items]

    assert len(seen) == len(set(seen)) == first.total


async def test_get_customer_returns_contact_details(leap: LeapClient) -> None:
    some = (await leap.search_customers("peterson")).items[0]

    customer = await leap.get_customer(some.id)

    assert customer == some


async def test_create_customer_posts_a_form_with_indexed_phone_fields(
    leap: LeapClient, sim: LeapSimulator
) -> None:
    new = NewCustomer(
        first_name="Dolores",
        last_name="Haze",
        phone=Phone("cell", "6145550999"),
        email="dolores.haze@example.com",
        address=Address("88 Larkspur Ln", "Westerville", "OH", "43081"),
        note="Wants a quote on gutters too.",
    )

    created = await leap.create_customer(new)

    assert created.id and created.full_name == "Dolores Haze"
    assert created.phones == (Phone("cell", "6145550999"),)
    assert created.address == Address("88 Larkspur Ln", "Westerville", "OH", "43081")
    (post,) = calls(sim, "POST", "/customers")
    assert post["content_type"] == FORM
    assert post["form"]["phone_0_label"] == ["cell"]
    assert post["form"]["phone_0_number"] == ["6145550999"]
    assert post["form"]["first_name"] == ["Dolores"]
    assert (await leap.search_customers("dolores haze")).items[0].id == created.id


async def test_update_customer_changes_only_what_was_asked(
    leap: LeapClient, sim: LeapSimulator
) -> None:
    before = (await leap.search_customers("mike sullivan")).items[0]

    after = await leap.update_customer(
        before.id, CustomerChanges(email="mike.s@example.com", phone=Phone("work", "3805550111"))
    )

    assert after.email == "mike.s@example.com"
    assert after.phones[0] == Phone("work", "3805550111")
    assert set(before.phones) <= set(after.phones)  # existing phones kept
    assert (after.first_name, after.last_name, after.address) == (
        before.first_name,
        before.last_name,
        before.address,
    )
    (put,) = calls(sim, "PUT", f"/customers/{before.id}")
    assert put["content_type"] == FORM and put["form"]["phone_0_label"] == ["work"]
    assert await leap.get_customer(before.id) == after


# --- jobs -------------------------------------------------------------------------


async def test_search_jobs_by_keyword_includes_customer_and_trades(
    leap: LeapClient, sim: LeapSimulator
) -> None:
    page = await leap.search_jobs("roof", limit=5)

    assert page.total > 5 and page.total_pages > 1 and len(page.items) == 5
    job = page.items[0]
    assert re.fullmatch(r"\d{4}-\d{7}-\d{2}", job.number)
    assert job.stage is not None and job.stage.name
    assert job.customer is not None and job.customer.id == job.customer_id
    assert job.trades and job.reps
    (entry,) = calls(sim, "GET", "/jobs")
    assert {"customer", "trades", "reps"} <= set(entry["query"]["includes[]"])


async def test_search_jobs_matches_the_customer_name(leap: LeapClient) -> None:
    page = await leap.search_jobs("petersen")

    assert page.items and all(j.customer and j.customer.last_name == "Petersen" for j in page.items)


async def test_search_jobs_matches_the_job_number(leap: LeapClient) -> None:
    some = (await leap.search_jobs("", limit=1)).items[0]

    assert [j.id for j in (await leap.search_jobs(some.number)).items] == [some.id]


async def test_get_job_includes_the_customer_only_when_asked(
    leap: LeapClient, sim: LeapSimulator
) -> None:
    some = (await leap.search_jobs("siding", limit=1)).items[0]

    with_customer = await leap.get_job(some.id)
    without = await leap.get_job(some.id, include_customer=False)

    assert with_customer.customer is not None and with_customer.customer.phones
    assert without.customer is None and without.number == with_customer.number
    first, second = calls(sim, "GET", f"/jobs/{some.id}")
    assert "customer" in first["query"]["includes[]"]
    assert "customer" not in second["query"]["includes[]"]


async def test_get_jobs_batches_a_hundred_ids_per_request_and_keeps_order(
    leap: LeapClient, sim: LeapSimulator
) -> None:
    everything: list[Job] = []
    for number in range(1, 4):
        everything += (await leap.search_jobs("", limit=30, page=number)).items
    ids = [j.id for j in reversed(everything)] + list(range(1, 90))  # plus ids nobody has
    sim.clear_requests()

    jobs = await leap.get_jobs(ids)

    assert [j.id for j in jobs] == [j.id for j in reversed(everything)]
    batches = calls(sim, "GET", "/jobs")
    assert [len(b["query"]["job_ids[]"]) for b in batches] == [100, len(ids) - 100]


async def test_create_job_for_a_customer_starts_in_the_first_stage(
    leap: LeapClient, sim: LeapSimulator
) -> None:
    customer = (await leap.search_customers("john peterson")).items[0]
    roofing = next(t for t in await leap.list_trades() if t.name == "Roofing")
    stages = await leap.list_stages()

    job = await leap.create_job(
        NewJob(customer.id, "Tear off and reroof, 24 sq", roofing.id, name="Peterson Reroof")
    )

    assert job.customer_id == customer.id and job.name == "Peterson Reroof"
    assert job.stage is not None and job.stage.code == stages[0].code
    assert job.trades == (roofing,)
    assert job.address == customer.address  # same as the customer's
    assert job.number.split("-")[1] == str(customer.id)
    (post,) = calls(sim, "POST", "/jobs")
    assert post["content_type"] == FORM
    assert post["form"]["trade_0_id"] == [str(roofing.id)]
    assert post["form"]["same_as_customer_address"] == ["1"]


async def test_create_job_at_its_own_address(leap: LeapClient, sim: LeapSimulator) -> None:
    customer = (await leap.search_customers("", limit=1)).items[0]
    site = Address("4100 Rental Row", "Grove City", "OH", "43123")

    job = await leap.create_job(NewJob(customer.id, "Rental siding", 9, address=site))

    assert job.address == site
    (post,) = calls(sim, "POST", "/jobs")
    assert post["form"]["same_as_customer_address"] == ["0"]
    assert post["form"]["address"] == ["4100 Rental Row"]


async def test_update_job_keeps_the_fields_it_did_not_change(leap: LeapClient) -> None:
    before = (await leap.search_jobs("window", limit=1)).items[0]

    after = await leap.update_job(before.id, JobChanges(description="Add two basement windows."))

    assert after.description == "Add two basement windows."
    assert (after.name, after.trades, after.customer_id) == (
        before.name,
        before.trades,
        before.customer_id,
    )


async def test_update_job_can_change_its_trade(leap: LeapClient) -> None:
    before = (await leap.search_jobs("gutters", limit=1)).items[0]

    after = await leap.update_job(before.id, JobChanges(trade_id=13, name="Fascia wrap"))

    assert [t.id for t in after.trades] == [13] and after.name == "Fascia wrap"


async def test_list_stages_in_workflow_order_and_move_a_job(
    leap: LeapClient, sim: LeapSimulator
) -> None:
    stages = await leap.list_stages()
    job = (await leap.search_jobs("", limit=1)).items[0]
    target = next(s for s in stages if s.name == "Install Underway")

    moved = await leap.move_job_to_stage(job.id, target.code)

    assert [s.position for s in stages] == sorted(s.position for s in stages)
    assert moved.stage is not None and moved.stage.code == target.code
    assert (await leap.get_job(job.id)).stage == moved.stage
    (post,) = calls(sim, "POST", "/jobs/stage")
    assert post["form"] == {"job_id": [str(job.id)], "stage": [target.code]}


async def test_job_notes_are_listed_and_a_new_note_goes_as_multipart(
    leap: LeapClient, sim: LeapSimulator
) -> None:
    job = (await leap.search_jobs("", limit=1)).items[0]
    before = await leap.list_job_notes(job.id)

    note = await leap.add_job_note(job.id, "Homeowner picked Harbor Blue — confirm by text.")

    assert note.job_id == job.id and note.text.startswith("Homeowner picked Harbor Blue")
    assert note.created_by == "Dana Whitfield"  # the admin who owns the token
    after = await leap.list_job_notes(job.id)
    assert len(after) == len(before) + 1 and note.id in {n.id for n in after}
    assert all(n.created_by for n in before)
    (post,) = calls(sim, "POST", f"/jobs/{job.id}/notes")
    assert post["content_type"] == "multipart/form-data"
    assert post["form"] == {"note": ["Homeowner picked Harbor Blue — confirm by text."]}


async def test_financial_summary_adds_up(leap: LeapClient) -> None:
    stages = await leap.list_stages()
    paid = next(s for s in stages if s.name == "Paid in Full")
    jobs = (await leap.search_jobs("", limit=100)).items
    job = next(j for j in jobs if j.stage and j.stage.code == paid.code)

    money = await leap.job_financial_summary(job.id)

    assert money.job_id == job.id and money.contract_amount > 0
    assert money.received == money.contract_amount + money.change_orders
    assert money.balance_due == 0


async def test_the_job_list_carries_each_jobs_money_in_the_same_call(
    leap: LeapClient, sim: LeapSimulator
) -> None:
    sim.clear_requests()

    page = await leap.search_jobs("", limit=100, with_money=True)

    (listed,) = calls(sim, "GET", "/jobs")
    assert "financial_details" in listed["query"]["includes[]"]
    assert page.items and all(j.money is not None for j in page.items)
    for job in page.items:
        assert job.money is not None
        money = sim.store.financials[job.id]
        assert (job.money.contract_amount, job.money.change_orders) == (
            money.job_price,
            money.change_orders,
        )
    assert len(calls(sim)) == 1  # no call per job


async def test_a_job_list_without_the_money_leaves_it_unknown_not_zero(
    leap: LeapClient, sim: LeapSimulator
) -> None:
    sim.configure(list_money=False)  # a Leap whose list ignores the include

    with_money = await leap.search_jobs("", limit=100, with_money=True)
    plain = await leap.search_jobs("", limit=100)

    assert with_money.items and all(j.money is None for j in with_money.items)
    assert all(j.money is None for j in plain.items)


async def test_the_client_counts_the_calls_it_sent(leap: LeapClient) -> None:
    before = leap.requests_sent

    await leap.search_jobs("Peterson")
    await leap.list_stages()

    assert leap.requests_sent == before + 2


# --- calendar and tasks -----------------------------------------------------------


async def test_list_appointments_between_two_times(leap: LeapClient, sim: LeapSimulator) -> None:
    window = ("2026-06-15 00:00:00", "2026-06-30 23:59:59")

    appointments = await leap.list_appointments(*window)

    assert appointments and all(window[0] <= a.start <= window[1] for a in appointments)
    with_job = [a for a in appointments if a.job_ids]
    assert with_job and all(a.customer_name and a.user_name for a in with_job)
    assert any(not a.job_ids for a in appointments)  # the office calendar too
    (entry,) = calls(sim, "GET", "/appointments")
    assert entry["query"]["start_date"] == [window[0]]
    assert set(entry["query"]["includes[]"]) == {"customer", "user", "jobs"}


async def test_list_appointments_of_one_job(leap: LeapClient, sim: LeapSimulator) -> None:
    everything = await leap.list_appointments("2026-01-01 00:00:00", "2026-12-31 23:59:59")
    job_id = next(a.job_ids[0] for a in everything if a.job_ids)

    mine = await leap.list_appointments("2026-01-01 00:00:00", "2026-12-31 23:59:59", job_id=job_id)

    assert mine and all(a.job_ids == (job_id,) for a in mine)
    assert calls(sim, "GET", "/appointments")[-1]["query"]["with_job"] == ["1"]


async def test_list_appointments_follows_every_page(
    leap: LeapClient, sim: LeapSimulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    span = ("2026-01-01 00:00:00", "2026-12-31 23:59:59")
    whole = await leap.list_appointments(*span)
    monkeypatch.setattr(leap_module, "MAX_PAGE_SIZE", 10)
    sim.clear_requests()

    paged = await leap.list_appointments(*span)

    assert paged == whole and len(whole) > 20
    pages = [int(e["query"]["page"][0]) for e in calls(sim, "GET", "/appointments")]
    assert pages == list(range(1, -(-len(whole) // 10) + 1))


async def test_create_appointment_for_a_job(leap: LeapClient, sim: LeapSimulator) -> None:
    job = (await leap.search_jobs("", limit=1)).items[0]
    estimator = next(u for u in await leap.list_users() if u.role == "Estimator")

    appointment = await leap.create_appointment(
        NewAppointment(
            title="Measure & photos",
            start="2026-06-18 10:00:00",
            end="2026-06-18 11:00:00",
            user_id=estimator.id,
            job_ids=(job.id,),
        )
    )

    assert appointment.id and appointment.job_ids == (job.id,)
    assert appointment.user_name == estimator.full_name
    assert appointment.customer_id == job.customer_id and appointment.location
    listed = await leap.list_appointments("2026-06-18 00:00:00", "2026-06-18 23:59:59")
    assert appointment.id in {a.id for a in listed}
    (post,) = calls(sim, "POST", "/appointments")
    assert post["content_type"] == FORM and post["form"]["job_ids[]"] == [str(job.id)]


async def test_tasks_are_listed_and_created(leap: LeapClient, sim: LeapSimulator) -> None:
    everything = await leap.list_tasks()
    job_id = next(t.job_id for t in everything if t.job_id)
    rep = next(u for u in await leap.list_users() if u.role == "Sales Rep")

    task = await leap.create_task(
        NewTask("Call back about color choice", "2026-06-20", job_id=job_id, assigned_to=rep.id)
    )

    assert (task.title, task.due_date, task.job_id, task.assigned_to, task.completed) == (
        "Call back about color choice",
        "2026-06-20",
        job_id,
        rep.id,
        False,
    )
    for_job = await leap.list_tasks(job_id=job_id)
    assert task.id in {t.id for t in for_job} and all(t.job_id == job_id for t in for_job)
    assert len(await leap.list_tasks()) == len(everything) + 1
    assert any(t.completed for t in everything) and any(not t.completed for t in everything)
    (post,) = calls(sim, "POST", "/tasks")
    assert post["form"]["users[]"] == [str(rep.id)] and post["form"]["origin"] == ["Hard-E"]


async def test_a_task_on_a_job_without_assignee_goes_to_the_customer_rep(
    leap: LeapClient,
) -> None:
    job = (await leap.search_jobs("", limit=1)).items[0]

    task = await leap.create_task(NewTask("Collect deposit check", job_id=job.id))

    assert task.assigned_to == job.reps[0].id


# --- company --------------------------------------------------------------------------


async def test_company_users_trades_and_divisions(leap: LeapClient) -> None:
    users = await leap.list_users()
    trades = await leap.list_trades()
    divisions = await leap.list_divisions()

    assert {"Sales Rep", "Estimator", "Office Manager"} <= {u.role for u in users}
    assert {"Roofing", "Siding", "Windows", "Gutters"} <= {t.name for t in trades}
    assert divisions and all(d.trades for d in divisions)
    assert {t for d in divisions for t in d.trades} <= set(trades)


async def test_aclose_leaves_an_injected_http_client_open(
    make_client: ClientFactory, sim: LeapSimulator
) -> None:
    import httpx

    async with httpx.AsyncClient(verify=False) as http:
        client = make_client(http_client=http)
        await client.aclose()
        assert not http.is_closed
        assert await client.list_trades()  # still usable through the caller's client
