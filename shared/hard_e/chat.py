"""A chat turn, start to finish: session, tools, brain, history. Used by HTTP and voice.

Order of a turn:
1. the message is normalised (spoken emails, numbers…) before anything reads it;
2. if the previous reply asked for approval, a yes/no decides it — deterministic, outside
   any model; one "yes" decides one approval, and when several wait the reply must say
   which (or "all": the prompt listed them all, in words no model wrote);
3. an open draft, or a request the reflex brain is sure about, takes the fast path;
4. otherwise the brain answers with the tools of the skills the message needs.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from hard_e.auth import Principal
from hard_e.brain import Brain, BrainReply, BrainUnavailableError, Speaker, TextSink, Turn
from hard_e.brain.asked import asked_question
from hard_e.brain.decided import remember_decided
from hard_e.brain.reflex import ReflexBrain
from hard_e.brain.skills import is_product_question, route
from hard_e.brain.speech import normalise
from hard_e.deadline import Deadline, remaining
from hard_e.memory import ChatMessage, Session, SessionStore
from hard_e.memory.recall import recall
from hard_e.memory.store import MemoryStore, public
from hard_e.observability import turn_taken
from hard_e.tenancy import TenantDirectory, TenantNotFoundError
from hard_e.tenancy.analytics import TurnLog
from hard_e.tenancy.exceptions import TrialEndedError
from hard_e.tenancy.trials import Trials
from hard_e.tools import ApprovalClosedError, ApprovalNotFoundError, NotAllowedError
from hard_e.tools.belt import GatedToolBelt
from hard_e.tools.decisions import (
    AskWhich,
    Decided,
    decision_intent,
    prompt,
    read_reply,
    resumed_intent,
    yes_to_a_cancellation,
)
from hard_e.tools.gate import GateResult
from hard_e.tools.registry import Tier
from hard_e.tools.service import ToolsService

if TYPE_CHECKING:
    from hard_e.knowledge.store import KnowledgeStore

AWAITING = "awaiting_approvals"
# Approvals a question came between ("hold on, what's his balance?"): a "no" still
# cancels them for a couple of turns; a late "yes" only asks again (it may mean another thing).
HELD_OVER = "approvals_held_over"
HOLD_TURNS = 2
_BACK_TO = re.compile(
    r"^\W*(?:(?:ok|okay|so|alright|anyway)\W+)*(?:back to|go back to|return to|resume|"
    r"continue(?: with)?|where were we (?:with|on)) (?:the |my |that )?(?:email|text|message|"
    r"draft|approval)s?\b",
    re.IGNORECASE,
)
PASSAGES = 5
HARD_STOP_GRACE = 1.0  # seconds past the deadline before a turn is cut off


class UnknownSessionError(Exception):
    """The session does not exist, has expired, or is not the caller's."""


class TurnRefusedError(Exception):
    """The company may not talk to Hard-E now (its trial is over, it is gone)."""


# Told when a tool call starts (name, arguments): voice speaks a filler on slow tools.
ToolSink = Callable[[str, dict[str, Any]], Awaitable[None]]


class _AnnouncingBelt:
    """The gated belt, waiting for ``first`` (a speculative turn's confirmation) and
    telling ``on_tool`` before each call starts."""

    def __init__(
        self,
        belt: GatedToolBelt,
        on_tool: ToolSink | None,
        first: Callable[[], Awaitable[object]] | None = None,
    ) -> None:
        self._belt = belt
        self._on_tool = on_tool
        self._first = first

    def specs(self, skills: list[str] | None = None) -> list[Any]:
        return self._belt.specs(skills)

    async def run(self, name: str, arguments: dict[str, Any], *, said: str | None = None) -> Any:
        if self._first is not None:
            await self._first()
        if self._on_tool is not None:
            await self._on_tool(name, arguments)
        return await self._belt.run(name, arguments, said=said)


