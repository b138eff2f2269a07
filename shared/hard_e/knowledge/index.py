"""BM25 search over chunks, many indexes searched as one, each saved as one blob.

An index holds *raw* term frequencies — for every term, the chunks it occurs in and how
often (sparse CSC arrays: data, indices, indptr) — and each chunk's length. BM25's
corpus statistics (document frequency, chunk count, average length) are summed over all
the indexes being searched at query time, so searching the shared library plus one small
index per uploaded document gives exactly the scores of one index over every chunk
(the Lucene variant bm25s uses; a test checks it against bm25s). That is what makes
ingestion incremental: a new document adds one small index; nothing is rebuilt.
Indexes merge cheaply (postings are concatenated, nothing is tokenised again).

Hand-written, on numpy, because bm25s (which the scores are checked against) stores
precomputed scores, which cannot be combined across indexes. Also hand-written:

- the tokeniser (``hard_e.text.search``, shared with the offline reader), tuned for
  product specs;
- deterministic top-k: score descending, then index order, then chunk order;
- the blob: magic ``HEKIDX`` + u16 format version, u32 header length, a JSON header
  (parameters, section lengths), then the raw little-endian arrays (data, indices,
  indptr, lengths), the vocabulary (terms joined by newlines), the chunks' row offsets
  and the chunks, one compact JSON array per row. Loading is ``np.frombuffer`` (no
  copies), the vocabulary dict and consistency checks; a chunk is decoded when it is
  first read (a search reads k of them), which keeps a 10,000-chunk load fast.
"""

from __future__ import annotations

import json
import math
import re
import struct
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import overload

import numpy as np
import numpy.typing as npt

from hard_e.knowledge.chunking import Chunk
from hard_e.knowledge.synonyms import phrase_words, term_equivalents
from hard_e.text.english import is_english
from hard_e.text.fuzzy import closest
from hard_e.text.search import tokenize

__all__ = ["FORMAT_VERSION", "Hit", "KnowledgeIndex", "expand_query", "search_all", "tokenize"]

# Bump when the tokeniser or the blob layout changes: older blobs then fail to load
# (ValueError), and `library_version()` (which folds this in) changes, so stored
# tenant indexes are rebuilt from their chunks. 2: lazy chunk rows, final tokeniser.
# 3: raw term frequencies and chunk lengths (indexes search together).
FORMAT_VERSION = 3
_MAGIC = b"HEKIDX"
_PREFIX = struct.Struct("<6sHI")  # magic, format version, header length
_PARTS = 7

K1 = 1.5
B = 0.75
MAX_QUERY_CHARS = 2000
EXPANSION = 0.4
"""What a document word for a word asked (``synonyms.txt``: "pitch" → "slope") weighs in
the search, against 1 for the words asked: it finds the passage that says it the
documents' way without outranking one that says it the rep's way."""

Floats = npt.NDArray[np.float32]
Ints = npt.NDArray[np.int32]
Offsets = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Hit:
    chunk: Chunk
    score: float


