"""The offline reader on documents it was never tuned on (issue 9): what a rep asks in
their own words finds the sentence or row that answers — typos, spelled pitches, "the
lowest", a value that picks a row — and a passage about another thing (another
product's price or rating, another kind of fascia, a screen of another product) is no
answer, so the brain says the documents don't cover it."""

from __future__ import annotations

from typing import Any

import pytest

from hard_e.brain.reading import extractive_answer
from hard_e.brain.reading.question import spoken_figures
from hard_e.brain.reading.spelling import spelled


def passage(heading: str, text: str, document: str = "acme-metal-roofing.md") -> dict[str, Any]:
    return {"document": document, "heading": heading, "text": text, "chunk_id": "doc-7:0003"}


TITLE = "Acme Standing Seam Metal Roofing — Spec and Install Summary"
PROFILES = passage(
    f"{TITLE} › Profiles",
    "| Profile | Seam height | Minimum slope | Max panel length |\n"
    "|---|---|---|---|\n"
    "| ClickSeam | 1.5 in | 3:12 | 40 ft |\n"
    "| TwinLock | 2 in | 1:12 | 60 ft |\n"
    "| Strip | 1 in | 3:12 | 24 ft |\n",
)
LEAD = passage(
    f"{TITLE} › Lead Times",
    "| Order | Lead time |\n"
    "|---|---|\n"
    "| ClickSeam in stock colours | 5 to 7 business days |\n"
    "| TwinLock, any colour | 2 to 3 weeks |\n"
    "| Copper-look colours | 5 weeks |\n\n"
    "Panels are cut to the lengths on the order.",
)
WHY = passage(
    f"{TITLE} › Why Metal",
    "- It usually lasts two to three asphalt roofs\n\n"
    "Be straight about the trade-offs. A metal roof costs more installed than shingles, and "
    "very large hail can dent the flats.",
)
TUNNELS = passage(
    "Acme Skylights and Light Tubes — Sales Guide › Light Tubes",
    "| Model | Tube diameter | Max tube run | List price |\n"
    "|---|---|---|---|\n"
    "| Glow 10 | 10 in | 20 ft | $389 |\n"
    "| Glow 14 | 14 in | 30 ft | $469 |\n"
    "| Glow 22 Flex | 22 in | 10 ft | $349 |\n",
    document="acme-skylights.md",
)
SIZES = passage(
    "Acme Skylights and Light Tubes — Sales Guide › Sizes",
    "| Size | Rough opening | Fits between rafters at |\n"
    "|---|---|---|\n"
    "| 1430 | 14.5 x 30.5 in | 16 in on center |\n"
    "| 2130 | 21.5 x 30.5 in | 24 in on center |\n"
    "| 2146 | 21.5 x 46.5 in | 24 in on center |\n"
    "| 3046 | 30.5 x 46.5 in | a cut rafter and header |\n",
    document="acme-skylights.md",
)
SOFFIT = passage(
    "Soffit",
    "Vented soffit has rows of small perforations with an insect screen on the back.",
    document="Stone Panels and Trim — Spec Sheet",
)
FASCIA = passage(
    "Gutter Guide › Hanging",
    "Hang gutters from hidden hangers screwed into the rafter tails. If the fascia is soft "
    "or rotted, the crew lead stops and calls the office before hanging anything.",
    document="gutter-guide.md",
)
FIRE = passage(
    "Performance › Fire",
    "StoneBoard is noncombustible and carries a Class A fire rating under ASTM E84.",
    document="StoneBoard Fiber Cement Lap Siding — Spec Sheet",
)
ACCENTS = passage(
    "Splitstone Shake",
    "Splitstone Shake is an injection-moulded polypropylene shake panel, 0.080 in thick, "
    "for gable accents.",
    document="Vinyl Siding Lines — Spec Sheet",
)
CORNERS = passage(
    "Trim › Corners",
    "Outside corners are two trim boards or one-piece StoneCorner posts. StoneCorner has "
    "two 3.5 in faces and is 10 ft long.",
    document="Stone Panels and Trim — Spec Sheet",
)
FEATURES = passage(
    "Acme Skylights and Light Tubes — Sales Guide › Solar Vented Features",
    "- A solar panel on the frame charges a battery that runs the motor\n"
    "- A rain sensor on the frame closes the skylight automatically when the first drops "
    "hit it\n"
    "- The wall keypad runs up to 8 skylights",
    document="acme-skylights.md",
)
COVERAGE = passage(
    "Acme Skylights and Light Tubes — Sales Guide › Warranties",
    "| Coverage | Term | What it covers |\n"
    "|---|---|---|\n"
    "| Leaks | 10 years | Water through the frame when the Acme flashing kit is used |\n"
    "| Glass breakage from hail | 10 years | Outer pane broken by hail; the homeowner's "
    "insurance is not needed first |\n"
    "| Motor and keypad | 3 years | Parts only |\n",
    document="acme-skylights.md",
)
TOOLS = passage(
    f"{TITLE} › TwinLock",
    "TwinLock panels are folded together twice after they are placed.\n\n"
    "- Requires the seamer, which the crew rents from the supplier for $150 per day\n"
    "- Allowed below 3:12",
)
PAINTS = passage(
    f"{TITLE} › Paint Systems",
    "| Paint | Resin | Film warranty | Chalk limit |\n"
    "|---|---|---|---|\n"
    "| AcmeGuard 70 | 70% PVDF (Kynar 500 type) | 40 years | Rating 8 for 30 years |\n"
    "| AcmeShield | Silicone-modified polyester (SMP) | 30 years | Rating 6 for 20 years |\n"
    "| Bare steel | — | — | — |\n",
)
METALS = passage(
    f"{TITLE} › Metals",
    "| Metal | Thickness | Weight per square | Use |\n"
    "|---|---|---|---|\n"
    "| Steel, galvanized | 26 gauge | about 105 lb | Economy choice, not for coastal homes |\n"
    "| Steel, heavy | 24 gauge | about 125 lb | Most homes |\n"
    "| Aluminium | 0.032 in | about 50 lb | Within 1 mile of salt water |\n",
)
DELIVERY = passage(
    f"{TITLE} › Ordering",
    "Panels ship on the roll-former's truck. Delivery is free on orders over 20 squares "
    "within 150 miles of a plant; smaller orders pay a $175 delivery charge.",
)
RAILS = passage(
    "Acme Decking › Railing",
    "| Railing | Post | Heights | Price |\n"
    "|---|---|---|---|\n"
    "| Acme Classic Composite | Composite sleeve over 4x4 wood post | 36 in, 42 in | "
    "$28 per ft |\n"
    "| Acme Aluminium | Aluminium post | 36 in, 42 in | $41 per ft |\n",
    document="acme-decking.md",
)
BOARDS = passage(
    "Acme Decking › Boards",
    "Cove PVC boards come in 12 ft, 16 ft and 20 ft lengths. Cove PVC is the only Acme "
    "board allowed on a deck lower than 12 in above grade.",
    document="acme-decking.md",
)
CREW = passage(
    "Scheduling",
    "The office calls the homeowner within 48 hours of signing to book the crew.",
    document="company-handbook.md",
)


