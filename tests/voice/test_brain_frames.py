"""The brain processor at frame level (pipecat's ``run_test``), with the real chat turn:
Claude is the scripted Messages API server, the CRM the Leap simulator."""

from __future__ import annotations

from typing import Any

import pytest
from pipecat.frames.frames import (
    BotStoppedSpeakingFrame,
    EagerEndOfTurnCancelFrame,
    Frame,
    InterruptionFrame,
    LLMContextFrame,
    LLMContextUserTurnFrame,
    LLMFullResponseEndFrame,
    LLMTextFrame,
    TTSSpeakFrame,
    TTSTextFrame,
)
from pipecat.pipeline.pipeline import Pipeline
from pipecat.processors.aggregators.llm_context import LLMContext
from pipecat.tests.utils import SleepFrame, run_test

from hard_e.auth import Principal
from hard_e.bootstrap import Services
from hard_e.brain.fallback import FallbackBrain
from hard_e.chat import ChatResult
from hard_e.crm.simulator.server import LeapSimulator
from hard_e.local.seed import DemoLogin
from tests.support.anthropic_server import ScriptedAnthropic, text, tool_use
from voice_worker.brain import (
    EMPTY_TURN,
    NO_WORDS,
    CallState,
    HardEBrain,
    HeardLog,
    filler_for,
    is_backchannel,
)


@pytest.fixture
def services(claude_services: Services) -> Services:
    return claude_services


@pytest.fixture
def rep(services: Services, demo: DemoLogin) -> Principal:
    user = services.directory.find_user_by_email(demo.email)
    assert user is not None
    return Principal(demo.tenant_id, user.user_id, user.role, user.email)


def said(words: str, role: str = "user") -> LLMContextFrame:
    return LLMContextFrame(LLMContext(messages=[{"role": role, "content": words}]))  # type: ignore[list-item]


QUOTE_EMAIL = "email pat at example dot com the quote, subject your quote"


def script_quote_email(claude_api: ScriptedAnthropic) -> None:
    """Claude drafts the quote email to pat@example.com (a red tool), then says so."""
    claude_api.reply(
        tool_use(
            "send_email",
            {"to": "pat@example.com", "subject": "Your quote", "body": "Attached is the quote."},
        )
    )
    claude_api.reply(text("I drafted the email to pat@example.com."))


def spoken(frames: list[Frame]) -> str:
    return "".join(f.text for f in frames if isinstance(f, LLMTextFrame | TTSSpeakFrame))


async def run(brain: HardEBrain, *frames: Frame, state: CallState | None = None) -> list[Frame]:
    processor: Any = brain if state is None else Pipeline([brain, HeardLog(state)])
    down, _ = await run_test(processor, frames_to_send=list(frames))  # ends once turns are done
    return list(down)


async def test_the_reply_streams_out_as_claude_writes_it(
    services: Services, rep: Principal, claude_api: ScriptedAnthropic
) -> None:
    claude_api.reply(
        text("The Keller job is in Install Scheduled. The crew starts Monday at eight."),
        event_delay=0.01,
    )
    state = CallState()
    frames = await run(HardEBrain(services.chat, rep, state), said("where's the Keller job at"))

    parts = [f for f in frames if isinstance(f, LLMTextFrame)]
    assert len(parts) > 2  # token by token, not one block at the end
    assert (
        spoken(frames) == "The Keller job is in Install Scheduled. The crew starts Monday at eight."
    )
    assert isinstance(frames[-1], LLMFullResponseEndFrame)
    # the same session as a typed turn, with what the rep said as the user message
    assert state.session_id is not None
    _, history = services.chat.history(rep, state.session_id)
    assert [m.text for m in history] == ["where's the Keller job at", spoken(frames)]


async def test_a_red_tool_becomes_a_spoken_question_and_a_spoken_yes_sends_it_once(
    services: Services, rep: Principal, claude_api: ScriptedAnthropic
) -> None:
    script_quote_email(claude_api)
    state = CallState()
    brain = HardEBrain(services.chat, rep, state)
    first = await run(brain, said(QUOTE_EMAIL))
    question = spoken(first)
    assert "pat@example.com" in question and "yes" in question.lower()
    assert state.current is not None and state.current.asks_approval

    second = await run(brain, said("yes"))

    assert "Done" in spoken(second)
    assert len(claude_api.requests) == 2  # the yes was decided without the model
    outbox = services.messenger.list(rep.tenant_id)  # type: ignore[attr-defined]
    assert [m["to"] for m in outbox] == ["pat@example.com"]


