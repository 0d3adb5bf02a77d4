"""ASGI app assembly, routes, auth middleware and the static front end."""

from collaboratory.server.app import create_app

__all__ = ["create_app"]