class _Confirmation:
    """A speculative turn's gate: the final words once the turn is confirmed and its
    trial message used. Awaited before anything the turn does that lasts; a refusal
    (the trial is over) stops the brain where it waits, and ``take_turn`` raises it."""

    def __init__(self, confirmed: Awaitable[str], charge: Callable[[], Awaitable[None]]) -> None:
        self.future: asyncio.Future[str] = asyncio.ensure_future(self._settle(confirmed, charge))

    @staticmethod
    async def _settle(confirmed: Awaitable[str], charge: Callable[[], Awaitable[None]]) -> str:
        words = await confirmed
        await charge()
        return words

    async def passed(self) -> str:
        await asyncio.wait({self.future})
        if self.future.cancelled() or self.future.exception() is not None:
            raise asyncio.CancelledError  # not an error the brain may catch and go on from
        return self.future.result()

    def outcome(self) -> str:
        """The final words, or the refusal (TrialEndedError) raised."""
        return self.future.result()


@dataclass(frozen=True)
class ChatResult:
    session_id: str
    reply: str
    brain: str
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    approvals: list[dict[str, Any]] = field(default_factory=list)
    intent: str = ""


class ChatService:
    def __init__(
        self,
        *,
        directory: TenantDirectory,
        sessions: SessionStore,
        brain: Brain,
        tools: ToolsService,
        reflex: ReflexBrain | None = None,
        knowledge: KnowledgeStore | None = None,
        memory: MemoryStore | None = None,
        summaries: Callable[[Session], str] | None = None,
        history_turns: int = 20,
        trials: Trials | None = None,
        turn_log: TurnLog | None = None,
    ) -> None:
        self._directory = directory
        self._sessions = sessions
        self._brain = brain
        self._tools = tools
        self._reflex = reflex or ReflexBrain()
        self._knowledge = knowledge
        self._memory = memory
        self._summaries = summaries
        self._history_messages = history_turns * 2
        self._trials = trials
        self._turn_log = turn_log

    def session_for(self, principal: Principal, session_id: str) -> Session:
        """The caller's live session; admins may read any session of their own tenant."""
        session = self._sessions.get(principal.tenant_id, session_id)
        if session is None or (session.user_id != principal.user_id and not principal.is_admin):
            raise UnknownSessionError(session_id)
        return session

    def history(self, principal: Principal, session_id: str) -> tuple[Session, list[ChatMessage]]:
        session = self.session_for(principal, session_id)
        return session, self._sessions.history(session)

    async def admit(self, principal: Principal) -> None:
        """Before a call, using nothing: TurnRefusedError when the company is gone,
        TrialEndedError (words to speak or show) when its trial is over."""
        try:
            tenant = await asyncio.to_thread(self._directory.get_tenant, principal.tenant_id)
        except TenantNotFoundError:
            raise TurnRefusedError("this company is no longer with Hard-E") from None
        if self._trials is None or tenant.plan != "trial":
            return
        usage = await asyncio.to_thread(self._trials.usage, tenant)
        expired = usage.ends_at is not None and self._sessions.now() >= usage.ends_at
        used_up = usage.messages_limit is not None and usage.messages_used >= usage.messages_limit
        if expired or used_up:
            raise TrialEndedError(
                f"{tenant.name}'s Hard-E trial has ended. Nothing is lost; ask the Hard-E "
                "team to extend the trial or switch to a paid plan.",
                reason="expired" if expired else "messages",
            )

    async def open_session(self, principal: Principal) -> str:
        """A new, empty session for the caller (a call's first turn may start before the
        rep's words are final: its session is there whether or not that start holds)."""
        session = await asyncio.to_thread(
            self._sessions.start, principal.tenant_id, principal.user_id
        )
        return session.session_id

    async def keep_heard(self, principal: Principal, session_id: str, heard: str) -> None:
        """After an interruption: the reply stored is only what the rep heard of it."""
        session = await asyncio.to_thread(self.session_for, principal, session_id)
        await asyncio.to_thread(self._sessions.revise_last_reply, session, heard)

    async def take_turn(
        self,
        principal: Principal,
        message: str,
        *,
        session_id: str | None = None,
        on_text: TextSink | None = None,
        on_tool: ToolSink | None = None,
        channel: str = "chat",
        deadline: Deadline | None = None,
        confirmed: Awaitable[str] | None = None,
    ) -> ChatResult:
        """One turn, saved before ``deadline`` (the time the request has left) whatever
        the brain and the CRM are doing. ``channel="agent"``: an automation agent's
        conversation (API key): the same brain, tools and gate, every tool call audited,
        and no approval is ever decided by its words — a person decides.

        Every turn (text, voice, agent) first uses one message of a trial company's
        allowance: TrialEndedError, with the words to show or speak, once it is used up.

        ``confirmed``: a speculative turn (voice), started on words that may not be the
        final ones; it resolves to the final words, or is cancelled with the turn. Until
        then the turn only reads and asks the brain: no trial message is used, no tool
        runs, no approval is decided, no words reach ``on_text``, nothing is saved; the
        message stored is the final words (the caller checks that they match)."""

        async def charge() -> None:
            if self._trials is not None:
                await asyncio.to_thread(self._trials.charge, principal.tenant_id)

        gate = None if confirmed is None else _Confirmation(confirmed, charge)
        try:
            return await self._take_turn(
                principal, message, session_id, on_text, on_tool, channel, deadline, gate
            )
        except asyncio.CancelledError:
            if gate is not None and gate.future.done() and not gate.future.cancelled():
                gate.outcome()  # the refusal that stopped the brain, if that is what it was
            raise
        finally:
            if gate is not None:
                gate.future.cancel()

    async def _take_turn(
        self,
        principal: Principal,
        message: str,
        session_id: str | None,
        on_text: TextSink | None,
        on_tool: ToolSink | None,
        channel: str,
        deadline: Deadline | None,
        gate: _Confirmation | None,
    ) -> ChatResult:
        if gate is None and self._trials is not None:
            await asyncio.to_thread(self._trials.charge, principal.tenant_id)
        # Storage is synchronous: every call below runs off the event loop (to_thread).
        # The reads that do not depend on each other go at once: on a busy call process
        # each hand-off to a thread waits a turn of the loop, one after the other (and
        # on DynamoDB each read is a round trip of its own).
        text = normalise(message)
        wanted = is_product_question(text)
        tenant, user, (session, history, state), passages, memories = await asyncio.gather(
            asyncio.to_thread(self._directory.get_tenant, principal.tenant_id),
            asyncio.to_thread(self._directory.get_user, principal.tenant_id, principal.user_id),
            asyncio.to_thread(self._conversation, principal, session_id),
            self._passages(principal.tenant_id, text) if wanted else _nothing(),
            self._memories(principal, text),
        )
        drafts = [state["draft"]["kind"]] if state.get("draft") else None
        skills = route(text, active_drafts=drafts)
        summary = ""
        if self._summaries is not None and session.turns * 2 > len(history):
            # older turns are not in the history any more
            summary = await asyncio.to_thread(self._summaries, session)
        ctx = self._tools.context(
            principal, session_id=session.session_id, channel=channel, deadline=deadline
        )
        belt = GatedToolBelt(self._tools.gate, ctx)
        first = None if gate is None else gate.passed
        tools = belt if on_tool is None and first is None else _AnnouncingBelt(belt, on_tool, first)
        if gate is not None and on_text is not None:
            on_text = _held_text(on_text, gate)
        turn = Turn(
            tenant=tenant,
            speaker=Speaker(
                user_id=principal.user_id,
                name=user.name if user else (principal.name or principal.email),
                role=principal.role,
            ),
            session_id=session.session_id,
            message=text,
            history=history,
            tools=tools,
            skills=skills,
            state=state,
            knowledge=passages,
            memories=memories,
            summary=summary,
            deadline=deadline,
            now=self._sessions.now(),
        )
        started = self._sessions.now()
        try:
            awaiting: list[str] = state.pop(AWAITING, [])
            held: dict[str, Any] = state.pop(HELD_OVER, None) or {}
            # An agent's "yes" never decides an approval: a person does.
            choice = (
                read_reply(text, len(awaiting)) if awaiting and not principal.is_agent else None
            )
            if choice is None and len(awaiting) == 1 and not principal.is_agent:
                choice = await self._yes_to_cancel(principal.tenant_id, awaiting, text)
            if held and (awaiting or self._reflex.waits_for_answer(turn)):
                state[HELD_OVER], held = held, {}  # the open question is answered first
            late = read_reply(text, len(held["ids"])) if held and not principal.is_agent else None
            # The CRM client and Claude keep to the deadline themselves; this is the
            # backstop that still leaves the reserve to save the turn.
            async with asyncio.timeout(remaining(deadline) + HARD_STOP_GRACE):
                if choice is not None:
                    if gate is not None:
                        await gate.passed()
                    reply = await self._decide(ctx, awaiting, choice, text)
                elif late is not None and late.verdict == "deny":
                    reply = await self._decide(ctx, held["ids"], late, text)
                elif late is not None or (held and _BACK_TO.match(text)):
                    reply = await self._ask_again(ctx, held["ids"], resumed=late is None)
                elif self._reflex.is_sure(turn):
                    reply = await self._reflex.reply(turn, on_text=on_text)
                else:
                    reply = await self._brain.reply(turn, on_text=on_text)
                if reply.replaces and not principal.is_agent:  # "make it friendlier"
                    await self._withdraw(ctx, reply.replaces)
                if reply.approved_as_shown and not principal.is_agent:
                    if gate is not None:
                        await gate.passed()
                    reply = await self._decide_as_shown(ctx, reply)
        except (TimeoutError, BrainUnavailableError) as exc:
            reply = cut_short(
                belt.ran, out_of_time=isinstance(exc, TimeoutError) or deadline_passed(deadline)
            )
        finally:
            await ctx.aclose()
        remember_decided(state, reply.approvals)  # "now a job for him": the customer just made
        if gate is not None:
            await gate.passed()
            message = gate.outcome()  # the final words are what the rep said
        waiting = [a for a in reply.approvals if a.get("status") == "pending"]
        if not waiting and late is None and not (held and _BACK_TO.match(text)):
            await self._hold_over(state, ctx.tenant_id, awaiting if choice is None else [], held)
        if waiting:
            state[AWAITING] = [a["id"] for a in waiting]
            listing = _for_a_person(waiting) if principal.is_agent else prompt(waiting)
            ours = len(waiting) > 1 or reply.brain != self._reflex.name or principal.is_agent
            if ours and listing not in reply.text:
                # what waits, in our words: a model's reply may not say (or say wrongly)
                reply.text = f"{reply.text}\n\n{listing}".strip()
        said = [
            ChatMessage(role="user", text=message, at=started),
            ChatMessage(
                role="assistant",
                text=reply.text,
                at=self._sessions.now(),
                tool_calls=reply.tool_calls,
                approvals=reply.approvals,
            ),
        ]
        tiers = self._tiers(reply.tool_calls)
        await asyncio.to_thread(
            self._save_turn, principal, session, state, said, channel, started, text, tiers
        )
        turn_taken(channel)
        return ChatResult(
            session_id=session.session_id,
            reply=reply.text,
            brain=reply.brain,
            tool_calls=reply.tool_calls,
            approvals=reply.approvals,
            intent=reply.intent,
        )

    def _tiers(self, calls: list[dict[str, Any]]) -> list[str]:
        registry = self._tools.gate.registry
        names = (c.get("name") for c in calls)
        return [registry.get(n).tier.value for n in names if isinstance(n, str) and n in registry]

    def _save_turn(
        self,
        principal: Principal,
        session: Session,
        state: dict[str, Any],
        said: list[ChatMessage],
        channel: str,
        started: float,
        text: str,
        tiers: list[str],
    ) -> None:
        """The turn's state, its two messages and its analytics line, one after another
        as before, in one trip to a worker thread (blocking: storage): each trip costs a
        wake-up of a thread and then of the loop."""
        self._sessions.save_state(session, state)
        self._sessions.append(session, said)
        if self._turn_log is not None:
            self._turn_log.record(
                principal.tenant_id,
                channel=channel,
                session_id=session.session_id,
                started=started,
                message=text,
                tiers=tiers,
            )

    def _conversation(
        self, principal: Principal, session_id: str | None
    ) -> tuple[Session, list[ChatMessage], dict[str, Any]]:
        """The turn's session (a new one without ``session_id``), its recent history and
        its saved state (blocking: storage)."""
        if session_id is None:
            return self._sessions.start(principal.tenant_id, principal.user_id), [], {}
        session = self.session_for(principal, session_id)
        if session.user_id != principal.user_id:  # admins read, never talk in, others' sessions
            raise UnknownSessionError(session_id)
        history = self._sessions.history(session, limit=self._history_messages)
        return session, history, self._sessions.load_state(session)

    async def _passages(self, tenant_id: str, question: str) -> list[dict[str, Any]]:
        """The passages a product question is most likely answered by, fetched up front so
        Claude can answer in one round trip (and the reflex brain can answer at all)."""
        if self._knowledge is None:
            return []
        from hard_e.knowledge.store import hit_dict  # numpy: only when a turn searches

        asked = asked_question(question)  # "Mr. Keller wants to know …": what he asked
        hits = await asyncio.to_thread(self._knowledge.search, tenant_id, asked, PASSAGES)
        return [hit_dict(h) for h in hits if h.score > 0]

    async def _memories(self, principal: Principal, question: str) -> list[dict[str, Any]]:
        """What was learned before that matters for this turn, within a size budget."""
        if self._memory is None:
            return []
        items = await asyncio.to_thread(
            self._memory.visible, principal.tenant_id, principal.user_id
        )
        return [public(m) for m in recall(question, items, user_id=principal.user_id)]

    async def _decide_as_shown(self, ctx: Any, reply: BrainReply) -> BrainReply:
        """Approvals the person's words approved right after the question that showed
        them exactly ("… or say 'save it' to create Jo Smith, …"): run them now."""
        ids = reply.approved_as_shown
        decided = await self._decide(ctx, ids, Decided("approve", list(range(len(ids)))))
        return replace(
            reply,
            text=f"{reply.text} {decided.text}".strip(),
            approvals=[a for a in reply.approvals if a["id"] not in ids] + decided.approvals,
            approved_as_shown=[],
        )

    async def _decide(
        self, ctx: Any, approval_ids: list[str], choice: Decided | AskWhich, said: str = ""
    ) -> BrainReply:
        """The person's answer ``said`` right after an approval prompt: decide what they
        picked."""
        if isinstance(choice, AskWhich):
            listed = [
                a.public()
                for a in await asyncio.to_thread(self._open_approvals, ctx.tenant_id, approval_ids)
            ]
            question = "Which one? " if choice.verdict == "approve" else "Cancel which? "
            return BrainReply(
                text=question + prompt(listed), brain="reflex", approvals=listed, intent="approval"
            )
        lines: list[str] = []
        decided: list[dict[str, Any]] = []
        for position in choice.which:
            approval_id = approval_ids[position]
            try:
                if choice.verdict == "approve":
                    approval = await self._tools.gate.approve(ctx, approval_id)
                else:
                    approval = await self._tools.gate.deny(ctx, approval_id)
            except (ApprovalClosedError, ApprovalNotFoundError, NotAllowedError) as exc:
                lines.append(f"I couldn't do that: {exc}.")
                continue
            decided.append(approval.public())
            lines.append(_decision_line(approval.public()))
        left = [i for n, i in enumerate(approval_ids) if n not in choice.which]
        still = await asyncio.to_thread(self._open_approvals, ctx.tenant_id, left)
        if still:
            lines.append(prompt([a.public() for a in still]))
        approvals = decided + [a.public() for a in still]
        intent = decision_intent(choice.verdict, said)
        return BrainReply(text=" ".join(lines), brain="reflex", approvals=approvals, intent=intent)

    async def _yes_to_cancel(
        self, tenant_id: str, approval_ids: list[str], said: str
    ) -> Decided | None:
        """ "Yes, go ahead and cancel it" to the cancellation waiting: approved."""
        if not re.search(r"\bcanc[ae]l\b", said, re.IGNORECASE):
            return None
        waiting = await asyncio.to_thread(self._open_approvals, tenant_id, approval_ids)
        tools = [a.tool for a in waiting]
        return Decided("approve", [0]) if yes_to_a_cancellation(said, tools) else None

    async def _withdraw(self, ctx: Any, approval_ids: list[str]) -> None:
        """The drafts a redraft stands in for, denied: the person asked for the change."""
        for approval in await asyncio.to_thread(self._open_approvals, ctx.tenant_id, approval_ids):
            try:
                await self._tools.gate.deny(ctx, approval.id)
            except (ApprovalClosedError, ApprovalNotFoundError, NotAllowedError):
                continue  # decided meanwhile, or not theirs: it stays as it is

    async def _hold_over(
        self, state: dict[str, Any], tenant_id: str, undecided: list[str], held: dict[str, Any]
    ) -> None:
        """Keep the approvals a turn passed over (or still holds) for a later "no"."""
        ids, turns = (
            (undecided, 1) if undecided else (held.get("ids", []), held.get("turns", 0) + 1)
        )
        if not ids or turns > HOLD_TURNS:
            return
        still = await asyncio.to_thread(self._open_approvals, tenant_id, ids)
        if still:
            state[HELD_OVER] = {"ids": [a.id for a in still], "turns": turns}

    async def _ask_again(
        self, ctx: Any, approval_ids: list[str], *, resumed: bool = False
    ) -> BrainReply:
        """A "yes" a few turns after the prompt: shown again, so the yes is to what it sees.
        ``resumed``: the rep went back to it ("back to the email"), so it is that request again."""
        listed = [
            a.public()
            for a in await asyncio.to_thread(self._open_approvals, ctx.tenant_id, approval_ids)
        ]
        text = f"Still waiting — {prompt(listed)}" if listed else "Nothing is waiting now."
        intent = resumed_intent(listed) if resumed and listed else "approval"
        return BrainReply(text=text, brain="reflex", approvals=listed, intent=intent)

    def _open_approvals(self, tenant_id: str, approval_ids: list[str]) -> list[Any]:
        found = []
        for approval_id in approval_ids:
            try:
                approval = self._tools.gate.approvals.get(tenant_id, approval_id)
            except ApprovalNotFoundError:
                continue
            if approval.status == "pending":
                found.append(approval)
        return found


