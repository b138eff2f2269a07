"""The brain in the pipeline: the rep's finished turn → the same chat turn as text →
the reply streamed to TTS as it is generated.

Rules this processor keeps (issue 8):
- the transcript goes to ``ChatService.take_turn`` as what the rep said, so speech
  normalisation, memory, knowledge, tools and the safety gate's "asked in this turn"
  check all work as in chat; the reply's text is pushed as it comes (TTS speaks it
  sentence by sentence) and whatever the turn added at the end (an approval question)
  follows;
- the turn runs in a task of its own: a rep cutting in never cancels it, so a tool call
  that has started finishes exactly once and the turn is saved;
- when the rep cuts in, the rest of the reply is held back. If what they said was only a
  backchannel ("uh-huh", "okay") or nothing at all (a cough), the reply goes on from
  where they stopped hearing it; otherwise the stored reply becomes only what they heard;
- a turn always says something: a brain that returns no words gets a short admission
  (``NO_WORDS``), a failed turn an apology, so the rep is never left waiting in silence;
- a tool that has produced nothing after ``filler_after`` seconds gets a short filler;
- its time to first words (the turn handed over → the first text pushed) is reported as
  this processor's TTFB metric, so pipecat's latency observer can name it;
- a speculative turn (``LLMContextFrame(speculation=True)``, from
  :class:`voice_worker.speculation.SpeculativeTurnStop`: the rep's words from an interim
  transcript) starts the chat turn at once but holds everything lasting until the
  aggregator writes the final words (``LLMContextUserTurnFrame``) and they match; then
  the reply goes on and the final words are stored. Withdrawn
  (``EagerEndOfTurnCancelFrame``, an interruption, other final words) it is cancelled
  and leaves no trace. A rep cutting in on a reply still playing, a backchannel, or an
  answer to an approval question is not speculated on: that turn waits for the final
  words.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any

from pipecat.frames.frames import (
    BotStoppedSpeakingFrame,
    EagerEndOfTurnCancelFrame,
    EndFrame,
    Frame,
    InterruptionFrame,
    LLMContextFrame,
    LLMContextUserTurnFrame,
    LLMFullResponseEndFrame,
    LLMFullResponseStartFrame,
    LLMTextFrame,
    TTSSpeakFrame,
    TTSTextFrame,
)
from pipecat.processors.frame_processor import FrameDirection, FrameProcessor
from pipecat.turns.user_stop import NormalizedMatch

from hard_e.auth import Principal
from hard_e.chat import ChatService
from hard_e.tenancy.exceptions import TrialEndedError
from voice_worker.backchannels import asks_for_nothing, words_of
from voice_worker.pausing import Pause

logger = logging.getLogger(__name__)

EMPTY_TURN = "[the rep made a sound that was not words]"  # the user aggregator's marker
NOTHING_HEARD = "…"  # stored when the rep cut in before hearing a word
SORRY = "Sorry, something went wrong on my side. Please say that again."
NO_WORDS = "Sorry, I came up empty on that one. Try asking me another way."
MATCH = NormalizedMatch()  # as the stop strategy compares an interim with the final


def is_backchannel(text: str, key_terms: frozenset[str] = frozenset()) -> bool:
    """Whether ``text`` is only a backchannel (or words that ask for nothing: what a
    cough is written as) — no request of the rep's."""
    return bool(words_of(text)) and asks_for_nothing(text, key_terms=key_terms)


def keeps_the_floor(state: CallState, text: str, *, partial: bool = False) -> bool:
    """Whether Hard-E speaks on over ``text`` said while it speaks: nothing but a
    backchannel (for an interim ``partial`` transcript, also the start of one: "all" of
    "all right") or words that ask for nothing alone ("you", "but": ``EMPTY_WORDS``),
    and no approval question waiting for its yes. Anything else is the rep taking the
    floor."""
    reply = state.current
    if reply is not None and reply.asks_approval:
        return False
    return asks_for_nothing(text, key_terms=state.key_terms, partial=partial)


def backchannel_over_reply(state: CallState, text: str) -> bool:
    """Whether ``text`` is only a backchannel said over a reply the rep cut into: a whole
    turn at once, so the reply goes on without waiting for Smart Turn's timeout."""
    reply = state.current
    return (
        reply is not None
        and reply.holding
        and not reply.asks_approval
        and is_backchannel(text, state.key_terms)
    )