class KnowledgeIndex:
    """Chunks plus their term frequencies; build once, search alone or with others."""

    def __init__(
        self,
        chunks: Sequence[Chunk],
        vocab: dict[str, int],
        data: Floats,
        indices: Ints,
        indptr: Offsets,
        lengths: Floats,
    ) -> None:
        self.chunks: Sequence[Chunk] = chunks
        self._vocab = vocab
        self._data = data
        self._indices = indices
        self._indptr = indptr
        self._lengths = lengths

    def __len__(self) -> int:
        return len(self.chunks)

    @property
    def total_length(self) -> float:
        return float(self._lengths.sum(dtype=np.float64))

    def has(self, term: str) -> bool:
        return term in self._vocab

    def terms(self) -> Collection[str]:
        """Every term some chunk holds."""
        return self._vocab.keys()

    def postings(self, term: str) -> tuple[Ints, Floats]:
        """(chunk positions, frequencies) of one term; empty when it never occurs."""
        at = self._vocab.get(term)
        if at is None:
            return _NO_INTS, _NO_FLOATS
        start, end = self._indptr[at], self._indptr[at + 1]
        return self._indices[start:end], self._data[start:end]

    # --- building ----------------------------------------------------------------------

    @classmethod
    def build(cls, chunks: Sequence[Chunk]) -> KnowledgeIndex:
        chunks = list(chunks)
        corpus = [tokenize(_indexed_text(c)) for c in chunks]
        lengths = np.array([len(doc) for doc in corpus], dtype="<f4")
        vocab = {token: i for i, token in enumerate(sorted({t for doc in corpus for t in doc}))}
        if not vocab:
            return cls(chunks, {}, *_empty_matrix(), lengths)
        term_ids: list[int] = []
        chunk_ids: list[int] = []
        counts: list[int] = []
        for position, doc in enumerate(corpus):
            for term, count in Counter(doc).items():
                term_ids.append(vocab[term])
                chunk_ids.append(position)
                counts.append(count)
        return cls._from_postings(
            chunks,
            vocab,
            np.array(term_ids, dtype=np.int64),
            np.array(chunk_ids, dtype=np.int64),
            np.array(counts, dtype="<f4"),
            lengths,
        )

    @classmethod
    def merge(cls, indexes: Sequence[KnowledgeIndex]) -> KnowledgeIndex:
        """One index holding every chunk of ``indexes``, in order, without tokenising."""
        terms = sorted({t for index in indexes for t in index._vocab})
        vocab = {t: i for i, t in enumerate(terms)}
        term_ids, chunk_ids, counts, lengths = [], [], [], []
        offset = 0
        for index in indexes:
            if index._vocab:
                mapping = np.array(
                    [vocab[t] for t in sorted(index._vocab, key=index._vocab.__getitem__)],
                    dtype=np.int64,
                )
                term_ids.append(np.repeat(mapping, np.diff(index._indptr)))
                chunk_ids.append(index._indices.astype(np.int64) + offset)
                counts.append(index._data)
            lengths.append(index._lengths)
            offset += len(index)
        chunks = _Joined([index.chunks for index in indexes])
        all_lengths = np.concatenate(lengths) if lengths else np.zeros(0, dtype="<f4")
        if not vocab:
            return cls(chunks, {}, *_empty_matrix(), all_lengths.astype("<f4"))
        return cls._from_postings(
            chunks,
            vocab,
            np.concatenate(term_ids),
            np.concatenate(chunk_ids),
            np.concatenate(counts),
            all_lengths.astype("<f4"),
        )

    @classmethod
    def _from_postings(
        cls,
        chunks: Sequence[Chunk],
        vocab: dict[str, int],
        term_ids: npt.NDArray[np.int64],
        chunk_ids: npt.NDArray[np.int64],
        counts: Floats,
        lengths: Floats,
    ) -> KnowledgeIndex:
        order = np.lexsort((chunk_ids, term_ids))  # by term, then chunk: CSC
        indptr = np.zeros(len(vocab) + 1, dtype="<i8")
        np.cumsum(np.bincount(term_ids, minlength=len(vocab)), out=indptr[1:])
        return cls(
            chunks,
            vocab,
            np.ascontiguousarray(counts[order], dtype="<f4"),
            np.ascontiguousarray(chunk_ids[order], dtype="<i4"),
            indptr,
            np.ascontiguousarray(lengths, dtype="<f4"),
        )

    # --- searching ---------------------------------------------------------------------

    def search(self, query: str, k: int = 5) -> list[Hit]:
        """The k best chunks for the query, best first; [] when nothing matches."""
        return search_all([self], query, k)

    # --- the blob ----------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        rows = [_row_bytes(self.chunks, i) for i in range(len(self.chunks))]
        offsets = np.zeros(len(rows) + 1, dtype="<i8")
        np.cumsum([len(r) for r in rows], out=offsets[1:])
        parts = [
            self._data.tobytes(),
            self._indices.tobytes(),
            self._indptr.tobytes(),
            self._lengths.tobytes(),
            "\n".join(sorted(self._vocab, key=self._vocab.__getitem__)).encode("utf-8"),
            offsets.tobytes(),
            b"".join(rows),
        ]
        header = json.dumps(
            {
                "k1": K1,
                "b": B,
                "chunks": len(self.chunks),
                "terms": len(self._vocab),
                "lengths": [len(p) for p in parts],
            }
        ).encode("utf-8")
        return b"".join([_PREFIX.pack(_MAGIC, FORMAT_VERSION, len(header)), header, *parts])

    @classmethod
    def from_bytes(cls, data: bytes) -> KnowledgeIndex:
        """The index saved by `to_bytes`; ValueError for anything else. Chunks are
        decoded when first read, so loading costs the vocabulary and some checks."""
        try:
            return cls._parse(memoryview(data).cast("B"))
        except ValueError:
            raise
        except Exception as exc:
            raise ValueError("not a knowledge index") from exc

    @classmethod
    def _parse(cls, blob: memoryview) -> KnowledgeIndex:
        if len(blob) < _PREFIX.size or bytes(blob[:6]) != _MAGIC:
            raise ValueError("not a knowledge index")
        _, version, header_len = _PREFIX.unpack_from(blob)
        if version != FORMAT_VERSION:
            raise ValueError(
                f"knowledge index format {version} is not {FORMAT_VERSION}; rebuild it"
            )
        offset = _PREFIX.size
        header = json.loads(bytes(blob[offset : offset + header_len]))
        offset += header_len
        lengths = [int(n) for n in header["lengths"]]
        if len(lengths) != _PARTS or min(lengths) < 0 or offset + sum(lengths) != len(blob):
            raise ValueError("the knowledge index is truncated or damaged")
        parts = []
        for n in lengths:
            parts.append(blob[offset : offset + n])
            offset += n
        values = np.frombuffer(parts[0], dtype="<f4")
        indices = np.frombuffer(parts[1], dtype="<i4")
        indptr = np.frombuffer(parts[2], dtype="<i8")
        chunk_lengths = np.frombuffer(parts[3], dtype="<f4")
        terms = str(parts[4], "utf-8").split("\n") if lengths[4] else []
        offsets = np.frombuffer(parts[5], dtype="<i8")
        n_chunks, n_terms = int(header["chunks"]), int(header["terms"])
        damaged = (
            len(terms) != n_terms
            or len(indptr) != n_terms + 1
            or indptr[0] != 0
            or indptr[-1] != len(values)
            or len(indices) != len(values)
            or bool(np.any(np.diff(indptr) < 0))
            or (len(indices) > 0 and (int(indices.min()) < 0 or int(indices.max()) >= n_chunks))
            or len(chunk_lengths) != n_chunks
            or len(offsets) != n_chunks + 1
            or offsets[0] != 0
            or offsets[-1] != lengths[6]
            or bool(np.any(np.diff(offsets) <= 0))
        )
        if damaged:
            raise ValueError("the knowledge index is damaged")
        chunks = _StoredChunks(parts[6], offsets)
        vocab = {t: i for i, t in enumerate(terms)}
        return cls(chunks, vocab, values, indices, indptr, chunk_lengths)


