"""What a document itself calls a product ("The Stamford 500 is the top of the line",
"HLM is the top tier", "### Stamford 300 — the middle package"): a question asked by
that name ("how thick is the steel on the top of the line door") is read with the
product's own name, which the rows and sentences that answer it say. A question that
asks which product has that name ("which door is our best seller") is left as asked:
the sentence naming it answers that."""

from __future__ import annotations

import re
from typing import Any

_NAME = r"(?P<name>[A-Z][\w&-]*(?: [A-Z0-9][\w&-]*){0,3})"
_NICK = r"(?P<nick>(?:our|the) [a-z][a-z-]*(?: [a-z][a-z-]*){0,4}?)"
_SAYS = re.compile(
    rf"(?:^|(?<=[.!?] )|(?<=^The )|(?<=[.!?] The )){_NAME} is {_NICK}(?=[.,;:]| and | in | for |$)",
    re.M,
)
_HEADED = re.compile(rf"^#+ {_NAME} [—–-] {_NICK}\s*$", re.M)
_NOT_NAMES = frozenset({"It", "This", "That", "They", "These", "Each", "Every"})
_NOT_NICK = re.compile(r"\b(?:only|same|one|first|last|own|choice|fictional|national)\b")


def nicknames(passages: list[dict[str, Any]]) -> dict[str, str]:
    """Each name the passages give a product ("the top of the line") → the product."""
    out: dict[str, str] = {}
    for passage in passages:
        text = f"{passage.get('heading') or ''}\n{passage['text']}"
        for match in (*_HEADED.finditer(text), *_SAYS.finditer(text)):
            nick, name = match["nick"].lower(), re.sub(r"^The ", "", match["name"])
            if name not in _NOT_NAMES and not _NOT_NICK.search(nick) and len(nick.split()) >= 2:
                out.setdefault(nick, name)
    return out


def named(question: str, passages: list[dict[str, Any]]) -> tuple[str, bool]:
    """The question with a product asked by the document's name for it read with the
    product's own name, and whether it was; as asked (and True) when it asks which
    product has that name — then no other reading of the name applies either."""
    for nick, name in sorted(nicknames(passages).items(), key=lambda n: -len(n[0])):
        words = nick.split(" ", 1)[1]  # "the top of the line": "top of the line"
        found = re.search(rf"\b(?:the|our|your) {re.escape(words)}\b", question, re.I)
        if found is None:
            continue
        said = re.escape(found[0])
        if re.match(rf"^\W*(?:which\b[^?]*\b(?:is|are)|what(?:'s| is)) {said}\W*$", question, re.I):
            return question, True  # "which door is the top of the line": the sentence saying it
        return f"{question[: found.start()]}the {name}{question[found.end() :]}", True
    return question, False
