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
configured prefetch (``receive_prefetch_packets``). Even a prefetch of 0 holds one packet:
aiortc's buffer is built for video, whose frames span packets, and lets a frame go only
once a packet of the next one arrives. An Opus packet is a whole frame, so with 0 the
worker uses :class:`ArrivalOrderBuffer` instead: each packet is heard as it arrives (20 ms
sooner, at every end of speech and every barge-in); one that arrives after a later one
is dropped (20 ms of the rep's audio lost to the recogniser, as a lost packet is).

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
from aiortc.jitterbuffer import JitterBuffer, JitterFrame
from aiortc.rtp import RtpPacket
from aiortc.utils import uint16_add
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


class ArrivalOrderBuffer(JitterBuffer):
    """Audio packets released as they arrive; late and repeated ones dropped."""

    def __init__(self, capacity: int) -> None:
        super().__init__(capacity, prefetch=0)
        self._last: int | None = None

    def add(self, packet: RtpPacket) -> tuple[bool, JitterFrame | None]:
        last = self._last
        if last is not None and not 0 < uint16_add(packet.sequence_number, -last) < 0x8000:
            return False, None  # older than (or the same as) one already heard
        self._last = packet.sequence_number
        data: bytes = getattr(packet, "_data", b"")  # set by aiortc's depayloading
        return False, JitterFrame(data=data, timestamp=packet.timestamp)


def hold_less_audio(pc: RTCPeerConnection, prefetch: int) -> None:
    """Give the connection's audio receivers a jitter buffer with this prefetch (packets
    held back after the one released; 0: :class:`ArrivalOrderBuffer`). Receivers that
    have theirs already are left alone, so a renegotiated call keeps what it holds."""
    for transceiver in pc.getTransceivers():
        if transceiver.kind != "audio":
            continue
        current = getattr(transceiver.receiver, _BUFFER, None)
        if not isinstance(current, JitterBuffer) or isinstance(current, ArrivalOrderBuffer):
            continue
        if prefetch == 0:
            setattr(transceiver.receiver, _BUFFER, ArrivalOrderBuffer(current.capacity))
        elif current._prefetch != prefetch:
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
