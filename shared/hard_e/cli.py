"""``hard-e`` — the command line: serve the local runtime, seed the demo tenant."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hard-e", description="Hard-E, the AI sales director")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run Hard-E locally (seeds the demo company)")
    serve.add_argument("--host", default=None, help="address to listen on (HARD_E_HOST)")
    serve.add_argument("--port", type=int, default=None, help="port (HARD_E_PORT, default 8000)")

    commands.add_parser("seed", help="create the demo company if it is missing")

    args = parser.parse_args(argv)
    if args.command == "serve":
        return _serve(args.host, args.port)
    if args.command == "seed":
        return _seed()
    return 2  # pragma: no cover - argparse already refused


def _configure(host: str | None, port: int | None) -> None:
    if host is not None:
        os.environ["HARD_E_HOST"] = host
    if port is not None:
        os.environ["HARD_E_PORT"] = str(port)


def _seed() -> int:
    from hard_e.bootstrap import services
    from hard_e.local.seed import seed_demo

    demo = seed_demo(services())
    print(
        f"demo company ready: tenant {demo.tenant_id} ({'created' if demo.created else 'existing'})"
    )
    return 0


def _serve(host: str | None, port: int | None) -> int:
    _configure(host, port)
    from hard_e.bootstrap import services
    from hard_e.local.seed import DEMO_COMPANY, seed_demo
    from hard_e.local.server import LocalServer

    svc = services()
    settings = svc.settings
    demo = seed_demo(svc)
    try:
        server = LocalServer(host=settings.host, port=settings.port)
    except OSError as exc:
        print(
            f"hard-e: cannot listen on {settings.host}:{settings.port}: {exc.strerror}",
            file=sys.stderr,
        )
        print("hard-e: set HARD_E_PORT to use another port", file=sys.stderr)
        return 1
    brain = (
        "Claude" if svc.brain.name == "claude" else "offline reflex brain (no ANTHROPIC_API_KEY)"
    )
    print(
        "\n".join(
            [
                "",
                "  Hard-E is running",
                f"  open      http://localhost:{server.port}/",
                f"  company   {DEMO_COMPANY}",
                f"  login     {demo.email}",
                f"  password  {demo.password}",
                f"  brain     {brain}",
                f"  data      {settings.data_dir}",
                "  stop      Ctrl+C",
                "",
            ]
        ),
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("\nhard-e: stopped", flush=True)
    finally:
        server.httpd.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
