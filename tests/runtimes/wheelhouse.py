"""A wheelhouse on a local HTTP server (``find_links``) whose wheel is handed out only when the
test says so: an image build that needs it stops half-way, for the test to look at."""

from __future__ import annotations

import hashlib
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.runtimes.wheels import tiny_wheel, wheel_filename


@dataclass
class GatedWheelhouse:
    url: str
    name: str
    version: str
    requested: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)


@contextmanager
def gated_wheelhouse(name: str = "slowpkg", value: int = 42) -> Iterator[GatedWheelhouse]:
    """Serves an index page naming one wheel, of a version never seen before (so no cache has
    it); a request for the wheel waits until ``release`` is set, ``requested`` says one came."""
    version = f"1.0.{uuid.uuid4().int % 10**9}"
    data = tiny_wheel(name, value, version)
    file_name = wheel_filename(name, version)
    digest = hashlib.sha256(data).hexdigest()
    page = f'<html><body><a href="{file_name}#sha256={digest}">{file_name}</a></body></html>'
    house: GatedWheelhouse | None = None

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self._answer(body=True)

        def do_HEAD(self) -> None:
            self._answer(body=False)

        def _answer(self, *, body: bool) -> None:
            assert house is not None
            if self.path.split("?")[0].endswith(".whl"):
                house.requested.set()
                house.release.wait(300)
                payload, kind = data, "application/octet-stream"
            else:
                payload, kind = page.encode(), "text/html"
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if body:
                self.wfile.write(payload)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    house = GatedWheelhouse(f"http://127.0.0.1:{server.server_address[1]}/", name, version)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield house
    finally:
        house.release.set()
        server.shutdown()
        server.server_close()
