"""``collaboratory run NOTEBOOK``: run every cell of a notebook on a Collaboratory service.

Only the public HTTP API and a personal token (made with
``POST /api/tokens``): NOTEBOOK is a Drive notebook (its id, or its path such as
``Notebooks/report.ipynb``), whose outputs land in its live document as if run in the editor;
or a local ``.ipynb``, uploaded for the run, written to ``--output`` (or back to itself) and
removed from the Drive again. Exit status: 0 when every cell ran, 1 when a cell failed (named
on stderr), 2 when the URL, token or notebook is unusable.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

POLL_SECONDS = 0.25
SETTLE_SECONDS = 10.0  # after Ctrl-C, how long the interrupted cell may take to settle
ROOT_NAMES = {"", "My Drive", "MyDrive"}


class Unusable(Exception):
    """The URL, token or notebook cannot be used; exit 2 with this message."""


@dataclass
class Target:
    notebook_id: str
    name: str
    local: Path | None = None  # a local file uploaded for this run


def add_command(commands: Any) -> None:
    run = commands.add_parser(
        "run",
        help="run every cell of a notebook on a Collaboratory service",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument("notebook", help="Drive notebook id or path, or a local .ipynb file")
    run.add_argument("--url", help="the service's URL (default: $COLLABORATORY_URL)")
    run.add_argument("--token", help="a personal API token (default: $COLLABORATORY_TOKEN)")
    run.add_argument("--runtime-type", help="runtime type to run on (default: the notebook's)")
    run.add_argument("--output", type=Path, help="also write the result to this .ipynb file")
    run.set_defaults(run=cmd_run, config=None)


def cmd_run(args: argparse.Namespace) -> int:
    url = (args.url or os.environ.get("COLLABORATORY_URL") or "").rstrip("/")
    token = args.token or os.environ.get("COLLABORATORY_TOKEN") or ""
    try:
        if not url.startswith(("http://", "https://")):
            raise Unusable(
                "Give the service's URL (http:// or https://) with --url or $COLLABORATORY_URL."
            )
        if not token:
            raise Unusable("Give a personal API token with --token or $COLLABORATORY_TOKEN.")
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=url, headers=headers, timeout=60) as client:
            return Run(client, args).main()
    except Unusable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _error(response: httpx.Response) -> str:
    try:
        return str(response.json()["error"]["message"])
    except (ValueError, KeyError, TypeError):
        return f"HTTP {response.status_code}"


class Run:
    def __init__(self, client: httpx.Client, args: argparse.Namespace) -> None:
        self.client, self.args = client, args

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            return self.client.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise Unusable(f"Cannot reach {self.client.base_url}: {exc}") from exc

    def main(self) -> int:
        me = self.request("GET", "/api/me")
        if me.status_code == 401:
            raise Unusable(f"The service refused the token: {_error(me)}")
        if me.status_code != 200 or "json" not in me.headers.get("content-type", ""):
            raise Unusable(f"{self.client.base_url} does not look like a Collaboratory service.")
        target = self.find(self.args.notebook)
        try:
            return self.run(target)
        finally:
            if target.local is not None:
                self.request("DELETE", f"/api/drive/items/{target.notebook_id}?permanent=true")

    # -- the notebook ---------------------------------------------------------------------

    def find(self, spec: str) -> Target:
        local = Path(spec)
        if spec.endswith(".ipynb") and local.is_file():
            return self.upload(local)
        found = self.request("GET", f"/api/drive/items/{spec}") if "/" not in spec else None
        if found is not None and found.status_code == 200:
            item = found.json()
            if item["kind"] != "notebook":
                raise Unusable(f"{spec} is a {item['kind']}, not a notebook.")
            return Target(item["id"], item["name"])
        return self.walk(spec)

    def walk(self, path: str) -> Target:
        parts = [p for p in path.strip("/").split("/") if p]
        if parts and parts[0] in ROOT_NAMES:
            parts = parts[1:]
        parent: str | None = None
        item: dict[str, Any] | None = None
        for i, name in enumerate(parts):
            params = {"parent": parent} if parent else {}
            listing = self.request("GET", "/api/drive/items", params=params).json()
            last = i == len(parts) - 1
            names = (name, f"{name}.ipynb") if last else (name,)
            item = next((it for it in listing if it["name"] in names), None)
            if item is None:
                raise Unusable(
                    f"No notebook {path!r} in your Drive (and no local file of that name)."
                )
            parent = item["id"]
        if item is None or item["kind"] != "notebook":
            raise Unusable(f"{path!r} is not a notebook in your Drive.")
        return Target(item["id"], item["name"])

    def upload(self, path: Path) -> Target:
        files = {"file": (path.name, path.read_bytes(), "application/x-ipynb+json")}
        response = self.request("POST", "/api/drive/upload", files=files)
        if response.status_code != 201:
            raise Unusable(f"{path} cannot be run: {_error(response)}")
        item = response.json()
        print(f"Uploaded {path} for this run.")
        return Target(item["id"], item["name"], local=path)

    # -- running --------------------------------------------------------------------------

    def run(self, target: Target) -> int:
        mine = self.request("GET", "/api/runtimes").json()
        had_runtime = any(r["notebook_id"] == target.notebook_id for r in mine)
        if self.args.runtime_type:
            self.connect(target, self.args.runtime_type)
        started = time.monotonic()
        response = self.request(
            "POST", f"/api/notebooks/{target.notebook_id}/execute", json={"all": True}
        )
        if response.status_code != 202:
            raise Unusable(f"{target.name} cannot run: {_error(response)}")
        queued: list[str] = response.json()["queued"]
        print(f"Running {len(queued)} code cell(s) of {target.name} on {self.client.base_url}")
        try:
            failed = Progress(self, target, queued).follow()
        except KeyboardInterrupt:
            self.interrupt(target, queued)
            print("Interrupted: the running cell was stopped.", file=sys.stderr)
            return 130
        finally:
            if not had_runtime:
                self.disconnect(target)
        self.write_out(target)
        seconds = time.monotonic() - started
        if failed is not None:
            print(f"error: {failed}", file=sys.stderr)
            return 1
        print(f"Done: {len(queued)} cell(s) ran in {seconds:.1f} s.")
        return 0

    def connect(self, target: Target, runtime_type: str) -> None:
        body = {"notebook_id": target.notebook_id, "runtime_type": runtime_type}
        response = self.request("POST", "/api/runtimes", json=body)
        if response.status_code not in (201, 202):
            raise Unusable(f"Cannot connect a {runtime_type!r} runtime: {_error(response)}")
        if response.status_code == 202:
            print(f"Waiting for a {runtime_type} runtime (queued)...")

    def interrupt(self, target: Target, queued: list[str]) -> None:
        """Interrupt execution, then give the cell a moment to record its KeyboardInterrupt."""
        for runtime in self.request("GET", "/api/runtimes").json():
            if runtime["notebook_id"] == target.notebook_id:
                self.request("POST", f"/api/runtimes/{runtime['id']}/interrupt")
        deadline = time.monotonic() + SETTLE_SECONDS
        while time.monotonic() < deadline:
            nb = self.request("GET", f"/api/notebooks/{target.notebook_id}").json()
            busy = [c for c in nb["cells"] if c.get("id") in queued and _status(c) == "running"]
            if not busy:
                return
            time.sleep(POLL_SECONDS)

    def disconnect(self, target: Target) -> None:
        for runtime in self.request("GET", "/api/runtimes").json():
            if runtime["notebook_id"] == target.notebook_id:
                self.request("DELETE", f"/api/runtimes/{runtime['id']}")

    def write_out(self, target: Target) -> None:
        out = self.args.output or target.local
        if out is None:
            print(f"Outputs are in {target.name} on the service.")
            return
        content = self.request("GET", f"/api/drive/items/{target.notebook_id}/content")
        content.raise_for_status()
        out.write_bytes(content.content)
        print(f"Wrote {out}")


class Progress:
    """Follows the queued cells' status in the live document until they have all settled."""

    def __init__(self, run: Run, target: Target, queued: list[str]) -> None:
        self.run, self.target, self.queued = run, target, queued
        self.reported: set[str] = set()

    def follow(self) -> str | None:
        """None when every cell ran; else what failed, naming the cell."""
        while True:
            nb = self.run.request("GET", f"/api/notebooks/{self.target.notebook_id}").json()
            cells = {c.get("id"): (i, c) for i, c in enumerate(nb["cells"], start=1)}
            pending = False
            for cell_id in self.queued:
                index, cell = cells.get(cell_id, (0, {}))
                status = _status(cell)
                if status in ("queued", "running"):
                    pending = True
                elif status in ("done", "error") and cell_id not in self.reported:
                    self.reported.add(cell_id)
                    self.report(index, cell, status)
                    if status == "error":
                        return f"cell {index} failed ({_first_line(cell)}): {_what(cell)}"
            if not pending:
                return None
            time.sleep(POLL_SECONDS)

    def report(self, index: int, cell: dict[str, Any], status: str) -> None:
        done = len(self.reported)
        mark = "ok" if status == "done" else "FAILED"
        print(f"[{done}/{len(self.queued)}] cell {index}: {_first_line(cell)}  {mark}", flush=True)


def _status(cell: dict[str, Any]) -> str | None:
    state = cell.get("metadata", {}).get("collaboratory", {}).get("execution", {})
    status = state.get("status") if isinstance(state, dict) else None
    return status if isinstance(status, str) else None


def _first_line(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    text = "".join(source) if isinstance(source, list) else str(source)
    line = next((s.strip() for s in text.splitlines() if s.strip()), "")
    return line if len(line) <= 60 else line[:57] + "..."


def _what(cell: dict[str, Any]) -> str:
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            return f"{output.get('ename')}: {output.get('evalue')}"
    return "the cell ended with an error"
