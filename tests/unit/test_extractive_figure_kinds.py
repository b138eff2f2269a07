"""Issue 9: "how windy" asks for a wind speed, so the sentence that states one ("in winds
above 20 mph") answers, not one that only shares the question's other words."""

from __future__ import annotations

import pytest

from hard_e.brain.reading import extractive_answer

WIND = {
    "document": "bayline-low-slope-membrane-guide.md",
    "heading": "Bayline Low-Slope Membrane Guide › Weather Limits › Wind",
    "text": "Half-unrolled sheets are ballasted with sandbags until adhered. Do not unroll "
    "membrane in winds above 20 mph. Gusts lift a loose sheet like a sail.",
    "chunk_id": "doc-bay:0011",
}


@pytest.mark.parametrize(
    "question",
    [
        "how windy is too windy to roll out membrane",
        "how windy can it be when we unroll the sheets",
        "what's the windiest it can be to roll out membrane",
    ],
)
def test_how_windy_asks_for_a_wind_speed(question: str) -> None:
    answer = extractive_answer(question, [WIND])

    assert answer is not None
    assert "winds above 20 mph" in answer
