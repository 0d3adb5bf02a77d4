"""``collaboratory connect``: this computer as a runtime of a Collaboratory service.

It starts kernels here when the service asks and dials *out* to the service over one websocket
authenticated by a personal API token (Tools > Settings > API tokens, or ``POST /api/tokens``):
no open port here, NAT is fine. The machine then appears under *Runtime > Change runtime type* as
*My machine (NAME)* for the token's user alone. A lost link is retried with backoff; what the
kernels print meanwhile waits here and is delivered when the link is back.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import socket
import sys
from pathlib import Path

from collaboratory.runtimes.remote.protocol import NAME_PATTERN, machine_type_id

URL_ENV, TOKEN_ENV = "COLLABORATORY_URL", "COLLABORATORY_TOKEN"


def default_name() -> str:
    host = socket.gethostname().split(".")[0]
    cleaned = "".join(c if c.isalnum() or c in "._-" else "-" for c in host)[:40]
    return cleaned if NAME_PATTERN.match(cleaned) else "my-machine"


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sub = commands.add_parser(
        "connect",
        help="offer this computer as a runtime of a Collaboratory service",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub.add_argument("--url", default=os.environ.get(URL_ENV), help=f"service URL (${URL_ENV})")
    sub.add_argument(
        "--token", default=os.environ.get(TOKEN_ENV), help=f"personal API token (${TOKEN_ENV})"
    )
    sub.add_argument("--name", default=default_name(), help="machine name (default: host name)")
    sub.add_argument("--kernel", default="python3", help="kernel spec to start (default python3)")
    sub.add_argument("--cwd", type=Path, default=Path.cwd(), help="kernels' working directory")
    sub.set_defaults(run=cmd_connect)


def cmd_connect(args: argparse.Namespace) -> int:
    if not args.url or not args.token:
        print(
            f"error: give --url and --token (or set {URL_ENV} and {TOKEN_ENV}).\n"
            "Create a token on the service: Tools › Settings › API tokens.",
            file=sys.stderr,
        )
        return 2
    if not NAME_PATTERN.match(args.name):
        print(
            "error: --name is 1 to 40 letters, digits, spaces, dots, dashes or underscores.",
            file=sys.stderr,
        )
        return 2
    from collaboratory.runtimes.remote.laptop import Laptop, LinkRefused

    try:
        laptop = Laptop(args.url, args.token, args.name, kernel_name=args.kernel, cwd=args.cwd)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    laptop.on_status = lambda line: print(line, flush=True)
    print(
        f"Offering this computer as 'My machine ({args.name})' "
        f"(runtime type {machine_type_id(args.name)}); Ctrl+C stops.",
        flush=True,
    )

    async def main() -> None:
        try:
            await laptop.run()
        finally:
            await laptop.close()

    try:
        asyncio.run(main())
    except LinkRefused as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        with contextlib.suppress(Exception):
            print("Stopped; the kernels on this computer are shut down.", flush=True)
    return 0
