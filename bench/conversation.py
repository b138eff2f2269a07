"""The labelled conversation set (tests/conversation/set.txt), played offline against
the demo company: per-intent share handled correctly, and how many out-of-scope
requests were answered with a document passage (goal: none).
Run: ``.venv/bin/python bench/conversation.py`` (``--misses`` lists every miss;
``--only TEXT`` plays just the conversations whose title contains TEXT, e.g. one batch)."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "bench"), str(ROOT)]

from _harness import demo_company  # noqa: E402

from tests.conversation.labelled import load, play, report  # noqa: E402


def main() -> None:
    only = sys.argv[sys.argv.index("--only") + 1].lower() if "--only" in sys.argv else ""
    chosen = [c for c in load() if only in c.title.lower()]
    with demo_company(
        settings={"sms_per_hour": 1000, "leap_requests_per_minute": 1_000_000}, rate_limit=False
    ) as (services, who, _):
        outcomes = asyncio.run(play(services.chat, who, chosen))
    text = report(outcomes)
    print(text if "--misses" in sys.argv else "\n".join(text.splitlines()[:40]))
    ok = sum(o.ok for o in outcomes)
    bluffs = sum(1 for o in outcomes if o.said.intent == "admit" and o.passage)
    print(f"{ok} of {len(outcomes)} turns handled correctly; out-of-scope with a passage: {bluffs}")
    print(f"RESULT conversation_handled {100 * ok / len(outcomes):.1f} % goal >= 95")
    print(f"RESULT out_of_scope_passages {bluffs} count goal == 0")


if __name__ == "__main__":
    main()
