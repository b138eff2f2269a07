"""Cross-document bluff probe for the offline product reader (issue 9).

Every company document in tests/knowledge/fixtures has a question set
(bench/answers_*.json) whose answers it alone holds. Here each set's questions are asked
with that document left OUT: the library plus every other company document uploaded, as
one tenant with eight uploads would have them. The answer is not there, so every answer
the reader gives is a bluff — a sentence about another product read out as if it
answered (the worst thing the brain can say). The reader should admit instead. A few
questions name no product another document also answers rightly (its own rule, the
same rule): those are listed with the reason in RIGHT_ELSEWHERE and counted apart.
Only questions whose every listed answer is in the left-out document are asked (the
company handbook's set also asks about the library; those are skipped).
Goal 0 bluffs. Run: ``.venv/bin/python bench/answers_cross.py`` (``--bluffs`` lists
each one with the passage read out; ``--newer`` also uploads the documents written after
these figures were first taken, with their own sets asked the same way: more documents
to bluff from, so the two counts are reported apart).
"""

from __future__ import annotations

import json
import sys

from answers import FIXTURES, HERE, answer, company_index

from hard_e.knowledge.index import KnowledgeIndex
from hard_e.knowledge.shared_library import library_chunks

SETS = (
    ("answers_heldout_company.json", "summit-exteriors-field-handbook.md"),
    ("answers_blind.json", "gutter-and-storm-response-guide.md"),
    ("answers_blind_doors.json", "entry-door-sales-sheet.md"),
    ("answers_blind_attic.json", "attic-insulation-and-ventilation.md"),
    ("answers_blind_skylights.json", "skylight-and-sun-tunnel-guide.md"),
    ("answers_blind_metal_roofing.json", "metal-roofing-standing-seam-spec.md"),
    ("answers_blind_soffit_fascia.json", "soffit-fascia-and-trim-coil-sheet.md"),
    ("answers_blind_composite_decking.json", "composite-decking-and-railing-guide.md"),
    ("answers_blind_heat_cable.json", "ice-dam-heat-cable-guide.md"),
)

NEWER = (("answers_blind_house_wrap.json", "weatherveil-house-wrap-guide.md"),)

RIGHT_ELSEWHERE = {  # question id: (what the other document's answer must say, why it is right)
    "a010": (
        "1 sq ft of net free area for every 300 sq ft of attic floor",
        "the soffit sheet states the attic guide's own 1-in-300 ventilation rule",
    ),
    "t001": (
        "Triple 4 soffit gives 7.5 sq in of net free area",
        "the question names no maker; the library's Triple 4 vented soffit is one the company "
        "sells, and the answer names it (Ridgeline)",
    ),
    "g011": (
        "the crew replaces rotted fascia board",
        "the soffit sheet's rule for rotted fascia is the company's, and says what the crew does",
    ),
    "m021": (
        "Delivery is free on orders over $4,000 within 100 miles of a Harborline",
        "the question names no product; the decking guide's free-delivery terms are the "
        "company's, and the answer says they are Harborline's",
    ),
    "w002": (
        "A weather-resistive barrier (house wrap) is required behind every Stonecrest product",
        "the library's fiber cement guide says which barrier goes under fiber cement: house wrap",
    ),
}
"""Questions a document other than the left-out one answers rightly: not bluffs, counted
apart, and only while the answer says what the reason vouches for (else a bluff again)."""


def own_questions(set_name: str, document: str) -> list[dict[str, str]]:
    """The set's questions that only the left-out document answers."""
    data = json.loads((HERE / set_name).read_text(encoding="utf-8"))
    return [q for q in data["questions"] if all(a["document"] == document for a in q["answers"])]


def _right_elsewhere(question_id: str, said: str) -> bool:
    """Whether another document's answer is right, as RIGHT_ELSEWHERE says and why."""
    right = RIGHT_ELSEWHERE.get(question_id)
    return right is not None and right[0] in said


def main() -> int:
    library = KnowledgeIndex.build(library_chunks())
    sets = SETS + NEWER if "--newer" in sys.argv else SETS
    uploads = {doc: company_index(FIXTURES / doc) for _, doc in sets}
    asked = bluffed = elsewhere = 0
    for set_name, left_out in sets:
        others = [index for doc, index in uploads.items() if doc != left_out]
        questions = own_questions(set_name, left_out)
        answered = [
            (q, said) for q in questions if (said := answer([library, *others], q["question"]))
        ]
        right = [(q, said) for q, said in answered if _right_elsewhere(q["id"], said)]
        bluffs = [(q, said) for q, said in answered if not _right_elsewhere(q["id"], said)]
        asked += len(questions)
        bluffed += len(bluffs)
        elsewhere += len(right)
        print(
            f"{left_out} left out: {len(questions)} questions, {len(bluffs)} answered (bluffs)"
            + (f", {len(right)} answered rightly from another document" if right else "")
        )
        for q, said in bluffs if "--bluffs" in sys.argv else bluffs[:2]:
            print(f"  BLUFF {q['id']} {q['question']!r}: {said[:140]!r}")
    print(
        f"Cross-document: {asked} questions asked without their document, {bluffed} bluffs "
        f"({elsewhere} more answered rightly from another document, RIGHT_ELSEWHERE)"
    )
    name = "product_answers_cross_document_bluffs" + ("_newer" if sets is not SETS else "")
    print(f"RESULT {name} {bluffed} bluffs goal <= 0")
    return bluffed


if __name__ == "__main__":
    main()