def search_all(indexes: Sequence[KnowledgeIndex], query: str, k: int = 5) -> list[Hit]:
    """The k best chunks of all ``indexes`` together, scored as if they were one index
    (BM25 statistics summed over them); ties go to the earlier index, then chunk."""
    if not isinstance(query, str) or k <= 0 or not indexes:
        return []
    chunks = sum(len(index) for index in indexes)
    if not chunks:
        return []
    weights = expand_query(query)
    weights |= dict.fromkeys(typed_terms(indexes, query), 1.0)
    terms = list(weights)
    found = [[index.postings(term) for term in terms] for index in indexes]
    frequency = [sum(len(f[i][0]) for f in found) for i in range(len(terms))]
    if not any(frequency):
        return []
    average = sum(index.total_length for index in indexes) / chunks or 1.0
    idf = [
        weights[term] * math.log(1 + (chunks - df + 0.5) / (df + 0.5))
        for term, df in zip(terms, frequency, strict=True)
    ]
    scored: list[tuple[float, int, int]] = []
    for which, (index, postings) in enumerate(zip(indexes, found, strict=True)):
        scores = np.zeros(len(index), dtype=np.float32)
        norm = K1 * (1 - B + B * index._lengths / average)
        for (positions, counts), weight in zip(postings, idf, strict=True):
            if len(positions):
                scores[positions] += weight * counts / (counts + norm[positions])
        hits = np.flatnonzero(scores > 0)
        if len(hits) > k:  # keep the k best, plus anything tied with the k-th
            kth = np.partition(scores[hits], len(hits) - k)[len(hits) - k]
            hits = hits[scores[hits] >= kth]
        scored += [(float(scores[i]), which, int(i)) for i in hits]
    scored.sort(key=lambda s: (-s[0], s[1], s[2]))
    return [Hit(indexes[which].chunks[i], score) for score, which, i in scored[:k]]


def typed_terms(indexes: Sequence[KnowledgeIndex], query: str) -> list[str]:
    """The terms the documents say for the query's typos ("hialguard" → "hailguard",
    "minmum" → "minimum"): a word no dictionary lists and no index holds is most often a
    quick rep's misspelling of a word the documents use, which BM25 otherwise never finds."""
    out: list[str] = []
    for word in _TYPED.findall(query[:MAX_QUERY_CHARS].lower()):
        terms = tokenize(word)
        if is_english(word) or any(index.has(t) for t in terms for index in indexes):
            continue
        for term in terms:  # never a shorter word: "hardie" is a name, not "hard"
            near = (closest(term, index.terms()) for index in indexes)
            out += [t for t in near if t is not None and len(t) >= len(term)][:1]
    return out


