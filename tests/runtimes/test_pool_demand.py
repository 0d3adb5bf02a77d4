"""The warm pool's sizing policy: it follows demand, within memory, and shrinks when idle."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from collaboratory.config import RuntimeSettings, Settings, load_settings
from collaboratory.runtimes.backend import LaunchRequest, RunningKernel, RuntimeBackend, Usage
from collaboratory.runtimes.pool import WarmPool
from collaboratory.runtimes.pool_demand import (
    HALF_LIFE,
    IDLE_RUNTIME_BYTES,
    DemandHistory,
    change,
    memory_room,
    peak_demand,
    target_size,
)


def test_peak_demand_counts_the_busiest_window() -> None:
    assert peak_demand([], now=100) == 0
    steady = [float(t) for t in range(0, 100, 20)]  # one connect every 20 s
    assert peak_demand(steady, now=100, window=10, half_life=1e9) == pytest.approx(1)
    burst = [65.0 + i / 100 for i in range(30)]  # 30 within a third of a second
    times = sorted(steady + burst)  # 60 and 80 are within 10 s of the burst
    assert peak_demand(times, now=100, window=10, half_life=1e9) == pytest.approx(31)


def test_a_wave_of_users_spread_over_tens_of_seconds_counts_as_one_burst() -> None:
    # a busy server takes a while to sign 30 people in: their connects spread out
    wave = [i * 1.3 for i in range(30)]
    assert peak_demand(wave, now=wave[-1]) == pytest.approx(30)


def test_peak_demand_halves_with_each_half_life() -> None:
    burst = [0.0] * 30
    assert peak_demand(burst, now=0) == pytest.approx(30)
    assert peak_demand(burst, now=HALF_LIFE) == pytest.approx(15)
    assert peak_demand(burst, now=4 * HALF_LIFE) == pytest.approx(30 / 16)
    # a smaller recent peak wins over a bigger old one once the old one has faded enough
    assert peak_demand([*burst, 4 * HALF_LIFE, 4 * HALF_LIFE + 1], now=4 * HALF_LIFE + 1) == (
        pytest.approx(2, rel=0.01)
    )


def test_target_size_is_bounded_by_floor_and_ceiling() -> None:
    assert target_size(floor=1, ceiling=32, demand=0) == 1
    assert target_size(floor=1, ceiling=32, demand=4.2) == 5
    assert target_size(floor=1, ceiling=32, demand=30 + 1e-12) == 30  # float noise, not 31
    assert target_size(floor=1, ceiling=32, demand=100) == 32
    assert target_size(floor=3, ceiling=0, demand=100) == 3  # a ceiling under the floor


def test_change_starts_the_floor_whatever_the_memory_and_more_only_within_it() -> None:
    assert change(size=0, floor=2, target=10, memory_room=0) == 2
    assert change(size=0, floor=2, target=10, memory_room=1) == 2
    assert change(size=0, floor=2, target=10, memory_room=5) == 5
    assert change(size=2, floor=2, target=10, memory_room=100) == 8
    assert change(size=1, floor=0, target=10, memory_room=0) == 0
    assert change(size=10, floor=2, target=4, memory_room=0) == -6
    assert change(size=4, floor=2, target=4, memory_room=0) == 0


def test_memory_room_keeps_a_quarter_of_the_machine_free(tmp_path: Path) -> None:
    gib = 1024 * 1024 * 1024
    meminfo = tmp_path / "meminfo"
    meminfo.write_text(f"MemTotal: {24 * gib // 1024} kB\nMemAvailable: {10 * gib // 1024} kB\n")
    assert memory_room(meminfo) == (10 - 6) * gib // IDLE_RUNTIME_BYTES
    meminfo.write_text(f"MemTotal: {24 * gib // 1024} kB\nMemAvailable: {5 * gib // 1024} kB\n")
    assert memory_room(meminfo) == 0
    assert memory_room(tmp_path / "absent") == 0  # unknown: no growth past the floor


def test_demand_history_forgets_what_no_longer_counts() -> None:
    history = DemandHistory.empty()
    history.record(0)
    history.record(10 * HALF_LIFE)
    assert list(history.times) == [10 * HALF_LIFE]


class IdleKernel(RunningKernel):
    def __init__(self, kernel_id: str, backend: CountingBackend) -> None:
        self.kernel_id, self.backend = kernel_id, backend

    def connection_info(self) -> dict[str, Any]:
        return {}

    def persisted_state(self) -> dict[str, Any]:
        return {}

    async def is_alive(self) -> bool:
        return True

    async def interrupt(self) -> None:
        pass

    async def restart(self) -> None:
        pass

    async def reset(self) -> None:
        pass

    async def shutdown(self) -> None:
        self.backend.running.discard(self.kernel_id)

    async def usage(self) -> Usage:
        return Usage(0, None, 0.0, 0, None)


class CountingBackend(RuntimeBackend):
    """Kernels that cost nothing: the pool's arithmetic without processes."""

    name = "counting"

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.running: set[str] = set()
        self.at_once = self.most_at_once = 0

    async def launch(self, request: LaunchRequest) -> RunningKernel:
        self.at_once += 1
        self.most_at_once = max(self.most_at_once, self.at_once)
        await asyncio.sleep(0.001)
        self.at_once -= 1
        self.running.add(request.kernel_id)
        return IdleKernel(request.kernel_id, self)

    async def adopt(self, request: LaunchRequest, state: dict[str, Any]) -> RunningKernel | None:
        return None


