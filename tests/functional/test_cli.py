"""The ``hard-e`` command line."""

from __future__ import annotations

import pytest

from hard_e.cli import main
from tests.conftest import Gateway


def test_outbox_lists_what_the_company_sent(
    gateway: Gateway, demo_token: str, capsys: pytest.CaptureFixture[str]
) -> None:
    gateway.tool("send_sms", {"to": "614-555-0101", "body": "On my way"}, demo_token)

    assert main(["outbox"]) == 0

    out = capsys.readouterr().out
    assert "sms" in out and "+16145550101" in out and "On my way" in out


def test_outbox_for_an_unknown_user_fails_cleanly(
    demo: object, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["outbox", "--email", "nobody@nowhere.example"]) == 1
    assert "no user" in capsys.readouterr().err


def test_unknown_command_is_refused() -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["launch-rockets"])
    assert exit_.value.code == 2
