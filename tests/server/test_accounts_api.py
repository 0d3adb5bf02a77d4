"""Sign-up, sign-in, guests and their conversion, over HTTP."""

from __future__ import annotations

from typing import Any

import pytest

from tests.clients import ApiClient, error_of
from tests.conftest import ClientFactory


async def test_signup_signs_in_and_me_answers(client: ApiClient) -> None:
    user = await client.signup("Carol", "a long enough password")
    assert user["username"] == "carol" and not user["is_guest"] and not user["is_admin"]
    me = await client.get("/api/me")
    assert me.status_code == 200 and me.json()["id"] == user["id"]


async def test_session_cookie_is_httponly_and_samesite(client: ApiClient) -> None:
    response = await client.post(
        "/api/auth/signup", json={"username": "dave", "password": "a long enough password"}
    )
    cookies = response.headers.get_list("set-cookie")
    session = next(c for c in cookies if c.startswith("collaboratory_session="))
    assert "HttpOnly" in session and "SameSite=lax" in session
    xsrf = next(c for c in cookies if c.startswith("_xsrf="))
    assert "HttpOnly" not in xsrf


async def test_https_uses_secure_host_prefixed_cookie(app: Any) -> None:
    import httpx

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as c:
        response = await c.post("/api/auth/guest")
        cookie = next(
            h for h in response.headers.get_list("set-cookie") if "collaboratory_session" in h
        )
        assert cookie.startswith("__Host-collaboratory_session=")
        assert "Secure" in cookie and "Path=/" in cookie and "Domain" not in cookie
        assert (await c.get("/api/me")).status_code == 200


async def test_me_without_session_is_401(client: ApiClient) -> None:
    response = await client.get("/api/me")
    assert response.status_code == 401
    assert error_of(response)["code"] == "not_authenticated"


async def test_login_logout(new_client: ClientFactory) -> None:
    first = await new_client()
    await first.signup("erin", "a long enough password")
    second = await new_client()
    assert (await second.login("ERIN", "a long enough password")).status_code == 200
    assert (await second.get("/api/me")).json()["username"] == "erin"
    assert (await second.post("/api/auth/logout")).status_code == 204
    assert (await second.get("/api/me")).status_code == 401
    assert (await first.get("/api/me")).status_code == 200  # other sessions stay signed in


async def test_logged_out_cookie_no_longer_works(client: ApiClient) -> None:
    await client.signup("frank", "a long enough password")
    stolen = dict(client.cookies)
    await client.post("/api/auth/logout")
    client.cookies.clear()
    for name, value in stolen.items():
        client.cookies.set(name, value)
    assert (await client.get("/api/me")).status_code == 401


async def test_wrong_password_and_unknown_user_look_alike(
    alice: ApiClient, client: ApiClient
) -> None:
    wrong = await client.login("alice", "not the password")
    unknown = await client.login("nobody", "not the password")
    assert wrong.status_code == unknown.status_code == 401
    assert error_of(wrong) == error_of(unknown)


async def test_login_is_rate_limited(alice: ApiClient, client: ApiClient) -> None:
    for _ in range(3):  # the test settings allow 3 failures per window
        assert (await client.login("alice", "wrong password")).status_code == 401
    limited = await client.login("alice", "correct horse battery")
    assert limited.status_code == 429
    assert error_of(limited)["code"] == "rate_limited"
    assert int(limited.headers["retry-after"]) > 0


async def from_address(app: Any, address: str) -> ApiClient:
    import httpx

    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    return ApiClient(transport=transport, base_url="http://testserver")


async def test_a_stranger_cannot_lock_the_owner_out(app: Any, alice: ApiClient) -> None:
    clock = Clock()
    app.state.services.accounts.limiter.clock = clock
    attacker = await from_address(app, "203.0.113.9")
    owner = await from_address(app, "198.51.100.7")
    async with attacker, owner:
        statuses = [(await attacker.login("alice", f"guess {n}")).status_code for n in range(20)]
        assert statuses[:3] == [401] * 3 and set(statuses[3:]) == {429}
        assert (await owner.login("alice", "correct horse battery")).status_code == 200

        # The attacker waits longer after each failure: 1, 2, 4, 8 seconds.
        waits = []
        for _ in range(4):
            limited = await attacker.login("alice", "correct horse battery")
            assert limited.status_code == 429
            assert error_of(limited)["code"] == "rate_limited"
            waits.append(int(limited.headers["retry-after"]))
            clock.now += waits[-1]
            assert (await attacker.login("alice", "another guess")).status_code == 401
        assert waits == [1, 2, 4, 8]
        assert int((await attacker.login("alice", "x")).headers["retry-after"]) == 16

        # A success from the attacker's address (say alice shares it) starts that pair afresh.
        clock.now += 16
        assert (await attacker.login("alice", "correct horse battery")).status_code == 200
        assert (await attacker.login("alice", "one more guess")).status_code == 401
        assert (await attacker.login("alice", "one more guess")).status_code == 401


