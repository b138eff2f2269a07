"""Text extraction from uploads: each format's structure, and every way a file can be
unreadable turning into one short, user-safe reason."""

from __future__ import annotations

import pytest

from hard_e.knowledge import extract as extract_module
from hard_e.knowledge.extract import ALLOWED_TYPES, UnreadableDocumentError, extract
from tests.knowledge.factories import (
    encrypt_pdf,
    make_docx,
    make_docx_bomb,
    make_pdf,
    make_zip,
)


def _reason(filename: str, data: bytes) -> str:
    with pytest.raises(UnreadableDocumentError) as caught:
        extract(filename, data)
    return str(caught.value)


# --- plain text ------------------------------------------------------------------------


def test_utf8_text_becomes_one_section_titled_by_the_file_name() -> None:
    doc = extract("price notes.txt", "Crème caulk — 8.25 in plank\r\nline two\n".encode())

    assert doc.title == "price notes"
    assert [(s.heading_path, s.page, s.text) for s in doc.sections] == [
        (("price notes",), None, "Crème caulk — 8.25 in plank\nline two")
    ]


def test_windows_1252_text_is_read_when_it_is_clearly_text() -> None:
    doc = extract("memo.txt", b"The \x93Heritage\x94 line costs less \x96 ask Dana.")

    assert doc.sections[0].text == "The “Heritage” line costs less – ask Dana."


def test_utf16_text_with_a_byte_order_mark_is_read() -> None:
    doc = extract("notes.txt", "Notepad saved this as Unicode".encode("utf-16"))

    assert doc.sections[0].text == "Notepad saved this as Unicode"


@pytest.mark.parametrize(
    "data",
    [
        b"plain text\x00with a NUL",
        bytes(range(256)) * 4,
        b"\x89PNG\r\n\x1a\n" + bytes(200),
        b"\xff\xd8\xff\xe0" + bytes(range(128, 256)) * 3,
    ],
    ids=["nul", "all-bytes", "png", "jpeg"],
)
def test_binary_data_named_txt_is_refused(data: bytes) -> None:
    assert "binary" in _reason("looks-like.txt", data)


def test_an_empty_file_is_refused() -> None:
    assert _reason("empty.txt", b"") == "the file is empty"


@pytest.mark.parametrize("name", ["blank.txt", "blank.md"])
def test_whitespace_only_text_has_no_text(name: str) -> None:
    assert _reason(name, b" \n\t\r\n  ") == "the document has no text"


def test_an_unknown_extension_is_refused_with_the_allowed_ones() -> None:
    reason = _reason("virus.exe", b"MZ\x90\x00")

    assert "not supported" in reason
    assert all(ext in reason for ext in ALLOWED_TYPES)


def test_extensions_are_case_insensitive() -> None:
    assert extract("NOTES.TXT", b"hello").sections[0].text == "hello"


def test_more_text_than_the_cap_is_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract_module, "MAX_CHARS", 100)

    assert "too large" in _reason("long.txt", b"word " * 50)


# --- Markdown ----------------------------------------------------------------------------

MARKDOWN = b"""# StoneLap Spec Sheet

Intro under the title.

## Plank Widths

The 8.25 in plank has a 7 in exposure.

### Pallets

210 pieces per pallet.

```bash
# not a heading, inside a code fence
```

## Fire ##

Class A.
"""


def test_markdown_headings_build_the_heading_path_and_the_title() -> None:
    doc = extract("stonelap.md", MARKDOWN)

    assert doc.title == "StoneLap Spec Sheet"
    assert [s.heading_path for s in doc.sections] == [
        ("StoneLap Spec Sheet",),
        ("StoneLap Spec Sheet", "Plank Widths"),
        ("StoneLap Spec Sheet", "Plank Widths", "Pallets"),
        ("StoneLap Spec Sheet", "Fire"),
    ]
    assert doc.sections[1].text == "The 8.25 in plank has a 7 in exposure."
    assert "# not a heading, inside a code fence" in doc.sections[2].text
    assert all(s.page is None for s in doc.sections)


def test_markdown_skipped_heading_levels_keep_a_sensible_path() -> None:
    doc = extract("x.md", b"# Top\n\n### Deep\n\ntext\n\n## Mid\n\nmore\n")

    assert [s.heading_path for s in doc.sections] == [("Top", "Deep"), ("Top", "Mid")]


def test_markdown_without_a_level_one_heading_is_titled_by_the_file_name() -> None:
    assert extract("install-notes.md", b"## Nails\n\nUse 6d.\n").title == "install-notes"


# --- PDF -------------------------------------------------------------------------------------