class Clock:
    now = 1000.0

    def __call__(self) -> float:
        return self.now


def settings_with(tmp_path: Path, **cpu: Any) -> RuntimeSettings:
    types = {"cpu": {"name": "CPU", **cpu}}
    return load_settings(data_dir=tmp_path, runtimes={"types": types}).runtimes


async def settled(pool: WarmPool, type_id: str, size: int) -> None:
    async with asyncio.timeout(10):
        while pool.size(type_id) != size:
            await asyncio.sleep(0.005)


async def test_the_pool_grows_with_a_burst_and_shrinks_when_idle(tmp_path: Path) -> None:
    runtimes = settings_with(tmp_path, warm_pool=1, warm_pool_max=32)
    backend, clock = CountingBackend(load_settings(data_dir=tmp_path)), Clock()
    pool = WarmPool(backend, runtimes, clock=clock, room=lambda: 1000, parallel=2)
    pool.start()
    try:
        await settled(pool, "cpu", 1)
        taken = [pool.take("cpu") for _ in range(30)]  # 30 connects at once: one is served
        assert sum(t is not None for t in taken) == 1
        await settled(pool, "cpu", 30)  # the next 30 will be
        assert backend.most_at_once == 2  # started two at a time, as many as the cores
        assert pool.size("gpu") == 0 and pool.size("tpu") == 0
        clock.now += 2 * HALF_LIFE  # quiet for 20 minutes: the peak counts a quarter
        pool._wanted.set()  # what the pool's periodic look does
        await settled(pool, "cpu", 8)
        clock.now += 10 * HALF_LIFE
        pool._wanted.set()
        await settled(pool, "cpu", 1)  # back to the floor
        assert len(backend.running) == 1 + 1  # the floor and the one connect took
    finally:
        await pool.close()
    assert len(backend.running) == 1


async def test_the_pool_grows_no_further_than_memory_allows(tmp_path: Path) -> None:
    runtimes = settings_with(tmp_path, warm_pool=2, warm_pool_max=32)
    backend = CountingBackend(load_settings(data_dir=tmp_path))
    # free memory for 5 idle runtimes, less each one running
    pool = WarmPool(backend, runtimes, clock=Clock(), room=lambda: 5 - len(backend.running))
    pool.start()
    try:
        await settled(pool, "cpu", 2)
        for _ in range(2):
            pool.take("cpu")  # taken runtimes still use memory
        for _ in range(18):
            pool.take("cpu")
        await settled(pool, "cpu", 3)  # the 2 taken and 3 more fill the memory
        await asyncio.sleep(0.05)
        assert pool.size("cpu") == 3 and pool.target("cpu") == 20
    finally:
        await pool.close()


async def test_a_zero_ceiling_keeps_the_pool_at_its_floor(tmp_path: Path) -> None:
    runtimes = settings_with(tmp_path, warm_pool=1, warm_pool_max=0)
    backend = CountingBackend(load_settings(data_dir=tmp_path))
    pool = WarmPool(backend, runtimes, clock=Clock(), room=lambda: 1000)
    pool.start()
    try:
        await settled(pool, "cpu", 1)
        for _ in range(10):
            pool.take("cpu")
        await settled(pool, "cpu", 1)
        await asyncio.sleep(0.05)
        assert pool.size("cpu") == 1 and pool.target("cpu") == 1
    finally:
        await pool.close()


async def test_the_pool_lets_the_users_it_served_start_before_it_refills(tmp_path: Path) -> None:
    runtimes = settings_with(tmp_path, warm_pool=2, warm_pool_max=2)
    backend = CountingBackend(load_settings(data_dir=tmp_path))
    pool = WarmPool(backend, runtimes, clock=Clock(), room=lambda: 1000, settle_seconds=3600)
    pool.start()
    try:
        await settled(pool, "cpu", 2)
        assert pool.take("cpu") is not None
        for _ in range(20):
            await asyncio.sleep(0)
        assert pool.size("cpu") == 1 and len(backend.running) == 2  # no start yet
    finally:
        await pool.close()  # not held up by the wait
    assert len(backend.running) == 1
