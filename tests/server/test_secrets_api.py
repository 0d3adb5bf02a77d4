"""Secrets (#11): a user's own, encrypted at rest, read in a cell through google.colab.userdata
over the kernel's channels, only from notebooks granted access."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
from fastapi import FastAPI

from collaboratory.config import Settings
from tests.clients import ApiClient, code_cell, error_of, notebook_bytes

VALUE = "sk-live-4f9b2c7e1d"


async def uploaded(client: ApiClient, *cells: dict[str, Any]) -> str:
    response = await client.upload("secret.ipynb", notebook_bytes(list(cells)))
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def run(client: ApiClient, notebook_id: str, cell_id: str) -> dict[str, Any]:
    body = {"cell_ids": [cell_id]}
    assert (await client.post(f"/api/notebooks/{notebook_id}/execute", json=body)).is_success
    for _ in range(900):
        nb = (await client.get(f"/api/notebooks/{notebook_id}")).json()
        cell: dict[str, Any] = next(c for c in nb["cells"] if c["id"] == cell_id)
        state = cell["metadata"].get("collaboratory", {}).get("execution", {})
        if state.get("status") in ("done", "error"):
            return cell
        await asyncio.sleep(0.1)
    raise AssertionError(f"cell {cell_id} never finished")


def error_name(cell: dict[str, Any]) -> tuple[str, str] | None:
    errors = [o for o in cell["outputs"] if o["output_type"] == "error"]
    return (errors[0]["ename"], errors[0]["evalue"]) if errors else None


async def test_secrets_are_kept_per_user(alice: ApiClient, bob: ApiClient) -> None:
    put = await alice.put("/api/secrets/API_KEY", json={"value": VALUE})
    assert put.status_code == 200 and put.json()["name"] == "API_KEY"
    listed = (await alice.get("/api/secrets")).json()
    assert [s["name"] for s in listed] == ["API_KEY"] and VALUE not in str(listed)
    assert (await alice.get("/api/secrets/API_KEY")).json()["value"] == VALUE
    assert (await bob.get("/api/secrets")).json() == []
    assert (await bob.get("/api/secrets/API_KEY")).status_code == 404
    assert (await bob.delete("/api/secrets/API_KEY")).status_code == 404
    bad = await alice.put("/api/secrets/MY KEY", json={"value": "x"})
    assert bad.status_code == 400 and error_of(bad)["code"] == "invalid_name"
    assert (await alice.put("/api/secrets/K", json={"value": 3})).status_code in (400, 422)
    theirs = await uploaded(bob, code_cell("a", "1"))
    access = await alice.put(f"/api/secrets/API_KEY/access/{theirs}", json={"granted": True})
    assert access.status_code == 404  # a notebook alice cannot see
    assert (await alice.delete("/api/secrets/API_KEY")).status_code == 204
    assert (await alice.get("/api/secrets")).json() == []


async def test_userdata_get_in_a_cell(
    app: FastAPI,
    alice: ApiClient,
    bob: ApiClient,
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    await alice.put("/api/secrets/API_KEY", json={"value": VALUE})
    await bob.put("/api/secrets/BOBS", json={"value": "bob-only-value"})
    get = "from google.colab import userdata\nv = userdata.get({!r})\nprint(len(v), v[:3])"
    nb = await uploaded(
        alice,
        code_cell("a", get.format("API_KEY")),
        code_cell("b", get.format("NOPE")),
        code_cell("c", get.format("BOBS")),
        code_cell("d", "userdata.get('has space')"),
    )
    # never granted nor denied: the running cell asks (*Notebook access*) and waits for the answer
    first = asyncio.create_task(run(alice, nb, "a"))
    for _ in range(600):
        doc = (await alice.get(f"/api/notebooks/{nb}")).json()
        state = doc["cells"][0]["metadata"].get("collaboratory", {}).get("execution", {})
        if state.get("access_request"):
            break
        await asyncio.sleep(0.1)
    assert state["access_request"] == {"secret": "API_KEY"} and state["status"] == "running"
    listed = (await alice.get("/api/secrets", params={"notebook_id": nb})).json()
    assert listed[0]["notebook_access"] is False
    granted = await alice.put(f"/api/secrets/API_KEY/access/{nb}", json={"granted": True})
    assert granted.status_code == 204
    cell = await first
    assert error_name(cell) is None and cell["outputs"][0]["text"] == f"{len(VALUE)} sk-\n"
    assert "access_request" not in cell["metadata"]["collaboratory"]["execution"]
    listed = (await alice.get("/api/secrets", params={"notebook_id": nb})).json()
    assert listed[0]["notebook_access"] is True
    cell = await run(alice, nb, "a")
    assert error_name(cell) is None and cell["outputs"][0]["text"] == f"{len(VALUE)} sk-\n"
    assert error_name(await run(alice, nb, "b")) == (
        "SecretNotFoundError",
        "Secret NOPE does not exist.",
    )
    assert error_name(await run(alice, nb, "c"))[0] == "SecretNotFoundError"  # type: ignore[index]
    assert error_name(await run(alice, nb, "d")) == (
        "ValueError",
        "Secret name cannot contain spaces or whitespace",
    )
    assert (
        await alice.put(f"/api/secrets/API_KEY/access/{nb}", json={"granted": False})
    ).is_success
    assert error_name(await run(alice, nb, "a")) == (  # denied: no prompt, Colab's error at once
        "NotebookAccessError",
        "Notebook does not have access to secret API_KEY",
    )

    # the value read in the cell is nowhere in clear: document, download, database, log
    assert VALUE not in (await alice.get(f"/api/notebooks/{nb}")).text
    assert VALUE not in (await alice.get(f"/api/drive/items/{nb}/content")).text
    revision = (await alice.post(f"/api/notebooks/{nb}/revisions", json={"label": "after"})).json()
    for revision_id in [
        r["id"] for r in (await alice.get(f"/api/notebooks/{nb}/revisions")).json()
    ]:
        saved = await alice.get(f"/api/notebooks/{nb}/revisions/{revision_id}")
        assert saved.is_success and VALUE not in saved.text
    assert revision["id"]
    await app.state.services.documents.close()  # snapshots written to the database
    if settings.db_url.startswith("sqlite"):
        for path in settings.data_dir.glob("collaboratory.db*"):
            assert VALUE.encode() not in path.read_bytes(), path
    assert VALUE not in caplog.text and "bob-only-value" not in caplog.text


async def access_request(client: ApiClient, notebook_id: str, index: int) -> Any:
    for _ in range(600):
        doc = (await client.get(f"/api/notebooks/{notebook_id}")).json()
        state = doc["cells"][index]["metadata"].get("collaboratory", {}).get("execution", {})
        if state.get("access_request"):
            return state["access_request"]
        await asyncio.sleep(0.1)
    raise AssertionError("the cell never asked for Notebook access")


async def test_notebook_access_denied_or_unanswered(
    alice: ApiClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from collaboratory.execution import notebooks

    await alice.put("/api/secrets/ONE", json={"value": "v1"})
    await alice.put("/api/secrets/TWO", json={"value": "v2"})
    get = "from google.colab import userdata\nuserdata.get({!r})"
    nb = await uploaded(alice, code_cell("a", get.format("ONE")), code_cell("b", get.format("TWO")))
    asking = asyncio.create_task(run(alice, nb, "a"))
    assert await access_request(alice, nb, 0) == {"secret": "ONE"}
    assert (await alice.put(f"/api/secrets/ONE/access/{nb}", json={"granted": False})).is_success
    denied = await asking
    assert error_name(denied) == (
        "NotebookAccessError",
        "Notebook does not have access to secret ONE",
    )
    assert "access_request" not in denied["metadata"]["collaboratory"]["execution"]

    monkeypatch.setattr(notebooks, "ACCESS_PROMPT_SECONDS", 0.5)  # nobody answers
    unanswered = await run(alice, nb, "b")
    assert error_name(unanswered) == (
        "NotebookAccessError",
        "Notebook does not have access to secret TWO",
    )
    assert "access_request" not in unanswered["metadata"]["collaboratory"]["execution"]
