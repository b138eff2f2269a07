"""The brain: Claude's tool loop, the offline reflex brain, and prompts."""

from hard_e.brain.port import (
    Brain,
    BrainReply,
    BrainUnavailableError,
    NoTools,
    Speaker,
    TextSink,
    ToolBelt,
    ToolOutcome,
    ToolSpec,
    Turn,
)

__all__ = [
    "Brain",
    "BrainReply",
    "BrainUnavailableError",
    "NoTools",
    "Speaker",
    "TextSink",
    "ToolBelt",
    "ToolOutcome",
    "ToolSpec",
    "Turn",
]
