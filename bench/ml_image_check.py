"""Proves the ``ml`` runtime image on a machine without a GPU, and measures both default images.

    python bench/ml_image_check.py [--data-dir DIR] [--out FILE]

Builds ``standard`` and ``ml`` in DIR when they are not up to date (``collaboratory images
build``, timed), then starts a real ``collaboratory serve`` with a config file adding a CPU type
``cpu-ml`` on the ``ml`` image, and for a runtime of ``cpu`` (standard) and of ``cpu-ml``:
the cold start (POST /api/runtimes to the first result of a cell), the idle memory, and that
an idle runtime has imported none of the deep-learning frameworks (``sys.modules``). On
``cpu-ml`` it then imports torch, tensorflow, keras and jax, trains a tiny model with each on
the CPU, runs the built-in GPU check snippets (they must say "No GPU", not fail) and reads the
memory again. It prints a Markdown report, writes it as JSON to --out, and exits 0 only when
every check holds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import time
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench"), str(ROOT / "src")]

from tests.clients import ApiClient  # noqa: E402
from tests.kernel_api import wsclient  # noqa: E402
from tests.kernel_api.wsclient import KernelSocket, stdout  # noqa: E402
from tests.servers import Server, free_port  # noqa: E402

from connect_latency import memory  # noqa: E402

wsclient.RECV_SECONDS = 900  # importing and training with three frameworks on 2 cores
MiB = 1024 * 1024
FRAMEWORKS = ("torch", "tensorflow", "keras", "jax", "jaxlib")
CONFIG = """
[runtimes.types.cpu-ml]
name = "CPU (ml image)"
accelerator = "none"
memory_mb = 8192
warm_pool = 0
image = "ml"
"""
IDLE_PROBE = f"import sys; print(sorted(m for m in {FRAMEWORKS!r} if m in sys.modules))"
TRAIN = """
import os, json
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np
import torch, tensorflow as tf, keras, jax, jax.numpy as jnp
X = np.random.default_rng(0).normal(size=(256, 4)).astype("float32")
y = X @ np.array([1.0, -2.0, 0.5, 3.0], dtype="float32") + 0.1
found = {"versions": {m.__name__: m.__version__ for m in (torch, tf, keras, jax)}}

