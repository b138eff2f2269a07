"""Plain text out of an uploaded document (.txt, .md, .pdf, .docx), in sections with
their heading path and page, ready for chunking.

Uploads are untrusted, so every failure — corrupt, encrypted, binary, empty, too big,
bomb-like — becomes an `UnreadableDocumentError` whose message is short and safe to
show the user; nothing else escapes `extract`.

Format notes:
- .txt/.md: UTF-8 (with or without BOM) or UTF-16 with a BOM; other bytes fall back to
  cp1252 only when the result is clearly text (mostly printable ASCII). NUL bytes or
  many control characters mean "binary".
- .md: ATX headings (``#`` to ``######``, outside code fences) build the heading path;
  the first level-1 heading is the title.
- .pdf: one section per page (1-based); PDFs carry no reliable heading structure, so the
  heading path is just the title (metadata /Title, else the file name). Encryption: a
  PDF that opens with the empty user password (owner-password "protection", common on
  manufacturers' spec sheets) is read like any other; one that needs a password is
  refused. pypdf's own decompression limits are tightened for the duration of the
  call, and pages and characters are capped.
- .docx: the zip is inspected *before* python-docx opens it (size and compression
  ratio, so a zip bomb is never inflated); Title/Heading 1-9 styles build the heading
  path; tables are read row by row, cells joined with " | ".
"""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

__all__ = [
    "ALLOWED_TYPES",
    "MAX_CHARS",
    "MAX_DOCX_UNCOMPRESSED_BYTES",
    "MAX_FILE_BYTES",
    "MAX_PDF_PAGES",
    "ExtractedDocument",
    "Section",
    "UnreadableDocumentError",
    "extract",
]

