"""A throwaway PostgreSQL cluster for tests: initdb into a temp dir, listen on a free port."""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import asyncpg  # type: ignore[import-untyped]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _as_postgres(argv: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root; tests here often do."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *argv]
    return argv


@contextmanager
def postgres_cluster() -> Iterator[str]:
    """Yields the server's admin URL (asyncpg form); stops and removes the cluster afterwards.

    The cluster lives in its own directory under /tmp because pytest's temporary directories
    are private to root, and the server runs as the postgres user.
    """
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb is None or pg_ctl is None:
        raise RuntimeError("PostgreSQL is not installed; `make test` installs it.")
    base = Path(tempfile.mkdtemp(prefix="collaboratory-pg-"))
    data = base / "pgdata"
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
    port = _free_port()
    quiet = {"check": True, "stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE}
    subprocess.run(
        _as_postgres([initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"]),
        **quiet,  # type: ignore[call-overload]
    )
    options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        _as_postgres(
            [pg_ctl, "-D", str(data), "-o", options, "-w", "-l", str(base / "log"), "start"]
        ),
        **quiet,  # type: ignore[call-overload]
    )
    try:
        yield f"postgresql+asyncpg://postgres@127.0.0.1:{port}"
    finally:
        stop = [pg_ctl, "-D", str(data), "-m", "immediate", "stop"]
        subprocess.run(_as_postgres(stop), **quiet)  # type: ignore[call-overload]
        shutil.rmtree(base, ignore_errors=True)


_databases = itertools.count()


async def new_database(cluster_url: str, prefix: str) -> str:
    """The URL of a fresh, empty database in the cluster at ``cluster_url``."""
    name = f"{prefix}_{next(_databases)}"
    conn = await asyncpg.connect(cluster_url.replace("+asyncpg", "") + "/postgres")
    try:
        await conn.execute(f"CREATE DATABASE {name}")
    finally:
        await conn.close()
    return f"{cluster_url}/{name}"
