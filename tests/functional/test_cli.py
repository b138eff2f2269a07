"""The ``hard-e`` command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from hard_e.cli import main
from tests.conftest import Gateway


def test_outbox_lists_what_the_company_sent(
    gateway: Gateway, demo_token: str, capsys: pytest.CaptureFixture[str]
) -> None:
    gateway.tool("send_sms", {"customer_id": 2016690, "body": "On my way"}, demo_token)

    assert main(["outbox"]) == 0

    out = capsys.readouterr().out
    assert "sms" in out and "+13805550113" in out and "On my way" in out


def test_outbox_for_an_unknown_user_fails_cleanly(
    demo: object, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["outbox", "--email", "nobody@nowhere.example"]) == 1
    assert "no user" in capsys.readouterr().err


def test_unknown_command_is_refused() -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["launch-rockets"])
    assert exit_.value.code == 2


def test_docs_add_indexes_files_and_docs_list_shows_them(
    demo: object,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    gateway: Gateway,
    demo_token: str,
) -> None:
    good = tmp_path / "paint guide.md"
    good.write_text("# Paint\n\n## Zanzibar Quartz Blend\n\nCures in 36 hours above 50 degrees.\n")
    bad = tmp_path / "logo.png"
    bad.write_bytes(b"\x89PNG\r\n")

    code = main(["docs", "add", str(good), str(bad), str(tmp_path / "missing.pdf")])

    out = capsys.readouterr()
    assert code == 1  # two of three failed
    assert "✓ paint guide.md: indexed" in out.out
    assert "✗ logo.png" in out.out and "no such file" in out.out
    assert "1 added, 2 failed" in out.out
    assert "adding" in out.err  # the progress bar
    found = gateway.tool("search_knowledge", {"query": "Zanzibar Quartz Blend"}, demo_token)
    assert found.json()["result"]["results"][0]["document"] == "paint guide.md"

    assert main(["docs", "list"]) == 0
    assert "indexed" in capsys.readouterr().out


def test_learn_now_reports_what_it_learned(
    gateway: Gateway, demo_token: str, capsys: pytest.CaptureFixture[str]
) -> None:
    gateway.chat("we offer 6-month financing", demo_token)

    assert main(["learn", "--now", "--idle-minutes", "0"]) == 0

    out = capsys.readouterr().out
    assert "learned from 1 of 1 idle sessions" in out and "tokens in 0" in out
