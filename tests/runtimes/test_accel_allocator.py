"""AcceleratorAllocator: exclusive, fair, capped."""

from __future__ import annotations

import asyncio

import pytest

from collaboratory.runtimes.accelerators import (
    AcceleratorAllocator,
    AcceleratorLimitExceeded,
    AcceleratorRequestTooLarge,
    AllocationCancelled,
    Device,
    NoAcceleratorAvailable,
)


def allocator(gpus: int = 2, max_per_user: int = 1) -> AcceleratorAllocator:
    devices = [Device("gpu", str(i), f"GPU {i}") for i in range(gpus)]
    return AcceleratorAllocator({"gpu": devices, "tpu": []}, max_per_user=max_per_user)


async def test_devices_are_exclusive_and_named_for_cuda() -> None:
    alloc = allocator()
    a = await alloc.allocate("a", "gpu", 1, wait=False, user="ann")
    b = await alloc.allocate("b", "gpu", 1, wait=False, user="bob")
    assert {a.cuda_visible_devices, b.cuda_visible_devices} == {"0", "1"}
    with pytest.raises(NoAcceleratorAvailable) as err:
        await alloc.allocate("c", "gpu", 1, wait=False, user="cy")
    assert str(err.value) == (
        "No GPU is available now: all 2 are in use. Try again later or choose to wait in the queue."
    )


async def test_waiter_gets_the_released_device_in_fifo_order() -> None:
    alloc = allocator()
    await alloc.allocate("a", "gpu", 1, wait=False, user="ann")
    await alloc.allocate("b", "gpu", 1, wait=False, user="bob")
    c = asyncio.create_task(alloc.allocate("c", "gpu", 1, wait=True, user="cy"))
    d = asyncio.create_task(alloc.allocate("d", "gpu", 1, wait=True, user="dee"))
    await asyncio.sleep(0)
    assert (alloc.position("c"), alloc.position("d"), alloc.position("a")) == (1, 2, None)
    alloc.release("b")
    assert (await c).cuda_visible_devices == "1"
    assert alloc.position("d") == 1 and not d.done()
    alloc.release("a")
    assert (await d).cuda_visible_devices == "0"


async def test_a_later_small_request_does_not_overtake_a_waiting_large_one() -> None:
    alloc = allocator(gpus=2, max_per_user=2)
    await alloc.allocate("a", "gpu", 1, wait=False, user="ann")
    big = asyncio.create_task(alloc.allocate("big", "gpu", 2, wait=True, user="bob"))
    await asyncio.sleep(0)
    with pytest.raises(NoAcceleratorAvailable, match="1 request"):
        await alloc.allocate("small", "gpu", 1, wait=False, user="cy")
    small = asyncio.create_task(alloc.allocate("small", "gpu", 1, wait=True, user="cy"))
    await asyncio.sleep(0)
    assert alloc.position("small") == 2
    alloc.release("a")
    assert len((await big).devices) == 2
    alloc.release("big")
    assert len((await small).devices) == 1


async def test_cancel_and_task_cancellation_leave_the_queue() -> None:
    alloc = allocator(gpus=1)
    await alloc.allocate("a", "gpu", 1, wait=False, user="ann")
    b = asyncio.create_task(alloc.allocate("b", "gpu", 1, wait=True, user="bob"))
    c = asyncio.create_task(alloc.allocate("c", "gpu", 1, wait=True, user="cy"))
    await asyncio.sleep(0)
    assert alloc.cancel("b") and not alloc.cancel("nobody")
    with pytest.raises(AllocationCancelled):
        await b
    assert alloc.position("c") == 1
    c.cancel()
    with pytest.raises(asyncio.CancelledError):
        await c
    assert alloc.queue_length("gpu") == 0
    alloc.release("a")
    assert len(alloc.free("gpu")) == 1


async def test_per_user_cap_counts_held_and_queued() -> None:
    alloc = allocator(gpus=2, max_per_user=1)
    await alloc.allocate("a", "gpu", 1, wait=False, user="ann")
    with pytest.raises(AcceleratorLimitExceeded, match="at most 1"):
        await alloc.allocate("a2", "gpu", 1, wait=True, user="ann")
    alloc.release("a")
    assert (await alloc.allocate("a2", "gpu", 1, wait=False, user="ann")).devices


async def test_impossible_requests_fail_at_once() -> None:
    alloc = allocator(gpus=2, max_per_user=5)
    with pytest.raises(AcceleratorRequestTooLarge, match="has 2 GPU"):
        await alloc.allocate("a", "gpu", 3, wait=True, user="ann")
    with pytest.raises(AcceleratorRequestTooLarge, match="has 0 TPU"):
        await alloc.allocate("a", "tpu", 1, wait=True, user="ann")
    await alloc.allocate("a", "gpu", 1, wait=False, user="ann")
    with pytest.raises(ValueError):
        await alloc.allocate("a", "gpu", 1, wait=False, user="ann")
    alloc.release("a")
    alloc.release("a")  # a second release is harmless


async def test_allocation_lists_each_device_node_once() -> None:
    nodes = ("/dev/nvidiactl", "/dev/nvidia-uvm")
    devices = [Device("gpu", str(i), "g", None, (f"/dev/nvidia{i}", *nodes)) for i in range(2)]
    alloc = AcceleratorAllocator({"gpu": devices}, max_per_user=2)
    got = await alloc.allocate("a", "gpu", 2, wait=False, user="ann")
    assert got.cuda_visible_devices == "0,1"
    assert got.device_nodes == ("/dev/nvidia0", *nodes, "/dev/nvidia1")
