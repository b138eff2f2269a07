"""Upload → indexed → found, through the local server over real HTTP, as a browser does."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest

from tests.e2e.conftest import RunningServer, shared_server
from tests.e2e.test_local_server import login

GUIDE = b"""# Summit Paint Guide

## Zanzibar Quartz Blend

Zanzibar Quartz Blend is our private-label trim colour. It needs two coats over primer
and cures in 36 hours at 50 degrees or warmer.
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """One server for both: each test looks only at the upload it asked for."""
    with shared_server(tmp_path_factory, env={"HARD_E_LEAP_SIM": "false"}) as running:
        yield running


def test_uploaded_document_is_indexed_and_found(server: RunningServer) -> None:
    auth = {"Authorization": f"Bearer {login(server.url)}"}

    asked = httpx.post(
        f"{server.url}/api/v1/documents",
        json={"filename": "paint guide.md", "content_type": "text/markdown", "size": len(GUIDE)},
        headers=auth,
    )
    assert asked.status_code == 201, asked.text
    upload = asked.json()["upload"]
    sent = httpx.request(upload["method"], upload["url"], headers=upload["headers"], content=GUIDE)
    assert sent.status_code == 200, sent.text
    replay = httpx.request(
        upload["method"], upload["url"], headers=upload["headers"], content=GUIDE + b"x"
    )
    assert replay.status_code == 413  # the signed size is the size asked for

    document_id = asked.json()["document_id"]
    deadline = time.monotonic() + 20
    status = "pending"
    while time.monotonic() < deadline and status in ("pending", "processing"):
        time.sleep(0.2)
        status = httpx.get(f"{server.url}/api/v1/documents/{document_id}", headers=auth).json()[
            "document"
        ]["status"]
    assert status == "indexed"

    found = httpx.post(
        f"{server.url}/api/v1/tools/execute",
        json={"tool": "search_knowledge", "input": {"query": "Zanzibar Quartz Blend cure time"}},
        headers=auth,
    ).json()["result"]["results"]
    assert found[0]["document"] == "paint guide.md" and "36 hours" in found[0]["text"]

    answer = httpx.post(
        f"{server.url}/api/v1/chat",
        json={"message": "how long does the Zanzibar Quartz Blend trim colour take to cure?"},
        headers=auth,
    ).json()["reply"]
    assert "36 hours" in answer and "paint guide.md" in answer


def test_uploads_answer_cors_like_the_bucket(server: RunningServer) -> None:
    """The page may be opened as 127.0.0.1 while upload URLs say localhost (or S3)."""
    auth = {"Authorization": f"Bearer {login(server.url)}"}
    upload = httpx.post(
        f"{server.url}/api/v1/documents",
        json={"filename": "a.md", "content_type": "text/markdown", "size": 10},
        headers=auth,
    ).json()["upload"]
    url = upload["url"].replace("http://localhost:", "http://127.0.0.1:")

    preflight = httpx.options(
        url,
        headers={
            "Origin": "http://127.0.0.1:9999",
            "Access-Control-Request-Method": "PUT",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    sent = httpx.put(
        url, headers={**upload["headers"], "Origin": "http://x"}, content=b"# A\n\nText."
    )

    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "PUT" in preflight.headers["access-control-allow-methods"]
    assert sent.status_code == 200 and sent.headers["access-control-allow-origin"] == "*"