_TYPED = re.compile(r"[a-z]{5,}")


def expand_query(query: str) -> dict[str, float]:
    """The query's search terms (weight 1) and the documents' words for them
    (weight `EXPANSION`), in the order asked."""
    said = tokenize(query[:MAX_QUERY_CHARS])
    asked = list(dict.fromkeys(said))
    weights = dict.fromkeys(asked, 1.0)
    others = term_equivalents(said)
    for term in asked:
        for other in sorted(phrase_words(others[term], set(asked))):
            weights.setdefault(other, EXPANSION)
    return weights


class _LazyChunks(Sequence[Chunk]):
    """A read-only chunk sequence whose items are made on access (slices included)."""

    @overload
    def __getitem__(self, i: int) -> Chunk: ...
    @overload
    def __getitem__(self, i: slice) -> list[Chunk]: ...
    def __getitem__(self, i: int | slice) -> Chunk | list[Chunk]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._item(i)

    def _item(self, i: int) -> Chunk:
        raise NotImplementedError


class _StoredChunks(_LazyChunks):
    """The chunks of a loaded blob, each decoded from its JSON row on first access."""

    def __init__(self, rows: memoryview, offsets: Offsets) -> None:
        self._rows = rows
        self._offsets = offsets.tolist()
        self._decoded: dict[int, Chunk] = {}

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def row(self, i: int) -> bytes:
        """Chunk ``i`` as stored, undecoded (merging copies rows as they are)."""
        return bytes(self._rows[self._offsets[i] : self._offsets[i + 1]])

    def _item(self, i: int) -> Chunk:
        chunk = self._decoded.get(i)
        if chunk is None:
            try:
                chunk_id, document_id, document, heading, page, text = json.loads(self.row(i))
            except ValueError as exc:
                raise ValueError("the knowledge index is damaged") from exc
            page = page if isinstance(page, int) else None
            chunk = Chunk(
                str(chunk_id), str(document_id), str(document), str(heading), page, str(text)
            )
            self._decoded[i] = chunk
        return chunk


class _Joined(_LazyChunks):
    """Several indexes' chunks end to end, read (and copied) without decoding."""

    def __init__(self, parts: list[Sequence[Chunk]]) -> None:
        self._parts = parts
        self._starts = np.cumsum([0, *(len(p) for p in parts)]).tolist()

    def __len__(self) -> int:
        return int(self._starts[-1])

    def locate(self, i: int) -> tuple[Sequence[Chunk], int]:
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        part = int(np.searchsorted(self._starts, i, side="right")) - 1
        return self._parts[part], i - int(self._starts[part])

    def _item(self, i: int) -> Chunk:
        part, j = self.locate(i)
        return part[j]


def _row_bytes(chunks: Sequence[Chunk], i: int) -> bytes:
    if isinstance(chunks, _StoredChunks):
        return chunks.row(i)
    if isinstance(chunks, _Joined):
        part, j = chunks.locate(i)
        return _row_bytes(part, j)
    c = chunks[i]
    row = [c.chunk_id, c.document_id, c.document, c.heading, c.page, c.text]
    return json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


_NO_INTS: Ints = np.zeros(0, dtype="<i4")
_NO_FLOATS: Floats = np.zeros(0, dtype="<f4")


def _empty_matrix() -> tuple[Floats, Ints, Offsets]:
    return np.zeros(0, dtype="<f4"), np.zeros(0, dtype="<i4"), np.zeros(1, dtype="<i8")


def _indexed_text(chunk: Chunk) -> str:
    """What a chunk is found by: its text, its heading path counted twice (headings are
    short and say what the text is about; doubling them lifted MRR@10 on the library
    eval from 0.84 to 0.89), and the document's name when the heading doesn't already
    start with it (uploads named "StoneLap spec sheet.pdf")."""
    name = (
        PurePath(chunk.document).stem
        if PurePath(chunk.document).suffix in _SUFFIXES
        else chunk.document
    )
    if chunk.heading.startswith(name):
        name = ""
    return "\n".join((name, chunk.heading, chunk.heading, chunk.text))


_SUFFIXES = frozenset({".txt", ".md", ".pdf", ".docx"})