async def test_an_address_guessing_many_names_is_limited(app: Any, alice: ApiClient) -> None:
    sprayer = await from_address(app, "203.0.113.9")
    owner = await from_address(app, "198.51.100.7")
    async with sprayer, owner:
        for n in range(15):  # 3 failures per window, 5x that per address
            assert (await sprayer.login(f"user{n}", "Winter2024!")).status_code == 401
        limited = await sprayer.login("alice", "correct horse battery")
        assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0
        assert (await owner.login("alice", "correct horse battery")).status_code == 200


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    ("username", "password", "code"),
    [
        ("a", "a long enough password", "invalid_username"),
        ("../etc", "a long enough password", "invalid_username"),
        ("x" * 40, "a long enough password", "invalid_username"),
        ("gina", "short", "weak_password"),
    ],
)
async def test_bad_signups_say_why(
    client: ApiClient, username: str, password: str, code: str
) -> None:
    response = await client.post(
        "/api/auth/signup", json={"username": username, "password": password}
    )
    assert response.status_code == 400
    assert error_of(response)["code"] == code


async def test_taken_username_is_409(alice: ApiClient, client: ApiClient) -> None:
    response = await client.post(
        "/api/auth/signup", json={"username": "ALICE", "password": "whatever password"}
    )
    assert response.status_code == 409
    assert error_of(response)["code"] == "username_taken"


async def test_malformed_body_is_json_422(client: ApiClient) -> None:
    response = await client.post("/api/auth/login", json={"username": "x"})
    assert response.status_code == 422
    assert "password" in error_of(response)["message"]
    raw = await client.post(
        "/api/auth/login", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert raw.status_code == 422 and error_of(raw)["code"] == "invalid_request"


async def test_guest_gets_a_notebooks_folder(guest: ApiClient) -> None:
    me = (await guest.get("/api/me")).json()
    assert me["is_guest"] and me["username"] is None
    assert [i["name"] for i in await guest.items()] == ["Notebooks"]


async def test_guest_signup_keeps_notebooks(guest: ApiClient) -> None:
    folder = (await guest.items())[0]
    notebook = await guest.create("notebook", "Mine.ipynb", parent=folder["id"])
    before = (await guest.get("/api/me")).json()
    user = await guest.signup("henry", "a long enough password")
    assert user["id"] == before["id"] and not user["is_guest"]
    assert (await guest.get(f"/api/drive/items/{notebook['id']}")).status_code == 200
    assert [i["name"] for i in await guest.items(folder["id"])] == ["Mine.ipynb"]


async def test_guest_login_moves_notebooks_into_account(
    alice: ApiClient, new_client: ClientFactory
) -> None:
    await alice.create("notebook", "Mine.ipynb", parent=(await alice.items())[0]["id"])
    visitor = await new_client()
    await visitor.post("/api/auth/guest")
    home = (await visitor.items())[0]
    await visitor.create("notebook", "Mine.ipynb", parent=home["id"])
    await visitor.create("folder", "Data")
    assert (await visitor.login("alice", "correct horse battery")).status_code == 200
    top = await visitor.items()
    assert sorted(i["name"] for i in top) == ["Data", "Notebooks"]  # folders merged
    notebooks = next(i for i in top if i["name"] == "Notebooks")
    names = sorted(i["name"] for i in await visitor.items(notebooks["id"]))
    assert names == ["Mine (1).ipynb", "Mine.ipynb"]


@pytest.mark.parametrize("settings_overrides", [{"accounts": {"allow_guests": False}}])
async def test_admin_can_turn_guests_off(client: ApiClient) -> None:
    status = (await client.get("/api/status")).json()
    assert status["guests_allowed"] is False
    response = await client.post("/api/auth/guest")
    assert response.status_code == 403
    assert error_of(response)["code"] == "guests_disabled"


@pytest.mark.parametrize("settings_overrides", [{"accounts": {"allow_signup": False}}])
async def test_signup_can_be_turned_off(client: ApiClient) -> None:
    response = await client.post(
        "/api/auth/signup", json={"username": "ivan", "password": "a long enough password"}
    )
    assert response.status_code == 403
    assert error_of(response)["code"] == "signup_disabled"


async def test_sign_in_from_another_site_is_refused(client: ApiClient) -> None:
    response = await client.post("/api/auth/guest", headers={"Origin": "https://evil.example"})
    assert response.status_code == 403
    assert error_of(response)["code"] == "bad_origin"
    same = await client.post("/api/auth/guest", headers={"Origin": "http://testserver"})
    assert same.status_code == 200
