"""The voice benchmarks' split of a turn (``bench/_voice.py``'s ``split_turn``): end of
the rep's speech → reply heard, tiled part by part on the worker's timeline, "ours" the
turn less the vendors' time spent on its path, the VAD's silence window and the rep's
phone."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.append(str(Path(__file__).resolve().parents[2] / "bench"))  # the harness

from _voice import OURS, TURN_PARTS, Spent, TurnParts, split_turn

from voice_worker.timeline import Moment

ENDED = 100.0
# the turn before: answered, heard to the end, then the rep asked again
EARLIER: list[Moment] = [
    (95.0, "vad_stop", ""),
    (95.4, "brain", "turn"),
    (96.0, "text", ""),
    (96.1, "tts", "ctx-0"),
    (96.2, "speaking", ""),
]


def ms(parts: TurnParts) -> dict[str, int]:
    return {name: round(s * 1000) for name, s in parts.parts.items()}


def check_tiles(parts: TurnParts) -> None:
    assert list(parts.parts) == [name for name, _, _ in TURN_PARTS]
    assert all(s >= 0 for s in parts.parts.values())
    assert sum(parts.parts.values()) == pytest.approx(parts.total)


def test_a_turn_on_the_final_is_split_and_ours_excludes_vendors_window_and_phone() -> None:
    # Given a turn the brain started on Deepgram's final, after the VAD's 200 ms window
    moments = [
        *EARLIER,
        (99.5, "interim", "dg-1"),
        (100.25, "vad_stop", ""),  # heard the end of speech at 100.05
        (100.37, "final", "dg-2"),
        (100.39, "brain", "turn"),
        (100.40, "tts", "ctx-1"),  # the voice's context opened with the reply
        (101.01, "text", ""),
        (101.15, "speaking", ""),
    ]
    spent: Spent = {"dg-2": (100.26, 100.36), "ctx-1": (101.02, 101.12)}
    # When it is split
    parts = split_turn(ENDED, 101.20, moments, spent, vad_stop_s=0.2, llm_s=0.6)
    # Then the parts tile the turn and each vendor counts for the time its fake spent
    assert parts is not None
    check_tiles(parts)
    assert ms(parts) == {
        "hearing": 50,
        "VAD window": 200,
        "to Deepgram": 20,
        "Deepgram": 100,
        "turn decision": 20,
        "brain": 20,
        "Claude": 600,
        "sentence split": 10,
        "Cartesia": 100,
        "to speaking": 30,
        "rep's phone": 50,
    }
    assert round(parts.ours * 1000) == 150
    assert round(parts.ours * 1000) == sum(ms(parts)[name] for name in OURS)
    assert not parts.speculated and parts.unmatched == ()


def test_a_speculated_turn_waits_on_the_interim_not_on_the_vads_window() -> None:
    # Given a turn the brain started on the interim with all the words, its words
    # confirmed by the final long before Claude's came
    moments = [
        *EARLIER,
        (100.22, "interim", "dg-3"),
        (100.26, "vad_stop", ""),
        (100.33, "brain", "speculation"),
        (100.37, "final", "dg-4"),
        (100.38, "confirmed", ""),
        (100.95, "text", ""),
        (100.96, "tts", "ctx-2"),
        (101.05, "speaking", ""),
    ]
    spent: Spent = {"dg-3": (100.06, 100.21), "dg-4": (100.27, 100.36), "ctx-2": (100.96, 101.03)}
    parts = split_turn(ENDED, 101.10, moments, spent, vad_stop_s=0.2, llm_s=0.6)
    assert parts is not None
    check_tiles(parts)
    assert parts.speculated
    got = ms(parts)
    assert got["VAD window"] == 0  # off the path
    assert (got["to Deepgram"], got["Deepgram"]) == (10, 150)  # the interim's wait
    assert got["turn decision"] == 110
    assert (got["brain"], got["Claude"]) == (20, 600)
    assert (got["sentence split"], got["Cartesia"], got["to speaking"]) == (10, 70, 20)
    assert round(parts.ours * 1000) == 60 + 10 + 110 + 20 + 30


def test_a_speculation_confirmed_after_claudes_words_waited_on_the_final() -> None:
    # Given a speculation whose words came from Claude 600 ms in, but whose final (slow)
    # confirmed them only later: the reply waited on the final, not on Claude
    moments = [
        *EARLIER,
        (100.20, "interim", "dg-5"),
        (100.21, "brain", "speculation"),
        (100.25, "vad_stop", ""),
        (100.95, "final", "dg-6"),
        (100.96, "confirmed", ""),
        (100.97, "text", ""),
        (100.98, "tts", "ctx-3"),
        (101.10, "speaking", ""),
    ]
    spent: Spent = {"dg-6": (100.26, 100.94), "ctx-3": (100.98, 101.08)}
    parts = split_turn(ENDED, 101.15, moments, spent, vad_stop_s=0.2, llm_s=0.6)
    assert parts is not None
    check_tiles(parts)
    got = ms(parts)
    assert got["VAD window"] == 200 and got["Deepgram"] == 680
    assert got["Claude"] == 0  # it ran off the path
    assert got["turn decision"] == 10 and got["brain"] == 10


def test_a_vendor_is_given_no_more_than_its_stretch_of_the_path_nor_than_it_spent() -> None:
    # Given a turn where Cartesia's fake says it spent 300 ms, but the worker went from
    # the brain's words to speaking in 100 ms; and Deepgram's fake spent 40 ms of 120
    moments = [
        (100.25, "vad_stop", ""),
        (100.37, "final", "dg-7"),
        (100.38, "brain", "turn"),
        (101.00, "text", ""),
        (101.01, "tts", "ctx-4"),
        (101.10, "speaking", ""),
    ]
    spent: Spent = {"dg-7": (100.30, 100.34), "ctx-4": (100.80, 101.10)}
    parts = split_turn(ENDED, 101.15, moments, spent, vad_stop_s=0.2, llm_s=0.6)
    assert parts is not None
    check_tiles(parts)
    got = ms(parts)
    assert (got["sentence split"], got["Cartesia"], got["to speaking"]) == (0, 100, 0)
    assert (got["to Deepgram"], got["Deepgram"]) == (80, 40)  # the rest is ours


def test_a_part_no_vendor_did_is_ours_and_said_so() -> None:
    # Given a turn whose ids neither fake knows: the offline recogniser and voice did it
    moments = [
        (100.25, "vad_stop", ""),
        (100.37, "final", "dg-unknown"),
        (100.38, "brain", "turn"),
        (101.00, "text", ""),
        (101.01, "tts", "ctx-unknown"),
        (101.20, "speaking", ""),
    ]
    parts = split_turn(ENDED, 101.25, moments, {}, vad_stop_s=0.2, llm_s=0.6)
    assert parts is not None
    check_tiles(parts)
    assert parts.unmatched == ("Deepgram", "Cartesia")
    got = ms(parts)
    assert got["Deepgram"] == 0 and got["Cartesia"] == 0
    assert got["to Deepgram"] == 120 and got["to speaking"] == 200


def test_a_turn_the_worker_did_not_answer_with_speech_is_not_split() -> None:
    moments = [*EARLIER, (100.25, "vad_stop", ""), (100.38, "brain", "turn")]
    assert split_turn(ENDED, 103.0, moments, {}) is None


def test_clocks_a_little_out_of_step_give_no_negative_part() -> None:
    # Given the VAD's stop a little early (its window judged the speech's quiet tail
    # silent) and the rep hearing the reply a hair before the worker's "speaking"
    moments = [
        (100.15, "vad_stop", ""),
        (100.30, "final", "dg-8"),
        (100.31, "brain", "turn"),
        (100.95, "text", ""),
        (100.96, "tts", "ctx-5"),
        (101.05, "speaking", ""),
    ]
    spent: Spent = {"dg-8": (100.16, 100.29), "ctx-5": (100.96, 101.04)}
    parts = split_turn(ENDED, 101.04, moments, spent, vad_stop_s=0.2, llm_s=0.6)
    assert parts is not None
    check_tiles(parts)
    assert parts.parts["hearing"] == 0 and parts.parts["rep's phone"] == 0
