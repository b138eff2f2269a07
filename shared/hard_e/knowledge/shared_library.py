"""The industry library every tenant searches: the Markdown files shipped in
``knowledge/library/``, extracted and chunked once per process.

`library_version` is a short hash of those files (and of how they are chunked), so a
tenant's stored index can tell that it was built from an older library.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from pathlib import Path

from hard_e.knowledge.chunking import Chunk, chunk_document
from hard_e.knowledge.extract import UnreadableDocumentError, extract
from hard_e.knowledge.index import FORMAT_VERSION

__all__ = ["LIBRARY_DIR", "library_chunks", "library_version"]

LIBRARY_DIR = Path(__file__).resolve().parent / "library"
DOCUMENT_ID_PREFIX = "lib-"
# Part of the version: chunking or tokenising differently means "rebuild" too.
_PIPELINE = f"chunks-1/index-{FORMAT_VERSION}"

logger = logging.getLogger(__name__)

_lock = threading.Lock()
# directory → (file signature, version); version → chunks
_versions: dict[Path, tuple[tuple[tuple[str, int, int], ...], str]] = {}
_chunks: dict[tuple[Path, str], list[Chunk]] = {}


def library_version() -> str:
    """A 12-hex-digit hash of the library's files; changes whenever one does."""
    directory = LIBRARY_DIR
    signature = _signature(directory)
    with _lock:
        cached = _versions.get(directory)
        if cached and cached[0] == signature:
            return cached[1]
    digest = hashlib.sha256(_PIPELINE.encode())
    for path in _files(directory):
        digest.update(path.name.encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    version = digest.hexdigest()[:12]
    with _lock:
        _versions[directory] = (signature, version)
    return version


def library_chunks() -> list[Chunk]:
    """Every library document's chunks, in file-name order; ``document_id`` is
    "lib-" + the file stem and ``document`` the document's title."""
    directory = LIBRARY_DIR
    key = (directory, library_version())
    with _lock:
        cached = _chunks.get(key)
    if cached is None:
        cached = _load(directory)
        with _lock:
            _chunks.clear()  # keep one library per process, not every version seen
            _chunks[key] = cached
    return list(cached)


def _load(directory: Path) -> list[Chunk]:
    chunks: list[Chunk] = []
    for path in _files(directory):
        try:
            doc = extract(path.name, path.read_bytes())
        except (UnreadableDocumentError, OSError) as exc:
            logger.warning("library document skipped: %s (%s)", path.name, exc)
            continue
        chunks.extend(
            chunk_document(doc, document_id=DOCUMENT_ID_PREFIX + path.stem, document_name=doc.title)
        )
    return chunks


def _files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.glob("*.md") if p.is_file())


def _signature(directory: Path) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and modification times: cheap to read on every call."""
    out = []
    for path in _files(directory):
        try:
            st = path.stat()
        except OSError:
            continue
        out.append((path.name, st.st_size, st.st_mtime_ns))
    return tuple(out)
