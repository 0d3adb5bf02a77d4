"""Proves the GPU runtime type on a machine with an NVIDIA GPU: NVML discovery finds the GPU, a
GPU runtime gets it (``torch.cuda.is_available()`` true, ``tf.test.gpu_device_name()`` names it, the
device in ``CUDA_VISIBLE_DEVICES``)
and a CPU runtime on the same machine sees none.

    python bench/gpu_proof.py [--static-gpus N] [--out FILE]

It starts a real ``collaboratory serve`` (default configuration: NVML discovery), signs up,
connects a ``gpu`` and a ``cpu`` runtime, runs a probe cell in each through the Jupyter
channels websocket and reads ``/api/runtimes/{id}/usage``. It prints a Markdown report and
exits 0 only when the proof holds. ``--static-gpus N`` uses a static inventory instead of NVML,
for a dry run on a machine without a GPU (the proof then fails at ``torch.cuda``, as it must).

On the lent GPU machine (Python 3.12 with PyTorch and nvidia-ml-py, nothing to fetch), carry
what ``bash bench/gpu_wheels.sh`` puts in ``.whl`` (wheels and bubblewrap's package) and run:

    for d in .whl/*.deb; do dpkg -x "$d" /tmp/bw; done; export PATH=/tmp/bw/usr/bin:$PATH;
    python3 -m pip install -q --no-index --find-links .whl 'collaboratory[nvidia]' httpx &&
    PYTHONUNBUFFERED=1 python3 bench/gpu_proof.py --runtime-python python3 --out $OUT/gpu-proof.json

``--runtime-python`` runs the runtimes on that interpreter as it is (``runtimes.python``): the
lent machine reaches no package registry, so it cannot build the ``ml`` image; its own Python
has PyTorch. Without it the runtimes use the configured images (``ml`` for GPU types).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from tests.clients import ApiClient  # noqa: E402
from tests.kernel_api.wsclient import KernelSocket, stdout  # noqa: E402
from tests.servers import Server, free_port  # noqa: E402

PROBE = """
import glob, json, os
seen = {"CUDA_VISIBLE_DEVICES": os.environ.get("CUDA_VISIBLE_DEVICES"),
        "dev_nvidia": sorted(glob.glob("/dev/nvidia*"))}
try:
    import torch
except ImportError as exc:
    seen["torch"] = f"not installed ({exc})"
else:
    seen["torch"] = torch.__version__
    seen["cuda_available"] = torch.cuda.is_available()
    if seen["cuda_available"]:
        seen["device_count"] = torch.cuda.device_count()
        seen["device"] = torch.cuda.get_device_name(0)
        x = torch.ones(1024, 1024, device="cuda")
        seen["matmul"] = float((x @ x)[0, 0])
try:
    import tensorflow as tf
except ImportError as exc:
    seen["tensorflow"] = f"not installed ({exc})"
else:
    seen["tensorflow"] = tf.__version__
    seen["tf_gpu_device_name"] = tf.test.gpu_device_name()
print(json.dumps(seen))
"""


async def probe_runtime(c: ApiClient, type_id: str, auth: dict[str, str]) -> dict[str, Any]:
    notebook = await c.create("notebook", name=f"{type_id}-proof.ipynb")
    response = await c.post(
        "/api/runtimes",
        json={"notebook_id": notebook["id"], "runtime_type": type_id, "wait": False},
    )
    if response.status_code >= 400:
        return {"connect_error": response.json()["error"]}
    runtime = response.json()
    url = str(c.base_url).rstrip("/").replace("http", "ws")
    async with KernelSocket.connect(
        f"{url}/api/kernels/{runtime['kernel_id']}/channels", headers=auth
    ) as ks:
        reply, outputs = await ks.execute(PROBE)
    seen: dict[str, Any] = {"accelerator": runtime.get("accelerator")}
    if reply["content"]["status"] != "ok":
        seen["error"] = f"{reply['content'].get('ename')}: {reply['content'].get('evalue')}"
    else:
        seen.update(json.loads(stdout(outputs).strip().splitlines()[-1]))
    seen["usage"] = (await c.get(f"/api/runtimes/{runtime['id']}/usage")).json()
    await c.delete(f"/api/runtimes/{runtime['id']}")
    return seen


async def prove(data_dir: Path, config: Path | None) -> dict[str, Any]:
    server = Server(data_dir, free_port(), config=config)
    try:
        async with ApiClient(base_url=server.url, timeout=300) as c:
            await c.signup("gpu-proof", "a long enough password")
            token = (await c.post("/api/tokens", json={"name": "proof"})).json()["token"]
            auth = {"Authorization": f"token {token}"}
            status = (await c.get("/api/status")).json()
            types = {t["id"]: t for t in (await c.get("/api/runtime-types")).json()}
            found: dict[str, Any] = {"status": status.get("runtimes"), "gpu_type": types["gpu"]}
            for type_id in ("gpu", "cpu"):
                found[type_id] = await probe_runtime(c, type_id, auth)
            return found
    finally:
        server.kill_all()


def verdict(found: dict[str, Any]) -> list[tuple[str, bool]]:
    gpu, cpu = found["gpu"], found["cpu"]
    return [
        ("the GPU runtime type is available", bool(found["gpu_type"].get("available"))),
        ("a GPU runtime connects with a device", bool(gpu.get("accelerator"))),
        ("the GPU runtime's CUDA_VISIBLE_DEVICES names it", bool(gpu.get("CUDA_VISIBLE_DEVICES"))),
        ("torch.cuda.is_available() in the GPU runtime", gpu.get("cuda_available") is True),
        ("tf.test.gpu_device_name() names a GPU there", bool(gpu.get("tf_gpu_device_name"))),
        ("a CPU runtime's CUDA_VISIBLE_DEVICES is empty", cpu.get("CUDA_VISIBLE_DEVICES") == ""),
        # the CPU types run the standard image, without the frameworks: they may be absent
        ("no GPU for torch in the CPU runtime", cpu.get("cuda_available") is not True),
        ("no GPU for TensorFlow in the CPU runtime", not cpu.get("tf_gpu_device_name")),
    ]


def report(found: dict[str, Any]) -> str:
    lines = ["| check | holds |", "| --- | --- |"]
    lines += [f"| {name} | {'yes' if ok else '**no**'} |" for name, ok in verdict(found)]
    lines += ["", "```json", json.dumps(found, indent=2, default=str), "```"]
    return "\n".join(lines)


async def main(static_gpus: int, runtime_python: str | None, out: Path | None) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "collaboratory.toml"
        text = ""
        if runtime_python:  # as it is: a machine with no registry to build images from
            text += f"[runtimes]\npython = {json.dumps(runtime_python)}\n"
        if static_gpus:
            ids = ", ".join(f'"{i}"' for i in range(static_gpus))
            text += f"[accelerators]\ngpu = [{ids}]\n"
        config.write_text(text)
        found = await prove(Path(tmp) / "data", config)
    print(report(found))
    if out is not None:
        out.write_text(json.dumps(found, indent=2, default=str))
    return 0 if all(ok for _, ok in verdict(found)) else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--static-gpus", type=int, default=0)
    parser.add_argument("--runtime-python", help="run runtimes on this interpreter as it is")
    parser.add_argument("--out", type=Path)
    options = parser.parse_args()
    python = options.runtime_python
    python = (shutil.which(python) or python) if python else None
    raise SystemExit(asyncio.run(main(options.static_gpus, python, options.out)))
