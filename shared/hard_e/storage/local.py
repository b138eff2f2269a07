"""`Blobs` in a local folder: the local adapter, with signed direct uploads like S3's.

Keys map to paths one segment at a time: each ``/``-separated segment is
percent-encoded, and folders get a trailing ``#`` (which encoding never produces) so
``a`` and ``a/b`` can both exist, as in S3. Keys with empty, ``.`` or ``..`` segments
are refused, so no key can reach outside the root.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import tempfile
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from urllib.parse import quote, unquote, urlencode

from hard_e.storage.blobs import BlobInfo, Blobs, PresignedUpload
from hard_e.storage.exceptions import BlobNotFoundError, UploadRejectedError
from hard_e.storage.table import Clock

UPLOAD_PATH = "/_uploads/"  # presigned URLs are ``{base_url}/_uploads/<quoted key>?...``
DOWNLOAD_PATH = "/_downloads/"  # and downloads ``{base_url}/_downloads/<quoted key>?...``
_FOLDER_MARK = "#"
_TEMP_PREFIX = "#tmp-"
_MAX_NAME_BYTES = 255


class LocalFolderBlobs(Blobs):
    """Blobs as files under ``root``; uploads go through the local server to `accept_upload`.

    Upload URLs are ``{base_url}/_uploads/<quoted key>?expires=&max=&ct=&sig=``, where
    ``sig`` is HMAC-SHA256 over ``key|expires|max|ct`` (key and ct percent-encoded).
    Content types are not kept: the port never hands them back.
    """

    def __init__(
        self,
        root: str | Path,
        *,
        base_url: str,
        signing_key: bytes,
        clock: Clock | None = None,
    ) -> None:
        if not signing_key:
            raise ValueError("signing_key must not be empty")
        self._root = Path(root).resolve()
        self._root.mkdir(mode=0o700, parents=True, exist_ok=True)
        self._base_url = base_url.rstrip("/")
        self._signing_key = signing_key
        self._clock: Clock = clock or time.time

    def put(self, key: str, data: bytes, *, content_type: str = "application/octet-stream") -> None:
        path = self._path(key)
        self._folders(path.parent)
        # Readers see the old bytes or the new ones, never half a file; mkstemp makes the
        # file owner-only (0600), like every other local data file.
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=_TEMP_PREFIX)
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(data)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise

    def _folders(self, folder: Path) -> None:
        """Create the folders down to ``folder``, each owner-only (``mkdir(parents=True)``
        would give the intermediate ones the default mode)."""
        current = self._root
        for name in folder.relative_to(self._root).parts:
            current = current / name
            current.mkdir(mode=0o700, exist_ok=True)

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise BlobNotFoundError(f"no blob under {key!r}") from None

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def list(self, prefix: str = "") -> list[BlobInfo]:
        # Start from the deepest folder the prefix names in full, not from the root.
        folder, start = self._root, ""
        if "/" in prefix:
            head = prefix.rsplit("/", 1)[0]
            try:
                folder = self._root.joinpath(*(name + _FOLDER_MARK for name in _names(head)))
            except ValueError:
                return []  # no valid key has an empty, "." or ".." segment
            start = head + "/"
        blobs = [
            BlobInfo(key=key, size=stat.st_size, last_modified=stat.st_mtime)
            for key, stat in _walk(folder, start)
            if key.startswith(prefix)
        ]
        return sorted(blobs, key=lambda blob: blob.key)

    def presigned_upload(
        self, key: str, *, content_type: str, max_bytes: int, expires_in: int = 900
    ) -> PresignedUpload:
        self._path(key)  # refuse unsafe keys now, not when the browser uploads
        if max_bytes < 1:
            raise ValueError("max_bytes must be at least 1")
        expires = int(self._clock()) + expires_in
        params = {"expires": str(expires), "max": str(max_bytes), "ct": content_type}
        params["sig"] = self._signature(key, expires, max_bytes, content_type)
        return PresignedUpload(
            url=f"{self._base_url}{UPLOAD_PATH}{quote(key, safe='')}?{urlencode(params)}",
            method="PUT",
            headers={"Content-Type": content_type},
            expires_at=expires,
        )

    def accept_upload(
        self, key: str, params: Mapping[str, str], body: bytes, content_type: str
    ) -> None:
        """Store an upload made with a `presigned_upload` URL, after checking everything it signs.

        ``params`` is the URL's query string; raises UploadRejectedError with the status
        to answer (403 signature or expiry, 413 too large, 400 wrong type or empty).
        """
        try:
            expires, max_bytes = int(params["expires"]), int(params["max"])
            signed_type, signature = params["ct"], params["sig"]
        except (KeyError, ValueError):
            raise UploadRejectedError("upload link is incomplete", 403) from None
        expected = self._signature(key, expires, max_bytes, signed_type)
        if not hmac.compare_digest(expected.encode(), signature.encode()):
            raise UploadRejectedError("upload link signature is invalid", 403)
        if self._clock() > expires:
            raise UploadRejectedError("upload link has expired", 403)
        if len(body) > max_bytes:
            raise UploadRejectedError(f"upload is larger than {max_bytes} bytes", 413)
        if content_type != signed_type:
            raise UploadRejectedError(f"upload must be sent as {signed_type}", 400)
        if not body:
            raise UploadRejectedError("upload is empty", 400)
        self.put(key, body, content_type=signed_type)

    def presigned_download(
        self, key: str, *, filename: str, content_type: str, expires_in: int = 900
    ) -> str:
        self._path(key)
        expires = int(self._clock()) + expires_in
        name = "".join(ch for ch in filename if ch.isalnum() or ch in "._-") or "download"
        params = {"expires": str(expires), "fn": name, "ct": content_type}
        params["sig"] = self._signature(key, expires, 0, f"{content_type}|{name}")
        return f"{self._base_url}{DOWNLOAD_PATH}{quote(key, safe='')}?{urlencode(params)}"

    def open_download(self, key: str, params: Mapping[str, str]) -> tuple[bytes, str, str]:
        """The bytes, content type and file name of a `presigned_download` link, after
        checking its signature and expiry (UploadRejectedError 403 otherwise)."""
        try:
            expires, name, content_type = int(params["expires"]), params["fn"], params["ct"]
            signature = params["sig"]
        except (KeyError, ValueError):
            raise UploadRejectedError("download link is incomplete", 403) from None
        expected = self._signature(key, expires, 0, f"{content_type}|{name}")
        if not hmac.compare_digest(expected.encode(), signature.encode()):
            raise UploadRejectedError("download link signature is invalid", 403)
        if self._clock() > expires:
            raise UploadRejectedError("download link has expired", 403)
        return self.get(key), content_type, name

    def _signature(self, key: str, expires: int, max_bytes: int, content_type: str) -> str:
        # Key and type are encoded so no field can contain the "|" between them.
        message = f"{quote(key, safe='')}|{expires}|{max_bytes}|{quote(content_type, safe='')}"
        return hmac.new(self._signing_key, message.encode(), hashlib.sha256).hexdigest()

    def _path(self, key: str) -> Path:
        """The file for ``key``; ValueError for keys that are not safe relative paths."""
        names = _names(key)
        path = self._root.joinpath(*(name + _FOLDER_MARK for name in names[:-1]), names[-1])
        if not path.is_relative_to(self._root):  # defence in depth; encoding already prevents it
            raise ValueError(f"unsafe blob key {key!r}")
        return path


def _names(key: str) -> list[str]:
    """The encoded file name of each segment of ``key``; ValueError when a segment is unsafe."""
    if not isinstance(key, str) or not key:
        raise ValueError("a blob key must be a non-empty string")
    segments = key.split("/")
    if any(segment in ("", ".", "..") for segment in segments):
        raise ValueError(f"unsafe blob key {key!r}: empty, '.' or '..' segment")
    names = [_encode(segment) for segment in segments]
    if any(len(name.encode()) + len(_FOLDER_MARK) > _MAX_NAME_BYTES for name in names):
        raise ValueError(f"blob key {key!r} has a segment too long for a file name")
    return names


def _encode(segment: str) -> str:
    return quote(segment, safe="")


def _walk(folder: Path, key_prefix: str) -> Iterator[tuple[str, os.stat_result]]:
    """(key, stat) for every blob under ``folder``, skipping temp and foreign files."""
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return
    for entry in entries:
        name = entry.name
        if name.endswith(_FOLDER_MARK) and entry.is_dir(follow_symlinks=False):
            segment = name[: -len(_FOLDER_MARK)]
            if _encode(unquote(segment)) == segment:
                yield from _walk(Path(entry.path), f"{key_prefix}{unquote(segment)}/")
        elif _encode(unquote(name)) == name and entry.is_file(follow_symlinks=False):
            try:
                yield f"{key_prefix}{unquote(name)}", entry.stat(follow_symlinks=False)
            except FileNotFoundError:
                continue  # deleted while we looked
