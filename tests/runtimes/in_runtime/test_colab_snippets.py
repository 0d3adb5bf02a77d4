"""google.colab.snippets.register(url): Colab's register_snippets request, checked first."""

from __future__ import annotations

from typing import Any

import pytest

from collaboratory.runtimes.in_runtime.colab import _message, snippets


def test_register_sends_colabs_request_with_the_url(monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[tuple[str, Any]] = []

    def blocking_request(request_type: str, request: Any = "", **_: Any) -> Any:
        sent.append((request_type, request))
        return {"notebook_ids": ["nb1"]}

    monkeypatch.setattr(_message, "blocking_request", blocking_request)
    snippets.register("https://collab.example/notebooks/nb1")
    assert sent == [("register_snippets", {"url": "https://collab.example/notebooks/nb1"})]


def test_register_checks_the_url_and_reports_a_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError, match="URL of a notebook"):
        snippets.register("  ")
    monkeypatch.setattr(_message, "blocking_request", lambda *_, **__: None)
    with pytest.raises(TimeoutError, match="timed out"):
        snippets.register("nb1")
