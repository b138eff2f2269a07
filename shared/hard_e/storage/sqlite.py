"""`Table` on one SQLite file: the local adapter, with DynamoDB's semantics.

Safe across threads (one connection per thread) and processes (WAL journal, a busy
timeout, and ``BEGIN IMMEDIATE`` around every read-then-write), so the local server
and a CLI can share the file. The file is readable by its owner only.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

from hard_e.storage.exceptions import (
    CeilingReachedError,
    ConditionFailedError,
    StorageError,
)
from hard_e.storage.table import (
    GSI1_PK,
    GSI1_SK,
    PK,
    SK,
    TTL_ATTRIBUTE,
    Clock,
    Condition,
    Item,
    QuerySpec,
    Table,
    condition_holds,
    number_from_decimal,
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    pk TEXT NOT NULL,
    sk TEXT NOT NULL,
    ttl NUMERIC,
    gsi1pk TEXT,
    gsi1sk TEXT,
    data TEXT NOT NULL,
    PRIMARY KEY (pk, sk)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS items_gsi1 ON items (gsi1pk, gsi1sk, pk, sk)
    WHERE gsi1pk IS NOT NULL AND gsi1sk IS NOT NULL;
"""
_UPSERT = (
    "INSERT OR REPLACE INTO items (pk, sk, ttl, gsi1pk, gsi1sk, data) VALUES (?, ?, ?, ?, ?, ?)"
)
_LIVE = "(ttl IS NULL OR ttl > ?)"
_GET_LIVE = "SELECT data FROM items WHERE pk = ? AND sk = ? AND (ttl IS NULL OR ttl > ?)"


