"""Colab's own notebooks (../shared/corpus/notebooks/colab--*) upload and run unmodified on a
real runtime: no cell fails for want of ``google.colab``.

Every code cell runs, one at a time. Cells that cannot succeed here fail with the error they
are expected to, named below with the reason, and never with an ImportError:

- ``google.colab.ai`` calls need Colab's model proxy (a network service Collaboratory does not
  have): they raise Colab's ``RuntimeManagementError`` naming the alternative.
- colab-github-demo's only code cell is empty.
- *Slideshow mode*'s ``students[3]`` demonstrates an ``IndexError`` on purpose.

No cell of these notebooks needs a third-party package the test image lacks (numpy,
matplotlib are in it), so none is skipped for that.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from tests.clients import ApiClient

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "notebooks"
NOTEBOOKS = sorted(CORPUS.glob("colab--*.ipynb")) if CORPUS.is_dir() else []
MODEL_PROXY = "RuntimeManagementError"  # needs Colab's model proxy over the network
# the cells expected to fail, by notebook and Colab cell id (metadata.id), with why
EXPECTED_ERRORS = {
    ("colab--Getting_started_with_google_colab_ai.ipynb", "Ucchuu5vV3Jp"): MODEL_PROXY,
    ("colab--Getting_started_with_google_colab_ai.ipynb", "R7taibpc7x2l"): MODEL_PROXY,
    ("colab--Getting_started_with_google_colab_ai.ipynb", "NHO9VzO9AHZP"): MODEL_PROXY,
    ("colab--Getting_started_with_google_colab_ai.ipynb", "4BNgxiB6--_5"): MODEL_PROXY,
    ("colab--Getting_started_with_google_colab_ai.ipynb", "DWiLPzTnRoy-"): MODEL_PROXY,
    ("colab--How_to_Use_Slideshow_Mode.ipynb", "_eJzZ3k093uj"): "IndexError",  # on purpose
}


def status_of(cell: dict[str, Any]) -> str | None:
    execution = cell["metadata"].get("collaboratory", {}).get("execution", {})
    return execution.get("status") if isinstance(execution, dict) else None


async def run_each(app: FastAPI, client: ApiClient, notebook_id: str) -> list[dict[str, Any]]:
    """Runs each code cell with a source, one after the other (*Run all* would stop at the
    first error); the cells as they finished. Notebooks before nbformat 4.5 show no cell ids,
    so they are read from the live document."""
    me = (await client.get("/api/me")).json()
    room = await app.state.services.documents.open(me["id"], notebook_id)
    ids = [str(c["id"]) for c in room.ynotebook.ycells]
    finished = []
    for index, cell_id in enumerate(ids):
        cell = (await client.get(f"/api/notebooks/{notebook_id}")).json()["cells"][index]
        if cell["cell_type"] != "code" or not "".join(cell["source"]).strip():
            continue
        body = {"cell_ids": [cell_id]}
        assert (await client.post(f"/api/notebooks/{notebook_id}/execute", json=body)).is_success
        for _ in range(900):
            cell = (await client.get(f"/api/notebooks/{notebook_id}")).json()["cells"][index]
            if status_of(cell) in ("done", "error"):
                break
            await asyncio.sleep(0.1)
        else:
            raise AssertionError(f"{cell['source']!r} never finished")
        finished.append(cell)
    return finished


def test_the_corpus_has_colab_notebooks() -> None:
    assert len(NOTEBOOKS) >= 4, f"no colab--* notebooks under {CORPUS}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
async def test_a_colab_notebook_runs_unmodified(app: FastAPI, alice: ApiClient, path: Path) -> None:
    response = await alice.upload(path.name, path.read_bytes())
    assert response.status_code == 201, response.text
    cells = await run_each(app, alice, response.json()["id"])  # colab-github-demo has none
    for cell in cells:
        errors = [o for o in cell["outputs"] if o["output_type"] == "error"]
        said = "\n".join("\n".join(o.get("traceback", [])) for o in errors)
        assert "ModuleNotFoundError" not in said and "ImportError" not in said, said
        expected = EXPECTED_ERRORS.get((path.name, cell["metadata"].get("id")))
        if expected is None:
            assert not errors, f"{cell['source']!r} failed:\n{said}"
        else:
            assert [o["ename"] for o in errors] == [expected], said
            if expected == MODEL_PROXY:
                assert "Secrets" in errors[0]["evalue"]  # it names what to use instead
