"""The shared industry library: every Markdown file in the folder becomes titled,
"lib-" chunks, cached per process, with a version that changes with the files."""

from __future__ import annotations

from pathlib import Path

import pytest

from hard_e.knowledge import shared_library
from hard_e.knowledge.index import KnowledgeIndex
from hard_e.knowledge.shared_library import library_chunks, library_version


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "stonelap-spec.md").write_text(
        "# StoneLap Spec Sheet\n\nIntro.\n\n## Widths\n\nThe 8.25 in plank has a 7 in exposure.\n"
    )
    (folder / "objections.md").write_text(
        '# Objection Handbook\n\n## "Vinyl is cheaper"\n\nAgree first, then explore.\n'
    )
    (folder / "notes.txt").write_text("not Markdown, not part of the library")
    monkeypatch.setattr(shared_library, "LIBRARY_DIR", folder)
    return folder


def test_every_markdown_file_becomes_chunks_named_by_stem_and_title(library: Path) -> None:
    chunks = library_chunks()

    assert {(c.document_id, c.document) for c in chunks} == {
        ("lib-objections", "Objection Handbook"),
        ("lib-stonelap-spec", "StoneLap Spec Sheet"),
    }
    assert [c.chunk_id for c in chunks if c.document_id == "lib-stonelap-spec"] == [
        "lib-stonelap-spec:0000",
        "lib-stonelap-spec:0001",
    ]
    widths = next(c for c in chunks if c.heading.endswith("Widths"))
    assert widths.heading == "StoneLap Spec Sheet › Widths"
    assert widths.text == "The 8.25 in plank has a 7 in exposure."


def test_library_chunks_are_searchable(library: Path) -> None:
    hits = KnowledgeIndex.build(library_chunks()).search("homeowner says vinyl is cheaper")

    assert hits[0].chunk.document_id == "lib-objections"


def test_the_library_is_read_once_per_version(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = library_chunks()
    monkeypatch.setattr(shared_library, "extract", _refuse_to_extract)

    assert library_chunks() == first  # served from the cache, files not re-read


def test_the_version_is_short_stable_and_changes_when_a_file_changes(library: Path) -> None:
    before = library_version()

    assert len(before) == 12
    assert library_version() == before

    (library / "objections.md").write_text("# Objection Handbook\n\n## New\n\nChanged text.\n")

    assert library_version() != before
    assert any(c.text == "Changed text." for c in library_chunks())


def test_a_new_file_changes_the_version_and_the_chunks(library: Path) -> None:
    before = library_version()
    (library / "windows.md").write_text("# Windows\n\nDouble hung.\n")

    assert library_version() != before
    assert "lib-windows" in {c.document_id for c in library_chunks()}


def test_an_unreadable_file_is_skipped_not_fatal(library: Path) -> None:
    (library / "half-written.md").write_text("")

    assert "lib-half-written" not in {c.document_id for c in library_chunks()}
    assert library_chunks()


def test_an_empty_or_missing_folder_is_an_empty_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shared_library, "LIBRARY_DIR", tmp_path / "missing")

    assert library_chunks() == []
    assert len(library_version()) == 12


def test_the_shipped_library_loads() -> None:
    chunks = library_chunks()

    assert chunks, "the shipped library should not be empty"
    assert all(c.document_id.startswith("lib-") and c.document for c in chunks)
    assert len({c.chunk_id for c in chunks}) == len(chunks)


def _refuse_to_extract(*_: object) -> None:
    raise AssertionError("the library was read again")