model = torch.nn.Linear(4, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
xt, yt = torch.from_numpy(X), torch.from_numpy(y).unsqueeze(1)
for _ in range(200):
    opt.zero_grad(); loss = torch.nn.functional.mse_loss(model(xt), yt); loss.backward(); opt.step()
found["torch_loss"] = float(loss)

net = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
net.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
found["keras_loss"] = float(net.fit(X, y, epochs=30, verbose=0).history["loss"][-1])

w = jnp.zeros(4); b = 0.0
loss_fn = lambda w, b: jnp.mean((X @ w + b - y) ** 2)
grad = jax.jit(jax.grad(loss_fn, argnums=(0, 1)))
for _ in range(200):
    gw, gb = grad(w, b); w, b = w - 0.1 * gw, b - 0.1 * gb
found["jax_loss"] = float(loss_fn(w, b))
found["tf_gpu"] = tf.test.gpu_device_name()
found["torch_cuda"] = torch.cuda.is_available()
found["jax_devices"] = [d.platform for d in jax.devices()]
print(json.dumps(found))
"""


def build(name: str, data_dir: Path) -> dict[str, Any]:
    command = [sys.executable, "-m", "collaboratory", "images", "build", name]
    started = time.perf_counter()
    done = subprocess.run([*command, "--data-dir", str(data_dir)], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"building {name} failed:\n{done.stdout}\n{done.stderr}")
    return {"seconds": round(seconds, 1), "said": done.stdout.strip().splitlines()[-1]}


def gpu_snippets() -> dict[str, str]:
    snippets = {}
    for path in sorted((ROOT / "src/collaboratory/snippets/builtin").glob("*.toml")):
        snippet = tomllib.loads(path.read_text())
        if "gpu" in snippet.get("tags", []):
            snippets[path.stem] = snippet["code"]
    return snippets


async def run(ks: KernelSocket, code: str) -> tuple[str, str | None]:
    reply, outputs = await ks.execute(code)
    content = reply["content"]
    error = None if content["status"] == "ok" else f"{content['ename']}: {content['evalue']}"
    return stdout(outputs), error


async def memory_mib(c: ApiClient, runtime: dict[str, Any], data_dir: Path) -> dict[str, float]:
    return {k: round(v / MiB, 1) for k, v in (await memory(c, runtime, data_dir)).items()}


async def runtime_on(
    c: ApiClient, base: str, auth: dict[str, str], type_id: str, data_dir: Path, train: bool
) -> dict[str, Any]:
    notebook = await c.create("notebook")
    started = time.perf_counter()
    body = {"notebook_id": notebook["id"], "runtime_type": type_id}
    runtime = (await c.post("/api/runtimes", json=body)).json()
    assert runtime["state"] == "ready", runtime
    url = base.replace("http", "ws") + f"/api/kernels/{runtime['kernel_id']}/channels"
    found: dict[str, Any] = {"type": type_id}
    async with KernelSocket.connect(url, headers=auth) as ks:
        out, error = await run(ks, "pass")
        found["cold_start_s"] = round(time.perf_counter() - started, 2)
        await asyncio.sleep(3)
        found["idle"] = await memory_mib(c, runtime, data_dir)
        out, error = await run(ks, IDLE_PROBE)
        found["idle_frameworks"] = out.strip()
        found["ok"] = error is None and out.strip() == "[]"
        if train:
            began = time.perf_counter()
            out, error = await run(ks, TRAIN)
            found["train_s"] = round(time.perf_counter() - began, 1)
            lines = [line for line in out.splitlines() if line.startswith("{")]
            found["train"] = json.loads(lines[-1]) if error is None and lines else error or out
            losses = [1e9]
            if isinstance(found["train"], dict):
                losses = [found["train"][k] for k in ("torch_loss", "keras_loss", "jax_loss")]
            found["ok"] = found["ok"] and max(losses) < 0.05
            found["used"] = await memory_mib(c, runtime, data_dir)
            found["snippets"] = {}
            for name, code in gpu_snippets().items():
                out, error = await run(ks, code)
                found["snippets"][name] = error or out.strip().splitlines()[:2]
                found["ok"] = found["ok"] and error is None and "ModuleNotFoundError" not in out
    await c.delete(f"/api/runtimes/{runtime['id']}")
    return found


async def main(data_dir: Path, out: Path | None) -> int:
    data_dir.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {"build": {n: build(n, data_dir) for n in ("standard", "ml")}}
    config = data_dir / "ml-check.toml"
    config.write_text(CONFIG)
    server = Server(data_dir, free_port(), config=config)
    try:
        async with ApiClient(base_url=server.url, timeout=600) as c:
            await c.signup(f"bench{time.time_ns()}", "a long enough password")
            token = (await c.post("/api/tokens", json={"name": "b"})).json()["token"]
            auth = {"Authorization": f"token {token}"}
            images = {i["name"]: i for i in (await c.get("/api/runtime-images")).json()}
            report["images"] = {
                n: {"size_mb": round(i["size_bytes"] / 1e6), "packages": len(i["packages"])}
                for n, i in images.items()
            }
            base = server.url.rstrip("/")
            report["standard"] = await runtime_on(c, base, auth, "cpu", data_dir, train=False)
            report["ml"] = await runtime_on(c, base, auth, "cpu-ml", data_dir, train=True)
    finally:
        server.kill_all()
    ok = report["standard"]["ok"] and report["ml"]["ok"]
    print(json.dumps(report, indent=1))
    print("ml image check:", "PASSED" if ok else "FAILED")
    if out is not None:
        out.write_text(json.dumps(report, indent=1))
    return 0 if ok else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/collaboratory-ml-check"))
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    sys.exit(asyncio.run(main(args.data_dir, args.out)))