def filler_for(tool: str, arguments: dict[str, Any]) -> str:
    """What Hard-E says while a slow tool runs: "One sec, pulling up the Hendricks job."."""
    subject = next(
        (
            str(arguments[k])
            for k in ("job", "keyword", "query", "customer", "name", "question")
            if isinstance(arguments.get(k), str | int)
        ),
        "",
    )
    if "job" in tool and subject:
        return f"One sec, pulling up the {subject} job."
    if "customer" in tool and subject:
        return f"One sec, looking up {subject}."
    if "knowledge" in tool or "document" in tool:
        return "One sec, checking our documents."
    return "One sec, I'm on it."


@dataclass
class Reply:
    """One answer: what was pushed to TTS, held back, and heard by the rep."""

    said: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)
    heard: list[str] = field(default_factory=list)
    fillers: list[str] = field(default_factory=list)
    holding: bool = False  # the rep cut in: nothing more is pushed until decided
    done: bool = False  # the chat turn has returned
    asks_approval: bool = False  # the reply ends with a yes/no question
    played: bool = False  # the rep heard all of it: the bot stopped with nothing unheard
    opened: bool = False  # LLMFullResponseStartFrame went out
    block_ended: bool = False  # a tool ran since the last words: a space before the next
    confirmed: asyncio.Future[str] | None = None  # a speculative reply: the final words
    task: asyncio.Task[None] | None = None

    def produced(self) -> str:
        return "".join(self.said + self.held)

    def heard_text(self) -> str:
        words = [t for t in self.heard if t not in self.fillers]
        return " ".join(" ".join(words).split())

    def unheard(self) -> str:
        """What the rep has not heard yet, by word count (TTS text is re-spaced)."""
        heard_words = len(self.heard_text().split())
        return " ".join(self.produced().split()[heard_words:])


@dataclass
class Speculation:
    """A turn started on an interim transcript, waiting for the final words. ``reply``
    is None when the brain would not speculate: the final words then start the turn."""

    text: str
    reply: Reply | None = None


@dataclass
class CallState:
    """What one call knows: its session and the reply being spoken."""

    session_id: str | None = None
    current: Reply | None = None
    turns: int = 0
    key_terms: frozenset[str] = frozenset()  # words of its customers' and products' names

    def replying(self) -> bool:
        """Whether Hard-E's reply has more to say: words of it pushed to the voice that
        the rep has not heard yet (its voice fell behind between sentences), and the rep
        has not cut into it."""
        reply = self.current
        return reply is not None and not reply.holding and bool(reply.unheard())


