"""Offline product answers that contain the fact asked for, on the labelled retrieval set
(bench/knowledge_eval.json): each question goes through the chat path's speech
normaliser, BM25 over the shared library (the 5 passages the chat service fetches) and
the reflex brain's answer-or-admit reader. An answer counts when it contains the
question's evidence (whitespace- and case-normalised; or its first 60 %, like the
retrieval bench, when the evidence straddles two sentences). Goal ≥ 80 %.
Run: ``.venv/bin/python bench/answers.py`` (``--misses`` lists every miss)."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

from hard_e.brain.extractive import extractive_answer
from hard_e.brain.speech import normalise
from hard_e.knowledge.index import KnowledgeIndex
from hard_e.knowledge.shared_library import library_chunks
from hard_e.knowledge.store import hit_dict

EVAL = Path(__file__).resolve().parent / "knowledge_eval.json"
PASSAGES = 5
PREFIX_SHARE = 0.6


def _norm(text: str) -> str:
    return " ".join(text.split()).lower()


def contains_fact(answer: str, expected: list[dict[str, Any]]) -> bool:
    said = _norm(answer)
    for fact in expected:
        evidence = _norm(fact["evidence"])
        if evidence in said or evidence[: math.ceil(len(evidence) * PREFIX_SHARE)] in said:
            return True
    return False


def main() -> float:
    questions = json.loads(EVAL.read_text(encoding="utf-8"))["questions"]
    index = KnowledgeIndex.build(library_chunks())
    right, silent, misses = 0, 0, []
    for q in questions:
        text = normalise(q["question"])
        passages = [hit_dict(h) for h in index.search(text, k=PASSAGES) if h.score > 0]
        answer = extractive_answer(text, passages)
        if answer is None:
            silent += 1
        if answer is not None and contains_fact(answer, q["answers"]):
            right += 1
        else:
            misses.append((q, answer))
    share = right / len(questions)
    print(f"Offline product answers on {EVAL.name}: {len(questions)} questions")
    print(f"  answer contains the fact   {right}")
    print(f"  no answer (admitted)       {silent}")
    print(f"  answered without the fact  {len(questions) - right - silent}")
    for q, answer in misses if "--misses" in sys.argv else misses[:5]:
        print(f"  MISS {q['id']} {q['question']!r}: {(answer or '— admitted')[:110]!r}")
    print(f"RESULT product_answers_with_fact {100 * share:.1f} % goal >= 80")
    return share


if __name__ == "__main__":
    main()
