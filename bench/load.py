"""Load: simulated users against a real ``collaboratory serve`` process.

    python bench/load.py --editors 100 --idle 200 --duration 120   # the full size (#16)
    python bench/load.py --editors 10 --idle 10 --duration 60      # a small one
    python bench/load.py --burst 30                                # 30 new guests at once

**Editors.** Each is an account with a notebook of two cells (Markdown notes, and a small code
cell), a runtime connected to it, and two sync sockets on it: the editor's, and a watcher's
standing in for a collaborator's browser. Every ``--interval`` seconds (jittered ±50%) it types
a word into the notes, one keystroke per update ``--key-gap`` apart, then runs the code cell over
its socket (the ``execute`` request). *Edit propagation*: a keystroke's update sent by the editor
until the watcher's document holds it. *Execute round trip*: the request sent until the cell's
new output is in the editor's document (kernel, output writer, CRDT and socket included).

**Idle runtimes.** ``--idle`` more runtimes connected (five accounts' worth per account, the
per-user limit), each on a notebook of its own, doing nothing.

**Burst.** ``--burst N`` guests start at the same moment, as a new user would: guest sign-in, a
notebook holding ``print(6*7)``, its sync socket, Shift+Enter (an ``execute`` request, which
connects the notebook's runtime first); *first output* is until ``42`` is in the document.
``--rounds`` bursts run, each of new guests (the last round's runtimes deleted first), the next
once the warm pool holds ``N`` or after ``--gap`` seconds, so the pool's answer to demand shows.

The database is SQLite in the server's data directory unless ``--postgres`` (a throwaway
cluster, as the tests start one) or ``--database-url``. Reported: p50/p99 of both latencies,
errors, the server's RSS and the PSS of every process below it (runtimes: bubblewrap, kernels,
their networks). Runtime images are built once into ``--images-dir`` (default
``~/.cache/collaboratory/bench-images``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import shutil
import sys
import tempfile
import time
from collections import deque
from collections.abc import Awaitable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

import httpx  # noqa: E402
from pycrdt import Text, TransactionEvent  # noqa: E402
from tests.clients import ApiClient, code_cell, notebook_bytes  # noqa: E402
from tests.db.postgres import postgres_cluster  # noqa: E402
from tests.documents.client import SyncClient  # noqa: E402
from tests.servers import Server, free_port  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402

from collaboratory.runtimes.sandbox.procs import descendants  # noqa: E402

MiB = 1024 * 1024
PASSWORD = "a long enough password"
RUN_CELL = "n = globals().get('n', 0) + 1\nprint(n)"
T = TypeVar("T")


@dataclass
class Stats:
    edits: list[float] = field(default_factory=list)
    executes: list[float] = field(default_factory=list)
    first_outputs: list[float] = field(default_factory=list)
    lags: list[float] = field(default_factory=list)  # this generator's own event loop
    from_sign_in: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)

    def error(self, what: str, exc: BaseException | None = None) -> None:
        key = f"{what}: {type(exc).__name__}" if exc else what
        if isinstance(exc, httpx.HTTPStatusError):
            key += f" {exc.response.status_code} {exc.response.text[:200]}"
        self.errors[key] = self.errors.get(key, 0) + 1


async def open_socket(base: str, notebook_id: str, headers: dict[str, str]) -> SyncClient:
    url = base.replace("http", "ws", 1) + f"/api/notebooks/{notebook_id}/sync"
    ws = await connect(url, additional_headers=headers, max_size=None, open_timeout=120)
    client = SyncClient(ws)
    for attempt in range(12):  # the client waits 10 s for an answer: a loaded server is slower
        try:
            await client.ack()
            return client
        except TimeoutError:
            if attempt == 11:
                await client.close()
                raise
    return client


def cookie_header(client: ApiClient) -> dict[str, str]:
    return {"Cookie": "; ".join(f"{c.name}={c.value}" for c in client.cookies.jar)}


class Changes:
    """Wakes a waiter on every change to a client's document."""

    def __init__(self, client: SyncClient) -> None:
        self.event = asyncio.Event()
        self._subscription = client.doc.observe(self._changed)

    def _changed(self, _: TransactionEvent) -> None:
        self.event.set()

    async def until(self, check: Any, within: float) -> None:
        async with asyncio.timeout(within):
            while not check():
                self.event.clear()
                await self.event.wait()


