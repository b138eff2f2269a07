"""A note said without a colon or "saying": the job's name ends where the CRM's name for
one of its jobs ends, and the rest is the note."""

from __future__ import annotations

import pytest

from hard_e.brain.rules import read
from hard_e.text.name_span import name_ends, name_words

JOBS = [
    name_words("Keller Window Replacement", "Steven Keller", "Windows"),
    name_words("Albright Seamless Gutters", "Linda Albright", "Gutters"),
    name_words("Pruitt Siding Replacement", "Dale Pruitt", "Siding"),
    name_words("Pruitt Roof Replacement", "Dale Pruitt", "Roofing"),
]


@pytest.mark.parametrize(
    ("lead", "job", "note"),
    [
        (
            "Keller gutters need replacing next spring",
            "Keller",
            "gutters need replacing next spring",
        ),
        ("the Keller job gutters need replacing", "the Keller job", "gutters need replacing"),
        ("Steven Keller homeowner wants a call", "Steven Keller", "homeowner wants a call"),
        ("Keller's windows grids on the front", "Keller's windows", "grids on the front"),
        (
            "Albright's gutters wants copper downspouts",
            "Albright's gutters",
            "wants copper downspouts",
        ),
        (
            "the Pruitt siding project crew needs a ladder",
            "the Pruitt siding project",
            "crew needs a ladder",
        ),
        ("Pruitt roof dumpster goes on the left", "Pruitt roof", "dumpster goes on the left"),
        ("linda albright hoa approved the color", "linda albright", "hoa approved the color"),
    ],
)
def test_the_name_ends_where_the_crm_name_ends(lead: str, job: str, note: str) -> None:
    said = lead.split()
    ends = name_ends(said, JOBS)
    assert (" ".join(said[:ends]), " ".join(said[ends:])) == (job, note)


@pytest.mark.parametrize(
    "lead", ["Hendricks gutters need replacing", "the crew found rot", "Keller"]
)
def test_no_job_named_or_nothing_left_for_the_note(lead: str) -> None:
    assert name_ends(lead.split(), JOBS) == 0


@pytest.mark.parametrize(
    "message",
    [
        "put a note on Keller gutters need replacing next spring",
        "add a note to Steven Keller homeowner wants a call",
        "note on Zimmerman customer asked for samples",
        "leave a note for the Mercer windows she wants grids",
    ],
)
def test_a_note_without_a_separator_is_read_as_a_note(message: str) -> None:
    found = read(message)
    assert found is not None and found.name == "add_note"


@pytest.mark.parametrize(
    "message", ["put a note on my calendar to call Keller", "make a note to self buy caulk"]
)
def test_a_note_on_the_calendar_or_to_self_is_not_a_job_note(message: str) -> None:
    found = read(message)
    assert found is None or found.name != "add_note" or "lead" not in found.slots
