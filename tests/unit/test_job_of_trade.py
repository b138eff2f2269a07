"""A job asked for by its trade ("the Keller roof") is that trade's job or none at all."""

from __future__ import annotations

import pytest

from hard_e.crm.models import Job, Stage, Trade
from hard_e.tools.catalogue.resolve import _of_trade
from hard_e.tools.exceptions import ToolRefusedError

WINDOWS = Job(
    1,
    "2609-1-01",
    "Keller Window Replacement",
    7,
    stage=Stage("s", "Site Visit Booked", 2),
    trades=(Trade(11, "Windows"),),
)
ROOF = Job(2, "2609-1-02", "Keller Storm Repair", 7, trades=(Trade(8, "Roofing"),))
UNKNOWN = Job(3, "2609-1-03", "Keller Residence", 7)


def test_the_trade_named_picks_its_job_by_trade_or_name() -> None:
    assert _of_trade([WINDOWS, ROOF], "roof", "keller") == [ROOF]
    assert _of_trade([WINDOWS, ROOF], "window", "keller") == [WINDOWS]


def test_a_trade_the_customer_has_no_job_of_is_said_with_the_job_they_have() -> None:
    with pytest.raises(ToolRefusedError) as refused:
        _of_trade([WINDOWS], "roof", "keller")
    assert str(refused.value) == (
        "Keller has no roof job — their only job, Keller Window Replacement (#2609-1-01), "
        "is in Site Visit Booked"
    )


def test_no_name_or_a_job_of_unknown_trade_is_never_refused() -> None:
    assert _of_trade([WINDOWS], "roof", "") == [WINDOWS]  # "the roof": whose is not said
    assert _of_trade([WINDOWS, UNKNOWN], "roof", "keller") == [WINDOWS, UNKNOWN]
