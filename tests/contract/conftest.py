"""Fixtures that run one contract suite against every adapter of a port."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from functools import wraps
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws
from moto.dynamodb.responses import DynamoHandler

from hard_e.storage.blobs import Blobs
from hard_e.storage.dynamodb import DynamoTable, create_table
from hard_e.storage.local import LocalFolderBlobs
from hard_e.storage.s3 import S3Blobs
from hard_e.storage.sqlite import SqliteTable
from hard_e.storage.table import Table

REGION = "us-east-1"
TABLE_NAME = "hard-e-contract"
BUCKET_NAME = "hard-e-contract-docs"
SIGNING_KEY = b"contract-test-signing-key"
BASE_URL = "http://localhost:8000"


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="module")
def aws() -> Iterator[None]:
    """Moto in place of AWS, with fake credentials so nothing real can be reached.

    Module-scoped because building boto3 clients is the slow part; each test still
    gets its own table or bucket.
    """
    with pytest.MonkeyPatch.context() as patch:
        for name in ("AWS_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"):
            patch.delenv(name, raising=False)
        patch.setenv("AWS_ACCESS_KEY_ID", "testing")
        patch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        patch.setenv("AWS_SESSION_TOKEN", "testing")
        patch.setenv("AWS_DEFAULT_REGION", REGION)
        with mock_aws():
            yield


@pytest.fixture(scope="module")
def dynamodb_client(aws: None) -> Any:
    return boto3.client("dynamodb", region_name=REGION)


@pytest.fixture(scope="module")
def s3_client(aws: None) -> Any:
    return boto3.client("s3", region_name=REGION)


def unique_name(stem: str) -> str:
    return f"{stem}-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def atomic_moto_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make each moto DynamoDB write one atomic request, as the real service does.

    Moto checks a ConditionExpression and applies the write in plain Python with no
    lock, then builds the response from the live item after returning. Two threads can
    both pass one check, or read each other's result. Without this lock the race test
    fails under moto with any adapter, so it would measure moto, not our code.
    """
    lock = threading.RLock()

    def locked(handler: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(handler)
        def call(*args: Any, **kwargs: Any) -> Any:
            with lock:
                return handler(*args, **kwargs)

        return call

    for name in ("put_item", "update_item", "delete_item", "transact_write_items"):
        monkeypatch.setattr(DynamoHandler, name, locked(getattr(DynamoHandler, name)))


@pytest.fixture(params=["sqlite", "dynamodb"])
def table(request: pytest.FixtureRequest, tmp_path: Path, clock: FakeClock) -> Iterator[Table]:
    """The same `Table` contract, once per adapter."""
    if request.param == "sqlite":
        sqlite_table = SqliteTable(tmp_path / "table.sqlite3", clock=clock)
        yield sqlite_table
        sqlite_table.close()
        return
    client = request.getfixturevalue("dynamodb_client")
    request.getfixturevalue("atomic_moto_writes")
    name = unique_name(TABLE_NAME)
    create_table(client, name)
    yield DynamoTable(name, client=client, clock=clock)
    client.delete_table(TableName=name)


@pytest.fixture
def local_blobs(tmp_path: Path, clock: FakeClock) -> LocalFolderBlobs:
    return LocalFolderBlobs(
        tmp_path / "blobs", base_url=BASE_URL, signing_key=SIGNING_KEY, clock=clock
    )


@pytest.fixture
def s3_blobs(s3_client: Any, clock: FakeClock) -> S3Blobs:
    bucket = unique_name(BUCKET_NAME)
    s3_client.create_bucket(Bucket=bucket)
    return S3Blobs(bucket, client=s3_client, clock=clock)


@pytest.fixture(params=["local", "s3"])
def blobs(request: pytest.FixtureRequest) -> Blobs:
    """The same `Blobs` contract, once per adapter."""
    fixture = "local_blobs" if request.param == "local" else "s3_blobs"
    adapter: Blobs = request.getfixturevalue(fixture)
    return adapter
