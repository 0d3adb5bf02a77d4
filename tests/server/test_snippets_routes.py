"""GET /api/snippets: auth required, typo-tolerant word search, 400 for a query that is too
long; a user's own snippet notebooks from their Drive, theirs alone."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI

from collaboratory.errors import BadRequest, NotFound
from collaboratory.server.services import Services
from collaboratory.snippets.service import notebook_id_of
from tests.clients import ApiClient, code_cell, error_of, notebook_bytes


async def test_lists_all_snippets_without_a_query(guest: ApiClient) -> None:
    response = await guest.get("/api/snippets")
    assert response.status_code == 200, response.text
    snippets = response.json()
    assert len(snippets) >= 15
    assert all(set(s) == {"id", "title", "description", "code", "cells"} for s in snippets)
    assert len({s["id"] for s in snippets}) == len(snippets)


async def test_searches_with_title_hits_first(guest: ApiClient) -> None:
    response = await guest.get("/api/snippets", params={"q": "SHELL"})
    assert response.status_code == 200, response.text
    assert [s["title"] for s in response.json()] == ["Run a shell command"]
    disk = (await guest.get("/api/snippets", params={"q": "disk"})).json()
    assert "disk" in disk[0]["title"].lower()
    assert (await guest.get("/api/snippets", params={"q": "no-such-thing-anywhere"})).json() == []


async def test_needs_a_signed_in_user(client: ApiClient) -> None:
    response = await client.get("/api/snippets")
    assert response.status_code == 401
    assert error_of(response)["code"] == "not_authenticated"


async def test_too_long_query_is_a_400(guest: ApiClient) -> None:
    response = await guest.get("/api/snippets", params={"q": "a" * 201})
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "query_too_long"
    assert "200" in error["message"]


async def test_is_in_the_openapi_schema(guest: ApiClient) -> None:
    schema = (await guest.get("/openapi.json")).json()
    operation = schema["paths"]["/api/snippets"]["get"]
    assert operation["parameters"][0]["name"] == "q"
    assert "SnippetOut" in schema["components"]["schemas"]


async def test_typos_and_abbreviations_find_mount_google_drive(guest: ApiClient) -> None:
    found = (await guest.get("/api/snippets", params={"q": "mnt drve"})).json()
    assert found[0]["title"] == "Mount Google Drive"
    assert found[0]["cells"][0]["cell_type"] == "code"
    assert "drive.mount(" in found[0]["cells"][0]["source"]


def heading(cell_id: str, text: str, tags: list[str] | None = None) -> dict[str, Any]:
    return {
        "cell_type": "markdown",
        "id": cell_id,
        "source": text,
        "metadata": {"tags": tags or []},
    }


SNIPPET_NOTEBOOK = notebook_bytes(
    [
        heading("h1", "# Frobnicate the widgets\n\nOur team's way.", ["frob"]),
        code_cell("c1", "import frob\nfrob.nicate()"),
        heading("h2", "## Quux report"),
        {"cell_type": "markdown", "id": "m2", "source": "Run weekly.", "metadata": {}},
        code_cell("c2", "print('quux')"),
    ]
)


async def test_own_snippet_notebook_is_searched_after_adding_it_and_only_for_its_owner(
    alice: ApiClient, bob: ApiClient
) -> None:
    nb = (await alice.upload("team-snippets.ipynb", SNIPPET_NOTEBOOK)).json()["id"]
    assert (await alice.get("/api/snippets", params={"q": "frobnicate"})).json() == []
    assert (await alice.get("/api/snippets/notebooks")).json() == {"notebook_ids": []}

    added = await alice.put(f"/api/snippets/notebooks/{nb}")
    assert added.status_code == 200, added.text
    assert added.json() == {"notebook_ids": [nb]}
    assert (await alice.put(f"/api/snippets/notebooks/{nb}")).json() == {"notebook_ids": [nb]}

    found = (await alice.get("/api/snippets", params={"q": "frobnicat widgts"})).json()
    assert [s["title"] for s in found] == ["Frobnicate the widgets"]
    assert found[0]["id"] == f"drive:{nb}/frobnicate-the-widgets"
    assert found[0]["description"] == "Our team's way."
    assert found[0]["cells"] == [{"cell_type": "code", "source": "import frob\nfrob.nicate()"}]
    quux = (await alice.get("/api/snippets", params={"q": "quux"})).json()
    assert quux[0]["cells"] == [
        {"cell_type": "markdown", "source": "Run weekly."},
        {"cell_type": "code", "source": "print('quux')"},
    ]
    everything = (await alice.get("/api/snippets")).json()
    assert "Mount Google Drive" in [s["title"] for s in everything]

    # Bob sees none of it, and cannot add Alice's notebook.
    assert (await bob.get("/api/snippets", params={"q": "frobnicate"})).json() == []
    refused = await bob.put(f"/api/snippets/notebooks/{nb}")
    assert refused.status_code == 404
    assert error_of(refused)["code"] == "not_found"
    assert (await bob.get("/api/snippets/notebooks")).json() == {"notebook_ids": []}

    removed = await alice.delete(f"/api/snippets/notebooks/{nb}")
    assert removed.json() == {"notebook_ids": []}
    assert (await alice.get("/api/snippets", params={"q": "frobnicate"})).json() == []


async def test_a_notebook_no_longer_shared_drops_out_of_the_search(
    alice: ApiClient, bob: ApiClient
) -> None:
    nb = (await alice.upload("team-snippets.ipynb", SNIPPET_NOTEBOOK)).json()["id"]
    body = {"owner": "alice", "people": [{"username": "bob", "role": "viewer"}], "link_role": None}
    assert (await alice.put(f"/api/drive/items/{nb}/sharing", json=body)).status_code == 200
    assert (await bob.put(f"/api/snippets/notebooks/{nb}")).status_code == 200
    assert [s["title"] for s in (await bob.get("/api/snippets", params={"q": "quux"})).json()] == [
        "Quux report"
    ]
    body["people"] = []
    assert (await alice.put(f"/api/drive/items/{nb}/sharing", json=body)).status_code == 200
    assert (await bob.get("/api/snippets", params={"q": "quux"})).json() == []


async def test_colab_register_adds_a_notebook_by_its_address_for_the_cells_user(
    app: FastAPI, alice: ApiClient, bob: ApiClient
) -> None:
    """``google.colab.snippets.register(url)``: the runner hands the cell's request here."""
    svc: Services = app.state.services
    assert svc.notebook_runner.snippets is svc.snippets
    nb = (await alice.upload("team-snippets.ipynb", SNIPPET_NOTEBOOK)).json()["id"]
    alice_id = (await alice.get("/api/me")).json()["id"]
    bob_id = (await bob.get("/api/me")).json()["id"]

    reply = await svc.snippets.register(alice_id, {"url": f"https://colab.example/notebooks/{nb}"})
    assert reply == {"notebook_ids": [nb]}
    assert (await alice.get("/api/snippets/notebooks")).json() == {"notebook_ids": [nb]}
    found = (await alice.get("/api/snippets", params={"q": "quux"})).json()
    assert [s["title"] for s in found] == ["Quux report"]

    with pytest.raises(NotFound):
        await svc.snippets.register(bob_id, {"url": nb})
    with pytest.raises(BadRequest, match="not a notebook of this service's Drive"):
        await svc.snippets.register(alice_id, {"url": "https://colab.research.google.com/x?y"})
    with pytest.raises(BadRequest, match="needs a notebook url"):
        await svc.snippets.register(alice_id, {})


def test_notebook_id_of_an_address_or_an_id() -> None:
    assert notebook_id_of(" abc_1-2 ") == "abc_1-2"
    assert notebook_id_of("http://host:8000/notebooks/abc123") == "abc123"
    assert notebook_id_of("/notebooks/abc123/") == "abc123"
    with pytest.raises(BadRequest):
        notebook_id_of("http://host/drive/folders/abc")
