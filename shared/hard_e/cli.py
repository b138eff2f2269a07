"""``hard-e`` — the command line: serve the local runtime, run the Leap simulator, seed."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hard-e", description="Hard-E, the AI sales director")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run Hard-E locally (with the Leap simulator)")
    serve.add_argument("--host", default=None, help="address to listen on (HARD_E_HOST)")
    serve.add_argument("--port", type=int, default=None, help="port (HARD_E_PORT, default 8000)")

    sim = commands.add_parser("leap-sim", help="run the Leap CRM simulator on its own")
    sim.add_argument("--host", default="127.0.0.1")
    sim.add_argument("--port", type=int, default=8010)
    sim.add_argument("--seed", type=int, default=7, help="demo data seed")
    sim.add_argument("--latency-ms", type=float, default=0.0, help="delay every API call")
    sim.add_argument("--fault-rate", type=float, default=0.0, help="share of calls that fail")
    sim.add_argument("--no-rate-limit", action="store_true", help="switch off 60/minute")

    commands.add_parser("seed", help="create the demo company if it is missing")

    docs = commands.add_parser("docs", help="the company's documents (knowledge base)")
    docs_commands = docs.add_subparsers(dest="docs_command", required=True)
    add = docs_commands.add_parser("add", help="upload and index files (.pdf .docx .md .txt)")
    add.add_argument("files", nargs="+", help="files to add")
    add.add_argument("--email", default=None, help="who uploads (default: the demo admin)")
    listing = docs_commands.add_parser("list", help="documents and their status")
    listing.add_argument("--email", default=None, help="a user of the company (default: demo)")

    learn = commands.add_parser("learn", help="learn from idle conversations")
    learn.add_argument("--now", action="store_true", help="run once now (the loop does it anyway)")
    learn.add_argument(
        "--idle-minutes", type=int, default=None, help="how quiet a session must be (default 15)"
    )

    outbox = commands.add_parser("outbox", help="emails and texts sent in local mode")
    outbox.add_argument("--email", default=None, help="a user of the company (default: demo)")
    outbox.add_argument("--limit", type=int, default=20)

    mail = commands.add_parser(
        "mail", help="account mail (password reset links) sent to a person, in local mode"
    )
    mail.add_argument("email", help="whose mail")
    mail.add_argument("--limit", type=int, default=5)

    operators = commands.add_parser("operators", help="Hard-E's operators (who run it)")
    operators_commands = operators.add_subparsers(dest="operators_command", required=True)
    make_operator = operators_commands.add_parser("create", help="create an operator login")
    make_operator.add_argument("email")
    make_operator.add_argument("--name", default=None)
    make_operator.add_argument("--password", default=None, help="default: a random one, shown")
    operators_commands.add_parser("list", help="list operators")

    invites = commands.add_parser("invites", help="invite companies to a trial")
    invites_commands = invites.add_subparsers(dest="invites_command", required=True)
    make_invite = invites_commands.add_parser("create", help="a single-use trial invite link")
    make_invite.add_argument("--days", type=int, default=14, help="trial length (default 14)")
    make_invite.add_argument("--messages", type=int, default=200, help="messages (default 200)")
    make_invite.add_argument("--note", default="", help="who it is for")
    make_invite.add_argument("--valid-days", type=int, default=14, help="link validity")
    invites_commands.add_parser("list", help="list company invites")

    companies = commands.add_parser("companies", help="companies, their trials and usage")
    companies_commands = companies.add_subparsers(dest="companies_command", required=True)
    companies_commands.add_parser("list", help="every company with its plan and usage")
    extend = companies_commands.add_parser("extend", help="add days and/or messages to a trial")
    extend.add_argument("company", help="tenant id (or the exact company name)")
    extend.add_argument("--days", type=int, default=None, help="days added to the trial")
    extend.add_argument("--messages", type=int, default=None, help="messages added")
    convert = companies_commands.add_parser("convert", help="move a company to another plan")
    convert.add_argument("company", help="tenant id (or the exact company name)")
    convert.add_argument("--plan", choices=("paid", "trial"), default="paid")

    args = parser.parse_args(argv)
    if args.command in ("operators", "invites", "companies"):
        return _tenancy(args)
    if args.command == "serve":
        return _serve(args.host, args.port)
    if args.command == "leap-sim":
        return _leap_sim(args)
    if args.command == "seed":
        return _seed()
    if args.command == "outbox":
        return _outbox(args.email, args.limit)
    if args.command == "mail":
        return _account_mail(args.email, args.limit)
    if args.command == "learn":
        return _learn(args.idle_minutes)
    if args.command == "docs":
        from hard_e.knowledge.cli import add_documents, list_documents

        if args.docs_command == "add":
            return add_documents(args.files, email=args.email)
        return list_documents(email=args.email)
    return 2  # pragma: no cover - argparse already refused


def _tenancy(args: Any) -> int:
    from hard_e.tenancy import commands as c

    if args.command == "operators":
        if args.operators_command == "create":
            return c.create_operator_command(args.email, args.name, args.password)
        return c.list_operators_command()
    if args.command == "companies":
        if args.companies_command == "list":
            return c.list_companies_command()
        if args.companies_command == "extend":
            return c.change_company_command(args.company, days=args.days, messages=args.messages)
        return c.change_company_command(args.company, plan=args.plan)
    if args.invites_command == "create":
        return c.create_invite_command(args.days, args.messages, args.note, args.valid_days)
    return c.list_invites_command()


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


def _learn(idle_minutes: int | None) -> int:
    from hard_e import aio
    from hard_e.bootstrap import services

    learner = services().learner
    wait = None if idle_minutes is None else idle_minutes * 60
    report = aio.run(learner.run(idle_seconds=wait))
    print(
        f"learned from {report.sessions_learned} of {report.sessions_seen} idle sessions: "
        f"{report.items_added} new, {report.items_merged} confirmed, "
        f"{report.items_superseded} updated; tokens in {report.input_tokens}, "
        f"out {report.output_tokens}"
    )
    return 0


def _outbox(email: str | None, limit: int) -> int:
    import time

    from hard_e.bootstrap import services
    from hard_e.local.seed import DEMO_EMAIL
    from hard_e.messaging.outbox import LocalOutbox

    svc = services()
    if not isinstance(svc.messenger, LocalOutbox):
        print("hard-e: the outbox exists only in local mode", file=sys.stderr)
        return 1
    user = svc.directory.find_user_by_email(email or DEMO_EMAIL)
    if user is None:
        print(f"hard-e: no user {email or DEMO_EMAIL}", file=sys.stderr)
        return 1
    messages = svc.messenger.list(user.tenant_id, limit=limit)
    if not messages:
        print("outbox is empty")
    for m in messages:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(m["sent_at"]))
        subject = f" [{m['subject']}]" if m.get("subject") else ""
        print(f"{when}  {m['channel']:5}  {m['to']}{subject}  {m['body'][:70]!r}")
    return 0


def _account_mail(email: str, limit: int) -> int:
    """What the person would find in their inbox: local mode has no mail server, so
    whoever runs Hard-E reads it here (the company's admins never see it)."""
    import time

    from hard_e.bootstrap import services
    from hard_e.messaging.outbox import LocalOutbox

    svc = services()
    if not isinstance(svc.messenger, LocalOutbox):
        print("hard-e: on AWS account mail goes out by email (SES)", file=sys.stderr)
        return 1
    user = svc.directory.find_user_by_email(email)
    messages = svc.messenger.account_mail(user.tenant_id, email, limit=limit) if user else []
    if not messages:
        print(f"no account mail for {email}")
    for m in messages:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(m["sent_at"]))
        print(f"{when}  {m['to']}  [{m['subject']}]\n{m['body']}\n")
    return 0


