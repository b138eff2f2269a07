"""Cross-document bluff probe for the offline product reader (issue 9).

Every company document in tests/knowledge/fixtures has a question set
(bench/answers_*.json) whose answers it alone holds. Here each set's questions are asked
with that document left OUT: the library plus every other company document uploaded, as
one tenant with eight uploads would have them. The answer is not there, so every answer
the reader gives is a bluff — a sentence about another product read out as if it
answered (the worst thing the brain can say). The reader should admit instead.
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


def own_questions(set_name: str, document: str) -> list[dict[str, str]]:
    """The set's questions that only the left-out document answers."""
    data = json.loads((HERE / set_name).read_text(encoding="utf-8"))
    return [q for q in data["questions"] if all(a["document"] == document for a in q["answers"])]


def main() -> int:
    library = KnowledgeIndex.build(library_chunks())
    sets = SETS + NEWER if "--newer" in sys.argv else SETS
    uploads = {doc: company_index(FIXTURES / doc) for _, doc in sets}
    asked = bluffed = 0
    for set_name, left_out in sets:
        others = [index for doc, index in uploads.items() if doc != left_out]
        questions = own_questions(set_name, left_out)
        bluffs = [
            (q, said) for q in questions if (said := answer([library, *others], q["question"]))
        ]
        asked += len(questions)
        bluffed += len(bluffs)
        print(f"{left_out} left out: {len(questions)} questions, {len(bluffs)} answered (bluffs)")
        for q, said in bluffs if "--bluffs" in sys.argv else bluffs[:2]:
            print(f"  BLUFF {q['id']} {q['question']!r}: {said[:140]!r}")
    print(f"Cross-document: {asked} questions asked without their document, {bluffed} bluffs")
    name = "product_answers_cross_document_bluffs" + ("_newer" if sets is not SETS else "")
    print(f"RESULT {name} {bluffed} bluffs goal <= 0")
    return bluffed


if __name__ == "__main__":
    main()
