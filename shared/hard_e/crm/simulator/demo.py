"""The demo company: an exterior remodeler around Columbus, Ohio, rebuilt the same from a seed.

Dates are laid out relative to ``now`` (some appointments past, some upcoming), so the
same seed and the same ``now`` give exactly the same company.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from hard_e.crm.simulator.store import (
    STATE_IDS,
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
    TradeRec,
    UserRec,
    leap_time,
)

COMPANY_NAME = "Summit Exteriors"  # the local demo tenant's own CRM account
DEMO_JOBS = 66  # 44 customers, 22 of them with a second job
OFFICE_MANAGER_ID = 1102  # the Leap admin who generated the API token

USERS = (
    (1101, "Ray", "Kowalski", "owner", "Owner"),
    (1102, "Dana", "Whitfield", "admin", "Office Manager"),
    (1103, "Marcus", "Bell", "standard", "Sales Rep"),
    (1104, "Tasha", "Greene", "standard", "Sales Rep"),
    (1105, "Luis", "Ortega", "standard", "Sales Rep"),
    (1106, "Brianna", "Cole", "standard", "Sales Rep"),
    (1107, "Glen", "Hartman", "standard", "Estimator"),
    (1108, "Priya", "Nair", "standard", "Estimator"),
    (1109, "Wes", "Dunbar", "standard", "Production Manager"),
    (1110, "Carla", "Jimenez", "standard", "Office Coordinator"),
)
REPS = (1103, 1104, 1105, 1106)
ESTIMATORS = (1107, 1108)
USER_COLORS = ("#1F77B4", "#FF7F0E", "#2CA02C", "#D62728", "#9467BD", "#8C564B", "#E377C2")

# (name, color, locked). Two pairs share a word on purpose: "Bid …" and "Install …".
STAGES = (
    ("Lead Intake", "cl-red", 1),
    ("Site Visit Booked", "cl-orange", 0),
    ("Bid Being Built", "cl-yellow", 0),
    ("Bid Presented", "cl-lime", 0),
    ("Contract Signed", "cl-green", 0),
    ("Materials on Order", "cl-teal", 0),
    ("Install Scheduled", "cl-blue", 0),
    ("Install Underway", "cl-purple", 0),
    ("Punch List", "cl-pink", 0),
    ("Final Invoice Sent", "cl-brown", 0),
    ("Paid in Full", "cl-skyblue", 1),
)
SIGNED = 5  # position of "Contract Signed": money is real from here on

TRADES = (
    (8, "Roofing", "#9C2542"),
    (9, "Siding", "#00C4B0"),
    (10, "Gutters", "#9966CC"),
    (11, "Windows", "#665D1E"),
    (12, "Entry Doors", "#CD9575"),
    (13, "Soffit & Fascia", "#87A96B"),
)
DIVISIONS = (
    (2, "Residential Remodel", "#FE6F5E", [9, 11, 12, 13, 10]),
    (3, "Storm Restoration", "#788EBC", [8, 10, 9]),
    (4, "Commercial Exteriors", "#3D2B1F", [8, 9]),
)

# What each trade's jobs look like: job name, description, price range.
WORK = {
    8: (
        "Roof Replacement",
        (
            "Tear off {n} sq of 3-tab, install GAF Timberline HDZ in {color}, ice & water shield.",
            "Hail claim: full reroof, {n} sq Owens Corning Duration in {color}, new drip edge.",
        ),
        (9_000, 28_000),
    ),
    9: (
        "Siding Replacement",
        (
            "Remove aluminum siding, install James Hardie lap siding ({color}), {n} sq, new wrap.",
            "Vinyl siding, {n} sq CertainTeed Monogram in {color}; replace rotted sheathing.",
        ),
        (14_000, 42_000),
    ),
    10: (
        "Seamless Gutters",
        ('Install {n}0 lf of 6" seamless aluminum gutters with leaf guards, {color}.',),
        (1_800, 4_500),
    ),
    11: (
        "Window Replacement",
        (
            "Replace {n} double-hung windows with Pella 250 series vinyl, {color} exterior.",
            "Full-frame replacement of {n} windows, Andersen 100 series, {color}.",
        ),
        (6_000, 25_000),
    ),
    12: (
        "Entry Door",
        ("Replace front entry with Therma-Tru fiberglass door and sidelites, {color}.",),
        (2_500, 7_000),
    ),
    13: (
        "Soffit & Fascia Wrap",
        ("Wrap {n}0 lf of fascia and replace vented soffit, {color}.",),
        (2_000, 6_000),
    ),
}
COLORS = ("Charcoal", "Weathered Wood", "Iron Gray", "Arctic White", "Harbor Blue", "Pewter")

FIRST_NAMES = (
    "James", "Mary", "Robert", "Patricia", "David", "Jennifer", "William", "Linda", "Richard",
    "Elizabeth", "Joseph", "Barbara", "Thomas", "Susan", "Christopher", "Jessica", "Daniel",
    "Sarah", "Matthew", "Karen", "Anthony", "Nancy", "Mark", "Lisa", "Donald", "Betty",
    "Steven", "Sandra", "Andrew", "Ashley", "Kenneth", "Kimberly", "Brian", "Emily", "Kevin",
    "Donna", "Jason", "Michelle", "Gary", "Carol", "Timothy", "Amanda", "Ryan", "Melissa",
)  # fmt: skip
LAST_NAMES = (
    "Anderson", "Bennett", "Brooks", "Caldwell", "Dawson", "Ellison", "Fitzgerald", "Gallagher",
    "Hoffman", "Jensen", "Keller", "Lindqvist", "Maddox", "Novak", "Ochoa", "Pruitt",
    "Ramsey", "Schaefer", "Thornton", "Underwood", "Vasquez", "Whitaker", "Yoder", "Zimmerman",
    "Harlan", "Mercer", "Baxter", "Donnelly", "Castillo", "Kaminski", "Lowery", "Stroud",
    "Albright", "Beckett", "Crowley", "Duffy", "Eckert", "Fairbanks", "Galloway", "Hensley",
)  # fmt: skip
# Near-namesakes on purpose, so "which Sullivan?" and "Peterson or Petersen?" come up.
NAMESAKES = (
    ("Michael", "Sullivan"),
    ("Mike", "Sullivan"),
    ("John", "Peterson"),
    ("Jon", "Petersen"),
)
STREETS = (
    "Maple Ave", "Sawmill Rd", "Olentangy River Rd", "Indian Springs Dr", "Hamilton Rd",
    "Cleveland Ave", "Schrock Rd", "Brookside Blvd", "Kenny Rd", "Riverside Dr", "Karl Rd",
    "Walnut St", "High St", "Cemetery Rd", "Dublin Granville Rd", "Summit View Rd",
)  # fmt: skip
CITIES = (
    ("Columbus", ("43214", "43220", "43221", "43229", "43235")),
    ("Dublin", ("43016", "43017")),
    ("Westerville", ("43081", "43082")),
    ("Worthington", ("43085",)),
    ("Hilliard", ("43026",)),
    ("Gahanna", ("43230",)),
    ("Grove City", ("43123",)),
    ("Powell", ("43065",)),
)
CUSTOMER_NOTES = (
    "",
    "",
    "Referred by a neighbor on the same street.",
    "Prefers texts during work hours.",
    "Dog in the backyard, call before walking the property.",
    "Insurance claim open with State Farm.",
    "Found us on Google; wants financing options.",
)
NOTES_BY_STAGE = {
    1: ("Web lead, asked for a call back after 5 pm.", "Called, left voicemail."),
    2: ("Site visit booked; homeowner will be home.", "Confirmed gate code for the visit."),
    3: ("Measured and photographed all elevations.", "Waiting on supplier pricing for color."),
    4: ("Presented two options, homeowner leaning to the premium line.", "Follow up Friday."),
    5: ("Contract signed, deposit invoice sent.", "Color selection confirmed in writing."),
    6: ("Materials ordered from ABC Supply, ETA 8 business days.", "Dumpster reserved."),
    7: ("Crew scheduled, homeowner notified by text.", "Permit approved by the city."),
    8: ("Tear-off complete, deck in good shape.", "Day 2: install 60% done."),
    9: ("Punch list: touch-up caulk at two corners.", "Magnet sweep done for nails."),
    10: ("Final invoice emailed.", "Homeowner asked for a lien waiver with payment."),
    11: ("Paid in full. Asked for a Google review.", "Warranty registration sent."),
}
TASK_TITLES = (
    "Call back about color choice",
    "Send revised bid",
    "Collect deposit check",
    "Order materials",
    "Pull building permit",
    "Schedule final walkthrough",
    "Upload completion photos",
    "Send lien waiver",
    "Ask for a Google review",
)


def build_demo_store(
    seed: int = 7, *, now: datetime | None = None, jobs: int = DEMO_JOBS
) -> LeapStore:
    """The demo company, the same for the same seed, ``now`` and size. ``jobs`` grows it
    (e.g. 500 for a busy company): two customers in three have one job, the third two,
    and tasks grow in proportion."""
    if jobs < 6:
        raise ValueError("the demo company has at least 6 jobs")
    now = (now or datetime.now()).replace(microsecond=0)
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    store = LeapStore(company_name=COMPANY_NAME, api_user_id=OFFICE_MANAGER_ID)

    for i, (uid, first, last, group, position) in enumerate(USERS):
        store.users[uid] = UserRec(
            id=uid,
            first_name=first,
            last_name=last,
            email=f"{first.lower()}@keystoneridge.example",
            group=group,
            position=position,
            color=USER_COLORS[i % len(USER_COLORS)],
            phone=f"614555{200 + i:04d}",
            added_date=leap_time(now - timedelta(days=900 - 40 * i)),
        )
    codes = rng.sample(range(100_000_000, 2_147_483_647), len(STAGES))
    store.stages = [
        StageRec(id=40 + pos, code=str(code), name=name, position=pos, color=color, locked=locked)
        for pos, ((name, color, locked), code) in enumerate(zip(STAGES, codes, strict=True), 1)
    ]
    store.trades = {tid: TradeRec(tid, name, color) for tid, name, color in TRADES}
    store.divisions = {
        did: DivisionRec(did, name, color, list(trades), email=f"div{did}@keystoneridge.example")
        for did, name, color, trades in DIVISIONS
    }

    customers = round(jobs * 2 / 3)
    _add_customers(store, rng, now, customers)
    _add_jobs(store, rng, now, jobs - customers)
    _add_appointments(store, rng, now)
    _add_tasks(store, rng, now, round(jobs * 24 / DEMO_JOBS))
    return store


def _address(store: LeapStore, rng: random.Random) -> AddressRec:
    city, zips = rng.choice(CITIES)
    return AddressRec(
        id=store.next_address_id(),
        address=f"{rng.randint(100, 9899)} {rng.choice(STREETS)}",
        city=city,
        state_id=STATE_IDS["OH"],
        zip=rng.choice(zips),
        lat=round(39.9 + rng.random() / 5, 6),
        long=round(-83.1 + rng.random() / 5, 6),
    )


def _add_customers(store: LeapStore, rng: random.Random, now: datetime, count: int) -> None:
    names = list(NAMESAKES)
    taken = {f"{f} {ln}" for f, ln in names}
    while len(names) < count:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        if f"{first} {last}" not in taken:
            taken.add(f"{first} {last}")
            names.append((first, last))
    rng.shuffle(names)
    # Older customers get smaller ids, like a real account filled over time.
    ages = sorted((rng.randint(20, 400) for _ in names), reverse=True)
    customer_id = rng.randint(1_500_000, 2_500_000)
    used_numbers: set[str] = set()
    for i, ((first, last), age_days) in enumerate(zip(names, ages, strict=True)):
        customer_id += rng.randint(900, 250_000)
        created = now - timedelta(days=age_days, minutes=rng.randint(0, 600))
        phones = [PhoneRec("cell", _phone(rng, used_numbers))]
        if rng.random() < 0.25:
            phones.append(PhoneRec("home", _phone(rng, used_numbers)))
        style = i % 4
        email = (
            f"{first}.{last}@gmail.com",
            f"{first[0]}{last}{rng.randint(1, 99)}@yahoo.com",
            f"{first}{last[0]}@outlook.com",
            f"{last}.family@comcast.net" if i % 12 else "",
        )[style].lower()
        store.customers[customer_id] = CustomerRec(
            id=customer_id,
            first_name=first,
            last_name=last,
            email=email,
            phones=phones,
            address=_address(store, rng),
            rep_id=rng.choice(REPS),
            created_at=leap_time(created),
            updated_at=leap_time(created),
            note=rng.choice(CUSTOMER_NOTES),
        )


AREA_CODES = ("614", "380", "740")  # around Columbus
MORE_AREA_CODES = ("937", "513", "419", "330", "216", "440", "234", "567", "220", "326")


def _phone(rng: random.Random, used: set[str]) -> str:
    # each area code has 100 fictional numbers: a big company reaches across Ohio
    codes: tuple[str, ...] = AREA_CODES if len(used) < 250 else AREA_CODES + MORE_AREA_CODES
    if len(used) >= 1_200:
        codes = tuple(str(n) for n in range(201, 990))
    while True:  # 555-01xx is the range set aside for fiction
        number = f"{rng.choice(codes)}55501{rng.randint(0, 99):02d}"
        if number not in used:
            used.add(number)
            return number


def _add_jobs(store: LeapStore, rng: random.Random, now: datetime, second_jobs: int) -> None:
    customers = sorted(store.customers.values(), key=lambda c: c.id)
    owners = customers + rng.sample(customers, second_jobs)  # some have a second job
    positions = list(range(1, len(STAGES) + 1))  # every stage used at least once…
    positions += [rng.choice((1, 1, 2, 2, 3, 4, 4, 5, 6, 7, 8, 9, 10, 11, 11)) for _ in owners]
    positions = positions[: len(owners)]
    rng.shuffle(positions)
    plans = []
    for customer, position in zip(owners, positions, strict=True):
        created_at = datetime.strptime(customer.created_at, "%Y-%m-%d %H:%M:%S")
        earliest = max((now - created_at).days, 12)
        # later stages are older jobs
        age = min(earliest, 4 + position * rng.randint(6, 14) + rng.randint(0, 9))
        plans.append((now - timedelta(days=age, hours=rng.randint(1, 8)), customer, position))
    plans.sort(key=lambda p: p[0])

    job_id = rng.randint(900_000, 1_200_000)
    for created, customer, position in plans:
        job_id += rng.randint(40, 4000)
        trade_id = rng.choice([t for t, _, _ in TRADES if t != 13] + [8, 9, 11])
        trade_ids = [trade_id] + ([10] if trade_id in (8, 9) and rng.random() < 0.3 else [])
        label, templates, (low, high) = WORK[trade_id]
        description = rng.choice(templates).format(n=rng.randint(12, 38), color=rng.choice(COLORS))
        stage = store.stages[position - 1]
        moved = created + (now - created) * rng.uniform(0.55, 0.95)
        division = next(d for d in store.divisions.values() if trade_id in d.trade_ids)
        job = JobRec(
            id=job_id,
            number=store.job_number(customer.id, created),
            name=f"{customer.last_name} {label}",
            customer_id=customer.id,
            description=description,
            trade_ids=trade_ids,
            division_id=division.id,
            same_as_customer_address=1,
            address=customer.address,
            stage_code=stage.code,
            stage_last_modified=leap_time(moved),
            created_at=leap_time(created),
            updated_at=leap_time(moved),
            created_by=rng.choice((OFFICE_MANAGER_ID, 1110, customer.rep_id or 1103)),
            rep_ids=[customer.rep_id] if customer.rep_id else [],
            estimator_ids=[rng.choice(ESTIMATORS)] if position >= 3 else [],
            contract_signed_date=leap_time(moved)[:10] if position >= SIGNED else None,
            completion_date=leap_time(moved)[:10] if position >= 10 else None,
        )
        store.jobs[job.id] = job
        store.financials[job.id] = _financials(job.id, position, rng.randint(low, high), rng)
        for k, text in enumerate(NOTES_BY_STAGE[position][: rng.randint(1, 2)]):
            note_id = store.next_id(store.notes, floor=300_001)
            written = created + (moved - created) * (k + 1) / 3
            store.notes[note_id] = NoteRec(
                id=note_id,
                job_id=job.id,
                note=text,
                stage_code=stage.code,
                created_by=rng.choice((*job.rep_ids, *job.estimator_ids, OFFICE_MANAGER_ID)),
                created_at=leap_time(written),
                updated_at=leap_time(written),
            )


def _financials(job_id: int, position: int, price: int, rng: random.Random) -> FinancialsRec:
    money = FinancialsRec(job_id=job_id)
    if position < SIGNED:
        return money
    money.job_price = float(round(price, -1))
    if position >= 6 and rng.random() < 0.35:
        money.change_orders = float(rng.choice((250, 480, 725, 1150)))
    deposit = round(money.job_price / 3, 2)
    total = money.job_price + money.change_orders
    if position == SIGNED:
        money.invoiced, money.received = deposit, (deposit if rng.random() < 0.5 else 0.0)
    elif position < 10:
        money.invoiced, money.received = deposit, deposit
    elif position == 10:
        money.invoiced, money.received = total, deposit
    else:
        money.invoiced, money.received = total, total
    return money


def _slot(now: datetime, days: int, rng: random.Random) -> datetime:
    day = now + timedelta(days=days)
    return day.replace(hour=rng.choice((8, 9, 10, 13, 14, 15, 16)), minute=0, second=0)


def _add_appointments(store: LeapStore, rng: random.Random, now: datetime) -> None:
    by_position = {s.code: s.position for s in store.stages}
    kinds = {  # stage position → (title, days from now, hours long, who)
        2: ("Site visit", (1, 9), 1, "rep"),
        3: ("Measure & photos", (-12, -2), 1, "estimator"),
        4: ("Bid review", (-8, -1), 1, "rep"),
        7: ("Install start", (2, 12), 8, "production"),
        9: ("Final walkthrough", (1, 6), 1, "rep"),
    }
    for job in sorted(store.jobs.values(), key=lambda j: j.id):
        kind = kinds.get(by_position[job.stage_code])
        if kind is None:
            continue
        title, (low, high), hours, who = kind
        customer = store.customers[job.customer_id]
        user_id = {
            "rep": (job.rep_ids or [1103])[0],
            "estimator": (job.estimator_ids or [1107])[0],
            "production": 1109,
        }[who]
        start = _slot(now, rng.randint(low, high), rng)
        _appointment(
            store,
            title=f"{title} — {customer.last_name}",
            start=start,
            hours=hours,
            user_id=user_id,
            customer_id=customer.id,
            job_ids=[job.id],
            location=job.address.one_line() if job.address else "",
            description=job.name,
            now=now,
        )
    # Appointments without a job: the office calendar.
    office = (("Sales huddle", -7), ("Sales huddle", 0), ("Sales huddle", 7), ("Showroom visit", 3))
    for title, days in office:
        _appointment(
            store,
            title=title,
            start=_slot(now, days, rng),
            hours=1,
            user_id=1101,
            customer_id=None,
            job_ids=[],
            location="Summit Exteriors office, 2250 Henderson Rd, Columbus, OH 43220",
            description="",
            now=now,
            attendee_ids=list(REPS),
        )


def _appointment(
    store: LeapStore,
    *,
    title: str,
    start: datetime,
    hours: int,
    user_id: int,
    customer_id: int | None,
    job_ids: list[int],
    location: str,
    description: str,
    now: datetime,
    attendee_ids: list[int] | None = None,
) -> None:
    appointment_id = store.next_id(store.appointments, floor=7001)
    store.appointments[appointment_id] = AppointmentRec(
        id=appointment_id,
        title=title,
        description=description,
        start=leap_time(start),
        end=leap_time(start + timedelta(hours=hours)),
        location=location,
        customer_id=customer_id,
        user_id=user_id,
        job_ids=job_ids,
        attendee_ids=attendee_ids or [user_id],
        created_by=OFFICE_MANAGER_ID,
        created_at=leap_time(min(now, start) - timedelta(days=3)),
        is_completed=start < now,
    )


def _add_tasks(store: LeapStore, rng: random.Random, now: datetime, count: int) -> None:
    jobs = rng.sample(sorted(store.jobs.values(), key=lambda j: j.id), count)
    for n, job in enumerate(jobs):
        task_id = 880_001 + n
        due = now + timedelta(days=rng.randint(-10, 14))
        done = due < now and rng.random() < 0.6
        store.tasks[task_id] = TaskRec(
            id=task_id,
            title=rng.choice(TASK_TITLES),
            notes=f"For {job.name} ({job.number}).",
            due_date=due.strftime("%Y-%m-%d"),
            job_id=job.id,
            participant_ids=[(job.rep_ids or [1103])[0]],
            completed=leap_time(due) if done else None,
            created_by=OFFICE_MANAGER_ID,
            created_at=leap_time(due - timedelta(days=rng.randint(2, 9))),
        )
