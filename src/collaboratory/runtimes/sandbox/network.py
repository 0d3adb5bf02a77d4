"""A runtime's network: a namespace of its own, out to the internet through slirp4netns,
never to the host or the networks around it.

The launcher makes the namespace (``unshare``), waits for slirp4netns (started beside it
by the server) to bring its interface up, adds ``prohibit`` routes for the host's own
networks and the private, shared, link-local and reserved ranges, and only then runs
bubblewrap, whose kernel holds no capability to change them. Whatever the kernel sends to
a blocked address fails at once with EACCES inside the namespace: nothing leaves it.
"""

from __future__ import annotations

import functools
import ipaddress
import json
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

SUBNET = "198.18.0.0/24"  # RFC 2544's benchmarking range: no real host lives there
GATEWAY = "198.18.0.2"
DNS = "198.18.0.3"
INTERFACE = "tap0"
BLOCKED = (
    "0.0.0.0/8",
    "10.0.0.0/8",
    "100.64.0.0/10",
    "169.254.0.0/16",  # link-local: cloud metadata services
    "172.16.0.0/12",
    "192.0.0.0/24",
    "192.168.0.0/16",
    "198.18.0.0/15",  # SUBNET itself stays reachable: its connected route is more specific
    "224.0.0.0/4",
    "240.0.0.0/4",
)
_WAIT_TICKS = 1000  # of 5 ms: how long the launcher waits for the interface
_TOOL_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def _tool(name: str) -> str:
    return shutil.which(name, path=_TOOL_PATH) or name


class NetworkSettingError(ValueError):
    """``runtimes.network`` holds something that is neither a keyword nor an IPv4 range."""


@dataclass(frozen=True)
class NetworkPolicy:
    """What a runtime may reach: the internet, and ranges an admin allowed explicitly."""

    internet: bool = True
    allowed: tuple[str, ...] = ()

    @classmethod
    def parse(cls, setting: str | Sequence[str]) -> NetworkPolicy:
        """``"internet"``, ``"none"``, or a list of ``"internet"`` and IPv4 ranges."""
        items = [setting] if isinstance(setting, str) else list(setting)
        if items == ["none"]:
            return cls(internet=False)
        allowed = [i for i in items if i != "internet"]
        return cls(internet="internet" in items, allowed=tuple(_ranges(allowed)))

    @property
    def offline(self) -> bool:
        return not self.internet and not self.allowed

    def describe(self) -> str:
        if self.offline:
            return "none (loopback only)"
        reach = ["the internet"] if self.internet else []
        reach += list(self.allowed)
        return f"{', '.join(reach)} through slirp4netns; host and private ranges blocked"

    def to_config(self) -> dict[str, Any]:
        return {"internet": self.internet, "allowed": list(self.allowed)}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> NetworkPolicy:
        return cls(bool(config["internet"]), tuple(config["allowed"]))

    def launcher(self, bwrap_command: list[str]) -> list[str]:
        """``bwrap_command`` run in a new user and network namespace set up as above."""
        ip = _tool("ip")
        script = f"""i=0
until {ip} -4 route show default | grep -q .; do
  i=$((i+1)); [ $i -gt {_WAIT_TICKS} ] && {{ echo "runtime network did not come up" >&2; exit 1; }}
  sleep 0.005
done
{ip} -4 -batch - <<'ROUTES' || exit 1
{chr(10).join(self.routes(host_networks()))}
ROUTES
exec "$@"
"""
        unshare = _tool("unshare")
        namespaces = [unshare, "--user", "--map-root-user", "--net", "--"]
        return [*namespaces, "/bin/sh", "-c", script, "sh", *bwrap_command]

    def routes(self, host: Iterable[str]) -> list[str]:
        """``ip -batch`` lines: block, then let through what the admin allowed."""
        lines = [f"route add prohibit {net}" for net in dict.fromkeys([*BLOCKED, *host])]
        lines += [f"route replace {net} via {GATEWAY} dev {INTERFACE}" for net in self.allowed]
        if not self.internet:
            lines.append("route del default")
        return lines


def resolv_conf() -> str:
    return f"nameserver {DNS}\n"


def slirp_command(pid: int, exit_fd: int) -> list[str]:
    """slirp4netns for the namespace of ``pid``; it ends when ``exit_fd`` closes."""
    return [
        _tool("slirp4netns"),
        "--configure",
        "--mtu=65520",
        "--disable-host-loopback",
        f"--cidr={SUBNET}",
        "--enable-sandbox",
        "--enable-seccomp",
        f"--exit-fd={exit_fd}",
        f"--userns-path=/proc/{pid}/ns/user",
        str(pid),
        INTERFACE,
    ]


def network_problem() -> str | None:
    """What is missing for runtimes to reach the internet; None when nothing is."""
    tools = ("slirp4netns", "unshare", "ip")
    missing = [tool for tool in tools if shutil.which(tool, path=_TOOL_PATH) is None]
    if missing:
        return (
            f"{', '.join(missing)} not found: install Debian's slirp4netns, util-linux and "
            'iproute2, or set runtimes.network = "none"'
        )
    return None


@functools.cache
def host_networks() -> tuple[str, ...]:
    """The host's own IPv4 addresses and the networks they are on (loopback aside)."""
    command = [_tool("ip"), "-j", "-4", "addr"]
    done = subprocess.run(command, capture_output=True, check=True, timeout=10)
    found: list[str] = []
    for link in json.loads(done.stdout or b"[]"):
        for addr in link.get("addr_info", []):
            local = ipaddress.ip_interface(f"{addr['local']}/{addr['prefixlen']}")
            if not local.is_loopback:
                found += [str(local.network), f"{local.ip}/32"]
    return tuple(found)


def _ranges(items: Iterable[str]) -> list[str]:
    ranges: list[str] = []
    for item in items:
        try:
            network = ipaddress.ip_network(item, strict=False)
        except ValueError as exc:
            raise NetworkSettingError(
                f'runtimes.network: {item!r} is not "internet", "none" or an IPv4 range '
                '(e.g. "10.1.0.0/16")'
            ) from exc
        if network.version != 4:
            raise NetworkSettingError(f"runtimes.network: {item!r}: only IPv4 ranges are routed")
        ranges.append(str(network))
    return ranges