async def _nothing() -> list[dict[str, Any]]:
    return []


def _held_text(sink: TextSink, gate: _Confirmation) -> TextSink:
    """``sink``, given nothing before a speculative turn is confirmed."""

    async def held(part: str) -> None:
        await gate.passed()
        await sink(part)

    return held


def _for_a_person(approvals: list[dict[str, Any]]) -> str:
    """What an agent is told about held actions: a person decides them, not the agent."""
    ids = ", ".join(a["id"] for a in approvals)
    return (
        f"{len(approvals)} action(s) wait for a person's approval in Hard-E ({ids}); "
        "follow them with GET /api/v1/approvals/{id}."
    )


def deadline_passed(deadline: Deadline | None) -> bool:
    return deadline is not None and deadline.passed


def cut_short(ran: list[GateResult], *, out_of_time: bool) -> BrainReply:
    """The truthful answer of a turn that could not finish: what did and did not happen."""
    why = "I ran out of time" if out_of_time else "I lost my connection to my brain"
    done = [r for r in ran if r.status == "ok" and r.tier is not Tier.GREEN]
    failed = [r for r in ran if r.status == "error" and r.tier is not Tier.GREEN]
    waiting = [r.approval.public() for r in ran if r.approval is not None]
    lines = [f"{why} before I could finish that."]
    lines += [f"Done: {r.summary or r.tool}." for r in done]
    lines += [f"Not done: {r.summary or r.tool} — {r.error}" for r in failed]
    if not done and not failed and not waiting:
        lines.append("Nothing was changed; ask me again.")
    calls = [{"name": r.tool, "status": r.status} for r in ran]
    return BrainReply(text=" ".join(lines), brain="reflex", tool_calls=calls, approvals=waiting)


def _decision_line(approval: dict[str, Any]) -> str:
    status, summary = approval["status"], str(approval["summary"]).rstrip(".")  # no "…Keller.."
    if status == "executed":
        result = approval.get("result") or {}
        ref = f" (#{result['id']})" if isinstance(result, dict) and "id" in result else ""
        return f"Done: {summary}{ref}."
    if status == "denied":  # not "Cancelled: …": the held action may itself be a cancel
        return f"Not done, as you said: {summary}. Nothing changed."
    return f"That didn't work: {summary} — {approval.get('error') or 'unknown error'}."
