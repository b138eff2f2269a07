"""Speech normalisation for the brain: the text toolkit's spoken-input reader."""

from hard_e.text.spoken import normalise

__all__ = ["normalise"]
