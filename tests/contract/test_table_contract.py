"""The `Table` contract: DynamoDB's semantics, identical in every adapter."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from hard_e.storage import (
    GSI1,
    CeilingReachedError,
    ConditionFailedError,
    InvalidCursorError,
    Item,
    MustExist,
    MustNotExist,
    Table,
    VersionIs,
)
from hard_e.storage.sqlite import SqliteTable
from tests.contract.conftest import FakeClock

PK = "T#tenant01#SESSION#s1"


def put_all(table: Table, pk: str, sks: list[str], **extra: object) -> None:
    for sk in sks:
        table.put({"pk": pk, "sk": sk, **extra})


def sort_keys(items: list[Item]) -> list[str]:
    return [item["sk"] for item in items]


def walk(table: Table, pk: str, *, limit: int, **query: object) -> list[list[str]]:
    """Every page of a query, following cursors to the end."""
    pages: list[list[str]] = []
    cursor = None
    while True:
        page = table.query(pk, limit=limit, cursor=cursor, **query)  # type: ignore[arg-type]
        pages.append(sort_keys(page.items))
        if page.cursor is None:
            return pages
        cursor = page.cursor
        assert len(pages) < 100, "cursor never ran out"


# Round trip


def test_item_round_trips_every_json_like_type(table: Table) -> None:
    item = {
        "pk": PK,
        "sk": "META",
        "text": "Dachdecker Müller — 屋根 🏠",
        "empty": "",
        "count": 42,
        "negative": -7,
        "big": 12345678901234567890,
        "ratio": 0.1,
        "price": 1234.5,
        "yes": True,
        "no": False,
        "nothing": None,
        "tags": ["roof", 3, None, False, 2.5, ["nested"]],
        "address": {"street": "Main St", "geo": {"lat": 52.52, "lng": -13.4}, "list": []},
        "blank": {},
        "version": 3,
        "ttl": 1_900_000_000,
    }
    table.put(item)
    assert table.get(PK, "META") == item


def test_integral_floats_come_back_as_ints_like_dynamodb(table: Table) -> None:
    table.put({"pk": PK, "sk": "META", "amount": 2.0})
    stored = table.get(PK, "META")
    assert stored is not None
    assert stored["amount"] == 2
    assert type(stored["amount"]) is int


def test_get_of_a_missing_item_is_none(table: Table) -> None:
    assert table.get(PK, "nope") is None


def test_put_replaces_the_whole_item(table: Table) -> None:
    table.put({"pk": PK, "sk": "META", "a": 1, "b": 2})
    table.put({"pk": PK, "sk": "META", "a": 10})
    assert table.get(PK, "META") == {"pk": PK, "sk": "META", "a": 10}


def test_delete_removes_the_item_and_ignores_absent_ones(table: Table) -> None:
    table.put({"pk": PK, "sk": "META"})
    table.delete(PK, "META")
    table.delete(PK, "never-existed")
    assert table.get(PK, "META") is None


@pytest.mark.parametrize(
    "item",
    [
        {"pk": PK},
        {"pk": "", "sk": "x"},
        {"pk": PK, "sk": "x", "blob": b"bytes"},
        {"pk": PK, "sk": "x", "ttl": "tomorrow"},
        {"pk": PK, "sk": "x", "ttl": None},
        {"pk": PK, "sk": "x", "gsi1pk": 5},
        {"pk": PK, "sk": "x", "nan": float("nan")},
        {"pk": PK, "sk": "x", "tags": {"a", "b"}},
        {"pk": PK, "sk": "x", "map": {1: "int key"}},
    ],
)
def test_items_every_adapter_cannot_store_are_refused(table: Table, item: Item) -> None:
    with pytest.raises(ValueError):
        table.put(item)


# Conditions


def test_must_not_exist_refuses_to_overwrite_a_live_item(table: Table) -> None:
    table.put({"pk": PK, "sk": "META", "v": 1}, condition=MustNotExist())
    with pytest.raises(ConditionFailedError):
        table.put({"pk": PK, "sk": "META", "v": 2}, condition=MustNotExist())
    assert table.get(PK, "META") == {"pk": PK, "sk": "META", "v": 1}


def test_must_exist_refuses_to_create_an_item(table: Table) -> None:
    with pytest.raises(ConditionFailedError):
        table.put({"pk": PK, "sk": "META"}, condition=MustExist())
    assert table.get(PK, "META") is None

    table.put({"pk": PK, "sk": "META", "v": 1})
    table.put({"pk": PK, "sk": "META", "v": 2}, condition=MustExist())
    assert table.get(PK, "META") == {"pk": PK, "sk": "META", "v": 2}


def test_version_is_admits_only_the_expected_version(table: Table) -> None:
    table.put({"pk": PK, "sk": "META", "version": 1})
    # When two writers both read version 1, only the first wins.
    table.put({"pk": PK, "sk": "META", "version": 2, "by": "first"}, condition=VersionIs(1))
    with pytest.raises(ConditionFailedError):
        table.put({"pk": PK, "sk": "META", "version": 2, "by": "second"}, condition=VersionIs(1))
    assert table.get(PK, "META") == {"pk": PK, "sk": "META", "version": 2, "by": "first"}


def test_version_is_fails_when_the_item_is_absent(table: Table) -> None:
    with pytest.raises(ConditionFailedError):
        table.put({"pk": PK, "sk": "META", "version": 1}, condition=VersionIs(0))
    assert table.get(PK, "META") is None


def test_conditional_delete_removes_only_when_the_condition_holds(table: Table) -> None:
    with pytest.raises(ConditionFailedError):
        table.delete(PK, "META", condition=MustExist())

    table.put({"pk": PK, "sk": "META", "version": 5})
    with pytest.raises(ConditionFailedError):
        table.delete(PK, "META", condition=VersionIs(4))
    with pytest.raises(ConditionFailedError):
        table.delete(PK, "META", condition=MustNotExist())
    assert table.get(PK, "META") is not None

    table.delete(PK, "META", condition=VersionIs(5))
    assert table.get(PK, "META") is None


# TTL


def test_expired_item_is_never_returned(table: Table, clock: FakeClock) -> None:
    # Given an item that expires in 60 s
    table.put({"pk": PK, "sk": "MSG#1", "ttl": int(clock.now) + 60})
    assert table.get(PK, "MSG#1") is not None
    # When its ttl is reached (ttl <= now means expired)
    clock.advance(60)
    # Then no read returns it, although the backend still holds it
    assert table.get(PK, "MSG#1") is None
    assert table.query(PK).items == []
    assert table.query(PK, prefix="MSG#").items == []


def test_expired_item_counts_as_absent_for_conditions(table: Table, clock: FakeClock) -> None:
    table.put({"pk": PK, "sk": "META", "version": 1, "ttl": int(clock.now) + 10})
    clock.advance(11)

    with pytest.raises(ConditionFailedError):
        table.put({"pk": PK, "sk": "META", "version": 2}, condition=MustExist())
    with pytest.raises(ConditionFailedError):
        table.put({"pk": PK, "sk": "META", "version": 2}, condition=VersionIs(1))
    with pytest.raises(ConditionFailedError):
        table.delete(PK, "META", condition=MustExist())

    table.put({"pk": PK, "sk": "META", "version": 1, "fresh": True}, condition=MustNotExist())
    assert table.get(PK, "META") == {"pk": PK, "sk": "META", "version": 1, "fresh": True}


def test_live_item_with_ttl_satisfies_conditions(table: Table, clock: FakeClock) -> None:
    table.put({"pk": PK, "sk": "META", "version": 1, "ttl": int(clock.now) + 10})
    with pytest.raises(ConditionFailedError):
        table.put({"pk": PK, "sk": "META"}, condition=MustNotExist())
    table.put({"pk": PK, "sk": "META", "version": 2}, condition=VersionIs(1))
    assert table.get(PK, "META") == {"pk": PK, "sk": "META", "version": 2}


# Queries

SKS = ["A#1", "MSG#001", "MSG#002", "MSG#003", "MSG#010", "MSGX", "Z"]


@pytest.mark.parametrize("descending", [False, True])
def test_query_reads_one_partition_in_sort_key_order(table: Table, descending: bool) -> None:
    put_all(table, PK, list(reversed(SKS)))
    put_all(table, PK + "2", ["A#1", "MSG#005"])  # a partition whose key starts with PK
    page = table.query(PK, descending=descending)
    assert sort_keys(page.items) == sorted(SKS, reverse=descending)
    assert page.cursor is None


@pytest.mark.parametrize("descending", [False, True])
def test_prefix_query_keeps_sort_keys_that_begin_with_it(table: Table, descending: bool) -> None:
    put_all(table, PK, SKS)
    page = table.query(PK, prefix="MSG#", descending=descending)
    expected = ["MSG#001", "MSG#002", "MSG#003", "MSG#010"]
    assert sort_keys(page.items) == sorted(expected, reverse=descending)


@pytest.mark.parametrize("descending", [False, True])
def test_between_query_is_inclusive_at_both_ends(table: Table, descending: bool) -> None:
    put_all(table, PK, SKS)
    page = table.query(PK, between=("MSG#002", "MSG#010"), descending=descending)
    expected = ["MSG#002", "MSG#003", "MSG#010"]
    assert sort_keys(page.items) == sorted(expected, reverse=descending)


def test_non_ascii_sort_keys_order_by_code_point(table: Table) -> None:
    # DynamoDB orders strings by UTF-8 bytes, which is code point order.
    put_all(table, PK, ["é", "z", "🏠b", "🏠a", "\uffff", "Z"])
    assert sort_keys(table.query(PK).items) == ["Z", "z", "é", "\uffff", "🏠a", "🏠b"]
    assert sort_keys(table.query(PK, prefix="🏠").items) == ["🏠a", "🏠b"]


def test_query_with_prefix_and_between_is_refused(table: Table) -> None:
    with pytest.raises(ValueError):
        table.query(PK, prefix="MSG#", between=("A", "B"))


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("limit", [1, 4, 10])
def test_pagination_walks_every_item_exactly_once(
    table: Table, descending: bool, limit: int
) -> None:
    sks = [f"MSG#{i:03d}" for i in range(10)]
    put_all(table, PK, sks)
    put_all(table, PK, ["OTHER#1"])
    pages = walk(table, PK, limit=limit, prefix="MSG#", descending=descending)
    assert all(len(page) <= limit for page in pages)
    assert [sk for page in pages for sk in page] == sorted(sks, reverse=descending)
    # A full last page says so: no cursor that would lead to an empty page.
    assert all(pages), "no page may be empty"


def test_pagination_with_between_stays_in_range(table: Table) -> None:
    put_all(table, PK, [f"MSG#{i:03d}" for i in range(10)])
    pages = walk(table, PK, limit=2, between=("MSG#003", "MSG#007"))
    assert pages == [["MSG#003", "MSG#004"], ["MSG#005", "MSG#006"], ["MSG#007"]]


def test_expired_items_do_not_eat_into_pages(table: Table, clock: FakeClock) -> None:
    # Given 12 messages where every item but each third one has expired
    soon = int(clock.now) + 5
    for i in range(12):
        extra = {} if i % 3 == 0 else {"ttl": soon}
        table.put({"pk": PK, "sk": f"MSG#{i:03d}", **extra})
    clock.advance(5)
    # When reading 2 per page
    pages = walk(table, PK, limit=2)
    # Then pages are full of live items and expired ones never appear
    assert pages == [["MSG#000", "MSG#003"], ["MSG#006", "MSG#009"]]


def test_page_after_the_last_live_item_has_no_cursor(table: Table, clock: FakeClock) -> None:
    put_all(table, PK, ["MSG#1", "MSG#2"])
    put_all(table, PK, ["MSG#3", "MSG#4", "MSG#5"], ttl=int(clock.now) + 1)
    clock.advance(1)
    page = table.query(PK, limit=2)
    assert sort_keys(page.items) == ["MSG#1", "MSG#2"]
    assert page.cursor is None


def test_gsi1_query_reads_the_index_across_base_partitions(table: Table) -> None:
    # Given users of one tenant indexed by email, and one item outside the index
    for user, email in [("u1", "b@x.com"), ("u2", "a@x.com"), ("u3", "c@x.com")]:
        table.put({"pk": "T#t1#USER", "sk": user, "gsi1pk": "T#t1#EMAIL", "gsi1sk": email})
    table.put({"pk": "T#t1#USER", "sk": "u4", "gsi1pk": "T#t1#EMAIL"})  # no gsi1sk: not indexed
    table.put({"pk": "T#t1#APIKEY", "sk": "k1", "gsi1pk": "T#t1#KEYID", "gsi1sk": "k1"})
    # When querying the index
    page = table.query("T#t1#EMAIL", index=GSI1)
    # Then only indexed items of that index partition come back, in gsi1sk order
    assert [item["sk"] for item in page.items] == ["u2", "u1", "u3"]
    assert page.items[0] == {
        "pk": "T#t1#USER",
        "sk": "u2",
        "gsi1pk": "T#t1#EMAIL",
        "gsi1sk": "a@x.com",
    }
    assert table.query("T#t1#EMAIL", index=GSI1, prefix="c@").items[0]["sk"] == "u3"


@pytest.mark.parametrize("descending", [False, True])
def test_gsi1_pagination_walks_duplicate_index_keys_exactly_once(
    table: Table, descending: bool
) -> None:
    # Many items share one gsi1sk: the cursor must still tell them apart.
    for i in range(7):
        table.put(
            {"pk": f"T#t1#DOC#{i % 3}", "sk": f"d{i}", "gsi1pk": "T#t1#STATUS", "gsi1sk": "ready"}
        )
    table.put({"pk": "T#t1#DOC#9", "sk": "late", "gsi1pk": "T#t1#STATUS", "gsi1sk": "zzz"})
    seen: list[tuple[str, str]] = []
    cursor = None
    while True:
        page = table.query("T#t1#STATUS", index=GSI1, limit=2, cursor=cursor, descending=descending)
        assert len(page.items) <= 2
        seen += [(item["pk"], item["sk"]) for item in page.items]
        if page.cursor is None:
            break
        cursor = page.cursor
    assert len(seen) == len(set(seen)) == 8
    assert seen[-1 if not descending else 0] == ("T#t1#DOC#9", "late")


@pytest.mark.parametrize(
    "cursor",
    [
        "not a cursor",
        "bm90LWpzb24",  # base64 of "not-json"
        base64.urlsafe_b64encode(json.dumps({"k": {"pk": PK, "sk": "MSG#001"}}).encode()).decode(),
        base64.urlsafe_b64encode(json.dumps([1, 2]).encode()).decode(),
        "ÿÿÿ",
        "",
    ],
)
def test_forged_cursor_is_refused(table: Table, cursor: str) -> None:
    put_all(table, PK, ["MSG#001", "MSG#002", "MSG#003"])
    with pytest.raises(InvalidCursorError):
        table.query(PK, limit=1, cursor=cursor)


def test_cursor_is_bound_to_its_query(table: Table) -> None:
    # Given a cursor from the first page of one partition
    put_all(table, PK, ["MSG#001", "MSG#002", "MSG#003"])
    put_all(table, "T#tenant02#SESSION#s1", ["MSG#001", "MSG#002"])
    cursor = table.query(PK, limit=1).cursor
    assert cursor is not None
    # Then it continues only that query
    with pytest.raises(InvalidCursorError):
        table.query("T#tenant02#SESSION#s1", limit=1, cursor=cursor)
    with pytest.raises(InvalidCursorError):
        table.query(PK, limit=1, cursor=cursor, prefix="MSG#00")
    with pytest.raises(InvalidCursorError):
        table.query(PK, limit=1, cursor=cursor, descending=True)
    with pytest.raises(InvalidCursorError):
        table.query(PK, limit=1, cursor=cursor, index=GSI1)
    # ...and the cursor itself is opaque base64url text
    assert set(cursor) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    assert sort_keys(table.query(PK, limit=5, cursor=cursor).items) == ["MSG#002", "MSG#003"]


def test_tampered_cursor_position_is_refused(table: Table) -> None:
    put_all(table, PK, ["MSG#001", "MSG#002", "MSG#003"])
    cursor = table.query(PK, limit=1, prefix="MSG#").cursor
    assert cursor is not None
    payload = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    payload["k"]["sk"] = "ZZZ"  # outside the prefix
    forged = base64.urlsafe_b64encode(json.dumps(payload).encode()).decode()
    with pytest.raises(InvalidCursorError):
        table.query(PK, limit=1, prefix="MSG#", cursor=forged)


# Counters

COUNTER = "T#tenant01#COUNTER"


def test_increment_starts_from_zero_and_accumulates(table: Table) -> None:
    assert table.increment(COUNTER, "messages#2026-11") == 1
    assert table.increment(COUNTER, "messages#2026-11", by=5) == 6
    assert table.get(COUNTER, "messages#2026-11") == {
        "pk": COUNTER,
        "sk": "messages#2026-11",
        "count": 6,
    }


def test_increment_of_a_named_attribute_keeps_the_rest_of_the_item(table: Table) -> None:
    table.put({"pk": COUNTER, "sk": "doc", "label": "kept", "count": 100})
    assert table.increment(COUNTER, "doc", attribute="pages", by=3) == 3
    assert table.get(COUNTER, "doc") == {
        "pk": COUNTER,
        "sk": "doc",
        "label": "kept",
        "count": 100,
        "pages": 3,
    }


def test_increment_past_the_ceiling_is_refused_and_changes_nothing(table: Table) -> None:
    assert table.increment(COUNTER, "trial", by=4, ceiling=5) == 4
    with pytest.raises(CeilingReachedError):
        table.increment(COUNTER, "trial", by=2, ceiling=5)
    assert table.increment(COUNTER, "trial", by=1, ceiling=5) == 5
    with pytest.raises(CeilingReachedError):
        table.increment(COUNTER, "trial", ceiling=5)
    assert table.get(COUNTER, "trial") == {"pk": COUNTER, "sk": "trial", "count": 5}


def test_first_increment_larger_than_the_ceiling_is_refused(table: Table) -> None:
    with pytest.raises(CeilingReachedError):
        table.increment(COUNTER, "trial", by=3, ceiling=2)
    assert table.get(COUNTER, "trial") is None


def test_increment_sets_ttl_and_an_expired_counter_restarts(table: Table, clock: FakeClock) -> None:
    # Given a rate-limit window counter that expires in a minute
    window_end = int(clock.now) + 60
    assert table.increment(COUNTER, "rate", ttl=window_end, ceiling=3) == 1
    assert table.increment(COUNTER, "rate", ttl=window_end, ceiling=3) == 2
    assert table.get(COUNTER, "rate") == {
        "pk": COUNTER,
        "sk": "rate",
        "count": 2,
        "ttl": window_end,
    }
    # When the window has passed
    clock.advance(60)
    assert table.get(COUNTER, "rate") is None
    # Then the counter starts again from zero with its new expiry
    next_end = window_end + 60
    assert table.increment(COUNTER, "rate", by=3, ttl=next_end, ceiling=3) == 3
    assert table.get(COUNTER, "rate") == {"pk": COUNTER, "sk": "rate", "count": 3, "ttl": next_end}


def test_expired_counter_restarts_without_a_ttl_when_none_is_given(
    table: Table, clock: FakeClock
) -> None:
    table.put({"pk": COUNTER, "sk": "c", "count": 9, "note": "old", "ttl": int(clock.now) + 1})
    clock.advance(1)
    assert table.increment(COUNTER, "c") == 1
    # The expired item is gone as a whole: none of its attributes survive.
    assert table.get(COUNTER, "c") == {"pk": COUNTER, "sk": "c", "count": 1}


def test_expired_counter_restart_still_honours_the_ceiling(table: Table, clock: FakeClock) -> None:
    table.put({"pk": COUNTER, "sk": "c", "count": 1, "ttl": int(clock.now) + 1})
    clock.advance(1)
    with pytest.raises(CeilingReachedError):
        table.increment(COUNTER, "c", by=5, ceiling=4)
    assert table.get(COUNTER, "c") is None


def test_concurrent_increments_never_pass_the_ceiling(table: Table) -> None:
    # Given 20 threads racing for 10 slots
    admitted: list[int] = []
    refused: list[Exception] = []
    start = threading.Barrier(20)

    def take_slot() -> None:
        start.wait()
        try:
            admitted.append(table.increment(COUNTER, "race", ceiling=10))
        except CeilingReachedError as exc:
            refused.append(exc)

    threads = [threading.Thread(target=take_slot) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    # Then exactly 10 got a distinct slot and the counter stopped at 10
    assert sorted(admitted) == list(range(1, 11))
    assert len(refused) == 10
    assert table.get(COUNTER, "race") == {"pk": COUNTER, "sk": "race", "count": 10}


def test_concurrent_creates_admit_exactly_one_writer(table: Table) -> None:
    # Given 10 threads creating the same approval at once
    winners: list[int] = []
    start = threading.Barrier(10)

    def create(n: int) -> None:
        start.wait()
        try:
            table.put({"pk": "T#t1#APPROVAL", "sk": "a1", "by": n}, condition=MustNotExist())
            winners.append(n)
        except ConditionFailedError:
            pass

    threads = [threading.Thread(target=create, args=(n,)) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    # Then exactly one wins, and its write is the one stored
    assert len(winners) == 1
    assert table.get("T#t1#APPROVAL", "a1") == {"pk": "T#t1#APPROVAL", "sk": "a1", "by": winners[0]}


def test_increment_refuses_key_attributes(table: Table) -> None:
    with pytest.raises(ValueError):
        table.increment(COUNTER, "c", attribute="ttl")


# SQLite only: the local server and the CLI share one file.

_INCREMENT_IN_ANOTHER_PROCESS = """
import sys
from hard_e.storage.sqlite import SqliteTable
table = SqliteTable(sys.argv[1])
for _ in range(25):
    table.increment("T#t#COUNTER", "shared")
