"""What a cell can do to the host, tried from inside real sandboxed kernels.

Each test stands for a class of attack that docs/SECURITY.md walks through:
- root in the box writing the host: a pipe in kernel.core_pattern, cgroup v1's
  release_agent (CVE-2022-0492), overwriting a host binary (runc, CVE-2019-5736);
- a descriptor of the host's leaking into the box (runc "Leaky Vessels", CVE-2024-21626);
- kernel bugs reached through an unprivileged user namespace's capabilities (nf_tables,
  CVE-2023-32233; fs_context, CVE-2022-0185): no capabilities, no nested user namespace;
- reaching services on the host's loopback (the server, a database with trust auth), the
  host's own addresses, the private network or a cloud metadata service (SSRF).

Traffic goes only to listeners these tests open on this machine; a blocked address is
refused inside the runtime's namespace, so nothing is sent towards it at all.
"""

from __future__ import annotations

import ast
import contextlib
import os
import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from collaboratory.runtimes.sandbox import SandboxUnavailable
from collaboratory.runtimes.sandbox.network import BLOCKED, NetworkPolicy, host_networks
from collaboratory.runtimes.sandbox.procs import descendants

from .conftest import StartRuntime

CONNECT = """
import socket, errno
def connect(host, port):
    s = socket.socket()
    s.settimeout(3)
    try:
        s.connect((host, port))
        return 'connected'
    except OSError as e:
        return errno.errorcode.get(e.errno, str(e))
    finally:
        s.close()
"""


@contextlib.contextmanager
def listener(address: str) -> Iterator[int]:
    server = socket.socket()
    server.bind((address, 0))
    server.listen()
    try:
        yield server.getsockname()[1]
    finally:
        server.close()


def host_address() -> str:
    addresses = [n.removesuffix("/32") for n in host_networks() if n.endswith("/32")]
    if not addresses:
        pytest.skip("this machine has no address but loopback")
    return addresses[0]


async def test_a_cell_is_not_root_and_cannot_write_kernel_knobs(
    start_runtime: StartRuntime,
) -> None:
    rt = await start_runtime("knobs")
    assert await rt.value("__import__('os').getuid()") != "0"
    pid = rt.km.provisioner.pid  # type: ignore[union-attr]
    for process in [pid, *descendants(pid)]:  # as the host sees them: never root
        status = Path(f"/proc/{process}/status").read_text()
        uids = next(line for line in status.splitlines() if line.startswith("Uid:"))
        assert uids.split()[1:] != ["0"] * 4 and "0" not in uids.split()[1:], uids
    for knob in ("/proc/sys/kernel/core_pattern", "/proc/sysrq-trigger"):
        result = await rt.run(f"open({knob!r}, 'w').write('|/content/x')")
        assert result.error is not None and result.error.startswith(
            ("OSError", "PermissionError", "FileNotFoundError")
        ), (knob, result)
    writable = (
        "[os.path.join(d, f) for top in ('/proc/sys', '/proc/irq', '/proc/bus', '/proc/fs')"
        " for d, _, fs in os.walk(top) for f in fs if os.access(os.path.join(d, f), os.W_OK)]"
    )
    assert (await rt.run("import os")).error is None
    # Only knobs of the runtime's own ipc and pid namespaces may be: they reach nothing else
    own = re.compile(r"/proc/sys/(fs/mqueue/|kernel/(msg|sem|shm|auto_msgmni|ns_last_pid|pid_max))")
    assert [k for k in ast.literal_eval(await rt.value(writable)) if not own.match(k)] == []
    assert await rt.value("len(open('/proc/sys/user/max_user_namespaces').read())") != "0"
    nested = await rt.run("import os; os.unshare(os.CLONE_NEWUSER)")
    assert nested.error is not None  # no nested user namespaces: a wide kernel attack surface


