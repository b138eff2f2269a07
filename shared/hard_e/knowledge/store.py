"""Each tenant's searchable index: the shared library plus the tenant's own documents.

The index is one versioned blob per tenant. A rebuild writes a new blob, then moves the
tenant's pointer to it with a conditional write — a failed or lost rebuild leaves the
previous index serving. Warm processes keep recently used indexes in memory and reload
only when the pointer's version moves.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from aws_lambda_powertools import Logger

from hard_e import keys
from hard_e.ids import new_id
from hard_e.knowledge.chunking import HEADING_SEPARATOR, Chunk
from hard_e.knowledge.index import Hit, KnowledgeIndex
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
CACHE_SIZE = 32
REBUILD_ATTEMPTS = 5


def chunks_key(tenant_id: str, document_id: str) -> str:
    return f"T#{tenant_id}/chunks/{document_id}.json"


@dataclass(frozen=True)
class Pointer:
    version: int
    blob_key: str
    library_version: str
    document_ids: tuple[str, ...]


class KnowledgeStore:
    def __init__(self, table: Table, blobs: Blobs, *, cache_size: int = CACHE_SIZE) -> None:
        self._table = table
        self._blobs = blobs
        self._cache: OrderedDict[str, tuple[str, KnowledgeIndex]] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()
        self._shared: tuple[str, KnowledgeIndex] | None = None

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

    # --- the tenant's index -----------------------------------------------------------

    def pointer(self, tenant_id: str) -> Pointer | None:
        item = self._table.get(keys.tenant_pk(tenant_id, "KNOWLEDGE"), POINTER_SK)
        if item is None:
            return None
        return Pointer(
            version=item["version"],
            blob_key=item["blob_key"],
            library_version=item["library_version"],
            document_ids=tuple(item["document_ids"]),
        )

    def rebuild(self, tenant_id: str, document_ids: list[str]) -> Pointer:
        """Index the shared library plus these documents, and make it the tenant's index."""
        for _ in range(REBUILD_ATTEMPTS):
            current = self.pointer(tenant_id)
            chunks = list(library_chunks())
            for document_id in sorted(set(document_ids)):
                chunks.extend(self._load_chunks(tenant_id, document_id))
            index = KnowledgeIndex.build(chunks)
            blob_key = f"T#{tenant_id}/index/{new_id('idx')}.bm25"
            self._blobs.put(blob_key, index.to_bytes(), content_type="application/octet-stream")
            version = (current.version if current else 0) + 1
            item = {
                "pk": keys.tenant_pk(tenant_id, "KNOWLEDGE"),
                "sk": POINTER_SK,
                "version": version,
                "blob_key": blob_key,
                "library_version": library_version(),
                "document_ids": sorted(set(document_ids)),
                "chunk_count": len(index),
                "built_at": self._table.now(),
            }
            try:
                condition = VersionIs(current.version) if current else MustNotExist()
                self._table.put(item, condition=condition)
            except ConditionFailedError:
                self._blobs.delete(blob_key)  # someone else rebuilt first; try again
                continue
            if current is not None:
                self._blobs.delete(current.blob_key)
            with self._lock:
                self._cache[tenant_id] = (blob_key, index)
            return Pointer(version, blob_key, library_version(), tuple(sorted(set(document_ids))))
        raise ConditionFailedError("the knowledge index kept changing underneath a rebuild")

    def search(self, tenant_id: str, query: str, k: int = 5) -> list[Hit]:
        hits: list[Hit] = self.index_for(tenant_id).search(query, k)
        return hits

    def index_for(self, tenant_id: str) -> KnowledgeIndex:
        pointer = self.pointer(tenant_id)
        if pointer is None:
            return self._shared_index()
        if pointer.library_version != library_version():  # the shared library was updated
            pointer = self.rebuild(tenant_id, list(pointer.document_ids))
        with self._lock:
            cached = self._cache.get(tenant_id)
            if cached is not None and cached[0] == pointer.blob_key:
                self._cache.move_to_end(tenant_id)
                return cached[1]
        try:
            index = KnowledgeIndex.from_bytes(self._blobs.get(pointer.blob_key))
        except BlobNotFoundError:  # replaced between our two reads: read the pointer again
            return self.index_for(tenant_id)
        except ValueError:  # damaged, or written by an older format: rebuild from the chunks
            logger.warning("knowledge index unreadable; rebuilding", extra={"tenant_id": tenant_id})
            self.rebuild(tenant_id, list(pointer.document_ids))
            return self.index_for(tenant_id)
        with self._lock:
            self._cache[tenant_id] = (pointer.blob_key, index)
            self._cache.move_to_end(tenant_id)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return index

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
