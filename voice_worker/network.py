"""Which addresses WebRTC offers as host candidates, the ICE servers it uses, and how
long the worker holds the rep's audio before hearing it.

aioice gathers host candidates from ``aioice.ice.get_host_addresses``, which skips
127.0.0.1: a local call would otherwise go over the machine's private address. The
worker replaces that lookup with the configured list (loopback locally and in tests);
an empty list keeps aioice's own (every interface: what a Fargate task needs).

aiortc's audio receiver releases a packet only once four more have arrived (its
``JitterBuffer(capacity=16, prefetch=4)``): 80 ms of Opus held before the VAD hears
it, on every turn and every barge-in. That prefetch only adds delay — a missing packet
stalls the buffer until it arrives or 16 packets pile up, whatever the prefetch, and
reordered packets are put back in order either way — and the worker plays nothing back,
so it needs no smoothing. :func:`hold_less_audio` gives each call's audio receiver the
configured prefetch (``receive_prefetch_packets``).

The Deepgram SDK opens its websocket with ``websockets``' default permessage-deflate:
every 20 ms of the rep's raw PCM is deflated before it is sent (about 8 % of a loaded
worker's CPU) to save little, as PCM barely compresses. :func:`no_compression_to_deepgram`
opens it uncompressed (a standard websocket: Deepgram, and its fake, accept either).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import aioice.ice
from aiortc import RTCPeerConnection
from aiortc.jitterbuffer import JitterBuffer
from pipecat.transports.smallwebrtc.connection import IceServer

from voice_worker.settings import VoiceSettings

_original: Callable[[bool, bool], list[str]] = aioice.ice.get_host_addresses


def use_host_addresses(addresses: list[str]) -> None:
    """Offer only these addresses as host candidates (all interfaces when empty)."""
    if not addresses:
        setattr(aioice.ice, "get_host_addresses", _original)  # noqa: B010
        return
    ipv4 = [a for a in addresses if ":" not in a]
    ipv6 = [a for a in addresses if ":" in a]

    def chosen(use_ipv4: bool, use_ipv6: bool) -> list[str]:
        return (ipv4 if use_ipv4 else []) + (ipv6 if use_ipv6 else [])

    setattr(aioice.ice, "get_host_addresses", chosen)  # noqa: B010 - aioice has no setting


def ice_servers(settings: VoiceSettings) -> list[IceServer]:
    """STUN/TURN servers from settings; none offline (aiortc then gathers host only).
    A bare TURN URL takes the username and credential settings."""
    credential = settings.turn_credential.get_secret_value() if settings.turn_credential else None
    servers: list[IceServer] = []
    for spec in settings.ice_servers:
        if isinstance(spec, str):
            turn = spec.startswith("turn")
            servers.append(
                IceServer(
                    urls=spec,
                    username=settings.turn_username if turn else None,
                    credential=credential if turn else None,
                )
            )
        else:
            servers.append(
                IceServer(urls=spec.urls, username=spec.username, credential=spec.credential)
            )
    return servers


_BUFFER = "_RTCRtpReceiver__jitter_buffer"  # aiortc 1.16 takes no jitter-buffer setting


def hold_less_audio(pc: RTCPeerConnection, prefetch: int) -> None:
    """Give the connection's audio receivers a jitter buffer with this prefetch (packets
    held back after the one released). Receivers that have it already are left alone,
    so a renegotiated call keeps the packets it holds."""
    for transceiver in pc.getTransceivers():
        if transceiver.kind != "audio":
            continue
        current = getattr(transceiver.receiver, _BUFFER, None)
        if isinstance(current, JitterBuffer) and current._prefetch != prefetch:
            setattr(
                transceiver.receiver, _BUFFER, JitterBuffer(current.capacity, prefetch=prefetch)
            )


def no_compression_to_deepgram() -> None:
    """Deepgram's streaming websocket without permessage-deflate (once per process)."""
    from deepgram.listen.v1 import client, raw_client

    name = "websockets_client_connect"  # the SDK's own module-level name for connect()
    for module in (client, raw_client):
        connect: Any = getattr(module, name)
        if not isinstance(connect, functools.partial):
            setattr(module, name, functools.partial(connect, compression=None))
