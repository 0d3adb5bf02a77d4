"""The OpenAPI schema tells the truth: schemathesis against a real server, signed in.

Every operation gets a few generated requests, valid ones and invalid ones; each answer must
be no 5xx, a status code the schema lists, of the content type it lists and in the schema it
gives. Bounded to a handful of examples per operation so that it runs in seconds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import Case, GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.result import Ok

from tests.servers import Server, free_port

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 5  # per operation and generation mode
# Left out, each for a reason that has nothing to do with the schema's truth:
SKIPPED = {
    ("POST", "/api/kernels"),  # starts a kernel on every valid request
    ("POST", "/api/sessions"),  # starts a kernel for every new path
    ("GET", "/api/runtimes/events"),  # an endless event stream
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = Server(tmp_path_factory.mktemp("schemathesis") / "data", free_port())
    try:
        yield running
    finally:
        running.kill_all()


def bearer_token(url: str, username: str = "fuzzer") -> str:
    with httpx.Client(base_url=url) as c:
        body = {"username": username, "password": "a good long password"}
        assert c.post("/api/auth/signup", json=body).status_code == 201
        xsrf = {"X-XSRFToken": c.cookies["_xsrf"]}
        created = c.post("/api/tokens", json={"name": "schemathesis"}, headers=xsrf)
        assert created.status_code == 201, created.text
        token: str = created.json()["token"]
        return token


def existing(url: str, headers: dict[str, str]) -> dict[str, str]:
    """Ids of things that exist, so that requests reach past the 404 now and then."""
    with httpx.Client(base_url=url, headers=headers) as c:
        notebook = c.post("/api/drive/items", json={"kind": "notebook", "name": "n.ipynb"}).json()
        revision = c.post(f"/api/notebooks/{notebook['id']}/revisions", json={}).json()
        upload = c.post("/api/drive/uploads", json={"name": "f.txt", "size": 10}).json()
    return {
        "item_id": notebook["id"],
        "notebook_id": notebook["id"],
        "revision_id": revision["id"],
        "upload_id": upload["id"],
    }


def test_every_answer_is_one_the_schema_promises(server: Server) -> None:
    raw = httpx.get(f"{server.url}/openapi.json").json()
    schema = schemathesis.openapi.from_dict(raw)
    headers = {"Authorization": f"Bearer {bearer_token(server.url)}"}
    ids = existing(server.url, headers)
    results = list(schema.get_all_operations())
    operations = [result.ok() for result in results if isinstance(result, Ok)]
    assert len(operations) == len(results), "the schema has operations schemathesis cannot read"
    assert len(operations) > 40
    failures: list[str] = []
    for operation in operations:
        if (operation.method.upper(), operation.path) in SKIPPED:
            continue
        names = {p.name for p in operation.path_parameters}
        known = {name: ids[name] for name in names if name in ids}
        strategies = [
            operation.as_strategy(generation_mode=mode)
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        ]
        if known and len(known) == len(names) and operation.method.upper() != "DELETE":
            strategies.append(operation.as_strategy(path_parameters=known))
        strategy = st.one_of(*strategies)

        @given(case=strategy)
        @settings(
            max_examples=EXAMPLES * 2,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def check(case: Case[Any]) -> None:
            case.call_and_validate(base_url=server.url, headers=headers, checks=CHECKS, timeout=20)

        try:
            check()
        except (Exception, BaseExceptionGroup) as exc:  # every operation's, not the first only
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    assert not failures, "\n\n".join(failures)


METHODS = {"GET", "PUT", "POST", "DELETE", "PATCH"}


def test_every_method_a_path_refuses_is_a_405_that_says_which_it_takes(server: Server) -> None:
    raw = httpx.get(f"{server.url}/openapi.json").json()
    headers = {"Authorization": f"Bearer {bearer_token(server.url, 'methods')}"}
    wrong: list[str] = []
    with httpx.Client(base_url=server.url, headers=headers) as c:
        for template in raw["paths"]:
            path = re.sub(r"\{[^}]+\}", "x", template)
            # Another template may take the same path: /runtimes/{id} and /runtimes/events;
            # Jupyter's contents {path} is a path of names, slashes included.
            allowed = {
                method.upper()
                for other, operations in raw["paths"].items()
                if re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", other.replace("{path}", ".+")), path)
                for method in operations
            }
            for method in sorted(METHODS - allowed):
                response = c.request(method, path)
                allow = {m.strip() for m in response.headers.get("allow", "").split(",")}
                if response.status_code != 405 or not allowed <= allow:
                    wrong.append(f"{method} {path}: {response.status_code} allow={allow}")
                else:
                    assert response.json()["error"]["code"] == "method_not_allowed"
    assert not wrong, "\n".join(wrong)
