"""Shared pieces of the knowledge benchmarks: a synthetic tenant (the shared library's
text re-spun into many chunks with other product names, numbers and people, so the
vocabulary and term statistics look like a real contractor's document pile;
deterministic) and the report table. These benches import only the knowledge package,
not the whole app that ``_harness`` wires up."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

from hard_e.knowledge.chunking import Chunk
from hard_e.knowledge.shared_library import library_chunks

SEED = 20_251_121

_PREFIXES = str.split(
    "Stone Ridge Iron North Crest Summit Cedar Harbor Granite Maple Prairie Copper"
)
_SUFFIXES = str.split("Lap Line Guard Shield Panel Trim Shake Coat Max Pro Plus Core")
_PEOPLE = str.split("Avery Jordan Morgan Riley Casey Quinn Harper Rowan Emerson Blake Sawyer Reese")
_CITIES = str.split("Dayton Tulsa Boise Omaha Fresno Mobile Spokane Toledo Wichita Akron")
_BRANDS = re.compile(
    r"\b(?:Stone(?:Lap|Panel|Shake|Trim|Batten|Corner|Soffit|Flash)|Crest(?:Coat|Prime|Seal|Match|Plus)"
    r"|Ridgeline|Ironbark|Northlight|Stonecrest|Tempest|Ridgeback|Heritage|Summit|Classic)\b"
)
_NUMBER = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)(?![\w.])")


def table(rows: list[tuple[str, str]]) -> str:
    """Two aligned columns, like ``_harness.table``."""
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"  {name.ljust(width)}  {value}" for name, value in rows)


def _brand(rng: random.Random) -> str:
    return rng.choice(_PREFIXES) + rng.choice(_SUFFIXES) + str(rng.randint(1, 99))


def _respin(text: str, rng: random.Random, names: dict[str, str]) -> str:
    text = _BRANDS.sub(lambda m: names.setdefault(m.group(0), _brand(rng)), text)

    def number(m: re.Match[str]) -> str:
        value = float(m.group(1)) * rng.choice((0.5, 0.75, 1, 1, 1.25, 1.5, 2))
        return f"{value:g}" if "." in m.group(1) else str(round(value))

    text = _NUMBER.sub(number, text)
    if rng.random() < 0.3:
        text += (
            f" Ask {rng.choice(_PEOPLE)} at the {rng.choice(_CITIES)} branch "
            f"about job {rng.randint(1000, 99999)}."
        )
    return text


def tenant_chunks(count: int = 10_000, *, max_chars: int = 1500) -> list[Chunk]:
    """`count` chunks from documents of 10-40 chunks each, every chunk two to five
    library passages re-spun (brands, figures, people), at most `max_chars` long."""
    rng = random.Random(SEED)
    library = library_chunks()
    chunks: list[Chunk] = []
    doc = 0
    while len(chunks) < count:
        doc += 1
        names: dict[str, str] = {}
        document_id = f"doc{doc:05d}"
        kind = rng.choice(("spec sheet", "install guide", "price book", "warranty"))
        name = f"{_brand(rng)} {kind}.pdf"
        for n in range(min(rng.randint(10, 40), count - len(chunks))):
            picked = rng.sample(library, rng.randint(2, 5))
            text = "\n\n".join(_respin(c.text, rng, names) for c in picked)
            if len(text) > max_chars:
                text = text[: text.rfind(" ", 0, max_chars)]
            heading = " › ".join(
                _respin(part, rng, names) for part in picked[0].heading.split(" › ")
            )
            chunks.append(
                Chunk(f"{document_id}:{n:04d}", document_id, name, heading, n // 3 + 1, text)
            )
    return chunks


def queries(chunks: list[Chunk], questions: list[str], count: int = 300) -> Iterator[str]:
    """The eval questions as asked, then questions built from the tenant's own headings
    and figures ("what's the <heading> on the <brand> <number>?")."""
    rng = random.Random(SEED + 1)
    yield from questions
    brands = sorted(
        {w for c in chunks[:2000] for w in re.findall(r"\b[A-Z][a-z]+[A-Z]\w*\d+\b", c.text)}
    )
    for _ in range(max(0, count - len(questions))):
        chunk = rng.choice(chunks)
        heading = chunk.heading.split(" › ")[-1]
        figures = _NUMBER.findall(chunk.text) or ["8.25"]
        yield (
            f"what's the {heading.lower()} on the {rng.choice(brands or ['StoneLap'])} "
            f"{rng.choice(figures)}?"
        )
