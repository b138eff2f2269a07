"""The microphone in the web page: Chromium calls the voice worker over real WebRTC.

Chromium's fake microphone plays a question synthesised offline (Piper), on a loop with
long silences so that one whole question falls inside the call whenever it comes up.
The page is served from localhost by ``hard-e serve``, which also runs the worker and
forwards ``/api/offer`` to it. The worker offers only 127.0.0.1 as its address; Chromium
never offers loopback itself, so its packets come from the machine's own interface
address to 127.0.0.1 — both ends are this machine and nothing goes onto a network.
"""

from __future__ import annotations

import os
import signal
import time
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest

from tests.browser.conftest import _chromium_or_skip
from tests.e2e.conftest import RunningServer, free_port
from tests.support.anthropic_server import ScriptedAnthropic

WORKER_START_S = 180  # pipecat imported, the models loaded in each call process, under load
# the module's first test waits for the worker too (pytest-timeout counts fixture set-up)
pytestmark = [pytest.mark.slow, pytest.mark.timeout(WORKER_START_S + 120)]

QUESTION = "What's left on the Hendricks job?"
RATE = 48_000
LEAD_SILENCE_S = 8  # the call is usually up by then
TAIL_SILENCE_S = 14  # room for the whole reply before the question comes round again
CALL_WAIT_MS = 90_000  # a call and a turn on a loaded 2-core machine

# Every state change of the voice panel, recorded in the page as it happens.
WATCH_STATES = """() => {
  const slot = document.getElementById("voice-slot");
  window.voiceStates = [slot.dataset.state];
  new MutationObserver(() => window.voiceStates.push(slot.dataset.state))
    .observe(slot, { attributes: true, attributeFilter: ["data-state"] });
}"""

# Audio energy received on the call so far (grows only while Hard-E's voice arrives).
RECEIVED_ENERGY = """async () => {
  const call = (await import("/voice.js")).currentCall();
  if (!call || !call.peer) return null;
  let energy = 0;
  (await call.peer.getStats()).forEach((r) => {
    if (r.type === "inbound-rtp" && r.kind === "audio") energy += r.totalAudioEnergy || 0;
  });
  return energy;
}"""


@pytest.fixture(scope="module")
def question_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The rep's question as a 48 kHz mono WAV, between silences."""
    from tests.support.voice_peer import synthesise

    speech = synthesise(QUESTION)
    pcm = np.concatenate(
        [
            np.zeros(RATE * LEAD_SILENCE_S, dtype=np.int16),
            speech,
            np.zeros(RATE * TAIL_SILENCE_S, dtype=np.int16),
        ]
    )
    path = tmp_path_factory.mktemp("voice") / "question.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(pcm.tobytes())
    return path


