"""The shared industry library and its labelled retrieval evaluation set stay consistent."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = ROOT / "shared" / "hard_e" / "knowledge" / "library"
EVAL = ROOT / "bench" / "knowledge_eval.json"

MIN_DOCUMENTS = 8
MIN_TOTAL_CHARS = 40_000
MIN_QUESTIONS = 60
MIN_QUESTIONS_PER_DOCUMENT = 4

# Real manufacturers and product names: the library must only talk about invented brands.
DENIED_BRANDS = (
    "James Hardie",
    "Hardie",
    "HardiePlank",
    "CertainTeed",
    "LP SmartSide",
    "SmartSide",
    "Louisiana-Pacific",
    "Mastic",
    "Alside",
    "Owens Corning",
    "GAF",
    "Andersen",
    "Pella",
    "Nichiha",
    "Allura",
    "Ply Gem",
    "Georgia-Pacific",
    "Royal Building Products",
    "Kaycan",
    "Norandex",
    "ProVia",
    "Marvin",
    "Milgard",
    "Jeld-Wen",
    "Simonton",
    "Tamko",
    "IKO",
    "Malarkey",
    "DaVinci",
    "Boral",
    "Tyvek",
    "Typar",
    "Azek",
    "Versatex",
    "Kleer",
    "Timberline",
)
DENIED = re.compile(r"\b(" + "|".join(re.escape(b) for b in DENIED_BRANDS) + r")\b", re.IGNORECASE)
HEADING = re.compile(r"^(#{1,6}) \S")


def _documents() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(LIBRARY.glob("*.md"))}


def _eval() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EVAL.read_text(encoding="utf-8"))
    return data


def _level(line: str) -> int:
    match = HEADING.match(line)
    return len(match.group(1)) if match else 0


def _section(text: str, heading: str) -> str:
    """The text after `heading` up to the next heading of the same or a higher level."""
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if line.rstrip() == heading]
    assert len(starts) == 1, f"heading {heading!r} found {len(starts)} times"
    level = _level(heading)
    assert level, f"{heading!r} is not a Markdown heading"
    body: list[str] = []
    for line in lines[starts[0] + 1 :]:
        if 0 < _level(line) <= level:
            break
        body.append(line)
    return "\n".join(body)


def test_library_has_enough_original_documents() -> None:
    docs = _documents()
    assert len(docs) >= MIN_DOCUMENTS
    assert sum(len(text) for text in docs.values()) >= MIN_TOTAL_CHARS
    for name, text in docs.items():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*\.md", name), name
        assert text.startswith("# "), name
        assert text.count("\n# ") == 0, f"{name} has more than one title"


def test_headings_are_unique_within_each_document() -> None:
    for name, text in _documents().items():
        headings = [line.rstrip() for line in text.splitlines() if _level(line)]
        duplicates = [h for h, n in Counter(headings).items() if n > 1]
        assert not duplicates, f"{name}: {duplicates}"


def test_library_names_no_real_brands() -> None:
    for name, text in _documents().items():
        found = sorted({m.group(0) for m in DENIED.finditer(text)})
        assert not found, f"{name} mentions {found}"


def test_eval_questions_are_unique_and_cover_every_document() -> None:
    data = _eval()
    assert data["version"] == 1
    assert data["library"] == "shared/hard_e/knowledge/library"
    questions = data["questions"]
    assert len(questions) >= MIN_QUESTIONS
    ids = [q["id"] for q in questions]
    assert len(set(ids)) == len(ids)
    texts = [q["question"].strip().lower() for q in questions]
    assert len(set(texts)) == len(texts)
    docs = _documents()
    per_document: Counter[str] = Counter()
    for q in questions:
        assert q["answers"], q["id"]
        for document in {a["document"] for a in q["answers"]}:
            assert document in docs, f"{q['id']}: unknown document {document}"
            per_document[document] += 1
    thin = {name: per_document[name] for name in docs if per_document[name] < 4}
    assert not thin, f"documents with fewer than {MIN_QUESTIONS_PER_DOCUMENT} questions: {thin}"


@pytest.mark.parametrize("question", _eval()["questions"], ids=lambda q: q["id"])
def test_every_evidence_is_inside_its_section(question: dict[str, Any]) -> None:
    docs = _documents()
    for answer in question["answers"]:
        evidence = answer["evidence"]
        assert 5 <= len(evidence.split()) <= 12, f"evidence length: {evidence!r}"
        assert not re.search(r"[|*`]|\*\*|\[", evidence), f"markdown in evidence: {evidence!r}"
        text = docs[answer["document"]]
        assert evidence in text, f"{answer['document']}: {evidence!r} not found"
        assert evidence in _section(text, answer["heading"]), (
            f"{answer['document']}: {evidence!r} not under {answer['heading']!r}"
        )
