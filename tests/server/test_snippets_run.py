"""Snippets work here as written: the built-in ones that need neither a browser nor the network
run on a real runtime, and ``google.colab.snippets.register(url)`` from a cell adds a notebook
to the running user's snippets (and refuses another user's)."""

from __future__ import annotations

import json

from fastapi import FastAPI

from collaboratory.snippets import builtin_library
from tests.clients import ApiClient, code_cell, notebook_bytes
from tests.server.test_colab_notebooks import run_each
from tests.server.test_snippets_routes import SNIPPET_NOTEBOOK

# Built-in snippets run as they are inserted; the others wait for a browser (file picker,
# download, camera), install a package, or need secrets set up first.
RUNNABLE = (
    "Mount Google Drive",
    "Check for a GPU or TPU",
    "Read and write a CSV with pandas",
    "Show a DataFrame as an interactive table",
    "Line chart with matplotlib",
    "Forms: text, numbers, a slider and a dropdown",
    "Progress bar with IPython display",
    "Read a secret",
)


async def test_builtin_snippets_run_unmodified(app: FastAPI, alice: ApiClient) -> None:
    by_title = {s.title: s for s in builtin_library().snippets}
    cells = [
        code_cell(f"c{n}", cell.source)
        for n, title in enumerate(RUNNABLE)
        for cell in by_title[title].cells
        if cell.cell_type == "code"
    ]
    nb = (await alice.upload("snippets.ipynb", notebook_bytes(cells))).json()["id"]
    finished = await run_each(app, alice, nb)
    assert len(finished) == len(cells)
    for cell in finished:
        errors = [o for o in cell["outputs"] if o["output_type"] == "error"]
        assert not errors, (cell["source"], errors)
    said = json.dumps([cell["outputs"] for cell in finished])
    assert "No GPU or TPU" in said or "GPU:" in said
    assert "Mounted at /content/drive" in said  # the user's own Drive, no consent asked
    assert "Add a secret named API_KEY" in said


async def test_register_from_a_cell_adds_the_notebook_for_its_user(
    app: FastAPI, alice: ApiClient, bob: ApiClient
) -> None:
    mine = (await alice.upload("team-snippets.ipynb", SNIPPET_NOTEBOOK)).json()["id"]
    theirs = (await bob.upload("bobs.ipynb", SNIPPET_NOTEBOOK)).json()["id"]
    source = (
        "from google.colab import snippets, _message\n"
        f"snippets.register('http://localhost/notebooks/{mine}')\n"
        "try:\n"
        f"    snippets.register('{theirs}')\n"
        "except _message.MessageError as refused:\n"
        "    print('refused:', refused)\n"
    )
    nb = (await alice.upload("run.ipynb", notebook_bytes([code_cell("r", source)]))).json()["id"]
    [cell] = await run_each(app, alice, nb)
    assert not [o for o in cell["outputs"] if o["output_type"] == "error"], cell["outputs"]
    assert "refused: No such item" in json.dumps(cell["outputs"])
    assert (await alice.get("/api/snippets/notebooks")).json() == {"notebook_ids": [mine]}
    found = (await alice.get("/api/snippets", params={"q": "quux"})).json()
    assert [s["title"] for s in found] == ["Quux report"]
    assert (await bob.get("/api/snippets/notebooks")).json() == {"notebook_ids": []}
