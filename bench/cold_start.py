"""Cold start per function: import of ``functions/<name>/handler.py`` + its first request.

Each sample is a fresh interpreter (as a new Lambda instance is), timed from just before
the handler module is imported to the first response — what Lambda bills as init plus
the first invocation. Local mode (SQLite), a seeded demo company, no Claude key.
Run: ``.venv/bin/python bench/cold_start.py [runs]``.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL_MS = 400.0
GOAL_FUNCTIONS = ("chat", "tools")  # the issue's goal; the others are reported

# name -> (method, path, body) of the first request; None: a non-HTTP event
FIRST_REQUESTS: dict[str, tuple[str, str, dict[str, object] | None] | None] = {
    "auth": ("GET", "/api/v1/api-keys", None),
    "chat": ("POST", "/api/v1/chat", {"message": "hello"}),
    "tools": ("GET", "/api/v1/tools", None),
    "documents": ("GET", "/api/v1/documents", None),
    "memory": ("GET", "/api/v1/memory", None),
    "mcp": ("POST", "/mcp", {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}),
    "learner": None,
}

CHILD = r"""
import importlib.util, json, sys, time
name, auth, request = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
started = time.perf_counter()
spec = importlib.util.spec_from_file_location("handler", sys.argv[4])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
imported = time.perf_counter()
from hard_e.local.events import LocalLambdaContext, http_api_event, scheduled_event
if request is None:
    event = scheduled_event()
else:
    method, path, body = request
    headers = {**auth, "content-type": "application/json",
               "accept": "application/json, text/event-stream"}
    event = http_api_event(method, path, headers=headers,
                           body=json.dumps(body).encode() if body is not None else None)
result = module.handler(event, LocalLambdaContext(function_name=name))
done = time.perf_counter()
status = result.get("statusCode", 200) if isinstance(result, dict) else 200
print(json.dumps({"import_ms": (imported - started) * 1000,
                  "total_ms": (done - started) * 1000, "status": status}))
"""


def seed(home: Path) -> tuple[str, str]:
    """The demo company in a fresh local home; a token for its admin and an API key."""
    from hard_e.auth.api_keys import KeyScope
    from hard_e.bootstrap import build_services
    from hard_e.config import Settings
    from hard_e.local.seed import DEMO_EMAIL, seed_demo

    services = build_services(Settings(home=home, bcrypt_rounds=4))
    seed_demo(services)
    user = services.directory.find_user_by_email(DEMO_EMAIL)
    assert user is not None
    key = services.api_keys.create(
        user.tenant_id,
        name="bench",
        scope=KeyScope(tiers=frozenset({"green"})),
        created_by=user.user_id,
        rate_limit=1000,
    )
    return services.tokens.issue(user).token, key.secret


def sample(name: str, auth: tuple[str, str], home: Path) -> dict[str, float]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "HARD_E_ANTHROPIC"))
    }
    env |= {"HARD_E_HOME": str(home), "HARD_E_LEARNER": "false", "PYTHONDONTWRITEBYTECODE": "1"}
    handler = ROOT / "functions" / name / "handler.py"
    token, api_key = auth
    headers = {"x-api-key": api_key} if name == "mcp" else {"authorization": f"Bearer {token}"}
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            CHILD,
            name,
            json.dumps(headers),
            json.dumps(FIRST_REQUESTS[name]),
            str(handler),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    if int(result["status"]) >= 400:
        raise SystemExit(f"{name}: first request answered {result['status']}")
    return result


def main(runs: int = 3) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        auth = seed(home)
        medians: dict[str, float] = {}
        print(f"{'function':<10} {'import ms':>10} {'import+first ms':>16}  (median of {runs})")
        for name in FIRST_REQUESTS:
            samples = [sample(name, auth, home) for _ in range(runs)]
            imported = statistics.median(s["import_ms"] for s in samples)
            medians[name] = statistics.median(s["total_ms"] for s in samples)
            print(f"{name:<10} {imported:>10.0f} {medians[name]:>16.0f}")
    worst = max(medians[name] for name in GOAL_FUNCTIONS)
    print(f"RESULT cold_start_chat_tools_max {worst:.0f} ms goal <= {GOAL_MS:.0f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
