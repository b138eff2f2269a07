"""Bad input gets a 4xx or a timeout, never a 500: deep nesting, bad headers and stalled
bodies, on the Lambda side and on both local HTTP services."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator

import pytest

from hard_e.bootstrap import Services
from hard_e.crm.simulator.server import LeapSimulator
from hard_e.local import http_service
from hard_e.local.server import LocalServer
from tests.conftest import Gateway
from tests.security.figures import record
from tests.support.servers import quick_local_server

DEEP_ARRAY = b'{"email": ' + b"[" * 1000 + b"]" * 1000 + b', "password": "x"}'
DEEP_OBJECT = b'{"email": ' + b'{"a":' * 1000 + b"1" + b"}" * 1000 + b', "password": "x"}'


@pytest.mark.parametrize("body", [DEEP_ARRAY, DEEP_OBJECT], ids=["arrays", "objects"])
def test_thousand_deep_json_on_public_login_is_a_quiet_400(
    gateway: Gateway, services: Services, body: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    result = gateway.request("POST", "/api/v1/auth/login", function="auth", raw_body=body)

    assert result.status == 400
    assert result.json()["error"]["code"] == "too_deeply_nested"
    logged = capsys.readouterr()
    assert "Traceback" not in logged.out + logged.err  # no log flood per request
    kind = "arrays" if body is DEEP_ARRAY else "objects"
    record(f"1,000-deep JSON on login ({kind})", f"HTTP {result.status}, 0 tracebacks", "4xx", True)


def test_reasonable_nesting_still_reaches_validation(gateway: Gateway, services: Services) -> None:
    body = {"tool": "search_jobs", "input": {"a": {"b": {"c": [[[1]]]}}}}
    result = gateway.request("POST", "/api/v1/auth/login", function="auth", json_body=body)
    assert result.status == 422


@pytest.fixture
def short_stall(monkeypatch: pytest.MonkeyPatch) -> float:
    monkeypatch.setattr(http_service.RequestHandler, "timeout", 0.5)
    return 0.5


@pytest.fixture
def local_server(services: Services, short_stall: float) -> Iterator[LocalServer]:
    with quick_local_server() as server:
        yield server


@pytest.fixture
def simulator(short_stall: float) -> Iterator[LeapSimulator]:
    with LeapSimulator(rate_limit=False) as sim:
        yield sim


def raw_exchange(port: int, request: bytes, *, wait: float = 5.0) -> tuple[int, dict[str, str]]:
    """Send bytes as they are and read the status line and a JSON body."""
    with socket.create_connection(("127.0.0.1", port), timeout=wait) as sock:
        sock.sendall(request)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        headers = dict(
            line.split(": ", 1) for line in head.decode().split("\r\n")[1:] if ": " in line
        )
        length = int(headers.get("Content-Length", "0"))
        while len(rest) < length:
            chunk = sock.recv(65536)
            if not chunk:
                break
            rest += chunk
    status = int(head.split(b" ")[1])
    return status, json.loads(rest) if rest else {}


def post(path: str, *, length: str, body: bytes = b"", host: str = "localhost") -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {length}\r\n\r\n"
    ).encode() + body


@pytest.mark.parametrize("length", ["abc", "-5", "1, 2", ""])
def test_a_bad_content_length_is_a_400_on_both_local_services(
    local_server: LocalServer, simulator: LeapSimulator, length: str
) -> None:
    ours = raw_exchange(local_server.port, post("/api/v1/auth/login", length=length))
    leap = raw_exchange(simulator.port, post("/api/v3/customers", length=length))
    assert ours[0] == 400 and ours[1]["error"]["code"] == "bad_content_length"
    assert leap[0] == 400 and leap[1]["error"]["status_code"] == 400
    if length == "abc":
        record(
            "Content-Length: abc (local server, simulator)", f"{ours[0]}, {leap[0]}", "4xx", True
        )


def test_a_stalled_body_is_cut_off_with_a_408(
    local_server: LocalServer, short_stall: float
) -> None:
    started = time.monotonic()
    status, body = raw_exchange(
        local_server.port, post("/api/v1/auth/login", length="500", body=b'{"email": '), wait=5
    )
    took = time.monotonic() - started
    assert (status, body["error"]["code"]) == (408, "request_timeout")
    assert took < 5
    record("stalled request body", f"{status} after {took:.1f} s", "timeout", True)


def test_a_connection_that_never_sends_headers_is_closed(
    local_server: LocalServer, short_stall: float
) -> None:
    with socket.create_connection(("127.0.0.1", local_server.port), timeout=5) as sock:
        sock.sendall(b"POST /api/v1/chat HTTP/1.1\r\nHost: x\r\n")  # and then nothing
        assert sock.recv(1024) == b""  # the server hung up instead of waiting for ever


def test_a_chunked_body_without_length_is_a_411(local_server: LocalServer) -> None:
    request = (
        b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"5\r\nhello\r\n0\r\n\r\n"
    )
    assert raw_exchange(local_server.port, request)[0] == 411


def test_deep_json_through_the_local_server_is_a_400(local_server: LocalServer) -> None:
    status, body = raw_exchange(
        local_server.port, post("/api/v1/auth/login", length=str(len(DEEP_ARRAY)), body=DEEP_ARRAY)
    )
    assert (status, body["error"]["code"]) == (400, "too_deeply_nested")