"""


def test_sqlite_counter_is_atomic_across_processes(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    SqliteTable(path).close()
    processes = [
        subprocess.Popen([sys.executable, "-c", _INCREMENT_IN_ANOTHER_PROCESS, str(path)])
        for _ in range(4)
    ]
    assert [process.wait(timeout=60) for process in processes] == [0, 0, 0, 0]
    table = SqliteTable(path)
    assert table.get("T#t#COUNTER", "shared") == {"pk": "T#t#COUNTER", "sk": "shared", "count": 100}
    table.close()


# Argument checks live in the port, so every adapter refuses the same calls.


@pytest.mark.parametrize(
    "call",
    [
        lambda t: t.get("", "sk"),
        lambda t: t.get(PK, 5),
        lambda t: t.delete(PK, ""),
        lambda t: t.increment(PK, "c", by=1.5),
        lambda t: t.increment(PK, "c", ceiling=True),
        lambda t: t.increment("", "c"),
        lambda t: t.query(PK, limit=0),
        lambda t: t.query(PK, limit="3"),
        lambda t: t.query(""),
    ],
    ids=[
        "get-empty-pk",
        "get-int-sk",
        "delete-empty-sk",
        "increment-float",
        "increment-bool-ceiling",
        "increment-empty-pk",
        "limit-zero",
        "limit-text",
        "query-empty-pk",
    ],
)
def test_malformed_calls_are_refused_the_same_way_by_every_adapter(
    table: Table, call: object
) -> None:
    with pytest.raises(ValueError):
        call(table)  # type: ignore[operator]


def test_an_unknown_condition_is_refused_before_anything_is_written(table: Table) -> None:
    with pytest.raises(TypeError):
        table.put({"pk": PK, "sk": "x"}, condition="if you like")  # type: ignore[arg-type]
    assert table.get(PK, "x") is None


def test_the_sqlite_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    # Given a fresh local table that has been written to (so the WAL files exist too)
    path = tmp_path / "private.sqlite3"
    table = SqliteTable(path)
    table.put({"pk": PK, "sk": "secret", "password_hash": "$2b$..."})
    # Then neither the database nor its journal files are readable by anyone else
    for file in tmp_path.iterdir():
        assert file.stat().st_mode & 0o077 == 0, file.name
    table.close()


def test_an_old_world_readable_sqlite_file_is_closed_up(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    SqliteTable(path).close()
    path.chmod(0o644)
    SqliteTable(path).close()
    assert path.stat().st_mode & 0o777 == 0o600
