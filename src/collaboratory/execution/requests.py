"""What a client asks to run: some cells, every cell, or a selection of one cell's code."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from collaboratory.errors import BadRequest


@dataclass(frozen=True)
class RunRequest:
    cells: Sequence[str] | Literal["all"]
    # Run this instead of the one cell's source (Runtime, Run selection); outputs go to the cell.
    code: str | None = None


def run_request(cell_ids: list[str] | None, run_all: bool, code: str | None = None) -> RunRequest:
    """The request a client's fields make, or a 400 saying what to send instead."""
    if run_all == (cell_ids is not None):
        raise BadRequest('Give either "cell_ids" or "all": true.', code="invalid_request")
    if code is not None and (cell_ids is None or len(cell_ids) != 1):
        raise BadRequest(
            '"code" runs in place of one cell\'s source: give exactly one cell id with it.',
            code="invalid_request",
        )
    return RunRequest("all" if run_all else list(cell_ids or []), code)
