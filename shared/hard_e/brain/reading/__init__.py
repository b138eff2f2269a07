"""Answering a product question without a language model — or admitting it can't.

The passages come ranked by BM25. Each one that is about what was asked (its key terms
covered, any figure asked about present, no product the documents never name) is cut
into sentences, list items and table rows, and every one of those is scored: how much
of the question's weighted key terms it says (rare words weigh more than the words the
passages all share; the heading counts a little), whether it holds the kind of figure
asked for ("how long" → a duration or a length, "how heavy" → lb, "how much does it
cost" → a price), and a little for BM25's order. The best one is read out with the
condition that follows it ("If…", "Only…") — never a document's introduction. A price
asked for that no sentence states, or a sentence that says too little of the
question, is no answer: the brain then says the documents don't cover it.

One job per module, in the order they build on each other: ``words`` (the reader's word
lists), ``figures`` (how a figure is written), ``question`` (its key terms, the figure
kind and attribute asked), ``thing`` (which thing it asks about), ``passages`` (units read
out, a passage's topic, its citation), ``spelling`` (typos and names as the documents
spell them), ``wording`` (the words that say a term), ``products`` (names the passages
give), ``coverage`` (is a passage about the question), ``weights`` (what each term
weighs), ``tables`` (a column or row asked), ``places`` (a tier asked by its place:
"the middle package"), ``fits`` (is a sentence about the thing
asked), ``scoring`` (a unit's score), ``candidates`` (every sentence that could answer)
and ``answer`` (what is read out).
"""

from hard_e.brain.reading.answer import extractive_answer

__all__ = ["extractive_answer"]
