"""The offline reader and how reps word a question (issue 9): "how many post cap
lights" counts lights, so the sentence with the number of lights answers; "is there a
discount" asks for one stated, not any sentence about orders; "if we don't register"
is "an unregistered deck"; an "um" or a "square feet" is no stumbling block."""

from __future__ import annotations

from hard_e.brain.reading import extractive_answer
from tests.support.passages import passages_of

passage = passages_of(
    "acme-decking-guide.md", "Acme Decking and Railing — Sales Guide", "doc-9:0005"
)


LIGHTING = passage(
    "Railing › Lighting",
    "Acme LED post cap lights and riser lights run on a 12-volt low-voltage transformer. "
    "One 60 W transformer runs up to 30 lights. Post cap lights list at $48 each.",
)
ORDERS = passage(
    "Ordering",
    "Boards ship in 12 ft, 16 ft and 20 ft lengths; a 24 ft board is made to order. "
    "Orders over 1,000 linear feet of boards get 5% off list.",
)
LENGTHS = passage(
    "Boards", "Boards ship in 12 ft and 16 ft lengths; longer boards are made to order."
)
REGISTER = passage(
    "Warranty › Registration",
    "Register the deck online within 60 days of completion. An unregistered deck keeps "
    "the structural warranty but loses the labour coverage.",
)
CREW = passage(
    "Installation Notes",
    "A crew of two installs about 150 to 200 sq ft of decking per day on a ready frame.",
)


def test_how_many_counts_the_last_word_of_the_thing() -> None:
    said = extractive_answer("how many post cap lights can one transformer handle", [LIGHTING])

    assert said is not None and "up to 30 lights" in said


def test_a_discount_asked_for_is_one_stated() -> None:
    said = extractive_answer("um is there a discount if we buy a big order of boards", [ORDERS])

    assert said is not None and "5% off list" in said
    assert (
        extractive_answer("is there a discount if we buy a big order of boards", [LENGTHS]) is None
    )


def test_not_registering_is_an_unregistered_deck() -> None:
    said = extractive_answer("what happens if we dont register the deck", [REGISTER])

    assert said is not None and "loses the labour coverage" in said


def test_square_feet_are_sq_ft() -> None:
    said = extractive_answer("how many square feet a day can a crew of two lay", [CREW])

    assert said is not None and "150 to 200 sq ft" in said


SOFFIT = passage(
    "Soffit › Triple 4",
    "Triple 4 vented soffit ships 16 panels per carton, 16 sq ft per carton.",
)
HERITAGE = passage("Siding › Heritage", "Heritage siding: 2 squares per carton.")
FILM = passage(
    "Warranty › Film",
    "The PVC film warranty covers peeling for 20 years. The PVC film warranty does not "
    "transfer to a new owner.",
)


def test_a_box_is_a_carton_and_the_model_asked_must_be_the_one_said() -> None:
    said = extractive_answer("how many square feet in a box of triple 4", [SOFFIT])

    assert said is not None and "16 sq ft per carton" in said
    assert extractive_answer("how many square feet in a box of triple 4", [HERITAGE]) is None


def test_the_next_owner_is_a_new_owner() -> None:
    said = extractive_answer("does the pvc film warranty transfer to the next owner", [FILM])

    assert said is not None and "does not transfer" in said


LEAD = passage(
    "Scheduling › Lead Times",
    "The 16 ft planks are 8.25 in wide and 5/16 in thick. 16 ft special-order planks "
    "arrive in about 6 weeks.",
)


def test_how_long_to_get_asks_for_a_time() -> None:
    said = extractive_answer("how long to get the 16 foot planks in", [LEAD])

    assert said is not None and "about 6 weeks" in said


DOOR = passage(
    "Doors › Glass",
    "Sidelite glass comes 10 in, 12 in or 14 in wide. Glass is covered for 20 years "
    "against seal failure.",
)


def test_how_long_something_is_warrantied_asks_for_a_time() -> None:
    said = extractive_answer("how long is the glass warrantied on the sidelites", [DOOR])

    assert said is not None and "20 years" in said and "14 in wide" not in said
