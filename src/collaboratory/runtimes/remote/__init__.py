"""Connected machines: a user's own computer as a runtime, dialled in by ``collaboratory connect``.

``protocol`` (the websocket protocol and its reliable delivery) and ``laptop`` (the command's side)
import no server package, so that ``pip install collaboratory`` on a laptop pulls in nothing the
command does not use at run time; the rest is the server's side.
"""
