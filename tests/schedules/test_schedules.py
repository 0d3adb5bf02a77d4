"""Runtime > Schedule: the API refuses bad schedules, a due schedule fires once (also with two
schedulers on one database, as two replicas), and its run is in the history and kept as a
revision, with its outputs in the live document and no browser."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import update

from collaboratory.db import utcnow
from collaboratory.schedules.models import NotebookSchedule
from collaboratory.schedules.scheduler import Scheduler
from collaboratory.server.services import Services
from tests.clients import ApiClient, code_cell, error_of, notebook_bytes

FAST = {"scheduler": {"tick_seconds": 0.2, "min_interval_seconds": 1}}
EVERY_TWO_SECONDS = {"kind": "cron", "cron": "* * * * * */2"}


def services(app: FastAPI) -> Services:
    svc: Services = app.state.services
    return svc


async def notebook(client: ApiClient, *cells: dict[str, Any]) -> str:
    response = await client.upload("s.ipynb", notebook_bytes(list(cells)))
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def schedule(client: ApiClient, nb: str, **body: Any) -> dict[str, Any]:
    response = await client.post(f"/api/notebooks/{nb}/schedules", json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def finished_run(client: ApiClient, schedule_id: str) -> dict[str, Any]:
    for _ in range(3000):  # generous: the session's first runtime waits for its image build
        runs = (await client.get(f"/api/schedules/{schedule_id}/runs")).json()
        done = [r for r in runs if r["status"] != "running"]
        if done:
            return dict(done[-1])
        await asyncio.sleep(0.1)
    raise AssertionError(f"no run of {schedule_id} finished")


async def test_schedules_are_made_listed_changed_and_deleted(alice: ApiClient) -> None:
    nb = await notebook(alice, code_cell("a", "1"))
    daily = await schedule(alice, nb, kind="daily", time="09:30", timezone="Europe/Paris")
    assert daily["cron"] == "30 9 * * *" and daily["enabled"] is True
    assert daily["description"] == "Every day at 09:30 (Europe/Paris)"
    assert daily["next_run_at"] is not None
    weekly = await schedule(alice, nb, kind="weekly", time="07:00", weekday=0)
    assert weekly["cron"] == "0 7 * * 1" and "Monday" in weekly["description"]
    listed = (await alice.get(f"/api/notebooks/{nb}/schedules")).json()
    assert [s["id"] for s in listed] == [daily["id"], weekly["id"]]
    changed = await alice.put(
        f"/api/schedules/{daily['id']}",
        json={"kind": "cron", "cron": "0 6 * * 1-5", "enabled": False},
    )
    assert changed.status_code == 200 and changed.json()["next_run_at"] is None
    assert (await alice.get(f"/api/schedules/{daily['id']}/runs")).json() == []
    assert (await alice.delete(f"/api/schedules/{daily['id']}")).status_code == 204
    assert (await alice.get(f"/api/schedules/{daily['id']}/runs")).status_code == 404


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({"kind": "cron", "cron": "61 * * * *"}, "not a cron line"),
        ({"kind": "cron", "cron": "every day"}, "not a cron line"),
        ({"kind": "cron"}, "not a cron line"),
        ({"kind": "cron", "cron": "* * * * *"}, "at most once every 900 seconds"),
        ({"kind": "daily", "time": "25:00"}, "HH:MM"),
        ({"kind": "daily"}, "HH:MM"),
        ({"kind": "weekly", "time": "10:00"}, "weekday"),
        ({"kind": "daily", "time": "10:00", "timezone": "Mars/Olympus"}, "time zone"),
        ({"kind": "daily", "time": "10:00", "runtime_type": "quantum"}, "runtime type"),
    ],
)
async def test_bad_schedules_get_422_saying_what_to_fix(
    alice: ApiClient, body: dict[str, Any], says: str
) -> None:
    nb = await notebook(alice, code_cell("a", "1"))
    response = await alice.post(f"/api/notebooks/{nb}/schedules", json=body)
    assert response.status_code == 422, response.text
    error = error_of(response)
    assert error["code"] == "invalid_schedule" and says in error["message"]


async def test_bad_request_shapes_and_other_users(alice: ApiClient, bob: ApiClient) -> None:
    nb = await notebook(alice, code_cell("a", "1"))
    for body in ({}, {"kind": "hourly"}, {"kind": "weekly", "time": "10:00", "weekday": 9}):
        response = await alice.post(f"/api/notebooks/{nb}/schedules", json=body)
        assert response.status_code == 422 and error_of(response)["code"] == "invalid_request"
    mine = await schedule(alice, nb, kind="daily", time="10:00")
    # bob, even as an editor, neither schedules the notebook nor sees or touches its schedules
    share = {"owner": "alice", "people": [{"username": "bob", "role": "editor"}], "link_role": None}
    assert (await alice.put(f"/api/drive/items/{nb}/sharing", json=share)).status_code == 200
    theirs = await bob.post(
        f"/api/notebooks/{nb}/schedules", json={"kind": "daily", "time": "1:00"}
    )
    assert theirs.status_code == 403 and error_of(theirs)["code"] == "not_owner"
    assert (await bob.get(f"/api/notebooks/{nb}/schedules")).status_code == 403
    for method, path in (
        ("GET", f"/api/schedules/{mine['id']}/runs"),
        ("DELETE", f"/api/schedules/{mine['id']}"),
        ("POST", f"/api/schedules/{mine['id']}/run"),
    ):
        assert (await bob.request(method, path)).status_code == 404
    elsewhere = await notebook(bob, code_cell("a", "1"))
    assert (await bob.get(f"/api/notebooks/{elsewhere}/schedules")).json() == []
    assert (await alice.get(f"/api/notebooks/{elsewhere}/schedules")).status_code == 404


@pytest.mark.parametrize("settings_overrides", [FAST])
async def test_a_schedule_fires_and_its_run_is_in_the_history_and_a_revision(
    alice: ApiClient,
) -> None:
    nb = await notebook(alice, code_cell("a", "print(6*7)"))
    made = await schedule(alice, nb, **EVERY_TWO_SECONDS)
    run = await finished_run(alice, made["id"])
    assert (await alice.delete(f"/api/schedules/{made['id']}")).status_code == 204
    assert run["status"] == "succeeded" and run["error"] is None, run
    assert run["finished_at"] >= run["started_at"]
    live = (await alice.get(f"/api/notebooks/{nb}")).json()
    assert live["cells"][0]["outputs"][0]["text"] == "42\n"  # in the document, no browser
    revisions = (await alice.get(f"/api/notebooks/{nb}/revisions")).json()
    kept = next(r for r in revisions if r["id"] == run["revision_id"])
    assert kept["label"] == "Scheduled run"
    content = (await alice.get(f"/api/notebooks/{nb}/revisions/{kept['id']}")).json()
    assert content["cells"][0]["outputs"][0]["text"] == "42\n"
    assert (await alice.get("/api/runtimes")).json() == []  # the run's runtime went with it


@pytest.mark.parametrize("settings_overrides", [FAST])
async def test_a_failing_run_names_its_cell(alice: ApiClient) -> None:
    nb = await notebook(alice, code_cell("a", "x = 1"), code_cell("b", "x / 0"))
    made = await schedule(alice, nb, **EVERY_TWO_SECONDS, runtime_type="cpu")
    run = await finished_run(alice, made["id"])
    assert (await alice.delete(f"/api/schedules/{made['id']}")).status_code == 204
    assert run["status"] == "failed" and run["error_cell"] == 2, run
    assert run["error"] == "x / 0: ZeroDivisionError: division by zero"
    revisions = (await alice.get(f"/api/notebooks/{nb}/revisions")).json()
    assert any(r["label"] == "Scheduled run: failed at cell 2" for r in revisions)


async def test_two_replicas_fire_a_due_schedule_once(app: FastAPI, alice: ApiClient) -> None:
    svc = services(app)
    await svc.scheduler.close()  # only the replicas below look for due schedules
    nb = await notebook(alice, code_cell("a", "1"))
    made = await schedule(alice, nb, kind="daily", time="10:00")
    due = utcnow() - timedelta(seconds=1)
    async with svc.db.session() as s:
        await s.execute(
            update(NotebookSchedule)
            .where(NotebookSchedule.id == made["id"])
            .values(next_run_at=due)
        )

    class Counting(Scheduler):
        fired: list[str]

        def fire(self, schedule: NotebookSchedule) -> None:
            self.fired.append(schedule.id)

    replicas = [Counting(svc.settings, svc.db, svc.scheduler.run) for _ in range(3)]
    for replica in replicas:
        replica.fired = []
    started = await asyncio.gather(*(r.tick() for r in replicas))
    assert sum(started) == 1 and [f for r in replicas for f in r.fired] == [made["id"]]
    after = (await alice.get(f"/api/notebooks/{nb}/schedules")).json()[0]
    assert after["next_run_at"] > due.isoformat()  # moved on to the next firing
    assert sum(await asyncio.gather(*(r.tick() for r in replicas))) == 0


@pytest.mark.parametrize("settings_overrides", [FAST])
async def test_a_run_cut_short_by_a_stopping_server_is_recorded_as_failed(
    app: FastAPI, alice: ApiClient
) -> None:
    nb = await notebook(alice, code_cell("a", "import time\ntime.sleep(600)"))
    made = await schedule(alice, nb, **EVERY_TWO_SECONDS)
    for _ in range(3000):
        runs = (await alice.get(f"/api/schedules/{made['id']}/runs")).json()
        if runs:
            break
        await asyncio.sleep(0.1)
    assert [r["status"] for r in runs] == ["running"]
    await services(app).scheduler.close()  # as the server does when it stops
    [run] = (await alice.get(f"/api/schedules/{made['id']}/runs")).json()
    assert run["status"] == "failed" and run["error"] == "The server stopped during the run."
    assert run["finished_at"] is not None
