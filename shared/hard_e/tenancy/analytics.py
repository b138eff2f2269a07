"""What a company's admins see on the analytics page: conversations per day (in the
company's time zone), tool calls by tier and by channel, approvals, response times,
topics asked about.

Every turn leaves one small record under ``T#<tenant>#TURNS#<yyyy-mm>`` (kept 400 days);
the page reads the months it covers. No conversation text is kept here, only counts,
timings and topic words. Calls over the tools API and MCP are not turns: they are
counted from the audit trail, which records every one of them.
"""

from __future__ import annotations

import re
import secrets
import statistics
import zoneinfo
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from hard_e import keys
from hard_e.storage import Table
from hard_e.tools.audit import AuditLog, AuditQuery

KEEP_SECONDS = 400 * 86_400
MAX_RECORDS = 20_000
_TOPICS = re.compile(
    r"\b(warrant(?:y|ies)|siding|roof(?:ing)?|shingles?|windows?|gutters?|price|pricing|"
    r"financ(?:e|ing)|discount|objections?|appointments?|schedul(?:e|ing)|inspections?|"
    r"estimates?|proposals?|contracts?|follow[- ]?ups?|notes?|jobs?|customers?|leads?|"
    r"emails?|texts?|sms|colou?rs?|install(?:ation)?|vinyl|fiber[- ]?cement|insurance|"
    r"hail|storm|permit|measure(?:ments)?)\b",
    re.IGNORECASE,
)
# Where tool calls come from: turns (chat, voice, an agent's conversation) and the
# audit trail's channels of direct calls (REST tools API, MCP).
CHANNELS = ("chat", "voice", "agent", "tools_api", "mcp")
_DIRECT = {"rest": "tools_api", "mcp": "mcp"}
_SINGULAR = {"warranties": "warranty", "colours": "color", "colour": "color", "colors": "color"}


def topics(text: str) -> list[str]:
    """The contracting topics a message is about, singular and lower case."""
    found: list[str] = []
    for match in _TOPICS.finditer(text):
        word = match.group(0).lower().replace(" ", "-")
        word = _SINGULAR.get(word, word)
        if word.endswith("s") and not word.endswith(("ss", "sms")):
            word = word[:-1]
        if word not in found:
            found.append(word)
    return found


def _month(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m")


class TurnLog:
    def __init__(self, table: Table) -> None:
        self._table = table

    def record(
        self,
        tenant_id: str,
        *,
        channel: str,
        session_id: str,
        started: float,
        message: str,
        tiers: list[str],
    ) -> None:
        now = self._table.now()
        self._table.put(
            {
                "pk": keys.tenant_pk(tenant_id, f"TURNS#{_month(started)}"),
                "sk": f"{int(started * 1000):013d}#{secrets.token_hex(4)}",
                "at": started,
                "ms": max(0, round((now - started) * 1000)),
                "channel": channel,
                "session_id": session_id,
                "tiers": tiers,
                "topics": topics(message)[:5],
                "ttl": int(now) + KEEP_SECONDS,
            }
        )
        self._table.increment(
            *keys.counter(tenant_id, "turns", _month(started)), ttl=int(now) + KEEP_SECONDS
        )

    def turns_in_month(self, tenant_id: str, month: str) -> int:
        """How many turns the company had in ``month`` (yyyy-mm): the operators' usage."""
        item = self._table.get(*keys.counter(tenant_id, "turns", month))
        return int(item.get("count", 0)) if item else 0

    def turns(self, tenant_id: str, since: float) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        month = datetime.fromtimestamp(since, UTC).replace(day=1)
        end = datetime.fromtimestamp(self._table.now(), UTC)
        while month <= end and len(found) < MAX_RECORDS:
            cursor: str | None = None
            while len(found) < MAX_RECORDS:
                page = self._table.query(
                    keys.tenant_pk(tenant_id, f"TURNS#{month:%Y-%m}"),
                    between=(f"{int(since * 1000):013d}", "~"),
                    limit=1000,
                    cursor=cursor,
                )
                found += page.items
                cursor = page.cursor
                if cursor is None:
                    break
            month = (month + timedelta(days=32)).replace(day=1)
        return found


def direct_calls(audit: AuditLog, tenant_id: str, since: float) -> list[dict[str, Any]]:
    """The audit events of tool calls made over the tools API and MCP since ``since``
    (a turn's own tool calls are in its turn record, so they are not counted twice)."""
    found: list[dict[str, Any]] = []
    cursor: str | None = None
    scanned = 0
    while scanned < MAX_RECORDS:
        page, cursor = audit.list(
            tenant_id, limit=1000, cursor=cursor, query=AuditQuery(since=since)
        )
        scanned += len(page)
        found += [e for e in page if e.get("channel") in _DIRECT and e.get("tier")]
        if cursor is None:
            break
    return found


def summarise(
    turns: list[dict[str, Any]],
    *,
    days: int,
    now: float,
    timezone: str,
    approvals: dict[str, int],
    calls: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The analytics page's figures from the turn records of the last ``days`` days and
    the tools-API and MCP ``calls`` (audit events, see :func:`direct_calls`)."""
    calls = calls or []
    zone = zoneinfo.ZoneInfo(timezone)
    today = datetime.fromtimestamp(now, zone).date()
    talks = {
        (datetime.fromtimestamp(t["at"], zone).date().isoformat(), t.get("session_id"))
        for t in turns
    }
    per_day = Counter(day for day, _ in talks)
    series = [
        {"day": (today - timedelta(days=n)).isoformat(), "count": 0}
        for n in range(days - 1, -1, -1)
    ]
    for point in series:
        point["count"] = per_day.get(str(point["day"]), 0)
    tiers = Counter(tier for t in turns for tier in t.get("tiers", []))
    tiers.update(str(c["tier"]) for c in calls)
    channels: Counter[str] = Counter()
    for t in turns:
        channels[str(t.get("channel", "chat"))] += len(t.get("tiers", []))
    channels.update(_DIRECT[str(c["channel"])] for c in calls)
    times = sorted(int(t.get("ms", 0)) for t in turns)
    asked = Counter(topic for t in turns for topic in t.get("topics", []))
    return {
        "days": days,
        "timezone": timezone,
        "conversations_per_day": series,
        "turns": len(turns),
        "tool_calls_by_tier": {name: tiers.get(name, 0) for name in ("green", "yellow", "red")},
        "tool_calls_by_channel": {name: channels.get(name, 0) for name in CHANNELS},
        "approvals": approvals,
        "response_ms": {"p50": _percentile(times, 50), "p95": _percentile(times, 95)},
        "top_topics": [{"topic": k, "count": v} for k, v in asked.most_common(10)],
    }


def _percentile(values: list[int], pct: int) -> int | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return round(statistics.quantiles(values, n=100, method="inclusive")[pct - 1])