async def test_no_host_descriptor_cgroupfs_or_writable_system(
    start_runtime: StartRuntime,
) -> None:
    rt = await start_runtime("fds")
    listing = (
        "import os\n"
        "def fd_targets():\n"
        "    found = set()\n"
        "    for n in os.listdir('/proc/self/fd'):\n"
        "        try: found.add(os.readlink(f'/proc/self/fd/{n}'))\n"
        "        except OSError: pass  # the listing's own descriptor, closed by now\n"
        "    return sorted(found)"
    )
    assert (await rt.run(listing)).error is None
    fds = await rt.value("fd_targets()")
    for target in ast.literal_eval(fds):
        kind = target.split(":")[0]
        inside = target.startswith(("/content", "/run/kernel", "/dev/", "/proc/", "/tmp"))
        assert kind in ("socket", "pipe", "anon_inode") or inside, target
    assert await rt.value("__import__('os').path.exists('/sys/fs/cgroup')") == "False"
    for path in ("/usr/bin/python3", "/etc/passwd"):
        assert (await rt.run(f"open({path!r}, 'a')")).error is not None, path


async def test_no_route_to_the_host_or_private_ranges(start_runtime: StartRuntime) -> None:
    address = host_address()
    with listener("127.0.0.1") as loopback_port, listener("0.0.0.0") as any_port:
        rt = await start_runtime("net")
        assert (await rt.run(CONNECT)).error is None
        assert await rt.value(f"connect('127.0.0.1', {loopback_port})") == "ECONNREFUSED"
        assert await rt.value(f"connect({address!r}, {any_port})") == "EACCES"
        # udp connect() only looks the route up: these addresses see no packet at all
        for blocked in ("10.0.0.1", "172.16.0.1", "192.168.0.1", "169.254.169.254"):
            code = (
                "s = __import__('socket').socket(2, 2)\n"
                f"try: s.connect(({blocked!r}, 53)); print('routed')\n"
                "except OSError as e: print(e.errno)"
            )
            assert (await rt.run(code)).stdout.strip() == "13", blocked  # EACCES
        routes = await rt.value("open('/proc/net/route').read().splitlines()[1:]")
        assert "00000000\\t" in routes and "tap0" in routes  # a default route, through slirp
        assert await rt.value("open('/etc/resolv.conf').read().split()") == str(
            ["nameserver", "198.18.0.3"]
        )


async def test_an_admin_may_let_a_range_through(start_runtime: StartRuntime) -> None:
    address = host_address()
    with listener("0.0.0.0") as port:
        policy = NetworkPolicy.parse(["internet", f"{address}/32"])
        rt = await start_runtime("allowed", network=policy)
        await rt.run(CONNECT)
        # the runtime's own path out: slirp4netns connects from the host, as for the internet
        assert await rt.value(f"connect({address!r}, {port})") == "connected"


async def test_network_none_has_only_loopback(start_runtime: StartRuntime) -> None:
    rt = await start_runtime("offline", network=NetworkPolicy.parse("none"))
    interfaces = await rt.value("sorted(n for _, n in __import__('socket').if_nameindex())")
    assert interfaces == "['lo']"
    if os.geteuid() == 0:
        assert await rt.value("__import__('os').getuid()") == "65534"


def test_policy_parsing_and_routes() -> None:
    assert NetworkPolicy.parse("internet") == NetworkPolicy()
    assert NetworkPolicy.parse("none").offline
    policy = NetworkPolicy.parse(["10.1.2.3/16"])
    assert policy == NetworkPolicy(internet=False, allowed=("10.1.0.0/16",))
    routes = policy.routes(["192.0.2.0/24"])
    assert routes[: len(BLOCKED)] == [f"route add prohibit {net}" for net in BLOCKED]
    assert "route add prohibit 192.0.2.0/24" in routes
    assert routes[-2:] == ["route replace 10.1.0.0/16 via 198.18.0.2 dev tap0", "route del default"]
    for bad in (["nowhere"], ["::1/128"], "everywhere"):
        with pytest.raises(ValueError, match=r"runtimes\.network"):
            NetworkPolicy.parse(bad)


async def test_no_safe_sandbox_means_no_runtime_and_says_why(
    start_runtime: StartRuntime,
) -> None:
    # No weaker mode to fall back on: an interpreter bubblewrap cannot start refuses the runtime.
    with pytest.raises(
        SandboxUnavailable, match=r'no safe sandbox here .*runtimes\.sandbox = "none"'
    ):
        await start_runtime("refused", kernel={"python": "/nonexistent/bin/python3"})