def test_pdf_text_comes_per_page_with_one_based_page_numbers() -> None:
    data = make_pdf([["Widths and exposures", "8.25 in plank"], ["Fire rating: Class A"]])

    doc = extract("stonelap.pdf", data)

    assert doc.pages == 2
    assert [s.page for s in doc.sections] == [1, 2]
    assert "8.25 in plank" in doc.sections[0].text
    assert "Class A" in doc.sections[1].text
    assert doc.title == "stonelap"
    assert all(s.heading_path == ("stonelap",) for s in doc.sections)


def test_pdf_title_comes_from_its_metadata() -> None:
    doc = extract("scan_0042.pdf", make_pdf([["text"]], title="Ironbark Shingles"))

    assert doc.title == "Ironbark Shingles"
    assert doc.sections[0].heading_path == ("Ironbark Shingles",)


def test_a_password_protected_pdf_is_refused() -> None:
    data = encrypt_pdf(make_pdf([["secret pricing"]]), user_password="letmein")

    assert _reason("locked.pdf", data) == "the PDF is encrypted"


def test_a_pdf_that_opens_without_a_password_is_read_despite_owner_restrictions() -> None:
    data = encrypt_pdf(make_pdf([["printable spec sheet"]]), user_password="")

    assert "printable spec sheet" in extract("restricted.pdf", data).sections[0].text


@pytest.mark.parametrize(
    "data",
    [
        make_pdf([["a whole page of text"]])[:150],
        b"%PDF-1.4\n garbage that is not a pdf body",
        b"not a pdf at all",
    ],
    ids=["truncated", "garbage-body", "no-header"],
)
def test_a_damaged_pdf_is_refused(data: bytes) -> None:
    assert _reason("broken.pdf", data) in (
        "the PDF is damaged or not a valid PDF",
        "the document has no text",
    )


def test_a_pdf_without_any_text_has_no_text() -> None:
    assert _reason("scan.pdf", make_pdf([[], []])) == "the document has no text"


def test_a_pdf_with_too_many_pages_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract_module, "MAX_PDF_PAGES", 2)

    assert _reason("huge.pdf", make_pdf([["p"]] * 3)) == "the PDF has more than 2 pages"


# --- Word ------------------------------------------------------------------------------------


def test_docx_heading_styles_build_the_path_and_tables_are_read() -> None:
    data = make_docx(
        [
            ("Title", "Northlight Windows"),
            ("", "Intro paragraph."),
            ("Heading 1", "Series 500"),
            ("", "Frame depth is 3.25 in."),
            ("Heading 2", "Glass"),
            ("", "Low-E 366."),
            ("Heading 1", "Sizes"),
        ],
        table=[["Width", "Height"], ["36", "60"]],
    )

    doc = extract("northlight.docx", data)

    assert doc.title == "Northlight Windows"
    assert [(s.heading_path, s.text) for s in doc.sections] == [
        (("Northlight Windows",), "Intro paragraph."),
        (("Northlight Windows", "Series 500"), "Frame depth is 3.25 in."),
        (("Northlight Windows", "Series 500", "Glass"), "Low-E 366."),
        (("Northlight Windows", "Sizes"), "Width | Height\n36 | 60"),
    ]


def test_a_docx_without_a_title_is_titled_by_the_file_name() -> None:
    doc = extract("crew notes.docx", make_docx([("", "Just a paragraph.")]))

    assert doc.title == "crew notes"
    assert doc.sections[0].heading_path == ()


def test_a_zip_bomb_docx_is_refused_before_it_is_inflated() -> None:
    assert _reason("bomb.docx", make_docx_bomb()) == "the document expands to more than 50 MB"


def test_a_docx_that_compresses_suspiciously_well_is_refused() -> None:
    reason = _reason("bomb.docx", make_docx_bomb(size=5 * 1024 * 1024))

    assert "zip bomb" in reason


@pytest.mark.parametrize(
    "data",
    [
        make_zip({"hello.txt": b"just a zip"}),
        make_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<not-xml"}),
        b"PK\x03\x04 truncated zip",
        b"plain bytes",
    ],
    ids=["zip-without-document", "broken-xml", "truncated-zip", "not-a-zip"],
)
def test_a_file_that_is_not_a_real_docx_is_refused(data: bytes) -> None:
    assert _reason("fake.docx", data) == "this is not a valid .docx file"


# --- the reasons themselves -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("a.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog"),
        ("a.docx", b"PK\x05\x06" + bytes(18)),
        ("a.txt", b"\x00\x01\x02"),
        ("a.md", bytes(range(256))),
    ],
)
def test_reasons_are_short_and_leak_no_internals(name: str, data: bytes) -> None:
    reason = _reason(name, data)

    assert len(reason) < 100
    assert "Error" not in reason and "Traceback" not in reason and "/" not in reason
