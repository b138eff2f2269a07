"""Errors raised by every storage adapter, so callers never see a backend's own errors."""

from __future__ import annotations


class StorageError(Exception):
    """Base class for storage errors."""


class ConditionFailedError(StorageError):
    """A conditional write was refused: the item exists, is missing, or its version moved on."""


class CeilingReachedError(StorageError):
    """An atomic increment would have taken a counter past its ceiling; nothing changed."""


class BlobNotFoundError(StorageError):
    """No blob is stored under that key."""


class InvalidCursorError(StorageError):
    """A pagination cursor was not produced by this adapter for this query."""


class UploadRejectedError(StorageError):
    """A direct upload failed its checks; ``status`` is the HTTP status to answer with.

    403: bad or expired signature; 413: body too large; 400: wrong content type or empty.
    """

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status
