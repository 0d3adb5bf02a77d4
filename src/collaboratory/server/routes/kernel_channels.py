"""``WS /api/kernels/{kernel_id}/channels``: the Jupyter kernel websocket."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, WebSocket

from collaboratory.errors import ServiceError
from collaboratory.kernel_api.auth import deny, websocket_principal
from collaboratory.kernel_api.bridge import KernelBridge
from collaboratory.kernel_api.framing import V1_PROTOCOL
from collaboratory.runtimes.channels import ChannelsUnavailable
from collaboratory.runtimes.errors import RuntimeNotReady
from collaboratory.server.auth import services
from collaboratory.server.services import Services

router = APIRouter(tags=["jupyter"])


@router.websocket("/kernels/{kernel_id}/channels")
async def channels(
    websocket: WebSocket, kernel_id: str, svc: Annotated[Services, Depends(services)]
) -> None:
    """v1 binary framing when the client offers it, else Jupyter's legacy JSON framing."""
    protocol = V1_PROTOCOL if V1_PROTOCOL in websocket.scope.get("subprotocols", ()) else None
    provider = svc.kernels
    try:
        principal = await websocket_principal(websocket)
        await provider.get_kernel(principal.user_id, kernel_id)
        bridge = KernelBridge(websocket, provider, kernel_id, protocol)
        await bridge.open()
    except ServiceError as exc:
        await deny(websocket, exc)
        return
    except ChannelsUnavailable as exc:
        await deny(websocket, RuntimeNotReady(str(exc)))
        return
    await websocket.accept(subprotocol=protocol)
    with svc.kernel_bridges.registered(bridge):
        await bridge.serve()
