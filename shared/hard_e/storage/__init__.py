"""Storage ports (`Table`, `Blobs`) and their adapters."""

from hard_e.storage.blobs import BlobInfo, Blobs, PresignedUpload
from hard_e.storage.exceptions import (
    BlobNotFoundError,
    CeilingReachedError,
    ConditionFailedError,
    InvalidCursorError,
    StorageError,
    UploadRejectedError,
)
from hard_e.storage.table import (
    GSI1,
    Condition,
    Item,
    MustExist,
    MustNotExist,
    Page,
    Table,
    VersionIs,
)

__all__ = [
    "GSI1",
    "BlobInfo",
    "BlobNotFoundError",
    "Blobs",
    "CeilingReachedError",
    "Condition",
    "ConditionFailedError",
    "InvalidCursorError",
    "Item",
    "MustExist",
    "MustNotExist",
    "Page",
    "PresignedUpload",
    "StorageError",
    "Table",
    "UploadRejectedError",
    "VersionIs",
]
