"""The principal and the security schemes live in api/security.py: routers never import
the app that includes them, and every entry point shares one token check."""

from __future__ import annotations

import subprocess
import sys

from hard_e.api.security import bearer_token

_IMPORT_ROUTERS = """
import sys
import hard_e.api.auth_routes, hard_e.api.chat_routes, hard_e.api.tools_routes
import hard_e.api.documents_routes, hard_e.api.memory_routes, hard_e.api.meta_routes
assert "hard_e.api.app" not in sys.modules, "a router imported the app"
"""


def test_routers_import_without_the_app() -> None:
    done = subprocess.run([sys.executable, "-c", _IMPORT_ROUTERS], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]


def test_bearer_token_reads_any_header_case_and_refuses_other_schemes() -> None:
    assert bearer_token({"Authorization": "Bearer abc"}) == "abc"
    assert bearer_token({"authorization": "bearer  abc "}) == "abc"
    assert bearer_token({"authorization": "Basic abc"}) == ""
    assert bearer_token(None) == ""
