"""``python -m voice_worker``: serve the voice worker (``make voice``)."""

from __future__ import annotations

import uvicorn

from voice_worker.app import create_app
from voice_worker.settings import VoiceSettings


def main() -> None:
    settings = VoiceSettings()
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info")


if __name__ == "__main__":
    main()
