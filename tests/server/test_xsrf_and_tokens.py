"""XSRF protection of cookie sessions, and personal API tokens."""

from __future__ import annotations

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from collaboratory.accounts.models import ApiToken
from tests.clients import ApiClient, error_of


async def test_cookie_mutation_without_xsrf_is_refused(alice: ApiClient) -> None:
    alice.send_xsrf = False
    response = await alice.post("/api/drive/items", json={"kind": "folder", "name": "X"})
    assert response.status_code == 403
    assert error_of(response)["code"] == "xsrf_failed"
    wrong = await alice.post(
        "/api/drive/items", json={"kind": "folder", "name": "X"}, headers={"X-XSRFToken": "nope"}
    )
    assert wrong.status_code == 403
    assert (await alice.get("/api/drive/items")).status_code == 200  # reads need no token


async def test_xsrf_token_is_bound_to_its_session(alice: ApiClient, bob: ApiClient) -> None:
    bob.send_xsrf = False
    stolen = alice.cookies["_xsrf"]
    response = await bob.post(
        "/api/drive/items", json={"kind": "folder", "name": "X"}, headers={"X-XSRFToken": stolen}
    )
    assert response.status_code == 403


async def test_me_restores_a_lost_xsrf_cookie(alice: ApiClient) -> None:
    token = alice.cookies["_xsrf"]
    alice.cookies.delete("_xsrf")
    await alice.get("/api/me")
    assert alice.cookies["_xsrf"] == token


async def bare_client(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


async def test_token_authenticates_scripts_without_xsrf(alice: ApiClient, app: FastAPI) -> None:
    created = await alice.post("/api/tokens", json={"name": "laptop"})
    assert created.status_code == 201
    token = created.json()["token"]
    async with await bare_client(app) as script:
        for scheme in ("Bearer", "token"):
            headers = {"Authorization": f"{scheme} {token}"}
            assert (await script.get("/api/me", headers=headers)).json()["username"] == "alice"
            made = await script.post(
                "/api/drive/items", json={"kind": "folder", "name": scheme}, headers=headers
            )
            assert made.status_code == 201
        assert (await script.get("/api/me", params={"token": token})).status_code == 200


async def test_tokens_are_listed_without_secret_and_stored_hashed(
    alice: ApiClient, app: FastAPI
) -> None:
    token = (await alice.post("/api/tokens", json={"name": "ci"})).json()["token"]
    listed = (await alice.get("/api/tokens")).json()
    assert [t["name"] for t in listed] == ["ci"] and "token" not in listed[0]
    async with app.state.services.db.session() as s:
        stored = (await s.scalars(select(ApiToken))).one()
    assert token not in stored.token_hash and len(stored.token_hash) == 64


async def test_deleted_or_bad_token_is_401(alice: ApiClient, app: FastAPI) -> None:
    created = (await alice.post("/api/tokens", json={"name": "old"})).json()
    assert (await alice.delete(f"/api/tokens/{created['id']}")).status_code == 204
    async with await bare_client(app) as script:
        gone = await script.get("/api/me", headers={"Authorization": f"Bearer {created['token']}"})
        assert gone.status_code == 401 and error_of(gone)["code"] == "bad_token"
        bad = await script.get("/api/me", headers={"Authorization": "Bearer clb_made_up"})
        assert bad.status_code == 401


async def test_tokens_are_private(alice: ApiClient, bob: ApiClient) -> None:
    created = (await alice.post("/api/tokens", json={"name": "mine"})).json()
    assert (await bob.get("/api/tokens")).json() == []
    assert (await bob.delete(f"/api/tokens/{created['id']}")).status_code == 404


async def test_guests_cannot_make_tokens(guest: ApiClient) -> None:
    response = await guest.post("/api/tokens", json={"name": "x"})
    assert response.status_code == 403
    assert error_of(response)["code"] == "guest_not_allowed"


async def test_token_name_is_required(alice: ApiClient) -> None:
    response = await alice.post("/api/tokens", json={"name": "  "})
    assert response.status_code == 400