def cell_stdout(client: SyncClient, index: int) -> str:
    outputs = client.ynotebook.get_cell(index)["outputs"]
    return "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")


@dataclass
class Editor:
    editor: SyncClient
    watcher: SyncClient
    runs: int = 0
    typed: int = 0
    pending: deque[tuple[int, float]] = field(default_factory=deque)

    def notes(self, client: SyncClient) -> Text:
        source: Text = client.ynotebook.ycells[0]["source"]
        return source

    def watch(self, stats: Stats) -> None:
        """Times keystrokes as they reach the watcher (read after each of its changes: a
        document cannot be read inside its own observer)."""
        self.changes = Changes(self.editor)
        self.tracking = asyncio.create_task(self._track(stats, Changes(self.watcher)))

    async def _track(self, stats: Stats, changes: Changes) -> None:
        base = len(str(self.notes(self.watcher))) - self.typed
        while True:
            await changes.event.wait()
            changes.event.clear()
            length = len(str(self.notes(self.watcher))) - base
            now = time.perf_counter()
            while self.pending and self.pending[0][0] <= length:
                stats.edits.append(now - self.pending.popleft()[1])

    async def type_word(self, key_gap: float) -> None:
        for char in "word ":
            self.notes(self.editor).insert(len(str(self.notes(self.editor))), char)
            self.typed += 1
            self.pending.append((self.typed, time.perf_counter()))
            await self.editor.flush()
            await asyncio.sleep(key_gap)

    async def run_cell(self, stats: Stats) -> None:
        self.runs += 1
        expected = f"{self.runs}\n"
        start = time.perf_counter()
        reply = await self.editor.request("execute", cell_ids=["run"])
        if not reply["ok"]:
            stats.error(f"execute refused ({reply['error']['code']})")
            return
        await self.changes.until(lambda: cell_stdout(self.editor, 1) == expected, 30)
        stats.executes.append(time.perf_counter() - start)


async def guarded(stats: Stats, what: str, work: Awaitable[T]) -> T | None:
    try:
        return await work
    except Exception as exc:
        stats.error(what, exc)
        return None


async def account(base: str, name: str) -> tuple[ApiClient, dict[str, str]]:
    client = ApiClient(base_url=base, timeout=120)
    await client.signup(name, PASSWORD)
    token = (await client.post("/api/tokens", json={"name": "load"})).json()["token"]
    return client, {"Authorization": f"Bearer {token}"}


async def notebook_with_runtime(client: ApiClient, cells: list[dict[str, Any]]) -> str:
    response = await client.upload("load.ipynb", notebook_bytes(cells))
    assert response.status_code == 201, response.text
    notebook_id = str(response.json()["id"])
    runtime = await client.post("/api/runtimes", json={"notebook_id": notebook_id})
    assert runtime.status_code in (200, 201), runtime.text
    return notebook_id


async def start_editor(base: str, index: int) -> Editor:
    client, headers = await account(base, f"editor{index}")
    cells = [
        {"cell_type": "markdown", "id": "notes", "source": "Notes: ", "metadata": {}},
        code_cell("run", RUN_CELL),
    ]
    try:
        notebook_id = await notebook_with_runtime(client, cells)
    finally:
        await client.aclose()
    editor = Editor(
        await open_socket(base, notebook_id, headers), await open_socket(base, notebook_id, headers)
    )
    return editor


async def start_idle(base: str, count: int, per_account: int = 5) -> None:
    async def one_account(index: int, runtimes: int) -> None:
        client, _ = await account(base, f"idle{index}")
        try:
            for _ in range(runtimes):
                await notebook_with_runtime(client, [code_cell("c", "1")])
        finally:
            await client.aclose()

    sizes = [min(per_account, count - i) for i in range(0, count, per_account)]
    for first in range(0, len(sizes), 8):  # eight accounts connecting at a time
        batch = sizes[first : first + 8]
        await asyncio.gather(*(one_account(first + i, n) for i, n in enumerate(batch)))


