"""The bot's audio pauses at the rep's first voiced window (``voice_worker/pausing.py``):
what the rep would hear from pipecat's real output track through ``OpusTrack`` — the
reply stops, then plays on from where it stopped when it was only a sound, or is gone
when the rep really cut in — and the VAD holding and releasing it on real audio."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import numpy as np
import pipecat
import pytest
import soxr
from pipecat.audio.vad.vad_analyzer import VADAnalyzer, VADParams, VADState
from pipecat.transports.smallwebrtc.transport import RawAudioTrack

from tests.support.noises import NOISES, cough
from tests.support.voice_peer import synthesise
from tests.voice.test_sending import levels_of, tone
from voice_worker.models import CallVAD, turn_models
from voice_worker.pausing import LONGEST_HOLD, LONGEST_PAUSE, Pause
from voice_worker.sending import OpusTrack

RATE = 24_000
LOUD = 2000.0  # a decoded 20 ms packet of the tone
QUIET = 50.0


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def setup(
    seconds: float = 0.4,
) -> tuple[RawAudioTrack, OpusTrack, Pause, Clock, asyncio.Future[bool]]:
    clock = Clock()
    pause = Pause(clock=clock)
    source = RawAudioTrack(RATE)
    written = source.add_audio_bytes(tone(seconds).tobytes())
    return source, OpusTrack(source, pause), pause, clock, written


async def packets(track: OpusTrack, n: int) -> list[float]:
    return levels_of([await track.recv() for _ in range(n)])


@pytest.mark.asyncio
async def test_a_hold_silences_the_reply_at_once_and_loses_none_of_it() -> None:
    _, track, pause, _, written = setup(0.4)  # 20 packets of tone
    before = await packets(track, 5)
    pause.hold()
    held = await packets(track, 10)
    waiting = not written.done()  # pipecat's writer waits: nothing behind it is sent either
    pause.release()
    after = await packets(track, 40)

    assert min(before[2:]) > LOUD  # the reply was playing
    assert max(held[3:]) < QUIET  # silent once the codec's tail has played (as after any sound)
    assert waiting
    loud_after = [level for level in after if level > LOUD]
    assert len(loud_after) >= 20 - 5 - 2  # the rest of the reply, none of it skipped
    assert written.done()  # and pipecat learns it was all sent


@pytest.mark.asyncio
async def test_a_drop_throws_the_held_reply_away_and_frees_pipecats_writer() -> None:
    source, track, pause, clock, written = setup(0.4)
    await packets(track, 5)
    pause.hold()
    await packets(track, 3)
    pause.drop()
    assert written.done()  # the output transport goes on (to its emptied queue)
    late = source.add_audio_bytes(tone(0.04).tobytes())  # written just before its reset
    dropped = await packets(track, 10)
    clock.now += 1.0  # the next reply, later
    source.add_audio_bytes(tone(0.2).tobytes())
    next_reply = await packets(track, 10)

    assert max(dropped[3:]) < QUIET  # the rep hears nothing more of the reply
    assert late.done()
    assert min(next_reply[2:8]) > LOUD  # the next reply plays


@pytest.mark.asyncio
async def test_an_interruption_drops_the_frame_pipecat_would_let_play_out() -> None:
    """No pause first (the VAD was sure within one window): the drop still stops the
    chunk already handed to the track."""
    _, track, pause, _, written = setup(0.4)
    await packets(track, 5)
    pause.drop()
    rest = await packets(track, 10)
    assert written.done()
    assert max(rest[3:]) < QUIET


@pytest.mark.asyncio
async def test_a_pause_that_nothing_settles_ends_by_itself() -> None:
    _, track, pause, clock, written = setup(0.4)
    await packets(track, 3)
    pause.hold()
    held = await packets(track, 5)
    clock.now += LONGEST_PAUSE + 0.1  # no interruption came, nor more of the rep's voice
    after = await packets(track, 30)
    assert max(held[3:]) < QUIET
    assert sum(level > LOUD for level in after) >= 20 - 3 - 2
    assert not pause.holding and written.done()


@pytest.mark.asyncio
async def test_a_pause_lasts_while_the_rep_talks_on_and_ends_after_their_voice() -> None:
    """The rep's words, not their first sound, decide an interruption: the reply stays
    paused while they talk, and plays on once they have been quiet long enough with no
    interruption coming."""
    _, track, pause, clock, written = setup(0.4)
    await packets(track, 3)
    pause.hold()
    held = await packets(track, 5)
    for _ in range(6):  # 1.5 s of the rep talking, longer than the longest pause
        clock.now += 0.25
        pause.heard_voice()
        held += await packets(track, 2)
    assert pause.holding and not written.done()
    assert max(held[3:]) < QUIET
    clock.now += LONGEST_PAUSE + 0.05  # quiet since, and no interruption came
    after = await packets(track, 30)
    assert not pause.holding
    assert sum(level > LOUD for level in after) >= 20 - 3 - 2
    assert written.done()


@pytest.mark.asyncio
async def test_a_pause_never_outlasts_its_longest_hold() -> None:
    """A rep talking on with no transcript ever coming: pipecat's writer waits on the
    held audio, and must not wait past its own timeout."""
    _, track, pause, clock, written = setup(0.4)
    await packets(track, 3)
    pause.hold()
    await packets(track, 5)
    for _ in range(int(LONGEST_HOLD / 0.25) + 1):
        clock.now += 0.25
        pause.heard_voice()
    after = await packets(track, 30)
    assert not pause.holding
    assert sum(level > LOUD for level in after) >= 20 - 3 - 2
    assert written.done()


@dataclass
class Gate:
    """Records what the VAD told the pause, by the window it was told in."""

    events: list[tuple[str, int]] = field(default_factory=list)
    window: int = 0

    def hold(self) -> None:
        self.events.append(("hold", self.window))

    def release(self) -> None:
        self.events.append(("release", self.window))

    def heard_voice(self) -> None:
        pass


def at_16k(pcm48: np.ndarray) -> np.ndarray:
    out = soxr.resample(pcm48.astype(np.float32) / 32768.0, 48_000, 16_000)
    return np.asarray(np.clip(out * 32768.0, -32768, 32767), dtype=np.int16)


async def run_vad(sound48: np.ndarray, *, bot_speaking: bool = True) -> tuple[Gate, list[VADState]]:
    """``sound48`` after half a second of line noise, then silence, heard 32 ms at a time
    (one Silero window per call) while Hard-E speaks."""
    gate = Gate()
    vad = CallVAD(
        turn_models(),
        sample_rate=16_000,
        params=VADParams(),
        barge_in_start_secs=0.064,
        gate=gate,  # type: ignore[arg-type]
    )
    vad.set_sample_rate(16_000)
    vad.bot_speaking = bot_speaking
    rng = np.random.default_rng(3)
    hiss = lambda n: rng.normal(0, 30, n).astype(np.int16)  # noqa: E731
    pcm = np.concatenate([hiss(8_000), at_16k(sound48), hiss(16_000)])
    states = []
    for gate.window, at in enumerate(range(0, len(pcm) - 512, 512)):
        states.append(await vad.analyze_audio(pcm[at : at + 512].tobytes()))
    return gate, states


@pytest.mark.asyncio
async def test_the_rep_talking_holds_the_reply_at_the_first_voiced_window() -> None:
    gate, states = await run_vad(synthesise("Hold on, stop there."))
    first_voiced = next(i for i, s in enumerate(states) if s != VADState.QUIET)
    confirmed = states.index(VADState.SPEAKING)
    assert gate.events[0] == ("hold", first_voiced)
    assert first_voiced < confirmed  # held a window before the interruption could start
    assert "release" not in [event for event, _ in gate.events]


@pytest.mark.asyncio
async def test_one_voiced_window_then_quiet_releases_the_reply() -> None:
    """Silero sure of voice in one window only (a click, a cough's first burst): held
    at that window, released at the next, before the start window could confirm it."""
    gate = Gate()
    vad = CallVAD(turn_models(), sample_rate=16_000, barge_in_start_secs=0.064, gate=gate)  # type: ignore[arg-type]
    vad.set_sample_rate(16_000)
    vad.bot_speaking = True
    confidences = iter([0.0] * 15 + [0.95] + [0.05] * 10)
    vad.voice_confidence = lambda _buffer: next(confidences)  # type: ignore[method-assign]
    loud = tone(0.032).astype(np.int16)
    window = np.resize(loud, 512).tobytes()  # loud enough for the volume gate throughout
    states = []
    for gate.window in range(26):
        states.append(await vad.analyze_audio(window))
    assert VADState.SPEAKING not in states
    assert gate.events == [("hold", 15), ("release", 16)]


@pytest.mark.asyncio
async def test_noises_while_hard_e_speaks_do_not_hold_it() -> None:
    for name, make in NOISES.items():
        if name == "throat cough":  # voiced: made to fool the VAD now and then (bench)
            continue
        gate, _ = await run_vad(make(1))
        assert gate.events == [], name
    gate, _ = await run_vad(cough(0.3, seed=4))
    assert gate.events == []


@pytest.mark.asyncio
async def test_nothing_is_held_while_hard_e_is_quiet() -> None:
    gate, states = await run_vad(synthesise("Hold on, stop there."), bot_speaking=False)
    assert VADState.SPEAKING in states
    assert gate.events == []


@pytest.mark.asyncio
async def test_the_pipecat_internals_the_pause_relies_on_are_there() -> None:
    """The pause reaches into pipecat 1.14's output track and VAD state machine: this
    fails on an upgrade that renames them, rather than barge-in quietly getting slow."""
    assert pipecat.__version__.startswith("1.14.")  # pinned in pyproject.toml
    track = RawAudioTrack(RATE)
    future = track.add_audio_bytes(bytes(480 * 2))
    assert list(track._chunk_queue) == [(bytes(480), None), (bytes(480), future)]
    analyzer = CallVAD(turn_models(), sample_rate=16_000)
    analyzer.set_sample_rate(16_000)
    assert analyzer._vad_state == VADState.QUIET
    assert callable(VADAnalyzer._run_analyzer)
