"""What a client may ask to run."""

from __future__ import annotations

import pytest

from collaboratory.errors import BadRequest
from collaboratory.execution.requests import RunRequest, run_request


def test_cells_all_or_one_cell_with_code() -> None:
    assert run_request(["a", "b"], False) == RunRequest(["a", "b"])
    assert run_request(None, True) == RunRequest("all")
    assert run_request(["a"], False, "print(1)") == RunRequest(["a"], "print(1)")


@pytest.mark.parametrize(
    ("cell_ids", "run_all", "code", "says"),
    [
        (None, False, None, '"cell_ids" or "all"'),
        (["a"], True, None, '"cell_ids" or "all"'),
        (None, True, "1", "exactly one cell"),
        (["a", "b"], False, "1", "exactly one cell"),
        ([], False, "1", "exactly one cell"),
    ],
)
def test_what_cannot_be_run_is_refused_with_what_to_send(
    cell_ids: list[str] | None, run_all: bool, code: str | None, says: str
) -> None:
    with pytest.raises(BadRequest) as refused:
        run_request(cell_ids, run_all, code)
    assert refused.value.code == "invalid_request" and says in refused.value.message
