"""Kernelspecs, kernels and sessions over REST in Jupyter Server's shapes, per user."""

from __future__ import annotations

import re

import pytest

from tests.clients import ApiClient, error_of

from .conftest import start_kernel
from .provider import LocalKernelProvider

pytestmark = pytest.mark.usefixtures("kernel_app")

ISO_Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


async def test_kernelspecs_have_jupyters_shape(alice: ApiClient) -> None:
    response = await alice.get("/api/kernelspecs")
    assert response.status_code == 200
    body = response.json()
    assert body["default"] == "python3"
    assert set(body["kernelspecs"]) == {"python3", "python3-gpu"}
    gpu = body["kernelspecs"]["python3-gpu"]
    assert gpu["name"] == "python3-gpu" and gpu["resources"] == {}
    assert gpu["spec"] == {
        "argv": [],
        "display_name": "Python 3 (GPU)",
        "language": "python",
        "interrupt_mode": "signal",
        "env": {},
        "metadata": {},
    }
    assert (await alice.get("/api/kernelspecs/python3-gpu")).json() == gpu
    missing = await alice.get("/api/kernelspecs/nope")
    assert missing.status_code == 404 and error_of(missing)["code"] == "no_such_kernelspec"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/kernelspecs"),
        ("GET", "/api/kernels"),
        ("POST", "/api/kernels"),
        ("GET", "/api/kernels/k"),
        ("DELETE", "/api/kernels/k"),
        ("POST", "/api/kernels/k/interrupt"),
        ("POST", "/api/kernels/k/restart"),
        ("GET", "/api/sessions"),
        ("POST", "/api/sessions"),
        ("PATCH", "/api/sessions/s"),
    ],
)
async def test_anonymous_requests_are_refused(client: ApiClient, method: str, path: str) -> None:
    response = await client.request(method, path, json={})
    assert response.status_code == 401, response.text
    assert error_of(response)["code"] == "not_authenticated"


async def test_kernel_lifecycle(alice: ApiClient, bob: ApiClient) -> None:
    bad = await alice.post("/api/kernels", json={"name": "python2"})
    assert bad.status_code == 400 and error_of(bad)["code"] == "no_such_kernelspec"

    created = await alice.post("/api/kernels", json={"name": "python3-gpu"})
    assert created.status_code == 201
    model = created.json()
    kernel_id = model["id"]
    assert created.headers["location"] == f"/api/kernels/{kernel_id}"
    assert set(model) == {"id", "name", "last_activity", "execution_state", "connections"}
    assert model["name"] == "python3-gpu" and model["connections"] == 0
    assert ISO_Z.match(model["last_activity"])

    assert (await alice.get(f"/api/kernels/{kernel_id}")).json()["id"] == kernel_id
    assert [k["id"] for k in (await alice.get("/api/kernels")).json()] == [kernel_id]

    # Bob cannot see, use or stop Alice's kernel.
    assert (await bob.get("/api/kernels")).json() == []
    for method, path in [
        ("GET", ""),
        ("POST", "/interrupt"),
        ("POST", "/restart"),
        ("DELETE", ""),
    ]:
        response = await bob.request(method, f"/api/kernels/{kernel_id}{path}")
        assert response.status_code == 404, (method, path)

    interrupted = await alice.post(f"/api/kernels/{kernel_id}/interrupt")
    assert interrupted.status_code == 204
    restarted = await alice.post(f"/api/kernels/{kernel_id}/restart")
    assert restarted.status_code == 200 and restarted.json()["id"] == kernel_id

    assert (await alice.delete(f"/api/kernels/{kernel_id}")).status_code == 204
    assert (await alice.get(f"/api/kernels/{kernel_id}")).status_code == 404
    assert (await alice.get("/api/kernels")).json() == []


async def test_start_without_a_body_uses_the_default(
    alice: ApiClient, provider: LocalKernelProvider
) -> None:
    response = await alice.post("/api/kernels")
    assert response.status_code == 201, response.text
    assert response.json()["name"] == "python3"
    assert [k.kernelspec_name for k in provider.kernels.values()] == ["python3"]


