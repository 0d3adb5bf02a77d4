"""Real kernels started through AsyncKernelManager and the sandbox provisioner."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

from collaboratory.config.settings import AcceleratorInventory
from collaboratory.runtimes.accelerators import AcceleratorAllocator, discover_accelerators
from collaboratory.runtimes.sandbox import Limits
from collaboratory.runtimes.sandbox.procs import descendants

from .conftest import StartRuntime

MiB = 1024 * 1024


async def test_cell_runs_confined_as_a_cpu_runtime(start_runtime: StartRuntime) -> None:
    rt = await start_runtime("cpu")
    assert (await rt.run("print(6 * 7)")).stdout == "42\n"
    assert await rt.value("repr(__import__('os').environ['CUDA_VISIBLE_DEVICES'])") == "''"
    assert await rt.value("__import__('glob').glob('/dev/nvidia*')") == "[]"
    assert await rt.value("__import__('os').getcwd(), __import__('os').environ['HOME']") == (
        "/content /content"
    )
    status = "dict(l.split(':\\t') for l in open('/proc/self/status').read().splitlines())"
    assert await rt.value(f"{status}['NoNewPrivs']") == "1"
    assert await rt.value(f"{status}['CapEff']") == "0000000000000000"
    pid1 = await rt.value("open('/proc/1/cmdline').read().split(chr(0))[0]")
    host_pid1 = Path("/proc/1/cmdline").read_text().split("\0")[0]
    assert pid1 != host_pid1 and pid1.endswith("bwrap")
    assert await rt.value("__import__('socket').gethostname()") == "runtime"


async def test_no_view_of_server_data_or_other_runtimes(
    start_runtime: StartRuntime, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "collaboratory.db").write_text("secret")
    a, b = await asyncio.gather(start_runtime("a"), start_runtime("b"))
    assert (await b.run("open('/content/mine.txt', 'w').write('b only')")).error is None
    other = b.spec.content_dir / "mine.txt"
    assert other.read_text() == "b only"
    for path in (data / "collaboratory.db", other, "/content/mine.txt"):
        result = await a.run(f"open({str(path)!r}).read()")
        assert result.error is not None and result.error.startswith("FileNotFoundError"), path
    assert await a.value(f"__import__('os').path.exists({str(tmp_path)!r})") == "False"


async def test_hidden_path_inside_a_visible_tree(
    start_runtime: StartRuntime, tmp_path: Path
) -> None:
    tree = tmp_path / "srv"
    (tree / "data").mkdir(parents=True)
    (tree / "data" / "secret").write_text("secret")
    (tree / "public").mkdir()
    (tree / "public" / "readme").write_text("hello")
    rt = await start_runtime("r", ro_binds=(str(tree),), hide=(str(tree / "data"),))
    assert await rt.value(f"open({str(tree / 'public' / 'readme')!r}).read()") == "hello"
    result = await rt.run(f"open({str(tree / 'data' / 'secret')!r}).read()")
    assert result.error is not None and result.error.startswith("FileNotFoundError")
    result = await rt.run(f"open({str(tree / 'public' / 'x')!r}, 'w')")
    assert result.error is not None and "Read-only file system" in result.error


async def test_gpu_runtimes_get_distinct_devices(
    start_runtime: StartRuntime, tmp_path: Path
) -> None:
    dev = tmp_path / "dev"
    dev.mkdir()
    for node in ("nvidia0", "nvidia1", "nvidiactl"):
        (dev / node).write_text("")
    devices = discover_accelerators(AcceleratorInventory(gpu=["0", "1"]), dev_root=dev)
    allocator = AcceleratorAllocator(devices, max_per_user=1)
    first = await allocator.allocate("rt-a", "gpu", 1, wait=False, user="ann")
    second = await allocator.allocate("rt-b", "gpu", 1, wait=False, user="bob")
    a, b = await asyncio.gather(
        *(
            start_runtime(
                name,
                device_nodes=alloc.device_nodes,
                cuda_visible_devices=alloc.cuda_visible_devices,
            )
            for name, alloc in (("a", first), ("b", second))
        )
    )
    seen_a = await a.value(
        "__import__('os').environ['CUDA_VISIBLE_DEVICES'], sorted(__import__('os').listdir('/dev'))"
    )
    seen_b = await b.value(
        "__import__('os').environ['CUDA_VISIBLE_DEVICES'], sorted(__import__('os').listdir('/dev'))"
    )
    assert seen_a.startswith("0 ") and "'nvidia0'" in seen_a and "'nvidia1'" not in seen_a
    assert seen_b.startswith("1 ") and "'nvidia1'" in seen_b and "'nvidia0'" not in seen_b
    assert "'nvidiactl'" in seen_a and "'nvidiactl'" in seen_b

    third = asyncio.create_task(allocator.allocate("rt-c", "gpu", 1, wait=True, user="cy"))
    await asyncio.sleep(0)
    assert allocator.position("rt-c") == 1
    allocator.release("rt-a")
    assert (await third).cuda_visible_devices == "0"


async def test_process_bomb_hits_the_pids_limit(start_runtime: StartRuntime) -> None:
    bomb, neighbour = await asyncio.gather(
        start_runtime("bomb", limits=Limits(pids=64)), start_runtime("neighbour")
    )
    code = """
