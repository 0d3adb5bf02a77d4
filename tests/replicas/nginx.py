"""nginx from Debian as the replicas' load balancer: round robin, websockets passed through."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.servers import free_port

# Which replica answered, for tests to know where an editor landed; nothing relies on it.
REPLICA_HEADER = "X-Upstream"

CONFIG = """
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
    upstream collaboratory {{
{servers}
    }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 0;
        location / {{
            proxy_pass http://collaboratory;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $host;
            proxy_read_timeout 1d;
            proxy_next_upstream error timeout;
            proxy_connect_timeout 2s;
            add_header {header} $upstream_addr always;
        }}
    }}
}}
"""


@contextmanager
def load_balancer(upstreams: list[str]) -> Iterator[str]:
    """nginx in front of ``upstreams`` (``host:port``); yields its base URL."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        raise RuntimeError("nginx is not installed; `make install` installs it.")
    prefix = Path(tempfile.mkdtemp(prefix="collaboratory-nginx-"))
    port = free_port()
    servers = "\n".join(f"        server {u} max_fails=1 fail_timeout=2s;" for u in upstreams)
    config = prefix / "nginx.conf"
    config.write_text(
        CONFIG.format(prefix=prefix, servers=servers, port=port, header=REPLICA_HEADER)
    )
    argv = [nginx, "-p", str(prefix), "-c", str(config), "-g", "daemon off;"]
    with (prefix / "stderr.log").open("wb") as log:
        proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(f"{url}/api/status", timeout=1)
                break
            except httpx.HTTPError:
                assert proc.poll() is None, (prefix / "stderr.log").read_text()
                time.sleep(0.05)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(prefix, ignore_errors=True)
