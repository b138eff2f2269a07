"""Hostile bytes never crash extraction: whatever arrives, `extract` returns a document
or raises `UnreadableDocumentError`, for every supported extension."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hard_e.knowledge.extract import (
    ALLOWED_TYPES,
    ExtractedDocument,
    UnreadableDocumentError,
    extract,
)
from tests.knowledge.factories import make_docx, make_pdf

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

VALID = {
    ".txt": "Plain notes: 8¼ in plank, 7 in exposure — café.\n".encode(),
    ".md": b"# Title\n\n## Section\n\nBody text with 5/16 in thickness.\n",
    ".pdf": make_pdf([["StoneLap 8.25 in plank", "7 in exposure"], ["Class A"]], title="Spec"),
    ".docx": make_docx([("Heading 1", "Widths"), ("", "8.25 in plank")], table=[["a", "b"]]),
}


def _extract_or_refuse(name: str, data: bytes) -> None:
    try:
        doc = extract(name, data)
    except UnreadableDocumentError as exc:
        assert str(exc)
        return
    assert isinstance(doc, ExtractedDocument)
    assert doc.sections and all(s.text.strip() for s in doc.sections)


@pytest.mark.parametrize("ext", sorted(ALLOWED_TYPES))
@FUZZ
@given(data=st.binary(max_size=4096))
def test_random_bytes_are_read_or_refused(ext: str, data: bytes) -> None:
    _extract_or_refuse("upload" + ext, data)


@st.composite
def _mutated(draw: st.DrawFn, original: bytes) -> bytes:
    """A real document with some bytes overwritten, some cut out, or its tail lost."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 8))):
        action = draw(st.sampled_from(["flip", "cut", "truncate"]))
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        if action == "flip":
            data[at] = draw(st.integers(0, 255))
        elif action == "cut":
            del data[at : at + draw(st.integers(1, 64))]
        else:
            del data[at:]
    return bytes(data)


@pytest.mark.parametrize("ext", sorted(ALLOWED_TYPES))
@FUZZ
@given(data=st.data())
def test_damaged_real_documents_are_read_or_refused(ext: str, data: st.DataObject) -> None:
    _extract_or_refuse("upload" + ext, data.draw(_mutated(VALID[ext])))
