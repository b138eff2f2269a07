"""Cutting an extracted document into retrieval-sized chunks that keep their heading
path and page for citations.

Rules: a chunk never spans two heading paths; short sections merge only with the text
that follows under the same heading (consecutive PDF pages share one); a long section
is cut at paragraph breaks, else at sentence ends (or line ends, for lists), else
between words — never inside a word unless one "word" alone exceeds the target — and
each cut repeats about ``overlap_chars`` of whole sentences from the end of the
previous chunk. A section that needs n chunks is cut into n chunks of similar size,
not n - 1 full ones and a scrap. Chunk text never exceeds ``target_chars``.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass
from itertools import groupby
from typing import Any

from hard_e.knowledge.extract import ExtractedDocument, Section

__all__ = ["HEADING_SEPARATOR", "Chunk", "chunk_document"]

HEADING_SEPARATOR = " › "


@dataclass(frozen=True)
class Chunk:
    """One searchable passage and where it came from."""

    chunk_id: str  # f"{document_id}:{n:04d}"
    document_id: str
    document: str  # display name: the file name or the document's title
    heading: str  # the heading path joined with " › ", "" when there is none
    page: int | None  # where the chunk starts (PDFs), else None
    text: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Chunk:
        page = d.get("page")
        return cls(
            chunk_id=str(d["chunk_id"]),
            document_id=str(d["document_id"]),
            document=str(d["document"]),
            heading=str(d.get("heading") or ""),
            page=int(page) if page is not None else None,
            text=str(d["text"]),
        )


@dataclass(frozen=True)
class _Piece:
    """An uncuttable run of text, with the whitespace that separated it from the one
    before it in the source ("\\n\\n" between paragraphs)."""

    text: str
    sep: str
    page: int | None
    sentence_end: bool  # the piece ends a sentence/line, so overlap may start after it


def chunk_document(
    doc: ExtractedDocument,
    *,
    document_id: str,
    document_name: str,
    target_chars: int = 1500,
    overlap_chars: int = 200,
) -> list[Chunk]:
    """The document's chunks in reading order, numbered from 0; deterministic."""
    if target_chars < 50:
        raise ValueError("target_chars must be at least 50")
    overlap_chars = max(0, min(overlap_chars, target_chars // 3))
    chunks: list[Chunk] = []
    for path, group in groupby(doc.sections, key=lambda s: s.heading_path):
        heading = HEADING_SEPARATOR.join(path)
        for text, page in _pack(_pieces(list(group), target_chars), target_chars, overlap_chars):
            chunks.append(
                Chunk(
                    chunk_id=f"{document_id}:{len(chunks):04d}",
                    document_id=document_id,
                    document=document_name,
                    heading=heading,
                    page=page,
                    text=text,
                )
            )
    return chunks


_PARAGRAPHS = re.compile(r"\n[ \t]*\n\s*")
# Whitespace after ., ! or ? (or after one of them and a closing quote or bracket), or
# any line break: list items and table rows end there too.
_SENTENCE_GAP = re.compile(r"(?<=[.!?…])\s+|(?<=[.!?…][\"'”’)\]])\s+|[ \t]*\n\s*")
_WORD_GAP = re.compile(r"\s+")


def _pieces(sections: list[Section], target: int) -> list[_Piece]:
    """The sections' text as sentences (or list lines), each remembering whether it
    opens a paragraph; a sentence longer than a quarter of the target becomes runs of
    words, so even unpunctuated text packs evenly."""
    pieces: list[_Piece] = []
    run = max(50, target // 4)
    for section in sections:
        for paragraph in _PARAGRAPHS.split(section.text.strip()):
            sep = _PARAGRAPH_BREAK
            for sentence, gap in _split_keep(paragraph.strip(), _SENTENCE_GAP):
                if len(sentence) <= run:
                    pieces.append(_Piece(sentence, sep, section.page, True))
                else:
                    pieces.extend(_word_runs(sentence, sep, section.page, run, target))
                sep = gap
    return pieces


_PARAGRAPH_BREAK = "\n\n"


def _split_keep(text: str, pattern: re.Pattern[str]) -> list[tuple[str, str]]:
    """(part, whitespace that followed it) pairs; the parts are never empty."""
    out: list[tuple[str, str]] = []
    start = 0
    for match in pattern.finditer(text):
        if match.start() > start:
            out.append((text[start : match.start()], match.group(0)))
        start = match.end()
    if start < len(text):
        out.append((text[start:], " "))
    return out


def _word_runs(sentence: str, sep: str, page: int | None, run: int, target: int) -> list[_Piece]:
    """A long sentence as runs of whole words of about `run` characters; a single
    word longer than the whole target is the one thing that gets cut."""
    runs: list[_Piece] = []
    current = ""
    for word in _WORD_GAP.split(sentence.strip()):
        while len(word) > target:
            if current:
                runs.append(_Piece(current, sep, page, False))
                sep, current = " ", ""
            runs.append(_Piece(word[:target], sep, page, False))
            sep, word = "", word[target:]
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= run or not current:
            current = candidate
        else:
            runs.append(_Piece(current, sep, page, False))
            sep, current = " ", word
    if current:
        runs.append(_Piece(current, sep, page, True))
    return runs


def _pack(pieces: list[_Piece], target: int, overlap: int) -> list[tuple[str, int | None]]:
    """Pieces packed into chunks of at most `target` characters, balanced so the last
    chunk isn't a scrap, cut at a paragraph break when one falls late enough in the
    chunk, else after a sentence; each later chunk opens with the previous one's
    trailing whole sentences (up to `overlap` characters)."""
    if not pieces:
        return []
    total = _length(pieces)
    if total <= target:
        return [(_join(pieces), pieces[0].page)]
    parts = math.ceil(total / (target - overlap))
    limit = min(target, math.ceil(total / parts) + overlap)
    chunks: list[list[_Piece]] = []
    current: list[_Piece] = []
    repeated = 0  # leading pieces of `current` repeated from the previous chunk
    for piece in pieces:
        if len(current) > repeated and _length([*current, piece]) > limit:
            cut = _paragraph_cut(current, repeated, piece, limit)
            chunks.append(current[:cut])
            tail = _tail(current[:cut], overlap)
            current, repeated = [*tail, *current[cut:]], len(tail)
            while repeated and _length([*current, piece]) > target:
                current, repeated = current[1:], repeated - 1
        current.append(piece)
    if len(current) > repeated:
        chunks.append(current)
    return [(_join(chunk), chunk[0].page) for chunk in chunks]


def _paragraph_cut(current: list[_Piece], repeated: int, piece: _Piece, limit: int) -> int:
    """Where to end the chunk: at the last paragraph break that leaves it at least 60 %
    full (the sentences after it move on with `piece`), else after the last piece."""
    for j in range(len(current) - 1, repeated, -1):
        if current[j].sep != _PARAGRAPH_BREAK:
            continue
        if _length(current[:j]) < 0.6 * limit:
            break
        if _length([*current[j:], piece]) <= limit:
            return j
    return len(current)


def _tail(pieces: list[_Piece], overlap: int) -> list[_Piece]:
    """The longest run of whole trailing sentences within `overlap` characters."""
    tail: list[_Piece] = []
    for i in range(len(pieces) - 1, 0, -1):
        candidate = pieces[i:]
        if _length(candidate) > overlap:
            break
        if pieces[i - 1].sentence_end:  # starts at a sentence boundary
            tail = candidate
    return tail


def _length(pieces: list[_Piece]) -> int:
    return sum(len(p.text) + len(p.sep) for p in pieces) - len(pieces[0].sep) if pieces else 0


def _join(pieces: list[_Piece]) -> str:
    if not pieces:
        return ""
    return pieces[0].text + "".join(p.sep + p.text for p in pieces[1:])