async def test_a_started_tool_call_finishes_once_when_the_rep_cuts_in(
    services: Services, rep: Principal, claude_api: ScriptedAnthropic, leap_sim: LeapSimulator
) -> None:
    job = next(iter(leap_sim.store.jobs.values()))
    claude_api.reply(
        text("Adding that note now."),
        tool_use("add_job_note", {"job": job.number, "note": "gate code 4411"}),
    )
    claude_api.reply(text("Done, the note is on the job. Anything else on it?"), delay=0.3)
    state = CallState()
    brain = HardEBrain(services.chat, rep, state)
    frames = await run(
        brain,
        said(f"add a note to job {job.number}: gate code 4411"),
        SleepFrame(sleep=0.15),
        InterruptionFrame(),
        said("wait, also what's the Zimmerman job at"),
    )

    notes = [n for n in leap_sim.store.notes.values() if n.note == "gate code 4411"]
    assert len(notes) == 1
    assert state.session_id is not None
    _, history = services.chat.history(rep, state.session_id)
    first_reply = history[1]
    assert any(c["name"] == "add_job_note" for c in first_reply.tool_calls)
    # nothing reached the rep's ears in this test (no transport): only that is kept
    assert first_reply.text == "…"
    assert "Done, the note is on the job" not in spoken(frames)


async def test_after_a_backchannel_the_reply_goes_on_from_what_was_heard(
    services: Services, rep: Principal, claude_api: ScriptedAnthropic
) -> None:
    reply = "First, the siding is done. Second, the gutters go on Friday. Third, the final walk."
    claude_api.reply(text(reply))
    state = CallState()
    brain = HardEBrain(services.chat, rep, state)
    heard = TTSTextFrame("First, the siding is done.", aggregated_by="sentence")
    frames = await run(
        brain,
        said("what's left on the Keller job"),
        SleepFrame(sleep=0.3),
        heard,
        SleepFrame(sleep=0.05),
        InterruptionFrame(),
        said("uh-huh"),
        state=state,
    )

    resumed = [f.text for f in frames if isinstance(f, TTSSpeakFrame)]
    assert resumed == ["Second, the gutters go on Friday. Third, the final walk."]
    assert state.turns == 1  # "uh-huh" was not a turn


async def test_a_cough_while_hard_e_speaks_does_not_kill_the_reply(
    services: Services, rep: Principal, claude_api: ScriptedAnthropic
) -> None:
    claude_api.reply(text("The crew starts Monday. Materials land Friday."))
    state = CallState()
    brain = HardEBrain(services.chat, rep, state)
    frames = await run(
        brain,
        said("when does the crew start"),
        SleepFrame(sleep=0.3),
        TTSTextFrame("The crew starts Monday.", aggregated_by="sentence"),
        SleepFrame(sleep=0.05),
        InterruptionFrame(),
        said(EMPTY_TURN, role="developer"),  # the user turn ended with no words
        state=state,
    )
    assert [f.text for f in frames if isinstance(f, TTSSpeakFrame)] == ["Materials land Friday."]


async def test_a_real_interruption_keeps_only_what_was_heard(
    services: Services, rep: Principal, claude_api: ScriptedAnthropic
) -> None:
    claude_api.reply(text("The Keller job is in Install Scheduled. The crew starts Monday."))
    claude_api.reply(text("The Zimmerman job is in Punch List."))
    state = CallState()
    brain = HardEBrain(services.chat, rep, state)
    await run(
        brain,
        said("where's the Keller job at"),
        SleepFrame(sleep=0.3),
        TTSTextFrame("The Keller job is in Install Scheduled.", aggregated_by="sentence"),
        SleepFrame(sleep=0.05),
        InterruptionFrame(),
        said("okay and the Zimmerman job"),
        state=state,
    )
    assert state.session_id is not None
    _, history = services.chat.history(rep, state.session_id)
    assert [m.text for m in history] == [
        "where's the Keller job at",
        "The Keller job is in Install Scheduled.",
        "okay and the Zimmerman job",
        "The Zimmerman job is in Punch List.",
    ]


