"""A runaway print cannot fill the document or the server's memory: the rest goes to a file."""

from __future__ import annotations

import asyncio
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager

from collaboratory.execution import DEFAULT_CAP, ExecutionService, FileSpillStore, OutputWriter
from collaboratory.execution.displays import DisplayRegistry
from collaboratory.execution.outputs import MARKER_KEY
from tests.execution.conftest import NOTEBOOK, notebook, outputs, rss_bytes, runtime_of, status

MiB = 1024 * 1024


async def test_twenty_megabytes_are_capped_in_the_document_and_spilled_whole(
    service: ExecutionService, kernel: AsyncKernelManager
) -> None:
    line = "x" * 999 + "\n"
    ynb = notebook("for i in range(20000):\n    print('x' * 999)")
    peak = before = rss_bytes()

    async def sample() -> None:
        nonlocal peak
        while True:
            peak = max(peak, rss_bytes())
            await asyncio.sleep(0.005)

    sampler = asyncio.create_task(sample())
    try:
        batch = await service.execute(NOTEBOOK, ynb, "all", "alice", runtime_of(kernel))
        async with asyncio.timeout(60):
            assert await batch.wait() == {"c0": "done"}
    finally:
        sampler.cancel()
    assert peak - before < 150 * MiB, f"RSS grew {(peak - before) / MiB:.0f} MiB"
    stream, marker = outputs(ynb, "c0")
    assert len(stream["text"]) == DEFAULT_CAP and line.startswith(stream["text"][:1000])
    url = f"/api/notebooks/{NOTEBOOK}/outputs/c0"
    assert marker["metadata"] == {MARKER_KEY: url}
    hidden = 20000 * len(line) - DEFAULT_CAP
    assert marker["data"]["text/plain"].startswith(f"… output truncated: {hidden} more characters")
    assert url in marker["data"]["text/plain"] and status(ynb, "c0") == "done"
    spilled = service.spill_path(NOTEBOOK, "c0")
    assert spilled.stat().st_size == 20000 * len(line)
    assert spilled.read_text() == line * 20000


async def test_cap_counts_rich_outputs_keeps_errors_and_resets_on_clear(tmp_path: Path) -> None:
    ynb = notebook("")
    spills = FileSpillStore(tmp_path)
    writer = OutputWriter(ynb, "nb", "c0", displays=DisplayRegistry(), spills=spills, cap=100)
    writer.start()
    writer.handle("stream", {"name": "stdout", "text": "a" * 60})
    writer.handle("display_data", {"data": {"text/plain": "b" * 50}, "metadata": {}})
    writer.handle("stream", {"name": "stdout", "text": "c" * 10})
    writer.handle("error", {"ename": "E", "evalue": "v", "traceback": ["E: v"]})
    writer.flush()
    kinds = [o["output_type"] for o in outputs(ynb, "c0")]
    assert kinds == ["stream", "display_data", "error"]
    assert MARKER_KEY in outputs(ynb, "c0")[1]["metadata"]
    assert "60 more characters" in outputs(ynb, "c0")[1]["data"]["text/plain"]
    writer.handle("clear_output", {"wait": False})
    writer.handle("stream", {"name": "stdout", "text": "d" * 10})
    writer.close()
    assert outputs(ynb, "c0") == [{"output_type": "stream", "name": "stdout", "text": "d" * 10}]
    path = spills.path("nb", "c0")
    assert path is not None
    assert path.read_text() == "a" * 60 + "b" * 50 + "\n" + "c" * 10 + "E: v\n" + "d" * 10


async def test_a_huge_error_is_clipped_but_kept(tmp_path: Path) -> None:
    ynb = notebook("")
    writer = OutputWriter(ynb, "nb", "c0", displays=DisplayRegistry(), cap=1000)
    writer.start()
    traceback = [f"frame {i} " + "x" * 300 for i in range(100)] + ["ValueError: boom"]
    writer.handle("error", {"ename": "ValueError", "evalue": "v" * 10**6, "traceback": traceback})
    writer.close()
    (error,) = outputs(ynb, "c0")
    assert error["ename"] == "ValueError" and len(error["evalue"]) <= 1001
    assert error["traceback"][-1] == "ValueError: boom"
    assert sum(map(len, error["traceback"])) <= 1001
