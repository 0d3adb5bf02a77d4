"""nbformat → YNotebook → nbformat keeps everything.

Compared: ``normalise(export(import(nb))) == normalise(nb)`` where ``normalise`` is
``nbformat.reads(..., as_version=4)`` turned back into plain JSON (v3 upgraded, multi-line
strings joined, nbformat's transient fields dropped), after the document went through a Yjs
update into a second Doc, as a client or a restart would see it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pycrdt import Doc

from collaboratory.documents.convert import (
    export_notebook,
    import_notebook,
    new_notebook,
    normalise,
    render,
)
from tests.clients import code_cell
from tests.conftest import CORPUS

CORPUS_NOTEBOOKS = sorted((CORPUS / "notebooks").glob("*.ipynb"))
PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
    "YPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def round_trip(nb: dict[str, Any]) -> dict[str, Any]:
    first = new_notebook()
    import_notebook(first, nb)
    second: Doc[Any] = Doc()
    second.apply_update(first.ydoc.get_update())
    return export_notebook(new_notebook(second))


code = code_cell


HANDWRITTEN: dict[str, dict[str, Any]] = {
    "attachments": {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {},
        "cells": [
            {
                "cell_type": "markdown",
                "id": "m1",
                "source": "![x](attachment:x.png)",
                "metadata": {},
                "attachments": {"x.png": {"image/png": PNG}},
            },
            {"cell_type": "markdown", "id": "m2", "source": "", "metadata": {}, "attachments": {}},
            {"cell_type": "raw", "id": "r1", "source": "raw\ntext", "metadata": {"format": "x"}},
        ],
    },
    "widgets_and_unusual_metadata": {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {
            "widgets": {
                "application/vnd.jupyter.widget-state+json": {
                    "version_major": 2,
                    "version_minor": 0,
                    "state": {"abc": {"model_name": "IntSliderModel", "state": {"value": 3}}},
                }
            },
            "colab": {"provenance": [], "gpuType": "T4"},
            "x-unknown": {"nested": [1, "two", None, True, {"deep": []}], "ratio": 0.25},
        },
        "cells": [
            code(
                "c1",
                "for i in range(3):\n    print(i)\n",
                execution_count=7,
                metadata={"tags": ["a"], "collapsed": False, "custom": {"k": "v"}},
                outputs=[
                    {"output_type": "stream", "name": "stdout", "text": "0\n1\n2\n"},
                    {
                        "output_type": "execute_result",
                        "execution_count": 7,
                        "data": {"text/plain": "42", "image/png": PNG},
                        "metadata": {"image/png": {"width": 10}},
                    },
                    {
                        "output_type": "error",
                        "ename": "E",
                        "evalue": "v",
                        "traceback": ["line 1", "line 2"],
                    },
                ],
            ),
            code("c2", "", metadata={}),
        ],
    },
    "empty_and_old_minor": {"nbformat": 4, "nbformat_minor": 2, "metadata": {}, "cells": []},
}


@pytest.mark.parametrize("path", CORPUS_NOTEBOOKS, ids=lambda p: p.name)
def test_corpus_round_trip(path: Path) -> None:
    # Twice: upgrading v3 records orig_nbformat, a transient field the next read drops.
    nb = normalise(normalise(json.loads(path.read_text())))
    assert normalise(round_trip(nb)) == nb


@pytest.mark.parametrize("name", sorted(HANDWRITTEN))
def test_handwritten_round_trip(name: str) -> None:
    nb = normalise(HANDWRITTEN[name])
    out = round_trip(nb)
    assert normalise(out) == nb
    assert out == nb  # already normal: nothing added, nothing dropped
    assert json.loads(render(out)) == json.loads(render(nb))


def test_corpus_is_there() -> None:
    assert len(CORPUS_NOTEBOOKS) >= 10


def test_duplicated_cells_are_exported_once() -> None:
    nb = normalise(HANDWRITTEN["attachments"])
    ynb = new_notebook()
    import_notebook(ynb, nb)
    ynb.ycells.append(ynb.create_ycell(nb["cells"][0]))
    ynb.ycells.append(ynb.create_ycell({**nb["cells"][1], "source": "different"}))
    cells = export_notebook(ynb)["cells"]
    assert [c["id"] for c in cells][:3] == ["m1", "m2", "r1"]
    assert len(cells) == 4 and cells[3]["id"] not in {"m1", "m2", "r1"}
    assert len(ynb.ycells) == 5  # exporting never writes to the document