async def test_a_call_ended_between_two_sentences_keeps_only_the_sentence_heard(
    services: Services, rep: Principal, claude_api: ScriptedAnthropic
) -> None:
    # Given a two-sentence reply whose voice stopped after the first one (the second is
    # still being synthesised: pipecat says the bot stopped speaking)
    claude_api.reply(text("The Keller job is in Install Scheduled. The crew starts Monday."))
    state = CallState()
    brain = HardEBrain(services.chat, rep, state)
    await run(
        brain,
        said("where's the Keller job at"),
        SleepFrame(sleep=1.0),  # the chat turn has returned: its whole reply is pushed
        TTSTextFrame("The Keller job is in Install Scheduled.", aggregated_by="sentence"),
        SleepFrame(sleep=0.05),
        BotStoppedSpeakingFrame(),
        SleepFrame(sleep=0.05),
        state=state,
    )
    # When the rep hangs up there
    await brain.drain()

    # Then the reply was not played to the end, and the session keeps what they heard
    assert state.current is not None and not state.current.played
    assert state.session_id is not None
    _, history = services.chat.history(rep, state.session_id)
    assert [m.text for m in history] == [
        "where's the Keller job at",
        "The Keller job is in Install Scheduled.",
    ]


async def test_a_reply_heard_to_the_end_is_played_and_kept_whole(
    services: Services, rep: Principal, claude_api: ScriptedAnthropic
) -> None:
    claude_api.reply(text("The Keller job is in Install Scheduled. The crew starts Monday."))
    state = CallState()
    brain = HardEBrain(services.chat, rep, state)
    await run(
        brain,
        said("where's the Keller job at"),
        SleepFrame(sleep=1.0),  # the chat turn has returned: its whole reply is pushed
        TTSTextFrame("The Keller job is in Install Scheduled.", aggregated_by="sentence"),
        TTSTextFrame("The crew starts Monday.", aggregated_by="sentence"),
        SleepFrame(sleep=0.05),
        BotStoppedSpeakingFrame(),
        SleepFrame(sleep=0.05),
        state=state,
    )
    await brain.drain()

    assert state.current is not None and state.current.played
    assert state.session_id is not None
    _, history = services.chat.history(rep, state.session_id)
    assert [m.text for m in history][-1] == (
        "The Keller job is in Install Scheduled. The crew starts Monday."
    )


async def test_a_slow_tool_gets_a_spoken_filler(
    services: Services, rep: Principal, claude_api: ScriptedAnthropic, leap_sim: LeapSimulator
) -> None:
    claude_api.reply(tool_use("search_jobs", {"keyword": "Keller"}))
    claude_api.reply(text("Found it."), delay=0.5)
    leap_sim.configure(latency_ms=400)
    brain = HardEBrain(services.chat, rep, CallState(), filler_after=0.1)
    frames = await run(brain, said("find the Keller job"))

    fillers = [f.text for f in frames if isinstance(f, TTSSpeakFrame)]
    assert fillers == ["One sec, pulling up the Keller job."]
    assert spoken(frames).endswith("Found it.")


def test_backchannels_and_fillers_in_a_contractors_words() -> None:
    assert is_backchannel("Uh-huh.") and is_backchannel("okay") and is_backchannel("Mm hmm")
    assert is_backchannel("Mm-hm.") and is_backchannel("mhmm")  # as recognisers write it
    assert not is_backchannel("okay send it") and not is_backchannel("stop")
    assert filler_for("get_job", {"job": "Hendricks"}) == "One sec, pulling up the Hendricks job."
    assert filler_for("search_customers", {"query": "Pat"}) == "One sec, looking up Pat."


class _WordlessChat:
    """A chat turn that completes but gives no words (a brain that came up empty)."""

    def __init__(self, chat: Any) -> None:
        self._chat = chat

    async def take_turn(self, principal: Principal, message: str, **kwargs: Any) -> ChatResult:
        real = await self._chat.take_turn(principal, message, **{**kwargs, "on_text": None})
        return ChatResult(session_id=real.session_id, reply="", brain=real.brain)


