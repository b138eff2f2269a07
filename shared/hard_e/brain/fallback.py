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
        spoke = False

        async def tracked(text: str) -> None:
            nonlocal spoke
            spoke = spoke or bool(text.strip())
            if on_text is not None:
                await on_text(text)

        try:
            return await self._primary.reply(turn, on_text=tracked if on_text else None)
        except BrainUnavailableError as exc:
            if spoke:  # part of the primary's answer is out (spoken): never a second answer
                raise
            logger.warning("primary brain unavailable; using fallback", extra={"reason": str(exc)})
            return await self._fallback.reply(turn, on_text=on_text)