async def test_sessions(alice: ApiClient, bob: ApiClient, provider: LocalKernelProvider) -> None:
    body = {"path": "work/a.ipynb", "name": "a.ipynb", "type": "notebook", "kernel": {}}
    created = await alice.post("/api/sessions", json=body)
    assert created.status_code == 201, created.text
    session = created.json()
    assert created.headers["location"] == f"/api/sessions/{session['id']}"
    assert session["path"] == "work/a.ipynb" and session["type"] == "notebook"
    assert session["kernel"]["name"] == "python3"
    assert session["notebook"] == {"path": "work/a.ipynb", "name": "a.ipynb"}
    first_kernel = session["kernel"]["id"]

    again = await alice.post("/api/sessions", json={**body, "kernel": {"name": "python3-gpu"}})
    assert again.status_code == 201 and again.json()["id"] == session["id"]
    assert len(provider.kernels) == 1

    assert [s["id"] for s in (await alice.get("/api/sessions")).json()] == [session["id"]]
    assert (await bob.get("/api/sessions")).json() == []
    assert (await bob.get(f"/api/sessions/{session['id']}")).status_code == 404
    stolen = await bob.post("/api/sessions", json={"path": "x", "kernel": {"id": first_kernel}})
    assert stolen.status_code == 404

    # Renaming keeps the kernel; asking for another kernelspec replaces (and stops) it.
    renamed = await alice.patch(f"/api/sessions/{session['id']}", json={"path": "b.ipynb"})
    assert renamed.json()["path"] == "b.ipynb" and renamed.json()["kernel"]["id"] == first_kernel
    switched = await alice.patch(
        f"/api/sessions/{session['id']}", json={"kernel": {"name": "python3-gpu"}}
    )
    assert switched.status_code == 200, switched.text
    second_kernel = switched.json()["kernel"]
    assert second_kernel["name"] == "python3-gpu" and second_kernel["id"] != first_kernel
    assert list(provider.kernels) == [second_kernel["id"]]

    # A session on an existing kernel, then the kernel goes: so does the session.
    other = await alice.post("/api/sessions", json={"path": "c.py", "kernel": second_kernel})
    assert other.json()["kernel"]["id"] == second_kernel["id"]
    assert (await alice.delete(f"/api/sessions/{session['id']}")).status_code == 204
    assert list(provider.kernels) == [second_kernel["id"]]  # still used by c.py
    assert (await alice.delete(f"/api/kernels/{second_kernel['id']}")).status_code == 204
    assert (await alice.get("/api/sessions")).json() == []
    assert (await alice.get(f"/api/sessions/{other.json()['id']}")).status_code == 404

    no_path = await alice.post("/api/sessions", json={"kernel": {}})
    assert no_path.status_code == 400


async def test_a_new_session_starts_a_kernel(alice: ApiClient) -> None:
    kernel_id = await start_kernel(alice)
    response = await alice.post(
        "/api/sessions", json={"notebook": {"path": "old.ipynb"}, "kernel": {"id": kernel_id}}
    )
    assert response.status_code == 201
    assert response.json()["path"] == "old.ipynb"
    assert response.json()["kernel"]["id"] == kernel_id


TEXT_PLAIN = {"Content-Type": "text/plain;charset=UTF-8"}  # fetch's label for a string body


async def test_json_bodies_labelled_as_text_are_read_as_jupyter_server_reads_them(
    alice: ApiClient,
) -> None:
    kernel = await alice.post("/api/kernels", content='{"name": "python3-gpu"}', headers=TEXT_PLAIN)
    assert kernel.status_code == 201, kernel.text
    assert kernel.json()["name"] == "python3-gpu"
    body = '{"path": "t.ipynb", "type": "notebook", "kernel": {"name": "python3"}}'
    session = await alice.post("/api/sessions", content=body, headers=TEXT_PLAIN)
    assert session.status_code == 201, session.text
    renamed = await alice.patch(
        f"/api/sessions/{session.json()['id']}", content='{"path": "u.ipynb"}', headers={}
    )
    assert renamed.status_code == 200 and renamed.json()["path"] == "u.ipynb"


@pytest.mark.parametrize(
    ("path", "content"),
    [
        ("/api/kernels", "{not json"),
        ("/api/kernels", '["a list"]'),
        ("/api/sessions", '{"path": "x", "kernel": "python3"}'),
        ("/api/sessions", "\x00"),
    ],
)
async def test_bad_bodies_get_a_clear_400(alice: ApiClient, path: str, content: str) -> None:
    response = await alice.post(path, content=content, headers=TEXT_PLAIN)
    assert 400 <= response.status_code < 500, response.text
    assert error_of(response)["code"] == "invalid_request" and error_of(response)["message"]


async def test_a_text_body_still_needs_the_xsrf_token_with_a_cookie(alice: ApiClient) -> None:
    # A page of another site can send text/plain without asking first; it cannot send the token.
    forged = {**TEXT_PLAIN, "X-XSRFToken": "", "Origin": "https://elsewhere.example"}
    response = await alice.post("/api/kernels", content='{"name": "python3"}', headers=forged)
    assert response.status_code == 403, response.text
    assert (await alice.get("/api/kernels")).json() == []
