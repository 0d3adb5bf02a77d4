"""``GET /metrics``: off by default, token only, and every metric present and moving when it
should, scraped from a real server with real runtimes; the Grafana dashboard uses only them."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.clients import ApiClient, code_cell, error_of, notebook_bytes
from tests.documents.client import sync_client
from tests.documents.conftest import token_of

TOKEN = "scrape-token-for-the-tests-0123456789"
DASHBOARD = Path(__file__).resolve().parents[2] / "deploy" / "grafana" / "collaboratory.json"
METRICS = {
    "collaboratory_runtimes": "gauge",
    "collaboratory_accelerator_queue_length": "gauge",
    "collaboratory_accelerators": "gauge",
    "collaboratory_accelerator_wait_seconds": "histogram",
    "collaboratory_runtime_connect_seconds": "histogram",
    "collaboratory_cell_execute_seconds": "histogram",
    "collaboratory_sync_clients": "gauge",
    "collaboratory_loaded_rooms": "gauge",
    "collaboratory_update_log_rows": "gauge",
    "collaboratory_update_log_bytes": "gauge",
    "collaboratory_runtime_culls": "counter",
    "collaboratory_errors": "counter",
}
ON = {
    "metrics": {"token": TOKEN},
    "accelerators": {"gpu": ["0"]},
    "runtimes": {
        "cull_interval_seconds": 0.2,
        "types": {"short": {"name": "Short", "idle_timeout_seconds": 2, "warm_pool": 0}},
    },
}
Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


class Scraper:
    def __init__(self, base_url: str) -> None:
        self.url = f"{base_url}/metrics"
        self.text = ""

    async def __call__(self) -> Samples:
        async with httpx.AsyncClient() as c:
            response = await c.get(self.url, headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("text/plain")
        self.text = response.text
        return {
            (s.name, frozenset(s.labels.items())): s.value
            for family in text_string_to_metric_families(response.text)
            for s in family.samples
        }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


# Generous: the first runtime of a test session waits for its image build, on a busy machine.
async def until(scrape: Scraper, check: Callable[[Samples], bool], within: float = 300) -> Samples:
    deadline = asyncio.get_running_loop().time() + within
    while True:
        samples = await scrape()
        if check(samples):
            return samples
        assert asyncio.get_running_loop().time() < deadline, scrape.text
        await asyncio.sleep(0.2)


async def notebook(client: ApiClient, *cells: dict[str, Any]) -> str:
    response = await client.upload("m.ipynb", notebook_bytes(list(cells)))
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def test_metrics_are_off_unless_a_token_is_set(client: ApiClient) -> None:
    response = await client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 404 and error_of(response)["code"] == "not_found"


@pytest.mark.parametrize("settings_overrides", [{"metrics": {"token": TOKEN}}])
async def test_metrics_answer_only_the_token(client: ApiClient, alice: ApiClient) -> None:
    for headers in (
        {},
        {"Authorization": "Bearer wrong-token-of-the-same-size-0123456"},
        {"Authorization": f"Bearer {TOKEN}x"},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": "Bearer"},
    ):
        response = await client.get("/metrics", headers=headers)
        assert response.status_code == 401, headers
        assert error_of(response)["code"] == "not_authenticated"
        assert response.headers["www-authenticate"].startswith("Bearer")
    # a signed-in user's session is no scrape token either
    assert (await alice.get("/metrics")).status_code == 401
    assert (await client.get(f"/metrics?token={TOKEN}")).status_code == 401
    ok = await client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 200 and "collaboratory_runtimes" in ok.text


def test_a_short_token_is_refused() -> None:
    from collaboratory.config import load_settings
    from collaboratory.config.settings import ConfigError

    with pytest.raises(ConfigError, match=r"metrics\.token"):
        load_settings(metrics={"token": "short"})


@pytest.mark.parametrize("settings_overrides", [ON])
async def test_every_metric_is_present_and_moves(
    served: str, alice: ApiClient, bob: ApiClient
) -> None:
    scrape = Scraper(served)
    before = await scrape()
    families = {f.name: f.type for f in text_string_to_metric_families(scrape.text)}
    assert {name: families.get(name) for name in METRICS} == METRICS
    assert value(before, "collaboratory_runtimes", runtime_type="cpu", state="ready") == 0

    # an error answer, counted by its code
    assert (await alice.get("/api/drive/items/nothing-here")).status_code == 404
    await until(
        scrape,
        lambda s: value(s, "collaboratory_errors_total", status="404", code="not_found") >= 1,
    )

    # a cell run: its runtime connects, it executes, the document's room is loaded
    nb = await notebook(alice, code_cell("a", "print(6*7)"), code_cell("b", "1/0"))
    run = await alice.post(f"/api/notebooks/{nb}/execute", json={"all": True})
    assert run.status_code == 202
    after_run = await until(
        scrape, lambda s: value(s, "collaboratory_cell_execute_seconds_count", outcome="error") >= 1
    )
    assert value(after_run, "collaboratory_cell_execute_seconds_count", outcome="done") == 1
    assert value(after_run, "collaboratory_runtime_connect_seconds_count", runtime_type="cpu") == 1
    assert value(after_run, "collaboratory_runtimes", runtime_type="cpu", state="ready") == 1
    assert value(after_run, "collaboratory_loaded_rooms") >= 1
    assert value(after_run, "collaboratory_update_log_rows") >= 1
    assert value(after_run, "collaboratory_update_log_bytes") > 0

    # a sync client connects, then leaves
    async with sync_client(served, nb, await token_of(alice)):
        connected = await scrape()
        assert value(connected, "collaboratory_sync_clients") == 1
    await until(scrape, lambda s: value(s, "collaboratory_sync_clients") == 0)

    # one GPU, two users: the second waits in the queue until the first lets it go
    gpu_nb = await notebook(alice, code_cell("a", "1"))
    first = await alice.post("/api/runtimes", json={"notebook_id": gpu_nb, "runtime_type": "gpu"})
    assert first.status_code == 201, first.text
    bob_nb = await notebook(bob, code_cell("a", "1"))
    second = await bob.post("/api/runtimes", json={"notebook_id": bob_nb, "runtime_type": "gpu"})
    assert second.status_code == 202, second.text
    queued = await scrape()
    assert value(queued, "collaboratory_accelerator_queue_length", kind="gpu") == 1
    assert value(queued, "collaboratory_runtimes", runtime_type="gpu", state="queued") == 1
    assert value(queued, "collaboratory_accelerators", kind="gpu", state="in_use") == 1
    assert value(queued, "collaboratory_accelerators", kind="gpu", state="free") == 0
    assert value(queued, "collaboratory_accelerator_wait_seconds_count", kind="gpu") == 1
    await asyncio.sleep(0.3)  # bob waits a measurable while
    assert (await alice.delete(f"/api/runtimes/{first.json()['id']}")).status_code == 204
    served_queue = await until(
        scrape, lambda s: value(s, "collaboratory_accelerator_wait_seconds_count", kind="gpu") == 2
    )
    assert value(served_queue, "collaboratory_accelerator_queue_length", kind="gpu") == 0
    assert value(served_queue, "collaboratory_accelerator_wait_seconds_sum", kind="gpu") >= 0.3
    assert (await bob.delete(f"/api/runtimes/{second.json()['id']}")).status_code == 204

    # an idle runtime is culled
    short_nb = await notebook(alice, code_cell("a", "1"))
    short = await alice.post(
        "/api/runtimes", json={"notebook_id": short_nb, "runtime_type": "short"}
    )
    assert short.status_code == 201, short.text
    await until(scrape, lambda s: value(s, "collaboratory_runtime_culls_total", reason="idle") == 1)

    check_dashboard(scrape.text)


def check_dashboard(scraped: str) -> None:
    """Every metric the Grafana dashboard's queries name is one the server exposes."""
    exposed = {s.name for f in text_string_to_metric_families(scraped) for s in f.samples}
    dashboard = json.loads(DASHBOARD.read_text())
    exprs = [t["expr"] for p in dashboard["panels"] for t in p["targets"]]
    used = {name for expr in exprs for name in re.findall(r"\bcollaboratory_[a-z_]+", expr)}
    assert used and used <= exposed, used - exposed
    assert {m for m in METRICS if not any(u.startswith(m) for u in used)} == set()
