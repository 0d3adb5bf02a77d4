"""Two ``collaboratory serve`` replicas on one real PostgreSQL, behind nginx."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.db.postgres import new_database, postgres_cluster
from tests.replicas.nginx import load_balancer
from tests.servers import Server, free_port


@dataclass
class Replicas:
    url: str  # the load balancer's
    servers: list[Server]

    def by_address(self, address: str) -> Server:
        """The replica nginx names by ``host:port``."""
        return next(s for s in self.servers if s.url.endswith(f"//{address}"))


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    with postgres_cluster() as url:
        yield url


@pytest.fixture
async def database_url(postgres: str) -> str:
    return await new_database(postgres, "replicas")


@asynccontextmanager
async def start_replicas(
    data_dir: Path, database_url: str, config: Path | None = None
) -> AsyncIterator[Replicas]:
    """Two replicas sharing the database and the data directory (the Drive's shared volume),
    behind nginx. The caller sets COLLABORATORY_DATABASE_URL to ``database_url``."""
    assert os.environ["COLLABORATORY_DATABASE_URL"] == database_url
    ports = [free_port(), free_port()]
    servers: list[Server] = []
    try:
        # Started together, as a Deployment's replicas are: their migrations take turns.
        starts = [
            asyncio.to_thread(Server, data_dir, port, config=config, start_seconds=120)
            for port in ports
        ]
        started = await asyncio.gather(*starts, return_exceptions=True)
        servers += [s for s in started if isinstance(s, Server)]
        for failed in started:
            if isinstance(failed, BaseException):
                raise failed
        with load_balancer([s.url.removeprefix("http://") for s in servers]) as url:
            yield Replicas(url, servers)
    finally:
        for server in servers:
            server.kill_all()


@pytest.fixture
async def replicas(
    tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Replicas]:
    monkeypatch.setenv("COLLABORATORY_DATABASE_URL", database_url)
    async with start_replicas(tmp_path / "data", database_url) as started:
        yield started
