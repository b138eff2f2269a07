"""The labelled conversation sets, played offline against the demo company: per-intent
share handled correctly, and how many out-of-scope requests were answered with a
document passage (goal: none). ``tests/conversation/set.txt`` is the labelled set the
goal is measured on; each ``fresh_*.txt`` beside it is a held-out batch written by
someone else, scored on its own (its header says who wrote it and its first-run figure).
Run: ``.venv/bin/python bench/conversation.py`` (``--misses`` lists every miss;
``--only TEXT`` plays just the conversations whose title contains TEXT; ``--set PATH``
plays one set file alone; ``--replies`` prints every turn and its reply; ``--at "YYYY-MM-DD
HH:MM"`` plays at another company-local time than ``PLAYED_AT``, a fixed Monday 9 am)."""

from __future__ import annotations

import asyncio
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "bench"), str(ROOT)]

from _harness import demo_company  # noqa: E402

from tests.conversation.labelled import (  # noqa: E402
    PLAYED_AT,
    SET,
    Outcome,
    fresh_sets,
    load,
    play,
    report,
)


def _arg(flag: str) -> str:
    return sys.argv[sys.argv.index(flag) + 1] if flag in sys.argv else ""


def _score(name: str, outcomes: list[Outcome]) -> tuple[int, int]:
    text = report(outcomes)
    print(f"== {name}")
    print(text if "--misses" in sys.argv else "\n".join(text.splitlines()[:40]))
    if "--replies" in sys.argv:
        for o in outcomes:
            mark = "ok  " if o.ok else "MISS"
            print(f"{mark} {o.said.line:>4} [{o.said.intent}->{o.intent}] {o.said.text}")
            print(f"          {o.reply[:400]!r}")
    ok = sum(o.ok for o in outcomes)
    bluffs = sum(1 for o in outcomes if o.said.intent == "admit" and o.passage)
    print(
        f"{name}: {ok} of {len(outcomes)} turns handled correctly "
        f"({100 * ok / max(1, len(outcomes)):.1f} %); out-of-scope with a passage: {bluffs}"
    )
    return ok, bluffs


def main() -> None:
    only = _arg("--only").lower()
    chosen = Path(_arg("--set")) if "--set" in sys.argv else None
    sets = [chosen] if chosen else [SET, *fresh_sets()]
    at = _arg("--at")
    played_at = datetime.fromisoformat(at).replace(tzinfo=PLAYED_AT.tzinfo) if at else PLAYED_AT
    print(f"played at {played_at:%A %Y-%m-%d %H:%M} {played_at.tzinfo}")
    results = {}
    for path in sets:  # each set against its own fresh company: no set sees another's bookings
        with demo_company(
            settings={"sms_per_hour": 1000, "leap_requests_per_minute": 1_000_000},
            rate_limit=False,
            played_at=played_at,
        ) as (services, who, _):
            conversations = [c for c in load(path) if only in c.title.lower()]
            outcomes = asyncio.run(play(services.chat, who, conversations))
            results[path] = (_score(path.name, outcomes), len(outcomes))
    (ok, bluffs), total = results[sets[0]]
    fresh = [results[path] for path in sets[1:]]
    if fresh:
        f_ok, f_total = sum(r[0][0] for r in fresh), sum(r[1] for r in fresh)
        f_bluffs = sum(r[0][1] for r in fresh)
        print(f"held-out batches together: {f_ok} of {f_total}, with a passage: {f_bluffs}")
        print(f"RESULT conversation_fresh_handled {100 * f_ok / max(1, f_total):.1f} % goal >= 95")
    print(f"RESULT conversation_handled {100 * ok / max(1, total):.1f} % goal >= 95")
    print(f"RESULT out_of_scope_passages {bluffs} count goal == 0")


if __name__ == "__main__":
    main()
