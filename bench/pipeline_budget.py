"""Leap calls per sales-director question, offline, for the demo company (66 jobs) and a
simulated company of 500 jobs, with Leap's job list carrying each job's money (the
assumed include) and without it (every job priced by a call of its own).

Budget: Leap allows 60 calls a minute per account, shared by every rep of the company.
A question may spend at most 20, so three questions fit in any minute whatever they are
(a rep's question and two follow-ups, or three reps at once). Each question is asked
a minute after the last (the test clock moves), so each row is that question's own
cost. Run: ``.venv/bin/python bench/pipeline_budget.py``.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections import Counter
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "bench"), str(ROOT)]

from hard_e.auth import Principal  # noqa: E402
from hard_e.bootstrap import build_services  # noqa: E402
from hard_e.config import Settings  # noqa: E402
from hard_e.crm.simulator.server import DEMO_TOKEN, LeapSimulator  # noqa: E402
from hard_e.local.seed import DEMO_EMAIL, seed_demo  # noqa: E402
from hard_e.storage.sqlite import SqliteTable  # noqa: E402
from hard_e.tenancy.credentials import CrmCredentials  # noqa: E402
from hard_e.tools.catalogue.listing import QUESTION_BUDGET  # noqa: E402

QUESTIONS = (
    "what's the pipeline worth by rep?",
    "pipeline value per stage",
    "how much money is sitting in contract signed",
    "who should I call today?",
    "which estimates are stale?",
    "what does my day look like?",
)
COMPANIES = ((66, True), (500, True), (66, False), (500, False))


class Clock:
    """Hard-E's clock, moved a minute between questions (Leap's budget is per minute)."""

    def __init__(self) -> None:
        self.now = 1_790_000_000.0

    def __call__(self) -> float:
        return self.now


async def company(jobs: int, list_money: bool) -> list[tuple[str, int, Counter[str], str]]:
    """Each question's Leap calls (all, and by path) and the reply's last words."""
    clock = Clock()
    with tempfile.TemporaryDirectory() as home:
        now = datetime.fromtimestamp(clock.now)
        # the simulator's own 60-a-minute window runs on real time: off, the calls are
        # counted here and Hard-E's own budget (on the moved clock) still holds them
        with LeapSimulator(rate_limit=False, now=now, jobs=jobs) as sim:
            sim.configure(list_money=list_money)
            settings = Settings(home=Path(home), bcrypt_rounds=4)
            settings.data_dir.mkdir(parents=True, exist_ok=True)
            table = SqliteTable(settings.data_dir / "hard-e.sqlite3", clock=clock)
            services = build_services(settings, table=table, clock=clock)
            demo = seed_demo(services, leap=CrmCredentials("leap", DEMO_TOKEN, sim.base_url))
            user = services.directory.find_user_by_email(DEMO_EMAIL)
            assert user is not None
            who = Principal(demo.tenant_id, user.user_id, "admin", DEMO_EMAIL)
            rows = []
            for question in QUESTIONS:
                sim.clear_requests()
                result = await services.chat.take_turn(who, question)
                calls = sim.requests()
                kinds = Counter(_kind(c["path"]) for c in calls)
                rows.append((question, len(calls), kinds, result.reply))
                clock.now += 61  # the next question in the next minute
            return rows


def _kind(path: str) -> str:
    if path.endswith("/financial_summary"):
        return "money"
    return path.removeprefix("/api/v3/").split("/")[0]


def main() -> None:
    worst = 0
    print(f"Leap calls per sales-director question (budget {QUESTION_BUDGET}; Leap: 60/min)")
    for jobs, list_money in COMPANIES:
        label = "list carries money" if list_money else "list without money: a call per job"
        print(f"\n  {jobs} jobs, {label}")
        for question, spent, kinds, reply in asyncio.run(company(jobs, list_money)):
            worst = max(worst, spent)
            detail = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
            admits = "leave out" in reply or "Counted" in reply
            partial = " [says what it left out]" if admits else ""
            busy = " [BUSY]" if "busy" in reply.lower() else ""
            print(f"    {spent:3d}  {question:<46} {detail}{partial}{busy}")
    per_minute = 60 // max(worst, 1)
    print(f"\n  worst question: {worst} calls; questions a minute at worst: {per_minute}")
    print(f"RESULT pipeline_leap_calls {worst} calls goal <= {QUESTION_BUDGET}")


if __name__ == "__main__":
    main()
