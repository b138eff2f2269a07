"""Which addresses WebRTC offers as host candidates, and the ICE servers it uses.

aioice gathers host candidates from ``aioice.ice.get_host_addresses``, which skips
127.0.0.1: a local call would otherwise go over the machine's private address. The
worker replaces that lookup with the configured list (loopback locally and in tests);
an empty list keeps aioice's own (every interface: what a Fargate task needs).
"""

from __future__ import annotations

from collections.abc import Callable

import aioice.ice
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