class SqliteTable(Table):
    """The single table in a SQLite file, created on first open."""

    def __init__(
        self, path: str | Path, *, clock: Clock | None = None, busy_timeout: float = 30.0
    ) -> None:
        super().__init__(clock=clock)
        self._path = str(path)
        if self._path == ":memory:" or self._path.startswith("file:"):
            raise ValueError("SqliteTable needs a file path: each thread opens its own connection")
        self._busy_timeout = busy_timeout
        _create_private(Path(self._path))
        self._local = threading.local()
        self._connections: list[tuple[threading.Thread, sqlite3.Connection]] = []
        self._lock = threading.Lock()
        conn = self._connection()
        conn.execute("PRAGMA journal_mode = WAL")
        conn.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            connections, self._connections = self._connections, []
        for _, conn in connections:
            conn.close()
        self._local = threading.local()

    def _get(self, pk: str, sk: str, *, now: float) -> Item | None:
        return self._read(self._connection(), pk, sk, now)

    def _put(self, item: Item, *, condition: Condition | None, now: float) -> None:
        row = _row(item)
        if condition is None:
            self._connection().execute(_UPSERT, row)
            return
        with self._transaction() as conn:
            self._check(conn, item[PK], item[SK], condition, now)
            conn.execute(_UPSERT, row)

    def _delete(self, pk: str, sk: str, *, condition: Condition | None, now: float) -> None:
        if condition is None:
            self._connection().execute("DELETE FROM items WHERE pk = ? AND sk = ?", (pk, sk))
            return
        with self._transaction() as conn:
            self._check(conn, pk, sk, condition, now)
            conn.execute("DELETE FROM items WHERE pk = ? AND sk = ?", (pk, sk))

    def _query(
        self, spec: QuerySpec, *, after: dict[str, str] | None, wanted: int | None, now: float
    ) -> list[Item]:
        # Column names come from QuerySpec's constants, never from the caller.
        part, sort = spec.partition_attribute, spec.sort_attribute
        where = [f"{part} = ?", _LIVE]
        params: list[Any] = [spec.pk, now]
        if spec.index:
            where.append(f"{GSI1_SK} IS NOT NULL")
        if spec.prefix is not None:
            where.append(f"{sort} >= ? AND substr({sort}, 1, ?) = ?")
            params += [spec.prefix, len(spec.prefix), spec.prefix]
        if spec.between is not None:
            where.append(f"{sort} BETWEEN ? AND ?")
            params += list(spec.between)
        order = (sort, PK, SK) if spec.index else (SK,)
        if after is not None:
            where.append(
                f"({', '.join(order)}) {'<' if spec.descending else '>'} "
                f"({', '.join('?' * len(order))})"
            )
            params += [after[name] for name in order]
        direction = " DESC" if spec.descending else ""
        sql = (
            f"SELECT data FROM items WHERE {' AND '.join(where)}"  # noqa: S608 - see above
            f" ORDER BY {', '.join(name + direction for name in order)}"
        )
        if wanted is not None:
            sql += " LIMIT ?"
            params.append(wanted)
        return [_load(data) for (data,) in self._connection().execute(sql, params)]

    def _scan(self, pk_prefix: str) -> list[Item]:
        rows = self._connection().execute(
            "SELECT data FROM items WHERE substr(pk, 1, ?) = ? ORDER BY pk, sk",
            (len(pk_prefix), pk_prefix),
        )
        return [_load(data) for (data,) in rows]

    def _increment(
        self,
        pk: str,
        sk: str,
        *,
        by: int,
        ceiling: int | None,
        ttl: int | None,
        attribute: str,
        now: float,
    ) -> int:
        with self._transaction() as conn:
            item = self._read(conn, pk, sk, now) or {PK: pk, SK: sk}
            current = item.get(attribute, 0)
            if isinstance(current, bool) or not isinstance(current, int):
                raise StorageError(f"{attribute!r} of ({pk}, {sk}) is not an integer counter")
            value = current + by
            if ceiling is not None and value > ceiling:
                raise CeilingReachedError(f"({pk}, {sk}) {attribute} would exceed {ceiling}")
            item[attribute] = value
            if ttl is not None:
                item[TTL_ATTRIBUTE] = ttl
            conn.execute(_UPSERT, _row(item))
        return value

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(
                self._path,
                timeout=self._busy_timeout,
                isolation_level=None,  # autocommit; transactions are explicit
                check_same_thread=False,  # only so close() can close every thread's connection
            )
            conn.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout * 1000)}")
            conn.execute("PRAGMA synchronous = NORMAL")
            self._local.conn = conn
            with self._lock:
                # Close what finished threads left behind, then remember this one.
                for thread, old in self._connections:
                    if not thread.is_alive():
                        old.close()
                self._connections = [
                    (thread, old) for thread, old in self._connections if thread.is_alive()
                ]
                self._connections.append((threading.current_thread(), conn))
        return conn

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction that holds the file's write lock from its first read."""
        conn = self._connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _read(self, conn: sqlite3.Connection, pk: str, sk: str, now: float) -> Item | None:
        row = conn.execute(_GET_LIVE, (pk, sk, now)).fetchone()
        return None if row is None else _load(row[0])

    def _check(
        self, conn: sqlite3.Connection, pk: str, sk: str, condition: Condition, now: float
    ) -> None:
        if not condition_holds(condition, self._read(conn, pk, sk, now)):
            raise ConditionFailedError(f"({pk}, {sk}): {condition} does not hold")


def _create_private(path: Path) -> None:
    """Create the file owner-only (0600) before SQLite opens it: it holds password hashes.

    SQLite gives its ``-wal`` and ``-shm`` files the database file's permissions.
    """
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        if path.stat().st_mode & 0o077:  # made by an older version: close it up
            path.chmod(0o600)


def _row(item: Item) -> tuple[Any, ...]:
    """The ``items`` row for a validated item: indexed columns, then the whole item as JSON."""
    data = json.dumps(item, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return (
        item[PK],
        item[SK],
        item.get(TTL_ATTRIBUTE),
        item.get(GSI1_PK),
        item.get(GSI1_SK),
        data,
    )


def _load(data: str) -> Item:
    item: Item = json.loads(data, parse_float=lambda text: number_from_decimal(Decimal(text)))
    return item
