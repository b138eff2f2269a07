"""The tool registry: every tool's name, LLM-facing description, input schema and tier."""

from __future__ import annotations

import copy
import functools
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from hard_e.brain.port import ToolSpec
from hard_e.tools.exceptions import ToolInputError, UnknownToolError

if TYPE_CHECKING:
    from hard_e.tools.context import ToolContext

In = TypeVar("In", bound=BaseModel)


class Tier(StrEnum):
    """Safety tiers, enforced by the gate, never by the model."""

    GREEN = "green"  # runs
    YELLOW = "yellow"  # runs and is audited
    RED = "red"  # waits for a human's approval


@dataclass(frozen=True)
class Prepared(Generic[In]):
    """A call with every lookup done: exactly what will happen, and what a person sees."""

    args: In
    """The arguments that will run: a recipient resolved to its address or number, never
    a reference to look up again when the call finally runs."""
    preview: str
    """Everything a person deciding on the call must see: recipient, full content."""
    hold: str | None = None
    """Why this call must wait for a person although its tier alone would not make it."""


Preparer = Callable[["ToolContext", In], Awaitable[Prepared[In]]]


@dataclass(frozen=True)
class Tool(Generic[In]):
    name: str
    description: str  # written for an LLM: when to use it, what it returns
    input_model: type[In]
    tier: Tier
    handler: Callable[[ToolContext, In], Awaitable[Any]]
    skill: str  # the group the brain offers it in: crm, messaging, customers, ...
    summary: Callable[[In], str] | None = None  # how an approval prompt describes a call
    prepare: Preparer[In] | None = None  # resolves what the call will really do

    async def prepared(self, ctx: ToolContext, args: In) -> Prepared[In]:
        if self.prepare is not None:
            return await self.prepare(ctx, args)
        return Prepared(args, self.preview(args))

    def preview(self, args: In) -> str:
        """The summary, then every argument in full (nothing cut short)."""
        fields = args.model_dump(mode="json", exclude_none=True)
        lines = [f"{k}: {v}" for k, v in fields.items() if v not in ("", [], {})]
        return "\n".join([self.describe(args), *lines])

    def input_schema(self) -> dict[str, Any]:
        """The input's JSON schema (built once per model: pydantic takes ~1 ms each)."""
        return copy.deepcopy(_schema_of(self.input_model))

    def parse(self, raw: dict[str, Any]) -> In:
        try:
            return self.input_model.model_validate(raw)
        except ValidationError as exc:
            problems = [
                {
                    "field": ".".join(str(p) for p in e["loc"]) or "input",
                    "problem": e["msg"],
                }
                for e in exc.errors()
            ]
            summary = "; ".join(f"{p['field']}: {p['problem']}" for p in problems[:5])
            raise ToolInputError(f"invalid input for {self.name}: {summary}", problems) from None

    def describe(self, args: In) -> str:
        if self.summary is not None:
            return self.summary(args)
        shown = ", ".join(f"{k}={v!r}" for k, v in args.model_dump(exclude_none=True).items())
        return f"{self.name}({shown})"


@functools.cache
def _schema_of(model: type[BaseModel]) -> dict[str, Any]:
    schema = model.model_json_schema()
    schema.pop("title", None)
    return schema


class Registry:
    def __init__(self, tools: Iterable[Tool[Any]] = ()) -> None:
        self._tools: dict[str, Tool[Any]] = {}
        for tool in tools:
            self.add(tool)

    def add(self, tool: Tool[Any]) -> None:
        if tool.name in self._tools:
            raise ValueError(f"duplicate tool {tool.name}")
        self._tools[tool.name] = tool

    def get(self, name: str) -> Tool[Any]:
        try:
            return self._tools[name]
        except KeyError:
            raise UnknownToolError(f"no tool named {name!r}") from None

    def __contains__(self, name: object) -> bool:
        return name in self._tools

    def all(self) -> list[Tool[Any]]:
        return list(self._tools.values())

    def skills(self) -> set[str]:
        return {t.skill for t in self._tools.values()}

    def specs(self, skills: Iterable[str] | None = None) -> list[ToolSpec]:
        wanted = set(skills) if skills is not None else None
        return [
            ToolSpec(t.name, t.description, t.input_schema())
            for t in self._tools.values()
            if wanted is None or t.skill in wanted
        ]
