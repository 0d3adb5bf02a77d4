"""``collaboratory`` command line."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from collaboratory import __version__
from collaboratory.cli import connect, images, local_runtime
from collaboratory.cli.run_notebook import add_command as add_run_command
from collaboratory.config import Settings, load_settings
from collaboratory.config.settings import ConfigError
from collaboratory.errors import ServiceError


def _settings(args: argparse.Namespace) -> Settings:
    overrides: dict[str, object] = {"data_dir": getattr(args, "data_dir", None)}
    server = {k: getattr(args, k, None) for k in ("host", "port")}
    settings = load_settings(args.config, **overrides)
    for key, value in server.items():
        if value is not None:
            setattr(settings.server, key, value)
    return settings


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from collaboratory.server import create_app
    from collaboratory.server.heap import freeze_startup_heap

    settings = _settings(args)
    app = create_app(settings, on_started=freeze_startup_heap)
    print(f"Collaboratory {__version__} on http://{settings.server.host}:{settings.server.port}")
    uvicorn.run(
        app,
        host=settings.server.host,
        port=settings.server.port,
        log_level=settings.server.log_level,
        proxy_headers=True,
    )
    return 0


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin or not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Password (again): ") != first:
        raise SystemExit("The passwords differ.")
    return first


async def _add_user(settings: Settings, name: str, password: str, admin: bool) -> str:
    from collaboratory.server.services import build_services

    svc = build_services(settings)
    await svc.start()
    try:
        user = await svc.accounts.create_user(name, password, is_admin=admin)
    finally:
        await svc.close()
    return user.username or name


def cmd_user_add(args: argparse.Namespace) -> int:
    settings = _settings(args)
    try:
        name = asyncio.run(_add_user(settings, args.name, _read_password(args), args.admin))
    except ServiceError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    print(f"Created {'administrator' if args.admin else 'user'} {name}.")
    return 0


def cmd_openapi(args: argparse.Namespace) -> int:
    from collaboratory.server import create_app

    schema = create_app(load_settings(data_dir=Path("/nonexistent-openapi"))).openapi()
    json.dump(schema, sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from collaboratory.server.services import build_services

    async def migrate() -> None:
        svc = build_services(_settings(args))
        await svc.start()
        await svc.close()

    asyncio.run(migrate())
    print("The database schema is up to date.")
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="collaboratory", description=__doc__)
    root.add_argument("--version", action="version", version=f"collaboratory {__version__}")
    commands = root.add_subparsers(dest="command", required=True)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("--config", type=Path, help="TOML configuration file")
        sub.add_argument("--data-dir", type=Path, help="data directory")
        return sub

    serve = add("serve", "serve the web app and API")
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port to listen on (default 8000)")
    serve.set_defaults(run=cmd_serve)

    user = commands.add_parser("user", help="manage users").add_subparsers(
        dest="action", required=True
    )
    user_add = user.add_parser("add", help="create a user (password from the terminal or stdin)")
    user_add.add_argument("name")
    user_add.add_argument("--admin", action="store_true", help="make the user an administrator")
    user_add.add_argument(
        "--password-stdin", action="store_true", help="read the password from stdin"
    )
    user_add.add_argument("--config", type=Path, help="TOML configuration file")
    user_add.add_argument("--data-dir", type=Path, help="data directory")
    user_add.set_defaults(run=cmd_user_add)

    add("migrate", "apply database migrations").set_defaults(run=cmd_migrate)
    images.add_commands(commands, _settings)
    local_runtime.add_command(commands)
    add_run_command(commands)
    connect.add_parser(commands)
    openapi = commands.add_parser("openapi", help="print the OpenAPI schema")
    openapi.set_defaults(run=cmd_openapi, config=None)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return code
