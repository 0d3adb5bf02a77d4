"""GET /api/snippets: auth required, word search, 400 for a query that is too long."""

from __future__ import annotations

from tests.clients import ApiClient, error_of


async def test_lists_all_snippets_without_a_query(guest: ApiClient) -> None:
    response = await guest.get("/api/snippets")
    assert response.status_code == 200, response.text
    snippets = response.json()
    assert len(snippets) >= 15
    assert all(set(s) == {"id", "title", "description", "code"} for s in snippets)
    assert len({s["id"] for s in snippets}) == len(snippets)


async def test_searches_with_title_hits_first(guest: ApiClient) -> None:
    response = await guest.get("/api/snippets", params={"q": "SHELL"})
    assert response.status_code == 200, response.text
    assert [s["title"] for s in response.json()] == ["Run a shell command"]
    disk = (await guest.get("/api/snippets", params={"q": "disk"})).json()
    assert "disk" in disk[0]["title"].lower()
    assert (await guest.get("/api/snippets", params={"q": "no-such-thing-anywhere"})).json() == []


async def test_needs_a_signed_in_user(client: ApiClient) -> None:
    response = await client.get("/api/snippets")
    assert response.status_code == 401
    assert error_of(response)["code"] == "not_authenticated"


async def test_too_long_query_is_a_400(guest: ApiClient) -> None:
    response = await guest.get("/api/snippets", params={"q": "a" * 201})
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "query_too_long"
    assert "200" in error["message"]


async def test_is_in_the_openapi_schema(guest: ApiClient) -> None:
    schema = (await guest.get("/openapi.json")).json()
    operation = schema["paths"]["/api/snippets"]["get"]
    assert operation["parameters"][0]["name"] == "q"
    assert "SnippetOut" in schema["components"]["schemas"]
