"""The voice panel's captions and state, driven by the worker's RTVI messages.

A turn's messages, as pipecat 1.14 sends them (protocol 2.2), are replayed into the page's
own call object: no worker needed, so this runs with the suite's server. The barge-in
sequences in ``barge_in_rtvi.json`` were recorded from real calls
(``HARD_E_DUMP_RTVI=1 pytest tests/voice/test_barge_in_captions.py -s``), with the words
the conversation kept for the cut-off answer.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

QUESTION = "What's left on the Hendricks job?"


def captions(page: Any, kind: str) -> list[str]:
    texts: list[str] = page.locator(f"#voice-captions li.{kind}").all_inner_texts()
    return texts


def rtvi(kind: str, **data: Any) -> dict[str, Any]:
    return {"label": "rtvi-ai", "type": kind, "data": data}


TURN = [
    rtvi("user-started-speaking"),
    rtvi("user-transcription", text="what's left on", final=False, user_id="", timestamp=""),
    rtvi("user-stopped-speaking"),
    rtvi("user-transcription", text=QUESTION, final=True, user_id="", timestamp=""),
    rtvi("user-input", text=QUESTION, input_type="transcription", final=True, timestamp=""),
    rtvi("bot-started-speaking"),
    rtvi(
        "bot-output",
        text="Siding is done.",
        output_type="sentence",
        segment_id=1,
        spoken_status="new",
    ),
    rtvi("bot-transcription", text="Siding is done."),
    rtvi(
        "bot-output",
        text="Siding is done.",
        output_type="sentence",
        segment_id=1,
        spoken_status="completed",
    ),
    rtvi(
        "bot-output",
        text="Gutters are next.",
        output_type="sentence",
        segment_id=2,
        spoken_status="new",
    ),
    rtvi("user-started-speaking"),  # an "uh-huh" Hard-E talks over
    rtvi("error", message="TTS context 7 completed with no audio", fatal=False),
]

REPLAY = """async (messages) => {
  const voice = await import("/voice.js");
  const call = new voice.VoiceCall(voice.currentPanel());
  const seen = [];
  for (const message of messages) {
    call.receive(JSON.stringify(message));
    seen.push(document.getElementById("voice-slot").dataset.state);
  }
  window.replayed = call;
  return seen;
}"""


def test_captions_show_each_thing_heard_and_said_once(web: Any) -> None:
    # Given the chat page with the microphone mounted
    page = web.page()
    web.sign_in(page)
    web.navigate(page, "Chat")
    page.get_by_role("button", name="Talk to Hard-E").wait_for()

    # When a turn's messages arrive (interim and final words, repeated sentences, an
    # "uh-huh" over Hard-E's voice, a worker-side hiccup)
    states = page.evaluate(REPLAY, TURN)

    # Then one line says what was heard, one what was said, the state followed the turn,
    # and the hiccup stayed out of the rep's sight
    assert captions(page, "heard") == [QUESTION]
    assert captions(page, "said") == ["Siding is done. Gutters are next."]
    assert states[2] == "thinking" and states[5] == "speaking"
    assert states[-2] == "speaking"  # the "uh-huh" did not stop Hard-E
    assert page.locator("#voice-error").inner_text() == ""

    # When the rep really cuts in, Then the reply is marked cut off and Hard-E listens
    page.evaluate("(m) => window.replayed.receive(JSON.stringify(m))", rtvi("bot-interrupted"))
    assert page.locator("#voice-captions li.said.interrupted").count() == 1
    assert page.locator("#voice-slot").get_attribute("data-state") == "listening"

    # When the worker reports a fatal error, Then the rep reads it and the call is over
    fatal = rtvi("error", message="Speech service unavailable", fatal=True)
    page.evaluate("(m) => window.replayed.receive(JSON.stringify(m))", fatal)
    assert page.locator("#voice-error").inner_text() == "Speech service unavailable"
    assert page.locator("#voice-slot").get_attribute("data-state") == "idle"
    assert page.js_errors == []


BARGE_INS = json.loads((Path(__file__).parent / "barge_in_rtvi.json").read_text())


def open_chat(web: Any) -> Any:
    page = web.page()
    web.sign_in(page)
    web.navigate(page, "Chat")
    page.get_by_role("button", name="Talk to Hard-E").wait_for()
    return page


@pytest.mark.parametrize("voice", ["piper", "cartesia"])
def test_a_cut_off_reply_keeps_only_the_words_the_rep_heard(web: Any, voice: str) -> None:
    recorded = BARGE_INS[voice]
    messages = recorded["messages"]
    cut = next(i for i, m in enumerate(messages) if m["type"] == "bot-interrupted")
    page = open_chat(web)

    # When Hard-E is part way through a long answer (its messages up to the cut-in)
    page.evaluate(REPLAY, messages[:cut])

    # Then the words played so far are shown, and the rest of the sentence playing faded
    (line,) = captions(page, "said")
    heard = page.evaluate(
        "() => [...document.querySelector('#voice-captions li.said').childNodes]"
        ".filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('')"
    )
    assert heard.strip() == recorded["kept"]
    assert line.startswith(recorded["kept"]) and len(line) > len(recorded["kept"])
    assert page.locator("#voice-captions li.said .unheard").count() == 1

    # When the rep cuts in, Then the caption holds what they heard, as the chat keeps it
    page.evaluate(
        "(ms) => ms.forEach((m) => window.replayed.receive(JSON.stringify(m)))", messages[cut:]
    )
    assert captions(page, "said") == [recorded["kept"]]
    assert page.locator("#voice-captions li.said .unheard").count() == 0
    assert page.locator("#voice-captions li.said.interrupted").count() == 1
    assert page.js_errors == []


def test_a_voice_or_hearing_that_fails_is_shown_and_the_answer_written(web: Any) -> None:
    page = open_chat(web)
    lost = "Hard-E's voice is not working right now, so its answers are written here."

    # When no voice could say the reply, and the worker writes it as it comes
    parts = ["The Keller job ", "is in install.", " Pat has it. "]
    unspoken = [rtvi("server-message", type="hard-e-unspoken", text=t, error=lost) for t in parts]
    states = page.evaluate(REPLAY, [*TURN[:5], rtvi("bot-llm-started"), *unspoken])

    # Then the answer is read in Hard-E's caption, the reason is in sight, and the rep
    # can talk again
    assert captions(page, "said") == ["The Keller job is in install. Pat has it."]
    assert page.locator("#voice-error").inner_text() == lost
    assert states[-1] == "listening"

    # When the recogniser fails, Then the page says Hard-E cannot hear; the call goes on
    deaf = "Hard-E cannot hear you right now: type your question in the chat."
    page.evaluate(
        "(m) => window.replayed.receive(JSON.stringify(m))",
        rtvi("server-message", type="hard-e-not-heard", text="", error=deaf),
    )
    assert page.locator("#voice-error").inner_text() == deaf
    assert page.locator("#voice-slot").get_attribute("data-state") == "listening"
    assert page.js_errors == []
