"""The voice panel's captions and state, driven by the worker's RTVI messages.

A turn's messages, as pipecat 1.14 sends them (protocol 2.2), are replayed into the page's
own call object: no worker needed, so this runs with the suite's server.
"""

from __future__ import annotations

from typing import Any

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
