"""Cold start per function: import of the function's handler + its first request.

Each sample is a fresh interpreter (as a new Lambda instance is), timed from just before
the handler module is imported to the first response — what Lambda bills as init plus
the first invocation. Local mode (SQLite), a seeded demo company, no Claude key.

The code is what Lambda runs: the function's bundle (``infra.assets.build_function``) and
a layer of the pyproject dependencies (``infra.assets.build_layer``, with wheels for this
machine, since the deployed layer's are arm64), alone on ``sys.path`` of an isolated
interpreter that cannot write bytecode (Lambda's code folders are read-only). Built under
``build/cold-start/`` (the layer once, ~140 MB).

Run: ``.venv/bin/python bench/cold_start.py [runs] [--plain] [--source]``
  ``--plain``   bundle and layer without .pyc files (how they shipped before compiling)
  ``--source``  the repository's handler and the project's virtualenv instead
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build" / "cold-start"
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
sys.path[:0] = json.loads(sys.argv[5])
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


def host_pip_install(requirements: list[str] | tuple[str, ...], target: Path) -> None:
    """The layer's dependencies as wheels for this machine (the deployed layer is arm64)."""
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--no-compile",
               "--disable-pip-version-check", "--only-binary=:all:", "--target", str(target),
               *requirements]  # fmt: skip
    subprocess.run(command, check=True)


def build_code(*, compiled: bool) -> tuple[Path, Path]:
    """The layer folder and the folder the bundles are in, built as ``make assets`` does."""
    sys.path.insert(0, str(ROOT))  # infra/ is not an installed package
    from infra.assets import build_function, build_layer
    from infra.constants import FUNCTIONS_SUBDIR, PACKAGE_SUBDIR

    variant = BUILD / ("compiled" if compiled else "plain")
    layer = variant / "layer"
    build_layer(ROOT / "pyproject.toml", layer, install=host_pip_install, compiled=compiled)
    for name in FIRST_REQUESTS:
        build_function(
            name,
            functions_dir=ROOT / FUNCTIONS_SUBDIR,
            package_dir=ROOT / PACKAGE_SUBDIR,
            out_dir=variant / "functions",
            compiled=compiled,
        )
    return layer / "python", variant / "functions"


def child_command(name: str, code: tuple[Path, Path] | None) -> tuple[list[str], Path, list[str]]:
    """Interpreter flags, the handler file and the extra ``sys.path`` entries."""
    if code is None:  # the repository and its virtualenv
        return [], ROOT / "functions" / name / "handler.py", []
    layer, functions = code
    bundle = functions / name
    # -I: no user site, no PYTHON* variables, no script folder; -S: no site-packages;
    # -B: no bytecode written. sys.path is then the bundle, the layer and the standard
    # library, as on Lambda (/var/task, /opt/python, the runtime's lib).
    return ["-I", "-S", "-B"], bundle / "handler.py", [str(bundle), str(layer)]


def sample(
    name: str, auth: tuple[str, str], home: Path, code: tuple[Path, Path] | None
) -> dict[str, float]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "HARD_E_ANTHROPIC"))
    }
    env |= {"HARD_E_HOME": str(home), "HARD_E_LEARNER": "false", "PYTHONDONTWRITEBYTECODE": "1"}
    flags, handler, path = child_command(name, code)
    token, api_key = auth
    headers = {"x-api-key": api_key} if name == "mcp" else {"authorization": f"Bearer {token}"}
    out = subprocess.run(
        [
            sys.executable,
            *flags,
            "-c",
            CHILD,
            name,
            json.dumps(headers),
            json.dumps(FIRST_REQUESTS[name]),
            str(handler),
            json.dumps(path),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    if out.returncode != 0:
        raise SystemExit(f"{name}: the cold start failed\n{out.stderr}")
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    if int(result["status"]) >= 400:
        raise SystemExit(f"{name}: first request answered {result['status']}")
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="?", type=int, default=3)
    parser.add_argument("--plain", action="store_true", help="bundle and layer without .pyc")
    parser.add_argument("--source", action="store_true", help="the repository and its venv")
    args = parser.parse_args(argv)
    code = None if args.source else build_code(compiled=not args.plain)
    what = "source + venv" if args.source else ("plain" if args.plain else "compiled") + " bundle"
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        auth = seed(home)
        medians: dict[str, float] = {}
        header = f"{'function':<10} {'import ms':>10} {'import+first ms':>16}"
        print(f"{header}  ({what}, median of {args.runs})")
        for name in FIRST_REQUESTS:
            samples = [sample(name, auth, home, code) for _ in range(args.runs)]
            imported = statistics.median(s["import_ms"] for s in samples)
            medians[name] = statistics.median(s["total_ms"] for s in samples)
            print(f"{name:<10} {imported:>10.0f} {medians[name]:>16.0f}")
    worst = max(medians[name] for name in GOAL_FUNCTIONS)
    print(f"RESULT cold_start_chat_tools_max {worst:.0f} ms goal <= {GOAL_MS:.0f}")


if __name__ == "__main__":
    main()