@pytest.fixture(scope="module")
def browser(question_wav: Path) -> Iterator[Any]:
    """The suite's Chromium, with the question file as its microphone."""
    executable = _chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable,
            args=[
                "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream",
                f"--use-file-for-fake-audio-capture={question_wav}",
                "--autoplay-policy=no-user-gesture-required",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def app_server(
    tmp_path_factory: pytest.TempPathFactory, claude: ScriptedAnthropic
) -> Iterator[RunningServer]:
    """``hard-e serve`` with its voice worker on (the suite's server leaves it off), once
    the worker answers its health check (it loads its models first)."""
    voice_port = free_port()
    server = RunningServer(
        tmp_path_factory.mktemp("voice-home"),
        env={
            "ANTHROPIC_API_KEY": "sk-test",
            "HARD_E_ANTHROPIC_BASE_URL": claude.base_url,
            "HARD_E_VOICE": "1",
            "HARD_E_VOICE_PORT": str(voice_port),
        },
    )
    try:  # stopped however this ends (a timeout too): no server left running
        server.start()
        deadline = time.monotonic() + WORKER_START_S
        while not _healthy(f"http://127.0.0.1:{voice_port}/health"):
            if time.monotonic() > deadline:
                pytest.fail(f"the voice worker did not come up: {server.stop()}")
            time.sleep(0.2)
        yield server
    finally:
        server.stop()


def _healthy(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def wait_until(page: Any, condition: str, what: str) -> None:
    """Wait for a JS condition; on a timeout, say what the voice panel showed."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(condition, timeout=CALL_WAIT_MS)
    except PlaywrightTimeout:
        shown = page.evaluate(
            "() => ({states: window.voiceStates,"
            " captions: [...document.querySelectorAll('#voice-captions li')]"
            ".map((li) => `${li.className}: ${li.textContent}`),"
            " error: document.getElementById('voice-error').textContent})"
        )
        raise AssertionError(
            f"no {what} within {CALL_WAIT_MS} ms; the page showed {shown}"
        ) from None


def captions(page: Any, kind: str) -> list[str]:
    texts: list[str] = page.locator(f"#voice-captions li.{kind}").all_inner_texts()
    return texts


def test_pressing_the_microphone_gets_a_spoken_reply(web: Any) -> None:
    # Given a signed-in rep on the chat page with a microphone
    page = web.page(microphone=True)
    web.sign_in(page)
    web.navigate(page, "Chat")
    mic = page.get_by_role("button", name="Talk to Hard-E")
    mic.wait_for()
    page.evaluate(WATCH_STATES)

    # When they press the microphone and ask their question
    with web.step("press the microphone → Hard-E greets"):
        mic.click()
        wait_until(
            page,
            "() => document.querySelectorAll('#voice-captions li.said').length >= 1",
            "greeting",
        )
    greeting = captions(page, "said")[0]
    with web.step("ask a question → Hard-E starts answering"):
        wait_until(
            page,
            "() => [...document.querySelectorAll('#voice-captions li')]"
            ".some((li, i, all) => li.className === 'heard'"
            " && all.slice(i + 1).some((next) => next.classList.contains('said')))",
            "heard question and reply",
        )
        heard_at = page.evaluate(RECEIVED_ENERGY)
        wait_until(
            page,
            "() => window.voiceStates.lastIndexOf('speaking')"
            " > window.voiceStates.lastIndexOf('thinking')"
            " && window.voiceStates.lastIndexOf('thinking') > 0",
            "spoken reply",
        )

    # Then the page showed what Hard-E heard and what it answered, went through
    # listening → thinking → speaking, and Hard-E's voice arrived on the call
    heard = captions(page, "heard")
    assert any("job" in line.lower() for line in heard), heard
    said = captions(page, "said")  # the greeting's caption is gone if the rep cut in at once
    assert said and said[-1].strip() and said[-1] != greeting, said
    states = page.evaluate("() => window.voiceStates")
    for earlier, later in (("connecting", "listening"), ("listening", "thinking")):
        assert states.index(earlier) < states.index(later), states
    deadline = time.monotonic() + 30
    while page.evaluate(RECEIVED_ENERGY) <= heard_at and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert page.evaluate(RECEIVED_ENERGY) > heard_at, "no audio arrived with the reply"
    assert page.locator("#voice-error").inner_text() == ""
    web.assert_accessible(page)

    # When they hang up, Then the call ends and the microphone is offered again
    page.get_by_role("button", name="Hang up").click()
    page.get_by_role("button", name="Talk to Hard-E").wait_for()
    assert page.evaluate("async () => (await import('/voice.js')).currentCall()") is None
    assert page.js_errors == []


def test_a_forged_token_is_refused_with_words_the_rep_can_act_on(web: Any) -> None:
    # Given a page whose stored login token is not one Hard-E signed
    page = web.page(microphone=True)
    web.sign_in(page)
    web.navigate(page, "Chat")
    page.evaluate("() => sessionStorage.setItem('hard-e.token', 'forged.token.value')")

    # When the rep presses the microphone
    page.get_by_role("button", name="Talk to Hard-E").click()

    # Then the worker refuses the call (401) and the page says to log in again
    error = page.locator("#voice-error")
    error.filter(has_text="log in again").wait_for(state="attached")
    assert page.locator("#voice-slot").get_attribute("data-state") == "idle"
    assert page.evaluate("async () => (await import('/voice.js')).currentCall()") is None


def test_a_call_whose_voice_process_dies_is_reported_lost_at_once(
    web: Any, app_server: RunningServer
) -> None:
    # Given a rep in a call (the page is listening)
    page = web.page(microphone=True)
    web.sign_in(page)
    web.navigate(page, "Chat")
    page.evaluate(WATCH_STATES)
    page.get_by_role("button", name="Talk to Hard-E").click()
    wait_until(page, "() => window.voiceStates.includes('listening')", "call")

    # When the call process holding the call dies
    voice = f"http://127.0.0.1:{app_server.extra_env['HARD_E_VOICE_PORT']}/health"
    holding = [p for p in httpx.get(voice, timeout=10).json()["processes"] if p["calls"]]
    assert len(holding) == 1, holding
    with web.step("call process killed → the page says the call is lost"):
        os.kill(holding[0]["pid"], signal.SIGKILL)
        # Then the page says so (long before WebRTC's own ~30 s consent timeout would)
        page.locator("#voice-error").filter(has_text="Call lost").wait_for(timeout=15_000)

    # and the call is torn down: the microphone is offered again
    page.get_by_role("button", name="Talk to Hard-E").wait_for()
    assert page.locator("#voice-slot").get_attribute("data-state") == "idle"
    assert page.evaluate("async () => (await import('/voice.js')).currentCall()") is None
    assert page.js_errors == []
