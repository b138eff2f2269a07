"""A chat turn reads what it needs at once (``ChatService._take_turn``): the company,
the rep, the conversation and what was learned are read side by side, not one after
another — on a busy voice call process each read waits its turn of the event loop, so
one after another added up to a slower reply on every turn."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest

from hard_e.api.security import authenticate
from hard_e.bootstrap import Services
from tests.conftest import DemoLogin, Gateway


def test_the_turns_reads_happen_side_by_side(
    gateway: Gateway,
    demo: DemoLogin,
    demo_token: str,
    services: Services,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    principal = authenticate(demo_token)
    chat: Any = services.chat
    # the rep's record and what was learned are each read only once the other
    # read has started: read one after the other, the first would wait for ever
    both = threading.Barrier(2, timeout=10)
    reads: list[str] = []

    def meeting(name: str, read: Any) -> Any:
        def read_when_both_started(*args: Any, **kwargs: Any) -> Any:
            reads.append(name)
            both.wait()
            return read(*args, **kwargs)

        return read_when_both_started

    monkeypatch.setattr(chat._directory, "get_user", meeting("rep", chat._directory.get_user))
    monkeypatch.setattr(chat._memory, "visible", meeting("memory", chat._memory.visible))

    result = asyncio.run(chat.take_turn(principal, "what's the status of the Zimmerman job?"))

    assert sorted(reads) == ["memory", "rep"]
    assert result.reply  # the turn was answered
