"""The admin API: every route is 404 to anyone who is not an admin (signed-up or guest); an
admin lists users, makes admins, disables and enables, resets passwords, sees and stops every
runtime on the machine, and sees the accelerator queue."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI

from tests.clients import ApiClient, error_of
from tests.conftest import ClientFactory
from tests.server.test_runtimes_api import connect

ROUTES = [
    ("GET", "/api/admin/users", None),
    ("PATCH", "/api/admin/users/{user}", {"is_admin": True}),
    ("POST", "/api/admin/users/{user}/password", {"password": "a new good password"}),
    ("GET", "/api/admin/runtimes", None),
    ("DELETE", "/api/admin/runtimes/{runtime}", None),
    ("GET", "/api/admin/accelerators", None),
]


@pytest.fixture
async def root(app: FastAPI, new_client: ClientFactory) -> ApiClient:
    await app.state.services.accounts.create_user("root", "root's good password", is_admin=True)
    client = await new_client()
    assert (await client.login("root", "root's good password")).status_code == 200
    return client


async def user_id(client: ApiClient) -> str:
    return str((await client.get("/api/me")).json()["id"])


async def test_non_admins_get_404_on_every_admin_route(
    root: ApiClient, alice: ApiClient, guest: ApiClient
) -> None:
    target = await user_id(alice)
    fake = {"user": target, "runtime": "0" * 32}
    for who in (alice, guest):
        for method, path, body in ROUTES:
            response = await who.request(method, path.format(**fake), json=body)
            assert response.status_code == 404, (method, path, response.text)
            assert error_of(response)["code"] == "not_found"
    me = (await alice.get("/api/me")).json()
    assert me["is_admin"] is False  # nothing above changed anything
    assert (await root.get("/api/admin/users")).status_code == 200


async def test_an_admin_manages_users(
    root: ApiClient, alice: ApiClient, bob: ApiClient, new_client: ClientFactory
) -> None:
    users = {u["username"]: u for u in (await root.get("/api/admin/users")).json()}
    assert set(users) == {"alice", "bob", "root"}
    assert users["root"]["is_admin"] and not users["alice"]["is_admin"]
    alice_id, root_id = users["alice"]["id"], users["root"]["id"]

    made = await root.patch(f"/api/admin/users/{alice_id}", json={"is_admin": True})
    assert made.status_code == 200 and made.json()["is_admin"]
    assert (await alice.get("/api/admin/users")).status_code == 200

    # Disabled: signed out at once, and cannot sign in again until enabled.
    token = (await bob.post("/api/tokens", json={"name": "script"})).json()["token"]
    bob_id = users["bob"]["id"]
    off = await root.patch(f"/api/admin/users/{bob_id}", json={"disabled": True})
    assert off.status_code == 200 and off.json()["disabled"]
    assert (await bob.get("/api/me")).status_code == 401
    scripted = await bob.get("/api/me", headers={"Authorization": f"Bearer {token}"})
    assert scripted.status_code == 401
    again = await new_client()
    refused = await again.login("bob", "another good password")
    assert refused.status_code == 403 and error_of(refused)["code"] == "account_disabled"
    await root.patch(f"/api/admin/users/{bob_id}", json={"disabled": False})
    assert (await again.login("bob", "another good password")).status_code == 200

    # A new password: the old one and the old sessions stop working.
    reset = await root.post(
        f"/api/admin/users/{bob_id}/password", json={"password": "bob's new password"}
    )
    assert reset.status_code == 204, reset.text
    assert (await again.get("/api/me")).status_code == 401
    assert (await again.login("bob", "another good password")).status_code == 401
    assert (await again.login("bob", "bob's new password")).status_code == 200
    short = await root.post(f"/api/admin/users/{bob_id}/password", json={"password": "x"})
    assert short.status_code == 400

    # No admin locks themselves out.
    for change in ({"disabled": True}, {"is_admin": False}):
        selfish = await root.patch(f"/api/admin/users/{root_id}", json=change)
        assert selfish.status_code == 400 and error_of(selfish)["code"] == "cannot_change_self"
    missing = await root.patch("/api/admin/users/nope", json={"is_admin": True})
    assert missing.status_code == 404


async def test_an_admin_sees_and_stops_another_users_runtime(
    root: ApiClient, alice: ApiClient
) -> None:
    runtime = (await connect(alice)).json()
    listed = (await root.get("/api/admin/runtimes")).json()
    (seen,) = [r for r in listed if r["id"] == runtime["id"]]
    assert seen["owner"] == "alice" and seen["runtime_type"] == runtime["runtime_type"]
    assert seen["age_seconds"] >= 0 and seen["state"] in ("starting", "ready", "busy")
    users = {u["username"]: u for u in (await root.get("/api/admin/users")).json()}
    assert users["alice"]["runtimes"] == 1

    stopped = await root.delete(f"/api/admin/runtimes/{runtime['id']}")
    assert stopped.status_code == 204, stopped.text
    assert (await alice.get("/api/runtimes")).json() == []
    assert (await alice.get(f"/api/runtimes/{runtime['id']}")).status_code == 404
    assert all(r["id"] != runtime["id"] for r in (await root.get("/api/admin/runtimes")).json())
    again = await root.delete(f"/api/admin/runtimes/{runtime['id']}")
    assert again.status_code == 404


@pytest.mark.parametrize("settings_overrides", [{"accelerators": {"gpu": ["0", "1"]}}])
async def test_the_accelerator_queue(root: ApiClient) -> None:
    queues: list[dict[str, Any]] = (await root.get("/api/admin/accelerators")).json()
    assert queues == [{"kind": "gpu", "total": 2, "free": 2, "queue": []}]