async def editor_loop(editor: Editor, args: argparse.Namespace, stop: float, stats: Stats) -> None:
    loop = asyncio.get_running_loop()
    while loop.time() < stop:
        await asyncio.sleep(args.interval * random.uniform(0.5, 1.5))
        await guarded(stats, "typing", editor.type_word(args.key_gap))
        await guarded(stats, "execute", editor.run_cell(stats))
    for client in (editor.editor, editor.watcher):
        while not client.error_frames.empty():
            stats.error(f"error frame: {client.error_frames.get_nowait()['error']['code']}")


async def pool_settled(server: Server, steady: int = 3, most: float = 300) -> None:
    """Wait while the warm pool refills after the set-up took its runtimes: the start-ups
    would share the CPU with the first seconds measured, which are about steady load."""
    started, seen = time.monotonic(), [await warm_count(server)]
    while len(seen) < steady or len(set(seen[-steady:])) > 1:
        if time.monotonic() - started > most:
            break
        await asyncio.sleep(2)
        seen.append(await warm_count(server))
    print(f"warm pool settled at {seen[-1]} runtimes in {time.monotonic() - started:.0f} s")


def memory(server: Server) -> dict[str, float]:
    """The server's RSS, and the PSS of everything below it with their count."""
    rss = pss = 0
    kernels = 0
    status = Path(f"/proc/{server.proc.pid}/status").read_text().splitlines()
    rss = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmRSS:"))
    for pid in descendants(server.proc.pid):
        with contextlib.suppress(OSError, StopIteration):
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
            pss += next(int(x.split()[1]) * 1024 for x in rollup if x.startswith("Pss:"))
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
            kernels += b"collaboratory_kernel" in command and not command.startswith(
                b"/usr/bin/bwrap"
            )
    return {"server_rss": rss, "below_pss": pss, "kernels": kernels}


async def load(args: argparse.Namespace, server: Server, stats: Stats) -> dict[str, Any]:
    started = time.perf_counter()
    await start_idle(server.url, args.idle)
    editors: list[Editor] = []
    for first in range(0, args.editors, 8):
        count = min(8, args.editors - first)
        editors += await asyncio.gather(
            *(start_editor(server.url, first + i) for i in range(count))
        )
    setup = time.perf_counter() - started
    print(f"set up {args.editors} editors and {args.idle} idle runtimes in {setup:.0f} s")
    await pool_settled(server)
    for editor in editors:
        editor.watch(stats)
        await editor.run_cell(stats)  # the first run of each kernel is not what we measure
    stats.executes.clear()
    stop = asyncio.get_running_loop().time() + args.duration
    cpu_before = cpu_seconds(server.proc.pid), time.process_time(), os.getloadavg()[0]
    lag = asyncio.create_task(measure_lag(stats.lags))
    await asyncio.gather(*(editor_loop(e, args, stop, stats) for e in editors))
    lag.cancel()
    cpu = {
        "server_cpu": (cpu_seconds(server.proc.pid) - cpu_before[0]) / args.duration,
        "bench_cpu": (time.process_time() - cpu_before[1]) / args.duration,
        "load_average": (cpu_before[2] + os.getloadavg()[0]) / 2,
    }
    await asyncio.sleep(1)  # the last keystrokes' echoes
    lost = sum(len(e.pending) for e in editors)
    if lost:
        stats.error(f"{lost} keystrokes never reached the watcher")
    figures = memory(server)
    for editor in editors:
        editor.tracking.cancel()
        await editor.editor.close()
        await editor.watcher.close()
    return {"setup_seconds": setup, **figures, **cpu}


async def measure_lag(lags: list[float], every: float = 0.01) -> None:
    """How late this process's loop wakes up: a latency measured here includes that much
    waiting of the generator's own, which says how far its figures can be trusted."""
    loop = asyncio.get_running_loop()
    while True:
        asked = loop.time()
        await asyncio.sleep(every)
        lags.append(loop.time() - asked - every)