@pytest.mark.parametrize(
    ("question", "passages", "said"),
    [
        ("whats the lowest pitch clickseam can go on", [PROFILES], "ClickSeam: 1.5 in, 3:12"),
        ("longest twinlock panel they make", [PROFILES], "60 ft"),
        ("lead tiem on twinlock panels", [LEAD], "TwinLock, any colour: 2 to 3 weeks"),
        ("longest tube run on a glow 10", [TUNNELS], "Glow 10: 10 in, 20 ft"),
        (
            "which skylight size fits between rafters that are 16 inches on center",
            [SIZES],
            "1430: 14.5 x 30.5 in",
        ),
        ("what are the splitstone shakes made of", [ACCENTS], "polypropylene"),
        ("what sizes does a StoneCorner come in", [CORNERS], "two 3.5 in faces"),
        ("does the vented skylight shut itself if it starts raining", [FEATURES], "rain sensor"),
        (
            "if hail breaks the skylight glass is that covered or do they go through insurance",
            [COVERAGE],
            "Glass breakage from hail: 10 years",
        ),
        ("what does it cost to rent the seamer", [TOOLS], "$150 per day"),
        ("how many years on the kynar paint warranty", [PAINTS], "AcmeGuard 70: 70% PVDF"),
        ("house is right by the ocean, which metal do we use", [METALS], "Aluminium: 0.032"),
    ],
)
def test_a_rep_s_own_words_find_the_answer(
    question: str, passages: list[dict[str, Any]], said: str
) -> None:
    answer = extractive_answer(question, passages)

    assert answer is not None and said in answer


@pytest.mark.parametrize(
    ("question", "passages"),
    [
        ("how much does a replacement dome for a light tube cost", [TUNNELS]),  # the tube's
        ("do vented skylights come with a bug screen", [SOFFIT, SIZES]),  # the soffit's
        ("does acme make metal shingles", [WHY]),  # a metal roof, and shingles, apart
        ("can we hang gutters on a metal fascia in winter", [FASCIA]),  # rotted fascia
        ("what's the fire rating on board and batten", [FIRE]),  # StoneBoard lap siding
        ("how many hours does it take the crew to side a house", [CREW]),  # a deadline
        (  # the delivery's price, not an installed one
            "how much should we charge a homeowner per square installed for standing seam",
            [DELIVERY],
        ),
        ("how much is a replacement post sleeve cap for classic composite railing", [RAILS]),
        ("how much does a 16 ft cove pvc board weigh", [BOARDS]),  # lengths, no weight
    ],
)
def test_a_passage_about_another_thing_is_no_answer(
    question: str, passages: list[dict[str, Any]]
) -> None:
    assert extractive_answer(question, passages) is None


def test_a_pitch_said_in_words_is_the_documents_pitch() -> None:
    assert spoken_figures("which panel on a one in twelve porch roof") == (
        "which panel on a 1:12 porch roof"
    )
    answer = extractive_answer("can we put twinlock on a one in twelve roof", [PROFILES])

    assert answer is not None and "TwinLock: 2 in, 1:12" in answer


SKY_LEAD = passage(
    "Brightpath Skylights › Lead Times",
    "| Order | Lead time |\n"
    "|---|---|\n"
    "| Fixed skylight, standard glass | 1 week |\n"
    "| Vented skylight with quiet glass | 3 weeks |\n\n"
    "Brightpath ships from Ohio.",
    "brightpath-skylights.md",
)


def test_a_word_spelled_by_ear_is_the_documents_word() -> None:
    said = extractive_answer("how long to get a skylite with quiet glass", [SKY_LEAD])
    assert said is not None and "3 weeks" in said


def test_a_name_is_never_what_a_word_spelled_by_ear_becomes() -> None:
    assert spelled("does brytepath ship fast", [SKY_LEAD]) == "does brytepath ship fast"
    assert "skylight" in spelled("any skylite in stock", [SKY_LEAD])


def test_the_price_of_the_thing_asked_is_read() -> None:
    said = extractive_answer("how much is classic composite railing", [RAILS])
    assert said is not None and "$28 per ft" in said
