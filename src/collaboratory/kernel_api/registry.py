"""The open kernel websockets of one app, so that REST actions can reach them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

from collaboratory.kernel_api.backend import KernelProvider
from collaboratory.kernel_api.bridge import KernelBridge

GOING_AWAY = 1001
SERVICE_RESTART = 1012


class BridgeRegistry:
    def __init__(self) -> None:
        self._bridges: defaultdict[str, set[KernelBridge]] = defaultdict(set)

    @contextmanager
    def registered(self, bridge: KernelBridge) -> Iterator[None]:
        self._bridges[bridge.kernel_id].add(bridge)
        try:
            yield
        finally:
            bridges = self._bridges[bridge.kernel_id]
            bridges.discard(bridge)
            if not bridges:
                del self._bridges[bridge.kernel_id]

    async def kernel_gone(self, kernel_id: str) -> None:
        for bridge in list(self._bridges.get(kernel_id, ())):
            await bridge.close(GOING_AWAY)

    async def kernel_restarted(self, provider: KernelProvider, kernel_id: str) -> None:
        """Channels follow a restart by themselves while the kernel's ``channels_key`` stays
        (ZMQ on the same ports); otherwise the client needs a new connection."""
        fresh = provider.channel_source(kernel_id).channels_key()
        for bridge in list(self._bridges.get(kernel_id, ())):
            if bridge.connection_key != fresh:
                await bridge.close(SERVICE_RESTART)