class HeardLog(FrameProcessor):
    """After the output transport: the text frames that come out were played — except
    those that come while ``pause`` holds the audio back (word timestamps run on the
    clock): they count once the pause is released, and not at all if the rep's
    interruption drops the paused audio."""

    def __init__(self, state: CallState, pause: Pause | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._state = state
        self._pause = pause
        self._paused: list[str] = []  # words that came out while the audio was held
        self._paused_of: Reply | None = None

    async def process_frame(self, frame: Frame, direction: FrameDirection) -> None:
        await super().process_frame(frame, direction)
        reply = self._state.current
        held = self._pause is not None and self._pause.holding
        if isinstance(frame, InterruptionFrame) or reply is not self._paused_of:
            self._paused = []  # the paused audio was dropped (or is another reply's)
            self._paused_of = reply
        if reply is not None and not reply.holding:
            if self._paused and not held:  # released: those words play now
                reply.heard.extend(self._paused)
                self._paused = []
            if isinstance(frame, TTSTextFrame):
                (self._paused if held else reply.heard).append(frame.text)
        await self.push_frame(frame, direction)


class HardEBrain(FrameProcessor):
    """Where an LLM service would sit: LLMContextFrame in, reply text out."""

    def __init__(
        self,
        chat: ChatService,
        principal: Principal,
        state: CallState,
        *,
        filler_after: float = 0.7,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self._chat = chat
        self._principal = principal
        self._state = state
        self._filler_after = filler_after
        self._tasks: set[asyncio.Task[None]] = set()
        self._speculation: Speculation | None = None

    def can_generate_metrics(self) -> bool:
        return True

    async def process_frame(self, frame: Frame, direction: FrameDirection) -> None:
        await super().process_frame(frame, direction)
        if isinstance(frame, LLMContextFrame):
            self._withdraw()  # an answer still waiting for its words is superseded
            if frame.speculation:
                self._speculate(frame.context.get_messages())
            else:
                await self._rep_finished(frame.context.get_messages())
            return
        if isinstance(frame, EndFrame):
            self._withdraw()
            await self._settle()  # a graceful end lets the last reply be said
        elif isinstance(frame, InterruptionFrame):
            self._withdraw()
            self._hold()
        elif isinstance(frame, EagerEndOfTurnCancelFrame):
            self._withdraw()
        elif isinstance(frame, LLMContextUserTurnFrame):
            await self._confirm(frame.text)
        elif isinstance(frame, BotStoppedSpeakingFrame):
            reply = self._state.current
            if reply is not None and reply.done and not reply.holding and not reply.unheard():
                reply.played = True  # not at a gap between two sentences: heard to the end
        await self.push_frame(frame, direction)

    async def _settle(self) -> None:
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def drain(self) -> None:
        """Wait for every started turn (tools finish once, turns are saved); a reply the
        rep did not hear to the end is stored as far as they heard it."""
        self._withdraw()
        await self._settle()
        reply = self._state.current
        if reply is not None and not reply.played and reply.produced().strip():
            await self._keep_heard(reply)

    def _hold(self) -> None:
        reply = self._state.current
        if reply is not None and not reply.holding:
            reply.holding = True

    async def _rep_finished(self, messages: list[Any]) -> None:
        if not messages:
            return
        last = messages[-1]
        role = last.get("role") if isinstance(last, dict) else None
        text = _text_of(last.get("content") if isinstance(last, dict) else None)
        reply = self._state.current
        if reply is not None and reply.holding:
            if role == "developer" or (
                is_backchannel(text, self._state.key_terms) and not reply.asks_approval
            ):
                await self._resume(reply)
                return
        elif role != "user" or not text.strip():
            return
        self._start(text, previous=reply)

    async def _resume(self, reply: Reply) -> None:
        """A false interruption: go on from where the rep stopped hearing."""
        rest = reply.unheard()
        reply.said, reply.held, reply.holding = [reply.heard_text(), " ", rest], [], False
        if rest:
            await self._push(TTSSpeakFrame(rest))

    def _start(self, text: str, *, previous: Reply | None, reply: Reply | None = None) -> Reply:
        reply = reply or Reply()
        if reply.confirmed is None:
            self._state.current = reply
        task = asyncio.get_running_loop().create_task(self._turn(text, reply, previous))
        reply.task = task
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return reply

    def _speculate(self, messages: list[Any]) -> None:
        """Start the answer to an interim transcript, held until the final words come.
        Not while a reply is held back (the words may be a backchannel, and what the
        rep heard of it is stored first) or an approval waits for a yes or no."""
        if not messages:
            return
        last = messages[-1]
        role = last.get("role") if isinstance(last, dict) else None
        text = _text_of(last.get("content") if isinstance(last, dict) else None)
        if role != "user" or not text.strip():
            return
        previous = self._state.current
        speculation = Speculation(text)
        cut_in = previous is not None and previous.holding
        unplayed = cut_in and previous is not None and not previous.played
        waiting = previous is not None and previous.asks_approval
        if not (unplayed or waiting or (cut_in and is_backchannel(text, self._state.key_terms))):
            held = Reply(confirmed=asyncio.get_running_loop().create_future())
            speculation.reply = self._start(text, previous=previous, reply=held)
        self._speculation = speculation

    async def _confirm(self, final: str) -> None:
        """The aggregator wrote the rep's final words: an answer started on the same
        words goes on (and stores them); one on other words is dropped."""
        speculation, self._speculation = self._speculation, None
        if speculation is None:
            return
        if not MATCH.matches(speculation.text, final):
            self._cancel(speculation)  # the context frame for the final words follows
            return
        reply = speculation.reply
        if reply is None:  # not speculated on: the turn starts now, on the final words
            await self._rep_finished([{"role": "user", "content": final}])
            return
        assert reply.confirmed is not None
        self._state.current = reply
        reply.confirmed.set_result(final)

    def _withdraw(self) -> None:
        speculation, self._speculation = self._speculation, None
        if speculation is not None:
            self._cancel(speculation)

    @staticmethod
    def _cancel(speculation: Speculation) -> None:
        reply = speculation.reply
        if reply is not None and reply.confirmed is not None:
            reply.confirmed.cancel()
            if reply.task is not None:
                reply.task.cancel()

    async def _turn(self, text: str, reply: Reply, previous: Reply | None) -> None:
        confirmed: asyncio.Future[str] | None = reply.confirmed
        if previous is not None and previous.task is not None:
            await asyncio.gather(previous.task, return_exceptions=True)  # tools finish once
            if previous.holding and reply.confirmed is None:
                await self._keep_heard(previous)
            elif previous.holding and reply.confirmed is not None:  # stored once words hold
                confirmed = asyncio.ensure_future(self._kept_then(previous, reply.confirmed))
        if reply.confirmed is None:
            await self._open(reply)
        elif self._state.session_id is None:  # kept whether or not the speculation holds
            self._state.session_id = await self._chat.open_session(self._principal)
        await self.start_ttfb_metrics()  # stopped by the first words pushed
        filler: list[asyncio.Task[None]] = []

        async def on_text(part: str) -> None:
            await self._say(reply, part)

        async def on_tool(name: str, arguments: dict[str, Any]) -> None:
            reply.block_ended = True  # the brain's next words are a text block of their own
            if not filler and not reply.produced().strip():
                filler.append(asyncio.create_task(self._filler(reply, name, arguments)))

        try:
            result = await self._chat.take_turn(
                self._principal,
                text,
                session_id=self._state.session_id,
                on_text=on_text,
                on_tool=on_tool,
                channel="voice",
                confirmed=confirmed,
            )
        except TrialEndedError as exc:  # the words say what ended and what to do
            await self._say(reply, str(exc))
        except Exception:
            logger.exception("voice turn failed")
            await self._say(reply, SORRY)
        else:
            self._state.session_id = result.session_id
            self._state.turns += 1
            reply.asks_approval = any(a.get("status") == "pending" for a in result.approvals)
            streamed = reply.produced()
            rest = _rest_after(result.reply, streamed)
            if rest is not None:
                await self._say(reply, rest)
            elif not streamed.strip():
                await self._say(reply, result.reply)
            else:  # the brain gave up after speaking: say what happened, not a new answer
                await self._say(reply, " " + result.reply)
            if not reply.produced().strip():  # never a silent turn: the rep would wait on
                logger.warning("voice turn produced no words; saying so")
                await self._say(reply, NO_WORDS)
        finally:
            for f in filler:
                f.cancel()
            reply.done = True
            if _settled(reply.confirmed):  # a withdrawn speculation says nothing at all
                await self._open(reply)
                await self._push(LLMFullResponseEndFrame())

    async def _open(self, reply: Reply) -> None:
        if not reply.opened:
            reply.opened = True
            await self._push(LLMFullResponseStartFrame())

    async def _say(self, reply: Reply, text: str) -> None:
        if not text:
            return
        if reply.confirmed is not None:
            await reply.confirmed  # a speculative reply says nothing before its words hold
        await self._open(reply)
        if reply.block_ended:  # "…now." + tool + "Done…" must not be read as "now.Done"
            reply.block_ended = False
            if reply.produced() and not reply.produced()[-1].isspace() and not text[0].isspace():
                text = " " + text
        if reply.holding:
            reply.held.append(text)
            return
        reply.said.append(text)
        try:
            await self.stop_ttfb_metrics()  # a no-op after the first words of the turn
        except Exception:
            logger.debug("metrics dropped: the call is over", exc_info=True)
        await self._push(LLMTextFrame(text))

    async def _push(self, frame: Frame) -> None:
        """Push from a turn's task; a call that is gone must not stop the turn."""
        try:
            await self.push_frame(frame)
        except Exception:
            logger.debug("frame dropped: the call is over", exc_info=True)

    async def _filler(self, reply: Reply, tool: str, arguments: dict[str, Any]) -> None:
        await asyncio.sleep(self._filler_after)
        if reply.done or reply.holding or reply.produced().strip():
            return
        line = filler_for(tool, arguments)
        reply.fillers.append(line)
        await self._push(TTSSpeakFrame(line))

    async def _kept_then(self, previous: Reply, confirmed: asyncio.Future[str]) -> str:
        words = await confirmed
        await self._keep_heard(previous)
        return words

    async def _keep_heard(self, reply: Reply) -> None:
        if self._state.session_id is None or not reply.done:
            return
        try:
            await self._chat.keep_heard(
                self._principal, self._state.session_id, reply.heard_text() or NOTHING_HEARD
            )
        except Exception:
            logger.exception("could not store the heard reply")


def _rest_after(whole: str, streamed: str) -> str | None:
    """What of the brain's whole reply was not streamed yet, or None when the stream is
    not the start of it. Spacing aside: the stream's text blocks are joined with one
    space, the whole reply's with a blank line."""
    at = 0
    for char in streamed:
        if char.isspace():
            continue
        while at < len(whole) and whole[at].isspace():
            at += 1
        if at == len(whole) or whole[at] != char:
            return None
        at += 1
    return whole[at:]


def _settled(confirmed: asyncio.Future[str] | None) -> bool:
    """Not a speculation, or one whose words were confirmed."""
    return confirmed is None or (confirmed.done() and not confirmed.cancelled())


def _text_of(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(p.get("text", "") for p in content if isinstance(p, dict))
    return ""