ALLOWED_TYPES: dict[str, str] = {
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_CHARS = 2_000_000
MAX_PDF_PAGES = 500
MAX_DOCX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_DOCX_COMPRESSION_RATIO = 100
# Tiny members (a few KB of repeated spaces) compress absurdly well and are harmless.
_RATIO_CHECK_MIN_BYTES = 1024 * 1024
# Per-stream limits for pypdf while we read (its defaults allow 75 MB per stream).
_PDF_STREAM_LIMIT = 20 * 1024 * 1024


@dataclass(frozen=True)
class Section:
    """A run of text under one heading path (and on one page, for PDFs)."""

    heading_path: tuple[str, ...]
    page: int | None
    text: str


@dataclass(frozen=True)
class ExtractedDocument:
    title: str
    sections: list[Section]
    pages: int | None = None


class UnreadableDocumentError(Exception):
    """The upload can't be read; ``str(exc)`` is a short reason safe to show users."""


def extract(filename: str, data: bytes) -> ExtractedDocument:
    """The text of one uploaded file, by its extension; raises only
    `UnreadableDocumentError`."""
    suffix = PurePath(filename).suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        allowed = ", ".join(sorted(ALLOWED_TYPES))
        raise UnreadableDocumentError(f"this file type is not supported (use {allowed})")
    if not data:
        raise UnreadableDocumentError("the file is empty")
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableDocumentError("the file is larger than 50 MB")
    stem = PurePath(filename).stem.strip() or "Untitled"
    try:
        doc = reader(stem, data)
    except UnreadableDocumentError:
        raise
    except RecursionError as exc:
        raise UnreadableDocumentError("the document is nested too deeply to read") from exc
    except MemoryError as exc:
        raise UnreadableDocumentError("the document is too large to read") from exc
    except Exception as exc:  # third-party parsers raise anything on hostile input
        raise UnreadableDocumentError(_CORRUPT[suffix]) from exc
    sections = [s for s in doc.sections if s.text.strip()]
    if not sections:
        raise UnreadableDocumentError("the document has no text")
    if sum(len(s.text) for s in sections) > MAX_CHARS:
        raise UnreadableDocumentError(_TOO_MUCH_TEXT)
    return ExtractedDocument(title=doc.title, sections=sections, pages=doc.pages)


_CORRUPT = {
    ".txt": "the text file could not be read",
    ".md": "the Markdown file could not be read",
    ".pdf": "the PDF is damaged or not a valid PDF",
    ".docx": "this is not a valid .docx file",
}
_TOO_MUCH_TEXT = "the document is too large (more than 2,000,000 characters of text)"


# --- plain text and Markdown --------------------------------------------------------


def _decode_text(data: bytes) -> str:
    """Bytes → str for files that claim to be text, refusing anything binary."""
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                raise UnreadableDocumentError("the text file has an invalid encoding") from exc
            return _check_printable(text)
    if b"\x00" in data:
        raise UnreadableDocumentError("this looks like a binary file, not text")
    try:
        return _check_printable(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    # Legacy Windows text (smart quotes, accents), accepted only if it still reads as
    # text: real cp1252 prose is overwhelmingly ASCII, random bytes are not.
    text = data.decode("cp1252", errors="replace")
    _check_size(len(text))
    ascii_like = sum(1 for ch in text if ch.isascii() and (ch.isprintable() or ch in "\t\n\r"))
    if ascii_like < 0.85 * len(text):
        raise UnreadableDocumentError("this looks like a binary file, not text")
    return _check_printable(text)


def _check_printable(text: str) -> str:
    _check_size(len(text))
    controls = sum(
        1 for ch in text if ch not in "\t\n\r\f\v" and unicodedata.category(ch) in _NOT_TEXT
    )
    if "\x00" in text or controls > max(2, len(text) // 100):
        raise UnreadableDocumentError("this looks like a binary file, not text")
    return text


_NOT_TEXT = frozenset({"Cc", "Cs", "Co", "Cn"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _clean(text: str) -> str:
    """Unix newlines, no control characters (PDF fonts leak NULs), no trailing
    spaces, at most one blank line in a row."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n\n")
    text = _CONTROL.sub("", text)
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def _read_txt(stem: str, data: bytes) -> ExtractedDocument:
    text = _clean(_decode_text(data))
    return ExtractedDocument(title=stem, sections=[Section((stem,), None, text)])


_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


class _Outline:
    """The heading path while reading top to bottom: a heading closes every open
    heading at its level or deeper, so skipped levels ("#" then "###") are harmless."""

    def __init__(self) -> None:
        self._open: list[tuple[int, str]] = []

    def enter(self, level: int, name: str) -> None:
        while self._open and self._open[-1][0] >= level:
            self._open.pop()
        self._open.append((level, name))

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(name for _, name in self._open)


def _read_md(stem: str, data: bytes) -> ExtractedDocument:
    text = _clean(_decode_text(data))
    title: str | None = None
    outline = _Outline()
    sections: list[Section] = []
    body: list[str] = []
    fence: str | None = None

    def flush() -> None:
        if "".join(body).strip():
            sections.append(Section(outline.path, None, _clean("\n".join(body))))
        body.clear()

    for line in text.split("\n"):
        marker = _FENCE.match(line)
        if marker and (fence is None or marker.group(1)[0] == fence[0]):
            fence = None if fence else marker.group(1)
        heading = None if fence or marker else _ATX.match(line)
        name = (heading.group(2) or "").strip() if heading else ""
        if heading is None or not name:
            body.append(line)
            continue
        flush()
        level = len(heading.group(1))
        if level == 1 and title is None:
            title = name
        outline.enter(level, name)
    flush()
    return ExtractedDocument(title=title or stem, sections=sections)


# --- PDF ----------------------------------------------------------------------------


def _read_pdf(stem: str, data: bytes) -> ExtractedDocument:
    from pypdf import PdfReader, apply_configuration  # heavy: imported on first PDF
    from pypdf.errors import FileNotDecryptedError

    limits: dict[str, Any] = {
        name: _PDF_STREAM_LIMIT
        for name in (
            "maximum_declared_stream_length",
            "array_based_stream_maximum_output_length",
            "lzw_maximum_output_length",
            "run_length_maximum_output_length",
            "zlib_maximum_output_length",
            "brotli_maximum_output_length",
            "jbig2_maximum_output_length",
            "image_maximum_buffer_size",
        )
    }
    with apply_configuration(jbig2dec_binary=None, **limits):
        if b"%PDF-" not in data[:1024]:
            raise UnreadableDocumentError("the PDF is damaged or not a valid PDF")
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception as exc:
                raise UnreadableDocumentError("the PDF is encrypted") from exc
            if not opened:
                raise UnreadableDocumentError("the PDF is encrypted")
        try:
            pages = len(reader.pages)
        except FileNotDecryptedError as exc:
            raise UnreadableDocumentError("the PDF is encrypted") from exc
        if pages > MAX_PDF_PAGES:
            raise UnreadableDocumentError(f"the PDF has more than {MAX_PDF_PAGES} pages")
        title = _pdf_title(reader) or stem
        sections: list[Section] = []
        total = 0
        for number, page in enumerate(reader.pages, start=1):
            text = _clean(page.extract_text() or "")
            total += len(text)
            _check_size(total)
            sections.append(Section((title,), number, text))
    return ExtractedDocument(title=title, sections=sections, pages=pages)


def _pdf_title(reader: Any) -> str:
    try:
        raw = reader.metadata.title if reader.metadata else None
    except Exception:  # broken /Info dictionaries are common and harmless
        return ""
    title = " ".join(str(raw).split()) if raw else ""
    return title if 0 < len(title) <= 200 else ""


# --- Word (.docx) ---------------------------------------------------------------------


def _inspect_docx_zip(data: bytes) -> None:
    """Refuse a .docx whose zip would inflate to something dangerous, before any XML
    is parsed. zipfile never reads past a member's declared size (it fails the CRC
    instead), so the declared sizes are a true upper bound."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise UnreadableDocumentError("this is not a valid .docx file") from exc
    with archive:
        members = archive.infolist()
        if len(members) > 10_000:
            raise UnreadableDocumentError("the document has too many parts to be a .docx file")
        total = sum(m.file_size for m in members)
        if total > MAX_DOCX_UNCOMPRESSED_BYTES:
            raise UnreadableDocumentError("the document expands to more than 50 MB")
        for member in members:
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > _RATIO_CHECK_MIN_BYTES and ratio > MAX_DOCX_COMPRESSION_RATIO:
                raise UnreadableDocumentError(
                    "the document is compressed suspiciously well (it looks like a zip bomb)"
                )
        names = {m.filename for m in members}
        if "[Content_Types].xml" not in names or "word/document.xml" not in names:
            raise UnreadableDocumentError("this is not a valid .docx file")


_HEADING_STYLE = re.compile(r"^heading ([1-9])$", re.IGNORECASE)


def _read_docx(stem: str, data: bytes) -> ExtractedDocument:
    _inspect_docx_zip(data)
    import docx  # heavy: imported on first .docx
    from docx.table import Table

    document = docx.Document(io.BytesIO(data))
    title = _docx_title(document)
    outline = _Outline()
    sections: list[Section] = []
    body: list[str] = []
    total = 0

    def flush() -> None:
        if "".join(body).strip():
            sections.append(Section(outline.path, None, _clean("\n\n".join(body))))
        body.clear()

    for block in document.iter_inner_content():
        text = _table_text(block) if isinstance(block, Table) else (block.text or "")
        total += len(text)
        _check_size(total)
        style = "" if isinstance(block, Table) else _style_name(block)
        heading = _HEADING_STYLE.match(style)
        name = " ".join(text.split())
        if name and (heading or style.lower() == "title"):
            flush()
            level = int(heading.group(1)) if heading else 0  # "Title" sits above Heading 1
            title = title or name
            outline.enter(level, name)
        else:
            body.append(text)
    flush()
    return ExtractedDocument(title=title or stem, sections=sections)


def _docx_title(document: Any) -> str:
    try:
        raw = document.core_properties.title or ""
    except Exception:  # a broken docProps/core.xml shouldn't sink the whole document
        return ""
    return " ".join(str(raw).split())[:200]


def _style_name(paragraph: Any) -> str:
    try:
        return str(paragraph.style.name or "")
    except Exception:  # a style id that points nowhere
        return ""


def _table_text(table: Any) -> str:
    rows: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:  # a merged cell repeats; read it once
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        if any(cells):
            rows.append(" | ".join(cells))
    return "\n".join(rows)


def _check_size(chars: int) -> None:
    if chars > MAX_CHARS:
        raise UnreadableDocumentError(_TOO_MUCH_TEXT)


_READERS: dict[str, Callable[[str, bytes], ExtractedDocument]] = {
    ".txt": _read_txt,
    ".md": _read_md,
    ".pdf": _read_pdf,
    ".docx": _read_docx,
}
