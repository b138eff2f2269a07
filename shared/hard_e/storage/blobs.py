"""The `Blobs` port: object storage for documents. Adapters: :mod:`.s3`, :mod:`.local`."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field


@dataclass(frozen=True)
class BlobInfo:
    key: str
    size: int
    last_modified: float  # epoch seconds


@dataclass(frozen=True)
class PresignedUpload:
    """What a browser needs to upload one file straight to storage.

    ``method`` is "POST" (multipart form: send ``fields`` then the file as ``file``)
    or "PUT" (raw body with ``headers``).
    """

    url: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    expires_at: int = 0


class Blobs(ABC):
    """Port for the documents bucket. Keys are tenant-first: ``T#<tenant>/...``."""

    @abstractmethod
    def put(self, key: str, data: bytes, *, content_type: str = "application/octet-stream") -> None:
        """Store ``data`` under ``key``, replacing what was there."""

    @abstractmethod
    def get(self, key: str) -> bytes:
        """The bytes under ``key``; raises BlobNotFoundError."""

    @abstractmethod
    def delete(self, key: str) -> None:
        """Remove ``key``; no error when absent."""

    @abstractmethod
    def list(self, prefix: str = "") -> list[BlobInfo]:
        """Every blob whose key starts with ``prefix``, sorted by key."""

    @abstractmethod
    def presigned_upload(
        self, key: str, *, content_type: str, max_bytes: int, expires_in: int = 900
    ) -> PresignedUpload:
        """A time-limited upload for exactly ``key``, refusing bodies over ``max_bytes``."""

    @abstractmethod
    def presigned_download(
        self, key: str, *, filename: str, content_type: str, expires_in: int = 900
    ) -> str:
        """A time-limited link that downloads exactly ``key`` as the file ``filename``
        (what a response too large for the API is handed out as)."""
