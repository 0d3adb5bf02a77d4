"""The lean kernel start (collaboratory.runtimes.kernel_start), in real sandboxed kernels."""

from __future__ import annotations

import asyncio
import importlib
import queue
import sys
import textwrap
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from dateutil.parser import isoparse as dateutil_isoparse  # type: ignore[import-untyped]

from collaboratory.runtimes import kernel_start
from collaboratory.runtimes.kernel_start import dates
from collaboratory.runtimes.kernel_start.deferred import defer_module, from_module
from collaboratory.runtimes.sandbox import sandbox_kernel_spec

from .conftest import Runtime

# What JupyterLab sends first when the debugger is switched on.
INITIALIZE = {
    "type": "request",
    "seq": 1,
    "command": "initialize",
    "arguments": {
        "clientID": "jupyterlab",
        "clientName": "JupyterLab",
        "adapterID": "python",
        "pathFormat": "path",
        "linesStartAt1": True,
        "columnsStartAt1": True,
        "supportsVariableType": True,
        "supportsVariablePaging": True,
        "supportsRunInTerminalRequest": True,
        "locale": "en-us",
    },
}


async def debug_request(runtime: Runtime, content: dict[str, Any]) -> dict[str, Any]:
    msg = runtime.kc.session.msg("debug_request", content)
    runtime.kc.control_channel.send(msg)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 30
    while loop.time() < deadline:
        try:
            reply = await runtime.kc.get_control_msg(timeout=1)
        except queue.Empty:
            continue
        if reply["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
            return dict(reply["content"])
    raise TimeoutError(f"no debug_reply to {content['command']}")


async def test_the_lean_kernel_runs_code_without_its_heavy_imports(lean_runtime: Runtime) -> None:
    rt = lean_runtime
    assert (await rt.run("print(6 * 7)")).stdout == "42\n"
    assert await rt.loaded("debugpy", "jupyter_client.manager", "dateutil", "curses") == []
    # Deferred modules work when used, from a cell, and so does what reads message dates.
    code = "import html, ctypes; print(html.escape('<b>'), ctypes.c_int(3).value)"
    assert (await rt.run(code)).stdout == "&lt;b&gt; 3\n"
    assert await rt.value("type(get_ipython().kernel.get_parent()['header']['date']).__name__") == (
        "datetime"
    )


async def test_jupyter_client_imports_in_full_on_first_use(lean_runtime: Runtime) -> None:
    rt = lean_runtime
    code = "import jupyter_client; print(jupyter_client.KernelManager.__name__)"
    assert (await rt.run(code)).stdout == "KernelManager\n"
    assert await rt.value("('run_kernel' in dir(jupyter_client), jupyter_client.__version__)") == (
        f"(True, '{__import__('jupyter_client').__version__}')"
    )
    assert await rt.loaded("jupyter_client.manager") == ["jupyter_client.manager"]


async def test_the_debugger_is_offered_and_loads_on_the_first_debug_request(
    lean_runtime: Runtime,
) -> None:
    rt = lean_runtime
    info = await rt.kc.kernel_info(reply=True, timeout=10)
    assert "debugger" in info["content"]["supported_features"]
    assert await rt.loaded("debugpy") == []
    reply = await debug_request(rt, {"type": "request", "seq": 1, "command": "debugInfo"})
    assert reply["success"] is True and reply["body"]["isStarted"] is False
    reply = await debug_request(rt, INITIALIZE)
    assert reply["success"] is True and reply["command"] == "initialize", reply
    assert await rt.loaded("debugpy") == ["debugpy"]
    reply = await debug_request(rt, {"type": "request", "seq": 2, "command": "debugInfo"})
    assert reply["success"] is True and reply["body"]["isStarted"] is True
    assert (await rt.run("print('still', 'running')")).stdout == "still running\n"


def test_kernel_specs_start_the_module_asked_for() -> None:
    argv = sandbox_kernel_spec(python="/env/bin/python", module=kernel_start.MODULE_NAME).argv
    assert argv == ["/env/bin/python", "-m", "collaboratory_kernel", "-f", "{connection_file}"]
    assert sandbox_kernel_spec(python="/py").argv[:3] == ["/py", "-m", "ipykernel_launcher"]


@pytest.fixture
def package(tmp_path: Path) -> Iterator[str]:
    """A throwaway package ``lk_probe`` whose body counts its runs, with a submodule."""
    root = tmp_path / "lk_probe"
    root.mkdir()
    body = """
        import builtins
        builtins.lk_probe_runs = getattr(builtins, "lk_probe_runs", 0) + 1
        VALUE = 7
        from .part import PART
    """
    (root / "__init__.py").write_text(textwrap.dedent(body))
    (root / "part.py").write_text("PART = 'part'\n")
    (root / "leaf.py").write_text("LEAF = 'leaf'\n")
    sys.path.insert(0, str(tmp_path))
    yield "lk_probe"
    sys.path.remove(str(tmp_path))
    for name in [m for m in sys.modules if m.split(".")[0] == "lk_probe"]:
        del sys.modules[name]
    import builtins

    vars(builtins).pop("lk_probe_runs", None)


def runs() -> int:
    import builtins

    return int(getattr(builtins, "lk_probe_runs", 0))


def test_a_deferred_package_runs_its_body_on_first_unknown_name(package: str) -> None:
    defer_module(package, {"EARLY": from_module("lk_probe.part", "PART")})
    defer_module("lk_probe.leaf", {})
    lk_probe = importlib.import_module(package)
    importlib.import_module("lk_probe.part")
    leaf = importlib.import_module("lk_probe.leaf")
    assert lk_probe.EARLY == "part" and runs() == 0  # answered early; submodules import
    assert not hasattr(leaf, "__path__") and leaf.LEAF == "leaf" and runs() == 0
    assert lk_probe.VALUE == 7 and runs() == 1
    assert lk_probe.PART == "part" and lk_probe.VALUE == 7 and runs() == 1
    assert type(lk_probe).__name__ == "module"


def test_a_submodule_deferred_before_its_package_is_bound_to_it(package: str) -> None:
    defer_module("lk_probe.leaf", {})
    lk_probe = sys.modules[package]  # imported, to bind the submodule
    assert runs() == 1 and type(lk_probe.leaf).__name__ == "DeferredModule"
    assert importlib.import_module("lk_probe.leaf") is lk_probe.leaf
    assert lk_probe.leaf.LEAF == "leaf" and type(lk_probe.leaf).__name__ == "module"


def test_dir_of_a_deferred_module_runs_its_body(package: str) -> None:
    defer_module(package, {})
    lk_probe = importlib.import_module(package)
    assert "VALUE" in dir(lk_probe) and runs() == 1


@pytest.mark.parametrize(
    "text",
    [
        "2024-05-06T07:08:09Z",
        "2024-05-06T07:08:09.123456Z",
        "2024-05-06T07:08:09.1+02:00",
        "2024-05-06T07:08:09.123-0530",
        "2024-05-06T07:08:09+00:00",
        "2024-05-06T24:00:00Z",  # the standard library refuses it: dateutil reads it
    ],
)
def test_message_dates_read_as_dateutil_reads_them(text: str) -> None:
    mine, theirs = dates.isoparse(text), dateutil_isoparse(text)
    assert isinstance(mine, datetime) and mine == theirs
    assert mine.utcoffset() == theirs.utcoffset()