def cpu_seconds(pid: int) -> float:
    """CPU time a process has used (user and system), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


Leftover = tuple[str, dict[str, str]]  # a guest's runtime id and session cookies


async def new_guest(base: str, gate: asyncio.Event, stats: Stats) -> Leftover | None:
    await gate.wait()
    start = time.perf_counter()
    async with ApiClient(base_url=base, timeout=120) as client:
        (await client.post("/api/auth/guest")).raise_for_status()
        response = await client.upload(
            "first.ipynb", notebook_bytes([code_cell("c", "print(6*7)")])
        )
        notebook_id = str(response.json()["id"])
        socket = await open_socket(base, notebook_id, cookie_header(client))
        try:
            changes = Changes(socket)
            pressed = time.perf_counter()
            reply = await socket.request("execute", cell_ids=["c"])
            if not reply["ok"]:
                stats.error(f"execute refused ({reply['error']['code']})")
                return None
            await changes.until(lambda: cell_stdout(socket, 0) == "42\n", 120)
            done = time.perf_counter()
            stats.first_outputs.append(done - pressed)
            stats.from_sign_in.append(done - start)
        finally:
            await socket.close()
        runtimes = (await client.get("/api/runtimes")).json()
        return (str(runtimes[0]["id"]), dict(client.cookies)) if runtimes else None


async def burst(args: argparse.Namespace, server: Server) -> list[dict[str, Any]]:
    rounds = []
    leftovers: list[Leftover] = []
    for number in range(args.rounds):
        await delete_runtimes(server.url, leftovers)
        if number:  # the pool's answer to the last round: wait for it, up to --gap seconds
            deadline = time.monotonic() + args.gap
            while await warm_count(server) < args.burst and time.monotonic() < deadline:
                await asyncio.sleep(1)
        warm = await warm_count(server)
        stats, gate = Stats(), asyncio.Event()
        tasks = [
            asyncio.create_task(guarded(stats, "guest", new_guest(server.url, gate, stats)))
            for _ in range(args.burst)
        ]
        await asyncio.sleep(0.1)
        gate.set()
        leftovers = [r for r in await asyncio.gather(*tasks) if r]
        rounds.append({"round": number + 1, "warm_before": warm, "stats": stats})
        report_burst(rounds[-1])
    return rounds


async def warm_count(server: Server) -> int:
    """Warm runtimes of type cpu now, as /api/runtime-types says (asked as one guest)."""
    client = getattr(server, "observer", None)
    if client is None:
        client = server.observer = ApiClient(base_url=server.url, timeout=30)  # type: ignore[attr-defined]
        (await client.post("/api/auth/guest")).raise_for_status()
    types = (await client.get("/api/runtime-types")).json()
    return int(next(t["warm"] for t in types if t["id"] == "cpu"))


async def delete_runtimes(base: str, leftovers: list[Leftover]) -> None:
    async def delete(runtime_id: str, cookies: dict[str, str]) -> None:
        async with ApiClient(base_url=base, timeout=600, cookies=cookies) as client:
            await client.delete(f"/api/runtimes/{runtime_id}")

    stats = Stats()
    await asyncio.gather(*(guarded(stats, "delete", delete(*item)) for item in leftovers))
    if stats.errors:
        print(f"  deleting the last round's runtimes: {stats.errors}")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else float("nan")


def ms(values: list[float]) -> str:
    p50, p95, p99 = (percentile(values, p) * 1000 for p in (50, 95, 99))
    return f"p50 {p50:.0f} ms, p95 {p95:.0f} ms, p99 {p99:.0f} ms (n={len(values)})"


def report_burst(result: dict[str, Any]) -> None:
    stats: Stats = result["stats"]
    print(f"burst round {result['round']} ({result['warm_before']} warm runtimes before):")
    print(f"  Shift+Enter to first output: {ms(stats.first_outputs)}")
    print(f"  guest sign-in to first output: {ms(stats.from_sign_in)}")
    print(f"  errors: {stats.errors or 'none'}")


def report_load(args: argparse.Namespace, stats: Stats, figures: dict[str, Any]) -> None:
    print(f"{args.editors} editors, {args.idle} idle runtimes, {args.duration} s:")
    print(f"  edit propagation: {ms(stats.edits)}")
    print(f"  execute round trip: {ms(stats.executes)}")
    print(f"  errors: {stats.errors or 'none'}")
    print(f"  this load generator's own event-loop lag: {ms(stats.lags)}")
    print(
        f"  server RSS {figures['server_rss'] / MiB:.0f} MiB; {figures['kernels']} kernels; "
        f"PSS below the server {figures['below_pss'] / MiB:.0f} MiB "
        f"({figures['below_pss'] / MiB / max(1, figures['kernels']):.1f} MiB per runtime)"
    )
    print(
        f"  CPU: server {figures['server_cpu']:.0%} of a core, this load generator "
        f"{figures['bench_cpu']:.0%}; machine load average {figures['load_average']:.1f}"
    )


def config_file(directory: Path, args: argparse.Namespace, database: str | None) -> Path:
    images = Path(args.images_dir).expanduser().resolve()
    path = directory / "load.toml"
    url = f'database_url = "{database}"\n' if database else ""
    path.write_text(
        f'{url}[runtimes]\nimages_dir = "{images}"\nmax_runtimes_per_user = 5\n'
        f"[accounts]\nlogin_attempts_per_window = 1000\n"
    )
    return path


async def main(args: argparse.Namespace) -> None:
    with contextlib.ExitStack() as stack:
        database = args.database_url
        if args.postgres:
            database = stack.enter_context(postgres_cluster()) + "/postgres"
        await run(args, database)


async def run(args: argparse.Namespace, database: str | None) -> None:
    with tempfile.TemporaryDirectory(prefix="collaboratory-load-") as tmp:
        data = Path(tmp) / "data"
        config = config_file(Path(tmp), args, database)
        server = start_server(data, config)
        try:
            await warm_up(server)
            if args.burst:
                await burst(args, server)
            else:
                stats = Stats()
                figures = await load(args, server, stats)
                report_load(args, stats, figures)
        finally:
            server.kill_all()
            kept = Path(tempfile.gettempdir()) / "collaboratory-load-server.log"
            shutil.copyfile(server.log.name, kept)
            print(f"server log: {kept}")


def start_server(data: Path, config: Path, patience: float = 300) -> Server:
    """A server process, waited for longer than the tests do: a loaded machine is slow."""
    server = Server.__new__(Server)
    try:
        Server.__init__(server, data, free_port(), warm_pool=True, config=config)
    except AssertionError:  # not up after 30 s: it has the process and the URL by then
        deadline = time.monotonic() + patience
        while time.monotonic() < deadline and server.proc.poll() is None:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{server.url}/api/status", timeout=5).status_code == 200:
                    return server
            time.sleep(1)
        server.kill_all()
        raise
    return server


async def warm_up(server: Server) -> None:
    """The runtime image is built and the warm pool filled before anything is measured."""
    print("waiting for the runtime image and the warm pool ...")
    deadline = time.monotonic() + 1800
    while await warm_count(server) < 1:
        if time.monotonic() > deadline:
            raise SystemExit("the warm pool never filled: see the server log")
        await asyncio.sleep(1)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--editors", type=int, default=100)
    parser.add_argument("--idle", type=int, default=200)
    parser.add_argument("--duration", type=float, default=120, help="seconds of load")
    parser.add_argument("--interval", type=float, default=3, help="seconds between words")
    parser.add_argument("--key-gap", type=float, default=0.08, help="seconds between keys")
    parser.add_argument("--burst", type=int, default=0, help="guests at once (burst mode)")
    parser.add_argument("--rounds", type=int, default=2, help="bursts, of new guests each")
    parser.add_argument(
        "--gap", type=float, default=120, help="most seconds to wait for the pool between bursts"
    )
    parser.add_argument("--images-dir", default="~/.cache/collaboratory/bench-images")
    parser.add_argument("--postgres", action="store_true", help="a throwaway PostgreSQL cluster")
    parser.add_argument("--database-url", help="this database instead of SQLite")
    asyncio.run(main(parser.parse_args()))
