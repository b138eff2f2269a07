"""Sales scripts: the ScriptWriter port, with Claude and offline-template adapters."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, Literal

from hard_e.tenancy import Tenant

Variant = Literal["standard", "primer_video"]


@dataclass(frozen=True)
class ScriptRequest:
    customer: str
    product: str
    key_points: list[str]
    variant: Variant
    rep_name: str


class ScriptWriter(ABC):
    name: str

    @abstractmethod
    async def write(self, request: ScriptRequest, tenant: Tenant) -> str: ...


def _points(points: list[str]) -> list[str]:
    return [p.strip().rstrip(".") for p in points if p.strip()]


class TemplateScriptWriter(ScriptWriter):
    """Offline: a solid, structured script assembled from the rep's own inputs."""

    name = "template"

    async def write(self, request: ScriptRequest, tenant: Tenant) -> str:
        if request.variant == "primer_video":
            return self._primer(request, tenant)
        return self._standard(request, tenant)

    def _standard(self, r: ScriptRequest, tenant: Tenant) -> str:
        points = _points(r.key_points)
        lines = [
            f"Sales script — {r.product} for {r.customer}",
            "",
            f"1. Open: \"Hi {r.customer}, I'm {r.rep_name} with {tenant.name}. Thanks for having "
            "me out. Before I show you anything, I'd like to understand what's going on with "
            'your home."',
            "2. Discover: ask what prompted the call, how long they plan to stay, and what a "
            "great result looks like to them. Listen; write their words down.",
            f"3. Present {r.product}: tie each feature to something they told you.",
        ]
        for i, point in enumerate(points, start=1):
            lines.append(f"   {chr(96 + i)}. {point}")
        lines += [
            "4. Handle concerns: repeat the concern back, ask what's behind it, answer with "
            'facts from our documents, then check: "Does that settle it?"',
            f"5. Close: \"Based on what you've told me, {r.product} is the right fit. "
            'If everything looks good, can we get you on the schedule today?"',
        ]
        return "\n".join(lines)

    def _primer(self, r: ScriptRequest, tenant: Tenant) -> str:
        points = _points(r.key_points) or [f"why {r.product} lasts"]
        scenes = [
            f"Primer video script — {r.product} for {r.customer} (about 60 seconds)",
            "",
            f"[0:00–0:08] Hi {r.customer}, it's {r.rep_name} from {tenant.name}. Before we meet, "
            f"here's a quick look at {r.product}.",
        ]
        start = 8
        for point in points[:4]:
            end = start + 12
            scenes.append(f"[0:{start:02d}–0:{end:02d}] {point}. (Show it on a real house.)")
            start = end
        scenes.append(
            f"[0:{start:02d}–1:00] When I come by, I'll walk the house with you and answer every "
            "question. See you soon."
        )
        return "\n".join(scenes)


class ClaudeScriptWriter(ScriptWriter):
    """Claude writes the script from the same inputs, in the company's voice."""

    name = "claude"

    def __init__(self, *, client: Any, model: str, max_tokens: int = 1200) -> None:
        self._client = client
        self._model = model
        self._max_tokens = max_tokens

    async def write(self, request: ScriptRequest, tenant: Tenant) -> str:
        kind = (
            "a 60-second primer video script with timestamps, which the rep records and "
            "sends before the appointment"
            if request.variant == "primer_video"
            else "an in-home sales script: opener, discovery questions, presentation, "
            "objection handling and close"
        )
        prompt = (
            f"Write {kind} for {request.rep_name} of {tenant.name}.\n"
            f"Customer: {request.customer}\nProduct: {request.product}\n"
            f"Key points to cover: {'; '.join(request.key_points) or 'none given'}\n"
            "Plain text, natural spoken language, no markdown tables."
        )
        message = await self._client.messages.create(
            model=self._model,
            max_tokens=self._max_tokens,
            system=[{"type": "text", "text": tenant.soul_document}],
            messages=[{"role": "user", "content": prompt}],
        )
        text = "".join(b.text for b in message.content if b.type == "text").strip()
        return text or await TemplateScriptWriter().write(request, tenant)
