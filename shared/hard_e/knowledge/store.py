"""Each tenant's searchable knowledge: the shared library plus the tenant's documents.

A tenant's index is a list of *segments* (:class:`~hard_e.knowledge.index.KnowledgeIndex`
blobs, one per uploaded document until they are merged), searched together with the
shared library's segment, built in process. The list lives in the tenant's pointer item,
changed only by conditional writes on its version:

- adding a document writes its own segment blob first, then appends it to the list —
  a lost race costs a re-read of the pointer, not a rebuild, so any number of uploads
  can land at once and every one of them ends up in the index;
- when four segments of the same size class pile up they are merged into one
  (log-structured, as Lucene does), so a search reads a handful of segments, and
  adding the 200th document costs what adding the first did;
- removing a document drops its segment (or rewrites the merged one it is in).

Blobs are immutable and named by id; a replaced one is deleted after the pointer moved.
Warm processes keep loaded segments in memory by blob key.
"""

from __future__ import annotations

import json
import math
import random
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aws_lambda_powertools import Logger

from hard_e import keys
from hard_e.ids import new_id
from hard_e.knowledge.chunking import HEADING_SEPARATOR, Chunk
from hard_e.knowledge.index import Hit, KnowledgeIndex, search_all
from hard_e.knowledge.shared_library import library_chunks, library_version
from hard_e.storage import (
    BlobNotFoundError,
    Blobs,
    ConditionFailedError,
    MustNotExist,
    Table,
    VersionIs,
)

logger = Logger(child=True)
POINTER_SK = "INDEX"
CACHE_SIZE = 256  # segments kept loaded in a warm process
UPDATE_ATTEMPTS = 200  # conditional writes to the pointer before giving up
MERGE_FACTOR = 4  # this many segments of one size class become one


class IndexBusyError(ConditionFailedError):
    """The tenant's index kept changing under an update, even after many tries."""


def chunks_key(tenant_id: str, document_id: str) -> str:
    return f"T#{tenant_id}/chunks/{document_id}.json"


@dataclass(frozen=True)
class Segment:
    blob_key: str
    document_ids: tuple[str, ...]
    chunks: int

    @property
    def size_class(self) -> int:
        """0 for 1-3 documents, 1 for 4-15, 2 for 16-63, …"""
        return int(math.log(max(1, len(self.document_ids)), MERGE_FACTOR) + 1e-9)

    def as_item(self) -> dict[str, Any]:
        return {"key": self.blob_key, "docs": list(self.document_ids), "chunks": self.chunks}


@dataclass(frozen=True)
class Pointer:
    version: int
    segments: tuple[Segment, ...]

    @property
    def document_ids(self) -> tuple[str, ...]:
        return tuple(sorted(d for s in self.segments for d in s.document_ids))


