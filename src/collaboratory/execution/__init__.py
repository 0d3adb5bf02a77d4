"""Runs a document's cells on its runtime and writes their outputs into the document."""

from collaboratory.execution.kernel_session import InputRequest, KernelSession, StdinHandler
from collaboratory.execution.outputs import DEFAULT_CAP, OutputWriter
from collaboratory.execution.queue import Outcome
from collaboratory.execution.service import Batch, ExecutionService, GetRuntime
from collaboratory.execution.spill import FileSpillStore, OutputSpill, SpillStore
from collaboratory.execution.stdin import StdinBroker

__all__ = [
    "DEFAULT_CAP",
    "Batch",
    "ExecutionService",
    "FileSpillStore",
    "GetRuntime",
    "InputRequest",
    "KernelSession",
    "Outcome",
    "OutputSpill",
    "OutputWriter",
    "SpillStore",
    "StdinBroker",
    "StdinHandler",
]
