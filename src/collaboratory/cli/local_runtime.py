"""``collaboratory local-runtime``: a Jupyter server on this machine that the editor may connect to.

It starts ``jupyter_server`` (``pip install jupyter_server``) configured for one Collaboratory
origin: ``allow_origin`` and ``allow_credentials`` so the editor's page may call it across origins,
``Access-Control-Allow-Private-Network: true`` so Chrome's private-network preflight passes, a fresh
token, and a free port on the loopback address. It prints the URL with the token: paste it into
*Connect > Connect to a local runtime...*. The browser talks to this server directly; the service
never sees the token.
"""

from __future__ import annotations

import argparse
import secrets
import socket
import sys
from urllib.parse import urlsplit

DEFAULT_ORIGIN = "http://127.0.0.1:8000"
PRIVATE_NETWORK_HEADER = "Access-Control-Allow-Private-Network"
MISSING = (
    "error: jupyter_server is not installed in this Python environment.\n"
    "Install it with:  pip install jupyter_server"
)


def free_port(host: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def normalise_origin(origin: str) -> str:
    """``scheme://host[:port]`` exactly as a browser sends it in ``Origin`` (no path, no slash)."""
    parts = urlsplit(origin.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"not an origin: {origin!r} (expected e.g. {DEFAULT_ORIGIN})")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ValueError(f"an origin has no path: {origin!r} (expected e.g. {DEFAULT_ORIGIN})")
    return f"{parts.scheme}://{parts.netloc}".lower()


def server_argv(
    origin: str, host: str, port: int, token: str, root_dir: str | None, allow_root: bool = False
) -> list[str]:
    """The ``jupyter server`` command-line options this command uses."""
    argv = [
        f"--ServerApp.ip={host}",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        "--ServerApp.open_browser=False",
        f"--ServerApp.allow_origin={origin}",
        "--ServerApp.allow_credentials=True",
        f"--IdentityProvider.token={token}",
    ]
    if allow_root:
        argv.append("--ServerApp.allow_root=True")
    if root_dir is not None:
        argv.append(f"--ServerApp.root_dir={root_dir}")
    return argv


def cmd_local_runtime(args: argparse.Namespace) -> int:
    try:
        origin = normalise_origin(args.origin)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        from jupyter_server.serverapp import ServerApp
    except ImportError:
        print(MISSING, file=sys.stderr)
        return 1
    from traitlets.config import Config

    host: str = args.host
    port: int = args.port or free_port(host)
    token = secrets.token_hex(24)
    config = Config()
    # jupyter_server answers preflights without this header; Chrome requires it before a public
    # page may reach a loopback or private address. Every response carries it, which is harmless.
    config.ServerApp.tornado_settings = {"headers": {PRIVATE_NETWORK_HEADER: "true"}}
    app = ServerApp(config=config)
    app.initialize(argv=server_argv(origin, host, port, token, args.root_dir, args.allow_root))
    url = f"http://{host}:{app.port}/?token={token}"
    print(f"Local runtime for {origin}, running code as {_user()} in {app.root_dir}", flush=True)
    print("Paste this URL into Connect › Connect to a local runtime…:", flush=True)
    print(f"    {url}", flush=True)
    print("Stop it with Ctrl+C.", flush=True)
    app.start()
    return 0


def _user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "you"


def add_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sub = commands.add_parser(
        "local-runtime",
        help="start a Jupyter server on this machine for Connect to a local runtime",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub.add_argument(
        "--origin",
        default=DEFAULT_ORIGIN,
        help=f"the Collaboratory address the browser shows (default {DEFAULT_ORIGIN})",
    )
    sub.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    sub.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    sub.add_argument("--root-dir", help="the kernels' working directory (default: here)")
    sub.add_argument(
        "--allow-root", action="store_true", help="let root run it (Jupyter refuses by default)"
    )
    sub.set_defaults(run=cmd_local_runtime)