class KnowledgeStore:
    def __init__(self, table: Table, blobs: Blobs, *, cache_size: int = CACHE_SIZE) -> None:
        self._table = table
        self._blobs = blobs
        self._cache: OrderedDict[str, KnowledgeIndex] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()
        self._shared: tuple[str, KnowledgeIndex] | None = None
        self._jitter = random.Random()  # noqa: S311 - contention jitter, not security

    # --- chunks of one document -------------------------------------------------------

    def save_chunks(self, tenant_id: str, document_id: str, chunks: list[Chunk]) -> None:
        payload = json.dumps([c.to_dict() for c in chunks]).encode("utf-8")
        self._blobs.put(
            chunks_key(tenant_id, document_id), payload, content_type="application/json"
        )

    def drop_chunks(self, tenant_id: str, document_id: str) -> None:
        self._blobs.delete(chunks_key(tenant_id, document_id))

    def _load_chunks(self, tenant_id: str, document_id: str) -> list[Chunk]:
        try:
            data = self._blobs.get(chunks_key(tenant_id, document_id))
        except BlobNotFoundError:
            return []
        return [Chunk.from_dict(d) for d in json.loads(data)]

    # --- the tenant's segment list ----------------------------------------------------

    def pointer(self, tenant_id: str) -> Pointer | None:
        item = self._table.get(keys.tenant_pk(tenant_id, "KNOWLEDGE"), POINTER_SK)
        if item is None:
            return None
        if "segments" not in item:  # an index written before segments: rebuilt on use
            return Pointer(version=item["version"], segments=())
        return Pointer(
            version=item["version"],
            segments=tuple(
                Segment(s["key"], tuple(s["docs"]), int(s["chunks"])) for s in item["segments"]
            ),
        )

    def add_document(self, tenant_id: str, document_id: str, chunks: list[Chunk]) -> Pointer:
        """Index one document: its own segment, appended to the tenant's list."""
        segment = self._write_segment(tenant_id, (document_id,), KnowledgeIndex.build(chunks))

        def append(segments: tuple[Segment, ...]) -> tuple[Segment, ...] | None:
            kept = tuple(s for s in segments if s.document_ids != (document_id,))
            return (*kept, segment)

        pointer = self._update(tenant_id, append, written=[segment])
        self._merge_if_due(tenant_id, pointer)
        return pointer

    def remove_document(self, tenant_id: str, document_id: str) -> None:
        """Take a document out of the index: drop its segment, or rewrite the merged
        segment it is part of from the other documents' chunks."""
        for _ in range(UPDATE_ATTEMPTS):
            current = self.pointer(tenant_id)
            if current is None:
                return
            holding = [s for s in current.segments if document_id in s.document_ids]
            if not holding:
                return
            rewritten = []
            for old in holding:
                others = tuple(d for d in old.document_ids if d != document_id)
                if others:
                    chunks = [c for d in others for c in self._load_chunks(tenant_id, d)]
                    rewritten.append(
                        (old, self._write_segment(tenant_id, others, KnowledgeIndex.build(chunks)))
                    )
            replacement = {old.blob_key: new for old, new in rewritten}
            segments = tuple(
                replacement.get(s.blob_key, s)
                for s in current.segments
                if document_id not in s.document_ids or s.blob_key in replacement
            )
            if self._swap(tenant_id, current, segments):
                self._forget_blobs(s.blob_key for s in holding)
                return
            self._forget_blobs(new.blob_key for _, new in rewritten)
        raise IndexBusyError("the knowledge index kept changing while a document was removed")

    def rebuild(self, tenant_id: str, document_ids: list[str]) -> Pointer:
        """Index these documents from their stored chunks, as one segment (a repair)."""
        wanted = tuple(sorted(set(document_ids)))
        chunks = [c for d in wanted for c in self._load_chunks(tenant_id, d)]
        segment = self._write_segment(tenant_id, wanted, KnowledgeIndex.build(chunks))
        return self._update(tenant_id, lambda _: (segment,) if wanted else (), written=[segment])

    def _write_segment(
        self, tenant_id: str, document_ids: tuple[str, ...], index: KnowledgeIndex
    ) -> Segment:
        blob_key = f"T#{tenant_id}/index/{new_id('idx')}.bm25"
        self._blobs.put(blob_key, index.to_bytes(), content_type="application/octet-stream")
        self._remember(blob_key, index)
        return Segment(blob_key, document_ids, len(index))

    def _update(
        self,
        tenant_id: str,
        change: Callable[[tuple[Segment, ...]], tuple[Segment, ...] | None],
        *,
        written: list[Segment],
    ) -> Pointer:
        """Apply ``change`` to the segment list with a conditional write, re-reading and
        re-applying it when another writer got there first."""
        for attempt in range(UPDATE_ATTEMPTS):
            current = self.pointer(tenant_id)
            before = current.segments if current else ()
            after = change(before)
            if after is None:
                return current or Pointer(0, ())
            if self._swap(tenant_id, current, after):
                replaced = {s.blob_key for s in before} - {s.blob_key for s in after}
                self._forget_blobs(replaced)
                return Pointer((current.version if current else 0) + 1, after)
            time.sleep(self._jitter.uniform(0, min(0.05, 0.002 * (attempt + 1))))
        self._forget_blobs(s.blob_key for s in written)
        raise IndexBusyError("the knowledge index kept changing; try again")

    def _swap(self, tenant_id: str, current: Pointer | None, segments: tuple[Segment, ...]) -> bool:
        item = {
            "pk": keys.tenant_pk(tenant_id, "KNOWLEDGE"),
            "sk": POINTER_SK,
            "version": (current.version if current else 0) + 1,
            "segments": [s.as_item() for s in segments],
            "document_ids": sorted(d for s in segments for d in s.document_ids),
            "chunk_count": sum(s.chunks for s in segments),
            "updated_at": self._table.now(),
        }
        try:
            self._table.put(
                item, condition=VersionIs(current.version) if current else MustNotExist()
            )
        except ConditionFailedError:
            return False
        return True

    def _merge_if_due(self, tenant_id: str, pointer: Pointer) -> None:
        """Merge the smallest size class that has MERGE_FACTOR segments (at most one
        merge per upload, so no single upload pays for a cascade)."""
        by_class: dict[int, list[Segment]] = {}
        for segment in pointer.segments:
            by_class.setdefault(segment.size_class, []).append(segment)
        due = next(
            (group for _, group in sorted(by_class.items()) if len(group) >= MERGE_FACTOR), None
        )
        if due is None:
            return
        group = due[:MERGE_FACTOR]
        try:
            parts = [self._segment(s) for s in group]
        except BlobNotFoundError:
            return  # someone else merged or removed them meanwhile
        merged = self._write_segment(
            tenant_id,
            tuple(d for s in group for d in s.document_ids),
            KnowledgeIndex.merge(parts),
        )
        sources = {s.blob_key for s in group}

        def replace_group(segments: tuple[Segment, ...]) -> tuple[Segment, ...] | None:
            if not sources <= {s.blob_key for s in segments}:
                return None  # the group changed: leave it to a later upload
            first = next(i for i, s in enumerate(segments) if s.blob_key in sources)
            rest = [s for s in segments if s.blob_key not in sources]
            return (*rest[:first], merged, *rest[first:])

        try:
            after = self._update(tenant_id, replace_group, written=[merged])
        except IndexBusyError:
            return
        if merged not in after.segments:
            self._forget_blobs([merged.blob_key])

    # --- searching --------------------------------------------------------------------

    def search(self, tenant_id: str, query: str, k: int = 5) -> list[Hit]:
        for _ in range(3):
            pointer = self.pointer(tenant_id)
            if pointer is not None and not pointer.segments and pointer.version:
                pointer = self._rebuild_old(tenant_id)
            try:
                segments = [self._segment(s) for s in (pointer.segments if pointer else ())]
            except BlobNotFoundError:
                continue  # replaced between our two reads: read the pointer again
            return search_all([self._shared_index(), *segments], query, k)
        return search_all([self._shared_index()], query, k)

    def _rebuild_old(self, tenant_id: str) -> Pointer:
        item = self._table.get(keys.tenant_pk(tenant_id, "KNOWLEDGE"), POINTER_SK) or {}
        logger.info(
            "knowledge index from before segments: rebuilding", extra={"tenant_id": tenant_id}
        )
        rebuilt = self.rebuild(tenant_id, list(item.get("document_ids", [])))
        if item.get("blob_key"):
            self._blobs.delete(item["blob_key"])
        return rebuilt

    def _segment(self, segment: Segment) -> KnowledgeIndex:
        with self._lock:
            cached = self._cache.get(segment.blob_key)
            if cached is not None:
                self._cache.move_to_end(segment.blob_key)
                return cached
        try:
            index = KnowledgeIndex.from_bytes(self._blobs.get(segment.blob_key))
        except ValueError:  # damaged, or an older format: make it again from the chunks
            logger.warning("segment unreadable; rebuilding", extra={"key": segment.blob_key})
            return self._repair(segment)
        self._remember(segment.blob_key, index)
        return index

    def _repair(self, broken: Segment) -> KnowledgeIndex:
        """Rebuild a segment from its documents' chunks and put it in the broken one's place."""
        tenant_id = broken.blob_key.split("/", 1)[0].removeprefix("T#")
        chunks = [c for d in broken.document_ids for c in self._load_chunks(tenant_id, d)]
        index = KnowledgeIndex.build(chunks)
        fixed = self._write_segment(tenant_id, broken.document_ids, index)

        def swap(segments: tuple[Segment, ...]) -> tuple[Segment, ...] | None:
            if broken not in segments:
                return None
            return tuple(fixed if s == broken else s for s in segments)

        after = self._update(tenant_id, swap, written=[fixed])
        if fixed not in after.segments:
            self._forget_blobs([fixed.blob_key])
        return index

    def _remember(self, blob_key: str, index: KnowledgeIndex) -> None:
        with self._lock:
            self._cache[blob_key] = index
            self._cache.move_to_end(blob_key)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)

    def _forget_blobs(self, blob_keys: Any) -> None:
        for key in blob_keys:
            self._blobs.delete(key)
            with self._lock:
                self._cache.pop(key, None)

    def _shared_index(self) -> KnowledgeIndex:
        version = library_version()
        with self._lock:
            if self._shared is None or self._shared[0] != version:
                self._shared = (version, KnowledgeIndex.build(library_chunks()))
            return self._shared[1]


def hit_dict(hit: Hit) -> dict[str, Any]:
    c = hit.chunk
    heading = c.heading
    title = c.document + HEADING_SEPARATOR
    if heading == c.document:
        heading = ""
    elif heading.startswith(title):  # the document's own title opens every heading path
        heading = heading[len(title) :]
    return {
        "text": c.text,
        "document": c.document,
        "heading": heading,
        "page": c.page,
        "score": round(hit.score, 4),
        "chunk_id": c.chunk_id,
    }