import subprocess
procs, failure = [], None
for _ in range(2000):
    try:
        procs.append(subprocess.Popen(["sleep", "30"]))
    except OSError as exc:
        failure = type(exc).__name__
        break
for p in procs:
    p.kill()
    p.wait()
print(len(procs), failure)
"""
    started, failure = (await bomb.run(code)).stdout.split()
    assert int(started) < 64 and failure == "BlockingIOError"
    assert (await neighbour.run("print('still here')")).stdout == "still here\n"
    assert (await bomb.run("print('recovered')")).stdout == "recovered\n"


HOG = "hog = b'x' * (600 * 1024 * 1024)\nprint('allocated')"


async def test_memory_hog_only_harms_its_own_kernel(start_runtime: StartRuntime) -> None:
    hog, neighbour = await asyncio.gather(
        start_runtime("hog", limits=Limits(memory_bytes=256 * MiB)), start_runtime("neighbour")
    )
    result = await hog.run(HOG)
    assert result.died or (result.error or "").startswith("MemoryError"), result
    assert "allocated" not in result.stdout
    assert (await neighbour.run("print('still here')")).stdout == "still here\n"


async def test_rlimit_fallback_stops_a_memory_hog(start_runtime: StartRuntime) -> None:
    rt = await start_runtime("hog", limits=Limits(memory_bytes=1024 * MiB), limiter="rlimit")
    result = await rt.run(HOG.replace("600", "1500"))
    assert result.error is not None and result.error.startswith("MemoryError"), result
    assert (await rt.run("print('alive')")).stdout == "alive\n"


async def test_interrupt_reaches_the_kernel_not_the_sandbox(start_runtime: StartRuntime) -> None:
    rt = await start_runtime("int")
    cell = asyncio.create_task(rt.run("import time; time.sleep(30)"))
    assert rt.km.provisioner is not None
    for _ in range(50):  # SIGINT only counts once the cell runs; until then the kernel ignores it
        await asyncio.sleep(0.2)
        if cell.done():
            break
        await rt.km.provisioner.send_signal(signal.SIGINT)
    result = await asyncio.wait_for(cell, 10)
    assert (result.error or "").startswith("KeyboardInterrupt")
    assert (await rt.run("print('alive')")).stdout == "alive\n"


async def test_unsandboxed_mode_still_runs_in_the_content_dir(start_runtime: StartRuntime) -> None:
    rt = await start_runtime("plain", sandbox="none")
    assert await rt.value("__import__('os').getcwd()") == str(rt.spec.content_dir)
    assert await rt.value("repr(__import__('os').environ['CUDA_VISIBLE_DEVICES'])") == "''"


async def test_forced_kill_leaves_no_process_without_cgroups(start_runtime: StartRuntime) -> None:
    rt = await start_runtime("kill", limiter="rlimit")  # nothing to sweep a cgroup with
    await rt.run("import subprocess; child = subprocess.Popen(['sleep', '600'])")
    provisioner = rt.km.provisioner
    assert provisioner is not None and provisioner.pid is not None
    tree = descendants(provisioner.pid)
    assert len(tree) >= 3  # bubblewrap's inner process, the kernel, its sleep
    await rt.km.shutdown_kernel(now=True)
    await asyncio.sleep(0.2)
    assert [pid for pid in tree if running(pid)] == []


def running(pid: int) -> bool:
    """Alive and not a zombie waiting for init to reap it."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