def _leap_sim(args: Any) -> int:
    from hard_e.crm.simulator.server import DEMO_TOKEN, LeapSimulator

    try:
        sim = LeapSimulator(
            host=args.host,
            port=args.port,
            seed=args.seed,
            rate_limit=not args.no_rate_limit,
            latency_ms=args.latency_ms,
            fault_rate=args.fault_rate,
            quiet=False,
        )
    except OSError as exc:
        print(f"hard-e: cannot listen on {args.host}:{args.port}: {exc.strerror}", file=sys.stderr)
        return 1
    print(f"Leap simulator at {sim.base_url}  token {DEMO_TOKEN}  (Ctrl+C stops)", flush=True)
    try:
        sim.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        sim.httpd.server_close()
    return 0


def _serve(host: str | None, port: int | None) -> int:
    _configure(host, port)
    from hard_e.bootstrap import services
    from hard_e.local.seed import DEMO_COMPANY, seed_demo
    from hard_e.local.server import LocalServer
    from hard_e.tenancy.credentials import CrmCredentials

    svc = services()
    settings = svc.settings
    sim = None
    leap = None
    if settings.leap_sim:
        from hard_e.crm.simulator.server import DEMO_TOKEN, LeapSimulator

        try:
            sim = LeapSimulator(host="127.0.0.1", port=settings.leap_sim_port).start()
        except OSError as exc:
            print(
                f"hard-e: cannot start the Leap simulator on port {settings.leap_sim_port}: "
                f"{exc.strerror} (set HARD_E_LEAP_SIM_PORT)",
                file=sys.stderr,
            )
            return 1
        leap = CrmCredentials(provider="leap", token=DEMO_TOKEN, base_url=sim.base_url)
    demo = seed_demo(svc, leap=leap)
    try:
        server = LocalServer(host=settings.host, port=settings.port)
    except OSError as exc:
        print(
            f"hard-e: cannot listen on {settings.host}:{settings.port}: {exc.strerror}",
            file=sys.stderr,
        )
        print("hard-e: set HARD_E_PORT to use another port", file=sys.stderr)
        if sim:
            sim.stop()
        return 1
    voice = _start_voice(settings.voice_port) if settings.voice else None
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
                f"  CRM       {'Leap simulator at ' + sim.base_url if sim else 'not connected'}",
                f"  data      {settings.data_dir}",
                f"  voice     {_voice_line(voice, settings.voice_port)}",
                "  stop      Ctrl+C",
                "",
            ]
        ),
        flush=True,
    )
    if settings.learner:
        server.start_learning_loop(settings.learner_interval_seconds)
    import signal

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stop cleanly: the worker too
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("\nhard-e: stopped", flush=True)
    finally:
        server.httpd.server_close()
        if sim:
            sim.stop()
        if voice is not None:
            voice.terminate()
            voice.wait(timeout=10)
    return 0


def _start_voice(port: int) -> Any:
    """The voice worker beside the API (``python -m voice_worker``), or None if this
    checkout has none."""
    import subprocess
    from pathlib import Path

    import hard_e

    root = Path(hard_e.__file__).resolve().parents[2]
    if not (root / "voice_worker" / "__main__.py").is_file():
        return None
    env = {**os.environ, "HARD_E_VOICE_PORT": str(port)}
    return subprocess.Popen(
        [sys.executable, "-m", "voice_worker"], cwd=root, env=env, preexec_fn=_die_with_parent
    )


def _die_with_parent() -> None:
    """In the worker's process: end when `hard-e serve` ends, however it ends (Linux)."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _voice_line(voice: Any, port: int) -> str:
    if voice is None:
        return "off (HARD_E_VOICE=0 or no voice_worker/)"
    return f"worker on :{port}, press the microphone in the page"


if __name__ == "__main__":
    sys.exit(main())