async def test_a_turn_whose_brain_gives_no_words_still_says_something(
    services: Services, rep: Principal, claude_api: ScriptedAnthropic
) -> None:
    claude_api.reply(text("ignored"))
    chat: Any = _WordlessChat(services.chat)
    frames = await run(HardEBrain(chat, rep, CallState()), said("where's the Keller job at"))

    assert spoken(frames) == NO_WORDS  # never a silent turn the rep waits on forever
    assert isinstance(frames[-1], LLMFullResponseEndFrame)


async def test_claude_out_of_answers_falls_back_to_one_offline_answer(
    services: Services,
    rep: Principal,
    claude_api: ScriptedAnthropic,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Claude backed by the offline brain, as bootstrap builds it with a key
    # (the fixture's brain is Claude alone)
    chat: Any = services.chat
    monkeypatch.setattr(chat, "_brain", FallbackBrain(chat._brain, chat._reflex))
    # nothing scripted: every request gets 500, as when another caller (the memory
    # learner) took the answer meant for this turn
    state = CallState()
    frames = await run(HardEBrain(services.chat, rep, state), said("where's the Keller job at"))

    words = spoken(frames)
    assert "Keller" in words  # the offline brain's answer, said once
    assert words.count("Keller") == 1
    assert NO_WORDS not in words
    assert claude_api.requests  # Claude was asked first
    assert isinstance(frames[-1], LLMFullResponseEndFrame)


# --- speculative turns: started on Deepgram's interim, held until the final ---------------


def interim(words: str) -> LLMContextFrame:
    """What the aggregator pushes when the stop strategy speculates on an interim."""
    frame = said(words)
    frame.speculation = True
    return frame


def final(words: str) -> LLMContextUserTurnFrame:
    """The aggregator writing the rep's final words to the context."""
    return LLMContextUserTurnFrame(text=words, timestamp="")


async def test_a_matching_final_keeps_the_speculative_reply_and_runs_its_tool_once(
    services: Services, rep: Principal, claude_api: ScriptedAnthropic, leap_sim: LeapSimulator
) -> None:
    job = next(iter(leap_sim.store.jobs.values()))
    claude_api.reply(
        text("Adding that note now."),
        tool_use("add_job_note", {"job": job.number, "note": "gate code 4411"}),
    )
    claude_api.reply(text("Done, the note is on the job."))
    state = CallState()
    frames = await run(
        HardEBrain(services.chat, rep, state),
        interim(f"add a note to job {job.number} gate code 4411"),
        SleepFrame(sleep=0.4),  # Claude has answered; nothing may come out yet
        final(f"Add a note to job {job.number}: gate code 4411."),
    )

    kinds = [type(f) for f in frames]
    assert kinds.index(LLMContextUserTurnFrame) < kinds.index(LLMTextFrame)  # held till then
    # once: the text blocks before and after the tool, a space between them
    assert spoken(frames) == "Adding that note now. Done, the note is on the job."
    notes = [n for n in leap_sim.store.notes.values() if n.note == "gate code 4411"]
    assert len(notes) == 1
    assert len(claude_api.requests) == 2  # the speculative answer was kept, not asked again
    assert state.session_id is not None
    _, history = services.chat.history(rep, state.session_id)
    # the final words are stored, never the interim's
    assert history[0].text == f"Add a note to job {job.number}: gate code 4411."
    assert [c["name"] for c in history[1].tool_calls] == ["add_job_note"]


async def test_other_final_words_cancel_the_speculation_and_its_tool_never_runs(
    services: Services, rep: Principal, claude_api: ScriptedAnthropic, leap_sim: LeapSimulator
) -> None:
    job = next(iter(leap_sim.store.jobs.values()))
    claude_api.reply(tool_use("add_job_note", {"job": job.number, "note": "gate code 44"}))
    claude_api.reply(tool_use("add_job_note", {"job": job.number, "note": "gate code 4411"}))
    claude_api.reply(text("Done, the note is on the job."))
    state = CallState()
    frames = await run(
        HardEBrain(services.chat, rep, state),
        interim(f"add a note to job {job.number} gate code 44"),
        SleepFrame(sleep=0.4),  # the speculative answer asked for its tool meanwhile
        EagerEndOfTurnCancelFrame(),  # the stop strategy: the final has other words
        final(f"Add a note to job {job.number}: gate code 4411."),
        said(f"Add a note to job {job.number}: gate code 4411."),
    )

    notes = sorted(n.note for n in leap_sim.store.notes.values() if n.note.startswith("gate"))
    assert notes == ["gate code 4411"]  # the discarded transcript's tool never ran
    assert spoken(frames) == "Done, the note is on the job."
    assert len([f for f in frames if isinstance(f, LLMFullResponseEndFrame)]) == 1
    assert state.session_id is not None
    _, history = services.chat.history(rep, state.session_id)
    assert [m.text for m in history] == [
        f"Add a note to job {job.number}: gate code 4411.",
        "Done, the note is on the job.",
    ]


async def test_final_words_unlike_the_interims_restart_the_turn_even_without_a_cancel(
    services: Services, rep: Principal, claude_api: ScriptedAnthropic
) -> None:
    claude_api.reply(text("The Keller job is in Install Scheduled."))
    claude_api.reply(text("The Zimmerman job is in Punch List."))
    state = CallState()
    frames = await run(
        HardEBrain(services.chat, rep, state),
        interim("where's the Keller job"),
        SleepFrame(sleep=0.3),
        final("Where's the Zimmerman job?"),  # a cancel overtaken: the words decide
        said("Where's the Zimmerman job?"),
    )

    assert spoken(frames) == "The Zimmerman job is in Punch List."
    assert state.session_id is not None
    _, history = services.chat.history(rep, state.session_id)
    assert [m.text for m in history] == [
        "Where's the Zimmerman job?",
        "The Zimmerman job is in Punch List.",
    ]
    assert state.turns == 1


async def test_a_withdrawn_speculation_leaves_nothing_in_the_session(
    services: Services, rep: Principal, claude_api: ScriptedAnthropic
) -> None:
    claude_api.reply(text("The Keller job is in Install Scheduled."))
    state = CallState()
    frames = await run(
        HardEBrain(services.chat, rep, state),
        interim("where's the Keller"),
        SleepFrame(sleep=0.3),
        EagerEndOfTurnCancelFrame(),  # the rep went on talking
    )

    assert spoken(frames) == ""
    assert not [f for f in frames if isinstance(f, LLMFullResponseEndFrame)]
    assert state.session_id is not None  # opened for the call's first turn, still empty
    _, history = services.chat.history(rep, state.session_id)
    assert history == []
    assert state.turns == 0


async def test_a_yes_or_no_to_an_approval_is_decided_by_the_final_words(
    services: Services, rep: Principal, claude_api: ScriptedAnthropic
) -> None:
    script_quote_email(claude_api)
    state = CallState()
    brain = HardEBrain(services.chat, rep, state)
    await run(brain, said(QUOTE_EMAIL))
    assert state.current is not None and state.current.asks_approval

    second = await run(
        brain,
        interim("yes"),
        SleepFrame(sleep=0.3),
        EagerEndOfTurnCancelFrame(),  # the final words were not "yes"
        final("No."),
        said("No."),
    )

    assert "Not done, as you said" in spoken(
        second
    )  # the final "no" decided, not the interim "yes"
    assert services.messenger.list(rep.tenant_id) == []  # type: ignore[attr-defined]

    script_quote_email(claude_api)
    await run(brain, said(QUOTE_EMAIL))
    third = await run(brain, interim("yes"), SleepFrame(sleep=0.3), final("Yes."))

    assert "Done" in spoken(third)  # the confirmed "yes" decided it, once
    outbox = services.messenger.list(rep.tenant_id)  # type: ignore[attr-defined]
    assert [m["to"] for m in outbox] == ["pat@example.com"]


def test_only_a_backchannel_over_a_held_reply_ends_the_turn_at_once() -> None:
    from voice_worker.brain import CallState, Reply, backchannel_over_reply

    state = CallState()
    assert not backchannel_over_reply(state, "uh-huh")  # Hard-E was not speaking
    state.current = Reply()
    assert not backchannel_over_reply(state, "uh-huh")  # speaking, but not cut into
    state.current.holding = True
    assert backchannel_over_reply(state, "Uh-huh.") and backchannel_over_reply(state, "okay")
    assert not backchannel_over_reply(state, "okay so what about Keller")
