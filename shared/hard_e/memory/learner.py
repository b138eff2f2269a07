"""Idle-session learning: after a conversation goes quiet, learn from what was said.

Each (session, last message) is learned exactly once: the learner claims the session's
LEARN record with a conditional write on its version, learns only the turns after the
last ones it learned, then drops the session from the queue. Run it on a schedule
(EventBridge → functions/learner), from the local server's loop, or ``hard-e learn --now``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from aws_lambda_powertools import Logger

from hard_e import keys
from hard_e.memory.extraction import Extractor, Utterance
from hard_e.memory.guards import redact_secrets
from hard_e.memory.items import PER_USER, Candidate
from hard_e.memory.sessions import LEARN, LEARN_QUEUE, Session, SessionStore, queue_key
from hard_e.memory.store import MemoryStore
from hard_e.storage import ConditionFailedError, MustNotExist, Table, VersionIs
from hard_e.tenancy import TenantDirectory
from hard_e.tenancy.roles import administers_company
from hard_e.tenancy.scope import acting_for

logger = Logger(child=True)
SUMMARY_CHARS = 1200


@dataclass
class LearnReport:
    """What one run did, including the model tokens it spent."""

    sessions_seen: int = 0
    sessions_learned: int = 0
    skipped: int = 0
    items_added: int = 0
    items_merged: int = 0
    items_superseded: int = 0
    items_pending: int = 0  # waiting for an admin's confirmation
    items_refused: int = 0  # secrets, never stored
    input_tokens: int = 0
    output_tokens: int = 0
    extractors: list[str] = field(default_factory=list)

    def add(self, other: LearnReport) -> None:
        for name in (
            "sessions_seen",
            "sessions_learned",
            "skipped",
            "items_added",
            "items_merged",
            "items_superseded",
            "items_pending",
            "items_refused",
            "input_tokens",
            "output_tokens",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.extractors.extend(other.extractors)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


class Learner:
    def __init__(
        self,
        *,
        table: Table,
        sessions: SessionStore,
        memory: MemoryStore,
        directory: TenantDirectory,
        extractor: Extractor,
        idle_seconds: int = 15 * 60,
    ) -> None:
        self._table = table
        self._sessions = sessions
        self._memory = memory
        self._directory = directory
        self._extractor = extractor
        self.idle_seconds = idle_seconds

    def idle_sessions(self, idle_seconds: int | None = None) -> list[tuple[str, str, str]]:
        """(tenant id, session id, queue key) of sessions quiet for at least ``idle_seconds``."""
        wait = self.idle_seconds if idle_seconds is None else idle_seconds
        cutoff_ms = int((self._table.now() - wait) * 1000)
        found: list[tuple[str, str, str]] = []
        cursor: str | None = None
        while True:
            page = self._table.query(
                LEARN_QUEUE, between=("0", f"{cutoff_ms:013d}~"), limit=100, cursor=cursor
            )
            found.extend((i["tenant_id"], i["session_id"], i["sk"]) for i in page.items)
            if page.cursor is None:
                return found
            cursor = page.cursor

    async def run(self, *, idle_seconds: int | None = None) -> LearnReport:
        report = LearnReport()
        for tenant_id, session_id, queued in self.idle_sessions(idle_seconds):
            with acting_for(tenant_id):  # storage acts for the queued session's company only
                report.add(await self.learn_session(tenant_id, session_id, queued=queued))
        logger.info("learner run", extra=report.as_dict())
        return report

    async def learn_session(
        self, tenant_id: str, session_id: str, *, queued: str | None = None
    ) -> LearnReport:
        """Learn the turns of one session not yet learned (also used when a call ends)."""
        report = LearnReport(sessions_seen=1)
        session = self._sessions.get(tenant_id, session_id)
        if session is None:  # expired: nothing to read, and never read expired sessions
            self._dequeue(queued)
            report.skipped = 1
            return report
        pk = keys.session(tenant_id, session_id)
        record = self._table.get(pk, LEARN) or {}
        learned = int(record.get("learned_turns", 0))
        if session.turns <= learned:
            self._dequeue(queued or queue_key(tenant_id, session_id, session.last_active))
            report.skipped = 1
            return report
        claim = {
            **record,
            "pk": pk,
            "sk": LEARN,
            "learned_turns": session.turns,
            "version": int(record.get("version", 0)) + 1,
            "ttl": session.expires_at,
        }
        try:
            condition = VersionIs(record["version"]) if record else MustNotExist()
            self._table.put(claim, condition=condition)
        except ConditionFailedError:  # another learner has it
            report.skipped = 1
            return report
        try:
            extraction, candidates = await self._extract(session, learned)
        except Exception:
            logger.exception(
                "learning failed; the session stays queued", extra={"session_id": session_id}
            )
            self._table.put({**claim, "learned_turns": learned, "version": claim["version"] + 1})
            report.skipped = 1
            return report
        speaker = self._directory.get_user(tenant_id, session.user_id)
        trusted = speaker is not None and administers_company(speaker.role)
        decided = self._memory.learn(tenant_id, candidates, session_id=session_id, trusted=trusted)
        said = redact_secrets(extraction.summary)  # the summary goes back into prompts
        summary = " ".join(p for p in (record.get("summary", ""), said) if p)
        self._table.put(
            {**claim, "summary": summary[-SUMMARY_CHARS:], "version": claim["version"] + 1}
        )
        self._dequeue(queued or queue_key(tenant_id, session_id, session.last_active))
        report.sessions_learned = 1
        report.items_added = len(decided.add)
        report.items_merged = len(decided.merge)
        report.items_superseded = len(decided.supersede)
        report.items_pending = len(decided.pending)
        report.items_refused = len(decided.refused)
        report.input_tokens = extraction.input_tokens
        report.output_tokens = extraction.output_tokens
        report.extractors.append(extraction.extractor)
        return report

    def summary(self, session: Session) -> str:
        record = self._table.get(keys.session(session.tenant_id, session.session_id), LEARN)
        return str(record.get("summary", "")) if record else ""

    async def _extract(self, session: Session, learned: int) -> tuple[Any, list[Candidate]]:
        turns = self._sessions.turns_since(session, learned)
        transcript = [Utterance(role=m.role, text=m.text, at=m.at) for _, m in turns]
        user = self._directory.get_user(session.tenant_id, session.user_id)
        tenant = self._directory.get_tenant(session.tenant_id)
        extraction = await self._extractor.extract(
            transcript,
            user_id=session.user_id,
            user_name=user.name if user else "the rep",
            company=tenant.name,
        )
        candidates = [
            c if c.category not in PER_USER else replace(c, user_id=session.user_id)
            for c in extraction.candidates
        ]
        return extraction, candidates

    def _dequeue(self, queued: str | None) -> None:
        if queued:
            self._table.delete(LEARN_QUEUE, queued)
