"""Each call process builds its vendors' TLS contexts once (``voice_worker.tls``), not
on the event loop at every call's start: every call's Deepgram client and every
``wss://`` websocket (Deepgram's, Cartesia's) use the process's one context, with the
same verification as the libraries' own."""

from __future__ import annotations

import ssl
from typing import Any

import pipecat.services.websocket_service as pipecat_websockets
import pytest
from deepgram.listen.v1 import client as deepgram_listen

from voice_worker import tls
from voice_worker.hearing import deepgram
from voice_worker.models import warm
from voice_worker.settings import VoiceSettings


class Connect:
    """A websockets ``connect`` that notes what it was given."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def __call__(self, uri: str, **kwargs: Any) -> str:
        self.calls.append((uri, kwargs))
        return "connection"


def rest_context(service: Any) -> ssl.SSLContext:
    """The TLS context of the Deepgram SDK's REST client inside pipecat's service."""
    http = service._client._client_wrapper.httpx_client.httpx_client
    context: ssl.SSLContext = http._transport._pool._ssl_context
    return context


def no_new_contexts(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*_: object, **__: object) -> None:
        raise AssertionError("a TLS context was built during a call's set-up")

    monkeypatch.setattr(ssl, "create_default_context", refused)


def test_every_calls_deepgram_client_uses_the_process_context(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tls.share()
    no_new_contexts(monkeypatch)
    settings = VoiceSettings.model_validate({"DEEPGRAM_API_KEY": "dg-test"})
    first, second = deepgram(settings, ["Zimmerman"]), deepgram(settings, [])
    assert rest_context(first) is rest_context(second) is tls.http_context()
    assert tls.http_context().verify_mode == ssl.CERT_REQUIRED
    assert tls.http_context().check_hostname


def test_wss_connections_get_the_shared_context_and_ws_ones_none() -> None:
    inner = Connect()
    connect = tls.with_shared_context(inner)
    assert connect("wss://api.deepgram.com/v1/listen", compression=None) == "connection"
    connect("ws://127.0.0.1:9000/v1/listen")
    (secure_uri, secure), (plain_uri, plain) = inner.calls
    assert (secure_uri, plain_uri) == (
        "wss://api.deepgram.com/v1/listen",
        "ws://127.0.0.1:9000/v1/listen",
    )
    assert secure["ssl"] is tls.websocket_context()
    assert secure["compression"] is None  # what else it was given goes on
    assert "ssl" not in plain  # websockets refuses a context for ws://
    assert tls.websocket_context().verify_mode == ssl.CERT_REQUIRED
    assert tls.with_shared_context(connect) is connect  # wrapped once


def test_deepgram_and_cartesia_websockets_connect_with_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    to_deepgram, to_cartesia = Connect(), Connect()
    monkeypatch.setattr(deepgram_listen, "websockets_client_connect", to_deepgram)
    monkeypatch.setattr(pipecat_websockets, "websocket_connect", to_cartesia)
    tls.share()
    deepgram_listen.websockets_client_connect("wss://api.deepgram.com/v1/listen")  # type: ignore[attr-defined]
    pipecat_websockets.websocket_connect("wss://api.cartesia.ai/tts/websocket")  # type: ignore[call-arg]
    assert to_deepgram.calls[0][1]["ssl"] is tls.websocket_context()
    assert to_cartesia.calls[0][1]["ssl"] is tls.websocket_context()


def test_warm_up_shares_the_context_when_a_vendor_is_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shared: list[bool] = []
    monkeypatch.setattr(tls, "share", lambda: shared.append(True))
    warm(VoiceSettings.model_validate({"DEEPGRAM_API_KEY": "dg-test"}))
    assert shared == [True]


def test_warm_up_builds_leaps_context_and_the_word_list_before_any_call() -> None:
    from hard_e.crm import leap
    from hard_e.text import english

    leap.tls_context.cache_clear()
    english._dictionary.cache_clear()
    warm(VoiceSettings.model_validate({}))
    # a call's first tool call and first product question find both already built
    assert leap.tls_context.cache_info().currsize == 1
    assert english._dictionary.cache_info().currsize == 1


def test_warm_up_builds_the_intent_readers_index_and_the_librarys_names() -> None:
    from hard_e.brain import reader
    from voice_worker import key_terms

    reader._index.cache_clear()
    key_terms._library_products.cache_clear()
    warm(VoiceSettings.model_validate({}))
    # the first call neither builds the reader's index nor reads the library's names
    assert reader._index.cache_info().currsize == 1
    assert key_terms._library_products.cache_info().currsize == 1
