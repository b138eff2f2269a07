"""A customer's name typed with a typo: a lookup says the name it took, an action asks
"did you mean …?" and acts only on a yes, and two names as close are both asked about."""

from __future__ import annotations

from typing import Any

import pytest

from hard_e.brain import Speaker, Turn
from hard_e.brain.names import near_names
from hard_e.brain.port import ToolOutcome
from hard_e.brain.reflex import ReflexBrain
from hard_e.tenancy import Tenant

_CRM = {
    1: "Linda Albright",
    2: "Steven Keller",
    3: "John Peterson",
    4: "Jon Petersen",
    5: "Patricia Ochoa",
    6: "Karen Beckett",
    7: "Mike Sullivan",
}


class FakeCrm:
    """The few customer tools a name needs, over a fixed list; texts are recorded."""

    def __init__(self) -> None:
        self.texts: list[dict[str, Any]] = []

    def _customer(self, i: int) -> dict[str, Any]:
        phones = [{"label": "cell", "number": f"61455501{i:02d}"}]
        return {"id": i, "name": _CRM[i], "phones": phones, "email": "", "address": ""}

    async def tool(self, name: str, args: dict[str, Any]) -> ToolOutcome:
        return await self.run(name, args)

    async def run(self, name: str, args: dict[str, Any]) -> ToolOutcome:
        if name == "search_customers":
            query = str(args["query"]).lower()
            found = [self._customer(i) for i, n in _CRM.items() if query in n.lower()]
            return ToolOutcome(content={"customers": found, "total": len(found)})
        if name == "get_customer":
            return ToolOutcome(content=self._customer(int(args["customer_id"])))
        if name == "send_sms":
            self.texts.append(args)
            return ToolOutcome(content={"to": "+16145550101"})
        return ToolOutcome(
            content=f"I couldn't find a job matching '{args.get('job')}'.", is_error=True
        )


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("albrite", ["albright"]),
        ("linda albrigt", ["linda albright"]),
        ("kellr", ["keller"]),
        ("ochao", ["ochoa"]),
        ("petersan", ["petersen", "peterson"]),
        ("bekcett", ["beckett"]),  # a slip in the first letters of a long name
        ("kelelr", ["keller"]),
    ],
)
async def test_a_misspelt_name_is_the_one_or_two_crm_names_closest_to_it(
    said: str, meant: list[str]
) -> None:
    assert sorted(await near_names(FakeCrm(), said)) == meant


@pytest.mark.parametrize("said", ["keller", "delgadoo", "brad kowalczyk", "milk", "gallon"])
async def test_a_name_on_file_as_said_or_close_to_no_one_is_not_read_as_another(said: str) -> None:
    assert await near_names(FakeCrm(), said) == []


def _turn(crm: FakeCrm, message: str, state: dict[str, Any]) -> Turn:
    return Turn(
        tenant=Tenant("0123456789abcdef", "Summit Exteriors", "soul"),
        speaker=Speaker("usr_1", "Dana Brooks", "rep"),
        session_id="ses_1",
        message=message,
        tools=crm,  # type: ignore[arg-type]
        state=state,
    )


@pytest.mark.parametrize(
    "message",
    ["what's Albrite's phone number", "phone number for Linda Albrigt", "albrite's cell"],
)
async def test_a_lookup_on_a_misspelt_name_says_the_name_it_took(message: str) -> None:
    reply = await ReflexBrain().reply(_turn(FakeCrm(), message, {}))
    assert "to mean" in reply.text and "Linda Albright" in reply.text
    assert "6145550101" in reply.text


@pytest.mark.parametrize(
    "message",
    [
        "text Albrite that we're running late",
        "text Albrite we're running late",
        "txt linda albrigt saying the crew is on the way",
    ],
)
async def test_a_text_to_a_misspelt_name_asks_whom_before_sending(message: str) -> None:
    crm, state = FakeCrm(), {}
    asked = await ReflexBrain().reply(_turn(crm, message, state))
    assert "Did you mean Linda Albright?" in asked.text
    assert crm.texts == []

    sent = await ReflexBrain().reply(_turn(crm, "yes", state))
    assert "Texted Linda Albright" in sent.text
    assert [t["customer_id"] for t in crm.texts] == [1]


async def test_no_to_did_you_mean_sends_nothing() -> None:
    crm, state = FakeCrm(), {}
    await ReflexBrain().reply(_turn(crm, "text Albrite that we're running late", state))
    reply = await ReflexBrain().reply(_turn(crm, "no", state))
    assert "didn't" in reply.text and crm.texts == []


@pytest.mark.parametrize(
    "message", ["text Petersan that the crew is coming", "whats Petersan's phone number"]
)
async def test_two_names_as_close_are_asked_about_never_picked(message: str) -> None:
    crm, state = FakeCrm(), {}
    reply = await ReflexBrain().reply(_turn(crm, message, state))
    assert "John Peterson" in reply.text and "Jon Petersen" in reply.text
    assert "Which one" in reply.text and crm.texts == []


@pytest.mark.parametrize(
    "message",
    [
        "what's the number for the Albright lady",
        "phone for mister Albright",
        "Please give me telephone of Missus Albright",
        "whats the cell for the Albright folks",
    ],
)
async def test_a_customer_called_by_a_title_or_as_the_lady_is_looked_up(message: str) -> None:
    reply = await ReflexBrain().reply(_turn(FakeCrm(), message, {}))
    assert reply.intent == "customer_phone" and "Linda Albright: cell" in reply.text


async def test_a_pronoun_with_no_one_before_it_asks_whom() -> None:
    reply = await ReflexBrain().reply(_turn(FakeCrm(), "her cell", {}))
    assert reply.text == "Which customer?"


async def test_a_bare_topic_after_a_customer_is_about_that_customer() -> None:
    crm, state = FakeCrm(), {}
    await ReflexBrain().reply(_turn(crm, "what's Linda Albright's phone number", state))
    reply = await ReflexBrain().reply(_turn(crm, "email?", state))
    assert reply.intent == "customer_email" and "Linda Albright" in reply.text
