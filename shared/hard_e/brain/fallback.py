"""Claude first; the reflex brain when Claude is unavailable."""

from __future__ import annotations

from aws_lambda_powertools import Logger

from hard_e.brain.port import Brain, BrainReply, BrainUnavailableError, TextSink, Turn

logger = Logger(child=True)


class FallbackBrain(Brain):
    def __init__(self, primary: Brain, fallback: Brain) -> None:
        self._primary = primary
        self._fallback = fallback
        self.name = primary.name

    async def reply(self, turn: Turn, *, on_text: TextSink | None = None) -> BrainReply:
        try:
            return await self._primary.reply(turn, on_text=on_text)
        except BrainUnavailableError as exc:
            logger.warning("primary brain unavailable; using fallback", extra={"reason": str(exc)})
            return await self._fallback.reply(turn, on_text=on_text)
