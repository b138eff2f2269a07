"""The worker's settings as the Fargate task sets them, and the metric it scales on."""

from __future__ import annotations

import json

import pytest

from voice_worker.metrics import report_calls
from voice_worker.network import ice_servers
from voice_worker.settings import VoiceSettings


def test_the_tasks_ice_servers_and_placeholder_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "HARD_E_VOICE_ICE_SERVERS",
        json.dumps(
            [
                {"urls": ["stun:stun.example.test:3478"]},
                {"urls": "turn:turn.example.test:3478", "username": "u", "credential": "c"},
                "turn:second.example.test",
            ]
        ),
    )
    monkeypatch.setenv("HARD_E_VOICE_TURN_USERNAME", "crew")
    monkeypatch.setenv("HARD_E_VOICE_TURN_CREDENTIAL", "s3cret")
    monkeypatch.setenv("DEEPGRAM_API_KEY", "REPLACE-ME")  # the secret's deploy-time value
    monkeypatch.setenv("CARTESIA_API_KEY", "sk-real")
    settings = VoiceSettings()

    servers = ice_servers(settings)
    assert [s.urls for s in servers] == [
        ["stun:stun.example.test:3478"],
        "turn:turn.example.test:3478",
        "turn:second.example.test",
    ]
    assert (servers[1].username, servers[1].credential) == ("u", "c")
    assert (servers[2].username, servers[2].credential) == ("crew", "s3cret")
    assert settings.deepgram_api_key is None  # offline speech-to-text
    assert settings.cartesia_api_key is not None


def test_active_calls_is_written_as_a_cloudwatch_metric(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("POWERTOOLS_METRICS_NAMESPACE", "HardE")
    monkeypatch.setenv("POWERTOOLS_SERVICE_NAME", "hard-e")
    report_calls(3)
    emf = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert emf["ActiveCalls"] == [3.0] or emf["ActiveCalls"] == 3
    assert emf["service"] == "hard-e"
    (directive,) = emf["_aws"]["CloudWatchMetrics"]
    assert directive["Namespace"] == "HardE"
    assert directive["Metrics"] == [{"Name": "ActiveCalls", "Unit": "Count"}]
