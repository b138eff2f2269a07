"""One verifying TLS context per call process, shared by every call's vendor clients.

Building a verifying ``ssl.SSLContext`` loads the whole CA bundle: ~20 ms of CPU on a
quiet core, ~150 ms on a loaded one, and it happens on the event loop, so every other
call of the process stops hearing and speaking meanwhile. Left alone, each call builds
two or three: pipecat's Deepgram service makes the Deepgram SDK's REST client (an
``httpx.AsyncClient``, unused by streaming) and each ``wss://`` websocket — Deepgram's,
Cartesia's — makes its own default context when it connects.

:func:`share` (called by :func:`voice_worker.models.warm`, before the first call)
builds the two contexts those libraries would build — httpx's (certifi's CAs) and
``ssl.create_default_context()`` for websockets — once, and hands them to those
clients. Verification is unchanged: the same CAs, hostname checks and protocol floor.
"""

from __future__ import annotations

import functools
import ssl
from collections.abc import Callable
from typing import Any

import httpx

_SHARED = "_hard_e_shared_tls"  # marks a connect function already given the context


@functools.cache
def http_context() -> ssl.SSLContext:
    """What ``httpx.AsyncClient()`` builds for itself, built once."""
    return httpx.create_ssl_context()


@functools.cache
def websocket_context() -> ssl.SSLContext:
    """What ``websockets`` builds for each ``wss://`` connection, built once."""
    return ssl.create_default_context()


def with_shared_context(connect: Callable[..., Any]) -> Callable[..., Any]:
    """``connect`` (a websockets ``connect``), given the shared context for ``wss://``
    URIs (a ``ws://`` URI takes none: websockets refuses one)."""
    if getattr(getattr(connect, "func", connect), _SHARED, False):
        return connect  # already (perhaps inside a functools.partial)

    def shared(uri: str, *args: Any, **kwargs: Any) -> Any:
        if uri.startswith("wss://") and kwargs.get("ssl") in (None, True):
            kwargs["ssl"] = websocket_context()
        return connect(uri, *args, **kwargs)

    setattr(shared, _SHARED, True)
    return shared


def _deepgram_rest_client(
    timeout: float | None, follow_redirects: bool | None
) -> httpx.AsyncClient:
    """The Deepgram SDK's default REST client (``_make_default_async_client``), with
    the shared context."""
    if follow_redirects is not None:
        return httpx.AsyncClient(
            timeout=timeout, follow_redirects=follow_redirects, verify=http_context()
        )
    return httpx.AsyncClient(timeout=timeout, verify=http_context())


def share() -> None:
    """Build the contexts now and have Deepgram's and Cartesia's clients use them (once
    per process; calling again changes nothing)."""
    http_context()
    websocket_context()
    import deepgram.base_client
    import pipecat.services.websocket_service as pipecat_websockets
    from deepgram.listen.v1 import client, raw_client

    deepgram.base_client._make_default_async_client = _deepgram_rest_client
    # the SDK's own module-level name for connect(), and pipecat's, through which its
    # websocket services (Cartesia's voice) connect
    for module, name in (
        (client, "websockets_client_connect"),
        (raw_client, "websockets_client_connect"),
        (pipecat_websockets, "websocket_connect"),
    ):
        setattr(module, name, with_shared_context(getattr(module, name)))
